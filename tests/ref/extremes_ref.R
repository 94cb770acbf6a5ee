# Reference values for tests/check_extremes.c: results at the edges of the
# double range, from R's own functions.
#  - chi-square and log-rank p values far below 1e-300, as log p
#    (pchisq(lower.tail = FALSE, log.p = TRUE) on R's statistic);
#  - Fisher's exact test on counts in the tens of thousands;
#  - Kaplan-Meier and log-rank on times near DBL_MAX and below DBL_MIN.
# Deterministic (no random numbers): every data set is a formula that
# check_extremes.c repeats.  Run from this directory:
#   Rscript extremes_ref.R
# It writes extremes_*.csv here; the C suite reads them, so `make check`
# needs no R.

suppressMessages(library(survival))
options(digits = 17, warn = 1)
fmt <- function(x) {
  ifelse(is.na(x), "NA",
         ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"),
                sprintf("%.17g", x)))
}
write_ref <- function(df, file, comment) {
  con <- file(file, "w")
  writeLines(paste("#", comment), con)
  writeLines(paste("#", R.version.string, "survival", packageDescription("survival")$Version), con)
  writeLines(paste(names(df), collapse = ","), con)
  cols <- lapply(df, fmt)
  for (i in seq_len(nrow(df)))
    writeLines(paste(vapply(cols, `[`, "", i), collapse = ","), con)
  close(con)
}
long_form <- function(tables) {
  do.call(rbind, lapply(seq_along(tables), function(k) {
    x <- tables[[k]]
    data.frame(id = k, nrow = nrow(x), ncol = ncol(x),
               cell = seq_len(length(x)) - 1, value = as.vector(t(x)))
  }))
}

# ------------------------------------------------------------- chi-square
# Statistics from 1.3e3 to 1e15: p from 1e-285 down to exp(-5e14).
chisq_tables <- list(
  rbind(c(11800, 8200), c(8200, 11800)),              # p 3e-285, still normal
  rbind(c(12000, 8000), c(8000, 12000)),              # X2 1600: p 1e-349 underflows
  rbind(c(400000, 100000), c(100000, 400000)),        # X2 3.6e5
  rbind(c(3000, 10, 10), c(10, 3000, 10), c(10, 10, 3000)),  # 3 x 3, 4 df
  rbind(c(900, 800, 700, 600, 500, 400, 300, 200, 100, 50),
        c(50, 100, 200, 300, 400, 500, 600, 700, 800, 900)),  # 2 x 10, 9 df
  rbind(c(2^51, 2^50), c(2^50, 2^51))                 # total 3 * 2^51 < 2^53
)
write_ref(long_form(chisq_tables), "extremes_chisq_tables.csv",
          "Tables of the chi-square cases, long form (cell = i * ncol + j)")
rows <- list()
for (k in seq_along(chisq_tables)) {
  for (correct in c(FALSE, TRUE)) {
    ct <- chisq.test(chisq_tables[[k]], correct = correct)
    st <- unname(ct$statistic); df <- unname(ct$parameter)
    rows[[length(rows) + 1]] <- data.frame(
      id = k, correct = as.numeric(correct), statistic = st, df = df,
      p_value = ct$p.value,
      log_p = pchisq(st, df, lower.tail = FALSE, log.p = TRUE))
  }
}
write_ref(do.call(rbind, rows), "extremes_chisq.csv",
          "chisq.test(x, correct) and pchisq(statistic, df, lower.tail = FALSE, log.p = TRUE)")

