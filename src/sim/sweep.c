/* sweep.c — see sweep.h.
 *
 * Power at a point: p = k/R (rejections over replicates), MC SE
 * sqrt(p(1-p)/R), Wilson 95% interval (results.h). Tornado (one-way):
 * power at an axis's first ("low") and last ("high") value with the other
 * axes at base; swing = max - min of the power over the axis's values.
 * Tornado (grid): the same from pooled main effects, power at a level =
 * sum k / sum R over every grid point at that level. Every number of the
 * tables comes from the integer counts in the rows, so the tables do not
 * depend on how the points were split over tasks. */
#include "sweep.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

/* ------------------------------------------------------------ parsing */

static void trim(char **s, char **e)
{
    while (*s < *e && isspace((unsigned char)**s))
        (*s)++;
    while (*e > *s && isspace((unsigned char)(*e)[-1]))
        (*e)--;
}

static int axis_name_ok(const char *s)
{
    if (!*s || strlen(s) >= HS_SWEEP_AXIS_NAME_MAX || !strcmp(s, "base"))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return 0;
    return 1;
}

static int key_ok(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot || dot == s || !dot[1])
        return 0;
    for (; *s; s++)
        if (isspace((unsigned char)*s) || *s == '=' || *s == ',' || *s == ':' || *s == '|')
            return 0;
    return 1;
}

static void where(const hs_config *c, const hs_sweep_entry *e, char *file, size_t cap)
{
    if (e->line > 0)
        snprintf(file, cap, "%s", c->source);
    else
        snprintf(file, cap, "--set sweep.%s", e->key);
}

static int parse_axis(const hs_config *c, const hs_sweep_entry *e, hs_sweep_axis *a, hs_errs *errs)
{
    char file[HS_PATH_MAX + 16];
    where(c, e, file, sizeof file);
    memset(a, 0, sizeof *a);
    a->line = e->line;
    const char *nm = e->key + 5;
    if (!axis_name_ok(nm)) {
        hs_errs_add(errs, file, e->line, "bad axis name '%s'; expected axis.NAME with NAME of letters, digits, _ and - (not 'base', at most %d)",
                    nm, HS_SWEEP_AXIS_NAME_MAX - 1);
        return -1;
    }
    snprintf(a->name, sizeof a->name, "%s", nm);
    char buf[HS_SWEEP_VALUE_MAX];
    snprintf(buf, sizeof buf, "%s", e->value);
    char *colon = strchr(buf, ':');
    if (!colon) {
        hs_errs_add(errs, file, e->line, "axis %s has no ':'; expected KEY[, KEY...] : V1 | V2 | ...",
                    a->name);
        return -1;
    }
    *colon = '\0';
    /* keys */
    char *p = buf;
    for (;;) {
        char *end = strchr(p, ',');
        char *stop = end ? end : colon;
        char *s = p, *t = stop;
        trim(&s, &t);
        *t = '\0';
        if (!key_ok(s)) {
            hs_errs_add(errs, file, e->line, "axis %s: bad key '%s'; expected a config key like design.strata or arm.chemo.mets.4+",
                        a->name, s);
            return -1;
        }
        if (a->nkeys == HS_SWEEP_KEYS_MAX) {
            hs_errs_add(errs, file, e->line, "axis %s has more than %d keys; expected at most %d",
                        a->name, HS_SWEEP_KEYS_MAX, HS_SWEEP_KEYS_MAX);
            return -1;
        }
        if (strlen(s) >= HS_SWEEP_KEY_MAX) {
            hs_errs_add(errs, file, e->line, "axis %s: key '%s' is too long; expected under %d characters",
                        a->name, s, HS_SWEEP_KEY_MAX);
            return -1;
        }
        snprintf(a->key[a->nkeys++], HS_SWEEP_KEY_MAX, "%s", s);
        if (!end)
            break;
        p = end + 1;
    }
    /* values */
    p = colon + 1;
    for (;;) {
        char *end = strchr(p, '|');
        char *s = p, *t = end ? end : p + strlen(p);
        trim(&s, &t);
        *t = '\0';
        if (a->nvalues == HS_SWEEP_VALUES_MAX) {
            hs_errs_add(errs, file, e->line, "axis %s has more than %d values; expected at most %d",
                        a->name, HS_SWEEP_VALUES_MAX, HS_SWEEP_VALUES_MAX);
            return -1;
        }
        for (int i = 0; i < a->nvalues; i++)
            if (!strcmp(a->value[i], s)) {
                hs_errs_add(errs, file, e->line, "axis %s lists the value '%s' twice; expected distinct values",
                            a->name, s);
                return -1;
            }
        if (strchr(s, '"') || strchr(s, '\n')) {
            hs_errs_add(errs, file, e->line, "axis %s: value '%s' contains a quote; expected plain values",
                        a->name, s);
            return -1;
        }
        snprintf(a->value[a->nvalues++], HS_SWEEP_VALUE_MAX, "%s", s);
        if (!end)
            break;
        p = end + 1;
    }
    if (a->nvalues == 1 && a->value[0][0] == '\0') {
        hs_errs_add(errs, file, e->line, "axis %s has no values; expected KEY : V1 | V2 | ...", a->name);
        return -1;
    }
    return 0;
}

