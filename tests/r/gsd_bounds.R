# gsd_bounds.R -- reference group-sequential bounds from rpact, for tests/test_gsd.c.
# Run from the repository root:
#   Rscript tests/r/gsd_bounds.R > tests/r/gsd_bounds.txt
# One design per line, whitespace-separated key=value fields; vectors are
# comma-separated, one value per look (NA where rpact gives none).
#   spec: k sides alpha beta binding eff fut t   (eff/fut as in design.md)
#   rpact getDesignGroupSequential: zeff (criticalValues), zfut (futilityBounds,
#     k-1 values), acum (alphaSpent), bcum (betaSpent, NA without beta spending)
#   rpact getDesignCharacteristics: shift (= drift^2), infl (inflationFactor),
#     prej (rejectionProbabilities at the shift), pfut (futilityProbabilities, k-1)
suppressMessages(library(rpact))

designs <- list(
  # one-sided, efficacy only
  list(k = 2, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "asof", fut = "none", t = c(0.5, 1)),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.1, binding = 0, eff = "asof", fut = "none", t = c(1, 2, 3) / 3),
  list(k = 4, sides = 1, alpha = 0.05, beta = 0.2, binding = 0, eff = "asof", fut = "none", t = c(0.2, 0.45, 0.8, 1)),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "asp", fut = "none", t = c(1, 2, 3) / 3),
  list(k = 5, sides = 1, alpha = 0.05, beta = 0.1, binding = 0, eff = "asp", fut = "none", t = c(0.1, 0.3, 0.5, 0.75, 1)),
  list(k = 4, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "askd:1", fut = "none", t = c(1, 2, 3, 4) / 4),
  list(k = 2, sides = 1, alpha = 0.025, beta = 0.1, binding = 0, eff = "askd:3", fut = "none", t = c(0.4, 1)),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "ashsd:-4", fut = "none", t = c(1, 2, 3) / 3),
  list(k = 5, sides = 1, alpha = 0.05, beta = 0.2, binding = 0, eff = "ashsd:1", fut = "none", t = c(1, 2, 3, 4, 5) / 5),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.1, binding = 0, eff = "ashsd:-2", fut = "none", t = c(0.25, 0.6, 1)),
  list(k = 2, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "of", fut = "none", t = c(0.5, 1)),
  list(k = 4, sides = 1, alpha = 0.025, beta = 0.1, binding = 0, eff = "of", fut = "none", t = c(0.3, 0.5, 0.9, 1)),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "p", fut = "none", t = c(1, 2, 3) / 3),
  list(k = 5, sides = 1, alpha = 0.05, beta = 0.2, binding = 0, eff = "p", fut = "none", t = c(0.15, 0.4, 0.6, 0.85, 1)),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "hp", fut = "none", t = c(1, 2, 3) / 3),
  list(k = 4, sides = 1, alpha = 0.05, beta = 0.1, binding = 0, eff = "hp", fut = "none", t = c(0.2, 0.5, 0.7, 1)),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "none", fut = "none", t = c(1, 2, 3) / 3),
  list(k = 1, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "asof", fut = "none", t = 1),
  list(k = 10, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "asof", fut = "none", t = (1:10) / 10),
  list(k = 10, sides = 1, alpha = 0.05, beta = 0.1, binding = 0, eff = "ashsd:-4", fut = "none",
       t = c(0.05, 0.1, 0.2, 0.3, 0.45, 0.55, 0.7, 0.8, 0.9, 1)),
  # two-sided (alpha is the two-sided total)
  list(k = 3, sides = 2, alpha = 0.05, beta = 0.2, binding = 0, eff = "asof", fut = "none", t = c(1, 2, 3) / 3),
  list(k = 2, sides = 2, alpha = 0.05, beta = 0.1, binding = 0, eff = "asp", fut = "none", t = c(0.35, 1)),
  list(k = 4, sides = 2, alpha = 0.05, beta = 0.2, binding = 0, eff = "askd:2", fut = "none", t = c(1, 2, 3, 4) / 4),
  list(k = 5, sides = 2, alpha = 0.05, beta = 0.2, binding = 0, eff = "ashsd:-4", fut = "none", t = c(1, 2, 3, 4, 5) / 5),
  list(k = 3, sides = 2, alpha = 0.05, beta = 0.1, binding = 0, eff = "of", fut = "none", t = c(0.4, 0.7, 1)),
  list(k = 4, sides = 2, alpha = 0.05, beta = 0.2, binding = 0, eff = "p", fut = "none", t = c(1, 2, 3, 4) / 4),
  list(k = 3, sides = 2, alpha = 0.05, beta = 0.2, binding = 0, eff = "hp", fut = "none", t = c(1, 2, 3) / 3),
  list(k = 2, sides = 2, alpha = 0.025, beta = 0.2, binding = 0, eff = "asof", fut = "none", t = c(0.5, 1)),
  # beta-spending futility, drift solved jointly
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "asof", fut = "bsof", t = c(1, 2, 3) / 3),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 1, eff = "asof", fut = "bsof", t = c(1, 2, 3) / 3),
  list(k = 2, sides = 1, alpha = 0.025, beta = 0.1, binding = 0, eff = "asof", fut = "bsp", t = c(0.5, 1)),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.1, binding = 1, eff = "asp", fut = "bsp", t = c(1, 2, 3) / 3),
  list(k = 4, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "askd:3", fut = "bskd:2", t = c(0.3, 0.5, 0.8, 1)),
  list(k = 4, sides = 1, alpha = 0.05, beta = 0.1, binding = 1, eff = "askd:2", fut = "bskd:3", t = c(1, 2, 3, 4) / 4),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "ashsd:-4", fut = "bshsd:-2", t = c(1, 2, 3) / 3),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 1, eff = "ashsd:-4", fut = "bshsd:-2", t = c(1, 2, 3) / 3),
  list(k = 5, sides = 1, alpha = 0.05, beta = 0.1, binding = 0, eff = "asof", fut = "bshsd:1", t = c(0.2, 0.35, 0.5, 0.8, 1)),
  list(k = 2, sides = 1, alpha = 0.05, beta = 0.2, binding = 1, eff = "ashsd:-2", fut = "bshsd:-4", t = c(0.6, 1)),
  list(k = 10, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "asof", fut = "bsof", t = (1:10) / 10),
  # the East 6.5 case of the CAMIS comparison page (interim at 176 of 235 events)
  list(k = 2, sides = 1, alpha = 0.0125, beta = 0.0495, binding = 0, eff = "asof", fut = "bshsd:-10", t = c(176 / 235, 1)),
  # fixed futility bounds on the Z scale
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 0, eff = "asof", fut = "z:0,0.5", t = c(1, 2, 3) / 3),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 1, eff = "asof", fut = "z:0,0.5", t = c(1, 2, 3) / 3),
  list(k = 2, sides = 1, alpha = 0.025, beta = 0.1, binding = 1, eff = "of", fut = "z:0.2", t = c(0.5, 1)),
  list(k = 4, sides = 1, alpha = 0.05, beta = 0.2, binding = 1, eff = "p", fut = "z:-0.5,0,0.5", t = c(0.25, 0.4, 0.7, 1)),
  list(k = 2, sides = 1, alpha = 0.025, beta = 0.2, binding = 1, eff = "hp", fut = "z:0", t = c(0.5, 1)),
  list(k = 2, sides = 1, alpha = 0.05, beta = 0.1, binding = 0, eff = "asp", fut = "z:0", t = c(0.3, 1)),
  list(k = 3, sides = 1, alpha = 0.025, beta = 0.2, binding = 1, eff = "ashsd:-4", fut = "z:-1,0", t = c(0.4, 0.7, 1)),
  list(k = 5, sides = 1, alpha = 0.025, beta = 0.1, binding = 1, eff = "askd:2", fut = "z:-0.5,0,0.25,0.5", t = c(1, 2, 3, 4, 5) / 5)
)

