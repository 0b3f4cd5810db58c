/* fit_ipd.c — `hifusim fit --ipd`: patient data through the patient-CSV
 * reader, maximum likelihood for one family or all, the model file and JSON
 * (see fit_int.h). */
#include "fit_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "model_write.h"
#include "patients.h"

void hs_fit_ipd_free(ipd *d)
{
    free(d->t);
    free(d->x);
    free(d->e);
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

/* Add the design columns of covariate spec `spec` (COL or COL:factor):
 * one for a numeric column, else one per level past the alphabetically
 * first. Returns 0, -1 on an error (reported), -2 when no more fit. */
static int add_covariate(hs_patients *t, const char *spec, ipd *d, hs_errs *errs)
{
    const char *path = hs_patients_path(t);
    const int hl = (int)hs_patients_line(t, (size_t)-1);
    size_t n = hs_patients_nrows(t);
    char name[128];
    snprintf(name, sizeof name, "%s", spec);
    char *suf = strchr(name, ':');
    int factor = 0;
    if (suf) {
        if (strcmp(suf, ":factor") != 0) {
            hs_errs_add(errs, "--covariate", 0, "'%s'; expected COL or COL:factor", spec);
            return -1;
        }
        *suf = '\0';
        factor = 1;
    }
    const hs_pcol *c = hs_patients_col(t, name, NULL);
    if (!c) {
        hs_errs_add(errs, path, hl, "no column '%s' (--covariate)", name);
        return -1;
    }
    if (!factor && c->numeric && c->nmiss == 0) { /* every cell a number */
        if (d->p == HS_FIT_PMAX) {
            hs_errs_add(errs, "--covariate", 0, "too many design columns (max %d)", HS_FIT_PMAX);
            return -2;
        }
        for (size_t i = 0; i < n; i++)
            d->x[i * HS_FIT_PMAX + (size_t)d->p] = c->num[i];
        setname(d->names[d->p], name, NULL);
        d->is_level[d->p++] = 0;
        return 0;
    }
    /* levels, sorted; the first is the reference */
    int bad = 0;
    const char **lv = malloc(sizeof(char *) * (n ? n : 1));
    if (!lv)
        return -2;
    size_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        const char *cell = c->text[i];
        if (!cell[0]) {
            hs_errs_add(errs, path, (int)hs_patients_line(t, i), "column '%s': empty cell; expected a level", name);
            bad = 1;
        }
        size_t j = 0;
        while (j < nl && strcmp(lv[j], cell) != 0)
            j++;
        if (j == nl)
            lv[nl++] = cell;
    }
    qsort(lv, nl, sizeof(char *), cmpstr);
    if (nl < 2 || d->p + (int)nl - 1 > HS_FIT_PMAX) {
        hs_errs_add(errs, path, hl, "column '%s': %zu levels; expected 2 to %d", name, nl, HS_FIT_PMAX - d->p + 1);
        free(lv);
        return -1;
    }
    for (size_t j = 1; j < nl; j++) {
        for (size_t i = 0; i < n; i++)
            d->x[i * HS_FIT_PMAX + (size_t)d->p] = strcmp(c->text[i], lv[j]) == 0 ? 1.0 : 0.0;
        setname(d->names[d->p], name, lv[j]);
        d->is_level[d->p++] = 1;
    }
    free(lv);
    return bad ? -1 : 0;
}

/* Times (> 0) and events (0/1) of every row; missing cells are errors. */
static int read_outcome(const hs_patients *t, const hs_pcol *ct, const hs_pcol *ce, const opts *o, ipd *d,
                        hs_errs *errs)
{
    int bad = 0;
    for (size_t i = 0; i < d->n; i++) {
        double v;
        if (ct) {
            if (hs_patients_need_num(t, ct, i, &v, errs) != 0)
                bad = 1;
            else if (!(v > 0.0))
                hs_errs_add(errs, o->ipd, (int)hs_patients_line(t, i),
                            "column '%s': time %g; expected a time > 0 (months)", o->timecol, v),
                    bad = 1;
            d->t[i] = v;
        }
        if (ce) {
            if (hs_patients_need_num(t, ce, i, &v, errs) != 0)
                bad = 1;
            else if (v != 0.0 && v != 1.0)
                hs_errs_add(errs, o->ipd, (int)hs_patients_line(t, i),
                            "column '%s': %g; expected 1 (event) or 0 (censored)", o->eventcol, v),
                    bad = 1;
            d->e[i] = v == 1.0;
        }
    }
    return bad;
}

