/* plancmd.c — see plancmd.h. options -> config -> analytic figures (rank 0,
 * broadcast) -> adaptive search (plan.h; each batch of N is one driver run
 * whose results rank 0 broadcasts, so every rank takes the same next step)
 * -> simulated power at the analytic N -> plan.json, plan.csv, headline.
 *
 * Every N uses stream key 0 (common random numbers). Event-driven designs
 * (analysis = events:K at the config's first N, n0) keep K/n0 events per
 * patient: at N the analysis is at event round(N K/n0). With [plan] events
 * = fixed (and events_by = X) nothing is searched by simulation: N is the
 * smallest whose expected K-th event comes by month X (analytic.h), found
 * on rank 0 before the output folder is locked, then simulated once. */
#include "plancmd.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analytic.h"
#include "config.h"
#include "front.h"
#include "manifest.h"
#include "output.h"
#include "par.h"
#include "plan.h"
#include "planrun.h"
#include "priordraw.h"
#include "signals.h"
#include "targets.h"
#include "version.h"

typedef struct plan_opts {
    hs_front_opts f;
    int ntarget;
    double target[HS_PLAN_TARGETS_MAX];
} plan_opts;

static const char *usage_text =
    "usage: hifusim plan CONFIG [--target-power P[,P...]] [--out DIR] [--set KEY=VALUE]...\n"
    "                           [--seed S] [--quiet] [--chunk C] [--no-report]\n"
    "\n"
    "Power curve over N (common random numbers: patient i is the same patient at\n"
    "every N) and the smallest N reaching each target power, with an interval\n"
    "from Monte Carlo uncertainty; Schoenfeld, Freedman and event-probability\n"
    "figures alongside. Writes plan.json and plan.csv to results/<name>/ (or\n"
    "--out DIR). Grid and replicates come from the config's [plan] section.\n"
    "\n"
    "  --target-power P,...  target powers in (0,1) (default [plan] target_power)\n"
    "  --out DIR             output folder (default results/<[run] name>)\n"
    "  --set KEY=VALUE       override any config key (section.key=value)\n"
    "  --seed S              override [run] seed\n"
    "  --quiet               no progress lines\n"
    "  --chunk C             replicates per work unit (default 64; results do not depend on it)\n"
    "  --no-report           do not write report.html and plots/ (hifusim report)\n"
    "  --also-conditional    with a [prior]: also the power at the point estimates, on the same\n"
    "                        patients (= --set prior.conditional=yes)\n"
    "Exit 2 when a target is not reached within [plan] n_max (the largest power seen is reported).\n"
    "With [plan] events = fixed and events_by = X: N is the smallest whose expected K-th event comes\n"
    "by month X, simulated once; exit 2 when n_max cannot reach K by then.\n";

/* hs_front_own_fn: --target-power. */
static int plan_opt(void *ctx, int c, const char *arg, int root)
{
    plan_opts *o = ctx;
    char msg[200];
    if (c != 't')
        return -1;
    if (hs_targets_parse(arg, HS_PLAN_TARGETS_MAX, &o->ntarget, o->target, msg, sizeof msg) == 0)
        return 0;
    if (root)
        fprintf(stderr, "--target-power %s: %s\n", arg, msg);
    return 1;
}

