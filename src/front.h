/* front.h — pieces shared by the MPI front ends (run, plan, sweep). */
#ifndef HS_FRONT_H
#define HS_FRONT_H

#include "config.h"

/* Collective: every rank reads and resolves the config. Returns a new
 * config (free() it) when every rank succeeded; otherwise NULL on every
 * rank, after the lowest failing rank printed its errors to stderr (so a
 * fault only one rank sees is still reported exactly once). */
hs_config *hs_front_load_config(const char *path, const char *const *overrides, int noverrides);

/* Collective: 1 on every rank if `bad` is nonzero on any rank. Only the
 * lowest such rank gets *speak = 1 (the one that should print). */
int hs_front_any(int bad, int *speak);

/* Rank 0, after the result files are in place: write DIR/report.html and
 * DIR/plots/ (report.h) and say where, in one line. Never fatal: a missing
 * gnuplot or a failed report is one line on stderr. */
void hs_front_report(const char *dir);

#endif
