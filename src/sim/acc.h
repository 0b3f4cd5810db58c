/* acc.h — the accumulators of one scenario: everything the run reports,
 * folded replicate by replicate, merged exactly.
 *
 * Each reported quantity is an hs_dstat: exact fixed-point moments plus a
 * fixed-bin histogram (hist.h), so merging partial accumulators in any
 * order gives bit-identical results. Memory depends on the scenario's grid,
 * never on the replicate count. Histogram geometry:
 *   S(t) on the grid and at landmarks  [0, 1), 10^4 bins (S = 1 is overflow -> quantile 1)
 *   HR estimate                         [0, 8), 8000 bins
 *   events                              [-0.5, n + 0.5), n + 1 bins centred on the integers
 *   study duration, median OS           [0, 600) months, 12000 bins
 * A KM median that is not reached goes to the median histogram's overflow
 * (so its quantiles count it: a quantile there is "not reached") and is
 * left out of the moments.
 *   RMST                                [0, tau), 10^4 bins */
#ifndef HS_ACC_H
#define HS_ACC_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"
#include "hist.h"
#include "moments.h"
#include "priordraw.h"
#include "trial.h"

typedef struct hs_dstat {
    hs_moments m;
    hs_hist *h;
    int open_top; /* overflow means "not reached": quantiles there are INFINITY */
} hs_dstat;

#define HS_ACC_NOT_REACHED 1e300 /* stands for a median not reached in the histogram */

/* Counters: replicates, rejections, replicates whose Cox fit gave no finite
 * estimate (hs_trial_result.cox_nonconverged); then, for a group-sequential
 * design, per look j the trials that reached it, stopped there for efficacy
 * and stopped there for futility: count[HS_ACC_LOOK(j, HS_ACC_REACHED...)]. */
enum { HS_ACC_REPLICATES, HS_ACC_REJECTIONS, HS_ACC_COX_NONCONV, HS_ACC_NCOUNTS };
enum { HS_ACC_REACHED, HS_ACC_STOP_EFF, HS_ACC_STOP_FUT, HS_ACC_PER_LOOK };
#define HS_ACC_LOOK(j, what) (HS_ACC_NCOUNTS + (j) * HS_ACC_PER_LOOK + (what))
#define HS_ACC_NCOUNTS_MAX (HS_ACC_LOOK(HS_GSD_LOOKS_MAX, 0) + HS_SC_ALSO_MAX + 2)
/* Assurance: bins of each drawn quantity (priordraw.h). A key's or fitted
 * parameter's HS_ACC_PRIOR_BINS bins have equal prior probability (bin b
 * holds the draws with u in [b/20, (b+1)/20)); the drawn HR's
 * HS_ACC_HR_BINS bins are 0.01 wide on log HR over [-4, 4), with an
 * underflow and an overflow bin (a NaN HR goes to the overflow). */
#define HS_ACC_RISK(a, g, j) (2 * ((size_t)(g) * (size_t)(a)->ngrid + (size_t)(j)))
#define HS_ACC_PRIOR_BINS 20
#define HS_ACC_HR_BINS 802
/* Per-look distributions, over the trials that reached the look. */
enum { HS_ACC_LK_EVENTS, HS_ACC_LK_TIME, HS_ACC_LK_ENROLLED, HS_ACC_LK_ZEFF, HS_ACC_LK_ZFUT,
       HS_ACC_LK_INFO, HS_ACC_LK_N };