# --------------------------------------------------------------- log-rank
# Case data (check_extremes.c builds the same): k groups of N subjects;
# subject i (1-based) of group g has time (g N + i) * scale and dies
# unless every > 0 and i %% every == 0; with two strata, stratum s holds
# the groups shifted by s * k N.
lr_data <- function(k, N, scale, every = 0, strata = 1) {
  d <- do.call(rbind, lapply(seq_len(strata) - 1, function(s)
    do.call(rbind, lapply(seq_len(k) - 1, function(g) {
      i <- seq_len(N)
      data.frame(time = (s * k * N + g * N + i) * scale,
                 status = if (every > 0) as.numeric(i %% every != 0) else 1,
                 group = g, stratum = s)
    }))))
  d
}
lr_cases <- list(
  list(k = 2, N = 3000, scale = 1, every = 0, strata = 1, rho = 0, timefix = TRUE),
  list(k = 2, N = 3000, scale = 1, every = 0, strata = 1, rho = 1, timefix = TRUE),
  list(k = 3, N = 2000, scale = 1, every = 5, strata = 1, rho = 0, timefix = TRUE),
  list(k = 2, N = 1500, scale = 1, every = 0, strata = 2, rho = 0, timefix = TRUE),
  # times up to 6e307: their sum overflows a double (timefix's mean)
  list(k = 2, N = 3000, scale = 1e304, every = 0, strata = 1, rho = 0, timefix = TRUE),
  # subnormal times, timefix off (on, it merges every one of them)
  list(k = 2, N = 3000, scale = 5e-324, every = 0, strata = 1, rho = 0, timefix = FALSE),
  # a moderate case: p just above the normal range
  list(k = 2, N = 400, scale = 1, every = 3, strata = 1, rho = 0, timefix = TRUE)
)
rows <- list()
for (j in seq_along(lr_cases)) {
  cs <- lr_cases[[j]]
  d <- lr_data(cs$k, cs$N, cs$scale, cs$every, cs$strata)
  time <- d$time; status <- d$status; group <- d$group; stratum <- d$stratum
  # survdiff(timefix = FALSE) fails in survival 3.5.3 ("variable lengths
  # differ": the argument reaches model.frame).  Without timefix the test
  # depends on the order of the times only, so their ranks stand in.
  if (!cs$timefix) time <- match(time, sort(unique(time)))
  s <- if (cs$strata > 1)
    survdiff(Surv(time, status) ~ group + strata(stratum), rho = cs$rho)
  else survdiff(Surv(time, status) ~ group, rho = cs$rho)
  e <- if (is.matrix(s$exp)) rowSums(s$exp) else s$exp  # strata: one column each
  df <- sum(e > 0) - 1
  rows[[j]] <- data.frame(case = j, k = cs$k, N = cs$N, scale = cs$scale,
                          every = cs$every, strata = cs$strata, rho = cs$rho,
                          timefix = as.numeric(cs$timefix), chisq = s$chisq,
                          df = df,
                          p_value = pchisq(s$chisq, df, lower.tail = FALSE),
                          log_p = pchisq(s$chisq, df, lower.tail = FALSE, log.p = TRUE))
}
write_ref(do.call(rbind, rows), "extremes_logrank.csv",
          "survdiff(rho, timefix) on the cases described in extremes_ref.R; log_p from pchisq(log.p = TRUE)")

# ----------------------------------------------------------------- Fisher
# Counts in the tens of thousands.  fisher.test with uniroot's tolerance
# tightened (as contingency_ref.R does) for the odds ratio and limits.
source("lib/fisher-exact.R")  # fisher_tight
fisher_tables <- list(
  rbind(c(10000, 10000), c(10000, 10001)),    # p 1
  rbind(c(10000, 9900), c(9950, 10050)),      # p 0.32
  rbind(c(11000, 9000), c(9000, 11000)),      # p 5e-89
  rbind(c(11800, 8200), c(8200, 11800)),      # p 3e-285
  rbind(c(30000, 20000), c(29000, 21500)),    # p 1e-16
  rbind(c(20000, 15), c(19990, 30)),          # skewed: p 0.04
  rbind(c(5000, 5200, 4900), c(5050, 4850, 5000)),       # 2 x 3, n = 30000
  rbind(c(10000, 10100, 9900), c(10050, 9950, 10000))    # 2 x 3, n = 60000
)
# FEXACT (fisher.test beyond 2 x 2) merges paths within its tolerance and
# is off by about 1e-7 relative on these 2 x 3 tables, so their p values
# also come from full enumeration: every table with the observed margins,
# P = prod_j C(c_j, x_1j) / C(n, r_1), summed where log P <= log P(obs) +
# 3.45254e-7 (FEXACT's criterion).  Cells more than 2000 from their
# expected value (about 50 standard deviations) have P below e^-1000 of
# the largest and are left out.
fisher_enum_2x3 <- function(x) {
  r <- rowSums(x); cc <- colSums(x); n <- sum(x)
  lobs <- sum(lchoose(cc, x[1, ])) - lchoose(n, r[1])
  e <- round(r[1] * cc / n)
  p <- 0
  for (a in max(0, r[1] - cc[2] - cc[3], e[1] - 2000):min(r[1], cc[1], e[1] + 2000)) {
    b <- max(0, r[1] - a - cc[3], e[2] - 2000):min(r[1] - a, cc[2], e[2] + 2000)
    cv <- r[1] - a - b
    lp <- lchoose(cc[1], a) + lchoose(cc[2], b) + lchoose(cc[3], cv) - lchoose(n, r[1])
    p <- p + sum(exp(lp[lp <= lobs + 3.45254e-7]))
  }
  p
}
write_ref(long_form(fisher_tables), "extremes_fisher_tables.csv",
          "Tables of the Fisher cases, long form (cell = i * ncol + j)")
