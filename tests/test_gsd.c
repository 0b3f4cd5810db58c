/* test_gsd.c — group-sequential bounds (src/stats/gsd.c).
 *
 * 1. Every design of tests/r/gsd_bounds.txt (rpact 3.3.4
 *    getDesignGroupSequential + getDesignCharacteristics, made by
 *    tests/r/gsd_bounds.R): bounds to 1e-6 absolute on the Z scale,
 *    cumulative alpha / beta and the per-look rejection and futility
 *    probabilities at rpact's shift to 1e-7, drift (= sqrt(shift)) and
 *    inflation to 1e-6 relative.
 * 2. The East 6.5 case of the CAMIS comparison page (alpha 0.0125 one-sided,
 *    beta 0.0495, asof, non-binding bshsd:-10, interim at 176 of 235 events):
 *    efficacy Z 2.6606, 2.2798, futility Z 0.7379 (East's 4 decimals: 5e-5).
 * 3. Analytic identities: K = 1; alpha_cum[K-1] == alpha; Pocock constant;
 *    OF z_k sqrt(t_k) constant; probabilities at theta = 0 sum to alpha.
 * 4. Parse errors and refused specs; solve time (TAP comments). */
#include "gsd.h"
#include "tap.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_cdf.h>

#define ZTOL 1e-6
#define PTOL 1e-7
#define RTOL 1e-6

typedef struct ref {
    int k, sides, binding, nf;
    double alpha, beta, t[HS_GSD_LOOKS_MAX];
    char eff[64], fut[128];
    double zeff[HS_GSD_LOOKS_MAX], zfut[HS_GSD_LOOKS_MAX], acum[HS_GSD_LOOKS_MAX],
        bcum[HS_GSD_LOOKS_MAX], prej[HS_GSD_LOOKS_MAX], pfut[HS_GSD_LOOKS_MAX];
    double shift, infl;
} ref;

static double num(const char *s, char **end)
{
    if (strncmp(s, "NA", 2) == 0) {
        *end = (char *)s + 2;
        return NAN;
    }
    return strtod(s, end); /* also Inf, -Inf */
}

static int vec(const char *s, double *v, int max)
{
    int n = 0;
    if (strcmp(s, "-") == 0)
        return 0;
    while (*s && n < max) {
        char *e;
        v[n++] = num(s, &e);
        if (e == s)
            return -1;
        s = *e == ',' ? e + 1 : e;
        if (*e != ',' )
            break;
    }
    return n;
}

static int parse_ref(char *line, ref *r)
{
    memset(r, 0, sizeof *r);
    int seen = 0;
    for (char *tok = strtok(line, " \t\n"); tok; tok = strtok(NULL, " \t\n")) {
        char *eq = strchr(tok, '=');
        if (!eq)
            return -1;
        *eq = '\0';
        const char *k = tok, *v = eq + 1;
        double one[1];
        seen++;
        if (!strcmp(k, "k"))
            r->k = atoi(v);
        else if (!strcmp(k, "sides"))
            r->sides = atoi(v);
        else if (!strcmp(k, "binding"))
            r->binding = atoi(v);
        else if (!strcmp(k, "alpha"))
            r->alpha = strtod(v, NULL);
        else if (!strcmp(k, "beta"))
            r->beta = strtod(v, NULL);
        else if (!strcmp(k, "eff"))
            snprintf(r->eff, sizeof r->eff, "%s", v);
        else if (!strcmp(k, "fut"))
            snprintf(r->fut, sizeof r->fut, "%s", v);
        else if (!strcmp(k, "t"))
            vec(v, r->t, HS_GSD_LOOKS_MAX);
        else if (!strcmp(k, "zeff"))
            vec(v, r->zeff, HS_GSD_LOOKS_MAX);
        else if (!strcmp(k, "zfut"))
            r->nf = vec(v, r->zfut, HS_GSD_LOOKS_MAX);
        else if (!strcmp(k, "acum"))
            vec(v, r->acum, HS_GSD_LOOKS_MAX);
        else if (!strcmp(k, "bcum"))
            vec(v, r->bcum, HS_GSD_LOOKS_MAX);
        else if (!strcmp(k, "prej"))
            vec(v, r->prej, HS_GSD_LOOKS_MAX);
        else if (!strcmp(k, "pfut"))
            vec(v, r->pfut, HS_GSD_LOOKS_MAX);
        else if (!strcmp(k, "shift"))
            vec(v, one, 1), r->shift = one[0];
        else if (!strcmp(k, "infl"))
            vec(v, one, 1), r->infl = one[0];
        else
            seen--;
    }
    return seen == 16 ? 0 : -1;
}

