/* fit.c — right-censored maximum likelihood for the hazard families.
 *
 * Log-likelihood (Klein & Moeschberger 2003, sec. 3.5; Kalbfleisch &
 * Prentice 2002, ch. 3), observation i with time t, event d, predictor lp:
 *   l_i = d ln h(t | lp) - H(t | lp)
 * evaluated with hs_hazard_h / hs_hazard_H, so the likelihood is exactly the
 * model that the simulator samples from. On the time scale (f = h S in
 * 1/month), which is how survreg reports its loglik.
 *   PH : ln h = lp + ln h0(t),        H = e^lp H0(t)
 *   AFT: ln h = -lp + ln h0(u),       H = H0(u),  u = t e^-lp
 * Gradients are analytic: with g = d ln h0/dtheta and G = dH0/dtheta,
 *   PH : dl/dtheta = d g - e^lp G,    dl/dbeta_j = x_j (d - e^lp H0)
 *   AFT: dl/dtheta = d g(u) - G(u),   dl/dbeta_j = x_j (d (-1 - u dln h0/du) + u h0(u))
 * The optimiser is GSL's vector_bfgs2 (Fletcher 1987, line search of
 * More & Thuente) on -l/n, followed by at most 8 Newton steps with the
 * central-difference Hessian of the analytic gradient; the same Hessian gives
 * the observed information and the SEs. AIC = -2l + 2k, BIC = -2l + k ln n
 * (n observations, as R's BIC() for survreg fits).
 */
#include "fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_sf_erf.h>

#define HS_SQRT2 1.41421356237309504880
#define HS_LN2 0.69314718055994530942

int hs_fit_nbase(const hs_fit_spec *spec)
{
    const hs_family_info *fi = hs_hazard_family_info_of(spec->family);
    if (!fi)
        return 0;
    if (spec->family == HS_FAM_PIECEWISE)
        return spec->npieces >= 1 && spec->npieces <= HS_PIECES_MAX ? spec->npieces : 0;
    return fi->npar;
}

void hs_fit_theta_model(const hs_fit_spec *spec, const double *th, hs_hazard *m)
{
    memset(m, 0, sizeof *m);
    m->family = spec->family;
    m->effect = spec->effect;
    const hs_family_info *fi = hs_hazard_family_info_of(spec->family);
    switch (spec->family) {
    case HS_FAM_EXPONENTIAL:
    case HS_FAM_WEIBULL:
    case HS_FAM_GOMPERTZ:
    case HS_FAM_LOGLOGISTIC:
    case HS_FAM_LOGNORMAL:
        for (int j = 0; j < fi->npar; j++)
            m->par[j] = fi->par[j].logfit ? exp(th[j]) : th[j];
        break;
    case HS_FAM_PIECEWISE:
        m->npieces = spec->npieces;
        for (int k = 0; k < spec->npieces; k++) {
            m->cut[k] = spec->cut[k];
            m->rate[k] = exp(th[k]);
        }
        break;
    default:
        break;
    }
}

/* Gompertz: g(b,u) = expm1(b u)/b and dg/db, with series near b u = 0. */
static void gomp_g(double b, double u, double *g, double *dg)
{
    double x = b * u;
    if (fabs(x) < 1e-2) {
        *g = u * (1.0 + x / 2.0 + x * x / 6.0 + x * x * x / 24.0 + x * x * x * x / 120.0);
        *dg = u * u * (0.5 + x / 3.0 + x * x / 8.0 + x * x * x / 30.0);
    } else {
        double e = expm1(x);
        *g = e / b;
        *dg = (u * (e + 1.0) * b - e) / (b * b);
    }
}

