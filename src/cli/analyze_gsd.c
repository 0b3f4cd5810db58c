/* analyze_gsd.c — group-sequential bounds and decision for `analyze` (see
 * analyze_gsd.h). */
#include "analyze_gsd.h"

#include "cfgval.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#define AGSD_EVENTS_MAX 1000000000ULL /* planned events: at most 10^9 */

/* --looks KIND:V1,V2,...: the interim looks' planned events (info:F plans
 * ceil(F K) events, as the config does), increasing and below K. K <= 0
 * when --final-events is unusable (the values are then only checked alone). */
static void parse_looks(const char *text, double K, hs_analyze_gsd_plan *p, hs_errs *e)
{
    const char *col = strchr(text, ':');
    size_t len = col ? (size_t)(col - text) : 0;
    int info = col && len == 4 && !strncmp(text, "info", 4);
    int events = col && len == 6 && !strncmp(text, "events", 6);
    if (col && len == 8 && !strncmp(text, "calendar", 8)) {
        hs_errs_add(e, "--looks", 0, "'%s': calendar looks have no place in a data set's events; expected "
                    "info:F,... or events:E,... (the data's events are the current look's)", text);
        return;
    }
    if (!info && !events) {
        hs_errs_add(e, "--looks", 0, "'%s'; expected info:F,... (fractions of --final-events) or "
                    "events:E,... (interim looks before the final)", text);
        return;
    }
    char buf[512];
    if (strlen(col + 1) >= sizeof buf) {
        hs_errs_add(e, "--looks", 0, "too long; expected at most %d interim looks", HS_GSD_LOOKS_MAX - 1);
        return;
    }
    snprintf(buf, sizeof buf, "%s", col + 1);
    char *tok[HS_GSD_LOOKS_MAX];
    int n = hs_cfgval_split(buf, ',', tok, HS_GSD_LOOKS_MAX - 1);
    if (n < 0) {
        hs_errs_add(e, "--looks", 0, "'%s' has more than %d interim looks; expected at most %d (%d looks "
                    "with the final)", text, HS_GSD_LOOKS_MAX - 1, HS_GSD_LOOKS_MAX - 1, HS_GSD_LOOKS_MAX);
        return;
    }
    double prev = 0;
    for (int i = 0; i < n; i++) {
        double x = NAN, ev;
        uint64_t w;
        if (info) {
            if (hs_cfgval_double(tok[i], &x) != HS_CFGVAL_OK || !(x > 0 && x < 1)) {
                hs_errs_add(e, "--looks", 0, "'%s': '%s' is not an information fraction; expected fractions "
                            "in (0, 1)", text, tok[i]);
                return;
            }
            ev = K > 0 ? ceil(x * K - 1e-9) : x; /* ceil(F K) as the scenario computes it */
        } else {
            if (hs_cfgval_whole(tok[i], 10, 1, AGSD_EVENTS_MAX, &w) != HS_CFGVAL_OK) {
                hs_errs_add(e, "--looks", 0, "'%s': '%s' is not a number of events; expected whole numbers "
                            "of events >= 1", text, tok[i]);
                return;
            }
            ev = (double)w;
        }
        if (!(ev > prev)) {
            if (K > 0 && info && x > 0)
                hs_errs_add(e, "--looks", 0, "'%s' gives an interim at %g events after one at %g (of %g); "
                            "expected increasing event counts", text, ev, prev, K);
            else
                hs_errs_add(e, "--looks", 0, "'%s' is not increasing; expected increasing interim looks",
                            text);
            return;
        }
        if (K > 0 && !(ev < K)) {
            hs_errs_add(e, "--looks", 0, "'%s' gives an interim at %g events, not below --final-events %g; "
                        "expected interim looks before the final", text, ev, K);
            return;
        }
        p->planned[i] = ev;
        prev = ev;
    }
    p->nint = n;
    snprintf(p->looks_text, sizeof p->looks_text, "%s", text);
}

/* The options that need --looks, by name and text. */
static void need_looks(const hs_analyze_gsd_args *a, hs_errs *e)
{
    const char *name[] = {"--final-events", "--efficacy", "--futility", "--futility-binding",
                          "--beta", "--alpha", "--sides"};
    const char *val[] = {a->final_events, a->efficacy, a->futility, a->binding, a->beta, a->alpha, a->sides};
    for (size_t i = 0; i < sizeof name / sizeof name[0]; i++)
        if (val[i])
            hs_errs_add(e, name[i], 0, "'%s' without --looks; expected --looks info:F,... or events:E,... "
                        "with the group-sequential options", val[i]);
}

