#!/usr/bin/env bash
# layers.sh — TAP test of the source tree's layers (design.md, "Layers";
# README, "Layout"). Reads the #include "..." graph of src/** and checks:
#   - every .c/.h lives in one of the layer folders, lowest first:
#     core < stats < model < sim < report < cli;
#   - every quoted include names exactly one header in src/** (bare name);
#   - no upward edge: a file includes only headers of its own or a lower layer;
#   - no cycle between modules (x.c and x.h are one module; an edge A -> B
#     when A.c or A.h includes B.h);
#   - mpi.h is included by src/core/par.c only (and by nothing in tests/ or
#     bench/).
# With a build (HS_BUILD, default build/, holding libhs_<layer>.a), also the
# link: every hs_* symbol a layer's library uses is defined in it or below.
# Then the same checks run on a copy of src/ with one defect injected for
# each (a stray file, an unknown header, an upward include, a cycle, a
# second mpi.h), and each must find it: the checker cannot pass vacuously.
# Usage: bash tests/layers.sh [SRC_DIR] (default: the tree's src/; a
# relative SRC_DIR or HS_BUILD is taken from the current folder). It runs no
# binary. Exit status = number of failed tests.
case ${1:-} in "" | /*) src_arg=${1:-} ;; *) src_arg=$PWD/$1 ;; esac
case ${HS_BUILD:-} in "" | /*) ;; *) HS_BUILD=$PWD/$HS_BUILD ;; esac
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
src=${src_arg:-src}
LAYERS="core stats model sim report cli"
diag_lines() { sed 's/^/# /'; } # diag for text on stdin

# files DIR: "PATH" of every .c/.h under DIR, relative to DIR, sorted.
files() { (cd "$1" && find . -type f \( -name '*.c' -o -name '*.h' \) | sed 's|^\./||' | sort); }

# edges DIR: "PATH HEADER" for every #include "HEADER" in DIR.
edges() {
    (cd "$1" && grep -rHE --include='*.[ch]' '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' . |
        sed -n 's|^\./\([^:]*\):[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*|\1 \2|p' | sort -u)
}

# Each check prints one line per problem found, nothing when clean.
stray() { # files outside the layer folders
    files "$1" | awk -v layers="$LAYERS" '
        BEGIN { split(layers, l, " "); for (i in l) ok[l[i]] = 1 }
        { split($0, p, "/"); if (!(p[1] in ok) || split($0, q, "/") != 2) print $0 ": not in a layer folder (" layers ")" }'
}
# Headers that the build generates (not in src/): cmake/srchash.cmake.
GENERATED="srchash.h"
unresolved() { # quoted includes that name no header, or more than one
    { files "$1" | sed 's/^/F /'; edges "$1" | sed 's/^/E /'; } | awk -v gen="$GENERATED" '
        BEGIN { k = split(gen, g, " "); for (i = 1; i <= k; i++) cnt[g[i]] = 1 }
        $1 == "F" { b = $2; sub(/.*\//, "", b); cnt[b]++; next }
        !(cnt[$3] == 1) { print $2 ": #include \"" $3 "\" names " (cnt[$3] + 0) " files in src/ (want exactly one, by bare name)" }'
}
upward() { # includes of a header in a higher layer
    { files "$1" | sed 's/^/F /'; edges "$1" | sed 's/^/E /'; } | awk -v layers="$LAYERS" '
        BEGIN { nl = split(layers, l, " "); for (i = 1; i <= nl; i++) rank[l[i]] = i }
        $1 == "F" { b = $2; sub(/.*\//, "", b); split($2, p, "/"); at[b] = p[1]; next }
        ($3 in at) { split($2, p, "/"); if (rank[at[$3]] > rank[p[1]])
            print $2 " (" p[1] ") includes " $3 " (" at[$3] "): upward edge" }'
}
cycles() { # modules on a cycle: what is left after peeling off, again and
    # again, every module that includes no module still left (Kahn)
    edges "$1" | awk '
        { a = $1; sub(/.*\//, "", a); sub(/\.[ch]$/, "", a); b = $2; sub(/\.h$/, "", b)
          node[a] = 1; node[b] = 1; if (a != b && !((a, b) in e)) { e[a, b] = 1; out[a]++; from[b] = from[b] " " a } }
        END {
            do { changed = 0
                for (v in node) if (!(v in gone) && out[v] + 0 == 0) {
                    gone[v] = 1; changed = 1
                    k = split(from[v], f, " "); for (i = 1; i <= k; i++) out[f[i]]--
                }
            } while (changed)
            for (v in node) if (!(v in gone)) {
                s = ""; for (w in node) if (!(w in gone) && ((v, w) in e)) s = s " " w
                print v ": on an include cycle (includes" s ")"
            }
        }' | sort
}
mpi() { # files that include mpi.h, other than core/par.c (DIR, then extra dirs)
    local d=$1; shift
    { (cd "$d" && grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]mpi\.h[>"]' -r --include='*.[ch]' . |
        sed 's|^\./||' | grep -vx 'core/par.c')
      [ $# -gt 0 ] && grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]mpi\.h[>"]' -r --include='*.[ch]' "$@"
    } | sed 's/$/: includes mpi.h (only src\/core\/par.c may)/'
    return 0
}

checks="stray unresolved upward cycles mpi"
# shellcheck disable=SC2034 # read as ${!what}
{
    what_stray="every source file is in a layer folder ($LAYERS)"
    what_unresolved="every quoted #include names exactly one header in src/"
    what_upward="no upward #include (each layer sees only itself and lower layers)"
    what_cycles="no include cycle between modules"
    what_mpi="mpi.h is included by src/core/par.c only"
}
plan $((2 * 5 + 2))
[ -d "$src/core" ] && [ -f "$src/core/par.c" ]
ok $? "$src/core/par.c exists (run from the source root)"
extra=()
for d in tests bench; do [ -d "$d" ] && extra+=("$d"); done
for c in $checks; do
    what=what_$c
    if [ "$c" = mpi ]; then out=$(mpi "$src" "${extra[@]}"); else out=$($c "$src"); fi
    [ -z "$out" ]
    ok $? "${!what}"
    [ -n "$out" ] && echo "$out" | diag_lines
done

# The link: hs_* symbols each library needs, against those it and the
# libraries below define (catches a call upward through a local prototype).
build=${HS_BUILD:-build}
if [ -f "$build/libhs_core.a" ] && command -v nm > /dev/null; then
    below=
    out=
    for l in $LAYERS; do
        below="$below $build/libhs_$l.a"
        [ -f "$build/libhs_$l.a" ] || { out="$out$build/libhs_$l.a: missing"$'\n'; continue; }
        # shellcheck disable=SC2086
        out="$out$(comm -23 <(nm -g --undefined-only "$build/libhs_$l.a" | awk '$NF ~ /^hs_/ { print $NF }' | sort -u) \
            <(nm -g --defined-only $below 2> /dev/null | awk 'NF == 3 { print $3 }' | sort -u) |
            sed "s/^/libhs_$l.a needs /; s/\$/ from a higher layer/")"
    done
    out=$(echo "$out" | sed '/^$/d')
    [ -z "$out" ]
    ok $? "every library links only downward (hs_* symbols of $build/libhs_*.a)"
    [ -n "$out" ] && echo "$out" | diag_lines
else
    skip "no libraries in $build (set HS_BUILD)"
fi

# The checker on a copy of src/ with one defect of each kind injected.
bad=$tmp/src
cp -R "$src" "$bad"
echo 'int hs_stray;' > "$bad/stray.c"                       # stray
printf '#include "no_such_header.h"\n' >> "$bad/core/errs.c" # unresolved
printf '#include "scenario.h"\n' >> "$bad/stats/km.c"        # upward (stats -> sim)
printf '#include "cycb.h"\n' > "$bad/core/cyca.h"            # cycle cyca <-> cycb
printf '#include "cyca.h"\n' > "$bad/core/cycb.h"
printf '#include <mpi.h>\n' >> "$bad/core/rng.c"             # mpi
for c in $checks; do
    what=what_$c
    out=$($c "$bad")
    [ -n "$out" ]
    ok $? "the check \"${!what}\" finds the defect injected into a copy of src/"
    echo "$out" | diag_lines
done
finish
