/* report_tests.c — the models' hazard ratio over time and the power by test
 * (see report_tests.h). */
#include "report_tests.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytic.h"
#include "config.h"
#include "scenario.h"

#define HR_POINTS 400
#define Z975 1.959963984540054

/* tests.csv's columns, as results/README.md lists them. */
enum { T_SCEN, T_TEST, T_REJ, T_POW, T_SE, TNCOL };
static const char *const tcol[TNCOL] = {"scenario", "test", "rejections", "power", "power_se"};

/* ---------- checking tests.csv ---------- */

static void skip(hs_report_data *D, const char *why)
{
    hs_sbuf_printf(&D->notes, "<li>");
    hs_report_data_html_esc(&D->notes, why);
    hs_sbuf_printf(&D->notes, "; the power-by-test plot and table are left out.</li>\n");
    hs_csvtab_free(D->tests);
    D->tests = NULL;
}

void hs_report_tests_check(hs_report_data *D)
{
    hs_csvtab *t = D->tests;
    if (!t)
        return;
    char why[600];
    for (int c = 0; c < TNCOL; c++)
        if (hs_report_data_col(t, tcol[c]) < 0) {
            snprintf(why, sizeof why,
                     "tests.csv: no column '%s' (expected scenario, test, rejections, power, "
                     "power_se)",
                     tcol[c]);
            skip(D, why);
            return;
        }
    size_t nr = hs_report_data_nrows(t);
    if (nr == 0) {
        skip(D, "tests.csv: no rows");
        return;
    }
    for (size_t r = 0; r < nr; r++) {
        long line = hs_csvtab_line(t, r);
        const char *name = hs_report_data_cell(t, r, hs_report_data_col(t, tcol[T_TEST]));
        if (!*name) {
            snprintf(why, sizeof why, "tests.csv:%ld: column 'test' is empty; expected a test spec",
                     line);
            skip(D, why);
            return;
        }
        for (int c = T_REJ; c < TNCOL; c++) {
            int col = hs_report_data_col(t, tcol[c]);
            double x = hs_report_data_num(t, r, col);
            int bad = c == T_REJ ? !(x >= 0 && x == floor(x)) : !(x >= 0 && x <= 1);
            if (bad) {
                snprintf(why, sizeof why, "tests.csv:%ld: column '%s': expected %s, got '%.60s'",
                         line, tcol[c],
                         c == T_REJ ? "a whole number >= 0" : "a number in [0, 1]",
                         hs_report_data_cell(t, r, col));
                skip(D, why);
                return;
            }
        }
    }
}

/* ---------- the numbers ---------- */

/* Replicates of scenario scen (power.csv), or NAN. */
static double replicates_of(const hs_report_data *D, const char *scen)
{
    int cs = hs_report_data_col(D->power, "scenario");
    for (size_t r = 0; cs >= 0 && r < hs_report_data_nrows(D->power); r++)
        if (!strcmp(hs_report_data_cell(D->power, r, cs), scen))
            return hs_report_data_num_by(D->power, r, "replicates");
    return NAN;
}

/* The 95% interval of tests.csv row r: Wilson with the scenario's
 * replicates (1 returned), else power +- 1.96 power_se cut to [0, 1] (0). */
static int interval(const hs_report_data *D, size_t r, double *lo, double *hi)
{
    const hs_csvtab *t = D->tests;
    double p = hs_report_data_num_by(t, r, "power"), se = hs_report_data_num_by(t, r, "power_se");
    double n = replicates_of(D, hs_report_data_cell(t, r, hs_report_data_col(t, "scenario")));
    if (isfinite(n) && n >= 1) {
        double k = hs_report_data_num_by(t, r, "rejections"), ph = k / n, z2 = Z975 * Z975;
        double den = 1 + z2 / n, mid = (ph + z2 / (2 * n)) / den;
        double half = Z975 / den * sqrt(ph * (1 - ph) / n + z2 / (4 * n * n));
        *lo = fmax(0, mid - half);
        *hi = fmin(1, mid + half);
        return 1;
    }
    *lo = fmax(0, p - Z975 * se);
    *hi = fmin(1, p + Z975 * se);
    return 0;
}

/* 1 if row r is its scenario's deciding test (the first row of its scenario). */
static int deciding(const hs_csvtab *t, size_t r)
{
    int cs = hs_report_data_col(t, "scenario");
    return r == 0 || strcmp(hs_report_data_cell(t, r, cs), hs_report_data_cell(t, r - 1, cs)) != 0;
}

