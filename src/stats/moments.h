/* moments.h — mean and SD accumulators with exact, order-independent merges.
 *
 * Merging partial accumulators in any order or grouping gives bit-identical
 * structs, so results do not depend on the rank count or the chunking.
 */
#ifndef HS_MOMENTS_H
#define HS_MOMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h" /* hs_u128 */

__extension__ typedef __int128 hs_i128;

/* Moments in fixed point: each finite v with |v| < 2^30 is rounded to
 * q = llround(v * 2^32) (resolution 2.3e-10); s1 = sum q exactly, and
 * sum q^2 is kept exactly in 192 bits (s2lo = low 128 bits, s2hi = high 64).
 * NaN and +-inf only increase nbad (not available: left out); a finite
 * |v| >= 2^30 increases nbig, and then the mean and SD are NAN (they cannot
 * be computed exactly; a quantile from the histogram still sees the value),
 * never the mean of the other values.
 * A plain struct of integers: copy it freely; merge only with
 * hs_moments_merge (the 128-bit fields carry), or exchange it as
 * HS_MOMENTS_WORDS uint64 words via hs_moments_pack / hs_moments_unpack.
 * Exact for up to 2^64 values. */
typedef struct hs_moments {
    uint64_t n;         /* values accumulated */
    uint64_t nbad;      /* non-finite values (NaN, +-inf): not available */
    uint64_t nbig;      /* finite values with |v| >= 2^30: the moments are undefined */
    hs_i128 s1;         /* sum of q */
    hs_u128 s2lo;       /* sum of q^2, bits 0..127 */
    uint64_t s2hi;      /* sum of q^2, bits 128..191 */
} hs_moments;

#define HS_MOMENTS_WORDS 8u

/* llround(x) for |x| < 2^62, inline: truncate, then step away from zero
 * when the fractional part (exact in floating point) is at least one half. */
static inline long long hs_moments_round(double x)
{
    long long t = (long long)x;
    double f = x - (double)t;
    return t + (f >= 0.5) - (f <= -0.5);
}

/* Zero the accumulator. */
void hs_moments_init(hs_moments *m);
/* Add one value (finite, |v| < 2^30; NaN/inf count in nbad, larger finite
 * values in nbig). */
void hs_moments_add(hs_moments *m, double v);
/* hs_moments_add of v[0], v[stride], ..., v[(n - 1) stride] (the sums are
 * exact integers: the same moments in any order). */
void hs_moments_add_many(hs_moments *m, const double *v, size_t n, size_t stride);
/* dst += src, exactly (commutative and associative). */
void hs_moments_merge(hs_moments *dst, const hs_moments *src);
/* Mean of the rounded values q * 2^-32; NAN if n == 0 or nbig > 0. */
double hs_moments_mean(const hs_moments *m);
/* Sample SD (divisor n - 1) of the rounded values; NAN if n < 2 or nbig > 0. The centred
 * sum of squares is computed exactly in integers (then one rounding to double)
 * whenever sum q^2 + n < 2^128 (e.g. sum v^2 < 9.2e18), else in long double. */
double hs_moments_sd(const hs_moments *m);
/* Serialise to / from HS_MOMENTS_WORDS little-endian-limb words:
 * n, nbad, s1 (lo, hi, two's complement), s2lo (lo, hi), s2hi, nbig. */
void hs_moments_pack(const hs_moments *m, uint64_t out[HS_MOMENTS_WORDS]);
void hs_moments_unpack(hs_moments *m, const uint64_t in[HS_MOMENTS_WORDS]);

#endif
