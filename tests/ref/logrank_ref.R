# Reference values for tests/check_logrank.c from R survival's survdiff.
#
# Run from tests/ref with Rscript (R 4.2.2, survival 3.5.3 were used):
#   Rscript logrank_ref.R
# It is deterministic (the one simulated data set uses a fixed seed and
# R's default generators) and writes, with 17 significant digits:
#
#   logrank_<data>.csv  the input data of every case (so make check needs no R)
#   logrank_stat.csv    case, wtype, p, q: chisq, df, pvalue, logp
#   logrank_group.csv   per group: label, n, obs, exp, (O-E)^2/E, (O-E)^2/V
#   logrank_var.csv     the k x k variance matrix, long form (i, j, v)
#   logrank_strata.csv  per stratum and group: obs, exp (stratified cases)
#   logrank_trend.csv   test for trend (U'c)^2 / (c'Vc), scores in
#   logrank_trend_scores.csv
#   logrank_pairwise.csv  survdiff on every pair of groups, then p.adjust
#   logrank_padjust.csv   p.adjust on vectors with ties and NA
#   logrank_coxph.csv     left-truncated data: coxph score test
#
# wtype follows enum isurv_weight_type: 1 = G-rho (p = rho), straight from
# survdiff(rho = p); 2 = Fleming-Harrington S(t-)^p (1 - S(t-))^q with
# q = 1, which survdiff does not offer but which follows exactly from
# survdiff runs, because O and E are linear in the weight and V is linear
# in its square:
#   w = S^p (1 - S) = S^p - S^(p+1)
#   O, E:  FH(p, 1) = G(p) - G(p + 1)
#   V:     w^2 = S^2p - 2 S^(2p+1) + S^(2p+2),
#          so V_FH(p, 1) = V_G(p) - 2 V_G(p + 1/2) + V_G(p + 1)
# (survdiff's V at rho weights by S^(2 rho)).  The chi-square is then
# formed as survdiff forms it.
#
# Cases (data file, group, strata):
#   1 aml x                       6 ovarian rx
#   2 lung sex                    7 veteran trt
#   3 lung ph.ecog                8 veteran celltype
#   4 lung sex, strata(inst)      9 veteran celltype, strata(trt)
#   5 lung ph.ecog, strata(sex)  10 aml x plus a third group censored
#                                   before the first death (E = 0, df 1)
#  11 separated: four groups dying in turn, p underflows (log p only)
#  12, 13 entry: left-truncated, untied times, 3 groups (13 stratified)
# lung keeps the 226 rows with ph.ecog and inst both present (one row
# lacks each); status is recoded 0/1, factors to their integer codes.

suppressPackageStartupMessages(library(survival))

fmt <- function(x) {
    if (is.numeric(x)) {
        out <- sprintf("%.17g", x)
        out[is.na(x) & !is.nan(x)] <- "NA"
        out[is.nan(x)] <- "NaN"
        out[x == Inf & !is.na(x)] <- "Inf"
        out[x == -Inf & !is.na(x)] <- "-Inf"
        out
    } else x
}

write_ref <- function(df, file, comment) {
    con <- file(file, "w")
    writeLines(paste("#", comment), con)
    writeLines(paste(names(df), collapse = ","), con)
    if (nrow(df) > 0) {
        cols <- lapply(df, fmt)
        writeLines(do.call(paste, c(cols, sep = ",")), con)
    }
    close(con)
}

# ------------------------------------------------------------------ data
aml_d <- data.frame(time = aml$time, status = aml$status,
                    group = as.integer(aml$x))
lung_d <- with(lung[!is.na(lung$ph.ecog) & !is.na(lung$inst), ],
               data.frame(time = time, status = status - 1, sex = sex,
                          ph_ecog = ph.ecog, inst = inst))
ovarian_d <- data.frame(time = ovarian$futime, status = ovarian$fustat,
                        group = ovarian$rx)
veteran_d <- data.frame(time = veteran$time, status = veteran$status,
                        trt = veteran$trt,
                        celltype = as.integer(veteran$celltype))
# Two subjects of a third group, censored at 1 and 2 (aml's first death
# is at 5): E = 0 for that group, so survdiff's df drops to 1.
aml3_d <- rbind(aml_d, data.frame(time = c(1, 2), status = c(0, 0),
                                  group = c(3L, 3L)))
