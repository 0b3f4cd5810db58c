/* config_looks.c — [design] looks, efficacy, futility, futility_binding and
 * beta: the group-sequential part of a design (design.md, "Designs beyond
 * one fixed analysis").
 *
 *   looks            = info:F1, F2 | events:K1, K2 | calendar:T1, T2
 *   efficacy         = asof | asp | askd:RHO | ashsd:GAMMA | of | p | hp | none
 *   futility         = none | bsof | bsp | bskd:RHO | bshsd:GAMMA | z:Z1,Z2,...
 *   futility_binding = no | yes
 *   beta             = 0.2
 *
 * Interim looks are all of one kind and increasing; the final look is the
 * design's `analysis`. info: fractions need an event-driven analysis (they
 * are fractions of its K); events: looks lie below an event-driven K;
 * calendar: looks lie before a calendar analysis. When the looks' information
 * is known here (info: or events: looks with an event-driven analysis), the
 * bounds are solved once to refuse a design that has none. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

/* The looks' values after "KIND:", comma-separated, into d->look. */
static void parse_looks(view *v, const ent *e, const char *list, hs_design *d)
{
    char buf[512];
    if (strlen(list) >= sizeof buf) {
        verr(v, e->file, e->line, "looks is too long; expected at most %d interim looks",
             HS_GSD_LOOKS_MAX - 1);
        return;
    }
    snprintf(buf, sizeof buf, "%s", list);
    char *tok[HS_GSD_LOOKS_MAX];
    int n = hs_cfgval_split(buf, ',', tok, HS_GSD_LOOKS_MAX - 1);
    if (n < 0) {
        verr(v, e->file, e->line, "looks = '%s' has more than %d interim looks; expected at most %d "
             "(%d looks with the final analysis)", e->value, HS_GSD_LOOKS_MAX - 1,
             HS_GSD_LOOKS_MAX - 1, HS_GSD_LOOKS_MAX);
        return;
    }
    int bad = 0;
    for (int i = 0; i < n; i++) {
        double x = NAN;
        if (d->look_kind == HS_LOOK_INFO)
            bad |= num_in(v, e, tok[i], 0, 1, 1, 1, "information fractions in (0, 1)", &x) != 0;
        else if (d->look_kind == HS_LOOK_EVENTS) {
            long long k;
            if (int_in(v, e, tok[i], 1, HS_N_MAX, "whole numbers of events >= 1", &k))
                bad = 1;
            else
                x = (double)k;
        } else
            bad |= num_in(v, e, tok[i], 0, 1, HS_TIME_MAX, 0, "calendar times in (0, 100000] months",
                          &x) != 0;
        d->look[i] = x;
        if (!bad && i > 0 && !(d->look[i] > d->look[i - 1])) {
            verr(v, e->file, e->line, "looks = '%s' is not increasing; expected increasing interim looks",
                 e->value);
            bad = 1;
        }
    }
    if (!bad)
        d->nlooks = n;
}

/* The looks against the final analysis: info: needs events:K and ceil(F K)
 * events at every look, increasing and below K; events: below K; calendar:
 * before a calendar analysis. Fills the planned fractions into gsd.t when
 * they are known. */
static void looks_vs_final(view *v, const ent *e, hs_design *d)
{
    int ev = d->analysis == HS_ANALYSIS_EVENTS;
    double K = (double)d->analysis_events;
    if (d->look_kind == HS_LOOK_INFO && !ev) {
        verr(v, e->file, e->line, "looks = '%s' are fractions of the final events but the analysis is "
             "calendar; expected events:K,... or calendar:T,... looks with a calendar analysis",
             e->value);
        d->nlooks = 0;
        return;
    }
    if (d->look_kind == HS_LOOK_CALENDAR && d->analysis == HS_ANALYSIS_FOLLOWUP) {
        /* the final cut (last entry + T) moves from trial to trial, so a
         * fixed calendar look could fall after it */
        verr(v, e->file, e->line, "looks = '%s' are calendar times but the analysis is followup:%g, whose "
             "calendar time varies by trial; expected events:K,... looks with a followup analysis",
             e->value, d->analysis_time);
        d->nlooks = 0;
        return;
    }
    if (d->look_kind == HS_LOOK_CALENDAR) {
        /* calendar looks: information known only per trial (observed
         * fractions), also before an event-driven final analysis */
        if (!ev && d->look[d->nlooks - 1] >= d->analysis_time) {
            verr(v, e->file, e->line, "interim look at month %g is not before the analysis at month %g; "
                 "expected interim looks before the final analysis", d->look[d->nlooks - 1],
                 d->analysis_time);
            d->nlooks = 0;
        }
        return;
    }
    if (!ev || !(K >= 1))
        return; /* events: looks with a calendar analysis: information known only per trial */
    double prev = 0;
    for (int i = 0; i < d->nlooks; i++) {
        /* ceil(F K) as the scenario computes it (within 1e-9: 0.3 of 10 is 3) */
        double k = d->look_kind == HS_LOOK_INFO ? ceil(d->look[i] * K - 1e-9) : d->look[i];
        if (!(k < K) || !(k > prev)) {
            verr(v, e->file, e->line, "looks = '%s' gives an interim at %g of %g final events; expected "
                 "increasing event counts, each below the final analysis's",
                 e->value, k, K);
            d->nlooks = 0;
            return;
        }
        d->gsd.t[i] = k / K;
        prev = k;
    }
    d->gsd.t[d->nlooks] = 1.0;
    d->looks_planned = 1;
}

