/* output.c — see output.h.
 *
 * The lock. DIR/.lock is a regular file; the holder keeps an exclusive
 * flock() on it for the command's whole life and writes its description
 * into it ("hifusim run (pid 1234 on host, since 2026-...)"), which a
 * refused command prints. The holder removes the file when it is done. If
 * it dies, the kernel releases the flock, so there are no stale locks; the
 * file stays until the next holder is done (harmless).
 * Locks are advisory: they bind hifusim, not other programs.
 *
 * The swap. The new file set is built in a staging folder beside DIR (same
 * parent, hence the same file system): PARENT/.NAME.stage-PID. At commit,
 * every entry of DIR that the command does not replace is carried into the
 * staging folder: regular files (and symlinks, sockets, ...) by hard link,
 * so they stay reachable under DIR by path all the time and a Slurm log
 * still open for writing keeps its descriptor (same inode); directories
 * such as tasks/ by rename (open descriptors stay valid too). DIR/.lock is
 * carried by hard link: at every instant DIR/.lock is the locked inode, so
 * a second command is refused before, during and after the swap. Then
 * renameat2(RENAME_EXCHANGE) swaps the two folders in one atomic step:
 * readers see the old set or the new set, never a mix, and stale files of
 * the old set (plots of an earlier N grid, a run's files under a later
 * plan, .checkpoint.tmp of a killed save) cannot survive. The old set, now
 * at the staging path, is deleted; an entry created in DIR between the
 * carry and the exchange (a new Slurm log) is moved over first. If anything
 * fails before the exchange, the carried directories are moved back and
 * DIR is exactly as it was. A result name that is not replaceable (e.g.
 * summary.json being a directory) is refused at begin and at commit,
 * before anything moves.
 *
 * Where RENAME_EXCHANGE is not supported (not Linux, or a file system such
 * as NFS that refuses it), the swap falls back to two renames: DIR ->
 * PARENT/.NAME.old-PID, staging -> DIR (undone if the second fails). A
 * reader can then see no DIR for an instant, but still never a mix. */
#define _GNU_SOURCE /* renameat2 (Linux) */
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Every result file a command writes into a results folder. */
static const char *const result_names[] = {
    "summary.json", "power.csv", "km_bands.csv", "estimates.csv", "manifest.json", "hist.csv",
    "plan.csv",     "plan.json", "sweep.csv",    "tornado.csv",   "part.csv",      "task.txt",
    "methods.md",   "headline.csv", "headline.md", "headline.rtf", NULL};

static int mkdirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        int rc = mkdir(path, 0777);
        *p = '/';
        if (rc != 0 && errno != EEXIST)
            return -1;
    }
    if (mkdir(path, 0777) != 0 && errno != EEXIST)
        return -1;
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    if (!S_ISDIR(st.st_mode)) {
        errno = ENOTDIR;
        return -1;
    }
    return 0;
}

static int in_list(const char *name, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(name, list[i]))
            return 1;
    return 0;
}

/* 1 if name is replaced (not carried over) by a command replacing `what`. */
static int replaced(const char *name, int what)
{
    size_t n = strlen(name);
    if (!strcmp(name, ".checkpoint.tmp"))
        return 1; /* a save that was killed: never worth keeping */
    if (n > 5 && name[0] == '.' && !strcmp(name + n - 4, ".tmp")) { /* ".X.tmp" of a result X */
        char base[256];
        if (n - 5 < sizeof base) {
            memcpy(base, name + 1, n - 5);
            base[n - 5] = '\0';
            if (in_list(base, result_names) || !strcmp(base, "report.html"))
                return 1;
        }
    }
    if ((what & HS_OUT_RESULTS) && in_list(name, result_names))
        return 1;
    if ((what & HS_OUT_CHECKPOINT) && !strcmp(name, ".checkpoint"))
        return 1;
    if ((what & HS_OUT_REPORT) && (!strcmp(name, "report.html") || !strcmp(name, "plots")))
        return 1;
    return 0;
}

static int pjoin(char *buf, size_t n, const char *a, const char *b)
{
    return snprintf(buf, n, "%s/%s", a, b) >= (int)n ? -1 : 0;
}

int hs_output_rmtree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlink(path);
    DIR *d = opendir(path);
    if (!d)
        return -1;
    int rc = 0;
    struct dirent *e;
    char *sub = malloc(PATH_MAX);
    while (sub && (e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (pjoin(sub, PATH_MAX, path, e->d_name) != 0 || hs_output_rmtree(sub) != 0)
            rc = -1;
    }
    free(sub);
    closedir(d);
    if (!sub)
        return -1;
    return rmdir(path) == 0 ? rc : -1;
}

