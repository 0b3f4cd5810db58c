/* report.c — see report.h: the entry point, and reading the results folder.
 *
 * The module is split by concern; report_int.h (internal) holds the shared
 * state. report.c reads DIR's tables and JSON and looks keys up in the
 * run's config text and the arms' model files; report_plot.c writes the
 * gnuplot scripts and data and runs gnuplot; report_html.c writes the page.
 * Plots are gnuplot scripts over small whitespace-separated data files,
 * both kept in DIR/plots/ so that users can restyle and redraw them
 * (`cd DIR/plots && gnuplot NAME.gp`). */
#include "report.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvtab.h"
#include "output.h"
#include "report_int.h"
#include "sbuf.h"

/* ---------- small helpers and reading the results folder ---------- */

/* Column index, or -1 (also for a missing table). */
int hs_rep_col(const hs_csvtab *t, const char *name) { return t ? hs_csvtab_col(t, name) : -1; }

/* Data rows, 0 for a missing table. */
size_t hs_rep_nrows(const hs_csvtab *t) { return t ? hs_csvtab_nrows(t) : 0; }

/* Copy src into dst (cap bytes), truncating. */
void hs_rep_scopy(char *dst, size_t cap, const char *src)
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

/* Optional CSV: NULL if absent; a note if present but unreadable. */
static hs_csvtab *read_csv(hs_rep *R, const char *name)
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
double hs_rep_num(const hs_csvtab *t, size_t row, int col)
{
    double x;
    if (!t || col < 0 || row >= hs_rep_nrows(t) || hs_csvtab_num(t, row, col, &x, NULL, 0) != 0)
        return NAN;
    return x;
}

double hs_rep_num_by(const hs_csvtab *t, size_t row, const char *name)
{
    return t ? hs_rep_num(t, row, hs_rep_col(t, name)) : NAN;
}

const char *hs_rep_cell(const hs_csvtab *t, size_t row, int col)
{
    if (!t || col < 0 || row >= hs_rep_nrows(t))
        return "";
    return hs_csvtab_cell(t, row, col);
}

/* ---------- INI text lookups (config text of the manifest; model files) ---------- */

void hs_rep_trim(char *s)
{
    size_t n = strlen(s), a = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    while (s[a] == ' ' || s[a] == '\t')
        a++;
    memmove(s, s + a, n - a + 1);
}

int hs_rep_next_line(const char **p, char *line, size_t cap)
{
    if (!*p || !**p)
        return 0;
    const char *nl = strchr(*p, '\n');
    size_t len = nl ? (size_t)(nl - *p) : strlen(*p);
    size_t keep = len < cap ? len : cap - 1;
    memcpy(line, *p, keep);
    line[keep] = '\0';
    *p += len + (nl != NULL);
    hs_rep_trim(line);
    return 1;
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
    while (hs_rep_next_line(&p, line, sizeof line)) {
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
            hs_rep_scopy(s_key, sizeof s_key, dot + 1);
            if (!strncmp(lhs, "arm.", 4))
                snprintf(s_sec, sizeof s_sec, "arm %s", lhs + 4);
            else
                hs_rep_scopy(s_sec, sizeof s_sec, lhs);
            hs_rep_scopy(s_val, sizeof s_val, eq + 1);
            assign = s_val;
        } else if (line[0] == ';' || line[0] == '#' || line[0] == '\0') {
            continue;
        } else if (line[0] == '[') {
            char *close = strchr(line, ']');
            if (close) {
                *close = '\0';
                hs_rep_scopy(sec, sizeof sec, line + 1);
                hs_rep_trim(sec);
            }
            continue;
        } else {
            char *eq = strchr(line, '=');
            if (!eq)
                continue;
            *eq = '\0';
            hs_rep_scopy(s_key, sizeof s_key, line);
            hs_rep_trim(s_key);
            hs_rep_scopy(s_sec, sizeof s_sec, sec);
            hs_rep_scopy(s_val, sizeof s_val, eq + 1);
            for (char *c = s_val; *c; c++)
                if ((*c == ';' || *c == '#') && (c == s_val || c[-1] == ' ' || c[-1] == '\t')) {
                    *c = '\0';
                    break;
                }
            assign = s_val;
        }
        hs_rep_trim(s_val);
        if (assign && !strcmp(s_sec, section) && !strcmp(s_key, key)) {
            snprintf(out, cap, "%s", s_val);
            found = 0;
        }
    }
    return found;
}

int hs_rep_cfg_get(const hs_rep *R, const char *section, const char *key, char *out,
                   size_t cap)
{
    out[0] = '\0';
    return ini_get(R->cfg, section, key, out, cap);
}

