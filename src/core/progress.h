/* progress.h — progress reports for long runs.
 *
 * On a terminal: one self-rewriting bar with rate and ETA, redrawn at most
 * 5 times a second. Elsewhere (Slurm logs, pipes): a plain line about every
 * 10 seconds. Disabled: silent. */
#ifndef HS_PROGRESS_H
#define HS_PROGRESS_H

#include <stdint.h>
#include <stdio.h>

typedef struct hs_progress {
    FILE *out;
    int enabled, tty;
    const char *label;
    uint64_t total;
    double start, last;
} hs_progress;

/* Start reporting `total` units of work to out at time `now` (seconds). */
void hs_progress_start(hs_progress *p, FILE *out, int enabled, const char *label, uint64_t total,
                       double now);
/* `done` units finished by time `now`. Cheap when nothing is due. */
void hs_progress_update(hs_progress *p, uint64_t done, double now);
/* Final line (terminal: completes the bar). */
void hs_progress_finish(hs_progress *p, uint64_t done, double now);

#endif
