# The expected output of examples/inotuzumab-report, computed independently
# with R survival and R's stats on the same data file: every row's
# reproduced value and match verdict.  make check compares the C program's
# reproduction.csv with the reproduction.csv this script writes.
#
#   cd examples/expected && Rscript reproduction.R
suppressPackageStartupMessages(library(survival))
d <- read.csv("../data/inotuzumab.csv", comment.char = "#",
              na.strings = "NA", stringsAsFactors = FALSE)
rows <- character(0)

# Published "6.2", "20%", ".003", "< .0001": the value at that precision,
# and whether it rounds to the published figure (as the C program rounds:
# floor(x * 10^d + 0.5)).
decimals <- function(s) {
    m <- regmatches(s, regexpr("\\.[0-9]+", s))
    if (length(m) == 0) 0 else nchar(m) - 1
}
fmt <- function(x, d, percent = FALSE, pstyle = FALSE) {
    if (is.na(x)) return("NR")
    if (percent) return(sprintf("%.*f%%", d, 100 * x))
    s <- sprintf("%.*f", d, x)
    if (pstyle && startsWith(s, "0.")) s <- substring(s, 2)
    s
}
emit <- function(item, published, got, match)
    rows <<- c(rows, sprintf("\"%s\",\"%s\",\"%s\",%s", item, published, got, match))
row <- function(item, published, x, explained = FALSE) {
    if (startsWith(published, "< ")) {
        bound <- as.numeric(sub("< ", "", published))
        got <- fmt(x, if (decimals(published) > 3) 4 else 3, pstyle = TRUE)
        match <- if (x < bound) "yes" else "no"
    } else {
        percent <- grepl("%", published)
        d <- decimals(published)
        pub <- as.numeric(sub("%", "", published)) / if (percent) 100 else 1
        scale <- 10^(d + if (percent) 2 else 0)
        got <- fmt(x, d, percent, startsWith(published, "."))
        match <- if (!is.na(x) && floor(x * scale + 0.5) == floor(pub * scale + 0.5))
            "yes" else "no"
    }
    if (explained && match == "no") match <- "not reproducible"
    emit(item, published, got, match)
}
median_of <- function(fit) unname(summary(fit)$table["median"])
year_of <- function(fit) summary(fit, times = 12)$surv
km <- function(time, event) survfit(Surv(time, event) ~ 1)
responder <- d$response %in% c("CR", "CRp", "CRi")

# Overall survival, and censored at SCT (Figure 1).
all <- km(d$os_months, d$os_event)
sct_first <- !is.na(d$sct_months) & d$sct_months < d$os_months
ct <- ifelse(sct_first, d$sct_months, d$os_months)
ce <- ifelse(sct_first, 0, d$os_event)
med_all <- median_of(all); med_sct <- median_of(km(ct, ce))
row("Median OS, all patients (months)", "6.2", med_all)
row("1-year OS, all patients", "20%", year_of(all))
emit("Median OS, censored at allogeneic SCT (months)", "similar",
     sprintf("%.1f", med_sct), if (abs(med_sct - med_all) <= 1) "yes" else "no")

# Figure 2 and schedule.
sub_km <- function(mask) km(d$os_months[mask], d$os_event[mask])
s1 <- sub_km(d$salvage == 1)
row("Median OS, salvage 1 (months)", "9.2", median_of(s1))
row("1-year OS, salvage 1", "37%", year_of(s1))
row("Median OS, salvage 2 (months)", "4.3", median_of(sub_km(d$salvage == 2)))
row("Median OS, salvage 3+ (months)", "6.6", median_of(sub_km(d$salvage == 3)))
row("Median OS, CR (months)", "13.1", median_of(sub_km(d$response == "CR")))
row("Median OS, CRp + CRi (months)", "7.4",
    median_of(sub_km(d$response %in% c("CRp", "CRi"))))
row("Median OS, resistant (months)", "3.1", median_of(sub_km(d$response == "resistant")))
neg <- responder & d$mrd %in% "negative"; pos <- responder & d$mrd %in% "positive"
mneg <- sub_km(neg); mpos <- sub_km(pos)
row("Median OS, MRD-negative responders (months)", "7.9", median_of(mneg))
row("1-year OS, MRD-negative responders", "32%", year_of(mneg))
row("Median OS, MRD-positive responders (months)", "7.8", median_of(mpos))
row("1-year OS, MRD-positive responders", "9%", year_of(mpos))
tested <- neg | pos
lr <- survdiff(Surv(os_months, os_event) ~ mrd, data = d[tested, ])
row("Log-rank P, OS by MRD status", ".48",
    pchisq(lr$chisq, length(lr$n) - 1, lower.tail = FALSE))
