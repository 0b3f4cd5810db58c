/* inifile.c — line-tracking INI store over libinih (see inifile.h).
 *
 * libinih's handler gets no line number and its line buffer is fixed, so the
 * text is fed to ini_parse_stream through our own reader: the reader knows
 * the current line, checks each line's shape and length, records section
 * headers, and hands libinih only lines it will parse as intended (leading
 * whitespace removed, so no line is taken as a multi-line continuation; a
 * bad line is replaced by an empty one after its error is recorded). The
 * handler runs while its line is current, so it stores that line number. */
#include "inifile.h"

#include <errno.h>
#include <stdarg.h>
#include <ini.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fileio.h"

struct hs_inifile {
    char *name;
    char *text;
    size_t len;
    int n, cap;
    hs_inifile_entry *e;
    int ns, scap;
    hs_inifile_section *s;
    int oom;
    /* Open-addressing hash tables (linear probing), allocated once per file
     * with at least twice as many slots as the file has lines, so they never
     * fill: index + 1 of the entry (section, key) or section name, 0 = empty. */
    size_t hcap;  /* power of two */
    int *hkey;    /* entries by (section, key) */
    int *hsec;    /* sections by name */
};

typedef struct reader {
    hs_inifile *st;
    hs_errs *errs;
    size_t pos;
    int line;
    int nerr;
    char section[HS_INIFILE_LINE_MAX + 4]; /* current normalised section, "" before any */
    int in_section;
} reader;

static char *dup_range(const char *a, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, a, n);
        p[n] = '\0';
    }
    return p;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

/* Trim, collapse inner whitespace runs to one space, into out (size cap). */
static void normalise(const char *a, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    int gap = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        if (is_space(a[i])) {
            gap = k > 0;
            continue;
        }
        if (gap && k + 2 < cap)
            out[k++] = ' ';
        gap = 0;
        out[k++] = a[i];
    }
    out[k] = '\0';
}

__attribute__((format(printf, 2, 3))) static void err(reader *r, const char *fmt, ...)
{
    r->nerr++;
    va_list ap;
    va_start(ap, fmt);
    hs_errs_vadd(r->errs, r->st->name, r->line, fmt, ap);
    va_end(ap);
}

/* FNV-1a (Fowler, Noll, Vo) over a, then a 0 byte, then b (b may be NULL),
 * finished by MurmurHash3's 64-bit mixer (Appleby). */
static size_t hash2(const char *a, const char *b)
{
    uint64_t h = 14695981039346656037ULL;
    for (const unsigned char *p = (const unsigned char *)a; *p; p++)
        h = (h ^ *p) * 1099511628211ULL;
    h *= 1099511628211ULL;
    if (b)
        for (const unsigned char *p = (const unsigned char *)b; *p; p++)
            h = (h ^ *p) * 1099511628211ULL;
    /* FNV's low bits mix poorly: finish with MurmurHash3's fmix64. */
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return (size_t)h;
}

/* Slot of (section, key) in hkey: the one holding it, or the empty one where
 * it would go. */
static size_t key_slot(const hs_inifile *st, const char *section, const char *key)
{
    size_t m = st->hcap - 1, i = hash2(section, key) & m;
    while (st->hkey[i]) {
        const hs_inifile_entry *e = &st->e[st->hkey[i] - 1];
        if (strcmp(e->key, key) == 0 && strcmp(e->section, section) == 0)
            break;
        i = (i + 1) & m;
    }
    return i;
}

static size_t sec_slot(const hs_inifile *st, const char *name)
{
    size_t m = st->hcap - 1, i = hash2(name, NULL) & m;
    while (st->hsec[i] && strcmp(st->s[st->hsec[i] - 1].name, name) != 0)
        i = (i + 1) & m;
    return i;
}

