/* prior.h — prior distributions of [prior] keys (design.md "Assurance")
 * and multivariate normal draws for `[prior] from_fit`.
 *
 * A prior is drawn by inversion of its (truncated) CDF from ONE uniform u,
 * so that a replicate's draw is a fixed function of its own stream:
 *   x = F^-1(plo + u (phi - plo)),  plo = F(lo), phi = F(hi),
 * computed on the upper-tail side (x = G^-1(G(hi) + (1 - u) mass), G = 1 - F)
 * wherever plo + u (phi - plo) > 1/2, so both tails keep full precision.
 * Special functions: GSL (gsl_cdf_*, gsl_ran_*_pdf). The caller turns the GSL
 * error handler off (main does); a beta or gamma inverse that GSL fails to
 * converge falls back to bisection of the CDF. Nothing here allocates.
 */
#ifndef HS_PRIOR_H
#define HS_PRIOR_H

#include <stddef.h>

#define HS_PRIOR_MVN_MAX 64 /* parameters of one multivariate normal */
#define HS_PRIOR_PACKED(k) ((k) * ((k) + 1) / 2)
#define HS_PRIOR_TEXT 96 /* bytes that always hold hs_prior_text's output */

typedef enum hs_prior_kind {
    HS_PRIOR_FIXED,
    HS_PRIOR_NORMAL,
    HS_PRIOR_LOGNORMAL,
    HS_PRIOR_UNIFORM,
    HS_PRIOR_BETA,
    HS_PRIOR_GAMMA
} hs_prior_kind;

typedef struct hs_prior_dist {
    hs_prior_kind kind;
    double a, b;          /* as written: V,- | MEAN,SD | MEANLOG,SDLOG (of log x) | LO,HI | A,B | SHAPE,RATE */
    double lo, hi;        /* truncation to the key's domain (-INFINITY/INFINITY: none) */
    int lo_open, hi_open; /* the domain excludes lo / hi (e.g. hr > 0) */
    double plo, phi;      /* untruncated CDF at lo and hi (0 and 1 when none) */
} hs_prior_dist;

/* Parse "normal:MEAN,SD", "lognormal:MEANLOG,SDLOG", "uniform:LO,HI",
 * "beta:A,B", "gamma:SHAPE,RATE", "fixed:V" (family in lower case; blanks
 * allowed around the numbers; numbers as strtod reads them fully, finite).
 * SD, SDLOG > 0; LO < HI; A, B, SHAPE, RATE > 0. No truncation yet (lo -inf,
 * hi inf). Returns 0, or -1 with err = "what is wrong; expected ..." (one
 * line, no file name: the caller prefixes FILE:LINE). *d is all set on 0. */
int hs_prior_parse(const char *text, hs_prior_dist *d, char *err, size_t errlen);

/* Truncate d to the domain [lo, hi] (open ends as flagged), replacing any
 * earlier truncation. Returns the prior's probability mass inside the domain
 * (computed on the upper-tail side when the domain lies above the median;
 * 0 when lo >= hi or either is NaN; for fixed: 1 if V is inside, else 0).
 * The caller refuses priors with too little mass: with mass 0 the draws
 * below are meaningless. */
double hs_prior_truncate(hs_prior_dist *d, double lo, int lo_open, double hi, int hi_open);

/* Draw by inversion of the truncated CDF, ONE uniform u in (0,1): the
 * quantile below at u; a result that rounds onto an open end or outside
 * [lo, hi] (or to +-inf) is moved to the nearest representable value inside
 * (nextafter). Non-decreasing in u up to the last-bit rounding of GSL's
 * inverses. fixed: V whatever u. */
double hs_prior_draw(const hs_prior_dist *d, double u);

/* CDF of the truncated distribution at x, in [0, 1] (fixed: 0 below V, 1 from V). */
double hs_prior_cdf(const hs_prior_dist *d, double x);

/* Density of the truncated distribution (0 outside the domain, at an open
 * end, or where the mass is 0; fixed: 0). */
double hs_prior_density(const hs_prior_dist *d, double x);

/* Quantile of the truncated distribution, p in [0, 1] (clamped), within the
 * closed [lo, hi]: p = 0 / 1 give the support's ends (may be +-inf). NaN for
 * NaN p. fixed: V. */
double hs_prior_quantile(const hs_prior_dist *d, double p);

/* Canonical text "normal:40,4" (numbers in their shortest round-trip %.Ng,
 * whole numbers below 1e15 plainly), truncation not shown. Truncated to
 * cap - 1 bytes; HS_PRIOR_TEXT always suffices. */
void hs_prior_text(const hs_prior_dist *d, char *buf, size_t cap);

typedef struct hs_prior_mvn {
    int k;                                          /* 1..HS_PRIOR_MVN_MAX */
    double mean[HS_PRIOR_MVN_MAX];
    double sd[HS_PRIOR_MVN_MAX];                    /* sqrt of the diagonal */
    double chol[HS_PRIOR_PACKED(HS_PRIOR_MVN_MAX)]; /* lower Cholesky factor L, packed
                                                     * row-major: L(i,j), j <= i, at i(i+1)/2 + j */
} hs_prior_mvn;

/* Set up N(mean, cov) with cov given as its lower triangle packed the same
 * way. Refuses (returns -1, err says which parameter index, 1-based, and
 * why, with "expected ...") a k outside 1..HS_PRIOR_MVN_MAX, a non-finite
 * entry, a diagonal <= 0, or a matrix that is not positive definite
 * (relative pivot test: a pivot <= 1e-12 times its diagonal entry). */
int hs_prior_mvn_init(hs_prior_mvn *m, int k, const double *mean, const double *cov_packed,
                      char *err, size_t errlen);

/* x = mean + L z, z_i = Phi^-1(u[i]): k uniforms in (0,1), one per parameter. */
void hs_prior_mvn_draw(const hs_prior_mvn *m, const double *u, double *x);

#endif
