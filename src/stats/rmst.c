/* rmst.c — RMST difference and milestone survival (definitions in rmst.h).
 *
 * RMST and its SE come from hs_km_group_fast (km.c), which follows
 * survival:::survmean: var(A) = sum_{t_j <= tau} (int_{t_j}^tau S)^2 d_j / (n_j (n_j - d_j)).
 * The milestone z on the log(-log) scale is the complementary log-log
 * transform used by survfit's conf.type = "log-log" (Kalbfleisch & Prentice
 * 2002, sec. 1.4), Greenwood (1926) variance, delta method.
 */
#include "rmst.h"

#include "km.h"

#include <math.h>
#include <stddef.h>

static double group_last(const hs_survdata *w, int g)
{
    if (w->ng[g] < 1)
        return NAN;
    return w->t[w->go[w->gstart[g + 1] - 1]];
}

double hs_rmst_default_tau(const hs_survdata *w)
{
    if (!w || w->n < 1 || w->ngroup != 2)
        return NAN;
    const double a = group_last(w, 0), b = group_last(w, 1);
    return a < b ? a : b; /* NAN if either is NAN */
}

int hs_rmst_run(hs_survdata *w, double tau, hs_rmst_result *r)
{
    r->flags = 0;
    r->tau = tau;
    r->diff = r->se_diff = r->z = NAN;
    for (int g = 0; g < 2; g++)
        r->rmst[g] = r->se[g] = r->last[g] = NAN;
    if (!w || w->n < 1 || w->ngroup != 2 || !isfinite(tau) || !(tau > 0))
        return HS_SURV_EINVAL;
    if (w->nstrata > 1)
        r->flags |= HS_NPH_STRATA_IGNORED;
    for (int g = 0; g < 2; g++) {
        r->last[g] = group_last(w, g);
        if (w->ng[g] < 1) {
            r->flags |= HS_NPH_EMPTY_GROUP;
            continue;
        }
        if (tau > r->last[g])
            r->flags |= HS_NPH_BEYOND_LAST;
        hs_km_summary k;
        if (hs_km_group_fast(w, g, tau, NULL, 0, NULL, &k) != HS_SURV_OK)
            return HS_SURV_EINVAL;
        r->rmst[g] = k.rmst;
        r->se[g] = k.rmst_se;
    }
    if (r->flags & HS_NPH_EMPTY_GROUP)
        return HS_SURV_OK;
    r->diff = r->rmst[1] - r->rmst[0];
    r->se_diff = sqrt(r->se[0] * r->se[0] + r->se[1] * r->se[1]);
    if (r->se_diff > 0)
        r->z = r->diff / r->se_diff;
    else
        r->flags |= HS_NPH_ZERO_SE;
    return HS_SURV_OK;
}

int hs_milestone_run(const hs_survdata *w, double t, hs_milestone_result *r)
{
    r->flags = 0;
    r->t = t;
    r->diff = r->se_diff = r->z = NAN;
    for (int g = 0; g < 2; g++)
        r->s[g] = r->gw[g] = NAN;
    if (!w || w->n < 1 || w->ngroup != 2 || !isfinite(t) || !(t > 0))
        return HS_SURV_EINVAL;
    if (w->nstrata > 1)
        r->flags |= HS_NPH_STRATA_IGNORED;
    for (int g = 0; g < 2; g++) {
        const int m = w->ng[g];
        if (m < 1) {
            r->flags |= HS_NPH_EMPTY_GROUP;
            continue;
        }
        if (t > group_last(w, g))
            r->flags |= HS_NPH_BEYOND_LAST;
        const int *list = w->go + w->gstart[g];
        int nr = m, k = 0;
        double s = 1.0, gw = 0.0;
        while (k < m && w->t[list[k]] <= t) {
            const double tj = w->t[list[k]];
            int dj = 0, cj = 0;
            for (; k < m && w->t[list[k]] == tj; k++) {
                cj++;
                dj += w->d[list[k]];
            }
            if (dj == nr) {
                s = 0.0;
                gw = INFINITY;
            } else if (dj > 0) {
                s *= (double)(nr - dj) / (double)nr;
                gw += (double)dj / ((double)nr * (double)(nr - dj));
            }
            nr -= cj;
        }
        r->s[g] = s;
        r->gw[g] = gw;
        if (s == 0)
            r->flags |= HS_NPH_S_ZERO;
        else if (s == 1)
            r->flags |= HS_NPH_S_ONE;
    }
    if (r->flags & HS_NPH_EMPTY_GROUP)
        return HS_SURV_OK;
    r->diff = r->s[1] - r->s[0];
    if (r->s[0] > 0 && r->s[1] > 0)
        r->se_diff = sqrt(r->s[0] * r->s[0] * r->gw[0] + r->s[1] * r->s[1] * r->gw[1]);
    if (r->flags & (HS_NPH_S_ZERO | HS_NPH_S_ONE))
        return HS_SURV_OK;
    const double l0 = log(r->s[0]), l1 = log(r->s[1]);
    const double var = r->gw[0] / (l0 * l0) + r->gw[1] / (l1 * l1);
    if (var > 0)
        r->z = (log(-l0) - log(-l1)) / sqrt(var);
    else
        r->flags |= HS_NPH_ZERO_SE;
    return HS_SURV_OK;
}