/* The end of the analysis window: the headline scenario's mean study
 * duration, else plan.json's mean analysis time at the first target's
 * recommended N, else a calendar analysis time, else the grid's end. *how
 * says which. */
static double window_end(const hs_report_data *D, const hs_config *c, const char **how)
{
    json_t *sc = D->summary ? json_object_get(D->summary, "scenarios") : NULL;
    for (size_t i = 0; json_is_array(sc) && i < json_array_size(sc); i++) {
        json_t *o = json_array_get(sc, i);
        char id[32];
        snprintf(id, sizeof id, "%.0f", hs_report_data_jnum(o, "scenario"));
        double d = hs_report_data_jnum(o, "duration_mean");
        if (!strcmp(id, D->scen) && isfinite(d) && d > 0) {
            *how = "the mean study duration over the simulated trials (summary.json)";
            return d;
        }
    }
    json_t *tg = D->planj ? json_object_get(D->planj, "targets") : NULL;
    json_t *at = json_is_array(tg) ? json_object_get(json_array_get(tg, 0), "analysis_time") : NULL;
    double pt = hs_report_data_jnum(json_is_object(at) ? at : NULL, "mean");
    if (isfinite(pt) && pt > 0) {
        *how = "the mean analysis time at the recommended N for the first target power "
               "(plan.json)";
        return pt;
    }
    if (c->design.analysis == HS_ANALYSIS_CALENDAR) {
        *how = "the calendar analysis time";
        return c->design.analysis_time;
    }
    *how = "the end of the config's grid";
    return c->design.grid[c->design.ngrid - 1];
}

/* ---------- plots/hr_time ---------- */

static void note(hs_report_gnuplot *G, const char *what, const char *why)
{
    hs_sbuf_printf(G->notes, "<li>%s: ", what);
    hs_report_data_html_esc(G->notes, why);
    hs_sbuf_printf(G->notes, ".</li>\n");
}

static void hr_time(hs_report_gnuplot *G)
{
    const hs_report_data *D = G->data;
    static const char what[] = "No plot of the models' hazard ratio over time: the run's config "
                               "could not be resolved";
    hs_config *c = malloc(sizeof *c);
    hs_scenario *sc = malloc(sizeof *sc);
    char why[600];
    hs_analytic *a = NULL;
    if (!c || !sc) {
        note(G, what, "out of memory");
        goto out;
    }
    if (hs_report_data_config(D, c, why, sizeof why) != 0) {
        note(G, what, why);
        goto out;
    }
    if (hs_scenario_from_config(c, 0, 0, sc, why, sizeof why) != 0 ||
        !(a = hs_analytic_alloc(sc))) {
        note(G, what, a ? why : "the models cannot be prepared for integration");
        goto out;
    }
    const char *how = "";
    double w = window_end(D, c, &how);
    double xmax = fmax(w, c->design.grid[c->design.ngrid - 1]) * 1.05;
    if (!(xmax > 0)) {
        note(G, what, "the window has no length");
        goto out;
    }
    FILE *d = hs_report_gnuplot_dat_open(G, "hr_time.dat");
    if (!d)
        goto out;
    fprintf(d, "# follow-up time (months), marginal HR %s / %s (from the models)\n",
            c->arm[c->design.experimental].name, c->arm[c->design.control].name);
    double lo = INFINITY, hi = -INFINITY, wlo = INFINITY, whi = -INFINITY;
    int npos = 0;
    for (int i = 1; i <= HR_POINTS; i++) {
        double s = xmax * i / HR_POINTS, hr = hs_analytic_marginal_hr(a, s);
        if (!(isfinite(hr) && hr > 0))
            continue;
        npos++;
        fprintf(d, "%.10g %.10g\n", s, hr);
        lo = fmin(lo, hr);
        hi = fmax(hi, hr);
        if (s <= w) {
            wlo = fmin(wlo, hr);
            whi = fmax(whi, hr);
        }
    }
    if (hs_report_gnuplot_dat_close(G, d, "hr_time.dat"))
        goto out;
    if (npos < 2) {
        note(G, "No plot of the models' hazard ratio over time",
             "the marginal hazard ratio is not a positive number over follow-up");
        goto out;
    }
    FILE *f = hs_report_gnuplot_open(G, "hr_time", "the models' marginal hazard ratio over time");
    if (!f)
        goto out;
    double ylo = fmin(lo, 1) / 1.25, yhi = fmax(hi, 1) * 1.25;
    char ex[80], co[80];
    hs_report_gnuplot_quote(ex, sizeof ex, c->arm[c->design.experimental].name);
    hs_report_gnuplot_quote(co, sizeof co, c->arm[c->design.control].name);
    fprintf(f,
            "set title 'Hazard ratio over time (models)'\n"
            "set xlabel 'months since randomisation'\nset ylabel 'hazard ratio %s / %s'\n"
            "set logscale y\nset xrange [0:%g]\nset yrange [%g:%g]\n"
            "set object 1 rect from 0, graph 0 to %g, graph 1 behind fc rgb '#deebf7' "
            "fs solid 0.6 noborder\n"
            "set label 1 'analysis window' at %g, graph 0.95 right offset -0.5,0 tc rgb '#08519c'\n"
            "set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 1.2 "
            "lc rgb '#555555'\n"
            "plot 'hr_time.dat' using 1:2 with lines lw 2.5 lc rgb '#08306b'\n",
            ex, co, xmax, ylo, yhi, w, w);
    char cap[1024];
    snprintf(cap, sizeof cap,
             "The true hazard ratio of the two arms' covariate mixtures at each follow-up time, "
             "from the models (not estimated from the trials); log scale, HR = 1 dashed. "
             "Shaded: the analysis window, from 0 to %.1f months (%s), over which the HR "
             "runs from %.3g to %.3g. A test assuming proportional hazards loses power where "
             "the HR moves.",
             w, how, wlo, whi);
    hs_report_gnuplot_close(G, f, "hr_time", "Hazard ratio over time", cap);
out:
    hs_analytic_free(a);
    free(sc);
    free(c);
}

