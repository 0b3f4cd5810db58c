/* report_plot.c — the report's plots (internal to the report module; see
 * report_int.h): survival bands, power curve, histograms and quantile
 * boxes, tornado and heat map, each a gnuplot script NAME.gp over NAME*.dat
 * in DIR/plots/, and running gnuplot on them. gnuplot is run with
 * fork/exec (no shell), in DIR/plots, with only relative file names in its
 * scripts. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "report_int.h"

/* ---------- small helpers ---------- */

static int file_nonempty(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

/* The first of several candidate column names present in t, or -1. */
static int col_any(const hs_csvtab *t, const char *const *names)
{
    for (int i = 0; t && names[i]; i++) {
        int c = hs_csvtab_col(t, names[i]);
        if (c >= 0)
            return c;
    }
    return -1;
}

/* A gnuplot single-quoted string body: ' doubled, control characters dropped. */
static void gp_quote(char *out, size_t cap, const char *s)
{
    size_t k = 0;
    for (; s && *s && k + 3 < cap; s++) {
        if ((unsigned char)*s < 0x20)
            continue;
        if (*s == '\'')
            out[k++] = '\'';
        out[k++] = *s;
    }
    out[k] = '\0';
}

/* ---------- running gnuplot ---------- */

/* Run argv[0] with argv in R->plotdir, stdout and stderr to logname.
 * Returns the exit status, 127 if it could not be started, -1 on fork error. */
static int spawn(const hs_rep *R, char *const argv[], const char *logname)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (chdir(R->plotdir) != 0)
            _exit(127);
        int fd = open(logname, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int in = open("/dev/null", O_RDONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (in >= 0)
            dup2(in, 0);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return 128;
}

void hs_rep_ioerr(hs_rep *R, const char *name, int err)
{
    if (!R->ioerr[0])
        snprintf(R->ioerr, sizeof R->ioerr, "plots/%s: cannot write: %s", name, strerror(err));
}

/* 1 if path is a complete drawing: an SVG ending in </svg>, a PNG ending in
 * its IEND chunk (a full disk can leave gnuplot's output truncated while
 * gnuplot exits 0). */
static int drawing_complete(const char *path, int png)
{
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    unsigned char tail[64];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    long from = size > (long)sizeof tail ? size - (long)sizeof tail : 0;
    size_t n = size > 0 && fseek(f, from, SEEK_SET) == 0 ? fread(tail, 1, sizeof tail, f) : 0;
    fclose(f);
    if (n == 0)
        return 0;
    if (png)
        return n >= 12 && memcmp(tail + n - 12, iend, 12) == 0;
    while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' '))
        n--;
    return n >= 6 && memcmp(tail + n - 6, "</svg>", 6) == 0;
}

static FILE *gp_open(hs_rep *R, const char *name, const char *what)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s.gp", R->plotdir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        char gp[80];
        snprintf(gp, sizeof gp, "%s.gp", name);
        hs_rep_ioerr(R, gp, errno);
        return NULL;
    }
    fprintf(f,
            "# %s.gp - %s\n"
            "# Written by hifusim report. Edit and redraw with: gnuplot %s.gp\n"
            "# (run in this folder; it writes %s.svg and %s.png).\n"
            "reset\n"
            "set terminal svg size 640,420 noenhanced font 'Helvetica,14' background rgb 'white'\n"
            "set output '%s.svg'\n"
            "set border 3 lc rgb '#444444'\n"
            "set tics nomirror out\n"
            "set grid lc rgb '#dddddd' lt 1\n"
            "set key noautotitle\n",
            name, what, name, name, name, name);
    return f;
}

