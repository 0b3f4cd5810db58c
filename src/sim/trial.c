/* trial.c — see trial.h.
 *
 * Data cut: events:K analyses at the calendar time of the K-th event (or at
 * the last event when fewer than K ever occur); calendar:T at T months after
 * the first entry; followup:T at T months after the last entry. A patient who entered before the cut is followed to
 * min(event, dropout, cut); one entering at or after the cut is not in the
 * analysis. Events are decided on the calendar scale (entry + event <= cut),
 * so the K-th event itself is never lost to rounding, also when an event
 * time is below the resolution of the entry time (entry + event == entry:
 * that patient entered before the cut although entry == cut in doubles). */
#include "trial.h"

#include <gsl/gsl_cdf.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "cox.h"
#include "km.h"
#include "logrank.h"
#include "lrcut.h"
#include "mvn.h"
#include "rmst.h"
#include "rng.h"
#include "survdata.h"

/* Bounds solved for observed event counts, cached by the counts. */
#define HS_TRIAL_CACHE 8192 /* slots, a power of two (about 4.5 MB) */
typedef struct hs_bcache {
    int used;
    int ev[HS_GSD_LOOKS_MAX];
    hs_gsd_bounds b;
} hs_bcache;

struct hs_trial {
    int n;
    hs_patient *pt;
    double *cal;    /* calendar event times, for the K-th event */
    double *sel;    /* 2n doubles: kth_smallest's work */
    int *cnt;       /* n + 1 ints: sort_cal's buckets, kth_smallest's bucket of each value */
    double *time;
    int *status, *arm, *stratum;
    int ntimes;     /* grid and landmarks merged, ascending */
    double *times;
    int *grid_at, *land_at; /* index into times */
    double *s[2];           /* S on times, per arm */
    double *km[2], *land[2];
    int *risk[2];           /* patients at risk at the grid times, per arm */
    int *gcnt;              /* ntimes ints: the numbers at risk at the merged times */
    int grid_first;         /* grid_at[k] == k for every k: S on the grid is S on times' start */
    double zcrit;
    hs_survdata *sd;
    hs_bcache *cache;       /* observed-information bounds (unplanned designs) */
    hs_lrcut *lc;           /* interim log-rank without re-sorting (designs with looks) */
};

