/* fit_landmarks.c — `hifusim fit --landmarks`: calibration of one family to
 * landmark survival (and a median), averaged over a cohort mix with fixed
 * effects; writes the model file (see fit_int.h). */
#include "fit_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib.h"
#include "cfgval.h"
#include "inifile.h"
#include "model.h"
#include "model_write.h"

#define MAXCOV 8
#define MAXLEV 8
#define MAXSTRATA 65536

typedef struct cohort {
    int ncov;
    char name[MAXCOV][64];
    int nlev[MAXCOV];
    char lev[MAXCOV][MAXLEV][64];
    double prob[MAXCOV][MAXLEV];
    double beta[MAXCOV][MAXLEV];
} cohort;

static int load_cohort(const char *path, cohort *c, hs_errs *errs)
{
    hs_inifile *ini = NULL;
    int bad = hs_inifile_read(path, &ini, errs) != 0;
    memset(c, 0, sizeof *c);
    if (!ini)
        return -1;
    int found = 0;
    for (int i = 0; i < hs_inifile_nentries(ini); i++) {
        const hs_inifile_entry *e = hs_inifile_entry_at(ini, i);
        if (strcmp(e->section, "cohort") != 0)
            continue;
        found = 1;
        if (c->ncov == MAXCOV) {
            hs_errs_add(errs, e->file, e->line, "too many covariates; expected at most %d", MAXCOV);
            bad = 1;
            break;
        }
        int k = c->ncov;
        char buf[512], *tok[MAXLEV + 1];
        snprintf(c->name[k], sizeof c->name[k], "%s", e->key);
        snprintf(buf, sizeof buf, "%s", e->value);
        int n = hs_cfgval_split(buf, ',', tok, MAXLEV);
        double sum = 0.0;
        int ok = n >= 1;
        for (int j = 0; ok && j < n; j++) {
            char *colon = strchr(tok[j], ':');
            double p;
            if (!colon || colon == tok[j] || hs_fitcmd_num(colon + 1, &p) != 0 || p < 0.0 || p > 1.0) {
                ok = 0;
                break;
            }
            *colon = '\0';
            snprintf(c->lev[k][j], sizeof c->lev[k][j], "%s", tok[j]);
            c->prob[k][j] = p;
            sum += p;
        }
        if (!ok || fabs(sum - 1.0) > 1e-9) {
            hs_errs_add(errs, e->file, e->line,
                        "%s = '%s'; expected LEVEL:PROBABILITY, ... with probabilities summing to 1",
                        e->key, e->value);
            bad = 1;
            continue;
        }
        c->nlev[k] = n;
        c->ncov++;
    }
    if (!found && !bad) {
        hs_errs_add(errs, path, 0, "no [cohort] section; expected the covariate mix");
        bad = 1;
    }
    hs_inifile_free(ini);
    return bad ? -1 : 0;
}

static int set_effect(cohort *c, const char *spec, hs_errs *errs)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    char *eq = strchr(buf, '='), *dot = strchr(buf, '.');
    double x;
    if (!eq || !dot || dot > eq || hs_fitcmd_num(eq + 1, &x) != 0) {
        hs_errs_add(errs, "--effect", 0, "'%s'; expected COVARIATE.LEVEL=NUMBER", spec);
        return -1;
    }
    *eq = '\0';
    *dot = '\0';
    for (int k = 0; k < c->ncov; k++) {
        if (strcmp(c->name[k], buf) != 0)
            continue;
        for (int j = 0; j < c->nlev[k]; j++)
            if (!strcmp(c->lev[k][j], dot + 1)) {
                if (j == 0) {
                    hs_errs_add(errs, "--effect", 0, "'%s': '%s' is the reference level; expected "
                                "another level", spec, dot + 1);
                    return -1;
                }
                c->beta[k][j] = x;
                return 0;
            }
        hs_errs_add(errs, "--effect", 0, "'%s': covariate %s has no level '%s'", spec, buf, dot + 1);
        return -1;
    }
    hs_errs_add(errs, "--effect", 0, "'%s': no covariate '%s' in the cohort's [cohort]", spec, buf);
    return -1;
}

