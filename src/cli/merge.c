/* merge.c — see merge.h. Reads every task's task.txt (which sweep, which
 * task) and part.csv (its points' rows), checks that the tasks are one
 * complete split of one sweep, orders the rows by point and writes the
 * tables through hs_front_sweep_tables (sweep_out.h), the same code a
 * one-process sweep uses. */
#include "merge.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cfgval.h"
#include "errs.h"
#include "fileio.h"
#include "sbuf.h"
#include "sweep.h"
#include "front.h"
#include "sweep_out.h"
#include "targets.h"
#include "version.h"

#define TASKS_MAX 1000000

static const char *usage_text =
    "usage: hifusim merge DIR... [--out OUT] [--quiet]\n"
    "\n"
    "Combine the tasks of a sweep run with --task K --tasks T into sweep.csv,\n"
    "tornado.csv, summary.json and manifest.json, identical to a one-process\n"
    "sweep. DIR is a sweep folder (holding tasks/task-K-of-T/) or a task folder.\n"
    "\n"
    "  --out OUT   where to write (default: the first DIR)\n"
    "  --quiet     no headline\n";

typedef struct task {
    char dir[1200], file[1300]; /* the folder and its task.txt */
    char name[HS_NAME_MAX], design[16];
    unsigned long long points, task, tasks, hash, seed, replicates, rows, checksum;
    int ntarget; /* target powers of the N columns (task.txt targets=, optional) */
    double target[HS_SWEEP_TARGETS_MAX];
    int assurance; /* task.txt assurance=1 (optional): the config has a [prior] */
    char log_axes[HS_SWEEP_AXES_MAX * HS_SWEEP_AXIS_NAME_MAX]; /* log_axes= (optional) */
} task;

typedef struct line {
    uint64_t point;
    size_t seq;
    const char *s;
    size_t len;
    size_t task;   /* index into the tasks */
    size_t lineno; /* in its part.csv */
} line;

