/* lrcut.h — the two-group (stratified) log-rank test of staggered-entry
 * data cut at calendar times, without re-sorting the data at each cut.
 *
 * Record i entered at calendar time e[i]; from entry it has an event at
 * x[i] (d[i] = 1) or is censored at x[i] (d[i] = 0), as seen with unlimited
 * follow-up. At calendar cut c (the rule of the simulator's data cut, in
 * floating point as written):
 *   - an event by the cut (d[i] and e[i] + x[i] <= c) is an event at x[i];
 *   - otherwise a record that entered before the cut (e[i] < c) is censored
 *     at min(x[i], c - e[i]) (= c - e[i] when d[i]: see lrcut.c);
 *   - any other record is not in the analysis.
 * The records sorted once by x and once by e (hs_lrcut_sort) give every
 * cut's analysis set in time order by merging a filtered walk of the x order
 * (the records at x) with a backward walk of the e order (those censored at
 * c - e, ascending); each cut costs one linear pass and no allocation.
 *
 *   hs_lrcut *w = hs_lrcut_alloc(nmax, kmax);        // once per scenario
 *   per data set: fill w->x, e, d, g, s[0..n-1]; hs_lrcut_sort(w, n, k, cmax);
 *   per cut c:    hs_lrcut_run(w, c, &r);            // r.z as hs_logrank_run
 */
#ifndef HS_LRCUT_H
#define HS_LRCUT_H

enum {
    HS_LRCUT_OK = 0,
    HS_LRCUT_EINVAL = 1 /* bad data (sort), or a non-finite time in the cut (run) */
};

/* Inputs x, e, d, g (group 0/1), s (stratum) are filled by the caller;
 * the rest is read-only. */
typedef struct hs_lrcut {
    int nmax, kmax;
    int n, nstrata;
    double *x, *e;
    int *d, *g, *s;
    double cmax;     /* the latest cut the orders serve */
    int *xo, *eo;    /* indices of the records that can be in a cut at c <= cmax, by
                      * stratum, then x (resp. e) ascending: xo those at x, eo those entered */
    int *xstart, *estart; /* stratum k owns xo[xstart[k] .. xstart[k+1]-1], eo likewise */
    int *cum1;       /* cum1[p]: records of group 1 in eo[0 .. p-1] */
    double *ox, *oxe, *oe, *oex; /* x and e in the x order (ox, oxe) and the e order (oe, oex) */
    int *oxf, *oef;  /* d | g << 1 in the x order and the e order */
    void *pairs;     /* sort scratch */
    double *ta, *tb; /* run scratch: the cut's times at x and at c - e */
    int *fa, *fb;    /* run scratch: their flags */
} hs_lrcut;

typedef struct hs_lrcut_result {
    int n, n1, events; /* records in the cut, those of group 1, events */
    double o[2], e[2]; /* observed and expected events per group, summed over strata */
    double v;          /* variance of O1 - E1 (hypergeometric, ties), summed over strata */
    double z;          /* (O1 - E1) / sqrt(v), as hs_logrank_run; NAN when v = 0 */
} hs_lrcut_result;

/* Workspace for up to nmax records in up to kmax strata; NULL on bad sizes
 * or out of memory. */
hs_lrcut *hs_lrcut_alloc(int nmax, int kmax);
void hs_lrcut_free(hs_lrcut *w); /* NULL is a no-op */

/* Order the n records of w->x, e, d, g, s by stratum, then by x and by e
 * (strata 0..nstrata-1), for cuts at c <= cmax (INFINITY: any cut; a lower
 * cmax leaves out the records no such cut has at x or at all). Returns HS_LRCUT_OK, or HS_LRCUT_EINVAL (n or
 * nstrata out of range, x < 0 or NaN, e < 0 or not finite, d, g or s out
 * of range). */
int hs_lrcut_sort(hs_lrcut *w, int n, int nstrata, double cmax);

/* The log-rank test of group 1 against group 0 on the data cut at calendar
 * time c: at each distinct time with an event, per stratum, O - E of group 1
 * and its hypergeometric variance, summed over strata (exactly the sums and
 * order of hs_logrank_run on the materialised cut; uses w's scratch). Returns HS_LRCUT_OK,
 * or HS_LRCUT_EINVAL (c > cmax or NaN, or a record of the cut has a
 * non-finite time, as when c is infinite and an event never happens); r is
 * filled only with
 * HS_LRCUT_OK. */
int hs_lrcut_run(hs_lrcut *w, double c, hs_lrcut_result *r);

#endif
