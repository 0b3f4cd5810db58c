/* methods.c — see methods.h. The folder is read with report_data.h; the
 * paragraph and the table are built in memory, then written as four files. */
#include "methods.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "report_data.h"
#include "sbuf.h"

const char *const hs_methods_files[4] = {"methods.md", "headline.csv", "headline.md",
                                         "headline.rtf"};

/* ---- the headline table ---- */

/* Display formats (headline.csv always has the full text). */
enum { F_TXT, F_INT, F_P3, F_SE, F_R1, F_R0 };

#define MT_COLS 64

typedef struct mcol {
    char name[160];  /* headline.csv header */
    char label[192]; /* headline.md / .rtf header */
    int fmt;
} mcol;

typedef struct mtab {
    int ncol;
    size_t nrow;
    mcol col[MT_COLS];
    char **cell; /* nrow * MT_COLS, NULL = "NA" */
    int failed;
} mtab;

static int tab_col(mtab *t, const char *name, const char *label, int fmt)
{
    if (t->ncol >= MT_COLS) {
        t->failed = 1;
        return -1;
    }
    mcol *c = &t->col[t->ncol];
    snprintf(c->name, sizeof c->name, "%s", name);
    snprintf(c->label, sizeof c->label, "%s", label ? label : name);
    c->fmt = fmt;
    return t->ncol++;
}

static size_t tab_row(mtab *t)
{
    char **p = realloc(t->cell, (t->nrow + 1) * MT_COLS * sizeof *p);
    if (!p) {
        t->failed = 1;
        return (size_t)-1;
    }
    t->cell = p;
    for (int j = 0; j < MT_COLS; j++)
        p[t->nrow * MT_COLS + (size_t)j] = NULL;
    return t->nrow++;
}

static void tab_set(mtab *t, size_t r, int c, const char *text)
{
    if (r == (size_t)-1 || c < 0 || !text)
        return;
    char **slot = &t->cell[r * MT_COLS + (size_t)c];
    free(*slot);
    *slot = strdup(text);
    if (!*slot)
        t->failed = 1;
}

/* A JSON value as its file prints it (numbers as jansson writes them). */
static void jtext(json_t *v, char *buf, size_t cap)
{
    if (!v || json_is_null(v)) {
        snprintf(buf, cap, "NA");
    } else if (json_is_string(v)) {
        snprintf(buf, cap, "%s", json_string_value(v));
    } else if (json_is_true(v) || json_is_false(v)) {
        snprintf(buf, cap, "%s", json_is_true(v) ? "true" : "false");
    } else {
        char *s = json_dumps(v, JSON_ENCODE_ANY);
        snprintf(buf, cap, "%s", s ? s : "NA");
        free(s);
    }
}

static void tab_setj(mtab *t, size_t r, int c, json_t *v)
{
    char buf[256];
    jtext(v, buf, sizeof buf);
    tab_set(t, r, c, buf);
}

static const char *tab_get(const mtab *t, size_t r, int c)
{
    const char *s = t->cell[r * MT_COLS + (size_t)c];
    return s ? s : "NA";
}

