/* lrcut.c — log-rank of calendar cuts from two orders (see lrcut.h).
 *
 * At each distinct time t_j of a stratum with an event, n_j at risk (n1_j
 * of group 1), D_j events (d1_j of group 1):
 *   O1 += d1_j,  E1 += D_j n1_j / n_j,
 *   V  += D_j (n_j - D_j) / (n_j - 1) (n1_j / n_j) (1 - n1_j / n_j)
 * (Mantel 1966; the hypergeometric variance with ties), strata in order,
 * times ascending: the same operations in the same order as logrank.c's
 * two-group case, so that z agrees to the last bit with hs_logrank_run on
 * the materialised cut. The at-risk count of a stratum at the start is the
 * number that entered before the cut (a binary search in the e order and a
 * prefix count of group 1), plus the rare event at entry == cut.
 *
 * Rounding: a record censored by the cut with d = 1 (e + x > c in floating
 * point) is censored at min(dropout, c - e) by the materialised cut, which
 * is c - e since dropout >= x >= fl(c - e): if a double x were below
 * fl(c - e), it would be at most the exact c - e (no double lies between a
 * real and its nearest double), so the exact e + x <= c and, rounding being
 * monotone, fl(e + x) <= c. So every censoring by the cut is at fl(c - e),
 * ascending as e descends, and the loss-to-follow-up time is not needed. */
#include "lrcut.h"

#include <math.h>
#include <stdlib.h>

typedef struct pair {
    double k;
    int i;
} pair;

hs_lrcut *hs_lrcut_alloc(int nmax, int kmax)
{
    if (nmax < 1 || kmax < 1)
        return NULL;
    hs_lrcut *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t n = (size_t)nmax;
    w->nmax = nmax;
    w->kmax = kmax;
    w->x = malloc(n * sizeof *w->x);
    w->e = malloc(n * sizeof *w->e);
    w->d = malloc(n * sizeof *w->d);
    w->g = malloc(n * sizeof *w->g);
    w->s = malloc(n * sizeof *w->s);
    w->xo = malloc(n * sizeof *w->xo);
    w->eo = malloc(n * sizeof *w->eo);
    w->xstart = malloc(((size_t)kmax + 1) * sizeof *w->xstart);
    w->estart = malloc(((size_t)kmax + 1) * sizeof *w->estart);
    w->cum1 = malloc(((n > (size_t)kmax ? n : (size_t)kmax) + 2) * sizeof *w->cum1);
    w->ox = malloc(n * sizeof *w->ox);
    w->oxe = malloc(n * sizeof *w->oxe);
    w->oe = malloc(n * sizeof *w->oe);
    w->oex = malloc(n * sizeof *w->oex);
    w->oxf = malloc(n * sizeof *w->oxf);
    w->oef = malloc(n * sizeof *w->oef);
    w->pairs = malloc(2 * n * sizeof(pair));
    w->ta = malloc(n * sizeof *w->ta);
    w->tb = malloc(n * sizeof *w->tb);
    w->fa = malloc(n * sizeof *w->fa);
    w->fb = malloc(n * sizeof *w->fb);
    if (!w->x || !w->e || !w->d || !w->g || !w->s || !w->xo || !w->eo || !w->xstart || !w->estart || !w->cum1 ||
        !w->ox || !w->oxe || !w->oe || !w->oex || !w->oxf || !w->oef || !w->pairs || !w->ta || !w->tb || !w->fa || !w->fb) {
        hs_lrcut_free(w);
        return NULL;
    }
    return w;
}

void hs_lrcut_free(hs_lrcut *w)
{
    if (!w)
        return;
    free(w->x);
    free(w->e);
    free(w->d);
    free(w->g);
    free(w->s);
    free(w->xo);
    free(w->eo);
    free(w->xstart);
    free(w->estart);
    free(w->cum1);
    free(w->ox);
    free(w->oxe);
    free(w->oe);
    free(w->oex);
    free(w->oxf);
    free(w->oef);
    free(w->pairs);
    free(w->ta);
    free(w->tb);
    free(w->fa);
    free(w->fb);
    free(w);
}

/* Insertion sort of a[0..n-1] by key; gives up (returns 0) after `budget`
 * moves. */
static int insertion(pair *a, int n, long budget)
{
    for (int i = 1; i < n; i++) {
        pair v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j].k > v.k) {
            if (--budget < 0) {
                a[j + 1] = v; /* a permutation still, for the fallback */
                return 0;
            }
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
    return 1;
}

