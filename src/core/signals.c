/* signals.c — see signals.h. The flag is the one piece of process-wide
 * mutable state in the project: a signal handler can reach nothing else. */
#include "signals.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t pending;

static void on_signal(int sig) { pending = sig; }

int hs_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    int rc = 0;
    rc |= sigaction(SIGTERM, &sa, NULL);
    rc |= sigaction(SIGUSR1, &sa, NULL);
    rc |= sigaction(SIGINT, &sa, NULL);
    return rc ? -1 : 0;
}

int hs_signals_pending(void) { return (int)pending; }
