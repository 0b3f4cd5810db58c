/* report_html.c — report.html (see report_html.h): one self-contained page
 * with the plots as inline SVG, tables of the result CSVs, summary cards,
 * the scenario in words and the configuration as run. Each SVG's ids are
 * prefixed per plot so that the plots' <defs> cannot collide, and the SVG
 * namespace attributes (which the HTML parser does not need) are dropped,
 * so the page holds no URL. */
#include "report_html.h"

#include "report_prior.h"
#include "report_stages.h"
#include "report_tests.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROWS_SHOWN 200

/* ---------- small helpers ---------- */

static void fmt_num(char *out, size_t cap, double v, int digits)
{
    if (isfinite(v))
        snprintf(out, cap, "%.*f", digits, v);
    else
        snprintf(out, cap, "NA");
}

/* ---------- HTML ---------- */

/* Append the SVG file inline: from "<svg", namespace attributes dropped,
 * ids and #-references prefixed with "pK-". */
static int inline_svg(hs_sbuf *b, const char *path, int k)
{
    size_t len;
    char *s = hs_sbuf_slurp(path, &len);
    if (!s)
        return -1;
    char *p = strstr(s, "<svg");
    if (!p || strstr(p, "<script") || strstr(p, "<foreignObject")) {
        free(s);
        return -1;
    }
    char pre[16];
    snprintf(pre, sizeof pre, "p%d-", k);
    while (*p) {
        int ws = p > s && (p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t');
        if (ws && !strncmp(p, "xmlns", 5)) {
            char *q = strchr(p, '=');
            if (q && (q[1] == '"' || q[1] == '\'')) {
                char *e = strchr(q + 2, q[1]);
                if (e) {
                    p = e + 1;
                    continue;
                }
            }
        }
        if (ws && !strncmp(p, "id=", 3) && (p[3] == '"' || p[3] == '\'')) {
            hs_sbuf_append(b, p, 4);
            hs_sbuf_printf(b, "%s", pre);
            p += 4;
            continue;
        }
        if (!strncmp(p, "href=", 5) && (p[5] == '"' || p[5] == '\'') && p[6] == '#') {
            hs_sbuf_append(b, p, 7);
            hs_sbuf_printf(b, "%s", pre);
            p += 7;
            continue;
        }
        if (!strncmp(p, "url(#", 5)) {
            hs_sbuf_append(b, p, 5);
            hs_sbuf_printf(b, "%s", pre);
            p += 5;
            continue;
        }
        hs_sbuf_append(b, p, 1);
        p++;
    }
    free(s);
    return 0;
}

/* A CSV as an HTML table (at most ROWS_SHOWN rows; filter: scenario column == only). */
static void html_table(hs_sbuf *b, const hs_csvtab *t, const char *only, int numeric_digits)
{
    int cs = only ? hs_report_data_col(t, "scenario") : -1;
    int nc = hs_csvtab_ncols(t);
    hs_sbuf_printf(b, "<div class=\"tw\"><table>\n<thead><tr>");
    for (int c = 0; c < nc; c++) {
        if (c == cs)
            continue;
        hs_sbuf_printf(b, "<th>");
        hs_report_data_html_esc(b, hs_csvtab_colname(t, c));
        hs_sbuf_printf(b, "</th>");
    }
    hs_sbuf_printf(b, "</tr></thead>\n<tbody>\n");
    size_t shown = 0, nr = hs_report_data_nrows(t);
    for (size_t r = 0; r < nr; r++) {
        if (cs >= 0 && strcmp(hs_report_data_cell(t, r, cs), only) != 0)
            continue;
        if (shown++ == ROWS_SHOWN)
            break;
        hs_sbuf_printf(b, "<tr>");
        for (int c = 0; c < nc; c++) {
            if (c == cs)
                continue;
            const char *cell = hs_csvtab_cell(t, r, c);
            char *end;
            double x = strtod(cell, &end);
            if (*cell && !*end && isfinite(x) && strchr(cell, '.') && numeric_digits > 0) {
                char buf[64];
                snprintf(buf, sizeof buf, "%.*g", numeric_digits, x);
                hs_sbuf_printf(b, "<td class=\"n\">%s</td>", buf);
            } else {
                hs_sbuf_printf(b, *cell && !*end ? "<td class=\"n\">" : "<td>");
                hs_report_data_html_esc(b, cell);
                hs_sbuf_printf(b, "</td>");
            }
        }
        hs_sbuf_printf(b, "</tr>\n");
    }
    hs_sbuf_printf(b, "</tbody></table></div>\n");
    if (shown > ROWS_SHOWN)
        hs_sbuf_printf(b,
                       "<p class=\"small\">First %d rows shown; the CSV file has them all.</p>\n",
                       ROWS_SHOWN);
}

static const char *css =
    ":root{--ink:#1b1f23;--muted:#5a6270;--line:#d8dde3;--accent:#08306b;--bg:#fff}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#f4f6f8;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,Helvetica,Arial,sans-serif}\n"
    "main{max-width:1180px;margin:0 auto;padding:24px 28px 48px;background:var(--bg)}\n"
    "h1{font-size:1.7em;margin:0 0 4px;color:var(--accent)}\n"
    "h2{font-size:1.25em;margin:32px 0 10px;padding-bottom:4px;"
    "border-bottom:2px solid var(--line)}\n"
    "h3{font-size:1.05em;margin:18px 0 6px}\n"
    ".meta,.small{color:var(--muted);font-size:.88em}\n"
    ".cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:12px}\n"
    ".card{border:1px solid var(--line);border-radius:8px;padding:10px 14px;background:#fafbfc}\n"
    ".card .k{color:var(--muted);font-size:.85em}\n"
    ".card .v{font-size:1.55em;font-weight:600;color:var(--accent)}\n"
    ".card .u{font-size:.85em;color:var(--muted)}\n"
    ".plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:18px}\n"
    "figure{margin:0;border:1px solid var(--line);border-radius:8px;padding:8px;background:#fff;"
    "break-inside:avoid;page-break-inside:avoid}\n"
    "figure svg{display:block;width:100%;height:auto}\n"
    "figcaption{font-size:.86em;color:var(--muted);padding:4px 6px 2px}\n"
    "figcaption b{color:var(--ink)}\n"
    ".tw{overflow-x:auto}\n"
    "table{border-collapse:collapse;font-size:.86em;margin:6px 0 12px}\n"
    "th,td{border-bottom:1px solid var(--line);padding:3px 9px;"
    "text-align:left;white-space:nowrap}\n"
    "th{background:#eef1f4}\n"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "pre{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:10px;"
    "font-size:.8em;overflow-x:auto;white-space:pre-wrap}\n"
    "ul.notes{color:#8a3b00}\n"
    "@media print{body{background:#fff;font-size:10pt}main{max-width:none;padding:0}"
    ".plots{display:block}figure{margin:0 0 12px;border:none;padding:0}"
    "h2{break-after:avoid;page-break-after:avoid}.tw{overflow:visible}"
    "table{font-size:8pt}pre{white-space:pre-wrap;font-size:7pt}}\n";

/* The estimates.csv row of (headline scenario, quantity, arm), or -1. */
static long est_row(const hs_report_data *D, const char *quantity, const char *arm, double time)
{
    hs_csvtab *t = D->est;
    int cs = hs_report_data_col(t, "scenario"), cq = hs_report_data_col(t, "quantity"),
        ca = hs_report_data_col(t, "arm"), ct = hs_report_data_col(t, "time");
    for (size_t r = 0; t && r < hs_report_data_nrows(t); r++)
        if (!strcmp(hs_report_data_cell(t, r, cs), D->scen) &&
            !strcmp(hs_report_data_cell(t, r, cq), quantity) &&
            !strcmp(hs_report_data_cell(t, r, ca), arm) &&
            (isnan(time) || fabs(hs_report_data_num(t, r, ct) - time) < 1e-9))
            return (long)r;
    return -1;
}

static int plan_mode(const hs_report_data *D);

static void card(hs_sbuf *b, const char *k, const char *v, const char *u)
{
    hs_sbuf_printf(b, "<div class=\"card\"><div class=\"k\">");
    hs_report_data_html_esc(b, k);
    hs_sbuf_printf(b, "</div><div class=\"v\">");
    hs_report_data_html_esc(b, v);
    hs_sbuf_printf(b, "</div><div class=\"u\">");
    hs_report_data_html_esc(b, u);
    hs_sbuf_printf(b, "</div></div>\n");
}

static void est_card(hs_sbuf *b, const hs_report_data *D, const char *label, const char *quantity,
                     const char *arm, int digits, const char *unit)
{
    long r = est_row(D, quantity, arm, NAN);
    if (r < 0)
        return;
    char v[64], u[200], lo[32], hi[32];
    fmt_num(v, sizeof v, hs_report_data_num_by(D->est, (size_t)r, "q500"), digits);
    fmt_num(lo, sizeof lo, hs_report_data_num_by(D->est, (size_t)r, "q025"), digits);
    fmt_num(hi, sizeof hi, hs_report_data_num_by(D->est, (size_t)r, "q975"), digits);
    snprintf(u, sizeof u, "%s%smedian over trials; 95%% of trials %s to %s", unit,
             *unit ? "; " : "", lo, hi);
    card(b, label, v, u);
}

/* Accrual given as rates ("0:20, 6:30") in words: "20 patients a month
 * from month 0, then 30 a month from month 6"; a piece that does not read
 * as two numbers is shown as written. */
static void accrual_rate_words(hs_sbuf *b, const char *acc)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", acc);
    int k = 0;
    for (char *p = buf, *next; p; p = next, k++) {
        next = strchr(p, ',');
        if (next)
            *next++ = '\0';
        char *e1, *e2;
        double t0 = strtod(p, &e1);
        while (*e1 == ' ')
            e1++;
        double r = *e1 == ':' ? strtod(e1 + 1, &e2) : NAN;
        int ok = *e1 == ':' && isfinite(t0) && isfinite(r);
        if (ok) {
            while (*e2 == ' ')
                e2++;
            ok = !*e2;
        }
        hs_sbuf_printf(b, k ? ", then " : "");
        if (!ok) {
            hs_report_data_html_esc(b, p);
            continue;
        }
        hs_sbuf_printf(b, "%g%s a month from month %g", r, k ? "" : " patients", t0);
    }
}

