/* merge.c — see merge.h. Reads every task's task.txt (which sweep, which
 * task) and part.csv (its points' rows), checks that the tasks are one
 * complete split of one sweep, orders the rows by point and writes the
 * tables through hs_sweepcmd_finish, the same code a one-process sweep uses. */
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

#include "sbuf.h"
#include "sweep.h"
#include "sweepcmd.h"
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
    char dir[1200];
    char name[HS_NAME_MAX], design[16];
    unsigned long long points, task, tasks, hash;
    int ntarget; /* target powers of the N columns (task.txt targets=, optional) */
    double target[HS_SWEEP_TARGETS_MAX];
} task;

typedef struct line {
    uint64_t point;
    size_t seq;
    const char *s;
    size_t len;
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

static int ull(const char *s, int base, unsigned long long *v)
{
    char *end;
    if (!*s || *s == '-' || *s == '+')
        return -1;
    errno = 0;
    *v = strtoull(s, &end, base);
    return errno || *end ? -1 : 0;
}

/* Read DIR/task.txt. Returns 0, or -1 with a message printed. */
static int read_task(const char *dir, task *t)
{
    char path[1300];
    memset(t, 0, sizeof *t);
    snprintf(t->dir, sizeof t->dir, "%s", dir);
    snprintf(path, sizeof path, "%s/task.txt", dir);
    size_t len;
    char *s = hs_sbuf_slurp(path, &len);
    if (!s) {
        fprintf(stderr, "hifusim merge: %s: %s\n", path, strerror(errno));
        return -1;
    }
    int seen = 0, bad = 0, lineno = 0;
    for (char *p = s, *nl; !bad && *p; p = nl + 1) {
        nl = strchr(p, '\n');
        if (!nl) {
            bad = 1;
            break;
        }
        *nl = '\0';
        lineno++;
        if (lineno == 1) {
            bad = strcmp(p, "hifusim-sweep-task 1") != 0;
            continue;
        }
        char *eq = strchr(p, '=');
        if (!eq) {
            bad = 1;
            break;
        }
        *eq = '\0';
        const char *v = eq + 1;
        if (!strcmp(p, "name") && strlen(v) < sizeof t->name)
            snprintf(t->name, sizeof t->name, "%s", v), seen |= 1;
        else if (!strcmp(p, "design") && (!strcmp(v, "oneway") || !strcmp(v, "grid")))
            snprintf(t->design, sizeof t->design, "%s", v), seen |= 2;
        else if (!strcmp(p, "points") && !ull(v, 10, &t->points))
            seen |= 4;
        else if (!strcmp(p, "task") && !ull(v, 10, &t->task))
            seen |= 8;
        else if (!strcmp(p, "tasks") && !ull(v, 10, &t->tasks))
            seen |= 16;
        else if (!strcmp(p, "config_hash") && !ull(v, 16, &t->hash))
            seen |= 32;
        else if (!strcmp(p, "targets") && t->ntarget == 0) {
            char msg[200];
            bad = hs_sweep_parse_targets(v, &t->ntarget, t->target, msg, sizeof msg) != 0;
        }
        else
            bad = 1;
    }
    free(s);
    if (bad || seen != 63 || t->tasks < 1 || t->tasks > TASKS_MAX || t->task >= t->tasks ||
        t->points < 1 || t->points > HS_SWEEP_POINTS_MAX) {
        fprintf(stderr, "hifusim merge: %s:%d: malformed task file; expected what hifusim sweep --task writes\n",
                path, lineno);
        return -1;
    }
    return 0;
}

static int add_task(task **v, size_t *n, size_t *cap, const char *dir)
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
    if (read_task(dir, &(*v)[*n]) != 0)
        return -1;
    (*n)++;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The task folders of DIR (DIR itself, or DIR/tasks/task-*). 0 or -1. */
static int collect(const char *dir, task **v, size_t *n, size_t *cap)
{
    char path[1300];
    snprintf(path, sizeof path, "%s/task.txt", dir);
    if (is_file(path))
        return add_task(v, n, cap, dir);
    snprintf(path, sizeof path, "%s/tasks", dir);
    DIR *d = is_dir(path) ? opendir(path) : NULL;
    if (!d) {
        fprintf(stderr, "hifusim merge: %s: neither a sweep folder (with tasks/) nor a task folder "
                        "(with task.txt); expected the --out DIR of hifusim sweep --tasks T\n", dir);
        return -1;
    }
    char **names = NULL;
    size_t nn = 0, nc = 0;
    int rc = 0;
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
        rc = add_task(v, n, cap, sub);
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    return rc;
}

static int cmp_line(const void *a, const void *b)
{
    const line *x = a, *y = b;
    if (x->point != y->point)
        return x->point < y->point ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
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
    for (int i = optind; i < argc && rc == 0; i++)
        if (collect(argv[i], &tk, &nt, &ct) != 0)
            rc = 2;
    unsigned char *have = NULL;
    line *ln = NULL;
    char **text = NULL;
    size_t nl = 0, cl = 0;
    hs_sbuf rows = {0}, hbuf = {0};
    if (rc)
        goto done;
    const task *t0 = &tk[0];
    for (size_t i = 1; i < nt; i++) {
        const task *t = &tk[i];
        if (strcmp(t->name, t0->name) || strcmp(t->design, t0->design) || t->points != t0->points ||
            t->tasks != t0->tasks || t->hash != t0->hash || t->ntarget != t0->ntarget ||
            memcmp(t->target, t0->target, (size_t)t0->ntarget * sizeof t0->target[0]) != 0) {
            fprintf(stderr, "hifusim merge: %s (sweep %s, hash %016llx, %llu tasks) and %s (sweep %s, "
                            "hash %016llx, %llu tasks) are not parts of the same sweep split (or differ "
                            "in --target-power); expected "
                            "the tasks of one hifusim sweep --tasks T\n",
                    t0->dir, t0->name, t0->hash, t0->tasks, t->dir, t->name, t->hash, t->tasks);
            rc = 2;
            goto done;
        }
    }
    have = calloc((size_t)t0->tasks, 1);
    text = calloc(nt, sizeof *text);
    if (!have || !text) {
        fprintf(stderr, "hifusim merge: out of memory\n");
        rc = 1;
        goto done;
    }
    for (size_t i = 0; i < nt; i++) {
        if (have[tk[i].task]) {
            fprintf(stderr, "hifusim merge: task %llu of %llu given twice (%s); expected each task once\n",
                    tk[i].task, tk[i].tasks, tk[i].dir);
            rc = 2;
            goto done;
        }
        have[tk[i].task] = 1;
    }
    unsigned long long missing = 0;
    for (unsigned long long k = 0; k < t0->tasks; k++)
        if (!have[k] && missing++ < 20)
            fprintf(stderr, "hifusim merge: task %llu of %llu is missing (run hifusim sweep CONFIG --task %llu --tasks %llu)\n",
                    k, t0->tasks, k, t0->tasks);
    if (missing) {
        fprintf(stderr, "hifusim merge: %llu of %llu tasks missing; nothing was written\n", missing,
                t0->tasks);
        rc = 2;
        goto done;
    }
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
    for (size_t i = 0; i < nt; i++) {
        char path[1300];
        size_t len;
        snprintf(path, sizeof path, "%s/part.csv", tk[i].dir);
        text[i] = hs_sbuf_slurp(path, &len);
        if (!text[i]) {
            fprintf(stderr, "hifusim merge: %s: %s\n", path, strerror(errno));
            rc = 2;
            goto done;
        }
        if (len < hl || memcmp(text[i], hdr, hl) != 0 || (len > hl && text[i][len - 1] != '\n')) {
            fprintf(stderr, "hifusim merge: %s:1: not a sweep part file; expected the header and "
                            "complete rows hifusim sweep writes\n", path);
            rc = 2;
            goto done;
        }
        int lineno = 1;
        for (size_t p = hl; p < len;) {
            const char *s = text[i] + p;
            const char *e = memchr(s, '\n', len - p);
            size_t ll = (size_t)(e - s);
            lineno++;
            char *end;
            errno = 0;
            unsigned long long pt = strtoull(s, &end, 10);
            if (end == s || *end != ',' || errno || pt >= t0->points || pt % t0->tasks != tk[i].task) {
                fprintf(stderr, "hifusim merge: %s:%d: bad point number; expected a point of task %llu of %llu\n",
                        path, lineno, tk[i].task, t0->tasks);
                rc = 2;
                goto done;
            }
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
            ln[nl++] = (line){pt, seq++, s, ll + 1};
            p += ll + 1;
        }
    }
    qsort(ln, nl, sizeof *ln, cmp_line);
    for (size_t i = 0; i < nl; i++)
        hs_sbuf_append(&rows, ln[i].s, ln[i].len);
    if (rows.failed) {
        fprintf(stderr, "hifusim merge: out of memory\n");
        rc = 1;
        goto done;
    }
    {
        json_t *man = json_object(), *src = json_array();
        json_object_set_new(man, "command", json_string("merge"));
        json_object_set_new(man, "version", json_string(hs_version()));
        json_object_set_new(man, "git_commit", json_string(hs_git_commit()));
        json_object_set_new(man, "tasks", json_integer((json_int_t)t0->tasks));
        for (size_t i = 0; i < nt; i++)
            json_array_append_new(src, json_string(tk[i].dir));
        json_object_set_new(man, "sources", src);
        char *ms = json_dumps(man, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(man);
        rc = hs_sweepcmd_finish(rows.s ? rows.s : "", rows.len, &m, out, ms, quiet);
        free(ms);
    }
done:
    for (size_t i = 0; text && i < nt; i++)
        free(text[i]);
    free(text);
    free(ln);
    free(have);
    free(tk);
    hs_sbuf_free(&rows);
    hs_sbuf_free(&hbuf);
    return rc;
}
