/* test_config.c — configs resolve to the expected numbers; every malformed
 * fixture (tests/config/bad_*.ini) yields its expected FILE:LINE messages,
 * all of them at once; overrides and did-you-mean work. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "tap.h"

#define DIR HS_SOURCE_DIR "/tests/config/"

static hs_config *cfg;
static hs_errs errs;

static int load(const char *name, const char *const *ov, int nov)
{
    char path[1024];
    snprintf(path, sizeof path, DIR "%s", name);
    hs_errs_init(&errs);
    return hs_config_load(path, ov, nov, cfg, &errs);
}

static int has(const char *file, int line, const char *needle)
{
    char prefix[1100];
    if (line > 0)
        snprintf(prefix, sizeof prefix, DIR "%s:%d: ", file, line);
    else
        snprintf(prefix, sizeof prefix, "%s", file);
    for (int i = 0; i < errs.n; i++)
        if (!strncmp(errs.msg[i], prefix, strlen(prefix)) && strstr(errs.msg[i], needle))
            return 1;
    return 0;
}

struct bad {
    const char *file;
    int count;
    int line;
    const char *needle;
};

static const struct bad bads[] = {
    {"bad_unknown_family.ini", 1, 9, "unknown family 'weibul' (did you mean 'weibull'?); expected"},
    {"bad_negative_scale.ini", 1, 11, "scale = '-58': -58 is out of range; expected a scale in [0.001, 100000] months"},
    {"bad_prob_sum.ini", 1, 6, "mets probabilities sum to 1.05; expected a sum of 1"},
    {"bad_text_number.ini", 1, 21, "'0.o25' is not a number; expected"},
    {"bad_nan_inf.ini", 2, 10, "'nan' is not finite"},
    {"bad_nan_inf.ini", 2, 11, "'inf' is not finite"},
    {"bad_unknown_key.ini", 2, 4, "unknown key 'replicats' in [run] (did you mean 'replicates'?)"},
    {"bad_unknown_key.ini", 2, 1, "[run] has no replicates"},
    {"bad_duplicate_section.ini", 3, 5, "duplicate section [run] (first at line 1)"},
    {"bad_unknown_arm.ini", 2, 17, "experimental = 'hifu_chem' is not an arm"},
    {"bad_unknown_arm.ini", 2, 13, "reference = 'chem' is not an arm (did you mean 'chemo'?)"},
    {"bad_unknown_level.ini", 1, 15, "unknown level '5+' of mets; expected one of 1, 2-3, 4+"},
    {"bad_dropout_one.ini", 1, 23, "dropout = '1': 1 is out of range; expected a yearly probability in [0, 1)"},
    {"bad_alpha_range.ini", 1, 21, "alpha = '1.5': 1.5 is out of range; expected a level in (0, 1)"},
    {"bad_sides.ini", 1, 22, "sides = '3'"},
    {"bad_hr_zero.ini", 1, 14, "expected a hazard ratio > 0"},
    {"bad_negative_n.ini", 1, 18, "-240 is not allowed; expected whole numbers of patients"},
    {"bad_too_many_events.ini", 1, 20, "analysis at 300 events but n = 240 patients"},
    {"bad_replicates_overflow.ini", 1, 4, "overflows; expected an integer in 1..10^12"},
    {"bad_replicates_big.ini", 1, 4, "is out of range; expected an integer in 1..10^12"},
    {"bad_unknown_section.ini", 2, 15, "unknown section [desing] (did you mean [design]?)"},
    {"bad_overlong.ini", 1, 7, "line is 227 characters long; expected at most 196"},
    {"bad_many.ini", 5, 3, "seed = '-1' is not an unsigned integer"},
    {"bad_many.ini", 5, 10, "shape = 'abc'"},
    {"bad_many.ini", 5, 18, "n = '1'"},
    {"bad_many.ini", 5, 21, "alpha = '0'"},
    {"bad_many.ini", 5, 22, "sides = '0'"},
    {"bad_model_files.ini", 5, 0, "models/bad_family.ini:3: unknown family 'exponentail' (did you mean 'exponential'?)"},
    {"bad_model_files.ini", 5, 0, "models/bad_family.ini:6: effect kras.mutant: unknown level 'mutant' of kras"},
    {"bad_model_files.ini", 5, 0, "models/no_model.ini: missing section [model]"},
    {"bad_model_files.ini", 5, 0, "models/bad_params.ini:5: scale = '-1'"},
    {"bad_model_files.ini", 5, 0, "models/bad_params.ini:6: unknown key 'cur' in [model] (did you mean 'cure'?)"},
};
enum { NBADS = sizeof bads / sizeof bads[0] };

int main(void)
{
    plan(82 + 3 * NBADS);
    cfg = malloc(sizeof *cfg);

    /* --- a good config: numbers as written (tests/config/good.ini) --- */
    int rc = load("good.ini", NULL, 0);
    ok(rc == 0, "good.ini resolves");
    if (rc)
        hs_errs_print(&errs, stderr);
    ok(!strcmp(cfg->name, "good"), "run name");
    ok(cfg->seed == UINT64_MAX, "seed 2^64-1 kept exactly");
    ok(cfg->replicates == 2000, "replicates");
    is_int(cfg->ncov, 3, "three covariates");
    is_int(cfg->cov[0].nlevels, 3, "mets has 3 levels");
    ok(!strcmp(cfg->cov[0].level[1], "2-3") && !strcmp(cfg->cov[0].level[2], "4+"), "level names 2-3, 4+");
    is_double(cfg->cov[0].prob[1], 0.40, 1e-15, "P(mets 2-3)");
    is_double(cfg->cov[0].cum[0], 0.45, 1e-15, "cumulative 0.45");
    is_double(cfg->cov[0].cum[1], 0.85, 1e-15, "cumulative 0.85");
    ok(cfg->cov[0].cum[2] == 1.0, "last cumulative is exactly 1");
    is_int(cfg->narms, 5, "five arms");
    int c = hs_config_arm(cfg, "chemo"), h = hs_config_arm(cfg, "hifu_chemo");
    int q = hs_config_arm(cfg, "quick"), qh = hs_config_arm(cfg, "quick_hifu"), pw = hs_config_arm(cfg, "pw");
    ok(c == 0 && h == 1 && q == 2 && qh == 3 && pw == 4, "arms in file order");
    ok(cfg->arm[c].model.family == HS_FAM_WEIBULL, "chemo: weibull from its model file");
    is_double(cfg->arm[c].model.par[0], 1.6, 1e-15, "chemo shape");
    is_double(cfg->arm[c].model.par[1], 58.0, 1e-15, "chemo scale");
    ok(strstr(cfg->arm[c].model_path, "tests/config/models/chemo.ini") != NULL,
       "model path found relative to the config's directory");
    is_double(cfg->arm[c].beta[0][1], 0.34, 1e-15, "chemo mets.2-3 from [effects]");
    is_double(cfg->arm[c].beta[2][1], 0.45, 1e-15, "chemo kras.mut");
    is_double(cfg->arm[c].beta[0][0], 0.0, 0, "reference level effect 0");
    is_double(cfg->arm[h].beta[0][2], 0.70, 1e-15, "arm key mets.4+ overrides the model file");
    is_double(cfg->arm[h].beta[0][1], 0.30, 1e-15, "hifu mets.2-3 from its model file");
    is_double(cfg->arm[h].model.cure, 0.05, 1e-15, "hifu cure from the model file");
    is_int(cfg->arm[h].allocation, 2, "hifu allocation 2");
    is_double(cfg->arm[h].dropout_p, 0.10, 1e-15, "arm dropout overrides design dropout");
    /* rate = -ln(1-p)/12 */
    is_double(cfg->arm[h].dropout_rate, -log(0.9) / 12, 1e-15, "arm dropout rate -ln(0.9)/12");
    is_double(cfg->arm[c].dropout_rate, -log(0.97) / 12, 1e-15, "design dropout rate -ln(0.97)/12");
    ok(cfg->arm[q].model.family == HS_FAM_EXPONENTIAL, "quick: inline exponential");
    is_double(cfg->arm[q].model.par[0], log(2.0) / 30, 1e-15, "median 30 -> rate ln2/30");
    is_int(cfg->arm[qh].reference, q, "quick_hifu references quick");
    is_double(cfg->arm[qh].model.par[0], log(2.0) / 30, 1e-15, "reference arm copies the model");
    is_int(cfg->arm[qh].model.nhr, 2, "piecewise hr has 2 pieces");
    is_double(cfg->arm[qh].model.hr_cut[1], 6, 0, "hr cut at 6 months");
    is_double(cfg->arm[qh].model.hr[0], 1.0, 0, "hr 1.0 before 6");
    is_double(cfg->arm[qh].model.hr[1], 0.6, 1e-15, "hr 0.6 after 6");
    is_int(cfg->arm[pw].model.npieces, 2, "piecewise rates: 2 pieces");
    is_double(cfg->arm[pw].model.rate[1], 0.015, 1e-15, "piecewise second rate");
    const hs_design *d = &cfg->design;
    ok(d->control == c && d->experimental == h, "control/experimental indices");
    is_int(d->nn, 3, "n list of 3");
    ok(d->n[0] == 100 && d->n[1] == 200 && d->n[2] == 300, "n = 100, 200, 300");
    is_int(d->naccrual, 2, "piecewise accrual");
    is_double(d->accrual_rate[1], 10, 0, "accrual 10/month from 6");
    ok(d->analysis == HS_ANALYSIS_EVENTS && d->analysis_events == 80, "events:80");
    ok(d->test.kind == HS_TEST_COX && d->ties == HS_TIES_BRESLOW, "cox, breslow ties");
    is_double(d->alpha, 0.025, 0, "alpha");
    is_int(d->sides, 1, "one-sided");
    is_int(d->strata, 0, "strata = mets -> covariate 0");
    is_int(d->ngrid, 145, "grid 0:72:0.5 has 145 points");
    is_double(d->grid[144], 72, 1e-12, "grid ends at 72");
    is_int(d->nlandmarks, 3, "3 landmarks");
    is_double(d->tau, 36, 0, "tau");
    is_int(cfg->plan.ntarget, 3, "3 target powers");
    is_double(cfg->plan.target_power[2], 0.95, 0, "target power 0.95");
    ok(cfg->plan.n_min == 40 && cfg->plan.n_max == 600, "plan n range");
    ok(cfg->plan.replicates_coarse == 1000 && cfg->plan.replicates_fine == 10000, "plan replicate defaults");
    is_int(cfg->nsweep, 1, "one [sweep] entry kept");
    ok(!strcmp(cfg->sweep[0].value, "arm.quick_hifu.hr : 0.5, 0.6, 0.7"), "sweep value as text");
    uint64_t h0 = hs_config_hash(cfg);
    ok(cfg->text_len > 100 && strstr(cfg->text, "[arm quick_hifu]") != NULL, "config text kept");

    /* --- overrides --- */
    const char *ov[] = {"design.n=500", "arm.hifu_chemo.mets.4+ = 0.1", "arm.quick_hifu.hr=0.5",
                        "run.seed=0x10", "design.strata="};
    rc = load("good.ini", ov, 5);
    ok(rc == 0, "good.ini with overrides resolves");
    ok(cfg->design.nn == 1 && cfg->design.n[0] == 500, "--set design.n=500");
    is_double(cfg->arm[1].beta[0][2], 0.1, 1e-15, "--set arm.hifu_chemo.mets.4+");
    ok(cfg->arm[3].model.nhr == 1 && cfg->arm[3].model.hr[0] == 0.5, "--set arm.quick_hifu.hr=0.5");
    ok(cfg->seed == 16, "--set run.seed=0x10 (hex)");
    is_int(cfg->design.strata, -1, "--set design.strata= (empty: no strata)");
    ok(strstr(cfg->text, "; --set design.n=500\n") != NULL, "overrides recorded in the text");
    ok(hs_config_hash(cfg) != h0, "overrides change the hash");
    rc = load("good.ini", NULL, 0);
    ok(rc == 0 && hs_config_hash(cfg) == h0, "hash is reproducible");

    const char *bad_ov[] = {"design.alpha=2", "arm.nosuch.hr=0.5", "designn=3", "run.replicats=5"};
    rc = load("good.ini", bad_ov, 4);
    ok(rc == -1, "bad overrides rejected");
    is_int(hs_errs_count(&errs), 4, "4 errors from 4 bad overrides");
    ok(has("--set design.alpha=2: ", 0, "alpha = '2': 2 is out of range"), "override error names the option");
    ok(has("--set arm.nosuch.hr=0.5: ", 0, "has no model"), "override creating an arm without a model");
    ok(has("--set designn=3: ", 0, "expected e.g. design.n=300"), "override without section.key");
    ok(has("--set run.replicats=5: ", 0, "did you mean 'replicates'?"), "override did-you-mean");

    /* --- every malformed fixture --- */
    for (int i = 0; i < NBADS; i++) {
        rc = load(bads[i].file, NULL, 0);
        ok(rc == -1, "%s is rejected", bads[i].file);
        is_int(hs_errs_count(&errs), bads[i].count, "%s: %d error(s)", bads[i].file, bads[i].count);
        char pre[512];
        int hit;
        if (bads[i].line > 0)
            hit = has(bads[i].file, bads[i].line, bads[i].needle);
        else {
            snprintf(pre, sizeof pre, "%s", bads[i].needle);
            hit = 0;
            for (int k = 0; k < errs.n; k++)
                hit |= strstr(errs.msg[k], pre) != NULL;
        }
        ok(hit, "%s:%d: '%s'", bads[i].file, bads[i].line, bads[i].needle);
        if (!hit || hs_errs_count(&errs) != bads[i].count)
            hs_errs_print(&errs, stderr);
    }
    rc = load("bad_missing_section.ini", NULL, 0);
    ok(rc == -1 && hs_errs_count(&errs) == 1 &&
           has(DIR "bad_missing_section.ini: missing section [design]", 0, "expected a [design] section"),
       "missing [design] reported (no line)");
    rc = load("no_such_file.ini", NULL, 0);
    ok(rc == -1 && has(DIR "no_such_file.ini: cannot open", 0, "expected a readable INI file"),
       "missing config file");

    /* --- the error list is capped, not overrun --- */
    hs_errs_init(&errs);
    for (int i = 0; i < HS_ERRS_CAP + 5; i++)
        hs_errs_add(&errs, "f.ini", i + 1, "e%d", i);
    ok(errs.n == HS_ERRS_CAP && hs_errs_count(&errs) == HS_ERRS_CAP + 5, "cap: 100 kept, 105 counted");
    ok(!strcmp(hs_errs_get(&errs, 0), "f.ini:1: e0"), "message format FILE:LINE: text");

    /* --- 1.2e5 unknown keys and 1e5 unknown sections: every one reported
     * (counted), the list capped, in well under a second of CPU --- */
    {
        size_t cap = 2u << 20, n = 0;
        char *big = malloc(cap);
        FILE *bf = fopen(DIR "base.ini", "rb");
        n = fread(big, 1, 4096, bf);
        fclose(bf);
        n += (size_t)snprintf(big + n, cap - n, "[plan]\nn_mxa = 3\n");
        for (int i = 0; i < 120000; i++)
            n += (size_t)snprintf(big + n, cap - n, "k%x=1\n", i);
        for (int i = 0; i < 100000; i++)
            n += (size_t)snprintf(big + n, cap - n, "[s%x]\n", i);
        hs_errs_init(&errs);
        clock_t t0 = clock();
        hs_inifile *st = NULL;
        hs_inifile_parse(DIR "base.ini", big, n, &st, &errs);
        rc = hs_config_resolve(st, NULL, 0, cfg, &errs);
        double cpu = (double)(clock() - t0) / CLOCKS_PER_SEC;
        ok(rc == -1 && cpu < 1.0 * HS_TEST_CPU_SCALE, "1.2e5 unknown keys and 1e5 unknown sections resolved in %.3f s "
           "of CPU (< %g s)", cpu, HS_TEST_CPU_SCALE);
        is_int(hs_errs_count(&errs), 220001, "every unknown key and section counted");
        ok(errs.n == HS_ERRS_CAP && has("base.ini", 120026, "unknown section [s0]"),
           "the list keeps its cap of %d; the sections come first, with lines: %s", HS_ERRS_CAP,
           errs.msg[0]);
        hs_inifile_free(st);
        free(big);
    }

    /* --- configs/default.ini parses (model files may not exist yet) --- */
    hs_errs_init(&errs);
    rc = hs_config_load(HS_SOURCE_DIR "/configs/default.ini", NULL, 0, cfg, &errs);
    int only_models = 1;
    for (int i = 0; i < errs.n; i++)
        only_models &= strstr(errs.msg[i], "models/") != NULL;
    ok(rc == 0 || only_models, "configs/default.ini resolves (or only its model files are missing)");
    if (rc == 0)
        ok(cfg->design.nn == 1 && cfg->design.n[0] == 240 && cfg->design.analysis_events == 120,
           "default: n = 240, events:120");
    else {
        hs_errs_print(&errs, stderr);
        ok(1, "# SKIP default model files not present yet");
    }
    free(cfg);
    return tap_done();
}
