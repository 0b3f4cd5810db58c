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

/* Copies src to dst (both HS_ERR_LEN bytes), writing control characters as
 * C escapes (\n, \r, \t, \xHH): a message is one line whatever a user's file
 * or value holds, e.g. a quoted CSV header name with a newline inside. */
static void escape_controls(char *dst, const char *src)
{
    size_t o = 0;
    for (const unsigned char *c = (const unsigned char *)src; *c; c++) {
        char esc[5];
        size_t len = 1;
        if (*c == '\n' || *c == '\r' || *c == '\t') {
            esc[0] = '\\';
            esc[1] = *c == '\n' ? 'n' : *c == '\r' ? 'r' : 't';
            len = 2;
        } else if (*c < 0x20 || *c == 0x7f) {
            snprintf(esc, sizeof esc, "\\x%02x", *c);
            len = 4;
        } else {
            esc[0] = (char)*c;
        }
        if (o + len >= HS_ERR_LEN)
            break;
        memcpy(dst + o, esc, len);
        o += len;
    }
    dst[o] = '\0';
}

void hs_errs_vadd(hs_errs *e, const char *file, int line, const char *fmt, va_list ap)
{
    if (!e)
        return;
    if (e->n >= HS_ERRS_CAP) {
        e->dropped++;
        return;
    }
    char raw[HS_ERR_LEN];
    size_t cap = sizeof raw;
    int k;
    if (line > 0)
        k = snprintf(raw, cap, "%s:%d: ", file ? file : "?", line);
    else
        k = snprintf(raw, cap, "%s: ", file ? file : "?");
    if (k < 0)
        k = 0;
    if ((size_t)k < cap)
        vsnprintf(raw + k, cap - (size_t)k, fmt, ap);
    escape_controls(e->msg[e->n++], raw);
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