# Four groups of 450 dying in turn at 1..1800: a chi-square in the
# thousands, whose p value underflows a double.
separated_d <- data.frame(time = 1:1800, status = 1,
                          group = rep(1:4, each = 450))
# Left-truncated data with untied continuous times: without ties the
# log-rank test is coxph's score test, which R computes for (start, stop]
# data.  Censoring is light so that most rows are events.
set.seed(20260101)
ne <- 150
entry_d <- data.frame(entry = round(runif(ne, 0, 2), 6))
entry_d$group <- rep(1:3, length.out = ne)
entry_d$stratum <- rep(c(1, 1, 2), length.out = ne)[sample.int(ne)]
entry_d$time <- round(entry_d$entry +
                      rexp(ne, rate = c(0.5, 0.8, 1.1)[entry_d$group]), 6)
entry_d$status <- as.integer(runif(ne) < 0.8)
stopifnot(!anyDuplicated(entry_d$time), all(entry_d$entry < entry_d$time))
# The same design rounded to whole units, with ties, for statsmodels
# (tests/ref/logrank_statsmodels.py), which supports entry times.
entry_ties_d <- data.frame(entry = floor(entry_d$entry * 2),
                           time = floor(entry_d$time * 2) + 1,
                           status = entry_d$status, group = entry_d$group)

write_ref(aml_d, "logrank_aml.csv", "aml: group 1 Maintained, 2 Nonmaintained")
write_ref(lung_d, "logrank_lung.csv",
          "lung without the rows where ph.ecog or inst is NA; status 0/1")
write_ref(ovarian_d, "logrank_ovarian.csv", "ovarian: futime, fustat, rx")
write_ref(veteran_d, "logrank_veteran.csv",
          "veteran: celltype 1 squamous, 2 smallcell, 3 adeno, 4 large")
write_ref(aml3_d, "logrank_aml3.csv", "aml plus two early censorings in group 3")
write_ref(separated_d, "logrank_separated.csv", "four groups dying in turn")
write_ref(entry_d[, c("entry", "time", "status", "group", "stratum")],
          "logrank_entry.csv", "left-truncated, untied (set.seed(20260101))")
write_ref(entry_ties_d, "logrank_entry_ties.csv",
          "logrank_entry.csv rounded: entry floor(2 entry), time floor(2 time) + 1")

cases <- list(
    list(id = 1, d = aml_d, g = "group", s = NULL),
    list(id = 2, d = lung_d, g = "sex", s = NULL),
    list(id = 3, d = lung_d, g = "ph_ecog", s = NULL),
    list(id = 4, d = lung_d, g = "sex", s = "inst"),
    list(id = 5, d = lung_d, g = "ph_ecog", s = "sex"),
    list(id = 6, d = ovarian_d, g = "group", s = NULL),
    list(id = 7, d = veteran_d, g = "trt", s = NULL),
    list(id = 8, d = veteran_d, g = "celltype", s = NULL),
    list(id = 9, d = veteran_d, g = "celltype", s = "trt"),
    list(id = 10, d = aml3_d, g = "group", s = NULL),
    list(id = 11, d = separated_d, g = "group", s = NULL))

run_survdiff <- function(cs, rho, subset = NULL) {
    d <- cs$d
    d$g <- d[[cs$g]]
    if (!is.null(subset))
        d <- d[d$g %in% subset, ]
    if (is.null(cs$s)) {
        survdiff(Surv(time, status) ~ g, data = d, rho = rho)
    } else {
        d$st <- d[[cs$s]]
        survdiff(Surv(time, status) ~ g + strata(st), data = d, rho = rho)
    }
}

# survdiff's own chi-square rule: groups with E > 0, drop the first,
# solve.
chisq_of <- function(o, e, v) {
    keep <- e > 0
    if (sum(keep) < 2) return(0)
    u <- ((o - e)[keep])[-1]
    vv <- (v[keep, keep])[-1, -1, drop = FALSE]
    sum(solve(vv, u) * u)
}

