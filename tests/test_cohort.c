/* test_cohort.c — the stream contract of the virtual patients (cohort.h),
 * end to end through hs_rng_stream / hs_cohort_draw:
 *   - common random numbers: patient i is the same patient (covariates, arm,
 *     entry, event, dropout) whether the trial has N = 99 or N = 240;
 *   - permuted blocks: every full block holds exactly the allocation ratio's
 *     labels (1:1, 2:1, 1:2, 3:2);
 *   - covariate level frequencies match [cohort] within 4 binomial SE;
 *   - uniform accrual entries are U(0, R): Kolmogorov-Smirnov at 0.1%,
 *     mean and variance within 4 SE; piecewise accrual entries in order and
 *     inside their expected-count unit (hand values below);
 *   - event times follow the patient's own arm model: the probability
 *     integral transform F(T | arm, lp) (hs_hazard_cdf) is U(0,1) by KS;
 *     dropout times are exponential(rate): mean within 4 SE.
 * KS critical value: D_n > 1.949 / sqrt(n) has probability ~0.001 under H0
 * (Kolmogorov's limiting distribution; e.g. Marsaglia, Tsang & Wang 2003).
 * All draws are from fixed seeds, so the outcome is deterministic. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "hazard.h"
#include "rng.h"
#include "scenario.h"
#include "scenfix.h"
#include "tap.h"

#define NMAX 240
#define KS_CRIT 1.949

/* Two covariates (x: 3 levels, y: 2 levels), Weibull control with effects,
 * PH experimental arm with a piecewise HR and its own effect for y.b,
 * dropout 0.1 (control) and 0.2 (experimental) per year; N = 240 (n_index 0)
 * or 99 (n_index 1), scenario stream key 3. */
static void base_fix(scenfix *f)
{
    scenfix_exponential(f);
    f->index = 3;
    f->model[0] = "[model]\nfamily = weibull\neffect = ph\nshape = 1.4\nscale = 40\n"
                  "[effects]\nx.b = 0.34\nx.c = 0.62\ny.b = 0.45\n";
    scenfix_set(f, "cohort.x=a:0.45, b:0.40, c:0.15");
    scenfix_set(f, "cohort.y=a:0.6, b:0.4");
    scenfix_set(f, "arm.treated.hr=0:1.0, 6:0.5");
    scenfix_set(f, "arm.treated.y.b=0.2");
    scenfix_set(f, "arm.control.dropout=0.1");
    scenfix_set(f, "arm.treated.dropout=0.2");
    scenfix_set(f, "run.replicates=1");
    scenfix_set(f, "design.n=%d, 99", NMAX);
    scenfix_set(f, "design.analysis=events:99");
    scenfix_set(f, "design.grid=0:1:1");
}

