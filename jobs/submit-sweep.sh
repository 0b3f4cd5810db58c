#!/bin/sh
# submit-sweep.sh — submit a sweep as a Slurm array plus the merge that
# runs when every array task has succeeded (--dependency=afterok).
#   sh jobs/submit-sweep.sh CONFIG [hifusim sweep options]   (POSIX sh)
# Environment: TASKS (array size, default 4), RANKS (MPI ranks per task,
# default 1), OUT (default results/<[run] name>-sweep), WAIT=1 (block until
# the merge has finished, via sbatch --wait), and the site settings below.
set -eu

# ---- site settings ---------------------------------------------------------
PARTITION=${PARTITION:-}   # e.g. compute
ACCOUNT=${ACCOUNT:-}       # e.g. myproject
TIME=${TIME:-04:00:00}     # per array task
# -----------------------------------------------------------------------------

if [ $# -lt 1 ]; then
    echo "usage: jobs/submit-sweep.sh CONFIG [hifusim sweep options]" >&2
    exit 2
fi
CONFIG=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
TASKS=${TASKS:-4}
RANKS=${RANKS:-1}
if [ -z "${OUT:-}" ]; then
    # the folder `hifusim sweep` would write, overrides included (--set run.name=...)
    if [ -n "${HIFUSIM:-}" ]; then BIN=$HIFUSIM
    elif [ -x build/hifusim ]; then BIN=$PWD/build/hifusim
    else BIN=$(command -v hifusim) || { echo "submit-sweep.sh: no hifusim (set HIFUSIM, or OUT)" >&2; exit 2; }
    fi
    OUT=$(
        n=$#
        while [ "$n" -gt 0 ]; do # keep only --set (as --set=VALUE)
            a=$1
            shift
            n=$((n - 1))
            case $a in
                --set=*) set -- "$@" "$a" ;;
                --set) [ "$n" -gt 0 ] && { set -- "$@" "--set=$1"; shift; n=$((n - 1)); } ;;
            esac
        done
        "$BIN" check "$CONFIG" "$@" --print-out=sweep
    ) || exit 2
fi
# site options, each one word (no spaces in partition or account names)
site=""
[ -n "$PARTITION" ] && site="$site --partition=$PARTITION"
[ -n "$ACCOUNT" ] && site="$site --account=$ACCOUNT"
wait=""
[ "${WAIT:-0}" = 1 ] && wait=--wait

# shellcheck disable=SC2086 # $site: zero or more single-word options
array=$(sbatch --parsable $site --time="$TIME" --ntasks="$RANKS" \
    --array=0-$((TASKS - 1)) "$here/sweep.sbatch" "$CONFIG" --out "$OUT" "$@")
array=${array%%;*}
echo "sweep array job $array: $TASKS tasks -> $OUT/tasks/"
# shellcheck disable=SC2086 # $site and $wait: zero or more single-word options
merge=$(sbatch --parsable $site --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
    $wait "$here/merge.sbatch" "$OUT")
echo "merge job ${merge%%;*} (after the array succeeds) -> $OUT/"