/* Strata of the product mix (independent covariates). Returns the count. */
static int strata(const cohort *c, double *w, double *lp)
{
    int n = 1, idx[MAXCOV] = {0};
    for (int k = 0; k < c->ncov; k++)
        n *= c->nlev[k];
    for (int s = 0; s < n; s++) {
        int r = s;
        w[s] = 1.0;
        lp[s] = 0.0;
        for (int k = 0; k < c->ncov; k++) {
            idx[k] = r % c->nlev[k];
            r /= c->nlev[k];
            w[s] *= c->prob[k][idx[k]];
            lp[s] += c->beta[k][idx[k]];
        }
    }
    return n;
}

/* The calibration targets: --landmarks TIME:SURVIVAL pairs, with --median
 * inserted as S = 0.5 at its place (*medidx; -1 without). 0 or 2 (errors). */
static int read_targets(const opts *o, double *t, double *s, int *np, double *med, int *has_med, int *medidx,
                        hs_errs *errs)
{
    int n = 0, bad = 0;
    *has_med = o->median_s != NULL;
    *medidx = -1;
    *med = 0.0;
    char buf[2048], *tok[HS_CALIB_MAX + 1];
    snprintf(buf, sizeof buf, "%s", o->landmarks);
    int nt = hs_cfgval_split(buf, ',', tok, HS_CALIB_MAX - 1);
    if (nt < 1) {
        hs_errs_add(errs, "--landmarks", 0, "'%s'; expected 1 to %d TIME:SURVIVAL pairs",
                    o->landmarks, HS_CALIB_MAX - 1);
        return 2;
    }
    for (int j = 0; j < nt; j++) {
        char *colon = strchr(tok[j], ':');
        if (!colon) {
            hs_errs_add(errs, "--landmarks", 0, "'%s'; expected TIME:SURVIVAL (e.g. 24:0.933)",
                        tok[j]);
            bad = 1;
            continue;
        }
        *colon = '\0';
        if (hs_fitcmd_num(tok[j], &t[n]) != 0 || hs_fitcmd_num(colon + 1, &s[n]) != 0) {
            hs_errs_add(errs, "--landmarks", 0, "'%s:%s'; expected TIME:SURVIVAL numbers", tok[j],
                        colon + 1);
            bad = 1;
            continue;
        }
        n++;
    }
    if (*has_med && (hs_fitcmd_num(o->median_s, med) != 0 || !(*med > 0.0))) {
        hs_errs_add(errs, "--median", 0, "'%s'; expected a time > 0 (months)", o->median_s);
        bad = 1;
        *has_med = 0;
    }
    if (bad)
        return 2;
    int bi;
    char why[200];
    if (hs_calib_check(t, s, n, &bi, why, sizeof why) != 0) {
        hs_errs_add(errs, "--landmarks", 0, "landmark %d (%g:%g): %s", bi + 1, t[bi], s[bi], why);
        return 2;
    }
    if (*has_med) {
        int pos = 0;
        while (pos < n && t[pos] < *med)
            pos++;
        if (pos < n && t[pos] == *med) {
            hs_errs_add(errs, "--median", 0, "%g is also a landmark time; expected one or the other",
                        *med);
            return 2;
        }
        memmove(t + pos + 1, t + pos, sizeof(double) * (size_t)(n - pos));
        memmove(s + pos + 1, s + pos, sizeof(double) * (size_t)(n - pos));
        t[pos] = *med;
        s[pos] = 0.5;
        n++;
        *medidx = pos;
        if (hs_calib_check(t, s, n, &bi, why, sizeof why) != 0) {
            hs_errs_add(errs, "--median", 0, "median %g is inconsistent with the landmarks (%s)",
                        *med, why);
            return 2;
        }
    }
    *np = n;
    return 0;
}

/* --n N and --n-at-risk T:N,... into the cohort size *N and the number at
 * risk nrisk[j] of each target j (0: binomial). 0 or 2 (errors to errs). */
