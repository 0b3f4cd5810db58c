/* sweep.h — sensitivity sweeps: the [sweep] section expanded into points,
 * the split of points over tasks, and the result tables (sweep.csv,
 * tornado.csv, summary.json) built from the points' result rows.
 *
 * Grammar ([sweep] in a config; configs/README.md):
 *   design       = oneway | grid         (default oneway)
 *   target_power = P[, P...]            (optional; each in (0,1))
 *   axis.NAME  = KEY[, KEY...] : V1 | V2 | ...
 * KEY is any config key in --set form (section.key, arm.NAME.key); a point
 * sets every KEY of the axis to the same value. Values are separated by '|'
 * (they may contain ',' and ':'); an empty value is allowed.
 * One-way (tornado) design: point 0 is the base (no override), then each
 * axis in file order takes each of its values in order with the others at
 * base. Grid: every combination, the last axis varying fastest.
 * Task split: point p belongs to task p mod T (tasks numbered 0..T-1).
 *
 * Result rows (one per point, N and varied axis; the base point has axis
 * "base") are CSV text; the tables depend only on those rows, so a sweep
 * split over tasks and merged gives the same bytes as a one-process sweep. */
#ifndef HS_SWEEP_H
#define HS_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "errs.h"
#include "sbuf.h"

#define HS_SWEEP_AXES_MAX 31
#define HS_SWEEP_VALUES_MAX 16
#define HS_SWEEP_KEYS_MAX 4
#define HS_SWEEP_POINTS_MAX 1000000ULL
#define HS_SWEEP_AXIS_NAME_MAX 32
#define HS_SWEEP_TARGETS_MAX 8
#define HS_SWEEP_NOTES_MAX 6

typedef enum hs_sweep_design { HS_SWEEP_ONEWAY, HS_SWEEP_GRID } hs_sweep_design;

typedef struct hs_sweep_axis {
    char name[HS_SWEEP_AXIS_NAME_MAX];
    int line; /* line of the axis in the config (0: from --set) */
    int nkeys;
    char key[HS_SWEEP_KEYS_MAX][HS_SWEEP_KEY_MAX];
    int nvalues;
    char value[HS_SWEEP_VALUES_MAX][HS_SWEEP_VALUE_MAX];
} hs_sweep_axis;

typedef struct hs_sweep {
    hs_sweep_design design;
    int naxes;
    hs_sweep_axis axis[HS_SWEEP_AXES_MAX];
    uint64_t npoints;
    int ntarget;                          /* target powers for the N columns (0: none) */
    double target[HS_SWEEP_TARGETS_MAX];
} hs_sweep;
/* about 140 kB: allocate it. */

/* Expand c->sweep[] (c->source names the file in messages) into *s.
 * Returns 0, or -1 with "FILE:LINE: ...; expected ..." messages in errs.
 * A config without axes is an error (nothing to sweep). */
int hs_sweep_parse(const hs_config *c, hs_sweep *s, hs_errs *errs);

/* The value index of each axis at point p (level[a] = -1: axis a at base).
 * Returns the number of varied axes, or -1 if p >= s->npoints. */
int hs_sweep_point(const hs_sweep *s, uint64_t p, int level[HS_SWEEP_AXES_MAX]);

/* The point's overrides "KEY=VALUE" written into buf (cap bytes), pointers
 * appended to ov[0..max). Returns how many, or -1 if buf or ov is too small. */
int hs_sweep_overrides(const hs_sweep *s, const int level[HS_SWEEP_AXES_MAX], char *buf,
                       size_t cap, const char **ov, int max);

/* Points of task k (0 <= k < tasks): k, k + tasks, k + 2 tasks, ... */
uint64_t hs_sweep_task_size(uint64_t npoints, uint64_t k, uint64_t tasks);
uint64_t hs_sweep_task_point(uint64_t i, uint64_t k, uint64_t tasks); /* i-th point of task k */

/* A point's result at one N, as the engine reports it, and (with
 * s->ntarget targets) the point's smallest N reaching each target power
 * with its MC interval from the plan search (plan.h); -1: not reached
 * within [plan] n_max. */
typedef struct hs_sweep_result {
    int n;
    uint64_t replicates, rejections;
    double events_mean, hr_median, median_os[2]; /* control, experimental */
    int n_target[HS_SWEEP_TARGETS_MAX], n_target_low[HS_SWEEP_TARGETS_MAX],
        n_target_high[HS_SWEEP_TARGETS_MAX];
} hs_sweep_result;

/* Append point p's rows to rows (no header): one per varied axis (or one
 * "base" row) for this N. Returns 0 or -1 (out of memory). */
int hs_sweep_rows(const hs_sweep *s, uint64_t p, const hs_sweep_result *r, hs_sbuf *rows);

