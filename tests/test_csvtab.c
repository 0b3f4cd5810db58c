/* test_csvtab.c — CSV table reader: quoting, CRLF, BOM, blank lines, line
 * numbers, numeric parsing and the FILE:LINE errors. Fixtures are in
 * tests/data/csvtab_*.csv and tests/bad/csvtab_*.csv. */
#include "csvtab.h"
#include "tap.h"

#include <stdio.h>
#include <string.h>

typedef struct errbag {
    int n;
    char msg[8][512];
} errbag;

static void collect(void *ctx, const char *m)
{
    errbag *b = ctx;
    if (b->n < 8)
        snprintf(b->msg[b->n], sizeof b->msg[0], "%s", m);
    b->n++;
}

static int has(const errbag *b, const char *needle)
{
    for (int i = 0; i < b->n && i < 8; i++)
        if (strstr(b->msg[i], needle))
            return 1;
    return 0;
}

int main(void)
{
    plan(30);
    char path[1024];
    hs_csvtab *t = NULL;
    errbag eb = {0};

    snprintf(path, sizeof path, "%s/tests/data/csvtab_basic.csv", HS_SOURCE_DIR);
    int rc = hs_csvtab_read(path, &t, collect, &eb);
    is_int(rc, 0, "basic file reads");
    if (!t) {
        for (int i = 1; i < 30; i++)
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
    ok(strstr(msg, "csvtab_basic.csv:2: column 'arm name': expected a finite number, got 'A'") != NULL,
       "numeric error message: %s", msg);
    hs_csvtab_free(t);
    hs_csvtab_free(NULL);

    snprintf(path, sizeof path, "%s/tests/bad/csvtab_fields.csv", HS_SOURCE_DIR);
    memset(&eb, 0, sizeof eb);
    rc = hs_csvtab_read(path, &t, collect, &eb);
    ok(rc == 2 && t == NULL, "two bad rows -> 2 errors (rc=%d)", rc);
    ok(has(&eb, "csvtab_fields.csv:3: expected 2 fields as in the header, got 1"), "short row at line 3");
    ok(has(&eb, "csvtab_fields.csv:4: expected 2 fields as in the header, got 3"), "long row at line 4");

    snprintf(path, sizeof path, "%s/tests/bad/csvtab_quote.csv", HS_SOURCE_DIR);
    memset(&eb, 0, sizeof eb);
    rc = hs_csvtab_read(path, &t, collect, &eb);
    ok(rc > 0 && t == NULL, "unterminated quote is an error");
    ok(has(&eb, "csvtab_quote.csv:2:"), "error names the record's line: %s", eb.msg[0]);

    snprintf(path, sizeof path, "%s/tests/bad/csvtab_header.csv", HS_SOURCE_DIR);
    memset(&eb, 0, sizeof eb);
    rc = hs_csvtab_read(path, &t, collect, &eb);
    ok(rc == 2 && t == NULL, "bad header -> 2 errors");
    ok(has(&eb, "csvtab_header.csv:1: header: duplicate column name 'a'"), "duplicate name");
    ok(has(&eb, "csvtab_header.csv:1: header: column 3 has an empty name"), "empty name");

    snprintf(path, sizeof path, "%s/tests/bad/csvtab_empty.csv", HS_SOURCE_DIR);
    memset(&eb, 0, sizeof eb);
    rc = hs_csvtab_read(path, &t, collect, &eb);
    ok(rc == 1 && t == NULL, "empty file is an error");
    ok(has(&eb, "csvtab_empty.csv:1: empty file"), "empty file message: %s", eb.msg[0]);

    snprintf(path, sizeof path, "%s/tests/bad/no_such_file.csv", HS_SOURCE_DIR);
    memset(&eb, 0, sizeof eb);
    rc = hs_csvtab_read(path, &t, collect, &eb);
    ok(rc == 1 && t == NULL, "missing file is an error");
    ok(has(&eb, "no_such_file.csv: cannot open"), "missing file message: %s", eb.msg[0]);
    return tap_done();
}
