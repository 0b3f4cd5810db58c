/* errs.h — a bounded list of input-error messages.
 *
 * Library code appends one line per problem and carries on, so that every
 * error of a config and its model files is reported together; the front end
 * prints the list and exits 2. Each message reads
 *   FILE:LINE: what is wrong; what was expected
 * or, for input that has no line (command-line overrides),
 *   WHERE: what is wrong; what was expected       (e.g. WHERE = "--set a.b=c")
 * The list is a plain struct (no allocation); messages past HS_ERRS_CAP are
 * counted, not stored.
 *
 * The error convention of library code (every layer below cli/):
 *  1. Input errors -- text a user wrote (config, model or data files, options),
 *     where there may be many -- are appended to an hs_errs list, one
 *     "FILE:LINE: what; expected" line each; the function carries on to find
 *     the rest and returns 0 or -1 (or a count).
 *  2. A single failure -- of a computation, an I/O call or a check of values
 *     already in memory -- is the return value: 0 / -1, or an enum when the
 *     caller must act on the kind (hs_fit_status, hs_cox_status); its text, if
 *     any, goes to `char *err, size_t errlen` (err may be NULL), never printed.
 */
#ifndef HS_ERRS_H
#define HS_ERRS_H

#include <stdarg.h>
#include <stdio.h>

#define HS_ERRS_CAP 100 /* messages kept */
#define HS_ERR_LEN 384  /* bytes per message, including the NUL; longer ones are cut */

typedef struct hs_errs {
    int n;       /* messages stored, <= HS_ERRS_CAP */
    int dropped; /* messages past the cap (counted only) */
    char msg[HS_ERRS_CAP][HS_ERR_LEN];
} hs_errs;

/* Empty the list. */
/* printf into a caller's error buffer err[errlen] (the `char *err, size_t
 * errlen` convention); nothing when err is NULL or errlen 0. */
void hs_err_set(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void hs_errs_init(hs_errs *e);

/* Append "FILE:LINE: message" (line > 0) or "FILE: message" (line <= 0 or
 * file naming an option). fmt is printf-style. e == NULL is a no-op. */
void hs_errs_add(hs_errs *e, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Same with a va_list. */
void hs_errs_vadd(hs_errs *e, const char *file, int line, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* 1 when the list is full (further messages are only counted): callers
 * with costly messages may then call hs_errs_skip instead of formatting. */
int hs_errs_full(const hs_errs *e);
/* Count one error without storing it (as hs_errs_add does on a full list;
 * meant for a full list). */
void hs_errs_skip(hs_errs *e);

/* Total number of errors reported (stored + dropped). */
int hs_errs_count(const hs_errs *e);

/* Message i (0 <= i < e->n), or NULL. */
const char *hs_errs_get(const hs_errs *e, int i);

/* Print every stored message, one per line, then "... and K more errors" if
 * some were dropped. Returns the number of errors (as hs_errs_count). */
int hs_errs_print(const hs_errs *e, FILE *f);

#endif
