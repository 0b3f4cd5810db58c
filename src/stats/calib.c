/* calib.c — landmark calibration by weighted least squares on the
 * complementary log-log scale (see calib.h for the objective and weights).
 *
 * The weight w_j = (S ln S)^2 / (S (1 - S)) is 1/Var[ln(-ln S_hat)] by the
 * delta method, d ln(-ln S)/dS = 1/(S ln S), with Var S_hat = S(1-S)/n
 * (Kalbfleisch & Prentice 2002, sec. 1.4; the log-log transform as in
 * survfit's conf.type = "log-log"). The minimisation is GSL's
 * Levenberg-Marquardt trust region (gsl_multifit_nlinear, Jacobian by
 * forward differences) over the unconstrained parameters of fit.h,
 * from several starting shapes; the best weighted RSS wins.
 */
#include "calib.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>

/* The failure of a check: its text into err (errlen bytes, err may be NULL); -1. */
static int fail(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return -1;
}

int hs_calib_check(const double *t, const double *s, int n, int *bad, char *err, size_t errlen)
{
    *bad = 0;
    if (n < 1 || n > HS_CALIB_MAX) {
        return fail(err, errlen, "between 1 and 32 landmarks are needed");
    }
    for (int j = 0; j < n; j++) {
        *bad = j;
        if (!isfinite(t[j]) || !(t[j] > 0.0)) {
            return fail(err, errlen, "landmark time must be a finite number > 0 (months)");
        }
        if (!isfinite(s[j]) || s[j] < 0.0 || s[j] > 1.0) {
            return fail(err, errlen, "survival must be in [0, 1]");
        }
        if (j > 0 && !(t[j] > t[j - 1])) {
            return fail(err, errlen, "landmark times must increase");
        }
        if (j > 0 && s[j] > s[j - 1]) {
            return fail(err, errlen, "survival must not increase with time");
        }
    }
    return 0;
}

double hs_calib_mix_S(const hs_hazard *m, const double *w, const double *lp, int ns, double t)
{
    double a = 0.0, wt = 0.0;
    for (int i = 0; i < ns; i++) {
        a += w[i] * hs_hazard_S(m, lp[i], t);
        wt += w[i];
    }
    return a / wt;
}

double hs_calib_mix_quantile(const hs_hazard *m, const double *w, const double *lp, int ns,
                             double p)
{
    double lo = 0.0, hi = 1e5;
    if (hs_calib_mix_S(m, w, lp, ns, hi) > 1.0 - p)
        return INFINITY;
    for (int it = 0; it < 200 && hi - lo > 1e-10 * hi; it++) {
        double mid = 0.5 * (lo + hi);
        if (hs_calib_mix_S(m, w, lp, ns, mid) > 1.0 - p)
            lo = mid;
        else
            hi = mid;
    }
    return 0.5 * (lo + hi);
}

static double cloglog(double s)
{
    return log(-log(s));
}

typedef struct cctx {
    const hs_fit_spec *spec;
    int n, ns;
    const double *t, *s, *sw, *w, *lp;
} cctx;

static int resid_f(const gsl_vector *x, void *vp, gsl_vector *f)
{
    cctx *c = vp;
    hs_hazard m;
    hs_fit_theta_model(c->spec, x->data, &m);
    for (int j = 0; j < c->n; j++) {
        double sb = hs_calib_mix_S(&m, c->w, c->lp, c->ns, c->t[j]);
        /* keep the residual finite where the model reaches 0 or 1 */
        sb = fmin(fmax(sb, 1e-300), 1.0 - 1e-16);
        double r = c->sw[j] * (cloglog(sb) - cloglog(c->s[j]));
        gsl_vector_set(f, (size_t)j, isfinite(r) ? r : 1e6);
    }
    return GSL_SUCCESS;
}

