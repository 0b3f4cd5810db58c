/* fileio.h — questions about files that several commands ask.
 *
 * Kept apart from the readers and writers so that every command answers
 * them the same way. */
#ifndef HS_FILEIO_H
#define HS_FILEIO_H

/* 1 when paths a and b name the same file (same device and inode, after
 * following symbolic links), 0 when they do not or either does not exist. */
int hs_fileio_same(const char *a, const char *b);

#endif