/* Finish the script (PNG copy), run gnuplot, record the plot. */
static void gp_close(hs_rep *R, FILE *f, const char *name, const char *title, const char *caption)
{
    fprintf(f, "set output\n"
               "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
               "    set terminal pngcairo size 1280,800 noenhanced font 'Helvetica,24' background rgb 'white'\n"
               "} else {\n"
               "    set terminal png size 1280,800 noenhanced background rgb 'white'\n"
               "}\n"
               "set output '%s.png'\n"
               "replot\n"
               "set output\n",
               name);
    char gpname[80], logname[80], svg[1400], png[1400];
    snprintf(gpname, sizeof gpname, "%s.gp", name);
    int bad = ferror(f);
    bad |= fflush(f) != 0;
    int e = errno;
    if (fclose(f) != 0 || bad) {
        hs_rep_ioerr(R, gpname, bad ? e : errno);
        return;
    }
    if (!R->gp_ok)
        return;
    snprintf(logname, sizeof logname, "%s.log", name);
    snprintf(svg, sizeof svg, "%s/%s.svg", R->plotdir, name);
    snprintf(png, sizeof png, "%s/%s.png", R->plotdir, name);
    char *argv[] = {(char *)R->gnuplot, gpname, NULL};
    remove(svg);
    remove(png);
    int rc = spawn(R, argv, logname);
    if (rc != 0 || !file_nonempty(svg) || !drawing_complete(svg, 0) ||
        !drawing_complete(png, 1)) {
        remove(svg); /* never a truncated drawing */
        remove(png);
        if (!R->plotfail[0]) {
            /* gnuplot's last message, for the one-line error */
            char logp[1400], last[200] = "";
            snprintf(logp, sizeof logp, "%s/%s", R->plotdir, logname);
            FILE *lf = fopen(logp, "r");
            char line[512];
            while (lf && fgets(line, sizeof line, lf)) {
                line[strcspn(line, "\r\n")] = '\0';
                if (line[strspn(line, " \t^")])
                    snprintf(last, sizeof last, "%.199s", line);
            }
            if (lf)
                fclose(lf);
            if (rc == 0)
                snprintf(last, sizeof last, "its SVG or PNG is incomplete (disk full?)");
            snprintf(R->plotfail, sizeof R->plotfail, "plots/%s: gnuplot failed (exit %d): %s",
                     gpname, rc, last[0] ? last : "no message");
        }
        R->nfailed++;
        hs_sbuf_printf(&R->notes, "<li>gnuplot failed on plots/%s.gp (see plots/%s.log).</li>\n",
                       name, name);
        return;
    }
    char logpath[1400];
    snprintf(logpath, sizeof logpath, "%s/%s", R->plotdir, logname);
    remove(logpath);
    if (R->nplots < HS_REP_PLOTS_MAX) {
        hs_rep_plot *p = &R->plots[R->nplots++];
        hs_rep_scopy(p->name, sizeof p->name, name);
        hs_rep_scopy(p->title, sizeof p->title, title);
        hs_rep_scopy(p->caption, sizeof p->caption, caption);
    }
}

static FILE *dat_open(hs_rep *R, const char *name)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", R->plotdir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        hs_rep_ioerr(R, name, errno);
    return f;
}

static int dat_close(hs_rep *R, FILE *f, const char *name)
{
    int bad = ferror(f);
    bad |= fflush(f) != 0;
    int e = errno;
    if (fclose(f) != 0 || bad) {
        hs_rep_ioerr(R, name, bad ? e : errno);
        return -1;
    }
    return 0;
}

static void dat_num(FILE *f, double v) { fprintf(f, isfinite(v) ? " %.10g" : " NaN", v); }

/* ---------- the plots ---------- */