static void start(const hs_fit_spec *sp, const double *t, const double *s, int n, double shape,
                  double *th)
{
    /* exponential rate through the target nearest S = 0.5 */
    int jm = 0;
    for (int j = 1; j < n; j++)
        if (fabs(s[j] - 0.5) < fabs(s[jm] - 0.5))
            jm = j;
    double r = -log(s[jm]) / t[jm], tm = log(2.0) / r;
    switch (sp->family) {
    case HS_FAM_EXPONENTIAL:
        th[0] = log(r);
        break;
    case HS_FAM_WEIBULL:
        th[0] = log(shape);
        th[1] = log(tm) - log(log(2.0)) / shape;
        break;
    case HS_FAM_LOGLOGISTIC:
        th[0] = log(shape);
        th[1] = log(tm);
        break;
    case HS_FAM_LOGNORMAL:
        th[0] = log(tm);
        th[1] = -log(shape);
        break;
    case HS_FAM_GOMPERTZ:
        th[0] = (shape - 1.0) / tm;
        th[1] = log(r) - (shape - 1.0) * 0.5;
        break;
    case HS_FAM_PIECEWISE:
        for (int k = 0; k < sp->npieces; k++) {
            /* average hazard over the piece from the targets around it */
            double a = sp->cut[k], hr = r;
            double sa = 1.0, ta = 0.0;
            for (int j = 0; j < n; j++) {
                if (t[j] <= a) {
                    sa = s[j];
                    ta = t[j];
                } else {
                    if (s[j] < sa)
                        hr = -log(s[j] / sa) / (t[j] - ta);
                    break;
                }
            }
            th[k] = log(fmax(hr * shape, 1e-6));
        }
        break;
    default:
        break;
    }
}

int hs_calib_fit(const hs_fit_spec *spec, const double *t, const double *s, int n,
                 const double *w, const double *lp, int ns, hs_calib_result *out,
                 char *err, size_t errlen)
{
    int bad, k = hs_fit_nbase(spec);
    memset(out, 0, sizeof *out);
    if (err && errlen)
        err[0] = '\0';
    if (hs_calib_check(t, s, n, &bad, err, errlen) != 0)
        return -1;
    if (k == 0) {
        return fail(err, errlen, "unknown family or bad number of pieces");
    }
    if (k > n) {
        return fail(err, errlen, "more parameters than landmarks (use fewer pieces)");
    }
    if (ns < 1) {
        return fail(err, errlen, "no strata in the cohort mix");
    }
    double wt = 0.0;
    for (int i = 0; i < ns; i++) {
        if (!(w[i] >= 0.0) || !isfinite(lp[i])) {
            return fail(err, errlen, "cohort weights must be >= 0 and effects finite");
        }
        wt += w[i];
    }
    if (!(wt > 0.0)) {
        return fail(err, errlen, "cohort weights sum to 0");
    }
    int inner = 0;
    for (int j = 0; j < n; j++)
        inner += s[j] > HS_CALIB_CLAMP && s[j] < 1.0 - HS_CALIB_CLAMP;
    if (inner == 0) {
        return fail(err, errlen, "every target survival is 1 or 0, which says nothing about the hazard; expected "
               "at least one survival strictly between 0 and 1");
    }
    out->ntarget = n;
    double sw[HS_CALIB_MAX];
    for (int j = 0; j < n; j++) {
        double su = fmin(fmax(s[j], HS_CALIB_CLAMP), 1.0 - HS_CALIB_CLAMP);
        out->t[j] = t[j];
        out->s[j] = s[j];
        out->s_used[j] = su;
        out->w[j] = (su * log(su)) * (su * log(su)) / (su * (1.0 - su));
        sw[j] = sqrt(out->w[j]);
    }
    cctx c = {spec, n, ns, t, out->s_used, sw, w, lp};
    gsl_multifit_nlinear_fdf fdf;
    memset(&fdf, 0, sizeof fdf);
    fdf.f = resid_f;
    fdf.df = NULL;
    fdf.fvv = NULL;
    fdf.n = (size_t)n;
    fdf.p = (size_t)k;
    fdf.params = &c;
    gsl_multifit_nlinear_parameters par = gsl_multifit_nlinear_default_parameters();
    gsl_multifit_nlinear_workspace *ws =
        gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &par, (size_t)n, (size_t)k);
    if (!ws) {
        return fail(err, errlen, "out of memory");
    }
    static const double shapes[] = {0.5, 1.0, 2.0, 4.0, 8.0};
    double best = INFINITY, bth[HS_FIT_KMAX];
    for (size_t q = 0; q < sizeof shapes / sizeof shapes[0]; q++) {
        double th[HS_FIT_KMAX];
        if (spec->family == HS_FAM_EXPONENTIAL && q > 0)
            break;
        start(spec, out->t, out->s_used, n, shapes[q], th);
        gsl_vector_view xv = gsl_vector_view_array(th, (size_t)k);
        int info;
        if (gsl_multifit_nlinear_init(&xv.vector, &fdf, ws) != GSL_SUCCESS)
            continue;
        int ds = gsl_multifit_nlinear_driver(500, 1e-12, 1e-12, 1e-14, NULL, NULL, &info, ws);
        if (ds != GSL_SUCCESS && ds != GSL_EMAXITER && ds != GSL_ENOPROG)
            continue; /* a failure, not just a stop: this start gives nothing */
        gsl_vector *f = gsl_multifit_nlinear_residual(ws);
        gsl_vector *x = gsl_multifit_nlinear_position(ws);
        double rss = 0.0;
        for (int j = 0; j < n; j++)
            rss += gsl_vector_get(f, (size_t)j) * gsl_vector_get(f, (size_t)j);
        int fin = 1;
        for (int j = 0; j < k; j++)
            fin = fin && isfinite(gsl_vector_get(x, (size_t)j));
        if (fin && rss < best) {
            best = rss;
            for (int j = 0; j < k; j++)
                bth[j] = gsl_vector_get(x, (size_t)j);
        }
    }
    gsl_multifit_nlinear_free(ws);
    if (!isfinite(best)) {
        return fail(err, errlen, "calibration failed from every starting point");
    }
    if (hs_fit_theta_absurd(spec, bth, k) >= 0) {
        return fail(err, errlen, "the targets do not identify the parameters (an estimate runs off to an absurd "
               "magnitude, |theta| > 30; e.g. survival flat between landmarks)");
    }
    hs_fit_theta_model(spec, bth, &out->model);
    out->k = k;
    memcpy(out->theta, bth, sizeof(double) * (size_t)k);
    out->wrss = 0.0;
    out->max_abs_diff = 0.0;
    for (int j = 0; j < n; j++) {
        double sb = hs_calib_mix_S(&out->model, w, lp, ns, t[j]);
        out->fitted[j] = sb;
        out->resid[j] = cloglog(fmin(fmax(sb, 1e-300), 1.0 - 1e-16)) - cloglog(out->s_used[j]);
        out->wrss += out->w[j] * out->resid[j] * out->resid[j];
        out->max_abs_diff = fmax(out->max_abs_diff, fabs(sb - out->s_used[j]));
    }
    return 0;
}

