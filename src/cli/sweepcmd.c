/* sweepcmd.c — see sweepcmd.h. Options -> config -> [sweep] points (this
 * task's share) -> one scenario per point and N, all with stream key 0
 * (common random numbers) -> driver (driver.h) -> rows -> result files.
 *
 * Task numbering: --task K of --tasks T, K in 0..T-1. Under a Slurm array
 * the defaults are T = SLURM_ARRAY_TASK_COUNT and
 * K = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN, so --array=0-3 and
 * --array=1-4 both work; the array must be contiguous (step 1). */
#include "sweepcmd.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkpoint.h"
#include "config.h"
#include "driver.h"
#include "front.h"
#include "inifile.h"
#include "output.h"
#include "par.h"
#include "plan.h"
#include "planrun.h"
#include "progress.h"
#include "signals.h"
#include "version.h"

typedef struct sweep_opts {
    hs_front_opts f;
    long long task, tasks; /* -1: not given */
    int ntarget;           /* --target-power (0: not given) */
    double target[HS_SWEEP_TARGETS_MAX];
} sweep_opts;

static const char *usage_text =
    "usage: hifusim sweep CONFIG [--task K --tasks T] [--target-power P[,P...]] [--out DIR]\n"
    "                            [--set KEY=VALUE]...\n"
    "                            [--replicates R] [--seed S] [--resume] [--quiet]\n"
    "                            [--chunk C] [--checkpoint-every SEC] [--no-report]\n"
    "\n"
    "Sensitivity sweep over the config's [sweep] axes (configs/README.md): a\n"
    "one-way (tornado) design or a full grid. Each point is the config with the\n"
    "point's overrides; every point uses the same random streams. Writes\n"
    "sweep.csv, tornado.csv, summary.json, manifest.json to DIR\n"
    "(default results/<name>-sweep). Results do not depend on the rank count.\n"
    "\n"
    "  --task K, --tasks T   run only task K (0..T-1) of T: points p with p mod T = K,\n"
    "                        written to DIR/tasks/task-K-of-T/; combine the tasks with\n"
    "                        hifusim merge DIR. Default under a Slurm array:\n"
    "                        T = SLURM_ARRAY_TASK_COUNT,\n"
    "                        K = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN\n"
    "  --target-power P,...  also find, for every point, the smallest N reaching each\n"
    "                        power P in (0,1) with the `plan` search over the point's\n"
    "                        [plan] n_min..n_max (default [sweep] target_power; none).\n"
    "                        Costs about one `hifusim plan` per point on top of the sweep\n"
    "  --out DIR             output folder\n"
    "  --set KEY=VALUE       override any config key for every point\n"
    "  --replicates R        override [run] replicates (per point and N)\n"
    "  --seed S              override [run] seed\n"
    "  --resume              continue from the task folder's .checkpoint\n"
    "  --quiet               no progress output or headline\n"
    "  --chunk C             replicates per work unit (default 2048; results do not depend on it)\n"
    "  --checkpoint-every S  seconds between checkpoints (default 300)\n"
    "  --no-report           do not write report.html and plots/ (hifusim report)\n"
    "Signals SIGTERM, SIGUSR1 and SIGINT save a checkpoint and exit with code 3\n"
    "(the target-power searches run first and are not checkpointed: --resume redoes them).\n";

static int parse_ll(const char *s, long long lo, long long hi, long long *v)
{
    char *end;
    if (!s || !*s)
        return -1;
    errno = 0;
    long long x = strtoll(s, &end, 10);
    if (errno || *end || x < lo || x > hi)
        return -1;
    *v = x;
    return 0;
}

