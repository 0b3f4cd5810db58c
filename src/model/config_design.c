/* config_design.c — the sections around the arms: [run] (name, seed,
 * replicates), [design] (arms compared, n, accrual, dropout, analysis,
 * test, grid, landmarks, tau), [analysis] (ties), [plan] (defaults when
 * absent), [sweep] (kept as text for sweep.c), and the check for unknown
 * and missing sections. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

static const char *const run_keys[] = {"name", "seed", "replicates"};
static const char *const design_keys[] = {"control", "experimental", "n", "accrual", "dropout",
                                          "analysis", "test", "alpha", "sides", "strata",
                                          "grid", "landmarks", "tau", "also_test", "looks", "efficacy",
                                          "futility", "futility_binding", "beta"};
static const char *const analysis_keys[] = {"ties", "outputs"};
static const char *const plan_keys[] = {"target_power", "n_min", "n_max", "replicates_coarse",
                                        "replicates_fine", "solve", "events", "followup_max", "events_by"};
static const char *const section_types[] = {"run", "cohort", "arm NAME", "design", "analysis",
                                            "plan", "sweep", "prior"};

void hs_config_design_run(view *v, hs_config *c)
{
    ent *e = hs_config_view_need(v, "run", "name", "a name ([A-Za-z0-9._-])");
    if (e) {
        if (!hs_config_view_name_ok(e->value, ".-") || strlen(e->value) >= HS_NAME_MAX || !strcmp(e->value, ".") ||
            !strcmp(e->value, ".."))
            verr(v, e->file, e->line, "name = '%s'; expected a run name of letters, digits, . _ - (at most %d)",
                 e->value, HS_NAME_MAX - 1);
        else
            snprintf(c->name, sizeof c->name, "%s", e->value);
    }
    e = hs_config_view_need(v, "run", "seed", "an unsigned 64-bit integer");
    if (e) {
        hs_cfgval_status st = hs_cfgval_u64(e->value, &c->seed);
        if (st != HS_CFGVAL_OK)
            verr(v, e->file, e->line, "seed = '%s' %s; expected an unsigned 64-bit integer (decimal or 0x hex)",
                 e->value, st == HS_CFGVAL_OVERFLOW ? "overflows" : "is not an unsigned integer");
    }
    e = hs_config_view_need(v, "run", "replicates", "a count in 1..10^12");
    if (e) {
        hs_cfgval_status st = hs_cfgval_u64(e->value, &c->replicates);
        if (st != HS_CFGVAL_OK || c->replicates < 1 || c->replicates > HS_REPLICATES_MAX)
            verr(v, e->file, e->line, "replicates = '%s' %s; expected an integer in 1..10^12",
                 e->value, st == HS_CFGVAL_OVERFLOW ? "overflows" : st != HS_CFGVAL_OK ? "is not an unsigned integer" : "is out of range");
    }
    hs_config_view_check_keys(v, "run", run_keys, 3);
}

static int arm_ref(view *v, const hs_config *c, const char *key)
{
    ent *e = hs_config_view_need(v, "design", key, "an arm name");
    if (!e)
        return -1;
    int ai = hs_config_arm(c, e->value);
    if (ai < 0) {
        char list[256], dym[96];
        hs_config_arms_hint(c, e->value, list, sizeof list, dym, sizeof dym);
        verr(v, e->file, e->line, "%s = '%s' is not an arm%s; expected one of the [arm NAME] sections: %s",
             key, e->value, dym, c->narms ? list : "(none)");
    }
    return ai;
}

/* Piecewise accrual: the largest n must be enrolled within HS_TIME_MAX months. */
static void accrual_span(view *v, const ent *e, const hs_design *d)
{
    int nmax = 0;
    for (int i = 0; i < d->nn; i++)
        nmax = d->n[i] > nmax ? d->n[i] : nmax;
    double left = nmax, t = 0;
    for (int k = 0; k < d->naccrual && left > 0; k++) {
        double end = k + 1 < d->naccrual ? d->accrual_start[k + 1] : INFINITY;
        double got = d->accrual_rate[k] * (end - d->accrual_start[k]);
        if (got >= left) {
            t = d->accrual_start[k] + left / d->accrual_rate[k];
            left = 0;
        } else
            left -= got;
    }
    if (t > HS_TIME_MAX)
        verr(v, e->file, e->line,
             "accrual of n = %d patients at these rates takes %.4g months; expected at most 100000 months",
             nmax, t);
}