typedef struct hs_sweep_meta {
    hs_sweep_design design;
    uint64_t npoints;
    uint64_t config_hash;
    char name[HS_NAME_MAX];
    int ntarget;                          /* as hs_sweep.ntarget */
    double target[HS_SWEEP_TARGETS_MAX];
    int assurance;                        /* the config has a [prior]: powers are assurances */
    int nlog;                             /* axes over log-scale keys (hs_sweep_log_axis) */
    char logaxis[HS_SWEEP_AXES_MAX][HS_SWEEP_AXIS_NAME_MAX];
} hs_sweep_meta;

/* 1 if axis a sets only covariate effects (arm.ARM.COV.LEVEL: a log hazard
 * ratio, or a log time ratio for an AFT model) to numbers: sweep_wide.csv
 * then adds a column hr_AXIS = exp(value) beside the raw value. */
int hs_sweep_log_axis(const hs_sweep_axis *a);

/* Append the header line of sweep.csv (with its newline) for m's targets
 * to out. Returns 0 or -1 (out of memory). */
int hs_sweep_header(const hs_sweep_meta *m, hs_sbuf *out);

typedef struct hs_sweep_headline {
    int have_base;                /* one-way: the base point's first N */
    int n;
    double power, power_lo, power_hi;
    char top_axis[HS_SWEEP_AXIS_NAME_MAX]; /* largest swing at the first N ("" if none) */
    double top_min, top_max;
    int ntarget;                  /* N for each target power: */
    double target[HS_SWEEP_TARGETS_MAX];
    int base_n[HS_SWEEP_TARGETS_MAX], base_low[HS_SWEEP_TARGETS_MAX],
        base_high[HS_SWEEP_TARGETS_MAX]; /* one-way base point; -1 not reached or no base */
    char n_axis[HS_SWEEP_TARGETS_MAX][HS_SWEEP_AXIS_NAME_MAX]; /* largest N range ("" if none) */
    double n_min[HS_SWEEP_TARGETS_MAX], n_max[HS_SWEEP_TARGETS_MAX];
    int nnote; /* surprises explained, one sentence each (summary.json "notes") */
    char note[HS_SWEEP_NOTES_MAX][400];
} hs_sweep_headline;

/* Build sweep.csv, tornado.csv and summary.json (and sweep_wide.csv when
 * wide_csv is not NULL) from every point's rows
 * (rows of all points, sorted by point, in the order hs_sweep_rows made
 * them). Returns 0, or -1 with a message in err (malformed or incomplete
 * rows, out of memory). */
int hs_sweep_tables(const char *rows, size_t len, const hs_sweep_meta *m, hs_sbuf *sweep_csv,
                    hs_sbuf *tornado_csv, hs_sbuf *summary_json, hs_sbuf *wide_csv,
                    hs_sweep_headline *head, char *err, size_t errlen);

/* The tables built row by row, in O(axes x values x N values) memory
 * whatever the point count (sweep.csv itself is the rows after the header,
 * so the caller copies them). Feed every row (no newline) in point order
 * with hs_sweep_tab_row, then hs_sweep_tab_end. Both return 0, or -1 with
 * what is wrong ("...; expected ...", no location: the caller names the
 * file and line) in err. */
typedef struct hs_sweep_tab hs_sweep_tab;
hs_sweep_tab *hs_sweep_tab_new(const hs_sweep_meta *m); /* NULL: out of memory */
int hs_sweep_tab_row(hs_sweep_tab *t, const char *line, size_t len, char *err, size_t errlen);
int hs_sweep_tab_end(hs_sweep_tab *t, hs_sbuf *tornado_csv, hs_sbuf *summary_json,
                     hs_sbuf *wide_csv, hs_sweep_headline *head, char *err, size_t errlen);
/* sweep_wide.csv (wide_csv, may be NULL: not built): one row per point and
 * N, one column per axis (its value at the point; empty: at base, one-way),
 * hr_AXIS = exp(value) after each log-scale axis (meta logaxis), then
 * sweep.csv's columns from n on. It holds O(points) bytes. */
void hs_sweep_tab_free(hs_sweep_tab *t); /* NULL is a no-op */

/* Check one row (no newline) for ntarget target powers: its point and a key
 * "AXIS,LEVEL,N" that no other row of the same point may share. Returns 0,
 * or -1 with what is wrong in err. */
int hs_sweep_row_point(const char *line, size_t len, int ntarget, uint64_t *point, char *key,
                       size_t keylen, char *err, size_t errlen);

/* FNV-1a 64 of n bytes, continuing from h (start with HS_SWEEP_FNV_INIT):
 * the checksum of a share's part.csv, stored in its task.txt. */
#define HS_SWEEP_FNV_INIT 14695981039346656037ULL
uint64_t hs_sweep_fnv1a(uint64_t h, const void *data, size_t n);

#endif
