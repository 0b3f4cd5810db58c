/* mvn.h — multivariate normal rectangle probabilities, for MaxCombo.
 *
 * P(lo_i <= Z_i <= hi_i for all i), Z ~ N(0, R), R a k x k correlation
 * matrix (k <= HS_MVN_KMAX) that may be singular or nearly so, by Genz's
 * separation of variables over the rank of R (pivoted Cholesky) with a
 * randomly shifted Korobov lattice rule of fixed shifts: the same inputs
 * give the same bits. Absolute error below HS_MVN_TOL (see mvn.c for how
 * it is bounded and measured). No allocation, no I/O. */
#ifndef HS_MVN_H
#define HS_MVN_H

#define HS_MVN_KMAX 8    /* largest dimension */
#define HS_MVN_TOL 5e-6  /* error target of hs_mvn_maxcombo_p (3 shift SEs) */

typedef enum hs_mvn_status {
    HS_MVN_OK = 0,
    HS_MVN_EARG,    /* k out of 1..HS_MVN_KMAX, NaN limit, lo > hi, tol <= 0, sides not 1/2 */
    HS_MVN_ECORR,   /* R not symmetric, diagonal not 1, |R_ij| > 1, or not PSD */
    HS_MVN_ENOCONV  /* tolerance not reached at the largest rule; *p is the best estimate
                     * and *err its 3-SE error estimate (> tol); see below */
} hs_mvn_status;

/* Accuracy (tests/test_mvn.c against mvtnorm, tests/r/mvn_refs.txt, 148
 * cases): with HS_MVN_OK the absolute error is below 1e-5 in every case
 * (largest seen ~7e-6). A conditional variance below 1e-9 in the pivoted
 * Cholesky counts as zero (exact rank reduction; cost <= 5e-6, see mvn.c),
 * so R within ~1e-9 of singular is fine. NEAR-SINGULAR FULL-RANK R
 * (smallest eigenvalue between ~1e-9 and ~1e-3, e.g. (1 - eps) R_singular +
 * eps I with eps = 1e-6 or 1e-3) and some
 * 8 x 8 full-rank R do NOT reach tol within the largest rule (1.3 million
 * points): the result is HS_MVN_ENOCONV, *err is the 3-SE estimate (seen up
 * to 1e-4) and the only bound claimed is |error| <= max(1e-5, *err) (seen
 * up to 1.7e-5 with *err 8e-5, eps = 1e-6). A conditional variance below
 * 1e-9 is treated as zero; between that and ~1e-3 the integrand is nearly
 * discontinuous and the lattice converges slowly.
 * hs_mvn_maxcombo_p and _reject then use that best estimate.
 *
 * P(lo_i <= Z_i <= hi_i, i < k) for Z ~ N(0, R); R row-major k x k; lo / hi
 * may hold -INFINITY / INFINITY. Refines until 3 shift SEs <= tol; *err
 * (may be NULL) gets that 3-SE error estimate (0 where the result is exact,
 * rank <= 1). On HS_MVN_EARG / HS_MVN_ECORR *p is NaN. */
hs_mvn_status hs_mvn_prob(const double *R, int k, const double *lo, const double *hi,
                          double tol, double *p, double *err);

/* MaxCombo p: 1 - P(all Z_i <= zmax) (sides 1) or 1 - P(all |Z_i| <= zmax)
 * (sides 2), to HS_MVN_TOL. NaN on bad input (as hs_mvn_prob's EARG/ECORR). */
double hs_mvn_maxcombo_p(const double *R, int k, double zmax, int sides);

/* 1 if hs_mvn_maxcombo_p(R, k, zmax, sides) < alpha, else 0; -1 on bad input
 * (alpha outside (0, 1) or as hs_mvn_maxcombo_p). Skips the integral when the
 * univariate or Bonferroni bound decides, and otherwise stops refining as
 * soon as the estimate is clear of alpha by 3 times its error estimate.
 * *evals (may be NULL) gets the integrand evaluations spent (0: bounds only). */
int hs_mvn_maxcombo_reject(const double *R, int k, double zmax, double alpha, int sides,
                           long *evals);

/* Phi(x) (Cody 1969) and Phi^-1(p) (Wichura AS241), both ~1e-15 relative;
 * used by the integrand, exported for tests and callers. */
double hs_mvn_phi(double x);
double hs_mvn_phi_inv(double p);

/* "ok", "bad argument", ... */
const char *hs_mvn_status_text(hs_mvn_status st);

#endif
