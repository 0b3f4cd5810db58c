/* report_prior.c — conditional power against the drawn HR with the prior's
 * density underneath, and the page's assurance section (see
 * report_prior.h). Intervals: Wilson 95% (resfmt.h), as power.csv's. */
#include "report_prior.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "errs.h"
#include "resfmt.h"

/* prior_power.csv's columns (results/README.md); scenario and n are optional
 * (without scenario every row is the headline scenario's). */
enum { P_KEY, P_BIN, P_LO, P_HI, P_REPS, P_REJ, P_POW, PNCOL };
static const char *const pcol[PNCOL] = {"key",        "bin",        "value_low", "value_high",
                                        "replicates", "rejections", "power"};

#define PRIOR_FILE "prior_power.csv"
#define BINS_MAX 1000

typedef struct pbin {
    double lo, hi;   /* smallest and largest draw */
    uint64_t n, k;   /* replicates, rejections */
} pbin;

/* ---------- small helpers ---------- */

static int is_na(const char *s)
{
    return !*s || !strcmp(s, "NA");
}

/* 1 and *v if s is a whole number >= 0 written in digits (at most 18). */
static int count_of(const char *s, uint64_t *v)
{
    size_t n = strspn(s, "0123456789");
    if (n == 0 || n > 18 || s[n])
        return 0;
    *v = strtoull(s, NULL, 10);
    return 1;
}

/* 1 and *v if s is a finite number (whole field). */
static int num_of(const char *s, double *v)
{
    char *end;
    if (is_na(s))
        return 0;
    double x = strtod(s, &end);
    if (end == s || *end || !isfinite(x))
        return 0;
    *v = x;
    return 1;
}

/* A note that the plot is left out, because of why. */
static void skip(hs_sbuf *notes, const char *why)
{
    hs_sbuf_printf(notes, "<li>");
    hs_report_data_html_esc(notes, why);
    hs_sbuf_printf(notes, "; the plot of conditional power against the drawn values is left "
                          "out.</li>\n");
}

json_t *hs_report_prior_scenario(const hs_report_data *D)
{
    json_t *arr = D->summary ? json_object_get(D->summary, "scenarios") : NULL;
    char id[32];
    for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        snprintf(id, sizeof id, "%.0f", hs_report_data_jnum(o, "scenario"));
        if (!strcmp(id, D->scen))
            return json_is_true(json_object_get(o, "assurance")) ? o : NULL;
    }
    return NULL;
}

/* ---------- reading and checking prior_power.csv ---------- */

/* Check row r of t (columns col[]); on a fault, why names it. */
static int row_ok(const hs_csvtab *t, size_t r, const int col[PNCOL], char *why, size_t cap)
{
    long line = hs_csvtab_line(t, r);
    const char *cell[PNCOL];
    for (int c = 0; c < PNCOL; c++)
        cell[c] = hs_csvtab_cell(t, r, col[c]);
    uint64_t bin, n, k;
    double lo = NAN, hi = NAN, p = NAN;
    const char *bad = NULL, *want = NULL;
    int c = -1;
    if (!*cell[P_KEY]) {
        c = P_KEY;
        want = "the name of a drawn quantity";
    } else if (!count_of(cell[P_BIN], &bin) || bin < 1) {
        c = P_BIN;
        want = "a whole number >= 1";
    } else if (!count_of(cell[P_REPS], &n)) {
        c = P_REPS;
        want = "a whole number >= 0";
    } else if (!count_of(cell[P_REJ], &k) || k > n) {
        c = P_REJ;
        want = "a whole number from 0 to the bin's replicates";
    } else if (n > 0 && !num_of(cell[P_LO], &lo)) {
        c = P_LO;
        want = "a finite number (the bin has replicates)";
    } else if (n > 0 && (!num_of(cell[P_HI], &hi) || hi < lo)) {
        c = P_HI;
        want = "a finite number >= value_low";
    } else if (n == 0 ? !is_na(cell[P_POW]) && !(num_of(cell[P_POW], &p) && p >= 0 && p <= 1)
                      : !(num_of(cell[P_POW], &p) &&
                          fabs(p - (double)k / (double)n) <= 1e-6)) {
        c = P_POW;
        want = n == 0 ? "NA or a number in [0, 1]" : "rejections / replicates (to 1e-6)";
    }
    if (c < 0)
        return 1;
    bad = cell[c];
    snprintf(why, cap, "%s:%ld: column '%s': expected %s, got '%.60s'", PRIOR_FILE, line,
             pcol[c], want, bad);
    return 0;
}