/* Survival-curve distribution of arm a in the headline scenario. */
static void plot_survival(hs_rep *R, int a)
{
    hs_csvtab *t = R->km;
    if (!t)
        return;
    int cs = hs_rep_col(t, "scenario"), ca = hs_rep_col(t, "arm"),
        ct = hs_rep_col(t, "time");
    const char *qn[5] = {"q025", "q250", "q500", "q750", "q975"};
    int cq[5];
    for (int k = 0; k < 5; k++)
        cq[k] = hs_rep_col(t, qn[k]);
    if (cs < 0 || ca < 0 || ct < 0 || cq[0] < 0 || cq[4] < 0)
        return;
    char name[32], dname[48], oname[48], tname[48];
    snprintf(name, sizeof name, "survival_%s", a == 0 ? "control" : "experimental");
    snprintf(dname, sizeof dname, "%s.dat", name);
    snprintf(oname, sizeof oname, "%s_other.dat", name);
    snprintf(tname, sizeof tname, "%s_targets.dat", name);
    FILE *d = dat_open(R, dname), *o = dat_open(R, oname);
    if (!d || !o) {
        if (d)
            fclose(d);
        if (o)
            fclose(o);
        return;
    }
    fprintf(d, "# arm %s, scenario %s: time q025 q250 q500 q750 q975 of the per-trial KM estimate\n",
            R->arm[a], R->scen);
    fprintf(o, "# arm %s, scenario %s: time q500\n", R->arm[1 - a], R->scen);
    double tmax = 0;
    int rows = 0;
    for (size_t r = 0; r < hs_rep_nrows(t); r++) {
        if (strcmp(hs_rep_cell(t, r, cs), R->scen) != 0)
            continue;
        double tm = hs_rep_num(t, r, ct);
        if (!strcmp(hs_rep_cell(t, r, ca), R->arm[a])) {
            fprintf(d, "%.10g", tm);
            for (int k = 0; k < 5; k++)
                dat_num(d, hs_rep_num(t, r, cq[k]));
            fprintf(d, "\n");
            rows++;
            if (tm > tmax)
                tmax = tm;
        } else if (!strcmp(hs_rep_cell(t, r, ca), R->arm[1 - a])) {
            fprintf(o, "%.10g", tm);
            dat_num(o, hs_rep_num(t, r, cq[2]));
            fprintf(o, "\n");
        }
    }
    if (dat_close(R, d, dname) || dat_close(R, o, oname) || rows == 0)
        return;
    hs_rep_targets tg;
    hs_rep_arm_targets(R, a, &tg);
    if (tg.n) {
        FILE *tf = dat_open(R, tname);
        if (!tf)
            return;
        fprintf(tf, "# published landmarks (%s): time survival\n", tg.source);
        for (int k = 0; k < tg.n; k++)
            fprintf(tf, "%.10g %.10g\n", tg.t[k], tg.s[k]);
        if (dat_close(R, tf, tname))
            return;
    }
    char arm_q[140], other_q[140];
    gp_quote(arm_q, sizeof arm_q, R->arm[a]);
    gp_quote(other_q, sizeof other_q, R->arm[1 - a]);
    FILE *f = gp_open(R, name, "survival-curve distribution of one arm");
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
            arm_q, a == 0 ? "control" : "experimental", tmax > 0 ? tmax : 1, dname, oname,
            other_q);
    if (tg.n)
        fprintf(f, ", \\\n     '%s' using 1:2 with points pt 7 ps 1.6 lc rgb '#d62728' "
                   "title 'published landmarks'",
                tname);
    fprintf(f, "\n");
    char title[160], cap[1024];
    snprintf(title, sizeof title, "Survival curves: %s", R->arm[a]);
    hs_sbuf c = {0};
    hs_sbuf_printf(&c, "Per-trial Kaplan&ndash;Meier estimate of overall survival in the ");
    hs_rep_html_esc(&c, R->arm[a]);
    hs_sbuf_printf(&c, " arm (scenario %s): median curve, central 50%% and 95%% of simulated "
                       "trials; dashed: the median curve of ", R->scen);
    hs_rep_html_esc(&c, R->arm[1 - a]);
    hs_sbuf_printf(&c, ".");
    if (tg.n) {
        hs_sbuf_printf(&c, " Red points: the published landmarks the arm's model was calibrated "
                           "to (");
        hs_rep_html_esc(&c, tg.source);
        hs_sbuf_printf(&c, "); the point at S = 0.5 marks the published median.");
    }
    hs_rep_scopy(cap, sizeof cap, c.s ? c.s : "");
    hs_sbuf_free(&c);
    gp_close(R, f, name, title, cap);
}

