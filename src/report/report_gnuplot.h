/* report_gnuplot.h — the report's plot runner (internal to the report
 * module, on report_data.h): a plot is a gnuplot script NAME.gp over data
 * files NAME*.dat in DIR/plots/, both kept so that users can restyle and
 * redraw it (`cd DIR/plots && gnuplot NAME.gp`). gnuplot is run with
 * fork/exec (no shell), in DIR/plots, with only relative file names in its
 * scripts. Each plot family (report_surv.h, report_power.h, report_dist.h,
 * report_sweep.h) writes its files through these calls; every failed write
 * or drawing is recorded here and makes the whole report fail. */
#ifndef HS_REPORT_GNUPLOT_H
#define HS_REPORT_GNUPLOT_H

#include <stdio.h>

#include "report_data.h"

/* The plots of one report in progress. */
typedef struct hs_report_gnuplot {
    const hs_report_data *data; /* what is plotted */
    hs_sbuf *notes;             /* HTML list items: what could not be drawn */
    const char *gnuplot;        /* program name or path */
    char plotdir[1300];         /* where plots are written: OUT/plots */
    char ioerr[512];            /* the first failed write ("plots/NAME: reason"), or "" */
    char plotfail[512];         /* the first failed plot ("plots/NAME.gp: why"), or "" */
    int ok;                     /* gnuplot runs (hs_report_gnuplot_probe) */
    int nfailed;                /* scripts gnuplot failed on */
    int nfigs;
    hs_report_figure figs[HS_REPORT_FIGS_MAX]; /* the plots drawn, in order */
} hs_report_gnuplot;

/* 1 if G->gnuplot --version runs and exits 0 (in G->plotdir, which must exist), else 0. */
int hs_report_gnuplot_probe(const hs_report_gnuplot *G);

/* Record the first failed write of the report (makes the report fail). */
void hs_report_gnuplot_ioerr(hs_report_gnuplot *G, const char *name, int err);

/* Open plots/NAME.gp and write its preamble (SVG terminal, style); what:
 * one line for its header comment. NULL (and G->ioerr) if it fails. */
FILE *hs_report_gnuplot_open(hs_report_gnuplot *G, const char *name, const char *what);
/* Finish the script (a PNG copy), close it, run gnuplot on it if G->ok and
 * record the plot as drawn (title, caption: HTML) or failed. */
void hs_report_gnuplot_close(hs_report_gnuplot *G, FILE *f, const char *name, const char *title,
                             const char *caption);

/* The same for a script that writes NAME.svg and NAME.png itself (a
 * multiplot, which replot cannot redraw): no PNG copy is added. */
void hs_report_gnuplot_close_drawn(hs_report_gnuplot *G, FILE *f, const char *name,
                                   const char *title, const char *caption);

/* Open / close the data file plots/NAME (close: 0, or -1 and G->ioerr). */
FILE *hs_report_gnuplot_dat_open(hs_report_gnuplot *G, const char *name);
int hs_report_gnuplot_dat_close(hs_report_gnuplot *G, FILE *f, const char *name);
/* " %.10g" of v, or " NaN". */
void hs_report_gnuplot_dat_num(FILE *f, double v);

/* s as the body of a gnuplot single-quoted string: ' doubled, control
 * characters dropped, cut to fit cap bytes. */
void hs_report_gnuplot_quote(char *out, size_t cap, const char *s);

#endif
