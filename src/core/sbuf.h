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
/* Append a whole file. Returns 0, or -1 with errno set (nothing appended
 * on a read error). */
int hs_sbuf_read_file(hs_sbuf *b, const char *path);
/* A whole file as a new NUL-terminated string (free() it), its length in
 * *len if len is not NULL; NULL with errno set if it cannot be read. */
char *hs_sbuf_slurp(const char *path, size_t *len);
void hs_sbuf_clear(hs_sbuf *b); /* empty, keep the memory */
void hs_sbuf_free(hs_sbuf *b);  /* release; the buffer is empty again */

#endif
