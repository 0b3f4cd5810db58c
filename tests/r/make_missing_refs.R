# make_missing_refs.R — data sets with missing values, R's 1/2 status
# coding, numeric covariates, factors and text event codes, and R survival's
# results on their complete cases, for tests/analyze.sh (issue 12, item 3).
#
# Run from the source root:  Rscript tests/r/make_missing_refs.R > tests/r/make_missing_refs.log
# Writes tests/data/analyze_lung.csv, tests/data/analyze_missing.csv and
# tests/r/missing_refs.txt; prints the R fits (kept in make_missing_refs.log).
# R is never needed to build or run the tests.
#
# Each analysis reads the CSV back as hifusim does (read.csv with NA, "." and
# "" as missing) and drops incomplete rows of the used columns (na.omit), so
# R and hifusim see identical doubles and rows. Text levels are sorted in the
# C collation (hifusim uses strcmp).
#
# missing_refs.txt lines (whitespace separated, numbers with %.17g):
#   cmd CASE FILE ARGS...     the hifusim analyze command (FILE under tests/data)
#   ref CASE JSONPATH VALUE   a value of its --json output (a.b.c, arrays a.b[i])
suppressMessages(library(survival))
invisible(Sys.setlocale("LC_COLLATE", "C"))
options(digits = 17, width = 120)
set.seed(20250901)
out <- "tests/data"
ctl <- coxph.control(eps = 1e-14, iter.max = 100, toler.chol = 1e-15)
ff <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
lines <- character(0)
add <- function(...) lines <<- c(lines, paste(...))
nas <- c("NA", ".", "")

# 1. survival::lung as write.csv writes it: status 1/2 (2 = dead), times in
#    days, NA in inst, ph.ecog, ph.karno, pat.karno, meal.cal, wt.loss.
write.csv(survival::lung, file.path(out, "analyze_lung.csv"), row.names = FALSE)

# 2. A synthetic trial: text arms, event codes dead/alive/lost, and NA, "."
#    and empty cells mixed in every column, including one the analysis never
#    uses (notes), which must not drop rows.
n <- 300
arm <- rep(c("chemo", "hifu_chemo"), length.out = n)
age <- round(rnorm(n, 62, 9), 1)
kras <- sample(c("wt", "mut"), n, replace = TRUE, prob = c(0.6, 0.4))
grade <- sample(1:3, n, replace = TRUE)
site <- sample(c("north", "south", "east"), n, replace = TRUE)
lp <- log(0.65) * (arm == "hifu_chemo") + 0.02 * (age - 62) + 0.3 * (kras == "mut") + 0.25 * (grade - 1)
t <- rexp(n, 0.04 * exp(lp))
c <- rexp(n, 0.015)
time <- round(pmax(0.01, pmin(t, c)), 2)
status <- ifelse(t <= c, "dead", sample(c("alive", "lost"), n, replace = TRUE, prob = c(0.8, 0.2)))
notes <- sample(c("", "NA", "ok", "."), n, replace = TRUE)
cells <- data.frame(time = sprintf("%.2f", time), status = status, arm = arm, site = site,
                    age = sprintf("%.1f", age), kras = kras, grade = as.character(grade), notes = notes,
                    stringsAsFactors = FALSE)
for (col in c("time", "status", "arm", "site", "age", "kras", "grade")) {
  k <- sample(n, if (col %in% c("time", "arm")) 3 else 8)
  cells[[col]][k] <- sample(nas, length(k), replace = TRUE)
}
write.csv(cells, file.path(out, "analyze_missing.csv"), row.names = FALSE, quote = FALSE)

readback <- function(file) read.csv(file.path(out, file), na.strings = nas, stringsAsFactors = FALSE)