static int parse_args(int argc, char **argv, void *opts, int root)
{
    plan_opts *o = opts;
    static const struct option longopts[] = {
        {"target-power", required_argument, NULL, 't'},
        HS_FRONT_OUT, HS_FRONT_SET, HS_FRONT_SEED, HS_FRONT_QUIET, HS_FRONT_CHUNK, HS_FRONT_NOREPORT, HS_FRONT_ALSOCOND,
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    memset(o, 0, sizeof *o);
    hs_front_opts_init(&o->f, 64);
    return hs_front_parse(&o->f, argc, argv, "plan", longopts, usage_text, plan_opt, o, root);
}

/* [plan] events = fixed with events_by (design.md "Timelines"): the N
 * found from the models, before anything is simulated (rank 0, broadcast). */
typedef struct fixed_plan {
    int n;                  /* the smallest N whose expected K-th event comes by `by` */
    int n_lo;               /* the range searched: max(n_min, K) .. n_max */
    double k, by;           /* K and [plan] events_by */
    double accrual_duration; /* months to enrol n */
    double accrual_rate;    /* n / accrual_duration (the mean rate under piecewise accrual) */
    int duration_given;     /* accrual given as a duration: it stays and the rate grows with N;
                             * else the rate stays and the duration follows N */
    double t_expected;      /* expected calendar time of the K-th event at n */
    double events_expected; /* expected events by `by` at n */
} fixed_plan;

typedef struct plan_ctx {
    const plan_opts *o;
    const hs_config *cfg;
    hs_planrun run; /* the base design, its events per patient and the driver (planrun.h) */
    double ceiling, ceiling_se; /* with a prior: the assurance ceiling (priordraw.h) */
    uint64_t ceiling_draws;
    fixed_plan fx; /* events = fixed: fx.n > 0 */
} plan_ctx;

#define HS_PLAN_CEILING_DRAWS 200000u

typedef struct analytic_out {
    int ok;
    hs_analytic_design d[HS_PLAN_TARGETS_MAX];
    int has_mix, exponential;
} analytic_out;

static json_t *jnum(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static const char *stage_name(int s) { return s == 0 ? "coarse" : s == 1 ? "fine" : "analytic"; }

static const char *cut_label(hs_sc_cut k)
{
    return k == HS_SC_CUT_EVENTS ? "events" : k == HS_SC_CUT_FOLLOWUP ? "followup" : "calendar";
}

/* solve = followup: a point's n is the searched time (planrun.h); n_base the config's N, else -1. */
static json_t *point_json(const hs_plan_point *p, int events, int n_base)
{
    json_t *o = json_object();
    json_object_set_new(o, "n", json_integer(n_base > 0 ? n_base : p->n));
    if (n_base > 0)
        json_object_set_new(o, "followup", json_real(hs_planrun_time(p->n)));
    json_object_set_new(o, "events", events ? json_integer(p->events) : json_null());
    json_object_set_new(o, "stage", json_string(stage_name(p->stage)));
    json_object_set_new(o, "replicates", json_integer((json_int_t)p->replicates));
    json_object_set_new(o, "rejections", json_integer((json_int_t)p->rejections));
    json_object_set_new(o, "power", jnum(p->power));
    json_object_set_new(o, "ci_low", jnum(p->ci_low));
    json_object_set_new(o, "ci_high", jnum(p->ci_high));
    json_object_set_new(o, "events_mean", jnum(p->events_mean));
    json_object_set_new(o, "duration_mean", jnum(p->duration_mean));
    if (isfinite(p->cond_power))
        json_object_set_new(o, "conditional_power", json_real(p->cond_power));
    return o;
}

static int cmp_pts(const void *a, const void *b)
{
    const hs_plan_point *x = a, *y = b;
    if (x->n != y->n)
        return (x->n > y->n) - (x->n < y->n);
    return (x->stage > y->stage) - (x->stage < y->stage);
}

typedef struct summary {
    const plan_ctx *x;
    const hs_plan_result *r;
    const analytic_out *an;
    const hs_plan_point *at_analytic; /* per target, or NULL */
    char notes[8][1024];
    int nnotes;
} summary;

static json_t *build_json(const summary *s)
{
    const plan_ctx *x = s->x;
    const hs_config *c = x->cfg;
    const hs_scenario *b = &x->run.base;
    int ev = b->cut == HS_SC_CUT_EVENTS;
    json_t *root = json_object();
    json_object_set_new(root, "config", json_string(x->o->f.config));
    json_object_set_new(root, "name", json_string(c->name));
    json_object_set_new(root, "seed", json_integer((json_int_t)c->seed));
    json_object_set_new(root, "hifusim", json_string(hs_version()));
    json_t *d = json_object();
    int fu = x->run.solve_followup, nb = fu ? b->n : -1;
    json_object_set_new(d, "analysis", json_string(cut_label(b->cut)));
    json_object_set_new(d, "events_per_patient", ev && !x->run.events_fixed ? json_real(x->run.q) : json_null());
    json_object_set_new(d, "analysis_time", b->cut == HS_SC_CUT_CALENDAR ? json_real(b->cut_value) : json_null());
    json_object_set_new(d, "followup", b->cut == HS_SC_CUT_FOLLOWUP ? json_real(b->cut_value) : json_null());
    json_object_set_new(d, "events", ev ? json_real(b->cut_value) : json_null());
    json_object_set_new(d, "alpha", json_real(b->alpha));
    json_object_set_new(d, "sides", json_integer(b->sides));
    json_t *al = json_array();
    json_array_append_new(al, json_integer(b->arm[0].weight));
    json_array_append_new(al, json_integer(b->arm[1].weight));
    json_object_set_new(d, "allocation", al);
    json_object_set_new(d, "test", json_string(b->test.text));
    json_object_set_new(d, "strata", b->strata_cov >= 0 ? json_string(c->cov[b->strata_cov].name) : json_null());
    json_object_set_new(root, "design", d);
    json_t *pl = json_object();
    json_object_set_new(pl, "n_min", json_integer(c->plan.n_min));
    json_object_set_new(pl, "n_max", json_integer(c->plan.n_max));
    json_object_set_new(pl, "unit", json_integer(b->arm[0].weight + b->arm[1].weight));
    json_object_set_new(pl, "replicates_coarse", json_integer((json_int_t)c->plan.replicates_coarse));
    json_object_set_new(pl, "replicates_fine", json_integer((json_int_t)c->plan.replicates_fine));
    json_object_set_new(pl, "solve", json_string(fu ? "followup" : "n"));
    json_object_set_new(pl, "events", json_string(x->run.events_fixed ? "fixed" : "ratio"));
    json_object_set_new(pl, "followup_max", fu ? json_real(c->plan.followup_max) : json_null());
    const fixed_plan *fx = &x->fx;
    if (fx->n > 0)
        json_object_set_new(pl, "events_by", json_real(fx->by));
    json_object_set_new(root, "plan", pl);
    if (fx->n > 0 && s->r->npoints > 0) { /* events = fixed: N from the timeline, then simulated */
        const hs_plan_point *p = &s->r->points[0];
        json_t *o = json_object(), *st = json_object();
        json_object_set_new(o, "events", json_real(fx->k));
        json_object_set_new(o, "events_by", json_real(fx->by));
        json_object_set_new(o, "n", json_integer(fx->n));
        json_object_set_new(o, "accrual_given", json_string(fx->duration_given ? "duration" : "rate"));
        json_object_set_new(o, "accrual_duration", jnum(fx->accrual_duration));
        json_object_set_new(o, "accrual_rate", jnum(fx->accrual_rate));
        json_object_set_new(o, "expected_event_time", jnum(fx->t_expected));
        json_object_set_new(o, "expected_events_by", jnum(fx->events_expected));
        json_object_set_new(o, "replicates", json_integer((json_int_t)p->replicates));
        json_object_set_new(o, "power", jnum(p->power));
        json_object_set_new(o, "power_se", jnum(sqrt(p->power * (1 - p->power) / (double)p->replicates)));
        json_object_set_new(o, "power_ci_low", jnum(p->ci_low));
        json_object_set_new(o, "power_ci_high", jnum(p->ci_high));
        json_object_set_new(st, "mean", jnum(p->duration_mean));
        json_object_set_new(st, "q025", jnum(p->duration_q025));
        json_object_set_new(st, "q500", jnum(p->duration_q500));
        json_object_set_new(st, "q975", jnum(p->duration_q975));
        json_object_set_new(o, "simulated_event_time", st);
        json_object_set_new(root, "events_fixed", o);
    }
    if (hs_scenario_has_prior(b)) { /* design.md "Assurance": every power below is an assurance */
        json_object_set_new(root, "assurance", json_true());
        json_object_set_new(root, "assurance_ceiling", json_real(x->ceiling));
        json_object_set_new(root, "assurance_ceiling_se", json_real(x->ceiling_se));
        json_object_set_new(root, "assurance_ceiling_draws", json_integer((json_int_t)x->ceiling_draws));
    }

    json_t *ta = json_array();
    for (int k = 0; k < s->r->ntarget; k++) {
        const hs_plan_target *t = &s->r->target[k];
        const hs_analytic_design *ad = &s->an->d[k];
        json_t *o = json_object();
        json_object_set_new(o, "target_power", json_real(t->target));
        json_object_set_new(o, "reached", json_boolean(t->reached));
        int have = t->reached || fx->n > 0; /* events = fixed: N is the answer either way */
        if (fx->n > 0)
            json_object_set_new(o, "schoenfeld_events_needed",
                                s->an->ok && s->an->d[k].n > 0 ? jnum(s->an->d[k].schoenfeld_events) : json_null());
        if (fu) { /* the config's N; the follow-up (or calendar time) was searched */
            json_object_set_new(o, "recommended_n", json_integer(b->n));
            json_object_set_new(o, "recommended_followup", t->reached ? json_real(hs_planrun_time(t->n)) : json_null());
            json_object_set_new(o, "recommended_followup_low", t->reached ? json_real(hs_planrun_time(t->n_low)) : json_null());
            json_object_set_new(o, "recommended_followup_high", t->reached ? json_real(hs_planrun_time(t->n_high)) : json_null());
        } else {
            json_object_set_new(o, "recommended_n", have ? json_integer(t->n) : json_null());
            json_object_set_new(o, "recommended_n_low", have ? json_integer(t->n_low) : json_null());
            json_object_set_new(o, "recommended_n_high", have ? json_integer(t->n_high) : json_null());
        }
        json_object_set_new(o, "n_high_capped", json_boolean(t->high_capped));
        json_object_set_new(o, "at_n_min", json_boolean(t->at_n_min));
        json_object_set_new(o, "events_needed",
                            !have ? json_null() : ev ? json_integer(t->at.events) : jnum(t->at.events_mean));
        json_object_set_new(o, "power", have ? jnum(t->at.power) : json_null());
        json_object_set_new(o, "power_ci_low", have ? jnum(t->at.ci_low) : json_null());
        json_object_set_new(o, "power_ci_high", have ? jnum(t->at.ci_high) : json_null());
        json_object_set_new(o, "replicates", have ? json_integer((json_int_t)t->at.replicates) : json_null());
        if (b->prior.conditional)
            json_object_set_new(o, "conditional_power", have ? jnum(t->at.cond_power) : json_null());
        if (have) {
            json_t *at = json_object();
            json_object_set_new(at, "mean", jnum(t->at.duration_mean));
            json_object_set_new(at, "sd", jnum(t->at.duration_sd));
            json_object_set_new(at, "q025", jnum(t->at.duration_q025));
            json_object_set_new(at, "q500", jnum(t->at.duration_q500));
            json_object_set_new(at, "q975", jnum(t->at.duration_q975));
            json_object_set_new(o, "analysis_time", at);
        } else
            json_object_set_new(o, "analysis_time", json_null());
        json_object_set_new(o, "max_power_seen", jnum(t->max_power));
        json_object_set_new(o, "max_power_n", json_integer(fu ? b->n : t->max_power_n));
        if (fu)
            json_object_set_new(o, "max_power_followup", json_real(hs_planrun_time(t->max_power_n)));
        json_t *a = json_object();
        int aok = s->an->ok && ad->n > 0;
        json_object_set_new(a, "hazard_ratio", aok ? jnum(ad->hr) : json_null());
        json_object_set_new(a, "schoenfeld_events", aok ? jnum(ad->schoenfeld_events) : json_null());
        json_object_set_new(a, "freedman_events", aok ? jnum(ad->freedman_events) : json_null());
        json_object_set_new(a, "event_probability", aok ? jnum(ad->event_prob) : json_null());
        json_object_set_new(a, "n", aok ? json_integer(ad->n) : json_null());
        json_object_set_new(a, "events_at_n", aok ? json_integer(ad->events_at_n) : json_null());
        json_object_set_new(a, "events", aok ? jnum(ad->events) : json_null());
        json_object_set_new(a, "accrual_duration", aok ? jnum(ad->accrual_duration) : json_null());
        json_object_set_new(a, "followup", aok ? jnum(ad->followup) : json_null());
        json_object_set_new(a, "expected_analysis_time", aok ? jnum(ad->analysis_time) : json_null());
        json_object_set_new(a, "lachin_foulkes_n", aok ? jnum(ad->lachin_foulkes_n) : json_null());
        if (b->nlooks > 1) { /* design.md: maximum events and inflation; not rounded */
            json_object_set_new(a, "gsd_events", aok ? jnum(ad->gsd_events) : json_null());
            json_object_set_new(a, "inflation", aok ? jnum(ad->inflation) : json_null());
            json_object_set_new(a, "expected_events_h1", aok ? jnum(ad->expected_events_h1) : json_null());
            json_object_set_new(a, "expected_events_h0", aok ? jnum(ad->expected_events_h0) : json_null());
        }
        const hs_plan_point *sp = &s->at_analytic[k];
        int sim = aok && sp->replicates > 0;
        json_object_set_new(a, "simulated_power_at_n", sim ? jnum(sp->power) : json_null());
        json_object_set_new(a, "simulated_power_ci_low", sim ? jnum(sp->ci_low) : json_null());
        json_object_set_new(a, "simulated_power_ci_high", sim ? jnum(sp->ci_high) : json_null());
        json_object_set_new(o, "analytic", a);
        json_array_append_new(ta, o);
    }
    json_object_set_new(root, "targets", ta);
    json_t *model = json_object();
    const hs_analytic_design *d0 = &s->an->d[0];
    json_object_set_new(model, "covariate_mix", json_boolean(s->an->has_mix));
    json_object_set_new(model, "exponential", json_boolean(s->an->exponential));
    json_object_set_new(model, "hr_min", s->an->ok ? jnum(d0->hr_min) : json_null());
    json_object_set_new(model, "hr_max", s->an->ok ? jnum(d0->hr_max) : json_null());
    json_object_set_new(root, "analytic_model", model);
    json_object_set_new(root, "monotone", json_boolean(s->r->monotone));
    json_object_set_new(root, "max_drop", json_real(s->r->max_drop));
    json_object_set_new(root, "max_drop_se", jnum(s->r->max_drop_se));
    json_t *cv = json_array();
    hs_plan_point *sorted = malloc((size_t)(s->r->npoints + 1) * sizeof *sorted);
    if (sorted) {
        memcpy(sorted, s->r->points, (size_t)s->r->npoints * sizeof *sorted);
        qsort(sorted, (size_t)s->r->npoints, sizeof *sorted, cmp_pts);
        for (int i = 0; i < s->r->npoints; i++)
            json_array_append_new(cv, point_json(&sorted[i], ev, nb));
        free(sorted);
    }
    json_object_set_new(root, "curve", cv);
    json_t *nt = json_array();
    for (int i = 0; i < s->nnotes; i++)
        json_array_append_new(nt, json_string(s->notes[i]));
    json_object_set_new(root, "notes", nt);
    return root;
}

/* plan.csv; n_base > 0 under solve = followup: n is the config's N and a
 * last column `followup` holds each point's searched time. */
static int write_csv(hs_output *out, const hs_plan_result *r, int ev, int n_base, const fixed_plan *fx)
{
    FILE *f = hs_output_open(out, "plan.csv");
    if (!f)
        return -1;
    hs_plan_point *p = malloc((size_t)(r->npoints + 1) * sizeof *p);
    if (!p) {
        hs_output_close(out, f, "plan.csv");
        return -1;
    }
    memcpy(p, r->points, (size_t)r->npoints * sizeof *p);
    qsort(p, (size_t)r->npoints, sizeof *p, cmp_pts);
    fputs("n,events,stage,replicates,rejections,power,power_se,ci_low,ci_high,events_mean,"
          "duration_mean,duration_sd,duration_q025,duration_q500,duration_q975,conditional_power", f);
    fputs(n_base > 0 ? ",followup" : "", f);
    fputs(fx->n > 0 ? ",accrual_duration,events_by,expected_event_time\n" : "\n", f); /* events = fixed */
    for (int i = 0; i < r->npoints; i++) {
        const hs_plan_point *q = &p[i];
        double se = sqrt(q->power * (1 - q->power) / (double)q->replicates);
        double v[9] = {q->power, se, q->ci_low, q->ci_high, q->events_mean, q->duration_mean,
                       q->duration_sd, q->duration_q025, q->duration_q975};
        fprintf(f, "%d,", n_base > 0 ? n_base : q->n);
        if (ev)
            fprintf(f, "%d", q->events);
        else
            fputs("NA", f);
        fprintf(f, ",%s,%llu,%llu", stage_name(q->stage), (unsigned long long)q->replicates,
                (unsigned long long)q->rejections);
        for (int k = 0; k < 9; k++) {
            if (k == 8) /* q500 before q975 */
                fprintf(f, isfinite(q->duration_q500) ? ",%.10g" : ",NA", q->duration_q500);
            if (isfinite(v[k]))
                fprintf(f, ",%.10g", v[k]);
            else
                fputs(",NA", f);
        }
        fprintf(f, isfinite(q->cond_power) ? ",%.10g" : ",NA", q->cond_power);
        if (n_base > 0)
            fprintf(f, ",%.10g", hs_planrun_time(q->n));
        if (fx->n > 0)
            fprintf(f, ",%.10g,%.10g,%.10g", fx->accrual_duration, fx->by, fx->t_expected);
        fputc('\n', f);
    }
    free(p);
    return hs_output_close(out, f, "plan.csv");
}

static void make_notes(summary *s)
{
    const plan_ctx *x = s->x;
    const hs_analytic_design *d = &s->an->d[0];
    const hs_config *c = x->cfg;
    if (x->run.base.cut == HS_SC_CUT_EVENTS && x->run.events_fixed)
        snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                 "event-driven design with [plan] events = fixed: K = %g events stay, and N = %d is the "
                 "smallest in [%d, %d] whose expected event %g (numerical integration over the accrual, "
                 "with dropout) comes by events_by = month %g; %s; power depends on K, not on N, so a target "
                 "that %g events miss needs more events, not more patients",
                 x->fx.k, x->fx.n, x->fx.n_lo, c->plan.n_max, x->fx.k, x->fx.by,
                 x->fx.duration_given ? "accrual is given as a duration, so it stays and the rate grows with N"
                                      : "accrual is given as a rate, so it stays and the duration follows N",
                 x->fx.k);
    else if (x->run.base.cut == HS_SC_CUT_EVENTS)
        snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                 "event-driven design: the analysis is at event round(%.4f N) (the config's %g events at N = %d), so events grow with N",
                 x->run.q, x->run.base.cut_value, x->run.base.n);
    if (x->run.solve_followup)
        snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                 "[plan] solve = followup: N stays %d and the search runs over the %s (0.1-month steps up to "
                 "followup_max = %g); recommended_followup is the smallest that reaches each target",
                 x->run.base.n, x->run.base.cut == HS_SC_CUT_FOLLOWUP ? "follow-up after the last entry"
                                                                     : "calendar time of the analysis",
                 c->plan.followup_max);
    if (s->an->ok && d->hr_max > d->hr_min * 1.02)
        snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                 "hazards are not proportional: the marginal hazard ratio moves from %.3f to %.3f over the "
                 "analysis window; the formulas use the event-weighted average HR %.3f, while the log-rank "
                 "test weighs every event alike wherever it falls, so simulation and formula differ",
                 d->hr_min, d->hr_max, d->hr);
    if (s->an->has_mix)
        snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                 "covariates change each patient's hazard: the formulas use the covariate-averaged (marginal) "
                 "hazards, which are not proportional even when each patient's are, and ignore %s; "
                 "the simulation draws every patient's covariates",
                 x->run.base.strata_cov >= 0 ? "the stratified test's within-stratum gain" : "the heterogeneity");
    const hs_testspec *ts = &x->run.base.test;
    if (ts->kind != HS_TEST_LOGRANK && ts->kind != HS_TEST_COX)
        snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                 "test = %.200s: the formulas (Schoenfeld, Freedman, Lachin-Foulkes, the event-probability N and, "
                 "for group-sequential designs, the inflation factor) are those of the log-rank test and do "
                 "not apply to this test; the simulated power and N are the answer",
                 ts->text);
    if (x->run.base.nlooks > 1)
        snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                 "group-sequential design (%d looks): the simulated power is the probability of crossing an "
                 "efficacy bound at any look; events and analysis times are at the look where each trial stopped",
                 x->run.base.nlooks);
    if (hs_scenario_has_prior(&x->run.base))
        snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                 "[prior]: every simulated power here is an assurance (power averaged over the prior, "
                 "%d keys and %d fitted arms); the formulas give N for power at the point estimates, so the "
                 "two N side by side show what the uncertainty costs; the assurance cannot exceed %.4f, "
                 "the prior probability that the drawn HR is below 1",
                 x->run.base.prior.nkeys, x->run.base.prior.nfit, x->ceiling);
    if (!s->r->monotone)
        snprintf(s->notes[s->nnotes++], sizeof s->notes[0],
                 "the simulated power curve decreases by up to %.4f (%.1f MC SE) between neighbouring %s: %s",
                 s->r->max_drop, s->r->max_drop_se, x->run.solve_followup ? "follow-up times" : "N",
                 s->r->max_drop_se <= 3 ? "Monte Carlo noise (common random numbers keep it small)"
                                        : "more than Monte Carlo noise explains; inspect plan.csv");
}