/* Baseline ln h0(u), H0(u), d ln h0/du, and their theta-gradients. */
static void base_terms(const hs_fit_spec *s, const double *th, double u, double *logh,
                       double *H, double *dlogh_du, double *gl, double *gH)
{
    switch (s->family) {
    case HS_FAM_EXPONENTIAL: {
        double r = exp(th[0]);
        *logh = th[0];
        *H = r * u;
        *dlogh_du = 0.0;
        gl[0] = 1.0;
        gH[0] = *H;
        break;
    }
    case HS_FAM_WEIBULL: {
        double k = exp(th[0]), L = log(u) - th[1];
        double z = exp(k * L);
        *logh = th[0] - th[1] + (k - 1.0) * L;
        *H = z;
        *dlogh_du = (k - 1.0) / u;
        gl[0] = 1.0 + k * L;
        gH[0] = z * k * L;
        gl[1] = -k;
        gH[1] = -k * z;
        break;
    }
    case HS_FAM_GOMPERTZ: {
        double b = th[0], a = exp(th[1]), g, dg;
        gomp_g(b, u, &g, &dg);
        *logh = th[1] + b * u;
        *H = a * g;
        *dlogh_du = b;
        gl[0] = u;
        gH[0] = a * dg;
        gl[1] = 1.0;
        gH[1] = *H;
        break;
    }
    case HS_FAM_LOGLOGISTIC: {
        double k = exp(th[0]), L = log(u) - th[1];
        double lz = k * L, q = 1.0 / (1.0 + exp(-lz)); /* q = z/(1+z) */
        double l1pz = lz > 0 ? lz + log1p(exp(-lz)) : log1p(exp(lz));
        *logh = th[0] - log(u) + lz - l1pz;
        *H = l1pz;
        *dlogh_du = (k - 1.0) / u - k * q / u;
        gl[0] = 1.0 + k * L * (1.0 - q);
        gH[0] = q * k * L;
        gl[1] = -k * (1.0 - q);
        gH[1] = -k * q;
        break;
    }
    case HS_FAM_LOGNORMAL: {
        double sd = exp(th[1]), w = (log(u) - th[0]) / sd;
        /* ln Phi_c(w) and phi(w)/Phi_c(w); an underflow (result 0) is
         * fine, any other GSL error makes the terms undefined */
        gsl_sf_result rq, rh;
        int s1 = gsl_sf_log_erfc_e(w / HS_SQRT2, &rq), s2 = gsl_sf_hazard_e(w, &rh);
        if ((s1 != GSL_SUCCESS && s1 != GSL_EUNDRFLW) || (s2 != GSL_SUCCESS && s2 != GSL_EUNDRFLW)) {
            *logh = *H = *dlogh_du = NAN;
            gl[0] = gH[0] = gl[1] = gH[1] = NAN;
            break;
        }
        double lq = rq.val - HS_LN2, r = rh.val;
        *logh = log(r) - th[1] - log(u);
        *H = -lq;
        *dlogh_du = (r - w) / (sd * u) - 1.0 / u;
        /* d ln h0/dw = r - w; dH0/dw = r; dw/dmu = -1/sd; dw/dlnsd = -w */
        gl[0] = -(r - w) / sd;
        gH[0] = -r / sd;
        gl[1] = -(r - w) * w - 1.0;
        gH[1] = -r * w;
        break;
    }
    case HS_FAM_PIECEWISE: {
        int np = s->npieces;
        *H = 0.0;
        *logh = 0.0;
        *dlogh_du = 0.0;
        for (int k = 0; k < np; k++) {
            double a = s->cut[k], b = k + 1 < np ? s->cut[k + 1] : INFINITY;
            double r = exp(th[k]);
            double expo = u <= a ? 0.0 : (u < b ? u : b) - a;
            gH[k] = r * expo;
            *H += gH[k];
            gl[k] = (u >= a && u < b) ? 1.0 : 0.0;
            if (gl[k] > 0.0)
                *logh = th[k];
        }
        break;
    }
    default:
        *logh = NAN;
        *H = NAN;
        *dlogh_du = NAN;
        break;
    }
}

