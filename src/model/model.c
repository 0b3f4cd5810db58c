/* model.c — hazard models from model files or inline arm keys (see model.h). */
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inifile.h"

/* Every parameter key a model file may give (the family table's keys, and
 * exponential's alternative median). */
static const char *const param_keys[] = {"rate", "median", "shape", "scale",
                                         "meanlog", "sdlog", "rates"};
enum { NPARAM = sizeof param_keys / sizeof param_keys[0] };

/* The baseline's median (no cure) must lie in [HS_MEDIAN_MIN, HS_MEDIAN_MAX]
 * months; an infinite median is allowed only for a curve with a plateau
 * (piecewise with a last rate of 0, gompertz with a negative shape). The
 * error goes to a parameter given by --set if there is one (the override
 * made it), else to the one parameter of exponential and piecewise, else to
 * the family line. */
static int median_check(hs_cfgval_entry *e, int n, const char *section, hs_cfgval_entry *fe,
                        const hs_hazard *m, hs_errs *errs)
{
    double med = hs_hazard_median(m, 0);
    int plateau = (m->family == HS_FAM_PIECEWISE && m->npieces > 0 &&
                   m->rate[m->npieces - 1] == 0) ||
                  (m->family == HS_FAM_GOMPERTZ && m->par[0] < 0);
    if ((med >= HS_MEDIAN_MIN && med <= HS_MEDIAN_MAX) || (isinf(med) && plateau))
        return 0;
    const hs_cfgval_entry *w = fe;
    for (int i = 0; i < NPARAM; i++) {
        hs_cfgval_entry *p = hs_cfgval_find(e, n, section, param_keys[i]);
        int single = m->family == HS_FAM_EXPONENTIAL || m->family == HS_FAM_PIECEWISE;
        if (p && (p->line <= 0 || (single && w == fe)))
            w = p;
    }
    hs_errs_add(errs, w->file, w->line,
                "%s model has a median survival of %.4g months; expected parameters giving a "
                "median in [0.001, 100000] months",
                hs_hazard_family_name(m->family), med);
    return 1;
}

