/* front.c — see front.h. */
#include "front.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "cfgval.h"
#include "manifest.h"
#include "methods.h"
#include "output.h"
#include "par.h"
#include "report.h"
#include "sweep_out.h"

/* Collective, after every rank loaded its config: the ranks must have
 * resolved the same one (design.md, "Ranks agree"). A job whose ranks read
 * different files (mpirun --wdir A ... : --wdir B ...) would blend two
 * designs. Returns 0 when they agree; else 1 on every rank, after rank 0
 * printed both hashes. */
static int ranks_differ(const hs_config *cfg, const char *path)
{
    uint64_t mine = hs_config_hash(cfg), other;
    int rank;
    if (hs_par_same_u64(mine, &rank, &other))
        return 0;
    if (hs_par_rank() == 0)
        fprintf(stderr,
                "%s: the ranks read different configs: config hash %016llx on rank 0, %016llx on "
                "rank %d; expected every rank to resolve the same config (same file contents, --set "
                "options and working folder)\n",
                path, (unsigned long long)mine, (unsigned long long)other, rank);
    return 1;
}

/* Collective: every rank reads and resolves the config. Returns a new
 * config (free() it) when every rank succeeded; otherwise NULL on every
 * rank, after the lowest failing rank printed its errors to stderr (so a
 * fault only one rank sees is still reported exactly once). */
static hs_config *load_config(const char *path, const char *const *overrides, int noverrides)
{
    hs_errs *errs = malloc(sizeof *errs);
    hs_config *cfg = malloc(sizeof *cfg);
    int bad = !errs || !cfg, speak;
    if (!bad) {
        hs_errs_init(errs);
        bad = hs_config_load(path, overrides, noverrides, cfg, errs) != 0;
    }
    if (hs_par_agree_first(bad, &speak)) {
        if (speak) {
            if (errs && cfg)
                hs_errs_print(errs, stderr);
            else
                fprintf(stderr, "hifusim: out of memory\n");
        }
        free(cfg);
        cfg = NULL;
    } else if (ranks_differ(cfg, path)) {
        free(cfg);
        cfg = NULL;
    }
    free(errs);
    return cfg;
}

int hs_front_output_begin(hs_output *out, const char *dir, const char *cmd, int replaces)
{
    if (hs_output_begin(out, dir, cmd, replaces) == 0)
        return 0;
    fprintf(stderr, "hifusim: %s\n", out->err);
    return out->busy ? 2 : 1;
}

void hs_front_report(const hs_output *out, hs_front_rep *r)
{
    char err[1400];
    hs_report_info info;
    memset(r, 0, sizeof *r);
    int rc = hs_report_write_into(out->stage, out->stage, out->dir, getenv("HIFUSIM_GNUPLOT"),
                                  &info, err, sizeof err);
    r->to_stderr = 1;
    if (rc == HS_REPORT_NOGNUPLOT) {
        snprintf(r->msg, sizeof r->msg,
                 "hifusim: gnuplot not found: report.html has no plots (CSV and JSON "
                 "results are complete)");
    } else if (rc != HS_REPORT_OK) {
        char path[1400];
        snprintf(path, sizeof path, "%s/report.html", out->stage);
        remove(path);
        snprintf(path, sizeof path, "%s/plots", out->stage);
        hs_output_rmtree(path);
        snprintf(r->msg, sizeof r->msg,
                 "hifusim: report not written: %s (the results are complete; hifusim report %s "
                 "tries again)",
                 err, out->dir);
        r->rc = 1;
    } else if (info.plots_failed) {
        snprintf(r->msg, sizeof r->msg,
                 "report: %s (%d plots); %d plot(s) failed (logs in %s/plots/)", info.html,
                 info.plots, info.plots_failed, out->dir);
        r->rc = 1;
    } else {
        snprintf(r->msg, sizeof r->msg, "report: %s (%d plots)", info.html, info.plots);
        r->to_stderr = 0;
    }
}

int hs_front_methods(const hs_output *out)
{
    char err[1600];
    if (hs_methods_write(out->stage, out->stage, err, sizeof err) == HS_METHODS_OK)
        return 0;
    fprintf(stderr,
            "hifusim: methods.md and headline tables not written: %s (the other results are "
            "complete; hifusim report %s writes them)\n",
            err, out->dir);
    return 1;
}

void hs_front_report_print(const hs_front_rep *r)
{
    if (r->msg[0])
        fprintf(r->to_stderr ? stderr : stdout, "%s\n", r->msg);
}

void hs_front_opts_init(hs_front_opts *o, uint64_t chunk)
{
    memset(o, 0, sizeof *o);
    o->chunk = chunk;
    o->ckpt_every = 300;
}