int hs_sweep_parse(const hs_config *c, hs_sweep *s, hs_errs *errs)
{
    int before = hs_errs_count(errs), conflict_line = -1;
    char conflict[3][HS_SWEEP_KEY_MAX];
    memset(s, 0, sizeof *s);
    s->design = HS_SWEEP_ONEWAY;
    for (int i = 0; i < c->nsweep; i++) {
        const hs_sweep_entry *e = &c->sweep[i];
        char file[HS_PATH_MAX + 16];
        where(c, e, file, sizeof file);
        if (!strcmp(e->key, "target_power")) {
            char msg[200];
            if (hs_sweep_parse_targets(e->value, &s->ntarget, s->target, msg, sizeof msg) != 0)
                hs_errs_add(errs, file, e->line, "target_power = '%s': %s", e->value, msg);
        } else if (!strcmp(e->key, "design")) {
            if (!strcmp(e->value, "grid"))
                s->design = HS_SWEEP_GRID;
            else if (strcmp(e->value, "oneway") != 0)
                hs_errs_add(errs, file, e->line, "design = '%s'; expected oneway or grid", e->value);
        } else if (!strncmp(e->key, "axis.", 5)) {
            if (s->naxes == HS_SWEEP_AXES_MAX) {
                hs_errs_add(errs, file, e->line, "too many axes; expected at most %d", HS_SWEEP_AXES_MAX);
                continue;
            }
            hs_sweep_axis *a = &s->axis[s->naxes];
            if (parse_axis(c, e, a, errs) != 0)
                continue;
            int dup = 0; /* a key in two axes: fine one way, a conflict in a grid (checked below) */
            for (int b = 0; b < s->naxes && !dup; b++)
                for (int k = 0; k < s->axis[b].nkeys && !dup; k++)
                    for (int j = 0; j < a->nkeys && !dup; j++)
                        if (!strcmp(s->axis[b].key[k], a->key[j])) {
                            snprintf(conflict[0], sizeof conflict[0], "%s", a->name);
                            snprintf(conflict[1], sizeof conflict[1], "%s", a->key[j]);
                            snprintf(conflict[2], sizeof conflict[2], "%s", s->axis[b].name);
                            conflict_line = e->line;
                            dup = 1;
                        }
            for (int k = 0; k < a->nkeys && dup != 2; k++)
                for (int j = 0; j < k && dup != 2; j++)
                    if (!strcmp(a->key[k], a->key[j])) {
                        hs_errs_add(errs, file, e->line, "axis %s names key %s twice; expected distinct keys",
                                    a->name, a->key[k]);
                        dup = 2;
                    }
            if (dup != 2)
                s->naxes++;
        } else {
            hs_errs_add(errs, file, e->line, "unknown key '%s' in [sweep]; expected design, target_power or axis.NAME",
                        e->key);
        }
    }
    if (s->design == HS_SWEEP_GRID && conflict_line >= 0)
        hs_errs_add(errs, conflict_line > 0 ? c->source : "--set sweep", conflict_line,
                    "axis %s: key %s is already swept by axis %s; expected each key in one axis of a grid",
                    conflict[0], conflict[1], conflict[2]);
    if (hs_errs_count(errs) > before)
        return -1;
    if (s->naxes == 0) {
        hs_errs_add(errs, c->source, 0, "no [sweep] axes; expected at least one axis.NAME = KEY : V1 | V2 (see configs/README.md)");
        return -1;
    }
    if (s->design == HS_SWEEP_ONEWAY) {
        s->npoints = 1;
        for (int a = 0; a < s->naxes; a++)
            s->npoints += (uint64_t)s->axis[a].nvalues;
    } else {
        s->npoints = 1;
        for (int a = 0; a < s->naxes; a++) {
            s->npoints *= (uint64_t)s->axis[a].nvalues;
            if (s->npoints > HS_SWEEP_POINTS_MAX) {
                hs_errs_add(errs, c->source, s->axis[a].line, "the grid has more than %llu points; expected fewer axes or values",
                            (unsigned long long)HS_SWEEP_POINTS_MAX);
                return -1;
            }
        }
    }
    return 0;
}

