# Reference values for the Python binding's tests, computed by R survival.
#
# Run from this directory (or `make refs-python` at the top):
#     Rscript make_ref.R [outdir]
# It writes the input data sets and R's results as CSV files into outdir
# (default: ref/).  Numbers are printed with 17 significant digits so that
# every double round-trips exactly; NA is R's NA (NaN in Python).  The
# script is deterministic: running it again rewrites identical files.
#
# Written for R 4.2.2 and survival 3.5.3.
suppressPackageStartupMessages(library(survival))

args <- commandArgs(trailingOnly = TRUE)
outdir <- if (length(args) >= 1) args[1] else "ref"
dir.create(outdir, showWarnings = FALSE, recursive = TRUE)

num <- function(x) {
    out <- sprintf("%.17g", as.double(x))
    out[is.na(x)] <- "NA"       # NA and NaN alike: the binding returns NaN
    out[is.infinite(x) & x > 0] <- "Inf"
    out[is.infinite(x) & x < 0] <- "-Inf"
    out
}

write_table <- function(df, file) {
    for (k in names(df))
        if (is.numeric(df[[k]]) && !is.integer(df[[k]]))
            df[[k]] <- num(df[[k]])
    write.csv(df, file.path(outdir, file), row.names = FALSE, quote = FALSE)
}

# ------------------------------------------------------------ input data
# Case weights for the weighted fits: fractional and unequal, a fixed cycle.
wcycle <- function(n) c(0.5, 1, 1.5, 2.25)[(seq_len(n) - 1) %% 4 + 1]

datasets <- list(
    aml = data.frame(time = aml$time, event = aml$status,
                     x = as.character(aml$x)),
    # inst and ph_ecog (one NA each) are for the log-rank tests, which
    # leave out the rows where the variables they use are NA, as R does.
    lung = data.frame(time = lung$time, event = lung$status - 1,
                      sex = as.integer(lung$sex), w = wcycle(nrow(lung)),
                      inst = as.integer(lung$inst),
                      ph_ecog = as.integer(lung$ph.ecog)),
    # Counting-process rows (start, stop]: left truncation at start.
    heart = data.frame(entry = heart$start, time = heart$stop,
                       event = heart$event,
                       transplant = as.integer(as.character(heart$transplant))),
    # Times that differ only by rounding (0.1 + 0.2 versus 0.3, ...), which
    # R's timefix merges.
    nearties = data.frame(time = c(0.1 + 0.2, 0.3, 0.3, 0.7, 0.1 * 7, 1.1,
                                   1.1 * (1 + 1e-12), 2, 2.5, 3, 0.7, 2),
                          event = c(1, 0, 1, 1, 1, 0, 1, 1, 0, 1, 0, 1)),
    # Small awkward cases: an event and a censoring tied at 2 and at 4, a
    # zero case weight, all weights zero (nobody at risk: S stays 1).
    small = data.frame(time = c(4, 2, 1, 2, 3, 4, 6), event = c(1, 0, 1, 1, 1, 0, 1),
                       w0 = c(1, 1, 0, 1, 2, 1, 1), wz = 0),
    allcens = data.frame(time = c(3, 1, 2, 2), event = 0),
    single = data.frame(time = 4, event = 1),
    # For the log-rank tests: rx 1 or 2; celltype as text, so that the
    # binding's coding of non-integer labels is exercised.
    ovarian = data.frame(time = ovarian$futime, event = ovarian$fustat,
                         rx = as.integer(ovarian$rx)),
    veteran = data.frame(time = veteran$time, event = veteran$status,
                         celltype = as.character(veteran$celltype),
                         trt = as.integer(veteran$trt))
)
# aml with a third group of two subjects censored before the first death
# (at 5): its expected count is 0, so survdiff leaves it out of the
# chi-square (df 1, not 2) and prints NaN for its (O-E)^2/E and /V.
datasets$aml3 <- rbind(datasets$aml,
                       data.frame(time = c(1, 2), event = 0, x = "Early"))
for (d in names(datasets))
    write_table(datasets[[d]], paste0("data_", d, ".csv"))

