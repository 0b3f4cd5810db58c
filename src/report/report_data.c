/* report_data.c — reading a results folder for the report (see report_data.h). */
#include "report_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

/* ---------- text ---------- */

void hs_report_data_scopy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

void hs_report_data_html_esc(hs_sbuf *b, const char *s)
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

/* ---------- tables ---------- */

int hs_report_data_col(const hs_csvtab *t, const char *name)
{
    return t ? hs_csvtab_col(t, name) : -1;
}

int hs_report_data_col_any(const hs_csvtab *t, const char *const *names)
{
    for (int i = 0; t && names[i]; i++) {
        int c = hs_csvtab_col(t, names[i]);
        if (c >= 0)
            return c;
    }
    return -1;
}

size_t hs_report_data_nrows(const hs_csvtab *t)
{
    return t ? hs_csvtab_nrows(t) : 0;
}

double hs_report_data_num(const hs_csvtab *t, size_t row, int col)
{
    double x;
    if (!t || col < 0 || row >= hs_report_data_nrows(t) ||
        hs_csvtab_num(t, row, col, &x, NULL, 0) != 0)
        return NAN;
    return x;
}

double hs_report_data_num_by(const hs_csvtab *t, size_t row, const char *name)
{
    return t ? hs_report_data_num(t, row, hs_report_data_col(t, name)) : NAN;
}

const char *hs_report_data_cell(const hs_csvtab *t, size_t row, int col)
{
    if (!t || col < 0 || row >= hs_report_data_nrows(t))
        return "";
    return hs_csvtab_cell(t, row, col);
}

/* ---------- JSON ---------- */

const char *hs_report_data_jstr(json_t *o, const char *key)
{
    json_t *v = o ? json_object_get(o, key) : NULL;
    return json_is_string(v) ? json_string_value(v) : NULL;
}

