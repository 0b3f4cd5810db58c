/* sbuf.c — see sbuf.h. */
#include "sbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

static int reserve(hs_sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->failed = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

int hs_sbuf_append(hs_sbuf *b, const char *data, size_t n)
{
    if (reserve(b, n) != 0)
        return -1;
    memcpy(b->s + b->len, data, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

int hs_sbuf_printf(hs_sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || reserve(b, (size_t)n) != 0) {
        b->failed = 1;
        return -1;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

void hs_sbuf_clear(hs_sbuf *b)
{
    b->len = 0;
    if (b->s)
        b->s[0] = '\0';
}

void hs_sbuf_free(hs_sbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

int hs_sbuf_read_file_max(hs_sbuf *b, const char *path, size_t limit)
{
    size_t len;
    char *text = hs_fileio_slurp(path, limit, &len, NULL, 0); /* the one bounded reader */
    if (!text)
        return -1; /* errno set; nothing appended */
    int rc = hs_sbuf_append(b, text, len);
    free(text);
    if (rc != 0)
        errno = ENOMEM;
    return rc;
}

int hs_sbuf_read_file(hs_sbuf *b, const char *path)
{
    return hs_sbuf_read_file_max(b, path, HS_FILEIO_ANY_MAX);
}

char *hs_sbuf_slurp(const char *path, size_t *len)
{
    return hs_fileio_slurp(path, HS_FILEIO_ANY_MAX, len, NULL, 0);
}