/* Power against N: plan.csv if present, else power.csv with several N. */
static void plot_power(hs_rep *R)
{
    hs_csvtab *t = R->plan;
    const char *src = "plan.csv";
    static const char *nn[] = {"n", "N", NULL}, *pn[] = {"power", NULL},
                      *lo_n[] = {"power_ci_low", "ci_low", "lo", NULL},
                      *hi_n[] = {"power_ci_high", "ci_high", "hi", NULL};
    if (!t || col_any(t, nn) < 0 || col_any(t, pn) < 0) {
        t = R->power;
        src = "power.csv";
    }
    int cn = col_any(t, nn), cp = col_any(t, pn), cl = col_any(t, lo_n), ch = col_any(t, hi_n);
    size_t nr = hs_rep_nrows(t);
    if (cn < 0 || cp < 0 || nr < 2)
        return;
    /* one point per N, sorted by N; plan.csv may hold an N at several
     * stages: the row with the most replicates wins */
    int cr = hs_rep_col(t, "replicates");
    double *v = malloc(nr * 5 * sizeof *v);
    if (!v)
        return;
    size_t m = 0;
    for (size_t r = 0; r < nr; r++) {
        double n = hs_rep_num(t, r, cn), p = hs_rep_num(t, r, cp),
               reps = cr >= 0 ? hs_rep_num(t, r, cr) : 0;
        if (!isfinite(n) || !isfinite(p))
            continue;
        size_t i = 0;
        while (i < m && v[5 * i] < n)
            i++;
        if (i < m && v[5 * i] == n) {
            if (t != R->plan) { /* repeated N in power.csv: not a power curve */
                free(v);
                return;
            }
            if (!(reps > v[5 * i + 4]))
                continue;
        } else {
            memmove(&v[5 * (i + 1)], &v[5 * i], (m - i) * 5 * sizeof *v);
            m++;
        }
        v[5 * i] = n;
        v[5 * i + 1] = p;
        v[5 * i + 2] = hs_rep_num(t, r, cl);
        v[5 * i + 3] = hs_rep_num(t, r, ch);
        v[5 * i + 4] = reps;
    }
    if (m < 2) {
        free(v);
        return;
    }
    FILE *d = dat_open(R, "power_curve.dat");
    if (!d) {
        free(v);
        return;
    }
    fprintf(d, "# from %s: n power ci_low ci_high\n", src);
    for (size_t i = 0; i < m; i++) {
        fprintf(d, "%.10g", v[5 * i]);
        for (int k = 1; k < 4; k++)
            dat_num(d, v[5 * i + (size_t)k]);
        fprintf(d, "\n");
    }
    double nmin = v[0], nmax = v[5 * (m - 1)];
    free(v);
    if (dat_close(R, d, "power_curve.dat"))
        return;
    /* target powers: plan.json "targets"/"target_power", else the config's [plan] */
    double tgt[8], rec[8];
    int nt = 0;
    json_t *ja = NULL;
    if (R->planj) {
        ja = json_object_get(R->planj, "target_power");
        if (!ja)
            ja = json_object_get(R->planj, "targets");
    }
    if (json_is_array(ja)) {
        size_t i;
        json_t *x;
        json_array_foreach(ja, i, x)
        {
            json_t *pv = json_is_object(x) ? json_object_get(x, "target_power") : x;
            json_t *rn = json_is_object(x) ? json_object_get(x, "recommended_n") : NULL;
            if (json_is_number(pv) && nt < 8) {
                rec[nt] = json_is_number(rn) ? json_number_value(rn) : NAN;
                tgt[nt++] = json_number_value(pv);
            }
        }
    }
    char tv[256];
    if (nt == 0 && hs_rep_cfg_get(R, "plan", "target_power", tv, sizeof tv) == 0) {
        char *p = tv, *end;
        while (*p && nt < 8) {
            double x = strtod(p, &end);
            if (end == p)
                break;
            if (x > 0 && x < 1) {
                rec[nt] = NAN;
                tgt[nt++] = x;
            }
            p = end;
            while (*p == ',' || *p == ' ')
                p++;
        }
    }
    FILE *f = gp_open(R, "power_curve", "power against the number of patients");
    if (!f)
        return;
    double pad = (nmax - nmin) * 0.04;
    fprintf(f,
            "set title 'Power against the number of patients'\n"
            "set xlabel 'patients randomised (N)'\nset ylabel 'power'\n"
            "set xrange [%g:%g]\nset yrange [0:1]\nset ytics 0.1\n"
            "set key bottom right box opaque\n",
            nmin - pad, nmax + pad);
    for (int k = 0; k < nt; k++)
        fprintf(f,
                "set arrow from graph 0, first %g to graph 1, first %g nohead dt 2 lw 1.2 lc rgb "
                "'#d62728'\n"
                "set label 'target %g' at graph 0.01, first %g offset 0,0.6 tc rgb '#d62728'\n",
                tgt[k], tgt[k], tgt[k], tgt[k]);
    for (int k = 0; k < nt; k++)
        if (isfinite(rec[k]))
            fprintf(f,
                    "set arrow from first %g, graph 0 to first %g, first %g nohead dt 3 lc rgb "
                    "'#d62728'\n"
                    "set label 'N = %g' at first %g, graph 0.04 offset 0.5,0 tc rgb '#d62728'\n",
                    rec[k], rec[k], tgt[k], rec[k], rec[k]);
    fprintf(f, "plot 'power_curve.dat' using 1:3:4 with filledcurves fc rgb '#c7e9c0' "
               "title '95%% CI (Wilson)', \\\n"
               "     '' using 1:2 with linespoints lw 2 pt 7 ps 1 lc rgb '#006d2c' "
               "title 'simulated power'\n");
    char cap[512];
    snprintf(cap, sizeof cap,
             "Share of simulated trials that reject H0 at each N (from %s), with its 95%% Wilson "
             "interval; dashed lines: target powers%s.", src,
             R->planj ? " and the recommended N (plan.json)" : "");
    gp_close(R, f, "power_curve", "Power curve", cap);
}

