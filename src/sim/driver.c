/* driver.c — see driver.h. */
#include "driver.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "engine.h"
#include "par.h"
#include "signals.h"

/* Rank 0: the reason the run stopped, into d->msg (the caller prints it). */
static void say(const hs_driver *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(const hs_driver *d, const char *fmt, ...)
{
    if (hs_par_rank() != 0 || !d->msg || d->msglen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, d->msglen, fmt, ap);
    va_end(ap);
}

static uint64_t *acc_array(void *ctx, int k, size_t *len) { return hs_acc_words(ctx, k, len); }

/* Sum every rank's accumulators onto rank 0 (the others are reset): counts
 * and histograms by integer sums at the narrowest exact width (par.h's
 * hs_par_sum_narrow, with work; NULL: 64 bits), the exact moments by one
 * reduction with their own carry-propagating operation (par.h), the prior
 * bins' extremes by min and max. No rank holds more than one image (mbuf).
 * Its cost goes to d->stats. */
static void reduce_acc(const hs_driver *d, hs_acc *acc, uint64_t *mbuf, uint64_t *work)
{
    if (hs_par_size() == 1)
        return;
    double t0 = hs_par_time();
    int narr = hs_acc_nwords(acc);
    uint64_t sent = hs_par_sum_narrow(narr, acc_array, acc, work), full = 0;
    for (int k = 0; k < narr; k++) {
        size_t len;
        hs_acc_words(acc, k, &len);
        full += 8 * (uint64_t)len;
    }
    size_t nm = hs_acc_moment_words_proper(acc);
    hs_acc_pack_moments(acc, mbuf);
    hs_par_sum_wide(mbuf, nm / HS_PAR_WIDE_WORDS);
    if (hs_par_rank() == 0)
        hs_acc_load_moments(acc, mbuf); /* the extremes: rank 0's own, reduced next */
    int nb = acc->pat[acc->nq];
    hs_par_min_f64(acc->pmin, (size_t)nb);
    hs_par_max_f64(acc->pmax, (size_t)nb);
    if (hs_par_rank() != 0)
        hs_acc_reset(acc);
    uint64_t rest = 8 * (uint64_t)nm + 16 * (uint64_t)nb;
    if (d->stats) {
        d->stats->reductions++;
        d->stats->reduction_bytes += sent + rest;
        d->stats->reduction_bytes_u64 += full + rest;
        d->stats->reduction_seconds += hs_par_time() - t0;
    }
}

static int save(const hs_driver *d, uint64_t pos, uint64_t done, hs_acc *acc)
{
    char err[1400];
    int rc = 0;
    if (hs_par_rank() == 0) {
        hs_ckpt_pos p = {pos, done};
        double t0 = hs_par_time();
        rc = hs_checkpoint_save(d->ckpt_path, &d->key, &p, &d->payload, acc, err, sizeof err);
        if (rc)
            say(d, "hifusim: %s", err);
        struct stat sb;
        if (rc == 0 && d->stats) {
            d->stats->checkpoints++;
            d->stats->checkpoint_seconds += hs_par_time() - t0;
            d->stats->checkpoint_bytes =
                stat(d->ckpt_path, &sb) == 0 && sb.st_size > 0 ? (uint64_t)sb.st_size : 0;
        }
    }
    return hs_par_agree(rc);
}

/* Bytes of one rank's accumulators: the summed arrays and the packed moments. */
static uint64_t acc_bytes(hs_acc *acc)
{
    uint64_t b = 8 * (uint64_t)hs_acc_moment_words(acc);
    for (int k = 0; k < hs_acc_nwords(acc); k++) {
        size_t len;
        hs_acc_words(acc, k, &len);
        b += 8 * (uint64_t)len;
    }
    return b;
}

void hs_driver_share(uint64_t done, uint64_t R, uint64_t C, int P, int rank, uint64_t *first,
                     uint64_t *count)
{
    uint64_t left = done < R ? R - done : 0, np = (uint64_t)P, r = (uint64_t)rank;
    if (left / np >= C) { /* a full round (without overflowing P * C) */
        *first = done + r * C;
        *count = C;
        return;
    }
    uint64_t q = left / np, m = left % np;
    *first = done + r * q + (r < m ? r : m);
    *count = q + (r < m ? 1 : 0);
}

/* Scenario `pos` from replicate `done` on: 0, 1 (failure) or 3 (signalled). */
static int run_one(const hs_driver *d, uint64_t pos, const hs_scenario *sc, uint64_t done,
                   const hs_ckpt *ck, uint64_t *progress_base)
{
    int P = hs_par_size(), rank = hs_par_rank();
    char why[256] = "";
    hs_engine *e = hs_engine_alloc(sc, why, sizeof why);
    hs_acc *acc = e ? hs_engine_acc(e) : NULL;
    uint64_t *mbuf = NULL, *work = NULL;
    int fail = e == NULL;
    if (e) {
        mbuf = malloc(hs_acc_moment_words(acc) * sizeof *mbuf);
        fail = !mbuf;
        if (P > 1)
            work = malloc(hs_par_narrow_words(hs_acc_nwords(acc), acc_array, acc) * sizeof *work);
        if (d->stats) {
            uint64_t b = acc_bytes(acc);
            if (b > d->stats->accumulator_bytes)
                d->stats->accumulator_bytes = b;
        }
        if (!fail && ck && rank == 0 && hs_checkpoint_restore(ck, acc) != 0) {
            snprintf(why, sizeof why, "the checkpoint's accumulators do not fit this scenario");
            fail = 1;
        }
    }
    /* bit 1: a rank has no scratch for the narrow sums; all then sum at 64 bits */
    int flags = hs_par_max_int((fail ? 1 : 0) | (P > 1 && !work ? 2 : 0));
    if (flags & 2) {
        free(work);
        work = NULL;
    }
    int rc = flags & 1;
    if (rc)
        say(d, "hifusim: scenario %" PRIu64 ": %s", pos, *why ? why : "failed");
    uint64_t R = sc->replicates, C = d->chunk;
    double last = hs_par_time();
    while (rc == 0 && done < R) {
        uint64_t first, count;
        hs_driver_share(done, R, C, P, rank, &first, &count);
        if (count > 0)
            hs_engine_run(e, first, count);
        done = (R - done) / (uint64_t)P < C ? R : done + (uint64_t)P * C;
        int want = hs_signals_pending() ? 2 : 0;
        if (!want && rank == 0 && d->ckpt_path && hs_par_time() - last >= d->ckpt_every)
            want = 1;
        want = hs_par_max_int(want);
        if (rank == 0 && d->progress)
            hs_progress_update(d->progress, *progress_base + done, hs_par_time());
        if (!want || done >= R)
            continue;
        if (d->ckpt_path) {
            reduce_acc(d, acc, mbuf, work);
            if (save(d, pos, done, acc) != 0) {
                rc = 1;
                break;
            }
            last = hs_par_time();
        }
        if (want == 2) {
            /* 3 only when a checkpoint was saved; without one (plan, a
             * sweep's target-power search) 128 + the signal, as a shell
             * reports a process the signal ended. */
            int sig = hs_par_max_int(hs_signals_pending());
            say(d,
                "hifusim: signal received; %s after %" PRIu64 " of %" PRIu64
                " replicates of scenario %" PRIu64 "%s",
                d->ckpt_path ? "checkpoint saved" : "stopped without a checkpoint", done, R, pos,
                d->ckpt_path ? "; continue with --resume" : "");
            rc = d->ckpt_path ? 3 : 128 + sig;
        }
    }
    if (rc == 0) {
        reduce_acc(d, acc, mbuf, work);
        rc = hs_par_agree(rank == 0 && d->done(d->ctx, pos, sc, acc) != 0);
        if (rc)
            say(d, "hifusim: out of memory while formatting results");
        *progress_base += R;
    }
    free(work);
    free(mbuf);
    hs_engine_free(e);
    return rc;
}

int hs_driver_run_gen(const hs_driver *d, hs_driver_get_fn get, void *gctx, uint64_t n,
                      const hs_ckpt *ck)
{
    hs_ckpt_pos start = {0, 0};
    int resuming = hs_par_rank() == 0 && ck && ck->data;
    if (resuming)
        start = ck->pos;
    resuming = hs_par_agree(resuming);
    hs_par_bcast(&start, sizeof start);
    if (start.scenario > n) {
        say(d, "hifusim: the checkpoint is past the end of this run");
        return 1;
    }
    hs_scenario *sc = malloc(sizeof *sc);
    if (hs_par_agree(sc == NULL)) {
        say(d, "hifusim: out of memory");
        free(sc);
        return 1;
    }
    uint64_t base = 0;
    int rc = 0, bad = 0;
    for (uint64_t s = 0; !bad && s < start.scenario; s++) {
        bad = hs_par_agree(get(gctx, s, sc) != 0);
        base += sc->replicates;
    }
    for (uint64_t s = start.scenario; !bad && rc == 0 && s < n; s++) {
        int here = resuming && s == start.scenario;
        bad = hs_par_agree(get(gctx, s, sc) != 0);
        if (!bad)
            rc = run_one(d, s, sc, here ? start.done : 0, here ? ck : NULL, &base);
    }
    if (bad) {
        say(d, "hifusim: a scenario could not be set up");
        rc = 1;
    }
    free(sc);
    return rc;
}

typedef struct list_src {
    const hs_scenario *list;
} list_src;

static int from_list(void *ctx, uint64_t pos, hs_scenario *out)
{
    *out = ((const list_src *)ctx)->list[pos];
    return 0;
}

int hs_driver_run(const hs_driver *d, const hs_scenario *list, uint64_t n, const hs_ckpt *ck)
{
    list_src src = {list};
    return hs_driver_run_gen(d, from_list, &src, n, ck);
}
