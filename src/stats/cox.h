/* cox.h — Cox proportional-hazards model from a loaded hs_survdata,
 * matching R survival's coxph() (Efron or Breslow ties, strata).
 *
 * Terms, in order: one indicator per group 1..ngroup-1 (group 0 is the
 * reference), then the w->ncov extra covariates as given (code a categorical
 * covariate as 0/1 indicators of its non-reference levels). Strata are w's.
 */
#ifndef HS_COX_H
#define HS_COX_H

#include "survdata.h"

enum { HS_COX_EFRON = 0, HS_COX_BRESLOW = 1 };

typedef enum hs_cox_status {
    HS_COX_CONVERGED = 0,
    HS_COX_NOCONV = 1,   /* no convergence within HS_COX_ITER_MAX Newton steps; values are the last iterate */
    HS_COX_INFINITE = 2, /* monotone likelihood: some coefficient(s) diverge (infinite[j] = 1);
                          * with one term, beta = +-INFINITY and se = NAN; otherwise the last iterate */
    HS_COX_SINGULAR = 3, /* information matrix not positive definite (e.g. a constant covariate) */
    HS_COX_NOEVENTS = 4  /* no events: nothing to estimate */
} hs_cox_status;

#define HS_COX_ITER_MAX 50

typedef struct hs_cox_result {
    hs_cox_status status;
    int p;    /* number of terms */
    int iter; /* Newton iterations used */
    double beta[HS_SURV_PMAX], se[HS_SURV_PMAX];
    double hr[HS_SURV_PMAX], hr_lcl[HS_SURV_PMAX], hr_ucl[HS_SURV_PMAX]; /* exp(beta -/+ 1.96 se) */
    double pval[HS_SURV_PMAX]; /* Wald, two-sided */
    int infinite[HS_SURV_PMAX];
    double loglik0, loglik; /* partial log-likelihood at beta = 0 and at the estimate */
    double wald, score, lr; /* global tests, df = p; score is at beta = 0 */
    /* One term only (else NAN): the signed score statistic U(0) / sqrt(I(0)),
     * standard normal under beta = 0, negative when the term lowers the
     * hazard. Finite whenever I(0) > 0, also for a monotone likelihood or a
     * fit that did not converge (score^2 = score). */
    double score_z;
} hs_cox_result;

/* Fit by Newton–Raphson from beta = 0 with step halving, until every step is
 * below 1e-10 (1 + |beta|) (R's coxph(control = coxph.control(eps = 1e-14))
 * agrees to ~1e-10). ties: HS_COX_EFRON or HS_COX_BRESLOW. One pass over the
 * data per iteration, no allocation. Returns HS_SURV_OK with the outcome in
 * r->status, or HS_SURV_EINVAL (no data, bad ties). */
int hs_cox_fit(hs_survdata *w, int ties, hs_cox_result *r);

#endif