static void tab_free(mtab *t)
{
    for (size_t i = 0; i < t->nrow * MT_COLS; i++)
        free(t->cell[i]);
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* The cell as shown in headline.md/.rtf: rounded per the column's format. */
static const char *shown(const char *text, int fmt, char *buf, size_t cap)
{
    char *end;
    double x = strtod(text, &end);
    if (fmt == F_TXT || fmt == F_INT || end == text || *end || !isfinite(x))
        return text;
    static const char *const f[] = {"", "", "%.3f", "%.4f", "%.1f", "%.0f"};
    snprintf(buf, cap, f[fmt], x);
    return buf;
}

/* ---- small readers ---- */

static json_t *jget(json_t *o, const char *key) { return json_is_object(o) ? json_object_get(o, key) : NULL; }

static double jnum(json_t *o, const char *key) { return hs_report_data_jnum(o, key); }

/* "%.Nf" of a number, or "NA". */
static const char *fx(char *buf, size_t cap, int dec, double x)
{
    if (isfinite(x))
        snprintf(buf, cap, "%.*f", dec, x);
    else
        snprintf(buf, cap, "NA");
    return buf;
}

static const char *jt(json_t *o, const char *key, char *buf, size_t cap)
{
    jtext(jget(o, key), buf, cap);
    return buf;
}

/* ---- the paragraph: design, test, models ---- */

static const char *test_name(const char *t, char *buf, size_t cap)
{
    if (!strcmp(t, "logrank"))
        snprintf(buf, cap, "log-rank test");
    else if (!strcmp(t, "cox"))
        snprintf(buf, cap, "Cox proportional-hazards model test");
    else
        snprintf(buf, cap, "`%s` test", t);
    return buf;
}

/* The English ordinal suffix of the whole number in s ("st" for 1, 21, ...). */
static const char *ordinal(const char *s)
{
    long n = strtol(s, NULL, 10);
    if (n % 100 >= 11 && n % 100 <= 13)
        return "th";
    return n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
}

/* Design of the trial, from the config (overrides applied) and the
 * analysis figures of the file (alpha, sides). */
static void design_text(const hs_report_data *D, hs_sbuf *b, double alpha, double sides,
                        const char *ntext, double events_per_patient)
{
    char ctl[128] = "", exp[128] = "", v[1024], a0[64] = "1", a1[64] = "1", sec[192];
    hs_report_data_cfg_get(D, "design", "control", ctl, sizeof ctl);
    hs_report_data_cfg_get(D, "design", "experimental", exp, sizeof exp);
    snprintf(sec, sizeof sec, "arm %s", ctl);
    hs_report_data_cfg_get(D, sec, "allocation", a0, sizeof a0);
    snprintf(sec, sizeof sec, "arm %s", exp);
    hs_report_data_cfg_get(D, sec, "allocation", a1, sizeof a1);
    if (!a0[0])
        snprintf(a0, sizeof a0, "1");
    if (!a1[0])
        snprintf(a1, sizeof a1, "1");
    hs_sbuf_printf(b, "A two-arm randomised trial compares %s (experimental) with %s (control), "
                      "allocated %s:%s (control:experimental)",
                   exp[0] ? exp : "the experimental arm", ctl[0] ? ctl : "the control arm", a0, a1);
    if (ntext && ntext[0])
        hs_sbuf_printf(b, "; N = %s patients are", ntext);
    else
        hs_sbuf_printf(b, "; patients are");
    if (hs_report_data_cfg_get(D, "design", "accrual", v, sizeof v) == 0) {
        char *end;
        double m = strtod(v, &end);
        if (end != v && !*end)
            hs_sbuf_printf(b, " accrued uniformly over %g months", m);
        else
            hs_sbuf_printf(b, " accrued as `accrual = %s` (patients per month from each start month)", v);
    } else {
        hs_sbuf_printf(b, " accrued as configured");
    }
    if (hs_report_data_cfg_get(D, "design", "dropout", v, sizeof v) == 0) {
        char *end;
        double p = strtod(v, &end);
        if (end != v && !*end && p == 0)
            hs_sbuf_printf(b, "; no patient is lost to follow-up");
        else if (end != v && !*end)
            hs_sbuf_printf(b, "; %g%% of patients a year are lost to follow-up (exponential dropout)",
                           100 * p);
        else
            hs_sbuf_printf(b, "; dropout `%s`", v);
    }
    if (hs_report_data_cfg_get(D, "design", "analysis", v, sizeof v) == 0) {
        if (!strncmp(v, "events:", 7) && isfinite(events_per_patient))
            hs_sbuf_printf(b, "; the analysis is at a number of events that grows with N "
                              "(%g events per patient, the config's %s events at its N)",
                           events_per_patient, v + 7);
        else if (!strncmp(v, "events:", 7))
            hs_sbuf_printf(b, "; the final analysis is at the %s%s event", v + 7, ordinal(v + 7));
        else if (!strncmp(v, "calendar:", 9))
            hs_sbuf_printf(b, "; the final analysis is %s months after the first patient enters", v + 9);
        else
            hs_sbuf_printf(b, "; the analysis is at `analysis = %s`", v);
    }
    hs_sbuf_printf(b, ". ");
    char t[256] = "logrank", tn[300], st[256] = "";
    hs_report_data_cfg_get(D, "design", "test", t, sizeof t);
    if (!t[0])
        snprintf(t, sizeof t, "logrank");
    hs_report_data_cfg_get(D, "design", "strata", st, sizeof st);
    hs_sbuf_printf(b, "The primary analysis is the %s%s", st[0] ? "stratified " : "", test_name(t, tn, sizeof tn));
    if (st[0])
        hs_sbuf_printf(b, " (strata: %s)", st);
    hs_sbuf_printf(b, ", ");
    if (sides == 1)
        hs_sbuf_printf(b, "one-sided in favour of %s at alpha = %g. ", exp[0] ? exp : "the experimental arm", alpha);
    else if (sides == 2)
        hs_sbuf_printf(b, "two-sided at alpha = %g. ", alpha);
    else
        hs_sbuf_printf(b, "at alpha = %g. ", alpha);
    if (hs_report_data_cfg_get(D, "design", "also_test", v, sizeof v) == 0 && v[0])
        hs_sbuf_printf(b, "On the same simulated trials the following tests are also recorded: %s "
                          "(their power in the headline table). ", v);
    if (hs_report_data_cfg_get(D, "analysis", "outputs", v, sizeof v) == 0 && !strcmp(v, "power"))
        hs_sbuf_printf(b, "Only the decision of the test was computed for each simulated trial "
                          "(outputs = power): no hazard-ratio estimates, curves or medians. ");
}

/* Group-sequential looks and bounds from summary.json's "stages". */
static void stages_text(const hs_report_data *D, hs_sbuf *b, json_t *stages)
{
    char looks[512] = "", eff[256] = "", fut[256] = "", bind[64] = "", x[4][32];
    hs_report_data_cfg_get(D, "design", "looks", looks, sizeof looks);
    hs_report_data_cfg_get(D, "design", "efficacy", eff, sizeof eff);
    hs_report_data_cfg_get(D, "design", "futility", fut, sizeof fut);
    hs_report_data_cfg_get(D, "design", "futility_binding", bind, sizeof bind);
    hs_sbuf_printf(b, "The design is group-sequential with %zu looks (looks = %s; efficacy bound "
                      "`%s`; futility bound `%s`%s): ",
                   json_array_size(stages), looks[0] ? looks : "as configured", eff[0] ? eff : "none",
                   fut[0] ? fut : "none",
                   !strcmp(bind, "yes") ? ", binding" : fut[0] ? ", non-binding" : "");
    for (size_t k = 0; k < json_array_size(stages); k++) {
        json_t *s = json_array_get(stages, k);
        char hr[32], zf[32];
        hs_sbuf_printf(b, "%slook %s at information fraction %s (%s events on average), "
                          "efficacy if z >= %s (HR <= %s)",
                       k ? "; " : "", jt(s, "look", x[0], sizeof x[0]),
                       fx(x[1], sizeof x[1], 3, jnum(s, "info_frac")),
                       fx(x[2], sizeof x[2], 1, jnum(s, "events_mean")),
                       fx(x[3], sizeof x[3], 3, jnum(s, "z_efficacy")),
                       fx(hr, sizeof hr, 3, jnum(s, "hr_efficacy")));
        if (isfinite(jnum(s, "z_futility")))
            hs_sbuf_printf(b, ", futility if z < %s", fx(zf, sizeof zf, 3, jnum(s, "z_futility")));
    }
    hs_sbuf_printf(b, ". ");
}

/* The arms' models: a model file with its [provenance], or the inline model. */
static void models_text(const hs_report_data *D, hs_sbuf *b)
{
    if (!D->ini) {
        hs_sbuf_printf(b, "The folder records no config, so the arms' models are not described here.");
        return;
    }
    const char *cfgpath = hs_report_data_jstr(D->manifest, "config");
    if (!cfgpath)
        cfgpath = hs_report_data_jstr(D->planj, "config");
    int narms = 0;
    for (int i = 0; i < hs_inifile_nsections(D->ini); i++) {
        const char *sec = hs_inifile_section_at(D->ini, i)->name;
        if (strncmp(sec, "arm ", 4))
            continue;
        char model[512] = "", v[1024];
        hs_sbuf_printf(b, "%s%s: ", narms++ ? " " : "Survival models. ", sec + 4);
        if (hs_report_data_cfg_get(D, sec, "model", model, sizeof model) == 0 && model[0]) {
            char path[1200];
            hs_inifile *m = NULL;
            if (hs_config_find_model(cfgpath ? cfgpath : "", model, path, sizeof path) == 0)
                hs_inifile_read(path, &m, NULL);
            const hs_inifile_entry *fam = m ? hs_inifile_find(m, "model", "family") : NULL;
            hs_sbuf_printf(b, "model file %s (%s", model, fam ? fam->value : "family not read");
            static const char *const keys[] = {"source", "method", "n_source", "targets", "date"};
            static const char *const say[] = {"source", "method", "data", "fitted to", "made"};
            for (int k = 0; k < 5; k++) {
                const hs_inifile_entry *e = m ? hs_inifile_find(m, "provenance", keys[k]) : NULL;
                if (e && e->value[0])
                    hs_sbuf_printf(b, "; %s: %s", say[k], e->value);
            }
            hs_sbuf_printf(b, ").");
            hs_inifile_free(m);
        } else if (hs_report_data_cfg_get(D, sec, "reference", v, sizeof v) == 0 && v[0]) {
            char hr[512] = "";
            hs_report_data_cfg_get(D, sec, "hr", hr, sizeof hr);
            hs_sbuf_printf(b, "proportional hazards against %s with hazard ratio %s (inline in the "
                              "config; an assumption).",
                           v, hr[0] ? hr : "as configured");
        } else {
            hs_sbuf_printf(b, "inline model (an assumption)");
            static const char *const keys[] = {"family", "median", "rate", "shape", "scale", "meanlog",
                                               "sdlog", "rates", "cure"};
            for (int k = 0; k < 9; k++)
                if (hs_report_data_cfg_get(D, sec, keys[k], v, sizeof v) == 0 && v[0])
                    hs_sbuf_printf(b, ", %s = %s", keys[k], v);
            hs_sbuf_printf(b, ".");
        }
    }
    if (!narms)
        hs_sbuf_printf(b, "The config names no arms.");
    /* a [prior]: quoted as configured */
    int nprior = 0;
    for (int i = 0; i < hs_inifile_nentries(D->ini); i++) {
        const hs_inifile_entry *e = hs_inifile_entry_at(D->ini, i);
        if (strcmp(e->section, "prior"))
            continue;
        char v[1024];
        hs_report_data_cfg_get(D, "prior", e->key, v, sizeof v);
        hs_sbuf_printf(b, "%s%s = %s", nprior++ ? "; " : " Prior on the design parameters ([prior]): ",
                       e->key, v);
    }
    if (nprior)
        hs_sbuf_printf(b, " (from_fit draws each named arm's fitted parameters from a multivariate "
                          "normal with the model file's [covariance]).");
}

/* "hifusim 0.1.0; config FILE, config hash H; seed S" */
static void software_text(const hs_report_data *D, hs_sbuf *b, const char *seed, const char *hash)
{
    const char *ver = hs_report_data_jstr(D->manifest, "version");
    if (!ver)
        ver = hs_report_data_jstr(D->planj, "hifusim");
    const char *cfg = hs_report_data_jstr(D->manifest, "config");
    if (!cfg)
        cfg = hs_report_data_jstr(D->planj, "config");
    hs_sbuf_printf(b, "Simulated with hifusim %s (config %s, config hash %s, seed %s).", ver ? ver : "(version not recorded)",
                   cfg ? cfg : "(not recorded)", hash ? hash : "(not recorded)", seed);
}

static const char rounding_note[] =
    "Figures are rounded for display: powers, assurances and their intervals to 3 decimals, Monte "
    "Carlo SEs to 4, events and months to 1; headline.csv gives every number in full, as the "
    "result files print it.";

/* The title's test level: "one-sided α = 0.025" (UTF-8; the RTF escapes it). */
static void level_text(char *buf, size_t cap, double alpha, double sides)
{
    if (!isfinite(alpha))
        snprintf(buf, cap, "alpha not recorded");
    else
        snprintf(buf, cap, "%s\xce\xb1 = %g", sides == 1 ? "one-sided " : sides == 2 ? "two-sided " : "",
                 alpha);
}

/* ---- run ---- */

static void build_run(const hs_report_data *D, hs_sbuf *p, mtab *t, char *lvl, size_t lcap)
{
    json_t *sc = jget(D->summary, "scenarios");
    json_t *s0 = json_array_get(sc, 0);
    int assur = json_is_true(jget(s0, "assurance"));
    const char *pw = assur ? "Assurance" : "Power";
    char lab[192];
    int c_sc = tab_col(t, "scenario", "Scenario", F_INT), c_n = tab_col(t, "n", "N", F_INT),
        c_rep = tab_col(t, "replicates", "Replicates", F_INT),
        c_rej = tab_col(t, "rejections", "Rejections", F_INT), c_p = tab_col(t, "power", pw, F_P3),
        c_se = tab_col(t, "power_se", "MC SE", F_SE), c_lo = tab_col(t, "power_ci_low", "95% CI low", F_P3),
        c_hi = tab_col(t, "power_ci_high", "95% CI high", F_P3),
        c_ev = tab_col(t, "events_mean", "Events (mean)", F_R1),
        c_du = tab_col(t, "duration_mean", "Duration, months (mean)", F_R1),
        c_hr = tab_col(t, "hr_median", "HR (median)", F_P3);
    json_t *mos = jget(s0, "median_os");
    const char *arm;
    json_t *val;
    int c_mos0 = t->ncol;
    json_object_foreach(mos, arm, val)
    {
        char nm[160];
        snprintf(nm, sizeof nm, "median_os_%s", arm);
        snprintf(lab, sizeof lab, "Median OS %s, months", arm);
        tab_col(t, nm, lab, F_R1);
    }
    int c_cp = -1, c_cpse = -1, c_ceil = -1, c_ee = -1, c_ed = -1, c_en = -1, c_t0 = -1;
    if (assur) {
        if (jget(s0, "conditional_power")) {
            c_cp = tab_col(t, "conditional_power", "Power at point estimates", F_P3);
            c_cpse = tab_col(t, "conditional_power_se", "Its MC SE", F_SE);
        }
        c_ceil = tab_col(t, "assurance_ceiling", "Assurance ceiling", F_P3);
    }
    json_t *stages = jget(s0, "stages");
    if (json_is_array(stages)) {
        c_ee = tab_col(t, "expected_events", "Expected events", F_R1);
        c_ed = tab_col(t, "expected_duration", "Expected duration, months", F_R1);
        c_en = tab_col(t, "expected_n", "Expected N", F_R1);
    }
    json_t *tests = jget(s0, "tests");
    if (json_is_array(tests)) {
        c_t0 = t->ncol;
        for (size_t k = 0; k < json_array_size(tests); k++) {
            const char *tn = hs_report_data_jstr(json_array_get(tests, k), "test");
            char nm[160];
            snprintf(nm, sizeof nm, "power_%s", tn ? tn : "?");
            snprintf(lab, sizeof lab, "Power, %s", tn ? tn : "?");
            tab_col(t, nm, lab, F_P3);
        }
    }
    for (size_t i = 0; i < json_array_size(sc); i++) {
        json_t *s = json_array_get(sc, i);
        size_t r = tab_row(t);
        if (r == (size_t)-1)
            return;
        static const char *const keys[] = {"scenario", "n", "replicates", "rejections", "power",
                                           "power_se", "power_ci_low", "power_ci_high",
                                           "events_mean", "duration_mean", "hr_median"};
        const int cols[] = {c_sc, c_n, c_rep, c_rej, c_p, c_se, c_lo, c_hi, c_ev, c_du, c_hr};
        for (int k = 0; k < 11; k++)
            tab_setj(t, r, cols[k], jget(s, keys[k]));
        int c = c_mos0;
        json_object_foreach(mos, arm, val) tab_setj(t, r, c++, jget(jget(s, "median_os"), arm));
        tab_setj(t, r, c_cp, jget(s, "conditional_power"));
        tab_setj(t, r, c_cpse, jget(s, "conditional_power_se"));
        tab_setj(t, r, c_ceil, jget(s, "assurance_ceiling"));
        tab_setj(t, r, c_ee, jget(s, "expected_events"));
        tab_setj(t, r, c_ed, jget(s, "expected_duration"));
        tab_setj(t, r, c_en, jget(s, "expected_n"));
        json_t *ts = jget(s, "tests");
        for (size_t k = 0; c_t0 >= 0 && k < json_array_size(ts); k++)
            tab_setj(t, r, c_t0 + (int)k, jget(json_array_get(ts, k), "power"));
    }

    /* the paragraph */
    char ntext[256] = "", x[8][64];
    if (json_array_size(sc) == 1)
        jt(s0, "n", ntext, sizeof ntext);
    design_text(D, p, jnum(s0, "alpha"), jnum(s0, "sides"), ntext, NAN);
    level_text(lvl, lcap, jnum(s0, "alpha"), jnum(s0, "sides"));
    if (json_is_array(stages))
        stages_text(D, p, stages);
    for (size_t i = 0; i < json_array_size(sc); i++) {
        json_t *s = json_array_get(sc, i);
        hs_sbuf_printf(p, "%s %s replicate trials%s%s, the %s is %s (Monte Carlo SE %s; "
                          "95%% Wilson interval %s to %s; %s rejections)",
                       i ? "With" : "In a simulation of", jt(s, "replicates", x[0], sizeof x[0]),
                       json_array_size(sc) > 1 ? " at N = " : "",
                       json_array_size(sc) > 1 ? jt(s, "n", x[7], sizeof x[7]) : "",
                       assur ? "assurance (the power averaged over the prior)" : "power",
                       fx(x[1], sizeof x[1], 3, jnum(s, "power")),
                       fx(x[2], sizeof x[2], 4, jnum(s, "power_se")),
                       fx(x[3], sizeof x[3], 3, jnum(s, "power_ci_low")),
                       fx(x[4], sizeof x[4], 3, jnum(s, "power_ci_high")),
                       jt(s, "rejections", x[5], sizeof x[5]));
        if (json_is_array(jget(s, "stages")))
            hs_sbuf_printf(p, "; the trial stops after %s events on average (expected), %s months "
                              "after the first patient enters, with expected N %s. ",
                           fx(x[1], sizeof x[1], 1, jnum(s, "expected_events")),
                           fx(x[2], sizeof x[2], 1, jnum(s, "expected_duration")),
                           fx(x[3], sizeof x[3], 1, jnum(s, "expected_n")));
        else
            hs_sbuf_printf(p, "; the analysis comes after %s events on average, %s months after the "
                              "first patient enters (mean). ",
                           fx(x[1], sizeof x[1], 1, jnum(s, "events_mean")),
                           fx(x[2], sizeof x[2], 1, jnum(s, "duration_mean")));
        if (assur) {
            if (jget(s, "conditional_power"))
                hs_sbuf_printf(p, "On the same simulated patients, the power at the point estimates "
                                  "is %s (Monte Carlo SE %s). ",
                               fx(x[1], sizeof x[1], 3, jnum(s, "conditional_power")),
                               fx(x[2], sizeof x[2], 4, jnum(s, "conditional_power_se")));
            hs_sbuf_printf(p, "The assurance cannot exceed %s, the prior probability that the drawn "
                              "hazard ratio is below 1. ",
                           fx(x[1], sizeof x[1], 3, jnum(s, "assurance_ceiling")));
        }
    }
    char seed[64], hash[64] = "";
    jt(D->summary, "seed", seed, sizeof seed);
    const char *h = hs_report_data_jstr(D->manifest, "config_hash");
    snprintf(hash, sizeof hash, "%s", h ? h : "(not recorded)");
    software_text(D, p, seed, hash);
}

/* ---- plan ---- */

/* plan.csv's power_se at n (stage fine first), as plan.csv prints it, or NULL. */
/* fu: under [plan] solve = followup the point is found by its follow-up
 * (plan.csv `followup`, numerically), every row having the config's N. */
static const char *plan_se(const hs_report_data *D, json_t *n, json_t *reps, json_t *fu)
{
    int cn = hs_report_data_col(D->plan, "n"), cse = hs_report_data_col(D->plan, "power_se"),
        cst = hs_report_data_col(D->plan, "stage"), crep = hs_report_data_col(D->plan, "replicates"),
        cfu = json_is_number(fu) ? hs_report_data_col(D->plan, "followup") : -1;
    char want[64], wrep[64];
    jtext(n, want, sizeof want);
    jtext(reps, wrep, sizeof wrep);
    const char *any = NULL;
    for (size_t r = 0; cse >= 0 && r < hs_report_data_nrows(D->plan); r++) {
        if ((cfu >= 0 ? fabs(hs_report_data_num(D->plan, r, cfu) - json_number_value(fu)) > 1e-9
                      : strcmp(hs_report_data_cell(D->plan, r, cn), want) != 0) ||
            strcmp(hs_report_data_cell(D->plan, r, crep), wrep))
            continue;
        if (!strcmp(hs_report_data_cell(D->plan, r, cst), "fine"))
            return hs_report_data_cell(D->plan, r, cse);
        if (!any)
            any = hs_report_data_cell(D->plan, r, cse);
    }
    return any;
}

/* [plan] events = fixed with events_by: N from the event timeline, the
 * simulated power there and, per target, whether K events reach it. */
static void plan_fixed_text(json_t *pj, hs_sbuf *p, const char *pw)
{
    json_t *f = jget(pj, "events_fixed"), *st = jget(f, "simulated_event_time"), *pl = jget(pj, "plan"),
           *tg = jget(pj, "targets");
    char x[14][64];
    const char *given = hs_report_data_jstr(f, "accrual_given");
    int dur = given && !strcmp(given, "duration");
    hs_sbuf_printf(p, "The sample size is found from the event timeline (hifusim plan, events fixed): the "
                      "analysis is at %s events, and N = %s is the smallest N, in steps of %s patients up to "
                      "%s, whose expected calendar time of event %s (numerical integration of the event "
                      "probability over the accrual, with dropout) comes by month %s after the first patient "
                      "enters (expected at month %s). Accrual takes %s months at %s patients a month (%s). ",
                   fx(x[0], sizeof x[0], 0, jnum(f, "events")), jt(f, "n", x[1], sizeof x[1]),
                   jt(pl, "unit", x[2], sizeof x[2]), jt(pl, "n_max", x[3], sizeof x[3]),
                   fx(x[4], sizeof x[4], 0, jnum(f, "events")), fx(x[5], sizeof x[5], 1, jnum(f, "events_by")),
                   fx(x[6], sizeof x[6], 1, jnum(f, "expected_event_time")),
                   fx(x[7], sizeof x[7], 1, jnum(f, "accrual_duration")),
                   fx(x[8], sizeof x[8], 2, jnum(f, "accrual_rate")),
                   dur ? "accrual given as a duration, which stays as N changes"
                       : "accrual given as a rate; the duration follows N");
    hs_sbuf_printf(p, "At N = %s, %s replicate trials give a simulated %s of %s (Monte Carlo SE %s; 95%% "
                      "Wilson interval %s to %s); event %s comes at month %s (median; 95%% range %s to %s). ",
                   jt(f, "n", x[0], sizeof x[0]), jt(f, "replicates", x[1], sizeof x[1]), pw,
                   fx(x[2], sizeof x[2], 3, jnum(f, "power")), fx(x[3], sizeof x[3], 4, jnum(f, "power_se")),
                   fx(x[4], sizeof x[4], 3, jnum(f, "power_ci_low")), fx(x[5], sizeof x[5], 3, jnum(f, "power_ci_high")),
                   fx(x[6], sizeof x[6], 0, jnum(f, "events")), fx(x[7], sizeof x[7], 1, jnum(st, "q500")),
                   fx(x[8], sizeof x[8], 1, jnum(st, "q025")), fx(x[9], sizeof x[9], 1, jnum(st, "q975")));
    for (size_t k = 0; k < json_array_size(tg); k++) {
        json_t *g = json_array_get(tg, k), *an = jget(g, "analytic");
        hs_sbuf_printf(p, "A target %s of %s is %sreached by %s events (Schoenfeld's formula needs %s events "
                          "at hazard ratio %s). ",
                       pw, fx(x[0], sizeof x[0], 2, jnum(g, "target_power")),
                       json_is_true(jget(g, "reached")) ? "" : "not ", fx(x[1], sizeof x[1], 0, jnum(f, "events")),
                       fx(x[2], sizeof x[2], 1, jnum(g, "schoenfeld_events_needed")),
                       fx(x[3], sizeof x[3], 3, jnum(an, "hazard_ratio")));
    }
}

/* [plan] solve = followup: N stays, the follow-up after the last entry (or
 * the analysis month of a calendar:T analysis) is searched. */
static void plan_followup_text(const hs_report_data *D, json_t *pj, hs_sbuf *p, const char *pw)
{
    json_t *pl = jget(pj, "plan"), *tg = jget(pj, "targets");
    const char *an = hs_report_data_jstr(jget(pj, "design"), "analysis");
    int cal = an && !strcmp(an, "calendar");
    const char *what = cal ? "analysis month (from the first entry)" : "follow-up after the last patient enters";
    char x[14][64];
    hs_sbuf_printf(p, "The %s is found by simulation (hifusim plan, solve = followup): at the configuration's "
                      "N it is searched in steps of 0.1 month up to %s months, first with %s and then with %s "
                      "replicate trials per value%s. ",
                   what, fx(x[0], sizeof x[0], 1, jnum(pl, "followup_max")),
                   jt(pl, "replicates_coarse", x[1], sizeof x[1]), jt(pl, "replicates_fine", x[2], sizeof x[2]),
                   !strcmp(pw, "assurance") ? "; every simulated power is an assurance (averaged over the prior)" : "");
    for (size_t k = 0; k < json_array_size(tg); k++) {
        json_t *g = json_array_get(tg, k), *a = jget(g, "analytic"), *at = jget(g, "analysis_time");
        fx(x[0], sizeof x[0], 2, jnum(g, "target_power"));
        if (!json_is_true(jget(g, "reached"))) {
            hs_sbuf_printf(p, "A target %s of %s is not reached by %s months at N = %s (the largest seen is %s "
                              "at %s months). ",
                           pw, x[0], fx(x[1], sizeof x[1], 1, jnum(pl, "followup_max")),
                           jt(g, "recommended_n", x[2], sizeof x[2]), fx(x[3], sizeof x[3], 3, jnum(g, "max_power_seen")),
                           fx(x[4], sizeof x[4], 1, jnum(g, "max_power_followup")));
            continue;
        }
        const char *se = plan_se(D, jget(g, "recommended_n"), jget(g, "replicates"), jget(g, "recommended_followup"));
        hs_sbuf_printf(p, "For a target %s of %s at N = %s patients, the %s is %s months (Monte Carlo interval "
                          "%s to %s), with a simulated %s of %s (Monte Carlo SE %s; 95%% Wilson interval %s to "
                          "%s; %s replicate trials) and about %s events; the analysis comes %s months after the "
                          "first patient enters (mean; 95%% range %s to %s). ",
                       pw, x[0], jt(g, "recommended_n", x[1], sizeof x[1]), cal ? "analysis month" : "follow-up",
                       fx(x[2], sizeof x[2], 1, jnum(g, "recommended_followup")),
                       fx(x[3], sizeof x[3], 1, jnum(g, "recommended_followup_low")),
                       fx(x[4], sizeof x[4], 1, jnum(g, "recommended_followup_high")), pw,
                       fx(x[5], sizeof x[5], 3, jnum(g, "power")), se ? fx(x[6], sizeof x[6], 4, strtod(se, NULL)) : "NA",
                       fx(x[7], sizeof x[7], 3, jnum(g, "power_ci_low")), fx(x[8], sizeof x[8], 3, jnum(g, "power_ci_high")),
                       jt(g, "replicates", x[9], sizeof x[9]), fx(x[10], sizeof x[10], 0, jnum(g, "events_needed")),
                       fx(x[11], sizeof x[11], 1, jnum(at, "mean")), fx(x[12], sizeof x[12], 1, jnum(at, "q025")),
                       fx(x[13], sizeof x[13], 1, jnum(at, "q975")));
        if (a)
            hs_sbuf_printf(p, "By the formulas (hazard ratio %s): Schoenfeld %s events, Freedman %s; the expected "
                              "events reach Schoenfeld's at a %s of %s months. ",
                           fx(x[2], sizeof x[2], 3, jnum(a, "hazard_ratio")),
                           fx(x[3], sizeof x[3], 1, jnum(a, "schoenfeld_events")),
                           fx(x[4], sizeof x[4], 1, jnum(a, "freedman_events")), cal ? "analysis month" : "follow-up",
                           fx(x[5], sizeof x[5], 1, jnum(a, cal ? "expected_analysis_time" : "followup")));
    }
}

static void build_plan(const hs_report_data *D, hs_sbuf *p, mtab *t, char *lvl, size_t lcap)
{
    json_t *pj = D->planj, *tg = jget(pj, "targets"), *des = jget(pj, "design");
    int assur = json_is_true(jget(pj, "assurance"));
    const char *pw = assur ? "assurance" : "power";
    char lab[192];
    snprintf(lab, sizeof lab, "Target %s", pw);
    int c_t = tab_col(t, "target_power", lab, F_P3), c_r = tab_col(t, "reached", "Reached", F_TXT),
        c_n = tab_col(t, "recommended_n", "N", F_INT),
        c_nl = tab_col(t, "recommended_n_low", "N, MC interval low", F_INT),
        c_nh = tab_col(t, "recommended_n_high", "N, MC interval high", F_INT),
        c_ev = tab_col(t, "events_needed", "Events", F_INT),
        c_p = tab_col(t, "power", assur ? "Simulated assurance" : "Simulated power", F_P3),
        c_se = tab_col(t, "power_se", "MC SE", F_SE), c_lo = tab_col(t, "power_ci_low", "95% CI low", F_P3),
        c_hi = tab_col(t, "power_ci_high", "95% CI high", F_P3),
        c_rep = tab_col(t, "replicates", "Replicates", F_INT), c_cp = -1;
    if (assur)
        c_cp = tab_col(t, "conditional_power", "Power at point estimates", F_P3);
    int c_at = tab_col(t, "analysis_time_mean", "Analysis, months (mean)", F_R1),
        c_a1 = tab_col(t, "analysis_time_q025", "Analysis, 2.5%", F_R1),
        c_a2 = tab_col(t, "analysis_time_q975", "Analysis, 97.5%", F_R1),
        c_sch = tab_col(t, "schoenfeld_events", "Schoenfeld events", F_R1),
        c_fr = tab_col(t, "freedman_events", "Freedman events", F_R1),
        c_lf = tab_col(t, "lachin_foulkes_n", "Lachin-Foulkes N", F_R1),
        c_fn = tab_col(t, "formula_n", "Formula N", F_INT),
        c_fp = tab_col(t, "simulated_power_at_formula_n", "Simulated power at formula N", F_P3);
    /* solve = followup: the follow-up found; events = fixed: the timeline (last columns, those runs only) */
    const char *sv = hs_report_data_jstr(jget(pj, "plan"), "solve");
    int fu = sv && !strcmp(sv, "followup");
    json_t *fxo = jget(pj, "events_fixed");
    int c_fu = -1, c_ful = -1, c_fuh = -1, c_ffu = -1, c_ad = -1, c_by = -1, c_et = -1, c_e5 = -1, c_e1 = -1,
        c_e9 = -1;
    if (fu) {
        c_fu = tab_col(t, "recommended_followup", "Follow-up, months", F_R1);
        c_ful = tab_col(t, "recommended_followup_low", "Follow-up, MC interval low", F_R1);
        c_fuh = tab_col(t, "recommended_followup_high", "Follow-up, MC interval high", F_R1);
        c_ffu = tab_col(t, "formula_followup", "Formula follow-up, months", F_R1);
    }
    if (json_is_object(fxo)) {
        c_ad = tab_col(t, "accrual_duration", "Accrual, months", F_R1);
        c_by = tab_col(t, "events_by", "Events by month", F_R1);
        c_et = tab_col(t, "expected_event_time", "K-th event, expected month", F_R1);
        c_e5 = tab_col(t, "event_time_q500", "K-th event, simulated median", F_R1);
        c_e1 = tab_col(t, "event_time_q025", "K-th event, 2.5%", F_R1);
        c_e9 = tab_col(t, "event_time_q975", "K-th event, 97.5%", F_R1);
    }
    for (size_t k = 0; k < json_array_size(tg); k++) {
        json_t *g = json_array_get(tg, k), *an = jget(g, "analytic"), *at = jget(g, "analysis_time");
        size_t r = tab_row(t);
        if (r == (size_t)-1)
            return;
        tab_setj(t, r, c_t, jget(g, "target_power"));
        tab_setj(t, r, c_r, jget(g, "reached"));
        tab_setj(t, r, c_n, jget(g, "recommended_n"));
        tab_setj(t, r, c_nl, jget(g, "recommended_n_low"));
        tab_setj(t, r, c_nh, jget(g, "recommended_n_high"));
        tab_setj(t, r, c_ev, jget(g, "events_needed"));
        tab_setj(t, r, c_p, jget(g, "power"));
        tab_set(t, r, c_se, plan_se(D, jget(g, "recommended_n"), jget(g, "replicates"), jget(g, "recommended_followup")));
        tab_setj(t, r, c_lo, jget(g, "power_ci_low"));
        tab_setj(t, r, c_hi, jget(g, "power_ci_high"));
        tab_setj(t, r, c_rep, jget(g, "replicates"));
        tab_setj(t, r, c_cp, jget(g, "conditional_power"));
        tab_setj(t, r, c_at, jget(at, "mean"));
        tab_setj(t, r, c_a1, jget(at, "q025"));
        tab_setj(t, r, c_a2, jget(at, "q975"));
        tab_setj(t, r, c_sch, jget(an, "schoenfeld_events"));
        tab_setj(t, r, c_fr, jget(an, "freedman_events"));
        tab_setj(t, r, c_lf, jget(an, "lachin_foulkes_n"));
        tab_setj(t, r, c_fn, jget(an, "n"));
        tab_setj(t, r, c_fp, jget(an, "simulated_power_at_n"));
        tab_setj(t, r, c_fu, jget(g, "recommended_followup"));
        tab_setj(t, r, c_ful, jget(g, "recommended_followup_low"));
        tab_setj(t, r, c_fuh, jget(g, "recommended_followup_high"));
        tab_setj(t, r, c_ffu, jget(an, "followup"));
        json_t *st = jget(fxo, "simulated_event_time");
        tab_setj(t, r, c_ad, jget(fxo, "accrual_duration"));
        tab_setj(t, r, c_by, jget(fxo, "events_by"));
        tab_setj(t, r, c_et, jget(fxo, "expected_event_time"));
        tab_setj(t, r, c_e5, jget(st, "q500"));
        tab_setj(t, r, c_e1, jget(st, "q025"));
        tab_setj(t, r, c_e9, jget(st, "q975"));
    }

    design_text(D, p, jnum(des, "alpha"), jnum(des, "sides"), NULL,
                !strcmp(hs_report_data_jstr(des, "analysis") ? hs_report_data_jstr(des, "analysis") : "", "events")
                    ? jnum(des, "events_per_patient")
                    : NAN);
    level_text(lvl, lcap, jnum(des, "alpha"), jnum(des, "sides"));
    json_t *pl = jget(pj, "plan");
    char x[10][64];
    if (fu) {
        plan_followup_text(D, pj, p, pw);
        char seed[64];
        jt(pj, "seed", seed, sizeof seed);
        software_text(D, p, seed, hs_report_data_jstr(D->manifest, "config_hash"));
        return;
    }
    if (json_is_object(jget(pj, "events_fixed"))) {
        plan_fixed_text(pj, p, pw);
        char seed[64];
        jt(pj, "seed", seed, sizeof seed);
        software_text(D, p, seed, hs_report_data_jstr(D->manifest, "config_hash"));
        return;
    }
    hs_sbuf_printf(p, "The sample size is found by simulation (hifusim plan): N is searched from %s "
                      "to %s in steps of %s patients, first with %s and then with %s replicate "
                      "trials per N%s. ",
                   jt(pl, "n_min", x[0], sizeof x[0]), jt(pl, "n_max", x[1], sizeof x[1]),
                   jt(pl, "unit", x[2], sizeof x[2]), jt(pl, "replicates_coarse", x[3], sizeof x[3]),
                   jt(pl, "replicates_fine", x[4], sizeof x[4]),
                   assur ? "; every simulated power is an assurance (averaged over the prior)" : "");
    for (size_t k = 0; k < json_array_size(tg); k++) {
        json_t *g = json_array_get(tg, k), *an = jget(g, "analytic"), *at = jget(g, "analysis_time");
        fx(x[0], sizeof x[0], 2, jnum(g, "target_power"));
        if (!json_is_true(jget(g, "reached"))) {
            hs_sbuf_printf(p, "A target %s of %s is not reached within N = %s (the largest seen is "
                              "%s at N = %s). ",
                           pw, x[0], jt(pl, "n_max", x[1], sizeof x[1]),
                           fx(x[2], sizeof x[2], 3, jnum(g, "max_power_seen")),
                           jt(g, "max_power_n", x[3], sizeof x[3]));
            continue;
        }
        const char *se = plan_se(D, jget(g, "recommended_n"), jget(g, "replicates"), NULL);
        hs_sbuf_printf(p, "For a target %s of %s, N = %s patients (Monte Carlo interval %s to %s)",
                       pw, x[0], jt(g, "recommended_n", x[1], sizeof x[1]),
                       jt(g, "recommended_n_low", x[2], sizeof x[2]),
                       jt(g, "recommended_n_high", x[3], sizeof x[3]));
        if (json_is_integer(jget(g, "events_needed")))
            hs_sbuf_printf(p, " and %s events", jt(g, "events_needed", x[4], sizeof x[4]));
        hs_sbuf_printf(p, " give a simulated %s of %s (Monte Carlo SE %s; 95%% Wilson interval %s to "
                          "%s; %s replicate trials); the analysis comes %s months after the first "
                          "patient enters (mean; 95%% range %s to %s). ",
                       pw, fx(x[4], sizeof x[4], 3, jnum(g, "power")),
                       se ? fx(x[5], sizeof x[5], 4, strtod(se, NULL)) : "NA",
                       fx(x[6], sizeof x[6], 3, jnum(g, "power_ci_low")),
                       fx(x[7], sizeof x[7], 3, jnum(g, "power_ci_high")),
                       jt(g, "replicates", x[8], sizeof x[8]), fx(x[9], sizeof x[9], 1, jnum(at, "mean")),
                       fx(x[1], sizeof x[1], 1, jnum(at, "q025")), fx(x[2], sizeof x[2], 1, jnum(at, "q975")));
        if (an)
            hs_sbuf_printf(p, "By the formulas (hazard ratio %s): Schoenfeld %s events, Freedman %s, "
                              "Lachin-Foulkes N %s; at the formula N = %s the simulated %s is %s. ",
                           fx(x[1], sizeof x[1], 3, jnum(an, "hazard_ratio")),
                           fx(x[2], sizeof x[2], 1, jnum(an, "schoenfeld_events")),
                           fx(x[3], sizeof x[3], 1, jnum(an, "freedman_events")),
                           fx(x[4], sizeof x[4], 1, jnum(an, "lachin_foulkes_n")),
                           jt(an, "n", x[5], sizeof x[5]), pw,
                           fx(x[6], sizeof x[6], 3, jnum(an, "simulated_power_at_n")));
    }
    char seed[64];
    jt(pj, "seed", seed, sizeof seed);
    software_text(D, p, seed, hs_report_data_jstr(D->manifest, "config_hash"));
}

/* ---- sweep ---- */

static int sweep_fmt(const char *name)
{
    if (strstr(name, "power_se"))
        return F_SE;
    if (strstr(name, "power") || !strncmp(name, "hr", 2))
        return F_P3;
    if (!strncmp(name, "n_target", 8))
        return F_R0;
    if (strstr(name, "events") || strstr(name, "median") || strstr(name, "duration"))
        return F_R1;
    if (!strcmp(name, "point") || !strcmp(name, "n") || !strcmp(name, "replicates") ||
        !strcmp(name, "rejections"))
        return F_INT;
    return F_TXT;
}

/* A readable header for a sweep.csv column (the CSV keeps the name). */
static void sweep_label(const char *name, char *buf, size_t cap)
{
    static const char *const map[][2] = {
        {"point", "Point"}, {"axis", "Axis"}, {"level", "Level"}, {"value", "Value"}, {"n", "N"},
        {"replicates", "Replicates"}, {"rejections", "Rejections"}, {"power", "Power"},
        {"power_se", "MC SE"}, {"power_ci_low", "95% CI low"}, {"power_ci_high", "95% CI high"},
        {"events_mean", "Events (mean)"}, {"hr_median", "HR (median)"},
        {"median_os_control", "Median OS control, months"},
        {"median_os_experimental", "Median OS experimental, months"}};
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(name, map[i][0])) {
            snprintf(buf, cap, "%s", map[i][1]);
            return;
        }
    if (!strncmp(name, "n_target_", 9)) {
        const char *p = name + 9, *us = strchr(p, '_');
        int len = us ? (int)(us - p) : (int)strlen(p);
        snprintf(buf, cap, "N for power %.*s%s", len, p,
                 us && !strcmp(us, "_low") ? ", MC low" : us && !strcmp(us, "_high") ? ", MC high" : "");
        return;
    }
    snprintf(buf, cap, "%s", name);
}