static int parse_args(int argc, char **argv, sweep_opts *o, int root)
{
    static const struct option longopts[] = {
        HS_FRONT_OUT,    HS_FRONT_REPLICATES, HS_FRONT_SEED,  HS_FRONT_SET,
        HS_FRONT_RESUME, HS_FRONT_QUIET,      HS_FRONT_CHUNK, HS_FRONT_CKPT,
        HS_FRONT_NOREPORT,
        {"task", required_argument, NULL, 't'}, {"tasks", required_argument, NULL, 'T'},
        {"target-power", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    hs_front_opts_init(&o->f, 2048);
    o->task = o->tasks = -1;
    o->ntarget = 0;
    int bad = 0, c;
    long long v;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
        case 'T':
            if (parse_ll(optarg, c == 't' ? 0 : 1, 1000000, &v) != 0) {
                if (root)
                    fprintf(stderr, "--%s %s: expected a whole number %s\n", c == 't' ? "task" : "tasks",
                            optarg, c == 't' ? "from 0 (tasks are numbered 0..T-1)" : "from 1 to 10^6");
                bad = 1;
            } else if (c == 't')
                o->task = v;
            else
                o->tasks = v;
            break;
        case 'p': {
            char msg[200];
            if (hs_sweep_parse_targets(optarg, &o->ntarget, o->target, msg, sizeof msg) != 0) {
                if (root)
                    fprintf(stderr, "hifusim sweep: --target-power %s: %s\n", optarg, msg);
                bad = 1;
            }
            break;
        }
        case 'h':
            if (root)
                fputs(usage_text, stdout);
            return -1;
        default: {
            int r = hs_front_opt(&o->f, c, optarg, root);
            if (r < 0 && root)
                fprintf(stderr, "hifusim sweep: unknown or incomplete option '%s' (see hifusim sweep --help)\n",
                        argv[optind - 1]);
            bad |= r != 0;
        }
        }
    }
    return hs_front_opts_end(&o->f, argc, argv, "sweep", bad, root);
}

/* Task K of T from the options, else from the Slurm array variables.
 * Returns 0, or 2 with a message (root prints). */
static int task_split(sweep_opts *o, int root)
{
    const char *id = getenv("SLURM_ARRAY_TASK_ID"), *cnt = getenv("SLURM_ARRAY_TASK_COUNT");
    const char *mn = getenv("SLURM_ARRAY_TASK_MIN"), *mx = getenv("SLURM_ARRAY_TASK_MAX");
    long long lid, lcnt, lmin = 0, lmax;
    int slurm = id && cnt && *id && *cnt;
    if (o->task >= 0 && o->tasks < 0) {
        if (root)
            fprintf(stderr, "hifusim sweep: --task needs --tasks\n");
        return 2;
    }
    if (o->tasks < 0 && !slurm) {
        o->tasks = 1;
        o->task = 0;
    } else if (o->task < 0 && o->tasks == 1) {
        o->task = 0;
    } else if (o->task < 0 || o->tasks < 0) {
        if (!slurm) {
            if (root)
                fprintf(stderr, "hifusim sweep: --tasks %lld needs --task K (0..%lld)\n", o->tasks,
                        o->tasks - 1);
            return 2;
        }
        if (parse_ll(id, 0, 100000000, &lid) || parse_ll(cnt, 1, 1000000, &lcnt) ||
            (mn && parse_ll(mn, 0, 100000000, &lmin)) ||
            (mx && (parse_ll(mx, 0, 100000000, &lmax) || lmax - lmin + 1 != lcnt)) ||
            lid < lmin || lid - lmin >= lcnt) {
            if (root)
                fprintf(stderr, "hifusim sweep: SLURM_ARRAY_TASK_ID=%s, SLURM_ARRAY_TASK_COUNT=%s, "
                                "SLURM_ARRAY_TASK_MIN=%s, SLURM_ARRAY_TASK_MAX=%s: expected a "
                                "contiguous array (--array=0-N or 1-N, step 1); or give --task K --tasks T\n",
                        id, cnt, mn ? mn : "(unset)", mx ? mx : "(unset)");
            return 2;
        }
        if (o->tasks < 0)
            o->tasks = lcnt;
        if (o->task < 0)
            o->task = lid - lmin;
    }
    if (o->task >= o->tasks) {
        if (root)
            fprintf(stderr, "hifusim sweep: --task %lld is not in 0..%lld\n", o->task, o->tasks - 1);
        return 2;
    }
    return 0;
}

