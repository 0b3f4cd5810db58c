#!/usr/bin/env bash
# assurance_sim.sh — TAP validation of assurance (issue 16, "Validation";
# design.md "Assurance") against Schoenfeld's approximation, and sigma -> 0.
#
# Analytic: exponential control (median 12), experimental arm `reference`
# with `hr`, event-driven analysis at D events, one-sided alpha 0.025, and
# `[prior] arm.exp.hr = lognormal:MU,SIGMA` (normal N(MU, SIGMA^2) on log HR).
# With k = r / (1 + r)^2 for allocation ratio r (experimental:control),
#   power(MU)        = Phi(-MU sqrt(D k) - z_0.975)                 (Schoenfeld)
#   assurance(MU, S) = Phi((-MU sqrt(D k) - z_0.975) / sqrt(1 + S^2 D k))
# (the normal prior integrated against the normal approximation of the log-rank
# statistic; O'Hagan, Stevens & Campbell 2005). For each (MU, SIGMA, D, r) the
# simulated assurance must lie within 3 MC SE + e0 of the formula, where e0 =
# |simulated power - Schoenfeld power| at SIGMA = 0 (`fixed:exp(MU)`) on the
# same design: the approximation's own error. Each case also checks that the
# formula's assurance differs from the point power by more than that
# tolerance, so a run that ignored the prior would fail.
#
# sigma -> 0: `fixed:V` gives power.csv, km_bands.csv and estimates.csv
# byte-identical to the plain run with the key --set to V, for an hr, an
# inline median, a cure, a COV.LEVEL effect and design.dropout; a tiny
# sigma (1e-6) gives power within 3 MC SE of the plain run.
# HIFUSIM = path of the binary (default build/hifusim). Run from the source root.
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
if [ -n "${ASAN_OPTIONS:-}" ] && "$HIFUSIM" --version > /dev/null 2>&1; then
    skip_all "4 x 10^4-replicate statistics under AddressSanitizer (run by make test)"
fi
R=40000

# design D ALLOC_EXP: the analytic design (n = 2.5 D, so the D-th event comes
# well before everyone has died)
design() {
    cat << EOF
[run]
name = assurance-sim
seed = 16016
replicates = $R
[arm ctl]
family = exponential
median = 12
[arm exp]
reference = ctl
hr = 0.7
allocation = $2
[design]
control = ctl
experimental = exp
n = $(($1 * 5 / 2))
accrual = 12
analysis = events:$1
alpha = 0.025
sides = 1
grid = 0:24:6
[analysis]
outputs = power
EOF
}

# power_of DIR: power and power_se of the first scenario of DIR/power.csv
power_of() { awk -F, 'NR == 2 { print $5, $6 }' "$1/power.csv"; }
# todo STATUS DESC: a TAP TODO check (a known gap: reported, not counted as a failure)
todo() {
    hs_n=$((hs_n + 1))
    if [ "$1" -eq 0 ]; then echo "ok $hs_n - $2 # TODO"; else echo "not ok $hs_n - $2 # TODO"; fi
}

plan 42
[ -x "$HIFUSIM" ]; ok $? "binary $HIFUSIM exists"

# --- analytic: Schoenfeld ---------------------------------------------------
# MU SIGMA D R(allocation of exp; control 1)
cases="-0.356675 0.2 200 1
-0.223144 0.3 400 1
-0.510826 0.4 100 1
-0.287682 0.25 240 2"
i=0
while read -r mu sigma d r; do
    i=$((i + 1))
    cfg="$tmp/an$i.ini"
    design "$d" "$r" > "$cfg"
    { echo "[prior]"; echo "arm.exp.hr = lognormal:$mu,$sigma"; } >> "$cfg"
    fixed=$(awk -v m="$mu" 'BEGIN { printf "%.17g", exp(m) }')
    "$HIFUSIM" run "$cfg" --out "$tmp/an$i" --quiet --no-report > /dev/null 2> "$tmp/err" \
        && "$HIFUSIM" run "$cfg" --out "$tmp/an${i}f" --quiet --no-report \
            --set "prior.arm.exp.hr=fixed:$fixed" > /dev/null 2> "$tmp/err"
    ok $? "case $i (MU $mu, SIGMA $sigma, D $d, r $r): prior run and fixed:exp(MU) run exit 0"
    read -r a ase < <(power_of "$tmp/an$i")
    read -r p pse < <(power_of "$tmp/an${i}f")
    python3 -c "