static int is_dir(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int is_file(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* A whole number (decimal or, base 16, bare hex digits), nothing else. */
static int ull(const char *s, int base, unsigned long long *v)
{
    uint64_t x;
    if (hs_cfgval_whole(s, base, 0, UINT64_MAX, &x) != HS_CFGVAL_OK)
        return -1;
    *v = x;
    return 0;
}

/* Read DIR/task.txt. Returns 0, or -1 with the messages in errs. */
static int read_task(const char *dir, task *t, hs_errs *errs)
{
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "%s", dir);
    snprintf(t->file, sizeof t->file, "%s/task.txt", dir);
    size_t len;
    char *s = hs_sbuf_slurp(t->file, &len);
    if (!s) {
        hs_errs_add(errs, t->file, 0, "%s; expected the task.txt hifusim sweep --task writes", hs_fileio_strerror(errno));
        return -1;
    }
    int seen = 0, bad = 0, lineno = 0, binary = memchr(s, '\0', len) != NULL;
    static const char *const keys[] = {"name", "design", "points", "task", "tasks", "config_hash",
                                       "seed", "replicates", "rows", "checksum"};
    for (char *p = s, *nl; !bad && *p; p = nl + 1) {
        nl = strchr(p, '\n');
        lineno++;
        if (!nl || binary) {
            hs_errs_add(errs, t->file, lineno, "truncated or binary line; expected KEY=VALUE lines ending in a newline");
            bad = 1;
            break;
        }
        *nl = '\0';
        if (lineno == 1) {
            if (!strcmp(p, "hifusim-sweep-task 1")) {
                hs_errs_add(errs, t->file, 1, "a share from an older hifusim, without a row count and "
                                              "checksum; expected 'hifusim-sweep-task 2' (run the task again)");
                bad = 1;
            } else if (strcmp(p, "hifusim-sweep-task 2") != 0) {
                hs_errs_add(errs, t->file, 1, "not a sweep task file; expected 'hifusim-sweep-task 2' "
                                              "as hifusim sweep --task writes");
                bad = 1;
            }
            continue;
        }
        char *eq = strchr(p, '=');
        const char *v = eq ? eq + 1 : "";
        if (eq)
            *eq = '\0';
        int k = -1, ok = 0;
        for (int i = 0; i < 10; i++)
            if (eq && !strcmp(p, keys[i]))
                k = i;
        if (k >= 0 && (seen & (1 << k)))
            k = -2; /* twice */
        switch (k) {
        case 0: ok = strlen(v) < sizeof t->name && *v; if (ok) snprintf(t->name, sizeof t->name, "%s", v); break;
        case 1: ok = !strcmp(v, "oneway") || !strcmp(v, "grid"); if (ok) snprintf(t->design, sizeof t->design, "%s", v); break;
        case 2: ok = !ull(v, 10, &t->points) && t->points >= 1 && t->points <= HS_SWEEP_POINTS_MAX; break;
        case 3: ok = !ull(v, 10, &t->task); break;
        case 4: ok = !ull(v, 10, &t->tasks) && t->tasks >= 1 && t->tasks <= TASKS_MAX; break;
        case 5: ok = strlen(v) == 16 && !ull(v, 16, &t->hash); break;
        case 6: ok = !ull(v, 10, &t->seed); break;
        case 7: ok = !ull(v, 10, &t->replicates); break;
        case 8: ok = !ull(v, 10, &t->rows); break;
        case 9: ok = !strncmp(v, "fnv1a64:", 8) && strlen(v + 8) == 16 && !ull(v + 8, 16, &t->checksum); break;
        default:
            if (eq && !strcmp(p, "assurance") && !t->assurance && !strcmp(v, "1"))
                ok = t->assurance = 1;
            else if (eq && !strcmp(p, "log_axes") && !t->log_axes[0] && *v &&
                     strlen(v) < sizeof t->log_axes)
                ok = snprintf(t->log_axes, sizeof t->log_axes, "%s", v) > 0;
            else if (eq && !strcmp(p, "targets") && t->ntarget == 0) {
                char msg[200];
                ok = hs_targets_parse(v, HS_SWEEP_TARGETS_MAX, &t->ntarget, t->target, msg, sizeof msg) == 0;
            }
        }
        if (k >= 0 && ok)
            seen |= 1 << k;
        if (!ok) {
            hs_errs_add(errs, t->file, lineno, "bad line '%s%s%s'; expected each of name, design, points, "
                        "task, tasks, config_hash, seed, replicates, rows, checksum (and targets, assurance) once, "
                        "as hifusim sweep --task writes", p, eq ? "=" : "", v);
            bad = 1;
        }
    }
    free(s);
    if (!bad && seen != (1 << 10) - 1) {
        for (int i = 0; i < 10; i++)
            if (!(seen & (1 << i))) {
                hs_errs_add(errs, t->file, lineno, "no %s= line; expected the task file hifusim sweep "
                            "--task writes", keys[i]);
                break;
            }
        bad = 1;
    }
    if (!bad && t->task >= t->tasks) {
        hs_errs_add(errs, t->file, 0, "task %llu of %llu; expected a task 0..%llu", t->task, t->tasks,
                    t->tasks - 1);
        bad = 1;
    }
    return bad ? -1 : 0;
}

static int add_task(task **v, size_t *n, size_t *cap, const char *dir, hs_errs *errs)
{
    if (*n == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        task *q = realloc(*v, nc * sizeof *q);
        if (!q) {
            fprintf(stderr, "hifusim merge: out of memory\n");
            return -1;
        }
        *v = q;
        *cap = nc;
    }
    if (read_task(dir, &(*v)[*n], errs) != 0)
        return 1; /* an input error: carry on collecting */
    (*n)++;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The task folders of DIR (DIR itself, or DIR/tasks/task-*). 0, 1 (a bad
 * share, message in errs) or -1 (printed). */
static int collect(const char *dir, task **v, size_t *n, size_t *cap, hs_errs *errs)
{
    char path[1300];
    snprintf(path, sizeof path, "%s/task.txt", dir);
    if (is_file(path))
        return add_task(v, n, cap, dir, errs);
    snprintf(path, sizeof path, "%s/tasks", dir);
    DIR *d = is_dir(path) ? opendir(path) : NULL;
    if (!d) {
        fprintf(stderr, "hifusim merge: %s: neither a sweep folder (with tasks/) nor a task folder "
                        "(with task.txt); expected the --out DIR of hifusim sweep --tasks T\n", dir);
        return -1;
    }
    char **names = NULL;
    size_t nn = 0, nc = 0;
    int rc = 0, bad = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "task-", 5) != 0)
            continue;
        if (nn == nc) {
            nc = nc ? 2 * nc : 16;
            char **q = realloc(names, nc * sizeof *q);
            if (!q) {
                rc = -1;
                break;
            }
            names = q;
        }
        if (!(names[nn] = strdup(e->d_name))) {
            rc = -1;
            break;
        }
        nn++;
    }
    closedir(d);
    if (rc == 0 && nn == 0) {
        fprintf(stderr, "hifusim merge: %s: no task-K-of-T folders\n", path);
        rc = -1;
    }
    if (rc == 0)
        qsort(names, nn, sizeof *names, cmp_name);
    for (size_t i = 0; rc == 0 && i < nn; i++) {
        char sub[1300];
        int w = snprintf(sub, sizeof sub, "%s/%s", path, names[i]);
        if (w < 0 || (size_t)w >= sizeof sub) {
            fprintf(stderr, "hifusim merge: %s/%s: path too long\n", path, names[i]);
            rc = -1;
            break;
        }
        int r = add_task(v, n, cap, sub, errs);
        if (r < 0)
            rc = -1;
        else if (r > 0)
            bad = 1;
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    return rc < 0 ? -1 : bad;
}

