/* report_power.c — plots/power_curve (see report_power.h). */
#include "report_power.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_gnuplot.h"
#include "report_prior.h"

/* The x axis: N, or under [plan] solve = followup the searched follow-up
 * (plan.csv "followup"; followup:T) or calendar time (calendar:T). */
typedef struct xaxis {
    int fu;              /* solve = followup */
    const char *xlabel;  /* gnuplot xlabel */
    const char *what;    /* "the number of patients", "the follow-up" ... */
    const char *sym;     /* label of a marked value: "N", "T" */
} xaxis;

static void x_axis(const hs_report_data *D, xaxis *ax)
{
    json_t *pl = D->planj ? json_object_get(D->planj, "plan") : NULL;
    const char *sv = hs_report_data_jstr(pl, "solve");
    ax->fu = D->plan && sv && !strcmp(sv, "followup") && hs_report_data_col(D->plan, "followup") >= 0;
    ax->xlabel = "patients randomised (N)";
    ax->what = "the number of patients";
    ax->sym = "N";
    if (!ax->fu)
        return;
    const char *an = hs_report_data_jstr(json_object_get(D->planj, "design"), "analysis");
    int cal = an && !strcmp(an, "calendar");
    ax->xlabel = cal ? "calendar time of the analysis (months from the first entry)"
                     : "follow-up after the last entry (months)";
    ax->what = cal ? "the analysis time" : "the follow-up";
    ax->sym = cal ? "month" : "T =";
}

/* The target powers to mark, at most 8, into tgt (rec: the recommended N of
 * each, or NAN; fml: under solve = followup the formula's follow-up or
 * analysis time, else NAN): plan.json's "target_power" or "targets", else
 * the config's [plan] target_power. Returns how many. */
static int target_powers(const hs_report_data *D, const xaxis *ax, double tgt[8], double rec[8], double fml[8])
{
    int nt = 0;
    json_t *ja = NULL;
    if (D->planj) {
        ja = json_object_get(D->planj, "target_power");
        if (!ja)
            ja = json_object_get(D->planj, "targets");
    }
    if (json_is_array(ja)) {
        size_t i;
        json_t *x;
        json_array_foreach(ja, i, x)
        {
            json_t *pv = json_is_object(x) ? json_object_get(x, "target_power") : x;
            json_t *rn = json_is_object(x) ? json_object_get(x, ax->fu ? "recommended_followup" : "recommended_n")
                                            : NULL;
            if (json_is_number(pv) && nt < 8) {
                rec[nt] = json_is_number(rn) ? json_number_value(rn) : NAN;
                fml[nt] = NAN;
                if (ax->fu) { /* the formula's follow-up (followup:T) or analysis time (calendar:T) */
                    json_t *an = json_object_get(x, "analytic");
                    fml[nt] = hs_report_data_jnum(an, strcmp(ax->sym, "month") ? "followup" : "expected_analysis_time");
                }
                tgt[nt++] = json_number_value(pv);
            }
        }
    }
    char tv[256];
    if (nt == 0 && hs_report_data_cfg_get(D, "plan", "target_power", tv, sizeof tv) == 0) {
        char *p = tv, *end;
        while (*p && nt < 8) {
            double x = strtod(p, &end);
            if (end == p)
                break;
            if (x > 0 && x < 1) {
                rec[nt] = fml[nt] = NAN;
                tgt[nt++] = x;
            }
            p = end;
            while (*p == ',' || *p == ' ')
                p++;
        }
    }
    return nt;
}

/* The recommended N (or follow-up) of each target, dotted, labelled and
 * stacked; under solve = followup also the formula's value, dash-dotted
 * in blue, its labels stacked above the red ones (the curve is high there). */