typedef struct sweep_state {
    const sweep_opts *o;
    hs_config *cfg;
    hs_sweep *sw;
    uint64_t *point; /* scenario position -> point */
    /* with targets, per point of this task (i-th point of the task): */
    uint64_t *first_sc;   /* position of its first-N scenario, the plan search's base */
    hs_plan_opts *popts;  /* the search options from its [plan] */
    int *ntg;             /* ntarget x 3: N, low, high (-1 not reached) */
    char outdir[1024], taskdir[1200], ckpt[1300];
    hs_sbuf text[HS_CKPT_TEXTS];
    hs_progress prog;
    int resumed;
} sweep_state;

static int scenario_done(void *ctx, uint64_t pos, const hs_scenario *sc, const hs_acc *acc,
                         hs_sbuf text[HS_CKPT_TEXTS])
{
    sweep_state *st = ctx;
    hs_dsummary ev, hr, med[2];
    hs_acc_summarize(&acc->events, &ev);
    hs_acc_summarize(&acc->hr, &hr);
    hs_acc_summarize(&acc->median[0], &med[0]);
    hs_acc_summarize(&acc->median[1], &med[1]);
    hs_sweep_result r = {sc->n, acc->count[HS_ACC_REPLICATES], acc->count[HS_ACC_REJECTIONS],
                         ev.mean, hr.q[2], {med[0].q[2], med[1].q[2]}, {0}, {0}, {0}};
    int nt = st->sw->ntarget;
    if (nt > 0) {
        uint64_t i = (st->point[pos] - (uint64_t)st->o->task) / (uint64_t)st->o->tasks;
        const int *v = &st->ntg[i * (uint64_t)nt * 3];
        for (int k = 0; k < nt; k++) {
            r.n_target[k] = v[3 * k];
            r.n_target_low[k] = v[3 * k + 1];
            r.n_target_high[k] = v[3 * k + 2];
        }
    }
    return hs_sweep_rows(st->sw, st->point[pos], &r, &text[0]);
}

/* Resolve point p (levels) into *pc; on failure append "FILE:LINE: axis ...: msg". */
static int resolve_point(const sweep_state *st, const hs_inifile *store, const int *level,
                         hs_config *pc, hs_errs *errs)
{
    const sweep_opts *o = st->o;
    const hs_sweep *sw = st->sw;
    char buf[HS_SWEEP_AXES_MAX * HS_SWEEP_KEYS_MAX * (HS_SWEEP_KEY_MAX + HS_SWEEP_VALUE_MAX + 2)];
    const char *ov[HS_FRONT_OVERRIDES_MAX + HS_SWEEP_AXES_MAX * HS_SWEEP_KEYS_MAX];
    for (int i = 0; i < o->f.nset; i++)
        ov[i] = o->f.set[i];
    int k = hs_sweep_overrides(sw, level, buf, sizeof buf, ov + o->f.nset,
                               HS_SWEEP_AXES_MAX * HS_SWEEP_KEYS_MAX);
    hs_errs *e = malloc(sizeof *e);
    if (k < 0 || !e) {
        free(e);
        hs_errs_add(errs, st->cfg->source, 0, "out of memory or overlong overrides");
        return -1;
    }
    hs_errs_init(e);
    if (hs_config_resolve(store, ov, o->f.nset + k, pc, e) == 0) {
        free(e);
        return 0;
    }
    /* name the axis (or axes) of the point */
    char what[600] = "", file[HS_PATH_MAX + 48];
    int line = 0, nv = 0;
    for (int a = 0; a < sw->naxes; a++) {
        if (level[a] < 0)
            continue;
        size_t l = strlen(what);
        snprintf(what + l, sizeof what - l, "%saxis %s = '%s'", nv ? ", " : "", sw->axis[a].name,
                 sw->axis[a].value[level[a]]);
        if (nv++ == 0) {
            line = sw->axis[a].line;
            if (line > 0)
                snprintf(file, sizeof file, "%s", st->cfg->source);
            else
                snprintf(file, sizeof file, "--set sweep.axis.%s", sw->axis[a].name);
        }
    }
    if (nv == 0)
        snprintf(file, sizeof file, "%s", st->cfg->source);
    for (int i = 0; i < e->n; i++)
        hs_errs_add(errs, file, line, "[sweep] %s: %s", nv ? what : "base point", hs_errs_get(e, i));
    free(e);
    return -1;
}

