# nph_tests.R — reference values for the non-proportional-hazards tests
# (tests/test_wlr.c, tests/test_rmst.c): weighted log-rank FH(rho, gamma),
# modestly weighted log-rank, their covariance (MaxCombo), RMST and
# milestone, on R's survival data sets (lung, veteran, colon, ovarian) and,
# when tests/data/nph_whas500.csv exists, WHAS500 (Hosmer, Lemeshow & May,
# the CAMIS weighted-log-rank example: time LENFOL, event FSTAT, group AFB).
# nph_whas500.csv is not made here: it holds the 500 rows of the WHAS500 data
# (Hosmer, Lemeshow & May 2008, Applied Survival Analysis, 2nd ed.; the
# UMass statdata file, as shipped in scikit-survival's whas500.arff) as
# time = lenfol (days), status = fstat, group = afb, stratum = gender. It
# reproduces the published FH chi-squares 10.900 (0,0), 9.9000 (1,0),
# 9.5455 (0,1), 9.8019 (1,1) (printed at the end of this script) and a
# two-sided MaxCombo p of 0.00201 (CAMIS: SAS 0.0020, nph 0.00196).
#
# Run from the source root:  Rscript tests/r/nph_tests.R
# Needs R with survival and mvtnorm (Debian r-cran-survival r-cran-mvtnorm).
# Writes tests/data/nph_<name>.csv (time, status 0/1, group 0/1, stratum
# 0..K-1) and tests/r/nph_tests.txt. R is never needed to build or run the
# tests; rerun this only to regenerate the references. All times are
# integers, so R and C see identical ties.
#
# The weighted statistics are computed here from their definitions
# (independently of the C one-pass code): at each distinct event time of a
# stratum, N, N1 at risk, D, D1 events, S(t-) the pooled left-continuous KM
# of the stratum, weight w, U = sum w (D1 - D N1 / N) (group 1's O - E:
# negative = group 1 better), V_jk = sum w_j w_k D (N - D) / (N - 1) (N1/N)(1 - N1/N),
# z = U / sqrt(V). For gamma = 0 the chi-square is checked against survdiff.
#
# Reference line formats (whitespace separated, numbers with %.17g):
#   fh    DATA STRAT RHO GAMMA U V Z
#   mwlr  DATA STRAT TSTAR U V Z
#   cov   DATA STRAT K  then K*K covariances (row-major) of the specs
#         fh:0,0 fh:1,0 fh:0,1 fh:1,1 fh:0,0.5 mwlr:TSTAR (K = 6, TSTAR as in mwlr)
#   fhcov DATA STRAT then the 4x4 covariance, order fh:0,0 fh:0,1 fh:1,0 fh:1,1
#   maxcombo DATA STRAT ZMAX P2 P1 ERR2 ERR1   (default four, z as design.md: -U/sqrt(V);
#         ZMAX = the component with the largest |z|, signed; P2 = 1 - P(all |Z_k| < |ZMAX|),
#         P1 = 1 - P(all Z_k < max_k z_k), from mvtnorm::pmvnorm (GenzBretz, 2e7
#         points; the correlation matrix is singular, rank 3); ERR2, ERR1 the
#         error estimates pmvnorm reports (a few 1e-7))
#   rmst  DATA TAU rmean0 se0 rmean1 se1 diff se z       (print(survfit, rmean = TAU); diff = 1 - 0)
#   ms    DATA T s0 s1 gw0 gw1 z     (KM S(T) per group, gw = Greenwood sum var(-log S),
#         z = (log(-log s0) - log(-log s1)) / sqrt(gw0 / log(s0)^2 + gw1 / log(s1)^2))
suppressMessages(library(survival))
suppressMessages(library(mvtnorm))
options(digits = 17)
f17 <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
out <- "tests/data"

sets <- list()
d <- lung[!is.na(lung$ph.ecog), ]
sets$lung <- data.frame(time = d$time, status = as.integer(d$status == 2),
                        group = as.integer(d$sex == 2), stratum = as.integer(d$ph.ecog))
sets$veteran <- data.frame(time = veteran$time, status = veteran$status,
                           group = as.integer(veteran$trt == 2),
                           stratum = as.integer(veteran$celltype) - 1L)
d <- colon[colon$etype == 2 & colon$rx %in% c("Obs", "Lev+5FU"), ]
sets$colon <- data.frame(time = d$time, status = d$status,
                         group = as.integer(d$rx == "Lev+5FU"), stratum = as.integer(d$node4))
sets$ovarian <- data.frame(time = ovarian$futime, status = ovarian$fustat,
                           group = as.integer(ovarian$rx == 2),
                           stratum = as.integer(ovarian$resid.ds) - 1L)
for (nm in names(sets))
  write.csv(sets[[nm]], file.path(out, paste0("nph_", nm, ".csv")), row.names = FALSE, quote = FALSE)
whas <- file.path(out, "nph_whas500.csv")
if (file.exists(whas)) sets$whas500 <- read.csv(whas)

tstar <- c(lung = 300, veteran = 100, colon = 1000, ovarian = 400, whas500 = 365)
taus <- list(lung = c(365, 730), veteran = c(100, 200), colon = c(1000, 2000),
             ovarian = c(500, 1227, 1500), whas500 = c(365, 1000))
mst <- list(lung = c(180, 365), veteran = c(90, 180), colon = c(365, 1500),
            ovarian = c(365, 800), whas500 = c(30, 365))

fhspec <- list(c(0, 0), c(1, 0), c(0, 1), c(1, 1), c(0, 0.5))

