/* guyot.c — Guyot et al. 2012 (BMC Med Res Methodol 12:9) reconstruction of
 * individual patient data from a digitised KM curve and numbers at risk.
 *
 * Points k = 0..N-1 (T_k, S_k), with (0, 1) first; risk rows i with times
 * r_i and counts n_i. Interval i holds the points with r_i <= T_k < r_{i+1}
 * (lower_i..upper_i). For each interval, with c censorings spread evenly over
 * [T_lower_i, T_lower_{i+1}):
 *   d_k    = round(nhat_k (1 - S_k / KMhat_last))      (events at T_k)
 *   KMhat_k = KMhat_last (1 - d_k / nhat_k)            (last = last point with d > 0)
 *   nhat_{k+1} = nhat_k - d_k - cens_k                 (cens_k in [T_k, T_{k+1}))
 * starting from c = round(n_i S_lower_{i+1} / S_lower_i - n_{i+1}) and
 * updating c += nhat_lower_{i+1} - n_{i+1} until the count at risk at the
 * next row matches (Guyot et al., steps 1-6). Last interval: if the total
 * number of events is known, c is adjusted until the reconstructed events
 * match it; otherwise c = the censorings per month seen so far times the
 * interval's length (capped at those at risk). Patients still at risk after
 * the last point are censored at its time. Departures from the paper: each
 * interval starts from the reconstructed number at risk (so the total stays
 * n_0 even when an interval cannot be matched), and c is kept in [0, n_i].
 */
#include "guyot.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hs_guyot_free(hs_guyot_ipd *ipd)
{
    if (!ipd)
        return;
    free(ipd->time);
    free(ipd->event);
    free(ipd);
}

typedef struct work {
    int N;
    double *T, *S, *KM;
    long *d, *cen;
} work;

static long iround(double x)
{
    return (long)floor(x + 0.5);
}

/* Censor time j (1..c) of c spread evenly over [a, b). */
static double ctime(double a, double b, long c, long j)
{
    return a + (double)j * (b - a) / (double)(c + 1);
}

/* Write the interval's censored patients: of the c censor times spread over
 * [a, b), the w->cen[k] that fall between point k and the next. Returns the
 * next free slot of ipd. */
static size_t place_censored(const work *w, int lo, int up, long c, double a, double b,
                           hs_guyot_ipd *ipd, size_t out)
{
    for (int k = lo; k <= up; k++) {
        long placed = 0;
        for (long j = 1; j <= c && placed < w->cen[k]; j++) {
            double x = ctime(a, b, c, j);
            if (x >= w->T[k] && (k == up || x < w->T[k + 1]))
                ipd->time[out] = x, ipd->event[out++] = 0, placed++;
        }
    }
    return out;
}

/* One pass over points lo..up with c censorings in [a, b): fills d, cen, KM;
 * returns the number at risk after up and updates *last. */
static long pass(work *w, int lo, int up, long nstart, long c, double a, double b, int *last)
{
    long nh = nstart;
    int lst = *last;
    for (int k = lo; k <= up; k++)
        w->cen[k] = 0;
    for (long j = 1, k = lo; j <= c; j++) {
        double x = ctime(a, b, c, j);
        while (k < up && x >= w->T[k + 1])
            k++;
        w->cen[k]++;
    }
    for (int k = lo; k <= up; k++) {
        long dk = 0;
        if (k == 0) {
            w->KM[k] = 1.0;
        } else if (nh > 0) {
            double kml = w->KM[lst];
            dk = kml > 0.0 ? iround((double)nh * (1.0 - w->S[k] / kml)) : 0;
            if (dk < 0)
                dk = 0;
            if (dk > nh)
                dk = nh;
            w->KM[k] = kml * (1.0 - (double)dk / (double)nh);
        } else {
            w->KM[k] = w->KM[lst];
        }
        if (w->cen[k] > nh - dk)
            w->cen[k] = nh - dk;
        w->d[k] = dk;
        nh -= dk + w->cen[k];
        if (dk > 0)
            lst = k;
    }
    *last = lst;
    return nh;
}

/* A failed check: its text into err (errlen bytes, err may be NULL); -1. */
static int fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return -1;
}

