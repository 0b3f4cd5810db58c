/* test_report_data.c — the report's reading of a results folder
 * (report_data.h): the run's config text through inifile with its
 * "; --set" overrides applied, and an arm's landmarks from its model file's
 * [provenance] (found as the config finds it), never from the file's name;
 * and the [provenance] targets grammar (model.h). */
#include "model.h"
#include "report_data.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* A results folder under root whose manifest names config root/cfg/run.ini
 * (config_text: cfg) and model files in root/m/. */
static void make_folder(const char *root, const char *cfg)
{
    char p[600];
    snprintf(p, sizeof p, "%s/res", root);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/cfg", root);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/m", root);
    mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/res/power.csv", root);
    put(p, "scenario,n,power\n1,100,0.5\n2,200,0.8\n");
    json_t *m = json_object();
    char cp[600];
    snprintf(cp, sizeof cp, "%s/cfg/run.ini", root);
    json_object_set_new(m, "config", json_string(cp));
    json_object_set_new(m, "config_text", json_string(cfg));
    snprintf(p, sizeof p, "%s/res/manifest.json", root);
    json_dump_file(m, p, 0);
    json_decref(m);
    snprintf(p, sizeof p, "%s/m/anchor.ini", root);
    put(p, "[model]\nfamily = exponential\nmedian = 30\n\n[provenance]\n"
           "source = A test cohort 2026\ntargets = 6:0.95, 18:0.8; median 30\n");
    snprintf(p, sizeof p, "%s/m/hifu_chemo.ini", root);
    put(p, "[model]\nfamily = exponential\nmedian = 30\n");
}

int main(void)
{
    plan(17);
    hs_model_landmarks lm;
    memset(&lm, 0, sizeof lm);
    hs_model_landmarks_parse("12:1.00,24:0.933,36:0.72; median 52", &lm);
    is_int(lm.n, 4, "targets with a median: 4 points");
    is_double(lm.t[1], 24, 1e-12, "second time");
    is_double(lm.s[2], 0.72, 1e-12, "third survival");
    ok(lm.t[3] == 52 && lm.s[3] == 0.5, "the median is the point (52, 0.5)");
    memset(&lm, 0, sizeof lm);
    hs_model_landmarks_parse("12:1.5, 24:0.9", &lm);
    is_int(lm.n, 0, "a survival above 1 ends the list");

    char root[] = "/tmp/test_report_data.XXXXXX";
    if (!mkdtemp(root)) {
        ok(0, "mkdtemp");
        return tap_done();
    }
    make_folder(root, "[run]\nname = t\n\n[design]\ncontrol = a\nexperimental = b\n"
                      "alpha = 0.05 ; a comment\n\n[cohort]\nmets = 1:0.5, 2:0.5\n\n"
                      "[arm a]\nmodel = m/hifu_chemo.ini\n\n[arm b]\nmodel = m/anchor.ini\n"
                      "; --set design.alpha=0.01\n; --set arm.b.allocation = 2\n");
    char dir[600], err[800] = "", v[256];
    snprintf(dir, sizeof dir, "%s/res", root);
    hs_report_data D;
    int rc = hs_report_data_load(&D, dir, err, sizeof err);
    is_int(rc, HS_REPORT_DATA_OK, "the folder loads (%s)", err);
    ok(!strcmp(D.scen, "2") && D.hrow == 1, "headline: the last scenario");
    ok(!strcmp(D.arm[0], "a") && !strcmp(D.arm[1], "b"), "arms from [design]");
    ok(hs_report_data_cfg_get(&D, "design", "alpha", v, sizeof v) == 0 && !strcmp(v, "0.01"),
       "an override wins over the file (%s)", v);
    ok(hs_report_data_cfg_get(&D, "arm b", "allocation", v, sizeof v) == 0 && !strcmp(v, "2"),
       "arm.NAME.key overrides [arm NAME] (%s)", v);
    ok(hs_report_data_cfg_get(&D, "cohort", "mets", v, sizeof v) == 0 && !strcmp(v, "1:0.5, 2:0.5"),
       "a plain key (%s)", v);
    ok(hs_report_data_cfg_get(&D, "design", "n", v, sizeof v) == -1 && v[0] == '\0',
       "an absent key: -1 and \"\"");
    hs_report_data_arm_landmarks(&D, 1, &lm);
    is_int(lm.n, 3, "arm b: its model's [provenance] targets (found in the config's parent)");
    ok(!strcmp(lm.source, "A test cohort 2026"), "arm b: its source (%s)", lm.source);
    hs_report_data_arm_landmarks(&D, 0, &lm);
    is_int(lm.n, 0, "arm a: a model named hifu_chemo.ini without targets has no landmarks");
    hs_report_data_free(&D);

    rc = hs_report_data_load(&D, "/nonexistent/folder", err, sizeof err);
    is_int(rc, HS_REPORT_DATA_NODIR, "no such folder");
    hs_report_data_free(&D);
    hs_sbuf b = {0};
    hs_report_data_html_esc(&b, "<a href=\"x\">&'");
    ok(b.s && !strcmp(b.s, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"), "HTML escaping");
    hs_sbuf_free(&b);

    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        diag("could not remove %s", root);
    return tap_done();
}
