/* sweep_tab.c — the tables (tornado.csv, summary.json) built from the
 * result rows, row by row (sweep.h).
 *
 * Power at a point: p = k/R (rejections over replicates), MC SE
 * sqrt(p(1-p)/R), Wilson 95% interval (results.h). Tornado (one-way):
 * power at an axis's first ("low") and last ("high") value with the other
 * axes at base; swing = max - min of the power over the axis's values.
 * Tornado (grid): the same from pooled main effects, power at a level =
 * sum k / sum R over every grid point at that level. Every number of the
 * tables comes from the integer counts in the rows, so the tables do not
 * depend on how the points were split over tasks. */
#include "sweep_priv.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results.h"

typedef struct cell {
    int n;
    uint64_t R, k;
} cell;

/* Power counts at one (axis, level, N index): one-way, the point's own
 * (present: the point has that N); grid, sums over the level's points. */
typedef struct lcell {
    uint64_t K, R;
    int present;
} lcell;

/* N for one target at one (axis, level): one-way, the point's own value
 * (v); grid, sum and count over the level's points, nan: one not reached. */
typedef struct ln {
    int v;
    double sum;
    size_t cnt;
    int nan, seen;
} ln;

typedef struct taxis {
    char name[HS_SWEEP_AXIS_NAME_MAX];
    int nlevels;
    char *value[HS_SWEEP_VALUES_MAX];     /* owned */
} taxis;

struct hs_sweep_tab {
    hs_sweep_meta m;
    int oneway, nt3;
    char *buf;
    size_t bufcap;
    int naxes;
    taxis axis[HS_SWEEP_AXES_MAX];
    /* the point being read */
    int have;
    uint64_t cur;
    int firstaxis;
    cell *pc; /* its cells (one per N) */
    size_t npc, cappc;
    int plevel[HS_SWEEP_AXES_MAX];
    int ptv[3 * HS_SWEEP_TARGETS_MAX];
    /* point 0 */
    size_t ncell0;
    cell *c0;
    int tv0[3 * HS_SWEEP_TARGETS_MAX];
    int p0_varied;
    /* folded points: [axis][level][j < ncell0], bases per j, N per target */
    lcell *lc;    /* HS_SWEEP_AXES_MAX * HS_SWEEP_VALUES_MAX * ncell0 */
    lcell *base;  /* ncell0 (grid) */
    ln lnv[HS_SWEEP_AXES_MAX][HS_SWEEP_VALUES_MAX][HS_SWEEP_TARGETS_MAX];
    ln lnall[HS_SWEEP_TARGETS_MAX];
    /* medians at each point's first N: sums per (axis, level), the base's */
    double msum[HS_SWEEP_AXES_MAX][HS_SWEEP_VALUES_MAX][2];
    size_t mcnt[HS_SWEEP_AXES_MAX][HS_SWEEP_VALUES_MAX][2];
    double med0[2];
    /* sweep_wide.csv: the point's row tails (from field n, one per N, each
     * ending in a newline), and the body so far: "POINT,L0,L1,...\tTAIL\n" */
    hs_sbuf ptail, wbody;
};

static lcell *lc_at(hs_sweep_tab *t, int a, int l, size_t j)
{
    return &t->lc[((size_t)a * HS_SWEEP_VALUES_MAX + (size_t)l) * t->ncell0 + j];
}

hs_sweep_tab *hs_sweep_tab_new(const hs_sweep_meta *m)
{
    hs_sweep_tab *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->m = *m;
    t->oneway = m->design == HS_SWEEP_ONEWAY;
    t->nt3 = m->ntarget * 3;
    return t;
}

void hs_sweep_tab_free(hs_sweep_tab *t)
{
    if (!t)
        return;
    free(t->buf);
    free(t->pc);
    free(t->c0);
    free(t->lc);
    free(t->base);
    hs_sbuf_free(&t->ptail);
    hs_sbuf_free(&t->wbody);
    for (int a = 0; a < t->naxes; a++)
        for (int l = 0; l < HS_SWEEP_VALUES_MAX; l++)
            free(t->axis[a].value[l]);
    free(t);
}

static int axis_of(hs_sweep_tab *t, const char *name)
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

