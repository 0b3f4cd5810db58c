/* test_priordraw.c — a replicate's draw from the prior (priordraw.h; design.md
 * "Assurance"; issue 16 "Validation"), on the scenfix exponential design
 * (control median 30 from a model file, treated = reference control, hr 0.6)
 * with [prior] keys given as --set prior.KEY=DIST:
 *   - a key draws the same values whether or not other keys are in the prior
 *     (its stream place depends on its name only);
 *   - common random numbers: the patients of replicate r (hs_cohort_draw on
 *     the replicate's stream) are the same with and without the prior when the
 *     prior touches no arm's model (design.dropout fixed at the config's value:
 *     the whole trial result too); with a prior on hr only the experimental
 *     arm's event times change; with one on design.dropout only dropout times;
 *   - the drawn HR equals the drawn hr for a reference arm with PH;
 *   - the assurance ceiling of lognormal:MU,SIGMA is Phi(-MU/SIGMA) within
 *     4 MC SE;
 *   - coverage: the draws of each prior (normal truncated to its key's range,
 *     lognormal, gamma, beta, uniform, and the normal margin of a from_fit
 *     parameter) fall in each of the 20 equal-probability bins of that prior
 *     (bins from hs_prior_cdf / the normal CDF, independent of the draw's own
 *     u) with share 1/20 within 4 SE; and the draw's u equals the truncated
 *     CDF at the drawn value (to 1e-9), so the accumulator's bins are the
 *     prior's;
 *   - absurd priors (beta near (0, 0), uniform over a whole range, gamma with
 *     a huge or tiny shape, lognormal with SD 30): draws finite, in range,
 *     open ends excluded;
 *   - inversion: CDF(draw(u)) = u from u = 1e-9 to 1 - 1e-9, ordinary and
 *     extreme priors. */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "priordraw.h"
#include "rng.h"
#include "scenario.h"
#include "scenfix.h"
#include "tap.h"
#include "trial.h"

#define NPAT 240
#define BINS 20

/* The fixture with design.dropout = 0.05 and the given overrides (NULL-ended). */
static hs_scenario *make(const char *first, ...)
{
    scenfix f;
    scenfix_exponential(&f);
    scenfix_set(&f, "design.dropout=0.05");
    va_list ap;
    va_start(ap, first);
    for (const char *ov = first; ov; ov = va_arg(ap, const char *))
        scenfix_set(&f, "%s", ov);
    va_end(ap);
    hs_scenario *sc = malloc(sizeof *sc);
    if (!sc) {
        printf("Bail out! out of memory\n");
        exit(1);
    }
    scenfix_scenario(&f, sc);
    return sc;
}

/* Index of the quantity named `name` in sc's draws, or -1. */
static int quantity(const hs_scenario *sc, const char *name)
{
    for (int q = 0; q < hs_priordraw_count(sc); q++)
        if (!strcmp(hs_priordraw_name(sc, q), name))
            return q;
    return -1;
}

/* Replicates 0 .. m-1 of `name`'s draw equal in a and b, bit for bit. */
static int same_draws(const hs_scenario *a, const hs_scenario *b, const char *name, int m)
{
    int qa = quantity(a, name), qb = quantity(b, name);
    if (qa < 0 || qb < 0)
        return 0;
    hs_scenario *da = malloc(sizeof *da), *db = malloc(sizeof *db);
    *da = *a;
    *db = *b;
    int same = 1;
    hs_priordraw x, y;
    for (int r = 0; r < m; r++) {
        hs_priordraw_run(a, (uint64_t)r, da, &x);
        hs_priordraw_run(b, (uint64_t)r, db, &y);
        same &= memcmp(&x.value[qa], &y.value[qb], sizeof(double)) == 0;
    }
    free(da);
    free(db);
    return same;
}

