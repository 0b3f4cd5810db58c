/* resfmt.h — numbers as the result files print them: a proportion with its
 * Monte Carlo SE and Wilson interval, CSV cells and JSON numbers. */
#ifndef HS_RESFMT_H
#define HS_RESFMT_H

#include <jansson.h>
#include <stdint.h>

#include "sbuf.h"

/* Wilson 95% interval for k successes in n trials. */
void hs_results_wilson(uint64_t k, uint64_t n, double *lo, double *hi);
/* The proportion p = k/n and its Monte Carlo SE sqrt(p(1-p)/n); NAN for n = 0. */
void hs_results_proportion(uint64_t k, uint64_t n, double *p, double *se);
/* ",%.10g", or ",NA" for a non-finite v (a CSV cell). */
void hs_results_num(hs_sbuf *b, double v);
/* A JSON number, or null for a non-finite v. */
json_t *hs_results_jnum(double v);

#endif
