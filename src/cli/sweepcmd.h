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

/* Write sweep.csv, tornado.csv, summary.json (from every point's rows, see
 * hs_sweep_tables) and manifest.json (the given text) into dir, all or
 * nothing, then print the headline to stdout unless quiet. Prints its own
 * errors to stderr. Returns 0, or 1 on failure. Shared with `merge`. */
int hs_sweepcmd_finish(const char *rows, size_t len, const hs_sweep_meta *m, const char *dir,
                       const char *manifest, int quiet);

#endif