int hs_model_params(hs_cfgval_entry *e, int n, const char *section, const char *file, int line,
                    hs_hazard *m, hs_errs *errs)
{
    memset(m, 0, sizeof *m);
    hs_cfgval_entry *fe = hs_cfgval_find(e, n, section, "family");
    if (!fe) {
        hs_errs_add(errs, file, line,
                    "[%s] has no family; expected family = exponential | weibull | gompertz | "
                    "loglogistic | lognormal | piecewise",
                    section);
        return -1;
    }
    int f = hs_hazard_family_from_name(fe->value);
    if (f < 0) {
        const char *cand[HS_FAM_COUNT];
        for (int i = 0; i < (int)HS_FAM_COUNT; i++)
            cand[i] = hs_hazard_family_name((hs_family)i);
        char dym[96];
        hs_cfgval_dym(dym, sizeof dym, fe->value, cand, (int)HS_FAM_COUNT);
        hs_errs_add(errs, fe->file, fe->line,
                    "unknown family '%s'%s; expected exponential, weibull, gompertz, loglogistic, "
                    "lognormal or piecewise",
                    fe->value, dym);
        return -1;
    }
    int bad = 0;
    const hs_family_info *fi = hs_hazard_family_info_of((hs_family)f);
    m->family = (hs_family)f;
    m->effect = fi->effect;
    for (int i = 0; i < NPARAM; i++) {
        int belongs = f == HS_FAM_EXPONENTIAL && !strcmp(param_keys[i], "median");
        for (int j = 0; j < fi->npar; j++)
            belongs |= !strcmp(param_keys[i], fi->par[j].key);
        hs_cfgval_entry *p = hs_cfgval_find(e, n, section, param_keys[i]);
        if (p && !belongs) {
            hs_errs_add(errs, p->file, p->line, "key '%s' does not apply to family %s; expected %s",
                        p->key, fe->value, fi->keys);
            bad = 1;
        }
    }
    if (f == HS_FAM_EXPONENTIAL) {
        hs_cfgval_entry *r = hs_cfgval_find(e, n, section, "rate");
        hs_cfgval_entry *md = hs_cfgval_find(e, n, section, "median");
        double med;
        if (r && md) {
            hs_errs_add(errs, md->file, md->line,
                        "both rate and median given; expected exactly one of them");
            bad = 1;
        } else if (!r && !md) {
            hs_errs_add(errs, fe->file, fe->line,
                        "exponential needs rate or median; expected rate = PER_MONTH or median = MONTHS");
            bad = 1;
        } else if (r) {
            const hs_family_param *g = &fi->par[0];
            bad |= hs_cfgval_number(r, r->value, g->lo, g->lo_open, g->hi, 0, g->expect, &m->par[0],
                                    errs) != 0;
        } else if (hs_cfgval_number(md, md->value, HS_MEDIAN_MIN, 0, HS_MEDIAN_MAX, 0,
                                    "a median in [0.001, 100000] months", &med, errs)) {
            bad = 1;
        } else {
            m->par[0] = log(2.0) / med;
        }
    } else if (f == HS_FAM_PIECEWISE) {
        hs_cfgval_entry *r = hs_cfgval_find(e, n, section, "rates");
        if (!r) {
            hs_errs_add(errs, fe->file, fe->line,
                        "piecewise needs rates; expected rates = 0:RATE, START:RATE, ...");
            bad = 1;
        } else if (hs_cfgval_pieces(r, fi->par[0].lo, fi->par[0].lo_open, fi->par[0].hi,
                                    fi->par[0].expect, m->cut, m->rate, HS_PIECES_MAX, &m->npieces,
                                    errs)) {
            bad = 1;
        } else {
            int any = 0;
            for (int k = 0; k < m->npieces; k++)
                any |= m->rate[k] > 0;
            if (!any) {
                hs_errs_add(errs, r->file, r->line,
                            "all piecewise rates are 0; expected at least one rate > 0");
                bad = 1;
            }
        }
    } else {
        for (int j = 0; j < fi->npar; j++) {
            const hs_family_param *g = &fi->par[j];
            hs_cfgval_entry *p = hs_cfgval_find(e, n, section, g->key);
            if (!p) {
                hs_errs_add(errs, fe->file, fe->line, "%s needs %s; expected %s", fe->value, g->key,
                            fi->keys);
                bad = 1;
                continue;
            }
            bad |= hs_cfgval_number(p, p->value, g->lo, g->lo_open, g->hi, 0, g->expect,
                                    &m->par[j], errs) != 0;
        }
    }
    if (!bad)
        bad = median_check(e, n, section, fe, m, errs);
    return bad ? -1 : 0;
}

int hs_model_options(hs_cfgval_entry *e, int n, const char *section, hs_hazard *m, hs_errs *errs)
{
    int bad = 0;
    hs_cfgval_entry *c = hs_cfgval_find(e, n, section, "cure");
    if (c)
        bad |= hs_cfgval_number(c, c->value, 0, 0, 1, 1, "a cured fraction in [0, 1)", &m->cure,
                                errs) != 0;
    c = hs_cfgval_find(e, n, section, "effect");
    if (!c)
        return bad ? -1 : 0;
    if (!strcmp(c->value, "ph"))
        m->effect = HS_EFFECT_PH;
    else if (!strcmp(c->value, "aft"))
        m->effect = HS_EFFECT_AFT;
    else {
        hs_errs_add(errs, c->file, c->line, "effect = '%s'; expected ph or aft", c->value);
        return -1;
    }
    const hs_family_info *fi = hs_hazard_family_info_of(m->family);
    int phok = fi->ph_ok, aftok = fi->aft_ok;
    if ((m->effect == HS_EFFECT_PH && !phok) || (m->effect == HS_EFFECT_AFT && !aftok)) {
        hs_errs_add(errs, c->file, c->line, "effect = %s is not available for family %s; expected %s",
                    c->value, hs_hazard_family_name(m->family), phok ? "ph" : "aft");
        bad = 1;
    }
    return bad ? -1 : 0;
}

