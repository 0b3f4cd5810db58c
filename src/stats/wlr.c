/* wlr.c — FH(rho, gamma) and modestly weighted log-rank scores and their
 * covariance in one pass (definitions and sign in wlr.h).
 *
 * References: Fleming & Harrington (1982), Biometrika 69:553 (G(rho, gamma)
 * weights); Magirr & Burman (2019), Stat Med 38:5061 (modestly weighted
 * log-rank, w = 1 / max(S(t-), S(t*))); Karrison (2016), Stat Biopharm Res
 * 8:299 (MaxCombo, the joint normal of the FH scores with covariance
 * sum w_j w_k v_t). Ties: the hypergeometric variance of R's survdiff.
 *
 * The MWLR weight needs S(t*) only for event times after t*: at those times
 * S(t-) <= S(t*), and S(t-) at the first event time after t* equals S(t*)
 * (right-continuous KM at t*); before or at t*, S(t-) >= S(t*). So the pass
 * freezes S at the first event time > t* and needs no look-ahead.
 */
#include "wlr.h"

#include <math.h>

hs_wlr_spec hs_wlr_fh(double rho, double gamma)
{
    hs_wlr_spec s = {HS_WLR_FH, rho, gamma, 0.0};
    return s;
}

hs_wlr_spec hs_wlr_mwlr(double tstar)
{
    hs_wlr_spec s = {HS_WLR_MWLR, 0.0, 0.0, tstar};
    return s;
}

static int spec_ok(const hs_wlr_spec *s)
{
    if (s->kind == HS_WLR_FH)
        return isfinite(s->rho) && isfinite(s->gamma) && s->rho >= 0 && s->gamma >= 0;
    if (s->kind == HS_WLR_MWLR)
        return isfinite(s->tstar) && s->tstar > 0;
    return 0;
}

/* x^p for x in [0, 1], p >= 0, with the common exponents exact and fast. */
static inline double powk(double x, double p)
{
    if (p == 0)
        return 1.0;
    if (p == 1)
        return x;
    if (p == 2)
        return x * x;
    if (p == 0.5)
        return sqrt(x);
    return pow(x, p);
}

int hs_wlr_run(const hs_survdata *w, const hs_wlr_spec *spec, int nspec, hs_wlr_result *r)
{
    r->nspec = 0;
    if (!w || w->n < 1 || w->ngroup != 2 || nspec < 1 || nspec > HS_WLR_MAX || !spec)
        return HS_SURV_EINVAL;
    for (int k = 0; k < nspec; k++)
        if (!spec_ok(&spec[k]))
            return HS_SURV_EINVAL;
    const double *t = w->t;
    const int *d = w->d, *g = w->g, *so = w->so;
    double o1[HS_WLR_MAX], e1[HS_WLR_MAX], v[HS_WLR_MAX * HS_WLR_MAX];
    double wt[HS_WLR_MAX], sstar[HS_WLR_MAX];
    for (int a = 0; a < nspec; a++) {
        o1[a] = e1[a] = 0;
        for (int b = 0; b < nspec; b++)
            v[a * HS_WLR_MAX + b] = 0;
    }
    for (int k = 0; k < w->nstrata; k++) {
        const int lo = w->sstart[k], hi = w->sstart[k + 1];
        double n1 = 0;
        for (int i = lo; i < hi; i++)
            n1 += g[so[i]];
        double ntot = (double)(hi - lo);
        double km = 1.0; /* pooled KM just before the current time */
        for (int a = 0; a < nspec; a++)
            sstar[a] = -1.0; /* S(t*) not reached yet */
        int i = lo;
        while (i < hi) {
            const double tj = t[so[i]];
            int d1 = 0, dt = 0, c1 = 0, ct = 0;
            for (; i < hi && t[so[i]] == tj; i++) {
                const int rec = so[i], gi = g[rec];
                c1 += gi;
                ct++;
                dt += d[rec];
                d1 += d[rec] & gi;
            }
            if (dt > 0) {
                const double dd = (double)dt;
                const double ex = dd * n1 / ntot;
                const double vt =
                    ntot > 1 ? dd * (ntot - dd) / (ntot - 1) * (n1 / ntot) * (1.0 - n1 / ntot) : 0.0;
                for (int a = 0; a < nspec; a++) {
                    const hs_wlr_spec *s = &spec[a];
                    if (s->kind == HS_WLR_FH) {
                        wt[a] = powk(km, s->rho) * powk(1.0 - km, s->gamma);
                    } else {
                        if (tj > s->tstar && sstar[a] < 0)
                            sstar[a] = km;
                        wt[a] = 1.0 / (sstar[a] < 0 ? km : sstar[a]);
                    }
                    o1[a] += wt[a] * d1;
                    e1[a] += wt[a] * ex;
                }
                if (vt > 0)
                    for (int a = 0; a < nspec; a++) {
                        const double wa = wt[a] * vt;
                        for (int b = a; b < nspec; b++)
                            v[a * HS_WLR_MAX + b] += wa * wt[b];
                    }
                km *= (ntot - dd) / ntot;
            }
            n1 -= c1;
            ntot -= ct;
        }
    }
    r->nspec = nspec;
    for (int a = 0; a < nspec; a++) {
        for (int b = a; b < nspec; b++)
            r->v[a * HS_WLR_MAX + b] = r->v[b * HS_WLR_MAX + a] = v[a * HS_WLR_MAX + b];
        r->o1[a] = o1[a];
        r->e1[a] = e1[a];
        r->u[a] = o1[a] - e1[a];
        const double vaa = v[a * HS_WLR_MAX + a];
        r->z[a] = vaa > 0 ? r->u[a] / sqrt(vaa) : NAN;
        r->chisq[a] = r->z[a] * r->z[a];
    }
    return HS_SURV_OK;
}

int hs_wlr_corr(const hs_wlr_result *r, int n, double *corr)
{
    int bad = 0;
    for (int a = 0; a < n; a++) {
        const double va = HS_WLR_V(r, a, a);
        for (int b = 0; b < n; b++) {
            const double vb = HS_WLR_V(r, b, b);
            if (va > 0 && vb > 0) {
                corr[a * n + b] = a == b ? 1.0 : HS_WLR_V(r, a, b) / sqrt(va * vb);
            } else {
                corr[a * n + b] = NAN;
                bad = 1;
            }
        }
    }
    return bad ? -1 : 0;
}