/* events = fixed: N, accrual, the K-th event's times, the simulated power
 * and, per target, whether K events reach it. */
static void headline_fixed(const summary *s, const char *what)
{
    const plan_ctx *x = s->x;
    const fixed_plan *fx = &x->fx;
    const hs_plan_point *p = &s->r->points[0];
    printf("N = %d: the smallest N in [%d, %d] whose expected event %g comes by month %g (expected at "
           "month %.1f; %.1f events expected by month %g)\n",
           fx->n, fx->n_lo, x->cfg->plan.n_max, fx->k, fx->by, fx->t_expected, fx->events_expected,
           fx->by);
    printf("accrual %.1f months at %.2f patients a month (%s)\n", fx->accrual_duration, fx->accrual_rate,
           fx->duration_given ? "accrual given as a duration: it stays and the rate grows with N"
                              : "accrual given as a rate: it stays and the duration follows N");
    printf("simulated at N = %d (%llu replicates): %s %.3f (MC SE %.4f; 95%% CI %.3f-%.3f); event %g at "
           "month %.1f (median; 95%% range %.1f-%.1f)\n",
           fx->n, (unsigned long long)p->replicates, what, p->power,
           sqrt(p->power * (1 - p->power) / (double)p->replicates), p->ci_low, p->ci_high, fx->k,
           p->duration_q500, p->duration_q025, p->duration_q975);
    for (int k = 0; k < s->r->ntarget; k++) {
        const hs_plan_target *t = &s->r->target[k];
        const hs_analytic_design *ad = &s->an->d[k];
        int aok = s->an->ok && ad->n > 0;
        char sch[96] = "";
        if (aok)
            snprintf(sch, sizeof sch, "; Schoenfeld needs %.1f events (HR %.3f)", ad->schoenfeld_events, ad->hr);
        if (t->reached)
            printf("%s %.2f: reached by %g events (simulated %s %.3f)%s\n", what, t->target, fx->k, what,
                   p->power, sch);
        else
            printf("%s %.2f: not reached by %g events (simulated %s %.3f)%s; more events, not more "
                   "patients, raise it\n", what, t->target, fx->k, what, p->power, sch);
    }
}