vec <- function(x) paste(ifelse(is.na(x), "NA", sprintf("%.15g", x)), collapse = ",")

design_of <- function(d) {
  args <- list(kMax = d$k, alpha = d$alpha, beta = d$beta, sided = d$sides,
               informationRates = d$t, bindingFutility = d$binding == 1)
  e <- strsplit(d$eff, ":")[[1]]
  args$typeOfDesign <- switch(e[1], asof = "asOF", asp = "asP", askd = "asKD", ashsd = "asHSD",
                              of = "OF", p = "P", hp = "HP", none = "noEarlyEfficacy")
  if (length(e) > 1) args$gammaA <- as.numeric(e[2])
  f <- strsplit(d$fut, ":")[[1]]
  if (f[1] == "z") {
    args$futilityBounds <- as.numeric(strsplit(f[2], ",")[[1]])
  } else if (f[1] != "none") {
    args$typeBetaSpending <- switch(f[1], bsof = "bsOF", bsp = "bsP", bskd = "bsKD", bshsd = "bsHSD")
    if (length(f) > 1) args$gammaB <- as.numeric(f[2])
  }
  if (d$k == 1) args$bindingFutility <- NULL
  do.call(getDesignGroupSequential, args)
}

cat(sprintf("# %s; rpact %s\n", R.version.string, packageVersion("rpact")))
cat("# made by: Rscript tests/r/gsd_bounds.R > tests/r/gsd_bounds.txt\n")
for (d in designs) {
  g <- design_of(d)
  ch <- getDesignCharacteristics(g)
  zfut <- if (d$k > 1) g$futilityBounds else numeric(0)
  bcum <- if (length(g$betaSpent) == d$k) g$betaSpent else rep(NA, d$k)
  pfut <- if (d$k > 1) ch$futilityProbabilities else numeric(0)
  cat(sprintf("k=%d sides=%d alpha=%s beta=%s binding=%d eff=%s fut=%s t=%s zeff=%s zfut=%s acum=%s bcum=%s shift=%s infl=%s prej=%s pfut=%s\n",
              d$k, d$sides, vec(d$alpha), vec(d$beta), d$binding, d$eff, d$fut, vec(d$t),
              vec(g$criticalValues), if (d$k > 1) vec(zfut) else "-", vec(g$alphaSpent), vec(bcum),
              vec(ch$shift), vec(ch$inflationFactor), vec(ch$rejectionProbabilities),
              if (d$k > 1) vec(pfut) else "-"))
}
