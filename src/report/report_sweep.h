/* report_sweep.h — the report's sweep plots (internal to the report module). */
#ifndef HS_REPORT_SWEEP_H
#define HS_REPORT_SWEEP_H

#include "report_gnuplot.h"

/* The tornado chart of tornado.csv (one-way sensitivity) and the heat map of
 * sweep.csv when the sweep varies exactly two axes. */
void hs_report_sweep_draw(hs_report_gnuplot *G);

#endif
