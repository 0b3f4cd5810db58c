/* model_write.h — the text of a model file's [model] section, written from
 * a hazard with the family table's keys (hazard.h), so that model.c reads
 * back the same model (to the printed precision: %.10g for parameters, %g
 * cut points and %.8g rates for piecewise). */
#ifndef HS_MODEL_WRITE_H
#define HS_MODEL_WRITE_H

#include <stdio.h>

#include "fit.h"
#include "hazard.h"
#include "model.h"

/* "[model]", family, its parameters and effect, one "key = value" line each. */
void hs_model_write_section(FILE *f, const hs_hazard *m);

/* "[covariance]" (model.h) of c: the ncomment lines of comment, each
 * prefixed "; ", then method (c->source, if not ""), n (if c->n > 0),
 * p1..pK and the lower triangle cI.J in %.17g (reads back bit-exact). */
void hs_model_write_covar(FILE *f, const hs_model_covar *c, const char *const *comment, int ncomment);

/* The covariance of a maximum-likelihood fit (r->vcov, the inverse observed
 * information) as a model file's [covariance]: the baseline parameters
 * (named as model.h says, from r->model) and the design columns j with
 * keep[j] != 0 (keep NULL: all), named r->names[nbase + j]. Dropping a
 * column (a numeric covariate that [effects] cannot hold) leaves the
 * marginal covariance of the rest, which is the submatrix. method "ipd",
 * n = r->n. Returns 0, or -1 if a name is too long (HS_COVAR_NAME) or there
 * are more than HS_COVAR_MAX parameters. */
int hs_model_covar_from_fit(const hs_fit_result *r, const int *keep, hs_model_covar *out);

#endif
