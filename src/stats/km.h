/* km.h — Kaplan–Meier estimate per group from a loaded hs_survdata,
 * matching R survival's survfit() / print(survfit, rmean = tau).
 *
 * All results ignore strata (one curve per group). Missing values (median
 * never reached, undefined limits) are NAN.
 */
#ifndef HS_KM_H
#define HS_KM_H

#include "survdata.h"

#define HS_KM_Z95 1.959963984540054 /* qnorm(0.975): 95% pointwise intervals */

typedef struct hs_km_summary {
    int n, events;
    double median, median_lcl, median_ucl; /* months; NAN if not reached */
    double tau;                            /* RMST horizon as given */
    double rmst, rmst_se;                  /* NAN if tau <= 0 */
} hs_km_summary;

/* One linear pass over group `group` (-1 = all records): S(t) at each grid
 * time (ascending, right-continuous step function) into s_grid[ngrid] (may be
 * NULL when ngrid = 0), median with its 95% log-CI, and RMST to tau with its
 * SE. No allocation. Returns HS_SURV_OK, or HS_SURV_EINVAL (bad group, grid
 * not ascending, no data loaded). */
int hs_km_group(hs_survdata *w, int group, double tau, const double *grid, int ngrid, double *s_grid,
                hs_km_summary *out);

/* hs_km_group without the median's confidence limits (median_lcl and
 * median_ucl are NAN): the simulator's inner loop, which never reports them. */
int hs_km_group_fast(hs_survdata *w, int group, double tau, const double *grid, int ngrid,
                     double *s_grid, hs_km_summary *out);

/* hs_km_group_fast for group >= 0, and in the same pass the group's numbers
 * at risk (its records with observed time >= grid[k]) into risk[ngrid]:
 * the simulator's curves and risk table in one pass.
 * Returns as hs_km_group_fast (HS_SURV_EINVAL also for group -1 or a NULL
 * risk with ngrid > 0). */
int hs_km_group_risk(hs_survdata *w, int group, double tau, const double *grid, int ngrid, double *s_grid,
                     int *risk, hs_km_summary *out);

/* The survfit table of group `group` (-1 = all): one row per distinct time
 * with records in the group. Arrays need room for w->n rows; std_err is the
 * SE of -log S (survfit's std.err), lower/upper the 95% log-CI (NAN where
 * S = 0). Any output pointer but time may be NULL. Sets *nrow. */
int hs_km_curve(const hs_survdata *w, int group, int *nrow, double *time, int *n_risk, int *n_event,
                double *surv, double *std_err, double *lower, double *upper);

#endif
