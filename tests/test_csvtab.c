/* test_csvtab.c — CSV table reader: quoting, CRLF, BOM, blank lines, line
 * numbers, numeric parsing and the FILE:LINE errors. Fixtures are in
 * tests/data/csvtab_*.csv and tests/bad/csvtab_*.csv. */
#include "csvtab.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int has(const hs_errs *e, const char *needle)
{
    for (int i = 0; i < e->n; i++)
        if (strstr(hs_errs_get(e, i), needle))
            return 1;
    return 0;
}

static const char *first(const hs_errs *e) { return e->n > 0 ? hs_errs_get(e, 0) : "(none)"; }

/* A file of one header and nbad rows with a missing field: the 20-error stop. */
static void test_many_errors(void)
{
    char path[] = "/tmp/hs_test_csvtab_XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        for (int i = 0; i < 4; i++)
            ok(0, "skipped: no temporary file");
        return;
    }
    fputs("a,b\n", f);
    for (int i = 0; i < 25; i++)
        fputs("1\n", f);
    fclose(f);
    static hs_errs e;
    hs_errs_init(&e);
    hs_errs_add(&e, "earlier.ini", 3, "an earlier error");
    hs_csvtab *t = NULL;
    int rc = hs_csvtab_read(path, &t, &e);
    ok(rc == -1 && t == NULL, "25 bad rows: -1");
    is_int(e.n, 1 + 20, "an earlier error kept, then 20 lines for the file");
    char want[600];
    snprintf(want, sizeof want, "%s:2: expected 2 fields as in the header, got 1", path);
    ok(e.n > 1 && !strcmp(hs_errs_get(&e, 1), want), "the first bad row, whole line: %s", hs_errs_get(&e, 1));
    snprintf(want, sizeof want, "%s:21: too many errors, stopping reports", path);
    ok(e.n == 21 && !strcmp(hs_errs_get(&e, 20), want), "the 20th says reports stop: %s", hs_errs_get(&e, 20));
    unlink(path);
}