typedef struct hs_acc {
    uint64_t count[HS_ACC_NCOUNTS_MAX];
    int lean;          /* outputs = power: HR, medians and RMST stay empty (grid and landmarks are 0) */
    int ncount;        /* counters in use: HS_ACC_NCOUNTS, the looks' (HS_ACC_LOOK(nlooks,
                        * 0) when group-sequential), then one per also_test */
    int nalso, also_at; /* also_test i's rejections are count[also_at + i] */
    int ngrid, nland;
    hs_dstat hr, events, duration, median[2], rmst[2];
    hs_dstat *km[2];   /* ngrid each */
    hs_dstat *land[2]; /* nland each */
    int nlooks;        /* 1 for a fixed design: no per-look statistics */
    int has_enrolled;  /* enrolled is kept: group-sequential or calendar analysis */
    hs_dstat enrolled; /* patients in the analysis (at the stopping look) */
    hs_dstat *look;    /* look[j * HS_ACC_LK_N + HS_ACC_LK_*] (group-sequential only) */
    int nstat;
    hs_dstat **stat;   /* every hs_dstat above, in a fixed order */
    /* Assurance (nq > 0): quantity q's bins are pat[q] .. pat[q + 1] - 1;
     * bin i has replicates pcount[2i], rejections pcount[2i + 1], and the
     * smallest and largest draw pmin[i], pmax[i] (+-inf when empty). */
    int nq;
    int pat[HS_PRIOR_Q_MAX + 1];
    uint64_t *pcount;
    double *pmin, *pmax;
    /* Numbers at risk on the grid: for arm g and grid time j,
     * risk[HS_ACC_RISK(a, g, j)] sums the patients at risk over the
     * replicates and risk[HS_ACC_RISK(a, g, j) + 1] counts the replicates
     * with at least one (NULL when ngrid is 0). */
    uint64_t *risk;
    /* Staging (hs_acc_stage): the values of the statistics every replicate
     * adds, fixed[0 .. nfixed), replicate-major (a replicate writes one
     * run of memory): staged[i * nfixed + k] is statistic k's value in the
     * i-th of the nstaged (< stage_cap) replicates staged. */
    int nfixed, stage_cap, nstaged;
    hs_dstat **fixed;
    double *staged;
    int cond_at;  /* counter of the rejections at the point estimates (conditional), or -1 */
    int below_at; /* counter of the draws with drawn HR < 1, or -1 */
} hs_acc;

typedef struct hs_dsummary {
    uint64_t n;    /* finite values */
    uint64_t nna;  /* non-finite values (e.g. a median not reached) */
    double mean, sd; /* NAN if any finite value is beyond 2^30 (moments.h): the
                      * quantiles see every finite value, the moments could
                      * not, so they say "not available", never a mean of
                      * the rest */
    double q[5];   /* 2.5, 25, 50, 75, 97.5% */
} hs_dsummary;

/* NULL on out of memory. */
hs_acc *hs_acc_alloc(const hs_scenario *sc);
void hs_acc_free(hs_acc *a); /* NULL is a no-op */
void hs_acc_reset(hs_acc *a);
/* Fold one replicate's result in (hs_acc_stage, then hs_acc_flush). */
void hs_acc_add(hs_acc *a, const hs_trial_result *r);
/* hs_acc_add in two halves, for a loop over many replicates: stage folds in
 * the counters at once and keeps the values of the statistics every
 * replicate has (folding them in itself when its room is full); flush folds
 * in what is kept, one statistic at a time, so that each histogram's bins
 * are written close together in time (a replicate writes some 160
 * histograms of 80 KB each). Merges are exact, so the result is the one
 * hs_acc_add gives. Until the flush the accumulators lack the staged
 * values: whoever stages flushes before anything reads, merges, resets or
 * packs the accumulators (hs_engine_run does, before it returns). */
void hs_acc_stage(hs_acc *a, const hs_trial_result *r);
void hs_acc_flush(hs_acc *a);
/* Fold one replicate's prior draw in, with the decision it led to. */
void hs_acc_add_prior(hs_acc *a, const hs_priordraw *d, int reject);
/* dst += src, exactly; both from the same scenario. */
void hs_acc_merge(hs_acc *dst, const hs_acc *src);
/* Summary of one quantity. */
void hs_acc_summarize(const hs_dstat *d, hs_dsummary *out);

/* Flat images, for reductions and checkpoints. The moments of every stat,
 * packed: hs_acc_moment_words() words. */
size_t hs_acc_moment_words(const hs_acc *a);
void hs_acc_pack_moments(const hs_acc *a, uint64_t *out);
/* Merge a packed moments image (from another accumulator) into a. */
void hs_acc_merge_moments(hs_acc *a, const uint64_t *in);
/* Replace a's moments by a packed image. */
void hs_acc_load_moments(hs_acc *a, const uint64_t *in);
/* The integer arrays that merge by element-wise addition: k = 0 is the
 * counters, k = 1 .. nstat the histograms' counts, with a prior k =
 * nstat + 1 its bins' counts, and last (with a grid) the numbers at risk;
 * hs_acc_nwords() arrays in all. The packed
 * moments end with the prior bins' smallest and largest draws, which merge
 * by min and max. */
int hs_acc_nwords(const hs_acc *a);
/* Words of the packed moments that are the stats' moments proper
 * (hs_acc_moment_words() less the prior bins' extremes at the end). */
size_t hs_acc_moment_words_proper(const hs_acc *a);
uint64_t *hs_acc_words(hs_acc *a, int k, size_t *len);
/* Bytes of the flat images: the packed moments and every word array (what
 * a raw copy of the accumulators holds; checkpoint sizes are measured
 * against it). */
size_t hs_acc_bytes(hs_acc *a);

#endif