static void mark_recommended(FILE *f, const xaxis *ax, const double *tgt, const double *rec, const double *fml,
                             int nt)
{
    for (int k = 0; k < nt; k++)
        if (isfinite(rec[k])) {
            fprintf(f,
                    "set arrow from first %g, graph 0 to first %g, first %g nohead dt 3 lc rgb "
                    "'#d62728'\n",
                    rec[k], rec[k], tgt[k]);
            if (ax->fu)
                fprintf(f, "set label '%s %.1f' at first %g, graph %.2f offset 0.5,0 tc rgb '#d62728'\n", ax->sym,
                        rec[k], rec[k], 0.04 + 0.07 * k);
            else
                fprintf(f, "set label 'N = %g' at first %g, graph %.2f offset 0.5,0 tc rgb '#d62728'\n", rec[k],
                        rec[k], 0.04 + 0.07 * k);
        }
    for (int k = 0; k < nt && ax->fu; k++)
        if (isfinite(fml[k]))
            fprintf(f,
                    "set arrow from first %.10g, graph 0 to first %.10g, graph 1 nohead dt 4 lw 1.2 lc rgb "
                    "'#08519c'\n"
                    "set label 'formula %s %.1f' at first %.10g, graph %.2f offset 0.5,0 tc rgb '#08519c'\n",
                    fml[k], fml[k], ax->sym, fml[k], fml[k], 0.25 + 0.07 * k);
}

/* The curve of a folder with a prior: assurance against N, the power at
 * the point estimates (column 5 of power_curve.dat) when cond, the targets
 * as assurance targets and the ceiling dashed. */
static void assurance_curve(hs_report_gnuplot *G, const xaxis *ax, const char *src, double nmin, double nmax,
                            int cond, const double *tgt, const double *rec, const double *fml, int nt)
{
    const hs_report_data *D = G->data;
    double ceil = D->planj ? hs_report_data_jnum(D->planj, "assurance_ceiling")
                           : hs_report_data_jnum(hs_report_prior_scenario(D), "assurance_ceiling");
    char alt[160], title[160];
    snprintf(alt, sizeof alt, "%s against %s",
             cond ? "assurance and power at the point estimates" : "assurance", ax->what);
    if (ax->fu)
        snprintf(title, sizeof title, "%s against %s", cond ? "Assurance and power at the point estimates"
                                                            : "Assurance", ax->what);
    else
        snprintf(title, sizeof title, "%s", cond ? "Assurance and power at the point estimates against N"
                                                 : "Assurance against the number of patients");
    FILE *f = hs_report_gnuplot_open(G, "power_curve", alt);
    if (!f)
        return;
    double pad = (nmax - nmin) * 0.04;
    fprintf(f,
            "set title '%s'\n"
            "set xlabel '%s'\nset ylabel '%s'\n"
            "set xrange [%g:%g]\nset yrange [0:1]\nset ytics 0.1\n"
            "set key outside below center horizontal maxrows 1 samplen 1.5 width -2\n",
            title, ax->xlabel, cond ? "assurance; power" : "assurance", nmin - pad, nmax + pad);
    for (int k = 0; k < nt; k++)
        fprintf(f,
                "set arrow from graph 0, first %g to graph 1, first %g nohead dt 2 lw 1.2 lc rgb "
                "'#d62728'\n"
                "set label 'target assurance %g' at graph 0.01, first %g offset 0,0.6 tc rgb "
                "'#d62728'\n",
                tgt[k], tgt[k], tgt[k], tgt[k]);
    mark_recommended(f, ax, tgt, rec, fml, nt);
    if (isfinite(ceil) && ceil > 0 && ceil <= 1)
        fprintf(f,
                "set arrow from graph 0, first %.10g to graph 1, first %.10g nohead dt 2 lw 1.5 "
                "lc rgb '#08519c'\n"
                "set label 'assurance ceiling %.3f' at graph 0.99, first %.10g right offset "
                "0,-0.7 tc rgb '#08519c'\n",
                ceil, ceil, ceil, ceil);
    fprintf(f, "plot 'power_curve.dat' using 1:3:4 with filledcurves fc rgb '#c7e9c0' "
               "title '95%% CI (Wilson)', \\\n"
               "     '' using 1:2 with linespoints lw 2 pt 7 ps 1 lc rgb '#006d2c' "
               "title 'assurance'");
    if (cond)
        fprintf(f, ", \\\n     '' using 1:5 with linespoints lw 2 dt 2 pt 5 ps 0.8 lc rgb "
                   "'#d95f02' title 'power at the point estimates'");
    fprintf(f, "\n");
    char cap[1024];
    snprintf(cap, sizeof cap,
             "Assurance (probability of success: the share of simulated trials that reject, "
             "each with its inputs drawn from the prior) at each %s (from %s), with its 95%% "
             "Wilson interval%s; red dashed lines: target assurances%s; blue dashed line: the "
             "assurance ceiling (the prior probability that the drawn HR is below 1), which no %s "
             "exceeds.",
             ax->fu ? (strcmp(ax->sym, "month") ? "follow-up" : "analysis time") : "N", src,
             cond ? ", and the power at the point estimates on the same patients (orange)" : "",
             !D->planj ? ""
             : !ax->fu ? " and the recommended N (plan.json)"
             : strcmp(ax->sym, "month") ? " and the recommended follow-up (plan.json); blue dash-dotted "
                                          "lines: the formula's follow-up"
                                        : " and the recommended analysis time (plan.json); blue "
                                          "dash-dotted lines: the formula's analysis time",
             ax->fu ? "follow-up" : "N");
    hs_report_gnuplot_close(G, f, "power_curve", cond ? "Assurance and power curves"
                                                      : "Assurance curve", cap);
}

