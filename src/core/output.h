/* output.h — one writer per results folder, and result files replaced
 * together (design.md, "One writer per results folder").
 *
 * hs_output_begin() takes an exclusive lock on the folder (flock on
 * DIR/.lock, which then holds the holder's command, pid, host and start
 * time) and creates an empty staging folder beside it, on the same file
 * system. The command writes every result file into the staging folder
 * (hs_output_open/close, or any file under o->stage, such as the report),
 * and hs_output_commit() swaps the staged folder in as a whole: a reader
 * sees either the old file set or the new one, never a mix, and a failure
 * at any point leaves the folder as it was. hs_output_end() removes what
 * is left of the staging folder and releases the lock; if the process dies
 * the kernel releases the lock, and the next holder removes the stale
 * staging folders. See output.c for the swap and why it is safe. */
#ifndef HS_OUTPUT_H
#define HS_OUTPUT_H

#include <stdio.h>

#define HS_OUTPUT_FILES_MAX 32

/* What a command replaces in its folder (hs_output_begin's `replaces`). The
 * old folder's other entries (Slurm logs, tasks/, user files, .lock, and
 * .checkpoint unless replaced) are carried over into the new one. */
enum {
    HS_OUT_RESULTS = 1,    /* every result file any command writes (the whole file set) */
    HS_OUT_CHECKPOINT = 2, /* .checkpoint: a finished run drops its own checkpoint */
    HS_OUT_REPORT = 4      /* report.html and plots/ */
};

typedef struct hs_output {
    char dir[1024];   /* the folder as the user named it (for messages) */
    char real[1100];  /* its canonical path */
    char stage[1200]; /* the staging folder: write result files here */
    int lockfd, replaces, committed, nfiles;
    char name[HS_OUTPUT_FILES_MAX][128];
    int busy;         /* begin failed because another process holds the lock */
    char err[4096];   /* the first failure, one line without newline */
} hs_output;

/* Create dir (and its parents) if needed, lock it for `command` (e.g.
 * "hifusim run"), remove stale staging folders and temporary files of dead
 * holders, check that the entries it will replace are replaceable, and
 * create the staging folder. Returns 0, or -1 with o->err (o->busy = 1 when
 * the folder is in use: the caller exits 2). */
int hs_output_begin(hs_output *o, const char *dir, const char *command, int replaces);
/* Open NAME in the staging folder for writing. NULL on failure (o->err). */
FILE *hs_output_open(hs_output *o, const char *name);
/* Close a file from hs_output_open, checking every write. 0 or -1 (o->err). */
int hs_output_close(hs_output *o, FILE *f, const char *name);
/* Swap the staged folder in (see output.c). 0, or -1 with o->err and the
 * folder exactly as it was. */
int hs_output_commit(hs_output *o);
/* Empty the staging folder (keeps the lock): nothing staged so far is kept. */
void hs_output_discard(hs_output *o);
/* Remove the staging folder and release the lock. Safe after a failed begin. */
void hs_output_end(hs_output *o);
/* Remove a path and, for a directory, everything under it (no symlink is
 * followed). 0 or -1. */
int hs_output_rmtree(const char *path);
/* Write a whole file atomically (tmp + rename): 0 or -1 with errno set. */
int hs_output_write_file(const char *path, const void *data, size_t len);

#endif