static int add_section(hs_inifile *st, const char *name, int line)
{
    if (st->ns == st->scap) {
        int cap = st->scap ? 2 * st->scap : 16;
        hs_inifile_section *p = realloc(st->s, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        st->s = p;
        st->scap = cap;
    }
    char *nm = dup_range(name, strlen(name));
    if (!nm)
        return -1;
    st->s[st->ns].name = nm;
    st->s[st->ns].file = st->name;
    st->s[st->ns].line = line;
    st->ns++;
    size_t slot = sec_slot(st, nm);
    if (!st->hsec[slot])
        st->hsec[slot] = st->ns;
    return 0;
}

/* Check one physical line; 1 if libinih may see it, 0 if it was replaced. */
static int check_line(reader *r, const char *a, size_t n)
{
    if (n == 0 || a[0] == ';' || a[0] == '#')
        return 1;
    if (a[0] == '[') {
        const char *close = memchr(a, ']', n);
        if (!close) {
            err(r, "section header without ']'; expected [NAME]");
            return 0;
        }
        for (const char *q = close + 1; q < a + n; q++) {
            if (*q == ';' || *q == '#')
                break;
            if (!is_space(*q)) {
                err(r, "text after section header; expected only [NAME] and an optional ; comment");
                return 0;
            }
        }
        char name[HS_INIFILE_LINE_MAX + 4];
        normalise(a + 1, (size_t)(close - a - 1), name, sizeof name);
        if (name[0] == '\0') {
            err(r, "empty section name; expected [NAME]");
            return 0;
        }
        int first = r->st->hsec[sec_slot(r->st, name)];
        if (first)
            err(r, "duplicate section [%s] (first at line %d); expected each section once", name,
                r->st->s[first - 1].line);
        if (add_section(r->st, name, r->line))
            r->st->oom = 1;
        memcpy(r->section, name, strlen(name) + 1);
        r->in_section = 1;
        return 1;
    }
    const char *eq = memchr(a, '=', n);
    const char *colon = memchr(a, ':', n);
    if (!eq) {
        err(r, "line is not KEY = VALUE; expected KEY = VALUE, a [section] header or a ; comment");
        return 0;
    }
    if (colon && colon < eq) {
        err(r, "':' in a key; expected KEY = VALUE with the '=' first");
        return 0;
    }
    size_t klen = (size_t)(eq - a);
    while (klen > 0 && is_space(a[klen - 1]))
        klen--;
    if (klen == 0) {
        err(r, "empty key; expected KEY = VALUE");
        return 0;
    }
    if (!r->in_section) {
        err(r, "key outside any section; expected a [section] header first");
        return 0;
    }
    return 1;
}

/* fgets-style reader over the in-memory text. */
static char *read_line(char *str, int num, void *stream)
{
    reader *r = stream;
    hs_inifile *st = r->st;
    if (r->pos >= st->len)
        return NULL;
    const char *a = st->text + r->pos;
    const char *nl = memchr(a, '\n', st->len - r->pos);
    size_t n = nl ? (size_t)(nl - a) : st->len - r->pos;
    r->pos += n + (nl ? 1 : 0);
    r->line++;
    if (r->line == 1 && n >= 3 && memcmp(a, "\xEF\xBB\xBF", 3) == 0) {
        a += 3;
        n -= 3;
    }
    if (n > 0 && a[n - 1] == '\r')
        n--;
    size_t limit = HS_INIFILE_LINE_MAX;
    if (num > 3 && (size_t)(num - 3) < limit)
        limit = (size_t)(num - 3);
    if (n > limit) {
        err(r, "line is %zu characters long; expected at most %zu characters per line", n, limit);
        n = 0;
    }
    while (n > 0 && is_space(*a)) {
        a++;
        n--;
    }
    if (!check_line(r, a, n))
        n = 0;
    if (num < 2)
        return NULL;
    if (n > (size_t)num - 2)
        n = (size_t)num - 2;
    memcpy(str, a, n);
    str[n] = '\n';
    str[n + 1] = '\0';
    return str;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
    (void)section;
    reader *r = user;
    hs_inifile *st = r->st;
    const char *sec = r->section;
    size_t slot = key_slot(st, sec, name);
    if (st->hkey[slot]) {
        err(r, "duplicate key '%s' in [%s] (first at line %d); expected each key once per section",
            name, sec, st->e[st->hkey[slot] - 1].line);
        return 1;
    }
    if (st->n == st->cap) {
        int cap = st->cap ? 2 * st->cap : 32;
        hs_inifile_entry *p = realloc(st->e, (size_t)cap * sizeof *p);
        if (!p) {
            st->oom = 1;
            return 0;
        }
        st->e = p;
        st->cap = cap;
    }
    hs_inifile_entry *e = &st->e[st->n];
    e->section = dup_range(sec, strlen(sec));
    e->key = dup_range(name, strlen(name));
    e->value = dup_range(value, strlen(value));
    e->file = st->name;
    e->line = r->line;
    if (!e->section || !e->key || !e->value) {
        free((char *)e->section);
        free((char *)e->key);
        free((char *)e->value);
        st->oom = 1;
        return 0;
    }
    st->n++;
    st->hkey[slot] = st->n;
    return 1;
}

void hs_inifile_free(hs_inifile *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->n; i++) {
        free((char *)s->e[i].section);
        free((char *)s->e[i].key);
        free((char *)s->e[i].value);
    }
    for (int i = 0; i < s->ns; i++)
        free((char *)s->s[i].name);
    free(s->e);
    free(s->s);
    free(s->hkey);
    free(s->hsec);
    free(s->text);
    free(s->name);
    free(s);
}

