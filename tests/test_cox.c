/* test_cox.c — Cox model against R survival 3.5 coxph (Efron and Breslow,
 * with and without strata, arm alone and arm + age + kras), reference values
 * in tests/r/surv_refs.txt (coxph.control(eps = 1e-14)); tolerance 1e-8
 * relative for coef, se, log-likelihoods and the Wald / score / LR tests.
 * Plus the degenerate outcomes: monotone likelihood, singular, no events. */
#include "cox.h"
#include "survfix.h"
#include "tap.h"

#define REL 1e-8

static survfix fx;

int main(void)
{
    int nref = 0;
    sfline *ref = sf_refs(&nref);
    int ncox = 0;
    for (int i = 0; i < nref; i++)
        ncox += !strcmp(ref[i].tok[0], "cox");
    plan(1 + 2 * ncox + 12);
    ok(ncox > 30, "reference file read (%d coxph fits)", ncox);
    hs_survdata *w = hs_survdata_alloc(SF_NMAX, 2, 4, 2);
    hs_cox_result r;
    for (int i = 0; i < nref; i++) {
        const sfline *l = &ref[i];
        if (strcmp(l->tok[0], "cox"))
            continue;
        sf_load(l->tok[1], &fx);
        int efron = !strcmp(l->tok[2], "efron");
        int strat = atoi(l->tok[3]);
        int full = !strcmp(l->tok[4], "full");
        int p = atoi(l->tok[5]);
        hs_survdata_load(w, fx.n, fx.time, fx.status, fx.arm, 2, strat ? fx.stratum : NULL, 3,
                         full ? fx.x : NULL, full ? 2 : 0);
        hs_cox_fit(w, efron ? HS_COX_EFRON : HS_COX_BRESLOW, &r);
        int aliased = 0;
        for (int j = 0; j < p; j++)
            aliased |= isnan(sf_num(l, 11 + j));
        if (aliased) { /* R drops an aliased column (NA); we report SINGULAR */
            ok(r.status == HS_COX_SINGULAR, "%s %s strata=%d %s: aliased term -> SINGULAR (R: NA)", l->tok[1],
               l->tok[2], strat, l->tok[4]);
            ok(isnan(r.se[0]), "%s %s strata=%d %s: no silent numbers when singular", l->tok[1], l->tok[2], strat,
               l->tok[4]);
            continue;
        }
        int good = r.status == HS_COX_CONVERGED && r.p == p;
        for (int j = 0; j < p && good; j++)
            good = sf_close(r.beta[j], sf_num(l, 11 + j), REL) && sf_close(r.se[j], sf_num(l, 11 + p + j), REL);
        if (!good)
            for (int j = 0; j < p; j++)
                diag("coef %.17g (R %s) se %.17g (R %s)", r.beta[j], l->tok[11 + j], r.se[j], l->tok[11 + p + j]);
        ok(good, "%s %s strata=%d %s: coef and se (beta1 %.10f, %d iterations)", l->tok[1], l->tok[2], strat,
           l->tok[4], r.beta[0], r.iter);
        int good2 = sf_close(r.loglik0, sf_num(l, 6), REL) && sf_close(r.loglik, sf_num(l, 7), REL) &&
                    sf_close(r.wald, sf_num(l, 8), REL) && sf_close(r.score, sf_num(l, 9), REL) &&
                    sf_close(r.lr, sf_num(l, 10), REL);
        ok(good2, "%s %s strata=%d %s: loglik %.12g, wald %.10g, score %.10g, LR %.10g", l->tok[1], l->tok[2],
           strat, l->tok[4], r.loglik, r.wald, r.score, r.lr);
    }

    /* Monotone likelihood: no events in arm 1 -> beta = -inf (R: coef ~ -20
     * with the warning "Loglik converged before variable 1"). */
    double t[8] = {1, 2, 3, 4, 5, 6, 7, 8}, x[16];
    int st[8] = {1, 1, 1, 0, 0, 0, 0, 0}, arm[8] = {0, 0, 0, 0, 1, 1, 1, 1}, none[8] = {0};
    for (int i = 0; i < 8; i++) {
        x[2 * i] = (double)(i % 3);
        x[2 * i + 1] = 1.0;
    }
    hs_survdata_load(w, 8, t, st, arm, 2, NULL, 1, NULL, 0);
    hs_cox_fit(w, HS_COX_EFRON, &r);
    ok(r.status == HS_COX_INFINITE && r.beta[0] == -INFINITY && r.infinite[0] && isnan(r.se[0]),
       "no events in arm 1: status INFINITE, beta -inf (status %d)", (int)r.status);
    ok(isfinite(r.score) && r.score > 0, "score test still finite (%g)", r.score);
    int arm2[8] = {0, 1, 0, 1, 0, 1, 0, 1};
    hs_survdata_load(w, 8, t, arm2, arm2, 2, NULL, 1, NULL, 0);
    hs_cox_fit(w, HS_COX_BRESLOW, &r);
    ok(r.status == HS_COX_INFINITE && r.beta[0] == INFINITY, "no events in arm 0: beta +inf");
    /* several terms: arm 1 no events plus a covariate -> flagged on term 1 */
    sf_load("strata", &fx);
    for (int i = 0; i < fx.n; i++)
        if (fx.arm[i] == 1)
            fx.status[i] = 0;
    hs_survdata_load(w, fx.n, fx.time, fx.status, fx.arm, 2, NULL, 1, fx.x, 2);
    hs_cox_fit(w, HS_COX_EFRON, &r);
    ok(r.status == HS_COX_INFINITE && r.infinite[0] && !r.infinite[1] && !r.infinite[2],
       "two terms, arm 1 no events: INFINITE on the arm term only (status %d, beta %g, %g)", (int)r.status,
       r.beta[0], r.beta[1]);
    diag("finite terms at stop: age %.6f, kras %.6f", r.beta[1], r.beta[2]);
    ok(r.beta[0] < -10, "diverging coefficient is large and negative (%g)", r.beta[0]);
    /* constant covariate -> singular information */
    int st3[8] = {1, 0, 1, 1, 0, 1, 1, 0};
    hs_survdata_load(w, 8, t, st3, arm, 2, NULL, 1, x, 2);
    hs_cox_fit(w, HS_COX_EFRON, &r);
    is_int(r.status, HS_COX_SINGULAR, "constant covariate: SINGULAR");
    hs_survdata_load(w, 8, t, none, arm, 2, NULL, 1, NULL, 0);
    hs_cox_fit(w, HS_COX_EFRON, &r);
    is_int(r.status, HS_COX_NOEVENTS, "no events: NOEVENTS");
    ok(isnan(r.beta[0]), "no events: beta NAN, not a number");
    ok(hs_cox_fit(w, 7, &r) == HS_SURV_EINVAL, "bad ties code rejected");
    /* HR and CI derived from beta/se: hr = exp(beta), CI exp(beta -/+ 1.96 se) */
    sf_load("strata", &fx);
    hs_survdata_load(w, fx.n, fx.time, fx.status, fx.arm, 2, NULL, 1, NULL, 0);
    hs_cox_fit(w, HS_COX_EFRON, &r);
    is_rel(r.hr[0], exp(r.beta[0]), 1e-15, "hr = exp(beta)");
    is_rel(r.hr_lcl[0], exp(r.beta[0] - 1.959963984540054 * r.se[0]), 1e-15, "Wald lower limit");
    /* R: summary(coxph(Surv(time, status) ~ arm, surv_strata))$coefficients[, 5]
     * = 2 * pnorm(-abs(-0.64857032732885067 / 0.16703376678160095)) */
    is_rel(r.pval[0], 0.00010323095491177502, 1e-9, "Wald p-value");
    hs_survdata_free(w);
    return tap_done();
}
