/* testspec.c — parse and normalise test specs (grammar in testspec.h). */
#include "testspec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(HS_TESTSPEC_MAXCOMP <= HS_WLR_MAX, "a MaxCombo must fit in one hs_wlr_run");

#define EXPECT_ALL                                                                                       \
    "expected logrank, cox, fh:RHO,GAMMA, mwlr:TSTAR, maxcombo, maxcombo:R1,G1+R2,G2+..., rmst, rmst:TAU " \
    "or milestone:T"

static void say(char *err, size_t errlen, const char *fmt, const char *a, const char *b)
{
    if (err && errlen > 0)
        snprintf(err, errlen, fmt, a, b);
}

/* Shortest "%.Ng" that reads back as x exactly; whole numbers below 10^15
 * plainly ("300", not "3e+02"). */
static void fmt_num(char *buf, size_t len, double x)
{
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, len, "%.0f", x);
        return;
    }
    for (int p = 1; p <= 17; p++) {
        snprintf(buf, len, "%.*g", p, x);
        if (strtod(buf, NULL) == x)
            return;
    }
}

/* A finite decimal number filling s[0..len-1] exactly (no inf/nan/hex). */
static int num_exact(const char *s, size_t len, double *x)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return -1;
    for (size_t i = 0; i < len; i++)
        if (!strchr("0123456789.eE+-", s[i]))
            return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end = NULL;
    double v = strtod(buf, &end);
    if (end != buf + len || !isfinite(v))
        return -1;
    *x = v == 0 ? 0.0 : v; /* no "-0" */
    return 0;
}

/* "RHO,GAMMA" in s[0..len-1], both >= 0. */
static int pair_exact(const char *s, size_t len, double *rho, double *gamma)
{
    const char *c = memchr(s, ',', len);
    if (!c)
        return -1;
    size_t l1 = (size_t)(c - s);
    if (num_exact(s, l1, rho) || num_exact(c + 1, len - l1 - 1, gamma))
        return -1;
    return *rho >= 0 && *gamma >= 0 ? 0 : -1;
}

static void set_default(hs_testspec *o)
{
    memset(o, 0, sizeof *o);
    o->kind = HS_TEST_LOGRANK;
    o->tau = NAN;
    snprintf(o->text, sizeof o->text, "logrank");
}

static int positive(const char *s, double *x)
{
    return num_exact(s, strlen(s), x) == 0 && *x > 0 ? 0 : -1;
}

