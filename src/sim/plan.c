/* plan.c — see plan.h. Coarse grid, bracketing of the first crossing with
 * more replicates, bisection to one allocation unit; the MC interval from
 * the Wilson limits (Wilson 1927, JASA 22:209) of the evaluated points. */
#include "plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int append(hs_plan_result *r, const hs_plan_point *p, int np)
{
    if (r->npoints + np > r->cap) {
        int cap = r->cap ? r->cap : 64;
        while (cap < r->npoints + np)
            cap *= 2;
        hs_plan_point *q = realloc(r->points, (size_t)cap * sizeof *q);
        if (!q)
            return -1;
        r->points = q;
        r->cap = cap;
    }
    memcpy(r->points + r->npoints, p, (size_t)np * sizeof *p);
    r->npoints += np;
    return 0;
}

const hs_plan_point *hs_plan_find(const hs_plan_result *r, int n, int any_stage)
{
    const hs_plan_point *best = NULL;
    for (int i = 0; i < r->npoints; i++) {
        const hs_plan_point *p = &r->points[i];
        if (p->n == n && (any_stage || p->stage <= 1) && (!best || p->replicates > best->replicates))
            best = p;
    }
    return best;
}

/* Evaluate each n (not yet done with >= reps replicates) at `reps`. */
static int eval_ns(hs_plan_result *r, hs_plan_eval_fn eval, void *ctx, const int *ns, int cnt,
                   uint64_t reps, int stage)
{
    hs_plan_point *b = calloc((size_t)(cnt > 0 ? cnt : 1), sizeof *b);
    if (!b)
        return -1;
    int m = 0;
    for (int i = 0; i < cnt; i++) {
        const hs_plan_point *have = hs_plan_find(r, ns[i], 1);
        int dup = 0;
        for (int j = 0; j < m; j++)
            dup |= b[j].n == ns[i];
        if (dup || (have && have->replicates >= reps))
            continue;
        b[m].n = ns[i];
        b[m].replicates = reps;
        b[m].stage = stage;
        m++;
    }
    int rc = m ? eval(ctx, b, m) : 0;
    if (rc == 0 && m && append(r, b, m) != 0)
        rc = -1;
    free(b);
    return rc;
}

static double fine_power(const hs_plan_result *r, int n)
{
    const hs_plan_point *p = hs_plan_find(r, n, 1);
    return p ? p->power : NAN;
}

static int cmp_point(const void *x, const void *y)
{
    const hs_plan_point *a = *(const hs_plan_point *const *)x, *b = *(const hs_plan_point *const *)y;
    if (a->n != b->n)
        return (a->n > b->n) - (a->n < b->n);
    return (a->replicates < b->replicates) - (a->replicates > b->replicates);
}

/* Points of one kind sorted by n (best replicated first within an n). */
static int sorted(const hs_plan_result *r, int stage, const hs_plan_point **out)
{
    int m = 0;
    for (int i = 0; i < r->npoints; i++)
        if (stage < 0 || r->points[i].stage == stage)
            out[m++] = &r->points[i];
    qsort(out, (size_t)m, sizeof *out, cmp_point);
    if (stage >= 0)
        return m;
    int u = 0; /* keep the best per n */
    for (int i = 0; i < m; i++)
        if (u == 0 || out[u - 1]->n != out[i]->n)
            out[u++] = out[i];
    return u;
}

/* First n where the curve y(point) reaches target, interpolated; -1 if never. */
static double crossing(const hs_plan_point **p, int m, double target, int upper)
{
    for (int i = 0; i < m; i++) {
        double y = upper ? p[i]->ci_high : p[i]->ci_low;
        if (y < target)
            continue;
        if (i == 0)
            return p[0]->n;
        double y0 = upper ? p[i - 1]->ci_high : p[i - 1]->ci_low;
        double f = y > y0 ? (target - y0) / (y - y0) : 1.0;
        return p[i - 1]->n + f * (p[i]->n - p[i - 1]->n);
    }
    return -1;
}

static void interval(const hs_plan_result *r, const hs_plan_opts *o, hs_plan_target *t,
                     const hs_plan_point **buf)
{
    int m = sorted(r, -1, buf);
    double lo = crossing(buf, m, t->target, 1), hi = crossing(buf, m, t->target, 0);
    int u = o->unit;
    t->n_low = lo < 0 ? t->n : (int)(floor(lo / u + 1e-9) * u);
    if (hi < 0) {
        t->n_high = o->n_max;
        t->high_capped = 1;
    } else
        t->n_high = (int)(ceil(hi / u - 1e-9) * u);
    if (t->n_low > t->n)
        t->n_low = t->n;
    if (t->n_low < o->n_min)
        t->n_low = o->n_min;
    if (t->n_high < t->n)
        t->n_high = t->n;
}

static void drops(hs_plan_result *r, const hs_plan_point **buf)
{
    r->monotone = 1;
    r->max_drop = 0;
    r->max_drop_se = 0;
    for (int stage = 0; stage <= 1; stage++) {
        int m = sorted(r, stage, buf);
        for (int i = 1; i < m; i++) {
            if (buf[i]->n == buf[i - 1]->n || buf[i]->replicates != buf[i - 1]->replicates)
                continue;
            double d = buf[i - 1]->power - buf[i]->power;
            if (d <= 0)
                continue;
            r->monotone = 0;
            if (d > r->max_drop) {
                double p = buf[i - 1]->power;
                double se = sqrt(p * (1 - p) / (double)buf[i]->replicates);
                r->max_drop = d;
                r->max_drop_se = se > 0 ? d / se : INFINITY;
            }
        }
    }
}

