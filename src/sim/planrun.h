/* planrun.h — the simulator behind the sample-size search (plan.h): an
 * evaluation callback that runs a batch of N through the driver on every
 * rank, and the search options from a config's [plan]. Shared by `plan`
 * and `sweep --target-power`, so both search the same way.
 *
 * Every N uses stream key 0 (common random numbers). Event-driven designs
 * (analysis = events:K at the base scenario's N = n0) keep K/n0 events per
 * patient: at N the analysis is at event round(N K/n0), clamped to 1..N;
 * with [plan] events = fixed, at event K for every N (`plan` then finds N
 * from the expected time of the K-th event and evaluates only that N; a
 * sweep's target-power search still searches N). With [plan] solve =
 * followup the search runs over the follow-up time at the base's N (plan
 * only: a sweep refuses target powers with it). */
#ifndef HS_PLANRUN_H
#define HS_PLANRUN_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "driver.h"
#include "plan.h"
#include "scenario.h"

/* Rank 0, after each evaluated N (the search's progress): the point. */
typedef void (*hs_planrun_note_fn)(void *ctx, const hs_plan_point *p);

typedef struct hs_planrun {
    hs_scenario base;     /* the design at its first N; n and replicates vary per point */
    double q;             /* events per patient (events:K designs), else 0 */
    int events_fixed;     /* [plan] events = fixed: every N analyses at the base's K */
    int solve_followup;   /* [plan] solve = followup: a point's n is the follow-up (followup:T)
                           * or calendar time (calendar:T) in tenths of a month, at the
                           * base's N (hs_planrun_time) */
    hs_driver d;
    hs_plan_point *batch; /* the batch being evaluated */
    hs_planrun_note_fn note; /* NULL: no progress */
    void *note_ctx;
    char msg[1500];       /* rank 0: why an evaluation failed (the caller prints it) */
} hs_planrun;

/* Set x up to evaluate N for `base` (copied): driver chunk (replicates per
 * work unit, >= 1), checkpoint key hash, progress callback (or NULL).
 * Release with hs_planrun_free. */
void hs_planrun_init(hs_planrun *x, const hs_scenario *base, uint64_t chunk, uint64_t config_hash,
                     hs_planrun_note_fn note, void *note_ctx);
/* [plan] events and solve of c into x (after hs_planrun_init). */
void hs_planrun_config(hs_planrun *x, const hs_config *c);
/* The months a search point stands for under solve = followup: n / 10. */
double hs_planrun_time(int n);
/* The search point of `months` under solve = followup: ceil(10 months), at least 2. */
int hs_planrun_point(double months);
/* hs_plan_eval_fn, ctx = hs_planrun *. Collective: one driver run over the
 * batch, results broadcast from rank 0. Returns 0, 1 (failure) or
 * 128 + signal (interrupted; nothing saved), with the reason in x->msg on
 * rank 0. Prints nothing. */
int hs_planrun_eval(void *ctx, hs_plan_point *pts, int npts);
/* Search options from c's [plan] (n_min, n_max, replicates_coarse/fine),
 * the allocation block of base and the targets (ntarget 0: c's [plan]
 * target_power). events = fixed raises n_min to K; solve = followup
 * searches 0.2 .. followup_max months in steps of 0.1 (hs_planrun_time). Returns 0, or -1 with a message in err when n_min..n_max
 * holds fewer than two multiples of the block. */
int hs_planrun_opts(const hs_config *c, const hs_scenario *base, const double *target, int ntarget,
                    hs_plan_opts *po, char *err, size_t errlen);
void hs_planrun_free(hs_planrun *x); /* NULL is a no-op */

#endif
