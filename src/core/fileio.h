/* fileio.h — questions about files that several commands ask, and the one
 * bounded reader every input goes through.
 *
 * Kept apart from the parsers and writers so that every command answers
 * them the same way. */
#ifndef HS_FILEIO_H
#define HS_FILEIO_H

#include <errno.h>
#include <stddef.h>

/* Size limits of what hifusim reads (bytes). */
#define HS_FILEIO_INI_MAX ((size_t)16 << 20)  /* config and model files (inifile.h has its own, smaller) */
#define HS_FILEIO_CSV_MAX ((size_t)1 << 30)   /* patient CSV for analyze and fit */
#define HS_FILEIO_ANY_MAX ((size_t)4 << 30)   /* checkpoints, sweep parts, results read back */

/* errno values with a meaning of their own here (hs_fileio_strerror):
 * HS_FILEIO_ENOTREG  the path is not a regular file (FIFO, device, socket);
 * EISDIR            it is a directory;
 * EFBIG             it is larger than the limit. */
#ifdef EMEDIUMTYPE
#define HS_FILEIO_ENOTREG EMEDIUMTYPE
#else
#define HS_FILEIO_ENOTREG EFTYPE
#endif

/* 1 when paths a and b name the same file (same device and inode, after
 * following symbolic links), 0 when they do not or either does not exist. */
int hs_fileio_same(const char *a, const char *b);

/* Open path for reading without ever blocking on it: open with O_NONBLOCK,
 * fstat, refuse anything but a regular file, then clear O_NONBLOCK. Returns
 * the descriptor (close it), or -1 with errno set (HS_FILEIO_ENOTREG,
 * EISDIR, ELOOP, ENOENT, ...). *size (if not NULL) gets the file's size. */
int hs_fileio_open_regular(const char *path, size_t *size);

/* The whole regular file `path` as a new NUL-terminated buffer (free() it),
 * read through hs_fileio_open_regular and never more than limit bytes; its
 * length in *len (if not NULL). On failure returns NULL with errno set
 * (EFBIG when the file holds more than limit bytes) and, if err is not
 * NULL, what was wrong in err (errlen bytes), without the path or what was
 * expected: "cannot open (No such file or directory)", "read error (Is a
 * directory)", "not a regular file (a FIFO, device or socket)", "file is
 * larger than N bytes", "read error (...)", "out of memory". */
char *hs_fileio_slurp(const char *path, size_t limit, size_t *len, char *err, size_t errlen);

/* strerror() that also names hifusim's own cases (HS_FILEIO_ENOTREG, EFBIG). */
const char *hs_fileio_strerror(int e);

#endif
