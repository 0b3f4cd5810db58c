/* report_html.h — the report's page (internal to the report module, on
 * report_data.h). */
#ifndef HS_REPORT_HTML_H
#define HS_REPORT_HTML_H

#include "report_data.h"

/* Append the whole report.html for D to b: its plots figs[0..nfigs) inline
 * from plotdir/NAME.svg; shown names the results folder when the run has no
 * name. b->failed on out of memory. */
void hs_report_html_write(hs_sbuf *b, const hs_report_data *D, const hs_report_figure *figs,
                          int nfigs, const char *plotdir, const char *shown);

#endif
