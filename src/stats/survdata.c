/* survdata.c — see survdata.h. A stable bucket sort of record indices by
 * time (about linear; a merge sort, O(n log n), when the times crowd; no
 * allocation), then a counting sort by stratum. */
#include "survdata.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

hs_survdata *hs_survdata_alloc(int nmax, int ngroup_max, int nstrata_max, int ncov_max)
{
    if (nmax < 1 || ngroup_max < 2 || ngroup_max > HS_SURV_GMAX || nstrata_max < 1 || ncov_max < 0 ||
        ngroup_max - 1 + ncov_max > HS_SURV_PMAX)
        return NULL;
    hs_survdata *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    size_t n = (size_t)nmax;
    size_t p1 = (size_t)(ngroup_max + ncov_max);
    w->nmax = nmax;
    w->gmax = ngroup_max;
    w->kmax = nstrata_max;
    w->pmax = ngroup_max - 1 + ncov_max;
    w->t = malloc(n * sizeof *w->t);
    w->d = malloc(n * sizeof *w->d);
    w->g = malloc(n * sizeof *w->g);
    w->s = malloc(n * sizeof *w->s);
    w->id = malloc(n * sizeof *w->id);
    w->x = malloc((n * (size_t)ncov_max + 1) * sizeof *w->x);
    w->so = malloc(n * sizeof *w->so);
    w->go = malloc(n * sizeof *w->go);
    w->sstart = malloc(((size_t)nstrata_max + 1) * sizeof *w->sstart);
    w->buf = malloc(4 * n * sizeof *w->buf);
    /* ibuf + n: a fill pointer per stratum, then per group (load) */
    const size_t nfill = (size_t)(nstrata_max > ngroup_max ? nstrata_max : ngroup_max) + 1;
    w->ibuf = malloc((n + nfill) * sizeof *w->ibuf);
    w->mat = malloc((p1 * p1 * 6 + 16 * p1) * sizeof *w->mat);
    w->zc = malloc(n * p1 * sizeof *w->zc);
    if (!w->t || !w->d || !w->g || !w->s || !w->id || !w->x || !w->so || !w->go || !w->sstart || !w->buf || !w->ibuf ||
        !w->mat || !w->zc) {
        hs_survdata_free(w);
        return NULL;
    }
    return w;
}

void hs_survdata_free(hs_survdata *w)
{
    if (!w)
        return;
    free(w->t);
    free(w->d);
    free(w->g);
    free(w->s);
    free(w->id);
    free(w->x);
    free(w->so);
    free(w->go);
    free(w->sstart);
    free(w->buf);
    free(w->ibuf);
    free(w->mat);
    free(w->zc);
    free(w);
}

typedef struct keyed {
    double key; /* the time, -0 made +0 */
    int idx;
} keyed;

/* Bottom-up stable merge sort of a[0..n) by key, b (n pairs) as scratch;
 * the sorted pairs end in a. */
static void merge_keyed(keyed *a, keyed *b, int n)
{
    keyed *src = a, *dst = b;
    for (int width = 1; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                dst[o++] = src[j].key < src[i].key ? src[j++] : src[i++];
            while (i < mid)
                dst[o++] = src[i++];
            while (j < hi)
                dst[o++] = src[j++];
        }
        keyed *sw = src;
        src = dst;
        dst = sw;
    }
    if (src != a)
        memcpy(a, src, (size_t)n * sizeof *a);
}

/* Stable sort of idx[0..n) by key[idx[.]] ascending (ties keep input
 * order: the permutation is unique); tk[0..n) receives the sorted keys
 * (-0 made +0). A counting sort into 2n buckets of equal width over
 * [min, max] (the bucket (t - min) * 2n / (max - min), rounded down, never
 * decreases as t grows, so it is stable and leaves each value after every
 * smaller bucket's), then a stable insertion sort of the nearly sorted run
 * in place; values crowding into few buckets (more than 8n moves) take a
 * merge sort instead. buf has room for 4n doubles (the counts, then the
 * merge sort's 2n pairs). lo and hi are the smallest and largest key
 * (-0 made +0). */
