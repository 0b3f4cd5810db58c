# make_survival_refs.R — datasets and reference values from R's survival
# package for tests/test_km.c, test_logrank.c, test_cox.c and tests/analyze.sh.
#
# Run from the source root:  Rscript tests/r/make_survival_refs.R
# Writes tests/data/surv_<name>.csv and tests/r/surv_refs.txt. R is never needed
# to build or run the tests; rerun this only to regenerate the references.
#
# Ties: survival merges times that differ by floating-point noise (aeqSurv).
# All times here are integers or rounded to 0.01 and written in full, so
# distinct times differ by >= 0.01 and both R and C read identical doubles.
#
# Cox references use coxph.control(eps = 1e-14, iter.max = 100): the fully
# converged MLE, which hifusim also computes (R's default eps = 1e-9 stops
# a little earlier, ~1e-9 relative away).
#
# Reference line formats (whitespace separated, numbers with %.17g):
#   km   DATA GROUP time n.risk n.event surv std.err lower upper   (one per survfit row; std.err = se of -log S)
#   kms  DATA GROUP TAU n events median lcl ucl rmean se_rmean       (print(survfit, rmean = TAU); NA allowed)
#   lr   DATA STRAT RHO chisq df                                      (survdiff; STRAT = 0/1)
#   cox  DATA TIES STRAT MODEL p loglik0 loglik wald score lr coef_1..p se_1..p
#        MODEL: arm = ~ arm; full = ~ arm + age + kras (kras reference "mut")
suppressMessages(library(survival))
options(digits = 17)
set.seed(20250814)
out <- "tests/data"

mk <- function(n, rate0, hr, cens, round_to, nstrata = 3) {
  arm <- rep(0:1, length.out = n)
  stratum <- sample(0:(nstrata - 1), n, replace = TRUE)
  age <- round(rnorm(n, 62, 9), 1)
  kras <- sample(c("wt", "mut"), n, replace = TRUE, prob = c(0.6, 0.4))
  lp <- log(hr) * arm + 0.02 * (age - 62) + 0.3 * (kras == "mut") + 0.2 * stratum
  t <- rexp(n, rate0 * exp(lp))
  c <- rexp(n, cens)
  time <- pmin(t, c)
  status <- as.integer(t <= c)
  if (round_to == 1) time <- pmax(1, ceiling(time)) else time <- pmax(round_to, round(time / round_to) * round_to)
  data.frame(time = time, status = status, arm = arm, stratum = stratum, age = age, kras = kras)
}

ds <- list()
ds$ties     <- mk(120, 0.05, 0.7, 0.02, 1)          # integer months: heavy ties
ds$strata   <- mk(240, 0.03, 0.65, 0.015, 0.01)     # three strata, covariates
ds$heavycens <- mk(150, 0.01, 0.6, 0.08, 0.01)      # ~85% censored
ds$tiny     <- mk(9, 0.05, 0.7, 0.01, 0.01)         # groups of 5 and 4
ds$nomedian <- mk(80, 0.005, 0.8, 0.03, 0.01)       # curves never reach 0.5
# A hand-made set: arm 0 sits at exactly 0.5 over [5, 7) (midpoint rule,
# median 6); arm 1 drops to exactly 0.5 at 3 and stays there (median 3).
ds$half <- data.frame(time = c(1:10, 1, 3, 3, 6, 8, 11),
                      status = c(1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0, 0),
                      arm = c(rep(0, 10), rep(1, 6)), stratum = c(0, 1), age = 60 + (1:16) %% 7,
                      kras = rep(c("wt", "mut"), 8))

ff <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
lines <- character(0)
add <- function(...) lines <<- c(lines, paste(...))
taus <- c(ties = 12, strata = 36, heavycens = 24, tiny = 10, nomedian = 30, half = 8)

for (nm in names(ds)) {
  d <- ds[[nm]]
  write.csv(d, file.path(out, paste0("surv_", nm, ".csv")), row.names = FALSE, quote = FALSE)
  d$kras <- factor(d$kras)
  for (g in 0:1) {
    dg <- d[d$arm == g, ]
    f <- survfit(Surv(time, status) ~ 1, data = dg)
    for (i in seq_along(f$time))
      add("km", nm, g, ff(f$time[i]), f$n.risk[i], f$n.event[i], ff(f$surv[i]), ff(f$std.err[i]),
          ff(f$lower[i]), ff(f$upper[i]))
    tb <- summary(f, rmean = taus[[nm]])$table
    add("kms", nm, g, ff(taus[[nm]]), tb[["n.max"]], tb[["events"]], ff(tb[["median"]]),
        ff(tb[["0.95LCL"]]), ff(tb[["0.95UCL"]]), ff(tb[["rmean"]]), ff(tb[["se(rmean)"]]))
  }
  for (rho in c(0, 1, 0.5)) {
    s0 <- survdiff(Surv(time, status) ~ arm, data = d, rho = rho)
    add("lr", nm, 0, rho, ff(s0$chisq), length(s0$n) - 1)
    s1 <- survdiff(Surv(time, status) ~ arm + strata(stratum), data = d, rho = rho)
    add("lr", nm, 1, rho, ff(s1$chisq), length(s1$n) - 1)
  }
  ctl <- coxph.control(eps = 1e-14, iter.max = 100, toler.chol = 1e-15)
  for (ties in c("efron", "breslow")) {
    for (st in 0:1) {
      for (model in c("arm", "full")) {
        if (nm == "tiny" && model == "full") next
        rhs <- if (model == "arm") "arm" else "arm + age + kras"
        if (st == 1) rhs <- paste(rhs, "+ strata(stratum)")
        fit <- coxph(as.formula(paste("Surv(time, status) ~", rhs)), data = d, ties = ties, control = ctl)
        p <- length(coef(fit))
        add("cox", nm, ties, st, model, p, ff(fit$loglik[1]), ff(fit$loglik[2]), ff(fit$wald.test),
            ff(fit$score), ff(2 * (fit$loglik[2] - fit$loglik[1])),
            paste(ff(coef(fit)), collapse = " "), paste(ff(sqrt(diag(fit$var))), collapse = " "))
      }
    }
  }
}
writeLines(lines, "tests/r/surv_refs.txt")
cat("wrote", length(lines), "reference lines\n")