/* [design] control and experimental: two different arms whose allocation
 * weights add up to at most 64. */
static void design_arms(view *v, hs_config *c)
{
    hs_design *d = &c->design;
    d->control = arm_ref(v, c, "control");
    d->experimental = arm_ref(v, c, "experimental");
    if (d->control >= 0 && d->control == d->experimental) {
        ent *e = find(v, "design", "experimental");
        verr(v, e->file, e->line, "experimental = control = '%s'; expected two different arms",
             e->value);
    } else if (d->control >= 0 && d->experimental >= 0 &&
               c->arm[d->control].allocation + c->arm[d->experimental].allocation > 64) {
        /* the engine randomises in blocks of at most 64 (scenario.c) */
        const hs_arm *ac = &c->arm[d->control], *ax = &c->arm[d->experimental];
        char section[HS_NAME_MAX + 8];
        snprintf(section, sizeof section, "arm %s", ax->name);
        ent *e = find(v, section, "allocation");
        if (!e) {
            snprintf(section, sizeof section, "arm %s", ac->name);
            e = find(v, section, "allocation");
        }
        verr(v, e ? e->file : v->path, e ? e->line : 0,
             "allocation %d:%d (%s:%s) adds up to %d; expected weights that add up to at most 64",
             ac->allocation, ax->allocation, ac->name, ax->name, ac->allocation + ax->allocation);
    }
}

/* [design] n: a list of whole numbers of patients. Returns the smallest, or 0. */
static int design_n(view *v, hs_design *d)
{
    int nmin = 0;
    ent *e = hs_config_view_need(v, "design", "n", "total patients (a number or a list)");
    if (e) {
        double nv[HS_NLIST_MAX];
        int k;
        if (!num_list(v, e, 1, -INFINITY, 0, INFINITY, "a number of patients", nv, HS_NLIST_MAX, &k)) {
            for (int i = 0; i < k; i++) {
                if (nv[i] != floor(nv[i]) || nv[i] < 2 || nv[i] > HS_N_MAX) {
                    verr(v, e->file, e->line, "n = '%s': %g is not allowed; expected whole numbers of patients in 2..%d",
                         e->value, nv[i], HS_N_MAX);
                    k = 0;
                    break;
                }
                d->n[i] = (int)nv[i];
                if (i == 0 || d->n[i] < nmin)
                    nmin = d->n[i];
            }
            d->nn = k;
        }
    }
    return nmin;
}

/* [design] accrual (uniform or piecewise) and dropout, the default of the
 * arms without their own. */
static void design_accrual(view *v, hs_config *c)
{
    hs_design *d = &c->design;
    ent *e = hs_config_view_need(v, "design", "accrual", "MONTHS or piecewise rates 0:RATE, START:RATE, ...");
    if (e) {
        if (strchr(e->value, ':')) {
            if (!piecewise(v, e, 0, 0, 1e7, "a rate in [0, 10^7] patients per month",
                           d->accrual_start, d->accrual_rate, &d->naccrual)) {
                if (!(d->accrual_rate[d->naccrual - 1] > 0))
                    verr(v, e->file, e->line, "last accrual rate is 0; expected the last piece to have a rate > 0");
                else
                    accrual_span(v, e, d);
            }
        } else {
            num_in(v, e, e->value, 0, 1, HS_TIME_MAX, 0, "months of uniform accrual in (0, 100000]",
                   &d->accrual_months);
        }
    }
    e = find(v, "design", "dropout");
    if (e && !num_in(v, e, e->value, 0, 0, 1, 1, "a yearly probability in [0, 1)", &d->dropout_p))
        d->dropout_rate = -log1p(-d->dropout_p) / 12.0;
    for (int i = 0; i < c->narms; i++)
        if (c->arm[i].dropout_p < 0) {
            c->arm[i].dropout_p = d->dropout_p;
            c->arm[i].dropout_rate = d->dropout_rate;
        }
}

