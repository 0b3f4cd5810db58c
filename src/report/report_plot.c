/* report_plot.c — the report's plots, in the order the page shows them
 * (see report_plot.h). */
#include "report_plot.h"

#include "report_dist.h"
#include "report_power.h"
#include "report_prior.h"
#include "report_stages.h"
#include "report_surv.h"
#include "report_sweep.h"
#include "report_tests.h"

void hs_report_plot_all(hs_report_gnuplot *G)
{
    hs_report_stages_draw(G); /* group-sequential runs only: their key plot first */
    hs_report_surv_draw(G, 1);
    hs_report_surv_draw(G, 0);
    hs_report_tests_draw(G); /* the models' HR over time; power by test with tests.csv */
    hs_report_power_draw(G);
    hs_report_prior_draw(G); /* runs with a [prior] only (prior_power.csv) */
    hs_report_dist_draw(G);
    hs_report_sweep_draw(G);
}