static void build_sweep(const hs_report_data *D, hs_sbuf *p, mtab *t, char *lvl, size_t lcap)
{
    const hs_csvtab *sw = D->sweep;
    int nc = hs_csvtab_ncols(sw);
    for (int c = 0; c < nc && c < MT_COLS; c++)
    {
        char lab[192];
        sweep_label(hs_csvtab_colname(sw, c), lab, sizeof lab);
        tab_col(t, hs_csvtab_colname(sw, c), lab, sweep_fmt(hs_csvtab_colname(sw, c)));
    }
    for (size_t r = 0; r < hs_csvtab_nrows(sw); r++) {
        size_t row = tab_row(t);
        for (int c = 0; c < t->ncol; c++)
            tab_set(t, row, c, hs_csvtab_cell(sw, r, c));
    }
    json_t *s = D->summary, *base = jget(s, "base"), *axes = jget(s, "axes");
    char x[8][64];
    /* the base design's alpha and sides, from the config */
    char a[64] = "", sd[64] = "";
    hs_report_data_cfg_get(D, "design", "alpha", a, sizeof a);
    hs_report_data_cfg_get(D, "design", "sides", sd, sizeof sd);
    design_text(D, p, a[0] ? strtod(a, NULL) : NAN, sd[0] ? strtod(sd, NULL) : NAN,
                base ? jt(base, "n", x[0], sizeof x[0]) : NULL, NAN);
    level_text(lvl, lcap, a[0] ? strtod(a, NULL) : NAN, sd[0] ? strtod(sd, NULL) : NAN);
    hs_sbuf_printf(p, "A %s sensitivity analysis (hifusim sweep) varies ",
                   !strcmp(hs_report_data_jstr(s, "design") ? hs_report_data_jstr(s, "design") : "", "oneway")
                       ? "one-way"
                       : "grid");
    for (size_t i = 0; i < json_array_size(axes); i++) {
        json_t *ax = json_array_get(axes, i), *vals = jget(ax, "values");
        hs_sbuf_printf(p, "%s%s over ", i ? (i + 1 == json_array_size(axes) ? " and " : ", ") : "",
                       hs_report_data_jstr(ax, "name") ? hs_report_data_jstr(ax, "name") : "?");
        for (size_t k = 0; k < json_array_size(vals); k++) {
            char v[128];
            jtext(json_array_get(vals, k), v, sizeof v);
            hs_sbuf_printf(p, "%s%s", k ? ", " : "", v);
        }
    }
    hs_sbuf_printf(p, " (%s points, one row each in the headline table). ", jt(s, "points", x[0], sizeof x[0]));
    if (base) {
        /* the base row's SE is sweep.csv's (summary.json has none) */
        const char *se = NULL;
        int cax = hs_csvtab_col(sw, "axis"), cse = hs_csvtab_col(sw, "power_se");
        for (size_t r = 0; cax >= 0 && cse >= 0 && r < hs_csvtab_nrows(sw); r++)
            if (!strcmp(hs_csvtab_cell(sw, r, cax), "base"))
                se = hs_csvtab_cell(sw, r, cse);
        hs_sbuf_printf(p, "At the base design (N = %s) the simulated power is %s (Monte Carlo SE %s; "
                          "95%% Wilson interval %s to %s; %s replicate trials per point). ",
                       jt(base, "n", x[0], sizeof x[0]), fx(x[1], sizeof x[1], 3, jnum(base, "power")),
                       se ? fx(x[2], sizeof x[2], 4, strtod(se, NULL)) : "NA",
                       fx(x[3], sizeof x[3], 3, jnum(base, "power_ci_low")),
                       fx(x[4], sizeof x[4], 3, jnum(base, "power_ci_high")),
                       jt(base, "replicates", x[5], sizeof x[5]));
        json_t *nt = jget(base, "n_target");
        for (size_t k = 0; k < json_array_size(nt); k++) {
            json_t *e = json_array_get(nt, k);
            hs_sbuf_printf(p, "For power %s the base design needs N = %s (Monte Carlo interval %s to %s). ",
                           fx(x[0], sizeof x[0], 2, jnum(e, "target_power")), jt(e, "n", x[1], sizeof x[1]),
                           jt(e, "n_low", x[2], sizeof x[2]), jt(e, "n_high", x[3], sizeof x[3]));
        }
    }
    json_t *tor = jget(s, "tornado");
    if (json_array_size(tor) > 0) {
        json_t *e = json_array_get(tor, 0);
        hs_sbuf_printf(p, "The largest swing in power is over %s, from %s to %s. ",
                       hs_report_data_jstr(e, "axis") ? hs_report_data_jstr(e, "axis") : "?",
                       fx(x[0], sizeof x[0], 3, jnum(e, "power_low")),
                       fx(x[1], sizeof x[1], 3, jnum(e, "power_high")));
    }
    char seed[64] = "(not recorded)";
    if (jget(D->manifest, "seed"))
        jt(D->manifest, "seed", seed, sizeof seed);
    const char *h = hs_report_data_jstr(s, "config_hash");
    software_text(D, p, seed, h ? h : hs_report_data_jstr(D->manifest, "config_hash"));
}

