/* acc.c — see acc.h. */
#include "acc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int dstat_init(hs_dstat *d, double lo, double hi, size_t nbins)
{
    d->open_top = 0;
    hs_moments_init(&d->m);
    d->h = hs_hist_alloc(lo, hi, nbins);
    return d->h ? 0 : -1;
}

static void dstat_add(hs_dstat *d, double v)
{
    hs_moments_add(&d->m, v);
    hs_hist_add(d->h, v);
}

void hs_acc_free(hs_acc *a)
{
    if (!a)
        return;
    if (a->stat)
        for (int k = 0; k < a->nstat; k++)
            if (a->stat[k])
                hs_hist_free(a->stat[k]->h);
    free(a->stat);
    for (int g = 0; g < 2; g++) {
        free(a->km[g]);
        free(a->land[g]);
    }
    free(a->look);
    free(a->risk);
    free(a->pcount);
    free(a->pmin);
    free(a->pmax);
    free(a->fixed);
    free(a->staged);
    free(a);
}

static void prior_reset(hs_acc *a)
{
    int nb = a->pat[a->nq];
    for (int i = 0; i < nb; i++) {
        a->pcount[2 * i] = a->pcount[2 * i + 1] = 0;
        a->pmin[i] = INFINITY;
        a->pmax[i] = -INFINITY;
    }
}

/* The prior's bins (none without a prior). Returns 0, or -1 out of memory. */
static int prior_alloc(hs_acc *a, const hs_scenario *sc)
{
    a->cond_at = a->below_at = -1;
    if (!hs_scenario_has_prior(sc))
        return 0;
    a->nq = hs_priordraw_count(sc);
    int hr = hs_priordraw_has_hr(sc);
    a->pat[0] = 0;
    for (int q = 0; q < a->nq; q++)
        a->pat[q + 1] = a->pat[q] + (hr && q == a->nq - 1 ? HS_ACC_HR_BINS : HS_ACC_PRIOR_BINS);
    size_t nb = (size_t)a->pat[a->nq];
    a->pcount = calloc(2 * nb, sizeof *a->pcount);
    a->pmin = malloc(nb * sizeof *a->pmin);
    a->pmax = malloc(nb * sizeof *a->pmax);
    if (!a->pcount || !a->pmin || !a->pmax)
        return -1;
    prior_reset(a);
    if (sc->prior.conditional)
        a->cond_at = a->ncount++;
    if (hr)
        a->below_at = a->ncount++;
    return 0;
}

/* Bin of quantity q's draw. */
static int prior_bin(const hs_acc *a, int q, const hs_priordraw *d)
{
    int nb = a->pat[q + 1] - a->pat[q];
    if (nb == HS_ACC_PRIOR_BINS) {
        int b = (int)(d->u[q] * HS_ACC_PRIOR_BINS);
        return b < 0 ? 0 : b >= nb ? nb - 1 : b;
    }
    double x = log(d->value[q]);
    if (!(x < 4.0))
        return nb - 1; /* overflow, and NaN */
    if (x < -4.0)
        return 0;
    int b = 1 + (int)floor((x + 4.0) * 100.0);
    return b > nb - 2 ? nb - 2 : b;
}

void hs_acc_add_prior(hs_acc *a, const hs_priordraw *d, int reject)
{
    for (int q = 0; q < a->nq && q < d->nq; q++) {
        int i = a->pat[q] + prior_bin(a, q, d);
        a->pcount[2 * i]++;
        a->pcount[2 * i + 1] += reject != 0;
        double v = d->value[q];
        if (v < a->pmin[i])
            a->pmin[i] = v;
        if (v > a->pmax[i])
            a->pmax[i] = v;
    }
    if (a->below_at >= 0 && d->nq == a->nq)
        a->count[a->below_at] += d->value[a->nq - 1] < 1.0;
}

/* The statistics every replicate adds, in hs_acc_add's order, and room to
 * stage their values (at most 64 K doubles, up to 256 replicates). Returns
 * 0, or -1 out of memory. */
static int stage_alloc(hs_acc *a)
{
    hs_dstat **f = a->fixed = malloc((size_t)a->nstat * sizeof *a->fixed);
    if (!f)
        return -1;
    int k = 0;
    if (!a->lean)
        f[k++] = &a->hr;
    f[k++] = &a->events;
    f[k++] = &a->duration;
    if (a->has_enrolled)
        f[k++] = &a->enrolled;
    for (int g = 0; !a->lean && g < 2; g++) {
        f[k++] = &a->median[g];
        f[k++] = &a->rmst[g];
        for (int j = 0; j < a->ngrid; j++)
            f[k++] = &a->km[g][j];
        for (int j = 0; j < a->nland; j++)
            f[k++] = &a->land[g][j];
    }
    a->nfixed = k;
    int cap = 65536 / k;
    a->stage_cap = cap > 256 ? 256 : cap < 1 ? 1 : cap;
    a->nstaged = 0;
    a->staged = malloc((size_t)k * (size_t)a->stage_cap * sizeof *a->staged);
    return a->staged ? 0 : -1;
}

