/* report_stages.c — the group-sequential part of a report: checking
 * stages.csv, the boundary plots and the page's section (see
 * report_stages.h). */
#include "report_stages.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* stages.csv's columns, as results/README.md lists them. */
enum { C_SCEN, C_LOOK, C_INFO, C_EV, C_TIME, C_ENR, C_ZE, C_ZF, C_HRE, C_PE, C_PF, C_REJ,
       C_REACHED, NCOL };
static const char *const colname[NCOL] = {
    "scenario",   "look",          "info_frac",     "events_mean", "time_mean",
    "n_enrolled_mean", "z_efficacy", "z_futility",  "hr_efficacy", "stop_efficacy",
    "stop_futility", "reject_cum", "reached"};

/* ---------- checking ---------- */

static int is_na(const char *s)
{
    return !*s || !strcmp(s, "NA");
}

/* 1 if s is a whole number >= 0 written in digits (at most 18 of them). */
static int is_count(const char *s)
{
    size_t n = strspn(s, "0123456789");
    return n > 0 && n <= 18 && !s[n];
}

/* Drop the stages, with a note naming the fault. */
static void skip(hs_report_data *D, const char *why)
{
    hs_sbuf_printf(&D->notes, "<li>");
    hs_report_data_html_esc(&D->notes, why);
    hs_sbuf_printf(&D->notes, "; the stage table and boundary plots are left out.</li>\n");
    hs_csvtab_free(D->stages);
    D->stages = NULL;
}

void hs_report_stages_check(hs_report_data *D)
{
    hs_csvtab *t = D->stages;
    if (!t)
        return;
    char why[600];
    int col[NCOL];
    for (int c = 0; c < NCOL; c++) {
        col[c] = hs_report_data_col(t, colname[c]);
        if (col[c] < 0) {
            snprintf(why, sizeof why, "stages.csv: no column '%s' (expected the columns of "
                     "results/README.md)", colname[c]);
            skip(D, why);
            return;
        }
    }
    size_t nr = hs_report_data_nrows(t);
    if (nr == 0) {
        skip(D, "stages.csv: no rows");
        return;
    }
    for (size_t r = 0; r < nr; r++) {
        long line = hs_csvtab_line(t, r);
        for (int c = 0; c < NCOL; c++) {
            const char *s = hs_report_data_cell(t, r, col[c]);
            double x;
            int bad = c == C_SCEN || c == C_LOOK || c == C_REACHED
                          ? !is_count(s)
                          : !is_na(s) && hs_csvtab_num(t, r, col[c], &x, NULL, 0) != 0;
            if (bad) {
                snprintf(why, sizeof why, "stages.csv:%ld: column '%s': expected %s, got '%.60s'",
                         line, colname[c],
                         c == C_SCEN || c == C_LOOK || c == C_REACHED ? "a whole number"
                                                                      : "a number or NA",
                         s);
                skip(D, why);
                return;
            }
        }
        const char *sc = hs_report_data_cell(t, r, col[C_SCEN]);
        int same = r > 0 && !strcmp(sc, hs_report_data_cell(t, r - 1, col[C_SCEN]));
        double look = hs_report_data_num(t, r, col[C_LOOK]);
        double want = same ? hs_report_data_num(t, r - 1, col[C_LOOK]) + 1 : 1;
        if (look != want) {
            snprintf(why, sizeof why, "stages.csv:%ld: look %.0f of scenario %.20s; expected look "
                     "%.0f (looks are numbered 1, 2, ... per scenario)",
                     line, look, sc, want);
            skip(D, why);
            return;
        }
    }
}

/* ---------- reading the checked table ---------- */

static double val(const hs_report_data *D, size_t r, int c)
{
    return hs_report_data_num_by(D->stages, r, colname[c]);
}

static const char *scen_of(const hs_report_data *D, size_t r)
{
    return hs_report_data_cell(D->stages, r, hs_report_data_col(D->stages, "scenario"));
}

/* The end of the scenario whose rows start at row r. */
static size_t scen_end(const hs_report_data *D, size_t r)
{
    size_t nr = hs_report_data_nrows(D->stages), e = r + 1;
    while (e < nr && !strcmp(scen_of(D, e), scen_of(D, r)))
        e++;
    return e;
}