/* The design in words: arms, N, accrual, dropout, analysis, test. */
static void design_words(hs_sbuf *b, const hs_report_data *D)
{
    char n[256], acc[256], drop[256], an[256], test[64], alpha[64], sides[64], strata[256];
    hs_report_data_cfg_get(D, "design", "n", n, sizeof n);
    hs_report_data_cfg_get(D, "design", "accrual", acc, sizeof acc);
    hs_report_data_cfg_get(D, "design", "dropout", drop, sizeof drop);
    hs_report_data_cfg_get(D, "design", "analysis", an, sizeof an);
    hs_report_data_cfg_get(D, "design", "test", test, sizeof test);
    hs_report_data_cfg_get(D, "design", "alpha", alpha, sizeof alpha);
    hs_report_data_cfg_get(D, "design", "sides", sides, sizeof sides);
    hs_report_data_cfg_get(D, "design", "strata", strata, sizeof strata);
    hs_sbuf_printf(b, "<p>A randomised two-arm trial of <b>");
    hs_report_data_html_esc(b, D->arm[1]);
    hs_sbuf_printf(b, "</b> (experimental) against <b>");
    hs_report_data_html_esc(b, D->arm[0]);
    hs_sbuf_printf(b, "</b> (control)");
    if (n[0]) {
        hs_sbuf_printf(b, ", with N = ");
        hs_report_data_html_esc(b, n);
        hs_sbuf_printf(b, " patients in total");
    }
    if (acc[0] && strchr(acc, ':')) { /* rates: START:RATE, ... */
        hs_sbuf_printf(b, ", accrued at ");
        accrual_rate_words(b, acc);
    } else if (acc[0]) {
        hs_sbuf_printf(b, ", accrued over ");
        hs_report_data_html_esc(b, acc);
        hs_sbuf_printf(b, " months");
    }
    if (drop[0]) {
        char *e;
        double d = strtod(drop, &e);
        if (!*e && isfinite(d))
            hs_sbuf_printf(b, ", with %.3g%% of patients lost to follow-up per year", 100 * d);
    }
    hs_sbuf_printf(b, ". ");
    if (!strncmp(an, "events:", 7)) {
        hs_sbuf_printf(b, "The analysis takes place at the ");
        hs_report_data_html_esc(b, an + 7);
        hs_sbuf_printf(b, "th event");
    } else if (!strncmp(an, "calendar:", 9)) {
        hs_sbuf_printf(b, "The analysis takes place ");
        hs_report_data_html_esc(b, an + 9);
        hs_sbuf_printf(b, " months after the first patient enters");
    } else if (!strncmp(an, "followup:", 9)) {
        hs_sbuf_printf(b, "The analysis takes place ");
        hs_report_data_html_esc(b, an + 9);
        hs_sbuf_printf(b, " months after the last patient enters%s",
                       plan_mode(D) == 1 ? " (the configuration's follow-up; the plan below searched it)" : "");
    } else if (an[0]) {
        hs_sbuf_printf(b, "Analysis: ");
        hs_report_data_html_esc(b, an);
    }
    if (test[0]) {
        hs_sbuf_printf(b, ", with a%s %s", strata[0] ? " stratified" : "",
                       !strcmp(test, "cox") ? "Cox model Wald test" : "log-rank test");
        if (strata[0]) {
            hs_sbuf_printf(b, " (strata: ");
            hs_report_data_html_esc(b, strata);
            hs_sbuf_printf(b, ")");
        }
    }
    if (alpha[0]) {
        hs_sbuf_printf(b, " at %s &alpha; = ", !strcmp(sides, "1") ? "one-sided" : "two-sided");
        hs_report_data_html_esc(b, alpha);
    }
    hs_sbuf_printf(b, ".</p>\n<p>");
}

