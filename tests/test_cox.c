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

/* Breslow ties, 2 groups of 220, 2 distinct times (issue 12 item 2; before:
 * pow(a0, d) overflowed and LR was -nan). At t = 1: d0 = 120 events in group
 * 0, d1 = 60 in group 1, 10 censored per group; all the rest censored at
 * t = 2. One event time with everyone at risk, so with theta = e^beta
 *   l(beta) = d1 beta - d log(n0 + n1 theta),  U = d1 - d p,  I = d p (1 - p),
 *   p = n1 theta / (n0 + n1 theta): theta^ = d1 n0 / (d0 n1) = 1/2, p^ = 1/3,
 *   l(0) = -180 log 440, I(beta^) = 40, U(0) = -30, I(0) = 45.
 * R coxph agrees (tests/r/cox_breslow_ties.R, .txt: LR 20.3878844154469). */
static void breslow_ties_closed_form(void)
{
    enum { N = 440 };
    static double t[N];
    static int st[N], arm[N];
    for (int i = 0; i < N; i++) {
        int g = i % 2, k = i / 2; /* k-th patient of group g, 0..219 */
        arm[i] = g;
        int nev = g ? 60 : 120;
        t[i] = k < nev + 10 ? 1.0 : 2.0;
        st[i] = k < nev;
    }
    hs_survdata *w = hs_survdata_alloc(N, 2, 1, 0);
    hs_cox_result r;
    hs_survdata_load(w, N, t, st, arm, 2, NULL, 1, NULL, 0);
    hs_cox_fit(w, HS_COX_BRESLOW, &r);
    const double b = log(0.5), l0 = -180 * log(440.0), l1 = 60 * b - 180 * log(220 + 220 * 0.5);
    is_int(r.status, HS_COX_CONVERGED, "Breslow, 440 rows, 2 times: converged");
    is_rel(r.beta[0], b, 1e-10, "Breslow ties: beta = log(d1 n0 / (d0 n1)) = log 1/2 (%.15g)", r.beta[0]);
    is_rel(r.loglik0, l0, 1e-12, "Breslow ties: l(0) = -180 log 440 (%.15g)", r.loglik0);
    is_rel(r.loglik, l1, 1e-12, "Breslow ties: l(beta^) closed form (%.15g)", r.loglik);
    is_rel(r.lr, 2 * (l1 - l0), 1e-9, "Breslow ties: LR finite and = 2 (l1 - l0) (%.15g)", r.lr);
    is_rel(r.se[0], sqrt(1 / 40.0), 1e-9, "Breslow ties: se = 1/sqrt(40) (%.15g)", r.se[0]);
    is_rel(r.score, 20.0, 1e-12, "Breslow ties: score = 30^2 / 45 = 20 (%.15g)", r.score);
    is_rel(r.score_z, -30 / sqrt(45.0), 1e-12, "Breslow ties: score z = U(0)/sqrt(I(0)) (%.15g)", r.score_z);
    is_rel(r.wald, b * b * 40, 1e-9, "Breslow ties: Wald = beta^2 I (%.15g)", r.wald);
    hs_cox_fit(w, HS_COX_EFRON, &r);
    ok(r.status == HS_COX_CONVERGED && isfinite(r.lr) && isfinite(r.loglik0) && isfinite(r.se[0]),
       "Efron on the same data: finite (LR %.10g)", r.lr);
    hs_survdata_free(w);
}

/* Monotone likelihood with 2 groups: l(beta) rises to a finite limit, which
 * LR reports (R: finite LR at its last iterate). 4 events in arm 0 at t =
 * 1..4 among 8 at risk then fewer; arm 1 all censored at 10 (4 patients).
 * Limit as beta -> -inf: arm 1 drops out of every risk set, so
 * l = -sum log(n0 at risk) = -log(4 * 3 * 2 * 1) with arm 0 = 4 patients. */
static void monotone_loglik_limit(void)
{
    double t[8] = {1, 2, 3, 4, 10, 10, 10, 10};
    int st[8] = {1, 1, 1, 1, 0, 0, 0, 0}, arm[8] = {0, 0, 0, 0, 1, 1, 1, 1};
    hs_survdata *w = hs_survdata_alloc(8, 2, 1, 0);
    hs_cox_result r;
    hs_survdata_load(w, 8, t, st, arm, 2, NULL, 1, NULL, 0);
    hs_cox_fit(w, HS_COX_EFRON, &r);
    ok(r.status == HS_COX_INFINITE && r.beta[0] == -INFINITY, "monotone: beta -inf");
    is_rel(r.loglik, -log(24.0), 1e-12, "monotone: l at the limit = -log 4! (%.15g)", r.loglik);
    is_rel(r.lr, 2 * (-log(24.0) + log(8.0 * 7 * 6 * 5)), 1e-12, "monotone: LR finite (%.10g)", r.lr);
    ok(r.score_z < -1.5, "monotone: score z finite and negative (%.6g)", r.score_z);
    hs_survdata_free(w);
}

int main(void)
{
    int nref = 0;
    sfline *ref = sf_refs(&nref);
    int ncox = 0;
    for (int i = 0; i < nref; i++)
        ncox += !strcmp(ref[i].tok[0], "cox");
    plan(1 + 2 * ncox + 12 + 10 + 4);
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
    breslow_ties_closed_form();
    monotone_loglik_limit();
    return tap_done();
}
