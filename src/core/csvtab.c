/* csvtab.c — see csvtab.h. Parsing by libcsv (strict mode), fed one physical
 * line at a time so that each record knows the line it starts on. */
#include "csvtab.h"

#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileio.h"

#define HS_CSVTAB_MAXERR 20

struct hs_csvtab {
    char *path;
    int ncols;
    size_t nrows;
    char *text;    /* all cells, NUL-separated */
    size_t *cell;  /* (nrows + 1) * ncols offsets into text; header first */
    long *line;    /* nrows + 1 start lines; header first */
};

typedef struct rdstate {
    hs_csvtab *t;
    size_t textlen, textcap;
    size_t ncell, cellcap;  /* cells stored (complete rows only) */
    size_t nrec, reccap;    /* records stored, header included */
    size_t rowfields;       /* fields seen in the current record */
    long cur_line;          /* line being fed */
    long rec_line;          /* start line of the current record */
    int in_record;
    int nerr;
    int oom;
    hs_errs *errs;
} rdstate;

static void report(rdstate *s, long line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* One error of the file: "PATH:LINE: message", or "PATH: message" when line
 * is 0 (the file as a whole: cannot open, read error). The HS_CSVTAB_MAXERR-th
 * says that reports stop; later ones are only counted. */
static void report(rdstate *s, long line, const char *fmt, ...)
{
    s->nerr++;
    if (s->nerr > HS_CSVTAB_MAXERR || !s->errs)
        return;
    int ln = line > INT_MAX ? INT_MAX : (int)line;
    if (s->nerr == HS_CSVTAB_MAXERR) {
        hs_errs_add(s->errs, s->t->path, ln, "too many errors, stopping reports");
        return;
    }
    va_list ap;
    va_start(ap, fmt);
    hs_errs_vadd(s->errs, s->t->path, ln, fmt, ap);
    va_end(ap);
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 64;
    while (nc < need)
        nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static void on_field(void *field, size_t len, void *data)
{
    rdstate *s = data;
    hs_csvtab *t = s->t;
    if (s->oom)
        return;
    s->rowfields++;
    /* Header: any number of fields. Data: keep only up to ncols (extra is an error later). */
    if (s->nrec > 0 && s->rowfields > (size_t)t->ncols)
        return;
    if (grow((void **)&t->text, &s->textcap, s->textlen + len + 1, 1) ||
        grow((void **)&t->cell, &s->cellcap, s->ncell + 1, sizeof *t->cell)) {
        s->oom = 1;
        return;
    }
    if (len)
        memcpy(t->text + s->textlen, field, len);
    t->text[s->textlen + len] = '\0';
    t->cell[s->ncell++] = s->textlen;
    s->textlen += len + 1;
}

static void on_record(int c, void *data)
{
    rdstate *s = data;
    hs_csvtab *t = s->t;
    (void)c;
    size_t nf = s->rowfields;
    s->rowfields = 0;
    s->in_record = 0;
    if (s->oom)
        return;
    if (s->nrec == 0) {
        if (nf > 100000) {
            report(s, s->rec_line, "header has too many columns (%zu)", nf);
            return;
        }
        t->ncols = (int)nf;
    } else if (nf != (size_t)t->ncols) {
        report(s, s->rec_line, "expected %d fields as in the header, got %zu", t->ncols, nf);
        size_t keep = nf < (size_t)t->ncols ? nf : (size_t)t->ncols;
        s->ncell -= keep; /* drop the partial row */
        return;
    }
    if (grow((void **)&t->line, &s->reccap, s->nrec + 1, sizeof *t->line)) {
        s->oom = 1;
        return;
    }
    t->line[s->nrec++] = s->rec_line;
}

static int only_eol(const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (b[i] != '\r' && b[i] != '\n')
            return 0;
    return 1;
}

static void check_header(rdstate *s)
{
    hs_csvtab *t = s->t;
    for (int j = 0; j < t->ncols; j++) {
        const char *nm = t->text + t->cell[j];
        if (!*nm)
            report(s, t->line[0], "header: column %d has an empty name", j + 1);
        for (int k = 0; k < j; k++)
            if (!strcmp(nm, t->text + t->cell[k]))
                report(s, t->line[0], "header: duplicate column name '%.80s' (columns %d and %d)", nm, k + 1, j + 1);
    }
}

int hs_csvtab_read(const char *path, hs_csvtab **out, hs_errs *errs)
{
    *out = NULL;
    hs_csvtab *t = calloc(1, sizeof *t);
    if (!t || !(t->path = strdup(path))) {
        free(t);
        hs_errs_add(errs, path, 0, "out of memory");
        return -1;
    }
    rdstate s = {0};
    s.t = t;
    s.errs = errs;

    size_t fsize = 0;
    int fd = hs_fileio_open_regular(path, &fsize);
    FILE *f = NULL;
    if (fd >= 0 && fsize > HS_FILEIO_CSV_MAX) {
        close(fd);
        fd = -1;
        errno = EFBIG;
    }
    if (fd >= 0 && !(f = fdopen(fd, "rb"))) {
        int e = errno;
        close(fd);
        errno = e;
    }
    if (!f) {
        int e = errno;
        if (e == EISDIR)
            report(&s, 0, "read error (Is a directory); expected a regular CSV file");
        else if (e == HS_FILEIO_ENOTREG)
            report(&s, 0, "%s; expected a regular CSV file", hs_fileio_strerror(e));
        else if (e == EFBIG)
            report(&s, 0, "file is larger than %zu bytes; expected a CSV file of at most 1 GiB",
                   HS_FILEIO_CSV_MAX);
        else
            report(&s, 0, "cannot open: %s", strerror(e));
        hs_csvtab_free(t);
        return -1;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        fclose(f);
        report(&s, 0, "cannot initialise the CSV parser");
        hs_csvtab_free(t);
        return -1;
    }
    char *buf = NULL;
    size_t bufcap = 0;
    ssize_t got;
    int parse_failed = 0;
    size_t total = 0;
    while (!parse_failed && (got = getline(&buf, &bufcap, f)) > 0) {
        size_t n = (size_t)got;
        char *b = buf;
        total += n;
        if (total > HS_FILEIO_CSV_MAX) { /* the file grew while being read */
            report(&s, 0, "file is larger than %zu bytes; expected a CSV file of at most 1 GiB",
                   HS_FILEIO_CSV_MAX);
            parse_failed = 1;
            break;
        }
        s.cur_line++;
        if (s.cur_line == 1 && n >= 3 && (unsigned char)b[0] == 0xEF && (unsigned char)b[1] == 0xBB &&
            (unsigned char)b[2] == 0xBF) {
            b += 3;
            n -= 3;
        }
        if (memchr(b, '\0', n)) {
            report(&s, s.cur_line, "NUL byte (binary file?); expected a text CSV file");
            parse_failed = 1;
            break;
        }
        if (!s.in_record && !only_eol(b, n)) {
            s.in_record = 1;
            s.rec_line = s.cur_line;
        }
        if (csv_parse(&p, b, n, on_field, on_record, &s) != n) {
            report(&s, s.cur_line, "%s", csv_strerror(csv_error(&p)));
            parse_failed = 1;
        }
    }
    int rerr = ferror(f) ? errno : 0;
    free(buf);
    fclose(f);
    if (!parse_failed && csv_fini(&p, on_field, on_record, &s) != 0)
        report(&s, s.rec_line, "%s (unterminated quoted field?)", csv_strerror(csv_error(&p)));
    csv_free(&p);
    if (rerr)
        report(&s, s.cur_line, "read error (%s); expected a readable CSV file", strerror(rerr));
    if (s.oom)
        report(&s, s.cur_line, "out of memory");
    if (!s.nerr && s.nrec == 0)
        report(&s, 1, "empty file: expected a header row");
    if (!s.nerr)
        check_header(&s);
    if (s.nerr) {
        hs_csvtab_free(t);
        return -1;
    }
    t->nrows = s.nrec - 1;
    *out = t;
    return 0;
}

void hs_csvtab_free(hs_csvtab *t)
{
    if (!t)
        return;
    free(t->path);
    free(t->text);
    free(t->cell);
    free(t->line);
    free(t);
}

const char *hs_csvtab_path(const hs_csvtab *t) { return t->path; }
size_t hs_csvtab_nrows(const hs_csvtab *t) { return t->nrows; }
int hs_csvtab_ncols(const hs_csvtab *t) { return t->ncols; }

const char *hs_csvtab_colname(const hs_csvtab *t, int col)
{
    if (col < 0 || col >= t->ncols)
        return NULL;
    return t->text + t->cell[col];
}

int hs_csvtab_col(const hs_csvtab *t, const char *name)
{
    for (int j = 0; j < t->ncols; j++)
        if (!strcmp(name, t->text + t->cell[j]))
            return j;
    return -1;
}

long hs_csvtab_line(const hs_csvtab *t, size_t row)
{
    if (row == (size_t)-1)
        return t->line[0];
    return row < t->nrows ? t->line[row + 1] : 0;
}

const char *hs_csvtab_cell(const hs_csvtab *t, size_t row, int col)
{
    if (row >= t->nrows || col < 0 || col >= t->ncols)
        return NULL;
    return t->text + t->cell[(row + 1) * (size_t)t->ncols + (size_t)col];
}

int hs_csvtab_num(const hs_csvtab *t, size_t row, int col, double *x, char *msg, size_t msglen)
{
    const char *c = hs_csvtab_cell(t, row, col);
    if (!c)
        return -1;
    char *end = NULL;
    errno = 0;
    double v = strtod(c, &end);
    if (*c && end != c && *end == '\0' && isfinite(v)) {
        *x = v;
        return 0;
    }
    if (msg && msglen) {
        if (!*c)
            snprintf(msg, msglen, "column '%s': expected a number, got an empty field", hs_csvtab_colname(t, col));
        else
            snprintf(msg, msglen, "column '%s': expected a finite number, got '%.60s'", hs_csvtab_colname(t, col),
                     c);
    }
    return -1;
}
