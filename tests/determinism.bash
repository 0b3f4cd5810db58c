# tests/determinism.bash — shared by run_determinism.sh and
# prior_determinism.sh (sourced after lib.sh; not a test itself): compare two
# results folders, run on P ranks, interrupt a run with a checkpoint. Uses
# $HIFUSIM, $cfg and $tmp of the sourcing script, and sets irc and bgpid.
# shellcheck shell=bash
same() { # same DIR_A DIR_B: the same files, byte-identical except manifest.json
    # (and report.html's line of run metadata: start time, ranks, seconds)
    local la lb f
    la=$(cd "$1" && find . -type f ! -name manifest.json | sort)
    lb=$(cd "$2" && find . -type f ! -name manifest.json | sort)
    [ -n "$la" ] && [ "$la" = "$lb" ] || { diag "different files in $1 and $2"; return 1; }
    for f in $la; do
        if [ "${f##*/}" = report.html ]; then
            cmp -s <(grep -v 'class="meta"' "$1/$f") <(grep -v 'class="meta"' "$2/$f")
        else
            cmp -s "$1/$f" "$2/$f"
        fi || { diag "$f differs: $1 vs $2"; return 1; }
    done
}
# hrun P ARGS...: P = 0 runs the binary directly, else under mpirun -n P.
hrun() {
    local p=$1
    shift
    if [ "$p" -eq 0 ]; then "$HIFUSIM" run "$@"; else mpirun --oversubscribe -n "$p" "$HIFUSIM" run "$@"; fi
}
mtime() { stat -c %y "$1" 2>/dev/null || echo none; }
ckpt_scenario() { od -An -t u8 -j 80 -N 8 "$1" 2>/dev/null | tr -d ' '; }
want_sc=
# interrupt P OUT [ARGS...]: start a run of $cfg in the background, wait
# until it has written a (new) checkpoint, send SIGUSR1 (mpirun forwards it),
# wait. Sets irc to the exit status.
interrupt() {
    local p=$1 out=$2
    shift 2
    local before
    before=$(mtime "$out/.checkpoint")
    local cmd=("$HIFUSIM" run)
    [ "$p" -gt 0 ] && cmd=(mpirun --oversubscribe -n "$p" "$HIFUSIM" run)
    # started directly (not through a shell function) so that $! is the
    # process itself and the signal reaches it
    "${cmd[@]}" "$cfg" --out "$out" --quiet --checkpoint-every 0 --chunk 32 "$@" \
        > "$tmp/int.out" 2> "$tmp/int.err" &
    bgpid=$!
    local k=0
    while [ "$(mtime "$out/.checkpoint")" = "$before" ] && [ $k -lt 300 ] && kill -0 "$bgpid" 2>/dev/null; do
        sleep 0.05
        k=$((k + 1))
    done
    # optionally wait until the run is into scenario $want_sc (the checkpoint's
    # position word sits after the magic, config hash and 64-byte build)
    while [ -n "$want_sc" ] && [ "$(ckpt_scenario "$out/.checkpoint")" != "$want_sc" ] && [ $k -lt 600 ] \
        && kill -0 "$bgpid" 2>/dev/null; do
        sleep 0.02
        k=$((k + 1))
    done
    sleep 0.1
    kill -USR1 "$bgpid" 2>/dev/null
    wait "$bgpid"
    irc=$?
    bgpid=
    [ "$irc" -eq 3 ] && diag "$(grep -o 'checkpoint saved after [0-9]* of [0-9]* replicates of scenario [0-9]*' "$tmp/int.err")"
    return 0
}