static uint64_t mix(uint64_t h, uint64_t x)
{
    for (int i = 0; i < 8; i++) {
        h ^= (x >> (8 * i)) & 0xff;
        h *= 1099511628211ULL;
    }
    return h;
}

static char *manifest_text(const sweep_state *st, double seconds, const char *started, uint64_t mine)
{
    json_t *m = json_object();
    char host[256] = "unknown", hash[32];
    gethostname(host, sizeof host - 1);
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)hs_config_hash(st->cfg));
    json_object_set_new(m, "command", json_string("sweep"));
    json_object_set_new(m, "version", json_string(hs_version()));
    json_object_set_new(m, "git_commit", json_string(hs_git_commit()));
    json_object_set_new(m, "config", json_string(st->o->f.config));
    json_object_set_new(m, "config_hash", json_string(hash));
    json_object_set_new(m, "seed", json_integer((json_int_t)st->cfg->seed));
    json_object_set_new(m, "replicates", json_integer((json_int_t)st->cfg->replicates));
    json_object_set_new(m, "task", json_integer(st->o->task));
    json_object_set_new(m, "tasks", json_integer(st->o->tasks));
    json_object_set_new(m, "points", json_integer((json_int_t)st->sw->npoints));
    if (st->sw->ntarget > 0) {
        json_t *tp = json_array();
        for (int k = 0; k < st->sw->ntarget; k++)
            json_array_append_new(tp, json_real(st->sw->target[k]));
        json_object_set_new(m, "target_power", tp);
    }
    json_object_set_new(m, "points_in_task", json_integer((json_int_t)mine));
    json_object_set_new(m, "ranks", json_integer(hs_par_size()));
    json_object_set_new(m, "chunk", json_integer((json_int_t)st->o->f.chunk));
    json_object_set_new(m, "seconds", json_real(seconds));
    json_object_set_new(m, "resumed", json_boolean(st->resumed));
    json_object_set_new(m, "started", json_string(started));
    json_object_set_new(m, "host", json_string(host));
    char *s = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(m);
    return s;
}

static void print_headline(const hs_sweep_meta *m, const hs_sweep_headline *h, const char *dir)
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
    printf("results in %s/ (sweep.csv, tornado.csv, summary.json)\n", dir);
}

int hs_sweepcmd_finish(const char *rows, size_t len, const hs_sweep_meta *m, const char *dir,
                       const char *manifest, int quiet)
{
    hs_sbuf b[3] = {{0}, {0}, {0}};
    hs_sweep_headline head;
    char err[512];
    int rc = 0;
    if (hs_sweep_tables(rows, len, m, &b[0], &b[1], &b[2], &head, err, sizeof err) != 0) {
        fprintf(stderr, "hifusim: sweep rows: %s\n", err);
        rc = 1;
    } else {
        static const char *const names[3] = {"sweep.csv", "tornado.csv", "summary.json"};
        hs_output out;
        int bad = hs_output_begin(&out, dir) != 0;
        for (int i = 0; i < 4 && !bad; i++) {
            const char *nm = i < 3 ? names[i] : "manifest.json";
            FILE *f = hs_output_open(&out, nm);
            if (!f) {
                bad = 1;
                break;
            }
            if (i < 3)
                fwrite(b[i].s ? b[i].s : "", 1, b[i].len, f);
            else
                fprintf(f, "%s\n", manifest ? manifest : "{}");
            bad = hs_output_close(&out, f, nm) != 0;
        }
        if (bad || hs_output_commit(&out) != 0) {
            fprintf(stderr, "hifusim: %s\n", out.err);
            hs_output_discard(&out);
            rc = 1;
        } else if (!quiet)
            print_headline(m, &head, dir);
    }
    for (int i = 0; i < 3; i++)
        hs_sbuf_free(&b[i]);
    return rc;
}