static inline __attribute__((always_inline)) void sort_k(int *idx, double *tk, double *buf, const double *key, int n,
                                                         double lo, double hi, int pay, const int *status,
                                                         const int *group)
{
    /* with status and group (the simulator's case, 0/1 each and n < 2^29):
     * idx[o] = 4 i + 2 status[i] + group[i], so that the sorted records need
     * no gather through the permutation */
#define HS_PAY(i) (pay ? (i) << 2 | status[i] << 1 | group[i] : (i))
    const int nb = 2 * n;
    double scale = (double)nb / (hi - lo);
    int crowd = n >= 2 && hi > lo && !isfinite(scale);
    if (!crowd) {
        if (n < 2 || !(hi > lo)) { /* one value: input order */
            for (int i = 0; i < n; i++) {
                idx[i] = HS_PAY(i);
                tk[i] = key[i] + 0.0;
            }
            return;
        }
        int *cnt = (int *)(void *)buf; /* nb + 1 <= 8n ints, then each record's bucket */
        int *bk = cnt + nb + 1;
        for (int q = 0; q <= nb; q++)
            cnt[q] = 0;
        const double top = (double)(nb - 1);
        for (int i = 0; i < n; i++) {
            double q = (key[i] + 0.0 - lo) * scale;
            bk[i] = q < top ? (int)q : nb - 1;
            cnt[bk[i] + 1]++;
        }
        for (int q = 0; q < nb; q++)
            cnt[q + 1] += cnt[q];
        for (int i = 0; i < n; i++) {
            int o = cnt[bk[i]]++;
            tk[o] = key[i] + 0.0;
            idx[o] = HS_PAY(i);
        }
        long budget = 8L * n;
        for (int i = 1; i < n; i++) {
            double v = tk[i];
            int vi = idx[i], j = i - 1;
            if (!(tk[j] > v))
                continue;
            while (j >= 0 && tk[j] > v && budget-- > 0) {
                tk[j + 1] = tk[j];
                idx[j + 1] = idx[j];
                j--;
            }
            tk[j + 1] = v;
            idx[j + 1] = vi;
            if (budget <= 0) {
                crowd = 1; /* equal keys are still in input order: finish by merging */
                break;
            }
        }
        if (!crowd)
            return;
        for (int i = 0; i < n; i++) { /* idx holds a permutation with ties in input order */
            ((keyed *)(void *)buf)[i].key = tk[i];
            ((keyed *)(void *)buf)[i].idx = idx[i];
        }
    } else {
        for (int i = 0; i < n; i++) {
            ((keyed *)(void *)buf)[i].key = key[i] + 0.0;
            ((keyed *)(void *)buf)[i].idx = HS_PAY(i);
        }
    }
    keyed *a = (keyed *)(void *)buf;
    merge_keyed(a, a + n, n);
    for (int i = 0; i < n; i++) {
        tk[i] = a[i].key;
        idx[i] = a[i].idx;
    }
#undef HS_PAY
}

static void sort_idx(int *idx, double *tk, double *buf, const double *key, int n, double lo, double hi)
{
    sort_k(idx, tk, buf, key, n, lo, hi, 0, NULL, NULL);
}

/* sort_idx with idx[o] = 4 i + 2 status[i] + group[i] */
static void sort_pay(int *idx, double *tk, double *buf, const double *key, int n, double lo, double hi,
                     const int *status, const int *group)
{
    sort_k(idx, tk, buf, key, n, lo, hi, 1, status, group);
}

