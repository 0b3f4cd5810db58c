/* report_int.h — internal to the report module (report.c, report_plot.c,
 * report_html.c); not a public API and not included elsewhere. The public
 * API is report.h.
 *
 * hs_rep is one report in progress: the results folder's tables and JSON
 * (owned by it, freed by report.c), the headline scenario and arms, and the
 * plots drawn so far. report.c reads the folder; report_plot.c writes and
 * runs the gnuplot scripts and records each plot drawn; report_html.c
 * writes the page from what was read and drawn. */
#ifndef HS_REPORT_INT_H
#define HS_REPORT_INT_H

#include <jansson.h>
#include <stddef.h>

#include "csvtab.h"
#include "sbuf.h"

#define HS_REP_PLOTS_MAX 16
#define HS_REP_TARGETS_MAX 16

typedef struct hs_rep_plot {
    char name[64];
    char title[160];
    char caption[1024];
} hs_rep_plot;

/* Published survival landmarks of an arm's model: S(t[i]) = s[i]. */
typedef struct hs_rep_targets {
    int n;
    double t[HS_REP_TARGETS_MAX], s[HS_REP_TARGETS_MAX];
    char source[256];
} hs_rep_targets;

typedef struct hs_rep {
    const char *dir, *gnuplot; /* dir: the folder read */
    const char *shown;         /* the results folder as the user named it */
    char plotdir[1300];        /* where plots are written: OUT/plots */
    char ioerr[512];           /* the first failed write ("plots/NAME: reason"), or "" */
    char plotfail[512];        /* the first failed plot ("plots/NAME.gp: why"), or "" */
    hs_csvtab *power, *km, *est, *hist, *plan, *sweep, *tornado;
    json_t *summary, *manifest, *planj;
    const char *cfg; /* manifest config_text, or "" */
    char scen[32];   /* headline scenario (text of power.csv's scenario column) */
    size_t hrow;     /* its row in power.csv */
    char arm[2][64]; /* control, experimental */
    int narm;
    hs_rep_plot plots[HS_REP_PLOTS_MAX];
    int nplots, nfailed, gp_ok;
    hs_sbuf notes; /* HTML list items: what could not be drawn */
} hs_rep;

/* ---- report.c: tables, JSON and config text of the results folder ---- */

/* Column index of name in t, or -1 (also for t NULL). */
int hs_rep_col(const hs_csvtab *t, const char *name);
/* Data rows of t, 0 for t NULL. */
size_t hs_rep_nrows(const hs_csvtab *t);
/* Copy src into dst (cap bytes, cap > 0), truncating; always terminated. */
void hs_rep_scopy(char *dst, size_t cap, const char *src);
/* Cell as a number; NAN if t is NULL, the column/row is missing, NA or not a number. */
double hs_rep_num(const hs_csvtab *t, size_t row, int col);
/* hs_rep_num by column name. */
double hs_rep_num_by(const hs_csvtab *t, size_t row, const char *name);
/* Cell text (owned by t); "" if t is NULL or the column/row is missing. */
const char *hs_rep_cell(const hs_csvtab *t, size_t row, int col);
/* Strip leading and trailing blanks (space, tab, CR) of s in place. */
void hs_rep_trim(char *s);
/* The next line of the text at *p into line (cut at cap - 1 characters),
 * trimmed; *p moves past it. Returns 0 at the end of the text. */
int hs_rep_next_line(const char **p, char *line, size_t cap);
/* [section] key of the run's config text into out (cap bytes; "" if absent).
 * Returns 0 if found, -1 if not. */
int hs_rep_cfg_get(const hs_rep *R, const char *section, const char *key, char *out,
                   size_t cap);
/* Published landmarks of arm a's model file (tg->n = 0 if none). */
void hs_rep_arm_targets(const hs_rep *R, int a, hs_rep_targets *tg);
/* String member key of object o (owned by o), or NULL (also for o NULL). */
const char *hs_rep_jstr(json_t *o, const char *key);
/* Number member key of object o, or NAN (also for o NULL). */
double hs_rep_jnum(json_t *o, const char *key);

/* ---- report_plot.c: gnuplot scripts, their data, and running gnuplot ---- */

/* Record the first failed write of the report (makes the report fail). */
void hs_rep_ioerr(hs_rep *R, const char *name, int err);
/* 1 if R->gnuplot --version runs and exits 0 (in R->plotdir, which must exist), else 0. */
int hs_rep_gnuplot_probe(const hs_rep *R);
/* Write every plot that R's tables allow to R->plotdir and, if R->gp_ok, draw
 * it; drawn plots go to R->plots, failures to R->nfailed and R->notes. */
void hs_rep_plot_all(hs_rep *R);

/* ---- report_html.c: the page ---- */

/* Append s to b with & < > " ' escaped (s NULL: nothing). */
void hs_rep_html_esc(hs_sbuf *b, const char *s);
/* Append the whole report.html for R (its plots inline) to b; b->failed on
 * out of memory. */
void hs_rep_html_write(hs_sbuf *b, hs_rep *R);

#endif