/* ---- writers ---- */

static void csv_field(hs_sbuf *b, const char *s)
{
    if (!strpbrk(s, ",\"\n\r")) {
        hs_sbuf_printf(b, "%s", s);
        return;
    }
    hs_sbuf_append(b, "\"", 1);
    for (; *s; s++) {
        if (*s == '"')
            hs_sbuf_append(b, "\"", 1);
        hs_sbuf_append(b, s, 1);
    }
    hs_sbuf_append(b, "\"", 1);
}

static void write_csv(const mtab *t, hs_sbuf *b)
{
    for (int c = 0; c < t->ncol; c++) {
        if (c)
            hs_sbuf_append(b, ",", 1);
        csv_field(b, t->col[c].name);
    }
    hs_sbuf_append(b, "\n", 1);
    for (size_t r = 0; r < t->nrow; r++) {
        for (int c = 0; c < t->ncol; c++) {
            if (c)
                hs_sbuf_append(b, ",", 1);
            csv_field(b, tab_get(t, r, c));
        }
        hs_sbuf_append(b, "\n", 1);
    }
}

static void md_cell(hs_sbuf *b, const char *s)
{
    hs_sbuf_append(b, " ", 1);
    for (; *s; s++)
        if (*s == '|')
            hs_sbuf_append(b, "\\|", 2);
        else if (*s != '\n')
            hs_sbuf_append(b, s, 1);
    hs_sbuf_append(b, " |", 2);
}

