/* sbuf.h — a growable text buffer. */
#ifndef HS_SBUF_H
#define HS_SBUF_H

#include <stddef.h>

#include "fileio.h" /* hs_fileio_strerror for the errors of hs_sbuf_read_file */

typedef struct hs_sbuf {
    char *s;    /* NUL-terminated; NULL until the first append */
    size_t len, cap;
    int failed; /* an allocation failed: the content is incomplete */
} hs_sbuf;

/* Append printf-formatted text. Returns 0, or -1 (and sets failed). */
int hs_sbuf_printf(hs_sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Append n bytes. Returns 0 or -1. */
int hs_sbuf_append(hs_sbuf *b, const char *data, size_t n);
/* Append a whole regular file of at most limit bytes (fileio.h: never
 * blocks on a FIFO, refuses devices, directories and sockets). Returns 0, or
 * -1 with errno set (nothing appended): HS_FILEIO_ENOTREG, EISDIR, EFBIG,
 * ENOENT, ELOOP, ...; hs_fileio_strerror() words them. */
int hs_sbuf_read_file_max(hs_sbuf *b, const char *path, size_t limit);
/* Same with the generous limit HS_FILEIO_ANY_MAX. */
int hs_sbuf_read_file(hs_sbuf *b, const char *path);
/* A whole regular file (limit HS_FILEIO_ANY_MAX) as a new NUL-terminated
 * string (free() it), its length in *len if len is not NULL; NULL with errno
 * set if it cannot be read (as hs_sbuf_read_file). */
char *hs_sbuf_slurp(const char *path, size_t *len);
void hs_sbuf_clear(hs_sbuf *b); /* empty, keep the memory */
void hs_sbuf_free(hs_sbuf *b);  /* release; the buffer is empty again */

#endif
