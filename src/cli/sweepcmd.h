/* sweepcmd.h — `hifusim sweep CONFIG [options]`: a sensitivity sweep over
 * the config's [sweep] axes (sweep.h), whole or one task's share of it. */
#ifndef HS_SWEEPCMD_H
#define HS_SWEEPCMD_H

#include <stddef.h>

#include "sweep.h"

/* argv[0] is "sweep". Returns the exit code: 0 done, 1 runtime failure,
 * 2 bad usage or input, 3 interrupted with a checkpoint saved. Every rank
 * returns the same code. */
int hs_sweep_main(int argc, char **argv);

/* The next row of a sweep, in point order: *line (no newline) and *len,
 * valid until the next call, and its place "FILE:LINE" in where. Returns 1,
 * 0 at the end, or -1 with "PATH: reason" in where (read failure). */
typedef int (*hs_sweep_next_fn)(void *ctx, const char **line, size_t *len, char *where,
                                size_t wherelen);

/* Write sweep.csv (streamed from next(ctx), every point's rows),
 * tornado.csv, summary.json (hs_sweep_tab: O(axes) memory) and
 * manifest.json (the given text) into dir, all or nothing, then print the
 * headline to stdout unless quiet. Prints its own errors to stderr
 * ("FILE:LINE: what; expected" for a bad row). Returns 0, 1 on failure or
 * 2 when the rows are malformed, out of order or incomplete. Shared with
 * `merge`. */
int hs_sweepcmd_finish(hs_sweep_next_fn next, void *ctx, const hs_sweep_meta *m, const char *dir,
                       const char *manifest, int quiet);

#endif