void hs_trial_free(hs_trial *t)
{
    if (!t)
        return;
    free(t->pt);
    free(t->cal);
    free(t->sel);
    free(t->cnt);
    free(t->time);
    free(t->status);
    free(t->arm);
    free(t->stratum);
    free(t->times);
    free(t->grid_at);
    free(t->gcnt);
    free(t->land_at);
    for (int a = 0; a < 2; a++) {
        free(t->s[a]);
        free(t->km[a]);
        free(t->land[a]);
        free(t->risk[a]);
    }
    hs_survdata_free(t->sd);
    free(t->cache);
    hs_lrcut_free(t->lc);
    free(t);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Merge grid and landmarks into one ascending list of distinct times. */
static int merge_times(hs_trial *t, const hs_scenario *sc)
{
    int m = 0;
    for (int k = 0; k < sc->ngrid; k++)
        t->times[m++] = sc->grid[k];
    for (int k = 0; k < sc->nland; k++)
        t->times[m++] = sc->land[k];
    qsort(t->times, (size_t)m, sizeof *t->times, cmp_double);
    int u = 0;
    for (int k = 0; k < m; k++)
        if (u == 0 || t->times[k] != t->times[u - 1])
            t->times[u++] = t->times[k];
    t->ntimes = u;
    for (int k = 0; k < sc->ngrid; k++)
        t->grid_at[k] = (int)((double *)bsearch(&sc->grid[k], t->times, (size_t)u, sizeof(double),
                                                cmp_double) - t->times);
    for (int k = 0; k < sc->nland; k++)
        t->land_at[k] = (int)((double *)bsearch(&sc->land[k], t->times, (size_t)u, sizeof(double),
                                                cmp_double) - t->times);
    return 0;
}

hs_trial *hs_trial_alloc(const hs_scenario *sc)
{
    hs_trial *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    size_t n = (size_t)sc->n;
    size_t nt = (size_t)(sc->ngrid + sc->nland) + 1;
    int nstrata = sc->strata_cov >= 0 ? sc->nlevels[sc->strata_cov] : 1;
    t->n = sc->n;
    t->pt = malloc(n * sizeof *t->pt);
    t->cal = malloc(n * sizeof *t->cal);
    t->sel = malloc(2 * n * sizeof *t->sel);
    t->cnt = malloc((n + 1) * sizeof *t->cnt);
    t->time = malloc(n * sizeof *t->time);
    t->status = malloc(n * sizeof *t->status);
    t->arm = malloc(n * sizeof *t->arm);
    t->stratum = malloc(n * sizeof *t->stratum);
    t->times = malloc(nt * sizeof *t->times);
    t->grid_at = malloc(nt * sizeof *t->grid_at);
    t->land_at = malloc(nt * sizeof *t->land_at);
    t->gcnt = malloc((nt + 1) * sizeof *t->gcnt);
    int bad = !t->pt || !t->cal || !t->sel || !t->cnt || !t->time || !t->status || !t->arm || !t->stratum || !t->times ||
              !t->grid_at || !t->land_at || !t->gcnt;
    for (int a = 0; a < 2; a++) {
        t->s[a] = malloc(nt * sizeof(double));
        t->km[a] = malloc(nt * sizeof(double));
        t->land[a] = malloc(nt * sizeof(double));
        t->risk[a] = malloc(nt * sizeof(int));
        bad |= !t->s[a] || !t->km[a] || !t->land[a] || !t->risk[a];
    }
    t->sd = hs_survdata_alloc(sc->n, 2, nstrata, 0);
    if (sc->nlooks > 1 && !sc->planned) {
        t->cache = calloc(HS_TRIAL_CACHE, sizeof *t->cache);
        bad |= !t->cache;
    }
    if (sc->nlooks > 1) {
        t->lc = hs_lrcut_alloc(sc->n, nstrata);
        bad |= !t->lc;
    }
    if (bad || !t->sd) {
        hs_trial_free(t);
        return NULL;
    }
    merge_times(t, sc);
    t->grid_first = 1;
    for (int k = 0; k < sc->ngrid; k++)
        t->grid_first &= t->grid_at[k] == k;
    t->zcrit = gsl_cdf_ugaussian_Qinv(sc->sides == 1 ? sc->alpha : sc->alpha / 2);
    return t;
}

/* The calendar times of the events that happen (before dropout) into
 * t->cal; returns their number. */
static int calendar_events(hs_trial *t, const hs_scenario *sc, double *first, double *last, double *clo,
                           double *chi)
{
    /* branch-free: whether a patient drops out first is a coin toss to the
     * CPU; every time is written at slot m, which moves on only for events.
     * The range of the times kept into *clo, *chi (INFINITY, -INFINITY
     * when none) */
    int m = 0;
    double lo = INFINITY, hi = -INFINITY, cl = INFINITY, ch = -INFINITY;
    for (int i = 0; i < sc->n; i++) {
        const hs_patient *p = &t->pt[i];
        const double c = p->entry + p->event;
        t->cal[m] = c;
        const int in = (p->event <= p->dropout) & (c <= DBL_MAX);
        m += in;
        const double pick_lo[2] = {INFINITY, c}, pick_hi[2] = {-INFINITY, c};
        cl = pick_lo[in] < cl ? pick_lo[in] : cl;
        ch = pick_hi[in] > ch ? pick_hi[in] : ch;
        lo = p->entry < lo ? p->entry : lo;
        hi = p->entry > hi ? p->entry : hi;
    }
    *first = lo;
    *last = hi;
    *clo = cl;
    *chi = ch;
    return m;
}

/* The first and last entry. */
static void entry_range(const hs_trial *t, const hs_scenario *sc, double *first, double *last)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < sc->n; i++) {
        const double e = t->pt[i].entry;
        lo = e < lo ? e : lo;
        hi = e > hi ? e : hi;
    }
    *first = lo;
    *last = hi;
}

static void merge_sort(double *a, int m, double *w);

/* The k-th smallest (1-based, 1 <= k <= n) of the finite a[0..n-1], which
 * is left as it is, and whose smallest and largest values are lo and hi
 * (found by the caller's pass over the values); w has room for 2n doubles, bk for n ints. Bucket
 * selection: split the value range into 256 equal buckets, keep the bucket
 * that holds the k-th value, repeat; exact (each value's bucket is computed
 * once, in bk, and used by both passes), and several times faster than a
 * quickselect for a few hundred values, whose branches a CPU cannot
 * predict: the passes have no branch on the data, and the bucket kept
 * rarely holds more than a few values. Each round shrinks the set: the
 * smallest value falls in bucket 0 and the largest in bucket 255. */