int hs_sweep_parse_targets(const char *text, int *n, double target[HS_SWEEP_TARGETS_MAX], char *err,
                           size_t errlen)
{
    const char *p = text;
    *n = 0;
    for (;;) {
        char *end;
        errno = 0;
        double v = strtod(p, &end);
        const char *q = end;
        while (isspace((unsigned char)*q))
            q++;
        if (end == p || errno || !(v > 0 && v < 1) || (*q && *q != ',')) {
            snprintf(err, errlen, "expected target powers strictly between 0 and 1, comma-separated "
                                  "(e.g. 0.8,0.9)");
            return -1;
        }
        if (*n == HS_SWEEP_TARGETS_MAX) {
            snprintf(err, errlen, "more than %d target powers; expected at most %d",
                     HS_SWEEP_TARGETS_MAX, HS_SWEEP_TARGETS_MAX);
            return -1;
        }
        for (int k = 0; k < *n; k++)
            if (target[k] == v) {
                snprintf(err, errlen, "target power %g given twice; expected distinct powers", v);
                return -1;
            }
        target[(*n)++] = v;
        if (!*q)
            return 0;
        p = q + 1;
    }
}

/* ------------------------------------------------------------- points */

int hs_sweep_point(const hs_sweep *s, uint64_t p, int level[HS_SWEEP_AXES_MAX])
{
    if (p >= s->npoints)
        return -1;
    for (int a = 0; a < HS_SWEEP_AXES_MAX; a++)
        level[a] = -1;
    if (s->design == HS_SWEEP_ONEWAY) {
        if (p == 0)
            return 0;
        uint64_t q = p - 1;
        for (int a = 0; a < s->naxes; a++) {
            if (q < (uint64_t)s->axis[a].nvalues) {
                level[a] = (int)q;
                return 1;
            }
            q -= (uint64_t)s->axis[a].nvalues;
        }
        return -1;
    }
    for (int a = s->naxes - 1; a >= 0; a--) {
        uint64_t nv = (uint64_t)s->axis[a].nvalues;
        level[a] = (int)(p % nv);
        p /= nv;
    }
    return s->naxes;
}

int hs_sweep_overrides(const hs_sweep *s, const int level[HS_SWEEP_AXES_MAX], char *buf,
                       size_t cap, const char **ov, int max)
{
    int n = 0;
    size_t used = 0;
    for (int a = 0; a < s->naxes; a++) {
        if (level[a] < 0)
            continue;
        const hs_sweep_axis *x = &s->axis[a];
        for (int k = 0; k < x->nkeys; k++) {
            if (n == max)
                return -1;
            int w = snprintf(buf + used, cap - used, "%s=%s", x->key[k], x->value[level[a]]);
            if (w < 0 || (size_t)w >= cap - used)
                return -1;
            ov[n++] = buf + used;
            used += (size_t)w + 1;
        }
    }
    return n;
}

uint64_t hs_sweep_task_size(uint64_t npoints, uint64_t k, uint64_t tasks)
{
    if (tasks == 0 || k >= tasks || k >= npoints)
        return 0;
    return (npoints - k + tasks - 1) / tasks;
}

uint64_t hs_sweep_task_point(uint64_t i, uint64_t k, uint64_t tasks)
{
    return k + i * tasks;
}

/* --------------------------------------------------------------- rows */

static const char header[] =
    "point,axis,level,value,n,replicates,rejections,power,power_se,power_ci_low,"
    "power_ci_high,events_mean,hr_median,median_os_control,median_os_experimental";
#define HS_SWEEP_BASE_FIELDS 15

int hs_sweep_header(const hs_sweep_meta *m, hs_sbuf *out)
{
    hs_sbuf_printf(out, "%s", header);
    for (int k = 0; k < m->ntarget; k++)
        hs_sbuf_printf(out, ",n_target_%g,n_target_%g_low,n_target_%g_high", m->target[k],
                       m->target[k], m->target[k]);
    hs_sbuf_printf(out, "\n");
    return out->failed ? -1 : 0;
}

static void num(hs_sbuf *b, double v)
{
    if (isfinite(v))
        hs_sbuf_printf(b, ",%.10g", v);
    else
        hs_sbuf_printf(b, ",NA");
}

static void quoted(hs_sbuf *b, const char *v)
{
    if (strpbrk(v, ",\"\r\n") || (*v && (isspace((unsigned char)v[0]) ||
                                         isspace((unsigned char)v[strlen(v) - 1])))) {
        hs_sbuf_printf(b, ",\"");
        for (; *v; v++) {
            hs_sbuf_append(b, v, 1);
            if (*v == '"')
                hs_sbuf_append(b, v, 1); /* "" inside quotes */
        }
        hs_sbuf_printf(b, "\"");
    } else
        hs_sbuf_printf(b, ",%s", v);
}