static int search_target(hs_plan_result *r, const hs_plan_opts *o, hs_plan_eval_fn eval, void *ctx,
                         const int *grid, int ng, hs_plan_target *t)
{
    double tp = t->target;
    uint64_t R = o->replicates_fine;
    int j = 0, rc;
    while (j < ng && !(fine_power(r, grid[j]) >= tp))
        j++;
    int hi = j < ng ? j : ng - 1;
    if ((rc = eval_ns(r, eval, ctx, &grid[hi], 1, R, 1)) != 0)
        return rc;
    while (fine_power(r, grid[hi]) < tp) {
        if (hi == ng - 1)
            return 0; /* unreachable within n_max */
        hi++;
        if ((rc = eval_ns(r, eval, ctx, &grid[hi], 1, R, 1)) != 0)
            return rc;
    }
    int lo = hi - 1;
    for (;;) {
        if (lo < 0)
            break;
        if ((rc = eval_ns(r, eval, ctx, &grid[lo], 1, R, 1)) != 0)
            return rc;
        if (fine_power(r, grid[lo]) < tp)
            break;
        hi = lo--;
    }
    t->reached = 1;
    if (lo < 0) {
        t->n = grid[0];
        t->at_n_min = 1;
        return 0;
    }
    int a = grid[lo], b = grid[hi];
    while (b - a > o->unit) {
        int mid = a + (b - a) / o->unit / 2 * o->unit;
        if ((rc = eval_ns(r, eval, ctx, &mid, 1, R, 1)) != 0)
            return rc;
        if (fine_power(r, mid) >= tp)
            b = mid;
        else
            a = mid;
    }
    t->n = b;
    return 0;
}

int hs_plan_search(const hs_plan_opts *o, hs_plan_eval_fn eval, void *ctx, hs_plan_result *out)
{
    memset(out, 0, sizeof *out);
    if (o->unit < 1 || o->ncoarse < 2 || o->ntarget < 1 || o->ntarget > HS_PLAN_TARGETS_MAX ||
        o->replicates_coarse < 1 || o->replicates_fine < 1 || o->n_min < 2 || o->n_max <= o->n_min)
        return -1;
    for (int k = 0; k < o->ntarget; k++)
        if (!(o->target[k] > 0 && o->target[k] < 1))
            return -1;
    int u = o->unit, lo = (o->n_min + u - 1) / u * u, hi = o->n_max / u * u;
    if (lo < 2)
        lo = u * ((2 + u - 1) / u);
    if (lo >= hi)
        return -1;
    int *grid = malloc((size_t)o->ncoarse * sizeof *grid), ng = 0;
    if (!grid)
        return -1;
    for (int j = 0; j < o->ncoarse; j++) {
        double x = lo + (double)(hi - lo) * j / (o->ncoarse - 1);
        int n = (int)lround(x / u) * u;
        if (ng == 0 || n > grid[ng - 1])
            grid[ng++] = n;
    }
    int rc = eval_ns(out, eval, ctx, grid, ng, o->replicates_coarse, 0);
    out->ntarget = o->ntarget;
    for (int k = 0; rc == 0 && k < o->ntarget; k++) {
        hs_plan_target *t = &out->target[k];
        memset(t, 0, sizeof *t);
        t->target = o->target[k];
        t->n = t->n_low = t->n_high = -1;
        rc = search_target(out, o, eval, ctx, grid, ng, t);
    }
    free(grid);
    const hs_plan_point **buf = rc == 0 ? malloc((size_t)(out->npoints + 1) * sizeof *buf) : NULL;
    if (rc == 0 && !buf)
        rc = -1;
    if (rc != 0) {
        hs_plan_result_free(out);
        return rc;
    }
    for (int k = 0; k < o->ntarget; k++) {
        hs_plan_target *t = &out->target[k];
        t->max_power = -1;
        for (int i = 0; i < out->npoints; i++)
            if (out->points[i].power > t->max_power) {
                t->max_power = out->points[i].power;
                t->max_power_n = out->points[i].n;
            }
        if (t->reached) {
            t->at = *hs_plan_find(out, t->n, 0);
            interval(out, o, t, buf);
        }
    }
    drops(out, buf);
    free(buf);
    return 0;
}

int hs_plan_extra(hs_plan_result *r, hs_plan_eval_fn eval, void *ctx, hs_plan_point *pts, int npts)
{
    for (int i = 0; i < npts; i++) {
        const hs_plan_point *have = hs_plan_find(r, pts[i].n, 1);
        if (have && have->replicates == pts[i].replicates) {
            int stage = pts[i].stage;
            pts[i] = *have;
            pts[i].stage = stage;
            continue;
        }
        int rc = eval(ctx, &pts[i], 1);
        if (rc != 0)
            return rc;
    }
    return append(r, pts, npts);
}

void hs_plan_result_free(hs_plan_result *r)
{
    if (!r)
        return;
    free(r->points);
    r->points = NULL;
    r->npoints = r->cap = 0;
}
