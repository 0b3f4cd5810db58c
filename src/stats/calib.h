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

#endif