static size_t nscen(const hs_report_data *D)
{
    size_t k = 0;
    for (size_t r = 0; r < hs_report_data_nrows(D->stages); r = scen_end(D, r))
        k++;
    return k;
}

/* summary.json's scenario object numbered scen, or NULL. */
static json_t *summary_of(const hs_report_data *D, const char *scen)
{
    json_t *arr = D->summary ? json_object_get(D->summary, "scenarios") : NULL;
    double want = strtod(scen, NULL);
    for (size_t i = 0; json_is_array(arr) && i < json_array_size(arr); i++) {
        json_t *o = json_array_get(arr, i);
        if (hs_report_data_jnum(o, "scenario") == want)
            return o;
    }
    return NULL;
}

/* Allocation ratio r (experimental : control) of the run's config; 1 if not given. */
static double alloc_ratio(const hs_report_data *D)
{
    double w[2] = {1, 1};
    for (int a = 0; a < 2; a++) {
        char sec[96], v[64], *end;
        snprintf(sec, sizeof sec, "arm %s", D->arm[a]);
        if (hs_report_data_cfg_get(D, sec, "allocation", v, sizeof v) == 0) {
            double x = strtod(v, &end);
            if (end != v && isfinite(x) && x > 0)
                w[a] = x;
        }
    }
    return w[1] / w[0];
}

/* The futility bound of row r on the HR scale: hr_efficacy's formula
 * exp(-z (1+r)/sqrt(r D)) with z_futility, i.e. hr_efficacy^(z_fut/z_eff)
 * (the same D and r as stages.csv used); from the mean events and the
 * config's allocation when the efficacy bound does not give them. */
static double hr_futility(const hs_report_data *D, size_t r)
{
    double zf = val(D, r, C_ZF), ze = val(D, r, C_ZE), hre = val(D, r, C_HRE),
           ev = val(D, r, C_EV);
    if (!isfinite(zf))
        return NAN;
    if (isfinite(ze) && fabs(ze) > 1e-9 && isfinite(hre) && hre > 0)
        return exp(log(hre) * zf / ze);
    double q = alloc_ratio(D);
    return isfinite(ev) && ev > 0 ? exp(-zf * (1 + q) / sqrt(q * ev)) : NAN;
}

/* ---------- plots ---------- */

/* Extend [lo, hi] to hold v (if finite). */
static void widen(double *lo, double *hi, double v)
{
    if (isfinite(v)) {
        *lo = fmin(*lo, v);
        *hi = fmax(*hi, v);
    }
}