/* The non-empty bins of key in scenario scen (every row if cs < 0) into b
 * (*m of them, at most BINS_MAX). 0, or -1 with why when the bins are out
 * of order. */
static int collect(const hs_csvtab *t, const int col[PNCOL], int cs, const char *scen,
                   const char *key, pbin *b, size_t *m, char *why, size_t cap)
{
    uint64_t lastbin = 0;
    double lasthi = -INFINITY;
    *m = 0;
    for (size_t r = 0; r < hs_csvtab_nrows(t); r++) {
        if ((cs >= 0 && strcmp(hs_csvtab_cell(t, r, cs), scen) != 0) ||
            strcmp(hs_csvtab_cell(t, r, col[P_KEY]), key) != 0)
            continue;
        uint64_t bin = 0, n = 0, k = 0;
        count_of(hs_csvtab_cell(t, r, col[P_BIN]), &bin);
        count_of(hs_csvtab_cell(t, r, col[P_REPS]), &n);
        count_of(hs_csvtab_cell(t, r, col[P_REJ]), &k);
        double lo = NAN, hi = NAN;
        num_of(hs_csvtab_cell(t, r, col[P_LO]), &lo);
        num_of(hs_csvtab_cell(t, r, col[P_HI]), &hi);
        if (bin <= lastbin || *m >= BINS_MAX || (n > 0 && lo < lasthi)) {
            snprintf(why, cap,
                     "%s:%ld: bin %llu of '%.80s' out of order; expected bins numbered upwards "
                     "(at most %d) over increasing values",
                     PRIOR_FILE, hs_csvtab_line(t, r), (unsigned long long)bin, key, BINS_MAX);
            return -1;
        }
        lastbin = bin;
        if (n == 0)
            continue; /* an empty bin: nothing to plot */
        lasthi = hi;
        b[(*m)++] = (pbin){lo, hi, n, k};
    }
    return 0;
}

/* Read prior_power.csv of D and the bins of the quantity to plot (drawn_hr,
 * else the first key of the headline scenario, whose draws spread) into
 * bins[] (count *nb, allocated; the caller frees it) and its key into key.
 * 0, or -1 with a note (the file is damaged, or holds no draws for the
 * headline scenario). */