int hs_survdata_load(hs_survdata *w, int n, const double *time, const int *status, const int *group,
                     int ngroup, const int *strata, int nstrata, const double *x, int ncov)
{
    w->n = 0;
    if (n < 1 || n > w->nmax || ngroup < 2 || ngroup > w->gmax || nstrata < 1 || nstrata > w->kmax || ncov < 0 ||
        ngroup - 1 + ncov > w->pmax || (ncov > 0 && !x) || !time || !status || !group)
        return HS_SURV_EINVAL;
    if (!strata)
        nstrata = 1;
    /* check, and count by group and stratum (counts do not depend on order) */
    for (int gi = 0; gi < ngroup; gi++)
        w->ng[gi] = w->nev[gi] = 0;
    for (int k = 0; k <= nstrata; k++)
        w->sstart[k] = 0;
    double lo = INFINITY, hi = -INFINITY; /* the range of the times */
    /* the simulator's case: two groups, no strata, no covariates */
    const int sim = !strata && ncov == 0 && ngroup == 2;
    int neg0 = 0;
    if (sim) {
        /* one pass without branches for the checks,
         * the counts in registers */
        int bad = 0, n1 = 0, e1 = 0, e = 0;
        for (int i = 0; i < n; i++) {
            const double ti = time[i];
            const int si = status[i], gi = group[i];
            bad |= !(ti >= 0.0) | !(ti <= DBL_MAX) | ((unsigned)si > 1u) | ((unsigned)gi > 1u);
            neg0 |= signbit(ti) != 0; /* a time of -0 */
            const double tz = ti + 0.0; /* -0 -> +0 */
            lo = tz < lo ? tz : lo;
            hi = tz > hi ? tz : hi;
            n1 += gi;
            e1 += si & gi;
            e += si;
        }
        if (bad)
            return HS_SURV_EINVAL;
        w->ng[0] = n - n1;
        w->ng[1] = n1;
        w->nev[0] = e - e1;
        w->nev[1] = e1;
    }
    for (int i = 0; i < n && !sim; i++) {
        if (!(time[i] >= 0.0) || !isfinite(time[i]) || (status[i] != 0 && status[i] != 1) || group[i] < 0 ||
            group[i] >= ngroup || (strata && (strata[i] < 0 || strata[i] >= nstrata)))
            return HS_SURV_EINVAL;
        for (int j = 0; j < ncov; j++)
            if (!isfinite(x[(size_t)i * (size_t)ncov + (size_t)j]))
                return HS_SURV_EINVAL;
        w->ng[group[i]]++;
        w->nev[group[i]] += status[i];
        if (strata)
            w->sstart[strata[i] + 1]++;
    }
    w->nevents = 0;
    w->gstart[0] = 0;
    int gfill[HS_SURV_GMAX];
    for (int gi = 0; gi < ngroup; gi++) {
        w->nevents += w->nev[gi];
        gfill[gi] = w->gstart[gi];
        w->gstart[gi + 1] = w->gstart[gi] + w->ng[gi];
    }
    if (!sim)
        for (int i = 0; i < n; i++) {
            const double tz = time[i] + 0.0;
            lo = tz < lo ? tz : lo;
            hi = tz > hi ? tz : hi;
        }
    int *idx = w->id;
    /* w->buf (4 nmax doubles) is free while loading; w->t takes the sorted
     * keys (the times, -0 made +0). In the simulator's case the records'
     * status and group ride with the keys (idx[o] = 4 i + 2 status + group),
     * and one sequential pass unpacks them: no gather through the
     * permutation. */
    const int pay = sim && n < 1 << 29;
    if (pay)
        sort_pay(idx, w->t, w->buf, time, n, lo, hi, status, group);
    else
        sort_idx(idx, w->t, w->buf, time, n, lo, hi);

    if (!strata && ncov == 0) { /* the simulator's case, or more groups */
        w->sstart[1] = n;
        for (int i = w->ident; i < n; i++) { /* one stratum: the same every load */
            w->s[i] = 0;
            w->so[i] = i;
        }
        w->ident = n > w->ident ? n : w->ident;
        if (pay) {
            int c0 = 0, c1 = w->gstart[1], tied = 0;
            for (int i = 0; i < n; i++) {
                const int q = idx[i], gi = q & 1;
                idx[i] = q >> 2;
                w->d[i] = q >> 1 & 1;
                w->g[i] = gi;
                w->go[c0 + ((c1 - c0) & -gi)] = i; /* c1 or c0, without a branch on the group */
                c0 += 1 - gi;
                c1 += gi;
                tied |= i > 0 && w->t[i] == w->t[i - 1];
            }
            w->tied = tied;
            for (int i = 0; i < n && neg0; i++) /* the input's bits: -0 stays -0 */
                w->t[i] = time[idx[i]];
        } else
            for (int i = 0; i < n; i++) {
                int r = idx[i], gi = group[r];
                w->t[i] = time[r];
                w->d[i] = status[r];
                w->g[i] = gi;
                w->go[gfill[gi]++] = i;
            }
    } else {
        w->ident = 0; /* s and so written below */
        int *sfill = w->ibuf + n;
        if (!strata)
            w->sstart[1] = n;
        for (int k = 0; k < nstrata; k++)
            w->sstart[k + 1] += w->sstart[k];
        for (int k = 0; k < nstrata; k++)
            sfill[k] = w->sstart[k];
        for (int i = 0; i < n; i++) {
            int r = idx[i], gi = group[r], si = strata ? strata[r] : 0;
            w->t[i] = time[r];
            w->d[i] = status[r];
            w->g[i] = gi;
            w->s[i] = si;
            for (int j = 0; j < ncov; j++)
                w->x[(size_t)i * (size_t)ncov + (size_t)j] = x[(size_t)r * (size_t)ncov + (size_t)j];
            w->so[sfill[si]++] = i;
            w->go[gfill[gi]++] = i;
        }
    }
    if (!pay) {
        int tied = 0;
        for (int i = 1; i < n; i++)
            tied |= w->t[i] == w->t[i - 1];
        w->tied = tied;
    }
    w->n = n;
    w->ngroup = ngroup;
    w->nstrata = nstrata;
    w->ncov = ncov;
    return HS_SURV_OK;
}
