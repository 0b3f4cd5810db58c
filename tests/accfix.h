/* accfix.h — shared fixtures of test_acc.c and test_checkpoint.c: a small
 * scenario with covariates, strata, dropout, a grid and landmarks, and an
 * exact comparison of two accumulators (packed moments + every word array). */
#ifndef HS_ACCFIX_H
#define HS_ACCFIX_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acc.h"
#include "scenario.h"

static inline void accfix_scenario(hs_scenario *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->seed = 777;
    sc->index = 1;
    sc->replicates = 120;
    sc->n = 40;
    sc->ncov = 1;
    sc->nlevels[0] = 2;
    sc->cum[0][0] = 0.5;
    sc->cum[0][1] = 1.0;
    for (int a = 0; a < 2; a++) {
        sc->arm[a].model.family = HS_FAM_WEIBULL;
        sc->arm[a].model.par[0] = 1.3;
        sc->arm[a].model.par[1] = 24.0;
        sc->arm[a].beta[0][1] = 0.5;
        sc->arm[a].dropout_rate = 0.005;
        sc->arm[a].weight = 1;
    }
    sc->arm[1].model.nhr = 1;
    sc->arm[1].model.hr[0] = 0.6;
    sc->accrual_months = 12;
    sc->cut = HS_SC_CUT_EVENTS;
    sc->cut_value = 25;
    sc->alpha = 0.05;
    sc->sides = 2;
    sc->strata_cov = 0;
    sc->ngrid = 13;
    for (int k = 0; k < sc->ngrid; k++)
        sc->grid[k] = 2.0 * k;
    sc->nland = 2;
    sc->land[0] = 6;
    sc->land[1] = 12;
    sc->tau = 24;
}

/* 1 if a and b hold bit-identical accumulators. */
static inline int accfix_equal(hs_acc *a, hs_acc *b)
{
    if (a->nstat != b->nstat)
        return 0;
    size_t nm = hs_acc_moment_words(a);
    uint64_t *ma = malloc(nm * sizeof *ma), *mb = malloc(nm * sizeof *mb);
    int same = ma && mb;
    if (same) {
        hs_acc_pack_moments(a, ma);
        hs_acc_pack_moments(b, mb);
        same = memcmp(ma, mb, nm * sizeof *ma) == 0;
    }
    free(ma);
    free(mb);
    for (int k = 0; same && k <= a->nstat; k++) {
        size_t la, lb;
        uint64_t *wa = hs_acc_words(a, k, &la), *wb = hs_acc_words(b, k, &lb);
        same = la == lb && memcmp(wa, wb, la * sizeof *wa) == 0;
    }
    return same;
}

#endif
