/* config_override.c — "--set KEY=VALUE" on the command line: KEY is
 * section.key, or arm.NAME.key for [arm NAME]. The override replaces the
 * view's entry (or adds one, and its section if new), with "--set K=V" as
 * its file and line 0 in messages. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "config_int.h"

void hs_config_override_apply(view *v, const char *ov)
{
    char where[HS_ERR_LEN / 2];
    snprintf(where, sizeof where, "--set %s", ov);
    const char *loc = hs_config_view_own(v, where, strlen(where));
    if (!loc)
        return;
    const char *eq = strchr(ov, '=');
    if (!eq) {
        verr(v, loc, 0, "no '='; expected --set SECTION.KEY=VALUE");
        return;
    }
    const char *k = ov;
    const char *kend = eq;
    while (k < kend && isspace((unsigned char)*k))
        k++;
    while (kend > k && isspace((unsigned char)kend[-1]))
        kend--;
    const char *val = eq + 1;
    while (*val && isspace((unsigned char)*val))
        val++;
    size_t vlen = strlen(val);
    while (vlen > 0 && isspace((unsigned char)val[vlen - 1]))
        vlen--;
    const char *dot = memchr(k, '.', (size_t)(kend - k));
    if (!dot || dot == k || dot + 1 >= kend) {
        verr(v, loc, 0, "key is not SECTION.KEY; expected e.g. design.n=300 or arm.hifu_chemo.hr=0.7");
        return;
    }
    char secname[256];
    const char *key = dot + 1;
    size_t slen = (size_t)(dot - k);
    if (slen == 3 && memcmp(k, "arm", 3) == 0) {
        const char *dot2 = memchr(key, '.', (size_t)(kend - key));
        if (!dot2 || dot2 == key || dot2 + 1 >= kend) {
            verr(v, loc, 0, "arm key is not arm.NAME.KEY; expected e.g. arm.hifu_chemo.hr=0.7");
            return;
        }
        snprintf(secname, sizeof secname, "arm %.*s", (int)(dot2 - key), key);
        key = dot2 + 1;
    } else {
        snprintf(secname, sizeof secname, "%.*s", (int)slen, k);
    }
    const char *s = hs_config_view_own(v, secname, strlen(secname));
    const char *kk = hs_config_view_own(v, key, (size_t)(kend - key));
    const char *vv = hs_config_view_own(v, val, vlen);
    if (!s || !kk || !vv)
        return;
    ent *e = find(v, s, kk);
    if (e) {
        e->used = 0;
    } else {
        e = &v->e[v->n++];
        e->section = s;
        e->key = kk;
    }
    e->value = vv;
    e->file = loc;
    e->line = 0;
    e->used = 0;
    if (!find_section(v, s))
        v->s[v->ns++] = (sec){s, loc, 0};
}
