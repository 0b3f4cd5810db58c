# mvn_refs.R -- reference multivariate normal probabilities for tests/test_mvn.c.
# Run from the repository root (needs r-cran-mvtnorm and r-cran-survival):
#   Rscript tests/r/mvn_refs.R > tests/r/mvn_refs.txt
# One case per line, whitespace-separated:
#   name k R lo hi P err
# R is the k x k correlation matrix row-major, lo and hi the k limits
# (comma-separated, -Inf/Inf allowed), P = P(lo <= Z <= hi), Z ~ N(0, R),
# from mvtnorm::pmvnorm: Miwa(steps = 4097) for full-rank k <= 3, else
# GenzBretz(abseps = 1e-7, releps = 0); err is pmvnorm's error estimate
# (NA for Miwa).
suppressMessages({
  library(mvtnorm)
  library(survival)
})
set.seed(20261130)

fmt <- function(x) paste(ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"),
                                sprintf("%.17g", x)), collapse = ",")

emit <- function(name, R, lo, hi) {
  k <- nrow(R)
  full <- min(eigen(R, symmetric = TRUE, only.values = TRUE)$values) > 1e-6
  if (k <= 3 && full) {
    p <- pmvnorm(lower = lo, upper = hi, corr = R, algorithm = Miwa(steps = 4097))
    e <- NA
  } else {
    p <- pmvnorm(lower = lo, upper = hi, corr = R,
                 algorithm = GenzBretz(maxpts = 2e7, abseps = 1e-7, releps = 0))
    e <- attr(p, "error")
  }
  cat(name, k, fmt(R), fmt(lo), fmt(hi), sprintf("%.12g", as.numeric(p)),
      if (is.na(e)) "NA" else sprintf("%.3g", e), "\n")
}

# MaxCombo-type limits: one-sided (all Z <= z) and two-sided (all |Z| <= z).
emit_mc <- function(name, R, zs) {
  k <- nrow(R)
  for (z in zs) {
    emit(sprintf("%s_mc1_%g", name, z), R, rep(-Inf, k), rep(z, k))
    if (z > 0) emit(sprintf("%s_mc2_%g", name, z), R, rep(-z, k), rep(z, k))
  }
}

rcorr <- function(k, r = k, extra = k) {
  A <- matrix(rnorm(k * r), k, r)
  if (r == k) A <- cbind(A, matrix(rnorm(k * extra), k, extra))
  C <- A %*% t(A)
  R <- cov2cor(C)
  (R + t(R)) / 2
}

# 1. FH correlation of the default four tests, lung data by sex, from the
# definition: at each distinct death time, v = hypergeometric variance,
# w = S(t-)^rho (1 - S(t-))^gamma with S the pooled left-continuous KM;
# Cov(U_j, U_k) = sum w_j w_k v.
fhcorr <- function(time, status, group, rg) {
  ut <- sort(unique(time[status == 1]))
  n <- sapply(ut, function(t) sum(time >= t))
  n1 <- sapply(ut, function(t) sum(time >= t & group == 1))
  d <- sapply(ut, function(t) sum(time == t & status == 1))
  v <- n1 * (n - n1) * d * (n - d) / (n^2 * pmax(n - 1, 1))
  S <- cumprod(1 - d / n)
  Sm <- c(1, S[-length(S)])
  W <- sapply(rg, function(x) Sm^x[1] * (1 - Sm)^x[2])
  C <- t(W) %*% (W * v)
  cov2cor(C)
}
rg <- list(c(0, 0), c(0, 1), c(1, 0), c(1, 1))
Rl <- fhcorr(lung$time, as.integer(lung$status == 2), as.integer(lung$sex == 2), rg)
zs <- c(-1, 0, 0.5, 1, 1.5, 1.96, 2, 2.2, 2.5, 3, 4)
emit_mc("lung_fh4", Rl, zs)
Rv <- fhcorr(veteran$time, veteran$status, as.integer(veteran$trt == 2), rg)
emit_mc("veteran_fh4", Rv, c(0, 1.5, 2, 2.3, 2.6, 3))
# lung, six tests (rank 3 as well: every weight is a combination of 1, S, S^2)
rg6 <- c(rg, list(c(0, 2), c(2, 0)))
Rl6 <- fhcorr(lung$time, as.integer(lung$status == 2), as.integer(lung$sex == 2), rg6)
emit_mc("lung_fh6", Rl6, c(0, 1.5, 2.2, 2.6, 3))
# with FH(0,0.5) instead: full rank but nearly singular (smallest eigenvalue 1e-3)
rg5 <- c(rg, list(c(0, 0.5)))
Rl5 <- fhcorr(lung$time, as.integer(lung$status == 2), as.integer(lung$sex == 2), rg5)
emit_mc("lung_fh5h", Rl5, c(2.2))

# 2. Random full-rank matrices, k = 2..8, random limits in [-1, 4].
for (k in 2:8) for (rep in 1:6) {
  R <- rcorr(k)
  hi <- runif(k, -1, 4)
  lo <- if (rep %% 2 == 0) hi - runif(k, 0.5, 4) else rep(-Inf, k)
  if (rep == 3) lo[1] <- -Inf
  if (rep == 5) hi[k] <- Inf
  emit(sprintf("rand%d_%d", k, rep), R, lo, hi)
}
for (k in c(3, 5, 8)) emit_mc(sprintf("randmc%d", k), rcorr(k), c(-1, 1, 2, 2.5, 3))

# 3. Singular: rank 2 of 3, 3 of 4, 2 of 5, 4 of 8; exactly duplicated tests.
sing <- list(c(3, 2), c(4, 3), c(5, 2), c(6, 3), c(8, 4), c(8, 7))
for (s in sing) for (rep in 1:3) {
  R <- rcorr(s[1], s[2])
  hi <- runif(s[1], -1, 4)
  lo <- if (rep == 2) hi - runif(s[1], 0.5, 4) else rep(-Inf, s[1])
  emit(sprintf("sing%d_%d_%d", s[1], s[2], rep), R, lo, hi)
}
Rd <- rcorr(3)
Rd <- Rd[c(1, 2, 3, 2), c(1, 2, 3, 2)] # test 2 twice
emit("dup4_1", Rd, rep(-Inf, 4), c(1.2, 0.7, 2.0, 0.9))
emit("dup4_2", Rd, c(-1, -0.5, -2, -0.3), c(1.2, 0.7, 2.0, 0.9))
emit_mc("dup4", Rd, c(0, 1.5, 2.2, 3))
Rd2 <- rcorr(2)
Rd2 <- Rd2[c(1, 1, 2, 2, 1), c(1, 1, 2, 2, 1)]
emit_mc("dup5", Rd2, c(1, 2.2))

# 4. Near-singular: (1 - eps) R_singular + eps I.
for (eps in c(1e-3, 1e-6, 1e-10)) {
  Rs <- rcorr(4, 2)
  Rn <- (1 - eps) * Rs + eps * diag(4)
  emit(sprintf("near4_%g_mc1_2.2", eps), Rn, rep(-Inf, 4), rep(2.2, 4))
  Rn2 <- (1 - eps) * Rl + eps * diag(4)
  emit(sprintf("nearlung_%g_mc2_2.2", eps), Rn2, rep(-2.2, 4), rep(2.2, 4))
}