double hs_fit_loglik(const hs_fit_data *d, const hs_fit_spec *spec, const double *theta,
                     double *grad)
{
    int nb = hs_fit_nbase(spec), p = d->p, k = nb + p;
    hs_hazard m;
    double ll = 0.0, gl[HS_PIECES_MAX], gH[HS_PIECES_MAX];
    const double *beta = theta + nb;
    hs_fit_theta_model(spec, theta, &m);
    if (grad)
        for (int j = 0; j < k; j++)
            grad[j] = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        const double *xi = p > 0 ? d->x + i * (size_t)p : NULL;
        double lp = 0.0, t = d->time[i], ev = d->event[i] ? 1.0 : 0.0;
        for (int j = 0; j < p; j++)
            lp += xi[j] * beta[j];
        double Hi = hs_hazard_H(&m, lp, t);
        double li = -Hi;
        if (ev > 0.0)
            li += log(hs_hazard_h(&m, lp, t));
        ll += li;
        if (!grad)
            continue;
        if (spec->effect == HS_EFFECT_PH) {
            double logh, H0, dldu, e = exp(lp);
            base_terms(spec, theta, t, &logh, &H0, &dldu, gl, gH);
            for (int j = 0; j < nb; j++)
                grad[j] += ev * gl[j] - e * gH[j];
            for (int j = 0; j < p; j++)
                grad[nb + j] += xi[j] * (ev - e * H0);
        } else {
            double u = t * exp(-lp), logh, H0, dldu;
            base_terms(spec, theta, u, &logh, &H0, &dldu, gl, gH);
            for (int j = 0; j < nb; j++)
                grad[j] += ev * gl[j] - gH[j];
            double c = ev * (-1.0 - u * dldu) + u * exp(logh);
            for (int j = 0; j < p; j++)
                grad[nb + j] += xi[j] * c;
        }
    }
    if (!isfinite(ll))
        return -INFINITY;
    return ll;
}

/* ---- optimiser glue ---- */

typedef struct fitctx {
    const hs_fit_data *d;
    const hs_fit_spec *s;
    int k;
    double scale; /* 1/n */
} fitctx;

static double mm_f(const gsl_vector *v, void *vp)
{
    fitctx *c = vp;
    double ll = hs_fit_loglik(c->d, c->s, v->data, NULL);
    return isfinite(ll) ? -ll * c->scale : GSL_POSINF;
}

static void mm_fdf(const gsl_vector *v, void *vp, double *f, gsl_vector *g)
{
    fitctx *c = vp;
    double ll = hs_fit_loglik(c->d, c->s, v->data, g->data);
    *f = isfinite(ll) ? -ll * c->scale : GSL_POSINF;
    for (int j = 0; j < c->k; j++)
        g->data[j] = isfinite(g->data[j]) ? -g->data[j] * c->scale : 0.0;
}

static void mm_df(const gsl_vector *v, void *vp, gsl_vector *g)
{
    double f;
    mm_fdf(v, vp, &f, g);
}

/* Hessian of the log-likelihood by central differences of the analytic gradient. */
static int hessian(const hs_fit_data *d, const hs_fit_spec *s, int k, const double *th,
                   double *hess)
{
    double t[HS_FIT_KMAX], gp[HS_FIT_KMAX], gm[HS_FIT_KMAX];
    memcpy(t, th, sizeof(double) * (size_t)k);
    for (int j = 0; j < k; j++) {
        double h = 1e-5 * fmax(1.0, fabs(th[j]));
        t[j] = th[j] + h;
        double a = hs_fit_loglik(d, s, t, gp);
        t[j] = th[j] - h;
        double b = hs_fit_loglik(d, s, t, gm);
        t[j] = th[j];
        if (!isfinite(a) || !isfinite(b))
            return -1;
        for (int i = 0; i < k; i++)
            if (!isfinite(gp[i]) || !isfinite(gm[i]))
                return -1;
        for (int i = 0; i < k; i++)
            hess[i * k + j] = (gp[i] - gm[i]) / (2.0 * h);
    }
    for (int i = 0; i < k; i++)
        for (int j = 0; j < i; j++) {
            double a = 0.5 * (hess[i * k + j] + hess[j * k + i]);
            hess[i * k + j] = hess[j * k + i] = a;
        }
    return 0;
}

