/* hist.c — fixed-bin histograms with exact merges (see hist.h).
 *
 * Quantile: inverse of the piecewise-linear CDF that spreads each bin's
 * count evenly over the bin (the "ogive"; Hyndman & Fan 1996 discuss
 * sample-quantile rules; this is the grouped-data rule).
 */
#include "hist.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct hs_hist {
    double lo, hi, scale; /* scale = nbins / (hi - lo) */
    size_t nbins;
    uint64_t counts[]; /* nbins bins, underflow, overflow, non-finite */
};

hs_hist *hs_hist_alloc(double lo, double hi, size_t nbins)
{
    if (!(lo < hi) || !isfinite(lo) || !isfinite(hi) || nbins == 0 ||
        nbins > (SIZE_MAX - sizeof(hs_hist)) / sizeof(uint64_t) - 3)
        return NULL;
    hs_hist *h = calloc(1, sizeof *h + (nbins + 3) * sizeof(uint64_t));
    if (!h)
        return NULL;
    h->lo = lo;
    h->hi = hi;
    h->nbins = nbins;
    h->scale = (double)nbins / (hi - lo);
    return h;
}

void hs_hist_free(hs_hist *h)
{
    free(h);
}

void hs_hist_reset(hs_hist *h)
{
    memset(h->counts, 0, (h->nbins + 3) * sizeof(uint64_t));
}

void hs_hist_add(hs_hist *h, double v) { hs_hist_add_many(h, &v, 1, 1); }

void hs_hist_add_many(hs_hist *h, const double *v, size_t n, size_t stride)
{
    /* the geometry in locals */
    const size_t nb = h->nbins;
    const double lo = h->lo, hi = h->hi, scale = h->scale;
    uint64_t *c = h->counts;
    for (size_t k = 0; k < n; k++) {
        const double x = v[k * stride];
        if (isnan(x) || isinf(x)) {
            c[nb + 2]++;
        } else if (x < lo) {
            c[nb]++;
        } else if (x >= hi) {
            c[nb + 1]++;
        } else {
            size_t i = (size_t)((x - lo) * scale);
            c[i < nb ? i : nb - 1]++;
        }
    }
}

int hs_hist_merge(hs_hist *dst, const hs_hist *src)
{
    if (!dst || !src || dst->lo != src->lo || dst->hi != src->hi || dst->nbins != src->nbins)
        return -1;
    for (size_t i = 0; i < dst->nbins + 3; i++)
        dst->counts[i] += src->counts[i];
    return 0;
}

uint64_t *hs_hist_counts(hs_hist *h, size_t *len)
{
    if (len)
        *len = h->nbins + 3;
    return h->counts;
}

uint64_t hs_hist_total(const hs_hist *h)
{
    uint64_t t = 0;
    for (size_t i = 0; i < h->nbins + 2; i++)
        t += h->counts[i];
    return t;
}

double hs_hist_quantile(const hs_hist *h, double p)
{
    uint64_t total = hs_hist_total(h);
    if (total == 0 || !(p >= 0.0 && p <= 1.0))
        return NAN;
    double t = p * (double)total;
    uint64_t under = h->counts[h->nbins];
    if (under > 0 && t <= (double)under)
        return h->lo;
    double c = (double)under;
    for (size_t i = 0; i < h->nbins; i++) {
        uint64_t k = h->counts[i];
        if (k == 0)
            continue;
        if (t <= c + (double)k) {
            double frac = (t - c) / (double)k;
            if (frac < 0.0)
                frac = 0.0;
            return h->lo + (h->hi - h->lo) * (((double)i + frac) / (double)h->nbins);
        }
        c += (double)k;
    }
    return h->hi;
}

double hs_hist_lo(const hs_hist *h)
{
    return h->lo;
}

double hs_hist_hi(const hs_hist *h)
{
    return h->hi;
}

size_t hs_hist_nbins(const hs_hist *h)
{
    return h->nbins;
}