int hs_model_effect(hs_cfgval_entry *e, int ncov, const hs_covariate *cov, const int *skip,
                    double beta[HS_COV_MAX][HS_LEVELS_MAX], hs_errs *errs)
{
    e->used = 1;
    const char *dot = strchr(e->key, '.');
    if (!dot || dot == e->key || !dot[1]) {
        hs_errs_add(errs, e->file, e->line,
                    "effect key '%s' is not COVARIATE.LEVEL; expected e.g. mets.4+ = 0.62", e->key);
        return -1;
    }
    char name[256];
    snprintf(name, sizeof name, "%.*s", (int)(dot - e->key), e->key);
    const char *lv = dot + 1;
    int ci = -1;
    for (int i = 0; i < ncov; i++)
        if (!strcmp(cov[i].name, name))
            ci = i;
    if (ci < 0) {
        const char *cand[HS_COV_MAX];
        for (int i = 0; i < ncov && i < HS_COV_MAX; i++)
            cand[i] = cov[i].name;
        char list[256], dym[96];
        hs_cfgval_join(list, sizeof list, cand, ncov);
        hs_cfgval_dym(dym, sizeof dym, name, cand, ncov);
        hs_errs_add(errs, e->file, e->line,
                    "effect %s: unknown covariate '%s'%s; expected a covariate of [cohort]: %s",
                    e->key, name, dym, ncov ? list : "(none)");
        return -1;
    }
    if (skip && skip[ci])
        return 0;
    int li = -1;
    for (int i = 0; i < cov[ci].nlevels; i++)
        if (!strcmp(cov[ci].level[i], lv))
            li = i;
    if (li < 0) {
        const char *cand[HS_LEVELS_MAX];
        for (int i = 0; i < cov[ci].nlevels; i++)
            cand[i] = cov[ci].level[i];
        char list[320];
        hs_cfgval_join(list, sizeof list, cand, cov[ci].nlevels);
        hs_errs_add(errs, e->file, e->line, "effect %s: unknown level '%s' of %s; expected one of %s",
                    e->key, lv, name, list);
        return -1;
    }
    if (li == 0) {
        hs_errs_add(errs, e->file, e->line,
                    "effect %s is for the reference level '%s' (effect 0 by definition); expected "
                    "effects for the other levels only",
                    e->key, lv);
        return -1;
    }
    double x;
    if (hs_cfgval_number(e, e->value, -50, 0, 50, 0,
                         "a finite effect in [-50, 50] (log hazard or time ratio)", &x, errs))
        return -1;
    beta[ci][li] = x;
    return 0;
}

/* ---------------------------------------------------------- [covariance] */

int hs_model_covar_nbase(const hs_hazard *m)
{
    if (m->family == HS_FAM_PIECEWISE)
        return m->npieces;
    return hs_hazard_family_info_of(m->family)->npar;
}

int hs_model_covar_base(const hs_hazard *m, int j, char *buf, size_t cap, double *value)
{
    if (j < 0 || j >= hs_model_covar_nbase(m))
        return -1;
    double v;
    if (m->family == HS_FAM_PIECEWISE) {
        snprintf(buf, cap, "log(rate:%g)", m->cut[j]);
        v = log(m->rate[j]);
    } else {
        const hs_family_param *g = &hs_hazard_family_info_of(m->family)->par[j];
        if (g->logfit)
            snprintf(buf, cap, "log(%s)", g->key);
        else
            snprintf(buf, cap, "%s", g->key);
        v = g->logfit ? log(m->par[j]) : m->par[j];
    }
    if (value)
        *value = v;
    return 0;
}

/* Whole-string positive decimal without leading zeros ("12"), at most 4
 * digits, from s up to end (end NULL: the string's end); 0 if not one. */