static void base_scenario(hs_scenario *sc)
{
    scenfix f;
    base_fix(&f);
    scenfix_scenario(&f, sc);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Kolmogorov-Smirnov distance of x[0..n-1] (sorted in place) to U(0,1). */
static double ks_uniform(double *x, int n)
{
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    double d = 0;
    for (int i = 0; i < n; i++) {
        double lo = x[i] - (double)i / n, hi = (double)(i + 1) / n - x[i];
        if (lo > d)
            d = lo;
        if (hi > d)
            d = hi;
    }
    return d;
}

static int same_patient(const hs_patient *a, const hs_patient *b, int ncov)
{
    if (a->arm != b->arm || a->entry != b->entry || a->event != b->event ||
        a->dropout != b->dropout)
        return 0;
    for (int c = 0; c < ncov; c++)
        if (a->level[c] != b->level[c])
            return 0;
    return 1;
}

static double lp_of(const hs_scenario *sc, const hs_patient *p)
{
    double lp = 0;
    for (int c = 0; c < sc->ncov; c++)
        lp += sc->arm[p->arm].beta[c][p->level[c]];
    return lp;
}

static void test_crn(void)
{
    hs_scenario big, small;
    scenfix f;
    base_fix(&f);
    scenfix_scenario(&f, &big);
    f.n_index = 1; /* N = 99: not a multiple of the block size, a partial last block */
    scenfix_scenario(&f, &small);
    if (big.n != NMAX || small.n != 99) {
        ok(0, "the N grid gives 240 and 99 (got %d and %d)", big.n, small.n);
        return;
    }
    static hs_patient pb[NMAX], ps[NMAX];
    int bad = 0;
    for (uint64_t r = 0; r < 50; r++) {
        hs_rng rep;
        hs_rng_stream(&rep, big.seed, big.index, r);
        hs_cohort_draw(&big, &rep, pb);
        hs_cohort_draw(&small, &rep, ps);
        for (int i = 0; i < small.n; i++)
            bad += !same_patient(&pb[i], &ps[i], big.ncov);
    }
    is_int(bad, 0, "CRN: patients 0..98 identical with N = 99 and N = 240 (50 replicates)");

    /* Drawing must not depend on anything but (seed, index, replicate). */
    hs_rng rep;
    hs_rng_stream(&rep, big.seed, big.index, 7);
    hs_cohort_draw(&big, &rep, pb);
    hs_rng_stream(&rep, big.seed, big.index + 1, 7);
    hs_cohort_draw(&big, &rep, ps);
    int differ = 0;
    for (int i = 0; i < big.n; i++)
        differ += !same_patient(&pb[i], &ps[i], big.ncov);
    ok(differ > big.n * 9 / 10, "another scenario index gives other patients (%d of %d differ)",
       differ, big.n);
}

static void test_blocks(void)
{
    static const int w[4][2] = {{1, 1}, {2, 1}, {1, 2}, {3, 2}};
    static const int bsize[4] = {4, 6, 6, 5};
    for (int k = 0; k < 4; k++) {
        hs_scenario sc;
        scenfix f;
        base_fix(&f);
        scenfix_set(&f, "arm.control.allocation=%d", w[k][0]);
        scenfix_set(&f, "arm.treated.allocation=%d", w[k][1]);
        scenfix_scenario(&f, &sc);
        int B = hs_cohort_block(&sc);
        is_int(B, bsize[k], "%d:%d block size", w[k][0], w[k][1]);
        static hs_patient p[NMAX];
        int bad = 0, nblocks = 0;
        long first_exp = 0;
        const int R = 400;
        for (uint64_t r = 0; r < (uint64_t)R; r++) {
            hs_rng rep;
            hs_rng_stream(&rep, sc.seed, sc.index, r);
            hs_cohort_draw(&sc, &rep, p);
            first_exp += p[0].arm;
            for (int b = 0; b + B <= sc.n; b += B) {
                int n1 = 0;
                for (int j = 0; j < B; j++)
                    n1 += p[b + j].arm;
                bad += n1 != B / (w[k][0] + w[k][1]) * w[k][1];
                nblocks++;
            }
        }
        is_int(bad, 0, "%d:%d: every full block balanced (%d blocks)", w[k][0], w[k][1], nblocks);
        /* P(patient 0 gets arm 1) = w1 / (w0 + w1); 4 binomial SE */
        double pe = (double)w[k][1] / (w[k][0] + w[k][1]);
        is_double((double)first_exp / R, pe, 4 * sqrt(pe * (1 - pe) / R),
                  "%d:%d: first patient's arm is random, P(arm 1) = %.3f", w[k][0], w[k][1], pe);
    }
}

static void test_distributions(void)
{
    hs_scenario sc;
    base_scenario(&sc);
    const int R = 200, N = R * NMAX;
    hs_patient *p = malloc((size_t)N * sizeof *p);
    double *x = malloc((size_t)N * sizeof *x), *y = malloc((size_t)N * sizeof *y);
    if (!p || !x || !y) {
        ok(0, "out of memory");
        return;
    }
    for (int r = 0; r < R; r++) {
        hs_rng rep;
        hs_rng_stream(&rep, sc.seed, sc.index, (uint64_t)r);
        hs_cohort_draw(&sc, &rep, p + (size_t)r * NMAX);
    }

    /* covariate level frequencies */
    for (int c = 0; c < sc.ncov; c++) {
        long cnt[HS_SC_LEVELS_MAX] = {0};
        for (int i = 0; i < N; i++)
            cnt[p[i].level[c]]++;
        for (int l = 0; l < sc.nlevels[c]; l++) {
            double pl = sc.cum[c][l] - (l ? sc.cum[c][l - 1] : 0.0);
            is_double((double)cnt[l] / N, pl, 4 * sqrt(pl * (1 - pl) / N),
                      "covariate %d level %d frequency = %.2f (4 SE)", c, l, pl);
        }
    }

    /* uniform accrual: U(0, 24) */
    double A = sc.accrual_months, s1 = 0, s2 = 0;
    for (int i = 0; i < N; i++) {
        s1 += p[i].entry;
        x[i] = p[i].entry / A;
    }
    double mean = s1 / N;
    for (int i = 0; i < N; i++)
        s2 += (p[i].entry - mean) * (p[i].entry - mean);
    double var = s2 / (N - 1);
    is_double(mean, A / 2, 4 * A / sqrt(12.0 * N), "entry mean = R/2 (4 SE)");
    /* Var(s^2) ~ (mu4 - sigma^4)/n, uniform: mu4 = R^4/80, sigma^4 = R^4/144 */
    is_double(var, A * A / 12, 4 * A * A * sqrt((1.0 / 80 - 1.0 / 144) / N),
              "entry variance = R^2/12 (4 SE)");
    double d = ks_uniform(x, N);
    ok(d < KS_CRIT / sqrt(N), "entry ~ U(0, R): KS D = %.5f < %.5f", d, KS_CRIT / sqrt(N));

    /* event times: F(T | own arm, lp) ~ U(0,1), per arm */
    for (int a = 0; a < 2; a++) {
        int m = 0, inf = 0;
        for (int i = 0; i < N; i++) {
            if (p[i].arm != a)
                continue;
            if (!isfinite(p[i].event))
                inf++;
            x[m] = hs_hazard_cdf(&sc.arm[a].model, lp_of(&sc, &p[i]), p[i].event);
            /* the other arm's model, as a negative control */
            y[m++] = hs_hazard_cdf(&sc.arm[1 - a].model, lp_of(&sc, &p[i]), p[i].event);
        }
        is_int(inf, 0, "arm %d: every event time finite (no cure)", a);
        d = ks_uniform(x, m);
        ok(d < KS_CRIT / sqrt(m), "arm %d event times ~ arm model with patient lp: KS D = %.5f < %.5f",
           a, d, KS_CRIT / sqrt(m));
        double d2 = ks_uniform(y, m);
        ok(d2 > 5 * KS_CRIT / sqrt(m), "negative control: the other arm's model is rejected (D = %.4f)",
           d2);
    }

    /* dropout times: exponential with the arm's rate */
    for (int a = 0; a < 2; a++) {
        double sum = 0;
        int m = 0;
        for (int i = 0; i < N; i++)
            if (p[i].arm == a) {
                sum += p[i].dropout;
                m++;
            }
        double mu = 1 / sc.arm[a].dropout_rate;
        is_double(sum / m, mu, 4 * mu / sqrt(m), "arm %d dropout mean = 1/rate = %.1f months (4 SE)",
                  a, mu);
    }
    free(p);
    free(x);
    free(y);
}

static void test_piecewise_accrual(void)
{
    hs_scenario sc;
    base_scenario(&sc);
    is_double(hs_cohort_entry(&sc, 7, 0.25), 6.0, 1e-12, "uniform accrual: entry = R u, whatever i");
    scenfix f;
    base_fix(&f);
    scenfix_set(&f, "design.accrual=0:5, 6:10"); /* 5/month for 6 months: Lambda(6) = 30 */
    scenfix_scenario(&f, &sc);
    /* hand values: entry_i = Lambda^-1(i + u) */
    is_double(hs_cohort_entry(&sc, 3, 0.5), 0.7, 1e-12, "piecewise: i = 3, u = 0.5 -> 3.5/5 = 0.7");
    is_double(hs_cohort_entry(&sc, 29, 0.5), 5.9, 1e-12, "piecewise: i = 29 -> 29.5/5 = 5.9");
    is_double(hs_cohort_entry(&sc, 40, 0.5), 7.05, 1e-12,
              "piecewise: i = 40 -> 6 + (40.5 - 30)/10 = 7.05");
    static hs_patient p[NMAX];
    int order = 0, unit = 0;
    for (uint64_t r = 0; r < 20; r++) {
        hs_rng rep;
        hs_rng_stream(&rep, sc.seed, sc.index, r);
        hs_cohort_draw(&sc, &rep, p);
        for (int i = 0; i < sc.n; i++) {
            if (i > 0 && !(p[i].entry > p[i - 1].entry))
                order++;
            double lo = hs_cohort_entry(&sc, (uint64_t)i, 0.0);
            double hi = hs_cohort_entry(&sc, (uint64_t)i, 1.0);
            unit += !(p[i].entry >= lo && p[i].entry <= hi);
        }
    }
    is_int(order, 0, "piecewise accrual: entries strictly increase with i (20 replicates)");
    is_int(unit, 0, "piecewise accrual: entry_i in [Lambda^-1(i), Lambda^-1(i+1)]");
    is_double(p[239].entry, 6 + (239 + 0.5 - 30) / 10.0, 0.05 + 1e-12,
              "piecewise accrual: patient 239 near 6 + 209.5/10 months");
}

/* The stream contract itself, patient by patient, for exponential arms
 * without covariates (hs_cohort_draw's one-pass path for blocks of 4 with
 * uniform accrual, and its general path for other block sizes): patient i's
 * slots are the first draws of its own block (hs_rng_patient), its arm the
 * label of its key's rank in its allocation block (ties to the earlier
 * patient), its event time hs_hazard_sample's, its dropout -log(u) / rate.
 * Bit for bit. */
static int contract_mismatches(const hs_scenario *sc, uint64_t reps)
{
    static hs_patient p[NMAX];
    const int B = hs_cohort_block(sc), w0 = sc->arm[0].weight, w = w0 + sc->arm[1].weight;
    int bad = 0;
    for (uint64_t r = 0; r < reps; r++) {
        hs_rng rep;
        hs_rng_stream(&rep, sc->seed, sc->index, r);
        hs_cohort_draw(sc, &rep, p);
        for (int i = 0; i < sc->n; i++) {
            int b0 = i / B * B, rank = 0;
            double key[64], u[4];
            for (int j = 0; j < B; j++) {
                hs_rng q;
                hs_rng_patient(&q, &rep, (uint64_t)(b0 + j));
                key[j] = hs_rng_uniform(&q);
            }
            for (int j = 0; j < B; j++)
                rank += j < i - b0 ? key[j] <= key[i - b0] : key[j] < key[i - b0];
            hs_rng q;
            hs_rng_patient(&q, &rep, (uint64_t)i);
            for (int k = 0; k < 4; k++)
                u[k] = hs_rng_uniform(&q);
            int arm = rank < B / w * w0 ? 0 : 1;
            const hs_sc_arm *a = &sc->arm[arm];
            double event = hs_hazard_sample(&a->model, 0.0, u[HS_SLOT_EVENT]);
            double drop = a->dropout_rate > 0 ? -log(u[HS_SLOT_DROPOUT]) / a->dropout_rate : INFINITY;
            double entry = sc->accrual_months * u[HS_SLOT_ENTRY];
            bad += p[i].arm != arm || memcmp(&p[i].entry, &entry, sizeof entry) ||
                   memcmp(&p[i].event, &event, sizeof event) || memcmp(&p[i].dropout, &drop, sizeof drop);
        }
    }
    return bad;
}

static void test_contract_exponential(void)
{
    static const char *const set[][3] = {
        {"design.n=240", "arm.treated.dropout=0", "arm.control.allocation=1"},
        {"design.n=99", "arm.treated.dropout=0.2", "arm.control.allocation=1"},
        {"design.n=99", "arm.control.dropout=0.1", "arm.control.allocation=3"}, /* blocks of 4, 3:1 */
        {"design.n=97", "arm.control.dropout=0.1", "arm.control.allocation=2"}, /* blocks of 6 */
    };
    for (int v = 0; v < 4; v++) {
        scenfix f;
        scenfix_exponential(&f);
        scenfix_set(&f, "design.analysis=events:50");
        for (int k = 0; k < 3; k++)
            scenfix_set(&f, "%s", set[v][k]);
        hs_scenario sc;
        scenfix_scenario(&f, &sc);
        is_int(contract_mismatches(&sc, 20), 0, "exponential, %s, %s, %s: every patient as the stream contract",
               set[v][0], set[v][1], set[v][2]);
    }
}

int main(void)
{
    plan(2 + 12 + 16 + 7 + 4);
    test_crn();
    test_blocks();
    test_distributions();
    test_piecewise_accrual();
    test_contract_exponential();
    return tap_done();
}