static int spec_of(const ref *r, hs_gsd_spec *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->k = r->k;
    s->sides = r->sides;
    s->alpha = r->alpha;
    s->beta = r->beta;
    s->binding = r->binding;
    for (int k = 0; k < r->k; k++)
        s->t[k] = r->t[k];
    if (hs_gsd_parse_efficacy(r->eff, s, err, errlen) != 0)
        return -1;
    return hs_gsd_parse_futility(r->fut, s, err, errlen);
}

static double maxdiff(const double *a, const double *b, int n)
{
    double m = 0;
    for (int i = 0; i < n; i++) {
        double d;
        if (isinf(a[i]) || isinf(b[i]))
            d = (a[i] == b[i]) ? 0 : INFINITY;
        else
            d = fabs(a[i] - b[i]);
        if (!(d <= m))
            m = d; /* NaN propagates */
    }
    return m;
}

static int rpact_table(void)
{
    const char *path = HS_SOURCE_DIR "/tests/r/gsd_bounds.txt";
    FILE *f = fopen(path, "r");
    if (!f) {
        ok(0, "open %s", path);
        return 0;
    }
    char line[8192];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        char copy[8192];
        snprintf(copy, sizeof copy, "%s", line);
        ref r;
        if (parse_ref(line, &r) != 0) {
            ok(0, "parse table line: %.60s", copy);
            continue;
        }
        n++;
        char name[256];
        snprintf(name, sizeof name, "K=%d %d-sided a=%g b=%g %s %s%s", r.k, r.sides, r.alpha, r.beta,
                 r.eff, r.fut, r.binding ? " binding" : "");
        hs_gsd_spec s;
        hs_gsd_bounds b;
        char err[256] = "";
        int rc = spec_of(&r, &s, err, sizeof err);
        if (rc == 0)
            rc = hs_gsd_solve(&s, &b, err, sizeof err);
        if (!ok(rc == 0, "%s: solves (%s)", name, err)) {
            for (int i = 0; i < 6; i++)
                ok(0, "%s: skipped", name);
            continue;
        }
        int K = r.k;
        is_double(maxdiff(b.z_eff, r.zeff, K), 0, ZTOL, "%s: z_eff vs rpact", name);
        int has_fut = strcmp(r.fut, "none") != 0;
        if (has_fut)
            is_double(maxdiff(b.z_fut, r.zfut, K - 1), 0, ZTOL, "%s: z_fut vs rpact", name);
        else {
            int allinf = 1;
            for (int k = 0; k < K - 1; k++)
                allinf &= isinf(b.z_fut[k]) && b.z_fut[k] < 0;
            ok(allinf && isnan(b.z_fut[K - 1]), "%s: no futility: z_fut -inf, final NaN", name);
        }
        double acum_d = maxdiff(b.alpha_cum, r.acum, K);
        double bcum_d = isnan(r.bcum[0]) ? (isnan(b.beta_cum[0]) ? 0 : 1) : maxdiff(b.beta_cum, r.bcum, K);
        is_double(acum_d > bcum_d ? acum_d : bcum_d, 0, PTOL, "%s: alpha_cum, beta_cum vs rpact", name);
        is_rel(b.drift, sqrt(r.shift), RTOL, "%s: drift = sqrt(rpact shift) %.10g", name, b.drift);
        is_rel(b.inflation, r.infl, RTOL, "%s: inflation vs rpact %.10g", name, b.inflation);
        if (K > 1) {
            double up[HS_GSD_LOOKS_MAX], dn[HS_GSD_LOOKS_MAX], fu[HS_GSD_LOOKS_MAX];
            hs_gsd_probs_split(&b, sqrt(r.shift), up, dn, fu);
            double d1 = maxdiff(up, r.prej, K), d2 = maxdiff(fu, r.pfut, K - 1);
            is_double(d1 > d2 ? d1 : d2, 0, PTOL, "%s: rejection and futility probabilities at the shift",
                      name);
        } else
            ok(1, "%s: K = 1, no per-look probabilities in rpact", name);
    }
    fclose(f);
    return n;
}

