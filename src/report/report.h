/* report.h — plots and a self-contained HTML page from a results folder.
 *
 * hs_report_write() reads DIR's result files (power.csv, km_bands.csv,
 * estimates.csv, summary.json, manifest.json; hist.csv, plan.csv,
 * plan.json, sweep.csv, tornado.csv and a group-sequential run's stages.csv
 * when present), writes gnuplot
 * scripts and their data under DIR/plots/ (NAME.gp, NAME*.dat), runs
 * gnuplot on each to make NAME.svg and NAME.png, and writes DIR/report.html:
 * one file with the plots as inline SVG and no external reference. */
#ifndef HS_REPORT_H
#define HS_REPORT_H

#include <stddef.h>

enum {
    HS_REPORT_OK = 0,
    HS_REPORT_NODIR = 1,     /* DIR or its power.csv is missing: nothing written */
    HS_REPORT_FAILED = 2,    /* unreadable/malformed result file, a write or a plot failed */
    HS_REPORT_NOGNUPLOT = 3  /* gnuplot could not be run: report.html written without plots */
};

typedef struct hs_report_info {
    int plots;         /* plots embedded in report.html */
    int plots_failed;  /* gnuplot scripts that failed (their log: DIR/plots/NAME.log) */
    char html[1100];   /* path of report.html */
} hs_report_info;

/* Build DIR/plots/ and DIR/report.html. gnuplot: program name or path of
 * gnuplot (NULL means "gnuplot", looked up in PATH; run without a shell).
 * Returns an HS_REPORT_* code; on anything but OK, err holds a one-line
 * reason (no newline). info may be NULL. */
int hs_report_write(const char *dir, const char *gnuplot, hs_report_info *info, char *err,
                    size_t errlen);
/* The same, reading DIR's result files but writing plots/ and report.html
 * into the folder OUT (a staging folder, output.h); messages name the
 * written files under SHOWN (the folder the user knows). Every write is
 * checked: a failed write or plot (gnuplot's error, or an SVG or PNG that is
 * incomplete) makes the whole report HS_REPORT_FAILED with the first
 * failure in err, and the caller discards OUT: a report is complete or
 * not written. */
int hs_report_write_into(const char *dir, const char *out, const char *shown, const char *gnuplot,
                         hs_report_info *info, char *err, size_t errlen);

#endif