wlr_ref <- function(d, strat, ts) {
  st <- if (strat) d$stratum else rep(0L, nrow(d))
  K <- length(fhspec) + 1
  U <- numeric(K); V <- matrix(0, K, K)
  for (s in sort(unique(st))) {
    i <- st == s
    tt <- d$time[i]; dd <- d$status[i]; gg <- d$group[i]
    ut <- sort(unique(tt[dd == 1]))
    if (length(ut) == 0) next
    N <- vapply(ut, function(u) sum(tt >= u), 0)
    N1 <- vapply(ut, function(u) sum(tt >= u & gg == 1), 0)
    D <- vapply(ut, function(u) sum(tt == u & dd == 1), 0)
    D1 <- vapply(ut, function(u) sum(tt == u & dd == 1 & gg == 1), 0)
    S <- cumprod(1 - D / N)
    Sm <- c(1, S[-length(S)])
    v <- ifelse(N > 1, D * (N - D) / pmax(N - 1, 1) * (N1 / N) * (1 - N1 / N), 0)
    W <- matrix(0, length(ut), K)
    for (k in seq_along(fhspec)) W[, k] <- Sm^fhspec[[k]][1] * (1 - Sm)^fhspec[[k]][2]
    sstar <- if (any(ut <= ts)) S[max(which(ut <= ts))] else 1
    W[, K] <- 1 / pmax(Sm, sstar)
    U <- U + colSums(W * (D1 - D * N1 / N))
    V <- V + t(W) %*% (W * v)
  }
  list(U = U, V = V)
}

lines <- character(0)
emit <- function(...) lines <<- c(lines, paste(...))
for (nm in names(sets)) {
  d <- sets[[nm]]
  ts <- tstar[[nm]]
  for (strat in 0:1) {
    r <- wlr_ref(d, strat, ts)
    z <- r$U / sqrt(diag(r$V))
    for (k in seq_along(fhspec)) {
      sp <- fhspec[[k]]
      if (sp[2] == 0) { # cross-check with survdiff
        fm <- if (strat) Surv(time, status) ~ group + strata(stratum) else Surv(time, status) ~ group
        sd <- survdiff(fm, data = d, rho = sp[1])
        stopifnot(abs(sd$chisq - z[k]^2) <= 1e-10 * sd$chisq)
      }
      emit("fh", nm, strat, f17(sp[1]), f17(sp[2]), f17(r$U[k]), f17(r$V[k, k]), f17(z[k]))
    }
    K <- length(r$U)
    emit("mwlr", nm, strat, f17(ts), f17(r$U[K]), f17(r$V[K, K]), f17(z[K]))
    emit("cov", nm, strat, K, paste(f17(c(t(r$V))), collapse = " "))
    o <- c(1, 3, 2, 4) # fh:0,0 fh:0,1 fh:1,0 fh:1,1
    V4 <- r$V[o, o]
    emit("fhcov", nm, strat, paste(f17(c(t(V4))), collapse = " "))
    zz <- -z[o] # design.md sign: positive = group 1 better
    C <- cov2cor(V4)
    zmax <- zz[which.max(abs(zz))]
    set.seed(1)
    alg <- GenzBretz(maxpts = 2e7, abseps = 1e-7, releps = 0)
    q2 <- pmvnorm(lower = rep(-abs(zmax), 4), upper = rep(abs(zmax), 4), corr = C, algorithm = alg)
    q1 <- pmvnorm(lower = rep(-Inf, 4), upper = rep(max(zz), 4), corr = C, algorithm = alg)
    emit("maxcombo", nm, strat, f17(zmax), f17(1 - q2[1]), f17(1 - q1[1]), f17(attr(q2, "error")),
         f17(attr(q1, "error")))
  }
  fit <- survfit(Surv(time, status) ~ group, data = d)
  for (tau in taus[[nm]]) {
    tb <- summary(fit, rmean = tau)$table
    r0 <- tb[1, "rmean"]; s0 <- tb[1, "se(rmean)"]; r1 <- tb[2, "rmean"]; s1 <- tb[2, "se(rmean)"]
    se <- sqrt(s0^2 + s1^2)
    emit("rmst", nm, f17(tau), f17(r0), f17(s0), f17(r1), f17(s1), f17(r1 - r0), f17(se), f17((r1 - r0) / se))
  }
  for (tm in mst[[nm]]) {
    sv <- numeric(2); gw <- numeric(2)
    for (g in 0:1) {
      f <- survfit(Surv(time, status) ~ 1, data = d[d$group == g, ])
      k <- which(f$time <= tm)
      sv[g + 1] <- if (length(k)) f$surv[max(k)] else 1
      h <- ifelse(f$n.risk > f$n.event, f$n.event / (f$n.risk * (f$n.risk - f$n.event)), 0)
      gw[g + 1] <- sum(h[k])
      # survfit's std.err is the Greenwood SE of -log S
      if (length(k)) stopifnot(abs(sqrt(gw[g + 1]) - f$std.err[max(k)]) < 1e-12)
    }
    z <- (log(-log(sv[1])) - log(-log(sv[2]))) / sqrt(gw[1] / log(sv[1])^2 + gw[2] / log(sv[2])^2)
    emit("ms", nm, f17(tm), f17(sv[1]), f17(sv[2]), f17(gw[1]), f17(gw[2]), f17(z))
  }
}
writeLines(lines, "tests/r/nph_tests.txt")
if (!is.null(sets$whas500)) {
  d <- sets$whas500
  cat("WHAS500 survdiff / FH chi-squares (CAMIS: 10.900 9.9000 9.5455 9.8019):\n")
  r <- wlr_ref(d, 0, 365)
  print((r$U^2 / diag(r$V))[1:4])
}
cat(length(lines), "reference lines\n")
