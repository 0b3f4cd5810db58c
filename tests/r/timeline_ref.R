# timeline_ref.R — rpact's getSampleSizeSurvival for the protocol design of
# issue 17 ("20 patients a month, at least 24 months of follow-up, HR 0.7,
# median 30 months control, exponential, 1:1, one-sided 0.025"), the
# reference of tests/timeline.sh. configs/timeline_example.ini mirrors it
# (accrual = 0:20, analysis = followup:24). Run from the source root:
#     Rscript tests/r/timeline_ref.R > tests/r/timeline_ref.txt
# R and rpact (r-cran-rpact) are needed only to remake the table, never to
# build hifusim or to run its tests.
# Output lines:
#   n   POWER EVENTS N ACCRUAL_DURATION FOLLOWUP ANALYSIS_TIME
#       (solve for N at 20/month and 24 months of follow-up)
#   fu  POWER N EVENTS FOLLOWUP ANALYSIS_TIME
#       (solve for the follow-up at a given N, accrued at 20/month)
suppressMessages(library(rpact))
cat(sprintf("# rpact %s, %s\n", as.character(packageVersion("rpact")), R.version.string))
cat("# n power events n accrual_duration followup analysis_time\n")
for (pw in c(0.8, 0.9)) {
  d <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1, beta = 1 - pw)
  s <- getSampleSizeSurvival(d, hazardRatio = 0.7, lambda2 = log(2) / 30,
                             accrualTime = 0, accrualIntensity = 20,
                             followUpTime = 24, allocationRatioPlanned = 1)
  cat(sprintf("n %.2f %.6f %.6f %.6f %.6f %.6f\n", pw, s$maxNumberOfEvents,
              s$maxNumberOfSubjects, s$accrualTime[length(s$accrualTime)],
              s$followUpTime, s$analysisTime[1, 1]))
}
cat("# fu power n events followup analysis_time\n")
for (pw in c(0.8, 0.9)) {
  d <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1, beta = 1 - pw)
  s <- getSampleSizeSurvival(d, hazardRatio = 0.7, lambda2 = log(2) / 30,
                             accrualTime = c(0, 30), maxNumberOfSubjects = 600,
                             allocationRatioPlanned = 1)
  cat(sprintf("fu %.2f %.6f %.6f %.6f %.6f\n", pw, s$maxNumberOfSubjects,
              s$maxNumberOfEvents, s$followUpTime, s$analysisTime[1, 1]))
}
