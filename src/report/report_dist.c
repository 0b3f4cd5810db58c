/* report_dist.c — plots/hr, median_os, duration and events (see report_dist.h). */
#include "report_dist.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_gnuplot.h"

#define DIST_TAIL 0.005 /* the displayed range: the 0.5% to 99.5% quantiles */

/* Histogram of one quantity (hist.csv rows of the headline scenario);
 * arms == 2: the two arms overlaid. The displayed bins run from the one
 * holding the 0.5% quantile to the one holding the 99.5% quantile; the
 * trials outside are counted in a label ("n trials above X"), never piled
 * into the end bins. Returns 1 if drawn. */
static int plot_hist(hs_report_gnuplot *G, const char *name, const char *quantity, int arms,
                     const char *title, const char *xlabel, const char *caption, double vline)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->hist;
    int cs = hs_report_data_col(t, "scenario"), cqn = hs_report_data_col(t, "quantity"),
        ca = hs_report_data_col(t, "arm"), cl = hs_report_data_col(t, "lo"),
        chh = hs_report_data_col(t, "hi"), cc = hs_report_data_col(t, "count");
    if (!t || cs < 0 || cqn < 0 || ca < 0 || cl < 0 || chh < 0 || cc < 0)
        return 0;
    int drawn = 0;
    char dnames[2][64], outside[2][2][160];
    memset(outside, 0, sizeof outside);
    for (int a = 0; a < arms; a++) {
        snprintf(dnames[a], sizeof dnames[a], arms == 2 ? "%s_%d.dat" : "%s.dat", name, a);
        double total = 0;
        for (size_t r = 0; r < hs_report_data_nrows(t); r++)
            if (!strcmp(hs_report_data_cell(t, r, cs), D->scen) &&
                !strcmp(hs_report_data_cell(t, r, cqn), quantity) &&
                (arms == 1 || !strcmp(hs_report_data_cell(t, r, ca), D->arm[a])))
                total += hs_report_data_num(t, r, cc);
        if (!(total > 0))
            continue;
        FILE *d = hs_report_gnuplot_dat_open(G, dnames[a]);
        if (!d)
            return 0;
        fprintf(d,
                "# %s%s%s, scenario %s: bin_centre share_per_unit bin_width count; the bins "
                "holding the 0.5%% to 99.5%% quantiles (the rest: the label)\n",
                quantity, arms == 2 ? ", arm " : "", arms == 2 ? D->arm[a] : "", D->scen);
        double cum = 0, below = 0, above = 0, xlo = NAN, xhi = NAN;
        for (size_t r = 0; r < hs_report_data_nrows(t); r++) {
            if (strcmp(hs_report_data_cell(t, r, cs), D->scen) != 0 ||
                strcmp(hs_report_data_cell(t, r, cqn), quantity) != 0 ||
                (arms == 2 && strcmp(hs_report_data_cell(t, r, ca), D->arm[a]) != 0))
                continue;
            double lo = hs_report_data_num(t, r, cl), hi = hs_report_data_num(t, r, chh),
                   k = hs_report_data_num(t, r, cc);
            if (!isfinite(lo) || !isfinite(hi) || !(hi > lo) || !isfinite(k))
                continue;
            double before = cum;
            cum += k;
            if (cum <= DIST_TAIL * total) { /* wholly below the 0.5% quantile */
                below += k;
                continue;
            }
            if (before >= (1 - DIST_TAIL) * total) { /* wholly above the 99.5% quantile */
                above += k;
                continue;
            }
            if (isnan(xlo))
                xlo = lo;
            xhi = hi;
            fprintf(d, "%.10g %.10g %.10g %.10g\n", 0.5 * (lo + hi), k / total / (hi - lo),
                    hi - lo, k);
        }
        /* trials whose value is not in hist.csv (e.g. a median not reached) stay out */
        if (hs_report_gnuplot_dat_close(G, d, dnames[a]))
            return 0;
        const char *who = arms == 2 ? D->arm[a] : "";
        if (below > 0)
            snprintf(outside[a][0], sizeof outside[a][0], "%s%s%.0f trial%s below %.4g", who,
                     *who ? ": " : "", below, below == 1 ? "" : "s", xlo);
        if (above > 0)
            snprintf(outside[a][1], sizeof outside[a][1], "%s%s%.0f trial%s above %.4g", who,
                     *who ? ": " : "", above, above == 1 ? "" : "s", xhi);
        drawn |= 1 << a;
    }
    if (!drawn)
        return 0;
    FILE *f = hs_report_gnuplot_open(G, name, title);
    if (!f)
        return 0;
    static const char *col[2] = {"#3182bd", "#e6550d"};
    char tq[200];
    hs_report_gnuplot_quote(tq, sizeof tq, title);
    fprintf(f,
            "set title '%s'\nset xlabel '%s'\nset ylabel 'density'\nset yrange [0:*]\n"
            "set offsets graph 0.02, graph 0.02, graph 0.18, 0\n"
            "set style fill transparent solid 0.45 border\n",
            tq, xlabel);
    if (arms == 2) /* one quantity: its name is the title, no key */
        fprintf(f, "set key outside below center horizontal maxcols 3 samplen 2\n");
    /* the trials outside the displayed range, as labels in the top corners */
    int nl[2] = {0, 0};
    for (int a = 0; a < arms; a++)
        for (int side = 0; side < 2; side++) {
            if (!outside[a][side][0])
                continue;
            char lq[200];
            hs_report_gnuplot_quote(lq, sizeof lq, outside[a][side]);
            fprintf(f, "set label '%s' at graph %s, graph %g %s front tc rgb '#444444'\n", lq,
                    side ? "0.98" : "0.02", 0.95 - 0.07 * nl[side], side ? "right" : "left");
            nl[side]++;
        }
    if (isfinite(vline)) /* the reference line always in view */
        fprintf(f, "set xrange [*<%g:%g<*]\n", vline - 0.02 * fabs(vline), vline + 0.02 * fabs(vline));
    if (isfinite(vline))
        fprintf(f,
                "set arrow from first %g, graph 0 to first %g, graph 1 nohead dt 2 lc rgb "
                "'#444444'\n",
                vline, vline);
    fprintf(f, "plot ");
    int first = 1;
    for (int a = 0; a < arms; a++) {
        if (!(drawn & (1 << a)))
            continue;
        char aq[140];
        hs_report_gnuplot_quote(aq, sizeof aq, arms == 2 ? D->arm[a] : quantity);
        fprintf(f, "%s'%s' using 1:2:3 with boxes lc rgb '%s'", first ? "" : ", \\\n     ",
                dnames[a], col[arms == 2 ? a : 0]);
        if (arms == 2)
            fprintf(f, " title '%s'", aq);
        first = 0;
    }
    fprintf(f, "\n");
    char cap[1200];
    snprintf(cap, sizeof cap,
             "%s Shown: the 0.5%%&ndash;99.5%% quantile range of the simulated trials; the "
             "trials outside it are counted in the corners.",
             caption);
    hs_report_gnuplot_close(G, f, name, title, cap);
    return 1;
}