/* Cholesky of the information (negated Hessian) in place; -1 if not PD. */
static int chol_info(int k, double *info, gsl_matrix_view *mv)
{
    for (int j = 0; j < k * k; j++)
        if (!isfinite(info[j]))
            return -1;
    *mv = gsl_matrix_view_array(info, (size_t)k, (size_t)k);
    return gsl_linalg_cholesky_decomp1(&mv->matrix) == GSL_SUCCESS ? 0 : -1;
}

static void start_values(const hs_fit_data *d, const hs_fit_spec *s, double *th, int k)
{
    double sumt = 0.0, ne = 0.0, slog = 0.0, slog2 = 0.0;
    for (size_t i = 0; i < d->n; i++) {
        sumt += d->time[i];
        ne += d->event[i] ? 1.0 : 0.0;
        slog += log(d->time[i]);
        slog2 += log(d->time[i]) * log(d->time[i]);
    }
    double lrate = log(ne / sumt), nn = (double)d->n;
    double mlog = slog / nn, vlog = fmax(slog2 / nn - mlog * mlog, 1e-4);
    for (int j = 0; j < k; j++)
        th[j] = 0.0;
    switch (s->family) {
    case HS_FAM_EXPONENTIAL:
        th[0] = lrate;
        break;
    case HS_FAM_WEIBULL:
    case HS_FAM_LOGLOGISTIC:
        th[0] = 0.0;
        th[1] = -lrate;
        break;
    case HS_FAM_GOMPERTZ:
        th[0] = 0.0;
        th[1] = lrate;
        break;
    case HS_FAM_LOGNORMAL:
        th[0] = -lrate;
        th[1] = 0.5 * log(vlog);
        break;
    case HS_FAM_PIECEWISE:
        for (int q = 0; q < s->npieces; q++) {
            double a = s->cut[q], b = q + 1 < s->npieces ? s->cut[q + 1] : INFINITY;
            double ex = 0.0, ev = 0.0;
            for (size_t i = 0; i < d->n; i++) {
                double t = d->time[i];
                if (t > a)
                    ex += (t < b ? t : b) - a;
                if (d->event[i] && t >= a && t < b)
                    ev += 1.0;
            }
            th[q] = ev > 0.0 && ex > 0.0 ? log(ev / ex) : lrate;
        }
        break;
    default:
        break;
    }
}

static void param_names(const hs_fit_data *d, const hs_fit_spec *s, hs_fit_result *r)
{
    int nb = r->nbase;
    const hs_family_info *fi = hs_hazard_family_info_of(s->family);
    if (s->family == HS_FAM_PIECEWISE)
        for (int q = 0; q < nb; q++)
            snprintf(r->names[q], HS_FIT_NAMELEN, "log(rate@%g)", s->cut[q]);
    else if (fi)
        for (int q = 0; q < fi->npar; q++) {
            if (fi->par[q].logfit)
                snprintf(r->names[q], HS_FIT_NAMELEN, "log(%s)", fi->par[q].key);
            else
                snprintf(r->names[q], HS_FIT_NAMELEN, "%s", fi->par[q].key);
        }
    for (int j = 0; j < d->p; j++) {
        if (d->xname && d->xname[j])
            snprintf(r->names[nb + j], HS_FIT_NAMELEN, "%s", d->xname[j]);
        else
            snprintf(r->names[nb + j], HS_FIT_NAMELEN, "x%d", j + 1);
    }
}

/* A failure of kind st: its text into err (errlen bytes, err may be NULL); st. */
static int fail_st(char *err, size_t errlen, int st, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
    return st;
}