static void headline(const summary *s, const char *outdir)
{
    const plan_ctx *x = s->x;
    const hs_scenario *b = &x->run.base;
    int ev = b->cut == HS_SC_CUT_EVENTS, fu = x->run.solve_followup;
    char an[96];
    if (ev)
        snprintf(an, sizeof an, x->fx.n > 0 ? "event-driven, K = %g events fixed, by month %g" : "event-driven",
                 x->fx.k, x->fx.by);
    else if (b->cut == HS_SC_CUT_FOLLOWUP)
        snprintf(an, sizeof an, "analysis %g months after the last entry", b->cut_value);
    else
        snprintf(an, sizeof an, "calendar-time analysis at month %g", b->cut_value);
    printf("plan %s: %s, %d-sided alpha %g, allocation %d:%d (control:experimental)%s\n", x->cfg->name,
           fu ? (b->cut == HS_SC_CUT_FOLLOWUP ? "follow-up after the last entry searched" : "calendar analysis time searched") : an,
           b->sides, b->alpha, b->arm[0].weight, b->arm[1].weight, fu ? "; solve = followup" : "");
    const char *what = hs_scenario_has_prior(b) ? "assurance" : "power";
    if (x->fx.n > 0)
        headline_fixed(s, what);
    for (int k = 0; k < s->r->ntarget && x->fx.n == 0; k++) {
        const hs_plan_target *t = &s->r->target[k];
        const hs_analytic_design *ad = &s->an->d[k];
        if (t->reached && fu) {
            printf("%s %.2f: %s %.1f months (MC interval %.1f-%.1f) at N = %d, ~%.0f events; simulated %s "
                   "%.3f (95%% CI %.3f-%.3f, %llu replicates); analysis at %.1f months (median %.1f, 95%% "
                   "range %.1f-%.1f)\n",
                   what, t->target, b->cut == HS_SC_CUT_FOLLOWUP ? "follow-up" : "analysis at month",
                   hs_planrun_time(t->n), hs_planrun_time(t->n_low), hs_planrun_time(t->n_high), b->n,
                   t->at.events_mean, what, t->at.power, t->at.ci_low, t->at.ci_high,
                   (unsigned long long)t->at.replicates, t->at.duration_mean, t->at.duration_q500,
                   t->at.duration_q025, t->at.duration_q975);
        } else if (t->reached) {
            printf("%s %.2f: N = %d (MC interval %d-%d%s), %s%.0f events; simulated %s %.3f "
                   "(95%% CI %.3f-%.3f, %llu replicates); analysis at %.1f months (median %.1f, 95%% range "
                   "%.1f-%.1f)\n",
                   what, t->target, t->n, t->n_low, t->n_high, t->high_capped ? ", capped at n_max" : "",
                   ev ? "" : "~", ev ? (double)t->at.events : t->at.events_mean, what, t->at.power, t->at.ci_low,
                   t->at.ci_high, (unsigned long long)t->at.replicates, t->at.duration_mean,
                   t->at.duration_q500, t->at.duration_q025, t->at.duration_q975);
            if (isfinite(t->at.cond_power))
                printf("  power at the point estimates at N = %d: %.3f (same patients; the assurance above averages it over the prior)\n",
                       t->n, t->at.cond_power);
        } else if (fu) {
            printf("%s %.2f: not reached by followup_max = %g months (largest %s seen %.3f at %.1f months)\n",
                   what, t->target, x->cfg->plan.followup_max, what, t->max_power, hs_planrun_time(t->max_power_n));
        } else {
            printf("%s %.2f: not reached by n_max = %d (largest %s seen %.3f at N = %d)\n", what, t->target,
                   x->cfg->plan.n_max, what, t->max_power, t->max_power_n);
        }
        if (s->an->ok && ad->n > 0) {
            printf("  formula: Schoenfeld %.1f events, Freedman %.1f (HR %.3f); N = %d at P(event) %.3f",
                   ad->schoenfeld_events, ad->freedman_events, ad->hr, ad->n, ad->event_prob);
            if (isfinite(ad->lachin_foulkes_n))
                printf("; Lachin-Foulkes N %.0f", ceil(ad->lachin_foulkes_n));
            printf("\n  timeline (formula): accrual %.1f months, %s %.1f months, analysis expected at month "
                   "%.1f with %.1f events", ad->accrual_duration,
                   ad->followup >= 0 ? "follow-up after the last entry" : "analysis before the end of accrual by",
                   fabs(ad->followup), ad->analysis_time, ad->events);
            if (b->nlooks > 1)
                printf("\n  group-sequential (%d looks): maximum %.1f events (inflation %.4f), "
                       "expected %.1f under H1 and %.1f under H0; N = %d",
                       b->nlooks, ad->gsd_events, ad->inflation, ad->expected_events_h1,
                       ad->expected_events_h0, ad->n);
            if (s->at_analytic[k].replicates > 0 && fu)
                printf("; simulated %s at %.1f months: %.3f", what, hs_planrun_time(s->at_analytic[k].n),
                       s->at_analytic[k].power);
            else if (s->at_analytic[k].replicates > 0)
                printf("; simulated %s at N = %d: %.3f", what, ad->n, s->at_analytic[k].power);
            printf("\n");
        }
    }
    if (hs_scenario_has_prior(b))
        printf("assurance ceiling %.4f (MC SE %.4f, %llu prior draws): no N gives a higher assurance\n", x->ceiling,
               x->ceiling_se, (unsigned long long)x->ceiling_draws);
    for (int i = 0; i < s->nnotes; i++)
        printf("note: %s\n", s->notes[i]);
    printf("results in %s/\n", outdir);
}