static void power_cols(hs_sbuf *b, uint64_t R, uint64_t k)
{
    double p = R ? (double)k / (double)R : NAN;
    double se = R ? sqrt(p * (1 - p) / (double)R) : NAN, lo, hi;
    hs_results_wilson(k, R, &lo, &hi);
    num(b, p);
    num(b, se);
    num(b, lo);
    num(b, hi);
}

int hs_sweep_rows(const hs_sweep *s, uint64_t p, const hs_sweep_result *r, hs_sbuf *rows)
{
    int level[HS_SWEEP_AXES_MAX];
    int nv = hs_sweep_point(s, p, level);
    if (nv < 0)
        return -1;
    for (int a = -1; a < s->naxes; a++) {
        if ((a < 0 && nv > 0) || (a >= 0 && level[a] < 0))
            continue;
        if (a < 0)
            hs_sbuf_printf(rows, "%llu,base,NA,", (unsigned long long)p);
        else {
            hs_sbuf_printf(rows, "%llu,%s,%d", (unsigned long long)p, s->axis[a].name, level[a]);
            quoted(rows, s->axis[a].value[level[a]]);
        }
        hs_sbuf_printf(rows, ",%d,%llu,%llu", r->n, (unsigned long long)r->replicates,
                       (unsigned long long)r->rejections);
        power_cols(rows, r->replicates, r->rejections);
        num(rows, r->events_mean);
        num(rows, r->hr_median);
        num(rows, r->median_os[0]);
        num(rows, r->median_os[1]);
        for (int k = 0; k < s->ntarget; k++) {
            int v[3] = {r->n_target[k], r->n_target_low[k], r->n_target_high[k]};
            for (int i = 0; i < 3; i++)
                if (v[i] >= 0)
                    hs_sbuf_printf(rows, ",%d", v[i]);
                else
                    hs_sbuf_printf(rows, ",NA");
        }
        hs_sbuf_printf(rows, "\n");
    }
    return rows->failed ? -1 : 0;
}

/* ------------------------------------------------------------- tables */

