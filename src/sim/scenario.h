/* scenario.h — one fully resolved scenario: everything the engine needs to
 * simulate and analyse the replicates of one design point, as plain data.
 *
 * The engine knows nothing of files, configs or ranks: front ends turn a
 * config (plus sweep point and N) into an hs_scenario. Arm 0 is the control,
 * arm 1 the experimental arm. Times are in months. */
#ifndef HS_SCENARIO_H
#define HS_SCENARIO_H

#include <stdint.h>

#include "gsd.h"
#include "hazard.h"
#include "priorspec.h"
#include "rng.h"
#include "testspec.h"
#include "wlr.h"

#define HS_SC_COV_MAX 8
#define HS_SC_LEVELS_MAX 8
#define HS_SC_GRID_MAX 1024
#define HS_SC_LAND_MAX 32

/* The analysis: at the k-th event, at a calendar time after the first
 * entry, or a follow-up time after the last entry (followup:T). */
typedef enum hs_sc_cut { HS_SC_CUT_EVENTS, HS_SC_CUT_CALENDAR, HS_SC_CUT_FOLLOWUP } hs_sc_cut;
#define HS_SC_ALSO_MAX 12 /* tests recorded beside the deciding one (= HS_ALSO_MAX) */

typedef struct hs_sc_arm {
    hs_hazard model;                               /* baseline + HR multiplier */
    double beta[HS_SC_COV_MAX][HS_SC_LEVELS_MAX]; /* effect of level l (0 = reference) */
    double dropout_rate;                           /* per month, exponential */
    int weight;                                    /* allocation weight, >= 1 */
} hs_sc_arm;

typedef struct hs_scenario {
    uint64_t index;      /* stream key s: replicate r draws from stream (seed, s, r). Scenarios
                          * that differ only in N (or in a sweep value) share s, so they
                          * see common random numbers: patient i is the same patient. */
    uint64_t seed;       /* run seed */
    uint64_t replicates; /* replicates to simulate */
    int n;               /* patients per trial */

    int ncov;                                           /* covariates */
    int nlevels[HS_SC_COV_MAX];                         /* levels per covariate */
    double cum[HS_SC_COV_MAX][HS_SC_LEVELS_MAX];        /* cumulative level probabilities */

    hs_sc_arm arm[2];

    /* Accrual: uniform over accrual_months when naccrual == 0; otherwise a
     * piecewise-constant intensity accrual_rate[k] patients/month from
     * accrual_start[k] (accrual_start[0] = 0; the last piece is open). */
    double accrual_months;
    int naccrual;
    double accrual_start[HS_PIECES_MAX];
    double accrual_rate[HS_PIECES_MAX];

    hs_sc_cut cut;     /* analysis at the k-th event, a calendar time or after follow-up */
    double cut_value;  /* k (events), months after the first entry (calendar) or after
                        * the last entry (followup) */
    /* Tests (design.md "Tests"): test 0 decides; tests 1..nalso are the
     * also_test ones, each decided on the same replicate. An `rmst` without
     * TAU has tau = the scenario's tau. The weighted log-rank scores they
     * need come from one hs_wlr_run over wlr[0..nwlr-1]; component c of
     * test q is wlr[wlr_index[q * HS_TESTSPEC_MAXCOMP + c]]. */
    hs_testspec test;
    int nalso;
    hs_testspec also[HS_SC_ALSO_MAX];
    int nwlr;
    hs_wlr_spec wlr[HS_WLR_MAX];
    int wlr_index[(HS_SC_ALSO_MAX + 1) * HS_TESTSPEC_MAXCOMP];
    int breslow;       /* Cox ties: 0 Efron, 1 Breslow */
    int lean;          /* outputs = power: each replicate runs the deciding test only
                        * (no Cox estimate unless it decides, no KM, grid or landmarks) */
    double alpha;
    int sides;         /* 1: one-sided in favour of arm 1; 2: two-sided */
    int strata_cov;    /* covariate index that stratifies the analysis, or -1 */

    int ngrid;
    double grid[HS_SC_GRID_MAX]; /* times for the KM curve distribution */
    int nland;
    double land[HS_SC_LAND_MAX]; /* landmark times */
    double tau;                  /* RMST horizon */

    /* Group-sequential looks (design.md, "Designs beyond one fixed
     * analysis"). nlooks looks, the last being the analysis above; nlooks
     * == 1 is one fixed analysis, decided at alpha and sides as ever.
     * Interim look j < nlooks - 1 cuts at look_value[j]: an event count
     * (look_cut == HS_SC_CUT_EVENTS) or months after the first entry. When
     * `planned`, every look's information fraction is known in advance and
     * `bounds` holds the solved bounds; otherwise each trial's bounds are
     * solved for its observed fractions (events at the look over events at
     * the final analysis). */
    int nlooks;
    hs_sc_cut look_cut;
    double look_value[HS_GSD_LOOKS_MAX];
    double look_frac[HS_GSD_LOOKS_MAX]; /* event-driven looks under an event-driven
                                         * analysis: the fraction of its K, kept as
                                         * N (and K) move: look_value = ceil(frac K) */
    hs_gsd_spec gsd;      /* efficacy and futility rules; k = nlooks */
    int planned;
    hs_gsd_bounds bounds; /* when planned */
    double allocation_ratio; /* experimental : control weights, for hr_efficacy */

    /* Assurance (design.md "Assurance"). With a prior (hs_scenario_has_prior)
     * replicate r draws the prior's values from its own stream (priordraw.h)
     * and simulates the scenario they give; the patients are those of the
     * plain run. Arm bits: 1 the control, 2 the experimental arm. */
    hs_prior_spec prior;
    hs_rng_jump prior_jump[HS_PRIOR_KEYS_MAX + HS_PRIOR_FITS_MAX]; /* from the replicate
                                                                      * stream to each key's draws */
} hs_scenario;

/* The scenario draws a prior (nkeys + nfit > 0). */
static inline int hs_scenario_has_prior(const hs_scenario *sc)
{
    return sc->prior.nkeys + sc->prior.nfit > 0;
}

/* ceil(frac k), the interim look of an info:frac design with k final
 * events (to within 1e-9, so that 0.3 of 10 is 3). */
double hs_scenario_look_events(double frac, double k);

/* Change a scenario's N and, for an event-driven analysis, its final event
 * count K (else `events` is ignored): event-driven interim looks keep their
 * fractions of K (at ceil(frac K) events) and planned bounds are solved
 * again. Returns 0, or -1 with *why (no bounds, looks that collapse). */
int hs_scenario_resize(hs_scenario *sc, int n, double events, char *err, size_t errlen);

/* Check a scenario's internal consistency; returns 0, or -1 with a static
 * message in *why. Front ends report config errors with FILE:LINE before
 * this; this guards the engine's own assumptions. */
int hs_scenario_check(const hs_scenario *sc, char *err, size_t errlen);

struct hs_config;
/* The scenario of a config at its n_index-th N (design.n[n_index]), with
 * stream key `index` (0 for every N of a run: common random numbers).
 * The config must be resolved (valid). Returns 0, or -1 with *why. */
int hs_scenario_from_config(const struct hs_config *c, int n_index, uint64_t index,
                            hs_scenario *out, char *err, size_t errlen);

#endif