/* Root: write the task's files. */
static int finish(sweep_state *st, double t0, const char *started, uint64_t mine)
{
    int rc = 0;
    if (hs_par_rank() != 0)
        return hs_par_max_int(rc);
    hs_progress_finish(&st->prog, st->prog.total, hs_par_time());
    char *man = manifest_text(st, hs_par_time() - t0, started, mine);
    hs_sweep_meta meta = {st->sw->design, st->sw->npoints, hs_config_hash(st->cfg), "", 0, {0}};
    snprintf(meta.name, sizeof meta.name, "%s", st->cfg->name);
    meta.ntarget = st->sw->ntarget;
    memcpy(meta.target, st->sw->target, sizeof meta.target);
    const hs_sbuf *rows = &st->text[0];
    if (st->o->tasks == 1) {
        rc = hs_sweepcmd_finish(rows->s ? rows->s : "", rows->len, &meta, st->outdir, man,
                                st->o->f.quiet);
        if (rc == 0 && !st->o->f.no_report)
            hs_front_report(st->outdir);
    } else {
        hs_output out;
        int bad = hs_output_begin(&out, st->taskdir) != 0;
        FILE *f = bad ? NULL : hs_output_open(&out, "part.csv");
        hs_sbuf hdr = {0};
        if (f && hs_sweep_header(&meta, &hdr) != 0) {
            hs_output_close(&out, f, "part.csv");
            f = NULL;
        }
        if (f) {
            fwrite(hdr.s, 1, hdr.len, f);
            fwrite(rows->s ? rows->s : "", 1, rows->len, f);
            bad = hs_output_close(&out, f, "part.csv") != 0;
        } else
            bad = 1;
        hs_sbuf_free(&hdr);
        f = bad ? NULL : hs_output_open(&out, "task.txt");
        if (f) {
            fprintf(f, "hifusim-sweep-task 1\nname=%s\ndesign=%s\npoints=%llu\ntask=%lld\ntasks=%lld\n"
                       "config_hash=%016llx\n",
                    meta.name, meta.design == HS_SWEEP_ONEWAY ? "oneway" : "grid",
                    (unsigned long long)meta.npoints, st->o->task, st->o->tasks,
                    (unsigned long long)meta.config_hash);
            for (int k = 0; k < meta.ntarget; k++)
                fprintf(f, "%s%.17g%s", k ? "," : "targets=", meta.target[k], k + 1 < meta.ntarget ? "" : "\n");
            bad = hs_output_close(&out, f, "task.txt") != 0;
        } else
            bad = 1;
        f = bad ? NULL : hs_output_open(&out, "manifest.json");
        if (f) {
            fprintf(f, "%s\n", man ? man : "{}");
            bad = hs_output_close(&out, f, "manifest.json") != 0;
        } else
            bad = 1;
        if (bad || hs_output_commit(&out) != 0) {
            fprintf(stderr, "hifusim: %s\n", out.err);
            hs_output_discard(&out);
            rc = 1;
        } else if (!st->o->f.quiet)
            printf("sweep %s: task %lld of %lld done (%llu of %llu points) in %s/\n"
                   "combine the tasks with: hifusim merge %s\n",
                   meta.name, st->o->task, st->o->tasks, (unsigned long long)mine,
                   (unsigned long long)meta.npoints, st->taskdir, st->outdir);
    }
    free(man);
    if (rc == 0)
        remove(st->ckpt);
    return hs_par_max_int(rc);
}