/* Split one CSV line (no newline) into fields, unquoting into buf. */
static int fields(const char *line, size_t len, char *buf, char **f, int max)
{
    int n = 0;
    size_t i = 0, o = 0;
    for (;;) {
        if (n == max)
            return -1;
        f[n++] = buf + o;
        if (i < len && line[i] == '"') {
            i++;
            for (;;) {
                if (i >= len)
                    return -1;
                if (line[i] == '"') {
                    if (i + 1 < len && line[i + 1] == '"') {
                        buf[o++] = '"';
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                buf[o++] = line[i++];
            }
            if (i < len && line[i] != ',')
                return -1;
        } else
            while (i < len && line[i] != ',')
                buf[o++] = line[i++];
        buf[o++] = '\0';
        if (i >= len)
            return n;
        i++; /* comma */
    }
}

static int u64(const char *s, uint64_t *v)
{
    char *end;
    if (!*s || *s == '-' || !isdigit((unsigned char)*s))
        return -1;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *v = x;
    return 0;
}

typedef struct cell {
    uint64_t point;
    int n;
    uint64_t R, k;
} cell;

typedef struct taxis {
    char name[HS_SWEEP_AXIS_NAME_MAX];
    int nlevels;
    char *value[HS_SWEEP_VALUES_MAX];     /* owned */
    uint64_t point[HS_SWEEP_VALUES_MAX];  /* one-way: the point at each level */
} taxis;

typedef struct tables {
    cell *cell;
    size_t ncell, capcell;
    size_t *first; /* first cell of each point, npoints + 1 */
    int *level;    /* npoints x naxes (grid) or the varied axis/level (one-way) */
    int *ntg;      /* npoints x ntarget x 3: N for each target, its low and high; -1 NA */
    int naxes;
    taxis axis[HS_SWEEP_AXES_MAX];
} tables;

static void tables_free(tables *t)
{
    free(t->cell);
    free(t->first);
    free(t->level);
    free(t->ntg);
    for (int a = 0; a < t->naxes; a++)
        for (int l = 0; l < HS_SWEEP_VALUES_MAX; l++)
            free(t->axis[a].value[l]);
}

static int axis_of(tables *t, const char *name)
{
    for (int a = 0; a < t->naxes; a++)
        if (!strcmp(t->axis[a].name, name))
            return a;
    if (t->naxes == HS_SWEEP_AXES_MAX || strlen(name) >= HS_SWEEP_AXIS_NAME_MAX)
        return -1;
    taxis *x = &t->axis[t->naxes];
    memset(x, 0, sizeof *x);
    snprintf(x->name, sizeof x->name, "%s", name);
    return t->naxes++;
}

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        snprintf(err, errlen, __VA_ARGS__);                                                        \
        goto fail;                                                                                 \
    } while (0)

/* Read the rows into t. */
static int read_rows(const char *rows, size_t len, const hs_sweep_meta *m, tables *t,
                     hs_sbuf *csv, char *err, size_t errlen)
{
    char *buf = malloc(len + 1);
    size_t P = (size_t)m->npoints;
    t->first = calloc(P + 1, sizeof *t->first);
    t->level = malloc(P * HS_SWEEP_AXES_MAX * sizeof *t->level);
    size_t nt3 = (size_t)m->ntarget * 3;
    int nfield = HS_SWEEP_BASE_FIELDS + (int)nt3;
    t->ntg = malloc((P * nt3 > 0 ? P * nt3 : 1) * sizeof *t->ntg);
    if (!buf || !t->first || !t->level || !t->ntg)
        FAIL("out of memory");
    for (size_t i = 0; i < P * HS_SWEEP_AXES_MAX; i++)
        t->level[i] = -1;
    uint64_t cur = 0;
    int have = 0, firstaxis = -2;
    size_t lineno = 0;
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(rows + i, '\n', len - i);
        size_t ll = nl ? (size_t)(nl - (rows + i)) : len - i;
        const char *line = rows + i;
        lineno++;
        char *f[HS_SWEEP_BASE_FIELDS + 3 * HS_SWEEP_TARGETS_MAX + 1];
        uint64_t p, R, k, nn;
        int lev = -1, tv[3 * HS_SWEEP_TARGETS_MAX];
        int bad = fields(line, ll, buf, f, nfield + 1) != nfield || u64(f[0], &p) || u64(f[4], &nn) ||
                  u64(f[5], &R) || u64(f[6], &k) || k > R || nn > HS_N_MAX;
        for (size_t j = 0; !bad && j < nt3; j++) {
            uint64_t v;
            const char *fv = f[HS_SWEEP_BASE_FIELDS + j];
            if (!strcmp(fv, "NA"))
                tv[j] = -1;
            else if (u64(fv, &v) == 0 && v <= HS_N_MAX)
                tv[j] = (int)v;
            else
                bad = 1;
        }
        if (bad)
            FAIL("row %zu: malformed; expected %d CSV fields as hifusim sweep writes them", lineno, nfield);
        if (p >= m->npoints || (have && p < cur) || (have && p > cur + 1) || (!have && p != 0))
            FAIL("row %zu: point %llu out of order or missing; expected points 0..%llu in order",
                 lineno, (unsigned long long)p, (unsigned long long)m->npoints - 1);
        int isbase = !strcmp(f[1], "base");
        int a = -1;
        if (!isbase) {
            uint64_t l;
            a = axis_of(t, f[1]);
            if (a < 0 || u64(f[2], &l) || l >= HS_SWEEP_VALUES_MAX)
                FAIL("row %zu: bad axis or level", lineno);
            lev = (int)l;
            taxis *x = &t->axis[a];
            if (!x->value[lev] && !(x->value[lev] = strdup(f[3])))
                FAIL("out of memory");
            if (lev + 1 > x->nlevels)
                x->nlevels = lev + 1;
            x->point[lev] = p;
        }
        if (!have || p != cur) {
            for (size_t j = 0; j < nt3; j++)
                t->ntg[(size_t)p * nt3 + j] = tv[j];
            t->first[p] = t->ncell;
            firstaxis = a;
            cur = p;
            have = 1;
        }
        if (a == firstaxis) { /* a new N of this point */
            if (t->ncell == t->capcell) {
                size_t nc = t->capcell ? 2 * t->capcell : 256;
                cell *q = realloc(t->cell, nc * sizeof *q);
                if (!q)
                    FAIL("out of memory");
                t->cell = q;
                t->capcell = nc;
            }
            t->cell[t->ncell++] = (cell){p, (int)nn, R, k};
        }
        if (a >= 0)
            t->level[p * HS_SWEEP_AXES_MAX + (size_t)a] = lev;
        hs_sbuf_append(csv, line, ll);
        hs_sbuf_append(csv, "\n", 1);
        i += ll + (nl ? 1 : 0);
    }
    if (!have || cur + 1 != m->npoints)
        FAIL("rows end at point %llu; expected %llu points", have ? (unsigned long long)cur : 0ULL,
             (unsigned long long)m->npoints);
    t->first[P] = t->ncell;
    free(buf);
    return 0;
fail:
    free(buf);
    return -1;
}

static double ratio(uint64_t k, uint64_t R) { return R ? (double)k / (double)R : NAN; }