static void ln_add(ln *x, int v, int oneway)
{
    x->seen = 1;
    if (oneway) {
        x->v = v;
        return;
    }
    if (v < 0)
        x->nan = 1;
    else {
        x->sum += (double)v;
        x->cnt++;
    }
}

static double ln_value(const ln *x, int oneway)
{
    if (oneway)
        return x->seen && x->v >= 0 ? (double)x->v : NAN;
    return x->nan || x->cnt == 0 ? NAN : x->sum / (double)x->cnt;
}

/* Fold the finished point into the level sums. 0 or -1 (out of memory). */
static int fold_point(hs_sweep_tab *t)
{
    if (t->cur == 0) {
        t->ncell0 = t->npc;
        t->c0 = malloc((t->ncell0 ? t->ncell0 : 1) * sizeof *t->c0);
        t->lc = calloc((size_t)HS_SWEEP_AXES_MAX * HS_SWEEP_VALUES_MAX * (t->ncell0 ? t->ncell0 : 1),
                       sizeof *t->lc);
        t->base = calloc(t->ncell0 ? t->ncell0 : 1, sizeof *t->base);
        if (!t->c0 || !t->lc || !t->base)
            return -1;
        memcpy(t->c0, t->pc, t->npc * sizeof *t->pc);
        memcpy(t->tv0, t->ptv, sizeof t->tv0);
    }
    size_t nj = t->npc < t->ncell0 ? t->npc : t->ncell0;
    for (size_t j = 0; j < nj; j++) {
        t->base[j].K += t->pc[j].k;
        t->base[j].R += t->pc[j].R;
    }
    for (int a = 0; a < t->naxes; a++) {
        int l = t->plevel[a];
        if (l < 0)
            continue;
        for (size_t j = 0; j < t->ncell0; j++) {
            lcell *c = lc_at(t, a, l, j);
            if (t->oneway)
                *c = j < t->npc ? (lcell){t->pc[j].k, t->pc[j].R, 1} : (lcell){0, 0, 0};
            else if (j < t->npc) {
                c->K += t->pc[j].k;
                c->R += t->pc[j].R;
            }
        }
        for (int k = 0; k < t->m.ntarget; k++)
            ln_add(&t->lnv[a][l][k], t->ptv[3 * k], t->oneway);
    }
    for (int k = 0; k < t->m.ntarget; k++)
        ln_add(&t->lnall[k], t->ptv[3 * k], t->oneway);
    /* sweep_wide.csv's records of the point, one per N */
    for (size_t i = 0; i < t->ptail.len;) {
        const char *nl = memchr(t->ptail.s + i, '\n', t->ptail.len - i);
        size_t ll = (size_t)(nl - (t->ptail.s + i));
        hs_sbuf_printf(&t->wbody, "%llu", (unsigned long long)t->cur);
        for (int a = 0; a < t->naxes; a++)
            hs_sbuf_printf(&t->wbody, ",%d", t->plevel[a]);
        hs_sbuf_printf(&t->wbody, "\t");
        hs_sbuf_append(&t->wbody, t->ptail.s + i, ll + 1);
        i += ll + 1;
    }
    hs_sbuf_clear(&t->ptail);
    return t->wbody.failed ? -1 : 0;
}

#define FAIL(...)                                                                                  \
    do {                                                                                           \
        snprintf(err, errlen, __VA_ARGS__);                                                        \
        return -1;                                                                                 \
    } while (0)