static int posint(const char *s, const char *end)
{
    if (!end)
        end = s + strlen(s);
    if (end == s || end - s > 4 || *s == '0')
        return 0;
    int v = 0;
    for (const char *q = s; q < end; q++) {
        if (*q < '0' || *q > '9')
            return 0;
        v = v * 10 + (*q - '0');
    }
    return v;
}

/* The value of parameter `name` of the model on the covariance scale: a
 * baseline parameter of the hazard, or an effect COV.LEVEL that [effects]
 * gives. Returns 0, or -1 if the model has no such parameter (then `have`
 * lists the names it has, cap bytes). */
static int covar_value(const char *name, const hs_model *m, hs_cfgval_entry *e, int n, int ncov,
                       const hs_covariate *cov, double *v, char *have, size_t cap)
{
    char nm[HS_COVAR_NAME + 64];
    size_t used = 0;
    have[0] = '\0';
    for (int j = 0; j < hs_model_covar_nbase(&m->hazard); j++) {
        double x;
        hs_model_covar_base(&m->hazard, j, nm, sizeof nm, &x);
        if (!strcmp(nm, name)) {
            *v = x;
            return 0;
        }
        if (used < cap) {
            int w = snprintf(have + used, cap - used, "%s%s", used ? ", " : "", nm);
            used += w > 0 ? (size_t)w : 0;
        }
    }
    for (int i = 0; i < n; i++) {
        if (strcmp(e[i].section, "effects") != 0)
            continue;
        int found = !strcmp(e[i].key, name);
        if (!found && used < cap) {
            int w = snprintf(have + used, cap - used, "%s%s", used ? ", " : "", e[i].key);
            used += w > 0 ? (size_t)w : 0;
        }
        if (!found)
            continue;
        for (int c = 0; c < ncov; c++)
            for (int l = 1; l < cov[c].nlevels; l++) {
                snprintf(nm, sizeof nm, "%s.%s", cov[c].name, cov[c].level[l]);
                if (!strcmp(nm, name)) {
                    *v = m->beta[c][l];
                    return 0;
                }
            }
        *v = 0.0; /* the [effects] entry itself is reported bad */
        return 0;
    }
    return -1;
}

/* Read the [covariance] section (header csec) into out->covar; every
 * problem to errs. Parameter names are checked against the model only when
 * its [model] loaded (model_ok). */
