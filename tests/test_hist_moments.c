/* test_hist_moments.c — exact merges of moments and histograms; quantile rule. */
#include "dist.h"
#include "rng.h"
#include "hist.h"
#include "moments.h"
#include "tap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define NV 100000

/* Direct two-pass mean and sample SD in long double. */
static void direct(const double *x, size_t n, double *mean, double *sd)
{
    long double s = 0.0L, ss = 0.0L;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (fabs(x[i]) < 0x1p30) {
            s += x[i];
            k++;
        }
    long double m = s / (long double)k;
    for (size_t i = 0; i < n; i++)
        if (fabs(x[i]) < 0x1p30)
            ss += (x[i] - m) * (x[i] - m);
    *mean = (double)m;
    *sd = (double)sqrtl(ss / (long double)(k - 1));
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Random cut points for `parts` contiguous pieces of [0, n), and a random
 * order in which to merge them. */
static void partition(hs_rng *r, size_t n, int parts, size_t *cut, int *order)
{
    cut[0] = 0;
    cut[parts] = n;
    for (int j = 1; j < parts; j++)
        cut[j] = (size_t)(hs_rng_uniform(r) * (double)n);
    for (int j = 1; j < parts; j++) /* insertion sort */
        for (int k = j; k > 1 && cut[k] < cut[k - 1]; k--) {
            size_t t = cut[k];
            cut[k] = cut[k - 1];
            cut[k - 1] = t;
        }
    for (int j = 0; j < parts; j++)
        order[j] = j;
    for (int j = parts - 1; j > 0; j--) {
        int k = (int)(hs_rng_uniform(r) * (j + 1));
        int t = order[j];
        order[j] = order[k];
        order[k] = t;
    }
}

static int same_moments(const hs_moments *a, const hs_moments *b)
{
    uint64_t pa[HS_MOMENTS_WORDS], pb[HS_MOMENTS_WORDS];
    hs_moments_pack(a, pa);
    hs_moments_pack(b, pb);
    double ma = hs_moments_mean(a), mb = hs_moments_mean(b);
    double sa = hs_moments_sd(a), sb = hs_moments_sd(b);
    return memcmp(pa, pb, sizeof pa) == 0 && memcmp(&ma, &mb, sizeof ma) == 0 &&
           memcmp(&sa, &sb, sizeof sa) == 0;
}

int main(void)
{
    plan(45);
    static const int nparts[4] = {1, 2, 3, 7};
    hs_rng r;
    hs_rng_stream(&r, 2024u, 0u, 0u);

    /* hs_moments_round is llround on |x| < 2^62: halves, their neighbours
     * one ulp either side, and random values of every magnitude */
    {
        long bad = 0;
        for (int e = -2; e < 62; e++)
            for (int k = -40; k <= 40; k++) {
                double base = ldexp(1.0, e) + 0.5 * k;
                double vals[3] = {base, nextafter(base, 0), nextafter(base, INFINITY)};
                for (int j = 0; j < 3; j++)
                    for (int sg = -1; sg <= 1; sg += 2) {
                        double v = sg * vals[j];
                        if (fabs(v) < 0x1p62 && hs_moments_round(v) != llround(v))
                            bad++;
                    }
            }
        for (int i = 0; i < 1000000; i++) {
            double v = (hs_rng_uniform(&r) - 0.5) * ldexp(1.0, (int)(hs_rng_uniform(&r) * 63));
            if (hs_moments_round(v) != llround(v))
                bad++;
        }
        ok(bad == 0, "hs_moments_round equals llround (%ld differ)", bad);
    }

    /* ---- moments ---- */
    double *x = malloc(NV * sizeof *x);
    if (!x) {
        ok(0, "allocate");
        return tap_done();
    }
    for (size_t i = 0; i < NV; i++)
        x[i] = hs_dist_normal(hs_rng_uniform(&r), 3.0, 2.0);
    x[10] = NAN;
    x[20] = INFINITY;
    x[30] = 0x1p30;
    x[40] = -2e9;

    hs_moments all;
    hs_moments_init(&all);
    for (size_t i = 0; i < NV; i++)
        hs_moments_add(&all, x[i]);
    is_int((long long)all.n, NV - 4, "moments: n counts finite in-range values");
    is_int((long long)all.nbad, 2, "moments: NaN and inf counted as not available");
    is_int((long long)all.nbig, 2, "moments: finite |v| >= 2^30 counted as too big");
    /* issue 12 item 7: a value beyond the fixed-point range makes the mean
     * undefined, not the mean of the other values (before: mean of the rest) */
    ok(isnan(hs_moments_mean(&all)) && isnan(hs_moments_sd(&all)),
       "moments: mean and sd NAN when a finite value is beyond 2^30");

    double dm, ds;
    direct(x, NV, &dm, &ds);
    hs_moments inr;
    hs_moments_init(&inr);
    for (size_t i = 0; i < NV; i++)
        hs_moments_add(&inr, fabs(x[i]) < 0x1p30 ? x[i] : NAN);
    is_rel(hs_moments_mean(&inr), dm, 1e-9, "moments: mean matches direct computation");
    is_rel(hs_moments_sd(&inr), ds, 1e-9, "moments: sd matches direct two-pass computation");

    for (int pi = 0; pi < 4; pi++) {
        int parts = nparts[pi];
        int good = 1;
        for (int trial = 0; trial < 5; trial++) {
            size_t cut[8];
            int order[7];
            hs_moments part[7], sum;
            partition(&r, NV, parts, cut, order);
            for (int j = 0; j < parts; j++) {
                hs_moments_init(&part[j]);
                for (size_t i = cut[j]; i < cut[j + 1]; i++)
                    hs_moments_add(&part[j], x[i]);
            }
            hs_moments_init(&sum);
            for (int j = 0; j < parts; j++)
                hs_moments_merge(&sum, &part[order[j]]);
            good &= same_moments(&sum, &all);
            /* pairwise tree in another order, through pack/unpack */
            hs_moments tree;
            hs_moments_init(&tree);
            for (int j = parts - 1; j >= 0; j -= 2) {
                hs_moments pair = part[order[j]];
                if (j > 0)
                    hs_moments_merge(&pair, &part[order[j - 1]]);
                uint64_t buf[HS_MOMENTS_WORDS];
                hs_moments_pack(&pair, buf);
                hs_moments un;
                hs_moments_unpack(&un, buf);
                hs_moments_merge(&tree, &un);
            }
            good &= same_moments(&tree, &all);
        }
        ok(good, "moments: %d-part random partitions, shuffled and tree merges, bit-identical", parts);
    }
    {
        hs_moments e, c = all;
        hs_moments_init(&e);
        hs_moments_merge(&c, &e);
        ok(same_moments(&c, &all), "moments: merging an empty tally is the identity");
        ok(isnan(hs_moments_mean(&e)) && isnan(hs_moments_sd(&e)), "moments: empty -> NaN mean, sd");
        hs_moments_add(&e, 4.0);
        ok(hs_moments_mean(&e) == 4.0 && isnan(hs_moments_sd(&e)), "moments: n = 1 -> mean, NaN sd");
    }
    {
        /* by hand: {1, 2, 3, 4}: mean 2.5, sd sqrt(5/3) */
        hs_moments m;
        hs_moments_init(&m);
        for (int i = 1; i <= 4; i++)
            hs_moments_add(&m, i);
        is_double(hs_moments_mean(&m), 2.5, 0.0, "moments {1,2,3,4}: mean 2.5 exactly");
        is_rel(hs_moments_sd(&m), sqrt(5.0 / 3.0), 1e-15, "moments {1,2,3,4}: sd sqrt(5/3)");
        /* negative values */
        hs_moments_init(&m);
        static const double neg[5] = {-7.25, -1.5, 0.0, 2.75, -3.0};
        for (int i = 0; i < 5; i++)
            hs_moments_add(&m, neg[i]);
        double nm, nsd;
        direct(neg, 5, &nm, &nsd);
        ok(hs_moments_mean(&m) == nm, "moments: mean of negative dyadic values exact");
        is_rel(hs_moments_sd(&m), nsd, 1e-15, "moments: sd of negative dyadic values");
    }
    {
        /* cancellation: 1e6 + noise with sd 1e-3 */
        hs_moments m;
        hs_moments_init(&m);
        double *y = x; /* reuse buffer */
        for (size_t i = 0; i < 1000; i++) {
            y[i] = 1e6 + hs_dist_normal(hs_rng_uniform(&r), 0.0, 1e-3);
            hs_moments_add(&m, y[i]);
        }
        direct(y, 1000, &dm, &ds);
        is_rel(hs_moments_mean(&m), dm, 1e-14, "moments: mean near 1e6");
        is_rel(hs_moments_sd(&m), ds, 1e-6, "moments: sd 1e-3 around 1e6 (no cancellation)");
        /* huge values: sum q^2 > 2^128 takes the carry and the long double path */
        hs_moments big, a, b;
        hs_moments_init(&big);
        hs_moments_init(&a);
        hs_moments_init(&b);
        for (size_t i = 0; i < 200; i++) {
            y[i] = (i % 2 ? -1.0 : 1.0) * (5.0e8 + 1000.0 * (double)i);
            hs_moments_add(&big, y[i]);
            hs_moments_add(i < 77 ? &a : &b, y[i]);
        }
        ok(big.s2hi > 0, "moments: sum q^2 exceeds 2^128 (carry limb used)");
        hs_moments_merge(&b, &a);
        ok(same_moments(&b, &big), "moments: merge exact across the 128-bit carry");
        direct(y, 200, &dm, &ds);
        is_rel(hs_moments_sd(&big), ds, 1e-12, "moments: sd of +-5e8 values (long double path)");
        is_rel(hs_moments_mean(&big), dm, 1e-12, "moments: mean of +-5e8 values");
    }

    /* ---- histogram ---- */
    {
        const size_t nb = 10000;
        const long nu = 1000000;
        hs_hist *h = hs_hist_alloc(0.0, 1.0, nb);
        ok(h != NULL, "hist_alloc [0,1) 10^4 bins");
        if (!h)
            return tap_done();
        double *u = malloc((size_t)nu * sizeof *u);
        if (!u) {
            ok(0, "allocate");
            return tap_done();
        }
        for (long i = 0; i < nu; i++) {
            u[i] = hs_rng_uniform(&r);
            hs_hist_add(h, u[i]);
        }
        size_t len;
        uint64_t *cnt = hs_hist_counts(h, &len);
        ok(len == nb + 3 && hs_hist_total(h) == (uint64_t)nu && cnt[nb] == 0 && cnt[nb + 1] == 0,
           "hist: counts array has nbins + 3 words, all values in range");
        /* The histogram quantile must sit within 2e-4 (two bin widths) of the
         * exact sample quantile (order statistic ceil(p n)); the sample quantile
         * itself differs from p by sampling error, SD sqrt(p (1-p) / n) <= 5e-4. */
        double *sorted = malloc((size_t)nu * sizeof *sorted);
        if (!sorted) {
            ok(0, "allocate");
            return tap_done();
        }
        memcpy(sorted, u, (size_t)nu * sizeof *u);
        qsort(sorted, (size_t)nu, sizeof *sorted, cmp_double);
        static const double ps[5] = {0.025, 0.25, 0.5, 0.75, 0.975};
        double maxerr = 0.0, maxz = 0.0;
        for (int j = 0; j < 5; j++) {
            double q = hs_hist_quantile(h, ps[j]);
            double sq = sorted[(size_t)ceil(ps[j] * (double)nu) - 1];
            double e = fabs(q - sq);
            double z = fabs(q - ps[j]) / sqrt(ps[j] * (1.0 - ps[j]) / (double)nu);
            maxerr = e > maxerr ? e : maxerr;
            maxz = z > maxz ? z : maxz;
        }
        free(sorted);
        ok(maxerr <= 2e-4, "hist: quantiles of 10^6 uniforms within 2e-4 of the sample quantiles (max %.2e)",
           maxerr);
        ok(maxz <= 4.0, "hist: quantiles of 10^6 uniforms within 4 SE of p (max %.2f SE)", maxz);

        for (int pi = 0; pi < 4; pi++) {
            int parts = nparts[pi];
            size_t cut[8];
            int order[7];
            partition(&r, (size_t)nu, parts, cut, order);
            hs_hist *sum = hs_hist_alloc(0.0, 1.0, nb);
            hs_hist *part = hs_hist_alloc(0.0, 1.0, nb);
            hs_hist *red = hs_hist_alloc(0.0, 1.0, nb);
            if (!sum || !part || !red) {
                ok(0, "allocate");
                return tap_done();
            }
            int good = 1;
            size_t rl;
            uint64_t *rc = hs_hist_counts(red, &rl);
            for (int j = 0; j < parts; j++) {
                int o = order[j];
                hs_hist_reset(part);
                for (size_t i = cut[o]; i < cut[o + 1]; i++)
                    hs_hist_add(part, u[i]);
                good &= hs_hist_merge(sum, part) == 0;
                size_t pl;
                uint64_t *pc = hs_hist_counts(part, &pl);
                for (size_t k = 0; k < pl; k++) /* what MPI_SUM on the arrays does */
                    rc[k] += pc[k];
            }
            size_t sl;
            const uint64_t *sc = hs_hist_counts(sum, &sl);
            double q1 = hs_hist_quantile(sum, 0.975), q2 = hs_hist_quantile(h, 0.975);
            good &= memcmp(sc, cnt, len * sizeof *cnt) == 0 && memcmp(rc, cnt, len * sizeof *cnt) == 0 &&
                    memcmp(&q1, &q2, sizeof q1) == 0;
            ok(good, "hist: %d-part shuffled merge and element-wise sum are identical", parts);
            hs_hist_free(sum);
            hs_hist_free(part);
            hs_hist_free(red);
        }
        hs_hist *other = hs_hist_alloc(0.0, 1.0, nb - 1);
        ok(other && hs_hist_merge(h, other) == -1 && hs_hist_total(h) == (uint64_t)nu,
           "hist: merge refuses a different geometry, dst unchanged");
        hs_hist_free(other);
        hs_hist_reset(h);
        ok(hs_hist_total(h) == 0 && isnan(hs_hist_quantile(h, 0.5)), "hist: reset empties; empty -> NaN");
        hs_hist_free(h);
        free(u);
    }
    {
        /* by hand: [0, 10), 10 bins; 1.5 -> bin 1; 2.5, 2.7 -> bin 2; 7.1 -> bin 7. N = 4.
         * p = 0.25: t = 1 = end of bin 1 -> 2.0;  p = 0.5: t = 2, bin 2 half full -> 2.5;
         * p = 0.9: t = 3.6, bin 7 at 0.6 -> 7.6;  p = 0: lower edge of bin 1 -> 1;  p = 1 -> 8. */
        hs_hist *h = hs_hist_alloc(0.0, 10.0, 10);
        static const double v[4] = {1.5, 2.5, 2.7, 7.1};
        for (int i = 0; i < 4; i++)
            hs_hist_add(h, v[i]);
        is_double(hs_hist_quantile(h, 0.25), 2.0, 1e-12, "hist by hand: p = 0.25 -> 2.0");
        is_double(hs_hist_quantile(h, 0.5), 2.5, 1e-12, "hist by hand: p = 0.5 -> 2.5");
        is_double(hs_hist_quantile(h, 0.9), 7.6, 1e-12, "hist by hand: p = 0.9 -> 7.6");
        ok(hs_hist_quantile(h, 0.0) == 1.0 && hs_hist_quantile(h, 1.0) == 8.0,
           "hist by hand: p = 0 -> 1, p = 1 -> 8 (edges of the outer non-empty bins)");
        /* add underflow -3, overflow 12 and 10 (= hi), NaN: N = 7 finite.
         * p = 0.1: t = 0.7 <= U = 1 -> lo;  p = 0.5: t = 3.5, c = 2 before bin 2 -> 2.75;
         * p = 0.9: t = 6.3 > 5 -> hi. */
        hs_hist_add(h, -3.0);
        hs_hist_add(h, 12.0);
        hs_hist_add(h, 10.0);
        hs_hist_add(h, NAN);
        size_t len;
        const uint64_t *c = hs_hist_counts(h, &len);
        ok(c[10] == 1 && c[11] == 2 && c[12] == 1 && hs_hist_total(h) == 7,
           "hist: underflow, overflow (v >= hi) and non-finite counts");
        ok(hs_hist_quantile(h, 0.1) == 0.0, "hist: quantile in underflow -> lo");
        is_double(hs_hist_quantile(h, 0.5), 2.75, 1e-12, "hist: p = 0.5 with under/overflow -> 2.75");
        ok(hs_hist_quantile(h, 0.9) == 10.0, "hist: quantile in overflow -> hi");
        ok(isnan(hs_hist_quantile(h, -0.1)) && isnan(hs_hist_quantile(h, 1.5)), "hist: p outside [0,1] -> NaN");
        hs_hist_free(h);

        hs_hist *e = hs_hist_alloc(0.0, 1.0, 4);
        hs_hist_add(e, 0.0);
        hs_hist_add(e, nextafter(1.0, 0.0));
        const uint64_t *ec = hs_hist_counts(e, &len);
        ok(ec[0] == 1 && ec[3] == 1, "hist: lo goes to bin 0, just below hi to the last bin");
        hs_hist_free(e);
        ok(hs_hist_alloc(1.0, 1.0, 5) == NULL && hs_hist_alloc(0.0, 1.0, 0) == NULL &&
               hs_hist_alloc(0.0, INFINITY, 5) == NULL,
           "hist_alloc rejects empty range, zero bins, infinite bound");
        hs_hist_free(NULL);
    }
    free(x);
    return tap_done();
}
