/* sweep.c — see sweep.h.
 *
 * Power at a point: p = k/R (rejections over replicates), MC SE
 * sqrt(p(1-p)/R), Wilson 95% interval (results.h). Tornado (one-way):
 * power at an axis's first ("low") and last ("high") value with the other
 * axes at base; swing = max - min of the power over the axis's values.
 * Tornado (grid): the same from pooled main effects, power at a level =
 * sum k / sum R over every grid point at that level. Every number of the
 * tables comes from the integer counts in the rows, so the tables do not
 * depend on how the points were split over tasks. */
#include "sweep.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfgval.h"
#include "targets.h"

/* ------------------------------------------------------------ parsing */

static void trim(char **s, char **e)
{
    while (*s < *e && isspace((unsigned char)**s))
        (*s)++;
    while (*e > *s && isspace((unsigned char)(*e)[-1]))
        (*e)--;
}

static int axis_name_ok(const char *s)
{
    if (!*s || strlen(s) >= HS_SWEEP_AXIS_NAME_MAX || !strcmp(s, "base"))
        return 0;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && *s != '_' && *s != '-')
            return 0;
    return 1;
}

static int key_ok(const char *s)
{
    const char *dot = strchr(s, '.');
    if (!dot || dot == s || !dot[1])
        return 0;
    for (; *s; s++)
        if (isspace((unsigned char)*s) || *s == '=' || *s == ',' || *s == ':' || *s == '|')
            return 0;
    return 1;
}

static void where(const hs_config *c, const hs_sweep_entry *e, char *file, size_t cap)
{
    if (e->line > 0)
        snprintf(file, cap, "%s", c->source);
    else
        snprintf(file, cap, "--set sweep.%s", e->key);
}

static int parse_axis(const hs_config *c, const hs_sweep_entry *e, hs_sweep_axis *a, hs_errs *errs)
{
    char file[HS_PATH_MAX + 16];
    where(c, e, file, sizeof file);
    memset(a, 0, sizeof *a);
    a->line = e->line;
    const char *nm = e->key + 5;
    if (!axis_name_ok(nm)) {
        hs_errs_add(errs, file, e->line, "bad axis name '%s'; expected axis.NAME with NAME of letters, digits, _ and - (not 'base', at most %d)",
                    nm, HS_SWEEP_AXIS_NAME_MAX - 1);
        return -1;
    }
    snprintf(a->name, sizeof a->name, "%s", nm);
    char buf[HS_SWEEP_VALUE_MAX];
    snprintf(buf, sizeof buf, "%s", e->value);
    char *colon = strchr(buf, ':');
    if (!colon) {
        hs_errs_add(errs, file, e->line, "axis %s has no ':'; expected KEY[, KEY...] : V1 | V2 | ...",
                    a->name);
        return -1;
    }
    *colon = '\0';
    /* keys */
    char *p = buf;
    for (;;) {
        char *end = strchr(p, ',');
        char *stop = end ? end : colon;
        char *s = p, *t = stop;
        trim(&s, &t);
        *t = '\0';
        if (!key_ok(s)) {
            hs_errs_add(errs, file, e->line, "axis %s: bad key '%s'; expected a config key like design.strata or arm.chemo.mets.4+",
                        a->name, s);
            return -1;
        }
        if (a->nkeys == HS_SWEEP_KEYS_MAX) {
            hs_errs_add(errs, file, e->line, "axis %s has more than %d keys; expected at most %d",
                        a->name, HS_SWEEP_KEYS_MAX, HS_SWEEP_KEYS_MAX);
            return -1;
        }
        if (strlen(s) >= HS_SWEEP_KEY_MAX) {
            hs_errs_add(errs, file, e->line, "axis %s: key '%s' is too long; expected under %d characters",
                        a->name, s, HS_SWEEP_KEY_MAX);
            return -1;
        }
        snprintf(a->key[a->nkeys++], HS_SWEEP_KEY_MAX, "%s", s);
        if (!end)
            break;
        p = end + 1;
    }
    /* values */
    p = colon + 1;
    for (;;) {
        char *end = strchr(p, '|');
        char *s = p, *t = end ? end : p + strlen(p);
        trim(&s, &t);
        *t = '\0';
        if (a->nvalues == HS_SWEEP_VALUES_MAX) {
            hs_errs_add(errs, file, e->line, "axis %s has more than %d values; expected at most %d",
                        a->name, HS_SWEEP_VALUES_MAX, HS_SWEEP_VALUES_MAX);
            return -1;
        }
        for (int i = 0; i < a->nvalues; i++)
            if (!strcmp(a->value[i], s)) {
                hs_errs_add(errs, file, e->line, "axis %s lists the value '%s' twice; expected distinct values",
                            a->name, s);
                return -1;
            }
        if (strchr(s, '"') || strchr(s, '\n')) {
            hs_errs_add(errs, file, e->line, "axis %s: value '%s' contains a quote; expected plain values",
                        a->name, s);
            return -1;
        }
        snprintf(a->value[a->nvalues++], HS_SWEEP_VALUE_MAX, "%s", s);
        if (!end)
            break;
        p = end + 1;
    }
    if (a->nvalues == 1 && a->value[0][0] == '\0') {
        hs_errs_add(errs, file, e->line, "axis %s has no values; expected KEY : V1 | V2 | ...", a->name);
        return -1;
    }
    return 0;
}

