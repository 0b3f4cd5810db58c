/* calib.h — calibrate a baseline hazard to published landmark survival
 * figures (and a median), averaged over a cohort's covariate mix with the
 * covariate effects held fixed.
 *
 * The mix is a list of strata (weight w_s, linear predictor lp_s); the
 * population survival is Sbar(t) = sum_s w_s S(t | lp_s) / sum_s w_s.
 * Fit: weighted least squares on the complementary log-log scale,
 *   min sum_j w_j [ln(-ln Sbar(t_j)) - ln(-ln S_j)]^2,
 *   w_j = (S_j ln S_j)^2 / (S_j (1 - S_j)),
 * the inverse delta-method variance of ln(-ln S_hat) under binomial sampling
 * with a common n. Targets S_j >= 1 - HS_CALIB_CLAMP (a published "100%") are
 * clamped to 1 - HS_CALIB_CLAMP, targets <= HS_CALIB_CLAMP to HS_CALIB_CLAMP:
 * cloglog is infinite at 0 and 1. A median m is the target (m, 0.5).
 */
#ifndef HS_CALIB_H
#define HS_CALIB_H

#include "fit.h"
#include "hazard.h"

#define HS_CALIB_MAX 32     /* targets */
#define HS_CALIB_CLAMP 0.005

typedef struct hs_calib_result {
    hs_hazard model;             /* calibrated baseline (lp = 0) */
    int ntarget;
    double t[HS_CALIB_MAX];      /* target times, months */
    double s[HS_CALIB_MAX];      /* targets as given */
    double s_used[HS_CALIB_MAX]; /* after clamping */
    double w[HS_CALIB_MAX];      /* WLS weights */
    double fitted[HS_CALIB_MAX]; /* Sbar(t_j) of the calibrated model */
    double resid[HS_CALIB_MAX];  /* cloglog(fitted) - cloglog(s_used) */
    double wrss;                 /* sum w_j resid_j^2 */
    double max_abs_diff;         /* max_j |fitted_j - s_used_j|, survival scale */
    int k;                       /* calibrated parameters (hs_fit_nbase) */
    double theta[HS_FIT_KMAX];   /* them, on fit.h's scale */
} hs_calib_result;

/* Check targets: 1..HS_CALIB_MAX, times finite, > 0 and increasing, survival
 * in [0, 1] and non-increasing. Returns 0, or -1 with the index of the first
 * bad target in *bad and what is wrong in err (errlen bytes, err may be NULL). */
int hs_calib_check(const double *t, const double *s, int n, int *bad, char *err, size_t errlen);

/* Population survival Sbar(t) of model m over the strata (w, lp), ns >= 1. */
double hs_calib_mix_S(const hs_hazard *m, const double *w, const double *lp, int ns, double t);

/* Time where Sbar = p (bisection on [0, 1e5] months); INFINITY if never. */
double hs_calib_mix_quantile(const hs_hazard *m, const double *w, const double *lp, int ns,
                             double p);

/* Calibrate spec's baseline (piecewise cut points fixed by spec) to the n
 * targets (t, s), given the strata (w, lp). Several starting points are tried
 * and the best kept. Returns 0, or -1 with what failed in err (errlen bytes,
 * err may be NULL). */
int hs_calib_fit(const hs_fit_spec *spec, const double *t, const double *s, int n,
                 const double *w, const double *lp, int ns, hs_calib_result *out,
                 char *err, size_t errlen);

/* Covariance of the calibrated parameters theta (r->theta, k = r->k) when
 * the targets s_used[j] are estimates with sampling covariance sig (n*n,
 * row-major, n = r->ntarget): by the delta method, cov = J sig J^T with
 * J = d theta / d S, by implicit differentiation of the WLS optimum
 * F(theta, S) = sum_j w_j(S_j) r_j A_j = 0 (r_j the cloglog residual,
 * A_j = d cloglog Sbar(t_j) / d theta):
 *   J = M^-1 A^T diag(w_j g'(S_j) - w_j'(S_j) r_j),
 *   M = sum_j w_j (A_j A_j^T + r_j H_j),  g(S) = ln(-ln S),
 * A by central differences (step 1e-5 max(1, |theta|)), H_j (only where
 * r_j != 0) by central differences of A (step 1e-3 max(1, |theta|)). With
 * as many parameters as targets (r = 0), J = A^-1 diag(g'(S_j)) and the
 * covariance pushed back through S(t_j; theta) gives sig again.
 * spec, w, lp, ns as given to hs_calib_fit for r. cov: k*k, row-major; jac
 * (k*n, row-major) may be NULL. Returns 0, or -1 with err (M singular). */
int hs_calib_covar(const hs_fit_spec *spec, const hs_calib_result *r, const double *w,
                   const double *lp, int ns, const double *sig, double *cov, double *jac,
                   char *err, size_t errlen);

#endif