static void write_md(const mtab *t, const char *title, hs_sbuf *b)
{
    hs_sbuf_printf(b, "%s\n\n|", title);
    for (int c = 0; c < t->ncol; c++)
        md_cell(b, t->col[c].label);
    hs_sbuf_printf(b, "\n|");
    for (int c = 0; c < t->ncol; c++)
        hs_sbuf_printf(b, "%s|", t->col[c].fmt == F_TXT ? "---" : "---:");
    hs_sbuf_printf(b, "\n");
    for (size_t r = 0; r < t->nrow; r++) {
        hs_sbuf_append(b, "|", 1);
        for (int c = 0; c < t->ncol; c++) {
            char buf[64];
            md_cell(b, shown(tab_get(t, r, c), t->col[c].fmt, buf, sizeof buf));
        }
        hs_sbuf_append(b, "\n", 1);
    }
    hs_sbuf_printf(b, "\n%s\n", rounding_note);
}

/* Text as RTF: ASCII as is (\ { } escaped), other characters (UTF-8) as
 * \uN? with N the signed 16-bit code unit (two for characters past U+FFFF). */
static void rtf_text(hs_sbuf *b, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    while (*u) {
        unsigned long cp;
        int len;
        if (*u < 0x80) {
            if (*u == '\\' || *u == '{' || *u == '}')
                hs_sbuf_printf(b, "\\%c", *u);
            else if (*u == '\n')
                hs_sbuf_printf(b, "\\line ");
            else if (*u >= 0x20 && *u < 0x7f)
                hs_sbuf_append(b, (const char *)u, 1);
            u++;
            continue;
        }
        if ((*u & 0xe0) == 0xc0) {
            cp = *u & 0x1fu;
            len = 2;
        } else if ((*u & 0xf0) == 0xe0) {
            cp = *u & 0x0fu;
            len = 3;
        } else if ((*u & 0xf8) == 0xf0) {
            cp = *u & 0x07u;
            len = 4;
        } else {
            hs_sbuf_printf(b, "?");
            u++;
            continue;
        }
        int ok = 1;
        for (int k = 1; k < len; k++) {
            if ((u[k] & 0xc0) != 0x80) {
                ok = 0;
                break;
            }
            cp = (cp << 6) | (u[k] & 0x3fu);
        }
        if (!ok) {
            hs_sbuf_printf(b, "?");
            u++;
            continue;
        }
        u += len;
        unsigned long unit[2] = {cp, 0};
        int nu = 1;
        if (cp > 0xffff) {
            cp -= 0x10000;
            unit[0] = 0xd800 + (cp >> 10);
            unit[1] = 0xdc00 + (cp & 0x3ff);
            nu = 2;
        }
        for (int k = 0; k < nu; k++)
            hs_sbuf_printf(b, "\\u%ld?", unit[k] > 32767 ? (long)unit[k] - 65536 : (long)unit[k]);
    }
}

