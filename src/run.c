/* run.c — see run.h. The driver: config -> scenarios -> chunks over ranks
 * -> exact reductions on rank 0 -> result files, with checkpoints.
 *
 * Work split: scenario by scenario, replicates in chunks of `chunk`
 * (chunk c = replicates c*chunk ..). A round gives each rank one chunk;
 * after every round the ranks agree (one small allreduce) on whether to
 * checkpoint (interval elapsed on rank 0, or a signal anywhere). A
 * checkpoint reduces the accumulators onto rank 0, which saves them with
 * the position; the others restart from zero. Accumulators merge exactly,
 * so results depend on neither the rank count, the chunk size nor
 * interruptions. */
#include "run.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkpoint.h"
#include "config.h"
#include "engine.h"
#include "output.h"
#include "par.h"
#include "progress.h"
#include "results.h"
#include "signals.h"
#include "version.h"

#define OVERRIDES_MAX 256

typedef struct run_opts {
    const char *config, *out;
    const char *set[OVERRIDES_MAX];
    int nset;
    char own[2][64]; /* --replicates / --seed as overrides */
    int resume, quiet;
    uint64_t chunk;
    double ckpt_every;
} run_opts;

static const char *usage_text =
    "usage: hifusim run CONFIG [--out DIR] [--replicates R] [--seed S] [--set KEY=VALUE]...\n"
    "                          [--resume] [--quiet] [--chunk C] [--checkpoint-every SEC]\n"
    "\n"
    "Simulate the config's trials and write results/<name>/ (or --out DIR):\n"
    "summary.json, power.csv, km_bands.csv, estimates.csv, manifest.json.\n"
    "Run under MPI with mpirun -n P or srun; results do not depend on P.\n"
    "\n"
    "  --out DIR             output folder (default results/<[run] name>)\n"
    "  --replicates R        override [run] replicates\n"
    "  --seed S              override [run] seed\n"
    "  --set KEY=VALUE       override any config key (section.key=value; arm.NAME.key)\n"
    "  --resume              continue from DIR/.checkpoint if there is one\n"
    "  --quiet               no progress output\n"
    "  --chunk C             replicates per work unit (default 256; results do not depend on it)\n"
    "  --checkpoint-every S  seconds between checkpoints (default 300; 0 = every round)\n"
    "Signals SIGTERM, SIGUSR1 and SIGINT save a checkpoint and exit with code 3.\n";

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    if (!s || *s == '-' || *s == '\0')
        return -1;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

/* 0 ok, 2 bad usage (message printed on rank 0), -1 help printed. */
static int parse_args(int argc, char **argv, run_opts *o, int root)
{
    static const struct option longopts[] = {
        {"out", required_argument, NULL, 'o'},   {"replicates", required_argument, NULL, 'r'},
        {"seed", required_argument, NULL, 's'},  {"set", required_argument, NULL, 'S'},
        {"resume", no_argument, NULL, 'R'},      {"quiet", no_argument, NULL, 'q'},
        {"chunk", required_argument, NULL, 'c'}, {"checkpoint-every", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},        {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    o->chunk = 256;
    o->ckpt_every = 300;
    int bad = 0, c;
    uint64_t v;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o->out = optarg; break;
        case 'r':
        case 's':
            if (parse_u64(optarg, &v) != 0) {
                if (root)
                    fprintf(stderr, "--%s %s: expected a whole number >= 0\n",
                            c == 'r' ? "replicates" : "seed", optarg);
                bad = 1;
                break;
            }
            snprintf(o->own[c == 's'], sizeof o->own[0], "run.%s=%s",
                     c == 'r' ? "replicates" : "seed", optarg);
            break;
        case 'S':
            if (o->nset >= OVERRIDES_MAX - 2) {
                if (root)
                    fprintf(stderr, "--set: more than %d overrides\n", OVERRIDES_MAX - 2);
                bad = 1;
            } else
                o->set[o->nset++] = optarg;
            break;
        case 'R': o->resume = 1; break;
        case 'q': o->quiet = 1; break;
        case 'c':
            if (parse_u64(optarg, &o->chunk) != 0 || o->chunk < 1 || o->chunk > 100000000) {
                if (root)
                    fprintf(stderr, "--chunk %s: expected a whole number from 1 to 10^8\n", optarg);
                bad = 1;
            }
            break;
        case 'k': {
            char *end;
            o->ckpt_every = strtod(optarg, &end);
            if (*end || !(o->ckpt_every >= 0 && o->ckpt_every < 1e9)) {
                if (root)
                    fprintf(stderr, "--checkpoint-every %s: expected seconds >= 0\n", optarg);
                bad = 1;
            }
            break;
        }
        case 'h':
            if (root)
                fputs(usage_text, stdout);
            return -1;
        default:
            if (root)
                fprintf(stderr, "hifusim run: unknown or incomplete option '%s' (see hifusim run --help)\n",
                        argv[optind - 1]);
            bad = 1;
        }
    }
    if (optind != argc - 1) {
        if (root)
            fprintf(stderr, "hifusim run: expected exactly one CONFIG file (see hifusim run --help)\n");
        bad = 1;
    } else
        o->config = argv[optind];
    for (int k = 0; k < 2; k++)
        if (o->own[k][0])
            o->set[o->nset++] = o->own[k];
    return bad ? 2 : 0;
}