/* [design] test and also_test (design.md "Tests"): the specs, and the
 * weighted log-rank scores of all of them fit one pass (at most 8). */
static void design_tests(view *v, hs_design *d)
{
    char err[256];
    ent *e = find(v, "design", "test");
    hs_testspec_parse("logrank", &d->test, NULL, 0);
    if (e && hs_testspec_parse(e->value, &d->test, err, sizeof err))
        verr(v, e->file, e->line, "test = '%s': %s", e->value, err);
    d->nalso = 0;
    ent *a = find(v, "design", "also_test");
    if (a && *a->value && hs_testspec_parse_list(a->value, d->also, HS_ALSO_MAX, &d->nalso, err, sizeof err)) {
        verr(v, a->file, a->line, "also_test = '%s': %s", a->value, err);
        d->nalso = 0;
    }
    for (int i = 0; i < d->nalso; i++)
        if (!strcmp(d->also[i].text, d->test.text)) {
            verr(v, a->file, a->line, "also_test lists the deciding test %s; expected other tests (the "
                 "deciding test is always recorded)", d->test.text);
            break;
        }
    hs_testspec all[HS_ALSO_MAX + 1];
    all[0] = d->test;
    for (int i = 0; i < d->nalso; i++)
        all[i + 1] = d->also[i];
    hs_wlr_spec ws[HS_WLR_MAX];
    int nws, idx[(HS_ALSO_MAX + 1) * HS_TESTSPEC_MAXCOMP];
    if (hs_testspec_wlr_merge(all, d->nalso + 1, ws, &nws, idx, err, sizeof err)) {
        ent *w = a ? a : e;
        verr(v, w->file, w->line, "%s = '%s': %s", w->key, w->value, err);
    }
}

/* [design] analysis (events:K, calendar:T or followup:T; K at most nmin patients), test,
 * alpha and sides. */
static void design_analysis(view *v, hs_design *d, int nmin)
{
    ent *e = hs_config_view_need(v, "design", "analysis", "events:K, calendar:MONTHS or followup:MONTHS");
    if (e) {
        const char *col = strchr(e->value, ':');
        if (col && !strncmp(e->value, "events", (size_t)(col - e->value)) && col - e->value == 6) {
            d->analysis = HS_ANALYSIS_EVENTS;
            long long k;
            if (!int_in(v, e, col + 1, 1, HS_N_MAX, "a whole number of events >= 1", &k)) {
                d->analysis_events = k;
                if (nmin > 0 && k > nmin)
                    verr(v, e->file, e->line, "analysis at %lld events but n = %d patients; expected at most as many target events as patients",
                         k, nmin);
            }
        } else if (col && col - e->value == 8 && !strncmp(e->value, "calendar", 8)) {
            d->analysis = HS_ANALYSIS_CALENDAR;
            num_in(v, e, col + 1, 0, 1, HS_TIME_MAX, 0, "a calendar time in (0, 100000] months",
                   &d->analysis_time);
        } else if (col && col - e->value == 8 && !strncmp(e->value, "followup", 8)) {
            d->analysis = HS_ANALYSIS_FOLLOWUP;
            num_in(v, e, col + 1, 0, 0, HS_TIME_MAX, 0,
                   "a follow-up in [0, 100000] months after the last patient enters", &d->analysis_time);
        } else {
            verr(v, e->file, e->line, "analysis = '%s'; expected events:K, calendar:MONTHS or followup:MONTHS",
                 e->value);
        }
    }
    design_tests(v, d);
    d->alpha = 0.05;
    e = find(v, "design", "alpha");
    if (e)
        num_in(v, e, e->value, 0, 1, 1, 1, "a level in (0, 1)", &d->alpha);
    d->sides = 2;
    e = find(v, "design", "sides");
    if (e) {
        long long s;
        if (!int_in(v, e, e->value, 1, 2, "1 (one-sided) or 2 (two-sided)", &s))
            d->sides = (int)s;
    }
}

/* [design] grid (default 0:60:1, which a run replaces by the design's
 * horizon: horizon.h), landmarks and tau (default: the grid's end). */
