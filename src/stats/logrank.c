/* logrank.c — weighted log-rank tests.
 *
 * At each distinct event time t_j of a stratum, with n_gj at risk and d_gj
 * events in group g, N_j = sum_g n_gj, D_j = sum_g d_gj, and weight
 *   w_j = S(t_j-)^rho (1 - S(t_j-))^gamma        (Fleming & Harrington 1982,
 *                                                Biometrika 69:553; S = pooled KM)
 *   O_g += w_j d_gj,  E_g += w_j D_j n_gj / N_j,
 *   V_gh += w_j^2 D_j (N_j - D_j) / (N_j - 1) * (n_gj / N_j) (delta_gh - n_hj / N_j)
 * summed over times and strata (Mantel 1966; Peto & Peto 1972). Test:
 *   chisq = (O - E)' V^-1 (O - E) over the groups with E > 0 except the first,
 * df = (number of groups with E > 0) - 1, as R's survdiff.
 */
#include "logrank.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

/* Solve A x = b (m x m, row-major, overwritten) by Gaussian elimination with
 * partial pivoting. Returns 0, or -1 if singular. */
static int solve_small(double *a, double *b, int m)
{
    for (int c = 0; c < m; c++) {
        int piv = c;
        for (int r = c + 1; r < m; r++)
            if (fabs(a[r * m + c]) > fabs(a[piv * m + c]))
                piv = r;
        if (!(fabs(a[piv * m + c]) > 0))
            return -1;
        if (piv != c) {
            for (int k = 0; k < m; k++) {
                double tmp = a[c * m + k];
                a[c * m + k] = a[piv * m + k];
                a[piv * m + k] = tmp;
            }
            double tb = b[c];
            b[c] = b[piv];
            b[piv] = tb;
        }
        for (int r = c + 1; r < m; r++) {
            double f = a[r * m + c] / a[c * m + c];
            if (f == 0)
                continue;
            for (int k = c; k < m; k++)
                a[r * m + k] -= f * a[c * m + k];
            b[r] -= f * b[c];
        }
    }
    for (int c = m - 1; c >= 0; c--) {
        double s = b[c];
        for (int k = c + 1; k < m; k++)
            s -= a[c * m + k] * b[k];
        b[c] = s / a[c * m + c];
    }
    return 0;
}

/* One distinct time of a two-group log-rank: d0, d1 events among ntot at
 * risk, n1 of them in group 1 (the same sums in the same order on every
 * path, so the z is bit-identical whichever path runs). */
static inline void add_time(int d0, int d1, double n1, double ntot, double o[2], double e[2], double *v11)
{
    const int dt = d0 + d1;
    if (dt > 0) {
        const double dd = (double)dt;
        o[0] += d0;
        o[1] += d1;
        if (dt == 1) { /* untied, the usual case: the same numbers with two
                        * divisions of four, since dd * x = x and
                        * (ntot - 1) / (ntot - 1) = 1 exactly */
            const double q = n1 / ntot;
            e[1] += q;
            e[0] += (ntot - n1) / ntot;
            if (ntot > 1)
                *v11 += q * (1.0 - q);
            return;
        }
        e[1] += dd * n1 / ntot;
        e[0] += dd * (ntot - n1) / ntot;
        if (ntot > 1)
            *v11 += dd * (ntot - dd) / (ntot - 1) * (n1 / ntot) * (1.0 - n1 / ntot);
    }
}

/* The unweighted two-group test, the simulator's case: the same sums with
 * scalars (group 1's O, E and V11; V = [[V11, -V11], [-V11, V11]]). */
static void two_groups(const hs_survdata *w, hs_logrank_result *r)
{
    const double *t = w->t;
    const int *d = w->d, *g = w->g, *so = w->so;
    double o[2] = {0, 0}, e[2] = {0, 0}, v11 = 0;
    if (w->nstrata == 1) { /* records in time order: no so[] */
        /* first the event times' rows (d0, d1, n1, ntot) into w->buf, in a
         * pass without a branch on whether a time has an event (a coin toss
         * a CPU cannot predict), then the sums over those rows */
        double n1 = (double)w->ng[1], ntot = (double)w->n;
        const int n = w->n;
        double *row = w->buf;
        int ne = 0, i = 0;
        if (!w->tied) { /* every record its own time: a row per event, at
                      * slot ne, which moves on only for events */
            int n1i = w->ng[1];
            for (; i < n; i++) {
                const int gi = g[i], di = d[i];
                double *r4 = row + 4 * ne;
                r4[0] = di & (gi ^ 1);
                r4[1] = di & gi;
                r4[2] = n1i;
                r4[3] = n - i;
                ne += di;
                n1i -= gi;
            }
        }
        while (i < n) {
            const double tj = t[i];
            int d0 = 0, d1 = 0, c1 = 0, ct = 0;
            for (; i < n && t[i] == tj; i++) {
                const int gi = g[i];
                c1 += gi;
                ct++;
                d1 += d[i] & gi;
                d0 += d[i] & !gi;
            }
            double *r4 = row + 4 * ne;
            r4[0] = d0;
            r4[1] = d1;
            r4[2] = n1;
            r4[3] = ntot;
            ne += d0 + d1 > 0;
            n1 -= c1;
            ntot -= ct;
        }
        for (int k = 0; k < ne; k++) {
            const double *r4 = row + 4 * k;
            add_time((int)r4[0], (int)r4[1], r4[2], r4[3], o, e, &v11);
        }
    }
    for (int k = 0; k < w->nstrata && w->nstrata > 1; k++) {
        const int lo = w->sstart[k], hi = w->sstart[k + 1];
        double n1 = 0;
        for (int i = lo; i < hi; i++)
            n1 += g[so[i]];
        double ntot = (double)(hi - lo);
        int i = lo;
        while (i < hi) {
            const double tj = t[so[i]];
            int d0 = 0, d1 = 0, c1 = 0, ct = 0;
            for (; i < hi && t[so[i]] == tj; i++) {
                const int rec = so[i], gi = g[rec];
                c1 += gi;
                ct++;
                d1 += d[rec] & gi;
                d0 += d[rec] & !gi;
            }
            add_time(d0, d1, n1, ntot, o, e, &v11);
            n1 -= c1;
            ntot -= ct;
        }
    }
    for (int a = 0; a < 2; a++) {
        r->o[a] = o[a];
        r->e[a] = e[a];
    }
    r->df = (e[0] > 0) + (e[1] > 0) - 1;
    r->z = v11 > 0 ? (o[1] - e[1]) / sqrt(v11) : NAN;
    if (r->df < 1) {
        r->chisq = 0;
        r->p = 1;
    } else if (v11 > 0) {
        r->chisq = r->z * r->z;
        r->p = erfc(fabs(r->z) / sqrt(2.0)); /* P(chi^2_1 > z^2) */
    } else {
        r->chisq = r->p = NAN;
    }
}