/* Sum every rank's accumulators onto rank 0; the others are reset. */
static void reduce_acc(hs_acc *acc, uint64_t *mbuf, uint64_t *gather)
{
    int P = hs_par_size(), root = hs_par_rank() == 0;
    if (P == 1)
        return;
    for (int k = 0; k <= acc->nstat; k++) {
        size_t len;
        uint64_t *w = hs_acc_words(acc, k, &len);
        hs_par_sum_u64(w, len);
    }
    size_t nm = hs_acc_moment_words(acc);
    hs_acc_pack_moments(acc, mbuf);
    hs_par_gather_u64(mbuf, nm, gather);
    if (root) {
        for (int r = 1; r < P; r++)
            hs_acc_merge_moments(acc, gather + (size_t)r * nm);
    } else
        hs_acc_reset(acc);
}

typedef struct run_state {
    const run_opts *o;
    hs_config *cfg;
    char outdir[1024], ckpt[1100];
    hs_ckpt_key key;
    hs_sbuf text[HS_RES_NTEXT];
    hs_headline head;
    hs_progress prog;
    uint64_t total_done;
    int resumed;
} run_state;

static int save_checkpoint(run_state *st, uint64_t pos, uint64_t done, hs_acc *acc)
{
    char err[1400] = "";
    int rc = 0;
    if (hs_par_rank() == 0) {
        hs_ckpt_pos p = {pos, done};
        rc = hs_checkpoint_save(st->ckpt, &st->key, &p, st->text, acc, err, sizeof err);
        if (rc)
            fprintf(stderr, "hifusim: %s\n", err);
    }
    return hs_par_max_int(rc ? 1 : 0);
}