static double kth_smallest(const double *a, int n, int k, double lo, double hi, double *w, int *bk)
{
    enum { NB = 256 };
    int want = k - 1;
    double *half[2] = {w, w + n}; /* rounds write to alternate halves */
    const double *src = a;
    double *dst = half[0];
    for (int round = 0;; round++) {
        if (round > 0) { /* the first round's range is the caller's */
            lo = hi = src[0];
            for (int i = 1; i < n; i++) {
                lo = src[i] < lo ? src[i] : lo;
                hi = src[i] > hi ? src[i] : hi;
            }
        }
        if (!(hi > lo))
            return lo;
        if (n <= 16) { /* insertion sort of the few left */
            for (int i = 0; i < n; i++) {
                double v = src[i];
                int j = i - 1;
                while (j >= 0 && dst[j] > v) {
                    dst[j + 1] = dst[j];
                    j--;
                }
                dst[j + 1] = v;
            }
            return dst[want];
        }
        int cnt[NB] = {0};
        double scale = NB / (hi - lo);
        if (!isfinite(scale)) { /* a range too narrow to divide: sort what is left */
            memcpy(dst, src, (size_t)n * sizeof *dst);
            merge_sort(dst, n, src == half[0] ? half[0] : half[1]);
            return dst[want];
        }
        for (int i = 0; i < n; i++) {
            int b = (int)((src[i] - lo) * scale);
            b = b < NB ? b : NB - 1;
            bk[i] = b;
            cnt[b]++;
        }
        int b = 0, below = 0;
        while (below + cnt[b] <= want)
            below += cnt[b++];
        int m = 0;
        for (int i = 0; i < n; i++) { /* every value written, kept when in b */
            dst[m] = src[i];
            m += bk[i] == b;
        }
        want -= below;
        n = m;
        src = dst;
        dst = dst == half[0] ? half[1] : half[0];
    }
}

/* Bottom-up merge sort of a[0..m-1] with w (m doubles) as scratch. */
static void merge_sort(double *a, int m, double *w)
{
    double *src = a, *dst = w;
    for (int width = 1; width < m; width *= 2) {
        for (int lo = 0; lo < m; lo += 2 * width) {
            int mid = lo + width < m ? lo + width : m, hi = lo + 2 * width < m ? lo + 2 * width : m;
            int i = lo, j = mid, o = lo;
            while (i < mid && j < hi)
                dst[o++] = src[j] < src[i] ? src[j++] : src[i++];
            while (i < mid)
                dst[o++] = src[i++];
            while (j < hi)
                dst[o++] = src[j++];
        }
        double *sw = src;
        src = dst;
        dst = sw;
    }
    if (src != a)
        memcpy(a, src, (size_t)m * sizeof *a);
}

/* Sort the m finite a[0..m-1], whose smallest and largest values are lo
 * and hi (calendar_events' range), ascending in place: m buckets of equal
 * width over the range into w, then an insertion sort of the nearly sorted
 * values back into a; values that crowd into few buckets (more than 8m
 * moves) take a merge sort instead. w has room for 2m doubles, cnt for
 * m + 1 ints. */
static void sort_cal(double *a, int m, double lo, double hi, double *w, int *cnt)
{
    double scale = (double)m / (hi - lo);
    if (m < 2 || !(hi > lo) || !isfinite(scale)) {
        merge_sort(a, m, w);
        return;
    }
    for (int b = 0; b <= m; b++)
        cnt[b] = 0;
    for (int i = 0; i < m; i++) {
        double q = (a[i] - lo) * scale;
        cnt[(q < (double)(m - 1) ? (int)q : m - 1) + 1]++;
    }
    for (int b = 0; b < m; b++)
        cnt[b + 1] += cnt[b];
    for (int i = 0; i < m; i++) {
        double q = (a[i] - lo) * scale;
        w[cnt[q < (double)(m - 1) ? (int)q : m - 1]++] = a[i];
    }
    long budget = 8L * m;
    for (int i = 0; i < m; i++) {
        double v = w[i];
        int j = i - 1;
        while (j >= 0 && a[j] > v && budget-- > 0) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
        if (budget <= 0) {
            for (int k = i + 1; k < m; k++)
                a[k] = w[k];
            merge_sort(a, m, w + m);
            return;
        }
    }
}

/* The analysis' calendar time; for an event-driven cut from the m calendar
 * event times calendar_events left in t->cal. */
static double data_cut(hs_trial *t, const hs_scenario *sc, double first_entry, double last_entry, int m,
                       double clo, double chi)
{
    if (sc->cut == HS_SC_CUT_CALENDAR)
        return first_entry + sc->cut_value;
    if (sc->cut == HS_SC_CUT_FOLLOWUP)
        return last_entry + sc->cut_value;
    if (m == 0)
        return INFINITY;
    int k = (int)sc->cut_value;
    if (k > m)
        k = m;
    return kth_smallest(t->cal, m, k, clo, chi, t->sel, t->cnt);
}

