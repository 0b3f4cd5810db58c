/* report_surv.c — plots/survival_control and survival_experimental (see report_surv.h). */
#include "report_surv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_gnuplot.h"

#define SURV_TICKS_MAX 64

/* km_bands.csv's columns. */
typedef struct kmcols {
    int s, a, t, q[5], risk, any;
} kmcols;

static int kmcols_find(const hs_csvtab *t, kmcols *c)
{
    static const char *qn[5] = {"q025", "q250", "q500", "q750", "q975"};
    c->s = hs_report_data_col(t, "scenario");
    c->a = hs_report_data_col(t, "arm");
    c->t = hs_report_data_col(t, "time");
    for (int k = 0; k < 5; k++)
        c->q[k] = hs_report_data_col(t, qn[k]);
    c->risk = hs_report_data_col(t, "at_risk_mean");
    c->any = hs_report_data_col(t, "at_risk_any");
    return c->s < 0 || c->a < 0 || c->t < 0 || c->q[0] < 0 || c->q[4] < 0 ? -1 : 0;
}

/* Row r is of the headline scenario and arm `arm`. */
static int row_of(const hs_report_data *D, const kmcols *c, size_t r, const char *arm)
{
    return !strcmp(hs_report_data_cell(D->km, r, c->s), D->scen) &&
           !strcmp(hs_report_data_cell(D->km, r, c->a), arm);
}

/* The last time of arm `arm` with follow-up: grid times up to (not
 * including) the first where fewer than half of the replicates have anyone
 * at risk; INFINITY without the at_risk_any column (older results). */
static double followup_end(const hs_report_data *D, const kmcols *c, const char *arm)
{
    if (c->any < 0)
        return INFINITY;
    double last = -INFINITY;
    for (size_t r = 0; r < hs_report_data_nrows(D->km); r++) {
        if (!row_of(D, c, r, arm))
            continue;
        double any = hs_report_data_num(D->km, r, c->any);
        if (!(any >= 0.5))
            break;
        last = hs_report_data_num(D->km, r, c->t);
    }
    return last;
}

/* Mean number at risk in arm `arm` at time tm (NAN if no such grid time). */
static double risk_at(const hs_report_data *D, const kmcols *c, const char *arm, double tm)
{
    for (size_t r = 0; c->risk >= 0 && r < hs_report_data_nrows(D->km); r++)
        if (row_of(D, c, r, arm) && fabs(hs_report_data_num(D->km, r, c->t) - tm) < 1e-9)
            return hs_report_data_num(D->km, r, c->risk);
    return NAN;
}

/* Axis tick spacing for a horizon of tmax months: 3, 6, 12, 24, ... months,
 * at most 10 steps. */
static double tick_step(double tmax)
{
    double step = 3;
    while (tmax / step > 10 && step < 1e6)
        step *= 2;
    return step;
}