int hs_sweep_parse(const hs_config *c, hs_sweep *s, hs_errs *errs)
{
    int before = hs_errs_count(errs), conflict_line = -1;
    char conflict[3][HS_SWEEP_KEY_MAX];
    memset(s, 0, sizeof *s);
    s->design = HS_SWEEP_ONEWAY;
    for (int i = 0; i < c->nsweep; i++) {
        const hs_sweep_entry *e = &c->sweep[i];
        char file[HS_PATH_MAX + 16];
        where(c, e, file, sizeof file);
        if (!strcmp(e->key, "target_power")) {
            char msg[200];
            if (hs_targets_parse(e->value, HS_SWEEP_TARGETS_MAX, &s->ntarget, s->target, msg, sizeof msg) != 0)
                hs_errs_add(errs, file, e->line, "target_power = '%s': %s", e->value, msg);
            else if (c->plan.solve_followup) /* each point's search would be over N, not follow-up */
                hs_errs_add(errs, file, e->line, "[sweep] target_power with [plan] solve = followup; expected "
                            "one of them: a sweep's target-power search is over N, so to find the minimal "
                            "follow-up of each point run `hifusim plan` per point");
            else if (c->plan.events_fixed) /* K events by a month is a search over N of its own */
                hs_errs_add(errs, file, e->line, "[sweep] target_power with [plan] events = fixed; expected "
                            "one of them: with K events fixed the N is found from events_by, not from a "
                            "target power, so run `hifusim plan` per point");
        } else if (!strcmp(e->key, "design")) {
            if (!strcmp(e->value, "grid"))
                s->design = HS_SWEEP_GRID;
            else if (strcmp(e->value, "oneway") != 0)
                hs_errs_add(errs, file, e->line, "design = '%s'; expected oneway or grid", e->value);
        } else if (!strncmp(e->key, "axis.", 5)) {
            if (s->naxes == HS_SWEEP_AXES_MAX) {
                hs_errs_add(errs, file, e->line, "too many axes; expected at most %d", HS_SWEEP_AXES_MAX);
                continue;
            }
            hs_sweep_axis *a = &s->axis[s->naxes];
            if (parse_axis(c, e, a, errs) != 0)
                continue;
            int dup = 0; /* a key in two axes: fine one way, a conflict in a grid (checked below) */
            for (int b = 0; b < s->naxes && !dup; b++)
                for (int k = 0; k < s->axis[b].nkeys && !dup; k++)
                    for (int j = 0; j < a->nkeys && !dup; j++)
                        if (!strcmp(s->axis[b].key[k], a->key[j])) {
                            snprintf(conflict[0], sizeof conflict[0], "%s", a->name);
                            snprintf(conflict[1], sizeof conflict[1], "%s", a->key[j]);
                            snprintf(conflict[2], sizeof conflict[2], "%s", s->axis[b].name);
                            conflict_line = e->line;
                            dup = 1;
                        }
            for (int k = 0; k < a->nkeys && dup != 2; k++)
                for (int j = 0; j < k && dup != 2; j++)
                    if (!strcmp(a->key[k], a->key[j])) {
                        hs_errs_add(errs, file, e->line, "axis %s names key %s twice; expected distinct keys",
                                    a->name, a->key[k]);
                        dup = 2;
                    }
            if (dup != 2)
                s->naxes++;
        } else {
            hs_errs_add(errs, file, e->line, "unknown key '%s' in [sweep]; expected design, target_power or axis.NAME",
                        e->key);
        }
    }
    if (s->design == HS_SWEEP_GRID && conflict_line >= 0)
        hs_errs_add(errs, conflict_line > 0 ? c->source : "--set sweep", conflict_line,
                    "axis %s: key %s is already swept by axis %s; expected each key in one axis of a grid",
                    conflict[0], conflict[1], conflict[2]);
    if (hs_errs_count(errs) > before)
        return -1;
    if (s->naxes == 0) {
        hs_errs_add(errs, c->source, 0, "no [sweep] axes; expected at least one axis.NAME = KEY : V1 | V2 (see configs/README.md)");
        return -1;
    }
    if (s->design == HS_SWEEP_ONEWAY) {
        s->npoints = 1;
        for (int a = 0; a < s->naxes; a++)
            s->npoints += (uint64_t)s->axis[a].nvalues;
    } else {
        s->npoints = 1;
        for (int a = 0; a < s->naxes; a++) {
            s->npoints *= (uint64_t)s->axis[a].nvalues;
            if (s->npoints > HS_SWEEP_POINTS_MAX) {
                hs_errs_add(errs, c->source, s->axis[a].line, "the grid has more than %llu points; expected fewer axes or values",
                            (unsigned long long)HS_SWEEP_POINTS_MAX);
                return -1;
            }
        }
    }
    return 0;
}

