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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct pair {
    uint64_t k; /* the key's IEEE 754 bits: ordered like the key for key >= 0 */
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
    w->sstart = malloc(((size_t)kmax + 1) * sizeof *w->sstart);
    w->cum1 = malloc(((n > (size_t)kmax ? n : (size_t)kmax) + 1) * sizeof *w->cum1);
    w->pairs = malloc(2 * n * sizeof(pair));
    if (!w->x || !w->e || !w->d || !w->g || !w->s || !w->xo || !w->eo || !w->sstart ||
        !w->cum1 || !w->pairs) {
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
    free(w->sstart);
    free(w->cum1);
    free(w->pairs);
    free(w);
}

/* Sort a[0..n-1] by key (stable): LSD radix passes on the top three
 * bytes (sign, exponent and 12 mantissa bits; a byte that every key shares
 * is skipped), then an insertion sort that orders the neighbours sharing
 * those bits; returns the array (a or b) that holds the result. */
static pair *sort_pairs(pair *a, pair *b, int n)
{
    uint64_t any = 0, all = ~(uint64_t)0;
    for (int i = 0; i < n; i++) {
        any |= a[i].k;
        all &= a[i].k;
    }
    for (unsigned shift = 40; shift < 64; shift += 8) {
        if (!((any ^ all) >> shift & 0xffu))
            continue;
        int cnt[257] = {0};
        for (int i = 0; i < n; i++)
            cnt[(a[i].k >> shift & 0xffu) + 1]++;
        for (int v = 0; v < 256; v++)
            cnt[v + 1] += cnt[v];
        for (int i = 0; i < n; i++)
            b[cnt[a[i].k >> shift & 0xffu]++] = a[i];
        pair *t = a;
        a = b;
        b = t;
    }
    for (int i = 1; i < n; i++) {
        pair v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j].k > v.k) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
    return a;
}

/* The indices of key ascending, grouped by stratum (stable), into out. */
static void order(hs_lrcut *w, const double *key, int *out)
{
    int n = w->n;
    pair *a = w->pairs, *b = a + n;
    for (int i = 0; i < n; i++) {
        double k = key[i] + 0.0; /* -0 -> +0 */
        memcpy(&a[i].k, &k, sizeof k);
        a[i].i = i;
    }
    pair *r = sort_pairs(a, b, n);
    if (w->nstrata == 1) {
        for (int i = 0; i < n; i++)
            out[i] = r[i].i;
        return;
    }
    int *pos = w->cum1; /* free until the e order is built */
    for (int k = 0; k < w->nstrata; k++)
        pos[k] = w->sstart[k];
    for (int i = 0; i < n; i++)
        out[pos[w->s[r[i].i]]++] = r[i].i;
}

int hs_lrcut_sort(hs_lrcut *w, int n, int nstrata)
{
    if (n < 1 || n > w->nmax || nstrata < 1 || nstrata > w->kmax)
        return HS_LRCUT_EINVAL;
    for (int i = 0; i < n; i++)
        if (!(w->x[i] >= 0) || !(w->e[i] >= 0) || !isfinite(w->e[i]) || (w->d[i] & ~1) ||
            (w->g[i] & ~1) || w->s[i] < 0 || w->s[i] >= nstrata)
            return HS_LRCUT_EINVAL;
    w->n = n;
    w->nstrata = nstrata;
    for (int k = 0; k <= nstrata; k++)
        w->sstart[k] = 0;
    for (int i = 0; i < n; i++)
        w->sstart[w->s[i] + 1]++;
    for (int k = 0; k < nstrata; k++)
        w->sstart[k + 1] += w->sstart[k];
    order(w, w->x, w->xo);
    order(w, w->e, w->eo);
    w->cum1[0] = 0;
    for (int p = 0; p < n; p++)
        w->cum1[p + 1] = w->cum1[p] + w->g[w->eo[p]];
    return HS_LRCUT_OK;
}

/* Record i is in the cut at its own x: an event by the cut, or censored
 * before c - e. */
static inline int at_x(const hs_lrcut *w, int i, double c)
{
    return w->d[i] ? w->e[i] + w->x[i] <= c : w->e[i] < c && w->x[i] <= c - w->e[i];
}

int hs_lrcut_run(const hs_lrcut *w, double c, hs_lrcut_result *r)
{
    const double *x = w->x, *en = w->e;
    const int *d = w->d, *g = w->g, *xo = w->xo, *eo = w->eo;
    double o[2] = {0, 0}, ex[2] = {0, 0}, v11 = 0;
    int ntotal = 0, n1total = 0, events = 0;
    for (int k = 0; k < w->nstrata; k++) {
        const int lo = w->sstart[k], hi = w->sstart[k + 1];
        /* p: the first of the e order not entered before the cut */
        int a = lo, b = hi;
        while (a < b) {
            int mid = a + (b - a) / 2;
            if (en[eo[mid]] < c)
                a = mid + 1;
            else
                b = mid;
        }
        const int p = a;
        int left = p - lo, c1 = w->cum1[p] - w->cum1[lo];
        for (int q = p; q < hi && en[eo[q]] <= c; q++) /* event at entry == cut */
            if (d[eo[q]] && en[eo[q]] + x[eo[q]] <= c) {
                left++;
                c1 += g[eo[q]];
            }
        ntotal += left;
        n1total += c1;
        double n1 = c1, ntot = left;
        int ia = lo, ib = p - 1;
        while (ia < hi && !at_x(w, xo[ia], c))
            ia++;
        while (ib >= lo && at_x(w, eo[ib], c))
            ib--;
        double tb = ib >= lo ? c - en[eo[ib]] : INFINITY; /* censored at c - e */
        while (left > 0) {
            if (ia < hi && !isfinite(x[xo[ia]]))
                return HS_LRCUT_EINVAL;
            double ta = ia < hi ? x[xo[ia]] : INFINITY;
            double tj = ib >= lo && tb < ta ? tb : ta;
            if (!isfinite(tj))
                return HS_LRCUT_EINVAL; /* both walks ended early: cannot happen */
            int d0 = 0, d1 = 0, cg1 = 0, ct = 0;
            while (ia < hi && x[xo[ia]] == tj) {
                const int i = xo[ia], gi = g[i];
                cg1 += gi;
                ct++;
                d1 += d[i] & gi;
                d0 += d[i] & !gi;
                ia++;
                while (ia < hi && !at_x(w, xo[ia], c))
                    ia++;
            }
            while (ib >= lo && tb == tj) {
                cg1 += g[eo[ib]];
                ct++;
                ib--;
                while (ib >= lo && at_x(w, eo[ib], c))
                    ib--;
                if (ib >= lo)
                    tb = c - en[eo[ib]];
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
            left -= ct;
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