static int load_bins(const hs_report_data *D, hs_sbuf *notes, pbin **bins, size_t *nb,
                     char *key, size_t keycap)
{
    char path[1200], why[700];
    snprintf(path, sizeof path, "%s/%s", D->dir, PRIOR_FILE);
    *bins = NULL;
    *nb = 0;
    hs_errs *e = malloc(sizeof *e);
    if (!e)
        return -1;
    hs_errs_init(e);
    hs_csvtab *t = NULL;
    if (hs_csvtab_read(path, &t, e) != 0) {
        const char *m = e->n > 0 ? e->msg[0] : "cannot be read";
        size_t dl = strlen(D->dir);
        if (!strncmp(m, D->dir, dl) && m[dl] == '/')
            m += dl + 1; /* name the file as the folder shows it */
        snprintf(why, sizeof why, "%s could not be read as CSV (%.400s)", PRIOR_FILE, m);
        skip(notes, why);
        free(e);
        return -1;
    }
    free(e);
    int col[PNCOL];
    for (int c = 0; c < PNCOL; c++) {
        col[c] = hs_csvtab_col(t, pcol[c]);
        if (col[c] < 0) {
            snprintf(why, sizeof why,
                     "%s: no column '%s' (expected key, bin, value_low, value_high, replicates, "
                     "rejections, power, scenario, n)",
                     PRIOR_FILE, pcol[c]);
            skip(notes, why);
            hs_csvtab_free(t);
            return -1;
        }
    }
    int cs = hs_csvtab_col(t, "scenario");
    size_t nr = hs_csvtab_nrows(t);
    for (size_t r = 0; r < nr; r++)
        if (!row_ok(t, r, col, why, sizeof why)) {
            skip(notes, why);
            hs_csvtab_free(t);
            return -1;
        }
    /* every quantity of the headline scenario, in file order (drawn_hr
     * first): the first whose draws spread over more than one value is
     * plotted, else the first with draws */
    pbin *b = malloc(2 * BINS_MAX * sizeof *b), *tb = b + BINS_MAX;
    if (!b) {
        hs_csvtab_free(t);
        return -1;
    }
    size_t m = 0;
    int chosen_spread = 0, any = 0, rc = 0;
    key[0] = '\0';
    for (int pass = 0; pass < 2 && rc == 0; pass++)
        for (size_t r = 0; r < nr && rc == 0; r++) {
            if (cs >= 0 && strcmp(hs_csvtab_cell(t, r, cs), D->scen) != 0)
                continue;
            const char *k = hs_csvtab_cell(t, r, col[P_KEY]);
            int hr = !strcmp(k, "drawn_hr");
            if ((pass == 0) != hr || (r > 0 && !strcmp(k, hs_csvtab_cell(t, r - 1, col[P_KEY])) &&
                                      (cs < 0 || !strcmp(hs_csvtab_cell(t, r - 1, cs), D->scen))))
                continue; /* drawn_hr in pass 0, the keys in pass 1; each from its first row */
            any = 1;
            size_t tm;
            if (collect(t, col, cs, D->scen, k, tb, &tm, why, sizeof why) != 0) {
                skip(notes, why);
                rc = -1;
                break;
            }
            int spread = tm > 0 && tb[tm - 1].hi > tb[0].lo;
            if (tm > 0 && (m == 0 || (spread && !chosen_spread))) {
                memcpy(b, tb, tm * sizeof *b);
                m = tm;
                chosen_spread = spread;
                hs_report_data_scopy(key, keycap, k);
            }
        }
    hs_csvtab_free(t);
    if (rc == 0 && m == 0) {
        snprintf(why, sizeof why,
                 any ? "%s: no draws in scenario %s" : "%s: no rows for scenario %s",
                 PRIOR_FILE, D->scen);
        skip(notes, why);
        rc = -1;
    }
    if (rc != 0) {
        free(b);
        return -1;
    }
    *bins = b;
    *nb = m;
    return 0;
}

/* ---------- the plot ---------- */

/* "set xtics (...)" for a log axis over [x0, x1]: m * 10^e for m = 1..9,
 * or only m = 1, 2, 5 when that gives more than 12 tics. */
static void log_tics(FILE *f, double x0, double x1)
{
    static const int all[] = {1, 2, 3, 4, 5, 6, 7, 8, 9}, few[] = {1, 2, 5};
    int e0 = (int)floor(log10(x0)), e1 = (int)ceil(log10(x1));
    if (e1 - e0 > 30)
        return; /* gnuplot's own */
    for (int pass = 0; pass < 2; pass++) {
        const int *ms = pass == 0 ? all : few;
        int nm = pass == 0 ? 9 : 3, n = 0;
        for (int e = e0; e <= e1; e++)
            for (int i = 0; i < nm; i++) {
                double v = ms[i] * pow(10, e);
                n += v >= x0 && v <= x1;
            }
        if (pass == 0 && n > 12)
            continue;
        if (n < 2)
            return;
        fprintf(f, "set xtics (");
        int k = 0;
        for (int e = e0; e <= e1; e++)
            for (int i = 0; i < nm; i++) {
                double v = ms[i] * pow(10, e);
                if (v >= x0 && v <= x1)
                    fprintf(f, "%s%.6g", k++ ? ", " : "", v);
            }
        fprintf(f, ")\n");
        return;
    }
}