# One case: hifusim's arguments, and the same analysis in R.
# group, strata: column names; covs: covariate columns; factors: those made
# categorical; ev: function(status) -> 0/1; tau; ties; control level.
case <- function(name, file, group, strata, covs, factors, ev, evarg, tau, ties, control, unit) {
  d0 <- readback(file)
  used <- c("time", "status", group, strata, covs)
  d <- na.omit(d0[, used])
  cat("\n=====", name, ":", nrow(d0) - nrow(d), "rows dropped of", nrow(d0), "\n")
  d$ev <- ev(d$status)
  g <- factor(d[[group]])
  if (!is.null(control)) g <- relevel(g, control)
  d$g <- g
  for (f in factors) d[[f]] <- factor(d[[f]])
  for (cv in setdiff(covs, factors)) if (is.character(d[[cv]])) d[[cv]] <- factor(d[[cv]])
  args <- paste(file, "--time time --event status --group", group, if (!is.null(strata)) paste("--strata", strata),
                paste("--covariate", covs, collapse = " "), if (length(factors)) paste("--factor", factors, collapse = " "),
                evarg, "--tau", tau, "--ties", ties, if (!is.null(control)) paste("--control", control),
                "--time-unit", unit)
  add("cmd", name, gsub(" +", " ", args))
  add("ref", name, "n", nrow(d))
  add("ref", name, "n_rows", nrow(d0))
  add("ref", name, "n_dropped_missing", nrow(d0) - nrow(d))
  add("ref", name, "events", sum(d$ev))
  # log-rank
  lrf <- if (is.null(strata)) Surv(time, ev) ~ g else as.formula(paste("Surv(time, ev) ~ g + strata(", strata, ")"))
  s <- survdiff(lrf, data = d)
  print(s)
  add("ref", name, "logrank.chisq", ff(s$chisq))
  # Cox
  rhs <- paste(c("g", covs, if (!is.null(strata)) paste0("strata(", strata, ")")), collapse = " + ")
  fit <- coxph(as.formula(paste("Surv(time, ev) ~", rhs)), data = d, ties = ties, control = ctl)
  print(summary(fit))
  add("ref", name, "cox.loglik", ff(fit$loglik[2]))
  add("ref", name, "cox.lr", ff(2 * (fit$loglik[2] - fit$loglik[1])))
  add("ref", name, "cox.wald", ff(fit$wald.test))
  add("ref", name, "cox.score", ff(fit$score))
  b <- coef(fit)
  se <- sqrt(diag(fit$var))
  for (j in seq_along(b)) {
    add("ref", name, sprintf("cox.coef[%d]", j - 1), ff(b[[j]]))
    add("ref", name, sprintf("cox.se[%d]", j - 1), ff(se[[j]]))
  }
  cat("terms:", names(b), "\n")
  # Kaplan-Meier per group, RMST to tau
  for (lv in levels(g)) {
    f <- survfit(Surv(time, ev) ~ 1, data = d[d$g == lv, ])
    tb <- summary(f, rmean = tau)$table
    for (k in c("median", "0.95LCL", "0.95UCL", "rmean", "se(rmean)")) {
      key <- c(median = "median", "0.95LCL" = "median_lcl", "0.95UCL" = "median_ucl", rmean = "rmst",
               "se(rmean)" = "rmst_se")[[k]]
      if (!is.na(tb[[k]])) add("ref", name, sprintf("km.%s.%s", lv, key), ff(tb[[k]]))
    }
    add("ref", name, sprintf("km.%s.n", lv), tb[["n.max"]])
    add("ref", name, sprintf("km.%s.events", lv), tb[["events"]])
  }
}

is2 <- function(s) as.integer(s == 2)
# lung: automatic 1/2 coding, numeric covariates (ph.ecog linear), days
case("lung", "analyze_lung.csv", "sex", NULL, c("age", "ph.ecog", "wt.loss"), character(0), is2, "",
     365, "efron", NULL, "days")
# lung: ph.ecog as a factor, strata by institution (one NA), meal.cal (47 NA), Breslow
case("lung_factor", "analyze_lung.csv", "sex", "inst", c("ph.ecog", "meal.cal"), "ph.ecog", is2, "",
     500, "breslow", NULL, "days")
# lung: --event-value 2 is the same coding, written out
case("lung_evvalue", "analyze_lung.csv", "sex", NULL, c("age", "ph.ecog", "wt.loss"), character(0), is2,
     "--event-value 2", 365, "efron", NULL, "days")
# synthetic: text event codes, text covariate, numeric factor, text strata, control
case("synth", "analyze_missing.csv", "arm", "site", c("age", "kras", "grade"), "grade",
     function(s) as.integer(s == "dead"), "--event-value dead", 36, "efron", "hifu_chemo", "months")
# synthetic: grade linear (numeric), no strata, Breslow
case("synth_linear", "analyze_missing.csv", "arm", NULL, c("age", "grade"), character(0),
     function(s) as.integer(s == "dead"), "--event-value dead", 24, "breslow", NULL, "weeks")

writeLines(lines, "tests/r/missing_refs.txt")
cat("\nwrote", length(lines), "lines to tests/r/missing_refs.txt\n")