hs_acc *hs_acc_alloc(const hs_scenario *sc)
{
    hs_acc *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->lean = sc->lean;
    a->ngrid = sc->ngrid;
    a->nland = sc->nland;
    a->nlooks = sc->nlooks > 1 ? sc->nlooks : 1;
    int gsd = a->nlooks > 1;
    a->also_at = gsd ? HS_ACC_LOOK(a->nlooks, 0) : HS_ACC_NCOUNTS;
    a->nalso = sc->nalso;
    a->ncount = a->also_at + a->nalso;
    /* a calendar analysis may come before the end of accrual: the patients
     * in it are counted (run's headline) */
    a->has_enrolled = gsd || sc->cut == HS_SC_CUT_CALENDAR;
    a->nstat = 7 + 2 * (sc->ngrid + sc->nland) + a->has_enrolled + (gsd ? a->nlooks * HS_ACC_LK_N : 0);
    a->stat = calloc((size_t)a->nstat, sizeof *a->stat);
    for (int g = 0; g < 2; g++) {
        a->km[g] = calloc((size_t)sc->ngrid + 1, sizeof(hs_dstat));
        a->land[g] = calloc((size_t)sc->nland + 1, sizeof(hs_dstat));
    }
    if (gsd)
        a->look = calloc((size_t)(a->nlooks * HS_ACC_LK_N), sizeof *a->look);
    if (a->ngrid > 0)
        a->risk = calloc(HS_ACC_RISK(a, 2, 0), sizeof *a->risk);
    if (!a->stat || !a->km[0] || !a->km[1] || !a->land[0] || !a->land[1] || (gsd && !a->look) ||
        (a->ngrid > 0 && !a->risk)) {
        hs_acc_free(a);
        return NULL;
    }
    int k = 0, bad = 0;
    double tau = sc->tau > 0 ? sc->tau : 1.0;
    a->stat[k++] = &a->hr;
    bad |= dstat_init(&a->hr, 0.0, 8.0, 8000);
    a->stat[k++] = &a->events;
    /* bins centred on the integers: k events fall in [k - 0.5, k + 0.5) */
    bad |= dstat_init(&a->events, -0.5, (double)sc->n + 0.5, (size_t)sc->n + 1);
    a->stat[k++] = &a->duration;
    bad |= dstat_init(&a->duration, 0.0, 600.0, 12000);
    for (int g = 0; g < 2; g++) {
        a->stat[k++] = &a->median[g];
        bad |= dstat_init(&a->median[g], 0.0, 600.0, 12000);
        a->median[g].open_top = 1;
        a->stat[k++] = &a->rmst[g];
        bad |= dstat_init(&a->rmst[g], 0.0, tau, 10000);
    }
    for (int g = 0; g < 2; g++) {
        for (int j = 0; j < sc->ngrid; j++) {
            a->stat[k++] = &a->km[g][j];
            bad |= dstat_init(&a->km[g][j], 0.0, 1.0, 10000);
        }
        for (int j = 0; j < sc->nland; j++) {
            a->stat[k++] = &a->land[g][j];
            bad |= dstat_init(&a->land[g][j], 0.0, 1.0, 10000);
        }
    }
    if (a->has_enrolled) {
        /* appended after the fixed design's statistics, whose order (and
         * checkpoint image) stays as it was */
        a->stat[k++] = &a->enrolled;
        bad |= dstat_init(&a->enrolled, -0.5, (double)sc->n + 0.5, (size_t)sc->n + 1);
    }
    if (gsd) {
        for (int j = 0; j < a->nlooks; j++) {
            hs_dstat *l = &a->look[j * HS_ACC_LK_N];
            for (int q = 0; q < HS_ACC_LK_N; q++)
                a->stat[k++] = &l[q];
            bad |= dstat_init(&l[HS_ACC_LK_EVENTS], -0.5, (double)sc->n + 0.5, (size_t)sc->n + 1);
            bad |= dstat_init(&l[HS_ACC_LK_TIME], 0.0, 600.0, 600);
            bad |= dstat_init(&l[HS_ACC_LK_ENROLLED], -0.5, (double)sc->n + 0.5, (size_t)sc->n + 1);
            bad |= dstat_init(&l[HS_ACC_LK_ZEFF], -10.0, 10.0, 200);
            bad |= dstat_init(&l[HS_ACC_LK_ZFUT], -10.0, 10.0, 200);
            bad |= dstat_init(&l[HS_ACC_LK_INFO], 0.0, 1.0, 100);
        }
    }
    bad |= prior_alloc(a, sc) != 0;
    bad |= stage_alloc(a) != 0;
    if (bad || k != a->nstat) {
        a->nstat = k;
        hs_acc_free(a);
        return NULL;
    }
    return a;
}

