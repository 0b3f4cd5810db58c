/* survdata.c — see survdata.h. Bottom-up stable merge sort of record indices
 * by time (O(n log n), no allocation), then a counting sort by stratum. */
#include "survdata.h"

#include <math.h>
#include <stdlib.h>

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
    w->sstart = malloc(((size_t)nstrata_max + 1) * sizeof *w->sstart);
    w->buf = malloc(4 * n * sizeof *w->buf);
    w->ibuf = malloc((n + (size_t)nstrata_max + 1) * sizeof *w->ibuf);
    w->mat = malloc((p1 * p1 * 6 + 16 * p1) * sizeof *w->mat);
    w->zc = malloc(n * p1 * sizeof *w->zc);
    if (!w->t || !w->d || !w->g || !w->s || !w->id || !w->x || !w->so || !w->sstart || !w->buf || !w->ibuf ||
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
    free(w->sstart);
    free(w->buf);
    free(w->ibuf);
    free(w->mat);
    free(w->zc);
    free(w);
}

typedef struct keyed {
    double key;
    int idx;
} keyed;

/* Stable sort of idx[0..n) by key[idx[.]] ascending, on (key, index) pairs
 * held in scratch (room for 2n pairs) so the comparisons read contiguous
 * memory. Insertion sort on runs of 16, then bottom-up merges. */
static void sort_idx(int *idx, keyed *scratch, const double *key, int n)
{
    const int run = 16;
    keyed *a = scratch, *b = scratch + n;
    for (int i = 0; i < n; i++) {
        a[i].key = key[i];
        a[i].idx = i;
    }
    for (int lo = 0; lo < n; lo += run) {
        int hi = lo + run < n ? lo + run : n;
        for (int i = lo + 1; i < hi; i++) {
            keyed v = a[i];
            int j = i - 1;
            while (j >= lo && a[j].key > v.key) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
    for (int width = run; width < n; width *= 2) {
        for (int lo = 0; lo < n; lo += 2 * width) {
            int mid = lo + width < n ? lo + width : n;
            int hi = lo + 2 * width < n ? lo + 2 * width : n;
            int i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                b[k++] = a[j].key < a[i].key ? a[j++] : a[i++];
            while (i < mid)
                b[k++] = a[i++];
            while (j < hi)
                b[k++] = a[j++];
        }
        keyed *sw = a;
        a = b;
        b = sw;
    }
    for (int i = 0; i < n; i++)
        idx[i] = a[i].idx;
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
    for (int i = 0; i < n; i++) {
        if (!(time[i] >= 0.0) || !isfinite(time[i]) || (status[i] != 0 && status[i] != 1) || group[i] < 0 ||
            group[i] >= ngroup || (strata && (strata[i] < 0 || strata[i] >= nstrata)))
            return HS_SURV_EINVAL;
        for (int j = 0; j < ncov; j++)
            if (!isfinite(x[(size_t)i * (size_t)ncov + (size_t)j]))
                return HS_SURV_EINVAL;
    }
    int *idx = w->id;
    /* w->buf (4 nmax doubles) is free while loading: room for 2n pairs. */
    sort_idx(idx, (keyed *)(void *)w->buf, time, n);

    for (int gi = 0; gi < ngroup; gi++)
        w->ng[gi] = w->nev[gi] = 0;
    w->nevents = 0;
    for (int k = 0; k <= nstrata; k++)
        w->sstart[k] = 0;
    for (int i = 0; i < n; i++) {
        int r = idx[i];
        w->t[i] = time[r];
        w->d[i] = status[r];
        w->g[i] = group[r];
        w->s[i] = strata ? strata[r] : 0;
        for (int j = 0; j < ncov; j++)
            w->x[(size_t)i * (size_t)ncov + (size_t)j] = x[(size_t)r * (size_t)ncov + (size_t)j];
        w->ng[w->g[i]]++;
        w->nev[w->g[i]] += w->d[i];
        w->nevents += w->d[i];
        w->sstart[w->s[i] + 1]++;
    }
    for (int k = 0; k < nstrata; k++)
        w->sstart[k + 1] += w->sstart[k];
    int *fill = w->ibuf + n;
    for (int k = 0; k < nstrata; k++)
        fill[k] = w->sstart[k];
    for (int i = 0; i < n; i++)
        w->so[fill[w->s[i]]++] = i;
    w->n = n;
    w->ngroup = ngroup;
    w->nstrata = nstrata;
    w->ncov = ncov;
    return HS_SURV_OK;
}
