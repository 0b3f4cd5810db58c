/* merge.h — `hifusim merge DIR... [--out OUT]`: combine the task folders of
 * a sweep split with --task/--tasks into the files a one-process sweep
 * writes (byte-identical, except manifest.json). */
#ifndef HS_MERGE_H
#define HS_MERGE_H

/* argv[0] is "merge". Each DIR is a sweep folder (its tasks/task-K-of-T/
 * folders are used) or one task folder. Returns the exit code: 0 done,
 * 1 runtime failure, 2 bad usage or input (missing, duplicate or
 * mismatched tasks, malformed files). Serial: no MPI. */
int hs_merge_main(int argc, char **argv);

#endif
