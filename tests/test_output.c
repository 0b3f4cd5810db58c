/* test_output.c — output.h directly, in a temporary folder: the lock on
 * DIR/.lock (taken, refused while another process holds it, the holder
 * named, released at end and by death), the staging folder beside DIR and
 * the commit (the file set replaced as a whole, kept entries carried over
 * with their inodes, nothing left behind), abort and discard, a failed
 * commit leaving DIR as it was (with and without RENAME_EXCHANGE), stale
 * staging folders of dead holders removed and those of live processes
 * kept, refused paths (files, unwritable parents, symlink loops, too long)
 * writing nothing, and hs_output_rmtree / hs_output_write_file.
 *
 * renameat2 is interposed below (the executable's definition wins over
 * libc's for the static hs_core): HS_TEST_EXCHANGE=einval makes it fail as
 * on a file system without RENAME_EXCHANGE, =eio as a real failure, and
 * =late:PATH creates PATH (a Slurm log arriving during the swap) first,
 * =seen:PATH records in HS_TEST_SEEN whether PATH exists at that instant. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output.h"
#include "tap.h"

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
              unsigned int flags)
{
    const char *mode = getenv("HS_TEST_EXCHANGE");
    if (mode && !strcmp(mode, "einval")) {
        errno = EINVAL;
        return -1;
    }
    if (mode && !strcmp(mode, "eio")) {
        errno = EIO;
        return -1;
    }
    if (mode && !strncmp(mode, "late:", 5)) {
        int fd = open(mode + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd >= 0) {
            (void)!write(fd, "late\n", 5);
            close(fd);
        }
    }
    if (mode && !strncmp(mode, "seen:", 5)) /* is PATH there at the instant of the exchange? */
        setenv("HS_TEST_SEEN", access(mode + 5, F_OK) == 0 ? "yes" : "no", 1);
    return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}

/* rename, interposed too: HS_TEST_RENAME=fail-stage fails renaming a
 * staging folder (the fallback swap's second rename). */
int rename(const char *oldpath, const char *newpath)
{
    const char *mode = getenv("HS_TEST_RENAME");
    if (mode && !strcmp(mode, "fail-stage") && strstr(oldpath, ".stage-") &&
        !strchr(strstr(oldpath, ".stage-"), '/')) {
        errno = EIO;
        return -1;
    }
    return renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The whole file as a string ("" if it cannot be read). */
static const char *get(const char *path, char *buf, size_t n)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return buf;
    size_t got = fread(buf, 1, n - 1, f);
    buf[got] = '\0';
    fclose(f);
    return buf;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static ino_t inode(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 ? st.st_ino : 0;
}

static const char *cat(char *buf, size_t n, const char *a, const char *b)
{
    if (snprintf(buf, n, "%s/%s", a, b) >= (int)n)
        buf[0] = '\0';
    return buf;
}

static int cmpstr(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every entry under dir (recursive, sorted): path, type, mode, inode and
 * the content of regular files. Appended to buf. */
static void snap_into(const char *dir, const char *rel, char *buf, size_t n)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    char *names[256];
    int k = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && k < 256)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            names[k++] = strdup(e->d_name);
    closedir(d);
    qsort(names, (size_t)k, sizeof names[0], cmpstr);
    for (int i = 0; i < k; i++) {
        char path[2048], r[2048], body[256] = "";
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        snprintf(r, sizeof r, "%s/%s", rel, names[i]);
        if (lstat(path, &st) == 0) {
            if (S_ISREG(st.st_mode))
                get(path, body, sizeof body);
            size_t l = strlen(buf);
            snprintf(buf + l, n - l, "%s %o %lu [%s]\n", r, (unsigned)st.st_mode,
                     (unsigned long)st.st_ino, body);
            if (S_ISDIR(st.st_mode))
                snap_into(path, r, buf, n);
        }
        free(names[i]);
    }
}

static char *snap(const char *dir)
{
    size_t n = 1 << 16;
    char *buf = calloc(n, 1);
    if (buf)
        snap_into(dir, ".", buf, n);
    return buf;
}

static int same_snap(char *before, const char *dir)
{
    char *after = snap(dir);
    int same = before && after && !strcmp(before, after);
    if (!same)
        diag("before:\n%safter:\n%s", before ? before : "", after ? after : "");
    free(before);
    free(after);
    return same;
}

/* Names in dir starting with prefix. */
static int count_prefix(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    int k = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL)
        if (!strncmp(e->d_name, prefix, strlen(prefix)))
            k++;
    if (d)
        closedir(d);
    return k;
}

static int nentries(const char *dir)
{
    return count_prefix(dir, "") - 2;
}

/* A child that takes the lock on dir, says so on a pipe, and waits for
 * the parent to close its end; then ends (end = 1) or just exits. */
typedef struct holder {
    pid_t pid;
    int go; /* write end: closing it lets the child finish */
    int rc; /* the child's hs_output_begin */
} holder;