void hs_report_prior_draw(hs_report_gnuplot *G)
{
    const hs_report_data *D = G->data;
    json_t *sc = hs_report_prior_scenario(D);
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", D->dir, PRIOR_FILE);
    FILE *probe = fopen(path, "r");
    if (!probe) {
        if (sc)
            skip(G->notes, "summary.json says this run is an assurance run, but " PRIOR_FILE
                           " is missing");
        return;
    }
    fclose(probe);
    pbin *b;
    size_t m;
    char key[256];
    if (load_bins(D, G->notes, &b, &m, key, sizeof key) != 0)
        return;
    int hr = !strcmp(key, "drawn_hr");
    size_t klen = strlen(key);
    int logx = hr || (klen >= 3 && !strcmp(key + klen - 3, ".hr"));
    uint64_t total = 0;
    for (size_t i = 0; i < m; i++) {
        total += b[i].n;
        if (!(b[i].lo > 0))
            logx = 0;
    }
    double xlo = b[0].lo, xhi = b[m - 1].hi;
    FILE *d = hs_report_gnuplot_dat_open(G, "prior_power.dat");
    if (!d) {
        free(b);
        return;
    }
    fprintf(d, "# from %s, scenario %s, '%s': centre power wilson_low wilson_high edge_low "
               "edge_high density replicates rejections\n",
            PRIOR_FILE, D->scen, key);
    for (size_t i = 0; i < m; i++) {
        double el = i == 0 ? b[i].lo : 0.5 * (b[i - 1].hi + b[i].lo),
               eh = i + 1 == m ? b[i].hi : 0.5 * (b[i].hi + b[i + 1].lo);
        double w = eh - el, dens = w > 0 ? (double)b[i].n / (w * (double)total) : NAN;
        double centre = logx ? sqrt(b[i].lo * b[i].hi) : 0.5 * (b[i].lo + b[i].hi), lo, hi;
        hs_results_wilson(b[i].k, b[i].n, &lo, &hi);
        fprintf(d, "%.10g", centre);
        hs_report_gnuplot_dat_num(d, (double)b[i].k / (double)b[i].n);
        hs_report_gnuplot_dat_num(d, lo);
        hs_report_gnuplot_dat_num(d, hi);
        hs_report_gnuplot_dat_num(d, el);
        hs_report_gnuplot_dat_num(d, eh);
        hs_report_gnuplot_dat_num(d, dens);
        fprintf(d, " %llu %llu\n", (unsigned long long)b[i].n, (unsigned long long)b[i].k);
    }
    free(b);
    if (hs_report_gnuplot_dat_close(G, d, "prior_power.dat"))
        return;
    double A = sc ? hs_report_data_jnum(sc, "power") : NAN;
    if (!isfinite(A) && D->power)
        A = hs_report_data_num_by(D->power, D->hrow, "power");
    double C = sc ? hs_report_data_jnum(sc, "conditional_power") : NAN;
    if (!(xhi > xlo)) { /* one value drawn: a range around it */
        double pad = xlo != 0 ? 0.05 * fabs(xlo) : 0.05;
        xlo -= pad;
        xhi += pad;
    }
    double x0 = logx ? xlo / pow(xhi / xlo, 0.03) : xlo - 0.03 * (xhi - xlo),
           x1 = logx ? xhi * pow(xhi / xlo, 0.03) : xhi + 0.03 * (xhi - xlo);
    char qkey[300], title[400], xlab[400];
    hs_report_gnuplot_quote(qkey, sizeof qkey, key);
    if (hr) {
        snprintf(title, sizeof title, "Conditional power against the drawn HR");
        snprintf(xlab, sizeof xlab, "drawn HR (experimental / control cumulative hazard at tau)");
    } else {
        snprintf(title, sizeof title, "Conditional power against %s", qkey);
        snprintf(xlab, sizeof xlab, "drawn %s", qkey);
    }
    FILE *f = hs_report_gnuplot_open(G, "prior_power",
                                     "conditional power by bin of a drawn quantity, prior density "
                                     "underneath");
    if (!f)
        return;
    fprintf(f,
            "# a multiplot: drawn twice, as SVG and as PNG (replot cannot redraw it)\n"
            "set terminal svg size 640,640 noenhanced font 'Helvetica,14' background rgb "
            "'white'\n"
            "set output 'prior_power.svg'\n"
            "A = %.10g   # assurance (summary.json power)\n",
            A);
    if (isfinite(C))
        fprintf(f, "C = %.10g   # power at the point estimates (summary.json conditional_power)\n",
                C);
    fprintf(f, "set xrange [%.10g:%.10g]\n%s", x0, x1, logx ? "set logscale x\n" : "");
    if (logx)
        log_tics(f, x0, x1);
    if (hr && x0 < 1 && x1 > 1)
        fprintf(f, "set arrow 1 from first 1, graph 0 to first 1, graph 1 nohead dt 3 lc rgb "
                   "'#444444'\n");
    fprintf(f,
            "set lmargin at screen 0.13\nset rmargin at screen 0.96\n"
            "do for [pass = 1:2] {\n"
            "  if (pass == 2) {\n"
            "    set output\n"
            "    if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
            "      set terminal pngcairo size 1280,1280 noenhanced font 'Helvetica,24' "
            "background rgb 'white'\n"
            "    } else {\n"
            "      set terminal png size 1280,1280 noenhanced background rgb 'white'\n"
            "    }\n"
            "    set output 'prior_power.png'\n"
            "  }\n"
            "  set multiplot\n"
            "  set label 1 '%s' at screen 0.545, screen 0.975 center front\n"
            "  set tmargin at screen 0.82\n  set bmargin at screen 0.39\n"
            "  set format x ''\n  unset xlabel\n"
            "  set ylabel 'conditional power'\n"
            "  set yrange [-0.02:1.02]\n  set ytics 0, 0.2, 1\n"
            "  set key at screen 0.545, screen 0.945 center top vertical samplen 2\n"
            "  plot 'prior_power.dat' using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '#006d2c' "
            "title 'conditional power (95%% Wilson)', \\\n"
            "       A with lines lw 2 lc rgb '#08519c' title sprintf('assurance %%.3f', A)",
            title);
    if (isfinite(C))
        fprintf(f, ", \\\n       C with lines lw 2 dt 2 lc rgb '#d95f02' "
                   "title sprintf('power at the point estimates %%.3f', C)");
    fprintf(f,
            "\n"
            "  unset label 1\n"
            "  set tmargin at screen 0.36\n  set bmargin at screen 0.10\n"
            "  set format x '%%g'\n  set xlabel '%s'\n"
            "  set ylabel 'prior density'\n"
            "  set yrange [0:*]\n  set ytics autofreq\n  unset key\n"
            "  plot 'prior_power.dat' using 1:7:5:6:(0):7 with boxxyerror fs solid 0.35 "
            "lc rgb '#7570b3'\n"
            "  unset multiplot\n"
            "}\n",
            xlab);
    char cap[1024];
    snprintf(cap, sizeof cap,
             "Top: the share of simulated trials that reject among those whose drawn %s fell in "
             "each of the %zu bins of about equal counts (from %s, scenario %s), at the bin's "
             "centre, with 95%% Wilson intervals; solid line: the assurance (the power averaged "
             "over the prior)%s. Bottom: the prior density of the drawn values, bin replicates "
             "/ (bin width &times; all replicates).",
             hr ? "hazard ratio" : "value", m, PRIOR_FILE, D->scen,
             isfinite(C) ? "; dashed: the power at the point estimates, on the same patients"
                         : "");
    hs_report_gnuplot_close_drawn(G, f, "prior_power", title, cap);
}