static int check_input(const hs_fit_data *d, const hs_fit_spec *s, int *nb, size_t *nev,
                       char *err, size_t errlen)
{
    *nb = hs_fit_nbase(s);
    if (*nb == 0) {
        return fail_st(err, errlen, HS_FIT_EINVAL,
                       s->family == HS_FAM_PIECEWISE ? "piecewise: number of pieces out of range"
                                                     : "unknown family");
    }
    if (s->effect != HS_EFFECT_PH && s->effect != HS_EFFECT_AFT) {
        return fail_st(err, errlen, HS_FIT_EINVAL, "effect must be PH or AFT");
    }
    if (s->family == HS_FAM_PIECEWISE) {
        if (s->effect != HS_EFFECT_PH) {
            return fail_st(err, errlen, HS_FIT_EINVAL, "piecewise exponential supports PH effects only");
        }
        if (s->cut[0] != 0.0) {
            return fail_st(err, errlen, HS_FIT_EINVAL, "piecewise: the first cut point must be 0");
        }
        for (int q = 1; q < s->npieces; q++)
            if (!(s->cut[q] > s->cut[q - 1]) || !isfinite(s->cut[q])) {
                return fail_st(err, errlen, HS_FIT_EINVAL, "piecewise: cut points must increase");
            }
    }
    if (d->p < 0 || d->p > HS_FIT_PMAX || (d->p > 0 && !d->x)) {
        return fail_st(err, errlen, HS_FIT_EINVAL, "too many covariate columns");
    }
    if (d->n == 0) {
        return fail_st(err, errlen, HS_FIT_EINVAL, "no observations");
    }
    *nev = 0;
    for (size_t i = 0; i < d->n; i++) {
        if (!(d->time[i] > 0.0) || !isfinite(d->time[i])) {
            return fail_st(err, errlen, HS_FIT_EINVAL, "times must be finite and > 0");
        }
        if (d->event[i] != 0 && d->event[i] != 1) {
            return fail_st(err, errlen, HS_FIT_EINVAL, "event indicators must be 0 or 1");
        }
        for (int j = 0; j < d->p; j++)
            if (!isfinite(d->x[i * (size_t)d->p + (size_t)j])) {
                return fail_st(err, errlen, HS_FIT_EINVAL, "covariate values must be finite");
            }
        *nev += (size_t)d->event[i];
    }
    if (*nev < (size_t)(*nb + d->p) || *nev == 0) {
        return fail_st(err, errlen, HS_FIT_EFEW, "too few events for the number of parameters");
    }
    if (s->family != HS_FAM_PIECEWISE && *nb > 1) {
        /* a two-parameter baseline needs events at two different times */
        double t0 = NAN;
        int two = 0;
        for (size_t i = 0; i < d->n && !two; i++)
            if (d->event[i]) {
                if (isnan(t0))
                    t0 = d->time[i];
                else if (d->time[i] != t0)
                    two = 1;
            }
        if (!two) {
            return fail_st(err, errlen, HS_FIT_EFEW, "every event is at the same time; a two-parameter family needs events at "
                   "two or more different times (use exponential)");
        }
    }
    if (s->family == HS_FAM_PIECEWISE)
        for (int q = 0; q < s->npieces; q++) {
            double a = s->cut[q], b = q + 1 < s->npieces ? s->cut[q + 1] : INFINITY;
            size_t ev = 0;
            for (size_t i = 0; i < d->n; i++)
                ev += (size_t)(d->event[i] && d->time[i] >= a && d->time[i] < b);
            if (ev == 0) {
                return fail_st(err, errlen, HS_FIT_EFEW, "piecewise: a piece has no events (its rate has no finite MLE)");
            }
        }
    return HS_FIT_OK;
}

int hs_fit_theta_absurd(const hs_fit_spec *spec, const double *theta, int k)
{
    (void)spec;
    for (int j = 0; j < k; j++)
        if (!(fabs(theta[j]) <= HS_FIT_THETA_MAX))
            return j;
    return -1;
}

/* Quasi-Newton (BFGS) search from th; leaves the point reached in th and
   the iterations used in *iter. */
