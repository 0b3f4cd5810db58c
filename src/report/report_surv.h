/* report_surv.h — the report's survival plots (internal to the report module). */
#ifndef HS_REPORT_SURV_H
#define HS_REPORT_SURV_H

#include "report_gnuplot.h"

/* The survival-curve distribution of arm a (0 control, 1 experimental) in
 * the headline scenario, from km_bands.csv: median curve, central 50% and
 * 95% of simulated trials, the other arm's median curve, and the published
 * landmarks of the arm's model file ([provenance] targets) when it has them.
 * With km_bands.csv's at_risk_any and at_risk_mean columns, each arm's
 * curve stops where follow-up ends (the last grid time before fewer than
 * half of the replicates have anyone at risk in that arm) and a table of
 * numbers at risk (the mean per trial, both arms, at the axis ticks) sits
 * under the plot, in plots/survival_ARM_atrisk.dat and, as an HTML table,
 * in the caption. */
void hs_report_surv_draw(hs_report_gnuplot *G, int a);

#endif