/* The patients in the analysis at calendar time `cut` into time, status,
 * arm and stratum (with a stratifying covariate sv >= 0; constant in the
 * inlined copies); returns their number, the events among them in *events. */
static inline __attribute__((always_inline)) int cut_data_k(hs_trial *t, const hs_scenario *sc, double cut,
                                                          int *events, int sv)
{
    /* Branch-free (whether a patient had the event, and is in, is a coin
     * toss a CPU cannot predict): every patient is written at slot m, and
     * m moves on only for those in the analysis. */
    int m = 0, ev = 0;
    for (int i = 0; i < sc->n; i++) {
        const hs_patient *p = &t->pt[i];
        const double entry = p->entry, event = p->event, drop = p->dropout;
        const int d = (event <= drop) & (entry + event <= cut);
        /* entered before the cut; or had an event by the cut, which means
         * the same even when entry + event rounds to entry (an event time
         * below entry's ulp): the K-th event is never lost */
        const int in = (entry < cut) | (d & (entry <= cut));
        const double fu = cut - entry;
        const double pick[2] = {drop < fu ? drop : fu, event};
        t->time[m] = pick[d];
        t->status[m] = d;
        t->arm[m] = p->arm;
        if (sv >= 0)
            t->stratum[m] = p->level[sv];
        ev += d & in;
        m += in;
    }
    *events = ev;
    return m;
}

static int cut_data(hs_trial *t, const hs_scenario *sc, double cut, int *events)
{
    if (sc->strata_cov < 0) /* no strata: t->stratum is not read */
        return cut_data_k(t, sc, cut, events, -1);
    return cut_data_k(t, sc, cut, events, sc->strata_cov);
}

/* Load the cut's m patients; 1 when both arms have patients and there is an
 * event, so that the tests exist. */
static int load(hs_trial *t, const hs_scenario *sc, int m, int events, int *loaded)
{
    int nstrata = sc->strata_cov >= 0 ? sc->nlevels[sc->strata_cov] : 1;
    *loaded = m > 0 && hs_survdata_load(t->sd, m, t->time, t->status, t->arm, 2,
                                        sc->strata_cov >= 0 ? t->stratum : NULL, nstrata, NULL,
                                        0) == HS_SURV_OK;
    return *loaded && events > 0 && t->sd->ng[0] > 0 && t->sd->ng[1] > 0;
}

/* The z of each test q in `mask` (bit 0 the deciding test, bit q also
 * test q) on the loaded data, in design.md's sign (positive = the
 * experimental arm does better), NAN where it does not exist; for MaxCombo
 * the component largest in |z|, signed, and its fixed-design decision in
 * mc[q]. One log-rank, one weighted log-rank pass and one Cox fit serve
 * every test that needs them; with cox_always the Cox estimate (HR, SE) is
 * filled into out even when no test is Cox. */