int hs_testspec_parse(const char *spec, hs_testspec *out, char *err, size_t errlen)
{
    set_default(out);
    if (err && errlen)
        err[0] = '\0';
    if (!spec || !*spec) {
        say(err, errlen, "empty test spec%s%s; " EXPECT_ALL, "", "");
        return -1;
    }
    if (strlen(spec) > 400) {
        say(err, errlen, "test spec too long (over 400 characters)%s%s; " EXPECT_ALL, "", "");
        return -1;
    }
    const char *colon = strchr(spec, ':');
    const size_t nlen = colon ? (size_t)(colon - spec) : strlen(spec);
    const char *arg = colon ? colon + 1 : NULL;
    char nb[32] = "", a[32];
#define NAME_IS(lit) (nlen == sizeof(lit) - 1 && strncmp(spec, lit, nlen) == 0)
    if (NAME_IS("logrank") || NAME_IS("cox")) {
        const int cox = NAME_IS("cox");
        if (arg) {
            say(err, errlen, "test \"%s\": %s takes no parameter; expected just the name", spec,
                cox ? "cox" : "logrank");
            return -1;
        }
        out->kind = cox ? HS_TEST_COX : HS_TEST_LOGRANK;
        snprintf(out->text, sizeof out->text, "%s", cox ? "cox" : "logrank");
        return 0;
    }
    if (NAME_IS("fh")) {
        double r, g;
        if (!arg || pair_exact(arg, strlen(arg), &r, &g)) {
            say(err, errlen,
                "test \"%s\": bad Fleming-Harrington weight%s; expected fh:RHO,GAMMA with RHO, GAMMA finite numbers "
                ">= 0 (e.g. fh:0,1)",
                spec, "");
            return -1;
        }
        out->kind = HS_TEST_FH;
        out->rho = r;
        out->gamma = g;
        fmt_num(nb, sizeof nb, r);
        fmt_num(a, sizeof a, g);
        snprintf(out->text, sizeof out->text, "fh:%s,%s", nb, a);
        return 0;
    }
    if (NAME_IS("mwlr")) {
        if (!arg || positive(arg, &out->tstar)) {
            say(err, errlen,
                "test \"%s\": bad modestly weighted log-rank time%s; expected mwlr:TSTAR with TSTAR a number > 0 "
                "(months, e.g. mwlr:12)",
                spec, "");
            out->tstar = 0;
            return -1;
        }
        out->kind = HS_TEST_MWLR;
        fmt_num(nb, sizeof nb, out->tstar);
        snprintf(out->text, sizeof out->text, "mwlr:%s", nb);
        return 0;
    }
    if (NAME_IS("rmst")) {
        if (arg && positive(arg, &out->tau)) {
            say(err, errlen,
                "test \"%s\": bad RMST horizon%s; expected rmst or rmst:TAU with TAU a number > 0 (months)",
                spec, "");
            out->tau = NAN;
            return -1;
        }
        out->kind = HS_TEST_RMST;
        if (arg) {
            fmt_num(nb, sizeof nb, out->tau);
            snprintf(out->text, sizeof out->text, "rmst:%s", nb);
        } else {
            snprintf(out->text, sizeof out->text, "rmst");
        }
        return 0;
    }
    if (NAME_IS("milestone")) {
        if (!arg || positive(arg, &out->t)) {
            say(err, errlen,
                "test \"%s\": bad or missing milestone time%s; expected milestone:T with T a number > 0 (months, "
                "e.g. milestone:24)",
                spec, "");
            out->t = 0;
            return -1;
        }
        out->kind = HS_TEST_MILESTONE;
        fmt_num(nb, sizeof nb, out->t);
        snprintf(out->text, sizeof out->text, "milestone:%s", nb);
        return 0;
    }
    if (NAME_IS("maxcombo")) {
        hs_testspec m;
        set_default(&m);
        m.kind = HS_TEST_MAXCOMBO;
        if (!arg) {
            static const double dr[4] = {0, 0, 1, 1}, dg[4] = {0, 1, 0, 1};
            m.ncomp = 4;
            for (int k = 0; k < 4; k++) {
                m.comp_rho[k] = dr[k];
                m.comp_gamma[k] = dg[k];
            }
        } else {
            const char *p = arg;
            for (;;) {
                const char *plus = strchr(p, '+');
                size_t len = plus ? (size_t)(plus - p) : strlen(p);
                double r, g;
                if (pair_exact(p, len, &r, &g)) {
                    say(err, errlen,
                        "test \"%s\": bad MaxCombo component%s; expected maxcombo:R1,G1+R2,G2+... with each R, G a "
                        "finite number >= 0 (e.g. maxcombo:0,0+0,1)",
                        spec, "");
                    return -1;
                }
                if (m.ncomp == HS_TESTSPEC_MAXCOMP) {
                    say(err, errlen, "test \"%s\": more than 8 MaxCombo components%s; expected 2 to 8", spec, "");
                    return -1;
                }
                for (int k = 0; k < m.ncomp; k++)
                    if (m.comp_rho[k] == r && m.comp_gamma[k] == g) {
                        fmt_num(nb, sizeof nb, r);
                        fmt_num(a, sizeof a, g);
                        char both[80];
                        snprintf(both, sizeof both, "%s,%s", nb, a);
                        say(err, errlen, "test \"%s\": MaxCombo component %s given twice; expected distinct components",
                            spec, both);
                        return -1;
                    }
                m.comp_rho[m.ncomp] = r;
                m.comp_gamma[m.ncomp] = g;
                m.ncomp++;
                if (!plus)
                    break;
                p = plus + 1;
            }
            if (m.ncomp < 2) {
                say(err, errlen,
                    "test \"%s\": a MaxCombo needs at least 2 components%s; expected maxcombo:R1,G1+R2,G2+...",
                    spec, "");
                return -1;
            }
        }
        size_t used = (size_t)snprintf(m.text, sizeof m.text, "maxcombo:");
        for (int k = 0; k < m.ncomp && used < sizeof m.text; k++) {
            fmt_num(nb, sizeof nb, m.comp_rho[k]);
            fmt_num(a, sizeof a, m.comp_gamma[k]);
            used += (size_t)snprintf(m.text + used, sizeof m.text - used, "%s%s,%s", k ? "+" : "", nb, a);
        }
        *out = m;
        return 0;
    }
#undef NAME_IS
    say(err, errlen, "unknown test \"%s\"%s; " EXPECT_ALL, spec, "");
    return -1;
}

