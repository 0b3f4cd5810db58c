/* config.c — resolve a config store, its overrides and its model files into
 * an hs_config (see config.h; grammar and keys in configs/README.md).
 *
 * This file is the driver: it builds the view (the store's entries with each
 * "--set" override replacing or adding one entry), resolves the sections in
 * a fixed order, each part reporting every problem it finds and going on so
 * that one pass reports them all, and keeps the config text for the
 * manifest. The parts are listed in config_int.h. Here too: the public
 * look-ups, and how an arm's model file is found and read. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "config_int.h"
#include "model.h"

/* ------------------------------------------------------- model files */

/* Model file path: as given if absolute or found from the current
 * directory; else relative to the config's directory; else its parent. */
static int exists(const char *path)
{
    /* Anything but "no such file" (a symbolic-link loop, no permission, a
     * FIFO ...) counts as found: the reader then names the real fault. */
    return access(path, F_OK) == 0 || (errno != ENOENT && errno != ENOTDIR);
}

static int find_model(const char *cfgpath, const char *rel, char *out, size_t cap)
{
    snprintf(out, cap, "%s", rel);
    if (rel[0] == '/' || exists(out))
        return 0;
    char dir[HS_PATH_MAX];
    snprintf(dir, sizeof dir, "%s", cfgpath ? cfgpath : "");
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    int w = snprintf(out, cap, "%s/%s", dir, rel);
    if (w > 0 && (size_t)w < cap && exists(out))
        return 0;
    w = snprintf(out, cap, "%s/../%s", dir, rel);
    if (w > 0 && (size_t)w < cap && exists(out))
        return 0;
    snprintf(out, cap, "%s", rel);
    return -1;
}

int hs_config_find_model(const char *cfgpath, const char *rel, char *out, size_t cap)
{
    return find_model(cfgpath, rel, out, cap);
}

int hs_config_model_file(view *v, hs_config *c, int ai, const ent *me, const int *covbad)
{
    hs_arm *a = &c->arm[ai];
    char path[HS_PATH_MAX];
    if (!*me->value) {
        verr(v, me->file, me->line, "empty model path; expected model = FILE.ini");
        return -1;
    }
    if (find_model(v->path, me->value, path, sizeof path)) {
        verr(v, me->file, me->line, "model file '%s' not found (tried it from the current directory, the config's directory and its parent); expected a readable model file",
             me->value);
        return -1;
    }
    snprintf(a->model_path, sizeof a->model_path, "%s", path);
    hs_model mod;
    if (hs_model_load(path, c->ncov, c->cov, covbad, &mod, v->errs))
        return -1;
    a->model = mod.hazard;
    memcpy(a->beta, mod.beta, sizeof a->beta);
    a->covar = mod.covar;
    return 0;
}

/* ----------------------------------------------------------- resolve */

int hs_config_resolve(const hs_inifile *store, const char *const *overrides, int noverrides,
                      hs_config *out, hs_errs *errs)
{
    view v;
    memset(out, 0, sizeof *out);
    if (noverrides < 0)
        noverrides = 0;
    if (!store || hs_config_view_init(&v, store, noverrides, errs)) {
        if (store)
            hs_config_view_free(&v);
        hs_errs_add(errs, store ? hs_inifile_name(store) : "config", 0,
                    "out of memory or no store; expected a config");
        return -1;
    }
    int before = hs_errs_count(errs); /* before the overrides: their errors count too */
    for (int i = 0; i < noverrides; i++)
        hs_config_override_apply(&v, overrides[i]);
    snprintf(out->source, sizeof out->source, "%s", v.path ? v.path : "");

    int covbad[HS_COV_MAX] = {0};
    hs_config_design_sections(&v);
    hs_config_design_run(&v, out);
    hs_config_cohort_resolve(&v, out, covbad);
    hs_config_cohort_caps(&v, out, covbad);
    hs_config_arms_resolve(&v, out, covbad);
    hs_config_design_resolve(&v, out, covbad);
    hs_config_design_plan(&v, out);
    hs_config_design_sweep(&v, out);
    hs_config_prior_resolve(&v, out);
    if (v.oom)
        verr(&v, v.path, 0, "out of memory; expected to resolve the config");

    size_t len = 0;
    const char *text = hs_inifile_text(store, &len);
    size_t k = len < HS_TEXT_MAX - 1 ? len : HS_TEXT_MAX - 1;
    memcpy(out->text, text, k);
    for (int i = 0; i < noverrides && k < HS_TEXT_MAX - 1; i++) {
        int w = snprintf(out->text + k, HS_TEXT_MAX - k, "%s; --set %s\n",
                         (k > 0 && out->text[k - 1] != '\n') ? "\n" : "", overrides[i]);
        if (w < 0)
            break;
        k += (size_t)w;
        if (k > HS_TEXT_MAX - 1)
            k = HS_TEXT_MAX - 1;
    }
    out->text[k] = '\0';
    out->text_len = k;
    hs_config_view_free(&v);
    return hs_errs_count(errs) > before ? -1 : 0;
}

int hs_config_load(const char *path, const char *const *overrides, int noverrides,
                   hs_config *out, hs_errs *errs)
{
    hs_inifile *st = NULL;
    int rc = hs_inifile_read(path, &st, errs);
    /* An unreadable, empty or binary file: its own error says it all (no
     * cascade of "missing section" errors). */
    if (!st || (rc && hs_inifile_nsections(st) == 0 && hs_inifile_nentries(st) == 0)) {
        hs_inifile_free(st);
        memset(out, 0, sizeof *out);
        return -1;
    }
    int rc2 = hs_config_resolve(st, overrides, noverrides, out, errs);
    hs_inifile_free(st);
    return (rc || rc2) ? -1 : 0;
}

int hs_config_arm(const hs_config *c, const char *name)
{
    for (int i = 0; i < c->narms; i++)
        if (strcmp(c->arm[i].name, name) == 0)
            return i;
    return -1;
}

int hs_config_covariate(const hs_config *c, const char *name)
{
    for (int i = 0; i < c->ncov; i++)
        if (strcmp(c->cov[i].name, name) == 0)
            return i;
    return -1;
}