int hs_sweep_tab_row(hs_sweep_tab *t, const char *line, size_t len, char *err, size_t errlen)
{
    const hs_sweep_meta *m = &t->m;
    if (len + 1 > t->bufcap) {
        char *q = realloc(t->buf, len + 1);
        if (!q)
            FAIL("out of memory");
        t->buf = q;
        t->bufcap = len + 1;
    }
    hs_sweep_prow r;
    if (hs_sweep_parse_row(line, len, m->ntarget, t->buf, &r, err, errlen) != 0)
        return -1;
    uint64_t p = r.point;
    if (p >= m->npoints || (t->have && p < t->cur) || (t->have && p > t->cur + 1) ||
        (!t->have && p != 0))
        FAIL("point %llu out of order or missing; expected points 0..%llu in order, %s",
             (unsigned long long)p, (unsigned long long)m->npoints - 1,
             t->have ? (p == t->cur ? "" : "this one next to the last") : "starting at 0");
    int a = -1;
    if (r.level >= 0) {
        a = axis_of(t, r.axis);
        if (a < 0)
            FAIL("bad axis '%s'; expected at most %d axes with names under %d characters", r.axis,
                 HS_SWEEP_AXES_MAX, HS_SWEEP_AXIS_NAME_MAX);
        taxis *x = &t->axis[a];
        if (!x->value[r.level] && !(x->value[r.level] = strdup(r.value)))
            FAIL("out of memory");
        if (r.level + 1 > x->nlevels)
            x->nlevels = r.level + 1;
    }
    if (!t->have || p != t->cur) {
        if (t->have && fold_point(t) != 0)
            FAIL("out of memory");
        memcpy(t->ptv, r.tv, (size_t)t->nt3 * sizeof r.tv[0]);
        for (int b = 0; b < HS_SWEEP_AXES_MAX; b++)
            t->plevel[b] = -1;
        t->npc = 0;
        t->firstaxis = a;
        t->cur = p;
        t->have = 1;
    }
    if (a == t->firstaxis) { /* a new N of this point */
        if (t->npc == t->cappc) {
            size_t nc = t->cappc ? 2 * t->cappc : 16;
            cell *q = realloc(t->pc, nc * sizeof *q);
            if (!q)
                FAIL("out of memory");
            t->pc = q;
            t->cappc = nc;
        }
        t->pc[t->npc++] = (cell){r.n, r.R, r.k};
        hs_sbuf_append(&t->ptail, line + r.tail, len - r.tail);
        hs_sbuf_append(&t->ptail, "\n", 1);
        if (t->ptail.failed)
            FAIL("out of memory");
    }
    for (int i = 0; t->npc == 1 && i < 2; i++) /* the point's first N */
        if (isfinite(r.med[i])) {
            if (a >= 0) {
                t->msum[a][r.level][i] += r.med[i];
                t->mcnt[a][r.level][i]++;
            } else if (p == 0)
                t->med0[i] = r.med[i];
        }
    if (a >= 0) {
        t->plevel[a] = r.level;
        if (p == 0)
            t->p0_varied = 1;
    }
    return 0;
}

static double ratio(uint64_t k, uint64_t R) { return R ? (double)k / (double)R : NAN; }

typedef struct trow {
    int axis, j, rank, n;
    double base, low, high, min, max, swing;
    /* N for each target power: base, first and last value, range over values */
    double nbase[HS_SWEEP_TARGETS_MAX], nlow[HS_SWEEP_TARGETS_MAX], nhigh[HS_SWEEP_TARGETS_MAX],
        nmin[HS_SWEEP_TARGETS_MAX], nmax[HS_SWEEP_TARGETS_MAX];
} trow;

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

/* The checks before the tables: the point count, the rows complete, point 0
 * the base of a one-way sweep, every level of every axis seen; folds the
 * last point. 0, or -1 with what is wrong in err. */
static int tab_check(hs_sweep_tab *t, char *err, size_t errlen)
{
    const hs_sweep_meta *m = &t->m;
    if (m->npoints == 0 || m->npoints > HS_SWEEP_POINTS_MAX)
        FAIL("bad point count %llu", (unsigned long long)m->npoints);
    if (!t->have || t->cur + 1 != m->npoints)
        FAIL("rows end at point %llu; expected %llu points", t->have ? (unsigned long long)t->cur : 0ULL,
             (unsigned long long)m->npoints);
    if (fold_point(t) != 0)
        FAIL("out of memory");
    if (t->oneway && t->ncell0 > 0 && t->naxes > 0 && t->p0_varied)
        FAIL("point 0 is not the base point of a one-way sweep");
    for (int a = 0; a < t->naxes; a++)
        for (int l = 0; l < t->axis[a].nlevels; l++)
            if (!t->axis[a].value[l])
                FAIL("axis %s has no row at level %d", t->axis[a].name, l);
    return 0;
}