static void east_camis(void)
{
    hs_gsd_spec s = {0};
    hs_gsd_bounds b;
    char err[256] = "";
    s.k = 2;
    s.t[0] = 176.0 / 235.0;
    s.t[1] = 1;
    s.alpha = 0.0125;
    s.beta = 0.0495;
    s.sides = 1;
    s.binding = 0;
    hs_gsd_parse_efficacy("asof", &s, err, sizeof err);
    hs_gsd_parse_futility("bshsd:-10", &s, err, sizeof err);
    int rc = hs_gsd_solve(&s, &b, err, sizeof err);
    ok(rc == 0, "East 6.5 CAMIS: solves (%s)", err);
    is_double(b.z_eff[0], 2.6606, 5e-5, "East: efficacy Z at 176 events 2.6606 (%.6f)", b.z_eff[0]);
    is_double(b.z_eff[1], 2.2798, 5e-5, "East: efficacy Z at 235 events 2.2798 (%.6f)", b.z_eff[1]);
    is_double(b.z_fut[0], 0.7379, 5e-5, "East: futility Z at 176 events 0.7379 (%.6f)", b.z_fut[0]);
}

static int solve_str(int k, const double *t, double alpha, int sides, const char *eff,
                     const char *fut, int binding, hs_gsd_bounds *b)
{
    hs_gsd_spec s = {0};
    char err[256];
    s.k = k;
    for (int i = 0; i < k; i++)
        s.t[i] = t[i];
    s.alpha = alpha;
    s.sides = sides;
    s.beta = 0.2;
    s.binding = binding;
    if (hs_gsd_parse_efficacy(eff, &s, err, sizeof err) || hs_gsd_parse_futility(fut, &s, err, sizeof err))
        return -1;
    return hs_gsd_solve(&s, b, err, sizeof err);
}

