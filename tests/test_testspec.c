/* test_testspec.c — parsing and normalising the test specs of design.md
 * ("Tests"): every accepted form with its normalised text and parameters,
 * and every refusal (negative/NaN rho or gamma, tstar <= 0, more than 8
 * components, duplicates, garbage) with a "what; expected" message. */
#include "tap.h"
#include "testspec.h"

#include <math.h>
#include <string.h>

static int norm_is(const char *in, const char *want, int kind)
{
    hs_testspec s;
    char err[512];
    int rc = hs_testspec_parse(in, &s, err, sizeof err);
    int pass = rc == 0 && !strcmp(s.text, want) && s.kind == kind && err[0] == '\0';
    /* the normalised text parses to itself */
    hs_testspec s2;
    pass = pass && hs_testspec_parse(s.text, &s2, NULL, 0) == 0 && !strcmp(s2.text, s.text);
    return ok(pass, "\"%s\" -> \"%s\" (want \"%s\")%s%s", in, rc == 0 ? s.text : "(refused)", want, rc ? ": " : "",
              rc ? err : "");
}

static int refused(const char *in, const char *must_contain)
{
    hs_testspec s;
    char err[512];
    int rc = hs_testspec_parse(in, &s, err, sizeof err);
    int pass = rc == -1 && strstr(err, must_contain) && strstr(err, "; expected") && s.kind == HS_TEST_LOGRANK;
    return ok(pass, "\"%s\" refused: %s", in, rc ? err : "(accepted)");
}