static void test_stats(hs_trial *t, const hs_scenario *sc, unsigned mask, int cox_always,
                       double *zb, int *mc, hs_trial_result *out)
{
    int need_lr = 0, need_wlr = 0, need_cox = cox_always;
    for (int q = 0; q <= sc->nalso; q++) {
        if (!(mask >> q & 1u))
            continue;
        int k = q ? sc->also[q - 1].kind : sc->test.kind;
        need_lr |= k == HS_TEST_LOGRANK;
        need_wlr |= k == HS_TEST_FH || k == HS_TEST_MWLR || k == HS_TEST_MAXCOMBO;
        need_cox |= k == HS_TEST_COX;
    }
    double zlr = NAN, zcox = NAN;
    hs_logrank_result lr;
    if (need_lr && hs_logrank_run(t->sd, 0.0, 0.0, &lr) == HS_SURV_OK)
        zlr = -lr.z;
    hs_wlr_result wr;
    int wok = need_wlr && hs_wlr_run(t->sd, sc->wlr, sc->nwlr, &wr) == HS_SURV_OK;
    hs_cox_result cx;
    if (need_cox && hs_cox_fit(t->sd, sc->breslow ? HS_COX_BRESLOW : HS_COX_EFRON, &cx) == HS_SURV_OK) {
        double zw = cx.beta[0] / cx.se[0];
        int fine = cx.status == HS_COX_CONVERGED && isfinite(zw);
        out->cox_nonconverged = !fine;
        if (fine) {
            out->hr = exp(cx.beta[0]);
            out->log_hr_se = cx.se[0];
        }
        /* the Wald z decides; where it does not exist (monotone
         * likelihood, no convergence) the score z, which stays finite */
        zcox = -(fine ? zw : cx.score_z);
    }
    for (int q = 0; q <= sc->nalso; q++) {
        if (!(mask >> q & 1u))
            continue;
        const hs_testspec *ts = q ? &sc->also[q - 1] : &sc->test;
        const int *ix = &sc->wlr_index[q * HS_TESTSPEC_MAXCOMP];
        zb[q] = NAN;
        mc[q] = 0;
        switch (ts->kind) {
        case HS_TEST_LOGRANK:
            zb[q] = zlr;
            break;
        case HS_TEST_COX:
            zb[q] = zcox;
            break;
        case HS_TEST_FH:
        case HS_TEST_MWLR:
            zb[q] = wok ? -wr.z[ix[0]] : NAN;
            break;
        case HS_TEST_MAXCOMBO: {
            if (!wok)
                break;
            int nc = ts->ncomp, fine = 1;
            double R[HS_TESTSPEC_MAXCOMP * HS_TESTSPEC_MAXCOMP], stat = -INFINITY;
            for (int i = 0; i < nc; i++) {
                double zi = -wr.z[ix[i]];
                fine &= isfinite(zi);
                if (fine && (isnan(zb[q]) || fabs(zi) > fabs(zb[q])))
                    zb[q] = zi;
                double si = sc->sides == 1 ? zi : fabs(zi);
                stat = si > stat ? si : stat;
                for (int j = 0; j < nc; j++)
                    R[i * nc + j] = HS_WLR_V(&wr, ix[i], ix[j]) /
                                    sqrt(HS_WLR_V(&wr, ix[i], ix[i]) * HS_WLR_V(&wr, ix[j], ix[j]));
            }
            if (!fine) {
                zb[q] = NAN;
                break;
            }
            for (int i = 0; i < nc; i++)
                R[i * nc + i] = 1.0;
            mc[q] = hs_mvn_maxcombo_reject(R, nc, stat, sc->alpha, sc->sides, NULL) == 1;
            break;
        }
        case HS_TEST_RMST: {
            hs_rmst_result rr;
            if (hs_rmst_run(t->sd, ts->tau, &rr) == HS_SURV_OK)
                zb[q] = rr.z;
            break;
        }
        case HS_TEST_MILESTONE: {
            hs_milestone_result mr;
            if (hs_milestone_run(t->sd, ts->t, &mr) == HS_SURV_OK)
                zb[q] = mr.z;
            break;
        }
        default:
            break;
        }
    }
}

/* The fixed-design decision of test q from its z (design sign). */
static int rejects_fixed(const hs_trial *t, const hs_scenario *sc, int q, double zb, int mc)
{
    const hs_testspec *ts = q ? &sc->also[q - 1] : &sc->test;
    if (ts->kind == HS_TEST_MAXCOMBO)
        return mc;
    if (!isfinite(zb))
        return 0;
    return sc->sides == 1 ? zb > t->zcrit : fabs(zb) > t->zcrit;
}

/* The full analysis of the data cut at `cut` (m patients, events): z, the
 * Cox estimate, KM curves, medians and RMST into out. */
