/* report.c — see report.h.
 *
 * Plots are gnuplot scripts over small whitespace-separated data files,
 * both kept in DIR/plots/ so that users can restyle and redraw them
 * (`cd DIR/plots && gnuplot NAME.gp`). gnuplot is run with fork/exec (no
 * shell), in DIR/plots, with only relative file names in its scripts.
 * The HTML page inlines each SVG; ids are prefixed per plot so that the
 * plots' <defs> cannot collide, and the SVG namespace attributes (which the
 * HTML parser does not need) are dropped, so the page holds no URL. */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "csvtab.h"
#include "output.h"
#include "sbuf.h"

#define PLOTS_MAX 16
#define TARGETS_MAX 16
#define ROWS_SHOWN 200

typedef struct plot {
    char name[64];
    char title[160];
    char caption[1024];
} plot;

typedef struct targets {
    int n;
    double t[TARGETS_MAX], s[TARGETS_MAX];
    char source[256];
} targets;

typedef struct rep {
    const char *dir, *gnuplot;
    char plotdir[1100];
    hs_csvtab *power, *km, *est, *hist, *plan, *sweep, *tornado;
    json_t *summary, *manifest, *planj;
    const char *cfg; /* manifest config_text, or "" */
    char scen[32];   /* headline scenario (text of power.csv's scenario column) */
    size_t hrow;     /* its row in power.csv */
    char arm[2][64]; /* control, experimental */
    int narm;
    plot plots[PLOTS_MAX];
    int nplots, nfailed, gp_ok;
    hs_sbuf notes; /* HTML list items: what could not be drawn */
} rep;

/* ---------- small helpers ---------- */

/* Column index, or -1 (also for a missing table). */
static int colof(const hs_csvtab *t, const char *name) { return t ? hs_csvtab_col(t, name) : -1; }

/* Data rows, 0 for a missing table. */
static size_t nrows(const hs_csvtab *t) { return t ? hs_csvtab_nrows(t) : 0; }

