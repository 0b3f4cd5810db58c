# rpact_reference.R — the validation.md reference design through rpact::getSimulationSurvival,
# timed, for bench/run.sh: exponential control (median 30 months), HR 0.6, 240
# patients, 24 months of uniform accrual, analysis at the 120th event, one-sided
# alpha 0.025 (directionUpper = FALSE: benefit means HR < 1).
# usage: Rscript bench/rpact_reference.R [REPLICATES]
suppressMessages(library(rpact))
args <- commandArgs(trailingOnly = TRUE)
R <- if (length(args)) as.integer(args[1]) else 2000
d <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)
t0 <- proc.time()[["elapsed"]]
sim <- getSimulationSurvival(design = d, lambda2 = log(2) / 30, hazardRatio = 0.6,
    plannedEvents = 120, maxNumberOfSubjects = 240, accrualTime = 24,
    maxNumberOfIterations = R, seed = 20250814, directionUpper = FALSE)
dt <- proc.time()[["elapsed"]] - t0
cat(sprintf("rpact: %d trials in %.3f s: %.2f us/trial; power %.4f\n", R, dt, 1e6 * dt / R, sim$overallReject))