static void test_independent_keys(void)
{
    hs_scenario *one = make("prior.arm.treated.hr=lognormal:-0.5,0.3", (const char *)NULL);
    hs_scenario *three = make("prior.design.accrual=uniform:18,30", "prior.arm.treated.hr=lognormal:-0.5,0.3",
                              "prior.design.dropout=beta:2,30", (const char *)NULL);
    hs_scenario *drop = make("prior.design.dropout=beta:2,30", (const char *)NULL);
    ok(hs_priordraw_count(one) == 2 && hs_priordraw_count(three) == 4,
           "draw counts: 1 key + drawn HR (%d), 3 keys + drawn HR (%d)", hs_priordraw_count(one),
           hs_priordraw_count(three));
    ok(same_draws(one, three, "arm.treated.hr", 2000),
           "arm.treated.hr draws the same 2000 values alone and among 3 keys (listed second)");
    ok(same_draws(drop, three, "design.dropout", 2000),
           "design.dropout draws the same 2000 values alone and among 3 keys (listed last)");
    /* and the draws do vary (the comparison is not vacuous) */
    hs_scenario *d = malloc(sizeof *d);
    *d = *one;
    hs_priordraw x, y;
    hs_priordraw_run(one, 0, d, &x);
    hs_priordraw_run(one, 1, d, &y);
    ok(x.value[0] != y.value[0], "replicates 0 and 1 draw different hr (%.6g, %.6g)", x.value[0], y.value[0]);
    free(d);
    free(one);
    free(three);
    free(drop);
}

/* Patients of replicate r of plain and of the prior's draw for r. Returns a
 * bit set: 1 entry/arm/covariates differ, 2 control events differ,
 * 4 experimental events differ, 8 dropouts differ. */
static int patient_diff(const hs_scenario *plain, const hs_scenario *prior, int m)
{
    static hs_patient p[NPAT], q[NPAT];
    hs_scenario *d = malloc(sizeof *d);
    *d = *prior;
    int diff = 0;
    hs_priordraw x;
    for (int r = 0; r < m; r++) {
        hs_rng rep;
        hs_rng_stream(&rep, plain->seed, plain->index, (uint64_t)r);
        hs_cohort_draw(plain, &rep, p);
        hs_priordraw_run(prior, (uint64_t)r, d, &x);
        hs_rng_stream(&rep, d->seed, d->index, (uint64_t)r);
        hs_cohort_draw(d, &rep, q);
        for (int i = 0; i < plain->n; i++) {
            if (p[i].entry != q[i].entry || p[i].arm != q[i].arm ||
                memcmp(p[i].level, q[i].level, sizeof p[i].level))
                diff |= 1;
            if (memcmp(&p[i].event, &q[i].event, sizeof(double)))
                diff |= p[i].arm == 0 ? 2 : 4;
            if (memcmp(&p[i].dropout, &q[i].dropout, sizeof(double)))
                diff |= 8;
        }
    }
    free(d);
    return diff;
}

static void test_common_random_numbers(void)
{
    hs_scenario *plain = make((const char *)NULL);
    hs_scenario *fixed = make("prior.design.dropout=fixed:0.05", (const char *)NULL);
    hs_scenario *hr = make("prior.arm.treated.hr=lognormal:-0.5,0.3", (const char *)NULL);
    hs_scenario *drop = make("prior.design.dropout=beta:2,30", (const char *)NULL);
    ok(plain->n == NPAT && hs_scenario_has_prior(fixed) && !hs_scenario_has_prior(plain),
           "fixture: %d patients, prior only where given", plain->n);
    int dfix = patient_diff(plain, fixed, 50);
    ok(dfix == 0, "design.dropout = fixed:0.05 (the config's): every patient of 50 replicates "
           "identical to the plain run's (diff bits %d)", dfix);
    /* the trial result too */
    hs_scenario *d = malloc(sizeof *d);
    *d = *fixed;
    hs_trial *t = hs_trial_alloc(plain);
    int same = t != NULL;
    hs_priordraw x;
    for (int r = 0; r < 50 && same; r++) {
        hs_trial_result a, b;
        hs_trial_run(t, plain, (uint64_t)r, &a);
        double za = a.z;
        int ea = a.events, ra = a.reject;
        hs_priordraw_run(fixed, (uint64_t)r, d, &x);
        hs_trial_run(t, d, (uint64_t)r, &b);
        same = memcmp(&za, &b.z, sizeof za) == 0 && ea == b.events && ra == b.reject;
    }
    ok(same, "the same 50 trials: z, events and decision bit-identical with the fixed prior");
    hs_trial_free(t);
    free(d);
    int dhr = patient_diff(plain, hr, 50);
    ok(dhr == 4, "prior on hr: entry, arm, covariates, control events and dropouts unchanged, "
           "experimental events changed (diff bits %d, want 4)", dhr);
    int ddrop = patient_diff(plain, drop, 50);
    ok(ddrop == 8, "prior on design.dropout: only dropout times change (diff bits %d, want 8)", ddrop);
    free(plain);
    free(fixed);
    free(hr);
    free(drop);
}

