/* progress.c — see progress.h. */
#include "progress.h"

#include <unistd.h>

static void fmt_time(char *buf, size_t n, double s)
{
    if (!(s >= 0) || s > 1e7) {
        snprintf(buf, n, "--:--");
        return;
    }
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%02ld:%02ld", t / 60, t % 60);
}

void hs_progress_start(hs_progress *p, FILE *out, int enabled, const char *label, uint64_t total,
                       double now)
{
    p->out = out;
    p->enabled = enabled && out != NULL;
    p->tty = p->enabled && isatty(fileno(out));
    p->label = label;
    p->total = total;
    p->start = now;
    p->last = now;
}

static void draw(hs_progress *p, uint64_t done, double now, int final)
{
    double el = now - p->start;
    double frac = p->total ? (double)done / (double)p->total : 1.0;
    double rate = el > 0 ? (double)done / el : 0.0;
    char eta[32], took[32];
    fmt_time(eta, sizeof eta, rate > 0 ? (double)(p->total - done) / rate : -1);
    fmt_time(took, sizeof took, el);
    if (p->tty) {
        enum { W = 30 };
        char bar[W + 1];
        int fill = (int)(frac * W);
        for (int i = 0; i < W; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[W] = '\0';
        fprintf(p->out, "\r%s [%s] %5.1f%%  %.0f/s  %s %s%s", p->label, bar, 100 * frac, rate,
                final ? "took" : "ETA", final ? took : eta, final ? "\n" : "");
    } else {
        fprintf(p->out, "%s: %llu/%llu replicates (%.1f%%), %.0f/s, elapsed %s, %s %s\n", p->label,
                (unsigned long long)done, (unsigned long long)p->total, 100 * frac, rate, took,
                final ? "done" : "ETA", final ? "" : eta);
    }
    fflush(p->out);
}

void hs_progress_update(hs_progress *p, uint64_t done, double now)
{
    if (!p->enabled || now - p->last < (p->tty ? 0.2 : 10.0))
        return;
    p->last = now;
    draw(p, done, now, 0);
}

void hs_progress_finish(hs_progress *p, uint64_t done, double now)
{
    if (p->enabled)
        draw(p, done, now, 1);
}
