/* tap.c — see tap.h. */
#include "tap.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static int planned = -1;
static int ran;
static int failed;

void plan(int n)
{
    planned = n;
    printf("1..%d\n", n);
    fflush(stdout);
}

static int report(int pass, const char *fmt, va_list ap)
{
    ran++;
    if (!pass)
        failed++;
    printf("%sok %d - ", pass ? "" : "not ", ran);
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    return pass;
}

int ok(int pass, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(pass, fmt, ap);
    va_end(ap);
    return pass;
}

int is_double(double got, double want, double eps, const char *fmt, ...)
{
    int pass = (isnan(got) && isnan(want)) || (got == want) || fabs(got - want) <= eps;
    va_list ap;
    va_start(ap, fmt);
    report(pass, fmt, ap);
    va_end(ap);
    if (!pass)
        diag("got %.17g, want %.17g (tolerance %g)", got, want, eps);
    return pass;
}

int is_rel(double got, double want, double rel, const char *fmt, ...)
{
    double scale = fabs(want) > 1e-300 ? fabs(want) : 1e-300;
    int pass = (isnan(got) && isnan(want)) || (got == want) || fabs(got - want) <= rel * scale;
    va_list ap;
    va_start(ap, fmt);
    report(pass, fmt, ap);
    va_end(ap);
    if (!pass)
        diag("got %.17g, want %.17g (relative tolerance %g, off by %.3g)", got, want, rel,
             fabs(got - want) / scale);
    return pass;
}

int is_int(long long got, long long want, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report(got == want, fmt, ap);
    va_end(ap);
    if (got != want)
        diag("got %lld, want %lld", got, want);
    return got == want;
}

void diag(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("# ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    fflush(stdout);
}

int tap_done(void)
{
    if (planned != ran) {
        diag("planned %d checks but ran %d", planned, ran);
        return 1;
    }
    return failed ? 1 : 0;
}
