/* test_cfgval.c — typed config values (cfgval.h), against the grammar of
 * configs/README.md:
 *   - u64: decimal and 0x hex, 2^64 - 1 accepted, 2^64 overflows, no sign,
 *     no fraction, surrounding blanks allowed, trailing junk refused;
 *   - doubles: whole-string strtod, nan / inf / 1e999 refused as not finite;
 *   - numbers in a range with open or closed ends, integers (no fraction);
 *   - comma lists (empty items, too many values, each value checked) and
 *     START:STOP:STEP ranges (inclusive, floating steps, stop < start,
 *     step <= 0, too many points);
 *   - piecewise START:VALUE lists (first start 0, increasing starts);
 *   - every refusal appends exactly one "FILE:LINE: KEY = 'VALUE': ...;
 *     expected ..." message;
 *   - split, edit distance and did-you-mean. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cfgval.h"
#include "tap.h"

static hs_errs errs;

static hs_cfgval_entry ent(const char *key, const char *value)
{
    hs_cfgval_entry e = {"design", key, value, "f.ini", 7, 0};
    return e;
}

/* 1 if exactly one message was added since the last reset, starting with
 * "f.ini:7: KEY = 'VALUE'" and holding "; expected ". */
static int one_message(const char *key, const char *value)
{
    char head[256];
    snprintf(head, sizeof head, "f.ini:7: %s = '%s'", key, value);
    int good = hs_errs_count(&errs) == 1 && strncmp(errs.msg[0], head, strlen(head)) == 0 &&
               strstr(errs.msg[0], "; expected ") != NULL;
    if (!good)
        diag("messages: %d, first: %s", hs_errs_count(&errs), errs.n ? errs.msg[0] : "(none)");
    hs_errs_init(&errs);
    return good;
}