/* A number in (lo, hi) into *out, or an error naming opt. */
static int open_number(const char *opt, const char *text, double lo, double hi, const char *what, double *out,
                       hs_errs *e)
{
    double x;
    if (hs_cfgval_double(text, &x) != HS_CFGVAL_OK || !(x > lo && x < hi)) {
        hs_errs_add(e, opt, 0, "'%s'; expected %s in (%g, %g)", text, what, lo, hi);
        return -1;
    }
    *out = x;
    return 0;
}

int hs_analyze_gsd_parse(const hs_analyze_gsd_args *a, hs_analyze_gsd_plan *p, hs_errs *e)
{
    memset(p, 0, sizeof *p);
    const int before = hs_errs_count(e);
    if (!a->looks) {
        need_looks(a, e);
        return hs_errs_count(e) > before ? -1 : 0;
    }
    hs_gsd_spec *g = &p->spec;
    double K = 0;
    uint64_t w;
    if (!a->final_events)
        hs_errs_add(e, "--looks", 0, "'%s' without --final-events; expected --final-events K, the planned "
                    "events of the final look", a->looks);
    else if (hs_cfgval_whole(a->final_events, 10, 1, AGSD_EVENTS_MAX, &w) != HS_CFGVAL_OK)
        hs_errs_add(e, "--final-events", 0, "'%s'; expected a whole number of events >= 1 (the final look's)",
                    a->final_events);
    else
        K = (double)w;
    p->final_events = K;
    p->nint = -1;
    parse_looks(a->looks, K, p, e);

    g->alpha = 0.025;
    if (a->alpha)
        open_number("--alpha", a->alpha, 0, 1, "a type I error", &g->alpha, e);
    g->sides = 1;
    if (a->sides) {
        if (!strcmp(a->sides, "2"))
            g->sides = 2;
        else if (strcmp(a->sides, "1") != 0)
            hs_errs_add(e, "--sides", 0, "'%s'; expected 1 or 2", a->sides);
    }
    g->beta = 0.2;
    if (a->beta)
        open_number("--beta", a->beta, 0, 1, "a type II error", &g->beta, e);
    g->binding = 0;
    if (a->binding) {
        if (!strcmp(a->binding, "yes"))
            g->binding = 1;
        else if (strcmp(a->binding, "no") != 0)
            hs_errs_add(e, "--futility-binding", 0, "'%s'; expected yes or no", a->binding);
    }
    char err[256];
    g->efficacy = HS_GSD_EFF_ASOF;
    const char *eff = a->efficacy ? a->efficacy : "asof";
    if (hs_gsd_parse_efficacy(eff, g, err, sizeof err))
        hs_errs_add(e, "--efficacy", 0, "%s", err);
    snprintf(p->eff_text, sizeof p->eff_text, "%s", eff);
    const char *fut = a->futility ? a->futility : "none";
    g->futility = HS_GSD_FUT_NONE;
    /* z: has one value per interim; with unusable looks only its syntax is checked */
    g->k = p->nint >= 0 ? p->nint + 1 : 1;
    if (p->nint < 0 && !strncmp(fut, "z:", 2)) {
        g->k = 2;
        for (const char *s = fut; *s; s++)
            g->k += *s == ',';
        if (g->k > HS_GSD_LOOKS_MAX)
            g->k = HS_GSD_LOOKS_MAX;
    }
    if (hs_gsd_parse_futility(fut, g, err, sizeof err))
        hs_errs_add(e, "--futility", 0, "%s", err);
    else if (g->futility != HS_GSD_FUT_NONE && g->sides == 2)
        hs_errs_add(e, "--futility", 0, "'%s' with --sides 2; expected --futility none for a two-sided design "
                    "(it rejects in either direction)", fut);
    snprintf(p->fut_text, sizeof p->fut_text, "%s", fut);
    if (hs_errs_count(e) > before)
        return -1;
    /* the planned design must have bounds */
    g->k = p->nint + 1;
    for (int j = 0; j < p->nint; j++)
        g->t[j] = p->planned[j] / K;
    g->t[p->nint] = 1.0;
    p->planned[p->nint] = K;
    hs_gsd_bounds b;
    if (hs_gsd_solve(g, &b, err, sizeof err)) {
        hs_errs_add(e, a->futility ? "--futility" : "--looks", 0, "the group-sequential design has no bounds: %s",
                    err);
        return -1;
    }
    p->on = 1;
    return 0;
}