void hs_acc_reset(hs_acc *a)
{
    a->nstaged = 0;
    memset(a->count, 0, sizeof a->count);
    if (a->risk)
        memset(a->risk, 0, HS_ACC_RISK(a, 2, 0) * sizeof *a->risk);
    for (int k = 0; k < a->nstat; k++) {
        hs_moments_init(&a->stat[k]->m);
        hs_hist_reset(a->stat[k]->h);
    }
    if (a->nq > 0)
        prior_reset(a);
}

void hs_acc_flush(hs_acc *a)
{
    const size_t nf = (size_t)a->nfixed, n = (size_t)a->nstaged;
    for (int k = 0; k < a->nfixed && n > 0; k++) {
        hs_dstat *d = a->fixed[k];
        const double *v = a->staged + k;
        if (d->open_top) {
            /* a median not reached: the histogram's overflow, not in the moments */
            for (size_t i = 0; i < n; i++) {
                hs_moments_add(&d->m, v[i * nf]);
                hs_hist_add(d->h, v[i * nf] == INFINITY ? HS_ACC_NOT_REACHED : v[i * nf]);
            }
        } else {
            hs_moments_add_many(&d->m, v, n, nf);
            hs_hist_add_many(d->h, v, n, nf);
        }
    }
    a->nstaged = 0;
}

void hs_acc_add(hs_acc *a, const hs_trial_result *r)
{
    hs_acc_stage(a, r);
    hs_acc_flush(a);
}

void hs_acc_stage(hs_acc *a, const hs_trial_result *r)
{
    /* the fixed statistics' values, in stage_alloc's order */
    double *v = a->staged + (size_t)a->nstaged * (size_t)a->nfixed;
    size_t k = 0;
    if (!a->lean)
        v[k++] = r->hr;
    v[k++] = r->events;
    v[k++] = r->duration;
    if (a->has_enrolled)
        v[k++] = r->enrolled;
    for (int g = 0; !a->lean && g < 2; g++) {
        v[k++] = r->median[g];
        v[k++] = r->rmst[g];
        for (int j = 0; j < a->ngrid; j++)
            v[k++] = r->km[g][j];
        for (int j = 0; j < a->nland; j++)
            v[k++] = r->land[g][j];
    }
    a->count[HS_ACC_REPLICATES]++;
    a->count[HS_ACC_REJECTIONS] += r->reject != 0;
    a->count[HS_ACC_COX_NONCONV] += r->cox_nonconverged != 0;
    for (int i = 0; i < a->nalso; i++)
        a->count[a->also_at + i] += r->also_reject >> i & 1u;
    if (a->nlooks > 1) {
        for (int j = 0; j <= r->look && j < a->nlooks; j++) {
            hs_dstat *l = &a->look[j * HS_ACC_LK_N];
            a->count[HS_ACC_LOOK(j, HS_ACC_REACHED)]++;
            dstat_add(&l[HS_ACC_LK_EVENTS], r->look_events[j]);
            dstat_add(&l[HS_ACC_LK_TIME], r->look_time[j]);
            dstat_add(&l[HS_ACC_LK_ENROLLED], r->look_enrolled[j]);
            dstat_add(&l[HS_ACC_LK_ZEFF], r->look_zeff[j]);
            dstat_add(&l[HS_ACC_LK_ZFUT], r->look_zfut[j]);
            dstat_add(&l[HS_ACC_LK_INFO], r->look_info[j]);
        }
        if (r->stop == HS_TRIAL_STOP_EFFICACY)
            a->count[HS_ACC_LOOK(r->look, HS_ACC_STOP_EFF)]++;
        else if (r->stop == HS_TRIAL_STOP_FUTILITY)
            a->count[HS_ACC_LOOK(r->look, HS_ACC_STOP_FUT)]++;
    }
    for (int g = 0; !a->lean && g < 2; g++)
        for (int j = 0; r->risk[g] && j < a->ngrid; j++) {
            uint64_t *x = &a->risk[HS_ACC_RISK(a, g, j)];
            x[0] += (uint64_t)r->risk[g][j];
            x[1] += r->risk[g][j] > 0;
        }
    if (++a->nstaged == a->stage_cap)
        hs_acc_flush(a);
}