# One result in the common shape: obs/exp per stratum (matrix k x s),
# totals, var.
as_result <- function(fit) {
    o <- as.matrix(fit$obs)
    e <- as.matrix(fit$exp)
    list(n = as.numeric(fit$n), obs_s = o, exp_s = e,
         obs = rowSums(o), exp = rowSums(e), var = fit$var,
         stratified = ncol(o) > 1 && !is.null(fit$strata))
}

fh_q1 <- function(cs, p) {
    a <- as_result(run_survdiff(cs, p))
    b <- as_result(run_survdiff(cs, p + 0.5))
    c <- as_result(run_survdiff(cs, p + 1))
    list(n = a$n, obs_s = a$obs_s - c$obs_s, exp_s = a$exp_s - c$exp_s,
         obs = a$obs - c$obs, exp = a$exp - c$exp,
         var = a$var - 2 * b$var + c$var, stratified = a$stratified)
}

stat_rows <- list(); group_rows <- list(); var_rows <- list()
strata_rows <- list(); trend_rows <- list(); score_rows <- list()
pair_rows <- list()

add_result <- function(id, wtype, p, q, r, labels, check_fit = NULL) {
    chisq <- chisq_of(r$obs, r$exp, r$var)
    if (!is.null(check_fit))  # our formula reproduces survdiff's own chisq
        stopifnot(isTRUE(all.equal(chisq, check_fit$chisq, tolerance = 1e-13)))
    df <- sum(r$exp > 0) - 1
    key <- data.frame(case = id, wtype = wtype, p = p, q = q)
    stat_rows[[length(stat_rows) + 1]] <<- cbind(key, data.frame(
        chisq = chisq, df = df,
        pvalue = pchisq(chisq, df, lower.tail = FALSE),
        logp = pchisq(chisq, df, lower.tail = FALSE, log.p = TRUE)))
    k <- length(r$obs)
    group_rows[[length(group_rows) + 1]] <<- cbind(key, data.frame(
        g = seq_len(k) - 1, label = labels, n = r$n, obs = r$obs,
        exp = r$exp, oe2e = (r$obs - r$exp)^2 / r$exp,
        oe2v = (r$obs - r$exp)^2 / diag(r$var)))
    var_rows[[length(var_rows) + 1]] <<- cbind(key, data.frame(
        i = rep(seq_len(k) - 1, times = k), j = rep(seq_len(k) - 1, each = k),
        v = as.vector(r$var)))
    if (r$stratified) {
        ns <- ncol(r$obs_s)
        strata_rows[[length(strata_rows) + 1]] <<- cbind(key, data.frame(
            s = rep(seq_len(ns) - 1, each = k), g = rep(seq_len(k) - 1, ns),
            obs = as.vector(r$obs_s), exp = as.vector(r$exp_s)))
    }
    if (k >= 3) {
        sets <- list(seq_len(k), c(1, 2, 4, 8, 16)[seq_len(k)])
        for (set in seq_along(sets)) {
            sc <- sets[[set]]
            u <- r$obs - r$exp
            tr <- sum(sc * u)^2 / drop(t(sc) %*% r$var %*% sc)
            trend_rows[[length(trend_rows) + 1]] <<- cbind(key, data.frame(
                set = set - 1, chisq = tr,
                pvalue = pchisq(tr, 1, lower.tail = FALSE)))
            if (wtype == 1 && p == 0)
                score_rows[[length(score_rows) + 1]] <<- data.frame(
                    case = id, set = set - 1, g = seq_len(k) - 1, score = sc)
        }
    }
}

for (cs in cases) {
    labels <- sort(unique(cs$d[[cs$g]]))
    rhos <- if (cs$id == 11) 0 else c(0, 0.5, 1)
    for (rho in rhos) {
        fit <- run_survdiff(cs, rho)
        add_result(cs$id, 1, rho, 0, as_result(fit), labels, fit)
    }
    if (cs$id != 11)
        for (p in c(0, 1))
            add_result(cs$id, 2, p, 1, fh_q1(cs, p), labels)
    if (length(labels) >= 3 && cs$id <= 9) {
        for (rho in c(0, 1)) {
            pr <- c(); ii <- c(); jj <- c()
            for (i in 1:(length(labels) - 1)) for (j in (i + 1):length(labels)) {
                f <- run_survdiff(cs, rho, subset = labels[c(i, j)])
                df <- sum(as_result(f)$exp > 0) - 1
                pr <- c(pr, pchisq(f$chisq, df, lower.tail = FALSE))
                ii <- c(ii, i - 1); jj <- c(jj, j - 1)
            }
            pair_rows[[length(pair_rows) + 1]] <- data.frame(
                case = cs$id, rho = rho, i = ii, j = jj, p_raw = pr,
                bonferroni = p.adjust(pr, "bonferroni"),
                holm = p.adjust(pr, "holm"), hochberg = p.adjust(pr, "hochberg"),
                BH = p.adjust(pr, "BH"), BY = p.adjust(pr, "BY"))
        }
    }
}

