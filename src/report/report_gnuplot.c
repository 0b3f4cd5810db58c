/* report_gnuplot.c — writing gnuplot scripts and data and running gnuplot
 * for the report's plots (see report_gnuplot.h). */
#include "report_gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---------- small helpers ---------- */

static int file_nonempty(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0;
}

/* A gnuplot single-quoted string body: ' doubled, control characters dropped. */
void hs_report_gnuplot_quote(char *out, size_t cap, const char *s)
{
    size_t k = 0;
    for (; s && *s && k + 3 < cap; s++) {
        if ((unsigned char)*s < 0x20)
            continue;
        if (*s == '\'')
            out[k++] = '\'';
        out[k++] = *s;
    }
    out[k] = '\0';
}

/* ---------- running gnuplot ---------- */

/* Run argv[0] with argv in G->plotdir, stdout and stderr to logname.
 * Returns the exit status, 127 if it could not be started, -1 on fork error. */
static int spawn(const hs_report_gnuplot *G, char *const argv[], const char *logname)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        if (chdir(G->plotdir) != 0)
            _exit(127);
        int fd = open(logname, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int in = open("/dev/null", O_RDONLY);
        if (fd >= 0) {
            dup2(fd, 1);
            dup2(fd, 2);
        }
        if (in >= 0)
            dup2(in, 0);
        execvp(argv[0], argv);
        _exit(127);
    }
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    if (WIFEXITED(st))
        return WEXITSTATUS(st);
    return 128;
}

void hs_report_gnuplot_ioerr(hs_report_gnuplot *G, const char *name, int err)
{
    if (!G->ioerr[0])
        snprintf(G->ioerr, sizeof G->ioerr, "plots/%s: cannot write: %s", name, strerror(err));
}

/* 1 if path is a complete drawing: an SVG ending in </svg>, a PNG ending in
 * its IEND chunk (a full disk can leave gnuplot's output truncated while
 * gnuplot exits 0). */
static int drawing_complete(const char *path, int png)
{
    static const unsigned char iend[12] = {0, 0, 0, 0, 'I', 'E', 'N', 'D', 0xAE, 0x42, 0x60, 0x82};
    unsigned char tail[64];
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    long from = size > (long)sizeof tail ? size - (long)sizeof tail : 0;
    size_t n = size > 0 && fseek(f, from, SEEK_SET) == 0 ? fread(tail, 1, sizeof tail, f) : 0;
    fclose(f);
    if (n == 0)
        return 0;
    if (png)
        return n >= 12 && memcmp(tail + n - 12, iend, 12) == 0;
    while (n > 0 && (tail[n - 1] == '\n' || tail[n - 1] == '\r' || tail[n - 1] == ' '))
        n--;
    return n >= 6 && memcmp(tail + n - 6, "</svg>", 6) == 0;
}

FILE *hs_report_gnuplot_open(hs_report_gnuplot *G, const char *name, const char *what)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s.gp", G->plotdir, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        char gp[80];
        snprintf(gp, sizeof gp, "%s.gp", name);
        hs_report_gnuplot_ioerr(G, gp, errno);
        return NULL;
    }
    fprintf(f,
            "# %s.gp - %s\n"
            "# Written by hifusim report. Edit and redraw with: gnuplot %s.gp\n"
            "# (run in this folder; it writes %s.svg and %s.png).\n"
            "reset\n"
            "set terminal svg size 640,420 noenhanced font 'Helvetica,14' background rgb 'white'\n"
            "set output '%s.svg'\n"
            "set border 3 lc rgb '#444444'\n"
            "set tics nomirror out\n"
            "set grid lc rgb '#dddddd' lt 1\n"
            "set key noautotitle\n",
            name, what, name, name, name, name);
    return f;
}