/* Parse "T:S, T:S, ...[; median M]" (a model's [provenance] targets). */
static void parse_targets(const char *v, hs_rep_targets *tg)
{
    const char *p = v;
    while (*p && *p != ';' && tg->n < HS_REP_TARGETS_MAX) {
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
    if (m && tg->n < HS_REP_TARGETS_MAX) {
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
void hs_rep_arm_targets(const hs_rep *R, int a, hs_rep_targets *tg)
{
    memset(tg, 0, sizeof *tg);
    char sec[96], model[512];
    snprintf(sec, sizeof sec, "arm %s", R->arm[a]);
    if (hs_rep_cfg_get(R, sec, "model", model, sizeof model) != 0 || !model[0])
        return;
    const char *cfgpath = "";
    json_t *c = R->manifest ? json_object_get(R->manifest, "config") : NULL;
    if (json_is_string(c))
        cfgpath = json_string_value(c);
    char cdir[600];
    hs_rep_scopy(cdir, sizeof cdir, cfgpath);
    char *slash = strrchr(cdir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(cdir, sizeof cdir, ".");
    char cand[3][1200];
    hs_rep_scopy(cand[0], sizeof cand[0], model);
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
            hs_rep_scopy(tg->source, sizeof tg->source, v);
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


const char *hs_rep_jstr(json_t *o, const char *key)
{
    json_t *v = o ? json_object_get(o, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

double hs_rep_jnum(json_t *o, const char *key)
{
    json_t *v = o ? json_object_get(o, key) : NULL;
    return json_is_number(v) ? json_number_value(v) : NAN;
}


/* ---------- entry ---------- */

static void rep_free(hs_rep *R)
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
    return hs_report_write_into(dir, dir, dir, gnuplot, info, err, errlen);
}

int hs_report_write_into(const char *dir, const char *out, const char *shown, const char *gnuplot,
                         hs_report_info *info, char *err, size_t errlen)
{
    if (info)
        memset(info, 0, sizeof *info);
    struct stat st;
    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        seterr(err, errlen, "%s: no such folder", dir ? dir : "(null)");
        return HS_REPORT_NODIR;
    }
    hs_rep R;
    memset(&R, 0, sizeof R);
    R.dir = dir;
    R.shown = shown;
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
    if (R.power && (hs_rep_nrows(R.power) == 0 || hs_rep_col(R.power, "scenario") < 0 ||
                    hs_rep_col(R.power, "power") < 0)) {
        seterr(err, errlen, "%s/power.csv: empty or without scenario/power columns", dir);
        rep_free(&R);
        return HS_REPORT_FAILED;
    }
    R.summary = read_json(dir, "summary.json");
    R.manifest = read_json(dir, "manifest.json");
    R.planj = read_json(dir, "plan.json");
    R.cfg = hs_rep_jstr(R.manifest, "config_text");
    char *cfg_file = NULL;
    /* plan and sweep folders: the config file itself */
    if (!R.cfg && hs_rep_jstr(R.manifest, "config"))
        R.cfg = cfg_file = hs_sbuf_slurp(hs_rep_jstr(R.manifest, "config"), NULL);
    if (!R.cfg && hs_rep_jstr(R.planj, "config"))
        R.cfg = cfg_file = hs_sbuf_slurp(hs_rep_jstr(R.planj, "config"), NULL);
    if (!R.cfg)
        R.cfg = "";
    if (R.power) {
        R.hrow = hs_rep_nrows(R.power) - 1;
        hs_rep_scopy(R.scen, sizeof R.scen,
                     hs_rep_cell(R.power, R.hrow, hs_rep_col(R.power, "scenario")));
    }
    /* arms: control first, as km_bands.csv lists them; else the config's design */
    int ca = hs_rep_col(R.km, "arm");
    for (size_t r = 0; R.km && ca >= 0 && r < hs_rep_nrows(R.km) && R.narm < 2; r++) {
        const char *a = hs_rep_cell(R.km, r, ca);
        if (R.narm == 0 || strcmp(a, R.arm[0]) != 0)
            hs_rep_scopy(R.arm[R.narm++], sizeof R.arm[0], a);
    }
    if (R.narm < 2) {
        hs_rep_cfg_get(&R, "design", "control", R.arm[0], sizeof R.arm[0]);
        hs_rep_cfg_get(&R, "design", "experimental", R.arm[1], sizeof R.arm[1]);
        R.narm = 2;
    }
    snprintf(R.plotdir, sizeof R.plotdir, "%s/plots", out);
    if (mkdir(R.plotdir, 0777) != 0 && errno != EEXIST) {
        seterr(err, errlen, "%s/plots: cannot create: %s", shown, strerror(errno));
        free(cfg_file);
        rep_free(&R);
        return HS_REPORT_FAILED;
    }
    R.gp_ok = hs_rep_gnuplot_probe(&R);
    if (!R.gp_ok) {
        snprintf(first, sizeof first, "gnuplot ('%s') could not be run: no plots", R.gnuplot);
        hs_sbuf_printf(&R.notes, "<li>gnuplot could not be run: the scripts are in plots/ but no "
                                 "plot was drawn. Install gnuplot (Debian: gnuplot-nox) and run "
                                 "<code>hifusim report</code> again.</li>\n");
    }

    hs_rep_plot_all(&R);

    hs_sbuf html = {0};
    hs_rep_html_write(&html, &R);
    snprintf(path, sizeof path, "%s/report.html", out);
    int rc = HS_REPORT_OK;
    if (R.ioerr[0] || R.plotfail[0]) {
        /* a report is complete or not written: the caller discards it */
        seterr(err, errlen, "%s/%s", shown, R.ioerr[0] ? R.ioerr : R.plotfail);
        rc = HS_REPORT_FAILED;
    } else if (html.failed || hs_output_write_file(path, html.s, html.len) != 0) {
        seterr(err, errlen, "%s/report.html: cannot write: %s", shown,
               html.failed ? "out of memory" : strerror(errno));
        rc = HS_REPORT_FAILED;
    } else if (!R.gp_ok) {
        seterr(err, errlen, "%s", first);
        rc = HS_REPORT_NOGNUPLOT;
    }
    if (info) {
        info->plots = R.nplots;
        info->plots_failed = R.nfailed;
        snprintf(info->html, sizeof info->html, "%s/report.html", shown);
    }
    hs_sbuf_free(&html);
    free(cfg_file);
    rep_free(&R);
    return rc;
}