/* g(Sbar(t_j; th)) for every target, clamped as resid_f does. */
static void cll_at(const hs_fit_spec *spec, const hs_calib_result *r, const double *w,
                   const double *lp, int ns, const double *th, double *g)
{
    hs_hazard m;
    hs_fit_theta_model(spec, th, &m);
    for (int j = 0; j < r->ntarget; j++) {
        double sb = hs_calib_mix_S(&m, w, lp, ns, r->t[j]);
        g[j] = cloglog(fmin(fmax(sb, 1e-300), 1.0 - 1e-16));
    }
}

/* A[j*k + l] = d g(Sbar(t_j)) / d theta_l at th, central differences. */
static void cll_jac(const hs_fit_spec *spec, const hs_calib_result *r, const double *w,
                    const double *lp, int ns, const double *th, double *A)
{
    int k = r->k, n = r->ntarget;
    double t2[HS_FIT_KMAX], gp[HS_CALIB_MAX], gm[HS_CALIB_MAX];
    for (int l = 0; l < k; l++) {
        double h = 1e-5 * fmax(1.0, fabs(th[l]));
        memcpy(t2, th, sizeof(double) * (size_t)k);
        t2[l] = th[l] + h;
        cll_at(spec, r, w, lp, ns, t2, gp);
        t2[l] = th[l] - h;
        cll_at(spec, r, w, lp, ns, t2, gm);
        for (int j = 0; j < n; j++)
            A[j * k + l] = (gp[j] - gm[j]) / (2.0 * h);
    }
}

