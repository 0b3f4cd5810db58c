/* resfmt.c — see resfmt.h.
 *
 * Proportion: p = k/R, MC SE sqrt(p(1-p)/R), Wilson score interval (Wilson 1927)
 *   (p + z^2/2R +- z sqrt(p(1-p)/R + z^2/4R^2)) / (1 + z^2/R), z = 1.959964. */
#include "resfmt.h"

#include <math.h>

#define Z975 1.959963984540054

void hs_results_wilson(uint64_t k, uint64_t n, double *lo, double *hi)
{
    if (n == 0) {
        *lo = *hi = NAN;
        return;
    }
    double N = (double)n, p = (double)k / N, z2 = Z975 * Z975;
    double c = (p + z2 / (2 * N)) / (1 + z2 / N);
    double h = Z975 * sqrt(p * (1 - p) / N + z2 / (4 * N * N)) / (1 + z2 / N);
    /* at k = 0 (k = n) the bound is exactly 0 (1); c - h would leave a
     * rounding residue like 4e-19 */
    *lo = k == 0 || c - h < 0 ? 0 : c - h;
    *hi = k == n || c + h > 1 ? 1 : c + h;
}

void hs_results_proportion(uint64_t k, uint64_t n, double *p, double *se)
{
    *p = n ? (double)k / (double)n : NAN;
    *se = n ? sqrt(*p * (1 - *p) / (double)n) : NAN;
}

void hs_results_num(hs_sbuf *b, double v)
{
    if (isfinite(v))
        hs_sbuf_printf(b, ",%.10g", v);
    else
        hs_sbuf_printf(b, ",NA");
}

json_t *hs_results_jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }
