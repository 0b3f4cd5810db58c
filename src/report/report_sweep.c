/* report_sweep.c — plots/tornado and heatmap (see report_sweep.h). */
#include "report_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_gnuplot.h"

/* summary.json says "design": "grid". */
static int is_grid(const hs_report_data *D)
{
    const char *d = D->sweep ? hs_report_data_jstr(D->summary, "design") : NULL;
    return d && !strcmp(d, "grid");
}

/* tornado.csv: one row per parameter, the outcome at its low and high value. */
static void plot_tornado(hs_report_gnuplot *G)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->tornado;
    if (!t)
        return;
    static const char *pn[] = {"parameter", "axis", "key", "factor", "name", NULL},
                      *ln[] = {"power_at_first", "power_low", "low_power", "value_low", "low", NULL},
                      *hn[] = {"power_at_last", "power_high", "high_power", "value_high", "high", NULL},
                      *bn[] = {"power_base", "base_power", "baseline", "base", NULL},
                      *lv[] = {"first_value", "low_value", "level_low", "x_low", NULL},
                      *hv[] = {"last_value", "high_value", "level_high", "x_high", NULL};
    int cp = hs_report_data_col_any(t, pn), cl = hs_report_data_col_any(t, ln),
        chh = hs_report_data_col_any(t, hn), cb = hs_report_data_col_any(t, bn),
        clv = hs_report_data_col_any(t, lv), chv = hs_report_data_col_any(t, hv);
    size_t nr = hs_report_data_nrows(t);
    if (cp < 0 || cl < 0 || chh < 0 || nr == 0) {
        hs_sbuf_printf(G->notes, "<li>tornado.csv: expected columns parameter, low, high "
                                 "(or power_low, power_high); not drawn, shown as a table.</li>\n");
        return;
    }
    /* one N: the first row's (tornado.csv has rows per axis and N) */
    int cnn = hs_report_data_col(t, "n");
    const char *n0 = hs_report_data_cell(t, 0, cnn);
    size_t keep = 0;
    for (size_t r = 0; r < nr; r++)
        keep += cnn < 0 || !strcmp(hs_report_data_cell(t, r, cnn), n0);
    double base = hs_report_data_num(t, 0, cb);
    if (!isfinite(base)) {
        json_t *sc = D->summary ? json_object_get(D->summary, "scenarios") : NULL;
        json_t *p = json_is_array(sc) && json_array_size(sc) > 0
                        ? json_object_get(json_array_get(sc, 0), "power")
                        : NULL;
        base = json_is_number(p) ? json_number_value(p) : NAN;
    }
    /* sorted by swing, widest on top */
    size_t *ord = malloc(nr * sizeof *ord);
    if (!ord)
        return;
    size_t m = 0;
    for (size_t i = 0; i < nr; i++) {
        if (cnn >= 0 && strcmp(hs_report_data_cell(t, i, cnn), n0) != 0)
            continue;
        size_t j = m++;
        double si = fabs(hs_report_data_num(t, i, chh) - hs_report_data_num(t, i, cl));
        while (j > 0 && fabs(hs_report_data_num(t, ord[j - 1], chh) -
                             hs_report_data_num(t, ord[j - 1], cl)) > si) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = i;
    }
    FILE *d = hs_report_gnuplot_dat_open(G, "tornado.dat");
    if (!d) {
        free(ord);
        return;
    }
    fprintf(d, "# y low high label (from tornado.csv, n = %s)\n", n0);
    for (size_t i = 0; i < keep; i++) {
        size_t r = ord[i];
        char lab[300], q[300];
        hs_report_data_scopy(lab, sizeof lab,
                             hs_report_data_cell(t, r, cp)); /* values: in the table */
        (void)clv;
        (void)chv;
        size_t k = 0;
        for (const char *s = lab; *s && k + 2 < sizeof q; s++)
            if (*s != '"' && (unsigned char)*s >= 0x20)
                q[k++] = *s;
        q[k] = '\0';
        fprintf(d, "%zu", i);
        hs_report_gnuplot_dat_num(d, hs_report_data_num(t, r, cl));
        hs_report_gnuplot_dat_num(d, hs_report_data_num(t, r, chh));
        fprintf(d, " \"%s\"\n", q);
    }
    free(ord);
    if (hs_report_gnuplot_dat_close(G, d, "tornado.dat"))
        return;
    FILE *f = hs_report_gnuplot_open(G, "tornado", "tornado chart of one-way sensitivity");
    if (!f)
        return;
    double b = isfinite(base) ? base : 0;
    fprintf(f,
            "set title 'One-way sensitivity (tornado)'\nset xlabel 'power'\n"
            "set yrange [-0.7:%zu.7]\nset ytics scale 0\nset grid noytics\n"
            "set style fill solid 0.8 noborder\nset key bottom right box opaque\n"
            "base = %.10g\n",
            keep - 1, b);
    if (isfinite(base))
        fprintf(f, "set arrow from first base, graph 0 to first base, graph 1 nohead lw 1.5 lc "
                   "rgb '#444444'\n");
    fprintf(f,
            "plot 'tornado.dat' using (($2+base)/2):1:(base<$2?base:$2):(base<$2?$2:base):"
            "($1-0.35):($1+0.35):ytic(4) with boxxyerror lc rgb '#3182bd' title 'first value', \\\n"
            "     '' using (($3+base)/2):1:(base<$3?base:$3):(base<$3?$3:base):($1-0.35):"
            "($1+0.35) with boxxyerror lc rgb '#e6550d' title 'last value'\n");
    char cap[512];
    if (is_grid(D))
        snprintf(cap, sizeof cap,
                 "Power at each axis's first (blue) and last (orange) value, pooled over every "
                 "grid point at that value (main effects), at N = %s; vertical line: the power "
                 "pooled over all points (a grid has no base case). Widest swing on top.",
                 n0);
    else
        snprintf(cap, sizeof cap,
                 "Power at each swept axis's first (blue) and last (orange) value, the others at "
                 "their base values, at N = %s; vertical line: the base case. Widest swing on top.",
                 n0);
    hs_report_gnuplot_close(G, f, "tornado", "Tornado chart", cap);
}

