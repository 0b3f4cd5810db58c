/* guyot.h — individual patient data reconstructed from a digitised
 * Kaplan-Meier curve and its numbers-at-risk table (Guyot, Ades, Ouwens,
 * Welton 2012, BMC Med Res Methodol 12:9).
 */
#ifndef HS_GUYOT_H
#define HS_GUYOT_H

#include <stddef.h>

/* Reconstructed patients: time (months) and event (1) / censored (0). */
typedef struct hs_guyot_ipd {
    size_t n;
    double *time;
    int *event;
} hs_guyot_ipd;

void hs_guyot_free(hs_guyot_ipd *ipd); /* NULL is a no-op */

/* Reconstruct from npts digitised points (t[k], s[k]) (t non-decreasing,
 * >= 0; s in [0, 1]; rises of s up to 0.02 from digitising are flattened,
 * larger ones are errors; (0, 1) is prepended if the first t > 0) and a
 * risk table of nint rows (trisk[i], nrisk[i]) with trisk[0] = 0,
 * trisk increasing, nrisk[0] >= 1 and non-increasing. total_events < 0 means
 * unknown. Returns a new hs_guyot_ipd with nrisk[0] patients, or NULL with
 * what is wrong in err (errlen bytes, err may be NULL) and, when a point or
 * row is at fault, its 0-based index in *bad (else -1); *bad_is_risk tells
 * which table. */
hs_guyot_ipd *hs_guyot_reconstruct(const double *t, const double *s, int npts,
                                   const double *trisk, const int *nrisk, int nint,
                                   long total_events, char *err, size_t errlen, int *bad,
                                   int *bad_is_risk);

#endif
