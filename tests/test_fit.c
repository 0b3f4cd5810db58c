/* test_fit.c — maximum likelihood against survival::survreg (stored values
 * from tests/r/fit_survreg.R in tests/r/fit_survreg.txt), analytic gradients
 * against finite differences, and parameter recovery + 95% CI coverage for
 * the Gompertz and piecewise families (no R reference). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvtab.h"
#include "fit.h"
#include "hazard.h"
#include "rng.h"
#include "tap.h"

#define NMAX 20000

static double T[NMAX], X[NMAX * 2];
static int E[NMAX];

static size_t load(const char *dist)
{
    char path[512];
    hs_csvtab *t = NULL;
    snprintf(path, sizeof path, "%s/tests/data/fit_%s.csv", HS_SOURCE_DIR, dist);
    if (hs_csvtab_read(path, &t, NULL) != 0)
        return 0;
    size_t n = hs_csvtab_nrows(t);
    int ct = hs_csvtab_col(t, "time"), cs = hs_csvtab_col(t, "status"),
        cx = hs_csvtab_col(t, "x1"), cg = hs_csvtab_col(t, "g");
    for (size_t i = 0; i < n && i < NMAX; i++) {
        double s;
        hs_csvtab_num(t, i, ct, &T[i], NULL, 0);
        hs_csvtab_num(t, i, cs, &s, NULL, 0);
        hs_csvtab_num(t, i, cx, &X[2 * i], NULL, 0);
        hs_csvtab_num(t, i, cg, &X[2 * i + 1], NULL, 0);
        E[i] = s > 0.5;
    }
    hs_csvtab_free(t);
    return n;
}

/* Value of "<dist> <key> [name] value" from the stored survreg file. */
static double ref(const char *dist, const char *key, const char *name)
{
    char path[512], line[256], want[160];
    snprintf(path, sizeof path, "%s/tests/r/fit_survreg.txt", HS_SOURCE_DIR);
    if (name)
        snprintf(want, sizeof want, "%s %s %s ", dist, key, name);
    else
        snprintf(want, sizeof want, "%s %s ", dist, key);
    FILE *f = fopen(path, "r");
    double v = NAN;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, want, strlen(want)) == 0) {
            v = strtod(line + strlen(want), NULL);
            break;
        }
    if (f)
        fclose(f);
    return v;
}

static void survreg_checks(const char *dist, hs_family fam)
{
    size_t n = load(dist);
    const char *nm[2] = {"x1", "g"};
    hs_fit_data d = {n, T, E, 2, X, nm};
    hs_fit_spec s = {fam, HS_EFFECT_AFT, 0, {0}};
    hs_fit_result r;
    char why[200] = "";
    int st = hs_fit_mle(&d, &s, &r, why, sizeof why);
    ok(st == HS_FIT_OK && n == 300, "%s AFT fit converges (n=%zu, %s)", dist, n,
       why[0] ? why : "ok");
    double ll = ref(dist, "loglik", NULL), b0 = ref(dist, "coef", "(Intercept)");
    is_double(r.loglik, ll, 1e-6, "%s loglik %.10f vs survreg %.10f", dist, r.loglik, ll);
    is_rel(r.beta[0], ref(dist, "coef", "x1"), 1e-5, "%s x1 log time ratio", dist);
    is_rel(r.beta[1], ref(dist, "coef", "g"), 1e-5, "%s g log time ratio", dist);
    double ls = fam == HS_FAM_EXPONENTIAL ? 0.0 : ref(dist, "logscale", NULL);
    double selb0 = ref(dist, "se", "(Intercept)"), sels = ref(dist, "se", "Log(scale)");
    switch (fam) {
    case HS_FAM_EXPONENTIAL:
        is_rel(r.model.par[0], exp(-b0), 1e-5, "exponential rate = exp(-intercept)");
        is_rel(r.se[0], selb0, 1e-3, "exponential SE(log rate) vs survreg");
        break;
    case HS_FAM_WEIBULL:
    case HS_FAM_LOGLOGISTIC:
        is_rel(r.model.par[1], exp(b0), 1e-5, "%s scale = exp(intercept)", dist);
        is_rel(r.model.par[0], exp(-ls), 1e-5, "%s shape = 1/survreg scale", dist);
        is_rel(r.se[1], selb0, 1e-3, "%s SE(log scale) vs survreg", dist);
        is_rel(r.se[0], sels, 1e-3, "%s SE(log shape) vs SE(Log(scale))", dist);
        break;
    case HS_FAM_LOGNORMAL:
        is_rel(r.model.par[0], b0, 1e-5, "lognormal meanlog = intercept");
        is_rel(r.model.par[1], exp(ls), 1e-5, "lognormal sdlog = survreg scale");
        is_rel(r.se[0], selb0, 1e-3, "lognormal SE(meanlog) vs survreg");
        is_rel(r.se[1], sels, 1e-3, "lognormal SE(log sdlog) vs SE(Log(scale))");
        break;
    default:
        break;
    }
    is_rel(r.se[r.nbase], ref(dist, "se", "x1"), 1e-3, "%s SE(x1) vs survreg", dist);
    is_double(r.aic, -2.0 * ll + 2.0 * r.k, 1e-5, "%s AIC = -2 loglik + 2k", dist);
    if (fam == HS_FAM_WEIBULL || fam == HS_FAM_EXPONENTIAL) {
        /* PH form: log HR = -coef / survreg scale (same likelihood). */
        hs_fit_spec sp = {fam, HS_EFFECT_PH, 0, {0}};
        hs_fit_result rp;
        hs_fit_mle(&d, &sp, &rp, why, sizeof why);
        is_double(rp.loglik, ll, 1e-6, "%s PH loglik equals AFT loglik", dist);
        is_rel(rp.beta[1], -ref(dist, "coef", "g") / exp(ls), 1e-5,
               "%s PH log HR(g) = -coef/scale", dist);
    }
}

