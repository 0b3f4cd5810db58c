/* fuzz_csv.c — libFuzzer harness for the CSV reader: the input is written to
 * a private temporary file and read by hs_csvtab_read; on success every cell
 * is fetched, parsed with hs_csvtab_num and looked up by column name, and
 * rows' line numbers must not decrease and must lie in the file. Errors must come as
 * "FILE:LINE: ..." lines. Build and run: tests/fuzz/README.md. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "csvtab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char path[64];

static hs_errs errs; /* the fuzzer's own scratch list */

/* Every error a "PATH:..." line without a newline; returns how many. */
static int check_errs(void)
{
    size_t k = strlen(path);
    for (int i = 0; i < errs.n; i++) {
        const char *msg = hs_errs_get(&errs, i);
        if (strncmp(msg, path, k) != 0 || msg[k] != ':' || strchr(msg, '\n'))
            abort();
    }
    return hs_errs_count(&errs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/hs_fuzz_csv_%ld.csv", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size && fwrite(data, 1, size, f) != size)
        abort();
    fclose(f);
    long lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n' || data[i] == '\r';
    hs_csvtab *t = NULL;
    hs_errs_init(&errs);
    int rc = hs_csvtab_read(path, &t, &errs);
    int nerr = check_errs();
    if (rc != 0) {
        if (t || nerr == 0)
            abort();
        return 0;
    }
    int nc = hs_csvtab_ncols(t);
    size_t nr = hs_csvtab_nrows(t);
    for (int j = 0; j < nc; j++) {
        const char *nm = hs_csvtab_colname(t, j);
        if (!nm || hs_csvtab_col(t, nm) != j)
            abort();
    }
    long prev = hs_csvtab_line(t, (size_t)-1);
    for (size_t i = 0; i < nr; i++) {
        long ln = hs_csvtab_line(t, i);
        /* non-decreasing: records split by a bare CR share a physical line */
        if (ln < prev || ln > lines)
            abort();
        prev = ln;
        for (int j = 0; j < nc; j++) {
            char msg[256];
            double x;
            if (!hs_csvtab_cell(t, i, j))
                abort();
            hs_csvtab_num(t, i, j, &x, msg, sizeof msg);
        }
    }
    if (hs_csvtab_cell(t, nr, 0) || hs_csvtab_cell(t, 0, nc))
        abort();
    hs_csvtab_free(t);
    return 0;
}
