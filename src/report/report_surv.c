/* report_surv.c — plots/survival_control and survival_experimental (see report_surv.h). */
#include "report_surv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_gnuplot.h"

/* Survival-curve distribution of arm a in the headline scenario. */
void hs_report_surv_draw(hs_report_gnuplot *G, int a)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->km;
    if (!t)
        return;
    int cs = hs_report_data_col(t, "scenario"), ca = hs_report_data_col(t, "arm"),
        ct = hs_report_data_col(t, "time");
    const char *qn[5] = {"q025", "q250", "q500", "q750", "q975"};
    int cq[5];
    for (int k = 0; k < 5; k++)
        cq[k] = hs_report_data_col(t, qn[k]);
    if (cs < 0 || ca < 0 || ct < 0 || cq[0] < 0 || cq[4] < 0)
        return;
    char name[32], dname[48], oname[48], tname[48];
    snprintf(name, sizeof name, "survival_%s", a == 0 ? "control" : "experimental");
    snprintf(dname, sizeof dname, "%s.dat", name);
    snprintf(oname, sizeof oname, "%s_other.dat", name);
    snprintf(tname, sizeof tname, "%s_targets.dat", name);
    FILE *d = hs_report_gnuplot_dat_open(G, dname), *o = hs_report_gnuplot_dat_open(G, oname);
    if (!d || !o) {
        if (d)
            fclose(d);
        if (o)
            fclose(o);
        return;
    }
    fprintf(d,
            "# arm %s, scenario %s: time q025 q250 q500 q750 q975 of the per-trial KM estimate\n",
            D->arm[a], D->scen);
    fprintf(o, "# arm %s, scenario %s: time q500\n", D->arm[1 - a], D->scen);
    double tmax = 0;
    int rows = 0;
    for (size_t r = 0; r < hs_report_data_nrows(t); r++) {
        if (strcmp(hs_report_data_cell(t, r, cs), D->scen) != 0)
            continue;
        double tm = hs_report_data_num(t, r, ct);
        if (!strcmp(hs_report_data_cell(t, r, ca), D->arm[a])) {
            fprintf(d, "%.10g", tm);
            for (int k = 0; k < 5; k++)
                hs_report_gnuplot_dat_num(d, hs_report_data_num(t, r, cq[k]));
            fprintf(d, "\n");
            rows++;
            if (tm > tmax)
                tmax = tm;
        } else if (!strcmp(hs_report_data_cell(t, r, ca), D->arm[1 - a])) {
            fprintf(o, "%.10g", tm);
            hs_report_gnuplot_dat_num(o, hs_report_data_num(t, r, cq[2]));
            fprintf(o, "\n");
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
    char arm_q[140], other_q[140];
    hs_report_gnuplot_quote(arm_q, sizeof arm_q, D->arm[a]);
    hs_report_gnuplot_quote(other_q, sizeof other_q, D->arm[1 - a]);
    FILE *f = hs_report_gnuplot_open(G, name, "survival-curve distribution of one arm");
    if (!f)
        return;
    fprintf(f,
            "set title '%s (%s arm): Kaplan-Meier estimate across simulated trials'\n"
            "set xlabel 'months since randomisation'\n"
            "set ylabel 'overall survival'\n"
            "set xrange [0:%g]\nset yrange [0:1.02]\n"
            "set xtics 12\nset ytics 0.1\n"
            "set key outside below center horizontal maxcols 3 samplen 2\n"
            "plot '%s' using 1:2:6 with filledcurves fc rgb '#c6dbef' title '95%% of trials', \\\n"
            "     '' using 1:3:5 with filledcurves fc rgb '#6baed6' title '50%% of trials', \\\n"
            "     '' using 1:4 with lines lw 2.5 lc rgb '#08306b' title 'median curve', \\\n"
            "     '%s' using 1:2 with lines dt 2 lw 1.5 lc rgb '#888888' title 'median, %s'",
            arm_q, a == 0 ? "control" : "experimental", tmax > 0 ? tmax : 1, dname, oname, other_q);
    if (tg.n)
        fprintf(f,
                ", \\\n     '%s' using 1:2 with points pt 7 ps 1.6 lc rgb '#d62728' "
                "title 'published landmarks'",
                tname);
    fprintf(f, "\n");
    char title[160], cap[1024];
    snprintf(title, sizeof title, "Survival curves: %s", D->arm[a]);
    hs_sbuf c = {0};
    hs_sbuf_printf(&c, "Per-trial Kaplan&ndash;Meier estimate of overall survival in the ");
    hs_report_data_html_esc(&c, D->arm[a]);
    hs_sbuf_printf(&c,
                   " arm (scenario %s): median curve, central 50%% and 95%% of simulated "
                   "trials; dashed: the median curve of ",
                   D->scen);
    hs_report_data_html_esc(&c, D->arm[1 - a]);
    hs_sbuf_printf(&c, ".");
    if (tg.n) {
        hs_sbuf_printf(&c, " Red points: the published landmarks the arm's model was calibrated "
                           "to (");
        hs_report_data_html_esc(&c, tg.source);
        hs_sbuf_printf(&c, "); the point at S = 0.5 marks the published median.");
    }
    hs_report_data_scopy(cap, sizeof cap, c.s ? c.s : "");
    hs_sbuf_free(&c);
    hs_report_gnuplot_close(G, f, name, title, cap);
}