static void rtf_row(hs_sbuf *b, const mtab *t, long width, int header, size_t r)
{
    hs_sbuf_printf(b, "\\trowd\\trgaph60\\trleft0%s", header ? "\\trhdr" : "");
    for (int c = 0; c < t->ncol; c++)
        hs_sbuf_printf(b, "%s\\cellx%ld", header ? "\\clbrdrb\\brdrs\\brdrw10" : "",
                       width * (c + 1));
    hs_sbuf_printf(b, "\n");
    for (int c = 0; c < t->ncol; c++) {
        char buf[64];
        hs_sbuf_printf(b, "\\pard\\intbl%s%s ", t->col[c].fmt == F_TXT ? "\\ql" : "\\qr",
                       header ? "\\b" : "");
        rtf_text(b, header ? t->col[c].label : shown(tab_get(t, r, c), t->col[c].fmt, buf, sizeof buf));
        hs_sbuf_printf(b, "%s\\cell\n", header ? "\\b0" : "");
    }
    hs_sbuf_printf(b, "\\row\n");
}

static void write_rtf(const mtab *t, const char *title, const char *note, hs_sbuf *b)
{
    /* US Letter landscape, 0.5 inch margins: 14400 twips of table width */
    long width = t->ncol > 0 ? 14400 / t->ncol : 14400;
    hs_sbuf_printf(b, "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1\n"
                      "{\\fonttbl{\\f0\\fswiss Helvetica;}}\n"
                      "\\paperw15840\\paperh12240\\landscape\\margl720\\margr720\\margt720\\margb720\n"
                      "\\f0\\fs16\n"
                      "\\pard\\plain\\f0\\fs20\\b ");
    rtf_text(b, title);
    hs_sbuf_printf(b, "\\b0\\par\n");
    rtf_row(b, t, width, 1, 0);
    for (size_t r = 0; r < t->nrow; r++)
        rtf_row(b, t, width, 0, r);
    hs_sbuf_printf(b, "\\pard\\plain\\f0\\fs16 ");
    rtf_text(b, note);
    hs_sbuf_printf(b, "\\par\n}\n");
}

