/* fitcmd.c — `hifusim fit`: parse options, read inputs, call fit.c /
 * calib.c / guyot.c, print the results and write model files (INI, see
 * design.md "File formats"), JSON and reconstructed patient data.
 * All input errors are collected and printed together; exit 2 then, and no
 * file is written. */
#include "fitcmd.h"

#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "calib.h"
#include "cfgval.h"
#include "csvtab.h"
#include "errs.h"
#include "fileio.h"
#include "fit.h"
#include "guyot.h"
#include "hazard.h"
#include "inifile.h"
#include "output.h"

#define MAXEFF 64
#define MAXCOV 8
#define MAXLEV 8
#define MAXSTRATA 65536

typedef struct opts {
    const char *ipd, *timecol, *eventcol, *landmarks, *recon, *atrisk, *outipd, *out, *json;
    const char *family, *form, *cuts, *cohort, *source, *median_s, *events_s;
    const char *cov[HS_FIT_PMAX];
    int ncov;
    const char *eff[MAXEFF];
    int neff;
} opts;

typedef struct cohort {
    int ncov;
    char name[MAXCOV][64];
    int nlev[MAXCOV];
    char lev[MAXCOV][MAXLEV][64];
    double prob[MAXCOV][MAXLEV];
    double beta[MAXCOV][MAXLEV];
} cohort;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: hifusim fit --ipd FILE.csv --time COL --event COL [--covariate COL[:factor]]...\n"
            "                   --family F|all [--form ph|aft] [--cuts 0,T1,...] --out MODEL.ini [--json OUT]\n"
            "       hifusim fit --landmarks T:S,... [--median M] --family F [--cuts 0,T1,...]\n"
            "                   [--cohort CONFIG --effect COV.LEVEL=X ...] --out MODEL.ini\n"
            "       hifusim fit --reconstruct POINTS.csv --at-risk RISK.csv [--events N] --out-ipd IPD.csv\n"
            "                   [--family F --out MODEL.ini]\n"
            "families: exponential weibull gompertz loglogistic lognormal piecewise (all: --ipd only)\n"
            "  --form ph|aft     effect form (default ph; aft for loglogistic, lognormal)\n"
            "  --cuts LIST       piecewise cut points in months, starting at 0\n"
            "                    (landmarks default: 0 and every target time but the last)\n"
            "  --covariate COL   numeric if every cell is a number, else levels against the\n"
            "                    alphabetically first; COL:factor forces levels\n"
            "  --cohort CONFIG   average over CONFIG's [cohort] mix (covariates independent)\n"
            "  --effect K=X      fixed effect COV.LEVEL = X (log HR for ph, log time ratio for aft)\n"
            "  --source TEXT     provenance source line\n"
            "POINTS.csv columns time,survival; RISK.csv columns time,nrisk; IPD.csv: time,event.\n");
}

/* ---------- small helpers ---------- */

static int num(const char *s, double *x)
{
    return hs_cfgval_double(s, x) == HS_CFGVAL_OK ? 0 : -1;
}

static int parse_list(const char *s, double *v, int max)
{
    char buf[1024], *tok[HS_PIECES_MAX + 1];
    if (strlen(s) >= sizeof buf)
        return -1;
    strcpy(buf, s);
    int n = hs_cfgval_split(buf, ',', tok, max);
    if (n < 1)
        return -1;
    for (int i = 0; i < n; i++)
        if (num(tok[i], &v[i]) != 0)
            return -1;
    return n;
}

static void today(char *buf, size_t n)
{
    time_t now = time(NULL);
    struct tm tmv;
    gmtime_r(&now, &tmv);
    strftime(buf, n, "%Y-%m-%d", &tmv);
}

static int default_form(hs_family f)
{
    return (int)hs_family_info_of(f)->effect;
}

/* The forms a model file accepts (the family table). */
static int form_ok(hs_family f, hs_effect e)
{
    const hs_family_info *fi = hs_family_info_of(f);
    return e == HS_EFFECT_PH ? fi->ph_ok : fi->aft_ok;
}

/* [model] section text of m. */
static void write_model(FILE *f, const hs_hazard *m)
{
    const hs_family_info *fi = hs_family_info_of(m->family);
    fprintf(f, "[model]\nfamily = %s\n", fi->name);
    if (m->family == HS_FAM_PIECEWISE) {
        fprintf(f, "rates = ");
        for (int k = 0; k < m->npieces; k++)
            fprintf(f, "%s%g:%.8g", k ? ", " : "", m->cut[k], m->rate[k]);
        fprintf(f, "\n");
    } else {
        for (int j = 0; j < fi->npar; j++)
            fprintf(f, "%s = %.10g\n", fi->par[j].key, m->par[j]);
    }
    fprintf(f, "effect = %s\n", m->effect == HS_EFFECT_PH ? "ph" : "aft");
}

/* Write text atomically; returns 0 or prints the failure and returns -1. */
static int commit_text(const char *path, char *text, size_t len)
{
    if (hs_output_write_file(path, text, len) != 0) {
        perror(path);
        return -1;
    }
    return 0;
}

/* ---------- cohort ---------- */

