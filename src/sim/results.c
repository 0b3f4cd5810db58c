/* results.c — see results.h.
 *
 * Power: p = k/R with its MC SE and Wilson interval (resfmt.h). */
#include "results.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results_prior.h"
#include "resfmt.h"

static void dist_row(hs_sbuf *b, const hs_dsummary *s)
{
    hs_results_num(b, s->mean);
    hs_results_num(b, s->sd);
    for (int i = 0; i < 5; i++)
        hs_results_num(b, s->q[i]);
}

static void est_row(hs_sbuf *b, uint64_t pos, const char *quantity, const char *arm, double time,
                    const hs_dstat *d)
{
    hs_dsummary s;
    hs_acc_summarize(d, &s);
    if (!strcmp(quantity, "events")) /* counts: integer quantiles (an event-driven K is exactly K,
                                      * not 119.525 from the interpolation within its bin) */
        for (int i = 0; i < 5; i++)
            s.q[i] = round(s.q[i]);
    hs_sbuf_printf(b, "%llu,%s,%s", (unsigned long long)pos, quantity, arm);
    hs_results_num(b, time);
    hs_sbuf_printf(b, ",%llu,%llu", (unsigned long long)s.n, (unsigned long long)s.nna);
    dist_row(b, &s);
    hs_sbuf_printf(b, "\n");
}

/* hist.csv rows of one distribution (see results.h). */
static void hist_rows(hs_sbuf *b, uint64_t pos, const char *quantity, const char *arm,
                      const hs_dstat *d)
{
    size_t len, nb = hs_hist_nbins(d->h);
    uint64_t *c = hs_hist_counts(d->h, &len);
    if (hs_hist_total(d->h) == 0)
        return;
    double lo = hs_hist_lo(d->h), hi = hs_hist_hi(d->h), w = (hi - lo) / (double)nb;
    double qa = hs_hist_quantile(d->h, 0.001), qb = hs_hist_quantile(d->h, 0.999);
    size_t first = qa <= lo ? 0 : (size_t)((qa - lo) / w), last = qb >= hi ? nb - 1 : (size_t)((qb - lo) / w);
    if (d->open_top && qb >= hi) /* "not reached" is not a bin: end at the last finite value */
        while (last > 0 && c[last] == 0)
            last--;
    if (first >= nb)
        first = nb - 1;
    if (last >= nb || last < first)
        last = first;
    size_t span = last - first + 1;
    size_t per = (span + HS_RES_HIST_BINS - 1) / HS_RES_HIST_BINS;
    for (size_t a = first; a <= last; a += per) {
        size_t e = a + per - 1 < last ? a + per - 1 : last;
        uint64_t k = 0;
        for (size_t i = a; i <= e; i++)
            k += c[i];
        if (a == first) {
            k += c[nb]; /* underflow and the lower tail join the first bin */
            for (size_t i = 0; i < first; i++)
                k += c[i];
        }
        for (size_t i = e + 1; a + per > last && i < nb; i++)
            k += c[i]; /* the upper tail joins the last bin */
        if (a + per > last && !d->open_top)
            k += c[nb + 1]; /* overflow */
        hs_sbuf_printf(b, "%llu,%s,%s,%.10g,%.10g,%llu\n", (unsigned long long)pos, quantity, arm,
                       lo + w * (double)a, lo + w * (double)(e + 1), (unsigned long long)k);
    }
}


static double dmean(const hs_dstat *d)
{
    hs_dsummary s;
    hs_acc_summarize(d, &s);
    return s.n > 0 ? s.mean : NAN;
}

/* With also_test: every test's rejections on the same replicates (the
 * deciding test first), in summary.json `tests` and tests.csv. */
