# Reference values for tests/check_contingency.c from R's own functions:
# chisq.test, fisher.test, prop.trend.test and pchisq(log.p = TRUE).
# Deterministic (no random numbers).  Run from this directory:
#   Rscript contingency_ref.R
# It writes contingency_*.csv here; the C suite reads them, so
# `make check` needs no R.
#
# Tables are stored in long form (one row per cell, row-major index
# cell = i * ncol + j, 0-based) in contingency_tables.csv.

options(digits = 17, warn = 1)
fmt <- function(x) {
  ifelse(is.na(x), "NA",
         ifelse(is.infinite(x), ifelse(x > 0, "Inf", "-Inf"),
                sprintf("%.17g", x)))
}
write_ref <- function(df, file, comment) {
  con <- file(file, "w")
  writeLines(paste("#", comment), con)
  writeLines(paste(names(df), collapse = ","), con)
  cols <- lapply(df, fmt)
  for (i in seq_len(nrow(df)))
    writeLines(paste(vapply(cols, `[`, "", i), collapse = ","), con)
  close(con)
}

# ------------------------------------------------------------------ tables
# rbind() gives the table as printed: row i is the i-th vector.
tables <- list(
  # 2 x 2
  t1  = rbind(c(12, 5), c(7, 9)),
  t2  = rbind(c(1, 4), c(3, 2)),              # all expected counts < 5
  t3  = rbind(c(5, 5), c(5, 6)),              # |O - E| < 0.5: Yates shrinks to it
  t4  = rbind(c(0, 10), c(5, 5)),             # x11 = lo: odds ratio 0
  t5  = rbind(c(7, 0), c(3, 6)),              # x11 = hi: odds ratio Inf
  t6  = rbind(c(5, 0), c(0, 5)),              # both zeros
  t7  = rbind(c(3, 5), c(5, 3)),              # tied probabilities (symmetric)
  t8  = rbind(c(3, 1), c(1, 3)),              # R's TeaTasting
  t9  = rbind(c(10000, 10200), c(10100, 9900)),   # large counts, moderate p
  t10 = rbind(c(20000, 15000), c(18000, 17500)),  # large counts, small p
  t11 = rbind(c(50000, 10000), c(10000, 50000)),  # p underflows: log p only
  t12 = rbind(c(1, 30), c(9, 2)),
  t13 = rbind(c(0, 12), c(4, 1)),
  t14 = rbind(c(2, 7), c(8, 2)),
  t15 = rbind(c(1, 2000), c(30, 1500)),          # large, skewed
  # larger tables
  t20 = rbind(c(10, 12, 8), c(4, 15, 20)),                 # 2 x 3
  t21 = rbind(c(3, 1), c(2, 6), c(5, 0)),                  # 3 x 2, small E
  t22 = rbind(c(5, 7), c(9, 2), c(4, 8), c(1, 6)),         # 4 x 2
  t23 = rbind(c(4, 2, 1), c(2, 5, 3), c(1, 2, 6)),         # 3 x 3
  t24 = rbind(c(1, 0, 3, 2), c(0, 4, 1, 1), c(2, 1, 0, 5)),# 3 x 4 with zeros
  t25 = rbind(c(1, 2, 1, 0), c(3, 3, 6, 1),                # Agresti's job
              c(10, 10, 14, 9), c(6, 7, 12, 11)),          # satisfaction 4 x 4
  t26 = rbind(c(2, 3, 1, 4, 2), c(1, 0, 5, 2, 3)),         # 2 x 5
  t27 = rbind(c(120, 95, 80), c(60, 75, 90), c(30, 35, 50)), # 3 x 3, n = 635
  # chi-square statistics of 2000 to 4200 on 1 to 5 df: p underflows
  h1  = rbind(c(1700, 300), c(300, 1700)),
  h2  = rbind(c(1700, 300, 300), c(300, 1700, 1700)),
  h3  = rbind(c(1700, 300, 300, 300), c(300, 1700, 1700, 1700)),
  h4  = rbind(c(1700, 300, 300, 300, 300), c(300, 1700, 1700, 1700, 1700)),
  h5  = rbind(c(1700, 300, 300, 300, 300, 300),
              c(300, 1700, 1700, 1700, 1700, 1700))
)
ids <- seq_along(tables)
long <- do.call(rbind, lapply(ids, function(k) {
  x <- tables[[k]]
  data.frame(id = k, nrow = nrow(x), ncol = ncol(x),
             cell = seq_len(length(x)) - 1, value = as.vector(t(x)))
}))
write_ref(long, "contingency_tables.csv",
          "Tables, long form; id matches the other files")

