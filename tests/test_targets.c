/* test_targets.c — the one whole-string integer parser (cfgval.h,
 * hs_cfgval_whole) and the one target-power list parser (targets.h). */
#include <stdint.h>
#include <string.h>

#include "cfgval.h"
#include "targets.h"
#include "tap.h"

static void test_whole(void)
{
    uint64_t v = 7;
    is_int(hs_cfgval_whole("42", 10, 0, 100, &v), HS_CFGVAL_OK, "whole '42' ok");
    is_int((long long)v, 42, "whole '42' = 42");
    static const char *const bad[] = {"", " 5", "5 ", "+5", "-5", "5x", "0x10", "1.0", "1e3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 7;
        ok(hs_cfgval_whole(bad[i], 10, 0, 100, &v) == HS_CFGVAL_NOT_NUMBER && v == 7,
           "whole '%s' refused, value untouched", bad[i]);
    }
    is_int(hs_cfgval_whole("0", 10, 1, 10, &v), HS_CFGVAL_OVERFLOW, "whole '0' below lo 1");
    is_int(hs_cfgval_whole("11", 10, 1, 10, &v), HS_CFGVAL_OVERFLOW, "whole '11' above hi 10");
    is_int(hs_cfgval_whole("18446744073709551616", 10, 0, UINT64_MAX, &v), HS_CFGVAL_OVERFLOW,
           "whole 2^64 overflows");
    ok(hs_cfgval_whole("18446744073709551615", 10, 0, UINT64_MAX, &v) == HS_CFGVAL_OK &&
           v == UINT64_MAX, "whole 2^64-1 ok");
    ok(hs_cfgval_whole("00ff", 16, 0, UINT64_MAX, &v) == HS_CFGVAL_OK && v == 255, "hex '00ff' = 255");
    is_int(hs_cfgval_whole("0xff", 16, 0, UINT64_MAX, &v), HS_CFGVAL_NOT_NUMBER, "hex '0xff' refused");
}

static void test_targets(void)
{
    double t[4];
    int n = -1;
    char err[200];
    ok(hs_targets_parse("0.8, 0.9", 4, &n, t, err, sizeof err) == 0 && n == 2, "'0.8, 0.9': 2 targets");
    is_double(t[0], 0.8, 1e-15, "first 0.8");
    is_double(t[1], 0.9, 1e-15, "second 0.9");
    ok(hs_targets_parse("0.8,0.8", 4, &n, t, err, sizeof err) == -1 && strstr(err, "twice"),
       "duplicate refused: %s", err);
    static const char *const bad[] = {"", "0", "1", "1.5", "0.8,", ",0.8", "0.8;0.9", "x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ok(hs_targets_parse(bad[i], 4, &n, t, err, sizeof err) == -1 && strstr(err, "between 0 and 1"),
           "'%s' refused", bad[i]);
    ok(hs_targets_parse("0.1,0.2,0.3,0.4,0.5", 4, &n, t, err, sizeof err) == -1 && strstr(err, "at most 4"),
       "five targets over max 4 refused: %s", err);
}

int main(void)
{
    plan(2 + 9 + 6 + 4 + 8 + 1);
    test_whole();
    test_targets();
    return tap_done();
}
