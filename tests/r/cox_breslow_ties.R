# cox_breslow_ties.R -- R check of the closed form in tests/test_cox.c
# (breslow_ties_closed_form): 440 rows, 2 distinct times, Breslow ties.
# Output in cox_breslow_ties.txt: coef, loglik0, loglik, LR, score.
# R is not needed to run the tests; rerun with: Rscript cox_breslow_ties.R
library(survival)
i <- 0:439
g <- i %% 2; k <- i %/% 2; nev <- ifelse(g == 1, 60, 120)
d <- data.frame(time = ifelse(k < nev + 10, 1, 2), status = as.integer(k < nev), arm = g)
f <- coxph(Surv(time, status) ~ arm, d, ties = "breslow", control = coxph.control(eps = 1e-14, toler.chol = 1e-15))
cat(sprintf("%.15g %.15g %.15g %.15g %.15g\n", coef(f), f$loglik[1], f$loglik[2],
            2 * diff(f$loglik), f$score))