static void analyse(hs_trial *t, const hs_scenario *sc, int m, int events, double cut,
                    double first, hs_trial_result *out)
{
    out->events = events;
    out->enrolled = m;
    out->duration = isfinite(cut) ? cut - first : NAN;
    out->z = NAN;
    out->hr = NAN;
    out->log_hr_se = NAN;
    out->reject = 0;
    out->cox_nonconverged = 0;
    int loaded;
    out->also_reject = 0;
    if (load(t, sc, m, events, &loaded)) {
        /* the deciding test, and on a fixed design every also_test (a
         * group-sequential design decides those look by look) */
        unsigned mask = sc->nlooks > 1 ? 1u : (1u << (sc->nalso + 1)) - 1;
        double zb[HS_SC_ALSO_MAX + 1];
        int mc[HS_SC_ALSO_MAX + 1];
        test_stats(t, sc, mask, !sc->lean, zb, mc, out);
        out->z = -zb[0];
        out->mc_reject = mc[0];
        for (int q = 1; sc->nlooks == 1 && q <= sc->nalso; q++)
            if (rejects_fixed(t, sc, q, zb[q], mc[q]))
                out->also_reject |= 1u << (q - 1);
    }
    for (int a = 0; a < 2; a++) {
        if (sc->lean) { /* outputs = power: no curves, medians or RMST */
            out->median[a] = out->rmst[a] = NAN;
            out->km[a] = t->km[a];
            out->risk[a] = t->risk[a];
            out->land[a] = t->land[a];
            continue;
        }
        hs_km_summary ks;
        /* the curve on the merged times and, in the same pass, the numbers
         * at risk there (t->gcnt), of which the grid's are kept */
        if (loaded && t->sd->ng[a] > 0 &&
            hs_km_group_risk(t->sd, a, sc->tau, t->times, t->ntimes, t->s[a], t->gcnt, &ks) == HS_SURV_OK) {
            out->median[a] = isnan(ks.median) ? INFINITY : ks.median;
            out->rmst[a] = ks.rmst;
            for (int k = 0; k < sc->ngrid; k++)
                t->risk[a][k] = t->gcnt[t->grid_at[k]];
        } else {
            for (int k = 0; k < t->ntimes; k++)
                t->s[a][k] = NAN;
            out->median[a] = NAN;
            out->rmst[a] = NAN;
            /* nothing loaded, or no patient in the arm: none at risk */
            for (int k = 0; k < sc->ngrid; k++)
                t->risk[a][k] = 0;
        }
        for (int k = 0; !t->grid_first && k < sc->ngrid; k++)
            t->km[a][k] = t->s[a][t->grid_at[k]];
        for (int k = 0; k < sc->nland; k++)
            t->land[a][k] = t->s[a][t->land_at[k]];
        out->km[a] = t->grid_first ? t->s[a] : t->km[a];
        out->land[a] = t->land[a];
        out->risk[a] = t->risk[a];
    }
}

/* ---- group-sequential looks */

/* The bounds of looks with ev[0..K-1] events (the final last), solved for
 * the observed fractions ev[j] / ev[K-1]. An interim that adds no event, or
 * already has the final count, has no bound (it cannot stop the trial);
 * without events at all, or without a solution, every interim is skipped
 * and the final look takes the fixed design's bound. */
static void observed_solve(const hs_scenario *sc, const int *ev, hs_gsd_bounds *out)
{
    int K = sc->nlooks, fin = ev[K - 1];
    hs_gsd_spec g = sc->gsd;
    int map[HS_GSD_LOOKS_MAX], k = 0, prev = 0;
    for (int j = 0; j < K - 1; j++)
        if (ev[j] > prev && ev[j] < fin) {
            g.t[k] = (double)ev[j] / fin;
            g.fut_z[k] = sc->gsd.fut_z[j];
            map[k++] = j;
            prev = ev[j];
        }
    g.t[k] = 1.0;
    map[k++] = K - 1;
    g.k = k;
    hs_gsd_bounds b;
    char err[8];
    if (fin <= 0 || hs_gsd_solve(&g, &b, err, sizeof err)) {
        g.k = 1;
        g.t[0] = 1.0;
        map[0] = K - 1;
        k = 1;
        g.futility = HS_GSD_FUT_NONE;
        if (hs_gsd_solve(&g, &b, err, sizeof err)) {
            b.z_eff[0] = INFINITY;
            b.alpha_cum[0] = b.beta_cum[0] = NAN;
        }
    }
    out->k = K;
    out->sides = sc->sides;
    out->drift = b.drift;
    out->inflation = b.inflation;
    double acum = 0, bcum = NAN;
    for (int j = 0, i = 0; j < K; j++) {
        out->t[j] = fin > 0 ? (double)ev[j] / fin : NAN;
        if (i < k && map[i] == j) {
            out->z_eff[j] = b.z_eff[i];
            out->z_fut[j] = b.z_fut[i];
            acum = out->alpha_cum[j] = b.alpha_cum[i];
            bcum = out->beta_cum[j] = b.beta_cum[i];
            i++;
        } else {
            out->z_eff[j] = INFINITY;
            out->z_fut[j] = j == K - 1 ? NAN : -INFINITY;
            out->alpha_cum[j] = acum;
            out->beta_cum[j] = bcum;
        }
    }
}

/* Bounds for observed event counts, from the workspace's cache (open
 * addressing on the counts, 16 probes; when they are all taken, the first
 * is replaced: bounds are a function of the counts, so what the cache holds
 * never changes a result, only the time). */
