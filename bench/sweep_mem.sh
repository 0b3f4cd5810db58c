#!/usr/bin/env bash
# bench/sweep_mem.sh — peak resident memory of a grid sweep at 10^3, 10^4
# and 10^5 points (issue 12, item 15: sweep memory must not grow with the
# point count). Tiny points (N = 40, 10 replicates) so it runs in minutes.
#
#   HIFUSIM=build/hifusim bash bench/sweep_mem.sh [POINTS...]
#
# Prints one line per size: points, peak RSS (MiB, /usr/bin/time -v
# "Maximum resident set size"), seconds, and the size of sweep.csv.
set -euo pipefail
HIFUSIM=${HIFUSIM:-build/hifusim}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

# axes of 10 values each: 3 axes = 10^3 points, 4 = 10^4, 5 = 10^5
axes=(
  "axis.accrual = design.accrual : 20 | 21 | 22 | 23 | 24 | 25 | 26 | 27 | 28 | 29"
  "axis.dropout = design.dropout : 0.01 | 0.02 | 0.03 | 0.04 | 0.05 | 0.06 | 0.07 | 0.08 | 0.09 | 0.10"
  "axis.alpha = design.alpha : 0.010 | 0.015 | 0.020 | 0.025 | 0.030 | 0.035 | 0.040 | 0.045 | 0.050 | 0.055"
  "axis.m4c = arm.chemo.mets.4+ : 0.1 | 0.2 | 0.3 | 0.4 | 0.5 | 0.6 | 0.7 | 0.8 | 0.9 | 1.0"
  "axis.m4h = arm.hifu_chemo.mets.4+ : 0.1 | 0.2 | 0.3 | 0.4 | 0.5 | 0.6 | 0.7 | 0.8 | 0.9 | 1.0"
  "axis.m23c = arm.chemo.mets.2-3 : 0.1 | 0.2 | 0.3 | 0.4 | 0.5 | 0.6 | 0.7 | 0.8 | 0.9 | 1.0"
)

printf '%-9s %12s %9s %12s\n' points peak_rss_MiB seconds sweep_csv_MB
for P in "${sizes[@]}"; do
  case $P in
    1000) na=3 ;; 10000) na=4 ;; 100000) na=5 ;; 1000000) na=6 ;;
    *) echo "sweep_mem.sh: sizes are 1000, 10000, 100000 or 1000000" >&2; exit 2 ;;
  esac
  cfg=$TMP/mem$P.ini
  {
    sed -n '1,/^\[sweep\]/p' "$ROOT/configs/sensitivity_mets.ini" | sed '/^\[sweep\]/d' |
      sed -e 's|models/|'"$ROOT"'/models/|' -e 's/^n  *=.*/n = 40/' \
          -e 's/^analysis .*/analysis = events:20/' -e 's/^grid .*/grid = 0:24:6/' \
          -e 's/^replicates .*/replicates = 10/'
    echo "[sweep]"
    echo "design = grid"
    for ((a = 0; a < na; a++)); do echo "${axes[a]}"; done
  } >"$cfg"
  out=$TMP/out$P
  /usr/bin/time -v "$HIFUSIM" sweep "$cfg" --quiet --no-report --out "$out" 2>"$TMP/time$P" >/dev/null ||
    { echo "sweep at $P points failed:" >&2; tail -5 "$TMP/time$P" >&2; exit 1; }
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$TMP/time$P")
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$TMP/time$P")
  secs=$(echo "$wall" | awk -F: '{s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.1f", s}')
  csv=$(stat -c %s "$out/sweep.csv")
  printf '%-9s %12.1f %9s %12.1f\n' "$P" "$(echo "$kb / 1024" | bc -l)" "$secs" "$(echo "$csv / 1000000" | bc -l)"
done
