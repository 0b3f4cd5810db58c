/* test_inifile.c — the line-tracking INI store: line numbers, grammar,
 * overlong lines, binary and empty files, duplicates. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "inifile.h"
#include "tap.h"

static hs_errs errs;

static int parse(const char *text, hs_inifile **st)
{
    hs_errs_init(&errs);
    return hs_inifile_parse("t.ini", text, strlen(text), st, &errs);
}

static int msg(int i, const char *prefix, const char *needle)
{
    const char *m = hs_errs_get(&errs, i);
    return m && !strncmp(m, prefix, strlen(prefix)) && strstr(m, needle);
}

int main(void)
{
    plan(42);
    hs_inifile *st;
    int rc = parse("\xEF\xBB\xBF; comment\r\n[run]\r\n  name = x ; inline\r\n\n# c\n[ arm   hifu ]\n"
                   "hr = 0:1.0, 6:0.6\n   indented = yes\nempty =\n",
                   &st);
    ok(rc == 0, "clean text parses");
    is_int(hs_inifile_nentries(st), 4, "4 entries");
    const hs_inifile_entry *e = hs_inifile_entry_at(st, 0);
    ok(!strcmp(e->section, "run") && !strcmp(e->key, "name") && !strcmp(e->value, "x"),
       "BOM, CRLF, indentation and inline comment handled");
    is_int(e->line, 3, "name on line 3");
    e = hs_inifile_entry_at(st, 1);
    ok(!strcmp(e->section, "arm hifu"), "section name normalised to 'arm hifu'");
    ok(!strcmp(e->value, "0:1.0, 6:0.6") && e->line == 7, "colon values kept, line 7");
    e = hs_inifile_entry_at(st, 2);
    ok(!strcmp(e->key, "indented") && e->line == 8, "indented line is a key, not a continuation");
    e = hs_inifile_find(st, "arm hifu", "empty");
    ok(e && !strcmp(e->value, "") && e->line == 9, "empty value kept");
    is_int(hs_inifile_nsections(st), 2, "2 sections");
    ok(hs_inifile_section_at(st, 1)->line == 6, "section header line 6");
    hs_inifile_free(st);

    char text[600];
    memset(text, 0, sizeof text);
    strcpy(text, "[run]\na = 1\nb = ");
    size_t k = strlen(text);
    memset(text + k, 'x', 300);
    strcpy(text + k + 300, "\nc = 3\n");
    rc = parse(text, &st);
    ok(rc == -1 && hs_errs_count(&errs) == 1, "overlong line is one error");
    ok(msg(0, "t.ini:3: ", "line is 304 characters long; expected at most 196"), "overlong line at line 3");
    ok(hs_inifile_find(st, "run", "c") && hs_inifile_find(st, "run", "c")->line == 4,
       "the next line is still read, with its own number");
    ok(!hs_inifile_find(st, "run", "b"), "the overlong line is dropped");
    hs_inifile_free(st);

    /* exactly 196 characters is fine */
    strcpy(text, "[run]\nk = ");
    k = strlen(text);
    memset(text + k, 'y', 196 - 4);
    text[k + 192] = '\0';
    rc = parse(text, &st);
    ok(rc == 0 && strlen(hs_inifile_find(st, "run", "k")->value) == 192, "196-character line accepted");
    hs_inifile_free(st);

    hs_errs_init(&errs);
    rc = hs_inifile_parse("b.ini", "[run]\na = 1\nb\0c = 2\n", 18, &st, &errs);
    ok(rc == -1 && msg(0, "b.ini:3: ", "NUL byte (binary file?); expected a text INI file"), "NUL byte rejected at its line");
    hs_inifile_free(st);

    rc = parse("", &st);
    ok(rc == -1 && msg(0, "t.ini: ", "empty file"), "empty file rejected");
    hs_inifile_free(st);
    rc = parse("; only a comment\n\n", &st);
    ok(rc == -1 && msg(0, "t.ini: ", "empty file"), "comment-only file rejected");
    hs_inifile_free(st);

    rc = parse("[run]\na = 1\na = 2\n[run]\nb = 1\n[x\nnokey\na: 3 = 4\n = 5\n", &st);
    is_int(hs_errs_count(&errs), 6, "6 grammar errors reported together");
    ok(msg(0, "t.ini:3: ", "duplicate key 'a' in [run] (first at line 2)"), "duplicate key");
    ok(msg(1, "t.ini:4: ", "duplicate section [run] (first at line 1)"), "duplicate section");
    ok(msg(2, "t.ini:6: ", "without ']'"), "unclosed section header");
    ok(msg(3, "t.ini:7: ", "expected KEY = VALUE"), "line without '='");
    ok(msg(4, "t.ini:8: ", "':' in a key"), "colon before '=' rejected (libinih would split there)");
    ok(msg(5, "t.ini:9: ", "empty key"), "empty key");
    hs_inifile_free(st);

    rc = parse("a = 1\n[run]\n", &st);
    ok(rc == -1 && msg(0, "t.ini:1: ", "key outside any section"), "key before any section");
    hs_inifile_free(st);

    hs_errs_init(&errs);
    rc = hs_inifile_read("/nonexistent/x.ini", &st, &errs);
    ok(rc == -1 && st == NULL && msg(0, "/nonexistent/x.ini: cannot open", "expected a readable INI file"),
       "missing file");
    hs_errs_init(&errs);
    rc = hs_inifile_read(HS_SOURCE_DIR "/tests/config/good.ini", &st, &errs);
    ok(rc == 0 && hs_inifile_find(st, "arm hifu_chemo", "mets.4+") != NULL, "good.ini read from disk");
    size_t len;
    ok(hs_inifile_text(st, &len) && len > 100, "text kept");
    hs_inifile_free(st);
    hs_inifile_free(NULL);
    ok(1, "free(NULL) is a no-op");

    /* --- duplicates are found by hashing: 10^5 sections, 1.2*10^5 keys in
     * under a second of CPU (a linear scan took a minute); every error is
     * counted, the stored list keeps its cap --- */
    size_t cap = 2u << 20, n = 0;
    char *big = malloc(cap);
    n += (size_t)snprintf(big + n, cap - n, "[design]\n");
    for (int i = 0; i < 120000; i++)
        n += (size_t)snprintf(big + n, cap - n, "k%x=1\n", i);
    n += (size_t)snprintf(big + n, cap - n, "k0=2\n");
    for (int i = 0; i < 100000; i++)
        n += (size_t)snprintf(big + n, cap - n, "[s%x]\n", i);
    n += (size_t)snprintf(big + n, cap - n, "[s0]\n[design]\n");
    hs_errs_init(&errs);
    clock_t t0 = clock();
    rc = hs_inifile_parse("big.ini", big, n, &st, &errs);
    double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ok(cpu < 1.0 * HS_TEST_CPU_SCALE, "1.2e5 keys and 1e5 sections parsed in %.3f s of CPU (< %g s)", cpu, HS_TEST_CPU_SCALE);
    is_int(hs_errs_count(&errs), 3, "three duplicates found, no more");
    ok(msg(0, "big.ini:120002: ", "duplicate key 'k0' in [design] (first at line 2)"),
       "duplicate key with both lines: %s", hs_errs_get(&errs, 0));
    ok(msg(1, "big.ini:220003: ", "duplicate section [s0] (first at line 120003)"),
       "duplicate section with both lines: %s", hs_errs_get(&errs, 1));
    ok(msg(2, "big.ini:220004: ", "duplicate section [design] (first at line 1)"), "second duplicate section");
    e = hs_inifile_find(st, "design", "k1d4bf");
    ok(e && e->line == 2 + 0x1d4bf && !strcmp(e->value, "1"), "hashed find: the last key, line %d",
       e ? e->line : -1);
    ok(!hs_inifile_find(st, "design", "k1d4c0") && !hs_inifile_find(st, "s1", "k0"),
       "hashed find: absent keys are absent");
    hs_inifile_free(st);
    /* every line a duplicate: all counted, HS_ERRS_CAP stored */
    n = 0;
    for (int i = 0; i < 50000; i++)
        n += (size_t)snprintf(big + n, cap - n, "[a]\nx=1\n");
    hs_errs_init(&errs);
    t0 = clock();
    hs_inifile_parse("dup.ini", big, n, &st, &errs);
    cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ok(cpu < 1.0 * HS_TEST_CPU_SCALE && hs_errs_count(&errs) == 2 * 49999 && errs.n == HS_ERRS_CAP,
       "5e4 duplicate sections and keys: %d errors counted, %d stored, %.3f s CPU",
       hs_errs_count(&errs), errs.n, cpu);
    hs_inifile_free(st);
    free(big);

    /* --- inputs must be regular files, read with a limit --- */
    char dir[] = "/tmp/hs_inifile_XXXXXX";
    ok(mkdtemp(dir) != NULL, "temp dir");
    char fifo[64], loop[64];
    snprintf(fifo, sizeof fifo, "%s/fifo.ini", dir);
    snprintf(loop, sizeof loop, "%s/loop.ini", dir);
    ok(mkfifo(fifo, 0600) == 0 && symlink("loop.ini", loop) == 0, "FIFO and self-link made");
    hs_errs_init(&errs);
    alarm(20); /* a reader that blocks on the FIFO ends the test (failed), not hangs it */
    rc = hs_inifile_read(fifo, &st, &errs);
    alarm(0);
    ok(rc == -1 && !st && strstr(hs_errs_get(&errs, 0), "not a regular file (a FIFO"),
       "a FIFO is refused at once: %s", hs_errs_get(&errs, 0));
    hs_errs_init(&errs);
    rc = hs_inifile_read(loop, &st, &errs);
    ok(rc == -1 && !st && strstr(hs_errs_get(&errs, 0), "Too many levels of symbolic links"),
       "a symbolic-link loop is named: %s", hs_errs_get(&errs, 0));
    unlink(fifo);
    unlink(loop);
    rmdir(dir);
    return tap_done();
}
