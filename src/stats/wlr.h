/* wlr.h — a family of weighted log-rank tests in one pass over a loaded
 * two-group hs_survdata: Fleming–Harrington FH(rho, gamma) and the modestly
 * weighted log-rank test (Magirr & Burman 2019), with the full covariance
 * matrix of their scores (what MaxCombo needs).
 *
 * Sign convention (read this):
 *   U_k = sum over event times of w_k(t) (O1(t) - E1(t)) for GROUP 1 (the
 *   experimental arm), so U_k < 0 and z_k < 0 mean group 1 had fewer events
 *   than expected, i.e. group 1 does BETTER. This is hs_logrank_result.z's
 *   sign. design.md's z (positive = experimental better) is -z_k.
 *
 * Weights, at each distinct event time t of a stratum, from that stratum's
 * pooled (both groups) Kaplan–Meier S:
 *   FH(rho, gamma):  S(t-)^rho (1 - S(t-))^gamma     (0^0 = 1; FH(0,0) = log-rank)
 *   MWLR(t*):        1 / max(S(t-), S(t*))           (S(t*) right-continuous)
 * Strata: U and V are summed over strata, as R's survdiff. Ties: the
 * hypergeometric variance
 *   v_t = D (N - D) / (N - 1) * (N1 / N) (1 - N1 / N)    (0 when N = 1)
 *   V_jk = sum w_j(t) w_k(t) v_t,   z_k = U_k / sqrt(V_kk).
 * FH(rho, 0) matches survdiff(rho = rho) exactly.
 */
#ifndef HS_WLR_H
#define HS_WLR_H

#include "survdata.h"

#define HS_WLR_MAX 8 /* weight specs per call */

enum hs_wlr_kind { HS_WLR_FH = 0, HS_WLR_MWLR = 1 };

typedef struct hs_wlr_spec {
    int kind;     /* HS_WLR_FH or HS_WLR_MWLR */
    double rho;   /* FH: >= 0, finite */
    double gamma; /* FH: >= 0, finite */
    double tstar; /* MWLR: > 0, finite (same time unit as the data) */
} hs_wlr_spec;

typedef struct hs_wlr_result {
    int nspec;
    double u[HS_WLR_MAX];              /* group 1's weighted O - E */
    double o1[HS_WLR_MAX], e1[HS_WLR_MAX]; /* group 1's weighted O and E */
    double v[HS_WLR_MAX * HS_WLR_MAX]; /* covariance, row-major nspec x nspec (row stride HS_WLR_MAX) */
    double z[HS_WLR_MAX];              /* u / sqrt(v_kk); NAN when v_kk = 0 */
    double chisq[HS_WLR_MAX];          /* z^2 (NAN when z is) */
} hs_wlr_result;

/* Covariance entry (j, k) of a result. */
#define HS_WLR_V(r, j, k) ((r)->v[(j) * HS_WLR_MAX + (k)])

/* FH(rho, gamma) / MWLR(tstar) spec helpers. */
hs_wlr_spec hs_wlr_fh(double rho, double gamma);
hs_wlr_spec hs_wlr_mwlr(double tstar);

/* All nspec (1..HS_WLR_MAX) tests in one pass over w (which must have
 * exactly 2 groups; strata as loaded). No allocation. Returns HS_SURV_OK, or
 * HS_SURV_EINVAL (no data, ngroup != 2, nspec out of range, a bad spec:
 * rho/gamma negative or non-finite, tstar <= 0 or non-finite); *r is then
 * left with nspec = 0. */
int hs_wlr_run(const hs_survdata *w, const hs_wlr_spec *spec, int nspec, hs_wlr_result *r);

/* Correlation matrix of the first n scores of r into corr (n x n,
 * row-major, stride n). Returns 0, or -1 if some V_kk <= 0 (row/column
 * then NAN). */
int hs_wlr_corr(const hs_wlr_result *r, int n, double *corr);

#endif