/* Split o->real into parent and base name. */
static void split(const hs_output *o, char *parent, size_t pn, const char **base)
{
    const char *slash = strrchr(o->real, '/');
    *base = slash + 1;
    size_t l = (size_t)(slash - o->real);
    if (l == 0)
        l = 1; /* "/NAME": the parent is "/" */
    if (l >= pn)
        l = pn - 1;
    memcpy(parent, o->real, l);
    parent[l] = '\0';
}

/* ".NAME.stage-PID" or ".NAME.old-PID" (PID digits only): the PID (0 if
 * it has more than 9 digits: no process has it), else -1. */
static long stale_name(const char *e, const char *base)
{
    size_t bl = strlen(base);
    if (e[0] != '.' || strncmp(e + 1, base, bl) != 0)
        return -1;
    const char *p = e + 1 + bl;
    if (!strncmp(p, ".stage-", 7))
        p += 7;
    else if (!strncmp(p, ".old-", 5))
        p += 5;
    else
        return -1;
    if (!*p)
        return -1;
    long pid = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return -1;
        if (pid < 100000000)
            pid = 10 * pid + (*p - '0');
        else
            pid = LONG_MAX; /* beyond any PID */
    }
    return pid == LONG_MAX ? 0 : pid;
}

/* A staging or old folder of PID belongs to a dead holder unless PID is a
 * live process other than this one. The lock makes a live one rare (only
 * when .lock was removed by hand, or DIR was missing for an instant during
 * another holder's fallback swap), but then it is that process's work in
 * progress: removing it would break its commit. A folder of this process's
 * own PID is from a dead holder whose PID was reused. */
static int holder_dead(long pid)
{
    if (pid <= 0 || pid == (long)getpid())
        return 1;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Holding the lock: every staging folder of DIR whose PID is not a live
 * process (holder_dead), and every leftover temporary file in DIR, belongs
 * to a dead holder. */
static void clean_stale(const hs_output *o)
{
    char parent[1100], path[1300];
    const char *base;
    split(o, parent, sizeof parent, &base);
    DIR *d = opendir(parent);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        long pid = stale_name(e->d_name, base);
        if (pid >= 0 && holder_dead(pid) && pjoin(path, sizeof path, parent, e->d_name) == 0)
            hs_output_rmtree(path);
    }
    if (d)
        closedir(d);
    d = opendir(o->real);
    while (d && (e = readdir(d)) != NULL)
        if (replaced(e->d_name, 0) && pjoin(path, sizeof path, o->real, e->d_name) == 0)
            hs_output_rmtree(path);
    if (d)
        closedir(d);
}

/* The entries the command replaces must be of the kind it writes: a result
 * file must not be a directory, plots/ must be a directory. */
