#!/usr/bin/env bash
# tests/fuzz/run.sh [SECONDS] — build the libFuzzer harnesses (Debian clang +
# libclang-rt-14-dev, ASan + UBSan) and run each for SECONDS (default 60),
# one after another, from seed corpora assembled from the repo's fixtures.
# Exits non-zero on a build failure or on any finding (crash, sanitizer
# report, leak, timeout, out-of-memory); the reproducer is left in the work
# folder ($HS_FUZZ_WORK, default build-fuzz/) and its path is printed.
# Usage notes: tests/fuzz/README.md.
set -euo pipefail
secs=${1:-60}
cd "$(dirname "$0")/../.."
src=$PWD
work=${HS_FUZZ_WORK:-$src/build-fuzz}
targets=${HS_FUZZ_TARGETS:-"config model csv"}
CC=${CC_FUZZ:-clang}
mkdir -p "$work"

FLAGS=(-std=c11 -D_POSIX_C_SOURCE=200809L -g -O1 -fno-omit-frame-pointer
       -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
       -Wall -Wextra -Wshadow -Wconversion -Isrc/core -Isrc/stats -Isrc/model)
parser_src=(src/model/config*.c src/core/inifile.c src/core/cfgval.c src/model/model.c src/core/errs.c
            src/core/fileio.c src/stats/hazard.c src/stats/gsd.c src/stats/testspec.c src/stats/wlr.c src/stats/prior.c)
build() { # build NAME SOURCES... -- LIBS...
    local name=$1; shift
    echo "fuzz: building fuzz_$name"
    "$CC" "${FLAGS[@]}" "$@" -o "$work/fuzz_$name"
}
for t in $targets; do
    case $t in
        config) build config tests/fuzz/fuzz_config.c "${parser_src[@]}" -linih -lgsl -lgslcblas -lm ;;
        model)  build model tests/fuzz/fuzz_model.c "${parser_src[@]}" -linih -lgsl -lgslcblas -lm ;;
        csv)    build csv tests/fuzz/fuzz_csv.c src/core/csvtab.c src/core/fileio.c src/core/errs.c -lcsv -lm ;;
        *) echo "fuzz: unknown target '$t'; expected config, model or csv" >&2; exit 2 ;;
    esac
done

# Seed corpora: the repo's fixtures (good and bad), copied so that new
# inputs libFuzzer finds never land in the source tree.
seed() { # seed NAME FILES...
    local dir=$work/corpus_$1; shift
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/seed_$(echo "$f" | tr '/' '_')"
    done
    return 0
}
shopt -s nullglob globstar
seed config configs/*.ini tests/config/*.ini tests/bad-inputs/**/*.ini
seed model models/*.ini tests/config/models/*.ini tests/bad-inputs/**/models/*.ini
seed csv tests/data/*.csv tests/bad/*.csv tests/bad-inputs/**/*.csv

status=0
for t in $targets; do
    dict=tests/fuzz/$t.dict
    log=$work/fuzz_$t.log
    echo "fuzz: running fuzz_$t for ${secs}s (log $log)"
    # Leaks are findings too; -rss_limit_mb and -timeout catch blow-ups.
    if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$work/fuzz_$t" -max_total_time="$secs" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
        -dict="$dict" -artifact_prefix="$work/${t}_" -print_final_stats=1 \
        "$work/corpus_$t" > "$log" 2>&1; then
        execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
        echo "fuzz: fuzz_$t clean: ${execs:-?} executions in ${secs}s, corpus $(ls "$work/corpus_$t" | wc -l) files"
    else
        echo "fuzz: fuzz_$t FOUND A PROBLEM; see $log"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|artifact_prefix|Test unit written)' "$log" | head -20
        status=1
    fi
done
exit $status