/* Merge sort of a[0..n-1] by key with b as scratch; returns the array that
 * holds the result. The fallback of sort_pairs. */
static pair *merge_sort(pair *a, pair *b, int n)
{
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                b[o++] = a[j].k < a[i].k ? a[j++] : a[i++];
            while (i < mid)
                b[o++] = a[i++];
            while (j < hi)
                b[o++] = a[j++];
        }
        pair *t = a;
        a = b;
        b = t;
    }
    return a;
}

/* Sort a[0..n-1] by key (ties in any order: lrcut groups equal times):
 * n buckets of equal width over the finite keys' range (infinite keys in
 * the last), then an insertion sort of the nearly sorted result; keys that
 * crowd into few buckets (more than 8n moves) take a merge sort instead.
 * cnt has room for n + 1 ints; returns the array (a or b) with the result. */
static pair *sort_pairs(pair *a, pair *b, int *cnt, int n)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < n; i++)
        if (isfinite(a[i].k)) {
            lo = a[i].k < lo ? a[i].k : lo;
            hi = a[i].k > hi ? a[i].k : hi;
        }
    double scale = (double)n / (hi - lo);
    if (n < 24 || !(hi > lo) || !isfinite(scale)) {
        if (insertion(a, n, 8L * n + 64L * 64L))
            return a;
        return merge_sort(a, b, n);
    }
    for (int v = 0; v <= n; v++)
        cnt[v] = 0;
    for (int i = 0; i < n; i++) {
        double q = (a[i].k - lo) * scale;
        int bk = q < (double)(n - 1) ? (int)q : n - 1;
        cnt[bk + 1]++;
    }
    for (int v = 0; v < n; v++)
        cnt[v + 1] += cnt[v];
    for (int i = 0; i < n; i++) {
        double q = (a[i].k - lo) * scale;
        int bk = q < (double)(n - 1) ? (int)q : n - 1;
        b[cnt[bk]++] = a[i];
    }
    if (insertion(b, n, 8L * n))
        return b;
    return merge_sort(b, a, n);
}

/* A record (entry e, time x, flags f = d | g << 1) is in the cut at its own
 * x: an event by the cut, or censored before c - e. Monotone in c (so is
 * rounding): a record at x in a cut at c <= cmax is at x in the cut at cmax. */
static inline int at_x(double e, double x, int f, double c)
{
    int d = f & 1; /* both sides evaluated: no branch to mispredict */
    return (d & (e + x <= c)) | (!d & (e < c) & (x <= c - e));
}

/* The selected records (by_x: those at x in the cut at cmax; else those
 * entered by cmax) in key order, grouped by stratum, into out (indices),
 * start (strata), and the sorted copies ok (key), oo (other) and of (flags). */
static void order(hs_lrcut *w, int by_x, int *out, int *start, double *ok, double *oo, int *of)
{
    const double *key = by_x ? w->x : w->e, *other = by_x ? w->e : w->x, c = w->cmax;
    pair *a = w->pairs, *b = a + w->n;
    int m = 0;
    for (int k = 0; k <= w->nstrata; k++)
        start[k] = 0;
    for (int i = 0; i < w->n; i++) {
        int f = w->d[i] | w->g[i] << 1;
        if (by_x ? !at_x(w->e[i], w->x[i], f, c) : !(w->e[i] <= c))
            continue;
        a[m].k = key[i];
        a[m].i = i;
        start[w->s[i] + 1]++;
        m++;
    }
    for (int k = 0; k < w->nstrata; k++)
        start[k + 1] += start[k];
    pair *r = sort_pairs(a, b, w->cum1, m);
    if (w->nstrata == 1) {
        for (int p = 0; p < m; p++)
            out[p] = r[p].i;
    } else {
        int *pos = w->cum1; /* free until the e order is built */
        for (int k = 0; k < w->nstrata; k++)
            pos[k] = start[k];
        for (int p = 0; p < m; p++)
            out[pos[w->s[r[p].i]]++] = r[p].i;
    }
    for (int p = 0; p < m; p++) {
        int i = out[p];
        ok[p] = key[i];
        oo[p] = other[i];
        of[p] = w->d[i] | w->g[i] << 1;
    }
}

