/* output.c — see output.h. */
#include "output.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void tmp_path(const hs_output *o, const char *name, char *buf, size_t n)
{
    snprintf(buf, n, "%s/.%s.tmp", o->dir, name);
}

int hs_output_begin(hs_output *o, const char *dir)
{
    memset(o, 0, sizeof *o);
    if (strlen(dir) >= sizeof o->dir) {
        snprintf(o->err, sizeof o->err, "%.64s...: output path too long", dir);
        return -1;
    }
    strcpy(o->dir, dir);
    char work[sizeof o->dir];
    strcpy(work, dir);
    if (mkdirs(work) != 0 || access(dir, W_OK) != 0) {
        snprintf(o->err, sizeof o->err, "%s: cannot write the output folder: %s", dir,
                 strerror(errno));
        return -1;
    }
    return 0;
}

FILE *hs_output_open(hs_output *o, const char *name)
{
    char path[1200];
    if (o->nfiles >= HS_OUTPUT_FILES_MAX || strlen(name) >= sizeof o->name[0]) {
        snprintf(o->err, sizeof o->err, "%s: too many output files or name too long", name);
        return NULL;
    }
    tmp_path(o, name, path, sizeof path);
    FILE *f = fopen(path, "w");
    if (!f) {
        snprintf(o->err, sizeof o->err, "%s: cannot write: %s", path, strerror(errno));
        return NULL;
    }
    strcpy(o->name[o->nfiles++], name);
    return f;
}

int hs_output_close(hs_output *o, FILE *f, const char *name)
{
    int bad = ferror(f);
    bad |= fflush(f) != 0;
    bad |= fsync(fileno(f)) != 0 && errno != EINVAL;
    bad |= fclose(f) != 0;
    if (bad) {
        snprintf(o->err, sizeof o->err, "%s/%s: write failed: %s", o->dir, name, strerror(errno));
        return -1;
    }
    return 0;
}

int hs_output_commit(hs_output *o)
{
    for (int i = 0; i < o->nfiles; i++) {
        char from[1200], to[1200];
        tmp_path(o, o->name[i], from, sizeof from);
        snprintf(to, sizeof to, "%s/%s", o->dir, o->name[i]);
        if (rename(from, to) != 0) {
            snprintf(o->err, sizeof o->err, "%s: cannot rename into place: %s", to,
                     strerror(errno));
            return -1;
        }
    }
    o->nfiles = 0;
    return 0;
}

void hs_output_discard(hs_output *o)
{
    for (int i = 0; i < o->nfiles; i++) {
        char path[1200];
        tmp_path(o, o->name[i], path, sizeof path);
        remove(path);
    }
    o->nfiles = 0;
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
