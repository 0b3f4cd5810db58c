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
#include <sys/types.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfgval.h"
#include "checkpoint.h"
#include "config.h"
#include "driver.h"
#include "front.h"
#include "horizon.h"
#include "inifile.h"
#include "manifest.h"
#include "output.h"
#include "par.h"
#include "plan.h"
#include "planrun.h"
#include "progress.h"
#include "signals.h"
#include "sweep.h"
#include "targets.h"

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
    "sweep.csv, sweep_wide.csv, tornado.csv, summary.json, manifest.json to DIR\n"
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
    "  --also-conditional    with a [prior]: also the power at the point estimates, on the same\n"
    "                        patients (= --set prior.conditional=yes)\n"
    "Signals SIGTERM, SIGUSR1 and SIGINT save a checkpoint and exit with code 3\n"
    "(the target-power searches run first and are not checkpointed: --resume redoes them).\n";

/* A whole decimal number in lo..hi (lo >= 0), nothing else. */
static int parse_ll(const char *s, long long lo, long long hi, long long *v)
{
    uint64_t x;
    if (hs_cfgval_whole(s, 10, (uint64_t)lo, (uint64_t)hi, &x) != HS_CFGVAL_OK)
        return -1;
    *v = (long long)x;
    return 0;
}

static int task_split(sweep_opts *o, int root);

/* hs_front_own_fn: --task, --tasks, --target-power. */
static int sweep_opt(void *ctx, int c, const char *arg, int root)
{
    sweep_opts *o = ctx;
    long long v;
    char msg[200];
    switch (c) {
    case 't':
    case 'T':
        if (parse_ll(arg, c == 't' ? 0 : 1, 1000000, &v) != 0) {
            if (root)
                fprintf(stderr, "--%s %s: expected a whole number %s\n", c == 't' ? "task" : "tasks",
                        arg, c == 't' ? "from 0 (tasks are numbered 0..T-1)" : "from 1 to 10^6");
            return 1;
        }
        if (c == 't')
            o->task = v;
        else
            o->tasks = v;
        return 0;
    case 'p':
        if (hs_targets_parse(arg, HS_SWEEP_TARGETS_MAX, &o->ntarget, o->target, msg, sizeof msg) != 0) {
            if (root)
                fprintf(stderr, "hifusim sweep: --target-power %s: %s\n", arg, msg);
            return 1;
        }
        return 0;
    default: return -1;
    }
}