static void covar_load(hs_cfgval_entry *e, int n, const hs_inifile_section *csec, int model_ok,
                       int ncov, const hs_covariate *cov, hs_model *out, hs_errs *errs)
{
    hs_model_covar *cv = &out->covar;
    const char *file = csec->file;
    cv->line = csec->line;
    hs_cfgval_entry *pe[HS_COVAR_MAX + 1] = {0};
    int kmax = 0, bad = 0;
    /* the entries: method, n, pI, cI.J */
    for (int i = 0; i < n; i++) {
        if (strcmp(e[i].section, "covariance") != 0)
            continue;
        const char *key = e[i].key;
        int a;
        if (!strcmp(key, "method")) {
            if (strcmp(e[i].value, "ipd") != 0 && strcmp(e[i].value, "landmarks") != 0) {
                hs_errs_add(errs, e[i].file, e[i].line, "method = '%s'; expected ipd or landmarks",
                            e[i].value);
                bad = 1;
            } else {
                snprintf(cv->source, sizeof cv->source, "%s", e[i].value);
            }
        } else if (!strcmp(key, "n")) {
            bad |= hs_cfgval_number(&e[i], e[i].value, 0, 1, 1e9, 0,
                                    "a number of patients > 0", &cv->n, errs) != 0;
        } else if (key[0] == 'p' && (a = posint(key + 1, NULL)) > 0) {
            if (a > HS_COVAR_MAX) {
                hs_errs_add(errs, e[i].file, e[i].line,
                            "parameter %s: more than %d parameters; expected p1 .. p%d at most", key,
                            HS_COVAR_MAX, HS_COVAR_MAX);
                bad = 1;
            } else {
                pe[a] = &e[i];
                kmax = a > kmax ? a : kmax;
            }
        } else if (key[0] == 'c' && strchr(key, '.') && posint(key + 1, strchr(key, '.')) > 0 &&
                   posint(strchr(key, '.') + 1, NULL) > 0) {
            /* checked below, once k is known */
        } else {
            hs_errs_add(errs, e[i].file, e[i].line,
                        "unknown key '%s' in [covariance]; expected method, n, pI = NAME or cI.J = "
                        "NUMBER",
                        key);
            bad = 1;
        }
    }
    int k = kmax;
    for (int a = 1; a <= kmax; a++)
        if (!pe[a]) {
            hs_errs_add(errs, file, csec->line,
                        "[covariance] has p%d but not p%d; expected p1, p2, ... contiguous", kmax, a);
            bad = 1;
            k = 0;
            break;
        }
    if (kmax == 0) {
        hs_errs_add(errs, file, csec->line,
                    "[covariance] names no parameter; expected p1 = NAME, ... and cI.J = NUMBER");
        return;
    }
    /* names: known to the model, none twice; means */
    for (int a = 1; a <= kmax; a++) {
        if (!pe[a])
            continue;
        hs_cfgval_entry *p = pe[a];
        if (strlen(p->value) >= HS_COVAR_NAME) {
            hs_errs_add(errs, p->file, p->line, "p%d = '%s': name too long; expected at most %d characters",
                        a, p->value, HS_COVAR_NAME - 1);
            bad = 1;
            continue;
        }
        snprintf(cv->name[a - 1], HS_COVAR_NAME, "%s", p->value);
        for (int b = 1; b < a; b++)
            if (pe[b] && !strcmp(pe[b]->value, p->value)) {
                hs_errs_add(errs, p->file, p->line, "p%d = %s names the same parameter as p%d; "
                            "expected each parameter once", a, p->value, b);
                bad = 1;
            }
        if (!model_ok)
            continue;
        char have[320];
        double v;
        if (covar_value(p->value, out, e, n, ncov, cov, &v, have, sizeof have) != 0) {
            hs_errs_add(errs, p->file, p->line, "p%d = '%s' is not a parameter of this model; "
                        "expected one of: %s", a, p->value, have);
            bad = 1;
        } else if (!isfinite(v)) {
            hs_errs_add(errs, p->file, p->line, "p%d = %s: the model's value is 0, its log is "
                        "-infinite; expected a parameter with a finite value", a, p->value);
            bad = 1;
        } else {
            cv->mean[a - 1] = v;
        }
    }
    /* entries cI.J */
    unsigned char seen[HS_COVAR_MAX * (HS_COVAR_MAX + 1) / 2] = {0};
    for (int i = 0; i < n; i++) {
        if (strcmp(e[i].section, "covariance") != 0 || e[i].key[0] != 'c')
            continue;
        const char *dot = strchr(e[i].key, '.');
        if (!dot)
            continue;
        int a = posint(e[i].key + 1, dot), b = posint(dot + 1, NULL);
        if (a <= 0 || b <= 0)
            continue;
        if (b > a || a > kmax) {
            hs_errs_add(errs, e[i].file, e[i].line,
                        "%s is outside the lower triangle of %d parameters; expected cI.J with 1 <= J <= "
                        "I <= %d",
                        e[i].key, kmax, kmax);
            bad = 1;
            continue;
        }
        double x;
        if (hs_cfgval_number(&e[i], e[i].value, -1e300, 0, 1e300, 0, "a finite covariance", &x,
                             errs)) {
            bad = 1;
            seen[(a - 1) * a / 2 + b - 1] = 2;
            continue;
        }
        if (a == b && !(x > 0)) {
            hs_errs_add(errs, e[i].file, e[i].line,
                        "%s = %s: variance of p%d (%s) is not > 0; expected a positive variance",
                        e[i].key, e[i].value, a, pe[a] ? pe[a]->value : "?");
            bad = 1;
        }
        cv->cov[(a - 1) * a / 2 + b - 1] = x;
        seen[(a - 1) * a / 2 + b - 1] = 1;
    }
    char miss[160];
    size_t used = 0;
    int nmiss = 0;
    for (int a = 1; a <= kmax; a++)
        for (int b = 1; b <= a; b++)
            if (!seen[(a - 1) * a / 2 + b - 1]) {
                if (nmiss < 8) {
                    int w = snprintf(miss + used, sizeof miss - used, "%sc%d.%d", nmiss ? ", " : "", a, b);
                    used += w > 0 ? (size_t)w : 0;
                }
                nmiss++;
            }
    if (nmiss) {
        hs_errs_add(errs, file, csec->line, "[covariance] lacks %d entr%s: %s%s; expected every cI.J "
                    "with 1 <= J <= I <= %d", nmiss, nmiss == 1 ? "y" : "ies", miss,
                    nmiss > 8 ? ", ..." : "", kmax);
        bad = 1;
    }
    if (bad || k == 0)
        return;
    /* positive definite: Cholesky, a pivot below 1e-10 of its variance fails */
    static const double rel = 1e-10;
    double L[HS_COVAR_MAX * (HS_COVAR_MAX + 1) / 2];
    for (int a = 0; a < k; a++) {
        for (int b = 0; b <= a; b++) {
            double s = cv->cov[a * (a + 1) / 2 + b];
            for (int q = 0; q < b; q++)
                s -= L[a * (a + 1) / 2 + q] * L[b * (b + 1) / 2 + q];
            if (b < a) {
                L[a * (a + 1) / 2 + b] = s / L[b * (b + 1) / 2 + b];
            } else if (!(s > rel * cv->cov[a * (a + 1) / 2 + a])) {
                hs_errs_add(errs, pe[a + 1]->file, pe[a + 1]->line,
                            "[covariance] is not positive definite: p%d = %s is (nearly) determined by "
                            "p1 .. p%d (Cholesky pivot %.3g of variance %.3g); expected a positive "
                            "definite matrix",
                            a + 1, cv->name[a], a, s, cv->cov[a * (a + 1) / 2 + a]);
                return;
            } else {
                L[a * (a + 1) / 2 + a] = sqrt(s);
            }
        }
    }
    cv->k = k;
}