double hs_report_data_jnum(json_t *o, const char *key)
{
    json_t *v = o ? json_object_get(o, key) : NULL;
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* ---------- the config text ---------- */

/* One override spec "section.key=value" (arm.NAME.key is [arm NAME] key), as
 * config.c applies it, into o. Returns 0, or -1 if it is not of that form. */
static int parse_override(const char *spec, size_t len, hs_report_override *o)
{
    const char *eq = memchr(spec, '=', len), *end = spec + len;
    if (!eq)
        return -1;
    const char *k = spec, *kend = eq, *val = eq + 1;
    while (k < kend && (*k == ' ' || *k == '\t'))
        k++;
    while (kend > k && (kend[-1] == ' ' || kend[-1] == '\t'))
        kend--;
    while (val < end && (*val == ' ' || *val == '\t'))
        val++;
    while (end > val && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
        end--;
    const char *dot = memchr(k, '.', (size_t)(kend - k));
    if (!dot || dot == k || dot + 1 >= kend)
        return -1;
    const char *key = dot + 1;
    if (dot - k == 3 && !memcmp(k, "arm", 3)) {
        const char *dot2 = memchr(key, '.', (size_t)(kend - key));
        if (!dot2 || dot2 == key || dot2 + 1 >= kend)
            return -1;
        snprintf(o->section, sizeof o->section, "arm %.*s", (int)(dot2 - key), key);
        key = dot2 + 1;
    } else {
        snprintf(o->section, sizeof o->section, "%.*s", (int)(dot - k), k);
    }
    snprintf(o->key, sizeof o->key, "%.*s", (int)(kend - key), key);
    snprintf(o->value, sizeof o->value, "%.*s", (int)(end - val), val);
    return 0;
}

/* The config text as INI entries, and its "; --set" lines (config.c appends
 * one per command-line override; to the INI grammar they are comments). */
static void read_config(hs_report_data *D)
{
    size_t len = strlen(D->cfg);
    if (len == 0)
        return;
    hs_inifile_parse("config", D->cfg, len, &D->ini, NULL);
    for (const char *p = D->cfg; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        const char *s = p;
        while (s < p + n && (*s == ' ' || *s == '\t'))
            s++;
        size_t rest = (size_t)(p + n - s);
        if (rest > 8 && !strncmp(s, "; --set ", 8) && D->nover < HS_REPORT_OVERRIDES_MAX &&
            parse_override(s + 8, rest - 8, &D->over[D->nover]) == 0)
            D->nover++;
        p += n + (nl != NULL);
    }
}

int hs_report_data_cfg_get(const hs_report_data *D, const char *section, const char *key, char *out,
                           size_t cap)
{
    out[0] = '\0';
    int found = -1;
    const hs_inifile_entry *e = D->ini ? hs_inifile_find(D->ini, section, key) : NULL;
    if (e) {
        snprintf(out, cap, "%s", e->value);
        found = 0;
    }
    for (int i = 0; i < D->nover; i++)
        if (!strcmp(D->over[i].section, section) && !strcmp(D->over[i].key, key)) {
            snprintf(out, cap, "%s", D->over[i].value);
            found = 0;
        }
    return found;
}

void hs_report_data_arm_landmarks(const hs_report_data *D, int a, hs_model_landmarks *lm)
{
    memset(lm, 0, sizeof *lm);
    char sec[96], model[512], path[1200];
    snprintf(sec, sizeof sec, "arm %s", D->arm[a]);
    if (hs_report_data_cfg_get(D, sec, "model", model, sizeof model) != 0 || !model[0])
        return;
    const char *cfgpath = hs_report_data_jstr(D->manifest, "config");
    if (hs_config_find_model(cfgpath ? cfgpath : "", model, path, sizeof path) != 0)
        return;
    hs_model_landmarks_read(path, lm);
}

int hs_report_data_config(const hs_report_data *D, hs_config *out, char *why, size_t cap)
{
    const char *name = hs_report_data_jstr(D->manifest, "config");
    if (!name)
        name = hs_report_data_jstr(D->planj, "config");
    if (!D->cfg[0] || !name) {
        snprintf(why, cap, "the folder records no config (manifest.json config and config_text)");
        return -1;
    }
    hs_errs *errs = malloc(sizeof *errs);
    if (!errs) {
        snprintf(why, cap, "out of memory");
        return -1;
    }
    hs_errs_init(errs);
    hs_inifile *st = NULL;
    int rc = hs_inifile_parse(name, D->cfg, strlen(D->cfg), &st, errs);
    if (rc == 0 && st) {
        /* the overrides as config.c takes them: section.key=value, arm.NAME.key=value */
        char spec[HS_REPORT_OVERRIDES_MAX][1500];
        const char *specs[HS_REPORT_OVERRIDES_MAX];
        for (int i = 0; i < D->nover; i++) {
            const hs_report_override *o = &D->over[i];
            if (!strncmp(o->section, "arm ", 4))
                snprintf(spec[i], sizeof spec[i], "arm.%s.%s=%s", o->section + 4, o->key,
                         o->value);
            else
                snprintf(spec[i], sizeof spec[i], "%s.%s=%s", o->section, o->key, o->value);
            specs[i] = spec[i];
        }
        rc = hs_config_resolve(st, specs, D->nover, out, errs);
    } else
        rc = -1;
    if (rc != 0)
        snprintf(why, cap, "%s", errs->n > 0 ? hs_errs_get(errs, 0) : "the config cannot be read");
    hs_inifile_free(st);
    free(errs);
    return rc != 0 ? -1 : 0;
}

/* ---------- reading the folder ---------- */

/* Optional CSV: NULL if absent; a note if present but unreadable. */
static hs_csvtab *read_csv(hs_report_data *D, const char *name)
{
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", D->dir, name);
    if (access(path, F_OK) != 0)
        return NULL;
    hs_csvtab *t = NULL;
    if (hs_csvtab_read(path, &t, NULL) != 0) {
        hs_sbuf_printf(&D->notes, "<li>%s could not be read as CSV; skipped.</li>\n", name);
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

/* The headline scenario (power.csv's last row) and the two arms: control
 * first, as km_bands.csv lists them; else the config's design. */
static void find_headline(hs_report_data *D)
{
    if (D->power) {
        D->hrow = hs_report_data_nrows(D->power) - 1;
        hs_report_data_scopy(
            D->scen, sizeof D->scen,
            hs_report_data_cell(D->power, D->hrow, hs_report_data_col(D->power, "scenario")));
    }
    int ca = hs_report_data_col(D->km, "arm");
    for (size_t r = 0; D->km && ca >= 0 && r < hs_report_data_nrows(D->km) && D->narm < 2; r++) {
        const char *a = hs_report_data_cell(D->km, r, ca);
        if (D->narm == 0 || strcmp(a, D->arm[0]) != 0)
            hs_report_data_scopy(D->arm[D->narm++], sizeof D->arm[0], a);
    }
    if (D->narm < 2) {
        hs_report_data_cfg_get(D, "design", "control", D->arm[0], sizeof D->arm[0]);
        hs_report_data_cfg_get(D, "design", "experimental", D->arm[1], sizeof D->arm[1]);
        D->narm = 2;
    }
}

int hs_report_data_load(hs_report_data *D, const char *dir, char *err, size_t errlen)
{
    memset(D, 0, sizeof *D);
    D->dir = dir;
    D->cfg = "";
    struct stat st;
    if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s: no such folder", dir ? dir : "(null)");
        return HS_REPORT_DATA_NODIR;
    }
    D->power = read_csv(D, "power.csv");
    D->km = read_csv(D, "km_bands.csv");
    D->est = read_csv(D, "estimates.csv");
    D->hist = read_csv(D, "hist.csv");
    D->plan = read_csv(D, "plan.csv");
    D->sweep = read_csv(D, "sweep.csv");
    D->tornado = read_csv(D, "tornado.csv");
    D->stages = read_csv(D, "stages.csv");
    D->tests = read_csv(D, "tests.csv");
    if (!D->power && !D->plan && !D->sweep) {
        snprintf(err, errlen,
                 "%s: not a results folder (no readable power.csv, plan.csv or sweep.csv)", dir);
        return HS_REPORT_DATA_NODIR;
    }
    if (D->power &&
        (hs_report_data_nrows(D->power) == 0 || hs_report_data_col(D->power, "scenario") < 0 ||
         hs_report_data_col(D->power, "power") < 0)) {
        snprintf(err, errlen, "%s/power.csv: empty or without scenario/power columns", dir);
        return HS_REPORT_DATA_BAD;
    }
    D->summary = read_json(dir, "summary.json");
    D->manifest = read_json(dir, "manifest.json");
    D->planj = read_json(dir, "plan.json");
    const char *text = hs_report_data_jstr(D->manifest, "config_text");
    /* plan and sweep folders: the config file itself */
    if (!text && hs_report_data_jstr(D->manifest, "config"))
        text = D->cfg_owned = hs_sbuf_slurp(hs_report_data_jstr(D->manifest, "config"), NULL);
    if (!text && hs_report_data_jstr(D->planj, "config"))
        text = D->cfg_owned = hs_sbuf_slurp(hs_report_data_jstr(D->planj, "config"), NULL);
    D->cfg = text ? text : "";
    read_config(D);
    find_headline(D);
    return HS_REPORT_DATA_OK;
}

int hs_report_data_use_manifest(hs_report_data *D, json_t *m)
{
    if (!m)
        return -1;
    json_decref(D->manifest);
    D->manifest = m;
    hs_inifile_free(D->ini);
    D->ini = NULL;
    free(D->cfg_owned);
    D->cfg_owned = NULL;
    D->nover = 0;
    const char *text = hs_report_data_jstr(m, "config_text");
    if (!text && hs_report_data_jstr(m, "config"))
        text = D->cfg_owned = hs_sbuf_slurp(hs_report_data_jstr(m, "config"), NULL);
    D->cfg = text ? text : "";
    read_config(D);
    return 0;
}

void hs_report_data_free(hs_report_data *D)
{
    hs_csvtab_free(D->power);
    hs_csvtab_free(D->km);
    hs_csvtab_free(D->est);
    hs_csvtab_free(D->hist);
    hs_csvtab_free(D->plan);
    hs_csvtab_free(D->sweep);
    hs_csvtab_free(D->tornado);
    hs_csvtab_free(D->stages);
    hs_csvtab_free(D->tests);
    json_decref(D->summary);
    json_decref(D->manifest);
    json_decref(D->planj);
    hs_inifile_free(D->ini);
    free(D->cfg_owned);
    hs_sbuf_free(&D->notes);
    memset(D, 0, sizeof *D);
}