/* Check every single-axis value and resolve this task's points into
 * scenarios. Returns 0, or 2 (input errors printed once) or 1. */
static int build(sweep_state *st, hs_scenario **list_out, uint64_t *nsc_out, uint64_t *mine_out)
{
    int rc = 0, speak;
    hs_errs *errs = malloc(sizeof *errs);
    hs_config *pc = malloc(sizeof *pc);
    hs_inifile *store = NULL;
    hs_scenario *list = NULL;
    uint64_t nsc = 0, cap = 0;
    const hs_sweep *sw = st->sw;
    uint64_t K = (uint64_t)st->o->task, T = (uint64_t)st->o->tasks;
    uint64_t mine = hs_sweep_task_size(sw->npoints, K, T);
    if (!errs || !pc) {
        rc = 1;
        goto done;
    }
    if (sw->ntarget > 0 && mine > 0) {
        st->first_sc = malloc(mine * sizeof *st->first_sc);
        st->popts = malloc(mine * sizeof *st->popts);
        st->ntg = malloc(mine * (uint64_t)sw->ntarget * 3 * sizeof *st->ntg);
        if (!st->first_sc || !st->popts || !st->ntg) {
            rc = 1;
            goto done;
        }
    }
    hs_errs_init(errs);
    if (hs_inifile_read(st->o->f.config, &store, errs) != 0 || !store) {
        rc = 2;
        goto done;
    }
    int level[HS_SWEEP_AXES_MAX];
    for (int a = 0; a < sw->naxes; a++)
        for (int l = 0; l < sw->axis[a].nvalues; l++) {
            for (int b = 0; b < HS_SWEEP_AXES_MAX; b++)
                level[b] = b == a ? l : -1;
            if (resolve_point(st, store, level, pc, errs) != 0)
                rc = 2;
        }
    if (rc)
        goto done;
    for (uint64_t i = 0; i < mine; i++) {
        uint64_t p = hs_sweep_task_point(i, K, T);
        hs_sweep_point(sw, p, level);
        if (resolve_point(st, store, level, pc, errs) != 0) {
            rc = 2;
            continue;
        }
        for (int j = 0; j < pc->design.nn; j++) {
            if (nsc == cap) {
                cap = cap ? 2 * cap : 16;
                hs_scenario *q = realloc(list, cap * sizeof *q);
                if (q)
                    list = q;
                uint64_t *pp = realloc(st->point, cap * sizeof *pp);
                if (pp)
                    st->point = pp;
                if (!q || !pp) {
                    rc = 1;
                    goto done;
                }
            }
            const char *why;
            if (hs_scenario_from_config(pc, j, 0, &list[nsc], &why) != 0) {
                hs_errs_add(errs, st->cfg->source, 0, "sweep point %llu: %s", (unsigned long long)p, why);
                rc = 2;
                continue;
            }
            if (j == 0 && sw->ntarget > 0) {
                char perr[256];
                st->first_sc[i] = nsc;
                if (hs_planrun_opts(pc, &list[nsc], sw->target, sw->ntarget, &st->popts[i], perr,
                                    sizeof perr) != 0) {
                    hs_errs_add(errs, st->cfg->source, 0, "sweep point %llu: %s", (unsigned long long)p,
                                perr);
                    rc = 2;
                }
            }
            st->point[nsc++] = p;
        }
    }
done:
    if (hs_front_any(rc != 0, &speak)) {
        if (speak) {
            if (errs && hs_errs_count(errs) > 0)
                hs_errs_print(errs, stderr);
            else
                fprintf(stderr, "hifusim: out of memory\n");
        }
        rc = hs_par_max_int(rc);
        if (rc == 0)
            rc = 1;
    }
    hs_inifile_free(store);
    free(errs);
    free(pc);
    if (rc) {
        free(list);
        list = NULL;
        nsc = 0;
    }
    *list_out = list;
    *nsc_out = nsc;
    *mine_out = mine;
    return rc;
}

