/* test_lrcut.c — the log-rank of calendar cuts from two orders against
 * hs_logrank_run on the materialised cut (the simulator's data-cut rule
 * written out with event and dropout times, as trial.c's cut_data) and
 * against a brute-force O(n^2) evaluation of O - E and V: thousands of
 * random trials with ties (times on a coarse grid), 1 to 3 strata, cure
 * fractions (event = INFINITY), dropouts equal to event times, cuts before
 * anyone entered, at an entry, at an event's calendar time and one double
 * either side of it, and infinite; times and entries spread over many
 * orders of magnitude (the sort's fallback). Tolerance 1e-12 relative; z is also
 * required to be identical to the last bit (the same sums in the same
 * order), which keeps the simulator's results unchanged. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "logrank.h"
#include "lrcut.h"
#include "survdata.h"
#include "tap.h"

#define NMAX 80
#define KMAX 3
#define REL 1e-12

typedef struct trial {
    int n, nstrata;
    double entry[NMAX], event[NMAX], dropout[NMAX];
    int arm[NMAX], stratum[NMAX];
} trial;

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static double unif(void) /* (0, 1) */
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return ((double)(rng_state >> 11) + 0.5) / 9007199254740992.0;
}

static double expo(double mean, int grid)
{
    double v = -log(unif()) * mean;
    return grid ? floor(v * 2.0) / 2.0 : v; /* ties and zeros on a half-month grid */
}

static void draw(trial *t)
{
    int grid = unif() < 0.6, skew = !grid && unif() < 0.1; /* keys crowding into a few buckets */
    t->n = 1 + (int)(unif() * NMAX);
    t->nstrata = 1 + (int)(unif() * KMAX);
    double cure = unif() < 0.4 ? 0.3 : 0.0, pdrop = unif() < 0.5 ? 0.4 : 0.0;
    int onearm = unif() < 0.05;
    for (int i = 0; i < t->n; i++) {
        double e = unif() * 24.0;
        t->entry[i] = grid ? floor(e) : skew ? 24.0 * pow(unif(), 40.0) : e;
        t->event[i] = unif() < cure ? INFINITY : skew ? exp(unif() * 200.0 - 100.0) : expo(12.0, grid);
        t->dropout[i] = unif() < pdrop ? expo(20.0, grid) : INFINITY;
        if (grid && unif() < 0.05)
            t->dropout[i] = t->event[i]; /* event and dropout tie: an event */
        t->arm[i] = onearm ? 1 : unif() < 0.5;
        t->stratum[i] = (int)(unif() * t->nstrata);
    }
}

/* The data cut at c, as trial.c's cut_data; returns the number in the cut,
 * -1 when a time is not finite (hs_survdata_load would refuse it). */
static int materialise(const trial *t, double c, double *time, int *status, int *arm, int *str)
{
    int m = 0, bad = 0;
    for (int i = 0; i < t->n; i++) {
        int d = t->event[i] <= t->dropout[i] && t->entry[i] + t->event[i] <= c;
        if (!(t->entry[i] < c) && !(d && t->entry[i] <= c))
            continue;
        double fu = c - t->entry[i];
        time[m] = d ? t->event[i] : (t->dropout[i] < fu ? t->dropout[i] : fu);
        bad |= !isfinite(time[m]);
        status[m] = d;
        arm[m] = t->arm[i];
        str[m] = t->stratum[i];
        m++;
    }
    return bad ? -1 : m;
}

/* O1 - E1 and V by the definition: risk sets counted at each event time. */
static void brute(int m, const double *time, const int *status, const int *arm, const int *str,
                  int nstrata, double *oe, double *v)
{
    *oe = *v = 0;
    for (int k = 0; k < nstrata; k++)
        for (int i = 0; i < m; i++) {
            if (str[i] != k || !status[i])
                continue;
            int first = 1;
            for (int j = 0; j < i; j++)
                first &= !(str[j] == k && status[j] && time[j] == time[i]);
            if (!first)
                continue;
            double N = 0, N1 = 0, D = 0, D1 = 0;
            for (int j = 0; j < m; j++) {
                if (str[j] != k || time[j] < time[i])
                    continue;
                N += 1;
                N1 += arm[j];
                if (time[j] == time[i] && status[j]) {
                    D += 1;
                    D1 += arm[j];
                }
            }
            *oe += D1 - D * N1 / N;
            if (N > 1)
                *v += D * (N - D) / (N - 1) * (N1 / N) * (1 - N1 / N);
        }
}

