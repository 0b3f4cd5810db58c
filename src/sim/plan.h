/* plan.h — the adaptive sample-size search behind `hifusim plan`.
 *
 * A coarse grid of N over [n_min, n_max] (multiples of `unit`, the
 * allocation block) with replicates_coarse replicates each; then, for each
 * target power, the bracket of the first coarse crossing is re-evaluated
 * with replicates_fine and bisected down to one unit. Every N is simulated
 * with the same streams (common random numbers), so the curve is smooth and
 * nearly monotone. The search never runs a trial itself: it asks an
 * evaluation callback for batches of points, so it knows nothing of MPI.
 *
 * Interval for the recommended N: with the best-replicated estimate at each
 * evaluated N, sorted by N, n_low is where the Wilson 95% upper limit first
 * reaches the target and n_high where the lower limit first does (linear
 * interpolation between evaluated N, rounded outwards to the unit). */
#ifndef HS_PLAN_H
#define HS_PLAN_H

#include <stdint.h>

#define HS_PLAN_TARGETS_MAX 64

typedef struct hs_plan_point {
    int n;               /* patients (set by the search) */
    uint64_t replicates; /* requested (set by the search) */
    int stage;           /* 0 coarse, 1 fine, 2 analytic N (set by the search) */
    /* filled by the evaluation callback: */
    int events;          /* events:K designs: K at this n; else 0 */
    uint64_t rejections;
    double power, ci_low, ci_high; /* Wilson 95% */
    double events_mean;
    double duration_mean, duration_sd, duration_q025, duration_q500, duration_q975;
    double cond_power;   /* with a prior and conditional = yes: the power at the point
                          * estimates on the same patients; else NAN */
} hs_plan_point;

/* Evaluate pts[0..npts-1] (n, replicates and stage set) and fill in the
 * rest, identically on every caller (all ranks). Returns 0, or an exit
 * code that stops the search. */
typedef int (*hs_plan_eval_fn)(void *ctx, hs_plan_point *pts, int npts);

typedef struct hs_plan_opts {
    int n_min, n_max, unit, ncoarse; /* ncoarse >= 2 grid points */
    uint64_t replicates_coarse, replicates_fine;
    int ntarget;
    double target[HS_PLAN_TARGETS_MAX]; /* each in (0, 1) */
} hs_plan_opts;

typedef struct hs_plan_target {
    double target;
    int reached;            /* 1: a smallest N was found */
    int n, n_low, n_high;   /* recommended N and its MC interval */
    int at_n_min;           /* reached already at the smallest grid N */
    int high_capped;        /* the lower CI limit never reached the target: n_high = n_max */
    hs_plan_point at;       /* the fine evaluation at n */
    double max_power;       /* largest power estimate seen (all N) */
    int max_power_n;
} hs_plan_target;

typedef struct hs_plan_result {
    int npoints, cap;
    hs_plan_point *points;  /* every evaluation, in evaluation order */
    int ntarget;
    hs_plan_target target[HS_PLAN_TARGETS_MAX];
    int monotone;           /* 1 if neither the coarse nor the fine curve ever decreases */
    double max_drop;        /* largest decrease between neighbouring N of one curve */
    double max_drop_se;     /* that decrease in units of its MC SE (sqrt(p(1-p)/R) at the higher point) */
} hs_plan_result;

/* Run the search. The result owns its points (hs_plan_result_free).
 * Returns 0; -1 on bad options or out of memory; or the callback's code. */
int hs_plan_search(const hs_plan_opts *o, hs_plan_eval_fn eval, void *ctx, hs_plan_result *out);
/* Evaluate extra points (e.g. at the analytic N) through the same callback
 * and record them in the result. Returns 0, -1 or the callback's code. */
int hs_plan_extra(hs_plan_result *r, hs_plan_eval_fn eval, void *ctx, hs_plan_point *pts, int npts);
/* The point evaluated at n with the most replicates (stage <= 1 unless
 * any_stage), or NULL. */
const hs_plan_point *hs_plan_find(const hs_plan_result *r, int n, int any_stage);
void hs_plan_result_free(hs_plan_result *r); /* frees the points; NULL is a no-op */

#endif
