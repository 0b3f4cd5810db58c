/* sbuf.h — a growable text buffer. */
#ifndef HS_SBUF_H
#define HS_SBUF_H

#include <stddef.h>

typedef struct hs_sbuf {
    char *s;    /* NUL-terminated; NULL until the first append */
    size_t len, cap;
    int failed; /* an allocation failed: the content is incomplete */
} hs_sbuf;

/* Append printf-formatted text. Returns 0, or -1 (and sets failed). */
int hs_sbuf_printf(hs_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append n bytes. Returns 0 or -1. */
int hs_sbuf_append(hs_sbuf *b, const char *data, size_t n);
void hs_sbuf_clear(hs_sbuf *b); /* empty, keep the memory */
void hs_sbuf_free(hs_sbuf *b);  /* release; the buffer is empty again */

#endif