/* Histogram of one quantity (hist.csv rows of the headline scenario);
 * arms == 2: the two arms overlaid. Returns 1 if drawn. */
static int plot_hist(hs_rep *R, const char *name, const char *quantity, int arms, const char *title,
                     const char *xlabel, const char *caption, double vline)
{
    hs_csvtab *t = R->hist;
    int cs = hs_rep_col(t, "scenario"), cqn = hs_rep_col(t, "quantity"),
        ca = hs_rep_col(t, "arm"), cl = hs_rep_col(t, "lo"), chh = hs_rep_col(t, "hi"),
        cc = hs_rep_col(t, "count");
    if (!t || cs < 0 || cqn < 0 || ca < 0 || cl < 0 || chh < 0 || cc < 0)
        return 0;
    int drawn = 0;
    char dnames[2][64];
    for (int a = 0; a < arms; a++) {
        snprintf(dnames[a], sizeof dnames[a], arms == 2 ? "%s_%d.dat" : "%s.dat", name, a);
        double total = 0;
        for (size_t r = 0; r < hs_rep_nrows(t); r++)
            if (!strcmp(hs_rep_cell(t, r, cs), R->scen) && !strcmp(hs_rep_cell(t, r, cqn), quantity) &&
                (arms == 1 || !strcmp(hs_rep_cell(t, r, ca), R->arm[a])))
                total += hs_rep_num(t, r, cc);
        if (!(total > 0))
            continue;
        FILE *d = dat_open(R, dnames[a]);
        if (!d)
            return 0;
        fprintf(d, "# %s%s%s, scenario %s: bin_centre share_per_unit bin_width count\n", quantity,
                arms == 2 ? ", arm " : "", arms == 2 ? R->arm[a] : "", R->scen);
        for (size_t r = 0; r < hs_rep_nrows(t); r++) {
            if (strcmp(hs_rep_cell(t, r, cs), R->scen) != 0 ||
                strcmp(hs_rep_cell(t, r, cqn), quantity) != 0 ||
                (arms == 2 && strcmp(hs_rep_cell(t, r, ca), R->arm[a]) != 0))
                continue;
            double lo = hs_rep_num(t, r, cl), hi = hs_rep_num(t, r, chh), k = hs_rep_num(t, r, cc);
            if (!isfinite(lo) || !isfinite(hi) || !(hi > lo) || !isfinite(k))
                continue;
            fprintf(d, "%.10g %.10g %.10g %.10g\n", 0.5 * (lo + hi), k / total / (hi - lo),
                    hi - lo, k);
        }
        if (dat_close(R, d, dnames[a]))
            return 0;
        drawn |= 1 << a;
    }
    if (!drawn)
        return 0;
    FILE *f = gp_open(R, name, title);
    if (!f)
        return 0;
    static const char *col[2] = {"#3182bd", "#e6550d"};
    char tq[200];
    gp_quote(tq, sizeof tq, title);
    fprintf(f, "set title '%s'\nset xlabel '%s'\nset ylabel 'density'\nset yrange [0:*]\n"
               "set style fill transparent solid 0.45 border\nset key outside below center horizontal maxcols 3 samplen 2\n",
            tq, xlabel);
    if (isfinite(vline))
        fprintf(f, "set arrow from first %g, graph 0 to first %g, graph 1 nohead dt 2 lc rgb "
                   "'#444444'\n",
                vline, vline);
    fprintf(f, "plot ");
    int first = 1;
    for (int a = 0; a < arms; a++) {
        if (!(drawn & (1 << a)))
            continue;
        char aq[140];
        gp_quote(aq, sizeof aq, arms == 2 ? R->arm[a] : quantity);
        fprintf(f, "%s'%s' using 1:2:3 with boxes lc rgb '%s' title '%s'", first ? "" : ", \\\n     ",
                dnames[a], col[arms == 2 ? a : 0], aq);
        first = 0;
    }
    fprintf(f, "\n");
    gp_close(R, f, name, title, caption);
    return 1;
}