from statistics import NormalDist
import math, sys
N = NormalDist()
mu, s, d, r = $mu, $sigma, $d, $r
a, ase, p = $a, $ase, $p
k = d * r / (1 + r) ** 2
z = N.inv_cdf(0.975)
sp = N.cdf(-mu * math.sqrt(k) - z)
sa = N.cdf((-mu * math.sqrt(k) - z) / math.sqrt(1 + s * s * k))
e0 = abs(p - sp)
tol = 3 * ase + e0
print('# case $i: simulated assurance %.4f (SE %.4f), Schoenfeld %.4f, |diff| %.4f, tolerance %.4f' % (a, ase, sa, abs(a - sa), tol))
print('# case $i: at SIGMA 0 simulated power %.4f (SE %.4f), Schoenfeld %.4f: approximation error %.4f' % (p, $pse, sp, e0))
open('$tmp/an$i.chk', 'w').write('%d %d\n' % (abs(a - sa) <= tol, abs(sa - sp) > tol))
"
    read -r within apart < "$tmp/an$i.chk"
    [ "$within" = 1 ]; ok $? "case $i: simulated assurance = Schoenfeld within 3 MC SE + its error at SIGMA 0"
    [ "$apart" = 1 ]; ok $? "case $i: Schoenfeld assurance and point power differ by more than the tolerance"
    grep -q '"assurance": true' "$tmp/an$i/summary.json"; ok $? "case $i: summary.json says assurance"
done <<< "$cases"

# --- sigma -> 0: fixed:V = the plain run, byte for byte -----------------------
# A small design with a covariate, a cure model on the control arm (inline),
# an exponential inline arm for the median, dropout: every key kind the brief
# lists. Full outputs (km_bands, estimates).
cat > "$tmp/s0.ini" << 'EOF'
[run]
name = sigma0
seed = 5151
replicates = 400
[cohort]
x = a:0.6, b:0.4
[arm ctl]
family = exponential
median = 14
cure = 0.1
x.b = 0.4
[arm exp]
reference = ctl
hr = 0.7
[design]
control = ctl
experimental = exp
n = 160
accrual = 12
dropout = 0.05
analysis = events:80
alpha = 0.025
sides = 1
grid = 0:36:6
landmarks = 12, 24
tau = 24
EOF
three="power.csv km_bands.csv estimates.csv"
# KEY VALUE: --set design.X=V or arm.A.X=V in the plain run, the prior fixed:V
while read -r key val; do
    "$HIFUSIM" run "$tmp/s0.ini" --out "$tmp/plain_$key" --quiet --no-report --set "$key=$val" \
        > /dev/null 2> "$tmp/err" || diag "plain run $key=$val: $(cat "$tmp/err")"
    "$HIFUSIM" run "$tmp/s0.ini" --out "$tmp/fixed_$key" --quiet --no-report --set "prior.$key=fixed:$val" \
        > /dev/null 2> "$tmp/err" || diag "fixed run $key: $(cat "$tmp/err")"
    r=0
    for f in $three; do
        [ -s "$tmp/plain_$key/$f" ] && cmp -s "$tmp/plain_$key/$f" "$tmp/fixed_$key/$f" || { r=1; diag "$key: $f differs or is missing"; }
    done
    ok $r "fixed:$val on $key: $three byte-identical to --set $key=$val"
done << 'EOF'
arm.exp.hr 0.55
arm.ctl.median 17.5
arm.ctl.cure 0.2
arm.ctl.x.b 0.9
design.dropout 0.15
EOF
# the changed value matters: the plain runs differ from the config's own
"$HIFUSIM" run "$tmp/s0.ini" --out "$tmp/plain" --quiet --no-report > /dev/null 2> "$tmp/err"
n=0
for key in arm.exp.hr arm.ctl.median arm.ctl.cure arm.ctl.x.b design.dropout; do
    cmp -s "$tmp/plain/km_bands.csv" "$tmp/plain_$key/km_bands.csv" || n=$((n + 1))
done
[ $n -eq 5 ]; ok $? "each --set value changes km_bands.csv (so the identity is not vacuous): $n of 5"

