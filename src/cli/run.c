/* run.c — see run.h. The front end of the main job: options -> config ->
 * scenarios (one per N) -> driver (driver.h) -> result files (results.h). */
#include "run.h"

#include <getopt.h>
#include <jansson.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "config.h"
#include "driver.h"
#include "front.h"
#include "horizon.h"
#include "manifest.h"
#include "output.h"
#include "par.h"
#include "progress.h"
#include "results.h"
#include "signals.h"

typedef hs_front_opts run_opts;

static const char *usage_text =
    "usage: hifusim run CONFIG [--out DIR] [--replicates R] [--seed S] [--set KEY=VALUE]...\n"
    "                          [--resume] [--quiet] [--chunk C] [--checkpoint-every SEC] [--no-report]\n"
    "\n"
    "Simulate the config's trials and write results/<name>/ (or --out DIR):\n"
    "summary.json, power.csv, km_bands.csv, estimates.csv, hist.csv, manifest.json\n"
    "(tests.csv with also_test, stages.csv with looks, prior_power.csv with a [prior]),\n"
    "methods.md with headline.csv, headline.md and headline.rtf (a methods\n"
    "paragraph and the headline table for a protocol; also with --no-report),\n"
    "and report.html with plots/ (hifusim report; needs gnuplot).\n"
    "Run under MPI with mpirun -n P or srun; results do not depend on P.\n"
    "\n"
    "  --out DIR             output folder (default results/<[run] name>)\n"
    "  --replicates R        override [run] replicates\n"
    "  --seed S              override [run] seed\n"
    "  --set KEY=VALUE       override any config key (section.key=value; arm.NAME.key)\n"
    "  --resume              continue from DIR/.checkpoint if there is one\n"
    "  --quiet               no progress output\n"
    "  --chunk C             replicates per work unit (default 2048; results do not depend on it)\n"
    "  --checkpoint-every S  seconds between checkpoints (default 300; 0 = every round)\n"
    "  --no-report           do not write report.html and plots/\n"
    "  --also-conditional    with a [prior]: also the power at the point estimates, on the same\n"
    "                        patients (= --set prior.conditional=yes)\n"
    "Signals SIGTERM, SIGUSR1 and SIGINT save a checkpoint and exit with code 3.\n";

