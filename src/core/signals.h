/* signals.h — SIGTERM and SIGUSR1 (Slurm preemption, scancel --signal)
 * ask the run to checkpoint and stop. The handler only sets a flag; the
 * engine polls it between chunks. */
#ifndef HS_SIGNALS_H
#define HS_SIGNALS_H

/* Install the handlers (SIGTERM, SIGUSR1, SIGINT). Returns 0 or -1. */
int hs_signals_install(void);
/* The signal number received, or 0. */
int hs_signals_pending(void);

#endif