static int close_rel(double a, double b)
{
    if (isnan(a) || isnan(b))
        return isnan(a) && isnan(b);
    return fabs(a - b) <= REL * fmax(fabs(b), 1e-300) || a == b;
}

int main(void)
{
    plan(12);
    hs_lrcut *w = hs_lrcut_alloc(NMAX, KMAX);
    hs_survdata *sd = hs_survdata_alloc(NMAX, 2, KMAX, 0);
    ok(w && sd && !hs_lrcut_alloc(0, 1) && !hs_lrcut_alloc(1, 0), "alloc: sizes checked");
    static trial t;
    double time[NMAX];
    int status[NMAX], arm[NMAX], str[NMAX];
    long cuts = 0, refused = 0, tested = 0, empty = 0, noevent = 0, invalid = 0, ties = 0;
    long bad_status = 0, bad_count = 0, bad_z = 0, bad_oe = 0, bad_v = 0, bad_ref = 0, not_exact = 0;
    double worst = 0;
    for (int rep = 0; rep < 4000; rep++) {
        draw(&t);
        for (int i = 0; i < t.n; i++) {
            int d = t.event[i] <= t.dropout[i];
            w->x[i] = d ? t.event[i] : t.dropout[i];
            w->d[i] = d;
            w->e[i] = t.entry[i];
            w->g[i] = t.arm[i];
            w->s[i] = t.stratum[i];
        }
        double cq[12], cmax = -INFINITY;
        for (int q = 0; q < 12; q++) {
            int i = (int)(unif() * t.n);
            double ce = t.entry[i] + t.event[i];
            double c;
            switch (q) {
            case 0: c = -1.0; break;                   /* before anyone entered */
            case 1: c = t.entry[i]; break;             /* at an entry */
            case 2: c = INFINITY; break;
            case 3: case 4: c = ce; break;             /* at an event (if finite) */
            case 5: c = nextafter(ce, 0); break;
            case 6: c = nextafter(ce, INFINITY); break;
            default: c = unif() * 60.0; break;
            }
            if (!isfinite(c) && q != 2)
                c = unif() * 60.0;
            cq[q] = c;
            cmax = isfinite(c) && c > cmax ? c : cmax;
        }
        /* odd trials: orders for every cut; even: up to the latest finite
         * cut (fewer records sorted), which refuses the infinite cut */
        if (rep % 2)
            cmax = INFINITY;
        if (hs_lrcut_sort(w, t.n, t.nstrata, cmax) != HS_LRCUT_OK) {
            bad_status++;
            continue;
        }
        for (int q = 0; q < 12; q++) {
            double c = cq[q];
            cuts++;
            int m = materialise(&t, c, time, status, arm, str);
            hs_lrcut_result r;
            int st = hs_lrcut_run(w, c, &r);
            if (c > cmax) {
                refused++;
                bad_status += st != HS_LRCUT_EINVAL;
                continue;
            }
            if (m < 0) { /* the materialised cut cannot be loaded: nor can it be cut */
                invalid++;
                bad_status += st != HS_LRCUT_EINVAL;
                continue;
            }
            if (st != HS_LRCUT_OK) {
                bad_status++;
                continue;
            }
            int ev = 0, n1 = 0;
            for (int j = 0; j < m; j++) {
                ev += status[j];
                n1 += arm[j];
                for (int k = 0; k < j; k++)
                    ties += time[k] == time[j] && str[k] == str[j];
            }
            bad_count += r.n != m || r.events != ev || r.n1 != n1;
            if (m == 0) {
                empty++;
                bad_z += !isnan(r.z);
                continue;
            }
            if (ev == 0)
                noevent++;
            hs_logrank_result lr;
            if (hs_survdata_load(sd, m, time, status, arm, 2, str, t.nstrata, NULL, 0) != HS_SURV_OK ||
                hs_logrank_run(sd, 0, 0, &lr) != HS_SURV_OK) {
                bad_ref++;
                continue;
            }
            tested++;
            double oe, v;
            brute(m, time, status, arm, str, t.nstrata, &oe, &v);
            bad_z += !close_rel(r.z, lr.z);
            not_exact += !(r.z == lr.z || (isnan(r.z) && isnan(lr.z))) || r.o[1] != lr.o[1] ||
                         r.e[1] != lr.e[1] || r.o[0] != lr.o[0] || r.e[0] != lr.e[0];
            bad_oe += !close_rel(r.o[1] - r.e[1], lr.o[1] - lr.e[1]) ||
                      fabs((r.o[1] - r.e[1]) - oe) > REL * (fabs(oe) + r.e[1] + 1e-300) * 100;
            bad_v += !(fabs(r.v - v) <= 1e-10 * v || r.v == v);
            if (isfinite(r.z) && isfinite(lr.z))
                worst = fmax(worst, fabs(r.z - lr.z) / fmax(fabs(lr.z), 1e-300));
        }
    }
    diag("%ld cuts: %ld compared, %ld empty, %ld without events, %ld with a non-finite time, "
         "%ld beyond cmax; %ld tied pairs; max |dz|/|z| = %.3g",
         cuts, tested, empty, noevent, invalid, refused, ties, worst);
    ok(bad_status == 0, "status as the materialised cut's (%ld differ)", bad_status);
    ok(bad_ref == 0, "every non-empty cut loads for the reference (%ld not)", bad_ref);
    ok(bad_count == 0, "records, group-1 records and events in the cut (%ld differ)", bad_count);
    ok(bad_z == 0, "z = hs_logrank_run's to %g relative (%ld differ)", REL, bad_z);
    ok(bad_oe == 0, "O1 - E1 = hs_logrank_run's and the brute force's (%ld differ)", bad_oe);
    ok(bad_v == 0, "V = the brute force's to 1e-10 relative (%ld differ)", bad_v);
    ok(not_exact == 0, "z, O and E identical to the last bit (%ld not)", not_exact);
    ok(tested > 20000 && empty > 1000 && noevent > 500 && invalid > 500 && refused > 1000 && ties > 100000,
       "the cases were exercised");

    /* a hand case: 4 records, one stratum; cut at 10 */
    double hx[4] = {2, 3, 20, 1}, he[4] = {0, 1, 0, 9.5};
    int hd[4] = {1, 1, 0, 1}, hg[4] = {0, 1, 1, 0};
    for (int i = 0; i < 4; i++) {
        w->x[i] = hx[i];
        w->e[i] = he[i];
        w->d[i] = hd[i];
        w->g[i] = hg[i];
        w->s[i] = 0;
    }
    hs_lrcut_result r;
    int st = hs_lrcut_sort(w, 4, 1, INFINITY) | hs_lrcut_run(w, 10.0, &r);
    /* in the cut: censored at 0.5 (g0: 9.5 + 1 > 10) and 10 (g1), events at
     * 2 (g0; n = 3, n1 = 2) and 3 (g1; n = 2, n1 = 2: no variance) */
    double e1 = 2.0 / 3.0 + 1.0, v = (2.0 / 3.0) * (1.0 / 3.0) + 0.0;
    ok(st == HS_LRCUT_OK && r.n == 4 && r.events == 2, "hand case: counts");
    is_rel(r.z, (1.0 - e1) / sqrt(v), 1e-14, "hand case: z = (O1 - E1) / sqrt(V)");

    w->x[0] = -1;
    int bad1 = hs_lrcut_sort(w, 4, 1, INFINITY);
    w->x[0] = 2;
    w->s[1] = 1;
    int bad2 = hs_lrcut_sort(w, 4, 1, INFINITY);
    w->s[1] = 0;
    w->e[2] = NAN;
    int bad3 = hs_lrcut_sort(w, 4, 1, INFINITY);
    ok(bad1 == HS_LRCUT_EINVAL && bad2 == HS_LRCUT_EINVAL && bad3 == HS_LRCUT_EINVAL &&
           hs_lrcut_sort(w, NMAX + 1, 1, INFINITY) == HS_LRCUT_EINVAL && hs_lrcut_sort(w, 4, KMAX + 1, INFINITY) == HS_LRCUT_EINVAL,
       "sort: bad data refused");
    hs_lrcut_free(w);
    hs_survdata_free(sd);
    hs_lrcut_free(NULL);
    return tap_done();
}