static void add_tests(json_t *o, hs_sbuf *b, uint64_t pos, const hs_scenario *sc, const hs_acc *acc)
{
    uint64_t R = acc->count[HS_ACC_REPLICATES];
    json_t *arr = json_array();
    for (int q = 0; q <= acc->nalso; q++) {
        uint64_t k = q ? acc->count[acc->also_at + q - 1] : acc->count[HS_ACC_REJECTIONS];
        double p, se;
        hs_results_proportion(k, R, &p, &se);
        const char *name = q ? sc->also[q - 1].text : sc->test.text;
        json_t *t = json_object();
        json_object_set_new(t, "test", json_string(name));
        json_object_set_new(t, "rejections", json_integer((json_int_t)k));
        json_object_set_new(t, "power", hs_results_jnum(p));
        json_object_set_new(t, "power_se", hs_results_jnum(se));
        json_object_set_new(t, "deciding", json_boolean(q == 0));
        json_array_append_new(arr, t);
        /* a spec with commas is quoted (RFC 4180) */
        hs_sbuf_printf(b, "%llu,%s%s%s,%llu", (unsigned long long)pos, strchr(name, ',') ? "\"" : "", name,
                       strchr(name, ',') ? "\"" : "", (unsigned long long)k);
        hs_results_num(b, p);
        hs_results_num(b, se);
        hs_sbuf_printf(b, "\n");
    }
    json_object_set_new(o, "tests", arr);
}

/* A group-sequential scenario's stages: `stages` in its summary.json object,
 * expected events, duration and N, and its stages.csv rows. Bounds are the
 * planned ones, or (observed information) the mean over the trials that
 * reached the look of the bounds they were judged against. */
static void add_stages(json_t *o, hs_sbuf *b, uint64_t pos, const hs_scenario *sc, const hs_acc *acc)
{
    uint64_t R = acc->count[HS_ACC_REPLICATES];
    json_t *arr = json_array();
    double cum = 0, r = sc->allocation_ratio;
    for (int j = 0; j < acc->nlooks; j++) {
        const hs_dstat *l = &acc->look[j * HS_ACC_LK_N];
        int fin = j == acc->nlooks - 1;
        uint64_t se = acc->count[HS_ACC_LOOK(j, HS_ACC_STOP_EFF)];
        uint64_t sf = acc->count[HS_ACC_LOOK(j, HS_ACC_STOP_FUT)];
        double pe = R ? (double)se / (double)R : NAN, pf = R ? (double)sf / (double)R : NAN;
        cum += pe;
        double info = sc->planned ? sc->bounds.t[j] : dmean(&l[HS_ACC_LK_INFO]);
        double ze = sc->planned ? sc->bounds.z_eff[j] : dmean(&l[HS_ACC_LK_ZEFF]);
        double zf = fin ? NAN : sc->planned ? sc->bounds.z_fut[j] : dmean(&l[HS_ACC_LK_ZFUT]);
        double evm = dmean(&l[HS_ACC_LK_EVENTS]);
        /* planned event-driven looks: the planned count, as rpact's */
        double D = sc->planned && (fin ? sc->cut : sc->look_cut) == HS_SC_CUT_EVENTS
                       ? sc->look_value[j] : evm;
        double hre = exp(-ze * (1 + r) / sqrt(r * D));
        json_t *s = json_object();
        json_object_set_new(s, "look", json_integer(j + 1));
        json_object_set_new(s, "info_frac", hs_results_jnum(info));
        json_object_set_new(s, "events_mean", hs_results_jnum(evm));
        json_object_set_new(s, "time_mean", hs_results_jnum(dmean(&l[HS_ACC_LK_TIME])));
        json_object_set_new(s, "n_enrolled_mean", hs_results_jnum(dmean(&l[HS_ACC_LK_ENROLLED])));
        json_object_set_new(s, "z_efficacy", hs_results_jnum(ze));
        json_object_set_new(s, "z_futility", hs_results_jnum(zf));
        json_object_set_new(s, "hr_efficacy", hs_results_jnum(hre));
        json_object_set_new(s, "stop_efficacy", hs_results_jnum(pe));
        json_object_set_new(s, "stop_futility", fin ? json_null() : hs_results_jnum(pf));
        json_object_set_new(s, "reject_cum", hs_results_jnum(cum));
        json_object_set_new(s, "reached", json_integer((json_int_t)acc->count[HS_ACC_LOOK(j, HS_ACC_REACHED)]));
        json_array_append_new(arr, s);
        hs_sbuf_printf(b, "%llu,%d", (unsigned long long)pos, j + 1);
        hs_results_num(b, info);
        hs_results_num(b, evm);
        hs_results_num(b, dmean(&l[HS_ACC_LK_TIME]));
        hs_results_num(b, dmean(&l[HS_ACC_LK_ENROLLED]));
        hs_results_num(b, ze);
        hs_results_num(b, zf);
        hs_results_num(b, hre);
        hs_results_num(b, pe);
        hs_results_num(b, fin ? NAN : pf);
        hs_results_num(b, cum);
        hs_sbuf_printf(b, ",%llu\n", (unsigned long long)acc->count[HS_ACC_LOOK(j, HS_ACC_REACHED)]);
    }
    json_object_set_new(o, "stages", arr);
    json_object_set_new(o, "expected_events", hs_results_jnum(dmean(&acc->events)));
    json_object_set_new(o, "expected_duration", hs_results_jnum(dmean(&acc->duration)));
    json_object_set_new(o, "expected_n", hs_results_jnum(dmean(&acc->enrolled)));
    json_object_set_new(o, "estimates_at", json_string("stopping look"));
}