static int parse_args(int argc, char **argv, void *opts, int root)
{
    sweep_opts *o = opts;
    static const struct option longopts[] = {
        HS_FRONT_OUT,    HS_FRONT_REPLICATES, HS_FRONT_SEED,  HS_FRONT_SET,
        HS_FRONT_RESUME, HS_FRONT_QUIET,      HS_FRONT_CHUNK, HS_FRONT_CKPT,
        HS_FRONT_NOREPORT, HS_FRONT_ALSOCOND,
        {"task", required_argument, NULL, 't'}, {"tasks", required_argument, NULL, 'T'},
        {"target-power", required_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},       {NULL, 0, NULL, 0}};
    hs_front_opts_init(&o->f, 2048);
    o->task = o->tasks = -1;
    o->ntarget = 0;
    int rc = hs_front_parse(&o->f, argc, argv, "sweep", longopts, usage_text, sweep_opt, o, root);
    return rc == 0 ? task_split(o, root) : rc;
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

/* Memory does not grow with the point count: points are resolved one at a
 * time when the driver reaches them (next_scenario), and each finished
 * point's rows are appended to the rows file DIR/.rows (rank 0), whose
 * length, row count and FNV-1a hash the checkpoint keeps in text[0]
 * ("rows LEN COUNT HASH"); the tables are then built by reading it back. */
typedef struct sweep_state {
    const sweep_opts *o;
    hs_config *cfg;
    hs_sweep *sw;
    hs_inifile *store; /* the config's text, resolved again for each point */
    hs_config *pc;     /* the point being run */
    hs_errs *errs;     /* scratch for resolving */
    /* the driver's cursor: scenario pos is N index j of the task's i-th point */
    uint64_t pos, i, point;
    int j;
    FILE *ntg;         /* rank 0, with targets: ntarget x 3 ints per point of the task */
    FILE *rows;        /* rank 0: the rows file */
    uint64_t rows_len, rows_count, rows_hash;
    hs_sbuf rowbuf;
    char outdir[1024], taskdir[1200], ckpt[1300], rowsp[1300];
    hs_sbuf text[1]; /* the checkpoint payload: the rows record */
    hs_progress prog;
    hs_front *f; /* config, the locked task (or sweep) folder, checkpoint (front.h) */
} sweep_state;

static int scenario_done(void *ctx, uint64_t pos, const hs_scenario *sc, const hs_acc *acc)
{
    sweep_state *st = ctx;
    hs_sbuf *text = st->text;
    hs_dsummary ev, hr, med[2];
    hs_acc_summarize(&acc->events, &ev);
    hs_acc_summarize(&acc->hr, &hr);
    hs_acc_summarize(&acc->median[0], &med[0]);
    hs_acc_summarize(&acc->median[1], &med[1]);
    hs_sweep_result r = {sc->n, acc->count[HS_ACC_REPLICATES], acc->count[HS_ACC_REJECTIONS],
                         ev.mean, hr.q[2], {med[0].q[2], med[1].q[2]}, {0}, {0}, {0}};
    int nt = st->sw->ntarget;
    (void)pos;
    if (nt > 0) {
        int v[3 * HS_SWEEP_TARGETS_MAX];
        uint64_t i = (st->point - (uint64_t)st->o->task) / (uint64_t)st->o->tasks;
        if (!st->ntg || fseeko(st->ntg, (off_t)(i * (uint64_t)nt * 3 * sizeof v[0]), SEEK_SET) != 0 ||
            fread(v, sizeof v[0], (size_t)nt * 3, st->ntg) != (size_t)nt * 3)
            return -1;
        for (int k = 0; k < nt; k++) {
            r.n_target[k] = v[3 * k];
            r.n_target_low[k] = v[3 * k + 1];
            r.n_target_high[k] = v[3 * k + 2];
        }
    }
    hs_sbuf_clear(&st->rowbuf);
    if (hs_sweep_rows(st->sw, st->point, &r, &st->rowbuf) != 0 || !st->rows)
        return -1;
    if (fwrite(st->rowbuf.s, 1, st->rowbuf.len, st->rows) != st->rowbuf.len || fflush(st->rows) != 0)
        return -1;
    st->rows_len += st->rowbuf.len;
    st->rows_hash = hs_sweep_fnv1a(st->rows_hash, st->rowbuf.s, st->rowbuf.len);
    for (size_t b = 0; b < st->rowbuf.len; b++)
        st->rows_count += st->rowbuf.s[b] == '\n';
    hs_sbuf_clear(&text[0]);
    hs_sbuf_printf(&text[0], "rows %llu %llu %016llx\n", (unsigned long long)st->rows_len,
                   (unsigned long long)st->rows_count, (unsigned long long)st->rows_hash);
    return text[0].failed ? -1 : 0;
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

/* manifest.json (manifest.h) of a sweep task, with its own keys. */
static char *manifest_text(const sweep_state *st, long rss, uint64_t mine)
{
    hs_manifest m;
    hs_front_manifest(st->f, "sweep", &st->o->f, rss, &m);
    json_t *x = json_object();
    json_object_set_new(x, "task", json_integer(st->o->task));
    json_object_set_new(x, "tasks", json_integer(st->o->tasks));
    json_object_set_new(x, "points", json_integer((json_int_t)st->sw->npoints));
    if (st->sw->ntarget > 0) {
        json_t *tp = json_array();
        for (int k = 0; k < st->sw->ntarget; k++)
            json_array_append_new(tp, json_real(st->sw->target[k]));
        json_object_set_new(x, "target_power", tp);
    }
    json_object_set_new(x, "points_in_task", json_integer((json_int_t)mine));
    json_object_set_new(x, "started", json_string(st->f->started)); /* = started_utc; older readers */
    json_object_set_new(x, "config_text", json_string(st->f->cfg->text)); /* as run's */
    return hs_manifest_text(&m, x);
}

/* Reads the rows file back, line by line, for hs_front_sweep_tables. */
typedef struct rows_reader {
    FILE *f;
    const char *path;
    char *line;
    size_t cap;
    uint64_t lineno;
} rows_reader;

static int next_row(void *ctx, const char **line, size_t *len, char *where, size_t wherelen)
{
    rows_reader *r = ctx;
    ssize_t n = getline(&r->line, &r->cap, r->f);
    if (n < 0) {
        if (ferror(r->f)) {
            snprintf(where, wherelen, "%s: %s", r->path, strerror(errno));
            return -1;
        }
        return 0;
    }
    r->lineno++;
    if (n > 0 && r->line[n - 1] == '\n')
        n--;
    *line = r->line;
    *len = (size_t)n;
    snprintf(where, wherelen, "%s:%llu", r->path, (unsigned long long)r->lineno);
    return 1;
}

/* Root: write the task's files from the rows file. A share (tasks > 1) is
 * part.csv (header and rows) with task.txt naming its sweep, task, row count
 * and the FNV-1a 64 checksum of part.csv's bytes, which merge verifies. */
static int finish(sweep_state *st, uint64_t mine)
{
    int rc = 0;
    long rss = hs_front_peak_rss();
    if (hs_par_rank() != 0)
        return hs_par_max_int(rc);
    hs_progress_finish(&st->prog, st->prog.total, hs_par_time());
    char *man = manifest_text(st, rss, mine);
    hs_sweep_meta meta = {st->sw->design, st->sw->npoints, hs_config_hash(st->cfg), "", 0, {0},
                          st->cfg->prior.nkeys + st->cfg->prior.nfit > 0, 0, {{0}}};
    for (int a = 0; a < st->sw->naxes; a++) /* sweep_wide.csv: exp(value) beside these */
        if (hs_sweep_log_axis(&st->sw->axis[a]))
            snprintf(meta.logaxis[meta.nlog++], sizeof meta.logaxis[0], "%s", st->sw->axis[a].name);
    snprintf(meta.name, sizeof meta.name, "%s", st->cfg->name);
    meta.ntarget = st->sw->ntarget;
    memcpy(meta.target, st->sw->target, sizeof meta.target);
    rows_reader rr = {st->rows, st->rowsp, NULL, 0, 0};
    if (!st->rows || fflush(st->rows) != 0 || fseeko(st->rows, 0, SEEK_SET) != 0) {
        fprintf(stderr, "hifusim: %s: %s\n", st->rowsp, strerror(errno));
        rc = 1;
    } else if (st->o->tasks == 1) {
        hs_front_rep rep;
        memset(&rep, 0, sizeof rep);
        rc = hs_front_sweep_tables(&st->f->out, next_row, &rr, &meta, man, st->o->f.quiet,
                         st->o->f.no_report ? NULL : &rep);
    } else {
        hs_output *out = &st->f->out;
        int bad = 0;
        FILE *f = hs_output_open(out, "part.csv");
        hs_sbuf hdr = {0};
        uint64_t sum = HS_SWEEP_FNV_INIT, rsum = HS_SWEEP_FNV_INIT, nrows = 0;
        if (f && hs_sweep_header(&meta, &hdr) != 0) {
            hs_output_close(out, f, "part.csv");
            f = NULL;
        }
        if (f) {
            fwrite(hdr.s, 1, hdr.len, f);
            sum = hs_sweep_fnv1a(sum, hdr.s, hdr.len);
            const char *line;
            size_t len;
            char where[1400];
            int r;
            while ((r = next_row(&rr, &line, &len, where, sizeof where)) == 1) {
                fwrite(line, 1, len, f);
                fputc('\n', f);
                sum = hs_sweep_fnv1a(hs_sweep_fnv1a(sum, line, len), "\n", 1);
                rsum = hs_sweep_fnv1a(hs_sweep_fnv1a(rsum, line, len), "\n", 1);
                nrows++;
            }
            bad = hs_output_close(out, f, "part.csv") != 0;
            if (!bad && (r < 0 || nrows != st->rows_count || rsum != st->rows_hash)) {
                if (r < 0)
                    snprintf(out->err, sizeof out->err, "%.1000s", where);
                else
                    snprintf(out->err, sizeof out->err, "%.1000s: changed while the sweep ran; "
                             "expected the rows it wrote", st->rowsp);
                bad = 1;
            }
        } else
            bad = 1;
        hs_sbuf_free(&hdr);
        f = bad ? NULL : hs_output_open(out, "task.txt");
        if (f) {
            fprintf(f, "hifusim-sweep-task 2\nname=%s\ndesign=%s\npoints=%llu\ntask=%lld\ntasks=%lld\n"
                       "config_hash=%016llx\nseed=%llu\nreplicates=%llu\n",
                    meta.name, meta.design == HS_SWEEP_ONEWAY ? "oneway" : "grid",
                    (unsigned long long)meta.npoints, st->o->task, st->o->tasks,
                    (unsigned long long)meta.config_hash, (unsigned long long)st->cfg->seed,
                    (unsigned long long)st->cfg->replicates);
            for (int k = 0; k < meta.ntarget; k++)
                fprintf(f, "%s%.17g%s", k ? "," : "targets=", meta.target[k], k + 1 < meta.ntarget ? "" : "\n");
            if (meta.assurance)
                fprintf(f, "assurance=1\n");
            for (int k = 0; k < meta.nlog; k++)
                fprintf(f, "%s%s%s", k ? "," : "log_axes=", meta.logaxis[k], k + 1 < meta.nlog ? "" : "\n");
            fprintf(f, "rows=%llu\nchecksum=fnv1a64:%016llx\n", (unsigned long long)nrows,
                    (unsigned long long)sum);
            bad = hs_output_close(out, f, "task.txt") != 0;
        } else
            bad = 1;
        f = bad ? NULL : hs_output_open(out, "manifest.json");
        if (f) {
            fprintf(f, "%s\n", man ? man : "{}");
            bad = hs_output_close(out, f, "manifest.json") != 0;
        } else
            bad = 1;
        if (bad || hs_output_commit(out) != 0) {
            fprintf(stderr, "hifusim: %s\n", out->err);
            rc = 1;
        } else if (!st->o->f.quiet)
            printf("sweep %s: task %lld of %lld done (%llu of %llu points) in %s/\n"
                   "combine the tasks with: hifusim merge %s\n",
                   meta.name, st->o->task, st->o->tasks, (unsigned long long)mine,
                   (unsigned long long)meta.npoints, st->taskdir, st->outdir);
    }
    free(rr.line);
    free(man);
    if (rc == 0)
        remove(st->rowsp); /* carried over into the new folder; no longer needed */
    return hs_par_max_int(rc);
}

/* Resolve the task's i-th point into st->pc (st->point = its number).
 * 0, or -1 with the messages in errs. */
static int load_point(sweep_state *st, uint64_t i, hs_errs *errs)
{
    int level[HS_SWEEP_AXES_MAX];
    st->point = hs_sweep_task_point(i, (uint64_t)st->o->task, (uint64_t)st->o->tasks);
    hs_sweep_point(st->sw, st->point, level);
    return resolve_point(st, st->store, level, st->pc, errs);
}

/* Check every single-axis value and every point of this task (all errors
 * at once), one point at a time: nothing per point is kept. Counts the
 * scenarios (points x their N values). Returns 0, or 2 (input errors
 * printed once) or 1. */
static int build(sweep_state *st, hs_scenario *sc, uint64_t *nsc_out, uint64_t *mine_out)
{
    int rc = 0, speak;
    hs_errs *errs = st->errs;
    uint64_t nsc = 0;
    const hs_sweep *sw = st->sw;
    uint64_t mine = hs_sweep_task_size(sw->npoints, (uint64_t)st->o->task, (uint64_t)st->o->tasks);
    if (!errs || !st->pc || !sc) {
        rc = 1;
        goto done;
    }
    hs_errs_init(errs);
    if (hs_inifile_read(st->o->f.config, &st->store, errs) != 0 || !st->store) {
        rc = 2;
        goto done;
    }
    int level[HS_SWEEP_AXES_MAX];
    for (int a = 0; a < sw->naxes; a++)
        for (int l = 0; l < sw->axis[a].nvalues; l++) {
            for (int b = 0; b < HS_SWEEP_AXES_MAX; b++)
                level[b] = b == a ? l : -1;
            if (resolve_point(st, st->store, level, st->pc, errs) != 0)
                rc = 2;
        }
    if (rc)
        goto done;
    for (uint64_t i = 0; i < mine; i++) {
        uint64_t p = hs_sweep_task_point(i, (uint64_t)st->o->task, (uint64_t)st->o->tasks);
        if (load_point(st, i, errs) != 0) {
            rc = 2;
            continue;
        }
        const hs_config *pc = st->pc;
        for (int j = 0; j < pc->design.nn; j++) {
            char why[256] = "";
            if (hs_scenario_from_config(pc, j, 0, sc, why, sizeof why) != 0) {
                hs_errs_add(errs, st->cfg->source, 0, "sweep point %llu: %s", (unsigned long long)p, why);
                rc = 2;
                continue;
            }
            if (j == 0 && sw->ntarget > 0) {
                char perr[256];
                hs_plan_opts po;
                if (hs_planrun_opts(pc, sc, sw->target, sw->ntarget, &po, perr, sizeof perr) != 0) {
                    hs_errs_add(errs, st->cfg->source, 0, "sweep point %llu: %s", (unsigned long long)p,
                                perr);
                    rc = 2;
                }
            }
            nsc++;
        }
    }
done:
    if (hs_par_agree_first(rc != 0, &speak)) {
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
    *nsc_out = rc ? 0 : nsc;
    *mine_out = mine;
    return rc;
}

/* The driver's scenario source: position pos (asked for in order, from 0)
 * is the next N of the current point, resolving the next point when one is
 * done. 0 or -1. */
static int next_scenario(void *ctx, uint64_t pos, hs_scenario *out)
{
    sweep_state *st = ctx;
    char why[256] = "";
    if (pos != st->pos)
        return -1;
    if (st->j == 0) {
        hs_errs_init(st->errs);
        if (load_point(st, st->i, st->errs) != 0)
            return -1;
    }
    if (hs_scenario_from_config(st->pc, st->j, 0, out, why, sizeof why) != 0)
        return -1;
    hs_horizon_apply(st->pc, out); /* as run: the default grid ends at the longest follow-up */
    st->pos++;
    if (++st->j >= st->pc->design.nn) {
        st->j = 0;
        st->i++;
    }
    return 0;
}

/* Collective: the plan search (plan.h, planrun.h) for each point of this
 * task, each from the point's own first-N scenario with stream key 0, so a
 * point's N does not depend on the split. Rank 0 appends each point's N
 * columns to st->ntg. Returns 0, 1 or 3 (signal). */
static int run_plans(sweep_state *st, hs_scenario *sc, uint64_t mine, uint64_t hash)
{
    const hs_sweep *sw = st->sw;
    int root = hs_par_rank() == 0, rc = 0;
    hs_planrun *x = malloc(sizeof *x);
    if (hs_par_agree(x == NULL || (root && !st->ntg))) {
        if (root)
            fprintf(stderr, "hifusim sweep: out of memory (or no temporary file)\n");
        free(x);
        return 1;
    }
    for (uint64_t i = 0; rc == 0 && i < mine; i++) {
        hs_plan_result res;
        hs_plan_opts po;
        char perr[256];
        char why[256] = "";
        hs_errs_init(st->errs);
        if (load_point(st, i, st->errs) != 0 || hs_scenario_from_config(st->pc, 0, 0, sc, why, sizeof why) != 0 ||
            hs_planrun_opts(st->pc, sc, sw->target, sw->ntarget, &po, perr, sizeof perr) != 0) {
            if (root)
                fprintf(stderr, "hifusim sweep: point %llu could not be set up again\n",
                        (unsigned long long)st->point);
            rc = 1;
            break;
        }
        uint64_t p = st->point;
        hs_planrun_init(x, sc, st->o->f.chunk, hash, NULL, NULL);
        hs_planrun_config(x, st->pc);
        x->solve_followup = 0; /* refused with targets at parse time; kept as a guard */
        rc = hs_plan_search(&po, hs_planrun_eval, x, &res);
        if (rc > 0 && root && x->msg[0])
            fprintf(stderr, "%s\n", x->msg);
        hs_planrun_free(x);
        if (rc < 0) {
            if (root)
                fprintf(stderr, "hifusim sweep: point %llu: the target-power search failed (out of "
                                "memory or bad [plan] values)\n", (unsigned long long)p);
            rc = 1;
        }
        if (rc != 0)
            break;
        int v[3 * HS_SWEEP_TARGETS_MAX];
        for (int k = 0; k < sw->ntarget; k++) {
            const hs_plan_target *t = &res.target[k];
            v[3 * k] = t->reached ? t->n : -1;
            v[3 * k + 1] = t->reached ? t->n_low : -1;
            v[3 * k + 2] = t->reached ? t->n_high : -1;
        }
        if (root && fwrite(v, sizeof v[0], (size_t)sw->ntarget * 3, st->ntg) != (size_t)sw->ntarget * 3) {
            fprintf(stderr, "hifusim sweep: temporary file: %s\n", strerror(errno));
            rc = 1;
        }
        rc = hs_par_max_int(rc);
        if (root && !st->o->f.quiet && rc == 0) {
            fprintf(stderr, "hifusim sweep: point %llu of %llu:", (unsigned long long)p,
                    (unsigned long long)sw->npoints);
            for (int k = 0; k < sw->ntarget; k++) {
                if (v[3 * k] >= 0)
                    fprintf(stderr, "  power %g at N = %d (%d-%d)", sw->target[k], v[3 * k], v[3 * k + 1],
                            v[3 * k + 2]);
                else
                    fprintf(stderr, "  power %g not reached by N = %d", sw->target[k], po.n_max);
            }
            fputc('\n', stderr);
        }
        hs_plan_result_free(&res);
    }
    free(x);
    return rc;
}

/* Rank 0: open the rows file, fresh or (resumed) cut back to what the
 * checkpoint's text[0] says, after checking its hash. 0, or 1/2 printed. */
static int open_rows(sweep_state *st)
{
    unsigned long long len = 0, cnt = 0, hash = HS_SWEEP_FNV_INIT;
    if (st->f->resumed && st->text[0].len > 0 &&
        (sscanf(st->text[0].s, "rows %llu %llu %llx", &len, &cnt, &hash) != 3)) {
        fprintf(stderr, "hifusim: %s: the checkpoint's rows record is malformed; expected one this "
                        "build writes (run again without --resume)\n", st->ckpt);
        return 2;
    }
    st->rows = fopen(st->rowsp, st->f->resumed ? "r+" : "w+");
    if (!st->rows) {
        fprintf(stderr, "hifusim: %s: %s%s\n", st->rowsp, strerror(errno),
                st->f->resumed ? " (the rows of the interrupted run; run again without --resume)" : "");
        return st->f->resumed ? 2 : 1;
    }
    if (st->f->resumed) {
        uint64_t h = HS_SWEEP_FNV_INIT, got = 0;
        char buf[65536];
        while (got < len) {
            size_t want = len - got < sizeof buf ? (size_t)(len - got) : sizeof buf;
            size_t n = fread(buf, 1, want, st->rows);
            if (n == 0)
                break;
            h = hs_sweep_fnv1a(h, buf, n);
            got += n;
        }
        if (got != len || h != hash || ftruncate(fileno(st->rows), (off_t)len) != 0 ||
            fseeko(st->rows, 0, SEEK_END) != 0) {
            fprintf(stderr, "hifusim: %s: %s; expected the %llu bytes of rows the checkpoint "
                            "records (run again without --resume)\n", st->rowsp,
                    got != len ? "shorter than the checkpoint says" : "does not match the checkpoint",
                    len);
            return 2;
        }
    }
    st->rows_len = len;
    st->rows_count = cnt;
    st->rows_hash = hash;
    return 0;
}

/* Parse [sweep] (with --target-power) into st->sw. Collective: 0 or 2
 * (errors printed once). */
static int parse_sweep(sweep_state *st)
{
    const sweep_opts *o = st->o;
    int rc = 0, speak;
    st->sw = malloc(sizeof *st->sw);
    hs_errs *errs = malloc(sizeof *errs);
    int bad = !st->sw || !errs;
    if (!bad) {
        hs_errs_init(errs);
        bad = hs_sweep_parse(st->cfg, st->sw, errs) != 0 ? 2 : 0;
        if (o->ntarget > 0) {
            st->sw->ntarget = o->ntarget;
            memcpy(st->sw->target, o->target, sizeof o->target);
            if (st->cfg->plan.solve_followup && !bad) /* hs_sweep_parse refuses the [sweep] key */
                bad = 3;
            else if (st->cfg->plan.events_fixed && !bad)
                bad = 4;
        }
    }
    if (hs_par_agree_first(bad, &speak)) {
        if (speak && bad == 3)
            fprintf(stderr, "--target-power: given with [plan] solve = followup; expected one of them: a "
                            "sweep's target-power search is over N, so to find the minimal follow-up of "
                            "each point run `hifusim plan` per point\n");
        else if (speak && bad == 4)
            fprintf(stderr, "--target-power: given with [plan] events = fixed; expected one of them: with K "
                            "events fixed the N is found from events_by, not from a target power, so run "
                            "`hifusim plan` per point\n");
        else if (speak) {
            if (errs)
                hs_errs_print(errs, stderr);
            fprintf(stderr, "hifusim sweep: errors in %s; nothing was run\n", o->f.config);
        }
        rc = 2;
    }
    free(errs);
    return rc;
}

/* The folders: DIR, the task's folder in it, its checkpoint and rows file. */
static void name_paths(sweep_state *st)
{
    const sweep_opts *o = st->o;
    if (o->f.out)
        snprintf(st->outdir, sizeof st->outdir, "%s", o->f.out);
    else
        snprintf(st->outdir, sizeof st->outdir, "results/%s-sweep", st->cfg->name);
    if (o->tasks > 1)
        snprintf(st->taskdir, sizeof st->taskdir, "%s/tasks/task-%lld-of-%lld", st->outdir, o->task,
                 o->tasks);
    else
        snprintf(st->taskdir, sizeof st->taskdir, "%s", st->outdir);
    snprintf(st->ckpt, sizeof st->ckpt, "%s/.checkpoint", st->taskdir);
    snprintf(st->rowsp, sizeof st->rowsp, "%s/.rows", st->taskdir);
}

/* The checkpoint's key: the config, the task split and the targets (the
 * rows' columns depend on them). */
static void checkpoint_key(const sweep_state *st, hs_ckpt_key *key)
{
    uint64_t h = mix(mix(hs_config_hash(st->cfg), (uint64_t)st->o->task), (uint64_t)st->o->tasks);
    for (int k = 0; k < st->sw->ntarget; k++) {
        uint64_t bits;
        memcpy(&bits, &st->sw->target[k], sizeof bits);
        h = mix(h, bits);
    }
    hs_checkpoint_key(key, h);
}

/* Rank 0: lock the task folder, load the checkpoint (--resume), open the
 * rows file and the targets' scratch file. 0, or the exit code (printed). */
static int lock_task(sweep_state *st, hs_driver *d)
{
    const sweep_opts *o = st->o;
    int fail = hs_front_lock(st->f, st->taskdir, "hifusim sweep",
                             HS_OUT_RESULTS | HS_OUT_CHECKPOINT | (o->tasks == 1 ? HS_OUT_REPORT : 0),
                             o->f.resume ? st->ckpt : NULL, &d->key, &d->payload);
    if (!fail)
        fail = open_rows(st);
    if (!fail && st->sw->ntarget > 0 && !(st->ntg = tmpfile())) {
        fprintf(stderr, "hifusim: temporary file: %s\n", strerror(errno));
        fail = 1;
    }
    return fail;
}

/* Collective, with the task folder locked: the target-power searches,
 * then the driver over the task's nsc scenarios. 0, 1 or 3 (signal). */
static int simulate(sweep_state *st, hs_driver *d, hs_scenario *sc, uint64_t nsc, uint64_t mine)
{
    const hs_front *f = st->f;
    int rc = 0;
    if (st->sw->ntarget > 0)
        rc = run_plans(st, sc, mine, hs_config_hash(st->cfg));
    if (rc == 0) {
        hs_progress_start(&st->prog, stderr, f->root && !st->o->f.quiet, "hifusim sweep",
                          nsc * st->cfg->replicates, f->t0);
        rc = hs_driver_run_gen(d, next_scenario, st, nsc, f->root && f->resumed ? &f->ck : NULL);
        if (rc != 0 && f->root && d->msg[0])
            fprintf(stderr, "%s\n", d->msg);
    }
    return rc;
}

static void state_free(sweep_state *st)
{
    hs_sbuf_free(&st->text[0]);
    if (st->rows)
        fclose(st->rows);
    if (st->ntg)
        fclose(st->ntg);
    hs_sbuf_free(&st->rowbuf);
    hs_inifile_free(st->store);
    free(st->errs);
    free(st->pc);
    free(st->sw);
}

int hs_sweepcmd_main(int argc, char **argv)
{
    hs_front f;
    sweep_opts o = {0};
    int rc = hs_front_start(&f, &argc, &argv, parse_args, &o, &o.f);
    if (rc >= 0)
        return rc;

    sweep_state st = {.o = &o, .f = &f, .cfg = f.cfg};
    rc = parse_sweep(&st);
    hs_scenario *sc = malloc(sizeof *sc);
    st.errs = malloc(sizeof *st.errs);
    st.pc = malloc(sizeof *st.pc);
    uint64_t nsc = 0, mine = 0;
    if (rc == 0)
        rc = build(&st, sc, &nsc, &mine);
    name_paths(&st);

    char dmsg[1500] = "";
    hs_driver d = {o.f.chunk, o.f.ckpt_every, st.ckpt, {0, ""}, &st.prog, scenario_done, &st,
                   {st.text, 1}, dmsg, sizeof dmsg, NULL};
    if (rc == 0) {
        checkpoint_key(&st, &d.key);
        hs_signals_install();
        /* the lock decides before any replicate runs; every rank learns it */
        rc = hs_par_max_int(f.root ? lock_task(&st, &d) : 0);
    }
    if (rc == 0 && nsc > 0)
        rc = simulate(&st, &d, sc, nsc, mine);
    free(sc);
    if (rc == 0)
        rc = finish(&st, mine);
    state_free(&st);
    return hs_front_end(&f, rc);
}
