/* report_plot.h — every plot of a report (internal to the report module):
 * the plot families report_surv, report_power, report_dist and report_sweep
 * run through the gnuplot runner report_gnuplot.h. */
#ifndef HS_REPORT_PLOT_H
#define HS_REPORT_PLOT_H

#include "report_gnuplot.h"

/* Write every plot that G->data's tables allow to G->plotdir and, if G->ok,
 * draw it; drawn plots go to G->figs, failures to G->nfailed and G->notes. */
void hs_report_plot_all(hs_report_gnuplot *G);

#endif