/* Box-and-whisker fallback from estimates.csv quantiles (no hist.csv). */
static void plot_quant(hs_report_gnuplot *G, const char *name, const char *quantity, int arms,
                       const char *title, const char *xlabel, const char *caption)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->est;
    int cs = hs_report_data_col(t, "scenario"), cqn = hs_report_data_col(t, "quantity"),
        ca = hs_report_data_col(t, "arm");
    if (!t || cs < 0 || cqn < 0 || ca < 0)
        return;
    char dname[80];
    snprintf(dname, sizeof dname, "%s.dat", name);
    FILE *d = hs_report_gnuplot_dat_open(G, dname);
    if (!d)
        return;
    fprintf(d, "# %s, scenario %s: index q025 q250 q500 q750 q975 label\n", quantity, D->scen);
    int rows = 0;
    for (int a = 0; a < arms; a++)
        for (size_t r = 0; r < hs_report_data_nrows(t); r++) {
            if (strcmp(hs_report_data_cell(t, r, cs), D->scen) ||
                strcmp(hs_report_data_cell(t, r, cqn), quantity) ||
                (arms == 2 && strcmp(hs_report_data_cell(t, r, ca), D->arm[a])))
                continue;
            fprintf(d, "%d", a);
            static const char *qn[5] = {"q025", "q250", "q500", "q750", "q975"};
            for (int k = 0; k < 5; k++)
                hs_report_gnuplot_dat_num(d, hs_report_data_num_by(t, r, qn[k]));
            fprintf(d, " \"%s\"\n", arms == 2 ? D->arm[a] : quantity);
            rows +=
                isfinite(hs_report_data_num_by(t, r, "q500")); /* gnuplot refuses all-NaN data */
            break;
        }
    if (hs_report_gnuplot_dat_close(G, d, dname))
        return;
    if (rows == 0) {
        hs_sbuf_printf(G->notes,
                       "<li>%s: no simulated trial gave a finite value; not drawn.</li>\n", title);
        return;
    }
    FILE *f = hs_report_gnuplot_open(G, name, title);
    if (!f)
        return;
    char tq[200];
    hs_report_gnuplot_quote(tq, sizeof tq, title);
    fprintf(f,
            "set title '%s (quantiles)'\nset ylabel '%s'\nset xrange [-0.6:%d.6]\n"
            "set boxwidth 0.4\nset style fill solid 0.4 border\n"
            "plot '%s' using 1:3:2:6:5:xtic(7) with candlesticks whiskerbars lc rgb '#3182bd', \\\n"
            "     '' using 1:4:4:4:4 with candlesticks lw 2 lc rgb '#08306b'\n",
            tq, xlabel, arms - 1, dname);
    (void)caption;
    hs_report_gnuplot_close(
        G, f, name, title,
        "Quantiles over simulated trials (estimates.csv): box 25&ndash;75%, whiskers "
        "2.5&ndash;97.5%, line the median.");
}