static int load_cohort(const char *path, cohort *c, hs_errs *errs)
{
    hs_inifile *ini = NULL;
    int bad = hs_inifile_read(path, &ini, errs) != 0;
    memset(c, 0, sizeof *c);
    if (!ini)
        return -1;
    int found = 0;
    for (int i = 0; i < hs_inifile_nentries(ini); i++) {
        const hs_inifile_entry *e = hs_inifile_entry_at(ini, i);
        if (strcmp(e->section, "cohort") != 0)
            continue;
        found = 1;
        if (c->ncov == MAXCOV) {
            hs_errs_add(errs, e->file, e->line, "too many covariates; expected at most %d", MAXCOV);
            bad = 1;
            break;
        }
        int k = c->ncov;
        char buf[512], *tok[MAXLEV + 1];
        snprintf(c->name[k], sizeof c->name[k], "%s", e->key);
        snprintf(buf, sizeof buf, "%s", e->value);
        int n = hs_cfgval_split(buf, ',', tok, MAXLEV);
        double sum = 0.0;
        int ok = n >= 1;
        for (int j = 0; ok && j < n; j++) {
            char *colon = strchr(tok[j], ':');
            double p;
            if (!colon || colon == tok[j] || num(colon + 1, &p) != 0 || p < 0.0 || p > 1.0) {
                ok = 0;
                break;
            }
            *colon = '\0';
            snprintf(c->lev[k][j], sizeof c->lev[k][j], "%s", tok[j]);
            c->prob[k][j] = p;
            sum += p;
        }
        if (!ok || fabs(sum - 1.0) > 1e-9) {
            hs_errs_add(errs, e->file, e->line,
                        "%s = '%s'; expected LEVEL:PROBABILITY, ... with probabilities summing to 1",
                        e->key, e->value);
            bad = 1;
            continue;
        }
        c->nlev[k] = n;
        c->ncov++;
    }
    if (!found && !bad) {
        hs_errs_add(errs, path, 0, "no [cohort] section; expected the covariate mix");
        bad = 1;
    }
    hs_inifile_free(ini);
    return bad ? -1 : 0;
}

static int set_effect(cohort *c, const char *spec, hs_errs *errs)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    char *eq = strchr(buf, '='), *dot = strchr(buf, '.');
    double x;
    if (!eq || !dot || dot > eq || num(eq + 1, &x) != 0) {
        hs_errs_add(errs, "--effect", 0, "'%s'; expected COVARIATE.LEVEL=NUMBER", spec);
        return -1;
    }
    *eq = '\0';
    *dot = '\0';
    for (int k = 0; k < c->ncov; k++) {
        if (strcmp(c->name[k], buf) != 0)
            continue;
        for (int j = 0; j < c->nlev[k]; j++)
            if (!strcmp(c->lev[k][j], dot + 1)) {
                if (j == 0) {
                    hs_errs_add(errs, "--effect", 0, "'%s': '%s' is the reference level; expected "
                                "another level", spec, dot + 1);
                    return -1;
                }
                c->beta[k][j] = x;
                return 0;
            }
        hs_errs_add(errs, "--effect", 0, "'%s': covariate %s has no level '%s'", spec, buf, dot + 1);
        return -1;
    }
    hs_errs_add(errs, "--effect", 0, "'%s': no covariate '%s' in the cohort's [cohort]", spec, buf);
    return -1;
}

/* Strata of the product mix (independent covariates). Returns the count. */
static int strata(const cohort *c, double *w, double *lp)
{
    int n = 1, idx[MAXCOV] = {0};
    for (int k = 0; k < c->ncov; k++)
        n *= c->nlev[k];
    for (int s = 0; s < n; s++) {
        int r = s;
        w[s] = 1.0;
        lp[s] = 0.0;
        for (int k = 0; k < c->ncov; k++) {
            idx[k] = r % c->nlev[k];
            r /= c->nlev[k];
            w[s] *= c->prob[k][idx[k]];
            lp[s] += c->beta[k][idx[k]];
        }
    }
    return n;
}

/* ---------- IPD ---------- */

typedef struct ipd {
    size_t n;
    double *t, *x;
    int *e;
    int p;
    char names[HS_FIT_PMAX][HS_FIT_NAMELEN];
    const char *np[HS_FIT_PMAX];
    int is_level[HS_FIT_PMAX]; /* column j is COV.LEVEL */
} ipd;

static void ipd_free(ipd *d)
{
    free(d->t);
    free(d->x);
    free(d->e);
}

/* Append a complete "FILE:LINE: message" line as it is. */
static void add_raw(hs_errs *e, const char *msg)
{
    if (e->n < HS_ERRS_CAP) {
        size_t n = strlen(msg);
        n = n < HS_ERR_LEN - 1 ? n : HS_ERR_LEN - 1;
        memcpy(e->msg[e->n], msg, n);
        e->msg[e->n++][n] = '\0';
    } else
        e->dropped++;
}

static void csv_err(void *ctx, const char *msg)
{
    add_raw(ctx, msg);
}