/* Collective: the plan search (plan.h, planrun.h) for each point of this
 * task, each from the point's own first-N scenario with stream key 0, so a
 * point's N does not depend on the split. Returns 0, 1 or 3 (signal). */
static int run_plans(sweep_state *st, const hs_scenario *list, uint64_t mine, uint64_t hash)
{
    const hs_sweep *sw = st->sw;
    int root = hs_par_rank() == 0, rc = 0;
    hs_planrun *x = malloc(sizeof *x);
    if (hs_par_max_int(x == NULL) != 0) {
        if (root)
            fprintf(stderr, "hifusim sweep: out of memory\n");
        free(x);
        return 1;
    }
    for (uint64_t i = 0; rc == 0 && i < mine; i++) {
        uint64_t p = hs_sweep_task_point(i, (uint64_t)st->o->task, (uint64_t)st->o->tasks);
        hs_plan_result res;
        hs_planrun_init(x, &list[st->first_sc[i]], st->o->f.chunk, hash, NULL);
        rc = hs_plan_search(&st->popts[i], hs_planrun_eval, x, &res);
        hs_planrun_free(x);
        if (rc < 0) {
            if (root)
                fprintf(stderr, "hifusim sweep: point %llu: the target-power search failed (out of "
                                "memory or bad [plan] values)\n", (unsigned long long)p);
            rc = 1;
        }
        if (rc != 0)
            break;
        int *v = &st->ntg[i * (uint64_t)sw->ntarget * 3];
        for (int k = 0; k < sw->ntarget; k++) {
            const hs_plan_target *t = &res.target[k];
            v[3 * k] = t->reached ? t->n : -1;
            v[3 * k + 1] = t->reached ? t->n_low : -1;
            v[3 * k + 2] = t->reached ? t->n_high : -1;
        }
        if (root && !st->o->f.quiet) {
            fprintf(stderr, "hifusim sweep: point %llu of %llu:", (unsigned long long)p,
                    (unsigned long long)sw->npoints);
            for (int k = 0; k < sw->ntarget; k++) {
                if (v[3 * k] >= 0)
                    fprintf(stderr, "  power %g at N = %d (%d-%d)", sw->target[k], v[3 * k], v[3 * k + 1],
                            v[3 * k + 2]);
                else
                    fprintf(stderr, "  power %g not reached by N = %d", sw->target[k], st->popts[i].n_max);
            }
            fputc('\n', stderr);
        }
        hs_plan_result_free(&res);
    }
    free(x);
    return rc;
}