static const hs_gsd_bounds *observed_bounds(hs_trial *t, const hs_scenario *sc, const int *ev)
{
    uint64_t h = 1469598103934665603ULL;
    for (int j = 0; j < sc->nlooks; j++)
        h = (h ^ (uint64_t)(unsigned)ev[j]) * 1099511628211ULL;
    for (int probe = 0; probe < 16; probe++) {
        hs_bcache *c = &t->cache[(h + (uint64_t)probe) & (HS_TRIAL_CACHE - 1)];
        if (!c->used) {
            observed_solve(sc, ev, &c->b);
            memcpy(c->ev, ev, (size_t)sc->nlooks * sizeof *ev);
            c->used = 1;
            return &c->b;
        }
        if (!memcmp(c->ev, ev, (size_t)sc->nlooks * sizeof *ev))
            return &c->b;
    }
    hs_bcache *c = &t->cache[h & (HS_TRIAL_CACHE - 1)];
    observed_solve(sc, ev, &c->b);
    memcpy(c->ev, ev, (size_t)sc->nlooks * sizeof *ev);
    return &c->b;
}

/* The replicate's patients into the interim log-rank's orders (once per
 * replicate): 1, or 0 when they cannot be ordered (an entry that never
 * happens), and the looks take the materialised cut. */
static int lrcut_sort(hs_trial *t, const hs_scenario *sc, double cmax)
{
    hs_lrcut *w = t->lc;
    for (int i = 0; i < sc->n; i++) {
        const hs_patient *p = &t->pt[i];
        int d = p->event <= p->dropout;
        w->x[i] = d ? p->event : p->dropout;
        w->d[i] = d;
        w->e[i] = p->entry;
        w->g[i] = p->arm;
        w->s[i] = sc->strata_cov >= 0 ? p->level[sc->strata_cov] : 0;
    }
    int nstrata = sc->strata_cov >= 0 ? sc->nlevels[sc->strata_cov] : 1;
    return hs_lrcut_sort(w, sc->n, nstrata, cmax) == HS_LRCUT_OK;
}

/* 1 when every test in `ask` is the log-rank, which an interim look then
 * takes from lrcut (the same z to the last bit as the materialised cut). */
static int logrank_only(const hs_scenario *sc, unsigned ask)
{
    for (int q = 0; q <= sc->nalso; q++)
        if (ask >> q & 1u && (q ? sc->also[q - 1].kind : sc->test.kind) != HS_TEST_LOGRANK)
            return 0;
    return 1;
}

static int crosses(const hs_scenario *sc, double zb, double bound)
{
    return sc->sides == 1 ? zb >= bound : fabs(zb) >= bound;
}

/* Analyse the looks in turn, stop at the first crossing, and describe the
 * trial at that look. Every look is a cut of the same trial: the calendar
 * event times are gathered and sorted once, which gives each event-driven
 * cut and each look's event count. */
