/* output.h — result files written all-or-nothing.
 *
 * Files are written under temporary names (".NAME.tmp") in the output
 * folder and renamed into place only by hs_output_commit(), after every file
 * has been written and flushed; hs_output_discard() removes them. A failed
 * run therefore never leaves a half-written result and earlier results stay
 * as they were. */
#ifndef HS_OUTPUT_H
#define HS_OUTPUT_H

#include <stdio.h>

#define HS_OUTPUT_FILES_MAX 32

typedef struct hs_output {
    char dir[1024];
    int nfiles;
    char name[HS_OUTPUT_FILES_MAX][128];
    char err[2048]; /* the first failure, "PATH: reason" */
} hs_output;

/* Create dir (and its parents) if needed. Returns 0, or -1 with o->err. */
int hs_output_begin(hs_output *o, const char *dir);
/* Open NAME for writing under its temporary name. NULL on failure (o->err). */
FILE *hs_output_open(hs_output *o, const char *name);
/* Close a file from hs_output_open, checking every write. 0 or -1 (o->err). */
int hs_output_close(hs_output *o, FILE *f, const char *name);
/* Rename every written file into place. 0 or -1 (o->err). */
int hs_output_commit(hs_output *o);
/* Remove the temporary files. */
void hs_output_discard(hs_output *o);
/* Write a whole file atomically (tmp + rename): 0 or -1 with errno set. */
int hs_output_write_file(const char *path, const void *data, size_t len);

#endif