int hs_results_add(hs_sbuf text[HS_RES_NTEXT], uint64_t pos, const hs_scenario *sc,
                   const char *const arm_name[2], const hs_acc *acc, hs_headline *head)
{
    uint64_t R = acc->count[HS_ACC_REPLICATES], k = acc->count[HS_ACC_REJECTIONS];
    double p, se, lo, hi;
    hs_results_proportion(k, R, &p, &se);
    hs_results_wilson(k, R, &lo, &hi);
    hs_dsummary ev, hr, du, med[2], rm[2];
    hs_acc_summarize(&acc->events, &ev);
    hs_acc_summarize(&acc->hr, &hr);
    hs_acc_summarize(&acc->duration, &du);
    for (int a = 0; a < 2; a++) {
        hs_acc_summarize(&acc->median[a], &med[a]);
        hs_acc_summarize(&acc->rmst[a], &rm[a]);
    }

    hs_sbuf *b = &text[HS_RES_POWER];
    hs_sbuf_printf(b, "%llu,%d,%llu,%llu", (unsigned long long)pos, sc->n, (unsigned long long)R,
                   (unsigned long long)k);
    hs_results_num(b, p);
    hs_results_num(b, se);
    hs_results_num(b, lo);
    hs_results_num(b, hi);
    hs_results_num(b, ev.mean);
    hs_results_num(b, hr.q[2]);
    hs_results_num(b, du.mean);
    hs_sbuf_printf(b, "\n");

    b = &text[HS_RES_KM];
    for (int a = 0; a < 2; a++)
        for (int j = 0; j < acc->ngrid; j++) {
            hs_dsummary s;
            hs_acc_summarize(&acc->km[a][j], &s);
            hs_sbuf_printf(b, "%llu,%s,%.10g", (unsigned long long)pos, arm_name[a], sc->grid[j]);
            dist_row(b, &s);
            /* numbers at risk: the mean over replicates, and the share of
             * replicates with anyone at risk (where follow-up ends) */
            const uint64_t *x = acc->risk ? &acc->risk[HS_ACC_RISK(acc, a, j)] : NULL;
            hs_results_num(b, x && R > 0 ? (double)x[0] / (double)R : NAN);
            hs_results_num(b, x && R > 0 ? (double)x[1] / (double)R : NAN);
            hs_sbuf_printf(b, "\n");
        }

    b = &text[HS_RES_EST];
    est_row(b, pos, "hr", "", NAN, &acc->hr);
    est_row(b, pos, "events", "", NAN, &acc->events);
    est_row(b, pos, "duration", "", NAN, &acc->duration);
    for (int a = 0; a < 2; a++) {
        est_row(b, pos, "median_os", arm_name[a], NAN, &acc->median[a]);
        est_row(b, pos, "rmst", arm_name[a], sc->tau, &acc->rmst[a]);
        for (int j = 0; j < acc->nland; j++)
            est_row(b, pos, "landmark_os", arm_name[a], sc->land[j], &acc->land[a][j]);
    }

    b = &text[HS_RES_HIST];
    hist_rows(b, pos, "hr", "", &acc->hr);
    hist_rows(b, pos, "events", "", &acc->events);
    hist_rows(b, pos, "duration", "", &acc->duration);
    for (int a = 0; a < 2; a++)
        hist_rows(b, pos, "median_os", arm_name[a], &acc->median[a]);

    json_t *o = json_object();
    json_object_set_new(o, "scenario", json_integer((json_int_t)pos));
    json_object_set_new(o, "n", json_integer(sc->n));
    json_object_set_new(o, "replicates", json_integer((json_int_t)R));
    json_object_set_new(o, "rejections", json_integer((json_int_t)k));
    json_object_set_new(o, "cox_nonconverged", json_integer((json_int_t)acc->count[HS_ACC_COX_NONCONV]));
    json_object_set_new(o, "power", hs_results_jnum(p));
    json_object_set_new(o, "power_se", hs_results_jnum(se));
    json_object_set_new(o, "power_ci_low", hs_results_jnum(lo));
    json_object_set_new(o, "power_ci_high", hs_results_jnum(hi));
    json_object_set_new(o, "events_mean", hs_results_jnum(ev.mean));
    json_object_set_new(o, "hr_median", hs_results_jnum(hr.q[2]));
    json_object_set_new(o, "hr_q025", hs_results_jnum(hr.q[0]));
    json_object_set_new(o, "hr_q975", hs_results_jnum(hr.q[4]));
    json_object_set_new(o, "duration_mean", hs_results_jnum(du.mean));
    json_t *mo = json_object(), *rmo = json_object();
    for (int a = 0; a < 2; a++) {
        json_object_set_new(mo, arm_name[a], hs_results_jnum(med[a].q[2]));
        json_object_set_new(rmo, arm_name[a], hs_results_jnum(rm[a].mean));
    }
    json_object_set_new(o, "median_os", mo);
    json_object_set_new(o, "rmst_mean", rmo);
    json_object_set_new(o, "alpha", json_real(sc->alpha));
    json_object_set_new(o, "sides", json_integer(sc->sides));
    if (acc->nalso > 0 || (sc->test.kind != HS_TEST_LOGRANK && sc->test.kind != HS_TEST_COX))
        json_object_set_new(o, "test", json_string(sc->test.text)); /* else as before */
    if (acc->nlooks > 1)
        add_stages(o, &text[HS_RES_STAGES], pos, sc, acc);
    if (acc->nalso > 0)
        add_tests(o, &text[HS_RES_TESTS], pos, sc, acc);
    memset(&head->prior, 0, sizeof head->prior);
    if (acc->nq > 0)
        hs_results_prior(o, &text[HS_RES_PRIOR], pos, sc, acc, &head->prior);
    char *js = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!js)
        return -1;
    hs_sbuf_printf(&text[HS_RES_JSON], "%s\n", js);
    free(js);

    head->n = sc->n;
    head->replicates = R;
    head->rejections = k;
    head->power = p;
    head->power_lo = lo;
    head->power_hi = hi;
    head->events_mean = ev.mean;
    head->hr_median = hr.q[2];
    head->median_os[0] = med[0].q[2];
    head->median_os[1] = med[1].q[2];
    head->duration_mean = du.mean;
    head->nlooks = acc->nlooks;
    head->stop_interim_eff = head->stop_interim_fut = 0;
    head->expected_n = acc->has_enrolled && R > 0 ? dmean(&acc->enrolled) : NAN;
    if (acc->nlooks > 1 && R > 0) {
        for (int j = 0; j < acc->nlooks - 1; j++) {
            head->stop_interim_eff += (double)acc->count[HS_ACC_LOOK(j, HS_ACC_STOP_EFF)] / (double)R;
            head->stop_interim_fut += (double)acc->count[HS_ACC_LOOK(j, HS_ACC_STOP_FUT)] / (double)R;
        }
        head->expected_n = dmean(&acc->enrolled);
    }
    for (int t = 0; t < HS_RES_NTEXT; t++)
        if (text[t].failed)
            return -1;
    return 0;
}

