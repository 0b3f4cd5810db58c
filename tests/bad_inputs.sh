#!/usr/bin/env bash
# bad_inputs.sh — TAP: runs the whole bad-input catalogue (tests/bad-inputs/,
# format in its README.md). For each case, in a scratch copy of its folder
# with an output folder out/ pre-seeded with "earlier results":
#   1. the exit code is the one in the manifest (2 bad input, 1 I/O fault);
#   2. the first stderr line matches the manifest's pattern;
#   3. the message has the manifest's form (line: FILE:LINE: ..., file:
#      FILE: ..., opt: an option or usage message) and is at most 5 lines;
#      for bad input (exit 2) nothing is printed on stdout, as every input
#      error is found before anything runs (an I/O fault, exit 1, may come
#      after a table was printed, e.g. analyze's --json);
#   4. nothing in the folder was created, removed or changed: no partial
#      results, no .tmp files, and the earlier results are byte-identical.
# A case whose setup.sh exits 77 is skipped (e.g. chmod 000 as root).
# Before the catalogue, the same inputs without faults (tests/bad-inputs/good)
# must work, so that the cases fail for their own fault only.
# HIFUSIM = path of the binary (default build/hifusim).
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
catalogue=$HS_SRC/tests/bad-inputs
cp -r "$catalogue" "$tmp/cat"

cases=()
while IFS= read -r line; do
    case $line in '#'* | '') continue ;; esac
    cases+=("$line")
done < "$catalogue/manifest"

trim() { local s=$1; s=${s#"${s%%[![:space:]]*}"}; s=${s%"${s##*[![:space:]]}"}; printf '%s' "$s"; }
snapshot() { # every path, type, mode and size, and every file's checksum
    (cd "$1" && find . -printf '%y %m %s %p\n' | sort && find . -type f -exec md5sum {} + 2>/dev/null | sort)
}
seed_results() { # earlier results in out/, as a previous run would have left them
    [ -e "$1/out" ] && return 0
    mkdir -p "$1/out"
    for f in summary.json power.csv km_bands.csv estimates.csv manifest.json; do
        printf 'earlier result %s of %s\n' "$f" "$(basename "$1")" > "$1/out/$f"
    done
}

plan $((4 + 4 * ${#cases[@]}))
ok "$([ ${#cases[@]} -ge 40 ] && echo 0 || echo 1)" "catalogue has ${#cases[@]} cases (>= 40)"

# The control: fault-free versions of the inputs work.
g=$tmp/cat/good
(cd "$g" && "$HIFUSIM" run cfg.ini --out res1 --quiet --replicates 10 > /dev/null 2>&1) && [ -s "$g/res1/power.csv" ]
ok $? "good/cfg.ini runs (the base of the config cases is valid)"
(cd "$g" && "$HIFUSIM" run cfgm.ini --out res2 --quiet --replicates 10 > /dev/null 2>&1) && [ -s "$g/res2/power.csv" ]
ok $? "good/cfgm.ini with models/chemo.ini runs (the base of the model cases is valid)"
(cd "$g" && "$HIFUSIM" analyze data.csv --time time --event status --group arm --json a.json > /dev/null 2>&1 &&
    "$HIFUSIM" fit --ipd ipd.csv --time time --event status --family weibull --out m.ini > /dev/null 2>&1)
ok $? "good/data.csv analyses and good/ipd.csv fits (the base of the CSV cases is valid)"

for line in "${cases[@]}"; do
    IFS='|' read -r name code form cmd regex <<< "$line"
    name=$(trim "$name"); code=$(trim "$code"); form=$(trim "$form"); cmd=$(trim "$cmd")
    regex=${line#*|*|*|*| }
    work=$tmp/cat/$name
    if [ ! -d "$work" ]; then
        for _ in 1 2 3 4; do ok 1 "$name: no folder tests/bad-inputs/$name"; done
        continue
    fi
    if [ -f "$work/setup.sh" ]; then
        (cd "$work" && sh setup.sh)
        st=$?
        if [ $st -eq 77 ]; then
            for _ in 1 2 3 4; do skip "$name: setup says it cannot apply here (uid $(id -u))"; done
            continue
        fi
    fi
    seed_results "$work"
    before=$(snapshot "$work")
    read -r -a args <<< "$cmd"
    (cd "$work" && timeout -k 5 60 "$HIFUSIM" "${args[@]}" > "$tmp/stdout" 2> "$tmp/stderr")
    rc=$?
    after=$(snapshot "$work")
    first=$(head -n 1 "$tmp/stderr")
    nlines=$(wc -l < "$tmp/stderr")

    ok "$([ "$rc" = "$code" ] && echo 0 || echo 1)" "$name: exit $rc (want $code): hifusim $cmd"
    printf '%s\n' "$first" | grep -Eq -- "$regex"
    st=$?
    ok $st "$name: message matches"
    [ $st -ne 0 ] && { echo "#   got:  $first"; echo "#   want: $regex"; }
    case $form in
        line) fre='^[^:[:space:]]+:[0-9]+: ' ;;
        file) fre='^(hifusim: )?[^:[:space:]]+: ' ;;
        opt) fre='.' ;;
        *) fre='^$ (unknown form)' ;;
    esac
    printf '%s\n' "$first" | grep -Eq -- "$fre" && [ "$nlines" -ge 1 ] && [ "$nlines" -le 5 ] &&
        { [ "$code" != 2 ] || [ ! -s "$tmp/stdout" ]; }
    st=$?
    ok $st "$name: $form form, $nlines line(s) <= 5$([ "$code" = 2 ] && echo ', nothing on stdout')"
    [ $st -ne 0 ] && sed 's/^/#   stderr: /' "$tmp/stderr" | head -8 && sed 's/^/#   stdout: /' "$tmp/stdout" | head -3
    [ "$before" = "$after" ]
    st=$?
    ok $st "$name: no new, changed or .tmp files; earlier results intact"
    [ $st -ne 0 ] && diff <(echo "$before") <(echo "$after") | sed 's/^/#   /' | head -10
done
finish
