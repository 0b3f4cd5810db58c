/* test_driver.c — the driver is library code: it prints nothing and hands
 * its reason for stopping back in d->msg (driver.h). */
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

int main(void)
{
    plan(3);
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
    return tap_done();
}
