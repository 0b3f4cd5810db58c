/* accfix.h — shared by test_acc.c and test_checkpoint.c: an exact comparison
 * of two accumulators (packed moments + every word array). Their scenario is
 * scenfix.h's Weibull variant (covariate, strata, dropout, grid, landmarks). */
#ifndef HS_ACCFIX_H
#define HS_ACCFIX_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "acc.h"

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
    for (int k = 0; same && k < hs_acc_nwords(a); k++) {
        size_t la, lb;
        uint64_t *wa = hs_acc_words(a, k, &la), *wb = hs_acc_words(b, k, &lb);
        same = la == lb && memcmp(wa, wb, la * sizeof *wa) == 0;
    }
    return same;
}

#endif
