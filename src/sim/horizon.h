/* horizon.h — the survival grid a run uses when the config gives none.
 *
 * [design] grid, when not given, ends at the design's longest follow-up:
 * the expected calendar time of the (final) analysis from the first
 * patient's entry — calendar:T -> T; events:K -> the time at which the
 * models' expected events reach K (analytic.h, with the accrual, dropout
 * and covariate mix of the scenario) — rounded up to a whole 6 months. The
 * grid is then 0:T:1 (beyond 120 months in steps of ceil(T / 120), ending at T).
 * When that time cannot be found (the models never reach K expected
 * events, or the integration fails) the config's 0:60:1 stays. The RMST
 * horizon tau is not moved (config.h: the config grid's end, 60). */
#ifndef HS_HORIZON_H
#define HS_HORIZON_H

#include "config.h"
#include "scenario.h"

/* The design's longest follow-up in months, rounded up to a whole 6
 * months, for scenario sc: 0, or -1 (*months unspecified) if unknown. */
int hs_horizon_months(const hs_scenario *sc, double *months);

/* If c gives no [design] grid, replace sc's grid (built by
 * hs_scenario_from_config from c) by 0:T:step with T = hs_horizon_months.
 * A scenario without a grid (outputs = power) is left alone. */
void hs_horizon_apply(const hs_config *c, hs_scenario *sc);

#endif