static holder hold(const char *dir, const char *cmd, int end)
{
    holder h = {-1, -1, -1};
    int up[2], down[2];
    if (pipe(up) != 0 || pipe(down) != 0)
        return h;
    fflush(stdout);
    h.pid = fork();
    if (h.pid == 0) {
        close(up[0]);
        close(down[1]);
        hs_output o;
        char rc = (char)hs_output_begin(&o, dir, cmd, HS_OUT_RESULTS);
        if (write(up[1], &rc, 1) != 1)
            _exit(9);
        char c;
        while (read(down[0], &c, 1) > 0)
            ;
        if (end)
            hs_output_end(&o);
        _exit(0);
    }
    close(up[1]);
    close(down[0]);
    char rc = 1;
    if (read(up[0], &rc, 1) == 1)
        h.rc = rc;
    close(up[0]);
    h.go = down[1];
    return h;
}

static int release(holder *h)
{
    int st = -1;
    close(h->go);
    waitpid(h->pid, &st, 0);
    return st;
}

/* Run fn(arg) in a child as user nobody (root writes anywhere, so the
 * unwritable-parent checks need an ordinary user): its exit status. */
static int as_nobody(int (*fn)(const char *), const char *arg)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (getuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0))
            _exit(99);
        _exit(fn(arg));
    }
    int st = -1;
    waitpid(pid, &st, 0);
    int code = WIFEXITED(st) ? WEXITSTATUS(st) : 98;
    if (code)
        diag("as nobody: code %d", code);
    return code;
}

/* As nobody: begin on arg must fail with a message and write nothing. */
static int nobody_refused(const char *dir)
{
    hs_output o;
    int rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    hs_output_end(&o);
    if (rc != -1)
        return 1;
    if (!strstr(o.err, "cannot") || o.busy)
        return 2;
    return 0;
}

/* As nobody: a folder that cannot be staged beside (parent unwritable). */
static int nobody_no_stage(const char *dir)
{
    hs_output o;
    int rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    hs_output_end(&o);
    if (rc != -1)
        return 1;
    if (!strstr(o.err, "cannot create the staging folder") || o.busy)
        return 2;
    return 0;
}

/* As nobody, in a folder where one subfolder cannot be moved (not
 * writable by nobody, so its '..' cannot change): the carry fails after
 * moving the others; the commit must fail and leave DIR as it was. */
static int nobody_carry_fails(const char *dir)
{
    hs_output o;
    if (hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS) != 0)
        return 1;
    FILE *f = hs_output_open(&o, "summary.json");
    if (!f || hs_output_close(&o, f, "summary.json") != 0)
        return 2;
    char *before = snap(dir);
    int rc = hs_output_commit(&o);
    char *after = snap(dir);
    int same = before && after && !strcmp(before, after);
    int said = strstr(o.err, "cannot carry over") != NULL;
    free(before);
    free(after);
    hs_output_end(&o);
    if (rc != -1)
        return 3;
    if (!said)
        return 4;
    return same ? 0 : 5;
}

