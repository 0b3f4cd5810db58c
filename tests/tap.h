/* tap.h — a few-line TAP producer for the test programs.
 *
 * plan(n) first; every check prints "ok N - name" or "not ok N - name";
 * tap_done() returns the process exit status: 0 only if all planned checks
 * ran and passed. */
#ifndef HS_TAP_H
#define HS_TAP_H

/* CPU-time bounds in tests are for a plain optimised build; a sanitizer
 * build runs several times slower, so its bounds are scaled by this (still
 * far below what a quadratic algorithm takes). */
#if defined(__SANITIZE_ADDRESS__)
#define HS_TEST_CPU_SCALE 10.0
#else
#define HS_TEST_CPU_SCALE 1.0
#endif

void plan(int n);
int ok(int pass, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* |got - want| <= eps (absolute). NaN never passes unless both are NaN. */
int is_double(double got, double want, double eps, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* |got - want| <= rel * max(|want|, tiny). */
int is_rel(double got, double want, double rel, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int is_int(long long got, long long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int tap_done(void);

#endif
