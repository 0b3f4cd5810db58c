/* priordraw.h — one replicate's draw from a scenario's prior (design.md
 * "Assurance"): the drawn values, and the scenario they give.
 *
 * Replicate r draws from its own stream (seed, scenario, r), at places the
 * patients never reach (scenario.h: prior_jump), one uniform per key and one
 * per fitted parameter, by inversion. So replicate r has the same patients
 * with and without the prior (common random numbers), and a key draws the
 * same values whatever other keys the prior has. */
#ifndef HS_PRIORDRAW_H
#define HS_PRIORDRAW_H

#include <stddef.h>
#include <stdint.h>

#include "scenario.h"

/* The drawn quantities of a scenario, in order: its keys (as written), the
 * parameters of each from_fit arm, then, when some drawn value bears on an
 * arm's survival, the drawn HR: the experimental over the control arm's
 * cumulative hazard at tau for the reference patient (covariates at their
 * first levels), which is the drawn hr for a proportional effect. */
int hs_priordraw_count(const hs_scenario *sc);
/* 1 when the last quantity is the drawn HR. */
int hs_priordraw_has_hr(const hs_scenario *sc);
/* Name of quantity q: the key, "arm.ARM.PARAMETER" of a fit, or "drawn_hr". */
const char *hs_priordraw_name(const hs_scenario *sc, int q);

typedef struct hs_priordraw {
    int nq;
    double value[HS_PRIOR_Q_MAX]; /* the drawn values (a fit's on its fitted scale) */
    double u[HS_PRIOR_Q_MAX];     /* each one's place in its own prior, in (0, 1): the
                                   * truncated CDF at the value (for a fitted parameter,
                                   * of its normal margin); NAN for the drawn HR */
} hs_priordraw;

/* Replicate r's draw: *out = base with the drawn values put in (out must
 * start as a copy of base; only the arms and the accrual change), the
 * values into *d. Allocates nothing. */
void hs_priordraw_run(const hs_scenario *base, uint64_t r, hs_scenario *out, hs_priordraw *d);

/* The assurance ceiling (design.md): the prior probability that the
 * drawn values favour the experimental arm, estimated as the share of the
 * draws of replicates 0 .. m - 1 whose drawn HR is below 1 (*se its Monte
 * Carlo SE); 1 (se 0) when no drawn value bears on an arm's survival. The
 * draws are the run's own (the same streams). Returns 0, or -1 out of memory. */
int hs_priordraw_ceiling(const hs_scenario *sc, uint64_t m, double *p, double *se);

#endif