static void design_times(view *v, hs_design *d)
{
    ent *ge = find(v, "design", "grid");
    int grid_ok = 1;
    if (ge) {
        grid_ok = !num_list(v, ge, 1, 0, 0, HS_TIME_MAX, "times in [0, 100000] months", d->grid,
                            HS_GRID_MAX, &d->ngrid);
        for (int i = 1; grid_ok && i < d->ngrid; i++)
            if (!(d->grid[i] > d->grid[i - 1])) {
                verr(v, ge->file, ge->line, "grid times are not increasing; expected increasing times");
                grid_ok = 0;
            }
        if (grid_ok && d->ngrid > 0 && !(d->grid[d->ngrid - 1] > 0)) {
            verr(v, ge->file, ge->line,
                 "grid = '%s' has no time after 0 (survival at 0 is always 1); expected times up "
                 "to a horizon > 0, e.g. 0:72:1",
                 ge->value);
            grid_ok = 0;
        }
    } else {
        d->grid_default = 1;
        d->ngrid = 61;
        for (int i = 0; i < d->ngrid; i++)
            d->grid[i] = i;
    }
    ent *e = find(v, "design", "landmarks");
    if (e && *e->value &&
        !num_list(v, e, 0, 0, 1, HS_TIME_MAX, "times in (0, 100000] months", d->landmarks,
                  HS_LANDMARKS_MAX, &d->nlandmarks)) {
        for (int i = 0; i < d->nlandmarks; i++)
            for (int j = 0; j < i; j++)
                if (d->landmarks[i] == d->landmarks[j]) {
                    verr(v, e->file, e->line,
                         "landmarks = '%s' lists %g twice; expected each landmark time once",
                         e->value, d->landmarks[i]);
                    i = j = d->nlandmarks; /* one message */
                }
    }
    e = find(v, "design", "tau");
    d->tau = d->ngrid > 0 ? d->grid[d->ngrid - 1] : 0;
    if (e)
        num_in(v, e, e->value, 0, 1, HS_TIME_MAX, 0, "an RMST horizon > 0 (months, at most 100000)",
               &d->tau);
    else if (!(d->tau > 0) && grid_ok && find_section(v, "design"))
        verr(v, v->path, 0, "[design] has no tau and the grid ends at 0; expected tau = MONTHS");
}

void hs_config_design_resolve(view *v, hs_config *c, const int *covbad)
{
    hs_design *d = &c->design;
    design_arms(v, c);
    int nmin = design_n(v, d);
    design_accrual(v, c);
    design_analysis(v, d, nmin);
    d->strata = -1;
    ent *e = find(v, "design", "strata");
    if (e && *e->value) {
        d->strata = hs_config_covariate(c, e->value);
        if (d->strata < 0)
            verr(v, e->file, e->line, "strata = '%s' is not a covariate of [cohort]; expected a covariate name or nothing",
                 e->value);
        else if (covbad[d->strata])
            d->strata = -1;
    }
    design_times(v, d);
    hs_config_looks_resolve(v, c);
    hs_config_view_check_keys(v, "design", design_keys, (int)(sizeof design_keys / sizeof design_keys[0]));

    d->ties = HS_TIES_EFRON;
    e = find(v, "analysis", "ties");
    if (e) {
        if (!strcmp(e->value, "breslow"))
            d->ties = HS_TIES_BRESLOW;
        else if (strcmp(e->value, "efron") != 0)
            verr(v, e->file, e->line, "ties = '%s'; expected efron or breslow", e->value);
    }
    d->lean = 0;
    e = find(v, "analysis", "outputs");
    if (e) {
        if (!strcmp(e->value, "power"))
            d->lean = 1;
        else if (strcmp(e->value, "all") != 0)
            verr(v, e->file, e->line, "outputs = '%s'; expected all (every analysis) or power (only what "
                 "the deciding test and the power estimate need)", e->value);
    }
    hs_config_view_check_keys(v, "analysis", analysis_keys, 2);
}

/* [plan] solve = n | followup, events = ratio | fixed, followup_max
 * (design.md "Timelines"). solve = followup searches the follow-up T of a
 * followup:T analysis, or the time T of a calendar:T one, at the config's
 * N: it needs one N and one of those analyses. */