/* Finish the script (add_png: its PNG copy by replot), run gnuplot, record the plot. */
static void finish(hs_report_gnuplot *G, FILE *f, const char *name, const char *title,
                   const char *caption, int add_png)
{
    if (add_png)
        fprintf(f,
                "set output\n"
                "if (strstrt(GPVAL_TERMINALS, 'pngcairo') > 0) {\n"
                "    set terminal pngcairo size 1280,800 noenhanced font 'Helvetica,24' "
                "background rgb 'white'\n"
                "} else {\n"
                "    set terminal png size 1280,800 noenhanced background rgb 'white'\n"
                "}\n"
                "set output '%s.png'\n"
                "replot\n"
                "set output\n",
                name);
    else
        fprintf(f, "set output\n");
    char gpname[80], logname[80], svg[1400], png[1400];
    snprintf(gpname, sizeof gpname, "%s.gp", name);
    int bad = ferror(f);
    bad |= fflush(f) != 0;
    int e = errno;
    if (fclose(f) != 0 || bad) {
        hs_report_gnuplot_ioerr(G, gpname, bad ? e : errno);
        return;
    }
    if (!G->ok)
        return;
    snprintf(logname, sizeof logname, "%s.log", name);
    snprintf(svg, sizeof svg, "%s/%s.svg", G->plotdir, name);
    snprintf(png, sizeof png, "%s/%s.png", G->plotdir, name);
    char *argv[] = {(char *)G->gnuplot, gpname, NULL};
    remove(svg);
    remove(png);
    int rc = spawn(G, argv, logname);
    if (rc != 0 || !file_nonempty(svg) || !drawing_complete(svg, 0) || !drawing_complete(png, 1)) {
        remove(svg); /* never a truncated drawing */
        remove(png);
        if (!G->plotfail[0]) {
            /* gnuplot's last message, for the one-line error */
            char logp[1400], last[200] = "";
            snprintf(logp, sizeof logp, "%s/%s", G->plotdir, logname);
            FILE *lf = fopen(logp, "r");
            char line[512];
            while (lf && fgets(line, sizeof line, lf)) {
                line[strcspn(line, "\r\n")] = '\0';
                if (line[strspn(line, " \t^")])
                    snprintf(last, sizeof last, "%.199s", line);
            }
            if (lf)
                fclose(lf);
            if (rc == 0)
                snprintf(last, sizeof last, "its SVG or PNG is incomplete (disk full?)");
            snprintf(G->plotfail, sizeof G->plotfail, "plots/%s: gnuplot failed (exit %d): %s",
                     gpname, rc, last[0] ? last : "no message");
        }
        G->nfailed++;
        hs_sbuf_printf(G->notes, "<li>gnuplot failed on plots/%s.gp (see plots/%s.log).</li>\n",
                       name, name);
        return;
    }
    char logpath[1400];
    snprintf(logpath, sizeof logpath, "%s/%s", G->plotdir, logname);
    remove(logpath);
    if (G->nfigs < HS_REPORT_FIGS_MAX) {
        hs_report_figure *p = &G->figs[G->nfigs++];
        hs_report_data_scopy(p->name, sizeof p->name, name);
        hs_report_data_scopy(p->title, sizeof p->title, title);
        hs_report_data_scopy(p->caption, sizeof p->caption, caption);
    }
}

void hs_report_gnuplot_close(hs_report_gnuplot *G, FILE *f, const char *name, const char *title,
                             const char *caption)
{
    finish(G, f, name, title, caption, 1);
}

void hs_report_gnuplot_close_drawn(hs_report_gnuplot *G, FILE *f, const char *name,
                                   const char *title, const char *caption)
{
    finish(G, f, name, title, caption, 0);
}

FILE *hs_report_gnuplot_dat_open(hs_report_gnuplot *G, const char *name)
{
    char path[1400];
    snprintf(path, sizeof path, "%s/%s", G->plotdir, name);
    FILE *f = fopen(path, "w");
    if (!f)
        hs_report_gnuplot_ioerr(G, name, errno);
    return f;
}

int hs_report_gnuplot_dat_close(hs_report_gnuplot *G, FILE *f, const char *name)
{
    int bad = ferror(f);
    bad |= fflush(f) != 0;
    int e = errno;
    if (fclose(f) != 0 || bad) {
        hs_report_gnuplot_ioerr(G, name, bad ? e : errno);
        return -1;
    }
    return 0;
}

void hs_report_gnuplot_dat_num(FILE *f, double v)
{
    fprintf(f, isfinite(v) ? " %.10g" : " NaN", v);
}

int hs_report_gnuplot_probe(const hs_report_gnuplot *G)
{
    char path[1400];
    char *vargv[] = {(char *)G->gnuplot, "--version", NULL};
    int ok = spawn(G, vargv, ".gnuplot-version.log") == 0;
    snprintf(path, sizeof path, "%s/.gnuplot-version.log", G->plotdir);
    remove(path);
    return ok;
}