/* Box-and-whisker fallback from estimates.csv quantiles (no hist.csv). */
static void plot_quant(hs_rep *R, const char *name, const char *quantity, int arms, const char *title,
                       const char *xlabel, const char *caption)
{
    hs_csvtab *t = R->est;
    int cs = hs_rep_col(t, "scenario"), cqn = hs_rep_col(t, "quantity"),
        ca = hs_rep_col(t, "arm");
    if (!t || cs < 0 || cqn < 0 || ca < 0)
        return;
    char dname[80];
    snprintf(dname, sizeof dname, "%s.dat", name);
    FILE *d = dat_open(R, dname);
    if (!d)
        return;
    fprintf(d, "# %s, scenario %s: index q025 q250 q500 q750 q975 label\n", quantity, R->scen);
    int rows = 0;
    for (int a = 0; a < arms; a++)
        for (size_t r = 0; r < hs_rep_nrows(t); r++) {
            if (strcmp(hs_rep_cell(t, r, cs), R->scen) || strcmp(hs_rep_cell(t, r, cqn), quantity) ||
                (arms == 2 && strcmp(hs_rep_cell(t, r, ca), R->arm[a])))
                continue;
            fprintf(d, "%d", a);
            static const char *qn[5] = {"q025", "q250", "q500", "q750", "q975"};
            for (int k = 0; k < 5; k++)
                dat_num(d, hs_rep_num_by(t, r, qn[k]));
            fprintf(d, " \"%s\"\n", arms == 2 ? R->arm[a] : quantity);
            rows += isfinite(hs_rep_num_by(t, r, "q500")); /* gnuplot refuses all-NaN data */
            break;
        }
    if (dat_close(R, d, dname))
        return;
    if (rows == 0) {
        hs_sbuf_printf(&R->notes, "<li>%s: no simulated trial gave a finite value; not drawn.</li>\n",
                       title);
        return;
    }
    FILE *f = gp_open(R, name, title);
    if (!f)
        return;
    char tq[200];
    gp_quote(tq, sizeof tq, title);
    fprintf(f, "set title '%s (quantiles)'\nset ylabel '%s'\nset xrange [-0.6:%d.6]\n"
               "set boxwidth 0.4\nset style fill solid 0.4 border\n"
               "plot '%s' using 1:3:2:6:5:xtic(7) with candlesticks whiskerbars lc rgb '#3182bd', \\\n"
               "     '' using 1:4:4:4:4 with candlesticks lw 2 lc rgb '#08306b'\n",
            tq, xlabel, arms - 1, dname);
    (void)caption;
    gp_close(R, f, name, title,
             "Quantiles over simulated trials (estimates.csv): box 25&ndash;75%, whiskers "
             "2.5&ndash;97.5%, line the median.");
}

static int est_sd_positive(const hs_rep *R, const char *quantity)
{
    hs_csvtab *t = R->est;
    int cs = hs_rep_col(t, "scenario"), cqn = hs_rep_col(t, "quantity");
    for (size_t r = 0; t && r < hs_rep_nrows(t); r++)
        if (!strcmp(hs_rep_cell(t, r, cs), R->scen) && !strcmp(hs_rep_cell(t, r, cqn), quantity))
            return hs_rep_num_by(t, r, "sd") > 0;
    return 0;
}

static void plot_distributions(hs_rep *R)
{
    struct {
        const char *name, *q;
        int arms;
        const char *title, *xlabel, *cap;
        double vline;
    } d[] = {
        {"hr", "hr", 1, "Hazard ratio estimate", "hazard ratio (experimental / control)",
         "Distribution of the trial's hazard-ratio estimate over simulated trials; dashed line: "
         "HR = 1.", 1.0},
        {"median_os", "median_os", 2, "Median overall survival per arm", "months",
         "Distribution of the Kaplan&ndash;Meier median OS of each arm over simulated trials "
         "(trials whose curve does not reach 0.5 are left out).", NAN},
        {"duration", "duration", 1, "Study duration", "months from first patient in to analysis",
         "Distribution of the time from the first patient's entry to the analysis.", NAN},
        {"events", "events", 1, "Events at analysis", "events",
         "Distribution of the number of events at the analysis.", NAN},
    };
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
        if (!strcmp(d[i].q, "events") && !est_sd_positive(R, "events"))
            continue; /* fixed by an event-driven analysis */
        if (!plot_hist(R, d[i].name, d[i].q, d[i].arms, d[i].title, d[i].xlabel, d[i].cap,
                       d[i].vline))
            plot_quant(R, d[i].name, d[i].q, d[i].arms, d[i].title, d[i].xlabel, d[i].cap);
    }
}