static int bfgs_search(const hs_fit_data *d, const hs_fit_spec *s, int k, double *th, int *iter, char *err,
                       size_t errlen)
{
    fitctx c = {d, s, k, 1.0 / (double)d->n};
    gsl_multimin_function_fdf fn = {mm_f, mm_df, mm_fdf, (size_t)k, &c};
    gsl_vector *x = gsl_vector_alloc((size_t)k);
    gsl_multimin_fdfminimizer *mz =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, (size_t)k);
    if (!x || !mz) {
        gsl_vector_free(x);
        gsl_multimin_fdfminimizer_free(mz);
        return fail_st(err, errlen, HS_FIT_ENOMEM, "out of memory");
    }
    for (int j = 0; j < k; j++)
        gsl_vector_set(x, (size_t)j, th[j]);
    *iter = 0;
    if (!isfinite(mm_f(x, &c)) || gsl_multimin_fdfminimizer_set(mz, &fn, x, 0.1, 0.1) != GSL_SUCCESS) {
        gsl_vector_free(x);
        gsl_multimin_fdfminimizer_free(mz);
        return fail_st(err, errlen, HS_FIT_ENOCONV, "log-likelihood not finite at the starting values");
    }
    for (; *iter < 2000; (*iter)++) {
        int s1 = gsl_multimin_fdfminimizer_iterate(mz);
        if (s1 != GSL_SUCCESS)
            break; /* no progress: Newton polishing takes over */
        if (gsl_multimin_test_gradient(mz->gradient, 1e-9) == GSL_SUCCESS)
            break;
    }
    for (int j = 0; j < k; j++)
        th[j] = gsl_vector_get(mz->x, (size_t)j);
    gsl_multimin_fdfminimizer_free(mz);
    gsl_vector_free(x);
    return HS_FIT_OK;
}

/* Newton polishing with step halving; returns the log-likelihood at th and
   leaves its gradient in g, counting each accepted step in *iter. */
static double newton_polish(const hs_fit_data *d, const hs_fit_spec *s, int k, double *th, double *g, int *iter)
{
    double hess[HS_FIT_KMAX * HS_FIT_KMAX], ll = hs_fit_loglik(d, s, th, g);
    gsl_matrix_view mv;
    for (int it = 0; it < 8; it++) {
        if (hessian(d, s, k, th, hess) != 0)
            break;
        for (int j = 0; j < k * k; j++)
            hess[j] = -hess[j];
        if (chol_info(k, hess, &mv) != 0)
            break;
        double step[HS_FIT_KMAX], gn = 0.0;
        gsl_vector_view gv = gsl_vector_view_array(g, (size_t)k);
        gsl_vector_view sv = gsl_vector_view_array(step, (size_t)k);
        if (gsl_linalg_cholesky_solve(&mv.matrix, &gv.vector, &sv.vector) != GSL_SUCCESS)
            break;
        for (int j = 0; j < k; j++)
            gn += g[j] * step[j];
        if (gn < 1e-20)
            break;
        double lam = 1.0, tn[HS_FIT_KMAX], gt[HS_FIT_KMAX], lt = -INFINITY;
        for (int h = 0; h < 30; h++, lam *= 0.5) {
            for (int j = 0; j < k; j++)
                tn[j] = th[j] + lam * step[j];
            lt = hs_fit_loglik(d, s, tn, gt);
            if (isfinite(lt) && lt >= ll - 1e-12 * fabs(ll))
                break;
        }
        if (!(isfinite(lt) && lt >= ll - 1e-12 * fabs(ll)))
            break;
        memcpy(th, tn, sizeof(double) * (size_t)k);
        memcpy(g, gt, sizeof(double) * (size_t)k);
        ll = lt;
        (*iter)++;
    }
    return ll;
}

/* The covariance matrix at th: the inverse of the observed information,
   into vc (k x k). */
