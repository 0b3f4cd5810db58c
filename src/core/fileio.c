/* fileio.c — see fileio.h. */
#include "fileio.h"

#include <sys/stat.h>

int hs_fileio_same(const char *a, const char *b)
{
    struct stat sa, sb;
    if (!a || !b || stat(a, &sa) != 0 || stat(b, &sb) != 0)
        return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}