/* hs_planrun_note_fn: one progress line per evaluated N. */
static void print_point(void *ctx, const hs_plan_point *p)
{
    fprintf(stderr, "%s: N %6d%s  power %.4f (%.4f-%.4f)  %llu replicates\n", (const char *)ctx, p->n,
            p->stage == 0 ? "  coarse" : p->stage == 1 ? "  fine  " : "  formula", p->power, p->ci_low,
            p->ci_high, (unsigned long long)p->replicates);
}

/* The same under solve = followup: the point's searched time. */
static void print_point_fu(void *ctx, const hs_plan_point *p)
{
    fprintf(stderr, "%s: %7.1f months%s  power %.4f (%.4f-%.4f)  %llu replicates\n", (const char *)ctx,
            hs_planrun_time(p->n), p->stage == 0 ? "  coarse" : p->stage == 1 ? "  fine  " : "  formula",
            p->power, p->ci_low, p->ci_high, (unsigned long long)p->replicates);
}

static void compute_analytic(const plan_ctx *x, const double *target, int ntarget, analytic_out *an)
{
    memset(an, 0, sizeof *an);
    hs_scenario sc = x->run.base;
    char why[256];
    if (x->fx.n > 0 && hs_scenario_resize(&sc, x->fx.n, x->fx.k, why, sizeof why) != 0)
        return; /* events = fixed: the formulas at the found N (K stays) */
    hs_analytic *a = hs_analytic_alloc(&sc);
    if (!a)
        return;
    double rate[2];
    an->has_mix = hs_analytic_has_mix(a);
    an->exponential = hs_analytic_exponential(a, rate);
    an->ok = 1;
    for (int k = 0; k < ntarget; k++) {
        int bad = x->run.solve_followup
                      ? hs_analytic_followup_for(a, &x->run.base, target[k], &an->d[k]) != 0 ||
                            !isfinite(an->d[k].analysis_time)
                      : hs_analytic_design_for(a, &sc, target[k], x->run.events_fixed, &an->d[k]) != 0;
        if (bad)
            an->d[k].n = -1;
    }
    hs_analytic_free(a);
}

