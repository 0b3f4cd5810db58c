/* cohort.c — see cohort.h.
 *
 * Entry: uniform accrual over R months gives entry = R u (independent of N).
 * Piecewise intensity lambda(t) gives entry_i = Lambda^{-1}(i + u), with
 * Lambda(t) = integral of lambda from 0 to t: the i-th arrival of the
 * expected-count clock, jittered within its unit. */
#include "cohort.h"

#include <math.h>

#include "dist.h"

int hs_cohort_block(const hs_scenario *sc)
{
    int w = sc->arm[0].weight + sc->arm[1].weight;
    int m = (4 + w - 1) / w;
    return m * w;
}

double hs_cohort_entry(const hs_scenario *sc, uint64_t i, double u)
{
    if (sc->naccrual == 0)
        return sc->accrual_months * u;
    double target = (double)i + u, acc = 0.0;
    for (int k = 0; k < sc->naccrual; k++) {
        double t0 = sc->accrual_start[k];
        double t1 = k + 1 < sc->naccrual ? sc->accrual_start[k + 1] : INFINITY;
        double r = sc->accrual_rate[k];
        double piece = r * (t1 - t0);
        if (r > 0 && acc + piece >= target)
            return t0 + (target - acc) / r;
        if (isfinite(piece))
            acc += piece;
    }
    return INFINITY; /* the intensity ends before patient i arrives */
}

static double linear_predictor(const hs_sc_arm *arm, int ncov, const int *level)
{
    double lp = 0.0;
    for (int c = 0; c < ncov; c++)
        lp += arm->beta[c][level[c]];
    return lp;
}

/* Arms of one allocation block from its patients' keys. */
static void block_arms(const hs_scenario *sc, const hs_rng *rep, uint64_t first, int bsize,
                       int *arm)
{
    double key[64];
    int nctl = bsize / (sc->arm[0].weight + sc->arm[1].weight) * sc->arm[0].weight;
    for (int j = 0; j < bsize; j++) {
        hs_rng g;
        hs_rng_patient(&g, rep, first + (uint64_t)j);
        key[j] = hs_rng_uniform(&g); /* slot HS_SLOT_ALLOC */
    }
    for (int j = 0; j < bsize; j++) {
        int rank = 0;
        for (int k = 0; k < bsize; k++)
            rank += key[k] < key[j] || (key[k] == key[j] && k < j);
        arm[j] = rank < nctl ? 0 : 1;
    }
}

void hs_cohort_draw(const hs_scenario *sc, const hs_rng *rep, hs_patient *out)
{
    int bsize = hs_cohort_block(sc);
    int arm[64];
    for (int i = 0; i < sc->n; i++) {
        if (i % bsize == 0)
            block_arms(sc, rep, (uint64_t)i, bsize, arm);
        hs_patient *p = &out[i];
        hs_rng g;
        double u[HS_SLOT_COV + HS_SC_COV_MAX];
        hs_rng_patient(&g, rep, (uint64_t)i);
        int used = HS_SLOT_COV + sc->ncov;
        for (int k = 0; k < used; k++)
            u[k] = hs_rng_uniform(&g);
        p->arm = arm[i % bsize];
        for (int c = 0; c < sc->ncov; c++)
            p->level[c] = hs_dist_categorical(u[HS_SLOT_COV + c], sc->cum[c], sc->nlevels[c]);
        const hs_sc_arm *a = &sc->arm[p->arm];
        double lp = linear_predictor(a, sc->ncov, p->level);
        p->entry = hs_cohort_entry(sc, (uint64_t)i, u[HS_SLOT_ENTRY]);
        p->event = hs_hazard_sample(&a->model, lp, u[HS_SLOT_EVENT]);
        p->dropout = a->dropout_rate > 0 ? -log(u[HS_SLOT_DROPOUT]) / a->dropout_rate : INFINITY;
    }
}
