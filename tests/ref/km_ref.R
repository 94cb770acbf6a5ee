# Reference values for libinotusurv's Kaplan-Meier, censoring-derived and
# follow-up functions, from R survival.  Run as
#     cd tests/ref && Rscript km_ref.R
# It writes km_*.csv beside itself; tests/check_km.c reads them, so
# `make check` needs no R.  Output is deterministic (no random numbers), so
# tests/ref/check-refs.sh can regenerate it and compare byte for byte.
#
# Files (one row per line, '#' lines are comments, NA for NA and NaN):
#   km_cases.csv     case, nobs, has_weight, has_entry, has_group, timefix
#   km_data.csv      the input data of every case: case, time, status,
#                    weight, entry, group (NA where the case has none)
#   km_curve.csv     per case, curve and distinct time: the survfit columns
#   km_conf.csv      the pointwise limits for each conf.type / conf.int
#   km_quantile.csv  quantiles with limits; src 1 = print.survfit's rule
#                    (survmean, median only), src 2 = quantile.survfit,
#                    with flags *_agree (see rules_agree below)
#   km_at.csv        summary(fit, times=, extend=TRUE): S, SE, limits, the
#                    number at risk and cumulative events and censorings
#   km_rmst.csv      restricted mean and its SE (survmean, rmean = tau)
#   km_followup.csv  reverse Kaplan-Meier median follow-up with its CI
#
# Curves of a grouped fit are numbered 0, 1, ... in ascending group label,
# which is R's strata order for an integer grouping variable.
#
# Weighted fits use robust = FALSE.  libinotusurv's variance is the
# model-based Greenwood one computed from weighted counts; R's survfit
# defaults to robust = TRUE (an infinitesimal-jackknife variance) whenever
# the weights are not all integers, so without robust = FALSE the standard
# errors and limits of the fractional-weight case would not be comparable.

suppressPackageStartupMessages(library(survival))
stopifnot(packageVersion("survival") >= "3.2")

num <- function(x) {
    x <- as.numeric(x)
    out <- sprintf("%.17g", x)
    out[is.infinite(x) & x > 0] <- "Inf"
    out[is.infinite(x) & x < 0] <- "-Inf"
    out[is.na(x)] <- "NA"   # both NA and NaN
    out
}

# Collects rows of one output file; written at the end.
tables <- list()
add_rows <- function(file, df) {
    tables[[file]] <<- rbind(tables[[file]], df)
}
write_table <- function(file, header) {
    df <- tables[[file]]
    lines <- c(paste0("# ", header),
               "# Written by tests/ref/km_ref.R; do not edit by hand.",
               paste0("# R ", getRversion(), ", survival ",
                      packageVersion("survival")),
               paste(names(df), collapse = ","))
    cols <- lapply(df, num)
    lines <- c(lines, do.call(paste, c(cols, sep = ",")))
    writeLines(lines, file)
}

# Confidence variants: our enum isurv_conf_type codes and R's names.
conf_variants <- list(
    list(code = 0, type = "log",     level = 0.95),
    list(code = 1, type = "log-log", level = 0.95),
    list(code = 2, type = "plain",   level = 0.95),
    list(code = 3, type = "logit",   level = 0.95),
    list(code = 4, type = "arcsin",  level = 0.95),
    list(code = 0, type = "log",     level = 0.90),
    list(code = 1, type = "log-log", level = 0.80))

# ------------------------------------------------------------------ cases
cases <- list()
add_case <- function(name, time, status, weight = NULL, entry = NULL,
                     group = NULL, timefix = TRUE, followup = NULL) {
    if (is.null(followup))
        followup <- is.null(weight) && is.null(entry) && is.null(group)
    cases[[length(cases) + 1]] <<- list(name = name, time = time,
        status = status, weight = weight, entry = entry, group = group,
        timefix = timefix, followup = followup)
}

add_case("aml", aml$time, aml$status)
add_case("aml by x (1 Maintained, 2 Nonmaintained)", aml$time, aml$status,
         group = as.integer(aml$x))
add_case("lung, status - 1", lung$time, lung$status - 1)
add_case("lung by sex", lung$time, lung$status - 1, group = lung$sex)
add_case("ovarian", ovarian$futime, ovarian$fustat)
add_case("veteran", veteran$time, veteran$status)
add_case("veteran by trt", veteran$time, veteran$status, group = veteran$trt)
add_case("unsorted input with ties",
         c(5, 1, 9, 3, 3, 7, 2, 8, 6, 4, 3, 10),
         c(1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0))
add_case("deaths and censorings at the same times",
         c(1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 6),
         c(1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 1))
