/* sweep_priv.h — what the parts of the sweep module (sweep_rows.c,
 * sweep_tab.c) share and nobody else uses: the row's CSV cells and the
 * parse of one row. Not for other modules. */
#ifndef HS_SWEEP_PRIV_H
#define HS_SWEEP_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "sbuf.h"
#include "sweep.h"

#define HS_SWEEP_BASE_FIELDS 15 /* fields of a row before the target columns */

/* Append ",V" (%.10g, or ",NA" if not finite) to b. */
void hs_sweep_num(hs_sbuf *b, double v);
/* Append ",V" to b, CSV-quoted if V holds ',', '"', CR, LF or edge spaces. */
void hs_sweep_quoted(hs_sbuf *b, const char *v);

/* One parsed row; strings point into the caller's buffer. */
typedef struct hs_sweep_prow {
    uint64_t point, R, k;
    int n, level; /* level -1: base row */
    const char *axis, *value;
    int tv[3 * HS_SWEEP_TARGETS_MAX];
    double med[2];    /* median_os_control, _experimental (NAN: NA) */
    size_t tail;      /* offset in the line of its field n (the 5th) */
} hs_sweep_prow;

/* Parse one row (no newline) with buf of len + 1 bytes. 0, or -1 with err. */
int hs_sweep_parse_row(const char *line, size_t len, int ntarget, char *buf, hs_sweep_prow *r,
                       char *err, size_t errlen);

#endif
