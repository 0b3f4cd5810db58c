#!/bin/sh
# Install every Debian package hifusim needs to build, run and test.
# Usage: sh scripts/install-deps.sh [--with-tests]
# Runs apt-get only for what is missing; uses sudo when not root.
set -eu

BUILD="build-essential cmake pkg-config perl git
       libopenmpi-dev openmpi-bin libgsl-dev libinih-dev libjansson-dev libcsv-dev
       gnuplot-nox"
# For the tests only: a real single-node Slurm, a headless browser for the
# report test, memory checkers and the fuzzers.
TESTS="valgrind clang libclang-rt-14-dev
       slurmctld slurmd slurm-client munge libpmix-dev
       chromium python3 procps shellcheck strace"

pkgs=$BUILD
[ "${1:-}" = "--with-tests" ] && pkgs="$pkgs $TESTS"

missing=""
for p in $pkgs; do
    st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    case "$st" in
        *"install ok installed"*) ;;
        *) missing="$missing $p" ;;
    esac
done

[ -z "$missing" ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