static void plan_timeline(view *v, hs_config *c)
{
    hs_plan *p = &c->plan;
    const hs_design *d = &c->design;
    p->solve_followup = 0;
    p->events_fixed = 0;
    p->followup_max = 120;
    ent *e = find(v, "plan", "solve");
    if (e) {
        if (!strcmp(e->value, "followup"))
            p->solve_followup = 1;
        else if (strcmp(e->value, "n") != 0)
            verr(v, e->file, e->line, "solve = '%s'; expected n (the sample size) or followup (the "
                 "minimum follow-up at the config's N)", e->value);
        if (p->solve_followup && d->analysis == HS_ANALYSIS_EVENTS)
            verr(v, e->file, e->line, "solve = followup with analysis = events:K; expected analysis = "
                 "followup:MONTHS or calendar:MONTHS (the time that is searched)");
        else if (p->solve_followup && d->nn > 1)
            verr(v, e->file, e->line, "solve = followup with %d values of [design] n; expected one N "
                 "(the follow-up is solved at that N)", d->nn);
        else if (p->solve_followup && d->nlooks > 0)
            verr(v, e->file, e->line, "solve = followup with interim looks; expected a fixed design "
                 "(no [design] looks)");
    }
    e = find(v, "plan", "events");
    if (e) {
        if (!strcmp(e->value, "fixed"))
            p->events_fixed = 1;
        else if (strcmp(e->value, "ratio") != 0)
            verr(v, e->file, e->line, "events = '%s'; expected ratio (K/N kept as N moves) or fixed "
                 "(K stays as in the config)", e->value);
        if (p->events_fixed && d->analysis != HS_ANALYSIS_EVENTS)
            verr(v, e->file, e->line, "events = fixed without an events:K analysis; expected analysis = "
                 "events:K, or no [plan] events");
        else if (p->events_fixed && d->nlooks > 0)
            verr(v, e->file, e->line, "events = fixed with interim looks; expected a fixed design (no "
                 "[design] looks): a trial that may stop early has no simulated time of its K-th event");
    }
    e = find(v, "plan", "followup_max");
    if (e)
        num_in(v, e, e->value, 0, 1, HS_TIME_MAX, 0, "the largest follow-up searched, in (0, 100000] months",
               &p->followup_max);
    /* events = fixed asks "which N and accrual reach K events by month X"
     * (design.md "Timelines"): X is events_by, required with it */
    p->events_by = 0;
    ent *ev = find(v, "plan", "events");
    e = find(v, "plan", "events_by");
    if (e) {
        double x = 0;
        if (num_in(v, e, e->value, 0, 1, HS_TIME_MAX, 0, "months from the first entry, in (0, 100000]", &x) == 0)
            p->events_by = x;
        if (d->analysis != HS_ANALYSIS_EVENTS)
            verr(v, e->file, e->line, "events_by without an events:K analysis; expected analysis = events:K "
                 "with [plan] events = fixed, or no [plan] events_by");
        else if (!p->events_fixed)
            verr(v, e->file, e->line, "events_by without [plan] events = fixed; expected events = fixed "
                 "(K stays and N is found to reach K by month events_by), or no events_by");
    } else if (ev && p->events_fixed && d->analysis == HS_ANALYSIS_EVENTS) {
        verr(v, ev->file, ev->line, "events = fixed without [plan] events_by; expected events_by = MONTHS, the "
             "month (from the first entry) by which the K events must be expected");
    }
}