# ------------------------------------------------------------ fits
# One row per fit; the Python tests read this file to make the same fits.
fit_spec <- function(name, data, group = "", weights = "", entry = "",
                     conf_type = "log", conf_level = 0.95, timefix = TRUE)
    data.frame(name = name, data = data, group = group, weights = weights,
               entry = entry, conf_type = conf_type, conf_level = conf_level,
               timefix = as.integer(timefix))

fits <- rbind(
    fit_spec("aml", "aml"),
    fit_spec("aml_x", "aml", group = "x"),
    fit_spec("aml_x_loglog", "aml", group = "x", conf_type = "log-log"),
    fit_spec("aml_x_plain", "aml", group = "x", conf_type = "plain"),
    fit_spec("aml_x_logit", "aml", group = "x", conf_type = "logit"),
    fit_spec("aml_x_arcsin", "aml", group = "x", conf_type = "arcsin"),
    fit_spec("aml_x_none", "aml", group = "x", conf_type = "none"),
    fit_spec("lung", "lung"),
    fit_spec("lung_sex", "lung", group = "sex"),
    fit_spec("lung_loglog", "lung", conf_type = "log-log"),
    fit_spec("lung_plain", "lung", conf_type = "plain"),
    fit_spec("lung_logit", "lung", conf_type = "logit"),
    fit_spec("lung_arcsin", "lung", conf_type = "arcsin"),
    fit_spec("lung_none", "lung", conf_type = "none"),
    fit_spec("lung_loglog_90", "lung", conf_type = "log-log", conf_level = 0.9),
    fit_spec("lung_plain_99", "lung", conf_type = "plain", conf_level = 0.99),
    fit_spec("lung_w", "lung", weights = "w"),
    fit_spec("lung_w_sex", "lung", group = "sex", weights = "w"),
    fit_spec("heart_entry", "heart", entry = "entry"),
    fit_spec("heart_entry_transplant", "heart", group = "transplant",
             entry = "entry"),
    fit_spec("heart_entry_loglog", "heart", entry = "entry",
             conf_type = "log-log"),
    fit_spec("nearties_fix", "nearties"),
    fit_spec("nearties_nofix", "nearties", timefix = FALSE),
    fit_spec("small", "small"),
    fit_spec("small_w0", "small", weights = "w0"),
    fit_spec("small_wz", "small", weights = "wz"),
    fit_spec("small_plain", "small", conf_type = "plain"),
    fit_spec("allcens", "allcens"),
    fit_spec("single", "single")
)
write_table(fits, "fits.csv")

# The query points: times between, at and beyond the observed ones.
query_times <- list(
    aml = c(0, 4.5, 5, 9, 10, 23, 30.5, 45, 48, 100, 161, 200),
    lung = c(0, 5, 100, 180.5, 365, 500, 730, 1000, 1022, 1500),
    heart = c(0, 1, 5.5, 30, 100, 365, 1000, 1800),
    nearties = c(0, 0.3, 0.7, 1.1, 2, 5),
    small = c(0, 1, 1.5, 2, 4, 5, 6, 7),
    allcens = c(0, 1, 2, 3, 4),
    single = c(0, 3.9, 4, 5)
)
rmst_tau <- list(aml = c(30, 100, 161, 200), lung = c(365, 730, 1022),
                 heart = c(365, 1000), nearties = c(1, 2.2),
                 small = c(1, 2, 4.5, 6, 10), allcens = c(2, 5),
                 single = c(4, 6))
probs <- c(0.1, 0.25, 0.5, 0.75, 0.9)

fit_one <- function(spec) {
    d <- datasets[[spec$data]]
    d$g <- if (spec$group == "") 0L else d[[spec$group]]
    d$wt <- if (spec$weights == "") 1 else d[[spec$weights]]
    lhs <- if (spec$entry == "") "Surv(time, event)" else
        sprintf("Surv(%s, time, event)", spec$entry)
    rhs <- if (spec$group == "") "1" else "g"
    # robust = FALSE: the model-based (Greenwood) variance with weights,
    # the library's documented convention.
    survfit(as.formula(paste(lhs, "~", rhs)), data = d, weights = wt,
            conf.type = spec$conf_type, conf.int = spec$conf_level,
            timefix = as.logical(spec$timefix), robust = FALSE)
}

# The curve labels, in the order of the strata (ascending).
curve_labels <- function(fit, spec) {
    if (is.null(fit$strata)) return("")
    sub("^g=", "", names(fit$strata))
}