static const char *const model_keys[] = {"family", "rate", "median", "shape", "scale",
                                         "meanlog", "sdlog", "rates", "cure", "effect"};
static const char *const model_sections[] = {"model", "effects", "provenance", "covariance"};
enum { NSECTIONS = sizeof model_sections / sizeof model_sections[0] };

int hs_model_load(const char *path, int ncov, const hs_covariate *cov, const int *skip,
                  hs_model *out, hs_errs *errs)
{
    memset(out, 0, sizeof *out);
    int before = hs_errs_count(errs);
    hs_inifile *st = NULL;
    hs_inifile_read(path, &st, errs);
    if (!st)
        return -1;
    int n = hs_inifile_nentries(st);
    hs_cfgval_entry *e = NULL;
    if (n > 0) {
        e = calloc((size_t)n, sizeof *e);
        if (!e) {
            hs_inifile_free(st);
            hs_errs_add(errs, path, 0, "out of memory; expected to read the model file");
            return -1;
        }
    }
    for (int i = 0; i < n; i++) {
        const hs_inifile_entry *x = hs_inifile_entry_at(st, i);
        e[i] = (hs_cfgval_entry){x->section, x->key, x->value, x->file, x->line, 0};
    }
    const hs_inifile_section *msec = NULL, *csec = NULL;
    for (int i = 0; i < hs_inifile_nsections(st); i++) {
        const hs_inifile_section *s = hs_inifile_section_at(st, i);
        int known = 0;
        for (int k = 0; k < NSECTIONS; k++)
            known |= !strcmp(s->name, model_sections[k]);
        if (!strcmp(s->name, "model"))
            msec = s;
        if (!strcmp(s->name, "covariance"))
            csec = s;
        if (!known) {
            char dym[96], list[96];
            hs_cfgval_dym(dym, sizeof dym, s->name, model_sections, NSECTIONS);
            hs_cfgval_join(list, sizeof list, model_sections, NSECTIONS);
            hs_errs_add(errs, s->file, s->line,
                        "unknown section [%s] in a model file%s; expected %s", s->name, dym, list);
        }
    }
    int model_ok = 0;
    if (!msec) {
        if (hs_inifile_nentries(st) > 0 || hs_inifile_nsections(st) > 0)
            hs_errs_add(errs, path, 0,
                        "missing section [model]; expected [model] with family = ... and its parameters");
    } else if (!hs_model_params(e, n, "model", msec->file, msec->line, &out->hazard, errs) &&
               !hs_model_options(e, n, "model", &out->hazard, errs)) {
        char why[160];
        if (hs_hazard_check(&out->hazard, why, sizeof why)) {
            hs_cfgval_entry *fe = hs_cfgval_find(e, n, "model", "family");
            hs_errs_add(errs, fe->file, fe->line, "%s; expected valid parameters", why);
        } else {
            model_ok = 1;
        }
    }
    for (int i = 0; i < n; i++) {
        if (!strcmp(e[i].section, "model")) {
            int known = 0;
            for (int k = 0; k < (int)(sizeof model_keys / sizeof model_keys[0]); k++)
                known |= !strcmp(e[i].key, model_keys[k]);
            if (!known) {
                char dym[96], list[160];
                int nk = (int)(sizeof model_keys / sizeof model_keys[0]);
                hs_cfgval_dym(dym, sizeof dym, e[i].key, model_keys, nk);
                hs_cfgval_join(list, sizeof list, model_keys, nk);
                hs_errs_add(errs, e[i].file, e[i].line, "unknown key '%s' in [model]%s; expected one of: %s",
                            e[i].key, dym, list);
            }
        } else if (!strcmp(e[i].section, "effects")) {
            hs_model_effect(&e[i], ncov, cov, skip, out->beta, errs);
        }
    }
    if (csec)
        covar_load(e, n, csec, model_ok, ncov, cov, out, errs);
    free(e);
    hs_inifile_free(st);
    if (hs_errs_count(errs) > before) {
        out->covar.k = 0;
        return -1;
    }
    return 0;
}