/* Each arm's model in words. */
static void arm_words(hs_sbuf *b, const hs_report_data *D)
{
    char v[1024];
    for (int a = 0; a < 2; a++) {
        char sec[96];
        snprintf(sec, sizeof sec, "arm %s", D->arm[a]);
        hs_sbuf_printf(b, "Arm <b>");
        hs_report_data_html_esc(b, D->arm[a]);
        hs_sbuf_printf(b, "</b>: ");
        if (hs_report_data_cfg_get(D, sec, "model", v, sizeof v) == 0) {
            hs_sbuf_printf(b, "hazard model from <code>");
            hs_report_data_html_esc(b, v);
            hs_sbuf_printf(b, "</code>");
        } else if (hs_report_data_cfg_get(D, sec, "reference", v, sizeof v) == 0) {
            char hr[256];
            hs_report_data_cfg_get(D, sec, "hr", hr, sizeof hr);
            hs_sbuf_printf(b, "proportional hazards against ");
            hs_report_data_html_esc(b, v);
            hs_sbuf_printf(b, ", HR ");
            hs_report_data_html_esc(b, hr);
        } else if (hs_report_data_cfg_get(D, sec, "family", v, sizeof v) == 0) {
            hs_sbuf_printf(b, "inline ");
            hs_report_data_html_esc(b, v);
            hs_sbuf_printf(b, " model");
            if (hs_report_data_cfg_get(D, sec, "median", v, sizeof v) == 0) {
                hs_sbuf_printf(b, ", median ");
                hs_report_data_html_esc(b, v);
                hs_sbuf_printf(b, " months");
            }
        } else
            hs_sbuf_printf(b, "see the configuration below");
        if (hs_report_data_cfg_get(D, sec, "allocation", v, sizeof v) == 0) {
            hs_sbuf_printf(b, ", allocation weight ");
            hs_report_data_html_esc(b, v);
        }
        hs_sbuf_printf(b, a == 0 ? ". " : ".</p>\n");
    }
}

/* The cohort mix: the config's [cohort] lines as written. */
static void cohort_words(hs_sbuf *b, const hs_report_data *D)
{
    int any = 0;
    for (int i = 0; D->ini && i < hs_inifile_nentries(D->ini); i++) {
        const hs_inifile_entry *e = hs_inifile_entry_at(D->ini, i);
        if (strcmp(e->section, "cohort") != 0)
            continue;
        hs_sbuf_printf(b, any ? "; " : "<p>Patients enrolled (covariate, level:share): ");
        hs_sbuf_printf(b, "<b>");
        hs_report_data_html_esc(b, e->key);
        hs_sbuf_printf(b, "</b> ");
        hs_report_data_html_esc(b, e->value);
        any = 1;
    }
    if (any)
        hs_sbuf_printf(b, ".</p>\n");
}

static void scenario_words(hs_sbuf *b, const hs_report_data *D)
{
    design_words(b, D);
    arm_words(b, D);
    cohort_words(b, D);
}

/* The page's head, title and first heading. */
static void page_head(hs_sbuf *b, const hs_report_data *D, const char *shown)
{
    const char *run = hs_report_data_jstr(D->summary, "run");
    if (!run)
        run = hs_report_data_jstr(D->summary, "name");
    if (!run)
        run = hs_report_data_jstr(D->planj, "name");
    hs_sbuf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>hifusim report: ");
    hs_report_data_html_esc(b, run ? run : shown);
    hs_sbuf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
    hs_sbuf_printf(b, "<h1>hifusim report: ");
    hs_report_data_html_esc(b, run ? run : shown);
    hs_sbuf_printf(b, "</h1>\n<p class=\"meta\">");
}

/* The line of run metadata (class "meta"): config, replicates, seed, start,
 * ranks, seconds, version. */