int main(void)
{
    plan(39);
    char path[1024];
    hs_csvtab *t = NULL;
    static hs_errs eb;
    hs_errs_init(&eb);

    snprintf(path, sizeof path, "%s/tests/data/csvtab_basic.csv", HS_SOURCE_DIR);
    int rc = hs_csvtab_read(path, &t, &eb);
    is_int(rc, 0, "basic file reads");
    if (!t) {
        for (int i = 1; i < 37; i++)
            ok(0, "skipped: no table");
        return tap_done();
    }
    is_int(hs_csvtab_ncols(t), 4, "4 columns");
    is_int((long long)hs_csvtab_nrows(t), 3, "3 data rows (blank line skipped)");
    is_int(hs_csvtab_col(t, "time"), 0, "BOM stripped from first name");
    is_int(hs_csvtab_col(t, "arm name"), 2, "quoted header name");
    is_int(hs_csvtab_col(t, "nope"), -1, "missing column -> -1");
    ok(!strcmp(hs_csvtab_cell(t, 0, 3), "hello, world"), "quoted comma");
    ok(!strcmp(hs_csvtab_cell(t, 1, 2), "B"), "quoted plain field");
    ok(!strcmp(hs_csvtab_cell(t, 1, 3), "multi\r\nline"), "quoted CRLF kept inside field");
    ok(!strcmp(hs_csvtab_cell(t, 2, 3), "say \"hi\""), "doubled quotes");
    is_int(hs_csvtab_line(t, (size_t)-1), 1, "header on line 1");
    is_int(hs_csvtab_line(t, 0), 2, "row 0 on line 2");
    is_int(hs_csvtab_line(t, 1), 4, "row 1 on line 4 (after blank line)");
    is_int(hs_csvtab_line(t, 2), 6, "row 2 on line 6 (after two-line record)");
    double x = 0;
    char msg[256];
    ok(hs_csvtab_num(t, 0, 0, &x, msg, sizeof msg) == 0 && x == 1.5, "1.5 parsed");
    ok(hs_csvtab_num(t, 2, 0, &x, msg, sizeof msg) == 0 && x == 30.0, "' 3e1 ' trimmed and parsed");
    ok(hs_csvtab_num(t, 0, 2, &x, msg, sizeof msg) == -1, "'A' is not a number");
    ok(!strcmp(msg, "column 'arm name': expected a finite number, got 'A'"), "numeric error message: %s", msg);
    ok(hs_csvtab_num(t, 0, 2, &x, NULL, 0) == -1, "'A' with msg == NULL: -1");
    hs_csvtab_free(t);
    hs_csvtab_free(NULL);

    snprintf(path, sizeof path, "%s/tests/bad/csvtab_fields.csv", HS_SOURCE_DIR);
    hs_errs_init(&eb);
    rc = hs_csvtab_read(path, &t, &eb);
    ok(rc == -1 && t == NULL && hs_errs_count(&eb) == 2, "two bad rows -> -1 and 2 errors (rc=%d)", rc);
    ok(has(&eb, "csvtab_fields.csv:3: expected 2 fields as in the header, got 1"), "short row at line 3");
    ok(has(&eb, "csvtab_fields.csv:4: expected 2 fields as in the header, got 3"), "long row at line 4");

    snprintf(path, sizeof path, "%s/tests/bad/csvtab_quote.csv", HS_SOURCE_DIR);
    hs_errs_init(&eb);
    rc = hs_csvtab_read(path, &t, &eb);
    ok(rc == -1 && t == NULL && eb.n > 0, "unterminated quote is an error");
    ok(has(&eb, "csvtab_quote.csv:2:"), "error names the record's line: %s", first(&eb));

    snprintf(path, sizeof path, "%s/tests/bad/csvtab_header.csv", HS_SOURCE_DIR);
    hs_errs_init(&eb);
    rc = hs_csvtab_read(path, &t, &eb);
    ok(rc == -1 && t == NULL && hs_errs_count(&eb) == 2, "bad header -> -1 and 2 errors");
    ok(has(&eb, "csvtab_header.csv:1: header: duplicate column name 'a'"), "duplicate name");
    ok(has(&eb, "csvtab_header.csv:1: header: column 3 has an empty name"), "empty name");

    /* A quoted header name with a newline inside (found by fuzz_csv): the
     * message stays one line, the newline written as \n. */
    snprintf(path, sizeof path, "%s/tests/bad/csvtab_header_newline.csv", HS_SOURCE_DIR);
    hs_errs_init(&eb);
    rc = hs_csvtab_read(path, &t, &eb);
    ok(rc == -1 && t == NULL && eb.n == 1 && !strchr(first(&eb), '\n'), "newline in a duplicate name: one line");
    ok(has(&eb, "csvtab_header_newline.csv:1: header: duplicate column name 'x\\ny' (columns 1 and 2)"),
       "the newline escaped: %s", first(&eb));

    snprintf(path, sizeof path, "%s/tests/bad/csvtab_empty.csv", HS_SOURCE_DIR);
    hs_errs_init(&eb);
    rc = hs_csvtab_read(path, &t, &eb);
    ok(rc == -1 && t == NULL && hs_errs_count(&eb) == 1, "empty file is an error");
    ok(has(&eb, "csvtab_empty.csv:1: empty file"), "empty file message: %s", first(&eb));

    snprintf(path, sizeof path, "%s/tests/bad/no_such_file.csv", HS_SOURCE_DIR);
    hs_errs_init(&eb);
    rc = hs_csvtab_read(path, &t, &eb);
    ok(rc == -1 && t == NULL && hs_errs_count(&eb) == 1, "missing file is an error");
    ok(has(&eb, "no_such_file.csv: cannot open"), "missing file message: %s", first(&eb));
    rc = hs_csvtab_read(path, &t, NULL);
    ok(rc == -1 && t == NULL, "errs == NULL is accepted: -1");
    snprintf(path, sizeof path, "%s/tests/bad/csvtab_fields.csv", HS_SOURCE_DIR);
    rc = hs_csvtab_read(path, &t, NULL);
    ok(rc == -1 && t == NULL, "errs == NULL on a file with bad rows: -1");
    test_many_errors();
    return tap_done();
}