int hs_testspec_parse_list(const char *list, hs_testspec *out, int max, int *n, char *err, size_t errlen)
{
    *n = 0;
    if (err && errlen)
        err[0] = '\0';
    const char *p = list ? list : "";
    char tok[512];
    for (;;) {
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            break;
        size_t len = strcspn(p, " \t");
        if (len >= sizeof tok) {
            say(err, errlen, "test spec too long (over %s characters)%s; " EXPECT_ALL, "510", "");
            return -1;
        }
        memcpy(tok, p, len);
        tok[len] = '\0';
        p += len;
        if (*n >= max) {
            char m[32];
            snprintf(m, sizeof m, "%d", max);
            say(err, errlen, "more than %s tests listed%s; expected fewer", m, "");
            return -1;
        }
        if (hs_testspec_parse(tok, &out[*n], err, errlen))
            return -1;
        for (int k = 0; k < *n; k++)
            if (!strcmp(out[k].text, out[*n].text)) {
                say(err, errlen, "test %s listed twice (as \"%s\"); expected each test once", out[k].text, tok);
                return -1;
            }
        (*n)++;
    }
    return 0;
}

const char *hs_testspec_kind_name(int kind)
{
    static const char *const names[] = {"logrank", "cox", "fh", "mwlr", "maxcombo", "rmst", "milestone"};
    return kind >= 0 && kind <= HS_TEST_MILESTONE ? names[kind] : "?";
}

int hs_testspec_is_wlr(const hs_testspec *s)
{
    return s->kind == HS_TEST_LOGRANK || s->kind == HS_TEST_FH || s->kind == HS_TEST_MWLR ||
           s->kind == HS_TEST_MAXCOMBO;
}

int hs_testspec_wlr_specs(const hs_testspec *s, hs_wlr_spec *out)
{
    switch (s->kind) {
    case HS_TEST_LOGRANK:
        out[0] = hs_wlr_fh(0, 0);
        return 1;
    case HS_TEST_FH:
        out[0] = hs_wlr_fh(s->rho, s->gamma);
        return 1;
    case HS_TEST_MWLR:
        out[0] = hs_wlr_mwlr(s->tstar);
        return 1;
    case HS_TEST_MAXCOMBO:
        for (int k = 0; k < s->ncomp; k++)
            out[k] = hs_wlr_fh(s->comp_rho[k], s->comp_gamma[k]);
        return s->ncomp;
    default:
        return 0;
    }
}

static int same_spec(const hs_wlr_spec *a, const hs_wlr_spec *b)
{
    if (a->kind != b->kind)
        return 0;
    return a->kind == HS_WLR_FH ? a->rho == b->rho && a->gamma == b->gamma : a->tstar == b->tstar;
}

int hs_testspec_wlr_merge(const hs_testspec *tests, int ntests, hs_wlr_spec *spec, int *nspec, int *index,
                          char *err, size_t errlen)
{
    *nspec = 0;
    for (int t = 0; t < ntests; t++) {
        hs_wlr_spec need[HS_TESTSPEC_MAXCOMP];
        const int m = hs_testspec_wlr_specs(&tests[t], need);
        for (int c = 0; c < HS_TESTSPEC_MAXCOMP; c++)
            index[t * HS_TESTSPEC_MAXCOMP + c] = -1;
        for (int c = 0; c < m; c++) {
            int at = -1;
            for (int k = 0; k < *nspec; k++)
                if (same_spec(&spec[k], &need[c]))
                    at = k;
            if (at < 0) {
                if (*nspec == HS_WLR_MAX) {
                    char lim[16];
                    snprintf(lim, sizeof lim, "%d", HS_WLR_MAX);
                    say(err, errlen,
                        "the tests need more than %s distinct weighted log-rank scores (reached at %s); expected "
                        "at most 8 distinct FH weights and mwlr times over all tests",
                        lim, tests[t].text);
                    return -1;
                }
                spec[*nspec] = need[c];
                at = (*nspec)++;
            }
            index[t * HS_TESTSPEC_MAXCOMP + c] = at;
        }
    }
    return 0;
}
