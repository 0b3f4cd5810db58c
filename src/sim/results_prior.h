/* results_prior.h — a scenario's assurance figures (design.md "Assurance"):
 * summary.json `assurance`, `prior`, `conditional_power*` and
 * `assurance_ceiling*`, and its prior_power.csv rows. */
#ifndef HS_RESULTS_PRIOR_H
#define HS_RESULTS_PRIOR_H

#include <jansson.h>
#include <stdint.h>

#include "acc.h"
#include "sbuf.h"
#include "scenario.h"

/* The headline's assurance figures. */
typedef struct hs_prior_head {
    int assurance;   /* a prior: the power is the assurance */
    int conditional; /* the power at the point estimates was run too */
    double cond_power, cond_lo, cond_hi;
    double ceiling;  /* share of draws with drawn HR < 1 (1: no drawn value bears on the effect) */
} hs_prior_head;

/* Into the scenario's summary.json object o, its prior_power.csv rows into b
 * (columns in results.c's header), the headline figures into head. */
void hs_results_prior(json_t *o, hs_sbuf *b, uint64_t pos, const hs_scenario *sc, const hs_acc *acc,
                      hs_prior_head *head);

#endif