static void test_drawn_hr(void)
{
    hs_scenario *sc = make("prior.arm.treated.hr=lognormal:-0.5,0.3", (const char *)NULL);
    hs_scenario *d = malloc(sizeof *d);
    *d = *sc;
    int q = quantity(sc, "drawn_hr");
    double worst = 0;
    hs_priordraw x;
    for (int r = 0; r < 1000 && q >= 0; r++) {
        hs_priordraw_run(sc, (uint64_t)r, d, &x);
        double rel = fabs(x.value[q] / x.value[0] - 1);
        worst = rel > worst || isnan(rel) ? rel : worst;
        if (!isnan(x.u[q]))
            worst = NAN;
    }
    ok(q == 1 && hs_priordraw_has_hr(sc) && worst <= 1e-12,
           "drawn HR = drawn hr (reference arm, PH) over 1000 draws: worst relative error %.3g <= 1e-12", worst);
    free(d);
    free(sc);
}

static void test_ceiling(void)
{
    const double mu[3] = {-0.3, -0.05, 0.2}, sigma[3] = {0.4, 0.5, 0.3};
    for (int i = 0; i < 3; i++) {
        char set[96];
        snprintf(set, sizeof set, "prior.arm.treated.hr=lognormal:%g,%g", mu[i], sigma[i]);
        hs_scenario *sc = make(set, (const char *)NULL);
        const uint64_t m = 20000;
        double p, se;
        int rc = hs_priordraw_ceiling(sc, m, &p, &se);
        double want = gsl_cdf_ugaussian_P(-mu[i] / sigma[i]);
        double tol = 4 * sqrt(want * (1 - want) / (double)m);
        ok(rc == 0 && fabs(p - want) <= tol, "ceiling of lognormal:%g,%g = %.4f, Phi(-MU/SIGMA) = %.4f (4 SE %.4f)",
               mu[i], sigma[i], p, want, tol);
        free(sc);
    }
    hs_scenario *sc = make("prior.design.dropout=beta:2,30", (const char *)NULL);
    double p, se;
    hs_priordraw_ceiling(sc, 100, &p, &se);
    ok(p == 1 && se == 0, "a prior that bears on no arm's survival (design.dropout): ceiling 1, SE 0");
    free(sc);
}

/* The draws of quantity q over m replicates in the 20 bins of cdf; every
 * share 1/20 within 4 SE; u = cdf(value) to 1e-9. */