typedef struct trow {
    int axis, j, rank, n;
    double base, low, high, min, max, swing;
    /* N for each target power: base, first and last value, range over values */
    double nbase[HS_SWEEP_TARGETS_MAX], nlow[HS_SWEEP_TARGETS_MAX], nhigh[HS_SWEEP_TARGETS_MAX],
        nmin[HS_SWEEP_TARGETS_MAX], nmax[HS_SWEEP_TARGETS_MAX];
} trow;

/* N for target k at point p, NAN when not reached. */
static double point_n(const tables *t, int ntarget, size_t p, int k)
{
    int v = t->ntg[(p * (size_t)ntarget + (size_t)k) * 3];
    return v >= 0 ? (double)v : NAN;
}

/* N for target k over the points with axis a at level l (a < 0: every
 * point): one-way, the point's own N; grid, the mean over those points,
 * NAN when any of them did not reach the target. */
static double level_n(const tables *t, const hs_sweep_meta *m, int a, int l, int k)
{
    if (m->design == HS_SWEEP_ONEWAY)
        return point_n(t, m->ntarget, a < 0 ? 0 : (size_t)t->axis[a].point[l], k);
    double sum = 0;
    size_t cnt = 0;
    for (size_t p = 0; p < m->npoints; p++) {
        if (a >= 0 && t->level[p * HS_SWEEP_AXES_MAX + (size_t)a] != l)
            continue;
        double v = point_n(t, m->ntarget, p, k);
        if (!isfinite(v))
            return NAN;
        sum += v;
        cnt++;
    }
    return cnt ? sum / (double)cnt : NAN;
}

static json_t *jn(double v) { return isfinite(v) ? json_real(v) : json_null(); }
static json_t *jint(int v) { return v >= 0 ? json_integer(v) : json_null(); }

static int cmp_trow(const void *x, const void *y)
{
    const trow *a = x, *b = y;
    if (a->j != b->j)
        return a->j < b->j ? -1 : 1;
    int fa = isfinite(a->swing), fb = isfinite(b->swing);
    if (fa != fb)
        return fa ? -1 : 1;
    if (fa && a->swing != b->swing)
        return a->swing > b->swing ? -1 : 1;
    return a->axis < b->axis ? -1 : a->axis > b->axis;
}