/* Copy src into dst (cap bytes), truncating. */
static void scopy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void seterr(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

static int file_nonempty(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

/* Optional CSV: NULL if absent; a note if present but unreadable. */
static hs_csvtab *read_csv(rep *R, const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", R->dir, name);
    if (access(path, F_OK) != 0)
        return NULL;
    hs_csvtab *t = NULL;
    if (hs_csvtab_read(path, &t, NULL, NULL) != 0) {
        hs_sbuf_printf(&R->notes, "<li>%s could not be read as CSV; skipped.</li>\n", name);
        return NULL;
    }
    return t;
}

static json_t *read_json(const char *dir, const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return json_load_file(path, 0, NULL);
}

/* Cell as a number; NAN if the column is missing, NA or not a number. */
static double cnum(const hs_csvtab *t, size_t row, int col)
{
    double x;
    if (!t || col < 0 || row >= nrows(t) || hs_csvtab_num(t, row, col, &x, NULL, 0) != 0)
        return NAN;
    return x;
}

static double cnum_by(const hs_csvtab *t, size_t row, const char *name)
{
    return t ? cnum(t, row, colof(t, name)) : NAN;
}

static const char *cstr(const hs_csvtab *t, size_t row, int col)
{
    if (!t || col < 0 || row >= nrows(t))
        return "";
    return hs_csvtab_cell(t, row, col);
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

static void html_esc(hs_sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': hs_sbuf_printf(b, "&amp;"); break;
        case '<': hs_sbuf_printf(b, "&lt;"); break;
        case '>': hs_sbuf_printf(b, "&gt;"); break;
        case '"': hs_sbuf_printf(b, "&quot;"); break;
        case '\'': hs_sbuf_printf(b, "&#39;"); break;
        default: hs_sbuf_append(b, s, 1);
        }
    }
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

static void fmt_num(char *out, size_t cap, double v, int digits)
{
    if (isfinite(v))
        snprintf(out, cap, "%.*f", digits, v);
    else
        snprintf(out, cap, "NA");
}

/* ---------- INI text lookups (config text of the manifest; model files) ---------- */

static void trim(char *s)
{
    size_t n = strlen(s), a = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    while (s[a] == ' ' || s[a] == '\t')
        a++;
    memmove(s, s + a, n - a + 1);
}

/* Value of [section] key in INI text (last occurrence wins). Lines
 * "; --set section.key=value" (and arm.NAME.key) that the run appends to
 * the config text count as assignments. A ';' or '#' after whitespace
 * starts a comment. 0 and out set, or -1. */
static int ini_get(const char *text, const char *section, const char *key, char *out, size_t cap)
{
    char sec[160] = "", line[2048];
    int found = -1;
    const char *p = text;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        p = nl ? nl + 1 : p + strlen(p);
        trim(line);
        char s_sec[400], s_key[160], s_val[1024];
        const char *assign = NULL;
        if (!strncmp(line, "; --set ", 8)) {
            const char *spec = line + 8, *eq = strchr(spec, '=');
            if (!eq)
                continue;
            char lhs[320];
            size_t l = (size_t)(eq - spec);
            if (l >= sizeof lhs)
                continue;
            memcpy(lhs, spec, l);
            lhs[l] = '\0';
            char *dot = strrchr(lhs, '.');
            if (!dot)
                continue;
            *dot = '\0';
            scopy(s_key, sizeof s_key, dot + 1);
            if (!strncmp(lhs, "arm.", 4))
                snprintf(s_sec, sizeof s_sec, "arm %s", lhs + 4);
            else
                scopy(s_sec, sizeof s_sec, lhs);
            scopy(s_val, sizeof s_val, eq + 1);
            assign = s_val;
        } else if (line[0] == ';' || line[0] == '#' || line[0] == '\0') {
            continue;
        } else if (line[0] == '[') {
            char *close = strchr(line, ']');
            if (close) {
                *close = '\0';
                scopy(sec, sizeof sec, line + 1);
                trim(sec);
            }
            continue;
        } else {
            char *eq = strchr(line, '=');
            if (!eq)
                continue;
            *eq = '\0';
            scopy(s_key, sizeof s_key, line);
            trim(s_key);
            scopy(s_sec, sizeof s_sec, sec);
            scopy(s_val, sizeof s_val, eq + 1);
            for (char *c = s_val; *c; c++)
                if ((*c == ';' || *c == '#') && (c == s_val || c[-1] == ' ' || c[-1] == '\t')) {
                    *c = '\0';
                    break;
                }
            assign = s_val;
        }
        trim(s_val);
        if (assign && !strcmp(s_sec, section) && !strcmp(s_key, key)) {
            snprintf(out, cap, "%s", s_val);
            found = 0;
        }
    }
    return found;
}

static int cfg_get(const rep *R, const char *section, const char *key, char *out, size_t cap)
{
    out[0] = '\0';
    return ini_get(R->cfg, section, key, out, cap);
}

/* Parse "T:S, T:S, ...[; median M]" (a model's [provenance] targets). */
static void parse_targets(const char *v, targets *tg)
{
    const char *p = v;
    while (*p && *p != ';' && tg->n < TARGETS_MAX) {
        char *end;
        double t = strtod(p, &end);
        if (end == p || *end != ':')
            break;
        const char *q = end + 1;
        double s = strtod(q, &end);
        if (end == q || !isfinite(t) || !(s >= 0 && s <= 1))
            break;
        tg->t[tg->n] = t;
        tg->s[tg->n++] = s;
        p = end;
        while (*p == ',' || *p == ' ')
            p++;
    }
    const char *m = strstr(v, "median");
    if (m && tg->n < TARGETS_MAX) {
        char *end;
        double t = strtod(m + 6, &end);
        if (end != m + 6 && isfinite(t) && t > 0) {
            tg->t[tg->n] = t;
            tg->s[tg->n++] = 0.5;
        }
    }
}

/* Landmarks to mark on arm a's survival plot: the [provenance] targets of
 * the arm's model file (found as the run found it: as given, next to the
 * config, or in the config's parent folder); if the file is not readable
 * and it is models/hifu_chemo.ini, the anchor cohort's published values. */
static void arm_targets(const rep *R, int a, targets *tg)
{
    memset(tg, 0, sizeof *tg);
    char sec[96], model[512];
    snprintf(sec, sizeof sec, "arm %s", R->arm[a]);
    if (cfg_get(R, sec, "model", model, sizeof model) != 0 || !model[0])
        return;
    const char *cfgpath = "";
    json_t *c = R->manifest ? json_object_get(R->manifest, "config") : NULL;
    if (json_is_string(c))
        cfgpath = json_string_value(c);
    char cdir[600];
    scopy(cdir, sizeof cdir, cfgpath);
    char *slash = strrchr(cdir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(cdir, sizeof cdir, ".");
    char cand[3][1200];
    scopy(cand[0], sizeof cand[0], model);
    snprintf(cand[1], sizeof cand[1], "%s/%s", cdir, model);
    snprintf(cand[2], sizeof cand[2], "%s/../%s", cdir, model);
    for (int k = 0; k < (model[0] == '/' ? 1 : 3); k++) {
        char *text = hs_sbuf_slurp(cand[k], NULL);
        if (!text)
            continue;
        char v[1024];
        if (ini_get(text, "provenance", "targets", v, sizeof v) == 0)
            parse_targets(v, tg);
        if (ini_get(text, "provenance", "source", v, sizeof v) == 0)
            scopy(tg->source, sizeof tg->source, v);
        free(text);
        return;
    }
    const char *base = strrchr(model, '/');
    base = base ? base + 1 : model;
    if (!strcmp(base, "hifu_chemo.ini")) {
        parse_targets("12:1.00,24:0.933,36:0.72; median 52", tg);
        snprintf(tg->source, sizeof tg->source,
                 "Wang et al. Int J Hyperthermia 2025 doi 10.1080/02656736.2025.2519344");
    }
}

/* ---------- running gnuplot ---------- */

/* Run argv[0] with argv in R->plotdir, stdout and stderr to logname.
 * Returns the exit status, 127 if it could not be started, -1 on fork error. */
static int spawn(const rep *R, char *const argv[], const char *logname)
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

static FILE *gp_open(rep *R, const char *name, const char *what)
{
    char path[1300];
    snprintf(path, sizeof path, "%s/%s.gp", R->plotdir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
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
static void gp_close(rep *R, FILE *f, const char *name, const char *title, const char *caption)
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
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        R->nfailed++;
        hs_sbuf_printf(&R->notes, "<li>plots/%s.gp could not be written.</li>\n", name);
        return;
    }
    if (!R->gp_ok)
        return;
    char gpname[80], logname[80], svg[1300];
    snprintf(gpname, sizeof gpname, "%s.gp", name);
    snprintf(logname, sizeof logname, "%s.log", name);
    snprintf(svg, sizeof svg, "%s/%s.svg", R->plotdir, name);
    char *argv[] = {(char *)R->gnuplot, gpname, NULL};
    remove(svg);
    int rc = spawn(R, argv, logname);
    if (rc != 0 || !file_nonempty(svg)) {
        R->nfailed++;
        hs_sbuf_printf(&R->notes, "<li>gnuplot failed on plots/%s.gp (see plots/%s.log).</li>\n",
                       name, name);
        return;
    }
    char logpath[1300];
    snprintf(logpath, sizeof logpath, "%s/%s", R->plotdir, logname);
    remove(logpath);
    if (R->nplots < PLOTS_MAX) {
        plot *p = &R->plots[R->nplots++];
        scopy(p->name, sizeof p->name, name);
        scopy(p->title, sizeof p->title, title);
        scopy(p->caption, sizeof p->caption, caption);
    }
}

static FILE *dat_open(const rep *R, const char *name)
{
    char path[1300];
    snprintf(path, sizeof path, "%s/%s", R->plotdir, name);
    return fopen(path, "w");
}

static int dat_close(rep *R, FILE *f, const char *name)
{
    int bad = ferror(f);
    if (fclose(f) != 0 || bad) {
        hs_sbuf_printf(&R->notes, "<li>plots/%s could not be written.</li>\n", name);
        return -1;
    }
    return 0;
}

static void dat_num(FILE *f, double v) { fprintf(f, isfinite(v) ? " %.10g" : " NaN", v); }

/* ---------- the plots ---------- */

/* Survival-curve distribution of arm a in the headline scenario. */
static void plot_survival(rep *R, int a)
{
    hs_csvtab *t = R->km;
    if (!t)
        return;
    int cs = colof(t, "scenario"), ca = colof(t, "arm"),
        ct = colof(t, "time");
    const char *qn[5] = {"q025", "q250", "q500", "q750", "q975"};
    int cq[5];
    for (int k = 0; k < 5; k++)
        cq[k] = colof(t, qn[k]);
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
    for (size_t r = 0; r < nrows(t); r++) {
        if (strcmp(cstr(t, r, cs), R->scen) != 0)
            continue;
        double tm = cnum(t, r, ct);
        if (!strcmp(cstr(t, r, ca), R->arm[a])) {
            fprintf(d, "%.10g", tm);
            for (int k = 0; k < 5; k++)
                dat_num(d, cnum(t, r, cq[k]));
            fprintf(d, "\n");
            rows++;
            if (tm > tmax)
                tmax = tm;
        } else if (!strcmp(cstr(t, r, ca), R->arm[1 - a])) {
            fprintf(o, "%.10g", tm);
            dat_num(o, cnum(t, r, cq[2]));
            fprintf(o, "\n");
        }
    }
    if (dat_close(R, d, dname) || dat_close(R, o, oname) || rows == 0)
        return;
    targets tg;
    arm_targets(R, a, &tg);
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
    html_esc(&c, R->arm[a]);
    hs_sbuf_printf(&c, " arm (scenario %s): median curve, central 50%% and 95%% of simulated "
                       "trials; dashed: the median curve of ", R->scen);
    html_esc(&c, R->arm[1 - a]);
    hs_sbuf_printf(&c, ".");
    if (tg.n) {
        hs_sbuf_printf(&c, " Red points: the published landmarks the arm's model was calibrated "
                           "to (");
        html_esc(&c, tg.source);
        hs_sbuf_printf(&c, "); the point at S = 0.5 marks the published median.");
    }
    scopy(cap, sizeof cap, c.s ? c.s : "");
    hs_sbuf_free(&c);
    gp_close(R, f, name, title, cap);
}

/* Power against N: plan.csv if present, else power.csv with several N. */
static void plot_power(rep *R)
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
    size_t nr = nrows(t);
    if (cn < 0 || cp < 0 || nr < 2)
        return;
    /* one point per N, sorted by N; plan.csv may hold an N at several
     * stages: the row with the most replicates wins */
    int cr = colof(t, "replicates");
    double *v = malloc(nr * 5 * sizeof *v);
    if (!v)
        return;
    size_t m = 0;
    for (size_t r = 0; r < nr; r++) {
        double n = cnum(t, r, cn), p = cnum(t, r, cp), reps = cr >= 0 ? cnum(t, r, cr) : 0;
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
        v[5 * i + 2] = cnum(t, r, cl);
        v[5 * i + 3] = cnum(t, r, ch);
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
    if (nt == 0 && cfg_get(R, "plan", "target_power", tv, sizeof tv) == 0) {
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
static int plot_hist(rep *R, const char *name, const char *quantity, int arms, const char *title,
                     const char *xlabel, const char *caption, double vline)
{
    hs_csvtab *t = R->hist;
    int cs = colof(t, "scenario"), cqn = colof(t, "quantity"),
        ca = colof(t, "arm"), cl = colof(t, "lo"), chh = colof(t, "hi"),
        cc = colof(t, "count");
    if (!t || cs < 0 || cqn < 0 || ca < 0 || cl < 0 || chh < 0 || cc < 0)
        return 0;
    int drawn = 0;
    char dnames[2][64];
    for (int a = 0; a < arms; a++) {
        snprintf(dnames[a], sizeof dnames[a], arms == 2 ? "%s_%d.dat" : "%s.dat", name, a);
        double total = 0;
        for (size_t r = 0; r < nrows(t); r++)
            if (!strcmp(cstr(t, r, cs), R->scen) && !strcmp(cstr(t, r, cqn), quantity) &&
                (arms == 1 || !strcmp(cstr(t, r, ca), R->arm[a])))
                total += cnum(t, r, cc);
        if (!(total > 0))
            continue;
        FILE *d = dat_open(R, dnames[a]);
        if (!d)
            return 0;
        fprintf(d, "# %s%s%s, scenario %s: bin_centre share_per_unit bin_width count\n", quantity,
                arms == 2 ? ", arm " : "", arms == 2 ? R->arm[a] : "", R->scen);
        for (size_t r = 0; r < nrows(t); r++) {
            if (strcmp(cstr(t, r, cs), R->scen) != 0 || strcmp(cstr(t, r, cqn), quantity) != 0 ||
                (arms == 2 && strcmp(cstr(t, r, ca), R->arm[a]) != 0))
                continue;
            double lo = cnum(t, r, cl), hi = cnum(t, r, chh), k = cnum(t, r, cc);
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
static void plot_quant(rep *R, const char *name, const char *quantity, int arms, const char *title,
                       const char *xlabel, const char *caption)
{
    hs_csvtab *t = R->est;
    int cs = colof(t, "scenario"), cqn = colof(t, "quantity"),
        ca = colof(t, "arm");
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
        for (size_t r = 0; r < nrows(t); r++) {
            if (strcmp(cstr(t, r, cs), R->scen) || strcmp(cstr(t, r, cqn), quantity) ||
                (arms == 2 && strcmp(cstr(t, r, ca), R->arm[a])))
                continue;
            fprintf(d, "%d", a);
            static const char *qn[5] = {"q025", "q250", "q500", "q750", "q975"};
            for (int k = 0; k < 5; k++)
                dat_num(d, cnum_by(t, r, qn[k]));
            fprintf(d, " \"%s\"\n", arms == 2 ? R->arm[a] : quantity);
            rows++;
            break;
        }
    if (dat_close(R, d, dname) || rows == 0)
        return;
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

static int est_sd_positive(const rep *R, const char *quantity)
{
    hs_csvtab *t = R->est;
    int cs = colof(t, "scenario"), cqn = colof(t, "quantity");
    for (size_t r = 0; t && r < nrows(t); r++)
        if (!strcmp(cstr(t, r, cs), R->scen) && !strcmp(cstr(t, r, cqn), quantity))
            return cnum_by(t, r, "sd") > 0;
    return 0;
}

static void plot_distributions(rep *R)
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
static void plot_tornado(rep *R)
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
    size_t nr = nrows(t);
    if (cp < 0 || cl < 0 || chh < 0 || nr == 0) {
        hs_sbuf_printf(&R->notes, "<li>tornado.csv: expected columns parameter, low, high "
                                  "(or power_low, power_high); not drawn, shown as a table.</li>\n");
        return;
    }
    /* one N: the first row's (tornado.csv has rows per axis and N) */
    int cnn = colof(t, "n");
    const char *n0 = cstr(t, 0, cnn);
    size_t keep = 0;
    for (size_t r = 0; r < nr; r++)
        keep += cnn < 0 || !strcmp(cstr(t, r, cnn), n0);
    double base = cnum(t, 0, cb);
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
        if (cnn >= 0 && strcmp(cstr(t, i, cnn), n0) != 0)
            continue;
        size_t j = m++;
        double si = fabs(cnum(t, i, chh) - cnum(t, i, cl));
        while (j > 0 && fabs(cnum(t, ord[j - 1], chh) - cnum(t, ord[j - 1], cl)) > si) {
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
        scopy(lab, sizeof lab, cstr(t, r, cp)); /* values: in the table */
        (void)clv;
        (void)chv;
        size_t k = 0;
        for (const char *s = lab; *s && k + 2 < sizeof q; s++)
            if (*s != '"' && (unsigned char)*s >= 0x20)
                q[k++] = *s;
        q[k] = '\0';
        fprintf(d, "%zu", i);
        dat_num(d, cnum(t, r, cl));
        dat_num(d, cnum(t, r, chh));
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
static void plot_heatmap(rep *R)
{
    hs_csvtab *t = R->sweep;
    int cpt = colof(t, "point"), cax = colof(t, "axis"), cv = colof(t, "value"),
        cn = colof(t, "n"), cp = colof(t, "power");
    if (!t || cpt < 0 || cax < 0 || cv < 0 || cp < 0)
        return;
    size_t nr = nrows(t);
    const char *n0 = cstr(t, 0, cn);
    /* the two axes, in order of appearance */
    const char *ax[2] = {NULL, NULL};
    for (size_t r = 0; r < nr; r++) {
        const char *a = cstr(t, r, cax);
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
        if (cn >= 0 && strcmp(cstr(t, r, cn), n0) != 0)
            continue;
        int k = !strcmp(cstr(t, r, cax), ax[0]) ? 0 : !strcmp(cstr(t, r, cax), ax[1]) ? 1 : -1;
        if (k < 0)
            continue;
        size_t j = 0;
        while (j < nl[k] && strcmp(cstr(t, lev[k][j], cv), cstr(t, r, cv)) != 0)
            j++;
        if (j == nl[k])
            lev[k][nl[k]++] = r;
        /* the point's cell: the row of the same point on the other axis */
        for (size_t q = 0; k == 0 && q < nr; q++) {
            if (strcmp(cstr(t, q, cpt), cstr(t, r, cpt)) || strcmp(cstr(t, q, cax), ax[1]) ||
                (cn >= 0 && strcmp(cstr(t, q, cn), n0)))
                continue;
            size_t jj = 0;
            while (jj < nl[1] && strcmp(cstr(t, lev[1][jj], cv), cstr(t, q, cv)) != 0)
                jj++;
            if (jj == nl[1])
                lev[1][nl[1]++] = q;
            cell[3 * nc] = (double)j;
            cell[3 * nc + 1] = (double)jj;
            cell[3 * nc + 2] = cnum(t, r, cp);
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
            gp_quote(q, sizeof q, cstr(t, lev[k][j], cv));
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

/* ---------- HTML ---------- */

/* Append the SVG file inline: from "<svg", namespace attributes dropped,
 * ids and #-references prefixed with "pK-". */
static int inline_svg(hs_sbuf *b, const char *path, int k)
{
    size_t len;
    char *s = hs_sbuf_slurp(path, &len);
    if (!s)
        return -1;
    char *p = strstr(s, "<svg");
    if (!p || strstr(p, "<script") || strstr(p, "<foreignObject")) {
        free(s);
        return -1;
    }
    char pre[16];
    snprintf(pre, sizeof pre, "p%d-", k);
    while (*p) {
        int ws = p > s && (p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t');
        if (ws && !strncmp(p, "xmlns", 5)) {
            char *q = strchr(p, '=');
            if (q && (q[1] == '"' || q[1] == '\'')) {
                char *e = strchr(q + 2, q[1]);
                if (e) {
                    p = e + 1;
                    continue;
                }
            }
        }
        if (ws && !strncmp(p, "id=", 3) && (p[3] == '"' || p[3] == '\'')) {
            hs_sbuf_append(b, p, 4);
            hs_sbuf_printf(b, "%s", pre);
            p += 4;
            continue;
        }
        if (!strncmp(p, "href=", 5) && (p[5] == '"' || p[5] == '\'') && p[6] == '#') {
            hs_sbuf_append(b, p, 7);
            hs_sbuf_printf(b, "%s", pre);
            p += 7;
            continue;
        }
        if (!strncmp(p, "url(#", 5)) {
            hs_sbuf_append(b, p, 5);
            hs_sbuf_printf(b, "%s", pre);
            p += 5;
            continue;
        }
        hs_sbuf_append(b, p, 1);
        p++;
    }
    free(s);
    return 0;
}

/* A CSV as an HTML table (at most ROWS_SHOWN rows; filter: scenario column == only). */
static void html_table(hs_sbuf *b, const hs_csvtab *t, const char *only, int numeric_digits)
{
    int cs = only ? colof(t, "scenario") : -1;
    int nc = hs_csvtab_ncols(t);
    hs_sbuf_printf(b, "<div class=\"tw\"><table>\n<thead><tr>");
    for (int c = 0; c < nc; c++) {
        if (c == cs)
            continue;
        hs_sbuf_printf(b, "<th>");
        html_esc(b, hs_csvtab_colname(t, c));
        hs_sbuf_printf(b, "</th>");
    }
    hs_sbuf_printf(b, "</tr></thead>\n<tbody>\n");
    size_t shown = 0, nr = nrows(t);
    for (size_t r = 0; r < nr; r++) {
        if (cs >= 0 && strcmp(cstr(t, r, cs), only) != 0)
            continue;
        if (shown++ == ROWS_SHOWN)
            break;
        hs_sbuf_printf(b, "<tr>");
        for (int c = 0; c < nc; c++) {
            if (c == cs)
                continue;
            const char *cell = hs_csvtab_cell(t, r, c);
            char *end;
            double x = strtod(cell, &end);
            if (*cell && !*end && isfinite(x) && strchr(cell, '.') && numeric_digits > 0) {
                char buf[64];
                snprintf(buf, sizeof buf, "%.*g", numeric_digits, x);
                hs_sbuf_printf(b, "<td class=\"n\">%s</td>", buf);
            } else {
                hs_sbuf_printf(b, *cell && !*end ? "<td class=\"n\">" : "<td>");
                html_esc(b, cell);
                hs_sbuf_printf(b, "</td>");
            }
        }
        hs_sbuf_printf(b, "</tr>\n");
    }
    hs_sbuf_printf(b, "</tbody></table></div>\n");
    if (shown > ROWS_SHOWN)
        hs_sbuf_printf(b, "<p class=\"small\">First %d rows shown; the CSV file has them all.</p>\n",
                       ROWS_SHOWN);
}

static const char *css =
    ":root{--ink:#1b1f23;--muted:#5a6270;--line:#d8dde3;--accent:#08306b;--bg:#fff}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#f4f6f8;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,Helvetica,Arial,sans-serif}\n"
    "main{max-width:1180px;margin:0 auto;padding:24px 28px 48px;background:var(--bg)}\n"
    "h1{font-size:1.7em;margin:0 0 4px;color:var(--accent)}\n"
    "h2{font-size:1.25em;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}\n"
    "h3{font-size:1.05em;margin:18px 0 6px}\n"
    ".meta,.small{color:var(--muted);font-size:.88em}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px}\n"
    ".card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:#fafbfc}\n"
    ".card .k{color:var(--muted);font-size:.85em}\n"
    ".card .v{font-size:1.55em;font-weight:600;color:var(--accent)}\n"
    ".card .u{font-size:.85em;color:var(--muted)}\n"
    ".plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:18px}\n"
    "figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px;background:#fff;"
    "break-inside:avoid;page-break-inside:avoid}\n"
    "figure svg{display:block;width:100%;height:auto}\n"
    "figcaption{font-size:.86em;color:var(--muted);padding:4px 6px 2px}\n"
    "figcaption b{color:var(--ink)}\n"
    ".tw{overflow-x:auto}\n"
    "table{border-collapse:collapse;font-size:.86em;margin:6px 0 12px}\n"
    "th,td{border-bottom:1px solid var(--line);padding:3px 9px;text-align:left;white-space:nowrap}\n"
    "th{background:#eef1f4}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:10px;"
    "font-size:.8em;overflow-x:auto;white-space:pre-wrap}\n"
    "ul.notes{color:#8a3b00}\n"
    "@media print{body{background:#fff;font-size:10pt}main{max-width:none;padding:0}"
    ".plots{display:block}figure{margin:0 0 12px;border:none;padding:0}"
    "h2{break-after:avoid;page-break-after:avoid}.tw{overflow:visible}"
    "table{font-size:8pt}pre{white-space:pre-wrap;font-size:7pt}}\n";

static const char *jstr(json_t *o, const char *key)
{
    json_t *v = o ? json_object_get(o, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static double jnumv(json_t *o, const char *key)
{
    json_t *v = o ? json_object_get(o, key) : NULL;
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* The estimates.csv row of (headline scenario, quantity, arm), or -1. */
static long est_row(const rep *R, const char *quantity, const char *arm, double time)
{
    hs_csvtab *t = R->est;
    int cs = colof(t, "scenario"), cq = colof(t, "quantity"),
        ca = colof(t, "arm"), ct = colof(t, "time");
    for (size_t r = 0; t && r < nrows(t); r++)
        if (!strcmp(cstr(t, r, cs), R->scen) && !strcmp(cstr(t, r, cq), quantity) &&
            !strcmp(cstr(t, r, ca), arm) && (isnan(time) || fabs(cnum(t, r, ct) - time) < 1e-9))
            return (long)r;
    return -1;
}

static void card(hs_sbuf *b, const char *k, const char *v, const char *u)
{
    hs_sbuf_printf(b, "<div class=\"card\"><div class=\"k\">");
    html_esc(b, k);
    hs_sbuf_printf(b, "</div><div class=\"v\">");
    html_esc(b, v);
    hs_sbuf_printf(b, "</div><div class=\"u\">");
    html_esc(b, u);
    hs_sbuf_printf(b, "</div></div>\n");
}

static void est_card(hs_sbuf *b, const rep *R, const char *label, const char *quantity,
                     const char *arm, int digits, const char *unit)
{
    long r = est_row(R, quantity, arm, NAN);
    if (r < 0)
        return;
    char v[64], u[200], lo[32], hi[32];
    fmt_num(v, sizeof v, cnum_by(R->est, (size_t)r, "q500"), digits);
    fmt_num(lo, sizeof lo, cnum_by(R->est, (size_t)r, "q025"), digits);
    fmt_num(hi, sizeof hi, cnum_by(R->est, (size_t)r, "q975"), digits);
    snprintf(u, sizeof u, "%s%smedian over trials; 95%% of trials %s to %s", unit,
             *unit ? "; " : "", lo, hi);
    card(b, label, v, u);
}

static void scenario_words(hs_sbuf *b, const rep *R)
{
    char v[1024], n[256], acc[256], drop[256], an[256], test[64], alpha[64], sides[64],
        strata[256];
    cfg_get(R, "design", "n", n, sizeof n);
    cfg_get(R, "design", "accrual", acc, sizeof acc);
    cfg_get(R, "design", "dropout", drop, sizeof drop);
    cfg_get(R, "design", "analysis", an, sizeof an);
    cfg_get(R, "design", "test", test, sizeof test);
    cfg_get(R, "design", "alpha", alpha, sizeof alpha);
    cfg_get(R, "design", "sides", sides, sizeof sides);
    cfg_get(R, "design", "strata", strata, sizeof strata);
    hs_sbuf_printf(b, "<p>A randomised two-arm trial of <b>");
    html_esc(b, R->arm[1]);
    hs_sbuf_printf(b, "</b> (experimental) against <b>");
    html_esc(b, R->arm[0]);
    hs_sbuf_printf(b, "</b> (control)");
    if (n[0]) {
        hs_sbuf_printf(b, ", with N = ");
        html_esc(b, n);
        hs_sbuf_printf(b, " patients in total");
    }
    if (acc[0]) {
        hs_sbuf_printf(b, ", accrued over ");
        html_esc(b, acc);
        hs_sbuf_printf(b, " months");
    }
    if (drop[0]) {
        char *e;
        double d = strtod(drop, &e);
        if (!*e && isfinite(d))
            hs_sbuf_printf(b, ", with %.3g%% of patients lost to follow-up per year", 100 * d);
    }
    hs_sbuf_printf(b, ". ");
    if (!strncmp(an, "events:", 7)) {
        hs_sbuf_printf(b, "The analysis takes place at the ");
        html_esc(b, an + 7);
        hs_sbuf_printf(b, "th event");
    } else if (!strncmp(an, "calendar:", 9)) {
        hs_sbuf_printf(b, "The analysis takes place ");
        html_esc(b, an + 9);
        hs_sbuf_printf(b, " months after the first patient enters");
    } else if (an[0]) {
        hs_sbuf_printf(b, "Analysis: ");
        html_esc(b, an);
    }
    if (test[0]) {
        hs_sbuf_printf(b, ", with a%s %s", strata[0] ? " stratified" : "",
                       !strcmp(test, "cox") ? "Cox model Wald test" : "log-rank test");
        if (strata[0]) {
            hs_sbuf_printf(b, " (strata: ");
            html_esc(b, strata);
            hs_sbuf_printf(b, ")");
        }
    }
    if (alpha[0]) {
        hs_sbuf_printf(b, " at %s &alpha; = ", !strcmp(sides, "1") ? "one-sided" : "two-sided");
        html_esc(b, alpha);
    }
    hs_sbuf_printf(b, ".</p>\n<p>");
    for (int a = 0; a < 2; a++) {
        char sec[96];
        snprintf(sec, sizeof sec, "arm %s", R->arm[a]);
        hs_sbuf_printf(b, "Arm <b>");
        html_esc(b, R->arm[a]);
        hs_sbuf_printf(b, "</b>: ");
        if (cfg_get(R, sec, "model", v, sizeof v) == 0) {
            hs_sbuf_printf(b, "hazard model from <code>");
            html_esc(b, v);
            hs_sbuf_printf(b, "</code>");
        } else if (cfg_get(R, sec, "reference", v, sizeof v) == 0) {
            char hr[256];
            cfg_get(R, sec, "hr", hr, sizeof hr);
            hs_sbuf_printf(b, "proportional hazards against ");
            html_esc(b, v);
            hs_sbuf_printf(b, ", HR ");
            html_esc(b, hr);
        } else if (cfg_get(R, sec, "family", v, sizeof v) == 0) {
            hs_sbuf_printf(b, "inline %s model", "");
            html_esc(b, v);
        } else
            hs_sbuf_printf(b, "see the configuration below");
        if (cfg_get(R, sec, "allocation", v, sizeof v) == 0) {
            hs_sbuf_printf(b, ", allocation weight ");
            html_esc(b, v);
        }
        hs_sbuf_printf(b, a == 0 ? ". " : ".</p>\n");
    }
    /* the cohort mix */
    const char *p = R->cfg;
    int in = 0, any = 0;
    char line[1024];
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        if (len >= sizeof line)
            len = sizeof line - 1;
        memcpy(line, p, len);
        line[len] = '\0';
        p = nl ? nl + 1 : p + len;
        trim(line);
        if (line[0] == '[') {
            in = !strncmp(line, "[cohort]", 8);
            continue;
        }
        char *eq = strchr(line, '=');
        if (!in || !eq || line[0] == ';' || line[0] == '#')
            continue;
        *eq = '\0';
        char *val = eq + 1;
        for (char *c = val; *c; c++)
            if ((*c == ';' || *c == '#') && (c == val || c[-1] == ' ' || c[-1] == '\t')) {
                *c = '\0';
                break;
            }
        trim(line);
        trim(val);
        hs_sbuf_printf(b, any ? "; " : "<p>Patients enrolled (covariate, level:share): ");
        hs_sbuf_printf(b, "<b>");
        html_esc(b, line);
        hs_sbuf_printf(b, "</b> ");
        html_esc(b, val);
        any = 1;
    }
    if (any)
        hs_sbuf_printf(b, ".</p>\n");
}

static void write_html_body(hs_sbuf *b, rep *R)
{
    const char *run = jstr(R->summary, "run");
    if (!run)
        run = jstr(R->summary, "name");
    if (!run)
        run = jstr(R->planj, "name");
    hs_sbuf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>hifusim report: ");
    html_esc(b, run ? run : R->dir);
    hs_sbuf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
    hs_sbuf_printf(b, "<h1>hifusim report: ");
    html_esc(b, run ? run : R->dir);
    hs_sbuf_printf(b, "</h1>\n<p class=\"meta\">");
    json_t *m = R->manifest;
    const char *when = jstr(m, "started_utc"), *ver = jstr(m, "version"), *git = jstr(m, "git_commit"),
               *cfgp = jstr(m, "config"), *hash = jstr(m, "config_hash");
    if (cfgp) {
        hs_sbuf_printf(b, "Config <code>");
        html_esc(b, cfgp);
        hs_sbuf_printf(b, "</code>");
        if (hash) {
            hs_sbuf_printf(b, " (hash ");
            html_esc(b, hash);
            hs_sbuf_printf(b, ")");
        }
        hs_sbuf_printf(b, " &middot; ");
    }
    double reps = jnumv(R->summary, "replicates"), seed = jnumv(R->summary, "seed");
    if (!isfinite(seed))
        seed = jnumv(R->planj, "seed");
    if (isfinite(reps))
        hs_sbuf_printf(b, "%.0f replicates per scenario &middot; ", reps);
    if (isfinite(seed))
        hs_sbuf_printf(b, "seed %.0f &middot; ", seed);
    if (when) {
        hs_sbuf_printf(b, "run started ");
        html_esc(b, when);
        hs_sbuf_printf(b, " &middot; ");
    }
    double ranks = jnumv(m, "ranks"), secs = jnumv(m, "seconds");
    if (isfinite(ranks) && isfinite(secs))
        hs_sbuf_printf(b, "%.0f MPI ranks, %.1f s &middot; ", ranks, secs);
    if (!ver)
        ver = jstr(R->planj, "hifusim");
    hs_sbuf_printf(b, "hifusim ");
    html_esc(b, ver ? ver : "");
    if (git) {
        hs_sbuf_printf(b, " (");
        html_esc(b, git);
        hs_sbuf_printf(b, ")");
    }
    hs_sbuf_printf(b, "</p>\n");

    hs_sbuf_printf(b, "<h2>Scenario</h2>\n");
    if (R->cfg[0])
        scenario_words(b, R);
    else
        hs_sbuf_printf(b, "<p>manifest.json has no configuration text.</p>\n");
    size_t np = R->power ? nrows(R->power) : 0;
    if (np > 1)
        hs_sbuf_printf(b, "<p>The run holds %zu scenarios (see the power table). Headline "
                          "numbers, curves and histograms below are for scenario %s (N = %.0f), "
                          "the last one.</p>\n",
                       np, R->scen, cnum_by(R->power, R->hrow, "n"));

    hs_sbuf_printf(b, "<h2>Headline numbers</h2>\n<div class=\"cards\">\n");
    char v[64], u[256], lo[32], hi[32], se[32];
    json_t *tg = R->planj ? json_object_get(R->planj, "targets") : NULL;
    for (size_t i = 0; json_is_array(tg) && i < json_array_size(tg); i++) {
        json_t *o = json_array_get(tg, i);
        double tp = jnumv(o, "target_power"), rn = jnumv(o, "recommended_n"),
               rl = jnumv(o, "recommended_n_low"), rh = jnumv(o, "recommended_n_high");
        char k[96];
        snprintf(k, sizeof k, "N for %.0f%% power", 100 * tp);
        fmt_num(v, sizeof v, rn, 0);
        fmt_num(lo, sizeof lo, rl, 0);
        fmt_num(hi, sizeof hi, rh, 0);
        snprintf(u, sizeof u, isfinite(rn) ? "Monte Carlo range %s to %s (plan.json)"
                                           : "not reached in the searched range%s%s",
                 isfinite(rn) ? lo : "", isfinite(rn) ? hi : "");
        card(b, k, v, u);
    }
    json_t *base = R->sweep && R->summary ? json_object_get(R->summary, "base") : NULL;
    if (json_is_object(base)) {
        fmt_num(v, sizeof v, jnumv(base, "power"), 3);
        fmt_num(lo, sizeof lo, jnumv(base, "power_ci_low"), 3);
        fmt_num(hi, sizeof hi, jnumv(base, "power_ci_high"), 3);
        snprintf(u, sizeof u, "base case of the sweep, N = %.0f; 95%% CI %s to %s", jnumv(base, "n"),
                 lo, hi);
        card(b, "Power (base case)", v, u);
    }
    if (R->power) {
    fmt_num(v, sizeof v, cnum_by(R->power, R->hrow, "power"), 3);
    fmt_num(lo, sizeof lo, cnum_by(R->power, R->hrow, "power_ci_low"), 3);
    fmt_num(hi, sizeof hi, cnum_by(R->power, R->hrow, "power_ci_high"), 3);
    fmt_num(se, sizeof se, cnum_by(R->power, R->hrow, "power_se"), 3);
    snprintf(u, sizeof u, "95%% CI %s to %s (Wilson); MC SE %s; N = %.0f, %.0f trials", lo, hi, se,
             cnum_by(R->power, R->hrow, "n"), cnum_by(R->power, R->hrow, "replicates"));
    card(b, "Power", v, u);
    }
    est_card(b, R, "Hazard ratio estimate", "hr", "", 3, "");
    for (int a = 0; a < 2; a++) {
        char k[128];
        snprintf(k, sizeof k, "Median OS, %s", R->arm[a]);
        est_card(b, R, k, "median_os", R->arm[a], 1, "months");
    }
    est_card(b, R, "Study duration", "duration", "", 1, "months");
    est_card(b, R, "Events at analysis", "events", "", 0, "");
    hs_sbuf_printf(b, "</div>\n");
    if (R->power)
        hs_sbuf_printf(b, "<p class=\"small\">Power is the share of simulated trials that "
                      "reject; the other cards give the median over simulated trials and the "
                      "range that holds 95%% of them (2.5%% and 97.5%% quantiles).</p>\n");

    if (R->notes.len) {
        hs_sbuf_printf(b, "<ul class=\"notes\">\n");
        hs_sbuf_append(b, R->notes.s, R->notes.len);
        hs_sbuf_printf(b, "</ul>\n");
    }

    if (R->nplots) {
        hs_sbuf_printf(b, "<h2>Plots</h2>\n<p class=\"small\">Each plot is also in "
                          "<code>plots/</code> as SVG and PNG, with the gnuplot script "
                          "(<code>.gp</code>) and data (<code>.dat</code>) that draw it.</p>\n"
                          "<div class=\"plots\">\n");
        for (int i = 0; i < R->nplots; i++) {
            char path[1300];
            snprintf(path, sizeof path, "%s/%s.svg", R->plotdir, R->plots[i].name);
            hs_sbuf_printf(b, "<figure id=\"fig-%s\" class=\"plot\">\n", R->plots[i].name);
            if (inline_svg(b, path, i) != 0)
                hs_sbuf_printf(b, "<p>(plots/%s.svg could not be embedded)</p>", R->plots[i].name);
            hs_sbuf_printf(b, "\n<figcaption><b>");
            html_esc(b, R->plots[i].title);
            hs_sbuf_printf(b, ".</b> %s <span class=\"small\">(plots/%s.svg, .png, .gp)</span>"
                              "</figcaption>\n</figure>\n",
                           R->plots[i].caption, R->plots[i].name);
        }
        hs_sbuf_printf(b, "</div>\n");
    }

    hs_sbuf_printf(b, "<h2>Tables</h2>\n");
    if (R->power) {
        hs_sbuf_printf(b, "<h3>Power by scenario (power.csv)</h3>\n");
        html_table(b, R->power, NULL, 4);
    }
    if (R->est) {
        hs_sbuf_printf(b, "<h3>Estimates over simulated trials, scenario %s (estimates.csv)</h3>\n",
                       R->scen);
        html_table(b, R->est, R->scen, 4);
    }
    struct {
        hs_csvtab *t;
        const char *title;
    } extra[] = {{R->plan, "Power curve (plan.csv)"},
                 {R->tornado, "One-way sensitivity (tornado.csv)"},
                 {R->sweep, "Sweep (sweep.csv)"}};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (extra[i].t) {
            hs_sbuf_printf(b, "<h3>%s</h3>\n", extra[i].title);
            html_table(b, extra[i].t, NULL, 4);
        }
    if (R->planj) {
        char *js = json_dumps(R->planj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (js) {
            hs_sbuf_printf(b, "<h3>Sample size (plan.json)</h3>\n<pre>");
            html_esc(b, js);
            hs_sbuf_printf(b, "</pre>\n");
            free(js);
        }
    }
    if (R->cfg[0]) {
        hs_sbuf_printf(b, "<h2>Configuration</h2>\n<p class=\"small\">As run (from manifest.json); "
                          "lines <code>; --set</code> are command-line overrides.</p>\n<pre>");
        html_esc(b, R->cfg);
        hs_sbuf_printf(b, "</pre>\n");
    }
    hs_sbuf_printf(b, "<p class=\"small\">Written by <code>hifusim report</code>. Time is in "
                      "months throughout. Result files: power.csv, km_bands.csv, estimates.csv, "
                      "summary.json, manifest.json (see results/README.md).</p>\n"
                      "</main>\n</body>\n</html>\n");
}

/* ---------- entry ---------- */

static void rep_free(rep *R)
{
    hs_csvtab_free(R->power);
    hs_csvtab_free(R->km);
    hs_csvtab_free(R->est);
    hs_csvtab_free(R->hist);
    hs_csvtab_free(R->plan);
    hs_csvtab_free(R->sweep);
    hs_csvtab_free(R->tornado);
    json_decref(R->summary);
    json_decref(R->manifest);
    json_decref(R->planj);
    hs_sbuf_free(&R->notes);
}

int hs_report_write(const char *dir, const char *gnuplot, hs_report_info *info, char *err,
                    size_t errlen)
{
    if (info)
        memset(info, 0, sizeof *info);
    struct stat st;
    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        seterr(err, errlen, "%s: no such folder", dir ? dir : "(null)");
        return HS_REPORT_NODIR;
    }
    rep R;
    memset(&R, 0, sizeof R);
    R.dir = dir;
    R.gnuplot = gnuplot && *gnuplot ? gnuplot : "gnuplot";
    char path[1200];
    char first[512] = "";
    R.power = read_csv(&R, "power.csv");
    R.km = read_csv(&R, "km_bands.csv");
    R.est = read_csv(&R, "estimates.csv");
    R.hist = read_csv(&R, "hist.csv");
    R.plan = read_csv(&R, "plan.csv");
    R.sweep = read_csv(&R, "sweep.csv");
    R.tornado = read_csv(&R, "tornado.csv");
    if (!R.power && !R.plan && !R.sweep) {
        seterr(err, errlen, "%s: not a results folder (no readable power.csv, plan.csv or sweep.csv)",
               dir);
        rep_free(&R);
        return HS_REPORT_NODIR;
    }
    if (R.power && (nrows(R.power) == 0 || colof(R.power, "scenario") < 0 ||
                    colof(R.power, "power") < 0)) {
        seterr(err, errlen, "%s/power.csv: empty or without scenario/power columns", dir);
        rep_free(&R);
        return HS_REPORT_FAILED;
    }
    R.summary = read_json(dir, "summary.json");
    R.manifest = read_json(dir, "manifest.json");
    R.planj = read_json(dir, "plan.json");
    R.cfg = jstr(R.manifest, "config_text");
    char *cfg_file = NULL;
    /* plan and sweep folders: the config file itself */
    if (!R.cfg && jstr(R.manifest, "config"))
        R.cfg = cfg_file = hs_sbuf_slurp(jstr(R.manifest, "config"), NULL);
    if (!R.cfg && jstr(R.planj, "config"))
        R.cfg = cfg_file = hs_sbuf_slurp(jstr(R.planj, "config"), NULL);
    if (!R.cfg)
        R.cfg = "";
    if (R.power) {
        R.hrow = nrows(R.power) - 1;
        scopy(R.scen, sizeof R.scen, cstr(R.power, R.hrow, colof(R.power, "scenario")));
    }
    /* arms: control first, as km_bands.csv lists them; else the config's design */
    int ca = colof(R.km, "arm");
    for (size_t r = 0; R.km && ca >= 0 && r < nrows(R.km) && R.narm < 2; r++) {
        const char *a = cstr(R.km, r, ca);
        if (R.narm == 0 || strcmp(a, R.arm[0]) != 0)
            scopy(R.arm[R.narm++], sizeof R.arm[0], a);
    }
    if (R.narm < 2) {
        cfg_get(&R, "design", "control", R.arm[0], sizeof R.arm[0]);
        cfg_get(&R, "design", "experimental", R.arm[1], sizeof R.arm[1]);
        R.narm = 2;
    }
    snprintf(R.plotdir, sizeof R.plotdir, "%s/plots", dir);
    if (mkdir(R.plotdir, 0777) != 0 && errno != EEXIST) {
        seterr(err, errlen, "%s: cannot create: %s", R.plotdir, strerror(errno));
        free(cfg_file);
        rep_free(&R);
        return HS_REPORT_FAILED;
    }
    char *vargv[] = {(char *)R.gnuplot, "--version", NULL};
    R.gp_ok = spawn(&R, vargv, ".gnuplot-version.log") == 0;
    snprintf(path, sizeof path, "%s/.gnuplot-version.log", R.plotdir);
    remove(path);
    if (!R.gp_ok) {
        snprintf(first, sizeof first, "gnuplot ('%s') could not be run: no plots", R.gnuplot);
        hs_sbuf_printf(&R.notes, "<li>gnuplot could not be run: the scripts are in plots/ but no "
                                 "plot was drawn. Install gnuplot (Debian: gnuplot-nox) and run "
                                 "<code>hifusim report</code> again.</li>\n");
    }

    plot_survival(&R, 1);
    plot_survival(&R, 0);
    plot_power(&R);
    plot_distributions(&R);
    plot_tornado(&R);
    plot_heatmap(&R);

    hs_sbuf html = {0};
    write_html_body(&html, &R);
    snprintf(path, sizeof path, "%s/report.html", dir);
    int rc = HS_REPORT_OK;
    if (html.failed || hs_output_write_file(path, html.s, html.len) != 0) {
        seterr(err, errlen, "%s: cannot write: %s", path, html.failed ? "out of memory" : strerror(errno));
        rc = HS_REPORT_FAILED;
    } else if (!R.gp_ok) {
        seterr(err, errlen, "%s", first);
        rc = HS_REPORT_NOGNUPLOT;
    }
    if (info) {
        info->plots = R.nplots;
        info->plots_failed = R.nfailed;
        scopy(info->html, sizeof info->html, path);
    }
    hs_sbuf_free(&html);
    free(cfg_file);
    rep_free(&R);
    return rc;
}