static int read_sizes(const opts *o, const double *t, int n, double *N, double *nrisk, hs_errs *errs)
{
    int bad = 0;
    for (int j = 0; j < n; j++)
        nrisk[j] = 0.0;
    if (hs_fitcmd_num(o->n_s, N) != 0 || !(*N >= 1.0) || *N > 1e9) {
        hs_errs_add(errs, "--n", 0, "'%s'; expected the published cohort size, a number in [1, 1e9]",
                    o->n_s);
        return 2;
    }
    if (!o->nrisk_s)
        return 0;
    char buf[2048], *tok[HS_CALIB_MAX + 1];
    snprintf(buf, sizeof buf, "%s", o->nrisk_s);
    int nt = hs_cfgval_split(buf, ',', tok, HS_CALIB_MAX);
    if (nt < 1) {
        hs_errs_add(errs, "--n-at-risk", 0, "'%s'; expected TIME:NUMBER pairs at landmark times",
                    o->nrisk_s);
        return 2;
    }
    for (int i = 0; i < nt; i++) {
        char *colon = strchr(tok[i], ':');
        double tt, m;
        if (!colon) {
            hs_errs_add(errs, "--n-at-risk", 0, "'%s'; expected TIME:NUMBER (e.g. 24:51)", tok[i]);
            bad = 1;
            continue;
        }
        *colon = '\0';
        if (hs_fitcmd_num(tok[i], &tt) != 0 || hs_fitcmd_num(colon + 1, &m) != 0) {
            hs_errs_add(errs, "--n-at-risk", 0, "'%s:%s'; expected TIME:NUMBER numbers", tok[i],
                        colon + 1);
            bad = 1;
            continue;
        }
        int j = 0;
        while (j < n && t[j] != tt)
            j++;
        if (j == n) {
            hs_errs_add(errs, "--n-at-risk", 0, "time %g is not a landmark (nor the median); "
                        "expected a time of --landmarks or --median", tt);
            bad = 1;
        } else if (nrisk[j] > 0.0) {
            hs_errs_add(errs, "--n-at-risk", 0, "time %g given twice; expected each landmark once", tt);
            bad = 1;
        } else if (!(m >= 1.0) || m > *N) {
            hs_errs_add(errs, "--n-at-risk", 0, "%g at risk at %g; expected a number in [1, N = %g]", m,
                        tt, *N);
            bad = 1;
        } else {
            nrisk[j] = m;
        }
    }
    return bad ? 2 : 0;
}

/* Sampling covariance of the (clamped) targets, sig (n*n): the variance of
 * S_j is binomial, S(1-S)/N, or Peto's S^2 (1-S)/n_j with n_j at risk at t_j
 * (Peto et al. 1977, Br J Cancer 35:1); between two targets t_i < t_j of
 * one Kaplan-Meier curve, Cov(S_i, S_j) = (S_j / S_i) Var S_i (Greenwood's
 * independent increments: Cov(ln S_i, ln S_j) = Var ln S_i; with binomial
 * variances this is the multinomial S_j (1 - S_i) / N). Var ln S_j must grow
 * with t_j for sig to be positive definite: 0, or 2 with the error in errs
 * (a number at risk too large for its place). */
static int target_sig(const hs_calib_result *r, double N, const double *nrisk, double *var,
                      double *sig, hs_errs *errs)
{
    int n = r->ntarget;
    for (int j = 0; j < n; j++) {
        double s = r->s_used[j];
        var[j] = nrisk[j] > 0.0 ? s * s * (1.0 - s) / nrisk[j] : s * (1.0 - s) / N;
        if (j > 0 && !(var[j] / (s * s) > var[j - 1] / (r->s_used[j - 1] * r->s_used[j - 1]))) {
            hs_errs_add(errs, nrisk[j] > 0.0 || nrisk[j - 1] > 0.0 ? "--n-at-risk" : "--n", 0,
                        "the variance of ln S at %g (%.4g) is not above that at %g (%.4g); expected "
                        "fewer at risk at later landmarks and survival falling between them",
                        r->t[j], var[j] / (s * s), r->t[j - 1],
                        var[j - 1] / (r->s_used[j - 1] * r->s_used[j - 1]));
            return 2;
        }
    }
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            int a = i < j ? i : j, b = i < j ? j : i;
            sig[i * n + j] = r->s_used[b] / r->s_used[a] * var[a];
        }
    return 0;
}