write_ref(do.call(rbind, stat_rows), "logrank_stat.csv",
          "survdiff chi-square, df = #(E > 0) - 1, pchisq upper tail and its log")
write_ref(do.call(rbind, group_rows), "logrank_group.csv",
          "per group, labels ascending; obs and exp are weighted as survdiff's")
write_ref(do.call(rbind, var_rows), "logrank_var.csv", "survdiff var, long form")
write_ref(do.call(rbind, strata_rows), "logrank_strata.csv",
          "per stratum (ascending label) and group")
write_ref(do.call(rbind, trend_rows), "logrank_trend.csv",
          "trend: (sum c (O-E))^2 / c'Vc on 1 df from survdiff's O, E, V")
write_ref(do.call(rbind, score_rows), "logrank_trend_scores.csv",
          "scores: set 0 is 1..k, set 1 is 1, 2, 4, 8")
write_ref(do.call(rbind, pair_rows), "logrank_pairwise.csv",
          "pairs (i, j) by ascending label, survdiff on the pair's rows, p.adjust")

# p.adjust on its own: ties, NA (dropped from the count, kept NA), 0 and 1.
pv <- list(c(0.01, 0.04, 0.03, 0.04, 0.2, 0.5, 0.001, 1, 0),
           c(0.02, NA, 0.5, 0.011, NA, 0.02),
           c(0.3),
           c(1e-300, 5e-301, 0.7))
pa <- do.call(rbind, lapply(seq_along(pv), function(s) {
    p <- pv[[s]]
    data.frame(set = s - 1, idx = seq_along(p) - 1, p = p,
               bonferroni = p.adjust(p, "bonferroni"),
               holm = p.adjust(p, "holm"), hochberg = p.adjust(p, "hochberg"),
               BH = p.adjust(p, "BH"), BY = p.adjust(p, "BY"))
}))
write_ref(pa, "logrank_padjust.csv", "stats::p.adjust")

# Left truncation: coxph's score test on (entry, time] equals the log-rank
# test when no two exit times tie (each d = 1, so d(n-d)/(n(n-1)) = 1/n
# as in the Cox information at beta = 0).
cox_rows <- list()
f12 <- coxph(Surv(entry, time, status) ~ factor(group), data = entry_d)
f13 <- coxph(Surv(entry, time, status) ~ factor(group) + strata(stratum),
             data = entry_d)
for (f in list(list(12, f12), list(13, f13))) {
    sc <- unname(f[[2]]$score)
    cox_rows[[length(cox_rows) + 1]] <- data.frame(
        case = f[[1]], chisq = sc, df = 2,
        pvalue = pchisq(sc, 2, lower.tail = FALSE),
        logp = pchisq(sc, 2, lower.tail = FALSE, log.p = TRUE))
}
write_ref(do.call(rbind, cox_rows), "logrank_coxph.csv",
          "coxph(Surv(entry, time, status) ~ factor(group) [+ strata]) $score")

# The chi-square upper tail and its log over the range p values take,
# including where the tail underflows (x in the thousands) and near 1.
grid <- expand.grid(x = c(1e-12, 1e-6, 0.01, 0.5, 1, 2.5, 7, 20, 60, 150,
                          400, 700, 1000, 1300, 1450, 1500, 2500, 1e4, 1e5),
                    df = c(1, 2, 3, 5, 10, 50, 200))
grid$q <- pchisq(grid$x, grid$df, lower.tail = FALSE)
grid$logq <- pchisq(grid$x, grid$df, lower.tail = FALSE, log.p = TRUE)
write_ref(grid, "logrank_pchisq.csv",
          "pchisq(x, df, lower.tail = FALSE) and its log.p = TRUE")
