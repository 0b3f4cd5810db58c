/* report_prior.h — the report's view of an assurance run or plan (internal
 * to the report module; issue 16, design.md "Assurance"):
 *  - plots/prior_power: with prior_power.csv, the conditional power in each
 *    bin of the drawn HR (`drawn_hr`; without it, the file's first key) of
 *    the headline scenario against the bin's centre (geometric mean of its
 *    smallest and largest draw on a log axis, else their mean), with 95%
 *    Wilson bars; horizontal lines at the assurance (summary.json power)
 *    and, when run, at the power at the point estimates (conditional_power);
 *    underneath, on the same x axis, the prior density of the quantity:
 *    bin replicates / (bin width * all its replicates), the bins' edges
 *    halfway between neighbouring bins' extreme draws (the outer edges at
 *    the smallest and largest draw).
 *  - the page's assurance section: assurance, power at the point estimates
 *    (each with its Wilson 95% interval and Monte Carlo SE) and the
 *    ceiling, from summary.json, and the prior (keys, from_fit parameters
 *    with their SD); for a plan (plan.json "assurance": true) the ceiling.
 * Runs and plans without a prior show nothing of this. */
#ifndef HS_REPORT_PRIOR_H
#define HS_REPORT_PRIOR_H

#include "report_gnuplot.h"

/* plots/prior_power when DIR/prior_power.csv exists. A file that cannot be
 * read or fails the checks (its columns, whole-number bins and counts,
 * rejections <= replicates, power NA or in [0, 1], value_low <= value_high,
 * bins in increasing order) gives an HTML note naming FILE:LINE and no plot. */
void hs_report_prior_draw(hs_report_gnuplot *G);

/* The page's assurance section (nothing for a folder without a prior). */
void hs_report_prior_html(hs_sbuf *b, const hs_report_data *D);

/* summary.json's object of the headline scenario if it says "assurance":
 * true, else NULL (owned by D). */
json_t *hs_report_prior_scenario(const hs_report_data *D);

#endif
