/* patients.h — a patient CSV (one row per patient, header of column names)
 * read through csvtab.c into named, typed columns with missing-value masks,
 * for `analyze` and `fit` (and any CSV of numbers by column name).
 *
 * A cell is missing when it is empty, "NA" (R's write.csv) or "." (SAS,
 * Stata); a number is a whole cell strtod reads as a finite value (so no
 * missing cell is a number). A column is numeric when every non-missing cell
 * is a number. Whether missing cells are allowed is the caller's rule:
 * `analyze` drops their rows, `fit` refuses them (hs_patients_need_num).
 * Errors are "FILE:LINE: message" lines appended to an hs_errs list.
 */
#ifndef HS_PATIENTS_H
#define HS_PATIENTS_H

#include <stddef.h>

#include "errs.h"

typedef struct hs_patients hs_patients;

typedef struct hs_pcol {
    const char *name;          /* header name */
    int index;                 /* column index in the file (0-based) */
    int numeric;               /* every non-missing cell is a number */
    size_t nmiss;              /* missing cells */
    const char *const *text;   /* cell text by row (owned by the table) */
    const double *num;         /* value by row; NAN where missing or not a number */
    const unsigned char *miss; /* 1 where the cell is missing */
} hs_pcol;

/* Read the CSV at path. Returns 0 and sets *out (free with
 * hs_patients_free), or -1 with every error of the file appended to errs
 * and *out = NULL. A header without rows is not an error here. */
int hs_patients_read(const char *path, hs_patients **out, hs_errs *errs);
void hs_patients_free(hs_patients *p); /* NULL is a no-op */

const char *hs_patients_path(const hs_patients *p);
size_t hs_patients_nrows(const hs_patients *p);
/* 1-based file line of data row `row`; the header's for row = (size_t)-1. */
long hs_patients_line(const hs_patients *p, size_t row);

/* The column named `name` (exact match), typed on first use; NULL when the
 * header has no such name or memory runs out (*nomem set to 1 then; nomem
 * may be NULL). The caller words the error. */
const hs_pcol *hs_patients_col(hs_patients *p, const char *name, int *nomem);

/* 1 when the text s is a missing value (empty, NA or .). */
int hs_patients_ismissing(const char *s);
/* 1 and *x (x may be NULL) when s is a whole finite number, else 0. */
int hs_patients_isnum(const char *s, double *x);

/* Cell (row) of c as a number: 0 and *x, or -1 with "FILE:LINE: column
 * 'NAME': expected a number, got ..." appended to errs. */
int hs_patients_need_num(const hs_patients *p, const hs_pcol *c, size_t row, double *x, hs_errs *errs);

#endif