/* Run scenario `pos` from replicate `done` on. Returns 0, 1 (failure) or 3 (signalled). */
static int run_scenario(run_state *st, uint64_t pos, const hs_scenario *sc, uint64_t done,
                        const hs_ckpt *ck)
{
    int P = hs_par_size(), rank = hs_par_rank();
    const char *why = NULL;
    hs_engine *e = hs_engine_alloc(sc, &why);
    int fail = e == NULL;
    hs_acc *acc = e ? hs_engine_acc(e) : NULL;
    uint64_t *mbuf = NULL, *gather = NULL;
    if (e) {
        size_t nm = hs_acc_moment_words(acc);
        mbuf = malloc(nm * sizeof *mbuf);
        gather = rank == 0 ? malloc(nm * (size_t)P * sizeof *gather) : NULL;
        fail = !mbuf || (rank == 0 && !gather);
        if (!fail && ck && rank == 0 && hs_checkpoint_restore(ck, acc) != 0) {
            fprintf(stderr, "hifusim: %s: checkpoint does not match scenario %" PRIu64 "\n",
                    st->ckpt, pos);
            fail = 1;
        }
    }
    if (hs_par_max_int(fail)) {
        if (rank == 0 && why)
            fprintf(stderr, "hifusim: scenario %" PRIu64 ": %s\n", pos, why);
        free(mbuf);
        free(gather);
        hs_engine_free(e);
        return 1;
    }
    uint64_t R = sc->replicates, C = st->o->chunk;
    double last_ckpt = hs_par_time();
    int rc = 0;
    while (done < R) {
        uint64_t first = done + (uint64_t)rank * C;
        if (first < R)
            hs_engine_run(e, first, first + C <= R ? C : R - first);
        uint64_t round = (uint64_t)P * C;
        done = R - done < round ? R : done + round;
        int want = hs_signals_pending() ? 2 : 0;
        if (rank == 0 && done < R && hs_par_time() - last_ckpt >= st->o->ckpt_every)
            want = want ? want : 1;
        want = hs_par_max_int(want);
        if (rank == 0)
            hs_progress_update(&st->prog, st->total_done + done, hs_par_time());
        if (want && done < R) {
            reduce_acc(acc, mbuf, gather);
            if (save_checkpoint(st, pos, done, acc) != 0) {
                rc = 1;
                break;
            }
            last_ckpt = hs_par_time();
            if (want == 2) {
                if (rank == 0)
                    fprintf(stderr, "hifusim: signal received; checkpoint saved to %s after %" PRIu64
                                    " of %" PRIu64 " replicates of scenario %" PRIu64
                                    "; continue with --resume\n",
                            st->ckpt, done, R, pos);
                rc = 3;
                break;
            }
        }
    }
    if (rc == 0) {
        reduce_acc(acc, mbuf, gather);
        if (rank == 0) {
            const char *names[2] = {st->cfg->arm[st->cfg->design.control].name,
                                    st->cfg->arm[st->cfg->design.experimental].name};
            if (hs_results_add(st->text, pos, sc, names, acc, &st->head) != 0)
                rc = 1;
        }
        rc = hs_par_max_int(rc);
        st->total_done += R;
    }
    free(mbuf);
    free(gather);
    hs_engine_free(e);
    return rc;
}

static void print_headline(const run_state *st)
{
    const hs_headline *h = &st->head;
    const hs_config *c = st->cfg;
    printf("power %.3f (95%% CI %.3f-%.3f) at N = %d, %llu replicates\n", h->power, h->power_lo,
           h->power_hi, h->n, (unsigned long long)h->replicates);
    printf("median OS %s %.1f, %s %.1f months (median over replicates; HR %.3f); events %.1f\n",
           c->arm[c->design.control].name, h->median_os[0], c->arm[c->design.experimental].name,
           h->median_os[1], h->hr_median, h->events_mean);
    printf("results in %s/\n", st->outdir);
}

static int finish(run_state *st, double t0, const char *started)
{
    int rc = 0;
    if (hs_par_rank() == 0) {
        hs_output out;
        hs_manifest m = {st->o->config, st->cfg->text, st->cfg->name, hs_config_hash(st->cfg),
                         st->cfg->seed, st->cfg->replicates, hs_par_size(), st->o->chunk,
                         hs_par_time() - t0, st->resumed, started};
        if (hs_output_begin(&out, st->outdir) != 0 || hs_results_write(&out, st->text, &m) != 0 ||
            hs_output_commit(&out) != 0) {
            fprintf(stderr, "hifusim: %s\n", out.err);
            hs_output_discard(&out);
            rc = 1;
        } else {
            remove(st->ckpt);
            hs_progress_finish(&st->prog, st->total_done, hs_par_time());
            print_headline(st);
        }
    }
    return hs_par_max_int(rc);
}