int hs_lrcut_sort(hs_lrcut *w, int n, int nstrata, double cmax)
{
    if (n < 1 || n > w->nmax || nstrata < 1 || nstrata > w->kmax || isnan(cmax))
        return HS_LRCUT_EINVAL;
    for (int i = 0; i < n; i++)
        if (!(w->x[i] >= 0) || !(w->e[i] >= 0) || !isfinite(w->e[i]) || (w->d[i] & ~1) ||
            (w->g[i] & ~1) || w->s[i] < 0 || w->s[i] >= nstrata)
            return HS_LRCUT_EINVAL;
    w->n = n;
    w->nstrata = nstrata;
    w->cmax = cmax;
    order(w, 1, w->xo, w->xstart, w->ox, w->oxe, w->oxf);
    order(w, 0, w->eo, w->estart, w->oe, w->oex, w->oef);
    int m = w->estart[nstrata];
    w->cum1[0] = 0;
    for (int p = 0; p < m; p++)
        w->cum1[p + 1] = w->cum1[p] + (w->oef[p] >> 1);
    return HS_LRCUT_OK;
}

int hs_lrcut_run(hs_lrcut *w, double c, hs_lrcut_result *r)
{
    if (!(c <= w->cmax))
        return HS_LRCUT_EINVAL;
    const double *ox = w->ox, *oxe = w->oxe, *oe = w->oe, *oex = w->oex;
    const int *oxf = w->oxf, *oef = w->oef;
    double *ta = w->ta, *tb = w->tb;
    int *fa = w->fa, *fb = w->fb;
    double o[2] = {0, 0}, ex[2] = {0, 0}, v11 = 0;
    int ntotal = 0, n1total = 0, events = 0;
    for (int k = 0; k < w->nstrata; k++) {
        const int lo = w->estart[k], hi = w->estart[k + 1];
        /* p: the first of the e order not entered before the cut */
        int a = lo, b = hi;
        while (a < b) {
            int mid = a + (b - a) / 2;
            if (oe[mid] < c)
                a = mid + 1;
            else
                b = mid;
        }
        const int p = a;
        int cnt = p - lo, c1 = w->cum1[p] - w->cum1[lo];
        for (int q = p; q < hi && oe[q] <= c; q++) /* event at entry == cut */
            if (oef[q] & 1 && oe[q] + oex[q] <= c) {
                cnt++;
                c1 += oef[q] >> 1;
            }
        ntotal += cnt;
        n1total += c1;
        /* The cut's records at x (x <= c as e >= 0), ascending, and those
         * censored at c - e (the e order backwards), ascending: each list
         * compacted without branches. */
        int na = 0, nb = 0;
        for (int i = w->xstart[k]; i < w->xstart[k + 1] && ox[i] <= c; i++) {
            ta[na] = ox[i];
            fa[na] = oxf[i];
            na += at_x(oxe[i], ox[i], oxf[i], c);
        }
        for (int i = p - 1; i >= lo; i--) {
            tb[nb] = c - oe[i];
            fb[nb] = oef[i] >> 1;
            nb += !at_x(oe[i], oex[i], oef[i], c);
        }
        if (na > 0 && !isfinite(ta[na - 1]))
            return HS_LRCUT_EINVAL;
        /* by distinct time at x: drop those censored at c - e earlier from
         * the risk set, then the terms, then drop the records at x */
        double n1 = c1, ntot = cnt;
        int ib = 0;
        for (int ia = 0; ia < na;) {
            const double tj = ta[ia];
            for (; ib < nb && tb[ib] < tj; ib++) {
                n1 -= fb[ib];
                ntot -= 1;
            }
            int d0 = 0, d1 = 0, cg1 = 0, ct = 0;
            for (; ia < na && ta[ia] == tj; ia++) {
                const int f = fa[ia], gi = f >> 1, di = f & 1;
                cg1 += gi;
                ct++;
                d1 += di & gi;
                d0 += di & !gi;
            }
            const int dt = d0 + d1;
            if (dt > 0) {
                const double dd = (double)dt;
                o[0] += d0;
                o[1] += d1;
                ex[1] += dd * n1 / ntot;
                ex[0] += dd * (ntot - n1) / ntot;
                if (ntot > 1)
                    v11 += dd * (ntot - dd) / (ntot - 1) * (n1 / ntot) * (1.0 - n1 / ntot);
            }
            events += dt;
            n1 -= cg1;
            ntot -= ct;
        }
    }
    r->n = ntotal;
    r->n1 = n1total;
    r->events = events;
    for (int a = 0; a < 2; a++) {
        r->o[a] = o[a];
        r->e[a] = ex[a];
    }
    r->v = v11;
    r->z = v11 > 0 ? (o[1] - ex[1]) / sqrt(v11) : NAN;
    return HS_LRCUT_OK;
}