# Entries since the previous time.  survfit 3.5.3 reports no n.enter for
# single-state (start, stop] data, so it is derived from R's own columns:
# whoever is at risk at t[k] and was not carried over from t[k-1] entered
# in [t[k-1], t[k]) (at risk on (entry, exit]):
#     n.enter[k] = n.risk[k] - (n.risk[k-1] - n.event[k-1] - n.censor[k-1]),
# and n.enter[1] = n.risk[1].  Without entry times nobody enters: 0.
n_enter <- function(f, spec) {
    if (spec$entry == "") return(0)
    carried <- f$n.risk - f$n.event - f$n.censor
    f$n.risk - c(0, carried[-length(carried)])
}

# conf.type = "none" drops the limits; the binding returns NaN for them.
or_na <- function(x) if (is.null(x)) NA_real_ else x

# quantile.survfit returns only the estimates when there is no interval.
quantiles <- function(f, probs) {
    q <- quantile(f, probs = probs, conf.int = TRUE)
    if (!is.list(q))
        return(list(quantile = as.vector(q), lower = NA_real_,
                    upper = NA_real_))
    list(quantile = as.vector(q$quantile), lower = as.vector(q$lower),
         upper = as.vector(q$upper))
}

# The median and its interval as print.survfit shows them: the table of
# summary.survfit, made by survival:::survmean, whose rule (minmin: the
# first time each curve -- estimate, lower band, upper band -- reaches
# 0.5) is the library's.  quantile.survfit (findq) reads the bands
# through approx(), which differs where a band is not monotone; the
# km_quantiles.csv values come from it.  No limits without an interval
# (conf.type = "none"): NA, as the library's NaN.
print_median <- function(f) {
    tab <- summary(f)$table
    limit <- function(suffix) {
        k <- grep(paste0(suffix, "$"), names(tab))
        if (length(k) == 1) tab[[k]] else NA_real_
    }
    list(estimate = tab[["median"]], lower = limit("LCL"),
         upper = limit("UCL"))
}

curves <- list(); quants <- list(); at <- list(); rmst <- list()
medians <- list()
for (i in seq_len(nrow(fits))) {
    spec <- fits[i, ]
    fit <- fit_one(spec)
    labels <- curve_labels(fit, spec)
    for (k in seq_along(labels)) {
        f <- if (is.null(fit$strata)) fit else fit[k]
        s <- summary(f, censored = TRUE)
        curves[[length(curves) + 1]] <- data.frame(
            fit = spec$name, group = labels[k], n = f$n, time = f$time,
            n_risk = f$n.risk, n_event = f$n.event, n_censor = f$n.censor,
            n_enter = n_enter(f, spec), surv = f$surv,
            std_err = s$std.err,         # SE of S, as summary.survfit shows it
            std_logsurv = f$std.err,     # SE of log S, survfit()$std.err
            lower = or_na(f$lower), upper = or_na(f$upper), cumhaz = f$cumhaz,
            std_chaz = f$std.chaz)
        q <- quantiles(f, probs)
        quants[[length(quants) + 1]] <- data.frame(
            fit = spec$name, group = labels[k], p = probs,
            estimate = q$quantile, lower = q$lower, upper = q$upper)
        m <- print_median(f)
        medians[[length(medians) + 1]] <- data.frame(
            fit = spec$name, group = labels[k], estimate = m$estimate,
            lower = m$lower, upper = m$upper)
        tt <- query_times[[spec$data]]
        sa <- summary(f, times = tt, extend = TRUE)
        at[[length(at) + 1]] <- data.frame(
            fit = spec$name, group = labels[k], t = tt, surv = sa$surv,
            std_err = sa$std.err, lower = or_na(sa$lower),
            upper = or_na(sa$upper),
            n_risk = sa$n.risk, cum_event = cumsum(sa$n.event),
            cum_censor = cumsum(sa$n.censor))
        for (tau in rmst_tau[[spec$data]]) {
            tab <- summary(f, rmean = tau)$table
            rmst[[length(rmst) + 1]] <- data.frame(
                fit = spec$name, group = labels[k], tau = tau,
                estimate = tab[["rmean"]], std_err = tab[["se(rmean)"]])
        }
    }
}
write_table(do.call(rbind, curves), "km_curves.csv")
write_table(do.call(rbind, quants), "km_quantiles.csv")
write_table(do.call(rbind, at), "km_surv_at.csv")
write_table(do.call(rbind, rmst), "km_rmst.csv")
write_table(do.call(rbind, medians), "km_medians.csv")

