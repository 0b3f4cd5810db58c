/* analyze_tests.h — `analyze --test SPEC` (repeatable): the tests of
 * design.md ("Tests") on one data set with two groups, group 0 the control
 * and group 1 the experimental group (analyze's --control logic).
 *
 * Every z is positive when the experimental group does better. p is
 * two-sided, p_one_sided is in favour of the experimental group:
 *   logrank, fh, mwlr  z = -U / sqrt(V) (wlr.h), stratified as survdiff when
 *                      the data have strata; p = 2 Phi(-|z|), p1 = Phi(-z)
 *   cox                the caller's z (Wald z of the group term, or the
 *                      score z where the likelihood is monotone)
 *   maxcombo           z = the component largest in |Z_k|, signed;
 *                      p = 1 - P(all |Z_k| <= max_k |z_k|),
 *                      p1 = 1 - P(all Z_k <= max_k z_k), Z ~ N(0, R) with R
 *                      the FH correlation matrix (hs_wlr_corr), by mvn.h
 *   rmst, milestone    rmst.h, unstratified (a note says so when the data
 *                      have strata); `rmst` without TAU runs to --tau, else
 *                      to the smaller of the groups' last observed times.
 * A z that cannot be computed (no variance, S(T) = 0 or 1, ...) is NAN and
 * so are its p-values; the note says why where rmst.h does.
 */
#ifndef HS_ANALYZE_TESTS_H
#define HS_ANALYZE_TESTS_H

#include "errs.h"
#include "survdata.h"
#include "testspec.h"

#define HS_ATEST_MAX 16 /* --test options */

typedef struct hs_atest {
    hs_testspec spec;
    double z, p, p_one_sided;
    double tau;                          /* rmst: the tau used; else NAN */
    int ncomp;                           /* maxcombo: components */
    double comp_z[HS_TESTSPEC_MAXCOMP];  /* maxcombo: component z (design sign) */
    char note[200];                      /* "" or what the reader must know */
} hs_atest;

/* Parse the n --test texts into spec[0..n-1]. Every bad spec, every
 * duplicate (same normalised text) and more than HS_ATEST_MAX tests are
 * added to e as "--test: ..." lines. Returns the number of errors added. */
int hs_analyze_tests_parse(const char *const *text, int n, hs_testspec *spec, hs_errs *e);

/* Run the n tests on w (2 groups; strata as loaded). tau: --tau, or NAN
 * for the default; zcox: the Cox z for a `cox` spec (design sign).
 * Problems that make the request impossible (not two groups, no positive
 * default tau) go to e as "--test: ..." lines, with where the path of the
 * data (for the groups). Returns the number of errors added. */
int hs_analyze_tests_run(hs_survdata *w, const hs_testspec *spec, int n, double tau, double zcox,
                         hs_atest *out, hs_errs *e);

#endif