static int check(const double *t, const double *s, int npts, const double *trisk,
                 const int *nrisk, int nint, char *err, size_t errlen, int *bad, int *isrisk)
{
    *isrisk = 0;
    if (npts < 1) {
        return fail(err, errlen, "no KM points");
    }
    for (int k = 0; k < npts; k++) {
        *bad = k;
        if (!isfinite(t[k]) || t[k] < 0.0) {
            return fail(err, errlen, "time must be a finite number >= 0");
        }
        if (!isfinite(s[k]) || s[k] < 0.0 || s[k] > 1.0) {
            return fail(err, errlen, "survival must be in [0, 1]");
        }
        if (k > 0 && t[k] < t[k - 1]) {
            return fail(err, errlen, "times must not decrease");
        }
        if (k > 0 && s[k] > s[k - 1] + 0.02) {
            return fail(err, errlen, "survival rises by more than 0.02 (not a digitising error)");
        }
    }
    *isrisk = 1;
    if (nint < 1) {
        *bad = -1;
        return fail(err, errlen, "no numbers-at-risk rows");
    }
    for (int i = 0; i < nint; i++) {
        *bad = i;
        if (i == 0 && trisk[0] != 0.0) {
            return fail(err, errlen, "the first at-risk time must be 0");
        }
        if (!isfinite(trisk[i]) || (i > 0 && !(trisk[i] > trisk[i - 1]))) {
            return fail(err, errlen, "at-risk times must increase");
        }
        if (nrisk[i] < 0 || (i == 0 && nrisk[0] < 1) || (i > 0 && nrisk[i] > nrisk[i - 1])) {
            return fail(err, errlen, "numbers at risk must be >= 0 and must not increase (first >= 1)");
        }
    }
    *bad = -1;
    *isrisk = 0;
    return 0;
}

/* Where the reconstruction stands between risk intervals. */
typedef struct progress {
    long nh;         /* still at risk */
    long ev_total;   /* events placed so far */
    long cens_total; /* censorings placed so far */
    int last;        /* pass()'s carry-over from the previous interval */
    int k0;          /* first curve point not yet used */
    size_t out;      /* patients written to the result */
} progress;

static void work_free(work *w)
{
    free(w->T);
    free(w->S);
    free(w->KM);
    free(w->d);
    free(w->cen);
}

/* The digitised curve with a (0, 1) point put in front when it does not
   start at time 0, made non-increasing. */
static void fill_curve(work *w, const double *t, const double *s, int npts, int pre)
{
    if (pre) {
        w->T[0] = 0.0;
        w->S[0] = 1.0;
    }
    for (int k = 0; k < npts; k++) {
        w->T[k + pre] = t[k];
        w->S[k + pre] = k + pre == 0 ? 1.0 : fmin(s[k], w->S[k + pre - 1]);
    }
}

/* A risk interval with no curve points: censor down to the next count,
   evenly. */
static void censor_empty_interval(const double *trisk, const int *nrisk, int nint, int i, double rnext,
                                  progress *p, hs_guyot_ipd *ipd)
{
    long c = i + 1 < nint ? p->nh - nrisk[i + 1] : 0;
    double b = i + 1 < nint ? rnext : trisk[i];
    for (long j = 1; j <= c && c > 0; j++)
        ipd->time[p->out] = ctime(trisk[i], b, c, j), ipd->event[p->out++] = 0;
    if (c > 0) {
        p->nh -= c;
        p->cens_total += c;
    }
}

/* Points lo..up, nh = p->nh at risk before them: the number censored among
   them, from the guess c (clamped to [0, nh]) moved by the miss until it hits
   target or stops moving (at most 1000 steps; no steps when target < 0). The
   miss is that of the number left at risk after up, or, with by_events, that
   of the events placed up to up. Places the censored, leaves pass()'s
   carry-over in *lst and returns the number left at risk. */
static long censor_points(work *w, int lo, int up, long c, double a, double b, long target, int by_events,
                          progress *p, int *lst, hs_guyot_ipd *ipd)
{
    const long nh = p->nh;
    c = c < 0 ? 0 : (c > nh ? nh : c);
    for (int it = 0; target >= 0 && it < 1000; it++) {
        *lst = p->last;
        long got = pass(w, lo, up, nh, c, a, b, lst);
        if (by_events) {
            got = p->ev_total;
            for (int k = lo; k <= up; k++)
                got += w->d[k];
        }
        long cn = c + (got - target);
        cn = cn < 0 ? 0 : (cn > nh ? nh : cn);
        if (got == target || cn == c)
            break;
        c = cn;
    }
    *lst = p->last;
    long nend = pass(w, lo, up, nh, c, a, b, lst);
    p->out = place_censored(w, lo, up, c, a, b, ipd, p->out);
    return nend;
}

/* Points lo..up of a risk interval followed by another: choose the number
   censored so that the next risk count (target) is met, place them, and
   return the number left at risk. */
