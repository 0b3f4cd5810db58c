/* test_trial.c — one virtual trial (trial.h) on tiny scenarios, checked
 * against a direct re-derivation from the same patients (hs_cohort_draw on
 * the replicate's stream) following the data-cut rules of trial.c / design.md:
 *   events:K  the cut is the calendar time of the K-th event (entry + event,
 *             among patients whose event precedes their dropout), or of the
 *             last event when fewer than K ever occur;
 *   calendar:T  the cut is T months after the first entry;
 *   a patient entering at or after the cut is excluded; one entered before is
 *   followed to min(event, dropout, cut): an event counts only if it happens
 *   by the cut and before dropout.
 * The re-derived data give: events, enrolled, duration, the KM product-limit
 * estimate per arm on the grid, and the unstratified log-rank
 * z = (O1 - E1) / sqrt(V) (Mantel 1966; hypergeometric variance, as
 * survdiff), negative when arm 1 has fewer events than expected.
 * Also: the same replicate twice gives bit-identical results, and the sign of
 * the statistic follows the true HR. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "rng.h"
#include "scenario.h"
#include "scenfix.h"
#include "tap.h"
#include "trial.h"

#define NMAX 400

/* The fixture's exponential design made tiny: seed 99, control median 12
 * months, HR 0.7, n patients over 12 months, analysis at the 5th event,
 * one-sided alpha 0.025, grid 0:24:3; then the overrides given (NULL-ended
 * list of "SECTION.KEY=VALUE"). */
static void tiny_with(hs_scenario *sc, int n, ...)
{
    scenfix f;
    scenfix_exponential(&f);
    f.model[0] = "[model]\nfamily = exponential\nmedian = 12\n";
    scenfix_set(&f, "run.seed=99");
    scenfix_set(&f, "run.replicates=1");
    scenfix_set(&f, "design.n=%d", n);
    scenfix_set(&f, "arm.treated.hr=0.7");
    scenfix_set(&f, "design.accrual=12");
    scenfix_set(&f, "design.analysis=events:5");
    scenfix_set(&f, "design.grid=0:24:3");
    scenfix_set(&f, "design.tau=24");
    va_list ap;
    va_start(ap, n);
    for (const char *ov = va_arg(ap, const char *); ov; ov = va_arg(ap, const char *))
        scenfix_set(&f, "%s", ov);
    va_end(ap);
    scenfix_scenario(&f, sc);
}

static void tiny(hs_scenario *sc, int n) { tiny_with(sc, n, (const char *)NULL); }

