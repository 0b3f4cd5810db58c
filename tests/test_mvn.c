/* test_mvn.c — multivariate normal probabilities and MaxCombo (src/stats/mvn.c).
 *
 * 1. Every case of tests/r/mvn_refs.txt (mvtnorm::pmvnorm, made by
 *    tests/r/mvn_refs.R: the FH correlation of the default four tests on
 *    lung and veteran (rank 3), random full-rank k = 2..8, singular (rank 2
 *    of 3, 3 of 4, ..., duplicated tests), near-singular; limits in
 *    [-1, 4]) to 1e-5 absolute, and hs_mvn_maxcombo_p on its MaxCombo-type
 *    cases to 1e-5.
 * 2. Identities: k = 1 is Phi(c); independent components give the product;
 *    R = all ones gives Phi(min c); orthant probabilities of 2 and 3
 *    variables (Sheppard: 1/4 + asin(r)/(2 pi); 1/8 + sum asin(r_ij)/(4 pi)).
 * 3. Determinism: the same call twice gives the same bits.
 * 4. hs_mvn_maxcombo_reject == (hs_mvn_maxcombo_p < alpha) on 60 cases
 *    near the boundary (the lung matrix and a random 3 x 3; HS_MVN_MATRICES=N:
 *    N matrices, 30 N cases), and its cost (TAP comments).
 * Default run: ~10 s CPU; the long run: HS_MVN_MATRICES=100 (3000 cases).
 * 5. Bad input. */
#include "mvn.h"
#include "tap.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define PTOL 1e-5
#define MAXREF 400
#define KM HS_MVN_KMAX
#define HS_PI 3.14159265358979323846

typedef struct ref {
    char name[64];
    int k;
    double R[KM * KM], lo[KM], hi[KM], p;
} ref;

static int parse_vec(const char *s, double *v, int n)
{
    char *end;
    for (int i = 0; i < n; i++) {
        v[i] = strtod(s, &end);
        if (end == s) return -1;
        s = end;
        if (i + 1 < n) {
            if (*s != ',') return -1;
            s++;
        }
    }
    return *s == '\0' ? 0 : -1;
}

static int load(ref *refs)
{
    FILE *f = fopen(HS_SOURCE_DIR "/tests/r/mvn_refs.txt", "r");
    if (!f) return -1;
    char line[8192];
    int n = 0;
    while (n < MAXREF && fgets(line, sizeof line, f)) {
        char name[64], rs[4096], los[1024], his[1024], ps[64];
        int k;
        if (sscanf(line, "%63s %d %4095s %1023s %1023s %63s", name, &k, rs, los, his, ps) != 6)
            continue;
        ref *r = &refs[n];
        snprintf(r->name, sizeof r->name, "%s", name);
        r->k = k;
        if (k < 1 || k > KM || parse_vec(rs, r->R, k * k) || parse_vec(los, r->lo, k)
            || parse_vec(his, r->hi, k))
            continue;
        r->p = strtod(ps, NULL);
        n++;
    }
    fclose(f);
    return n;
}

/* 1 one-sided MaxCombo limits, 2 two-sided, 0 neither. */
static int mc_kind(const ref *r)
{
    for (int i = 1; i < r->k; i++)
        if (r->hi[i] != r->hi[0] || r->lo[i] != r->lo[0]) return 0;
    if (isinf(r->lo[0]) && r->lo[0] < 0) return 1;
    if (r->lo[0] == -r->hi[0]) return 2;
    return 0;
}

static uint64_t rng_state = 0x1234567ULL;
static double unif(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return (double)(z >> 11) * 0x1.0p-53;
}
static double gauss(void)
{
    double u = unif(), v = unif();
    return sqrt(-2.0 * log(u + 1e-300)) * cos(6.283185307179586 * v);
}

/* Random correlation matrix of dimension k and rank r (r == k: full). */
static void rand_corr(double *R, int k, int r)
{
    double A[KM][KM + 1];
    int m = r == k ? k + 1 : r;
    for (int i = 0; i < k; i++)
        for (int j = 0; j < m; j++) A[i][j] = gauss();
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) {
            double s = 0.0;
            for (int q = 0; q < m; q++) s += A[i][q] * A[j][q];
            R[i * k + j] = s;
        }
    double d[KM];
    for (int i = 0; i < k; i++) d[i] = sqrt(R[i * k + i]);
    for (int i = 0; i < k; i++)
        for (int j = 0; j < k; j++) R[i * k + j] = i == j ? 1.0 : R[i * k + j] / (d[i] * d[j]);
}