# Integer weights and the same data with each row repeated weight times.
iw_time <- c(3, 1, 4, 1, 5, 9, 2, 6, 5, 3)
iw_stat <- c(1, 1, 0, 0, 1, 1, 1, 0, 0, 1)
iw_wt <- c(2, 1, 3, 1, 1, 2, 4, 1, 2, 1)
add_case("integer weights", iw_time, iw_stat, weight = iw_wt)
add_case("integer weights as replicated rows", rep(iw_time, iw_wt),
         rep(iw_stat, iw_wt))
add_case("fractional weights (robust = FALSE)", iw_time, iw_stat,
         weight = c(0.5, 1.25, 2.75, 0.1, 1, 3.5, 0.8, 1.2, 0.3, 2))
# Left truncation: entries tied with other subjects' exits (2 and 3), an
# entry at 0, an entry after several exits.
add_case("left truncation",
         c(4, 3, 5, 2, 6, 2.5, 7, 3, 8, 5),
         c(1, 0, 1, 1, 0, 1, 1, 1, 0, 1),
         entry = c(0, 1, 2, 0, 3, 1.5, 2, 0.5, 4.5, 3))
add_case("left truncation, weighted, by group",
         c(4, 3, 5, 2, 6, 2.5, 7, 3, 8, 5, 9, 4),
         c(1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0),
         weight = c(1, 2, 0.5, 1, 1.5, 1, 2, 1, 1, 0.25, 1, 3),
         entry = c(0, 1, 2, 0, 3, 1.5, 2, 0.5, 4.5, 3, 1, 2),
         group = c(1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2))
add_case("all censored", c(2, 5, 3, 7, 3), c(0, 0, 0, 0, 0))
add_case("last event takes S to 0", c(1, 2, 3, 4, 4), c(1, 0, 1, 1, 1))
add_case("one subject, an event", 5, 1)
add_case("one subject, censored", 5, 0)
# S = 0.75, 0.5, 0.25, 0: every quartile sits on a flat stretch exactly at
# 1 - p and is the midpoint of the two drop times; both R rules agree.
add_case("quantiles on flat stretches", c(1, 2, 3, 4), c(1, 1, 1, 1))
# The curve ends flat at S = 0.5: print.survfit's rule gives the first time
# at 0.5 (2), quantile.survfit the midpoint with the last time (3).
add_case("curve ends flat at 0.5", c(1, 2, 3, 4), c(1, 1, 0, 0))
# Round-off: (1:10)/3 and cumsum(rep(1/3, 10)) differ in the last bits at
# 5/3, 7/3 and 10/3; two more copies differ by 1e-10 relative.
tf_time <- c((1:10) / 3, cumsum(rep(1 / 3, 10)), (1:5) / 3 * (1 + 1e-10))
tf_stat <- c(rep(c(1, 0), 5), rep(c(0, 1, 1), length.out = 10), c(1, 0, 1, 1, 0))
add_case("timefix on", tf_time, tf_stat, timefix = TRUE)
add_case("timefix off", tf_time, tf_stat, timefix = FALSE)
# Entries a hair below exit times of others: with timefix they merge with
# those exits (not at risk there), without it they are at risk there.
tfe_time <- c((1:8) / 3, 2 / 3 * (1 + 1e-12), 2)
tfe_stat <- c(1, 1, 0, 1, 1, 0, 1, 1, 1, 0)
tfe_entry <- c(0, 0, 2 / 3 - 1e-13, 0, 1 / 3 * (1 - 1e-11), 1, 0, 4 / 3 - 1e-14,
               0, 5 / 3 - 1e-13)
add_case("timefix with entry times, on", tfe_time, tfe_stat, entry = tfe_entry,
         timefix = TRUE, followup = FALSE)
add_case("timefix with entry times, off", tfe_time, tfe_stat, entry = tfe_entry,
         timefix = FALSE, followup = FALSE)
add_case("a time of 0 (event and censoring)", c(0, 0, 1, 2, 3, 3, 4),
         c(1, 0, 1, 0, 1, 1, 0))
add_case("grouped: a group with only early censorings",
         c(1, 2, 3, 4, 5, 6, 7, 8, 1.5, 2.5),
         c(1, 0, 1, 1, 0, 1, 1, 0, 0, 0),
         group = c(5, 5, 5, 5, 5, 5, 5, 5, -3, -3))
# Zero weights: R keeps the times of weight-0 rows as rows of the curve,
# and the last two rows have nobody (of positive weight) at risk.
add_case("zero weights", c(1, 2, 3, 4, 5, 6, 7, 8), c(1, 1, 0, 1, 0, 0, 1, 0),
         weight = c(1, 0, 1, 0, 2, 1.5, 0, 0))