row("Median OS, single-dose (months)", "5.0", median_of(sub_km(d$arm == "single")))
row("Median OS, weekly (months)", "7.3", median_of(sub_km(d$arm == "weekly")))

# Remission duration (relapse is the event; death in remission censored).
r <- d[responder, ]
rall <- km(r$rd_months, r$rd_event)
row("Median remission duration (months)", "7", median_of(rall))
row("1-year remission duration", "42%", year_of(rall))
rm <- r[!is.na(r$mrd), ]
row("Median remission duration, MRD negative (months)", "11.5",
    median_of(km(rm$rd_months[rm$mrd == "negative"], rm$rd_event[rm$mrd == "negative"])))
row("Median remission duration, MRD positive (months)", "5.1",
    median_of(km(rm$rd_months[rm$mrd == "positive"], rm$rd_event[rm$mrd == "positive"])))
lr <- survdiff(Surv(rd_months, rd_event) ~ mrd, data = rm)
row("Log-rank P, remission duration by MRD status", ".25",
    pchisq(lr$chisq, 1, lower.tail = FALSE))

# Follow-up among the living, by arm; the reverse KM for contrast.
for (a in list(c("single", "single-dose", "21", "5.4", "28"),
               c("weekly", "weekly", "4", "1", "19"))) {
    x <- d[d$arm == a[1], ]
    alive <- x$os_months[x$os_event == 0]
    row(sprintf("Median follow-up, %s, alive patients (months)", a[2]), a[3], median(alive))
    row(sprintf("Shortest follow-up, %s, alive patients (months)", a[2]), a[4], min(alive))
    row(sprintf("Longest follow-up, %s, alive patients (months)", a[2]), a[5], max(alive))
    rev <- median_of(km(x$os_months, 1 - x$os_event))
    emit(sprintf("Reverse-KM median follow-up, %s (months)", a[2]), "-",
         sprintf("%.1f", rev), "n/a")
}

# Contingency tables: Pearson without continuity correction, Fisher.
pearson <- function(g, yes) {
    keep <- !is.na(g)
    suppressWarnings(chisq.test(table(g[keep], yes[keep]), correct = FALSE)$p.value)
}
two <- function(x1, n1, x2, n2)
    suppressWarnings(chisq.test(matrix(c(x1, x2, n1 - x1, n2 - x2), 2),
                                correct = FALSE)$p.value)
row("Table 1: salvage 1 with CRD1 < 12 mo by arm (Pearson P)", ".003",
    pearson(d$arm, d$crd1 %in% "lt12"))
row("Table 1: salvage 2 by arm (Pearson P)", ".016", pearson(d$arm, d$salvage == 2),
    explained = TRUE)
row("Table 3: response by age < 60 vs >= 60 (Pearson P)", ".79",
    pearson(d$age >= 60, responder))
row("Table 3: response by ECOG 0-1 vs 2-3 (Pearson P)", ".39",
    pearson(d$ecog >= 2, responder))
row("Table 3: response by salvage status (Pearson P)", ".056", pearson(d$salvage, responder))
row("Table 3: response by karyotype (Pearson P)", ".047", pearson(d$karyotype, responder))
row("Table 3: response by CD22 expression (Pearson P)", ".823", pearson(d$cd22, responder))
row("Table 4: grade 1-2 bilirubin, weekly vs single (Pearson P)", ".01", two(2, 41, 12, 49))
row("Table 4: grade 1-2 liver enzymes, weekly vs single (Pearson P)", ".001",
    two(9, 41, 27, 49))
row("Table 4: grade 1-2 fever, weekly vs single (Pearson P)", "< .0001",
    two(3, 41, 20, 49), explained = TRUE)
sct <- d[!is.na(d$alkylators), ]
vod <- fisher.test(table(factor(sct$alkylators, c(2, 1)), factor(sct$vod, c(1, 0))))
row("VOD after SCT, two vs one alkylator (Fisher P)", ".02", vod$p.value)

writeLines(c("item,published,reproduced,match", rows), "reproduction.csv")
