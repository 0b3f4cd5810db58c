/* testspec.h — the test specs of design.md ("Tests"): parse and normalise
 *
 *   logrank | cox | fh:RHO,GAMMA | mwlr:TSTAR | maxcombo |
 *   maxcombo:R1,G1+R2,G2+... | rmst | rmst:TAU | milestone:T
 *
 * Normalised text: numbers in their shortest round-trip form ("%.17g"
 * shortened; whole numbers below 10^15 plainly: 0.5, 1, 365, 1000000), "maxcombo" expands to its default
 * components "maxcombo:0,0+0,1+1,0+1,1", "rmst" stays "rmst" (TAU chosen by
 * the caller). Rules: RHO, GAMMA >= 0 and finite; TSTAR, TAU, T > 0 and
 * finite; MaxCombo has 2..HS_TESTSPEC_MAXCOMP distinct (RHO, GAMMA) pairs.
 * Names are lower case; no spaces inside a spec.
 */
#ifndef HS_TESTSPEC_H
#define HS_TESTSPEC_H

#include "wlr.h"

#include <stddef.h>

#define HS_TESTSPEC_MAXCOMP 8 /* = HS_WLR_MAX */
#define HS_TESTSPEC_TEXT 512  /* bytes of the normalised text, NUL included */

enum hs_test_kind {
    HS_TEST_LOGRANK = 0,
    HS_TEST_COX,
    HS_TEST_FH,
    HS_TEST_MWLR,
    HS_TEST_MAXCOMBO,
    HS_TEST_RMST,
    HS_TEST_MILESTONE
};

typedef struct hs_testspec {
    int kind;                               /* enum hs_test_kind */
    double rho, gamma;                      /* HS_TEST_FH */
    double tstar;                           /* HS_TEST_MWLR */
    double tau;                             /* HS_TEST_RMST; NAN when not given */
    double t;                               /* HS_TEST_MILESTONE */
    int ncomp;                              /* HS_TEST_MAXCOMBO: components (2..8) */
    double comp_rho[HS_TESTSPEC_MAXCOMP];   /* in the order given */
    double comp_gamma[HS_TESTSPEC_MAXCOMP];
    char text[HS_TESTSPEC_TEXT];            /* normalised spec */
} hs_testspec;

/* Parse one spec. Returns 0, or -1 with "what was wrong; what was expected"
 * in err (err may be NULL); *out is then a log-rank spec. */
int hs_testspec_parse(const char *spec, hs_testspec *out, char *err, size_t errlen);

/* Parse a space-separated list ([design] also_test) into out[0..max-1],
 * setting *n. Duplicates (same normalised text) are refused. Returns 0, or
 * -1 with the first problem in err. */
int hs_testspec_parse_list(const char *list, hs_testspec *out, int max, int *n, char *err, size_t errlen);

/* The kind's name as in a spec ("logrank", "fh", ...); "?" if unknown. */
const char *hs_testspec_kind_name(int kind);

/* 1 when the spec is a weighted log-rank family member served by wlr.h
 * (logrank, fh, mwlr, maxcombo), else 0. */
int hs_testspec_is_wlr(const hs_testspec *s);

/* The weighted log-rank scores a spec needs, into out[0..HS_TESTSPEC_MAXCOMP-1]:
 * logrank -> FH(0,0); fh -> FH(rho,gamma); mwlr -> MWLR(tstar); maxcombo ->
 * its components in order; other kinds -> none. Returns the count. */
int hs_testspec_wlr_specs(const hs_testspec *s, hs_wlr_spec *out);

/* One shared hs_wlr_run for several tests: the distinct scores all of
 * tests[0..ntests-1] need, into spec[0..*nspec-1] (at most HS_WLR_MAX), and
 * index[t * HS_TESTSPEC_MAXCOMP + c] = the position in spec of component c
 * of test t (components as hs_testspec_wlr_specs; unused entries -1).
 * Returns 0, or -1 ("what; expected" in err) when more than HS_WLR_MAX
 * distinct scores are needed. */
int hs_testspec_wlr_merge(const hs_testspec *tests, int ntests, hs_wlr_spec *spec, int *nspec, int *index,
                          char *err, size_t errlen);

#endif