# tiny sigma: within 3 MC SE of the plain run
"$HIFUSIM" run "$tmp/s0.ini" --out "$tmp/tiny" --quiet --no-report --replicates 4000 \
    --set "prior.arm.exp.hr=lognormal:-0.356675,1e-6" > /dev/null 2> "$tmp/err"
"$HIFUSIM" run "$tmp/s0.ini" --out "$tmp/tinyp" --quiet --no-report --replicates 4000 \
    > /dev/null 2> "$tmp/err"
read -r a ase < <(power_of "$tmp/tiny")
read -r p pse < <(power_of "$tmp/tinyp")
diag "lognormal:log(0.7),1e-6: assurance $a (SE $ase); plain hr 0.7: power $p (SE $pse)"
awk -v a="$a" -v p="$p" -v s="$pse" 'BEGIN { d = a - p; exit !(d <= 3 * s && -d <= 3 * s) }'
ok $? "tiny sigma (1e-6): assurance within 3 MC SE of the plain run's power"
"$HIFUSIM" run "$tmp/s0.ini" --out "$tmp/tinym" --quiet --no-report --replicates 4000 \
    --set "prior.arm.ctl.median=normal:14,1e-6" > /dev/null 2> "$tmp/err"
read -r a ase < <(power_of "$tmp/tinym")
diag "normal:14,1e-6 on the median: assurance $a (SE $ase); plain: power $p"
awk -v a="$a" -v p="$p" -v s="$pse" 'BEGIN { d = a - p; exit !(d <= 3 * s && -d <= 3 * s) }'
ok $? "tiny sigma (1e-6) on an inline median: within 3 MC SE of the plain run"
# the prior runs keep the plain run's patients: with SD 1e-6 almost every
# replicate decides as the plain one (common random numbers)
"$HIFUSIM" run "$tmp/s0.ini" --out "$tmp/tiny4" --quiet --no-report --replicates 4000 \
    --set "prior.arm.exp.hr=fixed:0.7" > /dev/null 2> "$tmp/err"
cmp -s "$tmp/tiny4/power.csv" "$tmp/tinyp/power.csv"
ok $? "fixed:0.7 at 4000 replicates: power.csv byte-identical to the plain run"

# --- a hostile user -----------------------------------------------------------
# Absurd priors, and priors with every other feature. h.ini: inline
# exponential arms, 200 patients, 120 events.
cat > "$tmp/h.ini" << 'EOF'
[run]
name = hostile
seed = 3
replicates = 1000
[arm ctl]
family = exponential
median = 12
[arm exp]
reference = ctl
hr = 0.7
[design]
control = ctl
experimental = exp
n = 200
accrual = 12
dropout = 0.05
analysis = events:120
alpha = 0.025
sides = 1
grid = 0:36:6
landmarks = 12
tau = 24
[plan]
target_power = 0.6
n_min = 100
n_max = 600
replicates_coarse = 300
replicates_fine = 1000
EOF
h() { # h OUT ARGS...: run h.ini into $tmp/OUT
    local out=$1
    shift
    "$HIFUSIM" run "$tmp/h.ini" --out "$tmp/$out" --quiet --no-report "$@" > /dev/null 2> "$tmp/err" \
        || { diag "run $out $*: $(head -c 300 "$tmp/err")"; return 1; }
}
rej() { awk -F, 'FNR == 2 { print $4 }' "$1/power.csv"; }
jsonok() { python3 -c "import json, sys; json.load(open(sys.argv[1]))" "$1/summary.json" 2> /dev/null; }
jget() { python3 -c "import json, sys; print(json.load(open(sys.argv[1]))['scenarios'][0][sys.argv[2]])" "$1/summary.json" "$2"; }
near() { # near A B SE: |A - B| <= 3 SE
    awk -v a="$1" -v b="$2" -v s="$3" 'BEGIN { d = a - b; exit !(d <= 3 * s && -d <= 3 * s) }'
}
# in_range DIR KEY LO HI: every drawn value of KEY in [LO, HI] as prior_power.csv
# prints it (10 digits: 1 - 1e-16 prints as 1; test_priordraw checks the open end)
in_range() {
    awk -F, -v k="$2" -v lo="$3" -v hi="$4" 'NR > 1 && $1 == k { n++; if (!($3 >= lo && $4 <= hi)) bad++ }
        END { exit !(n > 0 && bad == 0) }' "$1/prior_power.csv"
}
h plain
read -r p pse < <(power_of "$tmp/plain")

