#!/bin/sh
# make_models.sh — regenerate hifu_chemo.ini and chemo_alone.ini with
# `hifusim fit --landmarks` (sources and assumptions: models/README.md).
# Usage: sh models/make_models.sh [HIFUSIM]   (from the repository root)
# --n writes [covariance]: the landmarks' binomial SEs through the calibration
# (the uncertainty `[prior] from_fit` draws from). N is each source's cohort:
# 64 patients (Wang et al. 2025, ../shared/reference/000_cc81be9555d241ef.txt;
# clinical-parameters.md) and 59 (CLOCC chemotherapy arm, clinical-parameters.md).
set -eu
H=${1:-build/hifusim}
# Log hazard ratios (PH), the same in both arms (ASSUMPTION: no interaction with treatment).
E="--effect mets.2-3=0.3365 --effect mets.4+=0.6152 --effect line.2=0.3365 --effect line.3+=1.0647
   --effect kras.mut=0.6152 --effect ecog.1=0.3221 --effect ecog.2=0.7793 --effect side.right=0.2927
   --effect size.ge3=0.4055"
"$H" fit --landmarks 12:1.00,24:0.933,36:0.72 --median 52 --family piecewise \
    --cohort models/calibration_cohort.ini $E \
    --source "Wang et al. Int J Hyperthermia 2025 doi 10.1080/02656736.2025.2519344" \
    --n 64 --n-source "64 patients, the whole retrospective HIFU cohort (Wang et al. 2025, abstract)" \
    --out models/hifu_chemo.ini
"$H" fit --landmarks 36:0.552,60:0.303,96:0.089 --median 40.5 --family piecewise \
    --cohort models/calibration_cohort.ini $E \
    --source "CLOCC chemo arm doi 10.1093/jnci/djx015" \
    --n 59 --n-source "59 patients, the CLOCC chemotherapy-alone arm (Ruers et al. JNCI 2017)" \
    --out models/chemo_alone.ini
