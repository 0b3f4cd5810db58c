/* fileio.c — see fileio.h. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int hs_fileio_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b || stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int hs_fileio_open_regular(const char *path, size_t *size)
{
    if (!path) {
        errno = ENOENT;
        return -1;
    }
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        errno = S_ISDIR(st.st_mode) ? EISDIR : HS_FILEIO_ENOTREG;
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (size)
        *size = st.st_size > 0 ? (size_t)st.st_size : 0;
    return fd;
}

const char *hs_fileio_strerror(int e)
{
    if (e == HS_FILEIO_ENOTREG)
        return "not a regular file (a FIFO, device or socket)";
    if (e == EFBIG)
        return "file too large";
    return strerror(e);
}

static void say(char *err, size_t errlen, int e, size_t limit, int opened)
{
    if (!err || errlen == 0)
        return;
    if (e == EFBIG)
        snprintf(err, errlen, "file is larger than %zu bytes", limit);
    else if (e == EISDIR)
        snprintf(err, errlen, "read error (Is a directory)");
    else if (e == HS_FILEIO_ENOTREG)
        snprintf(err, errlen, "%s", hs_fileio_strerror(e));
    else if (e == ENOMEM)
        snprintf(err, errlen, "out of memory");
    else
        snprintf(err, errlen, "%s (%s)", opened ? "read error" : "cannot open", strerror(e));
}

char *hs_fileio_slurp(const char *path, size_t limit, size_t *len, char *err, size_t errlen)
{
    size_t size = 0;
    int fd = hs_fileio_open_regular(path, &size);
    if (fd < 0) {
        int e = errno;
        say(err, errlen, e, limit, 0);
        errno = e;
        return NULL;
    }
    int e = 0;
    char *buf = NULL;
    size_t n = 0;
    if (size > limit) {
        e = EFBIG;
    } else {
        /* The size may change while we read: read up to limit + 1 bytes. */
        size_t cap = size + 1 < 4096 ? 4096 : size + 1;
        buf = malloc(cap + 1);
        if (!buf)
            e = ENOMEM;
        while (!e) {
            if (n == cap) {
                if (cap > limit) {
                    e = EFBIG;
                    break;
                }
                size_t nc = cap * 2 > limit + 1 ? limit + 1 : cap * 2;
                char *p = realloc(buf, nc + 1);
                if (!p) {
                    e = ENOMEM;
                    break;
                }
                buf = p;
                cap = nc;
            }
            ssize_t got = read(fd, buf + n, cap - n);
            if (got < 0) {
                if (errno == EINTR)
                    continue;
                e = errno;
                break;
            }
            if (got == 0)
                break;
            n += (size_t)got;
        }
        if (!e && n > limit)
            e = EFBIG;
    }
    close(fd);
    if (e) {
        free(buf);
        say(err, errlen, e, limit, 1);
        errno = e;
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}