int hs_sweep_tables(const char *rows, size_t len, const hs_sweep_meta *m, hs_sbuf *sweep_csv,
                    hs_sbuf *tornado_csv, hs_sbuf *summary_json, hs_sweep_headline *head,
                    char *err, size_t errlen)
{
    tables t;
    memset(&t, 0, sizeof t);
    memset(head, 0, sizeof *head);
    trow *tr = NULL;
    json_t *root = NULL;
    if (m->npoints == 0 || m->npoints > HS_SWEEP_POINTS_MAX) {
        snprintf(err, errlen, "bad point count %llu", (unsigned long long)m->npoints);
        return -1;
    }
    hs_sweep_header(m, sweep_csv);
    if (read_rows(rows, len, m, &t, sweep_csv, err, errlen) != 0)
        goto fail;
    int oneway = m->design == HS_SWEEP_ONEWAY;
    size_t ncell0 = t.first[1] - t.first[0]; /* N values of point 0 */
    if (oneway && t.first[1] > t.first[0] && t.naxes > 0 &&
        t.level[0 * HS_SWEEP_AXES_MAX] >= 0)
        FAIL("point 0 is not the base point of a one-way sweep");
    for (int a = 0; a < t.naxes; a++)
        for (int l = 0; l < t.axis[a].nlevels; l++)
            if (!t.axis[a].value[l])
                FAIL("axis %s has no row at level %d", t.axis[a].name, l);

    /* tornado */
    size_t ntr = (size_t)t.naxes * ncell0;
    tr = calloc(ntr ? ntr : 1, sizeof *tr);
    if (!tr)
        FAIL("out of memory");
    for (size_t j = 0; j < ncell0; j++) {
        const cell *c0 = &t.cell[t.first[0] + j];
        double base;
        if (oneway)
            base = ratio(c0->k, c0->R);
        else {
            uint64_t K = 0, R = 0;
            for (size_t p = 0; p < m->npoints; p++)
                if (t.first[p] + j < t.first[p + 1]) {
                    K += t.cell[t.first[p] + j].k;
                    R += t.cell[t.first[p] + j].R;
                }
            base = ratio(K, R);
        }
        for (int a = 0; a < t.naxes; a++) {
            trow *r = &tr[j * (size_t)t.naxes + (size_t)a];
            r->axis = a;
            r->j = (int)j;
            r->n = c0->n;
            r->base = base;
            r->min = INFINITY;
            r->max = -INFINITY;
            int L = t.axis[a].nlevels;
            for (int l = 0; l < L; l++) {
                double pw;
                if (oneway) {
                    uint64_t p = t.axis[a].point[l];
                    pw = t.first[p] + j < t.first[p + 1]
                             ? ratio(t.cell[t.first[p] + j].k, t.cell[t.first[p] + j].R)
                             : NAN;
                } else {
                    uint64_t K = 0, R = 0;
                    for (size_t p = 0; p < m->npoints; p++)
                        if (t.level[p * HS_SWEEP_AXES_MAX + (size_t)a] == l &&
                            t.first[p] + j < t.first[p + 1]) {
                            K += t.cell[t.first[p] + j].k;
                            R += t.cell[t.first[p] + j].R;
                        }
                    pw = ratio(K, R);
                }
                if (l == 0)
                    r->low = pw;
                if (l == L - 1)
                    r->high = pw;
                if (isfinite(pw)) {
                    r->min = pw < r->min ? pw : r->min;
                    r->max = pw > r->max ? pw : r->max;
                }
            }
            r->swing = r->max >= r->min ? r->max - r->min : NAN;
            if (!(r->max >= r->min))
                r->min = r->max = NAN;
            for (int k = 0; k < m->ntarget; k++) {
                r->nbase[k] = level_n(&t, m, -1, 0, k);
                r->nlow[k] = level_n(&t, m, a, 0, k);
                r->nhigh[k] = level_n(&t, m, a, L - 1, k);
                r->nmin[k] = INFINITY;
                r->nmax[k] = -INFINITY;
                for (int l = 0; l < L; l++) {
                    double v = level_n(&t, m, a, l, k);
                    if (isfinite(v)) {
                        r->nmin[k] = v < r->nmin[k] ? v : r->nmin[k];
                        r->nmax[k] = v > r->nmax[k] ? v : r->nmax[k];
                    }
                }
                if (!(r->nmax[k] >= r->nmin[k]))
                    r->nmin[k] = r->nmax[k] = NAN;
            }
        }
    }
    qsort(tr, ntr, sizeof *tr, cmp_trow);
    for (size_t i = 0; i < ntr; i++)
        tr[i].rank = (i == 0 || tr[i].j != tr[i - 1].j) ? 1 : tr[i - 1].rank + 1;
    hs_sbuf_printf(tornado_csv, "axis,n,levels,low_value,high_value,power_base,power_low,"
                                "power_high,power_min,power_max,swing,rank");
    for (int k = 0; k < m->ntarget; k++)
        hs_sbuf_printf(tornado_csv, ",n_target_%g_base,n_target_%g_low,n_target_%g_high", m->target[k],
                       m->target[k], m->target[k]);
    hs_sbuf_printf(tornado_csv, "\n");
    for (size_t i = 0; i < ntr; i++) {
        const trow *r = &tr[i];
        const taxis *x = &t.axis[r->axis];
        hs_sbuf_printf(tornado_csv, "%s,%d,%d", x->name, r->n, x->nlevels);
        quoted(tornado_csv, x->value[0]);
        quoted(tornado_csv, x->value[x->nlevels - 1]);
        num(tornado_csv, r->base);
        num(tornado_csv, r->low);
        num(tornado_csv, r->high);
        num(tornado_csv, r->min);
        num(tornado_csv, r->max);
        num(tornado_csv, r->swing);
        hs_sbuf_printf(tornado_csv, ",%d", r->rank);
        for (int k = 0; k < m->ntarget; k++) {
            num(tornado_csv, r->nbase[k]);
            num(tornado_csv, r->nlow[k]);
            num(tornado_csv, r->nhigh[k]);
        }
        hs_sbuf_printf(tornado_csv, "\n");
    }

    /* summary.json and headline */
    root = json_object();
    json_object_set_new(root, "name", json_string(m->name));
    json_object_set_new(root, "design", json_string(oneway ? "oneway" : "grid"));
    char hash[32];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)m->config_hash);
    json_object_set_new(root, "config_hash", json_string(hash));
    json_object_set_new(root, "points", json_integer((json_int_t)m->npoints));
    json_t *axes = json_array();
    for (int a = 0; a < t.naxes; a++) {
        json_t *ax = json_object(), *vals = json_array();
        json_object_set_new(ax, "name", json_string(t.axis[a].name));
        for (int l = 0; l < t.axis[a].nlevels; l++)
            json_array_append_new(vals, json_string(t.axis[a].value[l]));
        json_object_set_new(ax, "values", vals);
        json_array_append_new(axes, ax);
    }
    json_object_set_new(root, "axes", axes);
    if (m->ntarget > 0) {
        json_t *tp = json_array();
        for (int k = 0; k < m->ntarget; k++)
            json_array_append_new(tp, json_real(m->target[k]));
        json_object_set_new(root, "target_power", tp);
    }
    head->ntarget = m->ntarget;
    for (int k = 0; k < m->ntarget; k++) {
        head->target[k] = m->target[k];
        head->base_n[k] = head->base_low[k] = head->base_high[k] = -1;
    }
    if (oneway && ncell0 > 0) {
        const cell *c0 = &t.cell[t.first[0]];
        double lo, hi, p = ratio(c0->k, c0->R);
        hs_results_wilson(c0->k, c0->R, &lo, &hi);
        json_t *b = json_object();
        json_object_set_new(b, "n", json_integer(c0->n));
        json_object_set_new(b, "replicates", json_integer((json_int_t)c0->R));
        json_object_set_new(b, "rejections", json_integer((json_int_t)c0->k));
        json_object_set_new(b, "power", isfinite(p) ? json_real(p) : json_null());
        json_object_set_new(b, "power_ci_low", isfinite(lo) ? json_real(lo) : json_null());
        json_object_set_new(b, "power_ci_high", isfinite(hi) ? json_real(hi) : json_null());
        if (m->ntarget > 0) {
            json_t *na = json_array();
            for (int k = 0; k < m->ntarget; k++) {
                const int *v = &t.ntg[(size_t)k * 3];
                json_t *o = json_object();
                json_object_set_new(o, "target_power", json_real(m->target[k]));
                json_object_set_new(o, "n", jint(v[0]));
                json_object_set_new(o, "n_low", jint(v[1]));
                json_object_set_new(o, "n_high", jint(v[2]));
                json_array_append_new(na, o);
                head->base_n[k] = v[0];
                head->base_low[k] = v[1];
                head->base_high[k] = v[2];
            }
            json_object_set_new(b, "n_target", na);
        }
        json_object_set_new(root, "base", b);
        head->have_base = 1;
        head->n = c0->n;
        head->power = p;
        head->power_lo = lo;
        head->power_hi = hi;
    } else
        json_object_set_new(root, "base", json_null());
    json_t *tor = json_array();
    for (size_t i = 0; i < ntr; i++) {
        const trow *r = &tr[i];
        json_t *o = json_object();
        json_object_set_new(o, "axis", json_string(t.axis[r->axis].name));
        json_object_set_new(o, "n", json_integer(r->n));
        json_object_set_new(o, "power_low", isfinite(r->low) ? json_real(r->low) : json_null());
        json_object_set_new(o, "power_high", isfinite(r->high) ? json_real(r->high) : json_null());
        json_object_set_new(o, "swing", isfinite(r->swing) ? json_real(r->swing) : json_null());
        json_object_set_new(o, "rank", json_integer(r->rank));
        if (m->ntarget > 0) {
            json_t *na = json_array();
            for (int k = 0; k < m->ntarget; k++) {
                json_t *q = json_object();
                json_object_set_new(q, "target_power", json_real(m->target[k]));
                json_object_set_new(q, "base", jn(r->nbase[k]));
                json_object_set_new(q, "low", jn(r->nlow[k]));
                json_object_set_new(q, "high", jn(r->nhigh[k]));
                json_array_append_new(na, q);
            }
            json_object_set_new(o, "n_target", na);
        }
        json_array_append_new(tor, o);
    }
    json_object_set_new(root, "tornado", tor);
    if (ntr > 0 && isfinite(tr[0].swing)) {
        snprintf(head->top_axis, sizeof head->top_axis, "%s", t.axis[tr[0].axis].name);
        head->top_min = tr[0].min;
        head->top_max = tr[0].max;
    }
    for (int k = 0; k < m->ntarget; k++) { /* the widest N range at the first N */
        double best = -1;
        for (size_t i = 0; i < ntr && tr[i].j == 0; i++)
            if (isfinite(tr[i].nmin[k]) && tr[i].nmax[k] - tr[i].nmin[k] > best) {
                best = tr[i].nmax[k] - tr[i].nmin[k];
                snprintf(head->n_axis[k], sizeof head->n_axis[k], "%s", t.axis[tr[i].axis].name);
                head->n_min[k] = tr[i].nmin[k];
                head->n_max[k] = tr[i].nmax[k];
            }
    }
    char *js = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    if (!js)
        FAIL("out of memory");
    hs_sbuf_printf(summary_json, "%s\n", js);
    free(js);
    json_decref(root);
    root = NULL;
    if (sweep_csv->failed || tornado_csv->failed || summary_json->failed)
        FAIL("out of memory");
    free(tr);
    tables_free(&t);
    return 0;
fail:
    json_decref(root);
    free(tr);
    tables_free(&t);
    return -1;
}
