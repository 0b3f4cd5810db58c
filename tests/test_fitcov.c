/* test_fitcov.c — the [covariance] of a model file (model.h): written by
 * hs_model_write_covar and read back by hs_model_load bit-exact; and the
 * coverage of the covariance that `fit --ipd` writes (hs_model_covar_from_fit
 * of hs_fit_mle's fit): 200 data sets of 300 patients from a known weibull
 * and a known piecewise model with one binary covariate (x, PH effect 0.5),
 * uniform censoring on (0, 60); each fit written as a model file and loaded
 * back; the 95% Wald interval mean +- 1.959964 sqrt(c_jj) from the loaded
 * [covariance] must cover each true parameter in 181..199 of 200 (3 binomial
 * SDs around 190), and the Mahalanobis distance of the whole vector must be
 * below the chi-square 95% quantile (7.814728 for 3, 9.487729 for 4
 * parameters) in 181..199 of 200. Seeds fixed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fit.h"
#include "model.h"
#include "model_write.h"
#include "rng.h"
#include "tap.h"

#define NPAT 300
static double T[NPAT], X[NPAT];
static int E[NPAT];
static hs_covariate cov1[1];
static char path[64];

/* A model file of m, effect x.1 = bx, and covariance c (if c->k > 0). */
static int write_file(const hs_hazard *m, double bx, const hs_model_covar *c)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    hs_model_write_section(f, m);
    fprintf(f, "\n[effects]\nx.1 = %.17g\n\n", bx);
    if (c->k > 0)
        hs_model_write_covar(f, c, (const char *const[]){"test"}, 1);
    return fclose(f);
}

/* Cholesky solve: the Mahalanobis distance d' C^-1 d of packed C. */
static double mahal(const hs_model_covar *c, const double *d)
{
    int k = c->k;
    double L[HS_COVAR_MAX * (HS_COVAR_MAX + 1) / 2], z[HS_COVAR_MAX], q = 0.0;
    for (int a = 0; a < k; a++)
        for (int b = 0; b <= a; b++) {
            double s = c->cov[a * (a + 1) / 2 + b];
            for (int j = 0; j < b; j++)
                s -= L[a * (a + 1) / 2 + j] * L[b * (b + 1) / 2 + j];
            L[a * (a + 1) / 2 + b] = a == b ? sqrt(s) : s / L[b * (b + 1) / 2 + b];
        }
    for (int a = 0; a < k; a++) {
        double s = d[a];
        for (int j = 0; j < a; j++)
            s -= L[a * (a + 1) / 2 + j] * z[j];
        z[a] = s / L[a * (a + 1) / 2 + a];
        q += z[a] * z[a];
    }
    return q;
}

static void coverage(const char *label, const hs_fit_spec *sp, const hs_hazard *m, const double *truth,
                     int k, double chi2, uint64_t seed)
{
    int cover[HS_COVAR_MAX] = {0}, inside = 0, fits = 0, loads = 0;
    const char *xn[1] = {"x.1"};
    int keep[1] = {1};
    for (int rep = 0; rep < 200; rep++) {
        hs_rng rng;
        hs_rng_stream(&rng, seed, 3, (uint64_t)rep);
        for (int i = 0; i < NPAT; i++) {
            X[i] = hs_rng_uniform(&rng) < 0.5 ? 1.0 : 0.0;
            double t = hs_hazard_sample(m, 0.5 * X[i], hs_rng_uniform(&rng));
            double c = 60.0 * hs_rng_uniform(&rng);
            T[i] = t < c ? t : c;
            E[i] = t < c;
        }
        hs_fit_data d = {NPAT, T, E, 1, X, xn};
        hs_fit_result r;
        hs_model_covar cv;
        char why[200];
        if (hs_fit_mle(&d, sp, &r, why, sizeof why) != HS_FIT_OK || hs_model_covar_from_fit(&r, keep, &cv))
            continue;
        fits++;
        hs_model mod;
        hs_errs errs;
        hs_errs_init(&errs);
        if (write_file(&r.model, r.beta[0], &cv) || hs_model_load(path, 1, cov1, NULL, &mod, &errs) ||
            mod.covar.k != k)
            continue;
        loads++;
        double dv[HS_COVAR_MAX];
        for (int j = 0; j < k; j++) {
            dv[j] = mod.covar.mean[j] - truth[j];
            cover[j] += fabs(dv[j]) <= 1.959964 * sqrt(mod.covar.cov[j * (j + 1) / 2 + j]);
        }
        inside += mahal(&mod.covar, dv) < chi2;
    }
    ok(fits == 200 && loads == 200, "%s: 200 fits, 200 model files with [covariance] load (%d, %d)",
       label, fits, loads);
    for (int j = 0; j < k; j++)
        ok(cover[j] >= 181 && cover[j] <= 199, "%s: 95%% Wald interval covers parameter %d in %d of 200",
           label, j + 1, cover[j]);
    ok(inside >= 181 && inside <= 199, "%s: Mahalanobis distance < chi2(%d, 0.95) in %d of 200", label, k,
       inside);
}