/* manifest.json's own keys of a plan: the targets and the [plan] search. */
static json_t *manifest_extra(const hs_plan_opts *po, const hs_config *cfg)
{
    json_t *x = json_object(), *tp = json_array();
    for (int k = 0; k < po->ntarget; k++)
        json_array_append_new(tp, json_real(po->target[k]));
    json_object_set_new(x, "target_power", tp);
    json_object_set_new(x, "n_min", json_integer(po->n_min));
    json_object_set_new(x, "n_max", json_integer(po->n_max));
    json_object_set_new(x, "replicates_coarse", json_integer((json_int_t)po->replicates_coarse));
    json_object_set_new(x, "replicates_fine", json_integer((json_int_t)po->replicates_fine));
    if (cfg)
        json_object_set_new(x, "config_text", json_string(cfg->text)); /* as run's: the config as planned */
    return x;
}

/* The scenario, search options and the locked output folder, before any
 * replicate runs. Returns this rank's status (0, or 2 with the message
 * printed on rank 0, or the lock's status). */
/* With a prior: the assurance ceiling (the same on every rank: the same
 * draws); a target above it is refused before anything runs, exit 2. */
static int ceiling_check(hs_front *f, const plan_opts *o, plan_ctx *x)
{
    x->ceiling = 1;
    x->ceiling_se = 0;
    x->ceiling_draws = 0;
    const hs_scenario *b = &x->run.base;
    if (!hs_scenario_has_prior(b))
        return 0;
    x->ceiling_draws = HS_PLAN_CEILING_DRAWS;
    if (hs_priordraw_ceiling(b, x->ceiling_draws, &x->ceiling, &x->ceiling_se) != 0) {
        if (f->root)
            fprintf(stderr, "hifusim plan: out of memory\n");
        return 1;
    }
    const double *tg = o->ntarget ? o->target : f->cfg->plan.target_power;
    int nt = o->ntarget ? o->ntarget : f->cfg->plan.ntarget, rc = 0;
    for (int k = 0; k < nt; k++)
        if (tg[k] > x->ceiling) {
            if (f->root)
                fprintf(stderr,
                        "%s: target assurance %g is above the assurance ceiling %.4f (the prior "
                        "probability that the drawn HR is below 1, from %llu draws, MC SE %.4f): no N reaches it; "
                        "expected targets below %.4f, or a prior surer of the effect\n",
                        o->ntarget ? "--target-power" : o->f.config, tg[k], x->ceiling,
                        (unsigned long long)x->ceiling_draws, x->ceiling_se, x->ceiling);
            rc = 2;
        }
    return rc;
}

/* Rank 0, events = fixed: the smallest N (a multiple of the allocation
 * block in [max(n_min, K), n_max]) whose expected K-th event comes by
 * [plan] events_by, into x->fx. 0; 2 (printed) when n_max cannot reach K
 * by then; 1 (printed) when an integration failed. */