static void identities(void)
{
    hs_gsd_bounds b;
    const double t1[] = {1}, t3[] = {0.3, 0.55, 1}, t4[] = {0.2, 0.5, 0.6, 1};
    const char *effs[] = {"asof", "asp", "askd:2", "ashsd:-4", "of", "p", "hp", "none"};
    for (int i = 0; i < 8; i++) {
        solve_str(1, t1, 0.025, 1, effs[i], "none", 0, &b);
        is_double(b.z_eff[0], gsl_cdf_ugaussian_Pinv(1 - 0.025), 1e-9, "K=1 %s: z = Pinv(1 - alpha)", effs[i]);
    }
    solve_str(1, t1, 0.05, 2, "asof", "none", 0, &b);
    is_double(b.z_eff[0], gsl_cdf_ugaussian_Pinv(1 - 0.025), 1e-9, "K=1 two-sided 0.05: z = Pinv(0.975)");
    for (int i = 0; i < 8; i++) {
        int rc = solve_str(4, t4, 0.025, 1, effs[i], "none", 0, &b);
        ok(rc == 0 && fabs(b.alpha_cum[3] - 0.025) < 1e-9, "K=4 %s: alpha_cum[K-1] = alpha (%.12g)",
           effs[i], b.alpha_cum[3]);
        double pe[HS_GSD_LOOKS_MAX], pf[HS_GSD_LOOKS_MAX], s = 0;
        hs_gsd_probs(&b, 0.0, pe, pf);
        for (int k = 0; k < 4; k++)
            s += pe[k];
        is_double(s, 0.025, 1e-9, "K=4 %s: probabilities at theta = 0 sum to alpha", effs[i]);
    }
    solve_str(4, t4, 0.05, 2, "ashsd:1", "none", 0, &b);
    ok(fabs(b.alpha_cum[3] - 0.05) < 1e-9, "two-sided ashsd:1: alpha_cum[K-1] = alpha (%.12g)", b.alpha_cum[3]);
    solve_str(3, t3, 0.025, 1, "p", "none", 0, &b);
    ok(fabs(b.z_eff[0] - b.z_eff[1]) < 1e-12 && fabs(b.z_eff[1] - b.z_eff[2]) < 1e-12,
       "Pocock, unequal looks: constant bound %.9f", b.z_eff[0]);
    solve_str(3, t3, 0.025, 1, "of", "none", 0, &b);
    ok(fabs(b.z_eff[0] * sqrt(t3[0]) - b.z_eff[2]) < 1e-12 && fabs(b.z_eff[1] * sqrt(t3[1]) - b.z_eff[2]) < 1e-12,
       "O'Brien-Fleming, unequal looks: z_k sqrt(t_k) constant %.9f", b.z_eff[2]);
    solve_str(3, t3, 0.025, 1, "hp", "none", 0, &b);
    ok(b.z_eff[0] == 3 && b.z_eff[1] == 3, "Haybittle-Peto: 3 at interims");
    solve_str(3, t3, 0.025, 1, "none", "none", 0, &b);
    ok(isinf(b.z_eff[0]) && isinf(b.z_eff[1]) &&
           fabs(b.z_eff[2] - gsl_cdf_ugaussian_Pinv(1 - 0.025)) < 1e-9,
       "efficacy none: no interim stop, final Pinv(1 - alpha)");
    /* binding futility: alpha_cum (futility counted) still reaches alpha */
    solve_str(3, t3, 0.025, 1, "asof", "bsof", 1, &b);
    ok(fabs(b.alpha_cum[2] - 0.025) < 1e-9, "binding bsof: alpha_cum[K-1] = alpha (%.12g)", b.alpha_cum[2]);
    ok(fabs(b.beta_cum[2] - 0.2) < 1e-9, "binding bsof: beta_cum[K-1] = beta (%.12g)", b.beta_cum[2]);
}

