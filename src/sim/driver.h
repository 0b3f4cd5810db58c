/* driver.h — runs a list of scenarios over the ranks: chunks of
 * replicates, exact reductions onto rank 0, checkpoints and signals.
 *
 * Work split: scenario by scenario, replicates in chunks of `chunk`
 * (chunk c = replicates c*chunk ..). A round gives each rank one chunk;
 * after every round the ranks agree (one small allreduce) on whether to
 * checkpoint (interval elapsed on rank 0, or a signal on any rank). A
 * checkpoint reduces the accumulators onto rank 0, which saves them with the
 * position and the caller's text; the other ranks restart from zero.
 * Accumulators merge exactly, so results depend on neither the rank count,
 * the chunk size nor interruptions. All ranks must call hs_driver_run with
 * the same arguments (except `ck`, read on rank 0 only). */
#ifndef HS_DRIVER_H
#define HS_DRIVER_H

#include <stdint.h>

#include "acc.h"
#include "checkpoint.h"
#include "progress.h"
#include "sbuf.h"
#include "scenario.h"

/* Called on rank 0 with scenario `pos`'s fully merged accumulators, in
 * scenario order; records what it needs in the caller's payload (saved in
 * checkpoints). 0 or -1. */
typedef int (*hs_driver_done_fn)(void *ctx, uint64_t pos, const hs_scenario *sc,
                                 const hs_acc *acc);

/* What the reductions and checkpoints cost, for manifest.json (rank 0's
 * figures; filled when hs_driver.stats is not NULL, added to, so zero it
 * first). */
typedef struct hs_driver_stats {
    uint64_t reductions;          /* reductions that talked to other ranks (0 on one rank) */
    uint64_t reduction_bytes;     /* bytes rank 0 put into them, as sent (narrow widths) */
    uint64_t reduction_bytes_u64; /* the same with every count at 64 bits */
    double reduction_seconds;     /* wall seconds inside them */
    uint64_t checkpoints;         /* checkpoints saved */
    uint64_t checkpoint_bytes;    /* size of the last one's file (0: none) */
    double checkpoint_seconds;    /* wall seconds saving them */
    uint64_t accumulator_bytes;   /* one rank's accumulators (the largest scenario's) */
} hs_driver_stats;

typedef struct hs_driver {
    uint64_t chunk;        /* replicates per work unit, >= 1 */
    double ckpt_every;     /* seconds between checkpoints; 0 = every round */
    const char *ckpt_path; /* NULL: never checkpoint (signals then just stop: exit 3 without saving) */
    hs_ckpt_key key;
    hs_progress *progress; /* rank 0's, or NULL */
    hs_driver_done_fn done;
    void *ctx;
    hs_ckpt_payload payload; /* rank 0: the caller's finished work, saved with each checkpoint */
    char *msg;             /* rank 0: why the run stopped (1, 3, 128+signal), one line */
    size_t msglen;         /* without newline; the caller prints it. NULL/0: not kept */
    hs_driver_stats *stats; /* rank 0: costs added here, or NULL */
} hs_driver;

/* Run list[0..n-1]. With ck (rank 0, from hs_checkpoint_load) resume at
 * its position; the payload already holds the finished scenarios' output.
 * Returns, identically on every rank: 0 done, 1 failure, 3 interrupted by a
 * signal (checkpoint saved), 128 + signal (no checkpoint path); on any
 * but 0, rank 0 has the reason in d->msg. Prints nothing. */
int hs_driver_run(const hs_driver *d, const hs_scenario *list, uint64_t n, const hs_ckpt *ck);

/* The same with scenario `pos` made on demand by get(gctx, pos, out), on
 * every rank, in order (so a long list need not be held in memory). get
 * returns 0, or -1 (the run stops with 1; get leaves the message). */
typedef int (*hs_driver_get_fn)(void *gctx, uint64_t pos, hs_scenario *out);
int hs_driver_run_gen(const hs_driver *d, hs_driver_get_fn get, void *gctx, uint64_t n,
                      const hs_ckpt *ck);
/* Rank `rank` of P's share of the round that starts at replicate `done` of
 * R, with chunk C: replicates *first .. *first + *count - 1 (count 0: none).
 * A full round (R - done >= P * C) gives each rank C in rank order; the
 * last, partial round is split evenly (counts differ by at most 1), so that
 * no rank waits for another's whole chunk at the end. Which rank simulates
 * a replicate never changes a result (each has its own stream). */
void hs_driver_share(uint64_t done, uint64_t R, uint64_t C, int P, int rank, uint64_t *first,
                     uint64_t *count);

#endif