# Left truncation with an empty risk set between 1.5 and 2, refilled by
# late entries.
add_case("left truncation, risk set empties and refills", c(1, 1.5, 3, 4),
         c(1, 0, 1, 1), entry = c(0, 0, 2, 2.5))

# ------------------------------------------------------------------ fits

# print.survfit (survmean) and quantile.survfit find a quantile of a curve
# or of a confidence band by different rules.  libinotusurv follows
# print.survfit's for every p; the two agree on a non-increasing curve
# unless it ends flat exactly at 1 - p (quantile.survfit then averages with
# the last time), but quantile.survfit interpolates through a sort of the
# values, so on a band that rises somewhere (the upper log band often
# does) it can answer differently.  km_quantile.csv flags, for each
# quantile.survfit value, whether the curve it comes from is one where the
# rules agree; only those values are compared (the median is always
# compared with print.survfit's own answer, src 1).
rules_agree <- function(y, p) {
    tol <- sqrt(.Machine$double.eps)
    y <- y[!is.na(y)]
    if (length(y) == 0) return(TRUE)
    all(diff(y) <= 0) && abs(y[length(y)] - (1 - p)) >= tol
}
fit_case <- function(cs, type = "log", level = 0.95, status = cs$status) {
    d <- data.frame(time = cs$time, status = status)
    d$w <- if (is.null(cs$weight)) 1 else cs$weight
    d$entry <- if (is.null(cs$entry)) 0 else cs$entry
    d$g <- if (is.null(cs$group)) 1 else cs$group
    lhs <- if (is.null(cs$entry)) "Surv(time, status)"
           else "Surv(entry, time, status)"
    f <- as.formula(paste(lhs, "~", if (is.null(cs$group)) "1" else "g"))
    if (is.null(cs$weight))
        survfit(f, data = d, conf.type = type, conf.int = level,
                timefix = cs$timefix)
    else
        survfit(f, data = d, weights = w, robust = FALSE, conf.type = type,
                conf.int = level, timefix = cs$timefix)
}

# The curves of a fit as a list of single-curve fits with their labels.
curves_of <- function(fit, cs) {
    if (is.null(fit$strata))
        return(list(list(fit = fit, label = 0)))
    labs <- sort(unique(cs$group))
    stopifnot(length(labs) == length(fit$strata),
              names(fit$strata) == paste0("g=", labs))
    lapply(seq_along(labs), function(k) list(fit = fit[k], label = labs[k]))
}

query_times <- function(t) {
    u <- sort(unique(t))
    mids <- if (length(u) > 1) (u[-1] + u[-length(u)]) / 2 else numeric(0)
    sort(unique(c(0, u / 2, u, mids, max(u) * 1.5 + 1)))
}

rmst_taus <- function(t) {
    u <- sort(unique(t[t > 0]))
    taus <- c(u[1] / 2, u[1], max(t), max(t) * 1.25 + 1)
    if (length(u) >= 3)
        taus <- c(taus, (u[2] + u[3]) / 2, u[3])
    sort(unique(taus))
}

