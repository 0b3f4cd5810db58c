/* moments.c — exact mergeable mean and SD (see moments.h).
 *
 * Values are rounded to fixed point q = llround(v 2^32); the sums
 * S1 = sum q and S2 = sum q^2 are exact integers (S2 in 192 bits), so merging
 * is integer addition: exact, commutative and associative. With
 * m = trunc(S1 / n) and r = S1 - n m (|r| < n),
 *   sum (q - m)^2 = S2 - n m^2 - 2 m r            (exact; evaluated mod 2^128)
 *   sum (q - qbar)^2 = sum (q - m)^2 - r^2 / n,
 * and SD = sqrt(sum (q - qbar)^2 / (n - 1)) 2^-32 (the textbook shift of
 * origin that avoids cancellation; Chan, Golub & LeVeque 1983, Am. Stat. 37:242).
 * Mean = (m + r/n) 2^-32.
 */
#include "moments.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define HS_FIX_SCALE 0x1p32
#define HS_FIX_INV 0x1p-32
#define HS_FIX_LIMIT 0x1p30

void hs_moments_init(hs_moments *m)
{
    memset(m, 0, sizeof *m);
}

static void add_s2(hs_moments *m, hs_u128 lo, uint64_t hi)
{
    hs_u128 sum = m->s2lo + lo;
    m->s2hi += hi + (sum < lo ? 1u : 0u);
    m->s2lo = sum;
}

void hs_moments_add(hs_moments *m, double v)
{
    if (!isfinite(v)) {
        m->nbad++;
        return;
    }
    if (!(fabs(v) < HS_FIX_LIMIT)) {
        m->nbig++;
        return;
    }
    long long q = hs_moments_round(v * HS_FIX_SCALE); /* = llround, |v 2^32| < 2^62 */
    m->n++;
    m->s1 += q;
    hs_i128 sq = (hs_i128)q * q;
    add_s2(m, (hs_u128)sq, 0u);
}

void hs_moments_add_many(hs_moments *m, const double *v, size_t n, size_t stride)
{
    /* hs_moments_add into local sums, then merged in: exact either way */
    hs_moments t;
    hs_moments_init(&t);
    for (size_t i = 0; i < n; i++)
        hs_moments_add(&t, v[i * stride]);
    hs_moments_merge(m, &t);
}

void hs_moments_merge(hs_moments *dst, const hs_moments *src)
{
    dst->n += src->n;
    dst->nbad += src->nbad;
    dst->nbig += src->nbig;
    dst->s1 += src->s1;
    add_s2(dst, src->s2lo, src->s2hi);
}

/* S1 = n m + r with m = trunc(S1/n). */
static void split_mean(const hs_moments *m, hs_i128 *mq, hs_i128 *rq)
{
    hs_i128 n = (hs_i128)m->n;
    *mq = m->s1 / n;
    *rq = m->s1 - *mq * n;
}

double hs_moments_mean(const hs_moments *m)
{
    if (m->n == 0 || m->nbig > 0)
        return NAN;
    hs_i128 mq, rq;
    split_mean(m, &mq, &rq);
    return ((double)mq + (double)rq / (double)m->n) * HS_FIX_INV;
}

double hs_moments_sd(const hs_moments *m)
{
    if (m->n < 2 || m->nbig > 0)
        return NAN;
    hs_i128 mq, rq;
    split_mean(m, &mq, &rq);
    double dn = (double)m->n;
    double rr = (double)rq * ((double)rq / dn); /* r^2 / n < n */
    double ss;                                  /* sum (q - qbar)^2 */
    hs_u128 um = (hs_u128)mq, ur = (hs_u128)rq, un = (hs_u128)m->n;
    if (m->s2hi == 0 && m->s2lo <= ~(hs_u128)0 - un) {
        hs_u128 t = m->s2lo - un * um * um - 2u * um * ur; /* sum (q - m)^2, exact */
        ss = (double)t - rr;
    } else {
        long double s2 = (long double)m->s2hi * 0x1p128L + (long double)m->s2lo;
        long double lm = (long double)mq, lr = (long double)rq;
        ss = (double)(s2 - (long double)m->n * lm * lm - 2.0L * lm * lr - (long double)rr);
    }
    if (ss < 0.0)
        ss = 0.0;
    return sqrt(ss / (dn - 1.0)) * HS_FIX_INV;
}

void hs_moments_pack(const hs_moments *m, uint64_t out[HS_MOMENTS_WORDS])
{
    hs_u128 s1 = (hs_u128)m->s1;
    out[0] = m->n;
    out[1] = m->nbad;
    out[2] = (uint64_t)s1;
    out[3] = (uint64_t)(s1 >> 64);
    out[4] = (uint64_t)m->s2lo;
    out[5] = (uint64_t)(m->s2lo >> 64);
    out[6] = m->s2hi;
    out[7] = m->nbig;
}

void hs_moments_unpack(hs_moments *m, const uint64_t in[HS_MOMENTS_WORDS])
{
    m->n = in[0];
    m->nbad = in[1];
    m->s1 = (hs_i128)(((hs_u128)in[3] << 64) | in[2]);
    m->s2lo = ((hs_u128)in[5] << 64) | in[4];
    m->s2hi = in[6];
    m->nbig = in[7];
}