/* tornado.csv's N columns for the first target power of a one-way sweep run
 * with target powers: N at each axis's first and last value, the base N as
 * a line (the N tornado). */
static void plot_n_tornado(hs_report_gnuplot *G)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->tornado;
    if (!t || is_grid(D))
        return;
    int nc = hs_csvtab_ncols(t), cb = -1, cf = -1, cl = -1, ca = hs_report_data_col(t, "axis"),
        cnn = hs_report_data_col(t, "n");
    char tp[64] = "";
    for (int c = 0; c < nc; c++) {
        const char *nm = hs_csvtab_colname(t, c);
        size_t l = strlen(nm);
        if (cb < 0 && !strncmp(nm, "n_target_", 9) && l > 14 && !strcmp(nm + l - 5, "_base")) {
            cb = c;
            snprintf(tp, sizeof tp, "%.*s", (int)(l - 14), nm + 9);
        }
    }
    if (cb < 0 || ca < 0)
        return;
    char want[128];
    snprintf(want, sizeof want, "n_target_%s_at_first", tp);
    cf = hs_report_data_col(t, want);
    snprintf(want, sizeof want, "n_target_%s_at_last", tp);
    cl = hs_report_data_col(t, want);
    size_t nr = hs_report_data_nrows(t);
    if (cf < 0 || cl < 0 || nr == 0)
        return;
    const char *n0 = cnn >= 0 ? hs_report_data_cell(t, 0, cnn) : "";
    double base = hs_report_data_num(t, 0, cb);
    FILE *d = hs_report_gnuplot_dat_open(G, "n_tornado.dat");
    if (!d)
        return;
    fprintf(d, "# y n_at_first n_at_last label (tornado.csv, target power %s)\n", tp);
    size_t k = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t r = 0; r < nr; r++) {
        if (cnn >= 0 && strcmp(hs_report_data_cell(t, r, cnn), n0) != 0)
            continue;
        double a = hs_report_data_num(t, r, cf), b = hs_report_data_num(t, r, cl);
        char q[300];
        size_t m = 0;
        for (const char *s = hs_report_data_cell(t, r, ca); *s && m + 2 < sizeof q; s++)
            if (*s != '"' && (unsigned char)*s >= 0x20)
                q[m++] = *s;
        q[m] = '\0';
        fprintf(d, "%zu", k++);
        hs_report_gnuplot_dat_num(d, a);
        hs_report_gnuplot_dat_num(d, b);
        fprintf(d, " \"%s\"\n", q);
        lo = fmin(lo, fmin(isfinite(a) ? a : lo, isfinite(b) ? b : lo));
        hi = fmax(hi, fmax(isfinite(a) ? a : hi, isfinite(b) ? b : hi));
    }
    if (hs_report_gnuplot_dat_close(G, d, "n_tornado.dat") || k == 0 || !isfinite(base))
        return;
    lo = fmin(lo, base);
    hi = fmax(hi, base);
    double pad = (hi - lo) * 0.08 + 1;
    FILE *f = hs_report_gnuplot_open(G, "n_tornado", "N needed at each axis's first and last value");
    if (!f)
        return;
    fprintf(f,
            "set title 'N for power %s at each axis value (N tornado)'\nset xlabel 'patients "
            "randomised (N)'\nset xrange [%g:%g]\n"
            "set yrange [-0.7:%zu.7]\nset ytics scale 0\nset grid noytics\n"
            "set style fill solid 0.8 noborder\nset key outside below center horizontal\n"
            "base = %.10g\n"
            "set arrow from first base, graph 0 to first base, graph 1 nohead lw 1.5 lc "
            "rgb '#444444'\n"
            "plot 'n_tornado.dat' using (($2+base)/2):1:(base<$2?base:$2):(base<$2?$2:base):"
            "($1-0.35):($1+0.35):ytic(4) with boxxyerror lc rgb '#3182bd' title 'first value', \\\n"
            "     '' using (($3+base)/2):1:(base<$3?base:$3):(base<$3?$3:base):($1-0.35):"
            "($1+0.35) with boxxyerror lc rgb '#e6550d' title 'last value'\n",
            tp, lo - pad, hi + pad, k - 1, base);
    char cap[512];
    snprintf(cap, sizeof cap,
             "Smallest N reaching power %s (the plan search at each point, tornado.csv "
             "n_target_%s_at_first and _at_last) at each axis's first (blue) and last (orange) "
             "value, the others at base; vertical line: the base case's N (%.0f). An axis "
             "value whose N was not reached by [plan] n_max has no bar.",
             tp, tp, base);
    hs_report_gnuplot_close(G, f, "n_tornado", "N tornado", cap);
}