/* ---------- the page ---------- */

/* v with 4 decimals into a table cell ("NA" if not finite). */
static void td(hs_sbuf *b, double v)
{
    if (isfinite(v))
        hs_sbuf_printf(b, "<td class=\"num\">%.4f</td>", v);
    else
        hs_sbuf_printf(b, "<td class=\"num\">NA</td>");
}

/* v as %g into a table cell ("NA" if not finite). */
static void td_g(hs_sbuf *b, double v)
{
    if (isfinite(v))
        hs_sbuf_printf(b, "<td class=\"num\">%g</td>", v);
    else
        hs_sbuf_printf(b, "<td class=\"num\">NA</td>");
}

static void td_text(hs_sbuf *b, const char *s)
{
    hs_sbuf_printf(b, "<td>");
    hs_report_data_html_esc(b, s);
    hs_sbuf_printf(b, "</td>");
}

/* A row of the assurance table: name, estimate, CI low, CI high, MC SE. */
static void est_row(hs_sbuf *b, const char *id, const char *name, double v, double lo, double hi,
                    double se)
{
    hs_sbuf_printf(b, "<tr id=\"%s\">", id);
    td_text(b, name);
    td(b, v);
    td(b, lo);
    td(b, hi);
    td(b, se);
    hs_sbuf_printf(b, "</tr>\n");
}