static double phi_cdf(double x) { return 0.5 * erfc(-x / sqrt(2.0)); }

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* zmax with maxcombo_p(zmax) == alpha, by bisection in [z1, zbonf]. */
static double zstar(const double *R, int k, double alpha, int sides)
{
    double q = sides == 2 ? alpha / 2 : alpha;
    /* univariate and Bonferroni critical values */
    double a = 0.0, b = 9.0;
    for (int it = 0; it < 80; it++) { /* z1: 1 - Phi(z) = q */
        double m = 0.5 * (a + b);
        if (1.0 - phi_cdf(m) > q) a = m; else b = m;
    }
    double lo = a - 1e-6;
    a = 0.0;
    b = 9.0;
    for (int it = 0; it < 80; it++) {
        double m = 0.5 * (a + b);
        if (1.0 - phi_cdf(m) > q / k) a = m; else b = m;
    }
    double hi = b + 1e-6;
    for (int it = 0; it < 16; it++) {
        double m = 0.5 * (lo + hi);
        if (hs_mvn_maxcombo_p(R, k, m, sides) > alpha) lo = m; else hi = m;
    }
    return 0.5 * (lo + hi);
}

int main(void)
{
    static ref refs[MAXREF];
    static double pref[MAXREF];
    int n = load(refs);
    /* HS_MVN_MATRICES=N (N > 0): the long run, N random matrices in part 4
     * and hs_mvn_maxcombo_p on every MaxCombo-type reference (default:
     * every 6th; the others are the same integral as in part 1) */
    const char *env = getenv("HS_MVN_MATRICES");
    int nlong = env && atoi(env) > 0 ? atoi(env) : 0;
    int nmc = 0, imc = 0;
    for (int i = 0; i < n; i++)
        if (mc_kind(&refs[i]) && (nlong || imc++ % 6 == 0)) nmc++;
    plan(1 + n + 1 + nmc + 7 + 3 + 3 + 4 + 8);
    ok(n >= 120, "tests/r/mvn_refs.txt: %d cases (want >= 120)", n);

    /* 1. references */
    double maxd = 0.0, maxe = 0.0, maxdmc = 0.0, t0 = now();
    int nnoconv = 0;
    for (int c = 0; c < n; c++) {
        const ref *r = &refs[c];
        double p, err;
        hs_mvn_status st = hs_mvn_prob(r->R, r->k, r->lo, r->hi, HS_MVN_TOL, &p, &err);
        pref[c] = p;
        double d = fabs(p - r->p);
        if (d > maxd) maxd = d;
        if (err > maxe) maxe = err;
        if (st == HS_MVN_ENOCONV) { /* the documented weaker bound (mvn.h) */
            nnoconv++;
            ok(err > HS_MVN_TOL && d <= fmax(PTOL, err),
               "%s: P = %.8f (R %.8f, diff %.1e): not converged, within its error estimate "
               "%.1e (> tol)",
               r->name, p, r->p, d, err);
        } else if (!is_double(p, r->p, PTOL, "%s: P = %.8f (R %.8f, err est %.1e, %s)", r->name,
                              p, r->p, err, hs_mvn_status_text(st)))
            diag("diff %.3g", d);
    }
    double tref = now() - t0;
    imc = 0;
    for (int c = 0; c < n; c++) {
        const ref *r = &refs[c];
        int kind = mc_kind(r);
        if (!kind || !(nlong || imc++ % 6 == 0)) continue;
        double p = hs_mvn_maxcombo_p(r->R, r->k, r->hi[0], kind);
        if (fabs(p - (1.0 - r->p)) > maxdmc) maxdmc = fabs(p - (1.0 - r->p));
        ok(fabs(p - (1.0 - r->p)) <= PTOL && p == 1.0 - pref[c],
           "%s: maxcombo p(z = %g, sides %d) = %.8f = 1 - P (R %.8f)", r->name, r->hi[0], kind,
           p, 1.0 - r->p);
    }
    ok(nnoconv <= 9, "%d of %d cases not converged (HS_MVN_ENOCONV; want <= 9)", nnoconv, n);
    diag("max |P - R| over %d cases: %.2e (largest error estimate %.2e); MaxCombo p: %.2e; "
         "%.1f ms per case",
         n, maxd, maxe, maxdmc, 1e3 * tref / (n > 0 ? n : 1));

    /* 2. identities */
    {
        double R1 = 1.0, lo = -INFINITY, hi, p, e1 = 0.0;
        for (hi = -3.0; hi <= 4.0; hi += 0.25) {
            hs_mvn_prob(&R1, 1, &lo, &hi, HS_MVN_TOL, &p, NULL);
            if (fabs(p - phi_cdf(hi)) > e1) e1 = fabs(p - phi_cdf(hi));
        }
        is_double(e1, 0.0, 1e-15, "k = 1: P = Phi(c) for c in -3..4 (max diff)");

        double Rk[KM * KM], l8[KM], h8[KM], prod, e2 = 0.0, e3 = 0.0;
        for (int k = 2; k <= KM; k++) {
            for (int i = 0; i < k * k; i++) Rk[i] = (i % (k + 1)) == 0 ? 1.0 : 0.0;
            prod = 1.0;
            for (int i = 0; i < k; i++) {
                h8[i] = -1.0 + 5.0 * unif();
                l8[i] = (i % 2) ? h8[i] - 3.0 * unif() - 0.1 : -INFINITY;
                prod *= phi_cdf(h8[i]) - phi_cdf(l8[i]);
            }
            hs_mvn_prob(Rk, k, l8, h8, HS_MVN_TOL, &p, NULL);
            if (fabs(p - prod) > e2) e2 = fabs(p - prod);
            for (int i = 0; i < k * k; i++) Rk[i] = 1.0;
            double mn = INFINITY;
            for (int i = 0; i < k; i++) {
                l8[i] = -INFINITY;
                if (h8[i] < mn) mn = h8[i];
            }
            hs_mvn_prob(Rk, k, l8, h8, HS_MVN_TOL, &p, NULL);
            if (fabs(p - phi_cdf(mn)) > e3) e3 = fabs(p - phi_cdf(mn));
        }
        is_double(e2, 0.0, PTOL, "independent components: the product, k = 2..8 (max diff)");
        is_double(e3, 0.0, 1e-12, "R = all ones: Phi(min c), k = 2..8 (max diff)");

        double e4 = 0.0, e5 = 0.0;
        for (int t = 0; t < 20; t++) {
            double rho = -0.99 + 1.98 * unif(), R2[4] = {1, rho, rho, 1};
            double l2[2] = {-INFINITY, -INFINITY}, h2[2] = {0, 0};
            hs_mvn_prob(R2, 2, l2, h2, HS_MVN_TOL, &p, NULL);
            double want = 0.25 + asin(rho) / (2.0 * HS_PI);
            if (fabs(p - want) > e4) e4 = fabs(p - want);
            double R3[9];
            rand_corr(R3, 3, 3);
            double l3[3] = {-INFINITY, -INFINITY, -INFINITY}, h3[3] = {0, 0, 0};
            hs_mvn_prob(R3, 3, l3, h3, HS_MVN_TOL, &p, NULL);
            want = 0.125 + (asin(R3[1]) + asin(R3[2]) + asin(R3[5])) / (4.0 * HS_PI);
            if (fabs(p - want) > e5) e5 = fabs(p - want);
        }
        is_double(e4, 0.0, PTOL, "bivariate orthant 1/4 + asin(r)/(2 pi), 20 r (max diff)");
        is_double(e5, 0.0, PTOL, "trivariate orthant, 20 random R (max diff)");

        /* rho = +-1 in 2 dimensions: exact (rank 1) */
        double Rp[4] = {1, 1, 1, 1}, Rm[4] = {1, -1, -1, 1};
        double l2[2] = {-INFINITY, -INFINITY}, h2[2] = {0.3, 1.1};
        hs_mvn_prob(Rp, 2, l2, h2, HS_MVN_TOL, &p, NULL);
        is_double(p, phi_cdf(0.3), 1e-15, "rho = 1: Phi(min c)");
        hs_mvn_prob(Rm, 2, l2, h2, HS_MVN_TOL, &p, NULL);
        is_double(p, phi_cdf(0.3) - phi_cdf(-1.1), 1e-15, "rho = -1: Phi(c1) - Phi(-c2)");
    }

    /* 2b. the own Phi and Phi^-1 against long-double erfcl (the argument
     * x / sqrt 2 is rounded in long double, so the reference is good to
     * ~1e-18 relative where a double erfc(-x / sqrt 2) is off by ~x^2 1e-16) */
    {
        double e6 = 0.0, e7 = 0.0, at6 = 0.0, at7 = 0.0;
        for (double x = -37.5; x <= 8.3; x += 0.0007913) {
            double r = (double)(0.5L * erfcl(-(long double)x / sqrtl(2.0L)));
            double e = fabs(hs_mvn_phi(x) - r) / r;
            if (e > e6) {
                e6 = e;
                at6 = x;
            }
        }
        for (double lp = -300.0; lp < -1e-9; lp += 0.0131) { /* p = 10^lp and 1 - p */
            double pr = pow(10.0, lp);
            double z = hs_mvn_phi_inv(pr);
            double back = (double)(0.5L * erfcl(-(long double)z / sqrtl(2.0L)));
            /* d Phi / dz = phi(z): relative error in z is |back - p| / (phi(z) |z|) */
            double dens = 0.39894228040143267794 * exp(-0.5 * z * z);
            double e = dens > 0.0 ? fabs(back - pr) / (dens * fmax(fabs(z), 1.0)) : 0.0;
            if (e > e7) {
                e7 = e;
                at7 = pr;
            }
            double z2 = hs_mvn_phi_inv(0.5 + 0.5 * pr); /* central part too */
            double b2 = (double)(0.5L * erfcl(-(long double)z2 / sqrtl(2.0L)));
            double d2 = 0.39894228040143267794 * exp(-0.5 * z2 * z2);
            e = fabs(b2 - (0.5 + 0.5 * pr)) / (d2 * fmax(fabs(z2), 1e-3));
            if (z2 > 1e-3 && e > e7) {
                e7 = e;
                at7 = 0.5 + 0.5 * pr;
            }
        }
        ok(e6 <= 2e-15, "Phi (Cody): max relative error %.2g (at x = %g) on [-37.5, 8.3]", e6, at6);
        ok(e7 <= 2e-15, "Phi^-1 (AS241): max relative error %.2g (at p = %g), p in 1e-300..1",
           e7, at7);
        ok(hs_mvn_phi(-INFINITY) == 0.0 && hs_mvn_phi(INFINITY) == 1.0
               && hs_mvn_phi_inv(0.0) == -INFINITY && hs_mvn_phi_inv(1.0) == INFINITY
               && isnan(hs_mvn_phi_inv(1.5)) && isnan(hs_mvn_phi(NAN)),
           "Phi, Phi^-1: infinities and NaN");
    }

    /* 3. determinism: same bits */
    {
        int same = 1;
        for (int c = 0; c < n; c += 14) { /* again, against part 1's result */
            double p2, e2;
            hs_mvn_prob(refs[c].R, refs[c].k, refs[c].lo, refs[c].hi, HS_MVN_TOL, &p2, &e2);
            same &= memcmp(&pref[c], &p2, sizeof p2) == 0;
        }
        ok(same, "the same inputs give the same bits");
        double R4[16];
        rand_corr(R4, 4, 4);
        double a = hs_mvn_maxcombo_p(R4, 4, 2.1, 1), b = hs_mvn_maxcombo_p(R4, 4, 2.1, 1);
        ok(memcmp(&a, &b, sizeof a) == 0, "maxcombo_p: the same bits twice");
        long e1, e2;
        int d1 = hs_mvn_maxcombo_reject(R4, 4, 2.1, 0.03, 1, &e1);
        int d2 = hs_mvn_maxcombo_reject(R4, 4, 2.1, 0.03, 1, &e2);
        ok(d1 == d2 && e1 == e2, "maxcombo_reject: same decision and cost twice");
    }

    /* 4. the cheap decision == p < alpha near the boundary */
    {
        const double alphas[3] = {0.05, 0.025, 0.01};
        int cases = 0, agree = 0, nwin = 0, nout = 0;
        double twin = 0.0, tout = 0.0, tp = 0.0;
        long evwin = 0;
        int nmat = nlong ? nlong : 2;
        for (int m = 0; m < nmat; m++) {
            double R[KM * KM];
            int k = 2 + m % 4, rk = k, sides = 1 + (m / 4) % 2;
            if (m % 5 == 4) rk = k > 2 ? k - 1 : 1;
            if (m % 10 == 9) {
                k = 6 + m % 3;
                rk = 3;
            }
            rand_corr(R, k, rk);
            if (m == 0) { /* the lung FH matrix of the references */
                for (int c = 0; c < n; c++)
                    if (strncmp(refs[c].name, "lung_fh4", 8) == 0) {
                        memcpy(R, refs[c].R, sizeof(double) * 16);
                        k = 4;
                        break;
                    }
            }
            double alpha = alphas[m % 3];
            double zs = zstar(R, k, alpha, sides);
            for (int t = 0; t < 30; t++) {
                double z;
                if (t < 12) z = zs + 2e-3 * (unif() - 0.5);      /* at the boundary */
                else if (t < 24) z = zs + 0.2 * (unif() - 0.5);  /* near it */
                else z = 1.0 + 3.5 * unif();                     /* anywhere */
                double q = sides == 2 ? alpha / 2 : alpha;
                double t1 = now();
                long ev;
                int d = hs_mvn_maxcombo_reject(R, k, z, alpha, sides, &ev);
                double t2 = now();
                double p = hs_mvn_maxcombo_p(R, k, z, sides);
                double t3 = now();
                tp += t3 - t2;
                int inwin = 1.0 - phi_cdf(z) <= q && k * (1.0 - phi_cdf(z)) >= q;
                if (inwin) {
                    twin += t2 - t1;
                    nwin++;
                    evwin += ev;
                } else {
                    tout += t2 - t1;
                    nout++;
                }
                cases++;
                if (d == (p < alpha)) agree++;
                else
                    diag("disagree: k %d sides %d alpha %g z %.9f p %.9f reject %d", k, sides,
                         alpha, z, p, d);
            }
        }
        is_int(agree, cases, "maxcombo_reject == (maxcombo_p < alpha) on %d cases", cases);
        ok(nwin > nmat * 12, "%d cases in the boundary window (univariate..Bonferroni)", nwin);
        diag("reject: %.1f us per call in the window (%d calls, %.0f evaluations), %.2f us "
             "outside (%d calls); maxcombo_p: %.1f us per call",
             1e6 * twin / nwin, nwin, (double)evwin / nwin, 1e6 * tout / (nout ? nout : 1), nout,
             1e6 * tp / cases);
        /* outside the window the decision is from the bounds alone */
        double R[16];
        rand_corr(R, 4, 4);
        long ev = -1;
        int d = hs_mvn_maxcombo_reject(R, 4, 1.0, 0.05, 1, &ev);
        ok(d == 0 && ev == 0, "z below the univariate value: no rejection, no integral");
        d = hs_mvn_maxcombo_reject(R, 4, 3.5, 0.05, 2, &ev);
        ok(d == 1 && ev == 0, "z above the Bonferroni value: rejection, no integral");
    }

    /* 5. bad input */
    {
        double I2[4] = {1, 0, 0, 1}, lo[2] = {-1, -1}, hi[2] = {1, 1}, p, err;
        is_int(hs_mvn_prob(I2, 0, lo, hi, HS_MVN_TOL, &p, &err), HS_MVN_EARG, "k = 0 refused");
        is_int(hs_mvn_prob(I2, KM + 1, lo, hi, HS_MVN_TOL, &p, &err), HS_MVN_EARG,
               "k = 9 refused");
        double nanhi[2] = {NAN, 1};
        is_int(hs_mvn_prob(I2, 2, lo, nanhi, HS_MVN_TOL, &p, &err), HS_MVN_EARG,
               "NaN limit refused");
        double asym[4] = {1, 0.5, 0.4, 1};
        is_int(hs_mvn_prob(asym, 2, lo, hi, HS_MVN_TOL, &p, &err), HS_MVN_ECORR,
               "asymmetric R refused");
        double diag2[4] = {2, 0, 0, 1};
        is_int(hs_mvn_prob(diag2, 2, lo, hi, HS_MVN_TOL, &p, &err), HS_MVN_ECORR,
               "diagonal != 1 refused");
        double npsd[9] = {1, 0.9, 0.9, 0.9, 1, -0.9, 0.9, -0.9, 1};
        double l3[3] = {-1, -1, -1}, h3[3] = {1, 1, 1};
        is_int(hs_mvn_prob(npsd, 3, l3, h3, HS_MVN_TOL, &p, &err), HS_MVN_ECORR,
               "indefinite R refused");
        ok(isnan(hs_mvn_maxcombo_p(npsd, 3, 2.0, 1)) && isnan(hs_mvn_maxcombo_p(I2, 2, 2.0, 3)),
           "maxcombo_p: NaN on an indefinite R or sides = 3");
        ok(hs_mvn_maxcombo_reject(I2, 2, 2.0, 0.0, 1, NULL) == -1
               && hs_mvn_maxcombo_reject(npsd, 3, 5.0, 0.05, 1, NULL) == -1,
           "maxcombo_reject: -1 on alpha = 0 or an indefinite R");
    }
    return tap_done();
}