/* The N columns of axis a's tornado row r for every target power. */
static void tornado_n(const hs_sweep_tab *t, int a, trow *r)
{
    int oneway = t->oneway, L = t->axis[a].nlevels;
    for (int k = 0; k < t->m.ntarget; k++) {
        r->nbase[k] = oneway ? (t->tv0[3 * k] >= 0 ? (double)t->tv0[3 * k] : NAN)
                             : ln_value(&t->lnall[k], 0);
        r->nlow[k] = ln_value(&t->lnv[a][0][k], oneway);
        r->nhigh[k] = ln_value(&t->lnv[a][L - 1][k], oneway);
        r->nmin[k] = INFINITY;
        r->nmax[k] = -INFINITY;
        for (int l = 0; l < L; l++) {
            double v = ln_value(&t->lnv[a][l][k], oneway);
            if (isfinite(v)) {
                r->nmin[k] = v < r->nmin[k] ? v : r->nmin[k];
                r->nmax[k] = v > r->nmax[k] ? v : r->nmax[k];
            }
        }
        if (!(r->nmax[k] >= r->nmin[k]))
            r->nmin[k] = r->nmax[k] = NAN;
    }
}

/* Axis a's tornado row at point 0's j-th N (base power: base). */
static void tornado_row(hs_sweep_tab *t, int a, size_t j, double base, trow *r)
{
    int oneway = t->oneway;
    r->axis = a;
    r->j = (int)j;
    r->n = t->c0[j].n;
    r->base = base;
    r->min = INFINITY;
    r->max = -INFINITY;
    int L = t->axis[a].nlevels;
    for (int l = 0; l < L; l++) {
        const lcell *c = lc_at(t, a, l, j);
        double pw = oneway ? (c->present ? ratio(c->K, c->R) : NAN) : ratio(c->K, c->R);
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
    tornado_n(t, a, r);
}

/* Every tornado row (axes x point 0's N values) into *tr (allocated), sorted
 * by N then swing and ranked. Returns the row count, or -1 (out of memory). */
static long tornado_rows(hs_sweep_tab *t, trow **tr)
{
    size_t ncell0 = t->ncell0, ntr = (size_t)t->naxes * ncell0;
    *tr = calloc(ntr ? ntr : 1, sizeof **tr);
    if (!*tr)
        return -1;
    for (size_t j = 0; j < ncell0; j++) {
        const cell *c0 = &t->c0[j];
        double base = t->oneway ? ratio(c0->k, c0->R) : ratio(t->base[j].K, t->base[j].R);
        for (int a = 0; a < t->naxes; a++)
            tornado_row(t, a, j, base, &(*tr)[j * (size_t)t->naxes + (size_t)a]);
    }
    qsort(*tr, ntr, sizeof **tr, cmp_trow);
    for (size_t i = 0; i < ntr; i++)
        (*tr)[i].rank = (i == 0 || (*tr)[i].j != (*tr)[i - 1].j) ? 1 : (*tr)[i - 1].rank + 1;
    return (long)ntr;
}

static void tornado_write(const hs_sweep_tab *t, const trow *tr, size_t ntr, hs_sbuf *out)
{
    const hs_sweep_meta *m = &t->m;
    hs_sbuf_printf(out, "axis,n,levels,first_value,last_value,power_base,power_at_first,"
                        "power_at_last,power_min,power_max,swing,rank");
    for (int k = 0; k < m->ntarget; k++)
        hs_sbuf_printf(out, ",n_target_%g_base,n_target_%g_at_first,n_target_%g_at_last", m->target[k],
                       m->target[k], m->target[k]);
    hs_sbuf_printf(out, "\n");
    for (size_t i = 0; i < ntr; i++) {
        const trow *r = &tr[i];
        const taxis *x = &t->axis[r->axis];
        hs_sbuf_printf(out, "%s,%d,%d", x->name, r->n, x->nlevels);
        hs_sweep_quoted(out, x->value[0]);
        hs_sweep_quoted(out, x->value[x->nlevels - 1]);
        hs_sweep_num(out, r->base);
        hs_sweep_num(out, r->low);
        hs_sweep_num(out, r->high);
        hs_sweep_num(out, r->min);
        hs_sweep_num(out, r->max);
        hs_sweep_num(out, r->swing);
        hs_sbuf_printf(out, ",%d", r->rank);
        for (int k = 0; k < m->ntarget; k++) {
            hs_sweep_num(out, r->nbase[k]);
            hs_sweep_num(out, r->nlow[k]);
            hs_sweep_num(out, r->nhigh[k]);
        }
        hs_sbuf_printf(out, "\n");
    }
}

/* summary.json's head: name, design, config_hash, points, axes, target_power. */
static json_t *summary_head(const hs_sweep_tab *t)
{
    const hs_sweep_meta *m = &t->m;
    json_t *root = json_object();
    json_object_set_new(root, "name", json_string(m->name));
    json_object_set_new(root, "design", json_string(t->oneway ? "oneway" : "grid"));
    char hash[32];
    snprintf(hash, sizeof hash, "%016llx", (unsigned long long)m->config_hash);
    json_object_set_new(root, "config_hash", json_string(hash));
    json_object_set_new(root, "points", json_integer((json_int_t)m->npoints));
    if (m->assurance) /* design.md "Assurance": every power of the sweep is an assurance */
        json_object_set_new(root, "assurance", json_true());
    json_t *axes = json_array();
    for (int a = 0; a < t->naxes; a++) {
        json_t *ax = json_object(), *vals = json_array();
        json_object_set_new(ax, "name", json_string(t->axis[a].name));
        for (int l = 0; l < t->axis[a].nlevels; l++)
            json_array_append_new(vals, json_string(t->axis[a].value[l]));
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
    return root;
}

/* summary.json's "base" (one-way: point 0 at its first N; else null), and
 * the headline's base fields. */
static json_t *summary_base(const hs_sweep_tab *t, hs_sweep_headline *head)
{
    const hs_sweep_meta *m = &t->m;
    head->ntarget = m->ntarget;
    for (int k = 0; k < m->ntarget; k++) {
        head->target[k] = m->target[k];
        head->base_n[k] = head->base_low[k] = head->base_high[k] = -1;
    }
    if (!(t->oneway && t->ncell0 > 0))
        return json_null();
    const cell *c0 = &t->c0[0];
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
            const int *v = &t->tv0[3 * k];
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
    head->have_base = 1;
    head->n = c0->n;
    head->power = p;
    head->power_lo = lo;
    head->power_hi = hi;
    return b;
}

/* summary.json's "tornado": the ranked rows. */
static json_t *summary_tornado(const hs_sweep_tab *t, const trow *tr, size_t ntr)
{
    const hs_sweep_meta *m = &t->m;
    json_t *tor = json_array();
    for (size_t i = 0; i < ntr; i++) {
        const trow *r = &tr[i];
        json_t *o = json_object();
        json_object_set_new(o, "axis", json_string(t->axis[r->axis].name));
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
    return tor;
}

/* The headline's largest swing and, per target, widest N range at the first N. */
static void headline_ranges(const hs_sweep_tab *t, const trow *tr, size_t ntr,
                            hs_sweep_headline *head)
{
    if (ntr > 0 && isfinite(tr[0].swing)) {
        snprintf(head->top_axis, sizeof head->top_axis, "%s", t->axis[tr[0].axis].name);
        head->top_min = tr[0].min;
        head->top_max = tr[0].max;
    }
    for (int k = 0; k < t->m.ntarget; k++) {
        double best = -1;
        for (size_t i = 0; i < ntr && tr[i].j == 0; i++)
            if (isfinite(tr[i].nmin[k]) && tr[i].nmax[k] - tr[i].nmin[k] > best) {
                best = tr[i].nmax[k] - tr[i].nmin[k];
                snprintf(head->n_axis[k], sizeof head->n_axis[k], "%s", t->axis[tr[i].axis].name);
                head->n_min[k] = tr[i].nmin[k];
                head->n_max[k] = tr[i].nmax[k];
            }
    }
}

/* summary.json (with its newline) appended to out. 0 or -1 (out of memory). */
static int summary_write(const hs_sweep_tab *t, const trow *tr, size_t ntr,
                         hs_sweep_headline *head, hs_sbuf *out)
{
    json_t *root = summary_head(t);
    json_object_set_new(root, "base", summary_base(t, head));
    json_object_set_new(root, "tornado", summary_tornado(t, tr, ntr));
    headline_ranges(t, tr, ntr, head);
    json_t *notes = json_array();
    for (int i = 0; i < head->nnote; i++)
        json_array_append_new(notes, json_string(head->note[i]));
    json_object_set_new(root, "notes", notes);
    char *js = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!js)
        return -1;
    hs_sbuf_printf(out, "%s\n", js);
    free(js);
    return 0;
}

static int is_log_axis(const hs_sweep_tab *t, int a)
{
    for (int i = 0; i < t->m.nlog; i++)
        if (!strcmp(t->m.logaxis[i], t->axis[a].name)) {
            for (int l = 0; l < t->axis[a].nlevels; l++) {
                char *e;
                double x = strtod(t->axis[a].value[l], &e);
                if (e == t->axis[a].value[l] || *e || !isfinite(x))
                    return 0;
            }
            return 1;
        }
    return 0;
}

/* sweep_wide.csv from the records in t->wbody. */
static void wide_write(const hs_sweep_tab *t, hs_sbuf *out)
{
    hs_sbuf h = {0};
    int logax[HS_SWEEP_AXES_MAX];
    hs_sbuf_printf(out, "point");
    for (int a = 0; a < t->naxes; a++) {
        logax[a] = is_log_axis(t, a);
        hs_sweep_quoted(out, t->axis[a].name);
        if (logax[a]) {
            char nm[HS_SWEEP_AXIS_NAME_MAX + 4];
            snprintf(nm, sizeof nm, "hr_%s", t->axis[a].name);
            hs_sweep_quoted(out, nm);
        }
    }
    /* sweep.csv's header from n on */
    hs_sweep_header(&t->m, &h);
    const char *c = h.s ? h.s : "";
    for (int i = 0; i < 4 && (c = strchr(c, ',')); i++)
        c++;
    hs_sbuf_printf(out, ",%s", c ? c : "\n");
    hs_sbuf_free(&h);
    for (size_t i = 0; i < t->wbody.len;) {
        const char *rec = t->wbody.s + i, *tab = memchr(rec, '\t', t->wbody.len - i);
        const char *nl = memchr(tab, '\n', t->wbody.len - (size_t)(tab - t->wbody.s));
        char *q;
        unsigned long long pt = strtoull(rec, &q, 10);
        hs_sbuf_printf(out, "%llu", pt);
        for (int a = 0; a < t->naxes; a++) {
            long l = -1;
            if (q < tab && *q == ',')
                l = strtol(q + 1, &q, 10);
            const char *v = l >= 0 && l < t->axis[a].nlevels ? t->axis[a].value[l] : NULL;
            hs_sweep_quoted(out, v ? v : "");
            if (logax[a]) {
                if (v)
                    hs_sbuf_printf(out, ",%.6g", exp(strtod(v, NULL)));
                else
                    hs_sbuf_printf(out, ",");
            }
        }
        hs_sbuf_printf(out, ",");
        hs_sbuf_append(out, tab + 1, (size_t)(nl - tab));
        i = (size_t)(nl - t->wbody.s) + 1;
    }
}

static double med_at(const hs_sweep_tab *t, int a, int l, int arm)
{
    size_t n = t->mcnt[a][l][arm];
    return n ? t->msum[a][l][arm] / (double)n : NAN;
}

/* The surprises at the first N, one sentence each, into head->note:
 * power moving against prognosis (the control median) beyond twice the
 * Monte Carlo SE of the difference, and an effect axis moving the control
 * median (the calibrated models are not recalibrated per point). */
static void surprises(const hs_sweep_tab *t, hs_sweep_headline *head)
{
    if (t->ncell0 == 0)
        return;
    for (int a = 0; a < t->naxes && head->nnote < HS_SWEEP_NOTES_MAX; a++) {
        const taxis *x = &t->axis[a];
        int L = x->nlevels;
        if (L < 2)
            continue;
        const lcell *c0 = lc_at((hs_sweep_tab *)t, a, 0, 0), *c1 = lc_at((hs_sweep_tab *)t, a, L - 1, 0);
        double p0 = ratio(c0->K, c0->R), p1 = ratio(c1->K, c1->R);
        double se = sqrt((c0->R ? p0 * (1 - p0) / (double)c0->R : NAN) +
                         (c1->R ? p1 * (1 - p1) / (double)c1->R : NAN));
        double m0 = med_at(t, a, 0, 0), m1 = med_at(t, a, L - 1, 0);
        if (!isfinite(m0) || !isfinite(m1))
            continue;
        double dm = m1 - m0, big = fmax(0.5, 0.02 * fmax(m0, m1));
        char *n = head->note[head->nnote];
        size_t cap = sizeof head->note[0];
        if (fabs(dm) > big && isfinite(se) && fabs(p1 - p0) > 2 * se && (dm < 0) == (p1 > p0)) {
            /* read in the direction in which prognosis worsens */
            int w = dm < 0; /* first -> last worsens */
            snprintf(n, cap,
                     "power %s from %.3f to %.3f as the control median falls from %.1f to %.1f "
                     "months across axis %s (%s to %s): worse prognosis brings more events early, "
                     "where the experimental arm has few or none",
                     (w ? p1 > p0 : p0 > p1) ? "rises" : "falls", w ? p0 : p1, w ? p1 : p0,
                     w ? m0 : m1, w ? m1 : m0, x->name, w ? x->value[0] : x->value[L - 1],
                     w ? x->value[L - 1] : x->value[0]);
            head->nnote++;
        }
        if (head->nnote < HS_SWEEP_NOTES_MAX && is_log_axis(t, a) && fabs(dm) > big) {
            n = head->note[head->nnote++];
            snprintf(n, cap,
                     "control median moves from %.1f to %.1f months across axis %s (%s to %s): "
                     "effects change both arms' survival; the models are not recalibrated per point",
                     m0, m1, x->name, x->value[0], x->value[L - 1]);
        }
    }
}

int hs_sweep_tab_end(hs_sweep_tab *t, hs_sbuf *tornado_csv, hs_sbuf *summary_json,
                     hs_sbuf *wide_csv, hs_sweep_headline *head, char *err, size_t errlen)
{
    trow *tr = NULL;
    memset(head, 0, sizeof *head);
    if (tab_check(t, err, errlen) != 0)
        return -1;
    long ntr = tornado_rows(t, &tr);
    if (ntr < 0)
        FAIL("out of memory");
    tornado_write(t, tr, (size_t)ntr, tornado_csv);
    if (wide_csv)
        wide_write(t, wide_csv);
    surprises(t, head);
    int rc = summary_write(t, tr, (size_t)ntr, head, summary_json);
    free(tr);
    if (rc != 0 || tornado_csv->failed || summary_json->failed || (wide_csv && wide_csv->failed))
        FAIL("out of memory");
    return 0;
}

int hs_sweep_tables(const char *rows, size_t len, const hs_sweep_meta *m, hs_sbuf *sweep_csv,
                    hs_sbuf *tornado_csv, hs_sbuf *summary_json, hs_sbuf *wide_csv,
                    hs_sweep_headline *head, char *err, size_t errlen)
{
    char msg[400];
    memset(head, 0, sizeof *head);
    hs_sweep_tab *t = hs_sweep_tab_new(m);
    if (!t) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = hs_sweep_header(m, sweep_csv);
    size_t lineno = 0;
    for (size_t i = 0; rc == 0 && i < len;) {
        const char *nl = memchr(rows + i, '\n', len - i);
        size_t ll = nl ? (size_t)(nl - (rows + i)) : len - i;
        lineno++;
        if (hs_sweep_tab_row(t, rows + i, ll, msg, sizeof msg) != 0) {
            snprintf(err, errlen, "row %zu: %s", lineno, msg);
            rc = -1;
            break;
        }
        hs_sbuf_append(sweep_csv, rows + i, ll);
        hs_sbuf_append(sweep_csv, "\n", 1);
        i += ll + (nl ? 1 : 0);
    }
    if (rc == 0)
        rc = hs_sweep_tab_end(t, tornado_csv, summary_json, wide_csv, head, err, errlen);
    if (rc == 0 && sweep_csv->failed) {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    hs_sweep_tab_free(t);
    return rc;
}