# ---------------------------------------------------------------- chisq
chisq_rows <- list(); cell_rows <- list()
for (k in ids) {
  x <- tables[[k]]
  for (correct in c(FALSE, TRUE)) {
    ct <- suppressWarnings(chisq.test(x, correct = correct))
    chisq_rows[[length(chisq_rows) + 1]] <- data.frame(
      id = k, correct = as.numeric(correct),
      statistic = unname(ct$statistic), df = unname(ct$parameter),
      p_value = ct$p.value,
      log_p = pchisq(unname(ct$statistic), unname(ct$parameter),
                     lower.tail = FALSE, log.p = TRUE),
      low_expected = as.numeric(any(ct$expected < 5)))
    cell_rows[[length(cell_rows) + 1]] <- data.frame(
      id = k, correct = as.numeric(correct),
      cell = seq_len(length(x)) - 1,
      expected = as.vector(t(ct$expected)), stdres = as.vector(t(ct$stdres)))
  }
}
write_ref(do.call(rbind, chisq_rows), "contingency_chisq.csv",
          "chisq.test(x, correct) with pchisq(stat, df, lower.tail=FALSE, log.p=TRUE)")
write_ref(do.call(rbind, cell_rows), "contingency_chisq_cells.csv",
          "chisq.test(x, correct)$expected and $stdres, row-major")

# ---------------------------------------------------------------- fisher
source("lib/fisher-exact.R")  # fisher_tight, fisher_enum
alts <- c("two.sided", "less", "greater")
fisher_rows <- list()
# The h tables beyond 2 x 2 exceed FEXACT's workspace: chi-square only.
for (k in ids[!(names(tables) %in% c("h2", "h3", "h4", "h5"))]) {
  x <- tables[[k]]
  is2x2 <- all(dim(x) == 2)
  for (a in if (is2x2) 0:2 else 0) {
    for (cl in if (is2x2) c(0.95, 0.9, 0.99, 0.5) else 0.95) {
      ft <- fisher.test(x, alternative = alts[a + 1], conf.level = cl,
                        workspace = 2e7)
      tt <- if (is2x2) fisher_tight(x, alternative = alts[a + 1],
                                    conf.level = cl) else ft
      fisher_rows[[length(fisher_rows) + 1]] <- data.frame(
        id = k, alternative = a, conf_level = cl, p_value = ft$p.value,
        odds_ratio = if (is2x2) unname(tt$estimate) else NA,
        or_lower = if (is2x2) tt$conf.int[1] else NA,
        or_upper = if (is2x2) tt$conf.int[2] else NA,
        r_odds_ratio = if (is2x2) unname(ft$estimate) else NA,
        r_or_lower = if (is2x2) ft$conf.int[1] else NA,
        r_or_upper = if (is2x2) ft$conf.int[2] else NA)
    }
  }
}
write_ref(do.call(rbind, fisher_rows), "contingency_fisher.csv",
          paste("fisher.test(x, alternative, conf.level): p value; odds ratio",
                "and limits with uniroot tightened (odds_ratio, or_*) and at",
                "R's default tolerance (r_odds_ratio, r_or_*); alternative",
                "0 two.sided, 1 less, 2 greater"))

enum_ids <- which(names(tables) %in% c("t20", "t21", "t22", "t23", "t24", "t26"))
write_ref(data.frame(id = enum_ids,
                     p_enum = vapply(enum_ids, function(k) fisher_enum(tables[[k]]), 0)),
          "contingency_fisher_enum.csv",
          "Two-sided Fisher p values of small r x c tables by full enumeration in R")

