/* results_prior.c — a scenario's assurance figures (design.md "Assurance"):
 * summary.json `assurance`, `prior`, `conditional_power*`,
 * `assurance_ceiling*`, and prior_power.csv.
 *
 * prior_power.csv: per drawn quantity, 20 bins of (about) equal counts of
 * its draws. A key's or fitted parameter's bins are its prior's twenty
 * 5% slices (acc.h), each printed, empty or not. The drawn HR has no prior
 * of its own to slice: its fine log-HR bins are grouped in order into 20
 * groups of about equal counts (fine bin i joins group floor(20 (c_i +
 * n_i / 2) / T), c_i the draws in the bins before it, n_i its own, T all),
 * and only groups with draws are printed, numbered 1, 2, ... in order. */
#include <math.h>
#include <stdio.h>

#include "resfmt.h"
#include "results_prior.h"

static void row(hs_sbuf *b, const char *key, int bin, double lo, double hi, uint64_t n, uint64_t k,
                uint64_t pos, int npat)
{
    hs_sbuf_printf(b, "%s,%d", key, bin);
    hs_results_num(b, n ? lo : NAN);
    hs_results_num(b, n ? hi : NAN);
    hs_sbuf_printf(b, ",%llu,%llu", (unsigned long long)n, (unsigned long long)k);
    hs_results_num(b, n ? (double)k / (double)n : NAN);
    hs_sbuf_printf(b, ",%llu,%d\n", (unsigned long long)pos, npat);
}

static void quantity_rows(hs_sbuf *b, const char *key, const hs_acc *acc, int q, uint64_t pos, int npat)
{
    int first = acc->pat[q], nb = acc->pat[q + 1] - first;
    if (nb == HS_ACC_PRIOR_BINS) {
        for (int i = 0; i < nb; i++) {
            int x = first + i;
            row(b, key, i + 1, acc->pmin[x], acc->pmax[x], acc->pcount[2 * x], acc->pcount[2 * x + 1], pos, npat);
        }
        return;
    }
    uint64_t total = 0;
    for (int i = 0; i < nb; i++)
        total += acc->pcount[2 * (first + i)];
    uint64_t before = 0, n = 0, k = 0;
    double lo = INFINITY, hi = -INFINITY;
    int group = -1, printed = 0;
    for (int i = 0; i < nb; i++) {
        int x = first + i;
        uint64_t c = acc->pcount[2 * x];
        if (c == 0)
            continue;
        int g = (int)floor(HS_ACC_PRIOR_BINS * ((double)before + 0.5 * (double)c) / (double)total);
        if (g > HS_ACC_PRIOR_BINS - 1)
            g = HS_ACC_PRIOR_BINS - 1;
        if (g != group && n > 0) {
            row(b, key, ++printed, lo, hi, n, k, pos, npat);
            n = k = 0;
            lo = INFINITY;
            hi = -INFINITY;
        }
        group = g;
        n += c;
        k += acc->pcount[2 * x + 1];
        lo = fmin(lo, acc->pmin[x]);
        hi = fmax(hi, acc->pmax[x]);
        before += c;
    }
    if (n > 0)
        row(b, key, ++printed, lo, hi, n, k, pos, npat);
}

static json_t *prior_json(const hs_scenario *sc)
{
    const hs_prior_spec *p = &sc->prior;
    json_t *o = json_object(), *keys = json_array(), *fits = json_array();
    for (int k = 0; k < p->nkeys; k++) {
        char text[128];
        hs_prior_text(&p->key[k].dist, text, sizeof text);
        json_t *e = json_object();
        json_object_set_new(e, "key", json_string(p->key[k].name));
        json_object_set_new(e, "prior", json_string(text));
        json_object_set_new(e, "low", hs_results_jnum(p->key[k].dist.lo));
        json_object_set_new(e, "high", hs_results_jnum(p->key[k].dist.hi));
        json_object_set_new(e, "mass", json_real(p->key[k].mass));
        json_array_append_new(keys, e);
    }
    for (int f = 0; f < p->nfit; f++) {
        const hs_prior_fit *fit = &p->fit[f];
        json_t *e = json_object(), *names = json_array(), *mean = json_array(), *sd = json_array();
        for (int i = 0; i < fit->mvn.k; i++) {
            json_array_append_new(names, json_string(fit->name[i]));
            json_array_append_new(mean, json_real(fit->mvn.mean[i]));
            json_array_append_new(sd, json_real(fit->mvn.sd[i]));
        }
        json_object_set_new(e, "parameters", names);
        json_object_set_new(e, "mean", mean);
        json_object_set_new(e, "sd", sd);
        json_array_append_new(fits, e);
    }
    json_object_set_new(o, "keys", keys);
    json_object_set_new(o, "from_fit", fits);
    json_object_set_new(o, "conditional", json_boolean(p->conditional));
    return o;
}

void hs_results_prior(json_t *o, hs_sbuf *b, uint64_t pos, const hs_scenario *sc, const hs_acc *acc,
                      hs_prior_head *head)
{
    uint64_t R = acc->count[HS_ACC_REPLICATES];
    json_object_set_new(o, "assurance", json_true());
    json_object_set_new(o, "prior", prior_json(sc));
    head->assurance = 1;
    head->conditional = acc->cond_at >= 0;
    head->cond_power = head->cond_lo = head->cond_hi = NAN;
    if (acc->cond_at >= 0) {
        uint64_t k = acc->count[acc->cond_at];
        double p, se, lo, hi;
        hs_results_proportion(k, R, &p, &se);
        hs_results_wilson(k, R, &lo, &hi);
        json_object_set_new(o, "conditional_rejections", json_integer((json_int_t)k));
        json_object_set_new(o, "conditional_power", hs_results_jnum(p));
        json_object_set_new(o, "conditional_power_se", hs_results_jnum(se));
        json_object_set_new(o, "conditional_power_ci_low", hs_results_jnum(lo));
        json_object_set_new(o, "conditional_power_ci_high", hs_results_jnum(hi));
        head->cond_power = p;
        head->cond_lo = lo;
        head->cond_hi = hi;
    }
    double ceil_p = 1, ceil_se = 0;
    if (acc->below_at >= 0)
        hs_results_proportion(acc->count[acc->below_at], R, &ceil_p, &ceil_se);
    json_object_set_new(o, "assurance_ceiling", hs_results_jnum(ceil_p));
    json_object_set_new(o, "assurance_ceiling_se", hs_results_jnum(ceil_se));
    head->ceiling = ceil_p;
    for (int q = 0; q < acc->nq; q++)
        quantity_rows(b, hs_priordraw_name(sc, q), acc, q, pos, sc->n);
}
