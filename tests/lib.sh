# shellcheck shell=bash
# tests/lib.sh — shared TAP helpers, sourced (never run) by every tests/*.sh:
#     . "$(dirname "$0")/lib.sh"
#     plan 12            # prints 1..12
#     ok $? "what held"  # ok STATUS DESC: status 0 = ok, else not ok
#     skip "why"         # one skipped check (counts towards the plan)
#     skip_all "why"     # prints 1..0 # SKIP why, exit 0: only when the
#                        # environment truly lacks something (no mpirun...)
#     finish             # exit status = failures (capped at 254), and
#                        # nonzero when the checks run != the plan
# It also sets up:
#   HS_SRC   the source root (the folder above tests/); the script runs there
#   HIFUSIM  the binary under test (default build/hifusim), as an absolute path
#   tmp      a fresh temporary folder, removed at exit (at_exit CMD adds
#            cleanup that runs first, e.g. killing background jobs)
#   the MPI environment: mpirun as root allowed, oversubscription on.
# A script that ends without calling finish (an early `exit`, an error)
# exits nonzero from the EXIT trap, so ctest and prove cannot miss it.
# bash only (arrays, BASH_SOURCE).

set -u
HS_SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# relative to the caller's folder, then the script runs in the source root
HIFUSIM=${HIFUSIM:-$HS_SRC/build/hifusim}
case $HIFUSIM in
    /*) ;;
    */*) HIFUSIM=$PWD/$HIFUSIM ;;
    *) HIFUSIM=$(command -v "$HIFUSIM" || echo "$PWD/$HIFUSIM") ;;
esac
export HIFUSIM
cd "$HS_SRC" || exit 1

export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_rmaps_base_oversubscribe=1

tmp=$(mktemp -d "${TMPDIR:-/tmp}/hs-test.XXXXXX")
hs_n=0          # checks run
hs_fails=0      # checks failed
hs_planned=""   # the plan, once printed
hs_done=0       # 1 after finish or skip_all
hs_at_exit=()   # cleanup commands (strings, run with eval, last added first)

at_exit() { hs_at_exit+=("$*"); }

hs_exit_trap() {
    local rc=$? i
    for ((i = ${#hs_at_exit[@]} - 1; i >= 0; i--)); do eval "${hs_at_exit[$i]}" || true; done
    chmod -R u+rwx "$tmp" 2> /dev/null
    rm -rf "$tmp"
    if [ "$hs_done" -eq 0 ]; then
        echo "# the script ended (status $rc) before finish: $hs_n checks run, $hs_fails failed, plan ${hs_planned:-none}"
        [ "$rc" -eq 0 ] && rc=1
        exit "$rc"
    fi
}
trap hs_exit_trap EXIT

plan() { # plan N
    hs_planned=$1
    echo "1..$1"
}

ok() { # ok STATUS DESC
    hs_n=$((hs_n + 1))
    if [ "$1" -eq 0 ] 2> /dev/null; then
        echo "ok $hs_n - $2"
    else
        echo "not ok $hs_n - $2"
        hs_fails=$((hs_fails + 1))
    fi
}

skip() { # skip REASON: one check skipped
    hs_n=$((hs_n + 1))
    echo "ok $hs_n # skip $1"
}

diag() { echo "# $*"; }

skip_all() { # skip_all REASON: before plan only
    echo "1..0 # SKIP $1"
    hs_done=1
    exit 0
}

# finish: the exit status is the number of failures (at most 254); a plan
# that does not match the checks run counts as one more failure.
finish() {
    local st=$hs_fails
    if [ -z "$hs_planned" ]; then
        echo "# no plan was printed"
        st=$((st + 1))
    elif [ "$hs_n" -ne "$hs_planned" ]; then
        echo "# ran $hs_n checks, planned $hs_planned"
        st=$((st + 1))
    fi
    [ "$st" -gt 254 ] && st=254
    hs_done=1
    exit "$st"
}
