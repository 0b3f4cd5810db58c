/* hist.h — fixed-bin histograms with exact, order-independent merges.
 *
 * Merging partial histograms in any order or grouping gives bit-identical
 * counts, so results do not depend on the rank count or the chunking.
 * Functions returning int give 0 on success and -1 on bad arguments.
 */
#ifndef HS_HIST_H
#define HS_HIST_H

#include <stddef.h>
#include <stdint.h>

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
/* hs_hist_add of v[0], v[stride], ..., v[(n - 1) stride]: one histogram's
 * share of a batch, its bins written close together in time. */
void hs_hist_add_many(hs_hist *h, const double *v, size_t n, size_t stride);
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