typedef struct expect {
    int events, enrolled, ncut, ndrop; /* ncut: events lost to the cut; ndrop: to dropout */
    int ever;                          /* events that ever happen (before dropout) */
    double duration, z, km[2][HS_SC_GRID_MAX];
    int risk[2][HS_SC_GRID_MAX]; /* records of the arm with time >= grid[g] */
} expect;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Re-derive replicate r's analysis data from its patients. */
static void derive(const hs_scenario *sc, uint64_t r, expect *e)
{
    static hs_patient p[NMAX];
    static double cal[NMAX], tm[NMAX];
    static int st[NMAX], arm[NMAX];
    hs_rng rep;
    hs_rng_stream(&rep, sc->seed, sc->index, r);
    hs_cohort_draw(sc, &rep, p);
    double first = INFINITY;
    int m = 0;
    for (int i = 0; i < sc->n; i++) {
        first = fmin(first, p[i].entry);
        if (p[i].event <= p[i].dropout)
            cal[m++] = p[i].entry + p[i].event;
    }
    double cut;
    if (sc->cut == HS_SC_CUT_CALENDAR)
        cut = first + sc->cut_value;
    else if (m == 0)
        cut = INFINITY; /* no event ever: everyone enrolled, followed to dropout */
    else {
        qsort(cal, (size_t)m, sizeof *cal, cmp_double);
        int k = (int)sc->cut_value < m ? (int)sc->cut_value : m;
        cut = cal[k - 1];
    }
    memset(e, 0, sizeof *e);
    e->ever = m;
    int nn = 0;
    for (int i = 0; i < sc->n; i++) {
        if (!(p[i].entry < cut))
            continue;
        double fu = cut - p[i].entry;
        /* decided on the calendar scale, so the K-th event itself counts */
        int d = p[i].event <= p[i].dropout && p[i].entry + p[i].event <= cut;
        e->ncut += p[i].event <= p[i].dropout && !(p[i].entry + p[i].event <= cut);
        e->ndrop += p[i].dropout < p[i].event && p[i].dropout < fu;
        tm[nn] = d ? p[i].event : fmin(p[i].dropout, fu);
        st[nn] = d;
        arm[nn] = p[i].arm;
        e->events += d;
        nn++;
    }
    e->enrolled = nn;
    for (int a = 0; a < 2; a++)
        for (int g = 0; g < sc->ngrid; g++)
            for (int i = 0; i < nn; i++)
                e->risk[a][g] += arm[i] == a && tm[i] >= sc->grid[g];
    e->duration = isfinite(cut) ? cut - first : NAN;
    /* KM per arm on the grid: product over distinct event times <= t;
     * NAN for an arm with nobody enrolled (not estimable) */
    for (int a = 0; a < 2; a++)
        for (int g = 0; g < sc->ngrid; g++) {
            int na = 0;
            for (int i = 0; i < nn; i++)
                na += arm[i] == a;
            double s = na ? 1 : NAN;
            for (int i = 0; i < nn; i++) {
                if (arm[i] != a || !st[i] || tm[i] > sc->grid[g])
                    continue;
                int dup = 0, d = 0, atrisk = 0;
                for (int j = 0; j < nn; j++) {
                    if (arm[j] != a)
                        continue;
                    dup |= j < i && st[j] && tm[j] == tm[i];
                    d += st[j] && tm[j] == tm[i];
                    atrisk += tm[j] >= tm[i];
                }
                if (!dup)
                    s *= 1 - (double)d / atrisk;
            }
            e->km[a][g] = s;
        }
    /* log-rank over distinct event times */
    double o1 = 0, e1 = 0, v = 0;
    for (int i = 0; i < nn; i++) {
        if (!st[i])
            continue;
        int dup = 0, d = 0, d1 = 0, n0 = 0, n1 = 0;
        for (int j = 0; j < nn; j++) {
            dup |= j < i && st[j] && tm[j] == tm[i];
            d += st[j] && tm[j] == tm[i];
            d1 += st[j] && tm[j] == tm[i] && arm[j] == 1;
            n0 += tm[j] >= tm[i] && arm[j] == 0;
            n1 += tm[j] >= tm[i] && arm[j] == 1;
        }
        if (dup)
            continue;
        double N = n0 + n1;
        o1 += d1;
        e1 += d * n1 / N;
        if (N > 1)
            v += d * (n1 / N) * (n0 / N) * (N - d) / (N - 1);
    }
    e->z = v > 0 ? (o1 - e1) / sqrt(v) : NAN;
}

/* Compare hs_trial_run with the re-derivation over R replicates. */
static void check_against(const hs_scenario *sc, int R, const char *what, int want_k,
                          int want_cut)
{
    hs_trial *t = hs_trial_alloc(sc);
    int bad_ev = 0, bad_en = 0, bad_du = 0, bad_km = 0, bad_z = 0, bad_rej = 0, bad_k = 0, bad_risk = 0;
    int partial = 0, ncut = 0, ndrop = 0;
    double zcrit = 1.959963984540054; /* alpha 0.025 one-sided */
    static expect e;
    for (int r = 0; r < R; r++) {
        hs_trial_result res;
        hs_trial_run(t, sc, (uint64_t)r, &res);
        derive(sc, (uint64_t)r, &e);
        bad_ev += res.events != e.events;
        bad_en += res.enrolled != e.enrolled;
        bad_du += isnan(e.duration) ? !isnan(res.duration)
                                    : !(fabs(res.duration - e.duration) <= 1e-12 * fmax(1, e.duration));
        for (int a = 0; a < 2; a++)
            for (int g = 0; g < sc->ngrid; g++)
                bad_km += isnan(e.km[a][g]) ? !isnan(res.km[a][g])
                                            : !(fabs(res.km[a][g] - e.km[a][g]) <= 1e-12);
        for (int a = 0; a < 2; a++)
            for (int g = 0; g < sc->ngrid; g++)
                bad_risk += res.risk[a][g] != e.risk[a][g];
        if (isfinite(e.z)) {
            bad_z += !(fabs(res.z - e.z) <= 1e-9 * fmax(1, fabs(e.z)));
            bad_rej += res.reject != (res.z < -zcrit);
        }
        if (want_k)
            bad_k += res.events != (e.ever < (int)sc->cut_value ? e.ever : (int)sc->cut_value);
        partial += e.enrolled < sc->n;
        ncut += e.ncut;
        ndrop += e.ndrop;
    }
    hs_trial_free(t);
    is_int(bad_ev, 0, "%s: event count as derived (%d replicates)", what, R);
    is_int(bad_en, 0, "%s: entries at or after the cut excluded (%d replicates had late entrants)",
           what, partial);
    is_int(bad_du, 0, "%s: duration = cut - first entry", what);
    is_int(bad_km, 0, "%s: KM on the grid per arm = product-limit of the cut data (1e-12)", what);
    is_int(bad_risk, 0, "%s: numbers at risk on the grid per arm = records with time >= grid point", what);
    is_int(bad_z, 0, "%s: log-rank z = (O1-E1)/sqrt(V) (1e-9 relative)", what);
    is_int(bad_rej, 0, "%s: reject == (z < -1.96) for one-sided alpha 0.025", what);
    if (want_k)
        is_int(bad_k, 0, "%s: exactly K = %g events counted (all if fewer ever occur)", what,
               sc->cut_value);
    diag("%s: %d events censored by the cut, %d patients censored by dropout", what, ncut, ndrop);
    ok((ncut > 0) == want_cut && (sc->arm[0].dropout_rate == 0 || ndrop > 0),
       "%s: the cases occur (%s%s)", what,
       want_cut ? "events past the cut" : "no event past a cut at the last event",
       sc->arm[0].dropout_rate > 0 ? ", dropout" : "");
}