static void meta_line(hs_sbuf *b, const hs_report_data *D)
{
    json_t *m = D->manifest;
    const char *when = hs_report_data_jstr(m, "started_utc"),
               *ver = hs_report_data_jstr(m, "version"),
               *git = hs_report_data_jstr(m, "git_commit"),
               *cfgp = hs_report_data_jstr(m, "config"),
               *hash = hs_report_data_jstr(m, "config_hash");
    if (cfgp) {
        hs_sbuf_printf(b, "Config <code>");
        hs_report_data_html_esc(b, cfgp);
        hs_sbuf_printf(b, "</code>");
        if (hash) {
            hs_sbuf_printf(b, " (hash ");
            hs_report_data_html_esc(b, hash);
            hs_sbuf_printf(b, ")");
        }
        hs_sbuf_printf(b, " &middot; ");
    }
    double reps = hs_report_data_jnum(D->summary, "replicates"),
           seed = hs_report_data_jnum(D->summary, "seed");
    if (!isfinite(seed))
        seed = hs_report_data_jnum(D->planj, "seed");
    if (isfinite(reps))
        hs_sbuf_printf(b, "%.0f replicates per scenario &middot; ", reps);
    if (isfinite(seed))
        hs_sbuf_printf(b, "seed %.0f &middot; ", seed);
    if (when) {
        hs_sbuf_printf(b, "run started ");
        hs_report_data_html_esc(b, when);
        hs_sbuf_printf(b, " &middot; ");
    }
    double ranks = hs_report_data_jnum(m, "ranks"), secs = hs_report_data_jnum(m, "seconds");
    if (isfinite(ranks) && isfinite(secs))
        hs_sbuf_printf(b, "%.0f MPI ranks, %.1f s &middot; ", ranks, secs);
    if (!ver)
        ver = hs_report_data_jstr(D->planj, "hifusim");
    hs_sbuf_printf(b, "hifusim ");
    hs_report_data_html_esc(b, ver ? ver : "");
    if (git) {
        hs_sbuf_printf(b, " (");
        hs_report_data_html_esc(b, git);
        hs_sbuf_printf(b, ")");
    }
    hs_sbuf_printf(b, "</p>\n");
}

/* What a plan searched: 0 N; 1 the follow-up ([plan] solve = followup:
 * recommended_followup); 2 nothing ([plan] events = fixed: N from the
 * event timeline, plan.json "events_fixed"). */
static int plan_mode(const hs_report_data *D)
{
    if (!D->planj)
        return 0;
    if (json_is_object(json_object_get(D->planj, "events_fixed")))
        return 2;
    const char *sv = hs_report_data_jstr(json_object_get(D->planj, "plan"), "solve");
    return sv && !strcmp(sv, "followup") ? 1 : 0;
}

/* solve = followup with a calendar:T analysis: the searched value is the
 * analysis time, not the follow-up after the last entry. */
static int plan_calendar(const hs_report_data *D)
{
    const char *an = hs_report_data_jstr(json_object_get(D->planj, "design"), "analysis");
    return an && !strcmp(an, "calendar");
}

/* events = fixed: the found N, its accrual, the K-th event's times, the
 * simulated power and each target. */
static void fixed_cards(hs_sbuf *b, const hs_report_data *D)
{
    json_t *f = json_object_get(D->planj, "events_fixed"), *st = json_object_get(f, "simulated_event_time");
    double K = hs_report_data_jnum(f, "events"), by = hs_report_data_jnum(f, "events_by");
    char k[96], v[64], u[256], lo[32], hi[32], x[32];
    snprintf(k, sizeof k, "N for %.0f events by month %g", K, by);
    fmt_num(v, sizeof v, hs_report_data_jnum(f, "n"), 0);
    fmt_num(x, sizeof x, hs_report_data_jnum(f, "expected_event_time"), 1);
    snprintf(u, sizeof u, "the smallest N whose expected event %.0f comes by month %g (expected at month %s)", K,
             by, x);
    card(b, k, v, u);
    const char *given = hs_report_data_jstr(f, "accrual_given");
    fmt_num(v, sizeof v, hs_report_data_jnum(f, "accrual_duration"), 1);
    fmt_num(x, sizeof x, hs_report_data_jnum(f, "accrual_rate"), 2);
    snprintf(u, sizeof u, "months, at %s patients a month (%s)", x,
             given && !strcmp(given, "duration") ? "accrual given as a duration: it stays, the rate grows with N"
                                                 : "accrual given as a rate: the duration follows N");
    card(b, "Accrual", v, u);
    snprintf(k, sizeof k, "Event %.0f, expected", K);
    fmt_num(v, sizeof v, hs_report_data_jnum(f, "expected_event_time"), 1);
    snprintf(u, sizeof u, "months from the first entry (models, numerical integration); events_by %g", by);
    card(b, k, v, u);
    snprintf(k, sizeof k, "Event %.0f, simulated", K);
    fmt_num(v, sizeof v, hs_report_data_jnum(st, "q500"), 1);
    fmt_num(lo, sizeof lo, hs_report_data_jnum(st, "q025"), 1);
    fmt_num(hi, sizeof hi, hs_report_data_jnum(st, "q975"), 1);
    snprintf(u, sizeof u, "months, median; 95%% of trials %s to %s", lo, hi);
    card(b, k, v, u);
    fmt_num(v, sizeof v, hs_report_data_jnum(f, "power"), 3);
    fmt_num(x, sizeof x, hs_report_data_jnum(f, "power_se"), 4);
    snprintf(u, sizeof u, "at N = %.0f with %.0f events; MC SE %s, %.0f trials", hs_report_data_jnum(f, "n"), K, x,
             hs_report_data_jnum(f, "replicates"));
    card(b, json_is_true(json_object_get(D->planj, "assurance")) ? "Simulated assurance" : "Simulated power", v, u);
}

/* The card of a target's analysis time (plan.json analysis_time: median and
 * 95% range), `where` appended to its unit ("" or " at N = 240"). */
static void duration_card(hs_sbuf *b, json_t *at, double tp, const char *where)
{
    if (!json_is_object(at))
        return;
    char k[96], v[64], u[256], lo[32], hi[32];
    snprintf(k, sizeof k, "Expected duration, %.0f%% power", 100 * tp);
    fmt_num(v, sizeof v, hs_report_data_jnum(at, "q500"), 1);
    fmt_num(lo, sizeof lo, hs_report_data_jnum(at, "q025"), 1);
    fmt_num(hi, sizeof hi, hs_report_data_jnum(at, "q975"), 1);
    snprintf(u, sizeof u, "months to the analysis%s (median; 95%% of trials %s to %s)", where, lo, hi);
    card(b, k, v, u);
}