int main(void)
{
    plan(24 + 21 + 10 + 6 + 3);
    norm_is("logrank", "logrank", HS_TEST_LOGRANK);
    norm_is("cox", "cox", HS_TEST_COX);
    norm_is("fh:0,1", "fh:0,1", HS_TEST_FH);
    norm_is("fh:0.0,1.00", "fh:0,1", HS_TEST_FH);
    norm_is("fh:0,0.5", "fh:0,0.5", HS_TEST_FH);
    norm_is("fh:1e0,5e-1", "fh:1,0.5", HS_TEST_FH);
    norm_is("fh:0.1,2", "fh:0.1,2", HS_TEST_FH);
    norm_is("fh:-0,0", "fh:0,0", HS_TEST_FH);
    norm_is("mwlr:12", "mwlr:12", HS_TEST_MWLR);
    norm_is("mwlr:12.50", "mwlr:12.5", HS_TEST_MWLR);
    norm_is("maxcombo", "maxcombo:0,0+0,1+1,0+1,1", HS_TEST_MAXCOMBO);
    norm_is("maxcombo:0,0+0,1+1,0+1,1", "maxcombo:0,0+0,1+1,0+1,1", HS_TEST_MAXCOMBO);
    norm_is("maxcombo:0,0+0,0.5", "maxcombo:0,0+0,0.5", HS_TEST_MAXCOMBO);
    norm_is("maxcombo:1,0+0.0,1", "maxcombo:1,0+0,1", HS_TEST_MAXCOMBO);
    norm_is("maxcombo:0,0+0,1+1,0+1,1+0,0.5+0.5,0+0.5,0.5+2,2", "maxcombo:0,0+0,1+1,0+1,1+0,0.5+0.5,0+0.5,0.5+2,2",
            HS_TEST_MAXCOMBO);
    norm_is("rmst", "rmst", HS_TEST_RMST);
    norm_is("rmst:24", "rmst:24", HS_TEST_RMST);
    norm_is("rmst:24.0", "rmst:24", HS_TEST_RMST);
    norm_is("milestone:12", "milestone:12", HS_TEST_MILESTONE);
    norm_is("milestone:1000000", "milestone:1000000", HS_TEST_MILESTONE);
    norm_is("mwlr:300", "mwlr:300", HS_TEST_MWLR); /* whole numbers plainly, not 3e+02 */
    norm_is("rmst:12.50", "rmst:12.5", HS_TEST_RMST);
    {
        hs_testspec s;
        hs_testspec_parse("fh:0.5,2", &s, NULL, 0);
        ok(s.rho == 0.5 && s.gamma == 2, "fh parameters stored");
        hs_testspec_parse("maxcombo", &s, NULL, 0);
        int okc = s.ncomp == 4;
        const double r[4] = {0, 0, 1, 1}, g[4] = {0, 1, 0, 1};
        for (int k = 0; k < 4; k++)
            okc &= s.comp_rho[k] == r[k] && s.comp_gamma[k] == g[k];
        ok(okc, "default MaxCombo components 0,0 0,1 1,0 1,1 in that order");
    }

    refused("", "empty");
    refused("wilcoxon", "unknown test");
    refused("LOGRANK", "unknown test");
    refused("logrank:1", "no parameter");
    refused("fh", "Fleming");
    refused("fh:", "Fleming");
    refused("fh:1", "Fleming");
    refused("fh:-1,0", "Fleming");
    refused("fh:0,-0.5", "Fleming");
    refused("fh:nan,0", "Fleming");
    refused("fh:0,inf", "Fleming");
    refused("fh:0,1,2", "Fleming");
    refused("fh:0, 1", "Fleming");
    refused("fh:0x1,0", "Fleming");
    refused("mwlr:0", "modestly");
    refused("mwlr:-3", "modestly");
    refused("mwlr", "modestly");
    refused("rmst:0", "RMST");
    refused("rmst:abc", "RMST");
    refused("milestone", "milestone");
    refused("milestone:-1", "milestone");

    refused("maxcombo:", "component");
    refused("maxcombo:0,0", "at least 2");
    refused("maxcombo:0,0+", "component");
    refused("maxcombo:0,0+-1,0", "component");
    refused("maxcombo:0,0+0,nan", "component");
    refused("maxcombo:0,0+0,1+0,0", "given twice");
    refused("maxcombo:0,0+0,1+0.0,1.0", "given twice");
    refused("maxcombo:0,0+0,1+1,0+1,1+0,0.5+0.5,0+0.5,0.5+2,2+3,3", "more than 8");
    refused("maxcombo:0;0+1,1", "component");
    refused("fh:1e400,0", "Fleming");

    {
        hs_testspec v[8];
        int n = 0;
        char err[512];
        int rc = hs_testspec_parse_list("  logrank fh:0,1\tmaxcombo rmst:24 milestone:12 ", v, 8, &n, err, sizeof err);
        ok(rc == 0 && n == 5 && v[2].kind == HS_TEST_MAXCOMBO && !strcmp(v[4].text, "milestone:12"),
           "list of 5 parsed (n %d)", n);
        rc = hs_testspec_parse_list("", v, 8, &n, err, sizeof err);
        ok(rc == 0 && n == 0, "empty list: no tests");
        rc = hs_testspec_parse_list("fh:0,1 fh:0.0,1", v, 8, &n, err, sizeof err);
        ok(rc == -1 && strstr(err, "listed twice") && strstr(err, "; expected"), "duplicate in list refused: %s", err);
        rc = hs_testspec_parse_list("logrank bogus", v, 8, &n, err, sizeof err);
        ok(rc == -1 && strstr(err, "bogus"), "bad entry in list refused: %s", err);
        rc = hs_testspec_parse_list("fh:0,0 fh:0,1 fh:1,0", v, 2, &n, err, sizeof err);
        ok(rc == -1 && strstr(err, "more than 2"), "too many in list refused: %s", err);
        ok(!strcmp(hs_testspec_kind_name(HS_TEST_MWLR), "mwlr") && !strcmp(hs_testspec_kind_name(99), "?"),
           "kind names");
    }
    {
        /* one shared pass: logrank, fh:0,1 and the default maxcombo need 4 distinct scores */
        hs_testspec v[8];
        int n = 0, ns = 0, idx[8 * HS_TESTSPEC_MAXCOMP];
        hs_wlr_spec sp[HS_WLR_MAX];
        char err[512];
        hs_testspec_parse_list("logrank fh:0,1 maxcombo rmst mwlr:12", v, 8, &n, err, sizeof err);
        int rc = hs_testspec_wlr_merge(v, n, sp, &ns, idx, err, sizeof err);
        const int M = HS_TESTSPEC_MAXCOMP;
        ok(rc == 0 && ns == 5 && idx[0] == 0 && idx[1] == -1 && idx[M] == 1 && idx[2 * M] == 0 &&
               idx[2 * M + 1] == 1 && idx[2 * M + 2] == 2 && idx[2 * M + 3] == 3 && idx[3 * M] == -1 &&
               idx[4 * M] == 4 && sp[4].kind == HS_WLR_MWLR && sp[4].tstar == 12 && sp[3].rho == 1 &&
               sp[3].gamma == 1,
           "merge: 5 distinct scores shared by 5 tests (ns %d)", ns);
        hs_testspec_parse_list("maxcombo:0,0+0,1+1,0+1,1+0,0.5 maxcombo:0,0+0.5,0+0.5,0.5 mwlr:6", v, 8, &n, err,
                               sizeof err);
        rc = hs_testspec_wlr_merge(v, n, sp, &ns, idx, err, sizeof err);
        ok(rc == 0 && ns == 8, "merge: exactly 8 distinct scores accepted (ns %d)", ns);
        hs_testspec_parse_list("maxcombo:0,0+0,1+1,0+1,1+0,0.5 maxcombo:0,0+0.5,0+0.5,0.5 mwlr:6 mwlr:12", v, 8, &n,
                               err, sizeof err);
        rc = hs_testspec_wlr_merge(v, n, sp, &ns, idx, err, sizeof err);
        ok(rc == -1 && strstr(err, "mwlr:12") && strstr(err, "; expected"), "merge: 9 distinct scores refused: %s",
           err);
    }
    return tap_done();
}