static void test_cuts(void)
{
    hs_scenario sc;
    tiny(&sc, 12);
    check_against(&sc, 300, "events:5, n 12", 1, 1);

    tiny_with(&sc, 12, "design.analysis=calendar:10", (const char *)NULL);
    check_against(&sc, 300, "calendar:10, n 12", 0, 1);

    /* yearly 0.38: about 0.04 per month */
    tiny_with(&sc, 12, "design.dropout=0.38", (const char *)NULL);
    check_against(&sc, 300, "events:5, dropout 0.38/year", 1, 1);

    /* K = n with heavy dropout (yearly 0.7: 0.1 per month): fewer than K
     * events ever -> cut at the last */
    tiny_with(&sc, 12, "design.analysis=events:12", "design.dropout=0.7", (const char *)NULL);
    check_against(&sc, 300, "events:12 of 12, dropout 0.7/year", 1, 0);

    /* numbers at risk on an evenly spaced grid of a fractional step (its
     * arithmetic path, rounding near every point) and on an uneven grid
     * (the search); grid points on the times themselves via dropout's
     * calendar cut */
    tiny_with(&sc, 40, "design.grid=0:24:0.1", "design.tau=12", (const char *)NULL);
    check_against(&sc, 200, "grid 0:24:0.1, n 40", 1, 1);
    tiny_with(&sc, 40, "design.grid=0, 0.5, 1, 2.5, 3, 7, 7.25, 12, 24", "design.tau=12", (const char *)NULL);
    check_against(&sc, 200, "uneven grid, n 40", 1, 1);
}

static int same_result(const hs_trial_result *a, const hs_trial_result *b, const double *km0,
                       const double *km1, int ngrid)
{
    return a->reject == b->reject && memcmp(&a->z, &b->z, sizeof a->z) == 0 &&
           memcmp(&a->hr, &b->hr, sizeof a->hr) == 0 &&
           memcmp(&a->log_hr_se, &b->log_hr_se, sizeof a->hr) == 0 && a->events == b->events &&
           a->enrolled == b->enrolled && memcmp(&a->duration, &b->duration, sizeof(double)) == 0 &&
           memcmp(a->median, b->median, sizeof a->median) == 0 &&
           memcmp(a->rmst, b->rmst, sizeof a->rmst) == 0 &&
           memcmp(b->km[0], km0, (size_t)ngrid * sizeof(double)) == 0 &&
           memcmp(b->km[1], km1, (size_t)ngrid * sizeof(double)) == 0;
}