/* solve = followup: the follow-up (or analysis time) found for each target. */
static void followup_cards(hs_sbuf *b, const hs_report_data *D)
{
    char k[96], v[64], u[256], lo[32], hi[32];
    int cal = plan_calendar(D);
    json_t *tg = json_object_get(D->planj, "targets");
    for (size_t i = 0; json_is_array(tg) && i < json_array_size(tg); i++) {
        json_t *o = json_array_get(tg, i), *an = json_object_get(o, "analytic");
        double tp = hs_report_data_jnum(o, "target_power"), rf = hs_report_data_jnum(o, "recommended_followup"),
               n = hs_report_data_jnum(o, "recommended_n");
        snprintf(k, sizeof k, cal ? "Analysis month for %.0f%% power" : "Follow-up for %.0f%% power", 100 * tp);
        fmt_num(v, sizeof v, rf, 1);
        fmt_num(lo, sizeof lo, hs_report_data_jnum(o, "recommended_followup_low"), 1);
        fmt_num(hi, sizeof hi, hs_report_data_jnum(o, "recommended_followup_high"), 1);
        char fm[32];
        fmt_num(fm, sizeof fm, hs_report_data_jnum(an, cal ? "expected_analysis_time" : "followup"), 1);
        if (isfinite(rf))
            snprintf(u, sizeof u, "months %s at N = %.0f; Monte Carlo range %s to %s; formula %s",
                     cal ? "from the first entry" : "after the last entry", n, lo, hi, fm);
        else
            snprintf(u, sizeof u, "not reached by [plan] followup_max at N = %.0f; formula %s", n, fm);
        card(b, k, v, u);
        if (!isfinite(rf))
            continue;
        double ev = hs_report_data_jnum(o, "events_needed");
        json_t *at = json_object_get(o, "analysis_time");
        if (isfinite(ev)) {
            snprintf(k, sizeof k, "Events for %.0f%% power", 100 * tp);
            fmt_num(v, sizeof v, ev, 0);
            snprintf(u, sizeof u, cal ? "events at the analysis (mean), analysis at month %.1f"
                                      : "events at the analysis (mean), follow-up %.1f months", rf);
            card(b, k, v, u);
        }
        duration_card(b, at, tp, "");
    }
}

/* The cards of plan.json's sample sizes. */
static void plan_cards(hs_sbuf *b, const hs_report_data *D)
{
    char v[64], u[256], lo[32], hi[32];
    int mode = plan_mode(D);
    if (mode == 2) {
        fixed_cards(b, D);
        return;
    }
    if (mode == 1) {
        followup_cards(b, D);
        return;
    }
    json_t *tg = D->planj ? json_object_get(D->planj, "targets") : NULL;
    for (size_t i = 0; json_is_array(tg) && i < json_array_size(tg); i++) {
        json_t *o = json_array_get(tg, i);
        double tp = hs_report_data_jnum(o, "target_power"),
               rn = hs_report_data_jnum(o, "recommended_n"),
               rl = hs_report_data_jnum(o, "recommended_n_low"),
               rh = hs_report_data_jnum(o, "recommended_n_high");
        char k[96];
        snprintf(k, sizeof k, "N for %.0f%% power", 100 * tp);
        fmt_num(v, sizeof v, rn, 0);
        fmt_num(lo, sizeof lo, rl, 0);
        fmt_num(hi, sizeof hi, rh, 0);
        snprintf(u, sizeof u,
                 isfinite(rn) ? "Monte Carlo range %s to %s (plan.json)"
                              : "not reached in the searched range%s%s",
                 isfinite(rn) ? lo : "", isfinite(rn) ? hi : "");
        card(b, k, v, u);
        if (!isfinite(rn))
            continue;
        double ev = hs_report_data_jnum(o, "events_needed");
        json_t *at = json_object_get(o, "analysis_time");
        if (isfinite(ev)) {
            snprintf(k, sizeof k, "Events for %.0f%% power", 100 * tp);
            fmt_num(v, sizeof v, ev, 0);
            snprintf(u, sizeof u, "events at the analysis at N = %.0f", rn);
            card(b, k, v, u);
        }
        char where[48];
        snprintf(where, sizeof where, " at N = %.0f", rn);
        duration_card(b, at, tp, where);
    }
}

static void td_num(hs_sbuf *b, double v, int digits)
{
    char x[64];
    fmt_num(x, sizeof x, v, digits);
    hs_sbuf_printf(b, "<td class=\"n\">%s</td>", x);
}

/* plan.json's comparison with the formulas, one row per target power, and
 * its notes (non-proportional hazards, covariates, events) as text. */
