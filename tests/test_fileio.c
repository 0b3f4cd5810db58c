/* test_fileio.c — the one bounded reader: regular files only (a FIFO or a
 * device is refused at once, never read), a size limit, clear errors. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fileio.h"
#include "sbuf.h"
#include "tap.h"

int main(void)
{
    plan(10);
    char dir[] = "/tmp/hs_fileio_XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char reg[64], fifo[64], err[256];
    snprintf(reg, sizeof reg, "%s/r.txt", dir);
    snprintf(fifo, sizeof fifo, "%s/p", dir);
    FILE *f = fopen(reg, "wb");
    for (int i = 0; i < 100; i++)
        fputc('a' + i % 26, f);
    fclose(f);
    mkfifo(fifo, 0600);
    alarm(20); /* a reader that blocks fails the test instead of hanging it */

    size_t len = 0;
    char *s = hs_fileio_slurp(reg, 100, &len, err, sizeof err);
    ok(s && len == 100 && s[100] == '\0' && s[0] == 'a', "a 100-byte file within a 100-byte limit");
    free(s);
    errno = 0;
    s = hs_fileio_slurp(reg, 99, &len, err, sizeof err);
    ok(!s && errno == EFBIG && strstr(err, "larger than 99 bytes"), "over the limit: EFBIG, '%s'", err);
    s = hs_fileio_slurp(fifo, 100, &len, err, sizeof err);
    ok(!s && errno == HS_FILEIO_ENOTREG && strstr(err, "not a regular file"), "FIFO refused: '%s'", err);
    s = hs_fileio_slurp("/dev/zero", 1u << 20, &len, err, sizeof err);
    ok(!s && errno == HS_FILEIO_ENOTREG, "/dev/zero refused, not read");
    s = hs_fileio_slurp(dir, 100, &len, err, sizeof err);
    ok(!s && errno == EISDIR && strstr(err, "Is a directory"), "directory refused: '%s'", err);
    s = hs_fileio_slurp("/nonexistent/x", 100, &len, err, sizeof err);
    ok(!s && errno == ENOENT && strstr(err, "cannot open"), "missing file: '%s'", err);

    hs_sbuf b = {0};
    hs_sbuf_append(&b, "x", 1);
    ok(hs_sbuf_read_file(&b, fifo) == -1 && errno == HS_FILEIO_ENOTREG && b.len == 1,
       "sbuf: FIFO refused, buffer unchanged");
    ok(hs_sbuf_read_file_max(&b, reg, 50) == -1 && errno == EFBIG && b.len == 1,
       "sbuf: over the limit refused, buffer unchanged");
    ok(hs_sbuf_read_file_max(&b, reg, 100) == 0 && b.len == 101, "sbuf: within the limit appended");
    ok(strstr(hs_fileio_strerror(HS_FILEIO_ENOTREG), "FIFO") != NULL, "strerror names the case");
    hs_sbuf_free(&b);
    alarm(0);
    unlink(reg);
    unlink(fifo);
    rmdir(dir);
    return tap_done();
}