static void test_repeat(void)
{
    hs_scenario sc;
    tiny_with(&sc, 100, "design.analysis=events:50", "design.dropout=0.11", (const char *)NULL);
    hs_trial *t = hs_trial_alloc(&sc);
    hs_trial_result a, b;
    double km0[HS_SC_GRID_MAX], km1[HS_SC_GRID_MAX];
    hs_trial_run(t, &sc, 5, &a);
    memcpy(km0, a.km[0], (size_t)sc.ngrid * sizeof(double));
    memcpy(km1, a.km[1], (size_t)sc.ngrid * sizeof(double));
    hs_trial_run(t, &sc, 6, &b);
    ok(!same_result(&a, &b, km0, km1, sc.ngrid), "replicate 6 differs from replicate 5");
    hs_trial_run(t, &sc, 5, &b);
    ok(same_result(&a, &b, km0, km1, sc.ngrid), "replicate 5 again (after 6): bit-identical");
    hs_trial *t2 = hs_trial_alloc(&sc);
    hs_trial_run(t2, &sc, 5, &b);
    ok(same_result(&a, &b, km0, km1, sc.ngrid), "replicate 5 in a fresh workspace: bit-identical");
    hs_trial_free(t2);
    hs_trial_free(t);
}

static void test_sign(void)
{
    hs_scenario sc;
    const double hr[2] = {0.4, 2.5};
    for (int k = 0; k < 2; k++) {
        for (int sides = 1; sides <= 2; sides++) {
            char ov[3][64];
            snprintf(ov[0], sizeof ov[0], "arm.treated.hr=%g", hr[k]);
            snprintf(ov[1], sizeof ov[1], "design.sides=%d", sides);
            snprintf(ov[2], sizeof ov[2], "design.alpha=%g", sides == 1 ? 0.025 : 0.05);
            tiny_with(&sc, 200, "design.analysis=events:100", ov[0], ov[1], ov[2],
                      (const char *)NULL);
            hs_trial *t = hs_trial_alloc(&sc);
            int neg = 0, rej = 0, hrlow = 0;
            const int R = 40;
            for (int r = 0; r < R; r++) {
                hs_trial_result res;
                hs_trial_run(t, &sc, (uint64_t)r, &res);
                neg += res.z < 0;
                rej += res.reject;
                hrlow += res.hr < 1;
            }
            hs_trial_free(t);
            if (sides == 1)
                ok(k == 0 ? neg == R && hrlow == R : neg == 0 && hrlow == 0,
                   "true HR %.1f: z %s 0 and Cox HR %s 1 in all %d replicates", hr[k],
                   k == 0 ? "<" : ">", k == 0 ? "<" : ">", R);
            /* power at HR 0.4 or 2.5 with 100 events is > 0.99 (Schoenfeld) */
            if (k == 0 || sides == 2)
                ok(rej >= R - 2, "true HR %.1f, %d-sided: rejects in %d of %d", hr[k], sides, rej, R);
            else
                is_int(rej, 0, "true HR %.1f (experimental worse), one-sided: never rejects", hr[k]);
        }
    }
}

/* events:K gives exactly K events (no ties here) also at absurd magnitudes
 * (issue 12 item 7): a Weibull scale of 1e-20 months makes every event time
 * smaller than the ulp of the entry time (entry + event == entry), which lost
 * the K-th event (59 of 60 in every replicate); an accrual of 1e12 months
 * makes entries huge next to the event times. */
static void test_extreme_times(void)
{
    hs_scenario sc;
    tiny(&sc, 120);
    sc.cut_value = 60;
    for (int a = 0; a < 2; a++) {
        sc.arm[a].model.family = HS_FAM_WEIBULL;
        sc.arm[a].model.par[0] = 1.6;
        sc.arm[a].model.par[1] = 1e-20;
    }
    sc.accrual_months = 24;
    for (int c = 0; c < 2; c++) {
        if (c == 1) {
            sc.arm[0].model.par[1] = sc.arm[1].model.par[1] = 58;
            sc.accrual_months = 1e12;
        }
        hs_trial *t = hs_trial_alloc(&sc);
        int good = 0, lo = 1 << 30, hi = -1;
        const int R = 30;
        for (int r = 0; r < R && t; r++) {
            hs_trial_result res;
            hs_trial_run(t, &sc, (uint64_t)r, &res);
            good += res.events == 60;
            lo = res.events < lo ? res.events : lo;
            hi = res.events > hi ? res.events : hi;
        }
        hs_trial_free(t);
        is_int(good, R, "%s: 60 events in every replicate (min %d, max %d)",
               c == 0 ? "Weibull scale 1e-20" : "accrual 1e12 months", lo, hi);
    }
}

int main(void)
{
    plan(6 * 9 - 1 + 3 + 6 + 2);
    test_extreme_times();
    test_cuts();
    test_repeat();
    test_sign();
    return tap_done();
}
