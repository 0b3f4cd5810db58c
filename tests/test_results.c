/* test_results.c — the Wilson interval of results.c (issue 12 item 20):
 * exactly 0 below with no rejections and exactly 1 above with all (before:
 * 4.3e-19 from rounding), and the textbook values in between. */
#include <math.h>

#include "results.h"
#include "tap.h"

int main(void)
{
    plan(8);
    double lo, hi;
    static const unsigned long long ns[3] = {20, 1000, 12345};
    for (int i = 0; i < 3; i++) {
        hs_results_wilson(0, ns[i], &lo, &hi);
        ok(lo == 0.0 && hi > 0 && hi < 1, "0 of %llu: low exactly 0 (%.3g), high %.6g", ns[i], lo, hi);
        hs_results_wilson(ns[i], ns[i], &lo, &hi);
        ok(hi == 1.0 && lo > 0 && lo < 1, "%llu of %llu: high exactly 1 (1 - %.3g)", ns[i], ns[i], 1 - hi);
    }
    /* 0 of 20: upper bound z^2 / (n + z^2) = 0.161125 (z = 1.959964) */
    hs_results_wilson(0, 20, &lo, &hi);
    double z2 = 1.959963984540054 * 1.959963984540054;
    is_double(hi, z2 / (20 + z2), 1e-14, "0 of 20: high = z^2 / (n + z^2)");
    /* 5 of 10: symmetric about 0.5 */
    hs_results_wilson(5, 10, &lo, &hi);
    is_double(lo + hi, 1.0, 1e-14, "5 of 10: symmetric (%.6f, %.6f)", lo, hi);
    return tap_done();
}