/* The boundary plot of the scenario in rows [r0, r1): plots/NAME.gp. */
static void draw_one(hs_report_gnuplot *G, size_t r0, size_t r1, int several)
{
    const hs_report_data *D = G->data;
    const char *sc = scen_of(D, r0);
    char name[64], dat[80];
    if (several)
        snprintf(name, sizeof name, "boundaries_%.20s", sc);
    else
        snprintf(name, sizeof name, "boundaries");
    snprintf(dat, sizeof dat, "%s.dat", name);
    double zlo = 0, zhi = 0, hlo = 1, hhi = 1, xhi = 1;
    int any = 0;
    FILE *d = hs_report_gnuplot_dat_open(G, dat);
    if (!d)
        return;
    fprintf(d, "# stages.csv, scenario %s: look info_frac events_mean z_efficacy z_futility "
               "hr_efficacy hr_futility stop_efficacy stop_futility (NaN without a futility "
               "bound) info_label events_label\n",
            sc);
    for (size_t r = r0; r < r1; r++) {
        double x = val(D, r, C_INFO), ev = val(D, r, C_EV), hf = hr_futility(D, r);
        any |= isfinite(x);
        fprintf(d, "%.0f", val(D, r, C_LOOK));
        static const int cols[] = {C_INFO, C_EV, C_ZE, C_ZF, C_HRE};
        for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++)
            hs_report_gnuplot_dat_num(d, val(D, r, cols[k]));
        hs_report_gnuplot_dat_num(d, hf);
        hs_report_gnuplot_dat_num(d, val(D, r, C_PE));
        hs_report_gnuplot_dat_num(d, isfinite(val(D, r, C_ZF)) ? val(D, r, C_PF) : NAN);
        fprintf(d, isfinite(ev) ? " \"%.3g\" \"%.0f\"\n" : " \"%.3g\" \"NA\"\n", x, ev);
        widen(&zlo, &zhi, val(D, r, C_ZE));
        widen(&zlo, &zhi, val(D, r, C_ZF));
        widen(&hlo, &hhi, val(D, r, C_HRE));
        widen(&hlo, &hhi, hf);
        if (isfinite(x))
            xhi = fmax(xhi, x);
    }
    if (hs_report_gnuplot_dat_close(G, d, dat) || !any)
        return;
    FILE *f = hs_report_gnuplot_open(G, name, "group-sequential bounds by look (Z and HR scale)");
    if (!f)
        return;
    char title[160];
    snprintf(title, sizeof title, "Group-sequential bounds%s%.20s", several ? ", scenario " : "",
             several ? sc : "");
    double zpad = 0.12 * (zhi - zlo) + 0.2, hpad = 0.08 * (hhi - hlo) + 0.02, bw = 0.02 * xhi;
    fprintf(f,
            "# a multiplot: drawn twice, as SVG and as PNG (replot cannot redraw it)\n"
            "set terminal svg size 1000,520 noenhanced font 'Helvetica,14' background rgb "
            "'white'\n"
            "set output '%s.svg'\n"
            "bw = %g\n"
            "set boxwidth bw absolute\n"
            "set xrange [0:%g]\n"
            "set link x2\nset x2tics out nomirror\n"
            "do for [pass = 1:2] {\n"
            "  if (pass == 2) {\n"
            "    set output\n"
            "    if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
            "      set terminal pngcairo size 2000,1040 noenhanced font 'Helvetica,24' "
            "background rgb 'white'\n"
            "    } else {\n"
            "      set terminal png size 2000,1040 noenhanced background rgb 'white'\n"
            "    }\n"
            "    set output '%s.png'\n"
            "  }\n"
            "  set multiplot layout 1,2 title '%s'\n"
            "  set title 'Z scale; bars: trials stopping at the look'\n"
            "  set xlabel 'information fraction'\n"
            "  set x2label 'mean events at the look'\n"
            "  set ylabel 'Z (positive: benefit)'\n"
            "  set yrange [%g:%g]\n"
            "  set y2range [0:1.15]\n"
            "  set y2tics 0, 0.2, 1 nomirror\n"
            "  set y2label 'P(stop at the look)'\n"
            "  set key outside below center horizontal maxcols 2 samplen 2\n"
            "  plot '%s' using ($2-bw/2):8 axes x1y2 with boxes fs solid 0.35 "
            "lc rgb '#d62728' title 'P(stop): efficacy', \\\n"
            "       '' using ($2+bw/2):9 axes x1y2 with boxes fs solid 0.35 lc rgb '#1f77b4' "
            "title 'P(stop): futility', \\\n"
            "       '' using ($2-bw/2):8:(sprintf('%%.3f', $8)) axes x1y2 with labels "
            "offset 0,0.7 tc rgb '#d62728' notitle, \\\n"
            "       '' using ($2+bw/2):9:(sprintf('%%.3f', $9)) axes x1y2 with labels "
            "offset 0,0.7 tc rgb '#1f77b4' notitle, \\\n"
            "       '' using 2:4:xtic(10):x2tic(11) with linespoints lw 2 pt 7 ps 1.2 lc rgb '#a50f15' "
            "title 'efficacy bound', \\\n"
            "       '' using 2:5 with linespoints lw 2 pt 5 ps 1.2 lc rgb '#08519c' "
            "title 'futility bound', \\\n"
            "       '' using 2:4:(sprintf('%%.3f', $4)) with labels offset 2.5,0.6 "
            "tc rgb '#a50f15' notitle, \\\n"
            "       '' using 2:5:(sprintf('%%.3f', $5)) with labels offset 2.5,-0.6 "
            "tc rgb '#08519c' notitle\n"
            "  unset y2tics\n"
            "  unset y2label\n"
            "  set title 'hazard-ratio scale'\n"
            "  set ylabel 'HR at the bound'\n"
            "  set yrange [%g:%g]\n"
            "  set key outside below center horizontal maxcols 2 samplen 2\n"
            "  plot 1 with lines dt 2 lc rgb '#444444' notitle, \\\n"
            "       '%s' using 2:6:xtic(10):x2tic(11) with linespoints lw 2 pt 7 ps 1.2 "
            "lc rgb '#a50f15' title 'efficacy (stop below)', \\\n"
            "       '' using 2:7 with linespoints lw 2 pt 5 ps 1.2 lc rgb '#08519c' "
            "title 'futility (stop above)', \\\n"
            "       '' using 2:6:(sprintf('%%.3f', $6)) with labels offset 2.5,-0.6 "
            "tc rgb '#a50f15' notitle, \\\n"
            "       '' using 2:7:(sprintf('%%.3f', $7)) with labels offset 2.5,0.6 "
            "tc rgb '#08519c' notitle\n"
            "  unset multiplot\n"
            "}\n",
            name, bw, xhi * 1.1, name, title, zlo - zpad, zhi + zpad, dat, fmax(0, hlo - hpad),
            hhi + hpad, dat);
    char cap[1024], sides[16];
    hs_report_data_cfg_get(D, "design", "sides", sides, sizeof sides);
    snprintf(cap, sizeof cap,
             "Efficacy and futility bounds by look (from stages.csv%s%.20s), at each look's "
             "information fraction and mean events: left on the Z scale, right as hazard ratios "
             "(HR = exp(&minus;Z(1+r)/&radic;(rD)) at D events and allocation r:1). Bars: the "
             "share of all simulated trials that stopped at the look for efficacy (red) or "
             "futility (blue).%s",
             several ? ", scenario " : "", several ? sc : "",
             !strcmp(sides, "2") ? " Two-sided: the lower efficacy bound is the mirror image "
                                   "(&minus;Z) of the one drawn."
                                 : "");
    hs_report_gnuplot_close_drawn(G, f, name, title, cap);
}