static int est_sd_positive(const hs_report_gnuplot *G, const char *quantity)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->est;
    int cs = hs_report_data_col(t, "scenario"), cqn = hs_report_data_col(t, "quantity");
    for (size_t r = 0; t && r < hs_report_data_nrows(t); r++)
        if (!strcmp(hs_report_data_cell(t, r, cs), D->scen) &&
            !strcmp(hs_report_data_cell(t, r, cqn), quantity))
            return hs_report_data_num_by(t, r, "sd") > 0;
    return 0;
}

void hs_report_dist_draw(hs_report_gnuplot *G)
{
    struct {
        const char *name, *q;
        int arms;
        const char *title, *xlabel, *cap;
        double vline;
    } d[] = {
        {"hr", "hr", 1, "Hazard ratio estimate", "hazard ratio (experimental / control)",
         "Distribution of the trial's hazard-ratio estimate over simulated trials; dashed line: "
         "HR = 1.",
         1.0},
        {"median_os", "median_os", 2, "Median overall survival per arm", "months",
         "Distribution of the Kaplan&ndash;Meier median OS of each arm over simulated trials "
         "(trials whose curve does not reach 0.5 are left out).",
         NAN},
        {"duration", "duration", 1, "Study duration", "months from first patient in to analysis",
         "Distribution of the time from the first patient's entry to the analysis.", NAN},
        {"events", "events", 1, "Events at analysis", "events",
         "Distribution of the number of events at the analysis.", NAN},
    };
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
        if (!strcmp(d[i].q, "events") && !est_sd_positive(G, "events"))
            continue; /* fixed by an event-driven analysis */
        if (!plot_hist(G, d[i].name, d[i].q, d[i].arms, d[i].title, d[i].xlabel, d[i].cap,
                       d[i].vline))
            plot_quant(G, d[i].name, d[i].q, d[i].arms, d[i].title, d[i].xlabel, d[i].cap);
    }
}
