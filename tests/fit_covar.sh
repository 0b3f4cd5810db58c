#!/usr/bin/env bash
# fit_covar.sh — TAP tests of the [covariance] that `hifusim fit` writes.
# Landmarks: an exactly identified calibration (piecewise, one piece per
# target) with --n 64; pushing the written covariance back through
# S(t_j; theta) = exp(-sum_k rate_k overlap_k(t_j)) by the delta method,
# SE_j = S_j sqrt(g' C g), g_k = rate_k overlap_k(t_j), must give the
# binomial sqrt(S_j (1 - S_j) / N) within 1e-4 relative at every landmark
# (the median too), and with --n-at-risk Peto's sqrt(S^2 (1 - S) / n_j)
# there. --ipd: the written variances are the squared SEs of --json (1e-12
# relative). Without --n no [covariance]; bad --n / --n-at-risk exit 2 and
# write nothing.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

# delta FILE T S N [NRISK]: "ok" if the delta-method SE of S(T) from FILE's
# piecewise rates and [covariance] matches the binomial (or Peto, with
# NRISK) SE within 1e-4 relative, else the two numbers.
delta() {
    awk -v T="$2" -v S="$3" -v N="$4" -v NRISK="${5:-0}" '
    /^rates = / { v = $0; sub(/^rates = /, "", v); np = split(v, pc, /, */)
                  for (k = 1; k <= np; k++) { split(pc[k], q, ":"); cut[k] = q[1] + 0; rate[k] = q[2] + 0 } }
    /^\[covariance\]/ { incov = 1 }
    incov && /^c[0-9]+\.[0-9]+ = / { split($1, ij, /[c.]/); C[ij[2], ij[3]] = $3 + 0; C[ij[3], ij[2]] = $3 + 0 }
    END {
        s = 0
        for (k = 1; k <= np; k++) {
            hi = k < np ? cut[k + 1] : 1e300; lo = cut[k]
            ov = (T < hi ? T : hi) - lo; if (ov < 0) ov = 0
            g[k] = rate[k] * ov; s += g[k]
        }
        Sm = exp(-s); var = 0
        for (a = 1; a <= np; a++) for (b = 1; b <= np; b++) var += g[a] * C[a, b] * g[b]
        se = Sm * sqrt(var)
        want = NRISK > 0 ? sqrt(S * S * (1 - S) / NRISK) : sqrt(S * (1 - S) / N)
        d = se - want; if (d < 0) d = -d
        if (d <= 1e-4 * want) print "ok"; else printf "got %.10g want %.10g\n", se, want
    }' "$1"
}

plan 18
[ -x "$HIFUSIM" ]; ok $? "binary $HIFUSIM exists"

m="$tmp/lm.ini"
"$HIFUSIM" fit --landmarks 12:0.8,24:0.6,36:0.45 --median 30 --family piecewise --n 64 --out "$m" > "$tmp/lm.out"
ok $? "fit --landmarks --n 64 exits 0"
grep -q '^method = landmarks$' "$m" && grep -q '^n = 64$' "$m" && grep -q '^p4 = log(rate:30)$' "$m"
ok $? "[covariance]: method = landmarks, n = 64, p4 = log(rate:30)"
for ts in 12:0.8 24:0.6 30:0.5 36:0.45; do
    r=$(delta "$m" "${ts%%:*}" "${ts##*:}" 64)
    [ "$r" = ok ]; ok $? "landmark $ts: delta-method SE = sqrt(S(1-S)/64) ($r)"
done
grep -q '^log(rate:12) .*[0-9]' "$tmp/lm.out" && grep -q 'se(S)' "$tmp/lm.out"
ok $? "the output prints se(S) and the parameters' SEs"

m2="$tmp/peto.ini"
"$HIFUSIM" fit --landmarks 12:0.8,24:0.6,36:0.45 --family piecewise --n 64 --n-at-risk 24:40,36:25 \
    --out "$m2" > /dev/null
ok $? "fit --landmarks --n 64 --n-at-risk 24:40,36:25 exits 0"
r1=$(delta "$m2" 12 0.8 64); r2=$(delta "$m2" 24 0.6 64 40); r3=$(delta "$m2" 36 0.45 64 25)
[ "$r1" = ok ]; ok $? "Peto: 12 months (no number at risk) binomial ($r1)"
[ "$r2" = ok ] && [ "$r3" = ok ]; ok $? "Peto: sqrt(S^2(1-S)/n) at 24 (n 40) and 36 (n 25) ($r2; $r3)"

"$HIFUSIM" fit --landmarks 12:0.8,24:0.6,36:0.45 --family piecewise --out "$tmp/plain.ini" > /dev/null &&
    ! grep -q '^\[covariance\]' "$tmp/plain.ini"
ok $? "without --n: no [covariance]"

"$HIFUSIM" fit --landmarks 12:0.8,24:0.6 --family piecewise --n 64 --n-at-risk 18:30 --out "$tmp/x.ini" \
    > "$tmp/x.out" 2> "$tmp/x.err"
[ $? -eq 2 ] && [ ! -e "$tmp/x.ini" ] && grep -q '^--n-at-risk: time 18 is not a landmark' "$tmp/x.err"
ok $? "--n-at-risk at a time that is no landmark: exit 2, nothing written"
"$HIFUSIM" fit --landmarks 12:0.8,24:0.6 --family piecewise --n 0 --out "$tmp/x.ini" > /dev/null 2> "$tmp/x.err"
[ $? -eq 2 ] && [ ! -e "$tmp/x.ini" ] && grep -q '^--n: ' "$tmp/x.err"
ok $? "--n 0: exit 2, nothing written"
"$HIFUSIM" fit --ipd tests/data/fit_weibull.csv --time time --event status --family weibull --n 64 \
    --out "$tmp/x.ini" > /dev/null 2> "$tmp/x.err"
[ $? -eq 2 ] && [ ! -e "$tmp/x.ini" ] && grep -q '^--n: only with --landmarks' "$tmp/x.err"
ok $? "--n with --ipd: exit 2"

"$HIFUSIM" fit --ipd tests/data/fit_weibull.csv --time time --event status --covariate g:factor \
    --covariate x1 --family weibull --out "$tmp/ipd.ini" --json "$tmp/ipd.json" > /dev/null
ok $? "fit --ipd weibull with a factor and a numeric covariate exits 0"
grep -q '^p3 = g\.1$' "$tmp/ipd.ini" && ! grep -q '^p4' "$tmp/ipd.ini" && grep -q '^n = 300$' "$tmp/ipd.ini"
ok $? "--ipd [covariance]: log(shape), log(scale), g.1 (numeric x1 left out), n = 300"
# se[] of --json in fit order: log(shape), log(scale), g.1, x1
se=$(awk '/"se":/ { on = 1; next } on && /\]/ { exit } on { gsub(/[ ,]/, ""); printf "%s ", $0 }' "$tmp/ipd.json")
awk -v se="$se" '/^c1\.1 = / { v[1] = $3 } /^c2\.2 = / { v[2] = $3 } /^c3\.3 = / { v[3] = $3 }
    END { split(se, s, " "); bad = 0
          for (i = 1; i <= 3; i++) { d = sqrt(v[i]) - s[i]; if (d < 0) d = -d; if (!(d <= 1e-12 * s[i])) bad = 1 }
          exit bad }' "$tmp/ipd.ini"
ok $? "--ipd: sqrt(cI.I) = the JSON se of p1..p3 within 1e-12 relative ($se)"
finish