/* Analytic gradient against central differences of the loglik. */
static void grad_check(hs_family fam, hs_effect eff)
{
    size_t n = load("weibull");
    hs_fit_data d = {n, T, E, 2, X, NULL};
    hs_fit_spec s = {fam, eff, 0, {0}};
    double th[6] = {0.2, 3.1, 0.3, -0.4, 0, 0}, g[6], maxerr = 0.0;
    if (fam == HS_FAM_GOMPERTZ) {
        th[0] = 0.01;
        th[1] = -3.0;
    }
    if (fam == HS_FAM_EXPONENTIAL) {
        th[0] = -3.0;
        th[1] = 0.3;
        th[2] = -0.4;
    }
    if (fam == HS_FAM_LOGNORMAL)
        th[0] = 3.0, th[1] = -0.1;
    if (fam == HS_FAM_PIECEWISE) {
        s.npieces = 3;
        s.cut[1] = 10;
        s.cut[2] = 25;
        th[0] = -3.5, th[1] = -3.0, th[2] = -2.5, th[3] = 0.3, th[4] = -0.4;
    }
    int k = hs_fit_nbase(&s) + 2;
    hs_fit_loglik(&d, &s, th, g);
    for (int j = 0; j < k; j++) {
        double a = th[j], h = 1e-6;
        th[j] = a + h;
        double lp = hs_fit_loglik(&d, &s, th, NULL);
        th[j] = a - h;
        double lm = hs_fit_loglik(&d, &s, th, NULL);
        th[j] = a;
        double num = (lp - lm) / (2 * h);
        maxerr = fmax(maxerr, fabs(num - g[j]) / fmax(1.0, fabs(num)));
    }
    ok(maxerr < 1e-5, "%s %s analytic gradient matches finite differences (rel err %.2e)",
       hs_hazard_family_name(fam), eff == HS_EFFECT_PH ? "PH" : "AFT", maxerr);
}

/* Simulate n patients from model m with PH/AFT effects beta on two covariates
 * (x1 ~ U(-1,1), g ~ Bernoulli(1/2)), uniform censoring on (0, cmax). */
static void simulate(hs_rng *rng, const hs_hazard *m, const double *beta, size_t n, double cmax)
{
    for (size_t i = 0; i < n; i++) {
        X[2 * i] = 2.0 * hs_rng_uniform(rng) - 1.0;
        X[2 * i + 1] = hs_rng_uniform(rng) < 0.5 ? 1.0 : 0.0;
        double lp = beta[0] * X[2 * i] + beta[1] * X[2 * i + 1];
        double t = hs_hazard_sample(m, lp, hs_rng_uniform(rng));
        double c = cmax * hs_rng_uniform(rng);
        T[i] = t < c ? t : c;
        E[i] = t < c;
    }
}

