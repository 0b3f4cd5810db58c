# analyze_gsd.R — references for `hifusim analyze --looks ...` (issue 14,
# item 7): the group-sequential bounds of each case's look from rpact's
# getDesignGroupSequential, with the current look's information fraction set
# to the data's events D / K (spending-function approach), the log-rank z from
# survival::survdiff (or coxph's Wald z, --gsd-test cox; positive = benefit of
# the experimental group) and the decision, computed here independently of hifusim.
#
#   Rscript tests/r/analyze_gsd.R > tests/r/analyze_gsd.txt
#
# Also writes tests/data/analyze_gsd.csv (a small trial with a modest effect,
# so that some looks continue) when it does not exist. R, survival and rpact
# (r-cran-rpact) make the references; tests/analyze_gsd.sh reads the .txt
# and needs no R.
#
# Output lines (fields separated by " | "):
#   case | NAME | FILE | hifusim analyze options
#   look | NAME | j | events_j | t_j | z_efficacy | z_futility | alpha_cum | beta_cum
#   decision | NAME | look | D | z | z_efficacy | decision
# z_futility NA at the final look or where there is none; beta_cum NA without
# beta spending; z_efficacy Inf where there is no efficacy stop.
options(warn = -1) # rpact: "'bindingFutility' (FALSE) will be ignored" without futility
suppressMessages({
    library(survival)
    library(rpact)
})
options(digits = 15)

gen <- "tests/data/analyze_gsd.csv"
if (!file.exists(gen)) {
    set.seed(20140)
    n <- 200
    arm <- rep(c("chemo", "hifu"), each = n / 2)
    rate <- log(2) / 12 * ifelse(arm == "hifu", 0.8, 1)
    ev <- rexp(n, rate)
    entry <- runif(n, 0, 24)
    drop <- rexp(n, 0.01)
    fu <- pmin(30 - entry, drop)
    time <- round(pmin(ev, fu), 2)
    status <- as.integer(ev <= fu)
    write.csv(data.frame(time = time, status = status, arm = arm), gen, row.names = FALSE, quote = FALSE)
}

# z of the log-rank test, positive when the non-control group does better.
logrank_z <- function(d, control, strata = NULL) {
    d$g <- factor(d$arm == control, levels = c(TRUE, FALSE)) # control first
    f <- if (is.null(strata)) Surv(time, status) ~ g else
        as.formula(paste("Surv(time, status) ~ g + strata(", strata, ")"))
    s <- survdiff(f, data = d)
    obs <- if (is.matrix(s$obs)) rowSums(s$obs) else s$obs # by stratum when stratified
    ex <- if (is.matrix(s$exp)) rowSums(s$exp) else s$exp
    -(obs[2] - ex[2]) / sqrt(s$var[2, 2])
}

# Wald z of the group term of coxph (Efron ties), positive when the non-control
# group does better.
cox_z <- function(d, control, strata = NULL, covs = character(0)) {
    d$g <- factor(d$arm == control, levels = c(TRUE, FALSE))
    rhs <- c("g", covs, if (!is.null(strata)) paste0("strata(", strata, ")"))
    fit <- coxph(as.formula(paste("Surv(time, status) ~", paste(rhs, collapse = " + "))), data = d,
                 control = coxph.control(eps = 1e-14, iter.max = 100))
    -coef(fit)[1] / sqrt(vcov(fit)[1, 1])
}

eff_map <- function(e) {
    p <- strsplit(e, ":")[[1]]
    switch(p[1], asof = list(type = "asOF"), asp = list(type = "asP"), of = list(type = "OF"),
           p = list(type = "P"), hp = list(type = "HP"),
           askd = list(type = "asKD", gammaA = as.numeric(p[2])),
           ashsd = list(type = "asHSD", gammaA = as.numeric(p[2])))
}

# One case: file, control level, strata, planned interim events (already
# ceil(F K) for info: looks), K, design options; hifusim's options as text.
run_case <- function(name, file, control, strata, looks_opt, planned, K, opts, efficacy = "asof",
                     futility = "none", binding = FALSE, beta = 0.2, alpha = 0.025, sides = 1, cox = NULL) {
    d <- read.csv(file)
    D <- sum(d$status)
    z <- if (is.null(cox)) logrank_z(d, control, strata) else cox_z(d, control, strata, cox)
    k <- length(planned) + 1
    L <- which(planned >= D)[1]
    if (is.na(L)) L <- k
    t <- c(planned / K, 1)
    if (L < k) t[L] <- D / K
    ev <- c(planned, K)
    ev[L] <- D
    em <- eff_map(efficacy)
    args <- list(kMax = k, alpha = alpha, beta = beta, sided = sides, informationRates = t,
                 typeOfDesign = em$type, bindingFutility = binding)
    if (!is.null(em$gammaA)) args$gammaA <- em$gammaA
    bs <- FALSE
    if (futility != "none") {
        fp <- strsplit(futility, ":")[[1]]
        if (fp[1] == "z") {
            args$futilityBounds <- as.numeric(strsplit(fp[2], ",")[[1]])
        } else {
            bs <- TRUE
            args$typeBetaSpending <- switch(fp[1], bsof = "bsOF", bsp = "bsP", bskd = "bsKD", bshsd = "bsHSD")
            if (length(fp) > 1) args$gammaB <- as.numeric(fp[2])
        }
    }
    des <- do.call(getDesignGroupSequential, args)
    zf <- rep(NA_real_, k)
    if (futility != "none") zf[1:(k - 1)] <- des$futilityBounds
    bc <- rep(NA_real_, k)
    if (bs) bc <- if (length(des$betaSpent) == k) des$betaSpent else c(des$betaSpent[1:(k - 1)], beta)
    ze <- des$criticalValues
    cat(sprintf("case | %s | %s | %s\n", name, file, opts))
    for (j in 1:k)
        cat(sprintf("look | %s | %d | %d | %.15g | %.15g | %.15g | %.15g | %.15g\n", name, j, ev[j], t[j], ze[j],
                    zf[j], des$alphaSpent[j], bc[j]))
    crosses <- if (sides == 2) abs(z) >= ze[L] else z >= ze[L]
    dec <- if (crosses) "efficacy" else if (L < k && !is.na(zf[L]) && z <= zf[L]) "futility" else
        if (L < k) "continue" else "final_no_rejection"
    cat(sprintf("decision | %s | %d | %d | %.15g | %.15g | %s\n", name, L, D, z, ze[L], dec))
}