/* Write b as out/name (checked). 0 or -1 with err. */
static int put(const char *out, const char *name, const hs_sbuf *b, char *err, size_t errlen)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", out, name);
    FILE *f = fopen(path, "w");
    int ok = f && (b->len == 0 || fwrite(b->s, 1, b->len, f) == b->len);
    int e = errno;
    if (f && fclose(f) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (!ok)
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(e));
    return ok ? 0 : -1;
}

int hs_methods_write(const char *dir, const char *out, char *err, size_t errlen)
{
    hs_report_data D;
    int rc = hs_report_data_load(&D, dir, err, errlen);
    if (rc != HS_REPORT_DATA_OK) {
        hs_report_data_free(&D);
        return rc == HS_REPORT_DATA_NODIR ? HS_METHODS_NODIR : HS_METHODS_FAILED;
    }
    /* a merged sweep: its first task's manifest says how it was made */
    json_t *src = jget(D.manifest, "sources");
    if (!jget(D.manifest, "seed") && json_array_size(src) > 0) {
        const char *s0 = json_string_value(json_array_get(src, 0));
        char path[1400];
        snprintf(path, sizeof path, "%s/manifest.json", s0 ? s0 : "");
        json_t *m = json_load_file(path, 0, NULL);
        if (!m && s0 && strrchr(s0, '/')) {
            snprintf(path, sizeof path, "%s/tasks%s/manifest.json", dir, strrchr(s0, '/'));
            m = json_load_file(path, 0, NULL);
        }
        hs_report_data_use_manifest(&D, m);
    }
    const char *what = D.power ? "run" : D.planj ? "plan" : "sweep";
    hs_sbuf para = {0}, files[4] = {{0}};
    mtab t;
    memset(&t, 0, sizeof t);
    char lvl[96] = "";
    rc = HS_METHODS_OK;
    if (D.power && json_array_size(jget(D.summary, "scenarios")) > 0)
        build_run(&D, &para, &t, lvl, sizeof lvl);
    else if (!D.power && D.planj && json_array_size(jget(D.planj, "targets")) > 0)
        build_plan(&D, &para, &t, lvl, sizeof lvl);
    else if (!D.power && !D.planj && D.sweep && json_is_object(D.summary))
        build_sweep(&D, &para, &t, lvl, sizeof lvl);
    else {
        snprintf(err, errlen, "%s: no readable summary.json or plan.json for the %s", dir, what);
        rc = HS_METHODS_FAILED;
    }
    const char *name = hs_report_data_jstr(D.summary, "run");
    if (!name)
        name = hs_report_data_jstr(D.planj, "name");
    if (!name)
        name = hs_report_data_jstr(D.summary, "name");
    char title[512];
    snprintf(title, sizeof title, "%s: headline %s (hifusim %s; %s)", name ? name : "results",
             D.power ? "by scenario" : D.planj ? "by target" : "by point", what, lvl);
    if (rc == HS_METHODS_OK) {
        hs_sbuf *m = &files[0];
        hs_sbuf_printf(m, "# Methods: %s (hifusim %s)\n\n", name ? name : "results", what);
        hs_sbuf_append(m, para.s ? para.s : "", para.len);
        hs_sbuf_printf(m, "\n\n");
        models_text(&D, m);
        hs_sbuf_printf(m, "\n\n%s The headline table is in headline.csv, headline.md and "
                          "headline.rtf.\n",
                       rounding_note);
        write_csv(&t, &files[1]);
        write_md(&t, title, &files[2]);
        write_rtf(&t, title, rounding_note, &files[3]);
        int failed = t.failed || para.failed;
        for (int k = 0; k < 4; k++)
            failed |= files[k].failed;
        if (failed) {
            snprintf(err, errlen, "out of memory writing the protocol outputs");
            rc = HS_METHODS_FAILED;
        }
        for (int k = 0; rc == HS_METHODS_OK && k < 4; k++)
            if (put(out, hs_methods_files[k], &files[k], err, errlen) != 0)
                rc = HS_METHODS_FAILED;
        if (rc != HS_METHODS_OK)
            for (int k = 0; k < 4; k++) {
                char path[1400];
                snprintf(path, sizeof path, "%s/%s", out, hs_methods_files[k]);
                remove(path);
            }
    }
    for (int k = 0; k < 4; k++)
        hs_sbuf_free(&files[k]);
    hs_sbuf_free(&para);
    tab_free(&t);
    hs_report_data_free(&D);
    return rc;
}