static void coverage(const hs_scenario *sc, const char *name, double (*cdf)(const hs_scenario *, int, double),
                     int m)
{
    int q = quantity(sc, name);
    hs_scenario *d = malloc(sizeof *d);
    *d = *sc;
    int count[BINS] = {0};
    double worst_u = 0;
    hs_priordraw x;
    for (int r = 0; r < m && q >= 0; r++) {
        hs_priordraw_run(sc, (uint64_t)r, d, &x);
        double c = cdf(sc, q, x.value[q]);
        int b = (int)(c * BINS);
        count[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
        double du = fabs(c - x.u[q]);
        worst_u = du > worst_u || isnan(du) ? du : worst_u;
    }
    double p = 1.0 / BINS, se = sqrt(p * (1 - p) / m), worst = 0;
    for (int b = 0; b < BINS; b++)
        worst = fmax(worst, fabs((double)count[b] / m - p) / se);
    ok(q >= 0 && worst <= 4, "%s: %d draws, every one of %d bins holds 1/%d within 4 SE (worst %.2f SE)", name,
           m, BINS, BINS, worst);
    ok(q >= 0 && worst_u <= 1e-9, "%s: the draw's u = its prior's CDF at the value (worst %.3g)", name, worst_u);
    free(d);
}

static double key_cdf(const hs_scenario *sc, int q, double v) { return hs_prior_cdf(&sc->prior.key[q].dist, v); }

static double fit_cdf(const hs_scenario *sc, int q, double v)
{
    const hs_prior_mvn *m = &sc->prior.fit[0].mvn;
    int i = q - sc->prior.nkeys;
    return gsl_cdf_ugaussian_P((v - m->mean[i]) / m->sd[i]);
}

static void test_coverage(void)
{
    hs_scenario *sc = make("prior.arm.treated.hr=lognormal:-0.5,0.3", "prior.design.dropout=normal:0.05,0.05",
              "prior.design.accrual=gamma:24,1", "prior.arm.treated.cure=uniform:0,0.3", (const char *)NULL);
    const int m = 20000;
    ok(sc->prior.key[1].mass < 0.9 && sc->prior.key[1].mass > 0.8,
           "normal:0.05,0.05 on design.dropout is truncated to [0, 1): mass %.4f", sc->prior.key[1].mass);
    coverage(sc, "arm.treated.hr", key_cdf, m);
    coverage(sc, "design.dropout", key_cdf, m);
    coverage(sc, "design.accrual", key_cdf, m);
    coverage(sc, "arm.treated.cure", key_cdf, m);
    free(sc);
    sc = make("prior.arm.treated.cure=beta:0.7,3", (const char *)NULL);
    coverage(sc, "arm.treated.cure", key_cdf, m);
    free(sc);

    /* from_fit: the control model with a [covariance] (log rate, var 0.04) */
    scenfix f;
    scenfix_exponential(&f);
    f.model[0] = "[model]\nfamily = exponential\nmedian = 30\n[covariance]\nmethod = ipd\nn = 50\n"
                 "p1 = log(rate)\nc1.1 = 0.04\n";
    scenfix_set(&f, "prior.from_fit=control");
    sc = malloc(sizeof *sc);
    scenfix_scenario(&f, sc);
    ok(sc->prior.nfit == 1 && fabs(sc->prior.fit[0].mvn.sd[0] - 0.2) < 1e-12 &&
               fabs(sc->prior.fit[0].mvn.mean[0] - log(log(2.0) / 30)) < 1e-12,
           "from_fit = control: one parameter, mean log(ln 2 / 30), SD 0.2");
    coverage(sc, "arm.control.log(rate)", fit_cdf, m);
    free(sc);
}

/* Absurd priors (a hostile user): every draw finite and inside the key's
 * range, the open end excluded (cure, dropout < 1; hr, accrual > 0). */
static void test_absurd(void)
{
    static const char *const sets[] = {
        "prior.arm.treated.cure=beta:0.01,0.01", "prior.arm.treated.cure=uniform:0,1",
        "prior.design.dropout=uniform:0,1",        "prior.design.dropout=beta:0.01,0.01",
        "prior.arm.treated.hr=gamma:1e6,1.4e6",  "prior.arm.treated.hr=lognormal:0,30",
        "prior.design.accrual=gamma:1e6,5e4",      "prior.arm.treated.hr=gamma:0.01,1",
    };
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        hs_scenario *sc = make(sets[i], (const char *)NULL);
        hs_scenario *d = malloc(sizeof *d);
        *d = *sc;
        const hs_prior_key *k = &sc->prior.key[0];
        int bad = 0, top = 0;
        double lo = INFINITY, hi = -INFINITY;
        hs_priordraw x;
        for (int r = 0; r < 5000; r++) {
            hs_priordraw_run(sc, (uint64_t)r, d, &x);
            double v = x.value[0];
            bad += !isfinite(v) || v < k->target.lo || v > k->target.hi ||
                   (k->dist.lo_open && v == k->target.lo) || (k->dist.hi_open && v == k->target.hi);
            top += k->dist.hi_open && v == nextafter(k->target.hi, 0);
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
        ok(bad == 0, "%s: 5000 draws in the key's range, open ends excluded (min %.17g, max %.17g; %d at the "
           "largest value below an open end)", sets[i], lo, hi, top);
        free(d);
        free(sc);
    }
}

/* Inversion: the draw at u is the truncated prior's u-quantile, i.e. its CDF
 * at the draw is u (to 1e-6), for u from 1e-9 to 1 - 1e-9, unless the
 * quantile is not representable (then the draw is the nearest double inside
 * the range and the CDF there is on the right side of u). Ordinary priors,
 * and extreme shapes on both sides of the median. */
static void test_inversion(void)
{
    static const struct {
        const char *text;
        double lo, hi;
        int lo_open, hi_open;
    } cases[] = {
        {"normal:0.05,0.05", 0, 1, 0, 1},   {"lognormal:-0.5,0.3", 0, INFINITY, 1, 0},
        {"beta:2,30", 0, 1, 0, 1},          {"uniform:9,15", 0, INFINITY, 1, 0},
        {"gamma:24,1", 0, INFINITY, 1, 0},  {"beta:0.5,0.5", 0, 1, 0, 1},
        {"gamma:1e6,1.4e6", 0, INFINITY, 1, 0}, {"gamma:1e6,5e4", 0, INFINITY, 1, 0},
        {"gamma:0.01,1", 0, INFINITY, 1, 0},     {"lognormal:0,30", 0, INFINITY, 1, 0},
    };
    static const double us[] = {1e-9, 1e-6, 1e-3, 0.01, 0.1, 0.3, 0.5, 0.5001, 0.7, 0.9, 0.99, 0.999, 1 - 1e-6, 1 - 1e-9};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        hs_prior_dist d;
        char err[200];
        int bad = hs_prior_parse(cases[i].text, &d, err, sizeof err) != 0;
        if (!bad)
            hs_prior_truncate(&d, cases[i].lo, cases[i].lo_open, cases[i].hi, cases[i].hi_open);
        double worst_u = NAN, worst_x = NAN, worst_c = NAN, worst = 0;
        for (size_t k = 0; k < sizeof us / sizeof us[0] && !bad; k++) {
            double x = hs_prior_draw(&d, us[k]), c = hs_prior_cdf(&d, x);
            double bottom = cases[i].lo_open ? nextafter(cases[i].lo, INFINITY) : cases[i].lo;
            double top = cases[i].hi_open ? nextafter(cases[i].hi, -INFINITY) : cases[i].hi;
            if ((x == bottom && hs_prior_cdf(&d, nextafter(bottom, INFINITY)) >= us[k]) ||
                (x == top && hs_prior_cdf(&d, nextafter(top, -INFINITY)) <= us[k]))
                continue; /* the quantile is not representable inside the range */
            double e = fabs(c - us[k]);
            if (!(e <= worst)) {
                worst = e;
                worst_u = us[k];
                worst_x = x;
                worst_c = c;
            }
        }
        ok(!bad && worst <= 1e-6, "%s: CDF(draw(u)) = u to 1e-6 for u in [1e-9, 1 - 1e-9] (worst: u %.9g, draw %.17g, CDF %.9g)",
           cases[i].text, worst_u, worst_x, worst_c);
    }
}

int main(void)
{
    plan(46);
    gsl_set_error_handler_off();
    test_independent_keys();
    test_common_random_numbers();
    test_drawn_hr();
    test_ceiling();
    test_coverage();
    test_absurd();
    test_inversion();
    return tap_done();
}
