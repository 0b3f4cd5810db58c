/* analyze_gsd.h — `hifusim analyze --looks ...`: a real data set analysed at
 * an interim (or final) look of a group-sequential design.
 *
 *   --looks info:F1,F2,... | events:E1,E2,...   interim looks before the final
 *   --final-events K                            planned events of the final look
 *   [--efficacy asof] [--futility none] [--futility-binding no] [--beta 0.2]
 *   [--alpha 0.025] [--sides 1]
 *
 * Same grammar as the [design] keys (design.md, "Group-sequential designs").
 * Spending-function approach: the data's event count D is the current look's
 * information, t = D / K. The current look is the first planned look with
 * planned events >= D (info:F plans ceil(F K) events), else the final; an
 * interim's fraction becomes D / K and earlier and later looks keep their
 * planned fractions. The final look is always at t = 1 (it spends the alpha
 * left), also when D differs from K. The bounds are solved with hs_gsd_solve
 * and the design's z (positive = benefit of the experimental group) is
 * compared with the current look's bounds. */
#ifndef HS_ANALYZE_GSD_H
#define HS_ANALYZE_GSD_H

#include "errs.h"
#include "gsd.h"

#include <jansson.h>
#include <stdio.h>

/* The option texts as given (NULL when absent). */
typedef struct hs_analyze_gsd_args {
    const char *looks, *final_events, *efficacy, *futility, *binding, *beta, *alpha, *sides;
} hs_analyze_gsd_args;

/* The design the options describe. */
typedef struct hs_analyze_gsd_plan {
    int on;                              /* --looks given (and valid) */
    int nint;                            /* interim looks */
    double planned[HS_GSD_LOOKS_MAX];    /* planned events per look, the final (K) included */
    double final_events;                 /* K */
    hs_gsd_spec spec;                    /* k and t are filled per evaluation */
    char looks_text[256], eff_text[64], fut_text[256];
} hs_analyze_gsd_plan;

typedef enum hs_analyze_gsd_decision {
    HS_ANALYZE_GSD_EFFICACY,  /* crosses the efficacy bound */
    HS_ANALYZE_GSD_FUTILITY,  /* crosses the futility bound (an interim) */
    HS_ANALYZE_GSD_CONTINUE,  /* an interim crossing neither */
    HS_ANALYZE_GSD_FINAL_NONE /* the final look does not cross the efficacy bound */
} hs_analyze_gsd_decision;

typedef struct hs_analyze_gsd_result {
    int look;                          /* current look, from 1 */
    double events;                     /* D */
    double info_frac;                  /* the current look's t */
    double z;                          /* the design's z */
    double z_eff, z_fut;               /* the current look's bounds (z_fut NAN at the final) */
    double events_at[HS_GSD_LOOKS_MAX]; /* planned events, D at the current look */
    hs_analyze_gsd_decision decision;
    hs_gsd_bounds b;
} hs_analyze_gsd_result;

/* Check the options into p. Every error goes to e as "--option: what;
 * expected" (all of them). Without --looks, any other of these options is an
 * error and p->on is 0. Returns 0 or -1. */
int hs_analyze_gsd_parse(const hs_analyze_gsd_args *a, hs_analyze_gsd_plan *p, hs_errs *e);

/* The current look for D events and z, its bounds and the decision. Returns
 * 0, or -1 with why in err (no bounds for the observed fractions). */
int hs_analyze_gsd_evaluate(const hs_analyze_gsd_plan *p, double events, double z, hs_analyze_gsd_result *r, char *err,
                     size_t errlen);

/* The decision as printed ("crosses the efficacy bound: stop for efficacy",
 * ...), into buf. */
void hs_analyze_gsd_decision_text(const hs_analyze_gsd_result *r, char *buf, size_t cap);

/* The bounds table and the decision; test names the statistic. */
void hs_analyze_gsd_print(FILE *f, const hs_analyze_gsd_plan *p, const hs_analyze_gsd_result *r, const char *test);

/* The JSON object "gsd" (new reference). */
json_t *hs_analyze_gsd_json(const hs_analyze_gsd_plan *p, const hs_analyze_gsd_result *r, const char *test);

#endif