# ------------------------------------------------------------ follow-up
# Reverse Kaplan-Meier: censorings are the events.  A median, so by
# print.survfit's rule, as above.
fu <- list()
for (d in c("aml", "lung", "nearties", "small", "allcens")) {
    for (ct in c("log", "log-log", "plain")) {
        f <- survfit(Surv(time, 1 - event) ~ 1, data = datasets[[d]],
                     conf.type = ct)
        m <- print_median(f)
        fu[[length(fu) + 1]] <- data.frame(
            data = d, conf_type = ct, conf_level = 0.95,
            estimate = m$estimate, lower = m$lower, upper = m$upper)
    }
}
write_table(do.call(rbind, fu), "followup.csv")

# ------------------------------------------------------------ log-rank
# survdiff on the data sets above, at rho = 0 (log-rank), 0.5 and 1
# (Peto-Peto).  logrank_cases.csv lists the tests; the Python tests read
# it to run the same ones.  Rows where the group or strata variable is NA
# are left out, as survdiff's na.action does.  Every value is keyed by the
# group's label as survdiff names it ("g=Maintained" less "g="), so R's
# order of the groups (factor levels, in the locale's collation for text)
# does not matter.
lr_case <- function(name, data, group, strata = "")
    data.frame(name = name, data = data, group = group, strata = strata)
lr_cases <- rbind(
    lr_case("aml_x", "aml", "x"),
    lr_case("aml3_x", "aml3", "x"),
    lr_case("lung_sex", "lung", "sex"),
    lr_case("lung_sex_inst", "lung", "sex", "inst"),
    lr_case("lung_ecog", "lung", "ph_ecog"),
    lr_case("lung_ecog_sex", "lung", "ph_ecog", "sex"),
    lr_case("ovarian_rx", "ovarian", "rx"),
    lr_case("veteran_celltype", "veteran", "celltype"),
    lr_case("veteran_celltype_trt", "veteran", "celltype", "trt"))
write_table(lr_cases, "logrank_cases.csv")
lr_rhos <- c(0, 0.5, 1)

lr_frame <- function(cs) {
    d <- datasets[[cs$data]]
    d$g <- d[[cs$group]]
    d$st <- if (cs$strata == "") 1L else d[[cs$strata]]
    d[!is.na(d$g) & !is.na(d$st), ]
}

lr_fit <- function(d, rho, stratified) {
    if (stratified)
        survdiff(Surv(time, event) ~ g + strata(st), data = d, rho = rho)
    else
        survdiff(Surv(time, event) ~ g, data = d, rho = rho)
}

unprefix <- function(x) sub("^[^=]*=", "", x)

# Totals over strata: survdiff gives a k x strata matrix when stratified.
lr_total <- function(x) if (is.matrix(x)) rowSums(x) else x

# The labels in the library's order: ascending, numerically for numbers
# and by code point (the C locale, "radix") for text.
lr_sorted <- function(x) sort(unique(x), method = "radix")

# Trend scores, by position in that order.
lr_score_sets <- list(function(k) seq_len(k),
                      function(k) 2^(seq_len(k) - 1),
                      function(k) c(2.5, -1, 0.75, 4, -3)[seq_len(k)])

