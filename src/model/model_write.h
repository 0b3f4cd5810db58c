/* model_write.h — the text of a model file's [model] section, written from
 * a hazard with the family table's keys (hazard.h), so that model.c reads
 * back the same model (to the printed precision: %.10g for parameters, %g
 * cut points and %.8g rates for piecewise). */
#ifndef HS_MODEL_WRITE_H
#define HS_MODEL_WRITE_H

#include <stdio.h>

#include "hazard.h"

/* "[model]", family, its parameters and effect, one "key = value" line each. */
void hs_model_write_section(FILE *f, const hs_hazard *m);

#endif