static void plan_analytic(hs_sbuf *b, const hs_report_data *D)
{
    json_t *tg = D->planj ? json_object_get(D->planj, "targets") : NULL;
    if (!json_is_array(tg) || json_array_size(tg) == 0)
        return;
    int mode = plan_mode(D), cal = mode == 1 && plan_calendar(D);
    const char *fu_what = cal ? "analysis month" : "follow-up (months)";
    if (mode == 1)
        hs_sbuf_printf(b, "<h2>%s: simulation and formulas</h2>\n<div class=\"tw\"><table "
                          "id=\"plan-analytic\">\n<thead><tr><th>target power</th><th>simulated %s</th>"
                          "<th>MC interval</th><th>events</th><th>simulated power</th>"
                          "<th>HR used</th><th>Schoenfeld events</th><th>Freedman events</th>"
                          "<th>Lachin-Foulkes N</th><th>P(event)</th><th>formula %s</th>"
                          "<th>simulated power at that %s</th></tr></thead>\n<tbody>\n",
                       cal ? "Analysis time" : "Follow-up", fu_what, fu_what, cal ? "time" : "follow-up");
    else
        hs_sbuf_printf(b, "<h2>Sample size: simulation and formulas</h2>\n<div class=\"tw\"><table "
                          "id=\"plan-analytic\">\n<thead><tr><th>target power</th><th>%s</th>"
                          "<th>MC interval</th><th>events</th><th>simulated power</th>"
                          "<th>HR used</th><th>Schoenfeld events</th><th>Freedman events</th>"
                          "<th>Lachin-Foulkes N</th><th>P(event)</th><th>event-probability N</th>"
                          "<th>simulated power at that N</th></tr></thead>\n<tbody>\n",
                       mode == 2 ? "N (events by month X)" : "simulated N");
    for (size_t i = 0; i < json_array_size(tg); i++) {
        json_t *o = json_array_get(tg, i), *an = json_object_get(o, "analytic");
        hs_sbuf_printf(b, "<tr>");
        td_num(b, hs_report_data_jnum(o, "target_power"), 2);
        td_num(b, hs_report_data_jnum(o, mode == 1 ? "recommended_followup" : "recommended_n"), mode == 1);
        char lo[32], hi[32];
        fmt_num(lo, sizeof lo, hs_report_data_jnum(o, mode == 1 ? "recommended_followup_low" : "recommended_n_low"),
                mode == 1);
        fmt_num(hi, sizeof hi, hs_report_data_jnum(o, mode == 1 ? "recommended_followup_high" : "recommended_n_high"),
                mode == 1);
        hs_sbuf_printf(b, "<td class=\"n\">%s&ndash;%s</td>", lo, hi);
        td_num(b, hs_report_data_jnum(o, "events_needed"), 0);
        td_num(b, hs_report_data_jnum(o, "power"), 3);
        td_num(b, hs_report_data_jnum(an, "hazard_ratio"), 3);
        td_num(b, hs_report_data_jnum(an, "schoenfeld_events"), 1);
        td_num(b, hs_report_data_jnum(an, "freedman_events"), 1);
        td_num(b, hs_report_data_jnum(an, "lachin_foulkes_n"), 0);
        td_num(b, hs_report_data_jnum(an, "event_probability"), 3);
        if (mode == 1)
            td_num(b, hs_report_data_jnum(an, cal ? "expected_analysis_time" : "followup"), 1);
        else
            td_num(b, hs_report_data_jnum(an, "n"), 0);
        double sp = hs_report_data_jnum(an, "simulated_power_at_n"),
               sl = hs_report_data_jnum(an, "simulated_power_ci_low"),
               sh = hs_report_data_jnum(an, "simulated_power_ci_high");
        char v[32];
        fmt_num(v, sizeof v, sp, 3);
        fmt_num(lo, sizeof lo, sl, 3);
        fmt_num(hi, sizeof hi, sh, 3);
        if (isfinite(sp))
            hs_sbuf_printf(b, "<td class=\"n\">%s (%s&ndash;%s)</td>", v, lo, hi);
        else
            hs_sbuf_printf(b, "<td class=\"n\">NA</td>");
        hs_sbuf_printf(b, "</tr>\n");
    }
    if (mode == 1)
        hs_sbuf_printf(b, "</tbody></table></div>\n<p class=\"small\">Simulated %s: the smallest %s "
                          "(0.1-month steps) whose simulated power reaches the target at the "
                          "configuration's N (plan.json <code>recommended_followup</code>, its Monte Carlo "
                          "interval). Formulas: Schoenfeld's and Freedman's required events at the HR used, "
                          "and the formula %s at which the expected events reach Schoenfeld's, then the "
                          "simulated power there. NA: not computed for this design.</p>\n",
                       fu_what, cal ? "analysis time" : "follow-up after the last entry", fu_what);
    else if (mode == 2)
        hs_sbuf_printf(b, "</tbody></table></div>\n<p class=\"small\">N: the smallest N whose expected "
                          "K-th event comes by [plan] events_by (plan.json <code>events_fixed</code>), the "
                          "same for every target; simulated power at that N with K events. Formulas: "
                          "Schoenfeld's and Freedman's required events at the HR used: a target whose "
                          "Schoenfeld events exceed K needs more events, not more patients.</p>\n");
    else
        hs_sbuf_printf(b, "</tbody></table></div>\n<p class=\"small\">Simulated N: the smallest N "
                          "whose simulated power reaches the target (plan.json "
                          "<code>recommended_n</code>, its Monte Carlo interval). Formulas: "
                          "Schoenfeld's and Freedman's required events at the HR used, Lachin and "
                          "Foulkes' N (NA when the design does not allow it), and the event-probability "
                          "N (events / P(event)), then the simulated power at that N. NA: not "
                          "computed for this design.</p>\n");
    json_t *notes = json_object_get(D->planj, "notes");
    if (json_is_array(notes) && json_array_size(notes) > 0) {
        hs_sbuf_printf(b, "<p>Why simulation and formulas differ here:</p>\n<ul id=\"plan-notes\">\n");
        for (size_t i = 0; i < json_array_size(notes); i++) {
            json_t *x = json_array_get(notes, i);
            if (!json_is_string(x))
                continue;
            hs_sbuf_printf(b, "<li>");
            hs_report_data_html_esc(b, json_string_value(x));
            hs_sbuf_printf(b, ".</li>\n");
        }
        hs_sbuf_printf(b, "</ul>\n");
    }
}

/* The plan's answer in words under solve = followup (mode 1) or events =
 * fixed (mode 2). */
static void plan_words_other(hs_sbuf *b, const hs_report_data *D, int mode)
{
    json_t *tg = json_object_get(D->planj, "targets");
    const char *pw = json_is_true(json_object_get(D->planj, "assurance")) ? "assurance" : "power";
    if (mode == 2) {
        json_t *f = json_object_get(D->planj, "events_fixed"), *st = json_object_get(f, "simulated_event_time");
        double K = hs_report_data_jnum(f, "events");
        hs_sbuf_printf(b, "<p id=\"plan-words\"><b>Sample size for %.0f events by month %g:</b> N = %.0f "
                          "patients, accrued over %.1f months at %.2f a month (accrual given as a %s); event "
                          "%.0f is expected at month %.1f (simulated median %.1f, 95%% of trials %.1f to %.1f), "
                          "with simulated %s %.3f",
                       K, hs_report_data_jnum(f, "events_by"), hs_report_data_jnum(f, "n"),
                       hs_report_data_jnum(f, "accrual_duration"), hs_report_data_jnum(f, "accrual_rate"),
                       strcmp(hs_report_data_jstr(f, "accrual_given") ? hs_report_data_jstr(f, "accrual_given") : "",
                              "duration") ? "rate: the duration follows N" : "duration: the rate grows with N",
                       K, hs_report_data_jnum(f, "expected_event_time"), hs_report_data_jnum(st, "q500"),
                       hs_report_data_jnum(st, "q025"), hs_report_data_jnum(st, "q975"), pw,
                       hs_report_data_jnum(f, "power"));
        for (size_t i = 0; json_is_array(tg) && i < json_array_size(tg); i++) {
            json_t *o = json_array_get(tg, i);
            hs_sbuf_printf(b, "; %s %.0f%% is %sreached by %.0f events (Schoenfeld: %.1f events)", pw,
                           100 * hs_report_data_jnum(o, "target_power"),
                           json_is_true(json_object_get(o, "reached")) ? "" : "not ", K,
                           hs_report_data_jnum(o, "schoenfeld_events_needed"));
        }
        hs_sbuf_printf(b, ". The N written in the design above is the configuration's, not the answer.</p>\n");
        return;
    }
    int cal = plan_calendar(D);
    for (size_t i = 0; json_is_array(tg) && i < json_array_size(tg); i++) {
        json_t *o = json_array_get(tg, i);
        double tp = hs_report_data_jnum(o, "target_power"), rf = hs_report_data_jnum(o, "recommended_followup"),
               n = hs_report_data_jnum(o, "recommended_n"), ev = hs_report_data_jnum(o, "events_needed");
        hs_sbuf_printf(b, i == 0 ? "<p id=\"plan-words\"><b>Recommended %s:</b> " : "; ",
                       cal ? "analysis time" : "follow-up");
        if (!isfinite(rf)) {
            hs_sbuf_printf(b, "%s %.0f%% is not reached by [plan] followup_max", pw, 100 * tp);
            continue;
        }
        hs_sbuf_printf(b, cal ? "month %.1f from the first entry at N = %.0f for %.0f%% %s"
                              : "%.1f months after the last entry at N = %.0f for %.0f%% %s",
                       rf, n, 100 * tp, pw);
        if (isfinite(ev))
            hs_sbuf_printf(b, " (about %.0f events)", ev);
    }
    if (json_is_array(tg) && json_array_size(tg) > 0)
        hs_sbuf_printf(b, ". N stays the configuration's; the %s written in the design above is the "
                          "configuration's, not the recommendation.</p>\n",
                       cal ? "analysis time" : "follow-up");
}