static void run_looks(hs_trial *t, const hs_scenario *sc, double first, double last,
                      hs_trial_result *out)
{
    double f_, l_, clo, chi; /* the entry range is the caller's */
    int K = sc->nlooks, m = calendar_events(t, sc, &f_, &l_, &clo, &chi);
    double cut[HS_GSD_LOOKS_MAX];
    int ev[HS_GSD_LOOKS_MAX];
    sort_cal(t->cal, m, clo, chi, t->sel, t->cnt);
    for (int j = 0; j < K; j++) {
        int ev_cut = j < K - 1 ? sc->look_cut == HS_SC_CUT_EVENTS : sc->cut == HS_SC_CUT_EVENTS;
        if (ev_cut) {
            int k = (int)sc->look_value[j];
            cut[j] = m == 0 ? INFINITY : t->cal[(k < m ? k : m) - 1];
        } else if (j == K - 1 && sc->cut == HS_SC_CUT_FOLLOWUP)
            cut[j] = last + sc->look_value[j];
        else
            cut[j] = first + sc->look_value[j];
        int a = 0, b = m; /* events by the cut: calendar event time <= cut */
        while (a < b) {
            int mid = a + (b - a) / 2;
            if (t->cal[mid] <= cut[j])
                a = mid + 1;
            else
                b = mid;
        }
        ev[j] = a;
    }
    const hs_gsd_bounds *b = sc->planned ? &sc->bounds : observed_bounds(t, sc, ev);
    /* bit 0: the deciding test, bit q: also test q, while they run; each
     * stops at its own first crossing (the also tests on the same looks
     * and bounds); the trial's figures are those at the deciding test's */
    unsigned active = (1u << (sc->nalso + 1)) - 1;
    int jd = K - 1, sorted = 0; /* lrcut: 0 not yet, 1 sorted, -1 cannot */
    out->stop = HS_TRIAL_STOP_NONE;
    out->also_reject = 0;
    for (int j = 0; j < K && active; j++) {
        /* the deciding test's final look is decided by the full analysis below */
        unsigned ask = j == K - 1 ? active & ~1u : active;
        if (active & 1u) {
            out->look_time[j] = isfinite(cut[j]) ? cut[j] - first : NAN;
            out->look_zeff[j] = b->z_eff[j];
            out->look_zfut[j] = j < K - 1 ? b->z_fut[j] : NAN;
            out->look_info[j] = b->t[j];
        }
        if (!ask)
            break; /* the final look of the deciding test alone: the analysis below cuts it */
        double zb[HS_SC_ALSO_MAX + 1];
        int mc[HS_SC_ALSO_MAX + 1], loaded, events, n;
        for (int q = 0; q <= sc->nalso; q++)
            zb[q] = NAN;
        hs_lrcut_result lr;
        if (logrank_only(sc, ask) && sorted == 0) {
            /* the orders serve the cuts lrcut may take: the interims, and
             * the final one for the also tests */
            double cmax = -INFINITY;
            for (int i = 0; i < (sc->nalso ? K : K - 1); i++)
                cmax = cut[i] > cmax ? cut[i] : cmax;
            sorted = lrcut_sort(t, sc, cmax) ? 1 : -1;
        }
        if (logrank_only(sc, ask) && sorted == 1 && hs_lrcut_run(t->lc, cut[j], &lr) == HS_LRCUT_OK) {
            /* the log-rank of the cut without materialising it; as load():
             * the test exists with both arms and an event */
            n = lr.n;
            events = lr.events;
            double z = events > 0 && lr.n1 > 0 && lr.n1 < n ? -lr.z : NAN;
            for (int q = 0; q <= sc->nalso; q++)
                if (ask >> q & 1u)
                    zb[q] = z;
        } else {
            n = cut_data(t, sc, cut[j], &events);
            if (load(t, sc, n, events, &loaded))
                test_stats(t, sc, ask, 0, zb, mc, out);
        }
        if (active & 1u) {
            out->look_events[j] = events;
            out->look_enrolled[j] = n;
        }
        for (int q = 0; q <= sc->nalso; q++) {
            if (!(ask >> q & 1u))
                continue;
            int eff = isfinite(zb[q]) && crosses(sc, zb[q], b->z_eff[j]);
            int fut = !eff && j < K - 1 && sc->sides == 1 && isfinite(zb[q]) && zb[q] <= b->z_fut[j];
            if (!(eff || fut || j == K - 1))
                continue;
            active &= ~(1u << q);
            if (q == 0) {
                jd = j;
                out->stop = eff ? HS_TRIAL_STOP_EFFICACY : HS_TRIAL_STOP_FUTILITY;
            } else if (eff)
                out->also_reject |= 1u << (q - 1);
        }
    }
    unsigned also = out->also_reject;
    int stop = out->stop;
    out->look = jd;
    int events, n = cut_data(t, sc, cut[jd], &events);
    analyse(t, sc, n, events, cut[jd], first, out);
    out->look_events[jd] = events;
    out->look_enrolled[jd] = n;
    out->also_reject = also;
    out->stop = stop;
    if (jd == K - 1 && isfinite(out->z) && crosses(sc, -out->z, b->z_eff[jd]))
        out->stop = HS_TRIAL_STOP_EFFICACY;
    out->reject = out->stop == HS_TRIAL_STOP_EFFICACY;
}

int hs_trial_run(hs_trial *t, const hs_scenario *sc, uint64_t replicate, hs_trial_result *out)
{
    hs_rng rep;
    hs_rng_stream(&rep, sc->seed, sc->index, replicate);
    hs_cohort_draw(sc, &rep, t->pt);

    double first, last, clo = INFINITY, chi = -INFINITY;
    int ncal = 0; /* an event-driven fixed design's calendar event times, in the same pass */
    if (sc->nlooks == 1 && sc->cut == HS_SC_CUT_EVENTS)
        ncal = calendar_events(t, sc, &first, &last, &clo, &chi);
    else
        entry_range(t, sc, &first, &last);
    if (sc->nlooks > 1) {
        run_looks(t, sc, first, last, out);
        return 0;
    }
    double cut = data_cut(t, sc, first, last, ncal, clo, chi);
    int events, m = cut_data(t, sc, cut, &events);
    analyse(t, sc, m, events, cut, first, out);
    out->reject = rejects_fixed(t, sc, 0, -out->z, out->mc_reject);
    out->look = 0;
    out->stop = out->reject ? HS_TRIAL_STOP_EFFICACY : HS_TRIAL_STOP_NONE;
    return 0;
}