static int fixed_setup(const plan_opts *o, plan_ctx *x)
{
    const hs_config *c = x->cfg;
    const hs_scenario *b = &x->run.base;
    fixed_plan *fx = &x->fx;
    memset(fx, 0, sizeof *fx);
    fx->k = b->cut_value;
    fx->by = c->plan.events_by;
    int unit = b->arm[0].weight + b->arm[1].weight, n_lo = c->plan.n_min > (int)fx->k ? c->plan.n_min : (int)fx->k;
    fx->n_lo = n_lo;
    hs_analytic *a = hs_analytic_alloc(b);
    double dmax = NAN;
    int rc = a ? hs_analytic_n_for_events_by(a, fx->k, fx->by, n_lo, c->plan.n_max, unit, &fx->n, &dmax) : -1;
    if (rc == 0 && hs_analytic_event_time(a, fx->n, fx->k, &fx->t_expected) != 0)
        rc = -1;
    if (rc == 0 && hs_analytic_expected_events(a, fx->n, fx->by, &fx->events_expected) != 0)
        rc = -1;
    hs_analytic_free(a);
    if (rc == 1) {
        fprintf(stderr, "%s: [plan] events = fixed, events_by = %g: %g events are not expected by month %g "
                        "with N up to n_max = %d (at n_max %.1f events are expected by then%s); expected a later "
                        "events_by, a larger n_max or fewer events\n",
                o->f.config, fx->by, fx->k, fx->by, c->plan.n_max, dmax,
                fx->k > c->plan.n_max ? ", and K events need at least K patients" : "");
        fx->n = 0;
        return 2;
    }
    if (rc != 0) {
        fprintf(stderr, "hifusim plan: the expected time of event %g could not be integrated\n", fx->k);
        fx->n = 0;
        return 1;
    }
    fx->duration_given = b->naccrual == 0;
    fx->accrual_duration = hs_analytic_accrual_duration(b, fx->n);
    fx->accrual_rate = fx->accrual_duration > 0 ? fx->n / fx->accrual_duration : NAN;
    return 0;
}

static int plan_setup(hs_front *f, plan_opts *o, plan_ctx *x, hs_plan_opts *po, const char *outdir)
{
    int root = f->root, rc = 0;
    const hs_config *cfg = f->cfg;
    char why[256] = "";
    if (hs_scenario_from_config(cfg, 0, 0, &x->run.base, why, sizeof why) != 0) {
        if (root)
            fprintf(stderr, "%s: %s\n", o->f.config, why);
        rc = 2;
    }
    if (rc == 0) {
        hs_planrun_init(&x->run, &x->run.base, o->f.chunk, hs_config_hash(cfg),
                        o->f.quiet ? NULL : print_point, "plan");
        hs_planrun_config(&x->run, cfg);
        if (x->run.solve_followup && x->run.note)
            x->run.note = print_point_fu;
    }
    if (rc == 0)
        rc = ceiling_check(f, o, x);
    if (rc == 0 && x->run.events_fixed && root)
        rc = fixed_setup(o, x);
    char perr[256];
    /* events = fixed searches no range: only its replicates and targets are used */
    if (rc == 0 && hs_planrun_opts(cfg, &x->run.base, o->target, o->ntarget, po, perr, sizeof perr) != 0 &&
        !x->run.events_fixed) {
        if (root)
            fprintf(stderr, "%s: %s\n", o->f.config, perr);
        rc = 2;
    }
    /* Lock the output folder (and check it is writable) before the work
     * starts; every rank learns the outcome before any replicate runs. A
     * plan replaces the folder's whole file set: no run's files stay beside
     * its own. A paused run's .checkpoint is carried over. */
    if (rc == 0 && root)
        rc = hs_front_lock(f, outdir, "hifusim plan", HS_OUT_RESULTS | HS_OUT_REPORT, NULL, NULL, NULL);
    return rc;
}

/* The power-curve search. 0, 1 (failed), or >0 as hs_plan_search. */
static int plan_search(const hs_plan_opts *po, plan_ctx *x, hs_plan_result *res, int root)
{
    hs_signals_install();
    int rc = hs_plan_search(po, hs_planrun_eval, &x->run, res);
    if (rc > 0 && root && x->run.msg[0])
        fprintf(stderr, "%s\n", x->run.msg);
    if (rc < 0) {
        if (root)
            fprintf(stderr, "hifusim plan: the search failed (out of memory or bad [plan] values)\n");
        rc = 1;
    }
    return rc;
}

/* events = fixed: one fine evaluation at the found N, recorded as the
 * answer of every target (reached: its simulated power meets the target).
 * 0, 1 (failed) or the callback's code. */
static int plan_fixed_sim(const hs_plan_opts *po, plan_ctx *x, hs_plan_result *res, int root)
{
    hs_signals_install();
    memset(res, 0, sizeof *res);
    res->points = calloc(1, sizeof *res->points);
    if (!res->points) {
        if (root)
            fprintf(stderr, "hifusim plan: out of memory\n");
        return 1;
    }
    res->cap = 1;
    hs_plan_point *p = &res->points[0];
    p->n = x->fx.n;
    p->replicates = po->replicates_fine;
    p->stage = 1;
    int rc = hs_planrun_eval(&x->run, p, 1);
    if (rc != 0) {
        if (root && x->run.msg[0])
            fprintf(stderr, "%s\n", x->run.msg);
        return rc;
    }
    res->npoints = 1;
    res->ntarget = po->ntarget;
    res->monotone = 1;
    res->max_drop = 0;
    res->max_drop_se = NAN;
    for (int k = 0; k < po->ntarget; k++) {
        hs_plan_target *t = &res->target[k];
        t->target = po->target[k];
        t->reached = p->power >= t->target;
        t->n = t->n_low = t->n_high = p->n;
        t->at = *p;
        t->max_power = p->power;
        t->max_power_n = p->n;
    }
    return 0;
}

/* The extra points: each analytic N in [2, 4 n_max] once (fine replicates,
 * stage 2); map[k] = the extra point of target k, -1 none. Returns how many. */
static int extra_points(const hs_plan_opts *po, const analytic_out *an, const hs_planrun *run,
                        hs_plan_point *extra, int *map)
{
    int nextra = 0;
    for (int k = 0; k < po->ntarget; k++) {
        map[k] = -1;
        int n = an->ok ? an->d[k].n : -1;
        if (n > 0 && run->solve_followup) /* the analytic time as a search point */
            n = hs_planrun_point(run->base.cut == HS_SC_CUT_FOLLOWUP ? an->d[k].followup : an->d[k].analysis_time);
        if (n >= 2 && n <= 4 * po->n_max) {
            int dup = -1;
            for (int j = 0; j < nextra; j++)
                if (extra[j].n == n)
                    dup = j;
            if (dup >= 0) {
                map[k] = dup;
                continue;
            }
            extra[nextra].n = n;
            extra[nextra].replicates = po->replicates_fine;
            extra[nextra].stage = 2;
            map[k] = nextra++;
        }
    }
    return nextra;
}

/* plan.json, plan.csv, the manifest and (unless --no-report) the report
 * written and committed to f->out. 0, or 1 (message printed). */
