#!/usr/bin/env bash
# tests/shellcheck.sh — TAP: every shell script of the project passes shellcheck
# (settings in .shellcheckrc): jobs/, scripts/, bench/ and .ci/run at every
# severity; tests/*.sh at warning and above. The scripts documented as
# `sh SCRIPT` (jobs/submit-sweep.sh, scripts/install-deps.sh, bench/run.sh)
# and the sbatch scripts are POSIX sh: shellcheck checks them as sh, and
# dash (the Debian /bin/sh) must parse them.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v shellcheck > /dev/null || skip_all "shellcheck is not installed (scripts/install-deps.sh --with-tests)"
strict=(jobs/*.sh jobs/*.sbatch scripts/*.sh bench/*.sh .ci/run)
posix=(jobs/*.sh jobs/*.sbatch scripts/install-deps.sh bench/run.sh)
plan $((1 + 2 * ${#posix[@]} + 1))
for f in "${posix[@]}"; do
    head -n 1 "$f" | grep -q '^#!/bin/sh'
    ok $? "$f starts with #!/bin/sh"
    if command -v dash > /dev/null; then
        dash -n "$f"
        ok $? "dash parses $f"
    else
        skip "dash is not installed"
    fi
done
shellcheck "${strict[@]}" > "$tmp/strict" 2>&1
st=$?
ok $st "shellcheck, every severity: ${strict[*]}"
[ $st -ne 0 ] && sed 's/^/# /' "$tmp/strict" | head -n 40
shellcheck -S warning tests/*.sh > "$tmp/tests" 2>&1
st=$?
ok $st "shellcheck -S warning tests/*.sh"
[ $st -ne 0 ] && sed 's/^/# /' "$tmp/tests" | head -n 40
finish
