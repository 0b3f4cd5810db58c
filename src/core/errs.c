/* errs.c — bounded list of input-error messages (see errs.h). */
#include "errs.h"

#include <stdarg.h>
#include <string.h>

void hs_errs_init(hs_errs *e)
{
    if (!e)
        return;
    e->n = 0;
    e->dropped = 0;
}

void hs_errs_vadd(hs_errs *e, const char *file, int line, const char *fmt, va_list ap)
{
    if (!e)
        return;
    if (e->n >= HS_ERRS_CAP) {
        e->dropped++;
        return;
    }
    char *m = e->msg[e->n++];
    size_t cap = HS_ERR_LEN;
    int k;
    if (line > 0)
        k = snprintf(m, cap, "%s:%d: ", file ? file : "?", line);
    else
        k = snprintf(m, cap, "%s: ", file ? file : "?");
    if (k < 0)
        k = 0;
    if ((size_t)k >= cap)
        return;
    vsnprintf(m + k, cap - (size_t)k, fmt, ap);
}

void hs_errs_add(hs_errs *e, const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hs_errs_vadd(e, file, line, fmt, ap);
    va_end(ap);
}

int hs_errs_full(const hs_errs *e)
{
    return e && e->n >= HS_ERRS_CAP;
}

void hs_errs_skip(hs_errs *e)
{
    if (e)
        e->dropped++;
}

int hs_errs_count(const hs_errs *e)
{
    return e ? e->n + e->dropped : 0;
}

const char *hs_errs_get(const hs_errs *e, int i)
{
    if (!e || i < 0 || i >= e->n)
        return NULL;
    return e->msg[i];
}

int hs_errs_print(const hs_errs *e, FILE *f)
{
    if (!e)
        return 0;
    for (int i = 0; i < e->n; i++)
        fprintf(f, "%s\n", e->msg[i]);
    if (e->dropped > 0)
        fprintf(f, "... and %d more error%s\n", e->dropped, e->dropped == 1 ? "" : "s");
    return hs_errs_count(e);
}

void hs_err_set(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}