static void table_head(hs_sbuf *b)
{
    hs_sbuf_printf(b, "<div class=\"tw\"><table id=\"assurance-table\">\n<thead><tr><th>quantity"
                      "</th><th>estimate</th><th>95%% CI low</th><th>95%% CI high</th><th>MC SE"
                      "</th></tr></thead>\n<tbody>\n");
}

/* The prior's keys and fitted parameters (summary.json prior). */
static void prior_tables(hs_sbuf *b, json_t *prior)
{
    json_t *keys = json_object_get(prior, "keys"), *fits = json_object_get(prior, "from_fit");
    if (json_is_array(keys) && json_array_size(keys) > 0) {
        hs_sbuf_printf(b, "<h3>Prior on config keys</h3>\n<div class=\"tw\"><table "
                          "id=\"prior-keys\">\n<thead><tr><th>key</th><th>prior</th><th>low</th>"
                          "<th>high</th><th>prior mass inside</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < json_array_size(keys); i++) {
            json_t *k = json_array_get(keys, i);
            const char *name = hs_report_data_jstr(k, "key"), *p = hs_report_data_jstr(k, "prior");
            hs_sbuf_printf(b, "<tr>");
            td_text(b, name ? name : "");
            td_text(b, p ? p : "");
            td_g(b, hs_report_data_jnum(k, "low"));
            td_g(b, hs_report_data_jnum(k, "high"));
            td(b, hs_report_data_jnum(k, "mass"));
            hs_sbuf_printf(b, "</tr>\n");
        }
        hs_sbuf_printf(b, "</tbody></table></div>\n<p class=\"small\">A key's range (low, high; "
                          "NA: none) truncates its prior; the mass is the prior's probability "
                          "inside it.</p>\n");
    }
    if (json_is_array(fits) && json_array_size(fits) > 0) {
        hs_sbuf_printf(b, "<h3>Prior from the fitted models (from_fit)</h3>\n<div class=\"tw\">"
                          "<table id=\"prior-fit\">\n<thead><tr><th>parameter</th><th>mean</th>"
                          "<th>SD</th></tr></thead>\n<tbody>\n");
        for (size_t i = 0; i < json_array_size(fits); i++) {
            json_t *o = json_array_get(fits, i), *nm = json_object_get(o, "parameters"),
                   *mu = json_object_get(o, "mean"), *sd = json_object_get(o, "sd");
            for (size_t j = 0; json_is_array(nm) && j < json_array_size(nm); j++) {
                json_t *mj = json_is_array(mu) ? json_array_get(mu, j) : NULL,
                       *sj = json_is_array(sd) ? json_array_get(sd, j) : NULL;
                hs_sbuf_printf(b, "<tr>");
                td_text(b, json_is_string(json_array_get(nm, j))
                               ? json_string_value(json_array_get(nm, j))
                               : "");
                td(b, json_is_number(mj) ? json_number_value(mj) : NAN);
                td(b, json_is_number(sj) ? json_number_value(sj) : NAN);
                hs_sbuf_printf(b, "</tr>\n");
            }
        }
        hs_sbuf_printf(b, "</tbody></table></div>\n<p class=\"small\">Each fitted arm's "
                          "parameters are drawn together from the fit's asymptotic multivariate "
                          "normal (the model file's [covariance]), on the fitted scale.</p>\n");
    }
}