# gamma with a huge shape (SD ~ 1e-6 of the mean): the plain run within 3 SE
a=NA q=NA
h gam --set "prior.arm.exp.hr=gamma:1e6,1.4e6" && h gamp --set arm.exp.hr=0.714285714285714 \
    && read -r a ase < <(power_of "$tmp/gam") && read -r q qse < <(power_of "$tmp/gamp") && near "$a" "$q" "$qse"
ok $? "hr = gamma:1e6,1.4e6 (mean 1/1.4, SD 7e-4): assurance $a = plain power $q at hr 1/1.4 within 3 SE"
a=NA q=NA
h gacc --set "prior.design.accrual=gamma:1e6,5e4" && h gaccp --set design.accrual=20 \
    && read -r a ase < <(power_of "$tmp/gacc") && read -r q qse < <(power_of "$tmp/gaccp") && near "$a" "$q" "$qse"
ok $? "accrual = gamma:1e6,5e4 (mean 20, SD 0.02): assurance $a = plain power $q at accrual 20 within 3 SE"
# beta near (0, 0) on cure: half the draws ~0, half ~1 (kept below 1)
h beta --set "prior.arm.ctl.cure=beta:0.01,0.01" && h beta1 --set arm.ctl.cure=0.99999 \
    && in_range "$tmp/beta" arm.ctl.cure 0 1 && jsonok "$tmp/beta"
ok $? "cure = beta:0.01,0.01: runs, every draw in [0, 1] as printed, summary.json valid JSON"
read -r a ase < <(power_of "$tmp/beta")
read -r q qse < <(power_of "$tmp/beta1")
mix=$(awk -v p="$p" -v q="$q" 'BEGIN { printf "%.6f", (p + q) / 2 }')
msd=$(awk -v m="$mix" 'BEGIN { printf "%.6f", sqrt(m * (1 - m) / 1000) }')
near "$a" "$mix" "$msd"
ok $? "cure = beta:0.01,0.01: assurance $a = (power at cure 0: $p + at cure ~1: $q) / 2 = $mix within 3 SE"
# uniform over the whole range
h unic --set "prior.arm.ctl.cure=uniform:0,1" && in_range "$tmp/unic" arm.ctl.cure 0 1 && jsonok "$tmp/unic"
ok $? "cure = uniform:0,1 (the whole range [0, 1)): runs, draws in [0, 1] as printed, valid JSON"
h unid --set "prior.design.dropout=uniform:0,1" && in_range "$tmp/unid" design.dropout 0 1 && jsonok "$tmp/unid"
ok $? "design.dropout = uniform:0,1: runs, draws in [0, 1] as printed, valid JSON"
h unih --set "prior.arm.exp.hr=uniform:1e8,1e9" && jsonok "$tmp/unih" && [ "$(rej "$tmp/unih")" = 0 ] \
    && [ "$(jget "$tmp/unih" assurance_ceiling)" = 0.0 ]
ok $? "hr = uniform:1e8,1e9: assurance 0, ceiling 0, valid JSON"
h wide --set "prior.arm.exp.hr=lognormal:0,30"
read -r a ase < <(power_of "$tmp/wide")
c=$(jget "$tmp/wide" assurance_ceiling)
near "$a" "$c" "$ase" && awk -v c="$c" 'BEGIN { exit !(c > 0.45 && c < 0.55) }'
ok $? "hr = lognormal:0,30: assurance $a = ceiling $c (~1/2) within 3 SE (every HR ~0 or ~inf)"

# the conditional power is the plain run's power on the same patients
P="prior.arm.exp.hr=lognormal:-0.356675,0.2"
h cond --set "$P" --also-conditional
cr=$(jget "$tmp/cond" conditional_rejections)
[ "$cr" = "$(rej "$tmp/plain")" ]; ok $? "--also-conditional: conditional rejections $cr = the plain run's $(rej "$tmp/plain")"
# + group-sequential looks
G=(--set "design.looks=info:0.5" --set design.efficacy=asof)
h gsd --set "$P" --also-conditional "${G[@]}" && h gsdp "${G[@]}" && [ -s "$tmp/gsd/stages.csv" ] \
    && [ "$(jget "$tmp/gsd" conditional_rejections)" = "$(rej "$tmp/gsdp")" ] \
    && [ "$(awk -F, 'END { print $12 }' "$tmp/gsd/stages.csv")" = "$(awk -F, 'FNR == 2 { print $5 }' "$tmp/gsd/power.csv")" ]
