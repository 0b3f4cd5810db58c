/* test_driver.c — the driver is library code: it prints nothing and hands
 * its reason for stopping back in d->msg (driver.h). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "driver.h"
#include "par.h"
#include "tap.h"

static int no_scenario(void *ctx, uint64_t pos, hs_scenario *out)
{
    (void)ctx;
    (void)pos;
    (void)out;
    return -1;
}

/* Every rank's share of the round from `done`: 0 when the shares tile the
 * round (rank order, no gap or overlap; a full round of P * C, or up to R),
 * give each rank C in a full round, and differ by at most 1 in the last;
 * else 1, with the reason in why. */
static int shares_ok(uint64_t done, uint64_t R, uint64_t C, int P, char *why, size_t n)
{
    uint64_t next = done, lo = UINT64_MAX, hi = 0;
    int full = (R - done) / (uint64_t)P >= C;
    for (int r = 0; r < P; r++) {
        uint64_t first, count;
        hs_driver_share(done, R, C, P, r, &first, &count);
        if (count > 0 && first != next) {
            snprintf(why, n, "rank %d starts at %llu, expected %llu", r, (unsigned long long)first,
                     (unsigned long long)next);
            return 1;
        }
        next += count;
        lo = count < lo ? count : lo;
        hi = count > hi ? count : hi;
    }
    uint64_t end = full ? done + (uint64_t)P * C : R;
    if (next != end) {
        snprintf(why, n, "the shares end at %llu, expected %llu", (unsigned long long)next,
                 (unsigned long long)end);
        return 1;
    }
    if (full ? lo != C || hi != C : hi - lo > 1) {
        snprintf(why, n, "shares from %llu to %llu replicates", (unsigned long long)lo,
                 (unsigned long long)hi);
        return 1;
    }
    return 0;
}

int main(void)
{
    plan(3 + 6);
    char msg[256] = "";
    hs_driver d;
    memset(&d, 0, sizeof d);
    d.chunk = 1;
    d.msg = msg;
    d.msglen = sizeof msg;
    /* stderr into a temporary file for the call */
    FILE *cap = tmpfile();
    fflush(stderr);
    int saved = dup(2);
    dup2(fileno(cap), 2);
    int rc = hs_driver_run_gen(&d, no_scenario, NULL, 1, NULL);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long printed = (fseek(cap, 0, SEEK_END), ftell(cap));
    fclose(cap);
    is_int(rc, 1, "a scenario that cannot be set up: status 1");
    ok(strstr(msg, "could not be set up") != NULL, "the reason is in d->msg: '%s'", msg);
    is_int(printed, 0, "nothing printed to stderr");

    /* the work of a round (issue 18 item 2): the last round split evenly */
    static const struct {
        uint64_t done, R, C;
        int P;
        const char *what;
    } cases[] = {
        {196608, 200000, 2048, 2, "200,000 on 2 ranks, the last round (3392: 1696 each, not 2048 + 1344)"},
        {0, 200000, 2048, 2, "200,000 on 2 ranks, the first round (2048 each)"},
        {131072, 200000, 2048, 64, "200,000 on 64 ranks, the last round (68,928 over 64, not 34 ranks x 2048)"},
        {0, 5, 2048, 16, "5 replicates on 16 ranks (one each for 5, none for the rest)"},
        {0, 8192, 2048, 4, "exactly one full round"},
        {UINT64_MAX - 10, UINT64_MAX, UINT64_MAX / 2, 3, "near 2^64: no overflow"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char why[160] = "";
        int bad = shares_ok(cases[k].done, cases[k].R, cases[k].C, cases[k].P, why, sizeof why);
        ok(!bad, "%s%s%s", cases[k].what, bad ? ": " : "", why);
    }
    return tap_done();
}
