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
            if (eq && !strcmp(p, "targets") && t->ntarget == 0) {
                char msg[200];
                ok = hs_targets_parse(v, HS_SWEEP_TARGETS_MAX, &t->ntarget, t->target, msg, sizeof msg) == 0;
            }
        }
        if (k >= 0 && ok)
            seen |= 1 << k;
        if (!ok) {
            hs_errs_add(errs, t->file, lineno, "bad line '%s%s%s'; expected each of name, design, points, "
                        "task, tasks, config_hash, seed, replicates, rows, checksum (and targets) once, "
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

int hs_merge_main(int argc, char **argv)
{
    static const struct option longopts[] = {{"out", required_argument, NULL, 'o'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *out = NULL;
    int quiet = 0, c;
    opterr = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'q': quiet = 1; break;
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
    if (!out)
        out = argv[optind];

    task *tk = NULL;
    size_t nt = 0, ct = 0;
    int rc = 0;
    hs_errs *errs = malloc(sizeof *errs);
    size_t *have = NULL; /* task number -> 1 + index into tk */
    line *ln = NULL;
    char **text = NULL;
    size_t nl = 0, cl = 0;
    hs_sbuf hbuf = {0};
    uint64_t *keys = NULL;
    size_t nkeys = 0, ckeys = 0;
    if (!errs) {
        fprintf(stderr, "hifusim merge: out of memory\n");
        return 1;
    }
    hs_errs_init(errs);
    for (int i = optind; i < argc; i++) {
        int r = collect(argv[i], &tk, &nt, &ct, errs);
        if (r < 0)
            rc = 2;
    }
    if (rc || hs_errs_count(errs) > 0 || nt == 0)
        goto done;
    const task *t0 = &tk[0];
    for (size_t i = 1; i < nt; i++) {
        const task *t = &tk[i];
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
            hs_errs_add(errs, t->file, 0, "not a share of the same sweep as %.120s (differs in:%s); "
                        "expected the shares of one hifusim sweep --tasks T run", t0->file, d);
    }
    if (hs_errs_count(errs) > 0)
        goto done;
    have = calloc((size_t)t0->tasks, sizeof *have);
    text = calloc(nt, sizeof *text);
    if (!have || !text) {
        fprintf(stderr, "hifusim merge: out of memory\n");
        rc = 1;
        goto done;
    }
    for (size_t i = 0; i < nt; i++) {
        if (have[tk[i].task])
            hs_errs_add(errs, tk[i].file, 0, "task %llu of %llu given twice (also %s); expected each "
                        "share once", tk[i].task, tk[i].tasks, tk[have[tk[i].task] - 1].file);
        else
            have[tk[i].task] = i + 1;
    }
    char tdir[1200];
    snprintf(tdir, sizeof tdir, "%s", t0->dir);
    char *slash = strrchr(tdir, '/');
    if (slash && !strncmp(slash + 1, "task-", 5))
        *slash = '\0';
    else
        snprintf(tdir, sizeof tdir, ".");
    for (unsigned long long k = 0; k < t0->tasks; k++)
        if (!have[k]) {
            char miss[1300];
            snprintf(miss, sizeof miss, "%.1200s/task-%llu-of-%llu", tdir, k, t0->tasks);
            hs_errs_add(errs, miss, 0, "task %llu of %llu is missing; expected every share (run "
                        "hifusim sweep CONFIG --task %llu --tasks %llu)", k, t0->tasks, k, t0->tasks);
        }
    if (hs_errs_count(errs) > 0)
        goto done;
    size_t seq = 0;
    hs_sweep_meta m = {strcmp(t0->design, "grid") ? HS_SWEEP_ONEWAY : HS_SWEEP_GRID,
                       t0->points, t0->hash, "", t0->ntarget, {0}};
    snprintf(m.name, sizeof m.name, "%s", t0->name);
    memcpy(m.target, t0->target, sizeof m.target);
    if (hs_sweep_header(&m, &hbuf) != 0) {
        fprintf(stderr, "hifusim merge: out of memory\n");
        rc = 1;
        goto done;
    }
    const char *hdr = hbuf.s;
    size_t hl = hbuf.len;
    unsigned long long T = t0->tasks;
    for (size_t i = 0; i < nt; i++) {
        char path[1300];
        size_t len;
        int before = hs_errs_count(errs);
        const task *t = &tk[i];
        snprintf(path, sizeof path, "%s/part.csv", t->dir);
        text[i] = hs_sbuf_slurp(path, &len);
        if (!text[i]) {
            hs_errs_add(errs, path, 0, "%s; expected the part.csv of task %llu of %llu", hs_fileio_strerror(errno),
                        t->task, T);
            continue;
        }
        if (len < hl || memcmp(text[i], hdr, hl) != 0) {
            hs_errs_add(errs, path, 1, "not the sweep part header; expected the header hifusim sweep "
                        "writes for sweep %s%s", t->name, t->ntarget ? " with its target powers" : "");
            continue;
        }
        uint64_t mine = hs_sweep_task_size(t->points, t->task, T), cur = 0, nrows = 0;
        int havept = 0;
        size_t lineno = 1, lastline = 1;
        nkeys = 0;
        for (size_t p = hl; p < len && hs_errs_count(errs) - before < 3;) {
            const char *ls = text[i] + p;
            const char *e = memchr(ls, '\n', len - p);
            lineno++;
            if (!e) {
                hs_errs_add(errs, path, (int)lineno, "last line has no newline (the file was cut "
                            "short); expected complete rows");
                break;
            }
            size_t ll = (size_t)(e - ls);
            uint64_t pt;
            char key[200], msg[400];
            p += ll + 1;
            lastline = lineno;
            nrows++;
            if (hs_sweep_row_point(ls, ll, t->ntarget, &pt, key, sizeof key, msg, sizeof msg) != 0) {
                hs_errs_add(errs, path, (int)lineno, "%s", msg);
                continue;
            }
            if (pt >= t->points || pt % T != t->task) {
                hs_errs_add(errs, path, (int)lineno, "point %llu; expected a point of task %llu of "
                            "%llu (p mod %llu = %llu, p < %llu)", (unsigned long long)pt, t->task,
                            (unsigned long long)T, (unsigned long long)T, t->task, t->points);
                continue;
            }
            if (!havept || pt != cur) {
                uint64_t want = havept ? cur + T : t->task;
                if (pt != want) {
                    hs_errs_add(errs, path, (int)lineno, "point %llu where point %llu was expected "
                                "(a point missing, repeated or out of order); expected the task's "
                                "points in order", (unsigned long long)pt, (unsigned long long)want);
                    break;
                }
                cur = pt;
                havept = 1;
                nkeys = 0;
            }
            uint64_t kh = hs_sweep_fnv1a(HS_SWEEP_FNV_INIT, key, strlen(key));
            int dup = 0;
            for (size_t q = 0; q < nkeys; q++)
                dup |= keys[q] == kh;
            if (dup) {
                hs_errs_add(errs, path, (int)lineno, "a second row for point %llu, %s; expected one row "
                            "per point, axis and N", (unsigned long long)pt, key);
                continue;
            }
            if (nkeys == ckeys) {
                size_t nc = ckeys ? 2 * ckeys : 64;
                uint64_t *q = realloc(keys, nc * sizeof *q);
                if (!q) {
                    fprintf(stderr, "hifusim merge: out of memory\n");
                    rc = 1;
                    goto done;
                }
                keys = q;
                ckeys = nc;
            }
            keys[nkeys++] = kh;
            if (nl == cl) {
                cl = cl ? 2 * cl : 1024;
                line *q = realloc(ln, cl * sizeof *q);
                if (!q) {
                    fprintf(stderr, "hifusim merge: out of memory\n");
                    rc = 1;
                    goto done;
                }
                ln = q;
            }
            ln[nl++] = (line){pt, seq++, ls, ll, i, lineno};
        }
        if (hs_errs_count(errs) > before)
            continue;
        uint64_t last = mine ? t->task + (mine - 1) * T : 0;
        if (mine > 0 && (!havept || cur != last))
            hs_errs_add(errs, path, (int)lastline, "rows end at %s %llu; expected the task's points up "
                        "to %llu (rows lost at the end)", havept ? "point" : "the header, before point",
                        havept ? (unsigned long long)cur : t->task, (unsigned long long)last);
        else if (nrows != t->rows)
            hs_errs_add(errs, path, (int)lastline, "%llu rows but %s says %llu; expected the rows "
                        "hifusim sweep wrote (rows lost or added: run task %llu again)",
                        (unsigned long long)nrows, t->file, t->rows, t->task);
        else {
            uint64_t sum = hs_sweep_fnv1a(HS_SWEEP_FNV_INIT, text[i], len);
            if (sum != t->checksum)
                hs_errs_add(errs, path, 0, "checksum fnv1a64:%016llx but %s says fnv1a64:%016llx; "
                            "expected the bytes hifusim sweep wrote (the share was damaged or edited: "
                            "run task %llu again)", (unsigned long long)sum, t->file, t->checksum,
                            t->task);
        }
    }
    if (hs_errs_count(errs) > 0)
        goto done;
    qsort(ln, nl, sizeof *ln, cmp_line);
    {
        json_t *man = json_object(), *src = json_array();
        json_object_set_new(man, "command", json_string("merge"));
        json_object_set_new(man, "version", json_string(hs_version()));
        json_object_set_new(man, "git_commit", json_string(hs_version_git_commit()));
        json_object_set_new(man, "tasks", json_integer((json_int_t)t0->tasks));
        for (size_t i = 0; i < nt; i++)
            json_array_append_new(src, json_string(tk[i].dir));
        json_object_set_new(man, "sources", src);
        char *ms = json_dumps(man, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(man);
        line_reader lr = {ln, nl, 0, tk};
        hs_output o;
        rc = hs_front_output_begin(&o, out, "hifusim merge", HS_OUT_RESULTS | HS_OUT_REPORT);
        if (rc == 0) {
            rc = hs_front_sweep_tables(&o, next_line, &lr, &m, ms, quiet, NULL);
            hs_output_end(&o);
        }
        free(ms);
    }
done:
    if (hs_errs_count(errs) > 0) {
        for (int i = 0; i < errs->n; i++)
            fprintf(stderr, "%s\n", hs_errs_get(errs, i));
        if (errs->dropped)
            fprintf(stderr, "... and %d more errors\n", errs->dropped);
        fprintf(stderr, "hifusim merge: errors in the shares; nothing was written\n");
        rc = 2;
    }
    for (size_t i = 0; text && i < nt; i++)
        free(text[i]);
    free(text);
    free(ln);
    free(have);
    free(tk);
    free(keys);
    free(errs);
    hs_sbuf_free(&hbuf);
    return rc;
}
