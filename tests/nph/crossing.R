# tests/nph/crossing.R — the crossing-hazards design of tests/nph/crossing.ini
# (tests/nph_sim.sh): control exponential with median 12 months; experimental
# hazard = 1.5 x control for the first 6 months, then h2 x control. Finds the
# h2 for which the true RMSTs to tau = 18 months are equal (a null in RMST
# with crossing hazards and crossing survival curves), by closed form and
# uniroot, and checks it by numerical integration. Output: crossing.txt.
# Run: Rscript tests/nph/crossing.R > tests/nph/crossing.txt
lambda <- log(2) / 12
h1 <- 1.5; cut <- 6; tau <- 18
s_c <- function(t) exp(-lambda * t)
s_e <- function(t, h2) ifelse(t < cut, exp(-h1 * lambda * t),
                              exp(-h1 * lambda * cut - h2 * lambda * (t - cut)))
rmst_c <- (1 - exp(-lambda * tau)) / lambda
rmst_e <- function(h2)
    (1 - exp(-h1 * lambda * cut)) / (h1 * lambda) +
    exp(-h1 * lambda * cut) * (1 - exp(-h2 * lambda * (tau - cut))) / (h2 * lambda)
h2 <- uniroot(function(h) rmst_e(h) - rmst_c, c(0.01, 1), tol = 1e-14)$root
num_c <- integrate(s_c, 0, tau, rel.tol = 1e-12)$value
num_e <- integrate(function(t) s_e(t, h2), 0, tau, rel.tol = 1e-12,
                   subdivisions = 1000L)$value
cat(sprintf("lambda %.12f per month (median 12), h1 %.1f for t < %g, tau %g\n",
            lambda, h1, cut, tau))
cat(sprintf("h2 %.10f\n", h2))
cat(sprintf("h2 (6 decimals, as in crossing.ini) %.6f\n", h2))
cat(sprintf("RMST to tau: control %.10f, experimental %.10f (closed form)\n",
            rmst_c, rmst_e(h2)))
cat(sprintf("RMST to tau: control %.10f, experimental %.10f (integrate)\n",
            num_c, num_e))
cat(sprintf("RMST difference with h2 rounded to 6 decimals: %.3e months\n",
            rmst_e(round(h2, 6)) - rmst_c))
cat(sprintf("survival at tau: control %.6f, experimental %.6f\n",
            s_c(tau), s_e(tau, round(h2, 6))))
