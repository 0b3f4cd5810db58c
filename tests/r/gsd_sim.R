# gsd_sim.R — rpact's per-stage rejection and futility-stop probabilities for
# three group-sequential survival designs, the reference of tests/gsd_sim.sh
# (issue 14, "Validation"). Run from the source root:
#     Rscript tests/r/gsd_sim.R > tests/r/gsd_sim.txt
# R and rpact (r-cran-rpact) are needed only to remake the table, never to
# build hifusim or to run its tests. Each design is mirrored by
# tests/gsd/<name>.ini; comments there say how the parameters map.
#   east    Lan-DeMets O'Brien-Fleming efficacy (asOF), non-binding HSD(-10)
#           beta-spending futility (beta 0.0495), K = 2 at 176 and 235 events,
#           alpha 0.0125, HR 0.6, control median 9.4, N 398, 24 months of
#           accrual, dropout 0.019 per month in both arms (the East 6.5 case)
#   pocock3 Pocock-type spending (asP), no futility, K = 3 at 65, 130, 195
#           events, alpha 0.025, HR 0.7, control median 12, N 360, accrual 18
#   kd3     Kim-DeMets spending rho 2 (asKD), binding fixed futility Z 0 and
#           0.5, K = 3 at 60, 105, 150 events, alpha 0.025, HR 0.75, control
#           median 18, allocation 2:1 (experimental:control), N 330, accrual 20
# Output: one line per design and stage, then one "overall" line:
#   design stage iterations reject_sim futility_sim reject_power futility_power
# *_sim from getSimulationSurvival (log-rank, iterations replicates, seeded),
# *_power from getPowerSurvival (the analytic figures; the Schoenfeld drift).
suppressMessages(library(rpact))
iters <- 100000L
f <- function(x) if (is.na(x)) "NA" else sprintf("%.6f", x)
run <- function(name, design, events, sim_args, pow_args, seed) {
    s <- do.call(getSimulationSurvival, c(list(design = design, plannedEvents = events,
        maxNumberOfIterations = iters, seed = seed, directionUpper = FALSE), sim_args))
    p <- do.call(getPowerSurvival, c(list(design = design, maxNumberOfEvents = max(events),
        directionUpper = FALSE), pow_args))
    K <- length(events)
    fs <- c(s$futilityPerStage[, 1], rep(NA, K))[1:K]
    fp <- c(p$futilityPerStage[, 1], rep(NA, K))[1:K]
    if (K > 1) fs[K] <- NA
    fp[K] <- NA
    if (design$typeBetaSpending == "none" && all(design$futilityBounds <= -6)) {
        fs[1:(K - 1)] <- 0
        fp[1:(K - 1)] <- 0
    }
    for (k in 1:K)
        cat(name, k, iters, f(s$rejectPerStage[k, 1]), f(fs[k]), f(p$rejectPerStage[k, 1]), f(fp[k]), "\n")
    cat(name, "overall", iters, f(s$overallReject[1]), "NA", f(p$overallReject[1]), "NA", "\n")
}
cat("# design stage iterations reject_sim futility_sim reject_power futility_power\n")
cat(sprintf("# rpact %s, R %s\n", packageVersion("rpact"), getRversion()))

drop <- 1 - exp(-12 * 0.019)
d <- getDesignGroupSequential(kMax = 2, alpha = 0.0125, beta = 0.0495, sided = 1,
    informationRates = c(176, 235) / 235, typeOfDesign = "asOF",
    typeBetaSpending = "bsHSD", gammaB = -10, bindingFutility = FALSE)
common <- list(hazardRatio = 0.6, lambda2 = log(2) / 9.4, maxNumberOfSubjects = 398,
    accrualTime = 24, dropoutRate1 = drop, dropoutRate2 = drop, dropoutTime = 12)
run("east", d, c(176, 235), common, common, 14101)

d <- getDesignGroupSequential(kMax = 3, alpha = 0.025, sided = 1,
    informationRates = c(65, 130, 195) / 195, typeOfDesign = "asP")
common <- list(hazardRatio = 0.7, lambda2 = log(2) / 12, maxNumberOfSubjects = 360, accrualTime = 18)
run("pocock3", d, c(65, 130, 195), common, common, 14102)

d <- getDesignGroupSequential(kMax = 3, alpha = 0.025, sided = 1,
    informationRates = c(60, 105, 150) / 150, typeOfDesign = "asKD", gammaA = 2,
    futilityBounds = c(0, 0.5), bindingFutility = TRUE)
common <- list(hazardRatio = 0.75, lambda2 = log(2) / 18, maxNumberOfSubjects = 330, accrualTime = 20)
run("kd3", d, c(60, 105, 150), c(common, list(allocation1 = 2, allocation2 = 1)),
    c(common, list(allocationRatioPlanned = 2)), 14103)