void hs_report_prior_html(hs_sbuf *b, const hs_report_data *D)
{
    json_t *sc = hs_report_prior_scenario(D);
    if (sc) {
        hs_sbuf_printf(b, "<h2>Assurance</h2>\n<p>This run draws its uncertain inputs from a "
                          "prior, once per simulated trial: its power is the <b>assurance</b> "
                          "(probability of success), the power averaged over the prior "
                          "(O'Hagan, Stevens &amp; Campbell 2005). Scenario %s, N = %.0f, %.0f "
                          "trials.</p>\n",
                       D->scen, hs_report_data_jnum(sc, "n"),
                       hs_report_data_jnum(sc, "replicates"));
        table_head(b);
        est_row(b, "row-assurance", "assurance (power averaged over the prior)",
                hs_report_data_jnum(sc, "power"), hs_report_data_jnum(sc, "power_ci_low"),
                hs_report_data_jnum(sc, "power_ci_high"), hs_report_data_jnum(sc, "power_se"));
        if (json_object_get(sc, "conditional_power"))
            est_row(b, "row-conditional", "power at the point estimates (same patients)",
                    hs_report_data_jnum(sc, "conditional_power"),
                    hs_report_data_jnum(sc, "conditional_power_ci_low"),
                    hs_report_data_jnum(sc, "conditional_power_ci_high"),
                    hs_report_data_jnum(sc, "conditional_power_se"));
        est_row(b, "row-ceiling", "assurance ceiling (prior probability that the drawn HR is below 1)",
                hs_report_data_jnum(sc, "assurance_ceiling"), NAN, NAN,
                hs_report_data_jnum(sc, "assurance_ceiling_se"));
        hs_sbuf_printf(b, "</tbody></table></div>\n");
        if (!json_object_get(sc, "conditional_power"))
            hs_sbuf_printf(b, "<p class=\"small\">The power at the point estimates was not run "
                              "(<code>[prior] conditional = yes</code> or "
                              "<code>--also-conditional</code> runs it on the same "
                              "patients).</p>\n");
        json_t *prior = json_object_get(sc, "prior");
        if (json_is_object(prior))
            prior_tables(b, prior);
        return;
    }
    if (D->planj && json_is_true(json_object_get(D->planj, "assurance"))) {
        hs_sbuf_printf(b, "<h2>Assurance</h2>\n<p>This plan draws its uncertain inputs from a "
                          "prior (the config's <code>[prior]</code>): every simulated power is "
                          "an <b>assurance</b> (power averaged over the prior), and the targets "
                          "are assurance targets. No N gives an assurance above the "
                          "ceiling.</p>\n");
        table_head(b);
        est_row(b, "row-ceiling", "assurance ceiling (prior probability that the drawn HR is below 1)",
                hs_report_data_jnum(D->planj, "assurance_ceiling"), NAN, NAN,
                hs_report_data_jnum(D->planj, "assurance_ceiling_se"));
        hs_sbuf_printf(b, "</tbody></table></div>\n");
    }
}