int hs_calib_covar(const hs_fit_spec *spec, const hs_calib_result *r, const double *w,
                   const double *lp, int ns, const double *sig, double *cov, double *jac,
                   char *err, size_t errlen)
{
    int k = r->k, n = r->ntarget;
    if (k < 1 || k > HS_FIT_KMAX || n < k)
        return fail(err, errlen, "no calibrated parameters");
    double A[HS_CALIB_MAX * HS_FIT_KMAX], M[HS_FIT_KMAX * HS_FIT_KMAX] = {0};
    double Ap[HS_CALIB_MAX * HS_FIT_KMAX], Am[HS_CALIB_MAX * HS_FIT_KMAX];
    double J[HS_FIT_KMAX * HS_CALIB_MAX], t2[HS_FIT_KMAX];
    cll_jac(spec, r, w, lp, ns, r->theta, A);
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++)
            for (int j = 0; j < n; j++)
                M[a * k + b] += r->w[j] * A[j * k + a] * A[j * k + b];
    int resid = 0;
    for (int j = 0; j < n; j++)
        resid |= r->resid[j] != 0.0;
    if (resid) { /* + sum_j w_j r_j H_j, H_j[a][b] = d A_j[a] / d theta_b */
        for (int b = 0; b < k; b++) {
            double h = 1e-3 * fmax(1.0, fabs(r->theta[b]));
            memcpy(t2, r->theta, sizeof(double) * (size_t)k);
            t2[b] = r->theta[b] + h;
            cll_jac(spec, r, w, lp, ns, t2, Ap);
            t2[b] = r->theta[b] - h;
            cll_jac(spec, r, w, lp, ns, t2, Am);
            for (int a = 0; a < k; a++)
                for (int j = 0; j < n; j++)
                    M[a * k + b] += r->w[j] * r->resid[j] * (Ap[j * k + a] - Am[j * k + a]) / (2.0 * h);
        }
        for (int a = 0; a < k; a++) /* symmetrise the difference quotients */
            for (int b = 0; b < a; b++)
                M[a * k + b] = M[b * k + a] = 0.5 * (M[a * k + b] + M[b * k + a]);
    }
    /* right-hand side B[a][j] = A_j[a] (w_j g'(S_j) - w_j'(S_j) r_j) */
    for (int j = 0; j < n; j++) {
        double s = r->s_used[j], L = log(s);
        double gd = 1.0 / (s * L);
        double wd = (L * L + 2.0 * L * (1.0 - s)) / ((1.0 - s) * (1.0 - s));
        double c = r->w[j] * gd - wd * r->resid[j];
        for (int a = 0; a < k; a++)
            J[a * n + j] = A[j * k + a] * c;
    }
    gsl_matrix_view mv = gsl_matrix_view_array(M, (size_t)k, (size_t)k);
    gsl_permutation *perm = gsl_permutation_alloc((size_t)k);
    gsl_vector *col = gsl_vector_alloc((size_t)k);
    if (!perm || !col) {
        gsl_permutation_free(perm);
        gsl_vector_free(col);
        return fail(err, errlen, "out of memory");
    }
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int sgn, st = gsl_linalg_LU_decomp(&mv.matrix, perm, &sgn);
    double mx = 0.0, mn = INFINITY;
    for (int a = 0; a < k; a++) {
        mx = fmax(mx, fabs(M[a * k + a]));
        mn = fmin(mn, fabs(M[a * k + a]));
    }
    if (st == GSL_SUCCESS && !(mn > 1e-13 * mx))
        st = GSL_ESING;
    for (int j = 0; st == GSL_SUCCESS && j < n; j++) {
        for (int a = 0; a < k; a++)
            gsl_vector_set(col, (size_t)a, J[a * n + j]);
        st = gsl_linalg_LU_svx(&mv.matrix, perm, col);
        for (int a = 0; a < k; a++)
            J[a * n + j] = gsl_vector_get(col, (size_t)a);
    }
    gsl_set_error_handler(old);
    gsl_permutation_free(perm);
    gsl_vector_free(col);
    if (st != GSL_SUCCESS)
        return fail(err, errlen, "the targets do not identify the parameters (singular "
                                 "information of the calibration)");
    for (int a = 0; a < k; a++)
        for (int b = 0; b < k; b++) {
            double x = 0.0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    x += J[a * n + i] * sig[i * n + j] * J[b * n + j];
            cov[a * k + b] = x;
        }
    for (int a = 0; a < k; a++) /* exact symmetry */
        for (int b = 0; b < a; b++)
            cov[b * k + a] = cov[a * k + b];
    if (jac)
        memcpy(jac, J, sizeof(double) * (size_t)(k * n));
    return 0;
}
