/* report_tests.h — the report's view of the trial's tests (internal to the
 * report module; issue 15):
 *  - plots/hr_time: the models' true marginal hazard ratio (experimental /
 *    control, each arm's hazard averaged over the covariate mix: analytic.h
 *    hs_analytic_marginal_hr) against follow-up time, log scale, HR = 1
 *    dashed, the analysis window shaded: from 0 to the headline scenario's
 *    mean study duration (summary.json duration_mean), else plan.json's
 *    mean analysis time at the first target's recommended N, else the
 *    calendar analysis time, else the end of the config's grid. Drawn for every
 *    folder whose config resolves (hs_report_data_config); otherwise a note.
 *  - plots/tests_power: with tests.csv, the power of each test of the
 *    headline scenario with its 95% Wilson interval (replicates from
 *    power.csv; power +- 1.96 power_se without them), the deciding test
 *    marked, alpha dashed and the [plan] target power dotted; and the page's
 *    table of every row of tests.csv with those intervals. */
#ifndef HS_REPORT_TESTS_H
#define HS_REPORT_TESTS_H

#include "report_gnuplot.h"

/* Check D->tests: columns scenario, test, rejections, power, power_se; at
 * least one row; rejections a whole number, power in [0, 1], power_se >= 0.
 * On the first fault, an HTML note naming it (tests.csv:LINE), D->tests
 * freed and set to NULL: the report goes on without the tests' part. */
void hs_report_tests_check(hs_report_data *D);

/* plots/hr_time (or a note), and plots/tests_power when tests.csv is there. */
void hs_report_tests_draw(hs_report_gnuplot *G);

/* The page's table of tests.csv (nothing without it). */
void hs_report_tests_html(hs_sbuf *b, const hs_report_data *D);

#endif
