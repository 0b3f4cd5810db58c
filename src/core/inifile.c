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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct hs_inifile {
    char *name;
    char *text;
    size_t len;
    int n, cap;
    hs_inifile_entry *e;
    int ns, scap;
    hs_inifile_section *s;
    int oom;
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
        for (int i = 0; i < r->st->ns; i++) {
            if (strcmp(r->st->s[i].name, name) == 0) {
                err(r, "duplicate section [%s] (first at line %d); expected each section once",
                    name, r->st->s[i].line);
                break;
            }
        }
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
    for (int i = 0; i < st->n; i++) {
        if (strcmp(st->e[i].section, sec) == 0 && strcmp(st->e[i].key, name) == 0) {
            err(r, "duplicate key '%s' in [%s] (first at line %d); expected each key once per section",
                name, sec, st->e[i].line);
            return 1;
        }
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
    FILE *f = fopen(path, "rb");
    if (!f) {
        hs_errs_add(errs, path, 0, "cannot open (%s); expected a readable INI file", strerror(errno));
        return -1;
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        if (len == cap) {
            if (cap >= (size_t)HS_INIFILE_SIZE_MAX) {
                rc = 1;
                break;
            }
            cap *= 2;
            char *p = realloc(buf, cap);
            if (!p) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = p;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) {
            if (ferror(f))
                rc = 2;
            break;
        }
    }
    int saved = errno;
    fclose(f);
    if (!buf) {
        hs_errs_add(errs, path, 0, "out of memory; expected to read the file");
        return -1;
    }
    if (rc == 1 || len > (size_t)HS_INIFILE_SIZE_MAX) {
        free(buf);
        hs_errs_add(errs, path, 0, "file is larger than %d bytes; expected a small INI file",
                    HS_INIFILE_SIZE_MAX);
        return -1;
    }
    if (rc == 2) {
        free(buf);
        hs_errs_add(errs, path, 0, "read error (%s); expected a readable INI file",
                    strerror(saved));
        return -1;
    }
    rc = hs_inifile_parse(path, buf, len, out, errs);
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
    if (!s)
        return NULL;
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->e[i].section, section) == 0 && strcmp(s->e[i].key, key) == 0)
            return &s->e[i];
    return NULL;
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
