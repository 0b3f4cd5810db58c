/* logrank.h — (stratified) log-rank and Fleming–Harrington G(rho, gamma)
 * weighted log-rank tests from a loaded hs_survdata, matching R survival's
 * survdiff(rho = rho) when gamma = 0.
 */
#ifndef HS_LOGRANK_H
#define HS_LOGRANK_H

#include "survdata.h"

typedef struct hs_logrank_result {
    int ngroup;
    int df;       /* groups with expected > 0, minus 1 */
    double chisq; /* (O-E)' V^-1 (O-E) over groups 2..k (survdiff) */
    double p;     /* P(chi^2_df > chisq); 1 if df < 1 */
    double z;     /* two groups: (O1 - E1) / sqrt(V11), < 0 when group 1 has fewer events than
                   * expected (benefit of the experimental arm); NAN otherwise or if V11 = 0 */
    double o[HS_SURV_GMAX], e[HS_SURV_GMAX]; /* weighted observed / expected per group, summed over strata */
} hs_logrank_result;

/* Weighted log-rank test of equal survival across w's groups, stratified by
 * w's strata (O-E and V summed over strata). Weight at each event time:
 * S(t-)^rho (1 - S(t-))^gamma with S the pooled Kaplan–Meier within the
 * stratum (rho = gamma = 0: plain log-rank). One pass, no allocation (uses
 * w's scratch). Returns HS_SURV_OK, or HS_SURV_EINVAL (no data, rho or gamma
 * negative/non-finite). */
int hs_logrank_run(hs_survdata *w, double rho, double gamma, hs_logrank_result *r);

#endif