static int plan_write(hs_front *f, const plan_opts *o, const plan_ctx *x, const hs_plan_opts *po,
                      const hs_plan_result *res, summary *s, long rss, hs_front_rep *rep)
{
    json_t *js = build_json(s);
    FILE *jf = NULL;
    int wrc = !js || !(jf = hs_output_open(&f->out, "plan.json"));
    if (!wrc) {
        int jr = json_dumpf(js, jf, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', jf);
        hs_manifest m;
        hs_front_manifest(f, "plan", &o->f, rss, &m);
        wrc = hs_output_close(&f->out, jf, "plan.json") != 0 || jr != 0 ||
              write_csv(&f->out, res, x->run.base.cut == HS_SC_CUT_EVENTS,
                        x->run.solve_followup ? x->run.base.n : -1, &x->fx) != 0 ||
              hs_manifest_write(&f->out, &m, manifest_extra(po, f->cfg)) != 0;
    }
    int mrc = wrc ? 0 : hs_front_methods(&f->out);
    if (!wrc && !o->f.no_report)
        hs_front_report(&f->out, rep);
    if (mrc)
        rep->rc = 1;
    if (!wrc)
        wrc = hs_output_commit(&f->out) != 0;
    json_decref(js);
    if (wrc) {
        fprintf(stderr, "hifusim: %s\n", f->out.err[0] ? f->out.err : "could not write the plan");
        return 1;
    }
    return 0;
}

/* Each target power not reached within n_max reported. 1 if any. */
static int report_unreached(const hs_plan_opts *po, const hs_plan_result *res, const char *what, int fu)
{
    int unreached = 0;
    for (int k = 0; k < po->ntarget; k++) {
        const hs_plan_target *t = &res->target[k];
        if (!t->reached && fu) {
            fprintf(stderr, "hifusim plan: target %s %g is not reached within [plan] followup_max = %g "
                            "months: the largest %s seen is %.4f at %.1f months; raise followup_max or N\n",
                    what, t->target, hs_planrun_time(po->n_max), what, t->max_power,
                    hs_planrun_time(t->max_power_n));
            unreached = 1;
        } else if (!t->reached) {
            fprintf(stderr, "hifusim plan: target %s %g is not reached within [plan] n_max = %d: "
                            "the largest %s seen is %.4f at N = %d; raise n_max\n",
                    what, t->target, po->n_max, what, t->max_power, t->max_power_n);
            unreached = 1;
        }
    }
    return unreached;
}

/* Rank 0: the results written, the headline and report status printed.
 * Returns the status; *unreached = 1 if a target was not reached. */
static int plan_finish(hs_front *f, const plan_opts *o, plan_ctx *x, const hs_plan_opts *po,
                       const hs_plan_result *res, const analytic_out *an, const hs_plan_point *extra,
                       const int *map, const char *outdir, long rss, int *unreached)
{
    summary s;
    memset(&s, 0, sizeof s);
    hs_plan_point at[HS_PLAN_TARGETS_MAX];
    memset(at, 0, sizeof at);
    for (int k = 0; k < po->ntarget; k++)
        if (map[k] >= 0)
            at[k] = extra[map[k]];
        else if (x->fx.n > 0 && res->npoints > 0 && an->d[k].n == x->fx.n)
            at[k] = res->points[0]; /* events = fixed: the formula keeps the found N */
    s.x = x;
    s.r = res;
    s.an = an;
    s.at_analytic = at;
    make_notes(&s);
    hs_front_rep rep;
    memset(&rep, 0, sizeof rep);
    if (plan_write(f, o, x, po, res, &s, rss, &rep) != 0)
        return 1;
    headline(&s, outdir);
    hs_front_report_print(&rep);
    /* events = fixed answers "which N reaches K by events_by": a target K
     * events miss is said in the headline, and the plan still exits 0 */
    *unreached = x->fx.n > 0 ? 0
                             : report_unreached(po, res, hs_scenario_has_prior(&x->run.base) ? "assurance" : "power",
                                                x->run.solve_followup);
    return rep.rc;
}

int hs_plancmd_main(int argc, char **argv)
{
    hs_front f;
    plan_opts o = {0};
    int rc = hs_front_start(&f, &argc, &argv, parse_args, &o, &o.f);
    if (rc >= 0)
        return rc;
    int root = f.root;
    plan_ctx x = {.o = &o, .cfg = f.cfg};
    char outdir[1024];
    if (o.f.out)
        snprintf(outdir, sizeof outdir, "%s", o.f.out);
    else
        snprintf(outdir, sizeof outdir, "results/%s", f.cfg->name);
    hs_plan_opts po;
    memset(&po, 0, sizeof po);
    rc = hs_par_max_int(plan_setup(&f, &o, &x, &po, outdir)); /* every rank agrees */
    if (rc == 0 && x.run.events_fixed)
        hs_par_bcast(&x.fx, sizeof x.fx); /* the N found on rank 0 */

    analytic_out an; /* the analytic figures, from rank 0 */
    memset(&an, 0, sizeof an);
    if (rc == 0) {
        if (root)
            compute_analytic(&x, po.target, po.ntarget, &an);
        hs_par_bcast(&an, sizeof an);
    }
    hs_plan_result res;
    memset(&res, 0, sizeof res);
    if (rc == 0 && x.fx.n > 0)
        rc = plan_fixed_sim(&po, &x, &res, root);
    else if (rc == 0)
        rc = plan_search(&po, &x, &res, root);
    /* Simulated power at each analytic N (same streams, fine replicates). */
    hs_plan_point extra[HS_PLAN_TARGETS_MAX];
    memset(extra, 0, sizeof extra);
    int map[HS_PLAN_TARGETS_MAX];
    for (int k = 0; k < HS_PLAN_TARGETS_MAX; k++)
        map[k] = -1;
    int nextra = rc == 0 && x.fx.n == 0 ? extra_points(&po, &an, &x.run, extra, map) : 0;
    if (rc == 0 && nextra > 0) {
        rc = hs_plan_extra(&res, hs_planrun_eval, &x.run, extra, nextra);
        if (rc > 0 && root && x.run.msg[0])
            fprintf(stderr, "%s\n", x.run.msg);
        if (rc < 0)
            rc = 1;
    }
    int unreached = 0;
    long rss = hs_front_peak_rss();
    if (rc == 0 && root)
        rc = plan_finish(&f, &o, &x, &po, &res, &an, extra, map, outdir, rss, &unreached);
    rc = hs_par_max_int(rc);
    if (rc == 0)
        rc = hs_par_max_int(unreached ? 2 : 0);
    hs_plan_result_free(&res);
    hs_planrun_free(&x.run);
    return hs_front_end(&f, rc);
}
