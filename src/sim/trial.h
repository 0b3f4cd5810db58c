/* trial.h — one virtual trial: cohort, data cut, censoring, analyses.
 *
 * hs_trial_run() simulates replicate r of a scenario from its own stream
 * (seed, scenario index, r) and analyses it. The workspace is sized once per
 * scenario; a replicate allocates nothing. */
#ifndef HS_TRIAL_H
#define HS_TRIAL_H

#include <stdint.h>

#include "scenario.h"

typedef struct hs_trial hs_trial;

typedef struct hs_trial_result {
    int reject;        /* the test rejected H0 at alpha (sided as configured) */
    double z;          /* test statistic, negative favours arm 1: the log-rank z, or with
                        * test = cox the Wald z of the Cox fit, or its score z
                        * when the fit has no finite Wald z (cox_nonconverged) */
    double hr;         /* Cox HR estimate of arm 1 vs arm 0 (NAN if not estimable) */
    double log_hr_se;  /* its standard error on the log scale */
    int mc_reject;     /* test = maxcombo: its decision (a fixed design) */
    unsigned also_reject; /* bit i: also test i rejected H0 (at its own stopping look when
                           * group-sequential) */
    int cox_nonconverged; /* the Cox fit was tried and gave no finite estimate
                           * (monotone likelihood, no convergence, singular) */
    int events;        /* events observed at the data cut */
    int enrolled;      /* patients entered by the data cut */
    double duration;   /* calendar months from the first entry to the data cut */
    double median[2];  /* KM median per arm (INFINITY if not reached) */
    double rmst[2];    /* RMST to tau per arm */
    const double *km[2];   /* KM S(t) on the scenario grid per arm (ngrid values) */
    const double *land[2]; /* KM S(t) at the landmarks per arm (nland values) */
    const int *risk[2];    /* patients at risk (observed time >= t) at the grid times per arm */

    /* Group-sequential designs (sc->nlooks > 1). Everything above describes
     * the trial at the look where it stopped: `look` (0-based; nlooks - 1
     * when it ran to the final analysis), for `stop` = efficacy (reject),
     * futility, or none (the final look without a crossing). Per look
     * 0..look: the data at the cut and the bounds it was judged against
     * (z_eff INFINITY / z_fut -INFINITY where none; positive z = benefit). */
    int look;
    int stop; /* HS_TRIAL_STOP_* */
    int look_events[HS_GSD_LOOKS_MAX];
    int look_enrolled[HS_GSD_LOOKS_MAX];
    double look_time[HS_GSD_LOOKS_MAX];
    double look_zeff[HS_GSD_LOOKS_MAX];
    double look_zfut[HS_GSD_LOOKS_MAX];
    double look_info[HS_GSD_LOOKS_MAX]; /* information fraction the bounds used */
} hs_trial_result;

enum { HS_TRIAL_STOP_NONE, HS_TRIAL_STOP_EFFICACY, HS_TRIAL_STOP_FUTILITY };

/* Workspace for trials of this scenario (n, grid and landmark sizes). NULL on
 * out-of-memory. */
hs_trial *hs_trial_alloc(const hs_scenario *sc);
void hs_trial_free(hs_trial *t);
/* Simulate and analyse replicate r. The result's arrays point into t and
 * stay valid until the next call. Returns 0. */
int hs_trial_run(hs_trial *t, const hs_scenario *sc, uint64_t replicate, hs_trial_result *out);

#endif