static int load_config(run_state *st)
{
    hs_errs *errs = malloc(sizeof *errs);
    st->cfg = malloc(sizeof *st->cfg);
    int bad = !errs || !st->cfg;
    if (!bad) {
        hs_errs_init(errs);
        bad = hs_config_load(st->o->config, st->o->set, st->o->nset, st->cfg, errs) != 0;
    }
    /* A fault that only some ranks see is reported once, by the lowest of them. */
    int rank = hs_par_rank();
    int first_bad = -hs_par_max_int(bad ? -rank : INT_MIN + 1);
    if (bad && rank == first_bad) {
        if (errs)
            hs_errs_print(errs, stderr);
        else
            fprintf(stderr, "hifusim: out of memory\n");
    }
    free(errs);
    return first_bad == INT_MAX ? 0 : -1;
}

int hs_run_main(int argc, char **argv)
{
    if (hs_par_init(&argc, &argv) != 0) {
        fprintf(stderr, "hifusim: MPI could not start\n");
        return 1;
    }
    int root = hs_par_rank() == 0;
    run_opts o;
    int prc = parse_args(argc, argv, &o, root);
    if (prc != 0) {
        hs_par_finalize();
        return prc < 0 ? 0 : 2;
    }
    double t0 = hs_par_time();
    char started[32];
    time_t now = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));

    run_state st;
    memset(&st, 0, sizeof st);
    st.o = &o;
    if (load_config(&st) != 0) {
        free(st.cfg);
        hs_par_finalize();
        return 2;
    }
    const hs_config *c = st.cfg;
    snprintf(st.outdir, sizeof st.outdir, "%s", o.out ? o.out : "results/");
    if (!o.out)
        snprintf(st.outdir, sizeof st.outdir, "results/%s", c->name);
    snprintf(st.ckpt, sizeof st.ckpt, "%s/.checkpoint", st.outdir);
    st.key.config_hash = hs_config_hash(c);
    snprintf(st.key.build, sizeof st.key.build, "hifusim %s %s", hs_version(), hs_git_commit());
    hs_signals_install();

    /* The output folder must be writable before hours of work start. */
    int fail = 0;
    hs_ckpt ck = {0};
    hs_ckpt_pos pos = {0, 0};
    if (root) {
        hs_output out;
        if (hs_output_begin(&out, st.outdir) != 0) {
            fprintf(stderr, "hifusim: %s\n", out.err);
            fail = 1;
        } else if (o.resume) {
            char err[1400];
            int lr = hs_checkpoint_load(st.ckpt, &st.key, &ck, st.text, err, sizeof err);
            if (lr < 0) {
                fprintf(stderr, "hifusim: %s\n", err);
                fail = 2;
            } else if (lr == 1) {
                fprintf(stderr, "hifusim: no checkpoint in %s; starting from the beginning\n",
                        st.outdir);
            } else {
                pos = ck.pos;
                st.resumed = 1;
            }
        }
    }
    fail = hs_par_max_int(fail);
    hs_par_bcast(&pos, sizeof pos);
    uint64_t total = (uint64_t)c->design.nn * c->replicates;
    hs_progress_start(&st.prog, stderr, root && !o.quiet, "hifusim run", total, t0);
    st.total_done = pos.scenario * c->replicates;

    int rc = fail;
    for (uint64_t s = pos.scenario; rc == 0 && s < (uint64_t)c->design.nn; s++) {
        hs_scenario sc;
        const char *why;
        if (hs_scenario_from_config(c, (int)s, s, &sc, &why) != 0) {
            if (root)
                fprintf(stderr, "%s: scenario %" PRIu64 ": %s\n", o.config, s, why);
            rc = 2;
            break;
        }
        int resuming = st.resumed && s == pos.scenario;
        rc = run_scenario(&st, s, &sc, resuming ? pos.done : 0, resuming ? &ck : NULL);
    }
    hs_checkpoint_release(&ck);
    if (rc == 0)
        rc = finish(&st, t0, started);
    for (int t = 0; t < HS_RES_NTEXT; t++)
        hs_sbuf_free(&st.text[t]);
    free(st.cfg);
    hs_par_finalize();
    return rc;
}