static int write_text(hs_output *out, const char *name, const char *header, const hs_sbuf *b)
{
    FILE *f = hs_output_open(out, name);
    if (!f)
        return -1;
    fputs(header, f);
    if (b->len)
        fwrite(b->s, 1, b->len, f);
    return hs_output_close(out, f, name);
}

static int write_json(hs_output *out, const char *name, json_t *root)
{
    FILE *f = hs_output_open(out, name);
    if (!f) {
        json_decref(root);
        return -1;
    }
    int rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', f);
    json_decref(root);
    if (hs_output_close(out, f, name) != 0 || rc != 0)
        return -1;
    return 0;
}

int hs_results_write(hs_output *out, const hs_sbuf text[HS_RES_NTEXT], const char *run_name,
                     uint64_t seed, uint64_t replicates)
{
    static const char *est_head =
        "scenario,quantity,arm,time,n,n_na,mean,sd,q025,q250,q500,q750,q975\n";
    if (write_text(out, "power.csv",
                   "scenario,n,replicates,rejections,power,power_se,power_ci_low,power_ci_high,"
                   "events_mean,hr_median,duration_mean\n",
                   &text[HS_RES_POWER]) ||
        write_text(out, "km_bands.csv",
                   "scenario,arm,time,mean,sd,q025,q250,q500,q750,q975,at_risk_mean,at_risk_any\n",
                   &text[HS_RES_KM]) ||
        write_text(out, "estimates.csv", est_head, &text[HS_RES_EST]) ||
        write_text(out, "hist.csv", "scenario,quantity,arm,lo,hi,count\n", &text[HS_RES_HIST]))
        return -1;
    if (text[HS_RES_TESTS].len > 0 &&
        write_text(out, "tests.csv", "scenario,test,rejections,power,power_se\n", &text[HS_RES_TESTS]))
        return -1;
    if (text[HS_RES_PRIOR].len > 0 &&
        write_text(out, "prior_power.csv", "key,bin,value_low,value_high,replicates,rejections,power,scenario,n\n",
                   &text[HS_RES_PRIOR]))
        return -1;
    if (text[HS_RES_STAGES].len > 0 &&
        write_text(out, "stages.csv",
                   "scenario,look,info_frac,events_mean,time_mean,n_enrolled_mean,z_efficacy,"
                   "z_futility,hr_efficacy,stop_efficacy,stop_futility,reject_cum,reached\n",
                   &text[HS_RES_STAGES]))
        return -1;

    json_t *root = json_object(), *arr = json_array();
    json_object_set_new(root, "run", json_string(run_name));
    json_object_set_new(root, "seed", json_integer((json_int_t)seed));
    json_object_set_new(root, "replicates", json_integer((json_int_t)replicates));
    const char *s = text[HS_RES_JSON].s;
    while (s && *s) {
        const char *nl = strchr(s, '\n');
        size_t len = nl ? (size_t)(nl - s) : strlen(s);
        json_t *o = json_loadb(s, len, 0, NULL);
        if (o)
            json_array_append_new(arr, o);
        s += len + (nl != NULL);
    }
    json_object_set_new(root, "scenarios", arr);
    return write_json(out, "summary.json", root);
}
