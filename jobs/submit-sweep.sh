#!/bin/bash
# submit-sweep.sh — submit a sweep as a Slurm array plus the merge that
# runs when every array task has succeeded (--dependency=afterok).
#   jobs/submit-sweep.sh CONFIG [hifusim sweep options]
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
    name=$(awk -F= '/^[ \t]*\[/ { s = $0; gsub(/[][ \t]/, "", s); next }
        s == "run" { k = $1; gsub(/[ \t]/, "", k); if (k == "name") { v = $2; sub(/[;#].*/, "", v); gsub(/[ \t]/, "", v); print v; exit } }' "$CONFIG")
    OUT=results/${name:-default}-sweep
fi
site=()
[ -n "$PARTITION" ] && site+=(--partition="$PARTITION")
[ -n "$ACCOUNT" ] && site+=(--account="$ACCOUNT")

array=$(sbatch --parsable "${site[@]}" --time="$TIME" --ntasks="$RANKS" \
    --array=0-$((TASKS - 1)) "$here/sweep.sbatch" "$CONFIG" --out "$OUT" "$@")
array=${array%%;*}
echo "sweep array job $array: $TASKS tasks -> $OUT/tasks/"
wait=()
[ "${WAIT:-0}" = 1 ] && wait=(--wait)
merge=$(sbatch --parsable "${site[@]}" --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
    "${wait[@]}" "$here/merge.sbatch" "$OUT")
echo "merge job ${merge%%;*} (after the array succeeds) -> $OUT/"