int hs_fit_ipd_read(const opts *o, ipd *d, hs_errs *errs)
{
    hs_patients *t = NULL;
    memset(d, 0, sizeof *d);
    if (hs_patients_read(o->ipd, &t, errs) != 0)
        return -1;
    int bad = 0;
    const hs_pcol *ct = hs_patients_col(t, o->timecol, NULL), *ce = hs_patients_col(t, o->eventcol, NULL);
    long hl = hs_patients_line(t, (size_t)-1);
    if (!ct)
        hs_errs_add(errs, o->ipd, (int)hl, "no column '%s' (--time)", o->timecol), bad = 1;
    if (!ce)
        hs_errs_add(errs, o->ipd, (int)hl, "no column '%s' (--event)", o->eventcol), bad = 1;
    size_t n = hs_patients_nrows(t);
    d->n = n;
    d->t = malloc(sizeof(double) * (n ? n : 1));
    d->e = malloc(sizeof(int) * (n ? n : 1));
    d->x = malloc(sizeof(double) * (n ? n : 1) * HS_FIT_PMAX);
    if (!d->t || !d->e || !d->x) {
        hs_errs_add(errs, o->ipd, 0, "out of memory");
        hs_patients_free(t);
        return -1;
    }
    bad |= read_outcome(t, ct, ce, o, d, errs);
    for (int c = 0; c < o->ncov; c++) {
        int st = add_covariate(t, o->cov[c], d, errs);
        bad |= st != 0;
        if (st == -2)
            break;
    }
    hs_patients_free(t);
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
    printf("family %s (%s), n = %zu, events = %zu\n", hs_hazard_family_name(r->model.family),
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
    hs_fitcmd_today(date, sizeof date);
    fprintf(f, "; written by hifusim fit\n");
    hs_model_write_section(f, &r->model);
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
    hs_model_covar cv;
    if (hs_model_covar_from_fit(r, d->is_level, &cv) != 0) {
        fprintf(stderr, "%s: no [covariance] written: a parameter name is longer than %d characters "
                "or there are more than %d parameters\n", path, HS_COVAR_NAME - 1, HS_COVAR_MAX);
    } else {
        const char *cm[] = {"asymptotic covariance of the estimates above (inverse observed information",
                            "of the maximum-likelihood fit), on the fitted scale: log rates, log shapes,",
                            "log hazard ratios (ph) or log time ratios (aft); [prior] from_fit draws from it",
                            NULL};
        int nc = 3;
        for (int j = 0; j < r->p; j++)
            if (!d->is_level[j]) {
                cm[nc++] = "numeric covariates are left out (their marginal: the submatrix of the rest)";
                break;
            }
        fprintf(f, "\n");
        hs_model_write_covar(f, &cv, cm, nc);
    }
    fclose(f);
    int st = hs_fitcmd_commit(path, buf, len);
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
    json_object_set_new(o, "family", json_string(hs_hazard_family_name(r->model.family)));
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
int hs_fit_ipd_run(const opts *o, ipd *d, hs_family fam, int all, int form_given, hs_effect form,
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
        sp.effect = form_given ? form : (hs_effect)hs_fitcmd_default_form(sp.family);
        if (f == HS_FAM_PIECEWISE) {
            if (ncuts < 1)
                continue; /* all: piecewise needs --cuts */
            sp.npieces = ncuts;
            memcpy(sp.cut, cuts, sizeof(double) * (size_t)ncuts);
        }
        if (all && !hs_fitcmd_form_ok(sp.family, sp.effect))
            continue;
        char why[200];
        int st = hs_fit_mle(&fd, &sp, &res[f], why, sizeof why);
        if (st != HS_FIT_OK) {
            fprintf(stderr, "%s: %s fit: %s\n", data, hs_hazard_family_name(sp.family), why);
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
            printf("%-12s %-4s %4d %14.4f %12.4f %12.4f %10.4f\n", hs_hazard_family_name(r->model.family),
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
        if (!txt || hs_fitcmd_commit(o->json, txt, strlen(txt)) != 0)
            rc = 1;
        free(txt);
    }
    free(res);
    return rc;
}