int hs_analyze_gsd_evaluate(const hs_analyze_gsd_plan *p, double events, double z, hs_analyze_gsd_result *r, char *err, size_t errlen)
{
    memset(r, 0, sizeof *r);
    const int k = p->nint + 1;
    int L = p->nint; /* 0-based current look: the first with planned events >= D, else the final */
    for (int j = 0; j < p->nint; j++)
        if (p->planned[j] >= events) {
            L = j;
            break;
        }
    hs_gsd_spec g = p->spec;
    g.k = k;
    for (int j = 0; j < k; j++) {
        g.t[j] = p->planned[j] / p->final_events;
        r->events_at[j] = p->planned[j];
    }
    g.t[k - 1] = 1.0;
    if (L < k - 1)
        g.t[L] = events / p->final_events;
    r->events_at[L] = events;
    if (hs_gsd_solve(&g, &r->b, err, errlen))
        return -1;
    r->look = L + 1;
    r->events = events;
    r->info_frac = g.t[L];
    r->z = z;
    r->z_eff = r->b.z_eff[L];
    r->z_fut = L < k - 1 ? r->b.z_fut[L] : NAN;
    int eff = g.sides == 2 ? fabs(z) >= r->z_eff : z >= r->z_eff;
    if (eff)
        r->decision = HS_ANALYZE_GSD_EFFICACY;
    else if (L < k - 1 && z <= r->z_fut)
        r->decision = HS_ANALYZE_GSD_FUTILITY;
    else
        r->decision = L < k - 1 ? HS_ANALYZE_GSD_CONTINUE : HS_ANALYZE_GSD_FINAL_NONE;
    return 0;
}

void hs_analyze_gsd_decision_text(const hs_analyze_gsd_result *r, char *buf, size_t cap)
{
    switch (r->decision) {
    case HS_ANALYZE_GSD_EFFICACY:
        snprintf(buf, cap, "crosses the efficacy bound: stop for efficacy%s",
                 r->z < 0 ? " (the lower bound: the control group does better)" : "");
        break;
    case HS_ANALYZE_GSD_FUTILITY: snprintf(buf, cap, "crosses the futility bound: stop for futility"); break;
    case HS_ANALYZE_GSD_CONTINUE: snprintf(buf, cap, "continue to look %d", r->look + 1); break;
    case HS_ANALYZE_GSD_FINAL_NONE:
        snprintf(buf, cap, "does not cross the final efficacy bound: do not reject");
        break;
    }
}

static const char *decision_code(hs_analyze_gsd_decision d)
{
    static const char *const code[] = {"efficacy", "futility", "continue", "final_no_rejection"};
    return code[d];
}

/* Nominal p of a bound: one-sided upper tail, doubled when two-sided. */
static double nominal_p(double zb, int sides)
{
    return isfinite(zb) ? (double)sides * 0.5 * erfc(zb / sqrt(2.0)) : NAN;
}

static void design_line(const hs_analyze_gsd_plan *p, char *buf, size_t cap)
{
    const hs_gsd_spec *g = &p->spec;
    int fut = g->futility != HS_GSD_FUT_NONE;
    int bs = g->futility != HS_GSD_FUT_NONE && g->futility != HS_GSD_FUT_Z;
    char beta[64] = "";
    if (bs)
        snprintf(beta, sizeof beta, ", beta %g", g->beta);
    snprintf(buf, cap, "looks %s, final %g events; %s alpha %g, efficacy %s, futility %s%s%s",
             p->looks_text, p->final_events, g->sides == 2 ? "two-sided" : "one-sided", g->alpha, p->eff_text,
             p->fut_text, fut ? (g->binding ? " (binding)" : " (non-binding)") : "", beta);
}