static void recovery(const char *label, const hs_fit_spec *s, const hs_hazard *m,
                     const double *truth, double cmax, uint64_t seed)
{
    hs_rng rng;
    double beta[2] = {truth[hs_fit_nbase(s)], truth[hs_fit_nbase(s) + 1]};
    hs_rng_stream(&rng, seed, 1, 0);
    simulate(&rng, m, beta, NMAX, cmax);
    hs_fit_data d = {NMAX, T, E, 2, X, NULL};
    hs_fit_result r;
    char why[200] = "";
    int st = hs_fit_mle(&d, s, &r, why, sizeof why);
    ok(st == HS_FIT_OK, "%s n=20000 fit converges (%s)", label, why[0] ? why : "ok");
    double worst = 0.0;
    for (int j = 0; j < r.k; j++)
        worst = fmax(worst, fabs(r.coef[j] - truth[j]) / r.se[j]);
    ok(worst < 4.0, "%s: every parameter within 4 SE of the truth (max |z| = %.2f)", label,
       worst);

    /* coverage of Wald 95% CIs over 200 fits of n = 400 */
    int cover[HS_FIT_KMAX] = {0}, fits = 0;
    for (int rep = 0; rep < 200; rep++) {
        hs_rng_stream(&rng, seed, 2, (uint64_t)rep);
        simulate(&rng, m, beta, 400, cmax);
        hs_fit_data dd = {400, T, E, 2, X, NULL};
        if (hs_fit_mle(&dd, s, &r, why, sizeof why) != HS_FIT_OK)
            continue;
        fits++;
        for (int j = 0; j < r.k; j++)
            cover[j] += fabs(r.coef[j] - truth[j]) <= 1.959964 * r.se[j];
    }
    is_int(fits, 200, "%s: all 200 repeated fits converge", label);
    for (int j = 0; j < r.k; j++) {
        double cv = cover[j] / 200.0;
        /* 0.95 +- 3 * sqrt(0.95 * 0.05 / 200) */
        ok(cv >= 0.904 && cv <= 0.996, "%s: coverage of 95%% CI for %s = %.3f", label,
           r.names[j], cv);
    }
}

int main(void)
{
    plan(74);
    survreg_checks("exponential", HS_FAM_EXPONENTIAL);
    survreg_checks("weibull", HS_FAM_WEIBULL);
    survreg_checks("lognormal", HS_FAM_LOGNORMAL);
    survreg_checks("loglogistic", HS_FAM_LOGLOGISTIC);

    for (int f = 0; f < HS_FAM_COUNT; f++) {
        grad_check((hs_family)f, HS_EFFECT_PH);
        if (f != HS_FAM_PIECEWISE)
            grad_check((hs_family)f, HS_EFFECT_AFT);
    }

    /* Gompertz PH: shape 0.03/month, rate 0.01/month, log HRs 0.5, -0.7 */
    hs_fit_spec sg = {HS_FAM_GOMPERTZ, HS_EFFECT_PH, 0, {0}};
    double tg[4] = {0.03, log(0.01), 0.5, -0.7};
    hs_hazard mg;
    hs_fit_theta_model(&sg, tg, &mg);
    recovery("gompertz PH", &sg, &mg, tg, 80.0, 11);

    /* Piecewise PH: rates 0.01, 0.03, 0.05 on [0,12), [12,24), [24,inf) */
    hs_fit_spec spw = {HS_FAM_PIECEWISE, HS_EFFECT_PH, 3, {0, 12, 24}};
    double tp[5] = {log(0.01), log(0.03), log(0.05), 0.5, -0.7};
    hs_hazard mp;
    hs_fit_theta_model(&spw, tp, &mp);
    recovery("piecewise PH", &spw, &mp, tp, 60.0, 12);

    /* Bad input */
    hs_fit_data d0 = {3, T, E, 0, NULL, NULL};
    T[0] = 1, T[1] = 2, T[2] = 3, E[0] = 1, E[1] = 0, E[2] = 0;
    hs_fit_spec sw = {HS_FAM_WEIBULL, HS_EFFECT_PH, 0, {0}};
    hs_fit_result r;
    char why[200] = "";
    is_int(hs_fit_mle(&d0, &sw, &r, why, sizeof why), HS_FIT_EFEW, "1 event for 2 parameters: EFEW");
    ok(!strcmp(why, "too few events for the number of parameters"), "EFEW: its text in err (%s)", why);
    T[0] = -1;
    why[0] = '\0';
    is_int(hs_fit_mle(&d0, &sw, &r, why, sizeof why), HS_FIT_EINVAL, "negative time: EINVAL");
    ok(!strcmp(why, "times must be finite and > 0"), "EINVAL: its text in err (%s)", why);
    is_int(hs_fit_mle(&d0, &sw, &r, NULL, 0), HS_FIT_EINVAL, "negative time with err == NULL: EINVAL");
    hs_fit_spec sa = {HS_FAM_PIECEWISE, HS_EFFECT_AFT, 2, {0, 5}};
    T[0] = 1;
    is_int(hs_fit_mle(&d0, &sa, &r, why, sizeof why), HS_FIT_EINVAL, "piecewise AFT: EINVAL");
    return tap_done();
}