/* The model file of a calibration (--out): 0 or 1. */
static int write_landmark_model(const opts *o, const hs_calib_result *r, const cohort *c, int n, int ns,
                                int has_med, const hs_model_covar *cv, const double *nrisk)
{
    char *buf2 = NULL, date[32];
    size_t len = 0;
    FILE *f = open_memstream(&buf2, &len);
    if (!f)
        return 1;
    hs_fitcmd_today(date, sizeof date);
    fprintf(f, "; written by hifusim fit --landmarks\n");
    hs_model_write_section(f, &r->model);
    fprintf(f, "\n[effects]\n");
    for (int k = 0; k < c->ncov; k++)
        for (int j = 1; j < c->nlev[k]; j++)
            if (c->beta[k][j] != 0.0)
                fprintf(f, "%s.%s = %.6g\n", c->name[k], c->lev[k][j], c->beta[k][j]);
    fprintf(f, "\n[provenance]\n");
    if (o->source)
        fprintf(f, "source = %s\n", o->source);
    fprintf(f, "method = landmark calibration, WLS on cloglog, effects fixed\n");
    fprintf(f, "targets = %s%s%s\n", o->landmarks, has_med ? "; median " : "",
            has_med ? o->median_s : "");
    if (o->cohort)
        fprintf(f, "cohort = %s (%d strata, covariates independent)\n", o->cohort, ns);
    for (int j = 0; j < n; j++)
        fprintf(f, "fit.%g = target %.4f, fitted %.5f, cloglog resid %+.5f\n", r->t[j], r->s[j],
                r->fitted[j], r->resid[j]);
    if (cv) {
        fprintf(f, "covariance = landmark SEs (binomial, N = %g", cv->n);
        int peto = 0;
        for (int j = 0; j < n; j++)
            if (nrisk[j] > 0.0)
                fprintf(f, "%s%g:%g", peto++ ? "," : "; Peto, at risk ", r->t[j], nrisk[j]);
        fprintf(f, "; one KM curve) through the calibration, delta method; see [covariance]\n");
        if (o->nsource)
            fprintf(f, "n_source = %s\n", o->nsource);
    }
    fprintf(f, "wrss = %.6g\ndate = %s\n", r->wrss, date);
    if (cv) {
        static const char *const cm[] = {
            "covariance of the calibrated parameters above by the delta method: cov = J V J^T,",
            "J = d theta / d S_j by implicit differentiation of the WLS optimum;",
            "Var S_j = S_j (1 - S_j) / N (binomial, N patients), or S_j^2 (1 - S_j) / n_j where n_j are at",
            "risk at t_j (Peto et al. 1977); Cov(S_i, S_j) = (S_j / S_i) Var S_i for t_i < t_j (one",
            "Kaplan-Meier curve: Greenwood's independent increments); S_j as used (a 1.00 clamped to",
            "0.995); the effects are fixed, not estimated"};
        fprintf(f, "\n");
        hs_model_write_covar(f, cv, cm, (int)(sizeof cm / sizeof cm[0]));
    }
    fclose(f);
    int rc = hs_fitcmd_commit(o->out, buf2, len) != 0;
    free(buf2);
    return rc;
}

