/* report_stages.h — the group-sequential part of a report (internal to the
 * report module), drawn from stages.csv (results/README.md) and the
 * summary.json figures expected_events, expected_duration, expected_n and
 * estimates_at: a boundary plot per scenario (plots/boundaries.gp, or
 * boundaries_S.gp with several scenarios: Z and HR bounds by look, with the
 * simulated stopping probabilities), the stage table and the expected trial
 * beside the fixed design's. A results folder without stages.csv gets none
 * of it, so its report is unchanged. */
#ifndef HS_REPORT_STAGES_H
#define HS_REPORT_STAGES_H

#include "report_gnuplot.h"

/* At most this many scenarios get a boundary plot (the table has them all). */
#define HS_REPORT_STAGES_PLOTS_MAX 4

/* Check D->stages: every column the report uses present, each cell a number
 * (NA or empty allowed where stages.csv may leave a value out), looks
 * 1, 2, ... in order per scenario. On the first fault, an HTML note saying
 * what is wrong and where (stages.csv:LINE), D->stages freed and set to
 * NULL: the report goes on without its group-sequential part. */
void hs_report_stages_check(hs_report_data *D);

/* The boundary plots of G->data's stages (nothing without stages.csv). */
void hs_report_stages_draw(hs_report_gnuplot *G);

/* The page's group-sequential section: expected events, duration and N
 * beside the fixed design's, the stopping-look sentence and the stage
 * table (nothing without stages.csv). */
void hs_report_stages_html(hs_sbuf *b, const hs_report_data *D);

#endif