/* ---------- plots/tests_power ---------- */

/* A test spec as one safe gnuplot data word: letters, digits and :,.+_-
 * kept, anything else '_'. */
static void label_word(char *out, size_t cap, const char *s)
{
    size_t k = 0;
    for (; *s && k + 1 < cap; s++)
        out[k++] = (char)(strchr(":,.+_-", *s) || (*s >= '0' && *s <= '9') ||
                                  (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
                              ? *s
                              : '_');
    out[k] = '\0';
}

static void tests_power(hs_report_gnuplot *G)
{
    const hs_report_data *D = G->data;
    const hs_csvtab *t = D->tests;
    if (!t)
        return;
    int cs = hs_report_data_col(t, "scenario"), ct = hs_report_data_col(t, "test");
    /* the headline scenario's rows; else the first scenario's */
    const char *scen = D->scen;
    size_t nr = hs_report_data_nrows(t), k = 0;
    for (size_t r = 0; r < nr; r++)
        k += !strcmp(hs_report_data_cell(t, r, cs), scen);
    if (k == 0)
        scen = hs_report_data_cell(t, 0, cs);
    FILE *d = hs_report_gnuplot_dat_open(G, "tests_power.dat");
    if (!d)
        return;
    fprintf(d, "# from tests.csv, scenario %s: index \"test\" power ci_low ci_high deciding\n",
            scen);
    int n = 0, wilson = 1;
    char dec[128] = "";
    for (size_t r = 0; r < nr; r++) {
        if (strcmp(hs_report_data_cell(t, r, cs), scen) != 0)
            continue;
        double lo, hi;
        wilson &= interval(D, r, &lo, &hi);
        char w[128];
        label_word(w, sizeof w, hs_report_data_cell(t, r, ct));
        int isdec = deciding(t, r);
        if (isdec)
            snprintf(dec, sizeof dec, "%s", hs_report_data_cell(t, r, ct));
        fprintf(d, "%d \"%s\"", n++, w);
        hs_report_gnuplot_dat_num(d, hs_report_data_num_by(t, r, "power"));
        hs_report_gnuplot_dat_num(d, lo);
        hs_report_gnuplot_dat_num(d, hi);
        fprintf(d, " %d\n", isdec);
    }
    if (hs_report_gnuplot_dat_close(G, d, "tests_power.dat"))
        return;
    char av[64], tv[256];
    double alpha = NAN, target = NAN;
    if (hs_report_data_cfg_get(D, "design", "alpha", av, sizeof av) == 0)
        alpha = strtod(av, NULL);
    if (!(alpha > 0 && alpha < 1))
        alpha = 0.025; /* the config's default */
    if (hs_report_data_cfg_get(D, "plan", "target_power", tv, sizeof tv) == 0)
        target = strtod(tv, NULL);
    FILE *f = hs_report_gnuplot_open(G, "tests_power", "power by test, with 95% intervals");
    if (!f)
        return;
    fprintf(f,
            "set title 'Power by test'\nset ylabel 'power (share of trials that reject)'\n"
            "set xrange [-0.6:%g]\nset yrange [0:1.05]\nset ytics 0.1\n"
            "set xtics rotate by -30 left nomirror\nset grid noxtics\n"
            "set boxwidth 0.6\nset style fill solid 0.75 noborder\n"
            "set key above horizontal\n",
            n - 0.4);
    fprintf(f,
            "plot 'tests_power.dat' using 1:($6 == 1 ? $3 : 1/0):xtic(2) with boxes "
            "lc rgb '#08306b' title 'deciding test', \\\n"
            "     '' using 1:($6 == 1 ? 1/0 : $3) with boxes lc rgb '#9ecae1' "
            "title 'also recorded', \\\n"
            "     '' using 1:3:4:5 with yerrorbars pt 7 ps 0.6 lw 1.5 lc rgb '#333333' "
            "title '95%% interval', \\\n"
            "     %g with lines dt 2 lw 1.2 lc rgb '#d62728' title 'alpha %g'",
            alpha, alpha);
    if (target > 0 && target < 1)
        fprintf(f, ", \\\n     %g with lines dt 3 lw 1.5 lc rgb '#006d2c' title 'target %g'",
                target, target);
    fprintf(f, "\n");
    char cap[1024], sdec[300];
    hs_sbuf e = {0};
    hs_report_data_html_esc(&e, dec);
    snprintf(sdec, sizeof sdec, "%s", e.failed || !e.s ? "" : e.s);
    hs_sbuf_free(&e);
    snprintf(cap, sizeof cap,
             "Share of the simulated trials of scenario %s that each test rejects, all on the "
             "same trials (tests.csv), with its 95%% %s interval; dark: the deciding test "
             "(<code>%s</code>); dashed: &alpha; = %g%s.",
             scen, wilson ? "Wilson" : "(power &plusmn; 1.96 SE)", sdec, alpha,
             target > 0 && target < 1 ? "; dotted: the [plan] target power" : "");
    hs_report_gnuplot_close(G, f, "tests_power", "Power by test", cap);
}

void hs_report_tests_draw(hs_report_gnuplot *G)
{
    hr_time(G);
    tests_power(G);
}

/* ---------- the table ---------- */

void hs_report_tests_html(hs_sbuf *b, const hs_report_data *D)
{
    const hs_csvtab *t = D->tests;
    if (!t)
        return;
    hs_sbuf_printf(b, "<h3>Power by test (tests.csv)</h3>\n<p class=\"small\">Every test on the "
                      "same simulated trials; the first test of each scenario decides the "
                      "trial. 95%% interval: Wilson with the scenario's replicates (power.csv), "
                      "else power &plusmn; 1.96 power_se.</p>\n");
    hs_sbuf_printf(b, "<div class=\"tw\"><table id=\"tests-table\">\n<thead><tr>");
    for (int c = 0; c < TNCOL; c++)
        hs_sbuf_printf(b, "<th>%s</th>", tcol[c]);
    hs_sbuf_printf(b, "<th>ci_low</th><th>ci_high</th><th>deciding</th></tr></thead>\n<tbody>\n");
    for (size_t r = 0; r < hs_report_data_nrows(t); r++) {
        hs_sbuf_printf(b, "<tr>");
        for (int c = 0; c < TNCOL; c++) {
            hs_sbuf_printf(b, c == T_TEST ? "<td>" : "<td class=\"n\">");
            hs_report_data_html_esc(b, hs_report_data_cell(t, r, hs_report_data_col(t, tcol[c])));
            hs_sbuf_printf(b, "</td>");
        }
        double lo, hi;
        interval(D, r, &lo, &hi);
        hs_sbuf_printf(b, "<td class=\"n\">%.4f</td><td class=\"n\">%.4f</td><td>%s</td></tr>\n",
                       lo, hi, deciding(t, r) ? "yes" : "");
    }
    hs_sbuf_printf(b, "</tbody></table></div>\n");
}
