/* sweep_out.h — a sweep's tables from its rows in point order: sweep.csv,
 * tornado.csv, summary.json, sweep_wide.csv (sweep.h's hs_sweep_tab, O(axes) memory) and
 * manifest.json, staged in a locked output folder (output.h). Used by
 * `sweep` (one task) and `merge` (the tasks' shares). */
#ifndef HS_SWEEP_OUT_H
#define HS_SWEEP_OUT_H

#include <stddef.h>

#include "output.h"
#include "sweep.h"

/* The next row of a sweep, in point order: *line (no newline) and *len,
 * valid until the next call, and its place "FILE:LINE" in where. Returns 1,
 * 0 at the end, or -1 with "PATH: reason" in where (read failure). */
typedef int (*hs_sweep_next_fn)(void *ctx, const char **line, size_t *len, char *where,
                                size_t wherelen);

enum {
    HS_SWEEP_OUT_OK = 0,
    HS_SWEEP_OUT_FAIL = 1,   /* a read or write failed, or out of memory: err says why */
    HS_SWEEP_OUT_BADROW = 2, /* a malformed row: err is "FILE:LINE: what; expected" */
    HS_SWEEP_OUT_BADTAB = 3  /* the rows, out of order or incomplete: err says why */
};

/* Stage sweep.csv (the rows as next(ctx) gives them), tornado.csv,
 * summary.json, sweep_wide.csv and manifest.json (the given text, "{}" if NULL) in out; the
 * caller commits or discards. Fills *head on success. Returns an
 * HS_SWEEP_OUT_* status with the reason in err. */
int hs_sweep_out_stage(hs_output *out, hs_sweep_next_fn next, void *ctx, const hs_sweep_meta *m,
                       const char *manifest, hs_sweep_headline *head, char *err, size_t errlen);

#endif
