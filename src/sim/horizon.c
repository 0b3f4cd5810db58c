/* horizon.c — see horizon.h. */
#include "horizon.h"

#include <math.h>

#include "analytic.h"

int hs_horizon_months(const hs_scenario *sc, double *months)
{
    double t = NAN;
    if (sc->cut == HS_SC_CUT_CALENDAR) {
        t = sc->cut_value;
    } else if (sc->cut == HS_SC_CUT_EVENTS) {
        hs_analytic *a = hs_analytic_alloc(sc);
        if (!a || hs_analytic_event_time(a, sc->n, sc->cut_value, &t) != 0)
            t = NAN;
        hs_analytic_free(a);
    }
    if (!(t > 0) || !isfinite(t) || t > 1e5)
        return -1;
    /* a whole 6 months; an exact multiple (calendar:36) stays itself */
    *months = 6.0 * ceil(t / 6.0 - 1e-9);
    return 0;
}

void hs_horizon_apply(const hs_config *c, hs_scenario *sc)
{
    double T;
    if (!c->design.grid_default || sc->ngrid == 0 || hs_horizon_months(sc, &T) != 0)
        return;
    double step = T <= 120 ? 1.0 : ceil(T / 120.0);
    int n = (int)floor(T / step + 1e-9) + 1; /* at most 121 */
    for (int k = 0; k < n; k++)
        sc->grid[k] = step * k;
    if (sc->grid[n - 1] < T) /* the horizon itself is always a grid time */
        sc->grid[n++] = T;
    sc->ngrid = n;
}