/* The recommended N labels are stacked (graph y 0.04, 0.11, ...) so that
 * two close N never overprint; the key sits at the right centre, below
 * the curve's plateau and away from the labels. */
/* Power against N: plan.csv if present, else power.csv with several N.
 * With a prior (plan.json or the headline scenario of summary.json says
 * "assurance": true) the simulated power is the assurance: so titled, with
 * the power at the point estimates (plan.csv conditional_power, when run)
 * as a second line and the assurance ceiling dashed. */
void hs_report_power_draw(hs_report_gnuplot *G)
{
    const hs_report_data *D = G->data;
    hs_csvtab *t = D->plan;
    const char *src = "plan.csv";
    xaxis ax;
    x_axis(D, &ax);
    static const char *nn_n[] = {"n", "N", NULL}, *nn_fu[] = {"followup", NULL}, *pn[] = {"power", NULL},
                      *lo_n[] = {"power_ci_low", "ci_low", "lo", NULL},
                      *hi_n[] = {"power_ci_high", "ci_high", "hi", NULL};
    const char **nn = ax.fu ? nn_fu : nn_n;
    if (!t || hs_report_data_col_any(t, nn) < 0 || hs_report_data_col_any(t, pn) < 0) {
        t = D->power;
        src = "power.csv";
    }
    int cn = hs_report_data_col_any(t, nn), cp = hs_report_data_col_any(t, pn),
        cl = hs_report_data_col_any(t, lo_n), ch = hs_report_data_col_any(t, hi_n);
    size_t nr = hs_report_data_nrows(t);
    if (cn < 0 || cp < 0 || nr < 2)
        return;
    /* one point per N, sorted by N; plan.csv may hold an N at several
     * stages: the row with the most replicates wins */
    int cr = hs_report_data_col(t, "replicates");
    int assur = D->planj ? json_is_true(json_object_get(D->planj, "assurance"))
                         : hs_report_prior_scenario(D) != NULL;
    int cc = assur ? hs_report_data_col(t, "conditional_power") : -1, ncond = 0;
    double *v = malloc(nr * 6 * sizeof *v);
    if (!v)
        return;
    size_t m = 0;
    for (size_t r = 0; r < nr; r++) {
        double n = hs_report_data_num(t, r, cn), p = hs_report_data_num(t, r, cp),
               reps = cr >= 0 ? hs_report_data_num(t, r, cr) : 0;
        if (!isfinite(n) || !isfinite(p))
            continue;
        size_t i = 0;
        while (i < m && v[6 * i] < n)
            i++;
        if (i < m && v[6 * i] == n) {
            if (t != D->plan) { /* repeated N in power.csv: not a power curve */
                free(v);
                return;
            }
            if (!(reps > v[6 * i + 4]))
                continue;
        } else {
            memmove(&v[6 * (i + 1)], &v[6 * i], (m - i) * 6 * sizeof *v);
            m++;
        }
        v[6 * i] = n;
        v[6 * i + 1] = p;
        v[6 * i + 2] = hs_report_data_num(t, r, cl);
        v[6 * i + 3] = hs_report_data_num(t, r, ch);
        v[6 * i + 4] = reps;
        v[6 * i + 5] = hs_report_data_num(t, r, cc);
    }
    for (size_t i = 0; i < m; i++)
        ncond += isfinite(v[6 * i + 5]);
    if (m < 2) {
        free(v);
        return;
    }
    FILE *d = hs_report_gnuplot_dat_open(G, "power_curve.dat");
    if (!d) {
        free(v);
        return;
    }
    if (assur)
        fprintf(d, "# from %s: %s assurance ci_low ci_high conditional_power\n", src, ax.fu ? "followup" : "n");
    else
        fprintf(d, "# from %s: %s power ci_low ci_high\n", src, ax.fu ? "followup" : "n");
    for (size_t i = 0; i < m; i++) {
        fprintf(d, "%.10g", v[6 * i]);
        for (int k = 1; k < 4; k++)
            hs_report_gnuplot_dat_num(d, v[6 * i + (size_t)k]);
        if (assur)
            hs_report_gnuplot_dat_num(d, v[6 * i + 5]);
        fprintf(d, "\n");
    }
    double nmin = v[0], nmax = v[6 * (m - 1)];
    free(v);
    if (hs_report_gnuplot_dat_close(G, d, "power_curve.dat"))
        return;
    /* target powers: plan.json "targets"/"target_power", else the config's [plan] */
    double tgt[8], rec[8], fml[8];
    int nt = target_powers(D, &ax, tgt, rec, fml);
    if (assur) {
        assurance_curve(G, &ax, src, nmin, nmax, ncond >= 2, tgt, rec, fml, nt);
        return;
    }
    char alt[128];
    snprintf(alt, sizeof alt, "power against %s", ax.what);
    FILE *f = hs_report_gnuplot_open(G, "power_curve", alt);
    if (!f)
        return;
    double pad = (nmax - nmin) * 0.04;
    fprintf(f,
            "set title 'Power against %s'\n"
            "set xlabel '%s'\nset ylabel 'power'\n"
            "set xrange [%g:%g]\nset yrange [0:1]\nset ytics 0.1\n"
            "set key right center box opaque\n",
            ax.what, ax.xlabel, nmin - pad, nmax + pad);
    for (int k = 0; k < nt; k++)
        fprintf(f,
                "set arrow from graph 0, first %g to graph 1, first %g nohead dt 2 lw 1.2 lc rgb "
                "'#d62728'\n"
                "set label 'target %g' at graph 0.01, first %g offset 0,0.6 tc rgb '#d62728'\n",
                tgt[k], tgt[k], tgt[k], tgt[k]);
    mark_recommended(f, &ax, tgt, rec, fml, nt);
    fprintf(f, "plot 'power_curve.dat' using 1:3:4 with filledcurves fc rgb '#c7e9c0' "
               "title '95%% CI (Wilson)', \\\n"
               "     '' using 1:2 with linespoints lw 2 pt 7 ps 1 lc rgb '#006d2c' "
               "title 'simulated power'\n");
    char cap[512];
    if (ax.fu)
        snprintf(cap, sizeof cap,
                 "Share of simulated trials that reject H0 at each %s, in months, at the configuration's N "
                 "(from %s), with its 95%% Wilson interval; red dashed lines: target powers and the smallest "
                 "simulated %s reaching each (plan.json recommended_followup); blue dash-dotted lines: the "
                 "formula's %s for each target.",
                 strcmp(ax.sym, "month") ? "follow-up after the last entry" : "calendar time of the analysis", src,
                 strcmp(ax.sym, "month") ? "follow-up" : "analysis time",
                 strcmp(ax.sym, "month") ? "follow-up" : "analysis time");
    else
        snprintf(cap, sizeof cap,
                 "Share of simulated trials that reject H0 at each N (from %s), with its 95%% Wilson "
                 "interval; dashed lines: target powers%s.",
                 src, D->planj ? " and the recommended N (plan.json)" : "");
    hs_report_gnuplot_close(G, f, "power_curve", "Power curve", cap);
}