for (ci in seq_along(cases)) {
    cs <- cases[[ci]]
    n <- length(cs$time)
    add_rows("km_cases.csv", data.frame(case = ci, nobs = n,
        has_weight = !is.null(cs$weight), has_entry = !is.null(cs$entry),
        has_group = !is.null(cs$group), timefix = cs$timefix,
        has_followup = cs$followup))
    add_rows("km_data.csv", data.frame(case = ci, time = cs$time,
        status = cs$status,
        weight = if (is.null(cs$weight)) NA else cs$weight,
        entry = if (is.null(cs$entry)) NA else cs$entry,
        group = if (is.null(cs$group)) NA else cs$group))

    fit <- fit_case(cs)
    curves <- curves_of(fit, cs)
    for (k in seq_along(curves)) {
        cf <- curves[[k]]$fit
        sm <- summary(cf, censored = TRUE)
        stopifnot(length(sm$time) == length(cf$time))
        add_rows("km_curve.csv", data.frame(case = ci, curve = k - 1,
            label = curves[[k]]$label, nobs = cf$n, time = cf$time,
            n.risk = cf$n.risk, n.event = cf$n.event, n.censor = cf$n.censor,
            surv = cf$surv, std.err = sm$std.err, std.logsurv = cf$std.err,
            cumhaz = cf$cumhaz, std.chaz = cf$std.chaz))

        # summary(times=) on a query grid, and the at-risk table from it.
        tt <- query_times(cs$time)
        st <- summary(cf, times = tt, extend = TRUE)
        stopifnot(length(st$time) == length(tt))
        add_rows("km_at.csv", data.frame(case = ci, curve = k - 1,
            conf_type = 0, conf_level = 0.95, t = tt, surv = st$surv,
            std.err = st$std.err, lower = st$lower, upper = st$upper,
            n.risk = st$n.risk, cum.event = cumsum(st$n.event),
            cum.censor = cumsum(st$n.censor)))

        # Restricted mean at several tau, through survmean itself, since
        # print/summary refuse a tau before the first time; where they
        # accept it they must agree.
        for (tau in rmst_taus(cs$time)) {
            m <- survival:::survmean(cf, rmean = tau)$matrix
            if (tau >= min(cf$time)) {
                tab <- summary(cf, rmean = tau)$table
                stopifnot(isTRUE(all.equal(unname(tab[c("rmean", "se(rmean)")]),
                                           unname(m[c("rmean", "se(rmean)")]),
                                           tolerance = 1e-14)))
            }
            add_rows("km_rmst.csv", data.frame(case = ci, curve = k - 1,
                tau = tau, rmean = m[["rmean"]], se = m[["se(rmean)"]]))
        }
    }

    for (cv in conf_variants) {
        fitc <- fit_case(cs, cv$type, cv$level)
        cc <- curves_of(fitc, cs)
        for (k in seq_along(cc)) {
            cf <- cc[[k]]$fit
            add_rows("km_conf.csv", data.frame(case = ci, curve = k - 1,
                conf_type = cv$code, conf_level = cv$level, time = cf$time,
                lower = cf$lower, upper = cf$upper))
            tab <- summary(cf)$table
            add_rows("km_quantile.csv", data.frame(case = ci, curve = k - 1,
                conf_type = cv$code, conf_level = cv$level, p = 0.5, src = 1,
                estimate = tab[["median"]],
                lower = tab[[paste0(cv$level, "LCL")]],
                upper = tab[[paste0(cv$level, "UCL")]],
                est_agree = 1, lower_agree = 1, upper_agree = 1))
            probs <- c(0.25, 0.5, 0.75)
            q <- quantile(cf, probs = probs, conf.int = TRUE)
            add_rows("km_quantile.csv", data.frame(case = ci, curve = k - 1,
                conf_type = cv$code, conf_level = cv$level, p = probs, src = 2,
                estimate = unname(q$quantile), lower = unname(q$lower),
                upper = unname(q$upper),
                est_agree = sapply(probs, rules_agree, y = cf$surv),
                lower_agree = sapply(probs, rules_agree, y = cf$lower),
                upper_agree = sapply(probs, rules_agree, y = cf$upper)))
            if (cv$code == 1 && cv$level == 0.95) {
                st <- summary(cf, times = query_times(cs$time), extend = TRUE)
                add_rows("km_at.csv", data.frame(case = ci, curve = k - 1,
                    conf_type = 1, conf_level = 0.95, t = st$time,
                    surv = st$surv, std.err = st$std.err, lower = st$lower,
                    upper = st$upper, n.risk = st$n.risk,
                    cum.event = cumsum(st$n.event),
                    cum.censor = cumsum(st$n.censor)))
            }
        }
        # Reverse Kaplan-Meier: censorings are the events.
        if (cs$followup) {
            rf <- fit_case(cs, cv$type, cv$level, status = 1 - cs$status)
            tab <- summary(rf)$table
            add_rows("km_followup.csv", data.frame(case = ci,
                conf_type = cv$code, conf_level = cv$level,
                estimate = tab[["median"]],
                lower = tab[[paste0(cv$level, "LCL")]],
                upper = tab[[paste0(cv$level, "UCL")]]))
        }
    }
}

write_table("km_cases.csv", paste("cases:", paste0(seq_along(cases), " ",
            sapply(cases, `[[`, "name"), collapse = "; ")))
write_table("km_data.csv", "input data of every case")
write_table("km_curve.csv", "survfit per distinct time; std.err = summary's (SE of S), std.logsurv = fit$std.err")
write_table("km_conf.csv", "pointwise limits; conf_type 0 log, 1 log-log, 2 plain, 3 logit, 4 arcsin")
write_table("km_quantile.csv", "src 1 = summary(fit)$table (print.survfit rule), 2 = quantile(fit)")
write_table("km_at.csv", "summary(fit, times = t, extend = TRUE); cum.* = cumsum of its n.event / n.censor")
write_table("km_rmst.csv", "survival:::survmean(fit, rmean = tau)")
write_table("km_followup.csv", "median of survfit(Surv(time, 1 - status) ~ 1) from summary(fit)$table")