# ---------------------------------------------------------------- paper
# Kantarjian et al., Cancer 2013;119:2728-36: the published counts as
# events / trials per group (see /work/shared/inotuzumab-targets.md).
# Each comparison is a groups x 2 table of events and non-events, tested
# both ways; the C suite checks the published P against the method named.
paper <- list(
  list(x = c(3, 12), n = c(49, 41)),              #  1 S1 CRD1 < 12 mo, single vs weekly
  list(x = c(24, 10), n = c(49, 41)),             #  2 S2, single vs weekly
  list(x = c(37, 15), n = c(65, 25)),             #  3 response by age
  list(x = c(48, 4), n = c(81, 9)),               #  4 response by ECOG
  list(x = c(22, 17, 13), n = c(29, 34, 27)),     #  5 response by salvage
  list(x = c(17, 6, 3, 26), n = c(21, 15, 8, 46)),#  6 response by karyotype
  list(x = c(33, 13, 6), n = c(59, 22, 9)),       #  7 response by CD22
  list(x = c(2, 12), n = c(41, 49)),              #  8 bilirubin, weekly vs single
  list(x = c(9, 27), n = c(41, 49)),              #  9 liver enzymes, weekly vs single
  list(x = c(3, 20), n = c(41, 49)),              # 10 fever, weekly vs single
  list(x = c(5, 1), n = c(13, 21))                # 11 VOD, two vs one alkylator
)
paper_rows <- list(); paper_groups <- list()
for (k in seq_along(paper)) {
  x <- cbind(paper[[k]]$x, paper[[k]]$n - paper[[k]]$x)
  paper_rows[[k]] <- data.frame(
    item = k,
    pearson_p = suppressWarnings(chisq.test(x, correct = FALSE))$p.value,
    yates_p = suppressWarnings(chisq.test(x, correct = TRUE))$p.value,
    fisher_p = fisher.test(x)$p.value,
    fisher_enum_p = if (nrow(x) > 2) fisher_enum(x) else NA)
  paper_groups[[k]] <- data.frame(item = k, events = paper[[k]]$x,
                                  trials = paper[[k]]$n)
}
write_ref(do.call(rbind, paper_rows), "contingency_paper.csv",
          "Paper comparisons: chisq.test(correct=FALSE/TRUE) and fisher.test p values")
write_ref(do.call(rbind, paper_groups), "contingency_paper_groups.csv",
          "Paper comparisons: events and trials per group, in order")

# ---------------------------------------------------------------- trend
trend <- list(
  list(x = c(83, 90, 129, 70), n = c(86, 93, 136, 82), s = NULL),   # R's example
  list(x = c(83, 90, 129, 70), n = c(86, 93, 136, 82), s = c(0, 0, 0, 1)),
  list(x = c(22, 17, 13), n = c(29, 34, 27), s = NULL),             # paper salvage
  list(x = c(33, 13, 6), n = c(59, 22, 9), s = NULL),               # paper CD22
  list(x = c(2, 5, 9, 14), n = c(20, 21, 19, 22), s = c(1, 2.5, 4, 10)),
  list(x = c(15, 3), n = c(49, 41), s = NULL),                      # two groups
  list(x = c(4000, 4200, 4500, 4300, 4800),
       n = c(10000, 10000, 10000, 10000, 10000), s = NULL),         # large
  list(x = c(1, 9000), n = c(10000, 10000), s = NULL)               # p underflows
)
trend_rows <- list(); group_rows <- list()
for (k in seq_along(trend)) {
  tr <- trend[[k]]
  sc <- if (is.null(tr$s)) seq_along(tr$x) else tr$s
  # Two groups fit a line exactly: anova warns, the sum of squares is fine.
  pt <- suppressWarnings(prop.trend.test(tr$x, tr$n, sc))
  trend_rows[[k]] <- data.frame(id = k, k = length(tr$x),
                                scores_given = as.numeric(!is.null(tr$s)),
                                statistic = unname(pt$statistic),
                                p_value = pt$p.value)
  group_rows[[k]] <- data.frame(id = k, events = tr$x, trials = tr$n, score = sc)
}
write_ref(do.call(rbind, trend_rows), "contingency_trend.csv",
          "prop.trend.test(x, n, score); scores_given 0 means the default 1..k")
write_ref(do.call(rbind, group_rows), "contingency_trend_groups.csv",
          "The groups of each trend test, in order")

# ---------------------------------------------------------------- pchisq
grid <- expand.grid(x = c(0.5, 3, 10, 50, 200, 700, 1300, 1380, 1390, 1400,
                          1500, 2000, 1e4, 1e5),
                    df = c(1, 2, 3, 4, 5, 10, 30, 100))
grid$p_value <- pchisq(grid$x, grid$df, lower.tail = FALSE)
grid$log_p <- pchisq(grid$x, grid$df, lower.tail = FALSE, log.p = TRUE)
write_ref(grid, "contingency_pchisq.csv",
          "pchisq(x, df, lower.tail=FALSE) and its log.p=TRUE")