/* tornado.csv: one row per parameter, the outcome at its low and high value. */
static void plot_tornado(hs_rep *R)
{
    hs_csvtab *t = R->tornado;
    if (!t)
        return;
    static const char *pn[] = {"parameter", "axis", "key", "factor", "name", NULL},
                      *ln[] = {"power_low", "low_power", "value_low", "low", NULL},
                      *hn[] = {"power_high", "high_power", "value_high", "high", NULL},
                      *bn[] = {"power_base", "base_power", "baseline", "base", NULL},
                      *lv[] = {"low_value", "level_low", "x_low", NULL},
                      *hv[] = {"high_value", "level_high", "x_high", NULL};
    int cp = col_any(t, pn), cl = col_any(t, ln), chh = col_any(t, hn), cb = col_any(t, bn),
        clv = col_any(t, lv), chv = col_any(t, hv);
    size_t nr = hs_rep_nrows(t);
    if (cp < 0 || cl < 0 || chh < 0 || nr == 0) {
        hs_sbuf_printf(&R->notes, "<li>tornado.csv: expected columns parameter, low, high "
                                  "(or power_low, power_high); not drawn, shown as a table.</li>\n");
        return;
    }
    /* one N: the first row's (tornado.csv has rows per axis and N) */
    int cnn = hs_rep_col(t, "n");
    const char *n0 = hs_rep_cell(t, 0, cnn);
    size_t keep = 0;
    for (size_t r = 0; r < nr; r++)
        keep += cnn < 0 || !strcmp(hs_rep_cell(t, r, cnn), n0);
    double base = hs_rep_num(t, 0, cb);
    if (!isfinite(base)) {
        json_t *sc = R->summary ? json_object_get(R->summary, "scenarios") : NULL;
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
        if (cnn >= 0 && strcmp(hs_rep_cell(t, i, cnn), n0) != 0)
            continue;
        size_t j = m++;
        double si = fabs(hs_rep_num(t, i, chh) - hs_rep_num(t, i, cl));
        while (j > 0 && fabs(hs_rep_num(t, ord[j - 1], chh) - hs_rep_num(t, ord[j - 1], cl)) > si) {
            ord[j] = ord[j - 1];
            j--;
        }
        ord[j] = i;
    }
    FILE *d = dat_open(R, "tornado.dat");
    if (!d) {
        free(ord);
        return;
    }
    fprintf(d, "# y low high label (from tornado.csv, n = %s)\n", n0);
    for (size_t i = 0; i < keep; i++) {
        size_t r = ord[i];
        char lab[300], q[300];
        hs_rep_scopy(lab, sizeof lab, hs_rep_cell(t, r, cp)); /* values: in the table */
        (void)clv;
        (void)chv;
        size_t k = 0;
        for (const char *s = lab; *s && k + 2 < sizeof q; s++)
            if (*s != '"' && (unsigned char)*s >= 0x20)
                q[k++] = *s;
        q[k] = '\0';
        fprintf(d, "%zu", i);
        dat_num(d, hs_rep_num(t, r, cl));
        dat_num(d, hs_rep_num(t, r, chh));
        fprintf(d, " \"%s\"\n", q);
    }
    free(ord);
    if (dat_close(R, d, "tornado.dat"))
        return;
    FILE *f = gp_open(R, "tornado", "tornado chart of one-way sensitivity");
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
    fprintf(f, "plot 'tornado.dat' using (($2+base)/2):1:(base<$2?base:$2):(base<$2?$2:base):"
               "($1-0.35):($1+0.35):ytic(4) with boxxyerror lc rgb '#3182bd' title 'low value', \\\n"
               "     '' using (($3+base)/2):1:(base<$3?base:$3):(base<$3?$3:base):($1-0.35):"
               "($1+0.35) with boxxyerror lc rgb '#e6550d' title 'high value'\n");
    char cap[512];
    snprintf(cap, sizeof cap,
             "Power at each swept axis's first (blue) and last (orange) value, the others at "
             "their base values, at N = %s; vertical line: the base case. Widest swing on top.",
             n0);
    gp_close(R, f, "tornado", "Tornado chart", cap);
}

/* sweep.csv (long format: point, axis, value, n, power; one row per point,
 * N and varied axis) of a grid over exactly two axes: heat map of power at
 * the first N. */
