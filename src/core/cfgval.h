/* cfgval.h — typed values of config and model files: numbers with range and
 * finiteness checks, comma lists, ranges, piecewise START:VALUE lists, and
 * did-you-mean suggestions. Every failure appends one message
 * "FILE:LINE: KEY = 'VALUE': what is wrong; what was expected" to errs.
 * Grammar: configs/README.md. */
#ifndef HS_CFGVAL_H
#define HS_CFGVAL_H

#include <stddef.h>
#include <stdint.h>

#include "errs.h"

/* Sane magnitudes (configs/README.md, "Ranges"): every time in a config or
 * model file (durations, analysis times, grids, landmarks, tau, scales,
 * piecewise start times) is at most HS_TIME_MAX months; every hazard rate
 * (per month) at most HS_RATE_MAX; the median of a model's baseline lies in
 * [HS_MEDIAN_MIN, HS_MEDIAN_MAX] months (or is infinite for a curve with a
 * plateau). */
#define HS_TIME_MAX 1e5
#define HS_RATE_MAX 1e3
#define HS_MEDIAN_MIN 1e-3
#define HS_MEDIAN_MAX 1e5

/* One KEY = VALUE of a section, with its origin (line 0: file names an
 * option such as "--set design.n=300"). used is set when a key is read. */
typedef struct hs_cfgval_entry {
    const char *section, *key, *value, *file;
    int line;
    int used;
} hs_cfgval_entry;

typedef enum hs_cfgval_status {
    HS_CFGVAL_OK,
    HS_CFGVAL_NOT_NUMBER,
    HS_CFGVAL_NOT_FINITE,
    HS_CFGVAL_OVERFLOW
} hs_cfgval_status;

/* The entry (section, key) among e[0..n), marked used, or NULL. */
hs_cfgval_entry *hs_cfgval_find(hs_cfgval_entry *e, int n, const char *section, const char *key);

/* Whole string as a finite double (strtod, surrounding blanks allowed). */
hs_cfgval_status hs_cfgval_double(const char *s, double *out);
/* Whole string as an unsigned 64-bit integer: decimal, or hex with 0x; no sign. */
hs_cfgval_status hs_cfgval_u64(const char *s, uint64_t *out);
/* The one whole-string integer parser for text the program or a user
 * wrote outside a config value (options, task files, CSV rows): digits of
 * `base` (10 or 16, no 0x) only — no blanks, no sign, nothing after — and
 * a value in [lo, hi]. NOT_NUMBER for anything else, OVERFLOW when the value
 * does not fit or is outside [lo, hi]. */
hs_cfgval_status hs_cfgval_whole(const char *s, int base, uint64_t lo, uint64_t hi, uint64_t *out);
const char *hs_cfgval_status_text(hs_cfgval_status st); /* "is not a number", ... */

/* text (part of e->value) as a number in [lo, hi]; an end is open when its
 * flag is set. Returns 0, or -1 after appending an error that uses expect. */
int hs_cfgval_number(const hs_cfgval_entry *e, const char *text, double lo, int lo_open, double hi,
                     int hi_open, const char *expect, double *out, hs_errs *errs);
/* Same for a whole number in [lo, hi]. */
int hs_cfgval_integer(const hs_cfgval_entry *e, const char *text, long long lo, long long hi,
                      const char *expect, long long *out, hs_errs *errs);

/* e->value as "x, y, ..." or (allow_range) START:STOP:STEP, inclusive, step
 * > 0; each value in [lo, hi] (lo open if lo_open); at most max values.
 * Returns 0 with *n set, or -1 after appending an error. */
int hs_cfgval_list(const hs_cfgval_entry *e, int allow_range, double lo, int lo_open, double hi,
                   const char *expect, double *out, int max, int *n, hs_errs *errs);

/* e->value as "0:V, START:V, ..." (starts from 0, increasing, at most
 * HS_TIME_MAX months, at most max pieces); values in [vlo, vhi] (vlo open if
 * vlo_open). Returns 0 or -1. */
int hs_cfgval_pieces(const hs_cfgval_entry *e, double vlo, int vlo_open, double vhi,
                     const char *vexpect, double *start, double *val, int max, int *n,
                     hs_errs *errs);

/* Split buf in place at sep into blank-trimmed tokens; returns the count, or
 * -1 if there are more than max. */
int hs_cfgval_split(char *buf, char sep, char **tok, int max);

/* Edit distance (Levenshtein 1966); strings over 200 bytes count as far. */
int hs_cfgval_distance(const char *a, const char *b);
/* The candidate closest to word when within distance max(2, len/3), or NULL. */
const char *hs_cfgval_suggest(const char *word, const char *const *cand, int ncand);
/* "a, b, c" into out (cap bytes, truncated). */
void hs_cfgval_join(char *out, size_t cap, const char *const *cand, int ncand);
/* " (did you mean 'x'?)" into out, or "" when nothing is close. */
void hs_cfgval_dym(char *out, size_t cap, const char *word, const char *const *cand, int ncand);

#endif