lr_stat <- list(); lr_groups <- list(); lr_var <- list(); lr_strata <- list()
lr_trend <- list(); lr_scores <- list(); lr_pairs <- list()
for (i in seq_len(nrow(lr_cases))) {
    cs <- lr_cases[i, ]
    d <- lr_frame(cs)
    stratified <- cs$strata != ""
    ordered <- as.character(lr_sorted(d$g))
    for (rho in lr_rhos) {
        fit <- lr_fit(d, rho, stratified)
        labels <- unprefix(names(fit$n))
        o <- lr_total(fit$obs)
        e <- lr_total(fit$exp)
        # print.survdiff's degrees of freedom: the groups with E > 0, less 1.
        df <- sum(e > 0) - 1
        lr_stat[[length(lr_stat) + 1]] <- data.frame(
            case = cs$name, rho = rho, chisq = fit$chisq, df = df,
            p_value = fit$pvalue,
            log_p = pchisq(fit$chisq, df, lower.tail = FALSE, log.p = TRUE))
        # print.survdiff's columns (O-E)^2/E and (O-E)^2/V.
        lr_groups[[length(lr_groups) + 1]] <- data.frame(
            case = cs$name, rho = rho, label = labels,
            n = as.vector(fit$n), observed = o, expected = e,
            oe2_e = (o - e)^2 / e, oe2_v = (o - e)^2 / diag(fit$var))
        k <- length(labels)
        lr_var[[length(lr_var) + 1]] <- data.frame(
            case = cs$name, rho = rho, label_i = rep(labels, times = k),
            label_j = rep(labels, each = k), v = as.vector(fit$var))
        if (stratified) {
            slabels <- unprefix(names(fit$strata))
            stopifnot(ncol(fit$obs) == length(slabels))
            lr_strata[[length(lr_strata) + 1]] <- data.frame(
                case = cs$name, rho = rho,
                stratum = rep(slabels, each = k), label = rep(labels, length(slabels)),
                observed = as.vector(fit$obs), expected = as.vector(fit$exp))
        }
        # Test for trend from survdiff's own O, E and V:
        # (c'(O - E))^2 / (c'Vc) on 1 df.
        if (k >= 3) {
            for (set in seq_along(lr_score_sets)) {
                sc <- lr_score_sets[[set]](k)[match(labels, ordered)]
                u <- o - e
                tr <- sum(sc * u)^2 / drop(t(sc) %*% fit$var %*% sc)
                lr_trend[[length(lr_trend) + 1]] <- data.frame(
                    case = cs$name, rho = rho, set = set - 1, chisq = tr,
                    p_value = pchisq(tr, 1, lower.tail = FALSE))
                if (rho == 0)
                    lr_scores[[length(lr_scores) + 1]] <- data.frame(
                        case = cs$name, set = set - 1, label = labels,
                        score = sc)
            }
            # Every pair of groups, by survdiff on the pair's rows, in the
            # library's order; then p.adjust over the pairs.
            raw <- c(); li <- c(); lj <- c()
            for (a in 1:(k - 1)) for (b in (a + 1):k) {
                pair <- d[as.character(d$g) %in% ordered[c(a, b)], ]
                raw <- c(raw, lr_fit(pair, rho, stratified)$pvalue)
                li <- c(li, ordered[a]); lj <- c(lj, ordered[b])
            }
            for (method in c("none", "bonferroni", "holm", "hochberg", "BH",
                             "fdr", "BY"))
                lr_pairs[[length(lr_pairs) + 1]] <- data.frame(
                    case = cs$name, rho = rho, pair = seq_along(raw) - 1,
                    label_i = li, label_j = lj, method = method,
                    p = p.adjust(raw, method))
        }
    }
}
write_table(do.call(rbind, lr_stat), "logrank_stat.csv")
write_table(do.call(rbind, lr_groups), "logrank_groups.csv")
write_table(do.call(rbind, lr_var), "logrank_var.csv")
write_table(do.call(rbind, lr_strata), "logrank_strata.csv")
write_table(do.call(rbind, lr_trend), "logrank_trend.csv")
write_table(do.call(rbind, lr_scores), "logrank_trend_scores.csv")
write_table(do.call(rbind, lr_pairs), "logrank_pairwise.csv")

# p.adjust on its own: ties, NA (kept, and not counted), 0 and 1, one
# value, all NA, tiny values.
pv <- list(c(0.01, 0.04, 0.03, 0.04, 0.2, 0.5, 0.001, 1, 0),
           c(0.02, NA, 0.5, 0.011, NA, 0.02),
           0.3,
           c(1e-300, 5e-301, 0.7),
           c(0.063, 4.86e-5, 0.0162, 0.00358, 0.0209, 0.277),
           c(NA, NA),
           c(0.05, 0.05, 0.05, 0.05))
