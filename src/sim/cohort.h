/* cohort.h — the virtual patients of one replicate.
 *
 * Patient i draws only from its own block of the replicate stream
 * (hs_rng_patient), one uniform per variate, in fixed slots:
 *   slot 0 allocation key, 1 entry time, 2 event time, 3 dropout time,
 *   4 + c covariate c (c < HS_SC_COV_MAX); the rest of the block is spare.
 * Arms come from permuted blocks: block b holds patients b*B .. b*B+B-1,
 * with B = m (w0 + w1) labels (m the smallest multiple making B >= 4); the
 * patient with the k-th smallest allocation key gets the k-th label. Keys of
 * patients past N are drawn too, so patient i's arm, covariates, entry,
 * event and dropout times never depend on N (common random numbers). */
#ifndef HS_COHORT_H
#define HS_COHORT_H

#include "rng.h"
#include "scenario.h"

typedef struct hs_patient {
    double entry;   /* calendar month of entry */
    double event;   /* months from entry to the event (INFINITY: never) */
    double dropout; /* months from entry to loss to follow-up (INFINITY: never) */
    int arm;        /* 0 control, 1 experimental */
    int level[HS_SC_COV_MAX];
} hs_patient;

enum {
    HS_SLOT_ALLOC = 0,
    HS_SLOT_ENTRY = 1,
    HS_SLOT_EVENT = 2,
    HS_SLOT_DROPOUT = 3,
    HS_SLOT_COV = 4
};

/* Allocation block size for the scenario's weights. */
int hs_cohort_block(const hs_scenario *sc);
/* Draw patients 0 .. sc->n - 1 of the replicate whose stream is *rep into
 * out[0 .. n-1]. No allocation. */
void hs_cohort_draw(const hs_scenario *sc, const hs_rng *rep, hs_patient *out);
/* Entry time for patient i from its entry uniform u (exposed for tests). */
double hs_cohort_entry(const hs_scenario *sc, uint64_t i, double u);

#endif
