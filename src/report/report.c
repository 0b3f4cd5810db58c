/* report.c — see report.h: the entry point. It drives the module's parts:
 * report_data reads the results folder (tables, JSON, the run's config and
 * the arms' model files), report_plot draws the plots through the gnuplot
 * runner report_gnuplot, and report_html writes the page from both. */
#include "report.h"
#include "errs.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "output.h"
#include "report_data.h"
#include "report_gnuplot.h"
#include "report_html.h"
#include "report_plot.h"
#include "report_stages.h"
#include "report_tests.h"
#include "sbuf.h"

int hs_report_write(const char *dir, const char *gnuplot, hs_report_info *info, char *err,
                    size_t errlen)
{
    return hs_report_write_into(dir, dir, dir, gnuplot, info, err, errlen);
}

/* Write report.html into out (G's plots drawn); the report's outcome. */
static int write_page(const hs_report_data *D, const hs_report_gnuplot *G, const char *out,
                      const char *shown, char *err, size_t errlen)
{
    char path[1200];
    hs_sbuf html = {0};
    hs_report_html_write(&html, D, G->figs, G->nfigs, G->plotdir, shown);
    snprintf(path, sizeof path, "%s/report.html", out);
    int rc = HS_REPORT_OK;
    if (G->ioerr[0] || G->plotfail[0]) {
        /* a report is complete or not written: the caller discards it */
        hs_err_set(err, errlen, "%s/%s", shown, G->ioerr[0] ? G->ioerr : G->plotfail);
        rc = HS_REPORT_FAILED;
    } else if (html.failed || hs_output_write_file(path, html.s, html.len) != 0) {
        hs_err_set(err, errlen, "%s/report.html: cannot write: %s", shown,
               html.failed ? "out of memory" : strerror(errno));
        rc = HS_REPORT_FAILED;
    } else if (!G->ok) {
        hs_err_set(err, errlen, "gnuplot ('%s') could not be run: no plots", G->gnuplot);
        rc = HS_REPORT_NOGNUPLOT;
    }
    hs_sbuf_free(&html);
    return rc;
}

int hs_report_write_into(const char *dir, const char *out, const char *shown, const char *gnuplot,
                         hs_report_info *info, char *err, size_t errlen)
{
    if (info)
        memset(info, 0, sizeof *info);
    hs_report_data D;
    char why[1400];
    int lrc = hs_report_data_load(&D, dir, why, sizeof why);
    if (lrc != HS_REPORT_DATA_OK) {
        hs_err_set(err, errlen, "%s", why);
        hs_report_data_free(&D);
        return lrc == HS_REPORT_DATA_NODIR ? HS_REPORT_NODIR : HS_REPORT_FAILED;
    }
    hs_report_stages_check(&D);
    hs_report_tests_check(&D);
    hs_report_gnuplot *G = calloc(1, sizeof *G);
    if (!G) {
        hs_err_set(err, errlen, "%s/report.html: cannot write: out of memory", shown);
        hs_report_data_free(&D);
        return HS_REPORT_FAILED;
    }
    G->data = &D;
    G->notes = &D.notes;
    G->gnuplot = gnuplot && *gnuplot ? gnuplot : "gnuplot";
    snprintf(G->plotdir, sizeof G->plotdir, "%s/plots", out);
    int rc;
    if (mkdir(G->plotdir, 0777) != 0 && errno != EEXIST) {
        hs_err_set(err, errlen, "%s/plots: cannot create: %s", shown, strerror(errno));
        rc = HS_REPORT_FAILED;
    } else {
        G->ok = hs_report_gnuplot_probe(G);
        if (!G->ok)
            hs_sbuf_printf(&D.notes,
                           "<li>gnuplot could not be run: the scripts are in plots/ but no "
                           "plot was drawn. Install gnuplot (Debian: gnuplot-nox) and run "
                           "<code>hifusim report</code> again.</li>\n");
        hs_report_plot_all(G);
        rc = write_page(&D, G, out, shown, err, errlen);
        if (info) {
            info->plots = G->nfigs;
            info->plots_failed = G->nfailed;
            snprintf(info->html, sizeof info->html, "%s/report.html", shown);
        }
    }
    free(G);
    hs_report_data_free(&D);
    return rc;
}
