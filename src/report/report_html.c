/* report_html.c — report.html (internal to the report module; see
 * report_int.h): one self-contained page with the plots as inline SVG,
 * tables of the result CSVs, summary cards, the scenario in words and the
 * configuration as run. Each SVG's ids are prefixed per plot so that the
 * plots' <defs> cannot collide, and the SVG namespace attributes (which the
 * HTML parser does not need) are dropped, so the page holds no URL. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_int.h"

#define ROWS_SHOWN 200

/* ---------- small helpers ---------- */

void hs_rep_html_esc(hs_sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': hs_sbuf_printf(b, "&amp;"); break;
        case '<': hs_sbuf_printf(b, "&lt;"); break;
        case '>': hs_sbuf_printf(b, "&gt;"); break;
        case '"': hs_sbuf_printf(b, "&quot;"); break;
        case '\'': hs_sbuf_printf(b, "&#39;"); break;
        default: hs_sbuf_append(b, s, 1);
        }
    }
}

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
    int cs = only ? hs_rep_col(t, "scenario") : -1;
    int nc = hs_csvtab_ncols(t);
    hs_sbuf_printf(b, "<div class=\"tw\"><table>\n<thead><tr>");
    for (int c = 0; c < nc; c++) {
        if (c == cs)
            continue;
        hs_sbuf_printf(b, "<th>");
        hs_rep_html_esc(b, hs_csvtab_colname(t, c));
        hs_sbuf_printf(b, "</th>");
    }
    hs_sbuf_printf(b, "</tr></thead>\n<tbody>\n");
    size_t shown = 0, nr = hs_rep_nrows(t);
    for (size_t r = 0; r < nr; r++) {
        if (cs >= 0 && strcmp(hs_rep_cell(t, r, cs), only) != 0)
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
                hs_rep_html_esc(b, cell);
                hs_sbuf_printf(b, "</td>");
            }
        }
        hs_sbuf_printf(b, "</tr>\n");
    }
    hs_sbuf_printf(b, "</tbody></table></div>\n");
    if (shown > ROWS_SHOWN)
        hs_sbuf_printf(b, "<p class=\"small\">First %d rows shown; the CSV file has them all.</p>\n",
                       ROWS_SHOWN);
}

static const char *css =
    ":root{--ink:#1b1f23;--muted:#5a6270;--line:#d8dde3;--accent:#08306b;--bg:#fff}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#f4f6f8;color:var(--ink);font:15px/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,Helvetica,Arial,sans-serif}\n"
    "main{max-width:1180px;margin:0 auto;padding:24px 28px 48px;background:var(--bg)}\n"
    "h1{font-size:1.7em;margin:0 0 4px;color:var(--accent)}\n"
    "h2{font-size:1.25em;margin:32px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--line)}\n"
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
    "th,td{border-bottom:1px solid var(--line);padding:3px 9px;text-align:left;white-space:nowrap}\n"
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
static long est_row(const hs_rep *R, const char *quantity, const char *arm, double time)
{
    hs_csvtab *t = R->est;
    int cs = hs_rep_col(t, "scenario"), cq = hs_rep_col(t, "quantity"),
        ca = hs_rep_col(t, "arm"), ct = hs_rep_col(t, "time");
    for (size_t r = 0; t && r < hs_rep_nrows(t); r++)
        if (!strcmp(hs_rep_cell(t, r, cs), R->scen) && !strcmp(hs_rep_cell(t, r, cq), quantity) &&
            !strcmp(hs_rep_cell(t, r, ca), arm) &&
            (isnan(time) || fabs(hs_rep_num(t, r, ct) - time) < 1e-9))
            return (long)r;
    return -1;
}

static void card(hs_sbuf *b, const char *k, const char *v, const char *u)
{
    hs_sbuf_printf(b, "<div class=\"card\"><div class=\"k\">");
    hs_rep_html_esc(b, k);
    hs_sbuf_printf(b, "</div><div class=\"v\">");
    hs_rep_html_esc(b, v);
    hs_sbuf_printf(b, "</div><div class=\"u\">");
    hs_rep_html_esc(b, u);
    hs_sbuf_printf(b, "</div></div>\n");
}