void hs_acc_merge(hs_acc *dst, const hs_acc *src)
{
    for (int c = 0; c < dst->ncount; c++)
        dst->count[c] += src->count[c];
    for (int k = 0; k < dst->nstat; k++) {
        hs_moments_merge(&dst->stat[k]->m, &src->stat[k]->m);
        hs_hist_merge(dst->stat[k]->h, src->stat[k]->h);
    }
    for (size_t i = 0; dst->risk && i < HS_ACC_RISK(dst, 2, 0); i++)
        dst->risk[i] += src->risk[i];
    for (int i = 0; i < dst->pat[dst->nq]; i++) {
        dst->pcount[2 * i] += src->pcount[2 * i];
        dst->pcount[2 * i + 1] += src->pcount[2 * i + 1];
        if (src->pmin[i] < dst->pmin[i])
            dst->pmin[i] = src->pmin[i];
        if (src->pmax[i] > dst->pmax[i])
            dst->pmax[i] = src->pmax[i];
    }
}

void hs_acc_summarize(const hs_dstat *d, hs_dsummary *out)
{
    static const double p[5] = {0.025, 0.25, 0.5, 0.75, 0.975};
    out->n = d->m.n + d->m.nbig;
    out->nna = d->m.nbad;
    out->mean = hs_moments_mean(&d->m);
    out->sd = hs_moments_sd(&d->m);
    for (int i = 0; i < 5; i++) {
        out->q[i] = hs_hist_quantile(d->h, p[i]);
        if (d->open_top && out->q[i] >= hs_hist_hi(d->h))
            out->q[i] = INFINITY;
    }
}

size_t hs_acc_moment_words(const hs_acc *a)
{
    return (size_t)a->nstat * HS_MOMENTS_WORDS + 2 * (size_t)a->pat[a->nq];
}

/* The prior bins' extremes as words after the moments: pmin[], then pmax[]. */
static uint64_t bits_of(double x)
{
    uint64_t w;
    memcpy(&w, &x, sizeof w);
    return w;
}

static double double_of(uint64_t w)
{
    double x;
    memcpy(&x, &w, sizeof x);
    return x;
}

void hs_acc_pack_moments(const hs_acc *a, uint64_t *out)
{
    for (int k = 0; k < a->nstat; k++)
        hs_moments_pack(&a->stat[k]->m, out + (size_t)k * HS_MOMENTS_WORDS);
    uint64_t *x = out + (size_t)a->nstat * HS_MOMENTS_WORDS;
    int nb = a->pat[a->nq];
    for (int i = 0; i < nb; i++) {
        x[i] = bits_of(a->pmin[i]);
        x[nb + i] = bits_of(a->pmax[i]);
    }
}

void hs_acc_merge_moments(hs_acc *a, const uint64_t *in)
{
    for (int k = 0; k < a->nstat; k++) {
        hs_moments m;
        hs_moments_unpack(&m, in + (size_t)k * HS_MOMENTS_WORDS);
        hs_moments_merge(&a->stat[k]->m, &m);
    }
    const uint64_t *x = in + (size_t)a->nstat * HS_MOMENTS_WORDS;
    int nb = a->pat[a->nq];
    for (int i = 0; i < nb; i++) {
        double lo = double_of(x[i]), hi = double_of(x[nb + i]);
        if (lo < a->pmin[i])
            a->pmin[i] = lo;
        if (hi > a->pmax[i])
            a->pmax[i] = hi;
    }
}

void hs_acc_load_moments(hs_acc *a, const uint64_t *in)
{
    for (int k = 0; k < a->nstat; k++)
        hs_moments_unpack(&a->stat[k]->m, in + (size_t)k * HS_MOMENTS_WORDS);
    const uint64_t *x = in + (size_t)a->nstat * HS_MOMENTS_WORDS;
    int nb = a->pat[a->nq];
    for (int i = 0; i < nb; i++) {
        a->pmin[i] = double_of(x[i]);
        a->pmax[i] = double_of(x[nb + i]);
    }
}

int hs_acc_nwords(const hs_acc *a) { return a->nstat + 1 + (a->nq > 0) + (a->risk != NULL); }

size_t hs_acc_moment_words_proper(const hs_acc *a) { return (size_t)a->nstat * HS_MOMENTS_WORDS; }

uint64_t *hs_acc_words(hs_acc *a, int k, size_t *len)
{
    if (k == 0) {
        *len = (size_t)a->ncount;
        return a->count;
    }
    if (k == a->nstat + 1 && a->nq > 0) {
        *len = 2 * (size_t)a->pat[a->nq];
        return a->pcount;
    }
    if (k == a->nstat + 1 + (a->nq > 0)) {
        *len = HS_ACC_RISK(a, 2, 0);
        return a->risk;
    }
    return hs_hist_counts(a->stat[k - 1]->h, len);
}

size_t hs_acc_bytes(hs_acc *a)
{
    size_t n = hs_acc_moment_words(a);
    for (int k = 0; k < hs_acc_nwords(a); k++) {
        size_t len;
        hs_acc_words(a, k, &len);
        n += len;
    }
    return n * sizeof(uint64_t);
}