int hs_sweep_main(int argc, char **argv)
{
    if (hs_par_init(&argc, &argv) != 0) {
        fprintf(stderr, "hifusim: MPI could not start\n");
        return 1;
    }
    int root = hs_par_rank() == 0;
    sweep_opts o;
    int prc = parse_args(argc, argv, &o, root);
    if (prc == 0)
        prc = task_split(&o, root);
    if (prc != 0) {
        hs_par_finalize();
        return prc < 0 ? 0 : 2;
    }
    double t0 = hs_par_time();
    char started[32];
    hs_front_utc_now(started, sizeof started);

    sweep_state st;
    memset(&st, 0, sizeof st);
    st.o = &o;
    st.cfg = hs_front_load_config(o.f.config, o.f.set, o.f.nset);
    if (!st.cfg) {
        hs_par_finalize();
        return 2;
    }
    int rc = 0, speak;
    st.sw = malloc(sizeof *st.sw);
    hs_errs *errs = malloc(sizeof *errs);
    int bad = !st.sw || !errs;
    if (!bad) {
        hs_errs_init(errs);
        bad = hs_sweep_parse(st.cfg, st.sw, errs) != 0 ? 2 : 0;
        if (o.ntarget > 0) {
            st.sw->ntarget = o.ntarget;
            memcpy(st.sw->target, o.target, sizeof o.target);
        }
    }
    if (hs_front_any(bad, &speak)) {
        if (speak) {
            if (errs)
                hs_errs_print(errs, stderr);
            fprintf(stderr, "hifusim sweep: errors in %s; nothing was run\n", o.f.config);
        }
        rc = 2;
    }
    free(errs);
    hs_scenario *list = NULL;
    uint64_t nsc = 0, mine = 0;
    if (rc == 0)
        rc = build(&st, &list, &nsc, &mine);

    if (o.f.out)
        snprintf(st.outdir, sizeof st.outdir, "%s", o.f.out);
    else if (st.cfg)
        snprintf(st.outdir, sizeof st.outdir, "results/%s-sweep", st.cfg->name);
    if (o.tasks > 1)
        snprintf(st.taskdir, sizeof st.taskdir, "%s/tasks/task-%lld-of-%lld", st.outdir, o.task,
                 o.tasks);
    else
        snprintf(st.taskdir, sizeof st.taskdir, "%s", st.outdir);
    snprintf(st.ckpt, sizeof st.ckpt, "%s/.checkpoint", st.taskdir);

    hs_driver d = {o.f.chunk, o.f.ckpt_every, st.ckpt, {0, ""}, &st.prog, scenario_done, &st};
    d.key.config_hash = mix(mix(hs_config_hash(st.cfg), (uint64_t)o.task), (uint64_t)o.tasks);
    for (int k = 0; rc == 0 && k < st.sw->ntarget; k++) { /* the rows' columns depend on the targets */
        uint64_t bits;
        memcpy(&bits, &st.sw->target[k], sizeof bits);
        d.key.config_hash = mix(d.key.config_hash, bits);
    }
    hs_checkpoint_key(&d.key, d.key.config_hash);
    hs_ckpt ck = {0};
    if (rc == 0) {
        hs_signals_install();
        int fail = 0;
        if (root) {
            hs_output out;
            if (hs_output_begin(&out, st.taskdir) != 0) {
                fprintf(stderr, "hifusim: %s\n", out.err);
                fail = 1;
            } else if (o.f.resume) {
                char err[1400];
                int lr = hs_checkpoint_load(st.ckpt, &d.key, &ck, st.text, err, sizeof err);
                if (lr < 0) {
                    fprintf(stderr, "hifusim: %s\n", err);
                    fail = 2;
                } else if (lr == 1)
                    fprintf(stderr, "hifusim: no checkpoint in %s; starting from the beginning\n",
                            st.taskdir);
                else
                    st.resumed = 1;
            }
        }
        rc = hs_par_max_int(fail);
    }
    if (rc == 0 && nsc > 0 && st.sw->ntarget > 0)
        rc = run_plans(&st, list, mine, hs_config_hash(st.cfg));
    if (rc == 0 && nsc > 0) {
        hs_progress_start(&st.prog, stderr, root && !o.f.quiet, "hifusim sweep",
                          nsc * st.cfg->replicates, t0);
        rc = hs_driver_run(&d, list, nsc, root && st.resumed ? &ck : NULL, st.text);
    }
    free(list);
    hs_checkpoint_release(&ck);
    if (rc == 0)
        rc = finish(&st, t0, started, mine);
    for (int t = 0; t < HS_CKPT_TEXTS; t++)
        hs_sbuf_free(&st.text[t]);
    free(st.point);
    free(st.first_sc);
    free(st.popts);
    free(st.ntg);
    free(st.sw);
    free(st.cfg);
    hs_par_finalize();
    return rc;
}