int main(void)
{
    plan(101);
    alarm(60); /* a lock wait that blocks fails the test instead of hanging it */
    char T[] = "/tmp/hs_output_XXXXXX";
    if (!mkdtemp(T))
        return 1;
    chmod(T, 0755); /* nobody may traverse it */
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    char dir[1024], p[2048], q[2200], buf[4096], want[2048];
    hs_output o;

    /* ---- begin: creates the folder and its parents, the lock, the stage */
    snprintf(dir, sizeof dir, "%s/a/b/res", T);
    int rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    ok(rc == 0 && o.lockfd >= 0 && !o.busy && o.err[0] == '\0', "begin on a new nested folder: 0");
    struct stat st;
    ok(stat(dir, &st) == 0 && S_ISDIR(st.st_mode), "the folder and its parents are created");
    snprintf(want, sizeof want, "%s/a/b/.res.stage-%ld", T, (long)getpid());
    ok(!strcmp(o.stage, want) && stat(want, &st) == 0 && S_ISDIR(st.st_mode) &&
           nentries(want) == 0,
       "an empty staging folder beside it: %s", o.stage);
    snprintf(want, sizeof want, "hifusim test (pid %ld on %s, since 20", (long)getpid(), host);
    get(cat(p, sizeof p, dir, ".lock"), buf, sizeof buf);
    ok(!strncmp(buf, want, strlen(want)) && buf[strlen(buf) - 1] == '\n',
       "DIR/.lock names the holder: '%.*s'", (int)strcspn(buf, "\n"), buf);
    ok(!strcmp(o.dir, dir) && o.real[0] == '/' && strstr(o.real, "/a/b/res"),
       "o->dir as named, o->real canonical (%s)", o.real);

    /* ---- a second begin while held: refused, busy, holder named, nothing written */
    char *before = snap(dir);
    holder h = hold(dir, "hifusim second", 1);
    ok(h.rc == -1, "another process is refused while the lock is held");
    release(&h);
    ok(same_snap(before, dir), "the refused process wrote nothing into DIR (.lock unchanged)");
    snprintf(p, sizeof p, "%s/a/b", T);
    ok(count_prefix(p, ".res.stage-") == 1, "nor a staging folder of its own");
    hs_output_end(&o);
    ok(!exists(cat(p, sizeof p, dir, ".lock")), "end removes DIR/.lock");
    snprintf(p, sizeof p, "%s/a/b", T);
    ok(count_prefix(p, ".res.") == 0 && nentries(dir) == 0, "end leaves no staging folder");
    hs_output_end(&o); /* twice: harmless */
    ok(nentries(dir) == 0, "a second end is harmless");

    /* ---- the lock held by another process (a child) */
    h = hold(dir, "hifusim holder", 1);
    ok(h.rc == 0, "a child takes the lock");
    before = snap(dir);
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    snprintf(want, sizeof want, "%s is in use by hifusim holder (pid %ld on %s, since 20", dir,
             (long)h.pid, host);
    ok(rc == -1 && o.busy == 1 && !strncmp(o.err, want, strlen(want)) &&
           strstr(o.err, "one command at a time"),
       "refused while a child holds it, busy=1, the holder named: '%s'", o.err);
    hs_output_end(&o); /* after a failed begin: must not remove the holder's .lock */
    ok(same_snap(before, dir),
       "the refused begin and its end leave DIR and the holder's .lock as they were");
    snprintf(p, sizeof p, "%s/a/b", T);
    snprintf(q, sizeof q, ".res.stage-%ld", (long)getpid());
    ok(count_prefix(p, q) == 0 && count_prefix(p, ".res.stage-") == 1,
       "the refused begin created no staging folder; the holder's is there");
    int hst = release(&h);
    ok(WIFEXITED(hst) && WEXITSTATUS(hst) == 0 && count_prefix(p, ".res.") == 0 &&
           !exists(cat(q, sizeof q, dir, ".lock")),
       "the holder's end removes its stage and .lock");
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    ok(rc == 0, "after the holder ends, begin succeeds");
    hs_output_end(&o);

    /* ---- a holder killed: no stale lock, its stage removed by the next */
    h = hold(dir, "hifusim killed", 0);
    snprintf(q, sizeof q, "%s/a/b/.res.stage-%ld/summary.json", T, (long)h.pid);
    put(q, "half written\n");
    kill(h.pid, SIGKILL);
    hst = release(&h);
    ok(WIFSIGNALED(hst) && exists(q) && exists(cat(p, sizeof p, dir, ".lock")),
       "a killed holder leaves its stage and .lock");
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    snprintf(p, sizeof p, "%s/a/b", T);
    ok(rc == 0 && !exists(q) && count_prefix(p, ".res.stage-") == 1,
       "the next begin gets the lock and removes the dead holder's stage");
    hs_output_end(&o);

    /* ---- stale leftovers: dead PIDs removed, live ones and lookalikes kept */
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    waitpid(dead, NULL, 0);
    fflush(stdout);
    pid_t live = fork();
    if (live == 0) {
        pause();
        _exit(0);
    }
    snprintf(p, sizeof p, "%s/a/b", T);
    char sd[2200], od[2200], sl[2200], so[2200], sx[2200], sy[2200], sm[2200];
    snprintf(sd, sizeof sd, "%s/.res.stage-%ld", p, (long)dead);
    snprintf(od, sizeof od, "%s/.res.old-%ld", p, (long)dead);
    snprintf(sl, sizeof sl, "%s/.res.stage-%ld", p, (long)live);
    snprintf(so, sizeof so, "%s/.other.stage-%ld", p, (long)dead);
    snprintf(sx, sizeof sx, "%s/.res.stage-12x", p);
    snprintf(sy, sizeof sy, "%s/.res.stage-", p);
    snprintf(sm, sizeof sm, "%s/.res.stage-%ld", p, (long)getpid());
    const char *dirs[] = {sd, od, sl, so, sx, sy, sm};
    for (int i = 0; i < 7; i++) {
        mkdir(dirs[i], 0700);
        put(cat(q, sizeof q, dirs[i], "f"), "x\n");
    }
    put(cat(q, sizeof q, dir, ".checkpoint.tmp"), "killed save\n");
    put(cat(q, sizeof q, dir, ".summary.json.tmp"), "killed write\n");
    put(cat(q, sizeof q, dir, ".report.html.tmp"), "killed write\n");
    put(cat(q, sizeof q, dir, ".user.tmp"), "the user's\n");
    put(cat(q, sizeof q, dir, ".checkpoint"), "ckpt\n");
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    ok(rc == 0 && !exists(sd) && !exists(od), "the stage and old folder of a dead PID are removed");
    ok(exists(sl), "the stage of a live other process is not touched");
    ok(exists(so) && exists(sx) && exists(sy),
       "lookalikes (another folder's stage, non-numeric suffixes) are not touched");
    ok(rc == 0 && !strcmp(o.stage, sm) && nentries(sm) == 0,
       "a leftover stage with this process's PID (a dead holder's, PID reused) is replaced by "
       "an empty one");
    ok(!exists(cat(q, sizeof q, dir, ".checkpoint.tmp")) &&
           !exists(cat(q, sizeof q, dir, ".summary.json.tmp")) &&
           !exists(cat(q, sizeof q, dir, ".report.html.tmp")),
       "temporary files of killed writes are removed at begin");
    ok(exists(cat(q, sizeof q, dir, ".user.tmp")) && exists(cat(q, sizeof q, dir, ".checkpoint")),
       "a user's .tmp file and .checkpoint are kept");
    hs_output_end(&o);
    kill(live, SIGKILL);
    waitpid(live, NULL, 0);
    for (int i = 2; i < 6; i++)
        hs_output_rmtree(dirs[i]);
    hs_output_rmtree(cat(q, sizeof q, dir, ".user.tmp"));
    hs_output_rmtree(cat(q, sizeof q, dir, ".checkpoint"));

    /* ---- commit: the file set replaced as a whole, kept entries carried */
    snprintf(dir, sizeof dir, "%s/c", T);
    mkdir(dir, 0750);
    put(cat(p, sizeof p, dir, "summary.json"), "old summary\n");
    put(cat(p, sizeof p, dir, "power.csv"), "old power\n");
    put(cat(p, sizeof p, dir, "report.html"), "old report\n");
    mkdir(cat(p, sizeof p, dir, "plots"), 0755);
    put(cat(p, sizeof p, dir, "plots/a.png"), "png\n");
    mkdir(cat(p, sizeof p, dir, "tasks"), 0755);
    put(cat(p, sizeof p, dir, "tasks/t1.csv"), "t1\n");
    put(cat(p, sizeof p, dir, "user.txt"), "mine\n");
    put(cat(p, sizeof p, dir, ".checkpoint"), "ckpt\n");
    symlink("user.txt", cat(p, sizeof p, dir, "link"));
    int logfd = open(cat(p, sizeof p, dir, "slurm-1.out"), O_WRONLY | O_CREAT | O_APPEND, 0644);
    (void)!write(logfd, "log1\n", 5);
    ino_t i_user = inode(cat(p, sizeof p, dir, "user.txt"));
    ino_t i_tasks = inode(cat(p, sizeof p, dir, "tasks"));
    ino_t i_plots = inode(cat(p, sizeof p, dir, "plots"));
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    ok(rc == 0 && stat(o.stage, &st) == 0 && (st.st_mode & 07777) == 0750,
       "the staging folder gets the folder's mode (%o)", (unsigned)(st.st_mode & 07777));
    FILE *f = hs_output_open(&o, "summary.json");
    ok(f != NULL && o.nfiles == 1 && !strcmp(o.name[0], "summary.json"),
       "hs_output_open opens a file in the stage and records its name");
    fputs("new summary\n", f);
    ok(hs_output_close(&o, f, "summary.json") == 0, "hs_output_close: 0");
    before = snap(dir);
    ok(exists(cat(p, sizeof p, o.stage, "summary.json")) &&
           !strcmp(get(cat(q, sizeof q, dir, "summary.json"), buf, sizeof buf), "old summary\n"),
       "before commit the file is in the stage only; DIR still has the old one");
    free(before);
    char stage[1200];
    snprintf(stage, sizeof stage, "%s", o.stage);
    rc = hs_output_commit(&o);
    ok(rc == 0 && o.committed == 1 && o.stage[0] == '\0', "commit: 0");
    ok(!strcmp(get(cat(p, sizeof p, dir, "summary.json"), buf, sizeof buf), "new summary\n"),
       "summary.json is the new one");
    ok(!exists(cat(p, sizeof p, dir, "power.csv")),
       "power.csv of the old set is gone (the result set is replaced as a whole)");
    ok(!strcmp(get(cat(p, sizeof p, dir, "report.html"), buf, sizeof buf), "old report\n") &&
           inode(cat(p, sizeof p, dir, "plots")) == i_plots &&
           exists(cat(p, sizeof p, dir, "plots/a.png")),
       "report.html and plots/ are kept (HS_OUT_REPORT not replaced)");
    ok(inode(cat(p, sizeof p, dir, "user.txt")) == i_user &&
           inode(cat(p, sizeof p, dir, "tasks")) == i_tasks &&
           exists(cat(p, sizeof p, dir, "tasks/t1.csv")) &&
           exists(cat(p, sizeof p, dir, ".checkpoint")),
       "user files, tasks/ and .checkpoint are carried over with their inodes");
    ok(readlink(cat(p, sizeof p, dir, "link"), buf, sizeof buf) == 8 &&
           !strncmp(buf, "user.txt", 8),
       "a symlink is carried over as a symlink");
    (void)!write(logfd, "log2\n", 5);
    close(logfd);
    ok(!strcmp(get(cat(p, sizeof p, dir, "slurm-1.out"), buf, sizeof buf), "log1\nlog2\n"),
       "a log open during the commit still writes into DIR's file");
    snprintf(p, sizeof p, "%s", T);
    ok(!exists(stage) && count_prefix(T, ".c.") == 0, "nothing left beside DIR after commit");
    ok(stat(dir, &st) == 0 && (st.st_mode & 07777) == 0750, "DIR keeps its mode");
    ok(exists(cat(p, sizeof p, dir, ".lock")) &&
           (fstat(o.lockfd, &st), st.st_ino == inode(cat(q, sizeof q, dir, ".lock"))),
       "after commit DIR/.lock is still the locked file");
    h = hold(dir, "hifusim second", 1);
    ok(h.rc == -1, "after commit, before end, another process is still refused");
    release(&h);
    ok(hs_output_commit(&o) == -1 && strstr(o.err, "nothing staged"), "a second commit: -1, '%s'",
       o.err);
    hs_output_end(&o);
    ok(!exists(cat(p, sizeof p, dir, ".lock")) && count_prefix(T, ".c.") == 0,
       "end after commit: no .lock, no stage");

    /* ---- commit replacing results, checkpoint and report */
    rc = hs_output_begin(&o, dir, "hifusim test",
                         HS_OUT_RESULTS | HS_OUT_CHECKPOINT | HS_OUT_REPORT);
    f = hs_output_open(&o, "power.csv");
    if (f)
        hs_output_close(&o, f, "power.csv");
    ok(rc == 0 && hs_output_commit(&o) == 0, "a commit replacing everything: 0");
    hs_output_end(&o);
    ok(!exists(cat(p, sizeof p, dir, ".checkpoint")) &&
           !exists(cat(p, sizeof p, dir, "report.html")) &&
           !exists(cat(p, sizeof p, dir, "plots")) &&
           !exists(cat(p, sizeof p, dir, "summary.json")) &&
           exists(cat(p, sizeof p, dir, "power.csv")),
       "its .checkpoint, report.html, plots/ and old results are gone; the new file is there");
    ok(exists(cat(p, sizeof p, dir, "user.txt")) && exists(cat(p, sizeof p, dir, "tasks/t1.csv")) &&
           exists(cat(p, sizeof p, dir, "slurm-1.out")),
       "user files, tasks/ and logs are still carried");

    /* ---- abort: end without commit leaves DIR untouched */
    put(cat(p, sizeof p, dir, "summary.json"), "kept\n");
    before = snap(dir);
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    f = hs_output_open(&o, "summary.json");
    if (f) {
        fputs("never\n", f);
        hs_output_close(&o, f, "summary.json");
    }
    snprintf(stage, sizeof stage, "%s", o.stage);
    hs_output_end(&o);
    ok(rc == 0 && same_snap(before, dir),
       "begin, write, end without commit: DIR byte for byte as it was");
    ok(!exists(stage) && count_prefix(T, ".c.") == 0, "and its stage is removed");

    /* ---- discard: nothing staged so far is kept, the lock is */
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    f = hs_output_open(&o, "summary.json");
    if (f)
        hs_output_close(&o, f, "summary.json");
    mkdir(cat(p, sizeof p, o.stage, "plots"), 0755);
    put(cat(p, sizeof p, o.stage, "plots/x.png"), "x");
    hs_output_discard(&o);
    ok(rc == 0 && nentries(o.stage) == 0 && o.nfiles == 0 && o.lockfd >= 0,
       "discard empties the stage, keeps the stage and the lock");
    h = hold(dir, "hifusim second", 1);
    ok(h.rc == -1, "after discard another process is still refused");
    release(&h);
    f = hs_output_open(&o, "hist.csv");
    if (f)
        hs_output_close(&o, f, "hist.csv");
    ok(hs_output_commit(&o) == 0 && !exists(cat(p, sizeof p, dir, "summary.json")) &&
           exists(cat(p, sizeof p, dir, "hist.csv")) && exists(cat(p, sizeof p, dir, "user.txt")),
       "a commit after discard has only what was written after it");
    hs_output_discard(&o); /* after commit: a no-op */
    ok(exists(cat(p, sizeof p, dir, "hist.csv")), "discard after commit changes nothing");
    hs_output_end(&o);

    /* ---- a commit that fails at the exchange: DIR as it was, carried folders moved back */
    mkdir(cat(p, sizeof p, dir, "d1"), 0755);
    mkdir(cat(p, sizeof p, dir, "d2"), 0755);
    put(cat(p, sizeof p, dir, "d2/f"), "d2\n");
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    before = snap(dir);
    f = hs_output_open(&o, "sweep.csv");
    if (f)
        hs_output_close(&o, f, "sweep.csv");
    setenv("HS_TEST_EXCHANGE", "eio", 1);
    int rc2 = hs_output_commit(&o);
    unsetenv("HS_TEST_EXCHANGE");
    ok(rc == 0 && rc2 == -1 && strstr(o.err, "cannot swap the new results in") &&
           strstr(o.err, "as it was"),
       "an exchange failing with EIO: -1, '%s'", o.err);
    ok(same_snap(before, dir), "DIR exactly as it was (tasks/, d1/, d2/ moved back)");
    ok(exists(o.stage) && exists(cat(p, sizeof p, o.stage, "sweep.csv")),
       "the stage still holds the staged files");
    ok(hs_output_commit(&o) == 0 && exists(cat(p, sizeof p, dir, "sweep.csv")) &&
           !exists(cat(p, sizeof p, dir, "hist.csv")) && exists(cat(p, sizeof p, dir, "d2/f")) &&
           exists(cat(p, sizeof p, dir, "user.txt")),
       "a second commit after the failure succeeds");
    hs_output_end(&o);
    ok(count_prefix(T, ".c.") == 0, "nothing left beside DIR");

    /* ---- without RENAME_EXCHANGE: the two-rename fallback */
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    f = hs_output_open(&o, "plan.csv");
    if (f)
        hs_output_close(&o, f, "plan.csv");
    setenv("HS_TEST_EXCHANGE", "einval", 1);
    rc2 = hs_output_commit(&o);
    unsetenv("HS_TEST_EXCHANGE");
    ok(rc == 0 && rc2 == 0 && exists(cat(p, sizeof p, dir, "plan.csv")) &&
           !exists(cat(p, sizeof p, dir, "sweep.csv")) && exists(cat(p, sizeof p, dir, "d2/f")) &&
           inode(cat(p, sizeof p, dir, "tasks")) == i_tasks,
       "fallback swap: the result set replaced, kept entries carried");
    ok(count_prefix(T, ".c.") == 0, "fallback: no stage or .old folder left");
    ok(exists(cat(p, sizeof p, dir, ".lock")), "fallback: DIR/.lock carried");
    hs_output_end(&o);

    /* ---- the fallback's second rename failing: undone, DIR as it was */
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    before = snap(dir);
    f = hs_output_open(&o, "tornado.csv");
    if (f)
        hs_output_close(&o, f, "tornado.csv");
    setenv("HS_TEST_EXCHANGE", "einval", 1);
    setenv("HS_TEST_RENAME", "fail-stage", 1);
    rc2 = hs_output_commit(&o);
    unsetenv("HS_TEST_EXCHANGE");
    unsetenv("HS_TEST_RENAME");
    ok(rc == 0 && rc2 == -1 && strstr(o.err, "as it was"),
       "fallback with its second rename failing: -1, '%s'", o.err);
    ok(same_snap(before, dir) && count_prefix(T, ".c.old-") == 0,
       "DIR exactly as it was (first rename undone, carried folders back), no .old folder");
    hs_output_end(&o);

    /* ---- during the swap, kept files and .lock stay reachable in DIR */
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    snprintf(q, sizeof q, "seen:%s/user.txt", dir);
    setenv("HS_TEST_EXCHANGE", q, 1);
    unsetenv("HS_TEST_SEEN");
    rc2 = hs_output_commit(&o);
    const char *seen = getenv("HS_TEST_SEEN");
    ok(rc == 0 && rc2 == 0 && seen && !strcmp(seen, "yes"),
       "a kept file is still in DIR at the instant of the exchange (carried by hard link)");
    hs_output_end(&o);
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    snprintf(q, sizeof q, "seen:%s/.lock", dir);
    setenv("HS_TEST_EXCHANGE", q, 1);
    unsetenv("HS_TEST_SEEN");
    rc2 = hs_output_commit(&o);
    seen = getenv("HS_TEST_SEEN");
    ok(rc == 0 && rc2 == 0 && seen && !strcmp(seen, "yes"),
       "DIR/.lock is still there at the instant of the exchange");
    unsetenv("HS_TEST_EXCHANGE");
    hs_output_end(&o);

    /* ---- a log created during the swap is moved into the new folder */
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    snprintf(q, sizeof q, "late:%s/slurm-2.out", dir);
    setenv("HS_TEST_EXCHANGE", q, 1);
    rc2 = hs_output_commit(&o);
    unsetenv("HS_TEST_EXCHANGE");
    ok(rc == 0 && rc2 == 0 &&
           !strcmp(get(cat(p, sizeof p, dir, "slurm-2.out"), buf, sizeof buf), "late\n") &&
           !exists(cat(p, sizeof p, dir, "plan.csv")),
       "an entry arriving between carry and exchange is in the new folder");
    hs_output_end(&o);

    /* ---- a result name that is a folder: refused at begin and at commit */
    mkdir(cat(p, sizeof p, dir, "summary.json"), 0755);
    before = snap(dir);
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    ok(rc == -1 && !o.busy && strstr(o.err, "summary.json: is a folder") &&
           strstr(o.err, "nothing was changed"),
       "summary.json a folder: begin -1, '%s'", o.err);
    hs_output_end(&o);
    ok(same_snap(before, dir) && count_prefix(T, ".c.") == 0,
       "DIR unchanged, no stage, no .lock left");
    rc = hs_output_begin(&o, dir, "hifusim report", HS_OUT_REPORT);
    ok(rc == 0, "the same folder is fine for a command that does not replace results");
    hs_output_end(&o);
    rmdir(cat(p, sizeof p, dir, "summary.json"));
    put(cat(p, sizeof p, dir, "plots"), "a file\n");
    rc = hs_output_begin(&o, dir, "hifusim report", HS_OUT_REPORT);
    ok(rc == -1 && strstr(o.err, "plots: is not a folder"), "plots a file: begin -1, '%s'", o.err);
    hs_output_end(&o);
    unlink(cat(p, sizeof p, dir, "plots"));
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    f = hs_output_open(&o, "power.csv");
    if (f)
        hs_output_close(&o, f, "power.csv");
    mkdir(cat(p, sizeof p, dir, "summary.json"), 0755); /* appears after begin */
    before = snap(dir);
    rc2 = hs_output_commit(&o);
    ok(rc == 0 && rc2 == -1 && strstr(o.err, "summary.json: is a folder"),
       "a result name becoming a folder after begin: commit -1, '%s'", o.err);
    ok(same_snap(before, dir), "and DIR unchanged");
    hs_output_end(&o);
    rmdir(cat(p, sizeof p, dir, "summary.json"));

    /* ---- hs_output_open / close limits */
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    char longname[200];
    memset(longname, 'n', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    ok(rc == 0 && hs_output_open(&o, longname) == NULL && strstr(o.err, "name too long") &&
           nentries(o.stage) == 0,
       "a 199-byte file name: NULL, nothing created");
    ok(hs_output_open(&o, "no/such/sub") == NULL && strstr(o.err, "cannot write") && o.nfiles == 0,
       "a file in a missing subfolder: NULL, '%s'", o.err);
    int opened = 0;
    for (int i = 0; i < HS_OUTPUT_FILES_MAX + 1; i++) {
        char nm[32];
        snprintf(nm, sizeof nm, "f%d.csv", i);
        f = hs_output_open(&o, nm);
        if (f) {
            opened++;
            hs_output_close(&o, f, nm);
        }
    }
    ok(opened == HS_OUTPUT_FILES_MAX && strstr(o.err, "too many output files"),
       "at most HS_OUTPUT_FILES_MAX files (%d opened)", opened);
    f = fopen("/dev/full", "w");
    if (f) {
        fputs("x", f);
        ok(hs_output_close(&o, f, "full.csv") == -1 && strstr(o.err, "full.csv: write failed"),
           "a write that fails (/dev/full): close -1, '%s'", o.err);
    } else
        ok(1, "# SKIP no /dev/full");
    hs_output_end(&o);

    /* ---- refused paths: -1 with a message, nothing written */
    snprintf(p, sizeof p, "%s/file", T);
    put(p, "a file\n");
    char *tsnap = snap(T);
    rc = hs_output_begin(&o, p, "hifusim test", HS_OUT_RESULTS);
    ok(rc == -1 && !o.busy && strstr(o.err, "cannot write the output folder"),
       "a regular file as the folder: -1, '%s'", o.err);
    hs_output_end(&o);
    snprintf(p, sizeof p, "%s/file/sub", T);
    rc = hs_output_begin(&o, p, "hifusim test", HS_OUT_RESULTS);
    ok(rc == -1 && strstr(o.err, "cannot write the output folder"),
       "a folder under a regular file: -1, '%s'", o.err);
    hs_output_end(&o);
    snprintf(p, sizeof p, "%s/loop", T);
    symlink("loop", p);
    free(tsnap);
    tsnap = snap(T);
    rc = hs_output_begin(&o, p, "hifusim test", HS_OUT_RESULTS);
    ok(rc == -1 && strstr(o.err, "cannot write the output folder"),
       "a symlink loop as the folder: -1, '%s'", o.err);
    hs_output_end(&o);
    snprintf(p, sizeof p, "%s/loop/sub/res", T);
    rc = hs_output_begin(&o, p, "hifusim test", HS_OUT_RESULTS);
    ok(rc == -1 && strstr(o.err, "cannot write the output folder"),
       "a folder under a symlink loop: -1, '%s'", o.err);
    hs_output_end(&o);
    ok(same_snap(tsnap, T), "the refused paths wrote nothing");
    rc = hs_output_begin(&o, "", "hifusim test", HS_OUT_RESULTS);
    ok(rc == -1 && strstr(o.err, "empty or too long"), "an empty path: -1, '%s'", o.err);
    hs_output_end(&o);
    char *lp = malloc(1100);
    snprintf(lp, 1100, "%s/", T);
    for (size_t l = strlen(lp); l < 1050; l++)
        lp[l] = (l % 100 == 99) ? '/' : 'x';
    lp[1050] = '\0';
    tsnap = snap(T);
    rc = hs_output_begin(&o, lp, "hifusim test", HS_OUT_RESULTS);
    ok(rc == -1 && strstr(o.err, "empty or too long"), "a 1050-byte path: -1, '%.40s...'", o.err);
    hs_output_end(&o);
    ok(same_snap(tsnap, T), "and nothing created");
    /* a short name whose canonical path is too long */
    lp = realloc(lp, 1200);
    for (size_t l = 1050; l < 1150; l++)
        lp[l] = (l % 100 == 99) ? '/' : 'x';
    lp[1150] = '\0';
    for (size_t l = strlen(T) + 1; l < 1150; l += 100)
        lp[l] = 'y'; /* another tree than the one above, in case it was created */
    char mk[1200];
    snprintf(mk, sizeof mk, "%s", lp);
    for (char *s = mk + strlen(T) + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            mkdir(mk, 0755);
            *s = '/';
        }
    mkdir(mk, 0755);
    snprintf(p, sizeof p, "%s/short", T);
    symlink(lp, p);
    char *lsnap = snap(lp);
    rc = hs_output_begin(&o, p, "hifusim test", HS_OUT_RESULTS);
    ok(rc == -1 && strstr(o.err, "path too long"), "a symlink to a 1150-byte path: -1, '%s'",
       o.err);
    hs_output_end(&o);
    ok(same_snap(lsnap, lp), "and nothing written there");
    unlink(p);
    free(lp);
    rc = hs_output_begin(&o, "/", "hifusim test", HS_OUT_RESULTS);
    ok(rc == -1 && strstr(o.err, "not usable"), "/ as the folder: -1, '%s'", o.err);
    hs_output_end(&o);

    /* ---- a symlink to a folder, and trailing slashes */
    snprintf(p, sizeof p, "%s/real", T);
    mkdir(p, 0755);
    put(cat(q, sizeof q, p, "power.csv"), "old\n");
    snprintf(q, sizeof q, "%s/ln", T);
    symlink("real", q);
    snprintf(dir, sizeof dir, "%s/ln///", T);
    rc = hs_output_begin(&o, dir, "hifusim test", HS_OUT_RESULTS);
    ok(rc == 0 && !strcmp(o.dir, q) && strstr(o.stage, "/.real.stage-"),
       "trailing slashes dropped from o->dir (%s), the stage beside the target (%s)", o.dir,
       o.stage);
    f = hs_output_open(&o, "summary.json");
    if (f)
        hs_output_close(&o, f, "summary.json");
    rc2 = hs_output_commit(&o);
    hs_output_end(&o);
    ok(rc2 == 0 && (lstat(q, &st), S_ISLNK(st.st_mode)) &&
           exists(cat(buf, sizeof buf, p, "summary.json")) &&
           !exists(cat(buf, sizeof buf, p, "power.csv")),
       "through a symlink: the target folder is replaced, the symlink stays");

    /* ---- as an ordinary user: unwritable parents and folders */
    snprintf(p, sizeof p, "%s/ro", T);
    mkdir(p, 0777);
    chmod(p, 0555);
    snprintf(q, sizeof q, "%s/ro/res", T);
    tsnap = snap(p);
    ok(as_nobody(nobody_refused, q) == 0, "a new folder in an unwritable parent: -1, 'cannot ...'");
    ok(same_snap(tsnap, p), "and nothing written");
    chmod(p, 0777);
    mkdir(q, 0777);
    chmod(q, 0777);
    put(cat(buf, sizeof buf, q, "power.csv"), "old\n");
    chmod(buf, 0666);
    chmod(p, 0555);
    tsnap = snap(p);
    ok(as_nobody(nobody_no_stage, q) == 0,
       "a writable folder in an unwritable parent: -1, 'cannot create the staging folder'");
    ok(same_snap(tsnap, p), "and nothing written (its .lock removed again)");
    chmod(q, 0555);
    tsnap = snap(p);
    ok(as_nobody(nobody_refused, q) == 0, "an unwritable folder: -1, 'cannot write ...'");
    ok(same_snap(tsnap, p), "and nothing written");
    chmod(q, 0777);
    chmod(p, 0777);

    /* a carry that fails part way (a folder nobody cannot move: not writable
     * by nobody, so its '..' cannot change): DIR as it was */
    snprintf(p, sizeof p, "%s/nb", T);
    mkdir(p, 0777);
    chmod(p, 0777);
    snprintf(dir, sizeof dir, "%s/nb/cf", T);
    mkdir(dir, 0777);
    chmod(dir, 0777);
    for (int i = 0; i < 6; i++) {
        char nm[2100];
        snprintf(nm, sizeof nm, "%s/d%d", dir, i);
        mkdir(nm, 0777);
        chmod(nm, i == 3 ? 0555 : 0777);
    }
    ok(as_nobody(nobody_carry_fails, dir) == 0,
       "a carry failing part way: commit -1, 'cannot carry over', DIR byte for byte as it was");

    /* ---- hs_output_rmtree */
    snprintf(p, sizeof p, "%s/tree", T);
    mkdir(p, 0755);
    snprintf(q, sizeof q, "%s/outside", T);
    mkdir(q, 0755);
    put(cat(buf, sizeof buf, q, "keep"), "keep\n");
    mkdir(cat(buf, sizeof buf, p, "sub"), 0755);
    put(cat(buf, sizeof buf, p, "sub/f"), "f\n");
    symlink(q, cat(buf, sizeof buf, p, "sub/link"));
    ok(hs_output_rmtree(p) == 0 && !exists(p) && exists(cat(buf, sizeof buf, q, "keep")),
       "rmtree removes a tree, not what a symlink in it points to");
    ok(hs_output_rmtree(p) == 0, "rmtree of a missing path: 0");
    ok(hs_output_rmtree(cat(buf, sizeof buf, q, "keep")) == 0 &&
           !exists(cat(buf, sizeof buf, q, "keep")),
       "rmtree of a file removes it");

    /* ---- hs_output_write_file */
    snprintf(p, sizeof p, "%s/w.txt", T);
    put(p, "old\n");
    ok(hs_output_write_file(p, "new\n", 4) == 0 && !strcmp(get(p, buf, sizeof buf), "new\n") &&
           !exists(cat(q, sizeof q, T, "w.txt.tmp")),
       "write_file replaces the file, no .tmp left");
    snprintf(p, sizeof p, "%s/nodir/w.txt", T);
    errno = 0;
    ok(hs_output_write_file(p, "x", 1) == -1 && errno == ENOENT,
       "write_file into a missing folder: -1, ENOENT");
    char *lw = malloc(1300);
    memset(lw, 'w', 1299);
    lw[1299] = '\0';
    errno = 0;
    ok(hs_output_write_file(lw, "x", 1) == -1 && errno == ENAMETOOLONG,
       "write_file with a 1299-byte path: -1, ENAMETOOLONG");
    free(lw);
    snprintf(p, sizeof p, "%s/full", T);
    symlink("/dev/full", cat(q, sizeof q, T, "full.tmp"));
    errno = 0;
    ok(hs_output_write_file(p, "x", 1) == -1 && !exists(p) && !exists(q),
       "write_file whose write fails: -1, no file, the temporary removed");

    chmod(T, 0700);
    hs_output_rmtree(T);
    return tap_done();
}