/* dst = a or "a.b", cut to HS_FIT_NAMELEN - 1 bytes. */
static void setname(char *dst, const char *a, const char *b)
{
    size_t n = 0;
    for (const char *q = a; *q && n < HS_FIT_NAMELEN - 1; q++)
        dst[n++] = *q;
    if (b) {
        if (n < HS_FIT_NAMELEN - 1)
            dst[n++] = '.';
        for (const char *q = b; *q && n < HS_FIT_NAMELEN - 1; q++)
            dst[n++] = *q;
    }
    dst[n] = '\0';
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int read_ipd(const opts *o, ipd *d, hs_errs *errs)
{
    hs_csvtab *t = NULL;
    memset(d, 0, sizeof *d);
    if (hs_csvtab_read(o->ipd, &t, csv_err, errs) != 0)
        return -1;
    int bad = 0, ct = hs_csvtab_col(t, o->timecol), ce = hs_csvtab_col(t, o->eventcol);
    long hl = hs_csvtab_line(t, (size_t)-1);
    if (ct < 0)
        hs_errs_add(errs, o->ipd, (int)hl, "no column '%s' (--time)", o->timecol), bad = 1;
    if (ce < 0)
        hs_errs_add(errs, o->ipd, (int)hl, "no column '%s' (--event)", o->eventcol), bad = 1;
    size_t n = hs_csvtab_nrows(t);
    d->n = n;
    d->t = malloc(sizeof(double) * (n ? n : 1));
    d->e = malloc(sizeof(int) * (n ? n : 1));
    d->x = malloc(sizeof(double) * (n ? n : 1) * HS_FIT_PMAX);
    if (!d->t || !d->e || !d->x) {
        hs_errs_add(errs, o->ipd, 0, "out of memory");
        hs_csvtab_free(t);
        return -1;
    }
    char msg[512];
    for (size_t i = 0; i < n; i++) {
        double v;
        if (ct >= 0) {
            if (hs_csvtab_num(t, i, ct, &v, msg, sizeof msg) != 0)
                add_raw(errs, msg), bad = 1;
            else if (!(v > 0.0))
                hs_errs_add(errs, o->ipd, (int)hs_csvtab_line(t, i),
                            "column '%s': time %g; expected a time > 0 (months)", o->timecol, v),
                    bad = 1;
            d->t[i] = v;
        }
        if (ce >= 0) {
            if (hs_csvtab_num(t, i, ce, &v, msg, sizeof msg) != 0)
                add_raw(errs, msg), bad = 1;
            else if (v != 0.0 && v != 1.0)
                hs_errs_add(errs, o->ipd, (int)hs_csvtab_line(t, i),
                            "column '%s': %g; expected 1 (event) or 0 (censored)", o->eventcol, v),
                    bad = 1;
            d->e[i] = v == 1.0;
        }
    }
    /* covariates */
    for (int c = 0; c < o->ncov; c++) {
        char name[128];
        snprintf(name, sizeof name, "%s", o->cov[c]);
        char *suf = strchr(name, ':');
        int factor = 0;
        if (suf) {
            if (strcmp(suf, ":factor") != 0) {
                hs_errs_add(errs, "--covariate", 0, "'%s'; expected COL or COL:factor", o->cov[c]);
                bad = 1;
                continue;
            }
            *suf = '\0';
            factor = 1;
        }
        int col = hs_csvtab_col(t, name);
        if (col < 0) {
            hs_errs_add(errs, o->ipd, (int)hl, "no column '%s' (--covariate)", name);
            bad = 1;
            continue;
        }
        int numeric = !factor;
        for (size_t i = 0; numeric && i < n; i++) {
            double v;
            numeric = hs_csvtab_num(t, i, col, &v, NULL, 0) == 0;
        }
        if (numeric) {
            if (d->p == HS_FIT_PMAX) {
                hs_errs_add(errs, "--covariate", 0, "too many design columns (max %d)", HS_FIT_PMAX);
                bad = 1;
                break;
            }
            for (size_t i = 0; i < n; i++)
                hs_csvtab_num(t, i, col, &d->x[i * HS_FIT_PMAX + (size_t)d->p], NULL, 0);
            setname(d->names[d->p], name, NULL);
            d->is_level[d->p++] = 0;
            continue;
        }
        /* levels, sorted; the first is the reference */
        const char **lv = malloc(sizeof(char *) * (n ? n : 1));
        size_t nl = 0;
        for (size_t i = 0; lv && i < n; i++) {
            const char *cell = hs_csvtab_cell(t, i, col);
            if (!cell[0]) {
                hs_errs_add(errs, o->ipd, (int)hs_csvtab_line(t, i),
                            "column '%s': empty cell; expected a level", name);
                bad = 1;
            }
            size_t j = 0;
            while (j < nl && strcmp(lv[j], cell) != 0)
                j++;
            if (j == nl)
                lv[nl++] = cell;
        }
        if (!lv) {
            bad = 1;
            break;
        }
        qsort(lv, nl, sizeof(char *), cmpstr);
        if (nl < 2 || d->p + (int)nl - 1 > HS_FIT_PMAX) {
            hs_errs_add(errs, o->ipd, (int)hl, "column '%s': %zu levels; expected 2 to %d", name,
                        nl, HS_FIT_PMAX - d->p + 1);
            bad = 1;
            free(lv);
            continue;
        }
        for (size_t j = 1; j < nl; j++) {
            for (size_t i = 0; i < n; i++)
                d->x[i * HS_FIT_PMAX + (size_t)d->p] =
                    strcmp(hs_csvtab_cell(t, i, col), lv[j]) == 0 ? 1.0 : 0.0;
            setname(d->names[d->p], name, lv[j]);
            d->is_level[d->p++] = 1;
        }
        free(lv);
    }
    hs_csvtab_free(t);
    /* compact the design from stride HS_FIT_PMAX to stride p */
    for (size_t i = 0; i < n; i++)
        for (int j = 0; j < d->p; j++)
            d->x[i * (size_t)d->p + (size_t)j] = d->x[i * HS_FIT_PMAX + (size_t)j];
    for (int j = 0; j < d->p; j++)
        d->np[j] = d->names[j];
    if (!bad && n == 0) {
        hs_errs_add(errs, o->ipd, 0, "no data rows; expected patients");
        bad = 1;
    }
    return bad ? -1 : 0;
}

static void print_fit(const hs_fit_result *r, hs_effect eff)
{
    printf("family %s (%s), n = %zu, events = %zu\n", hs_family_name(r->model.family),
           eff == HS_EFFECT_PH ? "ph" : "aft", r->n, r->events);
    printf("  %-24s %14s %12s\n", "parameter", "estimate", "se");
    for (int j = 0; j < r->k; j++)
        printf("  %-24s %14.6g %12.6g\n", r->names[j], r->coef[j], r->se[j]);
    printf("  loglik %.6f  AIC %.4f  BIC %.4f (BIC uses n = observations)\n", r->loglik, r->aic,
           r->bic);
}

static int write_fit_model(const char *path, const hs_fit_result *r, const ipd *d,
                           const char *data, const char *method, const char *source)
{
    char *buf = NULL, date[32];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return -1;
    today(date, sizeof date);
    fprintf(f, "; written by hifusim fit\n");
    write_model(f, &r->model);
    fprintf(f, "\n[effects]\n");
    for (int j = 0; j < r->p; j++)
        if (d->is_level[j])
            fprintf(f, "%s = %.8g\n", r->names[r->nbase + j], r->beta[j]);
    fprintf(f, "\n[provenance]\n");
    if (source)
        fprintf(f, "source = %s\n", source);
    fprintf(f, "method = %s\n", method);
    fprintf(f, "data = %s\nn = %zu\nevents = %zu\n", data, r->n, r->events);
    fprintf(f, "loglik = %.10g\naic = %.10g\nbic = %.10g\n", r->loglik, r->aic, r->bic);
    for (int j = 0; j < r->k; j++)
        fprintf(f, "coef.%s = %.8g (se %.6g)\n", r->names[j], r->coef[j], r->se[j]);
    for (int j = 0; j < r->p; j++)
        if (!d->is_level[j])
            fprintf(f, "; numeric covariate %s (effect %.8g per unit) cannot be expressed in "
                       "[effects]\n", r->names[r->nbase + j], r->beta[j]);
    fprintf(f, "date = %s\n", date);
    fclose(f);
    int st = commit_text(path, buf, len);
    free(buf);
    return st;
}

static json_t *fit_json(const hs_fit_result *r)
{
    json_t *o = json_object(), *nm = json_array(), *cf = json_array(), *se = json_array();
    for (int j = 0; j < r->k; j++) {
        json_array_append_new(nm, json_string(r->names[j]));
        json_array_append_new(cf, json_real(r->coef[j]));
        json_array_append_new(se, json_real(r->se[j]));
    }
    json_object_set_new(o, "family", json_string(hs_family_name(r->model.family)));
    json_object_set_new(o, "effect", json_string(r->model.effect == HS_EFFECT_PH ? "ph" : "aft"));
    json_object_set_new(o, "n", json_integer((json_int_t)r->n));
    json_object_set_new(o, "events", json_integer((json_int_t)r->events));
    json_object_set_new(o, "loglik", json_real(r->loglik));
    json_object_set_new(o, "aic", json_real(r->aic));
    json_object_set_new(o, "bic", json_real(r->bic));
    json_object_set_new(o, "names", nm);
    json_object_set_new(o, "coef", cf);
    json_object_set_new(o, "se", se);
    return o;
}

/* Fit one family or all (ranked by AIC); write --out and --json. */
static int run_ipd(const opts *o, ipd *d, hs_family fam, int all, int form_given, hs_effect form,
                   const double *cuts, int ncuts, const char *data, const char *method)
{
    hs_fit_data fd = {d->n, d->t, d->e, d->p, d->p ? d->x : NULL, d->np};
    hs_fit_result *res = calloc(HS_FAM_COUNT, sizeof *res);
    int okf[HS_FAM_COUNT] = {0}, best = -1, nfail = 0, nbadin = 0;
    if (!res)
        return 1;
    for (int f = 0; f < HS_FAM_COUNT; f++) {
        if (!all && f != (int)fam)
            continue;
        hs_fit_spec sp;
        memset(&sp, 0, sizeof sp);
        sp.family = (hs_family)f;
        sp.effect = form_given ? form : (hs_effect)default_form(sp.family);
        if (f == HS_FAM_PIECEWISE) {
            if (ncuts < 1)
                continue; /* all: piecewise needs --cuts */
            sp.npieces = ncuts;
            memcpy(sp.cut, cuts, sizeof(double) * (size_t)ncuts);
        }
        if (all && !form_ok(sp.family, sp.effect))
            continue;
        const char *why;
        int st = hs_fit_mle(&fd, &sp, &res[f], &why);
        if (st != HS_FIT_OK) {
            fprintf(stderr, "%s: %s fit: %s\n", data, hs_family_name(sp.family), why);
            if (st == HS_FIT_EINVAL || st == HS_FIT_EFEW || st == HS_FIT_ENOTID)
                nbadin++;
            else
                nfail++;
            continue;
        }
        okf[f] = 1;
        if (best < 0 || res[f].aic < res[best].aic)
            best = f;
    }
    if (best < 0) {
        free(res);
        return nbadin ? 2 : 1;
    }
    if (all) {
        int order[HS_FAM_COUNT], m = 0;
        for (int f = 0; f < HS_FAM_COUNT; f++)
            if (okf[f])
                order[m++] = f;
        for (int a = 0; a < m; a++)
            for (int b = a + 1; b < m; b++)
                if (res[order[b]].aic < res[order[a]].aic) {
                    int tmp = order[a];
                    order[a] = order[b];
                    order[b] = tmp;
                }
        printf("%-12s %-4s %4s %14s %12s %12s %10s\n", "family", "form", "k", "loglik", "AIC",
               "BIC", "dAIC");
        for (int a = 0; a < m; a++) {
            const hs_fit_result *r = &res[order[a]];
            printf("%-12s %-4s %4d %14.4f %12.4f %12.4f %10.4f\n", hs_family_name(r->model.family),
                   r->model.effect == HS_EFFECT_PH ? "ph" : "aft", r->k, r->loglik, r->aic, r->bic,
                   r->aic - res[best].aic);
        }
        printf("\nbest by AIC:\n");
    }
    print_fit(&res[best], res[best].model.effect);
    int rc = 0;
    if (o->out && write_fit_model(o->out, &res[best], d, data, method, o->source) != 0)
        rc = 1;
    if (o->json) {
        json_t *j = fit_json(&res[best]);
        if (all) {
            json_t *arr = json_array();
            for (int f = 0; f < HS_FAM_COUNT; f++)
                if (okf[f])
                    json_array_append_new(arr, fit_json(&res[f]));
            json_object_set_new(j, "all", arr);
        }
        char *txt = json_dumps(j, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
        json_decref(j);
        if (!txt || commit_text(o->json, txt, strlen(txt)) != 0)
            rc = 1;
        free(txt);
    }
    free(res);
    return rc;
}

/* ---------- landmarks ---------- */

static int run_landmarks(const opts *o, hs_family fam, int form_given, hs_effect form,
                         const double *cuts, int ncuts, hs_errs *errs)
{
    double t[HS_CALIB_MAX], s[HS_CALIB_MAX], med = 0.0;
    int n = 0, bad = 0, has_med = o->median_s != NULL;
    char buf[2048], *tok[HS_CALIB_MAX + 1];
    snprintf(buf, sizeof buf, "%s", o->landmarks);
    int nt = hs_cfgval_split(buf, ',', tok, HS_CALIB_MAX - 1);
    if (nt < 1) {
        hs_errs_add(errs, "--landmarks", 0, "'%s'; expected 1 to %d TIME:SURVIVAL pairs",
                    o->landmarks, HS_CALIB_MAX - 1);
        return 2;
    }
    for (int j = 0; j < nt; j++) {
        char *colon = strchr(tok[j], ':');
        if (!colon) {
            hs_errs_add(errs, "--landmarks", 0, "'%s'; expected TIME:SURVIVAL (e.g. 24:0.933)",
                        tok[j]);
            bad = 1;
            continue;
        }
        *colon = '\0';
        if (num(tok[j], &t[n]) != 0 || num(colon + 1, &s[n]) != 0) {
            hs_errs_add(errs, "--landmarks", 0, "'%s:%s'; expected TIME:SURVIVAL numbers", tok[j],
                        colon + 1);
            bad = 1;
            continue;
        }
        n++;
    }
    if (has_med && (num(o->median_s, &med) != 0 || !(med > 0.0))) {
        hs_errs_add(errs, "--median", 0, "'%s'; expected a time > 0 (months)", o->median_s);
        bad = 1;
        has_med = 0;
    }
    if (bad)
        return 2;
    int bi, medidx = -1;
    const char *why;
    if (hs_calib_check(t, s, n, &bi, &why) != 0) {
        hs_errs_add(errs, "--landmarks", 0, "landmark %d (%g:%g): %s", bi + 1, t[bi], s[bi], why);
        return 2;
    }
    if (has_med) {
        int pos = 0;
        while (pos < n && t[pos] < med)
            pos++;
        if (pos < n && t[pos] == med) {
            hs_errs_add(errs, "--median", 0, "%g is also a landmark time; expected one or the other",
                        med);
            return 2;
        }
        memmove(t + pos + 1, t + pos, sizeof(double) * (size_t)(n - pos));
        memmove(s + pos + 1, s + pos, sizeof(double) * (size_t)(n - pos));
        t[pos] = med;
        s[pos] = 0.5;
        n++;
        medidx = pos;
        if (hs_calib_check(t, s, n, &bi, &why) != 0) {
            hs_errs_add(errs, "--median", 0, "median %g is inconsistent with the landmarks (%s)",
                        med, why);
            return 2;
        }
    }
    cohort *c = calloc(1, sizeof *c);
    double *w = malloc(sizeof(double) * MAXSTRATA), *lp = malloc(sizeof(double) * MAXSTRATA);
    int rc = 0, ns = 1;
    if (!c || !w || !lp) {
        rc = 1;
        goto done;
    }
    w[0] = 1.0;
    lp[0] = 0.0;
    if (o->cohort) {
        if (load_cohort(o->cohort, c, errs) != 0) {
            rc = 2;
            goto done;
        }
        long prod = 1;
        for (int k = 0; k < c->ncov; k++)
            prod *= c->nlev[k];
        if (prod > MAXSTRATA) {
            hs_errs_add(errs, o->cohort, 0, "%ld covariate combinations; expected at most %d", prod,
                        MAXSTRATA);
            rc = 2;
            goto done;
        }
    } else if (o->neff > 0) {
        hs_errs_add(errs, "--effect", 0, "needs --cohort CONFIG (the mix to average over)");
        rc = 2;
        goto done;
    }
    for (int j = 0; j < o->neff; j++)
        if (set_effect(c, o->eff[j], errs) != 0)
            rc = 2;
    if (rc)
        goto done;
    if (o->cohort)
        ns = strata(c, w, lp);

    hs_fit_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.family = fam;
    sp.effect = form_given ? form : (hs_effect)default_form(fam);
    if (fam == HS_FAM_PIECEWISE) {
        if (ncuts > 0) {
            sp.npieces = ncuts;
            memcpy(sp.cut, cuts, sizeof(double) * (size_t)ncuts);
        } else {
            sp.npieces = n;
            sp.cut[0] = 0.0;
            for (int j = 1; j < n; j++)
                sp.cut[j] = t[j - 1];
        }
    }
    hs_calib_result r;
    if (hs_calib_fit(&sp, t, s, n, w, lp, ns, &r, &why) != 0) {
        hs_errs_add(errs, "--landmarks", 0, "%s calibration: %s", hs_family_name(fam), why);
        rc = 2;
        goto done;
    }
    double fmed = hs_calib_mix_quantile(&r.model, w, lp, ns, 0.5);
    printf("calibrated %s (%s) to %d targets over %d cohort strata; WLS on cloglog\n",
           hs_family_name(fam), sp.effect == HS_EFFECT_PH ? "ph" : "aft", n, ns);
    printf("%8s %8s %8s %9s %9s %10s %8s\n", "time", "target", "used", "fitted", "diff",
           "cloglog_r", "weight");
    for (int j = 0; j < n; j++)
        printf("%8g %8.4f %8.4f %9.5f %+9.5f %+10.5f %8.4f%s\n", r.t[j], r.s[j], r.s_used[j],
               r.fitted[j], r.fitted[j] - r.s[j], r.resid[j], r.w[j],
               j == medidx ? "  (median)" : "");
    if (has_med)
        printf("median: target %g, fitted %.4f months (%+.4f)\n", med, fmed, fmed - med);
    else
        printf("median: fitted %.4f months\n", fmed);
    printf("weighted RSS %.6g; max |fitted - used| %.5f\n", r.wrss, r.max_abs_diff);
    if (r.max_abs_diff > 0.005)
        printf("MISFIT: %s cannot meet these targets: max |fitted - target| = %.4f "
               "(use a family that can bend, e.g. piecewise)\n",
               hs_family_name(fam), r.max_abs_diff);
    if (o->out) {
        char *buf2 = NULL, date[32];
        size_t len = 0;
        FILE *f = open_memstream(&buf2, &len);
        if (!f) {
            rc = 1;
            goto done;
        }
        today(date, sizeof date);
        fprintf(f, "; written by hifusim fit --landmarks\n");
        write_model(f, &r.model);
        fprintf(f, "\n[effects]\n");
        for (int k = 0; k < c->ncov; k++)
            for (int j = 1; j < c->nlev[k]; j++)
                if (c->beta[k][j] != 0.0)
                    fprintf(f, "%s.%s = %.6g\n", c->name[k], c->lev[k][j], c->beta[k][j]);
        fprintf(f, "\n[provenance]\n");
        if (o->source)
            fprintf(f, "source = %s\n", o->source);
        fprintf(f, "method = landmark calibration, WLS on cloglog, effects fixed\n");
        fprintf(f, "targets = %s%s%s\n", o->landmarks, has_med ? "; median " : "",
                has_med ? o->median_s : "");
        if (o->cohort)
            fprintf(f, "cohort = %s (%d strata, covariates independent)\n", o->cohort, ns);
        for (int j = 0; j < n; j++)
            fprintf(f, "fit.%g = target %.4f, fitted %.5f, cloglog resid %+.5f\n", r.t[j], r.s[j],
                    r.fitted[j], r.resid[j]);
        fprintf(f, "wrss = %.6g\ndate = %s\n", r.wrss, date);
        fclose(f);
        if (commit_text(o->out, buf2, len) != 0)
            rc = 1;
        free(buf2);
    }
done:
    free(c);
    free(w);
    free(lp);
    return rc;
}

/* ---------- reconstruction ---------- */

static int read_two(const char *path, const char *c1, const char *c2, hs_csvtab **tp,
                    double **a, double **b, size_t *n, hs_errs *errs)
{
    *a = *b = NULL;
    if (hs_csvtab_read(path, tp, csv_err, errs) != 0)
        return -1;
    hs_csvtab *t = *tp;
    int i1 = hs_csvtab_col(t, c1), i2 = hs_csvtab_col(t, c2), bad = 0;
    long hl = hs_csvtab_line(t, (size_t)-1);
    if (i1 < 0 || i2 < 0) {
        hs_errs_add(errs, path, (int)hl, "header; expected columns %s,%s", c1, c2);
        return -1;
    }
    *n = hs_csvtab_nrows(t);
    *a = malloc(sizeof(double) * (*n ? *n : 1));
    *b = malloc(sizeof(double) * (*n ? *n : 1));
    if (!*a || !*b)
        return -1;
    char msg[512];
    for (size_t i = 0; i < *n; i++) {
        if (hs_csvtab_num(t, i, i1, &(*a)[i], msg, sizeof msg) != 0)
            add_raw(errs, msg), bad = 1;
        if (hs_csvtab_num(t, i, i2, &(*b)[i], msg, sizeof msg) != 0)
            add_raw(errs, msg), bad = 1;
    }
    if (*n == 0) {
        hs_errs_add(errs, path, (int)hl, "no data rows");
        bad = 1;
    }
    return bad ? -1 : 0;
}

static int run_reconstruct(const opts *o, int fam_given, hs_family fam, int form_given,
                           hs_effect form, const double *cuts, int ncuts, hs_errs *errs)
{
    hs_csvtab *tp = NULL, *tr = NULL;
    double *pt = NULL, *ps = NULL, *rt = NULL, *rn = NULL;
    int *rni = NULL, rc = 0;
    size_t np = 0, nr = 0;
    long nev = -1;
    hs_guyot_ipd *g = NULL;
    if (o->events_s) {
        double v;
        if (num(o->events_s, &v) != 0 || v < 0 || v != floor(v) || v > 1e9) {
            hs_errs_add(errs, "--events", 0, "'%s'; expected a whole number >= 0", o->events_s);
            rc = 2;
        }
        nev = (long)v;
    }
    if (read_two(o->recon, "time", "survival", &tp, &pt, &ps, &np, errs) != 0)
        rc = 2;
    if (read_two(o->atrisk, "time", "nrisk", &tr, &rt, &rn, &nr, errs) != 0)
        rc = 2;
    if (rc)
        goto done;
    rni = malloc(sizeof(int) * nr);
    if (!rni) {
        rc = 1;
        goto done;
    }
    for (size_t i = 0; i < nr; i++) {
        if (rn[i] < 0 || rn[i] != floor(rn[i]) || rn[i] > 1e8) {
            hs_errs_add(errs, o->atrisk, (int)hs_csvtab_line(tr, i),
                        "nrisk %g; expected a whole number >= 0", rn[i]);
            rc = 2;
        }
        rni[i] = (int)rn[i];
    }
    if (np > 100000 || nr > 100000) {
        hs_errs_add(errs, o->recon, 0, "too many rows; expected at most 100000");
        rc = 2;
    }
    if (rc)
        goto done;
    const char *why;
    int bad, isr;
    g = hs_guyot_reconstruct(pt, ps, (int)np, rt, rni, (int)nr, nev, &why, &bad, &isr);
    if (!g) {
        const char *file = isr ? o->atrisk : o->recon;
        hs_csvtab *tt = isr ? tr : tp;
        hs_errs_add(errs, file, bad >= 0 ? (int)hs_csvtab_line(tt, (size_t)bad) : 0, "%s", why);
        rc = 2;
        goto done;
    }
    long ev = 0;
    for (size_t i = 0; i < g->n; i++)
        ev += g->event[i];
    printf("reconstructed %zu patients, %ld events (Guyot et al. 2012)%s\n", g->n, ev,
           nev >= 0 && ev != nev ? "; could not match --events exactly" : "");
    if (o->outipd) {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        if (!f) {
            rc = 1;
            goto done;
        }
        fprintf(f, "time,event\n");
        for (size_t i = 0; i < g->n; i++)
            fprintf(f, "%.10g,%d\n", g->time[i], g->event[i]);
        fclose(f);
        if (commit_text(o->outipd, buf, len) != 0)
            rc = 1;
        free(buf);
    }
    if (fam_given && rc == 0) {
        ipd d;
        memset(&d, 0, sizeof d);
        d.n = g->n;
        d.t = g->time;
        d.e = g->event;
        char data[1100];
        snprintf(data, sizeof data, "%s + %s (reconstructed)", o->recon, o->atrisk);
        rc = run_ipd(o, &d, fam, 0, form_given, form, cuts, ncuts, data,
                     "maximum likelihood on Guyot-reconstructed IPD");
    }
done:
    hs_guyot_free(g);
    hs_csvtab_free(tp);
    hs_csvtab_free(tr);
    free(pt);
    free(ps);
    free(rt);
    free(rn);
    free(rni);
    return rc;
}

/* ---------- main ---------- */

int hs_fit_main(int argc, char **argv)
{
    enum {
        O_IPD = 256, O_TIME, O_EVENT, O_COV, O_FAMILY, O_FORM, O_CUTS, O_OUT, O_JSON, O_LM,
        O_MEDIAN, O_COHORT, O_EFFECT, O_RECON, O_ATRISK, O_EVENTS, O_OUTIPD, O_SOURCE, O_HELP
    };
    static const struct option lo[] = {
        {"ipd", required_argument, NULL, O_IPD},       {"time", required_argument, NULL, O_TIME},
        {"event", required_argument, NULL, O_EVENT},   {"covariate", required_argument, NULL, O_COV},
        {"family", required_argument, NULL, O_FAMILY}, {"form", required_argument, NULL, O_FORM},
        {"cuts", required_argument, NULL, O_CUTS},     {"out", required_argument, NULL, O_OUT},
        {"json", required_argument, NULL, O_JSON},     {"landmarks", required_argument, NULL, O_LM},
        {"median", required_argument, NULL, O_MEDIAN}, {"cohort", required_argument, NULL, O_COHORT},
        {"effect", required_argument, NULL, O_EFFECT}, {"reconstruct", required_argument, NULL, O_RECON},
        {"at-risk", required_argument, NULL, O_ATRISK}, {"events", required_argument, NULL, O_EVENTS},
        {"out-ipd", required_argument, NULL, O_OUTIPD}, {"source", required_argument, NULL, O_SOURCE},
        {"help", no_argument, NULL, O_HELP},           {NULL, 0, NULL, 0}};
    opts o;
    memset(&o, 0, sizeof o);
    hs_errs *errs = malloc(sizeof *errs);
    if (!errs)
        return 1;
    hs_errs_init(errs);
    int c, rc = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", lo, NULL)) != -1) {
        switch (c) {
        case O_IPD: o.ipd = optarg; break;
        case O_TIME: o.timecol = optarg; break;
        case O_EVENT: o.eventcol = optarg; break;
        case O_COV:
            if (o.ncov < HS_FIT_PMAX)
                o.cov[o.ncov++] = optarg;
            else
                hs_errs_add(errs, "--covariate", 0, "too many; expected at most %d", HS_FIT_PMAX);
            break;
        case O_FAMILY: o.family = optarg; break;
        case O_FORM: o.form = optarg; break;
        case O_CUTS: o.cuts = optarg; break;
        case O_OUT: o.out = optarg; break;
        case O_JSON: o.json = optarg; break;
        case O_LM: o.landmarks = optarg; break;
        case O_MEDIAN: o.median_s = optarg; break;
        case O_COHORT: o.cohort = optarg; break;
        case O_EFFECT:
            if (o.neff < MAXEFF)
                o.eff[o.neff++] = optarg;
            else
                hs_errs_add(errs, "--effect", 0, "too many; expected at most %d", MAXEFF);
            break;
        case O_RECON: o.recon = optarg; break;
        case O_ATRISK: o.atrisk = optarg; break;
        case O_EVENTS: o.events_s = optarg; break;
        case O_OUTIPD: o.outipd = optarg; break;
        case O_SOURCE: o.source = optarg; break;
        case O_HELP:
            usage(stdout);
            free(errs);
            return 0;
        case ':':
            hs_errs_add(errs, argv[optind - 1], 0, "needs a value");
            break;
        default:
            hs_errs_add(errs, argv[optind - 1], 0, "unknown option; see hifusim fit --help");
            break;
        }
    }
    if (optind < argc)
        hs_errs_add(errs, argv[optind], 0, "unexpected argument; see hifusim fit --help");
    int modes = (o.ipd != NULL) + (o.landmarks != NULL) + (o.recon != NULL);
    if (modes != 1)
        hs_errs_add(errs, "fit", 0, "expected exactly one of --ipd, --landmarks, --reconstruct");
    int all = 0, fam_given = o.family != NULL, form_given = o.form != NULL;
    hs_family fam = HS_FAM_EXPONENTIAL;
    hs_effect form = HS_EFFECT_PH;
    if (o.family) {
        if (!strcmp(o.family, "all") && o.ipd)
            all = 1;
        else if (hs_family_from_name(o.family) < 0)
            hs_errs_add(errs, "--family", 0, "'%s'; expected exponential, weibull, gompertz, "
                        "loglogistic, lognormal, piecewise%s", o.family, o.ipd ? " or all" : "");
        else
            fam = (hs_family)hs_family_from_name(o.family);
    } else if (o.ipd || o.landmarks) {
        hs_errs_add(errs, "--family", 0, "missing; expected a family%s", o.ipd ? " or all" : "");
    }
    if (o.form) {
        if (!strcmp(o.form, "ph"))
            form = HS_EFFECT_PH;
        else if (!strcmp(o.form, "aft"))
            form = HS_EFFECT_AFT;
        else
            hs_errs_add(errs, "--form", 0, "'%s'; expected ph or aft", o.form);
    }
    if (fam_given && !all && hs_family_from_name(o.family) >= 0) {
        hs_effect fe = form_given ? form : (hs_effect)default_form(fam);
        if (!form_ok(fam, fe))
            hs_errs_add(errs, "--form", 0, "%s is not available for %s in a model file; expected %s",
                        fe == HS_EFFECT_PH ? "ph" : "aft", o.family,
                        fe == HS_EFFECT_PH ? "aft" : "ph");
    }
    double cuts[HS_PIECES_MAX];
    int ncuts = 0;
    if (o.cuts) {
        ncuts = parse_list(o.cuts, cuts, HS_PIECES_MAX);
        int okc = ncuts >= 1 && cuts[0] == 0.0;
        for (int k = 1; okc && k < ncuts; k++)
            okc = cuts[k] > cuts[k - 1];
        if (!okc) {
            hs_errs_add(errs, "--cuts", 0, "'%s'; expected increasing times from 0, at most %d",
                        o.cuts, HS_PIECES_MAX);
            ncuts = 0;
        }
    }
    if (fam_given && !all && fam == HS_FAM_PIECEWISE && o.ipd && ncuts == 0 && !o.cuts)
        hs_errs_add(errs, "--cuts", 0, "missing; piecewise fits to patient data need cut points");
    if (o.recon && fam_given && fam == HS_FAM_PIECEWISE && ncuts == 0 && !o.cuts)
        hs_errs_add(errs, "--cuts", 0, "missing; piecewise fits need cut points");
    if (o.ipd) {
        if (!o.timecol)
            hs_errs_add(errs, "--time", 0, "missing; expected the time column");
        if (!o.eventcol)
            hs_errs_add(errs, "--event", 0, "missing; expected the event column");
        if (!o.out && !o.json)
            hs_errs_add(errs, "--out", 0, "missing; expected MODEL.ini");
    }
    if (o.landmarks && !o.out)
        hs_errs_add(errs, "--out", 0, "missing; expected MODEL.ini");
    if (o.recon) {
        if (!o.atrisk)
            hs_errs_add(errs, "--at-risk", 0, "missing; expected RISK.csv (time,nrisk)");
        if (!o.outipd && !o.out)
            hs_errs_add(errs, "--out-ipd", 0, "missing; expected IPD.csv");
        if (o.out && !fam_given)
            hs_errs_add(errs, "--family", 0, "missing; --out needs a family to fit");
    }
    {
        /* no output may be an input (same file by device and inode, or the
         * same path) nor another output: writing it would destroy the data */
        const char *in[4] = {o.ipd, o.recon, o.atrisk, o.cohort};
        const char *inopt[4] = {"--ipd", "--reconstruct", "--at-risk", "--cohort"};
        const char *out[3] = {o.out, o.json, o.outipd};
        const char *outopt[3] = {"--out", "--json", "--out-ipd"};
        for (int a = 0; a < 3; a++) {
            if (!out[a])
                continue;
            for (int b = 0; b < 4; b++)
                if (in[b] && (!strcmp(out[a], in[b]) || hs_fileio_same(out[a], in[b])))
                    hs_errs_add(errs, outopt[a], 0, "'%s' is also the input %s; expected a different "
                                "file (it would overwrite the data)", out[a], inopt[b]);
            for (int b = 0; b < a; b++)
                if (out[b] && (!strcmp(out[a], out[b]) || hs_fileio_same(out[a], out[b])))
                    hs_errs_add(errs, outopt[a], 0, "'%s' is also the output %s; expected a "
                                "different file", out[a], outopt[b]);
        }
    }
    if (!o.landmarks && (o.median_s || o.cohort || o.neff))
        hs_errs_add(errs, o.median_s ? "--median" : o.cohort ? "--cohort" : "--effect", 0,
                    "only with --landmarks");
    if (hs_errs_count(errs) == 0) {
        if (o.ipd) {
            ipd d;
            if (read_ipd(&o, &d, errs) == 0)
                rc = run_ipd(&o, &d, fam, all, form_given, form, cuts, ncuts, o.ipd,
                             "maximum likelihood (BFGS2 + Newton), SE from observed information");
            ipd_free(&d);
        } else if (o.landmarks) {
            rc = run_landmarks(&o, fam, form_given, form, cuts, ncuts, errs);
        } else {
            rc = run_reconstruct(&o, fam_given, fam, form_given, form, cuts, ncuts, errs);
        }
    }
    if (hs_errs_count(errs) > 0) {
        hs_errs_print(errs, stderr);
        rc = 2;
    }
    free(errs);
    return rc;
}