int hs_fit_landmarks_run(const opts *o, hs_family fam, int form_given, hs_effect form,
                         const double *cuts, int ncuts, hs_errs *errs)
{
    double t[HS_CALIB_MAX], s[HS_CALIB_MAX], med = 0.0;
    int n = 0, has_med = 0, medidx = -1;
    if (read_targets(o, t, s, &n, &med, &has_med, &medidx, errs) != 0)
        return 2;
    double N = 0.0, nrisk[HS_CALIB_MAX];
    if (o->n_s && read_sizes(o, t, n, &N, nrisk, errs) != 0)
        return 2;
    char why[200];
    cohort *c = calloc(1, sizeof *c);
    double *w = malloc(sizeof(double) * MAXSTRATA), *lp = malloc(sizeof(double) * MAXSTRATA);
    int rc = 0, ns = 1;
    hs_model_covar *cv = NULL;
    if (!c || !w || !lp) {
        rc = 1;
        goto done;
    }
    w[0] = 1.0;
    lp[0] = 0.0;
    if (o->cohort) {
        if (load_cohort(o->cohort, c, errs) != 0) {
            rc = 2;
            goto done;
        }
        long prod = 1;
        for (int k = 0; k < c->ncov; k++)
            prod *= c->nlev[k];
        if (prod > MAXSTRATA) {
            hs_errs_add(errs, o->cohort, 0, "%ld covariate combinations; expected at most %d", prod,
                        MAXSTRATA);
            rc = 2;
            goto done;
        }
    } else if (o->neff > 0) {
        hs_errs_add(errs, "--effect", 0, "needs --cohort CONFIG (the mix to average over)");
        rc = 2;
        goto done;
    }
    for (int j = 0; j < o->neff; j++)
        if (set_effect(c, o->eff[j], errs) != 0)
            rc = 2;
    if (rc)
        goto done;
    if (o->cohort)
        ns = strata(c, w, lp);

    hs_fit_spec sp;
    memset(&sp, 0, sizeof sp);
    sp.family = fam;
    sp.effect = form_given ? form : (hs_effect)hs_fitcmd_default_form(fam);
    if (fam == HS_FAM_PIECEWISE) {
        if (ncuts > 0) {
            sp.npieces = ncuts;
            memcpy(sp.cut, cuts, sizeof(double) * (size_t)ncuts);
        } else {
            sp.npieces = n;
            sp.cut[0] = 0.0;
            for (int j = 1; j < n; j++)
                sp.cut[j] = t[j - 1];
        }
    }
    hs_calib_result r;
    if (hs_calib_fit(&sp, t, s, n, w, lp, ns, &r, why, sizeof why) != 0) {
        hs_errs_add(errs, "--landmarks", 0, "%s calibration: %s", hs_hazard_family_name(fam), why);
        rc = 2;
        goto done;
    }
    double var[HS_CALIB_MAX], sig[HS_CALIB_MAX * HS_CALIB_MAX], cov[HS_FIT_KMAX * HS_FIT_KMAX];
    if (o->n_s) {
        cv = calloc(1, sizeof *cv);
        if (!cv) {
            rc = 1;
            goto done;
        }
        if (target_sig(&r, N, nrisk, var, sig, errs) != 0) {
            rc = 2;
            goto done;
        }
        if (hs_calib_covar(&sp, &r, w, lp, ns, sig, cov, NULL, why, sizeof why) != 0) {
            hs_errs_add(errs, "--n", 0, "no covariance: %s", why);
            rc = 2;
            goto done;
        }
        cv->k = r.k;
        cv->n = N;
        strcpy(cv->source, "landmarks");
        for (int a = 0; a < r.k; a++) {
            hs_model_covar_base(&r.model, a, cv->name[a], HS_COVAR_NAME, NULL);
            cv->mean[a] = r.theta[a];
            for (int b = 0; b <= a; b++)
                cv->cov[a * (a + 1) / 2 + b] = cov[a * r.k + b];
        }
    }
    double fmed = hs_calib_mix_quantile(&r.model, w, lp, ns, 0.5);
    printf("calibrated %s (%s) to %d targets over %d cohort strata; WLS on cloglog\n",
           hs_hazard_family_name(fam), sp.effect == HS_EFFECT_PH ? "ph" : "aft", n, ns);
    printf("%8s %8s %8s %9s %9s %10s %8s%s\n", "time", "target", "used", "fitted", "diff",
           "cloglog_r", "weight", cv ? "   se(S)" : "");
    for (int j = 0; j < n; j++) {
        printf("%8g %8.4f %8.4f %9.5f %+9.5f %+10.5f %8.4f", r.t[j], r.s[j], r.s_used[j],
               r.fitted[j], r.fitted[j] - r.s[j], r.resid[j], r.w[j]);
        if (cv)
            printf(" %8.5f", sqrt(var[j]));
        printf("%s\n", j == medidx ? "  (median)" : "");
    }
    if (has_med)
        printf("median: target %g, fitted %.4f months (%+.4f)\n", med, fmed, fmed - med);
    else
        printf("median: fitted %.4f months\n", fmed);
    printf("weighted RSS %.6g; max |fitted - used| %.5f\n", r.wrss, r.max_abs_diff);
    if (r.max_abs_diff > 0.005)
        printf("MISFIT: %s cannot meet these targets: max |fitted - target| = %.4f "
               "(use a family that can bend, e.g. piecewise)\n",
               hs_hazard_family_name(fam), r.max_abs_diff);
    if (cv) {
        printf("se(S): binomial sqrt(S(1-S)/N), N = %g; Peto sqrt(S^2(1-S)/n) where n at risk is "
               "given (Peto et al. 1977)\n", N);
        printf("%-20s %14s %12s   (delta method through the calibration; effects fixed)\n",
               "parameter", "estimate", "se");
        for (int a = 0; a < cv->k; a++)
            printf("%-20s %14.6g %12.6g\n", cv->name[a], cv->mean[a],
                   sqrt(cv->cov[a * (a + 1) / 2 + a]));
    }
    if (o->out && write_landmark_model(o, &r, c, n, ns, has_med, cv, nrisk) != 0)
        rc = 1;
done:
    free(cv);
    free(c);
    free(w);
    free(lp);
    return rc;
}