static int check_replaceable(hs_output *o)
{
    DIR *d = opendir(o->real);
    if (!d) {
        snprintf(o->err, sizeof o->err, "%s: cannot read the output folder: %s", o->dir,
                 strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    char path[1300];
    while (rc == 0 && (e = readdir(d)) != NULL) {
        struct stat st;
        if (!replaced(e->d_name, o->replaces) || pjoin(path, sizeof path, o->real, e->d_name) != 0 ||
            lstat(path, &st) != 0)
            continue;
        int want_dir = !strcmp(e->d_name, "plots");
        if (want_dir ? !S_ISDIR(st.st_mode) : S_ISDIR(st.st_mode)) {
            snprintf(o->err, sizeof o->err,
                     "%s/%s: is %s, not what hifusim writes there; nothing was changed in %s "
                     "(move it away and run again)",
                     o->dir, e->d_name, want_dir ? "not a folder" : "a folder", o->dir);
            rc = -1;
        }
    }
    closedir(d);
    return rc;
}

static void describe_self(char *buf, size_t n, const char *command)
{
    char host[256] = "unknown", since[32] = "unknown";
    gethostname(host, sizeof host - 1);
    host[sizeof host - 1] = '\0';
    time_t now = time(NULL);
    struct tm tmv;
    if (gmtime_r(&now, &tmv))
        strftime(since, sizeof since, "%Y-%m-%dT%H:%M:%SZ", &tmv);
    snprintf(buf, n, "%s (pid %ld on %s, since %s)", command, (long)getpid(), host, since);
}

/* The holder's description from the lock file, or a generic one. */
static void describe_holder(int fd, char *buf, size_t n)
{
    for (int tries = 0; tries < 3; tries++) {
        ssize_t got = pread(fd, buf, n - 1, 0);
        if (got > 0) {
            buf[got] = '\0';
            buf[strcspn(buf, "\r\n")] = '\0';
            if (buf[0])
                return;
        }
        struct timespec ts = {0, 50 * 1000 * 1000}; /* the holder may be writing it */
        nanosleep(&ts, NULL);
    }
    snprintf(buf, n, "another hifusim command");
}

static int lock(hs_output *o, const char *command)
{
    char path[1300];
    if (pjoin(path, sizeof path, o->real, ".lock") != 0) {
        snprintf(o->err, sizeof o->err, "%s: output path too long", o->dir);
        return -1;
    }
    for (int tries = 0; tries < 5; tries++) {
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            snprintf(o->err, sizeof o->err, "%s: cannot write the output folder: %s", o->dir,
                     strerror(errno));
            return -1;
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            int e = errno;
            if (e == EWOULDBLOCK || e == EINTR) {
                char who[512];
                describe_holder(fd, who, sizeof who);
                snprintf(o->err, sizeof o->err,
                         "%s is in use by %s; one command at a time may write a results folder "
                         "(wait for it, or choose another folder)",
                         o->dir, who);
                o->busy = 1;
            } else
                snprintf(o->err, sizeof o->err, "%s/.lock: cannot lock: %s", o->dir, strerror(e));
            close(fd);
            return -1;
        }
        /* the file locked must still be DIR/.lock (not removed meanwhile) */
        struct stat a, b;
        if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_dev == b.st_dev &&
            a.st_ino == b.st_ino) {
            char me[512];
            describe_self(me, sizeof me, command);
            size_t l = strlen(me);
            me[l++] = '\n';
            if (ftruncate(fd, 0) != 0 || pwrite(fd, me, l, 0) != (ssize_t)l) {
                snprintf(o->err, sizeof o->err, "%s/.lock: cannot write: %s", o->dir,
                         strerror(errno));
                close(fd);
                return -1;
            }
            o->lockfd = fd;
            return 0;
        }
        close(fd);
    }
    snprintf(o->err, sizeof o->err, "%s/.lock: keeps being replaced; cannot lock", o->dir);
    return -1;
}

int hs_output_begin(hs_output *o, const char *dir, const char *command, int replaces)
{
    memset(o, 0, sizeof *o);
    o->lockfd = -1;
    o->replaces = replaces;
    size_t dl = strlen(dir);
    while (dl > 1 && dir[dl - 1] == '/')
        dl--;
    if (dl == 0 || dl >= sizeof o->dir) {
        snprintf(o->err, sizeof o->err, "%.64s: output path empty or too long", dir);
        return -1;
    }
    memcpy(o->dir, dir, dl);
    o->dir[dl] = '\0';
    char work[sizeof o->dir];
    strcpy(work, o->dir);
    char *rp = NULL;
    if (mkdirs(work) != 0 || access(o->dir, W_OK) != 0 || !(rp = realpath(o->dir, NULL))) {
        snprintf(o->err, sizeof o->err, "%s: cannot write the output folder: %s", o->dir,
                 strerror(errno));
        return -1;
    }
    if (strlen(rp) >= sizeof o->real || !strcmp(rp, "/")) {
        snprintf(o->err, sizeof o->err, "%s: not usable as an output folder (path too long, or /)",
                 o->dir);
        free(rp);
        return -1;
    }
    strcpy(o->real, rp);
    free(rp);
    if (lock(o, command) != 0)
        return -1;
    clean_stale(o);
    if (check_replaceable(o) != 0) {
        hs_output_end(o);
        return -1;
    }
    char parent[1100];
    const char *base;
    split(o, parent, sizeof parent, &base);
    struct stat st;
    if (snprintf(o->stage, sizeof o->stage, "%s/.%s.stage-%ld", parent, base, (long)getpid()) >=
            (int)sizeof o->stage ||
        mkdir(o->stage, 0700) != 0 || stat(o->real, &st) != 0 ||
        chmod(o->stage, st.st_mode & 07777) != 0) {
        snprintf(o->err, sizeof o->err,
                 "%s: cannot create the staging folder %s beside it: %s (its parent folder must "
                 "be writable)",
                 o->dir, o->stage, strerror(errno));
        o->stage[0] = '\0';
        hs_output_end(o);
        return -1;
    }
    return 0;
}

FILE *hs_output_open(hs_output *o, const char *name)
{
    char path[1400];
    if (o->nfiles >= HS_OUTPUT_FILES_MAX || strlen(name) >= sizeof o->name[0]) {
        snprintf(o->err, sizeof o->err, "%s: too many output files or name too long", name);
        return NULL;
    }
    snprintf(path, sizeof path, "%s/%s", o->stage, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(o->err, sizeof o->err, "%s/%s: cannot write: %s", o->dir, name, strerror(errno));
        return NULL;
    }
    strcpy(o->name[o->nfiles++], name);
    return f;
}