/* 0 ok, 2 bad usage (message printed on rank 0), -1 help printed. */
static int parse_args(int argc, char **argv, void *opts, int root)
{
    run_opts *o = opts;
    static const struct option longopts[] = {
        HS_FRONT_OUT,    HS_FRONT_REPLICATES, HS_FRONT_SEED,     HS_FRONT_SET,
        HS_FRONT_RESUME, HS_FRONT_QUIET,      HS_FRONT_CHUNK,    HS_FRONT_CKPT,
        HS_FRONT_NOREPORT, HS_FRONT_ALSOCOND, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    hs_front_opts_init(o, 2048);
    return hs_front_parse(o, argc, argv, "run", longopts, usage_text, NULL, NULL, root);
}

/* The run's checkpoint payload: the result files' text (results.h), then
 * every finished scenario's headline figures as hs_headline records (the
 * numbers themselves, for the per-N headline lines). */
enum { RUN_HEADS = HS_RES_NTEXT, RUN_NSEC };

typedef struct run_state {
    const run_opts *o;
    hs_front *f; /* config, output folder, checkpoint (front.h) */
    const hs_config *cfg;
    char outdir[1024], ckpt[1100];
    hs_sbuf text[RUN_NSEC];
    hs_headline head;
    hs_progress prog;
    hs_driver_stats stats; /* rank 0: reductions and checkpoints, for manifest.json */
} run_state;

/* hs_driver_done_fn: format a finished scenario's rows. */
static int scenario_done(void *ctx, uint64_t pos, const hs_scenario *sc, const hs_acc *acc)
{
    run_state *st = ctx;
    const hs_config *c = st->cfg;
    const char *names[2] = {c->arm[c->design.control].name, c->arm[c->design.experimental].name};
    if (hs_results_add(st->text, pos, sc, names, acc, &st->head) != 0)
        return -1;
    return hs_sbuf_append(&st->text[RUN_HEADS], (const char *)&st->head, sizeof st->head);
}

/* "%.1f months", or "not reached" for a median past the histogram (INFINITY/NAN). */
static const char *months(char *buf, size_t n, double v)
{
    if (isfinite(v))
        snprintf(buf, n, "%.1f months", v);
    else
        snprintf(buf, n, "not reached");
    return buf;
}

static void print_headline(const run_state *st)
{
    const hs_headline *h = &st->head;
    const hs_config *c = st->cfg;
    if (c->design.nn > 1) {
        /* one line per N (finished scenarios of earlier sessions included) */
        printf("     N  %s  95%% CI          events  HR median  duration%s\n", h->prior.assurance ? "assur" : "power",
               h->prior.assurance && h->prior.conditional ? "  power at point estimates" : "");
        const hs_sbuf *heads = &st->text[RUN_HEADS];
        for (size_t off = 0; off + sizeof(hs_headline) <= heads->len; off += sizeof(hs_headline)) {
            hs_headline s;
            memcpy(&s, heads->s + off, sizeof s);
            if (!(isfinite(s.power) && isfinite(s.events_mean) && isfinite(s.hr_median) &&
                  isfinite(s.duration_mean))) /* NA in power.csv: no line, as before */
                continue;
            printf("%6d  %.3f  %.3f-%.3f  %7.1f  %9.3f  %8.1f", s.n, s.power, s.power_lo,
                   s.power_hi, s.events_mean, s.hr_median, s.duration_mean);
            if (s.prior.assurance && s.prior.conditional)
                printf("  %.3f", s.prior.cond_power);
            printf("\n");
        }
    } else if (h->prior.assurance) {
        printf("assurance %.3f (95%% CI %.3f-%.3f) at N = %d, %llu replicates (power averaged over the [prior])\n",
               h->power, h->power_lo, h->power_hi, h->n, (unsigned long long)h->replicates);
    } else if (h->nlooks == 1 && isfinite(h->expected_n) && h->expected_n < h->n - 0.05) {
        /* a calendar analysis before the end of accrual (design.md "Timelines") */
        printf("power %.3f (95%% CI %.3f-%.3f) at N = %d planned, %.0f enrolled by the analysis "
               "(mean), %llu replicates\n", h->power, h->power_lo, h->power_hi, h->n, h->expected_n,
               (unsigned long long)h->replicates);
    } else {
        printf("power %.3f (95%% CI %.3f-%.3f) at N = %d, %llu replicates\n", h->power,
               h->power_lo, h->power_hi, h->n, (unsigned long long)h->replicates);
    }
    if (h->prior.assurance && h->prior.conditional)
        printf("power at the point estimates %.3f (95%% CI %.3f-%.3f)%s on the same patients; assurance ceiling %.3f (P(drawn HR < 1))\n",
               h->prior.cond_power, h->prior.cond_lo, h->prior.cond_hi, c->design.nn > 1 ? " at the last N" : "", h->prior.ceiling);
    else if (h->prior.assurance)
        printf("assurance ceiling %.3f (P(drawn HR < 1)); --also-conditional adds the power at the point estimates\n",
               h->prior.ceiling);
    char m0[32], m1[32];
    if (c->design.lean)
        printf("outputs = power: no curves, medians or HR estimates; events %.1f\n", h->events_mean);
    else
        printf("median OS%s: %s %s, %s %s (median over replicates); HR %.3f; events %.1f\n",
               c->design.nn > 1 ? " at the last N" : "", c->arm[c->design.control].name,
               months(m0, sizeof m0, h->median_os[0]), c->arm[c->design.experimental].name,
               months(m1, sizeof m1, h->median_os[1]), h->hr_median, h->events_mean);
    if (h->nlooks > 1)
        printf("group-sequential, %d looks%s: stopped at an interim for efficacy %.1f%%, for futility "
               "%.1f%%; expected events %.1f, duration %.1f months, N %.1f (the figures above are at the "
               "look where each trial stopped; stages.csv)\n",
               h->nlooks, c->design.nn > 1 ? " (last N)" : "", 100 * h->stop_interim_eff,
               100 * h->stop_interim_fut, h->events_mean, h->duration_mean, h->expected_n);
    printf("results in %s/\n", st->outdir);
}

/* manifest.json's own key of a run: the config text as run. */
static json_t *config_text(const hs_config *c)
{
    json_t *extra = json_object();
    json_object_set_new(extra, "config_text", json_string(c->text));
    return extra;
}

/* Rank 0 stages the result files and the report, then swaps them in
 * together (output.h). A failed report leaves the results without a report
 * (exit 1, as hifusim report would give). */
static int finish(run_state *st)
{
    int rc = 0, mrc = 0;
    long rss = hs_front_peak_rss();
    if (hs_par_rank() == 0) {
        hs_output *out = &st->f->out;
        hs_front_rep rep;
        memset(&rep, 0, sizeof rep);
        hs_manifest m;
        hs_front_manifest(st->f, "run", st->o, rss, &m);
        m.stats = &st->stats;
        if (hs_results_write(out, st->text, st->cfg->name, st->cfg->seed, st->cfg->replicates) != 0 ||
            hs_manifest_write(out, &m, config_text(st->cfg)) != 0) {
            fprintf(stderr, "hifusim: %s\n", out->err);
            rc = 1;
        } else {
            mrc = hs_front_methods(out);
            if (!st->o->no_report)
                hs_front_report(out, &rep);
            if (hs_output_commit(out) != 0) {
                fprintf(stderr, "hifusim: %s\n", out->err);
                rc = 1;
            }
        }
        if (rc == 0) {
            hs_progress_finish(&st->prog, st->prog.total, hs_par_time());
            print_headline(st);
            hs_front_report_print(&rep);
            rc = rep.rc ? rep.rc : mrc;
        }
    }
    return hs_par_max_int(rc);
}

/* The driver over the config's scenarios, one per N. Collective: 0, 1, 2
 * (a bad scenario, printed) or 3 (interrupted, checkpoint saved). */
static int simulate(run_state *st, hs_driver *d)
{
    const hs_config *c = st->cfg;
    hs_front *f = st->f;
    /* Scenarios first: a bad input must not leave even an empty output folder. */
    int rc = 0;
    int nsc = c->design.nn;
    hs_scenario *list = malloc((size_t)nsc * sizeof *list);
    for (int s = 0; rc == 0 && s < nsc; s++) {
        char why[256] = "";
        if (!list) {
            rc = 1;
        } else if (hs_scenario_from_config(c, s, 0, &list[s], why, sizeof why) != 0) {
            if (f->root)
                fprintf(stderr, "%s: scenario %d: %s\n", st->o->config, s, why);
            rc = 2;
        } else {
            hs_horizon_apply(c, &list[s]); /* the default grid ends at the longest follow-up */
        }
    }
    rc = hs_par_max_int(rc);
    /* The output folder must be writable before hours of work start; the
     * lock decides before any replicate runs; every rank learns it. */
    if (rc == 0)
        rc = hs_par_max_int(f->root ? hs_front_lock(f, st->outdir, "hifusim run",
                                                    HS_OUT_RESULTS | HS_OUT_CHECKPOINT | HS_OUT_REPORT,
                                                    st->o->resume ? st->ckpt : NULL, &d->key,
                                                    &d->payload)
                                    : 0);
    if (rc == 0) {
        hs_progress_start(&st->prog, stderr, f->root && !st->o->quiet, "hifusim run",
                          (uint64_t)nsc * c->replicates, f->t0);
        rc = hs_driver_run(d, list, (uint64_t)nsc, f->root && f->resumed ? &f->ck : NULL);
        if (rc != 0 && f->root && d->msg[0])
            fprintf(stderr, "%s\n", d->msg);
    }
    free(list);
    return rc;
}

int hs_run_main(int argc, char **argv)
{
    hs_front f;
    run_opts o = {0};
    int rc = hs_front_start(&f, &argc, &argv, parse_args, &o, &o);
    if (rc >= 0)
        return rc;

    run_state st = {.o = &o, .f = &f, .cfg = f.cfg};
    if (o.out)
        snprintf(st.outdir, sizeof st.outdir, "%s", o.out);
    else
        snprintf(st.outdir, sizeof st.outdir, "results/%s", f.cfg->name);
    snprintf(st.ckpt, sizeof st.ckpt, "%s/.checkpoint", st.outdir);
    char dmsg[1500] = "";
    hs_driver d = {o.chunk, o.ckpt_every, st.ckpt, {0, ""}, &st.prog, scenario_done, &st,
                   {st.text, RUN_NSEC}, dmsg, sizeof dmsg, &st.stats};
    hs_checkpoint_key(&d.key, hs_config_hash(f.cfg));
    hs_signals_install();

    rc = simulate(&st, &d);
    if (rc == 0)
        rc = finish(&st);
    for (int t = 0; t < RUN_NSEC; t++)
        hs_sbuf_free(&st.text[t]);
    return hs_front_end(&f, rc);
}
