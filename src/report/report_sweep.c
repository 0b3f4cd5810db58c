/* report_sweep.c — plots/tornado and heatmap (see report_sweep.h). */
#include "report_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_gnuplot.h"

/* tornado.csv: one row per parameter, the outcome at its low and high value. */
static void plot_tornado(hs_report_gnuplot *G)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->tornado;
    if (!t)
        return;
    static const char *pn[] = {"parameter", "axis", "key", "factor", "name", NULL},
                      *ln[] = {"power_low", "low_power", "value_low", "low", NULL},
                      *hn[] = {"power_high", "high_power", "value_high", "high", NULL},
                      *bn[] = {"power_base", "base_power", "baseline", "base", NULL},
                      *lv[] = {"low_value", "level_low", "x_low", NULL},
                      *hv[] = {"high_value", "level_high", "x_high", NULL};
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
            "($1-0.35):($1+0.35):ytic(4) with boxxyerror lc rgb '#3182bd' title 'low value', \\\n"
            "     '' using (($3+base)/2):1:(base<$3?base:$3):(base<$3?$3:base):($1-0.35):"
            "($1+0.35) with boxxyerror lc rgb '#e6550d' title 'high value'\n");
    char cap[512];
    snprintf(cap, sizeof cap,
             "Power at each swept axis's first (blue) and last (orange) value, the others at "
             "their base values, at N = %s; vertical line: the base case. Widest swing on top.",
             n0);
    hs_report_gnuplot_close(G, f, "tornado", "Tornado chart", cap);
}

/* sweep.csv (long format: point, axis, value, n, power; one row per point,
 * N and varied axis) of a grid over exactly two axes: heat map of power at
 * the first N. */
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
    if (!lev[0] || !lev[1] || !cell)
        goto out;
    for (size_t r = 0; r < nr; r++) {
        if (cn >= 0 && strcmp(hs_report_data_cell(t, r, cn), n0) != 0)
            continue;
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
                (cn >= 0 && strcmp(hs_report_data_cell(t, q, cn), n0)))
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
    char a0[140], a1[140];
    hs_report_gnuplot_quote(a0, sizeof a0, ax[0]);
    hs_report_gnuplot_quote(a1, sizeof a1, ax[1]);
    fprintf(f,
            "set title 'Power over %s and %s (N = %s)'\nset xlabel '%s'\nset ylabel '%s'\n"
            "set xrange [-0.5:%zu.5]\nset yrange [-0.5:%zu.5]\nset grid noxtics noytics\n"
            "set cbrange [0:1]\nset cblabel 'power'\n"
            "set palette defined (0 '#f7fbff', 0.5 '#6baed6', 0.8 '#2171b5', 1 '#08306b')\n"
            "set style fill solid 1 noborder\n"
            "set style textbox opaque fc rgb 'white' noborder\n",
            a0, a1, n0, a0, a1, nl[0] - 1, nl[1] - 1);
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
               "boxxyerror fc palette, \\\n"
               "     '' using 1:2:(sprintf('%%.2f', $3)) with labels boxed font ',11'\n");
    char cap[512];
    snprintf(cap, sizeof cap,
             "Simulated power at each combination of the two swept axes at N = %s (sweep.csv).",
             n0);
    hs_report_gnuplot_close(G, f, "heatmap", "Sweep heat map", cap);
out:
    free(lev[0]);
    free(lev[1]);
    free(cell);
}

void hs_report_sweep_draw(hs_report_gnuplot *G)
{
    plot_tornado(G);
    plot_heatmap(G);
}