alts <- c("two.sided", "less", "greater")
rows <- list()
for (k in seq_along(fisher_tables)) {
  x <- fisher_tables[[k]]
  is2x2 <- all(dim(x) == 2)
  for (a in if (is2x2) 0:2 else 0) {
    ft <- if (is2x2) fisher_tight(x, alternative = alts[a + 1])
          else fisher.test(x, workspace = 2e8)
    rows[[length(rows) + 1]] <- data.frame(
      id = k, alternative = a, conf_level = 0.95, p_value = ft$p.value,
      p_enum = if (is2x2) NA else fisher_enum_2x3(x),
      odds_ratio = if (is2x2) unname(ft$estimate) else NA,
      or_lower = if (is2x2) ft$conf.int[1] else NA,
      or_upper = if (is2x2) ft$conf.int[2] else NA)
  }
}
write_ref(do.call(rbind, rows), "extremes_fisher.csv",
          paste("fisher.test(x, alternative) (2 x 2: uniroot tightened; r x c:",
                "FEXACT, workspace 2e8); alternative 0 two.sided, 1 less, 2 greater"))

# ---------------------------------------------------------- Kaplan-Meier
# Times near DBL_MAX with timefix on (R's mean(abs(time)) sums in long
# double and does not overflow), and subnormal times with timefix off.
km_cases <- list(
  list(time = c(1e308, 1.5e308, 1.7e308, 1.2e308, .Machine$double.xmax, 1.1e308),
       status = c(1, 1, 0, 1, 1, 0), timefix = TRUE),
  list(time = c(1, 3, 2, 5, 4, 6, 8, 7) * 2^-1074,
       status = c(1, 1, 0, 1, 1, 0, 1, 0), timefix = FALSE),
  list(time = c(1e-310, 3e-310, 2e-310, 2.2250738585072014e-308, 4e-310),
       status = c(1, 0, 1, 1, 1), timefix = FALSE)
)
rows <- list(); data_rows <- list()
for (j in seq_along(km_cases)) {
  cs <- km_cases[[j]]
  time <- cs$time; status <- cs$status
  f <- survfit(Surv(time, status) ~ 1, timefix = cs$timefix)
  data_rows[[j]] <- data.frame(case = j, time = time, status = status,
                               timefix = as.numeric(cs$timefix))
  rows[[j]] <- data.frame(case = j, time = f$time, n_risk = f$n.risk,
                          n_event = f$n.event, surv = f$surv,
                          std_logsurv = f$std.err, lower = f$lower,
                          upper = f$upper)
}
write_ref(do.call(rbind, data_rows), "extremes_km_data.csv",
          "Kaplan-Meier data: times near DBL_MAX (timefix on) and subnormal (timefix off)")
write_ref(do.call(rbind, rows), "extremes_km.csv",
          "survfit(Surv(time, status) ~ 1, timefix): time, n.risk, n.event, surv, std.err (of log S), log-scale limits")