/* ------------------------------------------------------------- points */

int hs_sweep_point(const hs_sweep *s, uint64_t p, int level[HS_SWEEP_AXES_MAX])
{
    if (p >= s->npoints)
        return -1;
    for (int a = 0; a < HS_SWEEP_AXES_MAX; a++)
        level[a] = -1;
    if (s->design == HS_SWEEP_ONEWAY) {
        if (p == 0)
            return 0;
        uint64_t q = p - 1;
        for (int a = 0; a < s->naxes; a++) {
            if (q < (uint64_t)s->axis[a].nvalues) {
                level[a] = (int)q;
                return 1;
            }
            q -= (uint64_t)s->axis[a].nvalues;
        }
        return -1;
    }
    for (int a = s->naxes - 1; a >= 0; a--) {
        uint64_t nv = (uint64_t)s->axis[a].nvalues;
        level[a] = (int)(p % nv);
        p /= nv;
    }
    return s->naxes;
}

int hs_sweep_overrides(const hs_sweep *s, const int level[HS_SWEEP_AXES_MAX], char *buf,
                       size_t cap, const char **ov, int max)
{
    int n = 0;
    size_t used = 0;
    for (int a = 0; a < s->naxes; a++) {
        if (level[a] < 0)
            continue;
        const hs_sweep_axis *x = &s->axis[a];
        for (int k = 0; k < x->nkeys; k++) {
            if (n == max)
                return -1;
            int w = snprintf(buf + used, cap - used, "%s=%s", x->key[k], x->value[level[a]]);
            if (w < 0 || (size_t)w >= cap - used)
                return -1;
            ov[n++] = buf + used;
            used += (size_t)w + 1;
        }
    }
    return n;
}
