/* tally.h — mergeable accumulators with exact, order-independent merges.
 *
 * Merging partial tallies in any order or grouping gives bit-identical
 * structs, so results do not depend on the rank count or the chunking.
 * Functions returning int give 0 on success and -1 on bad arguments.
 */
#ifndef HS_TALLY_H
#define HS_TALLY_H

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

/* Zero the accumulator. */
void hs_moments_init(hs_moments *m);
/* Add one value (finite, |v| < 2^30; NaN/inf count in nbad, larger finite
 * values in nbig). */
void hs_moments_add(hs_moments *m, double v);
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

/* Fixed-bin histogram over [lo, hi) with nbins equal bins. A value v goes to
 * bin floor((v - lo) * (nbins / (hi - lo))) (capped at nbins - 1) if
 * lo <= v < hi; to underflow if v < lo; to overflow if v >= hi; to the
 * non-finite count if NaN or +-inf. */
typedef struct hs_hist hs_hist;

/* NULL if !(lo < hi), either is not finite, nbins == 0 or out of memory. */
hs_hist *hs_hist_alloc(double lo, double hi, size_t nbins);
void hs_hist_free(hs_hist *h); /* NULL is a no-op */
void hs_hist_reset(hs_hist *h);
void hs_hist_add(hs_hist *h, double v);
/* dst += src; -1 (dst unchanged) unless lo, hi and nbins are identical. */
int hs_hist_merge(hs_hist *dst, const hs_hist *src);
/* The counts as one contiguous array owned by h, length *len = nbins + 3:
 * [0, nbins) bins, [nbins] underflow, [nbins + 1] overflow, [nbins + 2]
 * non-finite. Writable, so a caller may sum arrays element-wise (e.g.
 * MPI_SUM on uint64) and store the result back. */
uint64_t *hs_hist_counts(hs_hist *h, size_t *len);
/* Finite values counted (bins + underflow + overflow). */
uint64_t hs_hist_total(const hs_hist *h);
/* The p-quantile (0 <= p <= 1) of the finite values. With N finite values,
 * t = p N, U = underflow count and c_i = U + counts of bins 0..i-1:
 *   t <= U and U > 0                         -> lo;
 *   else the first bin i with count > 0 and t <= c_i + count_i
 *                                             -> lo + (hi - lo) (i + (t - c_i)/count_i) / nbins,
 *        i.e. linear interpolation inside the bin (values spread evenly in it);
 *   else (t falls in the overflow)            -> hi.
 * NAN if N == 0 or p is outside [0, 1]. */
double hs_hist_quantile(const hs_hist *h, double p);
/* Geometry accessors. */
double hs_hist_lo(const hs_hist *h);
double hs_hist_hi(const hs_hist *h);
size_t hs_hist_nbins(const hs_hist *h);

#endif
