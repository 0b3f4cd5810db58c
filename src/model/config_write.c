/* config_write.c — the resolved config as text: hs_config_write prints it in
 * readable INI-like form (what `hifusim check` shows; 10 significant
 * digits, evenly spaced lists as ranges), hs_config_hash digests the
 * canonical form of the same text (every number as %.17g, no model file
 * paths, no comments) with 64-bit FNV-1a (Fowler, Noll, Vo; offset basis
 * 14695981039346656037, prime 1099511628211). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "config.h"

typedef struct sink {
    FILE *f;
    uint64_t h;
    int prec;
} sink;

__attribute__((format(printf, 2, 3))) static void emit(sink *s, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if (s->f) {
        fputs(buf, s->f);
        return;
    }
    size_t m = (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1;
    for (size_t i = 0; i < m; i++) {
        s->h ^= (unsigned char)buf[i];
        s->h *= 1099511628211ULL;
    }
}

static void emit_list(sink *s, const char *key, const double *x, int n)
{
    emit(s, "%-14s =", key);
    if (s->f && n > 3) { /* readable form: an evenly spaced list as a range */
        double step = x[1] - x[0];
        int even = step > 0;
        for (int i = 2; i < n && even; i++)
            even = fabs(x[i] - (x[0] + i * step)) <= 1e-9 * fabs(step);
        if (even) {
            emit(s, " %.*g:%.*g:%.*g   ; %d points\n", s->prec, x[0], s->prec, x[n - 1], s->prec,
                 step, n);
            return;
        }
    }
    for (int i = 0; i < n; i++)
        emit(s, "%s %.*g", i ? "," : "", s->prec, x[i]);
    emit(s, "\n");
}

static void emit_pieces(sink *s, const char *key, const double *cut, const double *val, int n)
{
    emit(s, "%-14s =", key);
    for (int i = 0; i < n; i++)
        emit(s, "%s %.*g:%.*g", i ? "," : "", s->prec, cut[i], s->prec, val[i]);
    emit(s, "\n");
}

/* One [arm NAME] section: the arm's model, allocation, dropout and effects. */
static void write_arm(const hs_config *c, int a, sink *s)
{
    int p = s->prec;
    const hs_arm *arm = &c->arm[a];
    const hs_hazard *m = &arm->model;
    emit(s, "\n[arm %s]\n", arm->name);
    if (arm->model_path[0] && s->f) /* paths depend on the directory: not hashed */
        emit(s, "; model file %s\n", arm->model_path);
    if (arm->reference >= 0)
        emit(s, "; reference arm %s\n", c->arm[arm->reference].name);
    emit(s, "family         = %s\n", hs_hazard_family_name(m->family) ? hs_hazard_family_name(m->family) : "?");
    switch (m->family) {
    case HS_FAM_EXPONENTIAL:
        emit(s, "rate           = %.*g   ; median %.*g months\n", p, m->par[0], p,
             m->par[0] > 0 ? log(2.0) / m->par[0] : INFINITY);
        break;
    case HS_FAM_WEIBULL:
    case HS_FAM_LOGLOGISTIC:
        emit(s, "shape          = %.*g\nscale          = %.*g\n", p, m->par[0], p, m->par[1]);
        break;
    case HS_FAM_GOMPERTZ:
        emit(s, "shape          = %.*g\nrate           = %.*g\n", p, m->par[0], p, m->par[1]);
        break;
    case HS_FAM_LOGNORMAL:
        emit(s, "meanlog        = %.*g\nsdlog          = %.*g\n", p, m->par[0], p, m->par[1]);
        break;
    case HS_FAM_PIECEWISE:
        emit_pieces(s, "rates", m->cut, m->rate, m->npieces);
        break;
    default:
        break;
    }
    emit(s, "cure           = %.*g\neffect         = %s\n", p, m->cure,
         m->effect == HS_EFFECT_AFT ? "aft" : "ph");
    if (m->nhr > 0)
        emit_pieces(s, "hr", m->hr_cut, m->hr, m->nhr);
    emit(s, "allocation     = %d\ndropout        = %.*g   ; rate %.*g per month\n",
         arm->allocation, p, arm->dropout_p, p, arm->dropout_rate);
    for (int ci = 0; ci < c->ncov; ci++)
        for (int l = 1; l < c->cov[ci].nlevels; l++) {
            char k[2 * HS_NAME_MAX + 2];
            snprintf(k, sizeof k, "%s.%s", c->cov[ci].name, c->cov[ci].level[l]);
            emit(s, "%-14s = %.*g\n", k, p, arm->beta[ci][l]);
        }
}

/* [prior]: each key with its range and the mass inside it; each from_fit
 * arm's parameters with their means and SDs (and, for the hash, the whole
 * covariance factor). */
static void write_prior(const hs_config *c, sink *s)
{
    const hs_prior_spec *p = &c->prior;
    if (p->nkeys + p->nfit == 0)
        return;
    emit(s, "\n[prior]\n");
    for (int k = 0; k < p->nkeys; k++) {
        const hs_prior_key *q = &p->key[k];
        char text[160];
        hs_prior_text(&q->dist, text, sizeof text);
        emit(s, "%s = %s    ; drawn in %s%.*g, %.*g%s", q->name, text, q->dist.lo_open || isinf(q->dist.lo) ? "(" : "[", s->prec,
             q->dist.lo, s->prec, q->dist.hi, q->dist.hi_open || isinf(q->dist.hi) ? ")" : "]");
        if (q->mass < 1)
            emit(s, " (truncated: %.*g of the prior's mass)", s->prec, q->mass);
        emit(s, "\n");
    }
    for (int f = 0; f < p->nfit; f++) {
        const hs_prior_fit *fit = &p->fit[f];
        emit(s, "from_fit = %s    ; multivariate normal, %d parameters (mean, sd):\n", c->arm[fit->arm].name,
             fit->mvn.k);
        for (int i = 0; i < fit->mvn.k; i++)
            emit(s, ";   %s %.*g %.*g\n", fit->name[i], s->prec, fit->mvn.mean[i], s->prec, fit->mvn.sd[i]);
        if (!s->f)
            for (int i = 0; i < HS_PRIOR_PACKED(fit->mvn.k); i++)
                emit(s, "%.17g\n", fit->mvn.chol[i]);
    }
    if (p->conditional)
        emit(s, "conditional = yes\n");
}