/* Durability is the commit's (sync_tree): one pass over the whole staged
 * set once it is complete, not an fsync as each file closes. */
int hs_output_close(hs_output *o, FILE *f, const char *name)
{
    int bad = ferror(f);
    bad |= fflush(f) != 0;
    bad |= fclose(f) != 0;
    if (bad) {
        snprintf(o->err, sizeof o->err, "%s/%s: write failed: %s", o->dir, name, strerror(errno));
        return -1;
    }
    return 0;
}

/* fsync a file or folder; 0, or -1 with errno (EINVAL: a file system
 * that cannot sync counts as done, as for a single file before). */
static int sync_path(const char *path, int dir)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
    if (fd < 0)
        return -1;
    int rc = fsync(fd) != 0 && errno != EINVAL ? -1 : 0;
    int e = errno;
    close(fd);
    errno = e;
    return rc;
}

/* Everything this command staged under path (its subfolders too; the
 * folder itself is synced after the carry), before any old entry is
 * carried in. Written first and synced together,
 * the files share one journal commit on ext4/xfs instead of one each; the
 * exchange that follows still sees every byte on disk. No symlink is
 * followed. 0, or -1 with errno and the failing path in `bad`. */
static int sync_tree(const char *path, char *bad, size_t nbad)
{
    DIR *d = opendir(path);
    if (!d) {
        snprintf(bad, nbad, "%s", path);
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    char *sub = malloc(PATH_MAX);
    while (rc == 0 && sub && (e = readdir(d)) != NULL) {
        struct stat st;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (pjoin(sub, PATH_MAX, path, e->d_name) != 0 || lstat(sub, &st) != 0) {
            if (strlen(path) + strlen(e->d_name) + 2 > PATH_MAX)
                errno = ENAMETOOLONG;
            snprintf(bad, nbad, "%s/%s", path, e->d_name);
            rc = -1;
        } else if (S_ISDIR(st.st_mode)) {
            rc = sync_tree(sub, bad, nbad);
            if (rc == 0 && sync_path(sub, 1) != 0) {
                snprintf(bad, nbad, "%s", sub);
                rc = -1;
            }
        } else if (S_ISREG(st.st_mode) && sync_path(sub, 0) != 0) {
            snprintf(bad, nbad, "%s", sub);
            rc = -1;
        }
    }
    int en = errno;
    free(sub);
    closedir(d);
    if (rc == 0 && !sub) {
        snprintf(bad, nbad, "%s", path);
        en = ENOMEM;
        rc = -1;
    }
    errno = en;
    return rc;
}

/* Names of the directories carried into the staging folder by rename. */
typedef struct moved {
    char (*name)[256];
    size_t n, cap;
} moved;

static void move_back(const hs_output *o, moved *mv)
{
    for (size_t i = 0; i < mv->n; i++) {
        char from[1500], to[1500];
        if (pjoin(from, sizeof from, o->stage, mv->name[i]) == 0 &&
            pjoin(to, sizeof to, o->real, mv->name[i]) == 0)
            rename(from, to);
    }
    mv->n = 0;
}

/* Carry the old folder's kept entries into the staging folder. */
static int carry(hs_output *o, moved *mv)
{
    DIR *d = opendir(o->real);
    if (!d) {
        snprintf(o->err, sizeof o->err, "%s: cannot read: %s", o->dir, strerror(errno));
        return -1;
    }
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        const char *nm = e->d_name;
        char from[1500], to[1500];
        struct stat st;
        if (!strcmp(nm, ".") || !strcmp(nm, "..") || replaced(nm, o->replaces))
            continue;
        if (strlen(nm) >= 256 || pjoin(from, sizeof from, o->real, nm) != 0 ||
            pjoin(to, sizeof to, o->stage, nm) != 0) {
            snprintf(o->err, sizeof o->err, "%s/%s: name too long to carry over", o->dir, nm);
            rc = -1;
            break;
        }
        if (lstat(to, &st) == 0)
            continue; /* written by this command */
        if (lstat(from, &st) != 0)
            continue; /* gone meanwhile */
        if (!S_ISDIR(st.st_mode) && link(from, to) == 0)
            continue;
        if (mv->n == mv->cap) {
            size_t cap = mv->cap ? 2 * mv->cap : 16;
            char(*q)[256] = realloc(mv->name, cap * sizeof *q);
            if (!q) {
                snprintf(o->err, sizeof o->err, "%s: out of memory", o->dir);
                rc = -1;
                break;
            }
            mv->name = q;
            mv->cap = cap;
        }
        if (rename(from, to) != 0) {
            snprintf(o->err, sizeof o->err, "%s: cannot carry over into the new results: %s", from,
                     strerror(errno));
            rc = -1;
            break;
        }
        strcpy(mv->name[mv->n++], nm);
    }
    closedir(d);
    return rc;
}