int hs_front_opt(hs_front_opts *o, int c, const char *arg, int root)
{
    uint64_t v;
    switch (c) {
    case HS_OPT_OUT:
        if (!arg || !*arg) {
            if (root)
                fprintf(stderr, "--out '': empty folder name; expected --out DIR with a folder name\n");
            return 1;
        }
        o->out = arg;
        return 0;
    case HS_OPT_RESUME: o->resume = 1; return 0;
    case HS_OPT_QUIET: o->quiet = 1; return 0;
    case HS_OPT_NOREPORT: o->no_report = 1; return 0;
    case HS_OPT_ALSOCOND: o->also_conditional = 1; return 0;
    case HS_OPT_REPLICATES:
    case HS_OPT_SEED: {
        const char *name = c == HS_OPT_SEED ? "seed" : "replicates";
        uint64_t u; /* the config's own parser: decimal or 0x hex, as in the file */
        if (!arg || hs_cfgval_u64(arg, &u) != HS_CFGVAL_OK) {
            if (root)
                fprintf(stderr, "--%s %s: expected a whole number in 0..2^64-1 (decimal or 0x hex)\n",
                        name, arg ? arg : "");
            return 1;
        }
        snprintf(o->own[c == HS_OPT_SEED], sizeof o->own[0], "run.%s=%s", name, arg);
        return 0;
    }
    case HS_OPT_SET:
        if (o->nset >= HS_FRONT_OVERRIDES_MAX - 3) {
            if (root)
                fprintf(stderr, "--set: more than %d overrides\n", HS_FRONT_OVERRIDES_MAX - 3);
            return 1;
        }
        o->set[o->nset++] = arg;
        return 0;
    case HS_OPT_CHUNK:
        if (hs_cfgval_whole(arg, 10, 1, 100000000, &v) != HS_CFGVAL_OK) {
            if (root)
                fprintf(stderr, "--chunk %s: expected a whole number from 1 to 10^8\n", arg);
            return 1;
        }
        o->chunk = v;
        return 0;
    case HS_OPT_CKPT: {
        char *end;
        o->ckpt_every = strtod(arg, &end);
        if (*arg == '\0' || *end || !(o->ckpt_every >= 0 && o->ckpt_every < 1e9)) {
            if (root)
                fprintf(stderr, "--checkpoint-every %s: expected seconds >= 0\n", arg);
            return 1;
        }
        return 0;
    }
    default: return -1;
    }
}

int hs_front_opts_end(hs_front_opts *o, int argc, char **argv, const char *cmd, int bad, int root)
{
    if (optind != argc - 1) {
        if (root)
            fprintf(stderr, "hifusim %s: expected exactly one CONFIG file (see hifusim %s --help)\n",
                    cmd, cmd);
        bad = 1;
    } else
        o->config = argv[optind];
    for (int k = 0; k < 2; k++)
        if (o->own[k][0])
            o->set[o->nset++] = o->own[k];
    if (o->also_conditional)
        o->set[o->nset++] = "prior.conditional=yes";
    return bad ? 2 : 0;
}

int hs_front_parse(hs_front_opts *o, int argc, char **argv, const char *cmd,
                   const struct option *longopts, const char *usage, hs_front_own_fn own, void *ctx,
                   int root)
{
    int bad = 0, c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (c == 'h') {
            if (root)
                fputs(usage, stdout);
            return -1;
        }
        int r = own ? own(ctx, c, optarg, root) : -1;
        if (r < 0)
            r = hs_front_opt(o, c, optarg, root);
        if (r < 0 && root)
            fprintf(stderr, "hifusim %s: unknown or incomplete option '%s' (see hifusim %s --help)\n",
                    cmd, argv[optind - 1], cmd);
        bad |= r != 0;
    }
    return hs_front_opts_end(o, argc, argv, cmd, bad, root);
}


/* The current time as ISO 8601 UTC ("2026-11-29T07:38:08Z") into buf. */
static void utc_now(char *buf, size_t n)
{
    time_t now = time(NULL);
    struct tm tmv;
    if (gmtime_r(&now, &tmv) == NULL || strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tmv) == 0)
        snprintf(buf, n, "unknown");
}

/* Collective: note the start time and load the config of o. Returns 0, or
 * 2 (errors printed once). */
static int front_config(hs_front *f, const hs_front_opts *o)
{
    f->t0 = hs_par_time();
    utc_now(f->started, sizeof f->started);
    f->cfg = load_config(o->config, o->set, o->nset);
    return f->cfg ? 0 : 2;
}

int hs_front_start(hs_front *f, int *argc, char ***argv, hs_front_args_fn args, void *opts,
                   const hs_front_opts *shared)
{
    double s0 = hs_par_clock(); /* start-up: from here to the config resolved */
    memset(f, 0, sizeof *f);
    if (hs_par_init(argc, argv) != 0) {
        fprintf(stderr, "hifusim: MPI could not start\n");
        return 1;
    }
    f->root = hs_par_rank() == 0;
    int rc = args(*argc, *argv, opts, f->root);
    if (rc == 0)
        rc = front_config(f, shared);
    f->startup = hs_par_clock() - s0;
    if (rc != 0) /* -1: --help */
        return hs_front_end(f, rc < 0 ? 0 : 2);
    return -1;
}