static void test_u64(void)
{
    static const struct {
        const char *s;
        hs_cfgval_status st;
        uint64_t v;
    } c[] = {
        {"20250814", HS_CFGVAL_OK, 20250814u},
        {"  42 ", HS_CFGVAL_OK, 42u},
        {"0xdeadbeef", HS_CFGVAL_OK, 0xdeadbeefu},
        {"0XFF", HS_CFGVAL_OK, 255u},
        {"18446744073709551615", HS_CFGVAL_OK, UINT64_MAX},
        {"0xffffffffffffffff", HS_CFGVAL_OK, UINT64_MAX},
        {"18446744073709551616", HS_CFGVAL_OVERFLOW, 0},
        {"0x10000000000000000", HS_CFGVAL_OVERFLOW, 0},
        {"-1", HS_CFGVAL_NOT_NUMBER, 0},
        {"+1", HS_CFGVAL_NOT_NUMBER, 0},
        {"1.5", HS_CFGVAL_NOT_NUMBER, 0},
        {"12abc", HS_CFGVAL_NOT_NUMBER, 0},
        {"0x", HS_CFGVAL_NOT_NUMBER, 0},
        {"0xg1", HS_CFGVAL_NOT_NUMBER, 0},
        {"", HS_CFGVAL_NOT_NUMBER, 0},
        {"1e3", HS_CFGVAL_NOT_NUMBER, 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        uint64_t v = 7;
        hs_cfgval_status st = hs_cfgval_u64(c[i].s, &v);
        ok(st == c[i].st && (st != HS_CFGVAL_OK ? v == 7 : v == c[i].v),
           "u64 '%s': %s%s", c[i].s, hs_cfgval_status_text(c[i].st),
           st != HS_CFGVAL_OK ? " (output untouched)" : "");
    }
}

static void test_double(void)
{
    static const struct {
        const char *s;
        hs_cfgval_status st;
        double v;
    } c[] = {
        {"0.025", HS_CFGVAL_OK, 0.025},   {" 1e-3 ", HS_CFGVAL_OK, 1e-3},
        {"-2.5", HS_CFGVAL_OK, -2.5},     {"nan", HS_CFGVAL_NOT_FINITE, 0},
        {"inf", HS_CFGVAL_NOT_FINITE, 0}, {"-Infinity", HS_CFGVAL_NOT_FINITE, 0},
        {"1e999", HS_CFGVAL_NOT_FINITE, 0}, {"0.5x", HS_CFGVAL_NOT_NUMBER, 0},
        {"", HS_CFGVAL_NOT_NUMBER, 0},    {"   ", HS_CFGVAL_NOT_NUMBER, 0},
        {"1,5", HS_CFGVAL_NOT_NUMBER, 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        double v = 7;
        hs_cfgval_status st = hs_cfgval_double(c[i].s, &v);
        ok(st == c[i].st && (st != HS_CFGVAL_OK ? v == 7 : v == c[i].v), "double '%s': %s",
           c[i].s, hs_cfgval_status_text(c[i].st));
    }
}

static void test_number(void)
{
    double x = -1;
    hs_cfgval_entry e = ent("alpha", "0.025");
    ok(hs_cfgval_number(&e, e.value, 0, 1, 1, 1, "a level in (0, 1)", &x, &errs) == 0 && x == 0.025 &&
           hs_errs_count(&errs) == 0,
       "alpha 0.025 in (0, 1)");
    const char *refuse[] = {"0", "1", "nan", "inf", "-0.1", "abc"};
    for (int i = 0; i < 6; i++) {
        e = ent("alpha", refuse[i]);
        int rc = hs_cfgval_number(&e, e.value, 0, 1, 1, 1, "a level in (0, 1)", &x, &errs);
        ok(rc == -1 && one_message("alpha", refuse[i]), "alpha '%s' refused with one message",
           refuse[i]);
    }
    e = ent("dropout", "0");
    ok(hs_cfgval_number(&e, e.value, 0, 0, 1, 1, "in [0, 1)", &x, &errs) == 0 && x == 0,
       "closed lower end: 0 in [0, 1)");

    long long k = -1;
    e = ent("sides", "2");
    ok(hs_cfgval_integer(&e, e.value, 1, 2, "1 or 2", &k, &errs) == 0 && k == 2, "integer 2 in 1..2");
    e = ent("n", "1e3");
    ok(hs_cfgval_integer(&e, e.value, 2, 10000000, "patients", &k, &errs) == 0 && k == 1000,
       "integer written 1e3 = 1000 (a number with no fraction)");
    const char *badint[] = {"2.5", "3", "0", "0x10", "nan"};
    for (int i = 0; i < 5; i++) {
        e = ent("sides", badint[i]);
        int rc = hs_cfgval_integer(&e, e.value, 1, 2, "1 or 2", &k, &errs);
        ok(rc == -1 && one_message("sides", badint[i]), "integer '%s' refused for 1..2", badint[i]);
    }
}

static void test_list(void)
{
    double v[64];
    int n = -1;
    hs_cfgval_entry e = ent("landmarks", "12, 24,36 ");
    ok(hs_cfgval_list(&e, 0, 0, 1, INFINITY, "times > 0", v, 64, &n, &errs) == 0 && n == 3 &&
           v[0] == 12 && v[1] == 24 && v[2] == 36,
       "list '12, 24,36 ' -> 12, 24, 36");
    e = ent("grid", "0:72:1");
    ok(hs_cfgval_list(&e, 1, 0, 0, INFINITY, "times", v, 64, &n, &errs) == -1 &&
           one_message("grid", "0:72:1"),
       "range 0:72:1 has 73 points: refused when at most 64");
    double g[1024];
    ok(hs_cfgval_list(&e, 1, 0, 0, INFINITY, "times", g, 1024, &n, &errs) == 0 && n == 73 &&
           g[0] == 0 && g[72] == 72,
       "range 0:72:1 -> 73 points 0..72 (inclusive)");
    e = ent("grid", "0:1:0.1");
    ok(hs_cfgval_list(&e, 1, 0, 0, INFINITY, "times", v, 64, &n, &errs) == 0 && n == 11,
       "range 0:1:0.1 -> 11 points (the stop is reached despite rounding)");
    is_double(v[10], 1.0, 1e-12, "... the last is 1 (within 1e-12)");
    e = ent("n", "100:300:100");
    ok(hs_cfgval_list(&e, 1, -INFINITY, 0, INFINITY, "n", v, 64, &n, &errs) == 0 && n == 3 &&
           v[2] == 300,
       "range 100:300:100 -> 100, 200, 300");
    e = ent("n", "100:300:100");
    ok(hs_cfgval_list(&e, 0, -INFINITY, 0, INFINITY, "n", v, 64, &n, &errs) == -1 &&
           one_message("n", "100:300:100"),
       "a range where only a list is allowed: refused");
    static const char *bad[] = {"5:1:1", "0:10:0", "0:10:-1", "0:10", "1,,2", "1, nan", "1, inf", "0, 1", "a:b:c"};
    for (int i = 0; i < 9; i++) {
        e = ent("grid", bad[i]);
        int rc = hs_cfgval_list(&e, 1, 0, 1, INFINITY, "times > 0", v, 64, &n, &errs);
        ok(rc == -1 && one_message("grid", bad[i]) , "list/range '%s' refused with one message", bad[i]);
    }
    e = ent("grid", "1, 2, 3, 4, 5");
    ok(hs_cfgval_list(&e, 0, 0, 0, INFINITY, "times", v, 4, &n, &errs) == -1 &&
           hs_errs_count(&errs) == 1,
       "5 values where at most 4 are allowed: refused");
    hs_errs_init(&errs);
}

static void test_pieces(void)
{
    double s[32], v[32];
    int n = -1;
    hs_cfgval_entry e = ent("hr", "0:1.0, 6:0.6 , 12:0.8");
    ok(hs_cfgval_pieces(&e, 0, 1, INFINITY, "a ratio > 0", s, v, 32, &n, &errs) == 0 && n == 3 && s[0] == 0 &&
           s[1] == 6 && s[2] == 12 && v[0] == 1.0 && v[1] == 0.6 && v[2] == 0.8,
       "pieces 0:1.0, 6:0.6, 12:0.8");
    static const char *bad[] = {"1:1.0", "0:1, 6:0.5, 6:0.4", "0:1, 6", "0:0", "0:nan", "0:1, -1:2"};
    for (int i = 0; i < 6; i++) {
        e = ent("hr", bad[i]);
        int rc = hs_cfgval_pieces(&e, 0, 1, INFINITY, "a ratio > 0", s, v, 32, &n, &errs);
        ok(rc == -1 && hs_errs_count(&errs) == 1 && strncmp(errs.msg[0], "f.ini:7: hr", 11) == 0,
           "pieces '%s' refused with one message: %s", bad[i], errs.n ? errs.msg[0] : "(none)");
        hs_errs_init(&errs);
    }
    e = ent("hr", "0:1, 1:1, 2:1");
    ok(hs_cfgval_pieces(&e, 0, 1, INFINITY, "a ratio > 0", s, v, 2, &n, &errs) == -1, "3 pieces where at most 2: refused");
    hs_errs_init(&errs);
}

static void test_words(void)
{
    char buf[64] = " a, b ,c,, d ";
    char *tok[8];
    int n = hs_cfgval_split(buf, ',', tok, 8);
    ok(n == 5 && !strcmp(tok[0], "a") && !strcmp(tok[1], "b") && !strcmp(tok[2], "c") &&
           !strcmp(tok[3], "") && !strcmp(tok[4], "d"),
       "split ' a, b ,c,, d ' -> a|b|c||d (trimmed, empty kept)");
    char buf2[16] = "1,2,3";
    is_int(hs_cfgval_split(buf2, ',', tok, 2), -1, "split: more tokens than max -> -1");
    is_int(hs_cfgval_distance("kitten", "sitting"), 3, "distance kitten/sitting = 3");
    is_int(hs_cfgval_distance("", "abc"), 3, "distance ''/abc = 3");
    is_int(hs_cfgval_distance("accrual", "accrual"), 0, "distance to itself = 0");
    static const char *const keys[] = {"control", "experimental", "accrual", "analysis"};
    const char *s = hs_cfgval_suggest("acrual", keys, 4);
    ok(s && !strcmp(s, "accrual"), "suggest 'acrual' -> accrual");
    ok(hs_cfgval_suggest("zzzzzz", keys, 4) == NULL, "suggest nothing for 'zzzzzz'");
    char dym[64];
    hs_cfgval_dym(dym, sizeof dym, "experimentl", keys, 4);
    ok(!strcmp(dym, " (did you mean 'experimental'?)"), "did-you-mean text: '%s'", dym);
    char list[64];
    hs_cfgval_join(list, sizeof list, keys, 3);
    ok(!strcmp(list, "control, experimental, accrual"), "join: '%s'", list);
}

int main(void)
{
    plan(16 + 11 + 1 + 6 + 1 + 2 + 5 + 7 + 9 + 1 + 1 + 6 + 1 + 9);
    hs_errs_init(&errs);
    test_u64();
    test_double();
    test_number();
    test_list();
    test_pieces();
    test_words();
    return tap_done();
}