/* sweep.csv (long format: point, axis, value, n, power; one row per point,
 * N and varied axis) of a grid over exactly two axes: heat map of power at
 * the first N. */
/* Row r of sweep.csv is at its point's first N (rows of a point are
 * contiguous). */
static int first_n(hs_csvtab *t, size_t r, int cpt, int cn)
{
    if (cn < 0)
        return 1;
    size_t q = r;
    while (q > 0 && !strcmp(hs_report_data_cell(t, q - 1, cpt), hs_report_data_cell(t, r, cpt)))
        q--;
    return !strcmp(hs_report_data_cell(t, q, cn), hs_report_data_cell(t, r, cn));
}

static void plot_heatmap(hs_report_gnuplot *G)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->sweep;
    int cpt = hs_report_data_col(t, "point"), cax = hs_report_data_col(t, "axis"),
        cv = hs_report_data_col(t, "value"), cn = hs_report_data_col(t, "n"),
        cp = hs_report_data_col(t, "power");
    if (!t || cpt < 0 || cax < 0 || cv < 0 || cp < 0)
        return;
    size_t nr = hs_report_data_nrows(t);
    const char *n0 = hs_report_data_cell(t, 0, cn);
    /* the two axes, in order of appearance */
    const char *ax[2] = {NULL, NULL};
    for (size_t r = 0; r < nr; r++) {
        const char *a = hs_report_data_cell(t, r, cax);
        if (!strcmp(a, "base") || (ax[0] && !strcmp(a, ax[0])) || (ax[1] && !strcmp(a, ax[1])))
            continue;
        if (ax[1]) {
            hs_sbuf_printf(G->notes, "<li>sweep.csv varies more than two axes: no heat map "
                                     "(see the table).</li>\n");
            return;
        }
        ax[ax[0] ? 1 : 0] = a;
    }
    if (!ax[1])
        return;
    /* per point at N = n0: level index on each axis, and power */
    size_t *lev[2] = {malloc(nr * sizeof(size_t)), malloc(nr * sizeof(size_t))};
    double *cell = malloc(nr * 3 * sizeof *cell);
    size_t nl[2] = {0, 0}, nc = 0;
    int nvaries = 0; /* an axis over design.n: the cells' N differ */
    if (!lev[0] || !lev[1] || !cell)
        goto out;
    for (size_t r = 0; r < nr; r++) {
        if (!first_n(t, r, cpt, cn))
            continue;
        if (cn >= 0 && strcmp(hs_report_data_cell(t, r, cn), n0) != 0)
            nvaries = 1;
        int k = !strcmp(hs_report_data_cell(t, r, cax), ax[0])   ? 0
                : !strcmp(hs_report_data_cell(t, r, cax), ax[1]) ? 1
                                                                 : -1;
        if (k < 0)
            continue;
        size_t j = 0;
        while (j < nl[k] &&
               strcmp(hs_report_data_cell(t, lev[k][j], cv), hs_report_data_cell(t, r, cv)) != 0)
            j++;
        if (j == nl[k])
            lev[k][nl[k]++] = r;
        /* the point's cell: the row of the same point on the other axis */
        for (size_t q = 0; k == 0 && q < nr; q++) {
            if (strcmp(hs_report_data_cell(t, q, cpt), hs_report_data_cell(t, r, cpt)) ||
                strcmp(hs_report_data_cell(t, q, cax), ax[1]) ||
                !first_n(t, q, cpt, cn))
                continue;
            size_t jj = 0;
            while (jj < nl[1] && strcmp(hs_report_data_cell(t, lev[1][jj], cv),
                                        hs_report_data_cell(t, q, cv)) != 0)
                jj++;
            if (jj == nl[1])
                lev[1][nl[1]++] = q;
            cell[3 * nc] = (double)j;
            cell[3 * nc + 1] = (double)jj;
            cell[3 * nc + 2] = hs_report_data_num(t, r, cp);
            nc++;
            break;
        }
    }
    if (nc < 2)
        goto out; /* a one-way design: the tornado chart shows it */
    FILE *d = hs_report_gnuplot_dat_open(G, "heatmap.dat");
    if (!d)
        goto out;
    fprintf(d, "# x y power (x, y: level indices of %s, %s; n = %s)\n", ax[0], ax[1], n0);
    for (size_t i = 0; i < nc; i++) {
        fprintf(d, "%.0f %.0f", cell[3 * i], cell[3 * i + 1]);
        hs_report_gnuplot_dat_num(d, cell[3 * i + 2]);
        fprintf(d, "\n");
    }
    if (hs_report_gnuplot_dat_close(G, d, "heatmap.dat"))
        goto out;
    FILE *f = hs_report_gnuplot_open(G, "heatmap", "two-way sweep: power over two axes");
    if (!f)
        goto out;
    /* the colour scale spans the observed powers; the target power (summary.json
     * target_power, else the config's [plan] target_power) outlines the cells
     * that reach it */
    double pmin = INFINITY, pmax = -INFINITY, target = NAN;
    for (size_t i = 0; i < nc; i++)
        if (isfinite(cell[3 * i + 2])) {
            pmin = fmin(pmin, cell[3 * i + 2]);
            pmax = fmax(pmax, cell[3 * i + 2]);
        }
    if (!(pmax > pmin)) {
        pmin = isfinite(pmin) ? pmin - 0.01 : 0;
        pmax = isfinite(pmax) ? pmax + 0.01 : 1;
    }
    json_t *tpj = D->summary ? json_object_get(D->summary, "target_power") : NULL;
    char tv[256];
    if (json_is_array(tpj) && json_is_number(json_array_get(tpj, 0)))
        target = json_number_value(json_array_get(tpj, 0));
    else if (hs_report_data_cfg_get(D, "plan", "target_power", tv, sizeof tv) == 0)
        target = strtod(tv, NULL);
    if (!(target > 0 && target < 1))
        target = NAN;
    char a0[140], a1[140];
    hs_report_gnuplot_quote(a0, sizeof a0, ax[0]);
    hs_report_gnuplot_quote(a1, sizeof a1, ax[1]);
    fprintf(f,
            "set title 'Power over %s and %s%s%s%s'\nset xlabel '%s'\nset ylabel '%s'\n"
            "set xrange [-0.5:%zu.5]\nset yrange [-0.5:%zu.5]\nset grid noxtics noytics\n"
            "set cbrange [%.6g:%.6g]\nset cblabel 'power'\nset key outside below center\n"
            "set palette defined (0 '#f7fbff', 0.5 '#6baed6', 0.8 '#2171b5', 1 '#08306b')\n"
            "set style fill solid 1 noborder\n"
            "set style textbox opaque fc rgb 'white' noborder\n",
            a0, a1, nvaries ? "" : " (N = ", nvaries ? "" : n0, nvaries ? "" : ")", a0, a1,
            nl[0] - 1, nl[1] - 1, pmin, pmax);
    for (int k = 0; k < 2; k++) {
        fprintf(f, "set %stics (", k ? "y" : "x");
        for (size_t j = 0; j < nl[k]; j++) {
            char q[200];
            hs_report_gnuplot_quote(q, sizeof q, hs_report_data_cell(t, lev[k][j], cv));
            fprintf(f, "%s'%s' %zu", j ? ", " : "", q, j);
        }
        fprintf(f, ")\n");
    }
    fprintf(f, "plot 'heatmap.dat' using 1:2:($1-0.5):($1+0.5):($2-0.5):($2+0.5):3 with "
               "boxxyerror fc palette notitle, \\\n"
               "     '' using 1:2:(sprintf('%%.2f', $3)) with labels boxed font ',11' notitle");
    if (isfinite(target))
        fprintf(f, ", \\\n     '' using ($3>=%.10g?$1:1/0):2:($1-0.45):($1+0.45):($2-0.45):"
                   "($2+0.45) with boxxyerror fs empty border lc rgb '#d62728' lw 3 lc rgb "
                   "'#d62728' title 'power >= target %g'",
                target, target);
    fprintf(f, "\n");
    char cap[640], tcap[160] = "";
    if (isfinite(target))
        snprintf(tcap, sizeof tcap, "; red outline: the cells whose power reaches the target %g",
                 target);
    snprintf(cap, sizeof cap,
             "Simulated power at each combination of the two swept axes at %s%s (sweep.csv); "
             "the colour scale spans the observed range %.3f to %.3f%s.",
             nvaries ? "each point's N" : "N = ", nvaries ? "" : n0, pmin, pmax, tcap);
    hs_report_gnuplot_close(G, f, "heatmap", "Sweep heat map", cap);
out:
    free(lev[0]);
    free(lev[1]);
    free(cell);
}

void hs_report_sweep_draw(hs_report_gnuplot *G)
{
    plot_tornado(G);
    plot_n_tornado(G);
    plot_heatmap(G);
}