int hs_front_lock(hs_front *f, const char *dir, const char *cmd, int replaces, const char *ckpt,
                  const hs_ckpt_key *key, hs_ckpt_payload *payload)
{
    int fail = hs_front_output_begin(&f->out, dir, cmd, replaces);
    f->have_out = fail == 0;
    if (fail == 0 && ckpt) {
        char err[1400];
        int lr = hs_checkpoint_load(ckpt, key, &f->ck, payload, err, sizeof err);
        if (lr < 0) {
            fprintf(stderr, "hifusim: %s\n", err);
            fail = 2;
        } else if (lr == 1)
            fprintf(stderr, "hifusim: no checkpoint in %s; starting from the beginning\n", dir);
        else
            f->resumed = 1;
    }
    return fail;
}

long hs_front_peak_rss(void)
{
    struct rusage ru;
    long rss = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0; /* kB on Linux */
    return hs_par_max_int(rss > INT_MAX ? INT_MAX : (int)rss);
}

void hs_front_manifest(const hs_front *f, const char *command, const hs_front_opts *o, long rss_kb,
                       hs_manifest *m)
{
    *m = (hs_manifest){command,        o->config,      hs_config_hash(f->cfg), f->cfg->seed,
                       f->cfg->replicates, hs_par_size(), o->chunk, hs_par_time() - f->t0,
                       f->resumed,     f->started,     rss_kb, f->startup, NULL};
}

int hs_front_end(hs_front *f, int rc)
{
    if (f->have_out)
        hs_output_end(&f->out);
    f->have_out = 0;
    hs_checkpoint_release(&f->ck);
    free(f->cfg);
    f->cfg = NULL;
    hs_par_finalize();
    return rc;
}

static void sweep_headline(const hs_sweep_meta *m, const hs_sweep_headline *h, const char *dir)
{
    printf("sweep %s: %llu points (%s design)\n", m->name, (unsigned long long)m->npoints,
           m->design == HS_SWEEP_ONEWAY ? "one-way" : "grid");
    if (h->have_base)
        printf("base power %.3f (95%% CI %.3f-%.3f) at N = %d\n", h->power, h->power_lo, h->power_hi,
               h->n);
    if (h->top_axis[0])
        printf("largest swing: %s, power %.3f to %.3f\n", h->top_axis, h->top_min, h->top_max);
    for (int k = 0; k < h->ntarget; k++) {
        printf("power %g:", h->target[k]);
        if (h->have_base && h->base_n[k] >= 0)
            printf(" base N = %d (MC interval %d-%d);", h->base_n[k], h->base_low[k], h->base_high[k]);
        else if (h->have_base)
            printf(" base not reached by [plan] n_max;");
        if (h->n_axis[k][0])
            printf(" largest N range: %s, N %.0f to %.0f", h->n_axis[k], h->n_min[k], h->n_max[k]);
        printf("\n");
    }
    for (int i = 0; i < h->nnote; i++)
        printf("note: %s\n", h->note[i]);
    printf("results in %s/ (sweep.csv, sweep_wide.csv, tornado.csv, summary.json)\n", dir);
}

int hs_front_sweep_tables(hs_output *out, hs_sweep_next_fn next, void *ctx, const hs_sweep_meta *m,
                          const char *manifest, int quiet, hs_front_rep *rep)
{
    hs_sweep_headline head;
    char err[2048];
    int st = hs_sweep_out_stage(out, next, ctx, m, manifest, &head, err, sizeof err);
    int rc = st == HS_SWEEP_OUT_OK ? 0 : st == HS_SWEEP_OUT_FAIL ? 1 : 2;
    if (st == HS_SWEEP_OUT_BADROW)
        fprintf(stderr, "%s\n", err); /* FILE:LINE: what; expected */
    else if (st != HS_SWEEP_OUT_OK)
        fprintf(stderr, "hifusim: %s\n", err);
    int mrc = rc == 0 ? hs_front_methods(out) : 0;
    if (rc == 0 && rep)
        hs_front_report(out, rep);
    if (rc == 0 && hs_output_commit(out) != 0) {
        fprintf(stderr, "hifusim: %s\n", out->err);
        rc = 1;
    }
    if (rc != 0)
        hs_output_discard(out);
    else {
        if (!quiet)
            sweep_headline(m, &head, out->dir);
        if (rep) {
            hs_front_report_print(rep);
            rc = rep->rc;
        }
        if (mrc)
            rc = 1;
    }
    return rc;
}