pa <- list()
for (s in seq_along(pv))
    for (method in c("none", "bonferroni", "holm", "hochberg", "BH", "fdr",
                     "BY"))
        pa[[length(pa) + 1]] <- data.frame(
            set = s - 1, idx = seq_along(pv[[s]]) - 1, method = method,
            p = as.double(pv[[s]]), adjusted = p.adjust(pv[[s]], method))
write_table(do.call(rbind, pa), "p_adjust.csv")

# ------------------------------------------------------------ contingency
# chisq.test, fisher.test and prop.trend.test (R's stats) for the
# contingency-table functions.  Tables are written in long form, one row per
# cell, row-major (cell = i * ncol + j, 0-based), under a name.
ctables <- list(
    # 2 x 2
    t1 = rbind(c(12, 5), c(7, 9)),
    t2 = rbind(c(1, 4), c(3, 2)),                  # every expected count < 5
    t3 = rbind(c(5, 5), c(5, 6)),                  # |O - E| < 0.5: Yates shrinks to it
    t4 = rbind(c(0, 10), c(5, 5)),                 # odds ratio 0
    t5 = rbind(c(7, 0), c(3, 6)),                  # odds ratio Inf
    t6 = rbind(c(5, 0), c(0, 5)),
    t8 = rbind(c(3, 1), c(1, 3)),                  # R's TeaTasting
    t10 = rbind(c(20000, 15000), c(18000, 17500)), # large counts, small p
    t12 = rbind(c(1, 30), c(9, 2)),
    t15 = rbind(c(1, 2000), c(30, 1500)),          # large, skewed
    h1 = rbind(c(1700, 300), c(300, 1700)),        # chi-square p underflows
    # larger tables
    t20 = rbind(c(10, 12, 8), c(4, 15, 20)),
    t21 = rbind(c(3, 1), c(2, 6), c(5, 0)),
    t23 = rbind(c(4, 2, 1), c(2, 5, 3), c(1, 2, 6)),
    t24 = rbind(c(1, 0, 3, 2), c(0, 4, 1, 1), c(2, 1, 0, 5)),
    t26 = rbind(c(2, 3, 1, 4, 2), c(1, 0, 5, 2, 3)),
    h3 = rbind(c(1700, 300, 300, 300), c(300, 1700, 1700, 1700))
)
# Kantarjian et al., Cancer 2013;119:2728-36 (/work/shared/inotuzumab-
# targets.md): events / trials per group as groups x (events, non-events).
paper_counts <- list(
    paper_s1 = list(x = c(3, 12), n = c(49, 41)),
    paper_s2 = list(x = c(24, 10), n = c(49, 41)),
    paper_age = list(x = c(37, 15), n = c(65, 25)),
    paper_ecog = list(x = c(48, 4), n = c(81, 9)),
    paper_salvage = list(x = c(22, 17, 13), n = c(29, 34, 27)),
    paper_karyotype = list(x = c(17, 6, 3, 26), n = c(21, 15, 8, 46)),
    paper_cd22 = list(x = c(33, 13, 6), n = c(59, 22, 9)),
    paper_bilirubin = list(x = c(2, 12), n = c(41, 49)),
    paper_liver = list(x = c(9, 27), n = c(41, 49)),
    paper_fever = list(x = c(3, 20), n = c(41, 49)),
    paper_vod = list(x = c(5, 1), n = c(13, 21))
)
for (nm in names(paper_counts))
    ctables[[nm]] <- cbind(paper_counts[[nm]]$x,
                           paper_counts[[nm]]$n - paper_counts[[nm]]$x)

write_table(do.call(rbind, lapply(names(ctables), function(nm) {
    x <- ctables[[nm]]
    data.frame(name = nm, nrow = nrow(x), ncol = ncol(x),
               cell = seq_len(length(x)) - 1L, value = as.integer(t(x)))
})), "contingency_tables.csv")

