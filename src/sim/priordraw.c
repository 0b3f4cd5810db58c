/* priordraw.c — see priordraw.h. */
#include "priordraw.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

static int bears_on_effect(const hs_scenario *sc)
{
    const hs_prior_spec *p = &sc->prior;
    for (int k = 0; k < p->nkeys; k++)
        if (p->key[k].target.effect)
            return 1;
    return p->nfit > 0;
}

int hs_priordraw_has_hr(const hs_scenario *sc) { return bears_on_effect(sc); }

int hs_priordraw_count(const hs_scenario *sc)
{
    const hs_prior_spec *p = &sc->prior;
    int n = p->nkeys;
    for (int f = 0; f < p->nfit; f++)
        n += p->fit[f].mvn.k;
    return n + (n > 0 && bears_on_effect(sc));
}

const char *hs_priordraw_name(const hs_scenario *sc, int q)
{
    const hs_prior_spec *p = &sc->prior;
    if (q < p->nkeys)
        return p->key[q].name;
    q -= p->nkeys;
    for (int f = 0; f < p->nfit; f++) {
        if (q < p->fit[f].mvn.k)
            return p->fit[f].name[q];
        q -= p->fit[f].mvn.k;
    }
    return "drawn_hr";
}

/* Put v where target t says, in every arm it names. */
static void put(hs_scenario *s, const hs_prior_target *t, double v)
{
    if (t->slot == HS_PS_ACCRUAL) {
        s->accrual_months = v;
        return;
    }
    for (int a = 0; a < 2; a++) {
        if (!(t->arms >> a & 1u))
            continue;
        hs_sc_arm *arm = &s->arm[a];
        switch (t->slot) {
        case HS_PS_HR:
            arm->model.nhr = 1;
            arm->model.hr_cut[0] = 0;
            arm->model.hr[0] = v;
            break;
        case HS_PS_PAR:
            arm->model.par[t->j] = v;
            break;
        case HS_PS_MEDIAN:
            arm->model.par[0] = log(2.0) / v; /* as the config reads a median */
            break;
        case HS_PS_CURE:
            arm->model.cure = v;
            break;
        case HS_PS_BETA:
            arm->beta[t->j][t->level] = v;
            break;
        case HS_PS_DROPOUT:
            arm->dropout_rate = -log1p(-v) / 12.0; /* as the config reads a dropout */
            break;
        case HS_PS_LOGPAR:
            arm->model.par[t->j] = exp(v);
            break;
        case HS_PS_LOGRATE:
            arm->model.rate[t->j] = exp(v);
            break;
        case HS_PS_ACCRUAL:
            break;
        }
    }
}

void hs_priordraw_run(const hs_scenario *base, uint64_t r, hs_scenario *out, hs_priordraw *d)
{
    const hs_prior_spec *p = &base->prior;
    out->arm[0] = base->arm[0];
    out->arm[1] = base->arm[1];
    out->accrual_months = base->accrual_months;
    hs_rng rep;
    hs_rng_stream(&rep, base->seed, base->index, r);
    int q = 0;
    for (int k = 0; k < p->nkeys; k++) {
        hs_rng g = rep;
        hs_rng_jump_apply(&g, &base->prior_jump[k]);
        double u = hs_rng_uniform(&g);
        double v = hs_prior_draw(&p->key[k].dist, u);
        put(out, &p->key[k].target, v);
        d->value[q] = v;
        d->u[q++] = u;
    }
    for (int f = 0; f < p->nfit; f++) {
        const hs_prior_fit *fit = &p->fit[f];
        hs_rng g = rep;
        hs_rng_jump_apply(&g, &base->prior_jump[p->nkeys + f]);
        double u[HS_PRIOR_MVN_MAX], x[HS_PRIOR_MVN_MAX];
        for (int i = 0; i < fit->mvn.k; i++)
            u[i] = hs_rng_uniform(&g);
        hs_prior_mvn_draw(&fit->mvn, u, x);
        for (int i = 0; i < fit->mvn.k; i++) {
            const hs_prior_target *t = &fit->target[i];
            d->u[q] = gsl_cdf_ugaussian_P((x[i] - fit->mvn.mean[i]) / fit->mvn.sd[i]);
            double v = x[i] < t->lo ? t->lo : x[i] > t->hi ? t->hi : x[i];
            put(out, t, v);
            d->value[q++] = v;
        }
    }
    if (q > 0 && bears_on_effect(base)) {
        double h0 = hs_hazard_H(&out->arm[0].model, 0.0, base->tau);
        double h1 = hs_hazard_H(&out->arm[1].model, 0.0, base->tau);
        d->value[q] = h0 > 0 ? h1 / h0 : NAN;
        d->u[q++] = NAN;
    }
    d->nq = q;
}

int hs_priordraw_ceiling(const hs_scenario *sc, uint64_t m, double *p, double *se)
{
    *p = 1;
    *se = 0;
    if (!hs_scenario_has_prior(sc) || !bears_on_effect(sc) || m == 0)
        return 0;
    hs_scenario *drawn = malloc(sizeof *drawn);
    if (!drawn)
        return -1;
    *drawn = *sc;
    hs_priordraw d;
    uint64_t below = 0;
    for (uint64_t r = 0; r < m; r++) {
        hs_priordraw_run(sc, r, drawn, &d);
        below += d.value[d.nq - 1] < 1.0;
    }
    free(drawn);
    *p = (double)below / (double)m;
    *se = sqrt(*p * (1 - *p) / (double)m);
    return 0;
}