trial <- "tests/data/analyze_trial.csv"
g <- "tests/data/analyze_gsd.csv"
base <- "--time time --event status --group arm"
D <- sum(read.csv(g)$status)
cat(sprintf("# %s: %d events, log-rank z %.6f; %s: %d events\n", g, D, logrank_z(read.csv(g), "chemo"), trial,
            sum(read.csv(trial)$status)))

# efficacy at the first interim (strong effect), Lan-DeMets OF, no futility
run_case("trial_eff", trial, "0", NULL, "info:0.6,0.8", ceiling(c(0.6, 0.8) * 300 - 1e-9), 300,
         paste(base, "--looks info:0.6,0.8 --final-events 300"))
# stratified, HSD(-2) beta spending non-binding, beta 0.1
run_case("trial_strat", trial, "0", "stratum", "events:170,250", c(170, 250), 330,
         paste(base, "--strata stratum --looks events:170,250 --final-events 330 --futility bshsd:-2 --beta 0.1"),
         futility = "bshsd:-2", beta = 0.1)
# control flipped (z < 0): binding z: futility at the second look
run_case("trial_fut", trial, "1", NULL, "events:100,200", c(100, 200), 400,
         paste(base, "--control 1 --looks events:100,200 --final-events 400 --efficacy asp --futility z:-0.5,0",
               "--futility-binding yes"), efficacy = "asp", futility = "z:-0.5,0", binding = TRUE)
# modest effect: continue at look 2 of 4, Kim-DeMets rho 2, OF-like beta spending, binding
run_case("gsd_cont", g, "chemo", NULL, "info:0.25,0.5,0.75", ceiling(c(0.25, 0.5, 0.75) * 2 * D - 1e-9), 2 * D,
         paste(base, "--looks info:0.25,0.5,0.75 --final-events", 2 * D,
               "--efficacy askd:2 --futility bsof --futility-binding yes"),
         efficacy = "askd:2", futility = "bsof", binding = TRUE)
# more events than planned: the final look at t = 1, HSD(-4) efficacy, not rejected
run_case("gsd_over", g, "chemo", NULL, "events:40", c(40), D - 10,
         paste(base, "--looks events:40 --final-events", D - 10, "--efficacy ashsd:-4 --alpha 0.01"),
         efficacy = "ashsd:-4", alpha = 0.01)
# between the last interim and K: the final look, spending the alpha left; Pocock beta spending
run_case("gsd_late", g, "chemo", NULL, "info:0.3", ceiling(0.3 * (D + 20) - 1e-9), D + 20,
         paste(base, "--looks info:0.3 --final-events", D + 20, "--futility bsp --beta 0.15"),
         futility = "bsp", beta = 0.15)
# two-sided classical O'Brien-Fleming, control flipped on the strong data (rejects: harm)
run_case("trial_two", trial, "1", NULL, "info:0.5", ceiling(0.5 * 200 - 1e-9), 200,
         paste(base, "--control 1 --looks info:0.5 --final-events 200 --efficacy of --sides 2 --alpha 0.05"),
         efficacy = "of", sides = 2, alpha = 0.05)
# Haybittle-Peto, two interims, the data at the first
run_case("gsd_hp", g, "chemo", NULL, "events:100,140", c(100, 140), 190,
         paste(base, "--looks events:100,140 --final-events 190 --efficacy hp"), efficacy = "hp")
# classical Pocock with a fixed futility bound, the data at the interim, continue
run_case("gsd_pocock", g, "chemo", NULL, "info:0.8", ceiling(0.8 * 130 - 1e-9), 130,
         paste(base, "--looks info:0.8 --final-events 130 --efficacy p --futility z:0.2"),
         efficacy = "p", futility = "z:0.2")
# the Cox Wald z (stratified, with a covariate) against asof with HSD(1) beta spending
run_case("trial_cox", trial, "0", "stratum", "events:120,200", c(120, 200), 260,
         paste(base, "--strata stratum --covariate age --gsd-test cox --looks events:120,200 --final-events 260",
               "--futility bshsd:1"), futility = "bshsd:1", cox = "age")
