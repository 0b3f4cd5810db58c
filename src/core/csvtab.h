/* csvtab.h — a CSV table read whole into memory with libcsv.
 *
 * Format: RFC 4180-style. The first record is the header (column names,
 * unique, non-empty). Fields may be quoted ("a,b", "say ""hi"""), records end
 * in LF, CRLF or CR, blank lines are skipped, a UTF-8 byte-order mark is
 * ignored, spaces and tabs around unquoted fields are trimmed. Every data
 * record must have as many fields as the header.
 *
 * Every cell is kept as text; hs_csvtab_num() parses one as a number.
 * Each data row remembers the physical file line where its record starts, so
 * callers can report "FILE:LINE: message".
 */
#ifndef HS_CSVTAB_H
#define HS_CSVTAB_H

#include <stddef.h>

#include "errs.h"

typedef struct hs_csvtab hs_csvtab;

/* Read the CSV file `path`. Returns 0 and sets *out (free with
 * hs_csvtab_free) on success; otherwise appends every error found to errs
 * (errs.h rule 1; errs may be NULL), sets *out = NULL and returns -1. Each
 * error is "PATH:LINE: message", or "PATH: message" for the file as a whole
 * (cannot open, read error); after 20 in one file a "too many errors,
 * stopping reports" line ends them. An empty file (no header) is an error; a
 * header with no data rows is not. */
int hs_csvtab_read(const char *path, hs_csvtab **out, hs_errs *errs);
void hs_csvtab_free(hs_csvtab *t); /* NULL is a no-op */

const char *hs_csvtab_path(const hs_csvtab *t);
size_t hs_csvtab_nrows(const hs_csvtab *t); /* data rows, header excluded */
int hs_csvtab_ncols(const hs_csvtab *t);
const char *hs_csvtab_colname(const hs_csvtab *t, int col);
/* Column index of the header name `name` (exact match), or -1. */
int hs_csvtab_col(const hs_csvtab *t, const char *name);
/* 1-based file line where data row `row` (0-based) starts; the header's line
 * is hs_csvtab_line(t, (size_t)-1). */
long hs_csvtab_line(const hs_csvtab *t, size_t row);
/* Text of a cell (NUL-terminated, owned by the table; "" for an empty field). */
const char *hs_csvtab_cell(const hs_csvtab *t, size_t row, int col);

/* Parse cell (row, col) as a finite decimal number (strtod, whole field).
 * Returns 0 and sets *x, or -1 and writes "column 'NAME': expected a finite
 * number, got 'TEXT'" into msg (msglen bytes; msg may be NULL); the caller
 * puts it on its FILE:LINE (hs_csvtab_path, hs_csvtab_line). */
int hs_csvtab_num(const hs_csvtab *t, size_t row, int col, double *x, char *msg, size_t msglen);

#endif