/* Survival-curve distribution of arm a in the headline scenario. */
void hs_report_surv_draw(hs_report_gnuplot *G, int a)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->km;
    kmcols c;
    if (!t || kmcols_find(t, &c) != 0)
        return;
    char name[32], dname[48], oname[48], tname[48], rname[48];
    snprintf(name, sizeof name, "survival_%s", a == 0 ? "control" : "experimental");
    snprintf(dname, sizeof dname, "%s.dat", name);
    snprintf(oname, sizeof oname, "%s_other.dat", name);
    snprintf(tname, sizeof tname, "%s_targets.dat", name);
    snprintf(rname, sizeof rname, "%s_atrisk.dat", name);
    double end[2] = {followup_end(D, &c, D->arm[0]), followup_end(D, &c, D->arm[1])};
    FILE *d = hs_report_gnuplot_dat_open(G, dname), *o = hs_report_gnuplot_dat_open(G, oname);
    if (!d || !o) {
        if (d)
            fclose(d);
        if (o)
            fclose(o);
        return;
    }
    fprintf(d,
            "# arm %s, scenario %s: time q025 q250 q500 q750 q975 of the per-trial KM estimate, "
            "at_risk_mean at_risk_any; up to the end of follow-up (at_risk_any >= 0.5)\n",
            D->arm[a], D->scen);
    fprintf(o, "# arm %s, scenario %s: time q500, up to the end of follow-up\n", D->arm[1 - a],
            D->scen);
    double tmax = 0;
    int rows = 0;
    for (size_t r = 0; r < hs_report_data_nrows(t); r++) {
        if (strcmp(hs_report_data_cell(t, r, c.s), D->scen) != 0)
            continue;
        double tm = hs_report_data_num(t, r, c.t);
        if (tm > tmax)
            tmax = tm;
        for (int w = 0; w < 2; w++) {
            if (strcmp(hs_report_data_cell(t, r, c.a), D->arm[w]) != 0 || !(tm <= end[w]))
                continue;
            if (w == a) {
                fprintf(d, "%.10g", tm);
                for (int k = 0; k < 5; k++)
                    hs_report_gnuplot_dat_num(d, hs_report_data_num(t, r, c.q[k]));
                hs_report_gnuplot_dat_num(d, hs_report_data_num(t, r, c.risk));
                hs_report_gnuplot_dat_num(d, hs_report_data_num(t, r, c.any));
                fprintf(d, "\n");
                rows++;
            } else {
                fprintf(o, "%.10g", tm);
                hs_report_gnuplot_dat_num(o, hs_report_data_num(t, r, c.q[2]));
                fprintf(o, "\n");
            }
        }
    }
    if (hs_report_gnuplot_dat_close(G, d, dname) || hs_report_gnuplot_dat_close(G, o, oname) ||
        rows == 0)
        return;
    hs_model_landmarks tg;
    hs_report_data_arm_landmarks(D, a, &tg);
    if (tg.n) {
        FILE *tf = hs_report_gnuplot_dat_open(G, tname);
        if (!tf)
            return;
        fprintf(tf, "# published landmarks (%s): time survival\n", tg.source);
        for (int k = 0; k < tg.n; k++)
            fprintf(tf, "%.10g %.10g\n", tg.t[k], tg.s[k]);
        if (hs_report_gnuplot_dat_close(G, tf, tname))
            return;
    }
    /* numbers at risk at the ticks (grid times that are multiples of the step) */
    double step = tick_step(tmax), tick[SURV_TICKS_MAX], nr[2][SURV_TICKS_MAX];
    int ntick = 0;
    for (int k = 0; c.risk >= 0 && ntick < SURV_TICKS_MAX && k * step <= tmax + 1e-9; k++) {
        double x = k * step, v0 = risk_at(D, &c, D->arm[0], x), v1 = risk_at(D, &c, D->arm[1], x);
        if (!isfinite(v0) || !isfinite(v1))
            continue;
        tick[ntick] = x;
        nr[0][ntick] = v0;
        nr[1][ntick++] = v1;
    }
    if (ntick > 0) {
        FILE *rf = hs_report_gnuplot_dat_open(G, rname);
        if (!rf)
            return;
        fprintf(rf, "# numbers at risk, scenario %s (mean per simulated trial): time %s %s\n",
                D->scen, D->arm[0], D->arm[1]);
        for (int k = 0; k < ntick; k++)
            fprintf(rf, "%.10g %.10g %.10g\n", tick[k], nr[0][k], nr[1][k]);
        if (hs_report_gnuplot_dat_close(G, rf, rname))
            return;
    }
    char arm_q[140], other_q[140], lab[2][40];
    hs_report_gnuplot_quote(arm_q, sizeof arm_q, D->arm[a]);
    hs_report_gnuplot_quote(other_q, sizeof other_q, D->arm[1 - a]);
    size_t lw = 0;
    for (int w = 0; w < 2; w++) { /* row labels of the table, cut to 16 characters */
        char full[140];
        hs_report_gnuplot_quote(full, sizeof full, D->arm[w]);
        snprintf(lab[w], sizeof lab[w], "%.16s", full);
        lw = strlen(lab[w]) > lw ? strlen(lab[w]) : lw;
    }
    FILE *f = hs_report_gnuplot_open(G, name, "survival-curve distribution of one arm");
    if (!f)
        return;
    fprintf(f, "set title '%s arm: Kaplan-Meier curves of simulated trials'\n"
               "set xlabel 'months since randomisation' offset 0,0.3\n"
               "set ylabel 'overall survival'\n"
               "set xrange [0:%g]\nset yrange [0:1.02]\n"
               "set xtics %g\nset ytics 0.2\n"
               "set key outside top center horizontal maxcols 3 samplen 1.5 width -1\n",
            arm_q, tmax > 0 ? tmax : 1, step);
    if (ntick > 0) {
        /* the table under the axis: rows at fixed screen heights, columns at the ticks */
        fprintf(f, "set lmargin %d\nset bmargin at screen 0.39\n"
                   "set label 'Number at risk (mean per trial)' at graph 0, screen 0.195 left\n",
                (int)lw + 5);
        for (int w = 0; w < 2; w++) {
            double y = w == 0 ? 0.12 : 0.05;
            fprintf(f, "set label '%s' at graph 0, screen %g right offset -2.5,0 tc rgb '%s'\n",
                    lab[w], y, w == a ? "#08306b" : "#666666");
            for (int k = 0; k < ntick; k++)
                fprintf(f, "set label '%.0f' at first %g, screen %g center\n", nr[w][k], tick[k],
                        y);
        }
    }
    fprintf(f,
            "plot '%s' using 1:2:6 with filledcurves fc rgb '#c6dbef' title '95%% of trials', \\\n"
            "     '' using 1:3:5 with filledcurves fc rgb '#6baed6' title '50%% of trials', \\\n"
            "     '' using 1:4 with lines lw 2.5 lc rgb '#08306b' title 'median', \\\n"
            "     '%s' using 1:2 with lines dt 2 lw 1.5 lc rgb '#888888' title 'median, %s'",
            dname, oname, other_q);
    if (tg.n)
        fprintf(f,
                ", \\\n     '%s' using 1:2 with points pt 7 ps 1.6 lc rgb '#d62728' "
                "title 'published'",
                tname);
    fprintf(f, "\n");
    char title[160];
    snprintf(title, sizeof title, "Survival curves: %s", D->arm[a]);
    hs_sbuf cb = {0};
    hs_sbuf_printf(&cb, "Per-trial Kaplan&ndash;Meier estimate of overall survival in the ");
    hs_report_data_html_esc(&cb, D->arm[a]);
    hs_sbuf_printf(&cb,
                   " arm (scenario %s): median curve, central 50%% and 95%% of simulated "
                   "trials; dashed: the median curve of ",
                   D->scen);
    hs_report_data_html_esc(&cb, D->arm[1 - a]);
    hs_sbuf_printf(&cb, ".");
    if (isfinite(end[a]) && end[a] < tmax)
        hs_sbuf_printf(&cb,
                       " The curves stop where follow-up ends: after month %g fewer than half "
                       "of the simulated trials have anyone at risk in this arm.",
                       end[a]);
    if (tg.n) {
        hs_sbuf_printf(&cb, " Red points: the published landmarks the arm's model was calibrated "
                            "to (");
        hs_report_data_html_esc(&cb, tg.source);
        hs_sbuf_printf(&cb, "); the point at S = 0.5 marks the published median.");
    }
    if (ntick > 0) {
        hs_sbuf_printf(&cb, "<table class=\"atrisk\"><thead><tr><th>at risk (mean)</th>");
        for (int k = 0; k < ntick; k++)
            hs_sbuf_printf(&cb, "<th>%g</th>", tick[k]);
        hs_sbuf_printf(&cb, "</tr></thead><tbody>");
        for (int w = 0; w < 2; w++) {
            hs_sbuf_printf(&cb, "<tr><td>");
            hs_report_data_html_esc(&cb, D->arm[w]);
            hs_sbuf_printf(&cb, "</td>");
            for (int k = 0; k < ntick; k++)
                hs_sbuf_printf(&cb, "<td class=\"n\">%.1f</td>", nr[w][k]);
            hs_sbuf_printf(&cb, "</tr>");
        }
        hs_sbuf_printf(&cb, "</tbody></table>");
    }
    hs_report_gnuplot_close(G, f, name, title, cb.s ? cb.s : "");
    hs_sbuf_free(&cb);
}
