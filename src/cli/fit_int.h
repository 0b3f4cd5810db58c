/* fit_int.h — internals of `hifusim fit` shared by fitcmd.c (options, main),
 * fit_ipd.c (--ipd: patient data, maximum likelihood, model file and JSON),
 * fit_landmarks.c (--landmarks) and fit_reconstruct.c (--reconstruct).
 * Each workflow returns the exit code: 0, 1 (runtime failure) or 2 (input
 * errors, appended to errs or printed). */
#ifndef HS_FIT_INT_H
#define HS_FIT_INT_H

#include <stddef.h>
#include <stdio.h>

#include "errs.h"
#include "fit.h"
#include "hazard.h"

#define MAXEFF 64

typedef struct opts {
    const char *ipd, *timecol, *eventcol, *landmarks, *recon, *atrisk, *outipd, *out, *json;
    const char *family, *form, *cuts, *cohort, *source, *median_s, *events_s;
    const char *n_s, *nrisk_s, *nsource; /* --n, --n-at-risk, --n-source (--landmarks) */
    const char *cov[HS_FIT_PMAX];
    int ncov;
    const char *eff[MAXEFF];
    int neff;
} opts;

typedef struct ipd {
    size_t n;
    double *t, *x;
    int *e;
    int p;
    char names[HS_FIT_PMAX][HS_FIT_NAMELEN];
    const char *np[HS_FIT_PMAX];
    int is_level[HS_FIT_PMAX]; /* column j is COV.LEVEL */
} ipd;

/* fitcmd.c: a whole-string number (cfgval rules): 0 or -1. */
int hs_fitcmd_num(const char *s, double *x);
/* fitcmd.c: today's date (UTC) as YYYY-MM-DD. */
void hs_fitcmd_today(char *buf, size_t n);
/* fitcmd.c: the family's default effect form, and whether a model file
 * accepts form e for family f (the family table). */
int hs_fitcmd_default_form(hs_family f);
int hs_fitcmd_form_ok(hs_family f, hs_effect e);
/* fitcmd.c: write text atomically; 0, or prints the failure and returns -1. */
int hs_fitcmd_commit(const char *path, char *text, size_t len);

/* fit_ipd.c: read --ipd into d (errors to errs): 0 or -1; free d either way. */
int hs_fit_ipd_read(const opts *o, ipd *d, hs_errs *errs);
void hs_fit_ipd_free(ipd *d);
/* fit_ipd.c: fit one family or all (ranked by AIC); write --out and --json.
 * data and method are the provenance lines of the model file. */
int hs_fit_ipd_run(const opts *o, ipd *d, hs_family fam, int all, int form_given, hs_effect form,
                   const double *cuts, int ncuts, const char *data, const char *method);
/* fit_landmarks.c: calibrate fam to --landmarks (and --median, --cohort). */
int hs_fit_landmarks_run(const opts *o, hs_family fam, int form_given, hs_effect form, const double *cuts,
                         int ncuts, hs_errs *errs);
/* fit_reconstruct.c: Guyot reconstruction, --out-ipd, and a fit with --family. */
int hs_fit_reconstruct_run(const opts *o, int fam_given, hs_family fam, int form_given, hs_effect form,
                           const double *cuts, int ncuts, hs_errs *errs);

#endif