static void est_card(hs_sbuf *b, const hs_rep *R, const char *label, const char *quantity,
                     const char *arm, int digits, const char *unit)
{
    long r = est_row(R, quantity, arm, NAN);
    if (r < 0)
        return;
    char v[64], u[200], lo[32], hi[32];
    fmt_num(v, sizeof v, hs_rep_num_by(R->est, (size_t)r, "q500"), digits);
    fmt_num(lo, sizeof lo, hs_rep_num_by(R->est, (size_t)r, "q025"), digits);
    fmt_num(hi, sizeof hi, hs_rep_num_by(R->est, (size_t)r, "q975"), digits);
    snprintf(u, sizeof u, "%s%smedian over trials; 95%% of trials %s to %s", unit,
             *unit ? "; " : "", lo, hi);
    card(b, label, v, u);
}

static void scenario_words(hs_sbuf *b, const hs_rep *R)
{
    char v[1024], n[256], acc[256], drop[256], an[256], test[64], alpha[64], sides[64],
        strata[256];
    hs_rep_cfg_get(R, "design", "n", n, sizeof n);
    hs_rep_cfg_get(R, "design", "accrual", acc, sizeof acc);
    hs_rep_cfg_get(R, "design", "dropout", drop, sizeof drop);
    hs_rep_cfg_get(R, "design", "analysis", an, sizeof an);
    hs_rep_cfg_get(R, "design", "test", test, sizeof test);
    hs_rep_cfg_get(R, "design", "alpha", alpha, sizeof alpha);
    hs_rep_cfg_get(R, "design", "sides", sides, sizeof sides);
    hs_rep_cfg_get(R, "design", "strata", strata, sizeof strata);
    hs_sbuf_printf(b, "<p>A randomised two-arm trial of <b>");
    hs_rep_html_esc(b, R->arm[1]);
    hs_sbuf_printf(b, "</b> (experimental) against <b>");
    hs_rep_html_esc(b, R->arm[0]);
    hs_sbuf_printf(b, "</b> (control)");
    if (n[0]) {
        hs_sbuf_printf(b, ", with N = ");
        hs_rep_html_esc(b, n);
        hs_sbuf_printf(b, " patients in total");
    }
    if (acc[0]) {
        hs_sbuf_printf(b, ", accrued over ");
        hs_rep_html_esc(b, acc);
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
        hs_rep_html_esc(b, an + 7);
        hs_sbuf_printf(b, "th event");
    } else if (!strncmp(an, "calendar:", 9)) {
        hs_sbuf_printf(b, "The analysis takes place ");
        hs_rep_html_esc(b, an + 9);
        hs_sbuf_printf(b, " months after the first patient enters");
    } else if (an[0]) {
        hs_sbuf_printf(b, "Analysis: ");
        hs_rep_html_esc(b, an);
    }
    if (test[0]) {
        hs_sbuf_printf(b, ", with a%s %s", strata[0] ? " stratified" : "",
                       !strcmp(test, "cox") ? "Cox model Wald test" : "log-rank test");
        if (strata[0]) {
            hs_sbuf_printf(b, " (strata: ");
            hs_rep_html_esc(b, strata);
            hs_sbuf_printf(b, ")");
        }
    }
    if (alpha[0]) {
        hs_sbuf_printf(b, " at %s &alpha; = ", !strcmp(sides, "1") ? "one-sided" : "two-sided");
        hs_rep_html_esc(b, alpha);
    }
    hs_sbuf_printf(b, ".</p>\n<p>");
    for (int a = 0; a < 2; a++) {
        char sec[96];
        snprintf(sec, sizeof sec, "arm %s", R->arm[a]);
        hs_sbuf_printf(b, "Arm <b>");
        hs_rep_html_esc(b, R->arm[a]);
        hs_sbuf_printf(b, "</b>: ");
        if (hs_rep_cfg_get(R, sec, "model", v, sizeof v) == 0) {
            hs_sbuf_printf(b, "hazard model from <code>");
            hs_rep_html_esc(b, v);
            hs_sbuf_printf(b, "</code>");
        } else if (hs_rep_cfg_get(R, sec, "reference", v, sizeof v) == 0) {
            char hr[256];
            hs_rep_cfg_get(R, sec, "hr", hr, sizeof hr);
            hs_sbuf_printf(b, "proportional hazards against ");
            hs_rep_html_esc(b, v);
            hs_sbuf_printf(b, ", HR ");
            hs_rep_html_esc(b, hr);
        } else if (hs_rep_cfg_get(R, sec, "family", v, sizeof v) == 0) {
            hs_sbuf_printf(b, "inline %s model", "");
            hs_rep_html_esc(b, v);
        } else
            hs_sbuf_printf(b, "see the configuration below");
        if (hs_rep_cfg_get(R, sec, "allocation", v, sizeof v) == 0) {
            hs_sbuf_printf(b, ", allocation weight ");
            hs_rep_html_esc(b, v);
        }
        hs_sbuf_printf(b, a == 0 ? ". " : ".</p>\n");
    }
    /* the cohort mix */
    const char *p = R->cfg;
    int in = 0, any = 0;
    char line[1024];
    while (hs_rep_next_line(&p, line, sizeof line)) {
        if (line[0] == '[') {
            in = !strncmp(line, "[cohort]", 8);
            continue;
        }
        char *eq = strchr(line, '=');
        if (!in || !eq || line[0] == ';' || line[0] == '#')
            continue;
        *eq = '\0';
        char *val = eq + 1;
        for (char *c = val; *c; c++)
            if ((*c == ';' || *c == '#') && (c == val || c[-1] == ' ' || c[-1] == '\t')) {
                *c = '\0';
                break;
            }
        hs_rep_trim(line);
        hs_rep_trim(val);
        hs_sbuf_printf(b, any ? "; " : "<p>Patients enrolled (covariate, level:share): ");
        hs_sbuf_printf(b, "<b>");
        hs_rep_html_esc(b, line);
        hs_sbuf_printf(b, "</b> ");
        hs_rep_html_esc(b, val);
        any = 1;
    }
    if (any)
        hs_sbuf_printf(b, ".</p>\n");
}