void hs_report_stages_draw(hs_report_gnuplot *G)
{
    const hs_report_data *D = G->data;
    if (!D->stages)
        return;
    size_t ns = nscen(D), k = 0;
    for (size_t r = 0; r < hs_report_data_nrows(D->stages) && k < HS_REPORT_STAGES_PLOTS_MAX;
         r = scen_end(D, r), k++)
        draw_one(G, r, scen_end(D, r), ns > 1);
    if (ns > HS_REPORT_STAGES_PLOTS_MAX)
        hs_sbuf_printf(G->notes,
                       "<li>Boundary plots are drawn for the first %d of the %zu scenarios; the "
                       "stage table and stages.csv have them all.</li>\n",
                       HS_REPORT_STAGES_PLOTS_MAX, ns);
}

/* ---------- the page ---------- */

/* v with digits decimals into a table cell ("NA" if not finite). */
static void td(hs_sbuf *b, double v, int digits)
{
    if (isfinite(v))
        hs_sbuf_printf(b, "<td class=\"n\">%.*f</td>", digits, v);
    else
        hs_sbuf_printf(b, "<td class=\"n\">NA</td>");
}

static void th(hs_sbuf *b, const char *const *names, int several)
{
    hs_sbuf_printf(b, "<div class=\"tw\"><table>\n<thead><tr>%s",
                   several ? "<th>scenario</th>" : "");
    for (int i = 0; names[i]; i++)
        hs_sbuf_printf(b, "<th>%s</th>", names[i]);
    hs_sbuf_printf(b, "</tr></thead>\n<tbody>\n");
}

static void scen_td(hs_sbuf *b, const char *sc, int several)
{
    if (several) {
        hs_sbuf_printf(b, "<td class=\"n\">");
        hs_report_data_html_esc(b, sc);
        hs_sbuf_printf(b, "</td>");
    }
}

