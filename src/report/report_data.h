/* report_data.h — what a report shows, read from a results folder: its CSV
 * tables, its JSON, the run's config text (read with inifile.h, with the
 * run's "; --set" overrides applied), the arms' model landmarks (the model
 * files found as the config finds them, config.h), and the small text tools
 * both renderers share (HTML escaping, bounded copies). Internal to the
 * report module: the renderers report_plot.h and report_html.h sit on it and
 * report.c drives them; the public API is report.h.
 *
 * Layering inside src/report/: report_data < report_gnuplot < report_surv,
 * report_power, report_dist, report_sweep, report_stages (one plot family
 * each) < report_plot; report_stages < report_html; report.c on top. */
#ifndef HS_REPORT_DATA_H
#define HS_REPORT_DATA_H

#include <jansson.h>
#include <stddef.h>

#include "config.h"
#include "csvtab.h"
#include "inifile.h"
#include "model.h"
#include "sbuf.h"

#define HS_REPORT_FIGS_MAX 16
#define HS_REPORT_OVERRIDES_MAX 64

/* One drawn plot: DIR/plots/NAME.svg with its title and caption (HTML). */
typedef struct hs_report_figure {
    char name[64];
    char title[160];
    char caption[4096]; /* room for a small HTML table (the numbers at risk) */
} hs_report_figure;

/* A "--set section.key=value" line of the config text. */
typedef struct hs_report_override {
    char section[160], key[160], value[1024];
} hs_report_override;

typedef struct hs_report_data {
    const char *dir; /* the folder read */
    hs_csvtab *power, *km, *est, *hist, *plan, *sweep, *tornado;
    hs_csvtab *stages; /* stages.csv of a group-sequential run (report_stages.h), or NULL */
    hs_csvtab *tests;  /* tests.csv of a run with several tests (report_tests.h), or NULL */
    json_t *summary, *manifest, *planj;
    const char *cfg;  /* the run's config text (manifest config_text, or the config file), or "" */
    char *cfg_owned;  /* cfg when read from the config file (freed with the data) */
    hs_inifile *ini;  /* cfg as INI entries (NULL if cfg is "") */
    int nover;
    hs_report_override over[HS_REPORT_OVERRIDES_MAX]; /* cfg's "; --set" lines, in order */
    char scen[32];   /* headline scenario (text of power.csv's scenario column) */
    size_t hrow;     /* its row in power.csv */
    char arm[2][64]; /* control, experimental */
    int narm;
    hs_sbuf notes;   /* HTML list items: what could not be read or drawn */
} hs_report_data;

enum {
    HS_REPORT_DATA_OK = 0,
    HS_REPORT_DATA_NODIR = 1, /* no such folder, or no readable power/plan/sweep table */
    HS_REPORT_DATA_BAD = 2    /* power.csv empty or without scenario/power columns */
};

/* Read the results folder dir into D (which the caller frees with
 * hs_report_data_free, whatever the outcome). Returns an HS_REPORT_DATA_*
 * code; on anything but OK, err holds a one-line reason. */
int hs_report_data_load(hs_report_data *D, const char *dir, char *err, size_t errlen);
void hs_report_data_free(hs_report_data *D);
/* Take m (a reference is taken over) as D's manifest and read the run's
 * config again from it (config_text, else the config file): a merged sweep
 * takes its first task's manifest. 0, or -1 for m NULL. */
int hs_report_data_use_manifest(hs_report_data *D, json_t *m);

/* ---- tables ---- */

/* Column index of name in t, or -1 (also for t NULL). */
int hs_report_data_col(const hs_csvtab *t, const char *name);
/* The first of the NULL-terminated candidate column names present in t, or -1. */
int hs_report_data_col_any(const hs_csvtab *t, const char *const *names);
/* Data rows of t, 0 for t NULL. */
size_t hs_report_data_nrows(const hs_csvtab *t);
/* Cell as a number; NAN if t is NULL, the column/row is missing, NA or not a number. */
double hs_report_data_num(const hs_csvtab *t, size_t row, int col);
/* hs_report_data_num by column name. */
double hs_report_data_num_by(const hs_csvtab *t, size_t row, const char *name);
/* Cell text (owned by t); "" if t is NULL or the column/row is missing. */
const char *hs_report_data_cell(const hs_csvtab *t, size_t row, int col);

/* ---- JSON ---- */

/* String member key of object o (owned by o), or NULL (also for o NULL). */
const char *hs_report_data_jstr(json_t *o, const char *key);
/* Number member key of object o, or NAN (also for o NULL). */
double hs_report_data_jnum(json_t *o, const char *key);

/* ---- the run's config and the arms' models ---- */

/* [section] key of the run's config text, overrides applied, into out (cap
 * bytes; "" if absent). Returns 0 if found, -1 if not. */
int hs_report_data_cfg_get(const hs_report_data *D, const char *section, const char *key,
                           char *out, size_t cap);
/* Published landmarks of arm a's model file ([provenance] targets and
 * source; lm->n = 0 if the arm has no model file, it is not found, or it
 * has no targets). */
void hs_report_data_arm_landmarks(const hs_report_data *D, int a, hs_model_landmarks *lm);

/* The run's config resolved as `run` resolved it: the config text (with
 * its "; --set" overrides applied) parsed under the recorded config path
 * (manifest.json or plan.json "config"), so that its model files are found
 * as hs_config_find_model finds them, from the current folder. Returns 0,
 * or -1 with the first reason in why (no config text, a model file not
 * found, ...; *out is then unspecified). */
int hs_report_data_config(const hs_report_data *D, hs_config *out, char *why, size_t cap);

/* ---- text ---- */

/* Copy src into dst (cap bytes, cap > 0), truncating; always terminated. */
void hs_report_data_scopy(char *dst, size_t cap, const char *src);
/* Append s to b with & < > " ' escaped (s NULL: nothing). */
void hs_report_data_html_esc(hs_sbuf *b, const char *s);

#endif
