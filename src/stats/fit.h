/* fit.h — maximum-likelihood fits of the hazard families to right-censored
 * patient data, with PH or AFT covariate effects.
 *
 * Parameters are estimated on an unconstrained scale (theta): the baseline
 * parameters first, then one coefficient per design column:
 *   exponential  log(rate)
 *   weibull      log(shape), log(scale)
 *   gompertz     shape, log(rate)
 *   loglogistic  log(shape), log(scale)
 *   lognormal    meanlog, log(sdlog)
 *   piecewise    log(rate[k]) for each piece (cut points fixed by the caller)
 *   covariates   log hazard ratios (PH) or log time ratios (AFT)
 * The log-likelihood is on the time scale (densities in 1/month), as
 * survival::survreg reports it. Cure fractions are not fitted.
 */
#ifndef HS_FIT_H
#define HS_FIT_H

#include <stddef.h>

#include "hazard.h"

#define HS_FIT_PMAX 32                        /* design columns */
#define HS_FIT_KMAX (HS_PIECES_MAX + HS_FIT_PMAX) /* all parameters */
#define HS_FIT_NAMELEN 64

enum {
    HS_FIT_OK = 0,
    HS_FIT_EINVAL = 1, /* bad data or specification (see err) */
    HS_FIT_EFEW = 2,   /* too few events for the number of parameters */
    HS_FIT_ENOCONV = 3, /* optimiser failed / information not positive definite */
    HS_FIT_ENOMEM = 4,
    HS_FIT_ENOTID = 5   /* a maximum that does not identify the parameters: information
                         * not finite or not positive definite, an SE that is not a finite
                         * positive number, or |theta_j| > HS_FIT_THETA_MAX */
};


/* Right-censored data: time[i] > 0 (months), event[i] 1 = event, 0 = censored;
 * x is the n-by-p design matrix, row-major (NULL when p = 0); xname[j] names
 * column j (may be NULL: "x1", "x2", ... are used). Borrowed, not copied. */
typedef struct hs_fit_data {
    size_t n;
    const double *time;
    const int *event;
    int p;
    const double *x;
    const char *const *xname;
} hs_fit_data;

/* What to fit. Piecewise: npieces rates on [cut[k], cut[k+1]), cut[0] = 0,
 * increasing; piecewise supports PH effects only. */
typedef struct hs_fit_spec {
    hs_family family;
    hs_effect effect;
    int npieces;
    double cut[HS_PIECES_MAX];
} hs_fit_spec;

typedef struct hs_fit_result {
    hs_hazard model;             /* fitted baseline (lp = 0), months */
    int p;                       /* covariate coefficients ... */
    double beta[HS_FIT_PMAX];    /* ... log HR (PH) or log time ratio (AFT) */
    int nbase;                   /* baseline parameters */
    int k;                       /* all parameters: nbase + p */
    double coef[HS_FIT_KMAX];    /* theta at the maximum */
    double se[HS_FIT_KMAX];      /* from the observed information */
    double vcov[HS_FIT_KMAX * HS_FIT_KMAX]; /* k-by-k, row-major */
    char names[HS_FIT_KMAX][HS_FIT_NAMELEN];
    double loglik, aic, bic;     /* bic = -2 loglik + k ln(n), n = observations */
    size_t n, events;
    int iterations;              /* BFGS iterations + Newton polishing steps */
} hs_fit_result;

/* Largest |theta_j| of a credible fit: e^30 = 1.1e13 on the log scales
 * (rates, scales, shapes in months; hazard or time ratios), and 30 per
 * month for a Gompertz shape. Beyond, the data or targets do not identify
 * the parameter (the likelihood rises towards a boundary). */
#define HS_FIT_THETA_MAX 30.0

/* Index of the first theta_j beyond HS_FIT_THETA_MAX (or not finite), or -1. */
int hs_fit_theta_absurd(const hs_fit_spec *spec, const double *theta, int k);

/* Number of baseline parameters of a specification (0 if invalid). */
int hs_fit_nbase(const hs_fit_spec *spec);

/* Log-likelihood at theta (length nbase + d->p); if grad is not NULL it
 * receives the analytic gradient. Returns -INFINITY where undefined. */
double hs_fit_loglik(const hs_fit_data *d, const hs_fit_spec *spec,
                     const double *theta, double *grad);

/* Baseline model of theta (the first nbase entries) into *m (PH or AFT as spec). */
void hs_fit_theta_model(const hs_fit_spec *spec, const double *theta, hs_hazard *m);

/* Maximum likelihood: BFGS2 (GSL multimin) on theta with analytic gradients,
 * then Newton polishing; SEs from the inverse of the observed information,
 * which is the central-difference Jacobian of the analytic gradient.
 * Returns HS_FIT_OK (err set to ""), or an HS_FIT_E* code with what failed in
 * err (errlen bytes, err may be NULL). */
int hs_fit_mle(const hs_fit_data *d, const hs_fit_spec *spec, hs_fit_result *out, char *err,
               size_t errlen);

#endif