void hs_config_design_plan(view *v, hs_config *c)
{
    hs_plan *p = &c->plan;
    p->ntarget = 2;
    p->target_power[0] = 0.8;
    p->target_power[1] = 0.9;
    p->n_min = 20;
    p->n_max = 2000;
    p->replicates_coarse = 1000;
    p->replicates_fine = 10000;
    ent *e = find(v, "plan", "target_power");
    if (e)
        num_list(v, e, 0, 0, 1, 1, "powers in (0, 1)", p->target_power, HS_NLIST_MAX, &p->ntarget);
    for (int i = 0; e && i < p->ntarget; i++)
        if (!(p->target_power[i] < 1)) {
            verr(v, e->file, e->line, "target_power %g; expected powers in (0, 1)", p->target_power[i]);
            break;
        }
    long long x;
    e = find(v, "plan", "n_min");
    if (e && !int_in(v, e, e->value, 2, HS_N_MAX, "a whole number of patients in 2..10^7", &x))
        p->n_min = (int)x;
    e = find(v, "plan", "n_max");
    if (e && !int_in(v, e, e->value, 2, HS_N_MAX, "a whole number of patients in 2..10^7", &x))
        p->n_max = (int)x;
    if (p->n_min >= p->n_max) {
        ent *w = e ? e : find(v, "plan", "n_min");
        verr(v, w ? w->file : v->path, w ? w->line : 0, "n_min = %d >= n_max = %d; expected n_min < n_max",
             p->n_min, p->n_max);
    }
    const char *rk[2] = {"replicates_coarse", "replicates_fine"};
    uint64_t *rv[2] = {&p->replicates_coarse, &p->replicates_fine};
    for (int i = 0; i < 2; i++) {
        e = find(v, "plan", rk[i]);
        if (!e)
            continue;
        hs_cfgval_status st = hs_cfgval_u64(e->value, rv[i]);
        if (st != HS_CFGVAL_OK || *rv[i] < 1 || *rv[i] > HS_REPLICATES_MAX)
            verr(v, e->file, e->line, "%s = '%s' %s; expected an integer in 1..10^12", e->key, e->value,
                 st == HS_CFGVAL_OVERFLOW ? "overflows" : st != HS_CFGVAL_OK ? "is not an unsigned integer" : "is out of range");
    }
    plan_timeline(v, c);
    hs_config_view_check_keys(v, "plan", plan_keys, (int)(sizeof plan_keys / sizeof plan_keys[0]));
}

void hs_config_design_sweep(view *v, hs_config *c)
{
    for (int i = 0; i < v->n; i++) {
        ent *e = &v->e[i];
        if (strcmp(e->section, "sweep") != 0)
            continue;
        e->used = 1;
        if (c->nsweep == HS_SWEEP_MAX) {
            verr(v, e->file, e->line, "too many [sweep] entries; expected at most %d", HS_SWEEP_MAX);
            continue;
        }
        if (strlen(e->key) >= HS_SWEEP_KEY_MAX || strlen(e->value) >= HS_SWEEP_VALUE_MAX) {
            verr(v, e->file, e->line, "[sweep] %s is too long; expected keys under %d and values under %d characters",
                 e->key, HS_SWEEP_KEY_MAX, HS_SWEEP_VALUE_MAX);
            continue;
        }
        hs_sweep_entry *s = &c->sweep[c->nsweep++];
        snprintf(s->key, sizeof s->key, "%s", e->key);
        snprintf(s->value, sizeof s->value, "%s", e->value);
        s->line = e->line;
    }
}

void hs_config_design_sections(view *v)
{
    for (int i = 0; i < v->ns; i++) {
        const sec *s = &v->s[i];
        if (!strncmp(s->name, "arm ", 4))
            continue;
        int known = 0;
        for (int k = 0; k < 8; k++)
            known |= k != 2 && !strcmp(s->name, section_types[k]);
        if (known)
            continue;
        if (hs_errs_full(v->errs)) {
            hs_errs_skip(v->errs);
            continue;
        }
        char list[256], dym[96] = "";
        hs_cfgval_join(list, sizeof list, section_types, 8);
        const char *sg = hs_cfgval_suggest(s->name, section_types, 8);
        if (!strcmp(s->name, "arm"))
            sg = "arm NAME";
        if (sg)
            snprintf(dym, sizeof dym, " (did you mean [%s]?)", sg);
        verr(v, s->file, s->line, "unknown section [%s]%s; expected one of [%s]", s->name, dym, list);
    }
    static const char *const required[] = {"run", "design"};
    for (int k = 0; k < 2; k++)
        if (!find_section(v, required[k]))
            verr(v, v->path, 0, "missing section [%s]; expected a [%s] section (see configs/README.md)",
                 required[k], required[k]);
}