static long fit_to_next_count(work *w, int lo, int up, double rnext, long target, progress *p, int *lst,
                              hs_guyot_ipd *ipd)
{
    const int N = w->N, k0 = p->k0;
    double a = w->T[lo];
    double b = k0 < N ? w->T[k0] : rnext;
    double snext = k0 < N ? w->S[k0] : w->S[up];
    long c = w->S[lo] > 0.0 ? iround((double)p->nh * snext / w->S[lo] - (double)target) : 0;
    return censor_points(w, lo, up, c, a, b, target, 0, p, lst, ipd);
}

/* Points lo..up of the last risk interval: censor at the rate seen so far
   (or so that the reported total of events is met), place them, and censor
   whoever is still at risk at the last point. Returns 0 (none left). */
static long fit_last_interval(work *w, int lo, int up, long total_events, progress *p, int *lst,
                              hs_guyot_ipd *ipd)
{
    double a = w->T[lo];
    double b = w->T[up];
    double rate = a > 0.0 ? (double)p->cens_total / a : 0.0;
    long c = iround(rate * (b - a));
    long nend = censor_points(w, lo, up, c, a, b, total_events, 1, p, lst, ipd);
    for (long j = 0; j < nend; j++) /* still at risk: censored at the end */
        ipd->time[p->out] = b, ipd->event[p->out++] = 0;
    return 0;
}

/* Writes the events at points lo..up and adds them and the censorings to
   the running totals. */
static void place_events(const work *w, int lo, int up, progress *p, hs_guyot_ipd *ipd)
{
    for (int k = lo; k <= up; k++) {
        for (long j = 0; j < w->d[k]; j++)
            ipd->time[p->out] = w->T[k], ipd->event[p->out++] = 1;
        p->ev_total += w->d[k];
        p->cens_total += w->cen[k];
    }
}

/* Risk interval i: the curve points before the next risk time. */
static void reconstruct_interval(work *w, const double *trisk, const int *nrisk, int nint, int i,
                                 long total_events, progress *p, hs_guyot_ipd *ipd)
{
    double rnext = i + 1 < nint ? trisk[i + 1] : INFINITY;
    int lo = p->k0, up = p->k0 - 1;
    while (up + 1 < w->N && w->T[up + 1] < rnext)
        up++;
    p->k0 = up + 1;
    if (up < lo) {
        censor_empty_interval(trisk, nrisk, nint, i, rnext, p, ipd);
        return;
    }
    int lst = p->last;
    long nend = i + 1 < nint ? fit_to_next_count(w, lo, up, rnext, nrisk[i + 1], p, &lst, ipd)
                             : fit_last_interval(w, lo, up, total_events, p, &lst, ipd);
    place_events(w, lo, up, p, ipd);
    p->last = lst;
    p->nh = nend;
}

hs_guyot_ipd *hs_guyot_reconstruct(const double *t, const double *s, int npts,
                                   const double *trisk, const int *nrisk, int nint,
                                   long total_events, char *err, size_t errlen, int *bad,
                                   int *bad_is_risk)
{
    if (err && errlen)
        err[0] = '\0';
    *bad = -1;
    if (check(t, s, npts, trisk, nrisk, nint, err, errlen, bad, bad_is_risk) != 0)
        return NULL;
    int pre = t[0] > 0.0, N = npts + pre;
    size_t nn = (size_t)nrisk[0];
    work w = {N, NULL, NULL, NULL, NULL, NULL};
    w.T = malloc(sizeof(double) * (size_t)N);
    w.S = malloc(sizeof(double) * (size_t)N);
    w.KM = malloc(sizeof(double) * (size_t)N);
    w.d = malloc(sizeof(long) * (size_t)N);
    w.cen = malloc(sizeof(long) * (size_t)N);
    hs_guyot_ipd *ipd = calloc(1, sizeof *ipd);
    if (ipd) {
        ipd->time = malloc(sizeof(double) * nn);
        ipd->event = malloc(sizeof(int) * nn);
    }
    if (!w.T || !w.S || !w.KM || !w.d || !w.cen || !ipd || !ipd->time || !ipd->event) {
        fail(err, errlen, "out of memory");
        work_free(&w);
        hs_guyot_free(ipd);
        return NULL;
    }
    fill_curve(&w, t, s, npts, pre);

    progress p = {nrisk[0], 0, 0, 0, 0, 0};
    for (int i = 0; i < nint; i++)
        reconstruct_interval(&w, trisk, nrisk, nint, i, total_events, &p, ipd);
    /* patients left over (e.g. risk rows beyond the last point) */
    double tend = w.T[N - 1];
    for (long j = 0; j < p.nh; j++)
        ipd->time[p.out] = tend, ipd->event[p.out++] = 0;
    ipd->n = p.out;
    work_free(&w);
    return ipd;
}
