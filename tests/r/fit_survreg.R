# fit_survreg.R — reference values for tests/test_fit.c.
# Generates tests/data/fit_<dist>.csv (time, status, x1, g) and writes
# survival::survreg fits to tests/r/fit_survreg.txt, one value per line:
#   <dist> loglik <value> | <dist> coef <name> <value> | <dist> logscale <value>
#   <dist> se <name> <value>   (sqrt of the diagonal of vcov, survreg's order)
# Run from the repository root: Rscript tests/r/fit_survreg.R
suppressMessages(library(survival))
set.seed(20250814)
n <- 300
out <- character(0)
gen <- function(dist) {
  x1 <- rnorm(n); g <- rbinom(n, 1, 0.5)
  lp <- 3.0 + 0.4 * x1 - 0.6 * g            # AFT: log time = lp + sigma * eps
  eps <- switch(dist,
    exponential = log(rexp(n)),
    weibull     = log(rexp(n)),              # extreme-value errors
    lognormal   = rnorm(n),
    loglogistic = rlogis(n))
  sig <- switch(dist, exponential = 1, weibull = 0.7, lognormal = 0.9, loglogistic = 0.5)
  t <- exp(lp + sig * eps)
  cens <- runif(n, 5, 80)
  data.frame(time = pmin(t, cens), status = as.integer(t <= cens), x1 = round(x1, 6), g = g)
}
for (dist in c("exponential", "weibull", "lognormal", "loglogistic")) {
  d <- gen(dist)
  d$time <- signif(d$time, 10)
  f <- file.path("tests/data", paste0("fit_", dist, ".csv"))
  write.csv(d, f, row.names = FALSE, quote = FALSE)
  d <- read.csv(f)
  fit <- survreg(Surv(time, status) ~ x1 + g, data = d, dist = dist,
                 control = survreg.control(rel.tolerance = 1e-12, iter.max = 100))
  out <- c(out, sprintf("%s loglik %.15g", dist, fit$loglik[2]))
  cf <- coef(fit)
  for (nm in names(cf)) out <- c(out, sprintf("%s coef %s %.15g", dist, nm, cf[[nm]]))
  if (dist != "exponential") out <- c(out, sprintf("%s logscale %.15g", dist, log(fit$scale)))
  se <- sqrt(diag(vcov(fit)))
  for (nm in names(se)) out <- c(out, sprintf("%s se %s %.15g", dist, nm, se[[nm]]))
  out <- c(out, sprintf("%s events %d", dist, sum(d$status)))
}
writeLines(out, "tests/r/fit_survreg.txt")
