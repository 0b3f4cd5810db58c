#!/usr/bin/env bash
# build_identity.sh — TAP: the build identity changes whenever the compiled
# code changes, fixed at build time (design.md, "Build identity").
#   - the binary under test reports, in --version, the SHA-256 of this tree's
#     .c and .h files under src/ (cmake/srchash.cmake says how to recompute it);
#   - in a scratch copy of the tree: configure and build the hifusim target,
#     interrupt a run (SIGUSR1, exit 3, a checkpoint); change one byte of a
#     comment in src/, and run `cmake --build` only (no cmake re-run): the
#     source hash in --version changes, the configure-time commit does not;
#     --resume of the old checkpoint by the new binary is refused with exit 2
#     and a message naming the build, leaving the checkpoint intact, while
#     the old binary still resumes it; a rebuild with no change keeps the hash.
# Slow: builds the hifusim target once (-j2) in a temporary folder.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v cmake > /dev/null || skip_all "cmake not found"
plan 10

srchash() { (cd "$1/src" && find . -name '*.[ch]' | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -d' ' -f1); }
vhash() { "$1" --version 2> /dev/null | sed -n 's/.*source sha256 \([0-9a-f]\{64\}\).*/\1/p'; }
vcommit() { "$1" --version 2> /dev/null | sed -n 's/.*git commit \([^,;) ]*\).*/\1/p'; }

want=$(srchash "$HS_SRC")
got=$(vhash "$HIFUSIM")
[ -n "$got" ] && [ "$got" = "$want" ]
ok $? "$HIFUSIM --version gives the source hash of src/ ($want; got '${got:-none}')"

# ---- a scratch copy, built once
S=$tmp/tree
mkdir -p "$S"
cp -r "$HS_SRC/src" "$HS_SRC/tests" "$HS_SRC/bench" "$HS_SRC/cmake" "$HS_SRC/CMakeLists.txt" "$S/"
rm -rf "$S/tests/bad-inputs"
B=$S/build
{ cmake -S "$S" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build "$B" -j 2 --target hifusim; } \
    > "$tmp/build1.log" 2>&1
ok $? "scratch copy: configure + build of the hifusim target"
[ $? -ne 0 ] && tail -n 5 "$tmp/build1.log" | sed 's/^/# /'
h1=$(vhash "$B/hifusim")
c1=$(vcommit "$B/hifusim")
cp "$B/hifusim" "$tmp/old-hifusim"

# a checkpoint from the old binary: SIGUSR1 mid-run, exit 3
cfg=$HS_SRC/tests/bad-inputs/good/cfg.ini
out=$tmp/res
R=60000
"$tmp/old-hifusim" run "$cfg" --out "$out" --replicates $R --checkpoint-every 0 --chunk 64 --quiet \
    > /dev/null 2> "$tmp/int.err" &
pid=$!
at_exit "kill $pid 2> /dev/null"
for ((k = 0; k < 600; k++)); do
    [ -f "$out/.checkpoint" ] && break
    kill -0 $pid 2> /dev/null || break
    sleep 0.05
done
sleep 0.2
kill -USR1 $pid 2> /dev/null
wait $pid
rc=$?
[ $rc -eq 3 ] && [ -s "$out/.checkpoint" ]
ok $? "old binary: SIGUSR1 mid-run saves a checkpoint, exit 3 (got $rc)"
cp "$out/.checkpoint" "$tmp/ckpt.copy" 2> /dev/null

# rebuild with no change: same hash
cmake --build "$B" -j 2 --target hifusim > "$tmp/build2.log" 2>&1
h2=$(vhash "$B/hifusim")
[ -n "$h1" ] && [ "$h1" = "$h2" ]
ok $? "a rebuild with no source change keeps the source hash (${h1:-none})"

# one byte of a comment: cmake --build only
sed -i '1s|^/\* |/*  |' "$S/src/core/version.c"
cmake --build "$B" -j 2 --target hifusim > "$tmp/build3.log" 2>&1
ok $? "after changing a comment in src/core/version.c: cmake --build (no cmake re-run) exits 0"
h3=$(vhash "$B/hifusim")
c3=$(vcommit "$B/hifusim")
[ -n "$h3" ] && [ "$h3" != "$h1" ] && [ "$h3" = "$(srchash "$S")" ]
ok $? "--version's source hash changed (${h1:-none} -> ${h3:-none}) and is the new tree's"
[ "$c1" = "$c3" ]
ok $? "the configure-time commit, labelled as such, is unchanged ($c1)"

"$B/hifusim" run "$cfg" --out "$out" --replicates $R --checkpoint-every 0 --chunk 64 --quiet --resume \
    > /dev/null 2> "$tmp/resume.err"
rc=$?
[ $rc -eq 2 ] && grep -q 'checkpoint is from another build' "$tmp/resume.err"
ok $? "new binary: --resume of the old checkpoint refused with exit 2 (got $rc: $(head -c 160 "$tmp/resume.err"))"
cmp -s "$out/.checkpoint" "$tmp/ckpt.copy" && [ ! -e "$out/power.csv" ]
ok $? "the refusal leaves the checkpoint intact and writes no result"
"$tmp/old-hifusim" run "$cfg" --out "$out" --replicates $R --checkpoint-every 0 --chunk 64 --quiet --resume \
    --no-report > /dev/null 2> "$tmp/resume-old.err"
rc=$?
[ $rc -eq 0 ] && [ -s "$out/power.csv" ]
ok $? "control: the old binary resumes the same checkpoint (exit $rc)"
finish