void hs_rep_html_write(hs_sbuf *b, hs_rep *R)
{
    const char *run = hs_rep_jstr(R->summary, "run");
    if (!run)
        run = hs_rep_jstr(R->summary, "name");
    if (!run)
        run = hs_rep_jstr(R->planj, "name");
    hs_sbuf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>hifusim report: ");
    hs_rep_html_esc(b, run ? run : R->shown);
    hs_sbuf_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
    hs_sbuf_printf(b, "<h1>hifusim report: ");
    hs_rep_html_esc(b, run ? run : R->shown);
    hs_sbuf_printf(b, "</h1>\n<p class=\"meta\">");
    json_t *m = R->manifest;
    const char *when = hs_rep_jstr(m, "started_utc"), *ver = hs_rep_jstr(m, "version"),
               *git = hs_rep_jstr(m, "git_commit"), *cfgp = hs_rep_jstr(m, "config"), *hash = hs_rep_jstr(m, "config_hash");
    if (cfgp) {
        hs_sbuf_printf(b, "Config <code>");
        hs_rep_html_esc(b, cfgp);
        hs_sbuf_printf(b, "</code>");
        if (hash) {
            hs_sbuf_printf(b, " (hash ");
            hs_rep_html_esc(b, hash);
            hs_sbuf_printf(b, ")");
        }
        hs_sbuf_printf(b, " &middot; ");
    }
    double reps = hs_rep_jnum(R->summary, "replicates"), seed = hs_rep_jnum(R->summary, "seed");
    if (!isfinite(seed))
        seed = hs_rep_jnum(R->planj, "seed");
    if (isfinite(reps))
        hs_sbuf_printf(b, "%.0f replicates per scenario &middot; ", reps);
    if (isfinite(seed))
        hs_sbuf_printf(b, "seed %.0f &middot; ", seed);
    if (when) {
        hs_sbuf_printf(b, "run started ");
        hs_rep_html_esc(b, when);
        hs_sbuf_printf(b, " &middot; ");
    }
    double ranks = hs_rep_jnum(m, "ranks"), secs = hs_rep_jnum(m, "seconds");
    if (isfinite(ranks) && isfinite(secs))
        hs_sbuf_printf(b, "%.0f MPI ranks, %.1f s &middot; ", ranks, secs);
    if (!ver)
        ver = hs_rep_jstr(R->planj, "hifusim");
    hs_sbuf_printf(b, "hifusim ");
    hs_rep_html_esc(b, ver ? ver : "");
    if (git) {
        hs_sbuf_printf(b, " (");
        hs_rep_html_esc(b, git);
        hs_sbuf_printf(b, ")");
    }
    hs_sbuf_printf(b, "</p>\n");

    hs_sbuf_printf(b, "<h2>Scenario</h2>\n");
    if (R->cfg[0])
        scenario_words(b, R);
    else
        hs_sbuf_printf(b, "<p>manifest.json has no configuration text.</p>\n");
    size_t np = R->power ? hs_rep_nrows(R->power) : 0;
    if (np > 1)
        hs_sbuf_printf(b, "<p>The run holds %zu scenarios (see the power table). Headline "
                          "numbers, curves and histograms below are for scenario %s (N = %.0f), "
                          "the last one.</p>\n",
                       np, R->scen, hs_rep_num_by(R->power, R->hrow, "n"));

    hs_sbuf_printf(b, "<h2>Headline numbers</h2>\n<div class=\"cards\">\n");
    char v[64], u[256], lo[32], hi[32], se[32];
    json_t *tg = R->planj ? json_object_get(R->planj, "targets") : NULL;
    for (size_t i = 0; json_is_array(tg) && i < json_array_size(tg); i++) {
        json_t *o = json_array_get(tg, i);
        double tp = hs_rep_jnum(o, "target_power"), rn = hs_rep_jnum(o, "recommended_n"),
               rl = hs_rep_jnum(o, "recommended_n_low"), rh = hs_rep_jnum(o, "recommended_n_high");
        char k[96];
        snprintf(k, sizeof k, "N for %.0f%% power", 100 * tp);
        fmt_num(v, sizeof v, rn, 0);
        fmt_num(lo, sizeof lo, rl, 0);
        fmt_num(hi, sizeof hi, rh, 0);
        snprintf(u, sizeof u, isfinite(rn) ? "Monte Carlo range %s to %s (plan.json)"
                                           : "not reached in the searched range%s%s",
                 isfinite(rn) ? lo : "", isfinite(rn) ? hi : "");
        card(b, k, v, u);
    }
    json_t *base = R->sweep && R->summary ? json_object_get(R->summary, "base") : NULL;
    if (json_is_object(base)) {
        fmt_num(v, sizeof v, hs_rep_jnum(base, "power"), 3);
        fmt_num(lo, sizeof lo, hs_rep_jnum(base, "power_ci_low"), 3);
        fmt_num(hi, sizeof hi, hs_rep_jnum(base, "power_ci_high"), 3);
        snprintf(u, sizeof u, "base case of the sweep, N = %.0f; 95%% CI %s to %s",
                 hs_rep_jnum(base, "n"), lo, hi);
        card(b, "Power (base case)", v, u);
    }
    if (R->power) {
    fmt_num(v, sizeof v, hs_rep_num_by(R->power, R->hrow, "power"), 3);
    fmt_num(lo, sizeof lo, hs_rep_num_by(R->power, R->hrow, "power_ci_low"), 3);
    fmt_num(hi, sizeof hi, hs_rep_num_by(R->power, R->hrow, "power_ci_high"), 3);
    fmt_num(se, sizeof se, hs_rep_num_by(R->power, R->hrow, "power_se"), 3);
    snprintf(u, sizeof u, "95%% CI %s to %s (Wilson); MC SE %s; N = %.0f, %.0f trials", lo, hi, se,
             hs_rep_num_by(R->power, R->hrow, "n"), hs_rep_num_by(R->power, R->hrow, "replicates"));
    card(b, "Power", v, u);
    }
    est_card(b, R, "Hazard ratio estimate", "hr", "", 3, "");
    for (int a = 0; a < 2; a++) {
        char k[128];
        snprintf(k, sizeof k, "Median OS, %s", R->arm[a]);
        est_card(b, R, k, "median_os", R->arm[a], 1, "months");
    }
    est_card(b, R, "Study duration", "duration", "", 1, "months");
    est_card(b, R, "Events at analysis", "events", "", 0, "");
    hs_sbuf_printf(b, "</div>\n");
    if (R->power)
        hs_sbuf_printf(b, "<p class=\"small\">Power is the share of simulated trials that "
                      "reject; the other cards give the median over simulated trials and the "
                      "range that holds 95%% of them (2.5%% and 97.5%% quantiles).</p>\n");

    if (R->notes.len) {
        hs_sbuf_printf(b, "<ul class=\"notes\">\n");
        hs_sbuf_append(b, R->notes.s, R->notes.len);
        hs_sbuf_printf(b, "</ul>\n");
    }

    if (R->nplots) {
        hs_sbuf_printf(b, "<h2>Plots</h2>\n<p class=\"small\">Each plot is also in "
                          "<code>plots/</code> as SVG and PNG, with the gnuplot script "
                          "(<code>.gp</code>) and data (<code>.dat</code>) that draw it.</p>\n"
                          "<div class=\"plots\">\n");
        for (int i = 0; i < R->nplots; i++) {
            char path[1400];
            snprintf(path, sizeof path, "%s/%s.svg", R->plotdir, R->plots[i].name);
            hs_sbuf_printf(b, "<figure id=\"fig-%s\" class=\"plot\">\n", R->plots[i].name);
            if (inline_svg(b, path, i) != 0)
                hs_sbuf_printf(b, "<p>(plots/%s.svg could not be embedded)</p>", R->plots[i].name);
            hs_sbuf_printf(b, "\n<figcaption><b>");
            hs_rep_html_esc(b, R->plots[i].title);
            hs_sbuf_printf(b, ".</b> %s <span class=\"small\">(plots/%s.svg, .png, .gp)</span>"
                              "</figcaption>\n</figure>\n",
                           R->plots[i].caption, R->plots[i].name);
        }
        hs_sbuf_printf(b, "</div>\n");
    }

    hs_sbuf_printf(b, "<h2>Tables</h2>\n");
    if (R->power) {
        hs_sbuf_printf(b, "<h3>Power by scenario (power.csv)</h3>\n");
        html_table(b, R->power, NULL, 4);
    }
    if (R->est) {
        hs_sbuf_printf(b, "<h3>Estimates over simulated trials, scenario %s (estimates.csv)</h3>\n",
                       R->scen);
        html_table(b, R->est, R->scen, 4);
    }
    struct {
        hs_csvtab *t;
        const char *title;
    } extra[] = {{R->plan, "Power curve (plan.csv)"},
                 {R->tornado, "One-way sensitivity (tornado.csv)"},
                 {R->sweep, "Sweep (sweep.csv)"}};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        if (extra[i].t) {
            hs_sbuf_printf(b, "<h3>%s</h3>\n", extra[i].title);
            html_table(b, extra[i].t, NULL, 4);
        }
    if (R->planj) {
        char *js = json_dumps(R->planj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (js) {
            hs_sbuf_printf(b, "<h3>Sample size (plan.json)</h3>\n<pre>");
            hs_rep_html_esc(b, js);
            hs_sbuf_printf(b, "</pre>\n");
            free(js);
        }
    }
    if (R->cfg[0]) {
        hs_sbuf_printf(b, "<h2>Configuration</h2>\n<p class=\"small\">As run (from manifest.json); "
                          "lines <code>; --set</code> are command-line overrides.</p>\n<pre>");
        hs_rep_html_esc(b, R->cfg);
        hs_sbuf_printf(b, "</pre>\n");
    }
    hs_sbuf_printf(b, "<p class=\"small\">Written by <code>hifusim report</code>. Time is in "
                      "months throughout. Result files: power.csv, km_bands.csv, estimates.csv, "
                      "summary.json, manifest.json (see results/README.md).</p>\n"
                      "</main>\n</body>\n</html>\n");
}
