# prior_ref.R -- reference quantiles, CDFs and densities for tests/test_prior.c.
# Run from the repository root (base R only):
#   Rscript tests/r/prior_ref.R
# Prints C initialiser rows, pasted into tests/test_prior.c (table REFS):
#   {kind, A, B, LO, HI, p, Q(p), F(Q(p)), f(Q(p))}
# for the distribution truncated to [LO, HI] (no truncation: -Inf, Inf):
#   Q(p) = F^-1(F(LO) + p (F(HI) - F(LO))), F(x) = (F(x) - F(LO)) / m,
#   f(x) = f(x) / m, m = F(HI) - F(LO),
# evaluated on the upper-tail side (lower.tail = FALSE) when F(LO) > 1/2,
# as R's own functions allow. Gamma with rate; lognormal by meanlog, sdlog.
# Rows where the quantile underflows to 0 or the density is infinite are left out.
fam <- list(
  NORMAL    = list(q = function(p, a, b, lt) qnorm(p, a, b, lower.tail = lt),
                   p = function(x, a, b, lt) pnorm(x, a, b, lower.tail = lt),
                   d = function(x, a, b) dnorm(x, a, b)),
  LOGNORMAL = list(q = function(p, a, b, lt) qlnorm(p, a, b, lower.tail = lt),
                   p = function(x, a, b, lt) plnorm(x, a, b, lower.tail = lt),
                   d = function(x, a, b) dlnorm(x, a, b)),
  UNIFORM   = list(q = function(p, a, b, lt) qunif(p, a, b, lower.tail = lt),
                   p = function(x, a, b, lt) punif(x, a, b, lower.tail = lt),
                   d = function(x, a, b) dunif(x, a, b)),
  BETA      = list(q = function(p, a, b, lt) qbeta(p, a, b, lower.tail = lt),
                   p = function(x, a, b, lt) pbeta(x, a, b, lower.tail = lt),
                   d = function(x, a, b) dbeta(x, a, b)),
  GAMMA     = list(q = function(p, a, b, lt) qgamma(p, a, rate = b, lower.tail = lt),
                   p = function(x, a, b, lt) pgamma(x, a, rate = b, lower.tail = lt),
                   d = function(x, a, b) dgamma(x, a, rate = b)))
num <- function(x) ifelse(is.infinite(x), ifelse(x > 0, "INFINITY", "-INFINITY"), sprintf("%.17g", x))
cases <- list(
  list("NORMAL", 40, 4, -Inf, Inf),
  list("NORMAL", 0.7, 0.5, 0, Inf),
  list("NORMAL", 0, 1, 3, Inf),
  list("NORMAL", 0, 1, 6, 8),
  list("NORMAL", 0, 1, -Inf, -5),
  list("LOGNORMAL", -0.357, 0.15, -Inf, Inf),
  list("LOGNORMAL", -0.357, 0.15, 0, 1),
  list("LOGNORMAL", 0, 1, 0, Inf),
  list("UNIFORM", 2, 5, -Inf, Inf),
  list("UNIFORM", 2, 5, 3, Inf),
  list("BETA", 2, 5, -Inf, Inf),
  list("BETA", 0.5, 0.5, 0, 1),
  list("BETA", 2, 5, 0.4, 0.9),
  list("GAMMA", 2, 0.5, -Inf, Inf),
  list("GAMMA", 0.5, 3, -Inf, Inf),
  list("GAMMA", 9, 2, 7, Inf),
  list("BETA", 0.05, 0.5, -Inf, Inf),
  list("BETA", 0.01, 50, -Inf, Inf),
  list("GAMMA", 0.05, 2, -Inf, Inf),
  list("GAMMA", 0.01, 1, 1e-30, Inf))
ps <- c(1e-12, 0.001, 0.025, 0.3, 0.5, 0.77, 0.975, 0.999, 1 - 1e-12)
cat(sprintf("/* %s */\n", R.version.string))
for (cs in cases) {
  f <- fam[[cs[[1]]]]; a <- cs[[2]]; b <- cs[[3]]; lo <- cs[[4]]; hi <- cs[[5]]
  plo <- f$p(lo, a, b, TRUE); phi <- f$p(hi, a, b, TRUE)
  upper <- plo > 0.5
  for (p in ps) {
    if (upper) {
      glo <- f$p(lo, a, b, FALSE); ghi <- f$p(hi, a, b, FALSE); m <- glo - ghi
      x <- f$q(ghi + (1 - p) * m, a, b, FALSE)
      cdf <- (glo - f$p(x, a, b, FALSE)) / m
    } else {
      m <- phi - plo
      t <- plo + p * m
      x <- if (t <= 0.5) f$q(t, a, b, TRUE) else f$q(f$p(hi, a, b, FALSE) + (1 - p) * m, a, b, FALSE)
      cdf <- (f$p(x, a, b, TRUE) - plo) / m
    }
    pdf <- f$d(x, a, b) / m
    if (!is.finite(pdf) || x <= 0) next  # underflow to 0 or rounding onto 1: nothing to compare
    cat(sprintf("    {HS_PRIOR_%s, %s, %s, %s, %s, %s, %s, %s, %s},\n", cs[[1]], num(a), num(b),
                num(lo), num(hi), num(p), num(x), num(cdf), num(pdf)))
  }
}