static int covariance(const hs_fit_data *d, const hs_fit_spec *s, int k, const double *th, double *vc,
                      char *err, size_t errlen)
{
    gsl_matrix_view mv;
    if (hessian(d, s, k, th, vc) != 0) {
        return fail_st(err, errlen, HS_FIT_ENOTID, "the data do not identify the parameters (information matrix not finite at the "
               "maximum)");
    }
    for (int j = 0; j < k * k; j++)
        vc[j] = -vc[j];
    if (chol_info(k, vc, &mv) != 0) {
        return fail_st(err, errlen, HS_FIT_ENOTID, "the data do not identify the parameters (observed information not positive "
               "definite: no unique maximum)");
    }
    if (gsl_linalg_cholesky_invert(&mv.matrix) != GSL_SUCCESS) {
        return fail_st(err, errlen, HS_FIT_ENOTID, "the data do not identify the parameters (observed information could not be "
               "inverted: no unique maximum)");
    }
    return HS_FIT_OK;
}

/* Is the maximum genuine: converged (scaled gradient small), standard errors
   positive and finite, no estimate at an absurd magnitude? Fills r->coef and
   r->se. */
static int check_maximum(const hs_fit_spec *s, int k, const double *th, const double *g, double ll,
                         const double *vc, hs_fit_result *r, char *err,
                         size_t errlen)
{
    double gmax = 0.0;
    for (int j = 0; j < k; j++)
        gmax = fmax(gmax, fabs(g[j]) * sqrt(vc[j * k + j]));
    if (!isfinite(ll) || gmax > 1e-3) {
        return fail_st(err, errlen, HS_FIT_ENOCONV, "optimiser did not converge");
    }
    for (int j = 0; j < k; j++) {
        r->coef[j] = th[j];
        r->se[j] = sqrt(vc[j * k + j]);
    }
    /* a maximum that does not identify the parameters: a standard error
     * that is not a positive number, or an estimate at an absurd magnitude
     * (the likelihood keeps rising towards a boundary) */
    for (int j = 0; j < k; j++) {
        if (!(r->se[j] > 0.0) || !isfinite(r->se[j]) || !isfinite(th[j])) {
            return fail_st(err, errlen, HS_FIT_ENOTID, "the data do not identify the parameters (a standard error is not finite)");
        }
    }
    if (hs_fit_theta_absurd(s, th, k) >= 0) {
        return fail_st(err, errlen, HS_FIT_ENOTID, "the data do not identify the parameters (an estimate runs off to an absurd "
               "magnitude, |theta| > 30)");
    }
    return HS_FIT_OK;
}

int hs_fit_mle(const hs_fit_data *d, const hs_fit_spec *s, hs_fit_result *r, char *err, size_t errlen)
{
    int nb, k, st;
    size_t nev;
    if (err && errlen)
        err[0] = '\0';
    memset(r, 0, sizeof *r);
    st = check_input(d, s, &nb, &nev, err, errlen);
    if (st != HS_FIT_OK)
        return st;
    k = nb + d->p;
    r->nbase = nb;
    r->k = k;
    r->p = d->p;
    r->n = d->n;
    r->events = nev;

    double th[HS_FIT_KMAX], g[HS_FIT_KMAX], vc[HS_FIT_KMAX * HS_FIT_KMAX];
    int iter = 0;
    start_values(d, s, th, k);
    st = bfgs_search(d, s, k, th, &iter, err, errlen);
    if (st != HS_FIT_OK)
        return st;
    const double ll = newton_polish(d, s, k, th, g, &iter);
    st = covariance(d, s, k, th, vc, err, errlen);
    if (st != HS_FIT_OK)
        return st;
    st = check_maximum(s, k, th, g, ll, vc, r, err, errlen);
    if (st != HS_FIT_OK)
        return st;

    memcpy(r->vcov, vc, sizeof(double) * (size_t)(k * k));
    for (int j = 0; j < d->p; j++)
        r->beta[j] = th[nb + j];
    hs_fit_theta_model(s, th, &r->model);
    r->loglik = ll;
    r->aic = -2.0 * ll + 2.0 * k;
    r->bic = -2.0 * ll + k * log((double)d->n);
    r->iterations = iter;
    param_names(d, s, r);
    return HS_FIT_OK;
}