/* The plan's answer in words, for the scenario: the recommended N. */
static void plan_words(hs_sbuf *b, const hs_report_data *D)
{
    int mode = plan_mode(D);
    if (mode) {
        plan_words_other(b, D, mode);
        return;
    }
    json_t *tg = D->planj ? json_object_get(D->planj, "targets") : NULL;
    for (size_t i = 0; json_is_array(tg) && i < json_array_size(tg); i++) {
        json_t *o = json_array_get(tg, i);
        double tp = hs_report_data_jnum(o, "target_power"), rn = hs_report_data_jnum(o, "recommended_n"),
               ev = hs_report_data_jnum(o, "events_needed");
        json_t *at = json_object_get(o, "analysis_time");
        double dur = json_is_object(at) ? hs_report_data_jnum(at, "q500") : NAN;
        if (i == 0)
            hs_sbuf_printf(b, "<p id=\"plan-words\"><b>Recommended sample size:</b> ");
        else
            hs_sbuf_printf(b, "; ");
        if (!isfinite(rn)) {
            hs_sbuf_printf(b, "power %.0f%% is not reached in the searched range", 100 * tp);
            continue;
        }
        hs_sbuf_printf(b, "N = %.0f patients for %.0f%% power", rn, 100 * tp);
        if (isfinite(ev))
            hs_sbuf_printf(b, " (%.0f events", ev);
        if (isfinite(dur))
            hs_sbuf_printf(b, "%s analysis at about %.1f months", isfinite(ev) ? "," : " (", dur);
        if (isfinite(ev) || isfinite(dur))
            hs_sbuf_printf(b, ")");
    }
    if (json_is_array(tg) && json_array_size(tg) > 0)
        hs_sbuf_printf(b, ". The N written in the design above is the configuration's, "
                          "not the recommendation.</p>\n");
}

/* The sweep's surprises explained (summary.json "notes"), as text. */
static void sweep_notes(hs_sbuf *b, const hs_report_data *D)
{
    json_t *notes = D->sweep && D->summary ? json_object_get(D->summary, "notes") : NULL;
    if (!json_is_array(notes) || json_array_size(notes) == 0)
        return;
    hs_sbuf_printf(b, "<h3>Reading the sweep</h3>\n<ul id=\"sweep-notes\">\n");
    for (size_t i = 0; i < json_array_size(notes); i++) {
        json_t *x = json_array_get(notes, i);
        if (!json_is_string(x))
            continue;
        hs_sbuf_printf(b, "<li>");
        hs_report_data_html_esc(b, json_string_value(x));
        hs_sbuf_printf(b, ".</li>\n");
    }
    hs_sbuf_printf(b, "</ul>\n");
}

/* The power cards: the sweep's base case, the headline scenario. */
static void power_cards(hs_sbuf *b, const hs_report_data *D)
{
    char v[64], u[256], lo[32], hi[32], se[32];
    json_t *base = D->sweep && D->summary ? json_object_get(D->summary, "base") : NULL;
    if (json_is_object(base)) {
        fmt_num(v, sizeof v, hs_report_data_jnum(base, "power"), 3);
        fmt_num(lo, sizeof lo, hs_report_data_jnum(base, "power_ci_low"), 3);
        fmt_num(hi, sizeof hi, hs_report_data_jnum(base, "power_ci_high"), 3);
        snprintf(u, sizeof u, "base case of the sweep, N = %.0f; 95%% CI %s to %s",
                 hs_report_data_jnum(base, "n"), lo, hi);
        card(b, "Power (base case)", v, u);
    }
    if (!D->power)
        return;
    const hs_csvtab *t = D->power;
    fmt_num(v, sizeof v, hs_report_data_num_by(t, D->hrow, "power"), 3);
    fmt_num(lo, sizeof lo, hs_report_data_num_by(t, D->hrow, "power_ci_low"), 3);
    fmt_num(hi, sizeof hi, hs_report_data_num_by(t, D->hrow, "power_ci_high"), 3);
    fmt_num(se, sizeof se, hs_report_data_num_by(t, D->hrow, "power_se"), 3);
    snprintf(u, sizeof u, "95%% CI %s to %s (Wilson); MC SE %s; N = %.0f, %.0f trials", lo, hi, se,
             hs_report_data_num_by(t, D->hrow, "n"),
             hs_report_data_num_by(t, D->hrow, "replicates"));
    card(b, "Power", v, u);
}