ok $? "with looks: stages.csv's final reject_cum = the assurance; conditional = the plain GSD run's rejections"
# + also_test
h alsot --set "$P" --set "design.also_test=fh:0,1" && h alsof --set "prior.arm.exp.hr=fixed:0.7" --set "design.also_test=fh:0,1" \
    && h alsop --set "design.also_test=fh:0,1" && cmp -s "$tmp/alsof/tests.csv" "$tmp/alsop/tests.csv" \
    && [ "$(awk -F, '$2 == "logrank" { print $3 }' "$tmp/alsot/tests.csv")" = "$(rej "$tmp/alsot")" ]
ok $? "with also_test: tests.csv's logrank row = the assurance; fixed:0.7 gives the plain tests.csv byte for byte"
# + outputs = power
h lean --set "$P" --also-conditional --set analysis.outputs=power \
    && cmp -s "$tmp/lean/prior_power.csv" "$tmp/cond/prior_power.csv" && [ "$(rej "$tmp/lean")" = "$(rej "$tmp/cond")" ] \
    && [ "$(jget "$tmp/lean" conditional_rejections)" = "$cr" ]
ok $? "outputs = power: the same assurance, conditional power and prior_power.csv as the full run"
# + an N grid: each N's row is the single-N run's; the same draws at every N
h grid --set "$P" --set "design.n=150, 200" && h grid1 --set "$P" \
    && [ "$(awk -F, 'FNR == 3 { $1 = ""; print }' "$tmp/grid/power.csv")" = "$(awk -F, 'FNR == 2 { $1 = ""; print }' "$tmp/grid1/power.csv")" ] \
    && [ "$(awk -F, '$1 == "arm.exp.hr" && $8 == 0 { print $2, $3, $4, $5 }' "$tmp/grid/prior_power.csv")" \
        = "$(awk -F, '$1 == "arm.exp.hr" && $8 == 1 { print $2, $3, $4, $5 }' "$tmp/grid/prior_power.csv")" ]
ok $? "N grid 150, 200: the N = 200 row = the single-N run's; both N draw the same hr values (bins equal)"
# + sweep: the base point is the run's assurance
cp "$tmp/h.ini" "$tmp/hs.ini"
printf '%s\n' "[sweep]" "axis.alpha = design.alpha : 0.025 | 0.05" "[prior]" "arm.exp.hr = lognormal:-0.356675,0.2" >> "$tmp/hs.ini"
"$HIFUSIM" sweep "$tmp/hs.ini" --out "$tmp/sw" --quiet --no-report > /dev/null 2> "$tmp/err" \
    && [ "$(awk -F, 'NR == 2 { print $7 }' "$tmp/sw/sweep.csv")" = "$(rej "$tmp/cond")" ]
ok $? "sweep with a prior: the base point's rejections = the run's assurance rejections"
grep -q '"assurance": true' "$tmp/sw/summary.json" && [ -s "$tmp/sw/prior_power.csv" ]
todo $? "sweep with a prior says so: summary.json \"assurance\": true and prior_power.csv (not yet: sweep.csv's power is an unlabelled assurance)"
# + plan
"$HIFUSIM" plan "$tmp/h.ini" --out "$tmp/pl" --quiet --no-report --also-conditional \
    --set "prior.arm.exp.hr=lognormal:-0.356675,0.2" > /dev/null 2> "$tmp/err"
python3 -c "
import json, sys
from statistics import NormalDist
p = json.load(open(sys.argv[1]))
want = NormalDist().cdf(0.356675 / 0.2)
c, se = p['assurance_ceiling'], p['assurance_ceiling_se']
t = p['targets'][0]
print('# plan: ceiling %.4f (SE %.4f), Phi(-MU/SIGMA) %.4f; N %s, assurance %s, conditional %s'
      % (c, se, want, t['recommended_n'], t['power'], t['conditional_power']))
assert p['assurance'] is True and abs(c - want) <= 4 * se and t['reached'] and t['conditional_power'] > t['power']
" "$tmp/pl/plan.json"
ok $? "plan with a prior: plan.json says assurance, ceiling = Phi(-MU/SIGMA) within 4 SE, target reached, conditional > assurance"

finish