static void looks_key(view *v, hs_design *d)
{
    d->nlooks = 0;
    d->looks_planned = 0;
    ent *e = find(v, "design", "looks");
    if (!e || !*e->value || !strcmp(e->value, "none"))
        return;
    const char *col = strchr(e->value, ':');
    size_t len = col ? (size_t)(col - e->value) : 0;
    if (col && len == 4 && !strncmp(e->value, "info", 4))
        d->look_kind = HS_LOOK_INFO;
    else if (col && len == 6 && !strncmp(e->value, "events", 6))
        d->look_kind = HS_LOOK_EVENTS;
    else if (col && len == 8 && !strncmp(e->value, "calendar", 8))
        d->look_kind = HS_LOOK_CALENDAR;
    else {
        verr(v, e->file, e->line, "looks = '%s'; expected info:F,..., events:K,... or calendar:MONTHS,... "
             "(interim looks before the final analysis), or none", e->value);
        return;
    }
    parse_looks(v, e, col + 1, d);
    if (d->nlooks > 0)
        looks_vs_final(v, e, d);
}

void hs_config_looks_resolve(view *v, hs_config *c)
{
    hs_design *d = &c->design;
    hs_gsd_spec *g = &d->gsd;
    memset(g, 0, sizeof *g);
    g->k = 1;
    g->t[0] = 1.0;
    looks_key(v, d);
    g->alpha = d->alpha;
    g->sides = d->sides;

    char err[256];
    g->efficacy = HS_GSD_EFF_ASOF;
    ent *ee = find(v, "design", "efficacy");
    if (ee && hs_gsd_parse_efficacy(ee->value, g, err, sizeof err))
        verr(v, ee->file, ee->line, "efficacy = '%s': %s", ee->value, err);

    g->beta = 0.2;
    ent *e = find(v, "design", "beta");
    if (e)
        num_in(v, e, e->value, 0, 1, 1, 1, "a type II error in (0, 1)", &g->beta);

    g->k = d->nlooks + 1; /* z: futility has one value per interim */
    g->futility = HS_GSD_FUT_NONE;
    ent *fe = find(v, "design", "futility");
    if (fe && hs_gsd_parse_futility(fe->value, g, err, sizeof err))
        verr(v, fe->file, fe->line, "futility = '%s': %s", fe->value, err);
    else if (fe && g->futility != HS_GSD_FUT_NONE && d->sides == 2)
        verr(v, fe->file, fe->line, "futility = '%s' with sides = 2; expected futility = none for a "
             "two-sided design (it rejects in either direction)", fe->value);
    else if (fe && g->futility != HS_GSD_FUT_NONE && d->nlooks == 0)
        verr(v, fe->file, fe->line, "futility = '%s' without interim looks; expected looks = ... "
             "for a futility bound", fe->value);

    g->binding = 0;
    e = find(v, "design", "futility_binding");
    if (e) {
        if (!strcmp(e->value, "yes"))
            g->binding = 1;
        else if (strcmp(e->value, "no") != 0)
            verr(v, e->file, e->line, "futility_binding = '%s'; expected yes or no", e->value);
    }
    /* MaxCombo's group-sequential bounds need the joint distribution over
     * looks and weights (gsDesign2); not built: refused, never approximated */
    int mc = d->test.kind == HS_TEST_MAXCOMBO;
    for (int i = 0; i < d->nalso; i++)
        mc |= d->also[i].kind == HS_TEST_MAXCOMBO;
    if (mc && d->nlooks > 0) {
        ent *w = find(v, "design", "looks");
        verr(v, w->file, w->line, "looks = '%s' with a maxcombo test; expected a fixed design for "
             "MaxCombo (its group-sequential bounds over looks and weights are not implemented) or "
             "another test", w->value);
    }
    if (hs_errs_count(v->errs) == 0 && d->nlooks > 0 && d->looks_planned) {
        hs_gsd_bounds b;
        if (hs_gsd_solve(g, &b, err, sizeof err)) {
            ent *w = fe ? fe : ee ? ee : find(v, "design", "looks");
            verr(v, w->file, w->line, "the group-sequential design has no bounds: %s", err);
        }
    }
}

void hs_config_looks_text(const hs_design *d, char *looks, char *eff, char *fut, size_t cap)
{
    const hs_gsd_spec *g = &d->gsd;
    static const char *const kind[] = {"info", "events", "calendar"};
    size_t o = 0;
    if (d->nlooks == 0)
        snprintf(looks, cap, "none");
    else
        for (int i = 0; i < d->nlooks && o < cap; i++)
            o += (size_t)snprintf(looks + o, cap - o, "%s%.15g", i ? ", " : "",
                                  d->look[i]);
    if (d->nlooks > 0) {
        char tmp[512];
        snprintf(tmp, sizeof tmp, "%s:%s", kind[d->look_kind], looks);
        snprintf(looks, cap, "%s", tmp);
    }
    static const char *const en[] = {"none", "asof", "asp", "askd", "ashsd", "of", "p", "hp"};
    if (g->efficacy == HS_GSD_EFF_ASKD || g->efficacy == HS_GSD_EFF_ASHSD)
        snprintf(eff, cap, "%s:%.15g", en[g->efficacy], g->eff_param);
    else
        snprintf(eff, cap, "%s", en[g->efficacy]);
    static const char *const fn[] = {"none", "bsof", "bsp", "bskd", "bshsd", "z"};
    if (g->futility == HS_GSD_FUT_BSKD || g->futility == HS_GSD_FUT_BSHSD)
        snprintf(fut, cap, "%s:%.15g", fn[g->futility], g->fut_param);
    else if (g->futility == HS_GSD_FUT_Z) {
        o = (size_t)snprintf(fut, cap, "z:");
        for (int i = 0; i < d->nlooks && o < cap; i++)
            o += (size_t)snprintf(fut + o, cap - o, "%s%.15g", i ? "," : "", g->fut_z[i]);
    } else
        snprintf(fut, cap, "%s", fn[g->futility]);
}