static void write_all(const hs_config *c, sink *s)
{
    int p = s->prec;
    emit(s, "[run]\nname           = %s\nseed           = %llu\nreplicates     = %llu\n\n", c->name,
         (unsigned long long)c->seed, (unsigned long long)c->replicates);
    emit(s, "[cohort]\n");
    for (int i = 0; i < c->ncov; i++) {
        const hs_covariate *cv = &c->cov[i];
        emit(s, "%-14s =", cv->name);
        for (int j = 0; j < cv->nlevels; j++)
            emit(s, "%s %s:%.*g", j ? "," : "", cv->level[j], p, cv->prob[j]);
        emit(s, "   ; reference level %s\n", cv->level[0]);
        if (c->cap[i] > 0)
            emit(s, "%s.max%*s = %s   ; eligibility cap, mix renormalised\n", cv->name,
                 (int)(strlen(cv->name) < 10 ? 10 - strlen(cv->name) : 0), "", cv->level[c->cap[i] - 1]);
    }
    for (int a = 0; a < c->narms; a++)
        write_arm(c, a, s);
    const hs_design *d = &c->design;
    emit(s, "\n[design]\ncontrol        = %s\nexperimental   = %s\n",
         d->control >= 0 ? c->arm[d->control].name : "?",
         d->experimental >= 0 ? c->arm[d->experimental].name : "?");
    emit(s, "n              =");
    for (int i = 0; i < d->nn; i++)
        emit(s, "%s %d", i ? "," : "", d->n[i]);
    emit(s, "\n");
    if (d->naccrual > 0)
        emit_pieces(s, "accrual", d->accrual_start, d->accrual_rate, d->naccrual);
    else
        emit(s, "accrual        = %.*g\n", p, d->accrual_months);
    emit(s, "dropout        = %.*g   ; rate %.*g per month\n", p, d->dropout_p, p, d->dropout_rate);
    if (d->analysis == HS_ANALYSIS_EVENTS)
        emit(s, "analysis       = events:%lld\n", d->analysis_events);
    else if (d->analysis == HS_ANALYSIS_FOLLOWUP)
        emit(s, "analysis       = followup:%.*g\n", p, d->analysis_time);
    else
        emit(s, "analysis       = calendar:%.*g\n", p, d->analysis_time);
    emit(s, "test           = %s\nalpha          = %.*g\nsides          = %d\nstrata         = %s\n",
         d->test.text, p, d->alpha, d->sides,
         d->strata >= 0 ? c->cov[d->strata].name : "");
    if (d->nalso > 0) { /* without also_test a config writes (and hashes) as before */
        emit(s, "also_test      =");
        for (int i = 0; i < d->nalso; i++)
            emit(s, " %s", d->also[i].text);
        emit(s, "\n");
    }
    emit_list(s, "grid", d->grid, d->ngrid);
    emit_list(s, "landmarks", d->landmarks, d->nlandmarks);
    emit(s, "tau            = %.*g\n", p, d->tau);
    if (d->nlooks > 0) { /* a fixed design writes (and hashes) as before */
        char lk[512], ef[512], fu[512];
        hs_config_looks_text(d, lk, ef, fu, sizeof fu);
        emit(s, "looks          = %s\nefficacy       = %s\nfutility       = %s\n", lk, ef, fu);
        emit(s, "futility_binding = %s\nbeta           = %.*g\n", d->gsd.binding ? "yes" : "no", p,
             d->gsd.beta);
    }
    emit(s, "\n[analysis]\nties           = %s\n", d->ties == HS_TIES_BRESLOW ? "breslow" : "efron");
    if (d->lean) /* outputs = all writes (and hashes) as before */
        emit(s, "outputs        = power\n");
    emit(s, "\n[plan]\n");
    emit_list(s, "target_power", c->plan.target_power, c->plan.ntarget);
    emit(s, "n_min          = %d\nn_max          = %d\nreplicates_coarse = %llu\nreplicates_fine = %llu\n",
         c->plan.n_min, c->plan.n_max, (unsigned long long)c->plan.replicates_coarse,
         (unsigned long long)c->plan.replicates_fine);
    if (c->plan.solve_followup) /* the defaults write (and hash) as before */
        emit(s, "solve          = followup\nfollowup_max   = %.*g\n", p, c->plan.followup_max);
    if (c->plan.events_fixed)
        emit(s, "events         = fixed\n");
    if (c->plan.events_by > 0)
        emit(s, "events_by      = %.*g\n", p, c->plan.events_by);
    if (c->nsweep > 0) {
        emit(s, "\n[sweep]\n");
        for (int i = 0; i < c->nsweep; i++)
            emit(s, "%s = %s\n", c->sweep[i].key, c->sweep[i].value);
    }
    write_prior(c, s);
}

void hs_config_write(const hs_config *c, FILE *f)
{
    sink s = {f, 0, 10};
    write_all(c, &s);
}

uint64_t hs_config_hash(const hs_config *c)
{
    sink s = {NULL, 14695981039346656037ULL, 17};
    write_all(c, &s);
    return s.h;
}