int hs_logrank_run(hs_survdata *w, double rho, double gamma, hs_logrank_result *r)
{
    if (w->n < 1 || !(rho >= 0) || !(gamma >= 0) || !isfinite(rho) || !isfinite(gamma))
        return HS_SURV_EINVAL;
    const int ng = w->ngroup;
    const double *t = w->t;
    const int *d = w->d, *g = w->g, *so = w->so;
    double *v = w->mat; /* ng x ng */
    double nr[HS_SURV_GMAX], dg[HS_SURV_GMAX];
    int cg[HS_SURV_GMAX];
    const int weighted = rho != 0 || gamma != 0;

    r->ngroup = ng;
    if (ng == 2 && !weighted) {
        two_groups(w, r);
        return HS_SURV_OK;
    }
    for (int a = 0; a < ng; a++) {
        r->o[a] = r->e[a] = 0;
        for (int b = 0; b < ng; b++)
            v[a * ng + b] = 0;
    }
    for (int k = 0; k < w->nstrata; k++) {
        const int lo = w->sstart[k], hi = w->sstart[k + 1];
        for (int a = 0; a < ng; a++)
            nr[a] = 0;
        for (int i = lo; i < hi; i++)
            nr[g[so[i]]] += 1;
        double ntot = (double)(hi - lo);
        double km = 1.0;
        int i = lo;
        while (i < hi) {
            double tj = t[so[i]];
            for (int a = 0; a < ng; a++) {
                dg[a] = 0;
                cg[a] = 0;
            }
            int dtot = 0, ctot = 0;
            for (; i < hi && t[so[i]] == tj; i++) {
                int rec = so[i];
                cg[g[rec]]++;
                ctot++;
                if (d[rec]) {
                    dg[g[rec]] += 1;
                    dtot++;
                }
            }
            if (dtot > 0) {
                double wt = 1.0;
                if (weighted)
                    wt = pow(km, rho) * (gamma != 0 ? pow(1.0 - km, gamma) : 1.0);
                double dd = (double)dtot;
                for (int a = 0; a < ng; a++) {
                    r->o[a] += wt * dg[a];
                    r->e[a] += wt * dd * nr[a] / ntot;
                }
                if (ntot > 1) {
                    double f = wt * wt * dd * (ntot - dd) / (ntot - 1) / (ntot * ntot);
                    for (int a = 0; a < ng; a++) {
                        if (nr[a] == 0)
                            continue;
                        v[a * ng + a] += f * nr[a] * ntot;
                        for (int b = 0; b < ng; b++)
                            v[a * ng + b] -= f * nr[a] * nr[b];
                    }
                }
                km *= (ntot - dd) / ntot;
            }
            for (int a = 0; a < ng; a++)
                nr[a] -= cg[a];
            ntot -= ctot;
        }
    }
    /* groups with E > 0, drop the first of them */
    int keep[HS_SURV_GMAX], m = 0;
    for (int a = 0; a < ng; a++)
        if (r->e[a] > 0)
            keep[m++] = a;
    r->df = m - 1;
    r->z = NAN;
    if (ng == 2 && v[3] > 0)
        r->z = (r->o[1] - r->e[1]) / sqrt(v[3]);
    if (m < 2) {
        r->chisq = 0;
        r->p = 1;
        return HS_SURV_OK;
    }
    int mm = m - 1;
    double *a = v + ng * ng, *b = a + mm * mm;
    for (int x = 0; x < mm; x++) {
        b[x] = r->o[keep[x + 1]] - r->e[keep[x + 1]];
        for (int y = 0; y < mm; y++)
            a[x * mm + y] = v[keep[x + 1] * ng + keep[y + 1]];
    }
    double u[HS_SURV_GMAX];
    for (int x = 0; x < mm; x++)
        u[x] = b[x];
    if (solve_small(a, b, mm) != 0) {
        r->chisq = NAN;
        r->p = NAN;
        return HS_SURV_OK;
    }
    double chi = 0;
    for (int x = 0; x < mm; x++)
        chi += b[x] * u[x];
    r->chisq = chi;
    r->p = gsl_cdf_chisq_Q(chi, (double)r->df);
    return HS_SURV_OK;
}