int hs_inifile_parse(const char *name, const char *text, size_t len, hs_inifile **out,
                     hs_errs *errs)
{
    *out = NULL;
    if (!name)
        name = "(string)";
    hs_inifile *st = calloc(1, sizeof *st);
    if (!st) {
        hs_errs_add(errs, name, 0, "out of memory; expected to read the file");
        return -1;
    }
    st->name = dup_range(name, strlen(name));
    st->text = dup_range(text ? text : "", text ? len : 0);
    st->len = text ? len : 0;
    if (!st->name || !st->text) {
        hs_inifile_free(st);
        hs_errs_add(errs, name, 0, "out of memory; expected to read the file");
        return -1;
    }
    const char *nul = memchr(st->text, '\0', st->len);
    if (nul) {
        int line = 1;
        for (const char *q = st->text; q < nul; q++)
            line += *q == '\n';
        hs_errs_add(errs, name, line, "NUL byte (binary file?); expected a text INI file");
        *out = st;
        return -1;
    }
    size_t lines = 1;
    for (const char *q = st->text; (q = memchr(q, '\n', st->len - (size_t)(q - st->text))); q++)
        lines++;
    st->hcap = 16;
    while (st->hcap < 2 * lines)
        st->hcap *= 2;
    st->hkey = calloc(st->hcap, sizeof *st->hkey);
    st->hsec = calloc(st->hcap, sizeof *st->hsec);
    if (!st->hkey || !st->hsec) {
        hs_inifile_free(st);
        hs_errs_add(errs, name, 0, "out of memory; expected to read the file");
        return -1;
    }
    reader r;
    memset(&r, 0, sizeof r);
    r.st = st;
    r.errs = errs;
    ini_parse_stream(read_line, &r, handler, &r);
    if (st->oom) {
        hs_errs_add(errs, name, r.line, "out of memory; expected to read the file");
        r.nerr++;
    }
    if (r.nerr == 0 && st->n == 0 && st->ns == 0) {
        hs_errs_add(errs, name, 0, "empty file; expected [section] headers and KEY = VALUE lines");
        r.nerr++;
    }
    *out = st;
    return r.nerr ? -1 : 0;
}

int hs_inifile_read(const char *path, hs_inifile **out, hs_errs *errs)
{
    *out = NULL;
    char why[256];
    size_t len = 0;
    char *buf = hs_fileio_slurp(path, (size_t)HS_INIFILE_SIZE_MAX, &len, why, sizeof why);
    if (!buf) {
        if (errno == EFBIG)
            hs_errs_add(errs, path, 0, "file is larger than %d bytes; expected a small INI file",
                        HS_INIFILE_SIZE_MAX);
        else
            hs_errs_add(errs, path, 0, "%s; expected a readable INI file", why);
        return -1;
    }
    int rc = hs_inifile_parse(path, buf, len, out, errs);
    free(buf);
    return rc;
}

int hs_inifile_nentries(const hs_inifile *s)
{
    return s ? s->n : 0;
}

const hs_inifile_entry *hs_inifile_entry_at(const hs_inifile *s, int i)
{
    return (s && i >= 0 && i < s->n) ? &s->e[i] : NULL;
}

int hs_inifile_nsections(const hs_inifile *s)
{
    return s ? s->ns : 0;
}

const hs_inifile_section *hs_inifile_section_at(const hs_inifile *s, int i)
{
    return (s && i >= 0 && i < s->ns) ? &s->s[i] : NULL;
}

const hs_inifile_entry *hs_inifile_find(const hs_inifile *s, const char *section, const char *key)
{
    if (!s || !s->hkey)
        return NULL;
    int k = s->hkey[key_slot(s, section, key)];
    return k ? &s->e[k - 1] : NULL;
}

const char *hs_inifile_name(const hs_inifile *s)
{
    return s ? s->name : NULL;
}

const char *hs_inifile_text(const hs_inifile *s, size_t *len)
{
    if (!s)
        return NULL;
    if (len)
        *len = s->len;
    return s->text;
}
