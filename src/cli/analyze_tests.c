/* analyze_tests.c — `analyze --test SPEC` (see analyze_tests.h). */
#include "analyze_tests.h"

#include "mvn.h"
#include "rmst.h"
#include "wlr.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const double sqrt_half = 0.70710678118654752440;

/* Two-sided and one-sided (upper tail) normal p-values of z; NAN for NAN. */
static double p_two(double z) { return isnan(z) ? NAN : erfc(fabs(z) * sqrt_half); }
static double p_one(double z) { return isnan(z) ? NAN : 0.5 * erfc(z * sqrt_half); }

int hs_analyze_tests_parse(const char *const *text, int n, hs_testspec *spec, hs_errs *e)
{
    const int before = hs_errs_count(e);
    if (n > HS_ATEST_MAX) {
        hs_errs_add(e, "--test", 0, "%d tests; expected at most %d", n, HS_ATEST_MAX);
        n = HS_ATEST_MAX;
    }
    for (int i = 0; i < n; i++) {
        char err[512];
        if (hs_testspec_parse(text[i], &spec[i], err, sizeof err) != 0) {
            hs_errs_add(e, "--test", 0, "%s", err);
            spec[i].text[0] = '\0'; /* never a duplicate */
            continue;
        }
        for (int j = 0; j < i; j++)
            if (spec[j].text[0] && !strcmp(spec[j].text, spec[i].text)) {
                hs_errs_add(e, "--test", 0, "'%s' is the same test as '%s' (%s); expected each test once",
                            text[i], text[j], spec[i].text);
                break;
            }
    }
    return hs_errs_count(e) - before;
}

/* A weighted log-rank family member: its scores in one pass. */
static void run_wlr(const hs_survdata *w, hs_atest *a)
{
    hs_wlr_spec ws[HS_TESTSPEC_MAXCOMP];
    const int k = hs_testspec_wlr_specs(&a->spec, ws);
    hs_wlr_result r;
    if (k < 1 || hs_wlr_run(w, ws, k, &r) != HS_SURV_OK)
        return;
    if (a->spec.kind != HS_TEST_MAXCOMBO) {
        a->z = -r.z[0];
        a->p = p_two(a->z);
        a->p_one_sided = p_one(a->z);
        if (isnan(a->z))
            snprintf(a->note, sizeof a->note, "no variance (no event with both groups at risk)");
        return;
    }
    double corr[HS_TESTSPEC_MAXCOMP * HS_TESTSPEC_MAXCOMP];
    int fine = hs_wlr_corr(&r, k, corr) == 0;
    double zabs = 0, zup = -INFINITY;
    a->ncomp = k;
    for (int c = 0; c < k; c++) {
        const double zc = -r.z[c];
        a->comp_z[c] = zc;
        fine &= isfinite(zc);
        if (!fine)
            continue;
        if (c == 0 || fabs(zc) > zabs) {
            zabs = fabs(zc);
            a->z = zc;
        }
        zup = zc > zup ? zc : zup;
    }
    if (!fine) {
        a->z = NAN;
        snprintf(a->note, sizeof a->note, "a component has no variance");
        return;
    }
    for (int i = 0; i < k; i++) /* exactly symmetric, as mvn.h checks */
        for (int j = 0; j < i; j++)
            corr[i * k + j] = corr[j * k + i] = 0.5 * (corr[i * k + j] + corr[j * k + i]);
    a->p = hs_mvn_maxcombo_p(corr, k, zabs, 2);
    a->p_one_sided = hs_mvn_maxcombo_p(corr, k, zup, 1);
}

/* The note of an rmst / milestone result's flags. */
static void nph_note(int flags, char *note, size_t size)
{
    size_t len = 0;
    note[0] = '\0';
    if (flags & HS_NPH_STRATA_IGNORED)
        len += (size_t)snprintf(note + len, size - len, "unstratified (the strata are ignored)");
    if (len < size && (flags & HS_NPH_BEYOND_LAST))
        len += (size_t)snprintf(note + len, size - len, "%spast a group's last observed time (curve held)",
                                len ? "; " : "");
    if (len < size && (flags & (HS_NPH_S_ZERO | HS_NPH_S_ONE)))
        len += (size_t)snprintf(note + len, size - len, "%sS(T) is %s in a group: no z", len ? "; " : "",
                                flags & HS_NPH_S_ZERO ? "0" : "1");
    if (len < size && (flags & HS_NPH_ZERO_SE))
        snprintf(note + len, size - len, "%sno variance: no z", len ? "; " : "");
}

int hs_analyze_tests_run(hs_survdata *w, const hs_testspec *spec, int n, double tau, double zcox,
                         hs_atest *out, hs_errs *e)
{
    const int before = hs_errs_count(e);
    if (n <= 0)
        return 0;
    if (w->ngroup != 2) {
        hs_errs_add(e, "--test", 0, "the data have %d groups; expected two (control and experimental)",
                    w->ngroup);
        return hs_errs_count(e) - before;
    }
    const double deftau = tau > 0 ? tau : hs_rmst_default_tau(w);
    for (int i = 0; i < n; i++) {
        hs_atest *a = &out[i];
        memset(a, 0, sizeof *a);
        a->spec = spec[i];
        a->z = a->p = a->p_one_sided = a->tau = NAN;
        switch (spec[i].kind) {
        case HS_TEST_LOGRANK:
        case HS_TEST_FH:
        case HS_TEST_MWLR:
        case HS_TEST_MAXCOMBO:
            run_wlr(w, a);
            break;
        case HS_TEST_COX:
            a->z = zcox;
            a->p = p_two(zcox);
            a->p_one_sided = p_one(zcox);
            break;
        case HS_TEST_RMST: {
            a->tau = isnan(spec[i].tau) ? deftau : spec[i].tau;
            hs_rmst_result rr;
            if (!(a->tau > 0) || hs_rmst_run(w, a->tau, &rr) != HS_SURV_OK) {
                hs_errs_add(e, "--test", 0, "'%s': tau = %g (the smaller of the groups' last observed times); "
                            "expected tau > 0 (give rmst:TAU or --tau)", spec[i].text, a->tau);
                break;
            }
            a->z = rr.z;
            nph_note(rr.flags, a->note, sizeof a->note);
            break;
        }
        case HS_TEST_MILESTONE: {
            hs_milestone_result mr;
            if (hs_milestone_run(w, spec[i].t, &mr) == HS_SURV_OK) {
                a->z = mr.z;
                nph_note(mr.flags, a->note, sizeof a->note);
            }
            break;
        }
        default:
            break;
        }
        if (spec[i].kind == HS_TEST_RMST || spec[i].kind == HS_TEST_MILESTONE) {
            a->p = p_two(a->z);
            a->p_one_sided = p_one(a->z);
        }
    }
    return hs_errs_count(e) - before;
}