/* Entries that appeared in the old folder after the carry (a new log):
 * move them into the new one. */
static void late_arrivals(const hs_output *o, const char *old)
{
    DIR *d = opendir(old);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        char from[1500], to[1500];
        struct stat st;
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            replaced(e->d_name, o->replaces) || pjoin(from, sizeof from, old, e->d_name) != 0 ||
            pjoin(to, sizeof to, o->real, e->d_name) != 0 || lstat(to, &st) == 0)
            continue;
        rename(from, to);
    }
    if (d)
        closedir(d);
}

static int exchange(const char *a, const char *b)
{
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    return renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    (void)a;
    (void)b;
    errno = ENOSYS;
    return -1;
#endif
}

int hs_output_commit(hs_output *o)
{
    if (!o->stage[0] || o->committed) {
        snprintf(o->err, sizeof o->err, "%s: nothing staged", o->dir);
        return -1;
    }
    if (check_replaceable(o) != 0)
        return -1;
    char bad[1500];
    if (sync_tree(o->stage, bad, sizeof bad) != 0) {
        snprintf(o->err, sizeof o->err, "%s: write failed: %s (syncing %s); the folder is as it was",
                 o->dir, strerror(errno), bad);
        return -1;
    }
    moved mv = {NULL, 0, 0};
    if (carry(o, &mv) != 0) {
        move_back(o, &mv);
        free(mv.name);
        return -1;
    }
    (void)sync_path(o->stage, 1); /* best effort, as the parent below */
    char parent[1100], old[1300];
    const char *base;
    split(o, parent, sizeof parent, &base);
    int rc = 0;
    if (exchange(o->stage, o->real) == 0) {
        snprintf(old, sizeof old, "%s", o->stage);
    } else if (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP) {
        /* no atomic exchange here: two renames, undone on failure */
        snprintf(old, sizeof old, "%s/.%s.old-%ld", parent, base, (long)getpid());
        if (rename(o->real, old) != 0) {
            rc = -1;
        } else if (rename(o->stage, o->real) != 0) {
            int e = errno;
            rename(old, o->real);
            errno = e;
            rc = -1;
        }
    } else
        rc = -1;
    if (rc != 0) {
        snprintf(o->err, sizeof o->err, "%s: cannot swap the new results in: %s; the folder is as "
                 "it was", o->dir, strerror(errno));
        move_back(o, &mv);
        free(mv.name);
        return -1;
    }
    free(mv.name);
    o->committed = 1;
    late_arrivals(o, old);
    hs_output_rmtree(old);
    o->stage[0] = '\0';
    (void)sync_path(parent, 1); /* best effort */
    return 0;
}

void hs_output_discard(hs_output *o)
{
    if (!o->stage[0] || o->committed)
        return;
    DIR *d = opendir(o->stage);
    struct dirent *e;
    char path[1500];
    while (d && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
            pjoin(path, sizeof path, o->stage, e->d_name) == 0)
            hs_output_rmtree(path);
    if (d)
        closedir(d);
    o->nfiles = 0;
}

void hs_output_end(hs_output *o)
{
    if (o->stage[0] && !o->committed)
        hs_output_rmtree(o->stage);
    o->stage[0] = '\0';
    if (o->lockfd >= 0) {
        /* A folder at rest has no .lock. Removing it while still holding
         * the lock is safe: a command that opened it just before and gets
         * the lock after our close sees that DIR/.lock is no longer the
         * file it locked, and starts over (lock()). */
        char path[1300];
        struct stat a, b;
        if (pjoin(path, sizeof path, o->real, ".lock") == 0 && fstat(o->lockfd, &a) == 0 &&
            stat(path, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
            unlink(path);
        close(o->lockfd); /* releases the flock */
    }
    o->lockfd = -1;
}

int hs_output_write_file(const char *path, const void *data, size_t len)
{
    char tmp[1200];
    if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f)
        return -1;
    int bad = fwrite(data, 1, len, f) != len;
    bad |= fflush(f) != 0;
    bad |= fsync(fileno(f)) != 0;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        errno = e;
        return -1;
    }
    return 0;
}
