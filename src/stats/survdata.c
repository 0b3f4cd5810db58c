/* survdata.c — see survdata.h. Bottom-up stable merge sort of record indices
 * by time (O(n log n), no allocation), then a counting sort by stratum. */
#include "survdata.h"

#include <math.h>
#include <stdint.h>
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
    uint64_t key; /* the time's IEEE 754 bits: ordered like the time for t >= 0 */
    int idx;
} keyed;

/* Stable sort of idx[0..n) by key[idx[.]] ascending. The bits of a
 * non-negative double order like the double. An LSD radix sort on the top
 * three bytes (sign, exponent, 12 mantissa bits; passes where every key has
 * the same byte are skipped) leaves the keys sorted but for neighbours that
 * share those 24 bits; a final insertion sort on the whole key puts those
 * in order in about one pass. Scratch has room for 2n pairs. Stable, so
 * ties keep input order. */
static void sort_idx(int *idx, keyed *scratch, const double *key, int n)
{
    keyed *a = scratch, *b = scratch + n;
    uint64_t all_or = 0, all_and = ~(uint64_t)0;
    for (int i = 0; i < n; i++) {
        double t = key[i] + 0.0; /* -0 -> +0 */
        memcpy(&a[i].key, &t, sizeof t);
        a[i].idx = i;
        all_or |= a[i].key;
        all_and &= a[i].key;
    }
    const uint64_t varies = all_or ^ all_and; /* bits that differ somewhere */
    for (unsigned shift = 40; shift < 64; shift += 8) {
        if (((varies >> shift) & 0xffu) == 0)
            continue;
        int count[257] = {0};
        for (int i = 0; i < n; i++)
            count[((a[i].key >> shift) & 0xffu) + 1]++;
        for (int d = 0; d < 256; d++)
            count[d + 1] += count[d];
        for (int i = 0; i < n; i++)
            b[count[(a[i].key >> shift) & 0xffu]++] = a[i];
        keyed *sw = a;
        a = b;
        b = sw;
    }
    for (int i = 1; i < n; i++) {
        keyed v = a[i];
        int j = i - 1;
        while (j >= 0 && a[j].key > v.key) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
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
    w->gstart[0] = 0;
    for (int gi = 0; gi < ngroup; gi++)
        w->gstart[gi + 1] = w->gstart[gi] + w->ng[gi];
    for (int gi = 0; gi < ngroup; gi++)
        fill[gi] = w->gstart[gi];
    for (int i = 0; i < n; i++)
        w->go[fill[w->g[i]]++] = i;
    w->n = n;
    w->ngroup = ngroup;
    w->nstrata = nstrata;
    w->ncov = ncov;
    return HS_SURV_OK;
}
