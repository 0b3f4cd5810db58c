/* results_int.h — private to results.c and results_prior.c. */
#ifndef HS_RESULTS_INT_H
#define HS_RESULTS_INT_H

#include <jansson.h>

#include "results.h"

/* ",%.10g", or ",NA" for a non-finite v (a CSV cell). */
void hs_results_num(hs_sbuf *b, double v);
/* A JSON number, or null for a non-finite v. */
json_t *hs_results_jnum(double v);

/* A scenario with a prior (design.md "Assurance"): in its summary.json
 * object o `assurance`, `prior`, the conditional power when asked and the
 * assurance ceiling; its prior_power.csv rows into b; the headline's
 * assurance figures into head (results_prior.c). */
void hs_results_prior(json_t *o, hs_sbuf *b, uint64_t pos, const hs_scenario *sc, const hs_acc *acc,
                      hs_headline *head);

#endif