void hs_model_landmarks_parse(const char *value, hs_model_landmarks *out)
{
    const char *p = value;
    while (*p && *p != ';' && out->n < HS_MODEL_LANDMARKS_MAX) {
        char *end;
        double t = strtod(p, &end);
        if (end == p || *end != ':')
            break;
        const char *q = end + 1;
        double s = strtod(q, &end);
        if (end == q || !isfinite(t) || !(s >= 0 && s <= 1))
            break;
        out->t[out->n] = t;
        out->s[out->n++] = s;
        p = end;
        while (*p == ',' || *p == ' ')
            p++;
    }
    const char *m = strstr(value, "median");
    if (m && out->n < HS_MODEL_LANDMARKS_MAX) {
        char *end;
        double t = strtod(m + 6, &end);
        if (end != m + 6 && isfinite(t) && t > 0) {
            out->t[out->n] = t;
            out->s[out->n++] = 0.5;
        }
    }
}

int hs_model_landmarks_read(const char *path, hs_model_landmarks *out)
{
    memset(out, 0, sizeof *out);
    hs_inifile *st = NULL;
    hs_inifile_read(path, &st, NULL);
    if (!st)
        return -1;
    const hs_inifile_entry *x = hs_inifile_find(st, "provenance", "targets");
    if (x)
        hs_model_landmarks_parse(x->value, out);
    x = hs_inifile_find(st, "provenance", "source");
    if (x)
        snprintf(out->source, sizeof out->source, "%s", x->value);
    hs_inifile_free(st);
    return 0;
}
