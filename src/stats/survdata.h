/* survdata.h — one trial's (or data set's) right-censored survival data,
 * sorted once and shared by every analysis (km.h, logrank.h, cox.h).
 *
 * Inner-loop use (the simulator, millions of trials):
 *
 *   hs_survdata *w = hs_survdata_alloc(nmax, 2, kmax, 0);   // once per scenario
 *   for each trial:
 *       hs_survdata_load(w, n, time, status, arm, 2, strata_or_NULL, k, NULL, 0);  // one sort
 *       hs_logrank_run(w, 0, 0, &lr);                        // lr.z, lr.chisq, lr.p
 *       hs_cox_fit(w, HS_COX_EFRON, &cx);                    // cx.beta[0], cx.se[0], cx.status
 *       hs_km_group(w, 0, tau, grid, ngrid, s0, &k0);        // S on grid, median, RMST
 *       hs_km_group(w, 1, tau, grid, ngrid, s1, &k1);
 *   hs_survdata_free(w);
 *
 * Nothing allocates after hs_survdata_alloc. Loading costs one O(n log n)
 * merge sort by time plus an O(n) stable bucketing by stratum; each analysis
 * is then one or a few linear passes (Cox: one pass per Newton iteration).
 * Groups are 0..ngroup-1 (group 0 is the reference/control arm); strata are
 * 0..nstrata-1. The workspace is not thread-safe: one per thread.
 */
#ifndef HS_SURVDATA_H
#define HS_SURVDATA_H

#define HS_SURV_GMAX 32 /* max groups */
#define HS_SURV_PMAX 32 /* max Cox terms: (ngroup - 1) + ncov */

enum {
    HS_SURV_OK = 0,
    HS_SURV_EINVAL = 1, /* bad argument or data (negative/non-finite time, status not 0/1, label out of range) */
    HS_SURV_ENOMEM = 2
};

/* The fields are read-only for callers; analyses read them directly.
 * After hs_survdata_load, records are sorted by time ascending (ties keep
 * input order): t[i], d[i] (1 = event), g[i] (group), s[i] (stratum),
 * x[i * ncov + j] (extra covariate j), id[i] (input index).
 * so[] lists record indices grouped by stratum (stratum-major, time ascending
 * within a stratum); stratum k owns so[sstart[k] .. sstart[k+1]-1]; go[] and
 * gstart[] do the same by group. */
typedef struct hs_survdata {
    int nmax, gmax, kmax, pmax;
    int n, ngroup, nstrata, ncov;
    double *t;
    int *d, *g, *s, *id;
    double *x;
    int *so, *sstart;
    int ident;                /* s[i] = 0 and so[i] = i already hold for i < ident
                               * (one stratum; kept from an earlier load) */
    int *go;                  /* record indices by group (group-major, time ascending) */
    int gstart[HS_SURV_GMAX + 1]; /* group g owns go[gstart[g] .. gstart[g+1]-1] */
    int ng[HS_SURV_GMAX];     /* records per group */
    int nev[HS_SURV_GMAX];    /* events per group */
    int nevents;              /* events in total */
    int tied;                 /* 1 when two records share a time (t[i] == t[i - 1] for some i) */
    /* scratch for the analyses (sized at alloc) */
    double *buf;              /* 4 * nmax doubles */
    int *ibuf;                /* nmax + max(kmax, gmax) + 1 ints */
    double *mat;              /* (pmax + 1)^2 * 6 + 16 * (pmax + 1) doubles */
    double *zc;               /* nmax * (pmax + 1) doubles (Cox design matrix) */
} hs_survdata;

/* Workspace for up to nmax records, ngroup_max groups (2..HS_SURV_GMAX),
 * nstrata_max strata (>= 1) and ncov_max extra covariates, with
 * ngroup_max - 1 + ncov_max <= HS_SURV_PMAX. Returns NULL on bad sizes or
 * out of memory. */
hs_survdata *hs_survdata_alloc(int nmax, int ngroup_max, int nstrata_max, int ncov_max);
void hs_survdata_free(hs_survdata *w); /* NULL is a no-op */

/* Copy and sort n records. time >= 0 finite (months); status 0/1; group in
 * 0..ngroup-1; strata NULL (one stratum) or in 0..nstrata-1; x NULL or n x ncov
 * row-major finite values. Returns HS_SURV_OK, or HS_SURV_EINVAL (data left
 * empty, n = 0). */
int hs_survdata_load(hs_survdata *w, int n, const double *time, const int *status, const int *group,
                     int ngroup, const int *strata, int nstrata, const double *x, int ncov);

#endif
