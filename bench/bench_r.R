# Times R survival on the data isurv-bench wrote: only the call is timed.
# usage: Rscript bench_r.R DIR N OP   (OP: km, km_group, logrank)
# Prints "op seconds checksum peak_rss_kib", like isurv-bench.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; n <- as.numeric(args[2]); op <- args[3]
time <- readBin(file.path(dir, "time.f64"), "double", n)
event <- readBin(file.path(dir, "event.i32"), "integer", n)
group <- readBin(file.path(dir, "group.i32"), "integer", n)
invisible(gc())
if (op == "km") {
    sec <- system.time(fit <- survfit(Surv(time, event) ~ 1))[["elapsed"]]
    sum <- sum(fit$surv[fit$n.event > 0])
} else if (op == "km_group") {
    sec <- system.time(fit <- survfit(Surv(time, event) ~ group))[["elapsed"]]
    sum <- sum(fit$surv[fit$n.event > 0])
} else if (op == "logrank") {
    sec <- system.time(fit <- survdiff(Surv(time, event) ~ group))[["elapsed"]]
    sum <- fit$chisq
} else stop("unknown op")
status <- readLines("/proc/self/status")
hwm <- as.numeric(gsub("[^0-9]", "", status[grepl("^VmHWM", status)]))
cat(sprintf("%s %.6f %.17g %d\n", op, sec, sum, as.integer(hwm)))
