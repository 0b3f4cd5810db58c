/* report_power.h — the report's power curve (internal to the report module). */
#ifndef HS_REPORT_POWER_H
#define HS_REPORT_POWER_H

#include "report_gnuplot.h"

/* Power against N, from plan.csv if present, else from power.csv with
 * several N; dashed lines at the target powers (plan.json, else the config's
 * [plan] target_power) and the recommended N (plan.json). */
void hs_report_power_draw(hs_report_gnuplot *G);

#endif
