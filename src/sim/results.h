/* results.h — a run's result files: power.csv, km_bands.csv,
 * estimates.csv, summary.json (per-scenario rows, appended as each
 * scenario finishes); manifest.json is manifest.h's. Column reference: results/README.md.
 *
 * hist.csv holds each distribution's histogram, rebinned from the
 * accumulator's fine bins to at most HS_RES_HIST_BINS bins over its 0.1% to
 * 99.9% quantile range (bin edges on the fine grid; the tails fall into the
 * first and last bins).
 *
 * Rows are kept as text so that finished scenarios cost no accumulator
 * memory and travel in checkpoints unchanged. Numbers are printed with
 * %.10g (CSV) or jansson's %.17g (JSON): the same accumulators always give
 * the same bytes. */
#ifndef HS_RESULTS_H
#define HS_RESULTS_H

#include <stdint.h>

#include "acc.h"
#include "output.h"
#include "resfmt.h"
#include "results_prior.h"
#include "sbuf.h"
#include "scenario.h"

#define HS_RES_HIST_BINS 50

enum { HS_RES_POWER, HS_RES_KM, HS_RES_EST, HS_RES_JSON, HS_RES_HIST, HS_RES_STAGES, HS_RES_TESTS, HS_RES_PRIOR, HS_RES_NTEXT };

typedef struct hs_headline {
    int n;
    uint64_t replicates, rejections;
    double power, power_lo, power_hi;
    double events_mean, hr_median, median_os[2];
    double duration_mean;
    int nlooks;                  /* 1: a fixed design */
    double stop_interim_eff, stop_interim_fut; /* P(stop at an interim look), by kind */
    double expected_n;
    hs_prior_head prior;         /* with a prior: power is the assurance (results_prior.h) */
} hs_headline;

/* Append scenario `pos`'s rows, from its fully merged accumulators.
 * arm_name[0] control, [1] experimental. Fills *head. Returns 0 or -1 (out of memory). */
int hs_results_add(hs_sbuf text[HS_RES_NTEXT], uint64_t pos, const hs_scenario *sc,
                   const char *const arm_name[2], const hs_acc *acc, hs_headline *head);


/* Write every result file but manifest.json (manifest.h) under out (tmp
 * names; caller commits), for the run named run_name. Returns 0 or -1 with
 * out->err. */
int hs_results_write(hs_output *out, const hs_sbuf text[HS_RES_NTEXT], const char *run_name,
                     uint64_t seed, uint64_t replicates);

#endif