static void parse_errors(void)
{
    hs_gsd_spec s = {0};
    char err[256];
    s.k = 3;
    const char *bad_eff[] = {"nan", "askd:0", "askd:-1", "askd:nan", "ashsd:inf", "askd", "ashsd:",
                             "ASOF", "asof:1", "bsof", "", "askd:2x", "ashsd:1e999"};
    for (size_t i = 0; i < sizeof bad_eff / sizeof bad_eff[0]; i++) {
        err[0] = '\0';
        int rc = hs_gsd_parse_efficacy(bad_eff[i], &s, err, sizeof err);
        ok(rc == -1 && strchr(err, ';') != NULL, "efficacy '%s' refused: %s", bad_eff[i], err);
    }
    const char *bad_fut[] = {"nan", "z:0", "z:0,0,0", "z:0,nan", "z:0,", "z:", "bskd:0", "bshsd:x",
                             "asof", "z:0;1", "bshsd:inf"};
    for (size_t i = 0; i < sizeof bad_fut / sizeof bad_fut[0]; i++) {
        err[0] = '\0';
        int rc = hs_gsd_parse_futility(bad_fut[i], &s, err, sizeof err);
        ok(rc == -1 && strchr(err, ';') != NULL, "futility '%s' refused (K=3): %s", bad_fut[i], err);
    }
    hs_gsd_parse_efficacy("askd:0", &s, err, sizeof err);
    ok(strstr(err, "askd needs RHO > 0, e.g. askd:2") != NULL, "askd:0 message: %s", err);
    ok(hs_gsd_parse_futility("z:0.1, 0.5", &s, err, sizeof err) == 0 && s.futility == HS_GSD_FUT_Z &&
           s.fut_z[0] == 0.1 && s.fut_z[1] == 0.5,
       "z:0.1, 0.5 parsed");
    ok(hs_gsd_parse_efficacy("ashsd:-4", &s, err, sizeof err) == 0 && s.efficacy == HS_GSD_EFF_ASHSD &&
           s.eff_param == -4,
       "ashsd:-4 parsed");
    /* refused specs */
    hs_gsd_bounds b;
    const double t3[] = {0.3, 0.6, 1};
    err[0] = '\0';
    hs_gsd_spec q = {0};
    q.k = 3;
    for (int i = 0; i < 3; i++)
        q.t[i] = t3[i];
    q.alpha = 0.05;
    q.beta = 0.2;
    q.sides = 2;
    hs_gsd_parse_efficacy("asof", &q, err, sizeof err);
    hs_gsd_parse_futility("bsof", &q, err, sizeof err);
    int rc = hs_gsd_solve(&q, &b, err, sizeof err);
    ok(rc == -1 && strstr(err, "two-sided") != NULL, "two-sided + futility refused: %s", err);
    q.sides = 1;
    q.t[1] = 0.2;
    rc = hs_gsd_solve(&q, &b, err, sizeof err);
    ok(rc == -1 && strchr(err, ';'), "decreasing fractions refused: %s", err);
    q.t[1] = 0.6;
    q.alpha = NAN;
    rc = hs_gsd_solve(&q, &b, err, sizeof err);
    ok(rc == -1 && strchr(err, ';'), "alpha NaN refused: %s", err);
    q.alpha = 0.025;
    hs_gsd_parse_efficacy("of", &q, err, sizeof err);
    rc = hs_gsd_solve(&q, &b, err, sizeof err);
    ok(rc == -1 && strchr(err, ';'), "of + beta spending refused: %s", err);
    hs_gsd_parse_futility("z:4,4.5", &q, err, sizeof err);
    rc = hs_gsd_solve(&q, &b, err, sizeof err);
    ok(rc == -1 && strstr(err, "not below") != NULL, "z: futility above efficacy refused: %s", err);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void timing(void)
{
    hs_gsd_bounds b;
    const double t3[] = {0.35, 0.7, 1}, t10[] = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};
    int n = 0, rc = 0;
    double t0 = now(), el;
    do {
        rc |= solve_str(3, t3, 0.025, 1, "asof", "bshsd:-2", 0, &b);
        n++;
        el = now() - t0;
    } while (el < 0.3);
    diag("solve K=3: %.0f us (asof + bshsd:-2, non-binding)", 1e6 * el / n);
    ok(rc == 0 && el / n < 0.005 * HS_TEST_CPU_SCALE, "K=3 solve under 5 ms (%.0f us)", 1e6 * el / n);
    n = 0;
    t0 = now();
    do {
        rc |= solve_str(10, t10, 0.025, 1, "asof", "bsof", 0, &b);
        n++;
        el = now() - t0;
    } while (el < 0.3);
    diag("solve K=10: %.0f us (asof + bsof, non-binding)", 1e6 * el / n);
    ok(rc == 0 && el / n < 1.0 * HS_TEST_CPU_SCALE, "K=10 solve under 1 s (%.0f us)", 1e6 * el / n);
}

static int count_designs(void)
{
    FILE *f = fopen(HS_SOURCE_DIR "/tests/r/gsd_bounds.txt", "r");
    char line[8192];
    int n = 0;
    if (!f)
        return 0;
    while (fgets(line, sizeof line, f))
        n += line[0] == 'k';
    fclose(f);
    return n;
}

int main(void)
{
    /* 7 checks per design; 1 count, 4 East, 32 identities, 32 parsing, 2 timing */
    int nd = count_designs();
    plan(7 * nd + (nd ? 0 : 1) + 1 + 4 + 32 + 32 + 2);
    int n = rpact_table();
    ok(n >= 40, "rpact table: %d designs (>= 40)", n);
    east_camis();
    identities();
    parse_errors();
    timing();
    return tap_done();
}
