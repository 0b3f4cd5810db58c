/* report_dist.h — the report's distribution plots (internal to the report module). */
#ifndef HS_REPORT_DIST_H
#define HS_REPORT_DIST_H

#include "report_gnuplot.h"

/* The distributions over simulated trials of the hazard-ratio estimate, the
 * median OS per arm, the study duration and (unless fixed by the design) the
 * events at analysis: histograms from hist.csv, else quantile boxes from
 * estimates.csv. */
void hs_report_dist_draw(hs_report_gnuplot *G);

#endif