ct_rows <- list(); ct_cells <- list()
for (nm in names(ctables)) {
    x <- ctables[[nm]]
    for (correct in c(FALSE, TRUE)) {
        ct <- suppressWarnings(chisq.test(x, correct = correct))
        stat <- unname(ct$statistic); df <- unname(ct$parameter)
        ct_rows[[length(ct_rows) + 1]] <- data.frame(
            name = nm, correct = as.integer(correct), statistic = stat,
            df = df, p_value = ct$p.value,
            log_p = pchisq(stat, df, lower.tail = FALSE, log.p = TRUE),
            low_expected = as.integer(any(ct$expected < 5)))
        ct_cells[[length(ct_cells) + 1]] <- data.frame(
            name = nm, correct = as.integer(correct),
            cell = seq_len(length(x)) - 1L,
            expected = as.vector(t(ct$expected)),
            stdres = as.vector(t(ct$stdres)))
    }
}
write_table(do.call(rbind, ct_rows), "contingency_chisq.csv")
write_table(do.call(rbind, ct_cells), "contingency_chisq_cells.csv")

# fisher.test finds the odds ratio and its limits with uniroot at its
# default tolerance, which leaves them good to only about 1e-4 (relative
# 5e-4 on t10).  As tests/ref/contingency_ref.R does, fisher.test's own
# code is also run with uniroot's tolerance tightened (odds_ratio, or_*:
# compared to 1e-10); r_odds_ratio and r_or_* are R's printed values.
source("../../tests/ref/lib/fisher-exact.R")  # fisher_tight, fisher_enum
alts <- c("two-sided" = "two.sided", less = "less", greater = "greater")
fi_rows <- list()
for (nm in setdiff(names(ctables), c("h1", "h3"))) {   # h3: beyond FEXACT
    x <- ctables[[nm]]
    is2x2 <- all(dim(x) == 2)
    for (a in if (is2x2) names(alts) else "two-sided") {
        for (cl in if (is2x2) c(0.95, 0.9, 0.5) else 0.95) {
            ft <- fisher.test(x, alternative = alts[[a]], conf.level = cl,
                              workspace = 2e7)
            tt <- if (is2x2) fisher_tight(x, alternative = alts[[a]],
                                          conf.level = cl)
            fi_rows[[length(fi_rows) + 1]] <- data.frame(
                name = nm, alternative = a, conf_level = cl,
                p_value = ft$p.value,
                p_enum = if (is2x2) NA_real_ else fisher_enum(x),
                odds_ratio = if (is2x2) unname(tt$estimate) else NA_real_,
                or_lower = if (is2x2) tt$conf.int[1] else NA_real_,
                or_upper = if (is2x2) tt$conf.int[2] else NA_real_,
                r_odds_ratio = if (is2x2) unname(ft$estimate) else NA_real_,
                r_or_lower = if (is2x2) ft$conf.int[1] else NA_real_,
                r_or_upper = if (is2x2) ft$conf.int[2] else NA_real_)
        }
    }
}
write_table(do.call(rbind, fi_rows), "contingency_fisher.csv")

# prop.trend.test(x, n, score); scores_given 0: R's default 1..k.
trend_cases <- list(
    list(x = c(83, 90, 129, 70), n = c(86, 93, 136, 82), s = NULL),  # R's example
    list(x = c(83, 90, 129, 70), n = c(86, 93, 136, 82), s = c(0, 0, 0, 1)),
    list(x = c(22, 17, 13), n = c(29, 34, 27), s = NULL),            # paper salvage
    list(x = c(2, 5, 9, 14), n = c(20, 21, 19, 22), s = c(1, 2.5, 4, 10)),
    list(x = c(15, 3), n = c(49, 41), s = NULL),                     # two groups
    list(x = c(1, 9000), n = c(10000, 10000), s = NULL)              # p underflows
)
tr_rows <- list(); tr_groups <- list()
for (k in seq_along(trend_cases)) {
    tc <- trend_cases[[k]]
    sc <- if (is.null(tc$s)) seq_along(tc$x) else tc$s
    # Two groups fit a line exactly: anova warns, the sum of squares is fine.
    pt <- suppressWarnings(prop.trend.test(tc$x, tc$n, sc))
    tr_rows[[k]] <- data.frame(case = k - 1L,
                               scores_given = as.integer(!is.null(tc$s)),
                               statistic = unname(pt$statistic),
                               p_value = pt$p.value)
    tr_groups[[k]] <- data.frame(case = k - 1L, events = as.integer(tc$x),
                                 trials = as.integer(tc$n), score = as.double(sc))
}
write_table(do.call(rbind, tr_rows), "contingency_trend.csv")
write_table(do.call(rbind, tr_groups), "contingency_trend_groups.csv")