/* Expected events, duration and N against the fixed design's, per scenario. */
static void expected_table(hs_sbuf *b, const hs_report_data *D, int several)
{
    static const char *const names[] = {
        "expected events", "fixed design: events", "expected duration (months)",
        "fixed design: duration (months)", "expected N", "fixed design: N", NULL};
    hs_sbuf_printf(b, "<h3>Expected trial against the fixed design</h3>\n");
    th(b, names, several);
    for (size_t r = 0; r < hs_report_data_nrows(D->stages); r = scen_end(D, r)) {
        size_t last = scen_end(D, r) - 1;
        json_t *o = summary_of(D, scen_of(D, r));
        hs_sbuf_printf(b, "<tr>");
        scen_td(b, scen_of(D, r), several);
        td(b, hs_report_data_jnum(o, "expected_events"), 1);
        td(b, val(D, last, C_EV), 1);
        td(b, hs_report_data_jnum(o, "expected_duration"), 1);
        td(b, val(D, last, C_TIME), 1);
        td(b, hs_report_data_jnum(o, "expected_n"), 1);
        td(b, hs_report_data_jnum(o, "n"), 0);
        hs_sbuf_printf(b, "</tr>\n");
    }
    hs_sbuf_printf(b, "</tbody></table></div>\n"
                      "<p class=\"small\">Expected values (summary.json) are means over all "
                      "simulated trials, each counted at the look where it stopped. The fixed "
                      "design is the same trial analysed once, at the final look: its events, "
                      "and its mean calendar time over the trials that reached it "
                      "(stages.csv); N is the number randomised.</p>\n");
}

/* The stage table: one row per scenario and look. */
static void stage_table(hs_sbuf *b, const hs_report_data *D, int several)
{
    static const char *const names[] = {"look",
                                        "information fraction",
                                        "mean events",
                                        "mean time (months)",
                                        "mean enrolled",
                                        "Z efficacy",
                                        "Z futility",
                                        "HR efficacy",
                                        "HR futility",
                                        "P(stop efficacy)",
                                        "P(stop futility)",
                                        "cumulative rejection",
                                        "trials reaching the look",
                                        NULL};
    hs_sbuf_printf(b, "<h3>Stages by look (stages.csv)</h3>\n");
    th(b, names, several);
    for (size_t r = 0; r < hs_report_data_nrows(D->stages); r++) {
        hs_sbuf_printf(b, "<tr>");
        scen_td(b, scen_of(D, r), several);
        td(b, val(D, r, C_LOOK), 0);
        td(b, val(D, r, C_INFO), 3);
        td(b, val(D, r, C_EV), 1);
        td(b, val(D, r, C_TIME), 1);
        td(b, val(D, r, C_ENR), 1);
        td(b, val(D, r, C_ZE), 4);
        td(b, val(D, r, C_ZF), 4);
        td(b, val(D, r, C_HRE), 4);
        td(b, hr_futility(D, r), 4);
        td(b, val(D, r, C_PE), 4);
        td(b, val(D, r, C_PF), 4);
        td(b, val(D, r, C_REJ), 4);
        td(b, val(D, r, C_REACHED), 0);
        hs_sbuf_printf(b, "</tr>\n");
    }
    hs_sbuf_printf(b, "</tbody></table></div>\n"
                      "<p class=\"small\">A trial stops at the first look whose Z crosses a "
                      "bound: at or above the efficacy bound (HR at or below its HR), or below "
                      "the futility bound. P(stop &hellip;) and the cumulative rejection are "
                      "shares of all simulated trials; means are over the trials that reached "
                      "the look. HR futility is hr_efficacy's formula with the futility "
                      "Z.</p>\n");
}

void hs_report_stages_html(hs_sbuf *b, const hs_report_data *D)
{
    if (!D->stages)
        return;
    int several = nscen(D) > 1;
    hs_sbuf_printf(b, "<h2>Group-sequential design</h2>\n<p>Each simulated trial is analysed "
                      "at each look and stops at the first look whose test statistic crosses "
                      "a bound; power is the share of trials that cross an efficacy bound at "
                      "any look.");
    const char *at = NULL;
    json_t *arr = D->summary ? json_object_get(D->summary, "scenarios") : NULL;
    if (json_is_array(arr) && json_array_size(arr) > 0)
        at = hs_report_data_jstr(json_array_get(arr, 0), "estimates_at");
    if (at && !strcmp(at, "stopping look"))
        hs_sbuf_printf(b, " KM bands, HR and medians describe each trial at the look where it "
                          "stopped.");
    else if (at) {
        hs_sbuf_printf(b, " Estimates describe each trial at: ");
        hs_report_data_html_esc(b, at);
        hs_sbuf_printf(b, " (summary.json estimates_at).");
    }
    hs_sbuf_printf(b, "</p>\n");
    expected_table(b, D, several);
    stage_table(b, D, several);
}