void hs_analyze_gsd_print(FILE *f, const hs_analyze_gsd_plan *p, const hs_analyze_gsd_result *r, const char *test)
{
    const hs_gsd_bounds *b = &r->b;
    const int k = b->k;
    char buf[768];
    design_line(p, buf, sizeof buf);
    fprintf(f, "\ngroup-sequential design: %s\n", buf);
    if (r->look == k && r->events > p->final_events)
        fprintf(f, "%g events, over the %g planned: the final look %d, at information fraction 1\n", r->events,
                p->final_events, r->look);
    else if (r->look == k && r->events < p->final_events)
        fprintf(f, "%g events, past the last interim's %g: the final look %d, at information fraction 1 "
                "(it spends the alpha left)\n", r->events, p->planned[k - 2], r->look);
    else
        fprintf(f, "%g events of %g: look %d of %d, at information fraction %.6f\n", r->events, p->final_events,
                r->look, k, r->info_frac);
    fprintf(f, "%-6s %10s %10s %10s %10s %10s %10s %10s\n", "look", "events", "info_frac", "z_efficacy",
            "p_efficacy", "z_futility", "alpha_cum", "beta_cum");
    for (int j = 0; j < k; j++) {
        char mark[16], zf[32], bc[32];
        snprintf(mark, sizeof mark, "%d%s", j + 1, j + 1 == r->look ? " *" : "");
        snprintf(zf, sizeof zf, j < k - 1 ? "%.4f" : "-", b->z_fut[j]);
        snprintf(bc, sizeof bc, isnan(b->beta_cum[j]) ? "-" : "%.6f", b->beta_cum[j]);
        fprintf(f, "%-6s %10g %10.6f %10.4f %10.6f %10s %10.6f %10s\n", mark, r->events_at[j], b->t[j],
                b->z_eff[j], nominal_p(b->z_eff[j], b->sides), zf, b->alpha_cum[j], bc);
    }
    fprintf(f, "(* the current look; z_efficacy inf = no efficacy stop, z_futility -inf = none; later looks at "
            "their planned fractions)\n");
    hs_analyze_gsd_decision_text(r, buf, sizeof buf);
    fprintf(f, "z = %.4f (%s, positive = benefit of the experimental group) at look %d: %s\n", r->z, test,
            r->look, buf);
}

static json_t *jnum(double x) { return isfinite(x) ? json_real(x) : json_null(); }

json_t *hs_analyze_gsd_json(const hs_analyze_gsd_plan *p, const hs_analyze_gsd_result *r, const char *test)
{
    const hs_gsd_bounds *b = &r->b;
    json_t *o = json_object(), *arr = json_array();
    char buf[256];
    json_object_set_new(o, "look", json_integer(r->look));
    json_object_set_new(o, "looks", json_integer(b->k));
    json_object_set_new(o, "info_frac", jnum(r->info_frac));
    json_object_set_new(o, "events", json_integer((json_int_t)r->events));
    json_object_set_new(o, "final_events", json_integer((json_int_t)p->final_events));
    json_object_set_new(o, "test", json_string(test));
    json_object_set_new(o, "z", jnum(r->z));
    json_object_set_new(o, "z_efficacy", jnum(r->z_eff));
    json_object_set_new(o, "z_futility", jnum(r->z_fut));
    json_object_set_new(o, "decision", json_string(decision_code(r->decision)));
    hs_analyze_gsd_decision_text(r, buf, sizeof buf);
    json_object_set_new(o, "decision_text", json_string(buf));
    json_object_set_new(o, "alpha", jnum(p->spec.alpha));
    json_object_set_new(o, "sides", json_integer(p->spec.sides));
    json_object_set_new(o, "efficacy", json_string(p->eff_text));
    json_object_set_new(o, "futility", json_string(p->fut_text));
    json_object_set_new(o, "futility_binding", json_boolean(p->spec.binding));
    json_object_set_new(o, "beta", jnum(p->spec.beta));
    for (int j = 0; j < b->k; j++) {
        json_t *l = json_object();
        json_object_set_new(l, "look", json_integer(j + 1));
        json_object_set_new(l, "events", json_integer((json_int_t)r->events_at[j]));
        json_object_set_new(l, "info_frac", jnum(b->t[j]));
        json_object_set_new(l, "z_efficacy", jnum(b->z_eff[j]));
        json_object_set_new(l, "z_futility", j < b->k - 1 ? jnum(b->z_fut[j]) : json_null());
        json_object_set_new(l, "alpha_cum", jnum(b->alpha_cum[j]));
        json_object_set_new(l, "beta_cum", jnum(b->beta_cum[j]));
        json_array_append_new(arr, l);
    }
    json_object_set_new(o, "bounds", arr);
    return o;
}
