# rpact_reference.R — the validation.md reference design through rpact::getSimulationSurvival,
# timed, for bench/run.sh: exponential control (median 30 months), HR 0.6, 240
# patients, 24 months of uniform accrual, analysis at the 120th event, one-sided
# alpha 0.025 (directionUpper = FALSE: benefit means HR < 1). rpact computes the
# log-rank test only: the work of hifusim's `outputs = power`.
# REPS repetitions of REPLICATES trials in this one R process (the first also
# loads what rpact loads lazily: a short warm-up run precedes them), timed in
# this process's CPU time (user + system, as bench_trial's thread CPU time);
# the minimum and the median are printed.
# usage: Rscript bench/rpact_reference.R [REPLICATES [REPS]]   (default 2000 3)
suppressMessages(library(rpact))
args <- commandArgs(trailingOnly = TRUE)
R <- if (length(args) >= 1) as.integer(args[1]) else 2000L
reps <- if (length(args) >= 2) as.integer(args[2]) else 3L
d <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)
sim1 <- function(n) getSimulationSurvival(design = d, lambda2 = log(2) / 30, hazardRatio = 0.6,
    plannedEvents = 120, maxNumberOfSubjects = 240, accrualTime = 24,
    maxNumberOfIterations = n, seed = 20250814, directionUpper = FALSE)
cpu <- function() { p <- proc.time(); p[["user.self"]] + p[["sys.self"]] }
invisible(sim1(min(R, 200L)))
dt <- numeric(reps)
for (i in seq_len(reps)) {
    t0 <- cpu()
    sim <- sim1(R)
    dt[i] <- cpu() - t0
}
cat(sprintf("rpact: %.2f us/trial (min; median %.2f) over %d x %d trials, CPU time on one core; power %.4f\n",
    1e6 * min(dt) / R, 1e6 * median(dt) / R, reps, R, sim$overallReject))