static int cmp_line(const void *a, const void *b)
{
    const line *x = a, *y = b;
    if (x->point != y->point)
        return x->point < y->point ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The sorted rows, for hs_sweep_out_stage. */
typedef struct line_reader {
    const line *ln;
    size_t n, i;
    const task *tk;
} line_reader;

static int next_line(void *ctx, const char **s, size_t *len, char *where, size_t wherelen)
{
    line_reader *r = ctx;
    if (r->i >= r->n)
        return 0;
    const line *l = &r->ln[r->i++];
    *s = l->s;
    *len = l->len;
    snprintf(where, wherelen, "%s/part.csv:%zu", r->tk[l->task].dir, l->lineno);
    return 1;
}

/* One merge: the shares, their rows and what the steps below share. */
typedef struct merge_run {
    task *tk;
    size_t nt, ct;
    hs_errs *errs;
    size_t *have; /* task number -> 1 + index into tk */
    line *ln;
    size_t nl, cl, seq;
    char **text; /* each share's part.csv */
    hs_sbuf hbuf; /* the expected header */
    uint64_t *keys; /* the current point's row keys */
    size_t nkeys, ckeys;
    hs_sweep_meta m;
} merge_run;

static int oom(void)
{
    fprintf(stderr, "hifusim merge: out of memory\n");
    return 1;
}

/* The options into *out and *quiet. Returns -1 to go on, else the exit code. */
static int merge_opts(int argc, char **argv, const char **out, int *quiet)
{
    static const struct option longopts[] = {{"out", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    int c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': *out = optarg; break;
        case 'q': *quiet = 1; break;
        case 'h': fputs(usage_text, stdout); return 0;
        default:
            fprintf(stderr, "hifusim merge: unknown or incomplete option '%s' (see hifusim merge --help)\n",
                    argv[optind - 1]);
            return 2;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "hifusim merge: expected at least one DIR (see hifusim merge --help)\n");
        return 2;
    }
    if (!*out)
        *out = argv[optind];
    return -1;
}

/* Every share must come from the same sweep run as the first. */
static void check_same(merge_run *r)
{
    const task *t0 = &r->tk[0];
    for (size_t i = 1; i < r->nt; i++) {
        const task *t = &r->tk[i];
        char d[300] = "";
#define DIFF(cond, ...)                                                                            \
    if (cond)                                                                                      \
        snprintf(d + strlen(d), sizeof d - strlen(d), __VA_ARGS__)
        DIFF(strcmp(t->name, t0->name), " name %s/%s", t->name, t0->name);
        DIFF(strcmp(t->design, t0->design), " design %s/%s", t->design, t0->design);
        DIFF(t->points != t0->points, " points %llu/%llu", t->points, t0->points);
        DIFF(t->tasks != t0->tasks, " tasks %llu/%llu", t->tasks, t0->tasks);
        DIFF(t->hash != t0->hash, " config_hash %016llx/%016llx", t->hash, t0->hash);
        DIFF(t->seed != t0->seed, " seed %llu/%llu", t->seed, t0->seed);
        DIFF(t->replicates != t0->replicates, " replicates %llu/%llu", t->replicates, t0->replicates);
        DIFF(t->ntarget != t0->ntarget ||
                 memcmp(t->target, t0->target, (size_t)t0->ntarget * sizeof t0->target[0]) != 0,
             " --target-power");
#undef DIFF
        if (d[0])
            hs_errs_add(r->errs, t->file, 0, "not a share of the same sweep as %.120s (differs in:%s); "
                        "expected the shares of one hifusim sweep --tasks T run", t0->file, d);
    }
}

/* Each task exactly once. Returns 0, or 1 (out of memory). */
static int check_tasks(merge_run *r)
{
    const task *t0 = &r->tk[0], *tk = r->tk;
    r->have = calloc((size_t)t0->tasks, sizeof *r->have);
    r->text = calloc(r->nt, sizeof *r->text);
    if (!r->have || !r->text)
        return oom();
    for (size_t i = 0; i < r->nt; i++) {
        if (r->have[tk[i].task])
            hs_errs_add(r->errs, tk[i].file, 0, "task %llu of %llu given twice (also %s); expected each "
                        "share once", tk[i].task, tk[i].tasks, tk[r->have[tk[i].task] - 1].file);
        else
            r->have[tk[i].task] = i + 1;
    }
    char tdir[1200];
    snprintf(tdir, sizeof tdir, "%s", t0->dir);
    char *slash = strrchr(tdir, '/');
    if (slash && !strncmp(slash + 1, "task-", 5))
        *slash = '\0';
    else
        snprintf(tdir, sizeof tdir, ".");
    for (unsigned long long k = 0; k < t0->tasks; k++)
        if (!r->have[k]) {
            char miss[1300];
            snprintf(miss, sizeof miss, "%.1200s/task-%llu-of-%llu", tdir, k, t0->tasks);
            hs_errs_add(r->errs, miss, 0, "task %llu of %llu is missing; expected every share (run "
                        "hifusim sweep CONFIG --task %llu --tasks %llu)", k, t0->tasks, k, t0->tasks);
        }
    return 0;
}

/* Remember row key kh of the current point and the row itself. 0, or 1 (out of memory). */
static int keep_row(merge_run *r, uint64_t kh, line row)
{
    if (r->nkeys == r->ckeys) {
        size_t nc = r->ckeys ? 2 * r->ckeys : 64;
        uint64_t *q = realloc(r->keys, nc * sizeof *q);
        if (!q)
            return oom();
        r->keys = q;
        r->ckeys = nc;
    }
    r->keys[r->nkeys++] = kh;
    if (r->nl == r->cl) {
        r->cl = r->cl ? 2 * r->cl : 1024;
        line *q = realloc(r->ln, r->cl * sizeof *q);
        if (!q)
            return oom();
        r->ln = q;
    }
    row.seq = r->seq++;
    r->ln[r->nl++] = row;
    return 0;
}

/* Where a share's rows stopped: its last point and line. */
typedef struct part_end {
    uint64_t cur, nrows;
    int havept;
    size_t lastline;
} part_end;

/* The rows of share i's part.csv (len bytes, header hl bytes) checked and
 * kept. Returns 0 (errors in r->errs), or 1 (out of memory). */
static int scan_rows(merge_run *r, size_t i, const char *path, size_t len, size_t hl, part_end *pe)
{
    const task *t = &r->tk[i];
    unsigned long long T = r->tk[0].tasks;
    int before = hs_errs_count(r->errs);
    size_t lineno = 1;
    r->nkeys = 0;
    for (size_t p = hl; p < len && hs_errs_count(r->errs) - before < 3;) {
        const char *ls = r->text[i] + p;
        const char *e = memchr(ls, '\n', len - p);
        lineno++;
        if (!e) {
            hs_errs_add(r->errs, path, (int)lineno, "last line has no newline (the file was cut "
                        "short); expected complete rows");
            break;
        }
        size_t ll = (size_t)(e - ls);
        uint64_t pt;
        char key[200], msg[400];
        p += ll + 1;
        pe->lastline = lineno;
        pe->nrows++;
        if (hs_sweep_row_point(ls, ll, t->ntarget, &pt, key, sizeof key, msg, sizeof msg) != 0) {
            hs_errs_add(r->errs, path, (int)lineno, "%s", msg);
            continue;
        }
        if (pt >= t->points || pt % T != t->task) {
            hs_errs_add(r->errs, path, (int)lineno, "point %llu; expected a point of task %llu of "
                        "%llu (p mod %llu = %llu, p < %llu)", (unsigned long long)pt, t->task,
                        (unsigned long long)T, (unsigned long long)T, t->task, t->points);
            continue;
        }
        if (!pe->havept || pt != pe->cur) {
            uint64_t want = pe->havept ? pe->cur + T : t->task;
            if (pt != want) {
                hs_errs_add(r->errs, path, (int)lineno, "point %llu where point %llu was expected "
                            "(a point missing, repeated or out of order); expected the task's "
                            "points in order", (unsigned long long)pt, (unsigned long long)want);
                break;
            }
            pe->cur = pt;
            pe->havept = 1;
            r->nkeys = 0;
        }
        uint64_t kh = hs_sweep_fnv1a(HS_SWEEP_FNV_INIT, key, strlen(key));
        int dup = 0;
        for (size_t q = 0; q < r->nkeys; q++)
            dup |= r->keys[q] == kh;
        if (dup) {
            hs_errs_add(r->errs, path, (int)lineno, "a second row for point %llu, %s; expected one row "
                        "per point, axis and N", (unsigned long long)pt, key);
            continue;
        }
        if (keep_row(r, kh, (line){pt, 0, ls, ll, i, lineno}) != 0)
            return 1;
    }
    return 0;
}

/* Share i's part.csv read, its rows checked and kept, its row count and
 * checksum compared with its task.txt. 0 (errors in r->errs), or 1 (out of memory). */
static int read_part(merge_run *r, size_t i)
{
    char path[1300];
    size_t len;
    int before = hs_errs_count(r->errs);
    const task *t = &r->tk[i];
    const char *hdr = r->hbuf.s;
    size_t hl = r->hbuf.len;
    unsigned long long T = r->tk[0].tasks;
    snprintf(path, sizeof path, "%s/part.csv", t->dir);
    r->text[i] = hs_sbuf_slurp(path, &len);
    if (!r->text[i]) {
        hs_errs_add(r->errs, path, 0, "%s; expected the part.csv of task %llu of %llu",
                    hs_fileio_strerror(errno), t->task, T);
        return 0;
    }
    if (len < hl || memcmp(r->text[i], hdr, hl) != 0) {
        hs_errs_add(r->errs, path, 1, "not the sweep part header; expected the header hifusim sweep "
                    "writes for sweep %s%s", t->name, t->ntarget ? " with its target powers" : "");
        return 0;
    }
    uint64_t mine = hs_sweep_task_size(t->points, t->task, T);
    part_end pe = {0, 0, 0, 1};
    if (scan_rows(r, i, path, len, hl, &pe) != 0)
        return 1;
    if (hs_errs_count(r->errs) > before)
        return 0;
    uint64_t last = mine ? t->task + (mine - 1) * T : 0;
    if (mine > 0 && (!pe.havept || pe.cur != last))
        hs_errs_add(r->errs, path, (int)pe.lastline, "rows end at %s %llu; expected the task's points up "
                    "to %llu (rows lost at the end)", pe.havept ? "point" : "the header, before point",
                    pe.havept ? (unsigned long long)pe.cur : t->task, (unsigned long long)last);
    else if (pe.nrows != t->rows)
        hs_errs_add(r->errs, path, (int)pe.lastline, "%llu rows but %s says %llu; expected the rows "
                    "hifusim sweep wrote (rows lost or added: run task %llu again)",
                    (unsigned long long)pe.nrows, t->file, t->rows, t->task);
    else {
        uint64_t sum = hs_sweep_fnv1a(HS_SWEEP_FNV_INIT, r->text[i], len);
        if (sum != t->checksum)
            hs_errs_add(r->errs, path, 0, "checksum fnv1a64:%016llx but %s says fnv1a64:%016llx; "
                        "expected the bytes hifusim sweep wrote (the share was damaged or edited: "
                        "run task %llu again)", (unsigned long long)sum, t->file, t->checksum,
                        t->task);
    }
    return 0;
}

/* The sweep's meta from the first share, and the header every part.csv
 * must start with. 0, or 1 (out of memory). */
static int merge_meta(merge_run *r)
{
    const task *t0 = &r->tk[0];
    hs_sweep_meta m = {strcmp(t0->design, "grid") ? HS_SWEEP_ONEWAY : HS_SWEEP_GRID,
                       t0->points, t0->hash, "", t0->ntarget, {0}, t0->assurance, 0, {{0}}};
    snprintf(m.name, sizeof m.name, "%s", t0->name);
    for (const char *a = t0->log_axes; *a && m.nlog < HS_SWEEP_AXES_MAX;) { /* log_axes=A,B */
        size_t l = strcspn(a, ",");
        snprintf(m.logaxis[m.nlog++], sizeof m.logaxis[0], "%.*s", (int)(l < 31 ? l : 31), a);
        a += l + (a[l] == ',');
    }
    memcpy(m.target, t0->target, sizeof m.target);
    r->m = m;
    return hs_sweep_header(&r->m, &r->hbuf) != 0 ? oom() : 0;
}

/* The rows sorted, the tables and manifest.json written to out. Exit code. */
static int write_merged(merge_run *r, const char *out, int quiet)
{
    qsort(r->ln, r->nl, sizeof *r->ln, cmp_line);
    json_t *man = json_object(), *src = json_array();
    json_object_set_new(man, "command", json_string("merge"));
    json_object_set_new(man, "version", json_string(hs_version()));
    json_object_set_new(man, "git_commit", json_string(hs_version_git_commit()));
    json_object_set_new(man, "tasks", json_integer((json_int_t)r->tk[0].tasks));
    for (size_t i = 0; i < r->nt; i++)
        json_array_append_new(src, json_string(r->tk[i].dir));
    json_object_set_new(man, "sources", src);
    char *ms = json_dumps(man, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(man);
    line_reader lr = {r->ln, r->nl, 0, r->tk};
    hs_output o;
    int rc = hs_front_output_begin(&o, out, "hifusim merge", HS_OUT_RESULTS | HS_OUT_REPORT);
    if (rc == 0) {
        rc = hs_front_sweep_tables(&o, next_line, &lr, &r->m, ms, quiet, NULL);
        hs_output_end(&o);
    }
    free(ms);
    return rc;
}

/* The errors printed (exit 2 if any, else rc) and everything freed. */
static int merge_finish(merge_run *r, int rc)
{
    hs_errs *errs = r->errs;
    if (hs_errs_count(errs) > 0) {
        for (int i = 0; i < errs->n; i++)
            fprintf(stderr, "%s\n", hs_errs_get(errs, i));
        if (errs->dropped)
            fprintf(stderr, "... and %d more errors\n", errs->dropped);
        fprintf(stderr, "hifusim merge: errors in the shares; nothing was written\n");
        rc = 2;
    }
    for (size_t i = 0; r->text && i < r->nt; i++)
        free(r->text[i]);
    free(r->text);
    free(r->ln);
    free(r->have);
    free(r->tk);
    free(r->keys);
    free(errs);
    hs_sbuf_free(&r->hbuf);
    return rc;
}

int hs_merge_main(int argc, char **argv)
{
    const char *out = NULL;
    int quiet = 0;
    int rc = merge_opts(argc, argv, &out, &quiet);
    if (rc >= 0)
        return rc;
    merge_run r = {0};
    rc = 0;
    if (!(r.errs = malloc(sizeof *r.errs)))
        return oom();
    hs_errs_init(r.errs);
    for (int i = optind; i < argc; i++) /* the shares */
        if (collect(argv[i], &r.tk, &r.nt, &r.ct, r.errs) < 0)
            rc = 2;
    if (rc || hs_errs_count(r.errs) > 0 || r.nt == 0)
        return merge_finish(&r, rc);
    check_same(&r); /* of one sweep run */
    if (hs_errs_count(r.errs) > 0)
        return merge_finish(&r, rc);
    if ((rc = check_tasks(&r)) != 0 || hs_errs_count(r.errs) > 0) /* each task once */
        return merge_finish(&r, rc);
    if ((rc = merge_meta(&r)) != 0)
        return merge_finish(&r, rc);
    for (size_t i = 0; i < r.nt; i++) /* every part.csv read and checked */
        if ((rc = read_part(&r, i)) != 0)
            return merge_finish(&r, rc);
    if (hs_errs_count(r.errs) > 0)
        return merge_finish(&r, rc);
    return merge_finish(&r, write_merged(&r, out, quiet));
}

