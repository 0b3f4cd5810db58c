/* rmst.h — restricted mean survival time (RMST) difference to tau and
 * milestone survival at T, two groups, from a loaded hs_survdata.
 *
 * Both are UNSTRATIFIED: strata in w are ignored (status flag
 * HS_NPH_STRATA_IGNORED says so). Group 0 is the control, group 1 the
 * experimental arm; every z is POSITIVE when group 1 does better (design.md).
 *
 * RMST: A_g = int_0^tau S_g(u) du with S_g the right-continuous KM of group
 * g, SE as R's print(survfit, rmean = tau) ("se(rmean)", survival:::survmean;
 * see km.h); diff = A_1 - A_0, se = sqrt(se_0^2 + se_1^2), z = diff / se.
 * Past a group's last observed time the curve is held at its last value,
 * as survmean does (flag HS_NPH_BEYOND_LAST).
 *
 * Milestone at T: S_g(T) (right-continuous KM), Greenwood
 * gw_g = sum_{t_j <= T} d_j / (n_j (n_j - d_j)) = var(-log S_g(T)), and by the
 * delta method var(log(-log S)) = gw / (log S)^2:
 *   z = (log(-log S_0(T)) - log(-log S_1(T))) / sqrt(gw_0 / log(S_0)^2 + gw_1 / log(S_1)^2)
 * diff = S_1(T) - S_0(T), se_diff = sqrt(S_0^2 gw_0 + S_1^2 gw_1) (Greenwood).
 * z is NAN when a group's S(T) is 0 or 1 (flags HS_NPH_S_ZERO / HS_NPH_S_ONE).
 */
#ifndef HS_RMST_H
#define HS_RMST_H

#include "survdata.h"

/* Status flags (bit mask) of a result: what made a value NAN or deserves
 * a note. 0 = clean. */
enum hs_nph_flag {
    HS_NPH_STRATA_IGNORED = 1, /* w has strata; the statistic is unstratified */
    HS_NPH_EMPTY_GROUP = 2,    /* a group has no records: everything NAN */
    HS_NPH_BEYOND_LAST = 4,    /* tau / T is past a group's last observed time (value held) */
    HS_NPH_S_ZERO = 8,         /* milestone: S(T) = 0 in a group: z NAN */
    HS_NPH_S_ONE = 16,         /* milestone: S(T) = 1 (no event by T) in a group: z NAN */
    HS_NPH_ZERO_SE = 32        /* the SE of the difference is 0 (e.g. no event before tau): z NAN */
};

typedef struct hs_rmst_result {
    int flags;             /* hs_nph_flag bits */
    double tau;
    double rmst[2], se[2]; /* per group; NAN for an empty group */
    double last[2];        /* last observed time per group (NAN if empty) */
    double diff, se_diff, z;
} hs_rmst_result;

typedef struct hs_milestone_result {
    int flags;
    double t;
    double s[2], gw[2]; /* KM S(T) and Greenwood var(-log S(T)) per group (gw = INFINITY once S = 0) */
    double diff, se_diff, z;
} hs_milestone_result;

/* RMST to tau (> 0, finite) per group, difference and z. w must have 2
 * groups. No allocation (uses w's scratch). Returns HS_SURV_OK (values may
 * be NAN: see flags), or HS_SURV_EINVAL (no data, ngroup != 2, bad tau). */
int hs_rmst_run(hs_survdata *w, double tau, hs_rmst_result *r);

/* Milestone survival at t (> 0, finite). Returns as hs_rmst_run. */
int hs_milestone_run(const hs_survdata *w, double t, hs_milestone_result *r);

/* The smaller of the two groups' last observed times (analyze's default
 * tau), NAN if a group is empty. */
double hs_rmst_default_tau(const hs_survdata *w);

#endif
