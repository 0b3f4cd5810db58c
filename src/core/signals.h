/* signals.h — SIGTERM, SIGINT and SIGUSR1 (Ctrl-C, Slurm's time limit and
 * preemption, scancel --signal) ask the run to checkpoint and stop. The
 * handler only sets a flag; the engine polls it between chunks.
 *
 * Exit codes of the MPI commands (run, sweep, plan) after such a signal:
 * 3 when a checkpoint was saved (run, sweep: continue with --resume);
 * 128 + the signal number (130 SIGINT, 143 SIGTERM, 138 SIGUSR1) when the
 * command stopped without one (plan, a sweep's target-power search). The
 * handlers are installed by hs_par_init before MPI starts, so a signal in
 * the first moments is not lost: the run checkpoints after its first round. */
#ifndef HS_SIGNALS_H
#define HS_SIGNALS_H

/* Install the handlers (SIGTERM, SIGUSR1, SIGINT). Returns 0 or -1. */
int hs_signals_install(void);
/* The signal number received, or 0. */
int hs_signals_pending(void);

#endif