static void plot_heatmap(hs_rep *R)
{
    hs_csvtab *t = R->sweep;
    int cpt = hs_rep_col(t, "point"), cax = hs_rep_col(t, "axis"), cv = hs_rep_col(t, "value"),
        cn = hs_rep_col(t, "n"), cp = hs_rep_col(t, "power");
    if (!t || cpt < 0 || cax < 0 || cv < 0 || cp < 0)
        return;
    size_t nr = hs_rep_nrows(t);
    const char *n0 = hs_rep_cell(t, 0, cn);
    /* the two axes, in order of appearance */
    const char *ax[2] = {NULL, NULL};
    for (size_t r = 0; r < nr; r++) {
        const char *a = hs_rep_cell(t, r, cax);
        if (!strcmp(a, "base") || (ax[0] && !strcmp(a, ax[0])) || (ax[1] && !strcmp(a, ax[1])))
            continue;
        if (ax[1]) {
            hs_sbuf_printf(&R->notes, "<li>sweep.csv varies more than two axes: no heat map "
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
        if (cn >= 0 && strcmp(hs_rep_cell(t, r, cn), n0) != 0)
            continue;
        int k = !strcmp(hs_rep_cell(t, r, cax), ax[0])   ? 0
                : !strcmp(hs_rep_cell(t, r, cax), ax[1]) ? 1 : -1;
        if (k < 0)
            continue;
        size_t j = 0;
        while (j < nl[k] && strcmp(hs_rep_cell(t, lev[k][j], cv), hs_rep_cell(t, r, cv)) != 0)
            j++;
        if (j == nl[k])
            lev[k][nl[k]++] = r;
        /* the point's cell: the row of the same point on the other axis */
        for (size_t q = 0; k == 0 && q < nr; q++) {
            if (strcmp(hs_rep_cell(t, q, cpt), hs_rep_cell(t, r, cpt)) ||
                strcmp(hs_rep_cell(t, q, cax), ax[1]) ||
                (cn >= 0 && strcmp(hs_rep_cell(t, q, cn), n0)))
                continue;
            size_t jj = 0;
            while (jj < nl[1] && strcmp(hs_rep_cell(t, lev[1][jj], cv), hs_rep_cell(t, q, cv)) != 0)
                jj++;
            if (jj == nl[1])
                lev[1][nl[1]++] = q;
            cell[3 * nc] = (double)j;
            cell[3 * nc + 1] = (double)jj;
            cell[3 * nc + 2] = hs_rep_num(t, r, cp);
            nc++;
            break;
        }
    }
    if (nc < 2)
        goto out; /* a one-way design: the tornado chart shows it */
    FILE *d = dat_open(R, "heatmap.dat");
    if (!d)
        goto out;
    fprintf(d, "# x y power (x, y: level indices of %s, %s; n = %s)\n", ax[0], ax[1], n0);
    for (size_t i = 0; i < nc; i++) {
        fprintf(d, "%.0f %.0f", cell[3 * i], cell[3 * i + 1]);
        dat_num(d, cell[3 * i + 2]);
        fprintf(d, "\n");
    }
    if (dat_close(R, d, "heatmap.dat"))
        goto out;
    FILE *f = gp_open(R, "heatmap", "two-way sweep: power over two axes");
    if (!f)
        goto out;
    char a0[140], a1[140];
    gp_quote(a0, sizeof a0, ax[0]);
    gp_quote(a1, sizeof a1, ax[1]);
    fprintf(f, "set title 'Power over %s and %s (N = %s)'\nset xlabel '%s'\nset ylabel '%s'\n"
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
            gp_quote(q, sizeof q, hs_rep_cell(t, lev[k][j], cv));
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
    gp_close(R, f, "heatmap", "Sweep heat map", cap);
out:
    free(lev[0]);
    free(lev[1]);
    free(cell);
}

/* ---------- entry ---------- */

int hs_rep_gnuplot_probe(const hs_rep *R)
{
    char path[1400];
    char *vargv[] = {(char *)R->gnuplot, "--version", NULL};
    int ok = spawn(R, vargv, ".gnuplot-version.log") == 0;
    snprintf(path, sizeof path, "%s/.gnuplot-version.log", R->plotdir);
    remove(path);
    return ok;
}

void hs_rep_plot_all(hs_rep *R)
{
    plot_survival(R, 1);
    plot_survival(R, 0);
    plot_power(R);
    plot_distributions(R);
    plot_tornado(R);
    plot_heatmap(R);
}
