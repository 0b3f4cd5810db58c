# rpact_gsd.R — bench/reference_gsd.ini through rpact::getSimulationSurvival,
# timed in CPU time (user + system, as bench_gsd), for bench/run.sh: the validation.md reference design (exponential
# control, median 30 months, 240 patients, 24 months of uniform accrual,
# one-sided alpha 0.025) with looks at 40, 80 and 120 events, Lan-DeMets
# O'Brien-Fleming spending, no futility, under HR = 1; and the same with one
# analysis at 120 events (kMax = 1), for rpact's own group-sequential/fixed ratio.
# usage: Rscript bench/rpact_gsd.R [REPLICATES]
suppressMessages(library(rpact))
args <- commandArgs(trailingOnly = TRUE)
R <- if (length(args)) as.integer(args[1]) else 2000
sim <- function(d, events) {
    cpu <- function() { p <- proc.time(); p[["user.self"]] + p[["sys.self"]] }
    t0 <- cpu()
    s <- getSimulationSurvival(design = d, lambda2 = log(2) / 30, hazardRatio = 1,
        plannedEvents = events, maxNumberOfSubjects = 240, accrualTime = 24,
        maxNumberOfIterations = R, seed = 20250814, directionUpper = FALSE)
    list(us = 1e6 * (cpu() - t0) / R, reject = s$overallReject)
}
f <- sim(getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1), 120)
g <- sim(getDesignGroupSequential(kMax = 3, alpha = 0.025, sided = 1,
    informationRates = c(40, 80, 120) / 120, typeOfDesign = "asOF"), c(40, 80, 120))
cat(sprintf(paste("rpact: %d trials each; fixed %.2f us/trial; 3-look group-sequential %.2f",
    "us/trial CPU; ratio %.2fx; power fixed %.4f, sequential %.4f\n"),
    R, f$us, g$us, g$us / f$us, f$reject, g$reject))