static void headline_cards(hs_sbuf *b, const hs_report_data *D)
{
    hs_sbuf_printf(b, "<h2>Headline numbers</h2>\n<div class=\"cards\">\n");
    plan_cards(b, D);
    power_cards(b, D);
    est_card(b, D, "Hazard ratio estimate", "hr", "", 3, "");
    for (int a = 0; a < 2; a++) {
        char k[128];
        snprintf(k, sizeof k, "Median OS, %s", D->arm[a]);
        est_card(b, D, k, "median_os", D->arm[a], 1, "months");
    }
    est_card(b, D, "Study duration", "duration", "", 1, "months");
    long er = est_row(D, "events", "", NAN);
    double esd = er < 0 ? NAN : hs_report_data_num_by(D->est, (size_t)er, "sd");
    if (esd == 0) { /* an event-driven analysis: exactly K events in every trial */
        char k[64], u[96];
        fmt_num(k, sizeof k, hs_report_data_num_by(D->est, (size_t)er, "mean"), 0);
        snprintf(u, sizeof u, "events: exactly %s (event-driven)", k);
        card(b, "Events at analysis", k, u);
    } else
        est_card(b, D, "Events at analysis", "events", "", 0, "");
    hs_sbuf_printf(b, "</div>\n");
    if (D->power)
        hs_sbuf_printf(b, "<p class=\"small\">Power is the share of simulated trials that "
                          "reject; the other cards give the median over simulated trials and the "
                          "range that holds 95%% of them (2.5%% and 97.5%% quantiles).</p>\n");
}

static void plots_section(hs_sbuf *b, const hs_report_figure *figs, int nfigs, const char *plotdir)
{
    if (nfigs) {
        hs_sbuf_printf(b, "<h2>Plots</h2>\n<p class=\"small\">Each plot is also in "
                          "<code>plots/</code> as SVG and PNG, with the gnuplot script "
                          "(<code>.gp</code>) and data (<code>.dat</code>) that draw it.</p>\n"
                          "<div class=\"plots\">\n");
        for (int i = 0; i < nfigs; i++) {
            char path[1400];
            snprintf(path, sizeof path, "%s/%s.svg", plotdir, figs[i].name);
            hs_sbuf_printf(b, "<figure id=\"fig-%s\" class=\"plot\">\n", figs[i].name);
            if (inline_svg(b, path, i) != 0)
                hs_sbuf_printf(b, "<p>(plots/%s.svg could not be embedded)</p>", figs[i].name);
            hs_sbuf_printf(b, "\n<figcaption><b>");
            hs_report_data_html_esc(b, figs[i].title);
            hs_sbuf_printf(b,
                           ".</b> %s <span class=\"small\">(plots/%s.svg, .png, .gp)</span>"
                           "</figcaption>\n</figure>\n",
                           figs[i].caption, figs[i].name);
        }
        hs_sbuf_printf(b, "</div>\n");
    }
}

static void tables_section(hs_sbuf *b, const hs_report_data *D)
{
    hs_sbuf_printf(b, "<h2>Tables</h2>\n");
    if (D->power) {
        hs_sbuf_printf(b, "<h3>Power by scenario (power.csv)</h3>\n");
        html_table(b, D->power, NULL, 4);
    }
    hs_report_tests_html(b, D);
    if (D->est) {
        hs_sbuf_printf(b, "<h3>Estimates over simulated trials, scenario %s (estimates.csv)</h3>\n",
                       D->scen);
        html_table(b, D->est, D->scen, 4);
    }
    struct {
        hs_csvtab *t;
        const char *title;
    } extra[] = {{D->plan, "Power curve (plan.csv)"},
                 {D->tornado, "One-way sensitivity (tornado.csv)"},
                 {D->sweep, "Sweep (sweep.csv)"}};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (extra[i].t) {
            hs_sbuf_printf(b, "<h3>%s</h3>\n", extra[i].title);
            html_table(b, extra[i].t, NULL, 4);
        }
    if (D->planj) {
        char *js = json_dumps(D->planj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (js) {
            hs_sbuf_printf(b, "<h3>Sample size (plan.json)</h3>\n<pre>");
            hs_report_data_html_esc(b, js);
            hs_sbuf_printf(b, "</pre>\n");
            free(js);
        }
    }
    if (D->cfg[0]) {
        hs_sbuf_printf(b, "<h2>Configuration</h2>\n<p class=\"small\">As run (from manifest.json); "
                          "lines <code>; --set</code> are command-line overrides.</p>\n<pre>");
        hs_report_data_html_esc(b, D->cfg);
        hs_sbuf_printf(b, "</pre>\n");
    }
    hs_sbuf_printf(b, "<p class=\"small\">Written by <code>hifusim report</code>. Time is in "
                      "months throughout. Result files: power.csv, km_bands.csv, estimates.csv, "
                      "summary.json, manifest.json (see results/README.md).</p>\n"
                      "</main>\n</body>\n</html>\n");
}

void hs_report_html_write(hs_sbuf *b, const hs_report_data *D, const hs_report_figure *figs,
                          int nfigs, const char *plotdir, const char *shown)
{
    page_head(b, D, shown);
    meta_line(b, D);
    hs_sbuf_printf(b, "<h2>Scenario</h2>\n");
    if (D->cfg[0])
        scenario_words(b, D);
    else
        hs_sbuf_printf(b, "<p>manifest.json has no configuration text.</p>\n");
    size_t np = D->power ? hs_report_data_nrows(D->power) : 0;
    if (np > 1)
        hs_sbuf_printf(b,
                       "<p>The run holds %zu scenarios (see the power table). Headline "
                       "numbers, curves and histograms below are for scenario %s (N = %.0f), "
                       "the last one.</p>\n",
                       np, D->scen, hs_report_data_num_by(D->power, D->hrow, "n"));
    plan_words(b, D);
    headline_cards(b, D);
    plan_analytic(b, D);
    sweep_notes(b, D);
    hs_report_prior_html(b, D); /* runs and plans with a [prior] only */
    if (D->notes.len) {
        hs_sbuf_printf(b, "<ul class=\"notes\">\n");
        hs_sbuf_append(b, D->notes.s, D->notes.len);
        hs_sbuf_printf(b, "</ul>\n");
    }
    hs_report_stages_html(b, D);

    plots_section(b, figs, nfigs, plotdir);
    tables_section(b, D);
}