int main(void)
{
    plan(17);
    memset(cov1, 0, sizeof cov1);
    strcpy(cov1[0].name, "x");
    cov1[0].nlevels = 2;
    strcpy(cov1[0].level[0], "0");
    strcpy(cov1[0].level[1], "1");
    snprintf(path, sizeof path, "/tmp/test_fitcov_%ld.ini", (long)getpid());

    /* round trip */
    hs_hazard w;
    memset(&w, 0, sizeof w);
    w.family = HS_FAM_WEIBULL;
    w.effect = HS_EFFECT_PH;
    w.par[0] = 1.3;
    w.par[1] = 20.0;
    hs_model_covar c;
    memset(&c, 0, sizeof c);
    c.k = 3;
    strcpy(c.name[0], "log(shape)");
    strcpy(c.name[1], "log(scale)");
    strcpy(c.name[2], "x.1");
    const double v[6] = {1.0 / 3.0, 3.14159265358979 / 100.0, 0.7 / 3.0, -1e-3 / 7.0, 2e-3 / 3.0, 0.1 + 1e-17};
    memcpy(c.cov, v, sizeof v);
    c.n = 64;
    strcpy(c.source, "ipd");
    hs_model mod;
    hs_errs errs;
    hs_errs_init(&errs);
    int rc = write_file(&w, 0.4, &c) || hs_model_load(path, 1, cov1, NULL, &mod, &errs);
    ok(rc == 0 && mod.covar.k == 3, "round trip: the written [covariance] loads with k = 3 (%s)",
       errs.n ? errs.msg[0] : "no errors");
    ok(!strcmp(mod.covar.name[0], "log(shape)") && !strcmp(mod.covar.name[1], "log(scale)") &&
           !strcmp(mod.covar.name[2], "x.1"),
       "round trip: names log(shape), log(scale), x.1");
    ok(!memcmp(mod.covar.cov, v, sizeof v), "round trip: every covariance bit-exact (%%.17g)");
    ok(mod.covar.mean[0] == log(1.3) && mod.covar.mean[1] == log(20.0) && mod.covar.mean[2] == 0.4,
       "round trip: means are the model's log(shape), log(scale), x.1");
    ok(mod.covar.n == 64 && !strcmp(mod.covar.source, "ipd") && mod.covar.line > 0,
       "round trip: n = 64, method = ipd, header line %d", mod.covar.line);
    c.k = 0;
    hs_errs_init(&errs);
    rc = write_file(&w, 0.4, &c) || hs_model_load(path, 1, cov1, NULL, &mod, &errs);
    ok(rc == 0 && mod.covar.k == 0, "no [covariance]: loads with k = 0");

    hs_fit_spec sw = {HS_FAM_WEIBULL, HS_EFFECT_PH, 0, {0}};
    const double tw[3] = {log(1.5), log(20.0), 0.5};
    w.par[0] = 1.5;
    coverage("weibull", &sw, &w, tw, 3, 7.814728, 20261130);

    hs_hazard pw;
    memset(&pw, 0, sizeof pw);
    pw.family = HS_FAM_PIECEWISE;
    pw.effect = HS_EFFECT_PH;
    pw.npieces = 3;
    const double cuts[3] = {0, 12, 24}, rates[3] = {0.02, 0.04, 0.03};
    memcpy(pw.cut, cuts, sizeof cuts);
    memcpy(pw.rate, rates, sizeof rates);
    hs_fit_spec sp = {HS_FAM_PIECEWISE, HS_EFFECT_PH, 3, {0, 12, 24}};
    const double tp[4] = {log(0.02), log(0.04), log(0.03), 0.5};
    coverage("piecewise", &sp, &pw, tp, 4, 9.487729, 20261131);
    remove(path);
    return tap_done();
}
