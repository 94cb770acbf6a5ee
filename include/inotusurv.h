/*
 * inotusurv.h - the public interface of libinotusurv, a survival-statistics
 * library: Kaplan-Meier estimation, censoring helpers, the log-rank family
 * and contingency-table tests, with R survival's conventions.
 *
 * Copyright (C) 2026 The libinotusurv authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ABI rules, kept so that ctypes and other FFIs can call everything:
 *  - every function returns an int status (enum isurv_status) or a plain
 *    value, and takes its outputs first;
 *  - no struct is passed by value or exposed by layout, no FILE *, no
 *    varargs, no long double, no GSL type;
 *  - enum values are explicit and only ever appended to;
 *  - caller arrays are borrowed for the duration of the call: they are never
 *    modified (except the output arrays named as such) and never kept.
 */
#ifndef INOTUSURV_H
#define INOTUSURV_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ISURV_BUILDING) && defined(__GNUC__)
#define ISURV_API __attribute__((visibility("default")))
#else
#define ISURV_API
#endif

#define ISURV_VERSION_MAJOR 0
#define ISURV_VERSION_MINOR 2
#define ISURV_VERSION_PATCH 0
#define ISURV_VERSION_STRING "0.2.0"
/* MAJOR * 10000 + MINOR * 100 + PATCH, comparable with <, as zstd does. */
#define ISURV_VERSION_NUMBER \
    (ISURV_VERSION_MAJOR * 10000 + ISURV_VERSION_MINOR * 100 + ISURV_VERSION_PATCH)

/* A month is 365.25 / 12 days, the convention of the inotuzumab paper. */
#define ISURV_DAYS_PER_MONTH 30.4375

/* Status codes.  Values are part of the ABI: never renumber, only append. */
enum isurv_status {
    ISURV_OK = 0,
    ISURV_ENULL = 1,     /* a required pointer argument is NULL */
    ISURV_EEMPTY = 2,    /* no observations (n = 0) */
    ISURV_ETIME = 3,     /* a time is NaN, infinite or negative */
    ISURV_EEVENT = 4,    /* an event indicator is not 0 or 1 */
    ISURV_EWEIGHT = 5,   /* a case weight is negative, NaN or infinite (or they
                            sum to more than DBL_MAX / 2) */
    ISURV_EENTRY = 6,    /* an entry time is not finite, negative or not below its exit time */
    ISURV_EOPTION = 7,   /* an option value is out of range */
    ISURV_ENOMEM = 8,    /* memory allocation failed */
    ISURV_EINDEX = 9,    /* a curve, group or column index is out of range */
    ISURV_EPROB = 10,    /* a probability is outside its allowed range */
    ISURV_EARG = 11,     /* another argument is out of range (tau <= 0, ...) */
    ISURV_EBUFFER = 12,  /* an output buffer is shorter than the result */
    ISURV_EDATE = 13,    /* a calendar date does not exist */
    ISURV_ESIZE = 14,    /* the problem is larger than the library supports */
    ISURV_EGROUPS = 15,  /* fewer than two groups to compare */
    ISURV_EVARIANCE = 16,/* the test statistic has zero variance */
    ISURV_ETABLE = 17,   /* a table cell is negative, non-integer or not finite */
    ISURV_EDIM = 18,     /* a table has fewer than 2 rows or columns, or an empty margin */
    ISURV_ENOCONV = 19,  /* an iterative computation did not converge */
    ISURV_EIO = 20,      /* writing an output file failed */
    ISURV_EFORMAT = 21,  /* bytes are not a well-formed serialised object */
    ISURV_EVERSION = 22  /* a serialised object's format version is not one
                            this library reads */
};

/* Returns a static, never-NULL English message for any int, known or not. */
ISURV_API const char *isurv_strerror(int status);
/* The run-time version of the library, to compare with the macros above. */
ISURV_API const char *isurv_version_string(void);
ISURV_API int isurv_version_number(void);

/* ------------------------------------------------------------------------
 * Options.  NULL wherever an isurv_opts is taken means all defaults.
 * ---------------------------------------------------------------------- */

/* Confidence-interval transforms for the survival curve (R's conf.type). */
enum isurv_conf_type {
    ISURV_CONF_LOG = 0,     /* log(S): R's default */
    ISURV_CONF_LOGLOG = 1,  /* log(-log(S)): SAS and Stata's default */
    ISURV_CONF_PLAIN = 2,   /* S itself */
    ISURV_CONF_LOGIT = 3,   /* log(S / (1 - S)) */
    ISURV_CONF_ARCSIN = 4,  /* asin(sqrt(S)) */
    ISURV_CONF_NONE = 5     /* no interval: limits are NaN */
};

/* Weight functions for the log-rank family (see isurv_opts_set_weights). */
enum isurv_weight_type {
    ISURV_WEIGHT_LOGRANK = 0,      /* w = 1 (Mantel 1966) */
    ISURV_WEIGHT_GRHO = 1,         /* w = S(t-)^rho, R's survdiff(rho=); rho=1 Peto-Peto */
    ISURV_WEIGHT_FH = 2,           /* w = S(t-)^p (1 - S(t-))^q, Fleming-Harrington */
    ISURV_WEIGHT_GEHAN = 3,        /* w = n at risk, Gehan-Breslow (Wilcoxon) */
    ISURV_WEIGHT_TARONE_WARE = 4   /* w = sqrt(n at risk) */
};

typedef struct isurv_opts isurv_opts;

ISURV_API int isurv_opts_new(isurv_opts **out);
ISURV_API void isurv_opts_free(isurv_opts *opts);
/* Confidence level in (0, 1); default 0.95. */
ISURV_API int isurv_opts_set_conf_level(isurv_opts *opts, double level);
/* One of enum isurv_conf_type; default ISURV_CONF_LOG. */
ISURV_API int isurv_opts_set_conf_type(isurv_opts *opts, int type);
/* Merge times closer than sqrt(DBL_EPSILON) (R's timefix); default 1 (on). */
ISURV_API int isurv_opts_set_timefix(isurv_opts *opts, int on);
/* Log-rank weight function; p and q as enum isurv_weight_type says
 * (rho is p for ISURV_WEIGHT_GRHO); default ISURV_WEIGHT_LOGRANK. */
ISURV_API int isurv_opts_set_weights(isurv_opts *opts, int type, double p, double q);

/* Threads a call may use: 1 for the calling thread only, 0 (the default)
 * for one per online processor.  Results are identical for every count. */
ISURV_API int isurv_opts_set_threads(isurv_opts *opts, int nthreads);

/* ------------------------------------------------------------------------
 * Kaplan-Meier estimation (R survival's survfit).
 * ---------------------------------------------------------------------- */

/* Columns of a fitted curve, one value per distinct time. */
enum isurv_km_column {
    ISURV_KM_TIME = 0,
    ISURV_KM_N_RISK = 1,    /* (weighted) number at risk just before the time */
    ISURV_KM_N_EVENT = 2,
    ISURV_KM_N_CENSOR = 3,
    ISURV_KM_N_ENTER = 4,   /* entries since the previous time (left truncation):
                               entry in [previous time, this time), so
                               entering at t means at risk only after t */
    ISURV_KM_SURV = 5,
    ISURV_KM_STD_ERR = 6,   /* Greenwood SE of S, as summary.survfit shows it */
    ISURV_KM_LOWER = 7,
    ISURV_KM_UPPER = 8,
    ISURV_KM_CUMHAZ = 9,    /* Nelson-Aalen cumulative hazard */
    ISURV_KM_STD_CHAZ = 10, /* its standard error */
    ISURV_KM_STD_LOGSURV = 11 /* SE of log S: R's survfit()$std.err */
};

typedef struct isurv_km isurv_km;

/*
 * Fits one curve, or one per distinct group label (ascending), from n
 * subjects.  weights, entry and group may each be NULL.  With entry, subject
 * i is at risk on (entry[i], time[i]].
 * Weights are case weights (>= 0; 0 keeps the row's time as a row).  The
 * variance is Greenwood's on the weighted counts, R's survfit(robust =
 * FALSE); R itself defaults to a robust variance for non-integer weights.
 */
ISURV_API int isurv_km_fit(isurv_km **out, const double *time, const int *event,
                           size_t n, const double *weights, const double *entry,
                           const int *group, const isurv_opts *opts);
ISURV_API void isurv_km_free(isurv_km *fit);

ISURV_API size_t isurv_km_ncurves(const isurv_km *fit);
ISURV_API int isurv_km_group(const isurv_km *fit, size_t curve, int *label);
/* Number of subjects (rows) in a curve, and its number of distinct times. */
ISURV_API int isurv_km_nobs(const isurv_km *fit, size_t curve, size_t *nobs);
ISURV_API int isurv_km_ntimes(const isurv_km *fit, size_t curve, size_t *ntimes);
/* Copies one column (enum isurv_km_column) into dst[0 .. ntimes-1]. */
ISURV_API int isurv_km_column(const isurv_km *fit, size_t curve, int column,
                              double *dst, size_t len);

/* Survival at arbitrary times (right-continuous step function, R's
 * summary(fit, times=)); any output pointer may be NULL.  Times must be
 * finite and >= 0 (ISURV_ETIME); m = 0 does nothing and succeeds. */
ISURV_API int isurv_km_surv_at(const isurv_km *fit, size_t curve,
                               const double *times, size_t m, double *surv,
                               double *std_err, double *lower, double *upper);
/* The number-at-risk table printed under a KM plot; outputs may be NULL.
 * Times as for isurv_km_surv_at. */
ISURV_API int isurv_km_risk_table(const isurv_km *fit, size_t curve,
                                  const double *times, size_t m, double *n_risk,
                                  double *cum_event, double *cum_censor);
/* The time by which a fraction p of subjects have had the event (S <= 1-p),
 * with its confidence interval; NaN where not reached. p in (0, 1).
 * print.survfit's rule for every p: the first time S < 1-p + sqrt(eps),
 * or, where S sits at 1-p and drops later, the midpoint of that time and
 * the next drop; the limits by the same rule on the pointwise bands. */
ISURV_API int isurv_km_quantile(const isurv_km *fit, size_t curve, double p,
                                double *estimate, double *lower, double *upper);
/* Restricted mean survival time to tau > 0 and its standard error. */
ISURV_API int isurv_km_rmst(const isurv_km *fit, size_t curve, double tau,
                            double *estimate, double *std_err);

/* Median follow-up by the reverse Kaplan-Meier method (events and
 * censorings swapped), with its confidence interval. */
ISURV_API int isurv_followup_median(double *estimate, double *lower, double *upper,
                                    const double *time, const int *event,
                                    size_t n, const isurv_opts *opts);

/* ------------------------------------------------------------------------
 * Censoring helpers.  Output arrays may be the input arrays themselves.
 * ---------------------------------------------------------------------- */

/* Censors subject i at at[i] when at[i] < time[i] (an intervening event such
 * as allogeneic stem cell transplant); at[i] = NaN or +Inf means none.  At a
 * tie (at[i] == time[i]) the observed outcome is kept. */
ISURV_API int isurv_censor_at(double *out_time, int *out_event,
                              const double *time, const int *event,
                              const double *at, size_t n);
/* Administrative censoring: times after cutoff become (cutoff, 0). */
ISURV_API int isurv_censor_admin(double *out_time, int *out_event,
                                 const double *time, const int *event,
                                 size_t n, double cutoff);
/* Day counts to months at ISURV_DAYS_PER_MONTH.  Negative counts (spans
 * backwards) convert too; NaN or infinite ones give ISURV_ETIME. */
ISURV_API int isurv_days_to_months(double *out, const double *days, size_t n);
/* Months from one proleptic Gregorian calendar date to another (negative
 * when the second is earlier); years -9999..9999, and a date that does not
 * exist (2013-02-30, month 13, ...) gives ISURV_EDATE. */
ISURV_API int isurv_months_between(double *out, int y0, int m0, int d0,
                                   int y1, int m1, int d1);

/* ------------------------------------------------------------------------
 * Log-rank tests (R survival's survdiff, and the weighted family).
 * The weight comes from isurv_opts_set_weights; groups are compared in
 * ascending label order.
 * ---------------------------------------------------------------------- */

typedef struct isurv_logrank isurv_logrank;

/*
 * Compares the groups of n subjects (any int labels, at least two
 * distinct).  strata and entry may be NULL; with entry, subject i is at
 * risk on (entry[i], time[i]].
 */
ISURV_API int isurv_logrank_test(isurv_logrank **out, const double *time,
                                 const int *event, const int *group, size_t n,
                                 const int *strata, const double *entry,
                                 const isurv_opts *opts);
ISURV_API void isurv_logrank_free(isurv_logrank *fit);

ISURV_API size_t isurv_logrank_ngroups(const isurv_logrank *fit);
ISURV_API int isurv_logrank_group(const isurv_logrank *fit, size_t i, int *label);
/* The chi-square on the groups with E > 0, its degrees of freedom and its
 * upper-tail p value; any output may be NULL. */
ISURV_API int isurv_logrank_stat(const isurv_logrank *fit, double *chisq,
                                 double *df, double *p_value);
/* log of the p value, finite where the p value underflows to 0. */
ISURV_API int isurv_logrank_log_p(const isurv_logrank *fit, double *log_p);
/* Per group (k >= ngroups): subjects, weighted observed and expected
 * events, (O-E)^2/E and (O-E)^2/V; any output may be NULL. */
ISURV_API int isurv_logrank_table(const isurv_logrank *fit, double *n,
                                  double *observed, double *expected,
                                  double *oe2_e, double *oe2_v, size_t k);
/* The ngroups x ngroups variance matrix of O - E, row-major (len >= k*k). */
ISURV_API int isurv_logrank_variance(const isurv_logrank *fit, double *v,
                                     size_t len);
/* Strata (one, labelled 0, without strata), ascending label, and each
 * stratum's observed and expected events; outputs may be NULL. */
ISURV_API size_t isurv_logrank_nstrata(const isurv_logrank *fit);
ISURV_API int isurv_logrank_stratum(const isurv_logrank *fit, size_t s,
                                    int *label, double *observed,
                                    double *expected, size_t k);
/* Test for trend over ordered groups: (c'U)^2 / (c'Vc) on 1 df, U = O - E,
 * c = scores[0 .. k-1] (k = ngroups), or 1..k when scores is NULL (then k
 * is ignored).  p_value may be NULL. */
ISURV_API int isurv_logrank_trend(const isurv_logrank *fit, const double *scores,
                                  size_t k, double *chisq, double *p_value);

/* Multiple-comparison adjustments, as R's p.adjust. */
enum isurv_adjust {
    ISURV_ADJUST_NONE = 0,
    ISURV_ADJUST_BONFERRONI = 1,
    ISURV_ADJUST_HOLM = 2,        /* Holm 1979 */
    ISURV_ADJUST_BH = 3,          /* Benjamini-Hochberg 1995 (R's "BH", "fdr") */
    ISURV_ADJUST_HOCHBERG = 4,    /* Hochberg 1988 */
    ISURV_ADJUST_BY = 5           /* Benjamini-Yekutieli 2001 */
};

/* Adjusts m p values (NaN entries stay NaN and are not counted, as R's NA);
 * out may be p itself. */
ISURV_API int isurv_p_adjust(double *out, const double *p, size_t m, int method);
/* A test on every pair of groups, (0,1), (0,2), ..., (k-2,k-1) in ascending
 * label order, each on that pair's subjects with the same strata and
 * weights, adjusted by method (enum isurv_adjust); npairs >= k(k-1)/2. */
ISURV_API int isurv_logrank_pairwise(double *p_values, size_t npairs,
                                     const double *time, const int *event,
                                     const int *group, size_t n,
                                     const int *strata, const double *entry,
                                     const isurv_opts *opts, int adjust);

/* ------------------------------------------------------------------------
 * Plotting: a fitted Kaplan-Meier object drawn as an SVG figure, with
 * censoring marks, optional confidence bands, a legend with n and median,
 * an annotation (a P value) and a number-at-risk table under the time axis.
 * Build a plot object, set what differs from the defaults, render.
 * ---------------------------------------------------------------------- */

/* Where the legend block (legend rows, then the annotation) goes. */
enum isurv_plot_legend {
    ISURV_LEGEND_AUTO = 0,        /* the first inside corner (top right,
                                     bottom left, bottom right) where it
                                     covers no curve, band or mark; else
                                     ABOVE or RIGHT, whichever shrinks the
                                     plot area less.  The default. */
    ISURV_LEGEND_NONE = 1,        /* no legend rows; an annotation is still
                                     placed as with AUTO */
    ISURV_LEGEND_ABOVE = 2,       /* between the title and the plot area */
    ISURV_LEGEND_TOPRIGHT = 3,    /* inside the plot area, in that corner */
    ISURV_LEGEND_BOTTOMLEFT = 4,
    ISURV_LEGEND_BOTTOMRIGHT = 5,
    ISURV_LEGEND_RIGHT = 6        /* right of the plot area, at its top */
};

/* Marks drawn on a curve at each time with censorings. */
enum isurv_plot_mark {
    ISURV_MARK_NONE = 0,
    ISURV_MARK_TICK = 1,          /* a short vertical bar; the default */
    ISURV_MARK_PLUS = 2           /* a plus sign, as R's plot.survfit */
};

typedef struct isurv_plot isurv_plot;

/* A plot of every curve of fit with default settings.  The plot borrows
 * fit: fit must stay alive and unchanged until isurv_plot_free. */
ISURV_API int isurv_plot_new(isurv_plot **out, const isurv_km *fit);
ISURV_API void isurv_plot_free(isurv_plot *plot);
/* Strings are copied and must be UTF-8 without control characters; NULL
 * clears the title or annotation and restores a default label or name. */
ISURV_API int isurv_plot_set_title(isurv_plot *plot, const char *title);
ISURV_API int isurv_plot_set_axis_labels(isurv_plot *plot, const char *xlab,
                                         const char *ylab);
ISURV_API int isurv_plot_set_curve_name(isurv_plot *plot, size_t curve,
                                        const char *name);
/* color is "#rrggbb"; NULL restores the palette colour (Okabe-Ito). */
ISURV_API int isurv_plot_set_curve_color(isurv_plot *plot, size_t curve,
                                         const char *color);
/* Time axis from 0 to xmax with ticks every step; 0 chooses either. */
ISURV_API int isurv_plot_set_xaxis(isurv_plot *plot, double xmax, double step);
/* Survival axis as 0-100 (%) instead of 0-1. */
ISURV_API int isurv_plot_set_percent(isurv_plot *plot, int on);
ISURV_API int isurv_plot_set_conf_bands(isurv_plot *plot, int on);
ISURV_API int isurv_plot_set_censor_marks(isurv_plot *plot, int mark);
ISURV_API int isurv_plot_set_risk_table(isurv_plot *plot, int on);
ISURV_API int isurv_plot_set_legend(isurv_plot *plot, int position);
/* Decimals (0-6) of the medians in the legend; default 1. */
ISURV_API int isurv_plot_set_digits(isurv_plot *plot, int digits);
ISURV_API int isurv_plot_set_annotation(isurv_plot *plot, const char *text);
/* Sets the annotation to "<label> P = .48" in journal style (P < .001,
 * P > .99); label NULL means "Log-rank", "" gives "P = .48". */
ISURV_API int isurv_plot_set_pvalue(isurv_plot *plot, const char *label,
                                    double p);
/* Figure size in px, each in [120, 20000]; default 720 x 560. */
ISURV_API int isurv_plot_set_size(isurv_plot *plot, double width, double height);
/* snprintf-like: writes at most len bytes with the NUL and sets *needed
 * to the full length + 1; ISURV_EBUFFER (with a truncated, terminated
 * copy) when len is smaller.  buf NULL with len 0 only asks the size. */
ISURV_API int isurv_plot_svg(const isurv_plot *plot, char *buf, size_t len,
                             size_t *needed);
ISURV_API int isurv_plot_write_svg(const isurv_plot *plot, const char *path);

/* ------------------------------------------------------------------------
 * Count tables: the per-(stratum, group, distinct time) counts of events,
 * censorings and entries, and their weighted sums, that Kaplan-Meier,
 * Nelson-Aalen, reverse-KM follow-up, at-risk tables and the whole
 * log-rank family are functions of.  Build one per partition of the data
 * (a shard, a node, a process), merge them in any order, move them as
 * bytes, and fit from the merged table: the result is the one a single
 * fit on all rows gives.  See isurv_counttab_build(3).
 * ---------------------------------------------------------------------- */

typedef struct isurv_counttab isurv_counttab;

/* A table of n subjects; weights, entry, group and strata may each be
 * NULL, as in isurv_km_fit and isurv_logrank_test.  Times are kept as
 * given: tie merging (isurv_opts_set_timefix) happens when a table is
 * fitted, so partitions need no agreement on it.  n = 0 gives an empty
 * table, the identity of isurv_counttab_merge. */
ISURV_API int isurv_counttab_build(isurv_counttab **out, const double *time,
                                   const int *event, size_t n,
                                   const double *weights, const double *entry,
                                   const int *group, const int *strata);
ISURV_API void isurv_counttab_free(isurv_counttab *tab);
/* A new table holding the counts of both; associative and commutative. */
ISURV_API int isurv_counttab_merge(isurv_counttab **out, const isurv_counttab *a,
                                   const isurv_counttab *b);
/* Subjects, strata, groups and (stratum, group, time) cells; any output
 * may be NULL. */
ISURV_API int isurv_counttab_dim(const isurv_counttab *tab, size_t *nobs,
                                 size_t *nstrata, size_t *ngroups,
                                 size_t *ncells);
/* The table as bytes in the versioned, endian-independent format of
 * isurv_counttab_build(3): writes at most len bytes and sets *needed to
 * the full size; ISURV_EBUFFER when len is smaller (nothing written).
 * buf NULL with len 0 only asks the size. */
ISURV_API int isurv_counttab_to_bytes(const isurv_counttab *tab,
                                      unsigned char *buf, size_t len,
                                      size_t *needed);
/* The table from len bytes written by isurv_counttab_to_bytes (any
 * platform); ISURV_EFORMAT or ISURV_EVERSION on anything else. */
ISURV_API int isurv_counttab_from_bytes(isurv_counttab **out,
                                        const unsigned char *buf, size_t len);
/* Kaplan-Meier from a table: one curve per group label (pooled over
 * strata), as isurv_km_fit on the rows the table holds. */
ISURV_API int isurv_counttab_km(isurv_km **out, const isurv_counttab *tab,
                                const isurv_opts *opts);
/* The log-rank test (weights from opts) of the table's groups within its
 * strata, as isurv_logrank_test on the rows the table holds. */
ISURV_API int isurv_counttab_logrank(isurv_logrank **out,
                                     const isurv_counttab *tab,
                                     const isurv_opts *opts);
/* Reverse Kaplan-Meier median follow-up over all the table's rows, as
 * isurv_followup_median. */
ISURV_API int isurv_counttab_followup(double *estimate, double *lower,
                                      double *upper, const isurv_counttab *tab,
                                      const isurv_opts *opts);

/* ------------------------------------------------------------------------
 * Contingency tables: Pearson's chi-square, Fisher's exact test and the
 * chi-square test for trend in proportions, as R's chisq.test, fisher.test
 * and prop.trend.test.  A table is nrow x ncol counts, row-major
 * (table[i * ncol + j] is row i, column j): finite non-negative whole
 * numbers, at least 2 rows and 2 columns, no empty row or column.
 * ---------------------------------------------------------------------- */

/* Alternatives for the 2 x 2 Fisher test (R's alternative=). */
enum isurv_alternative {
    ISURV_TWO_SIDED = 0,
    ISURV_LESS = 1,     /* odds ratio < 1 */
    ISURV_GREATER = 2   /* odds ratio > 1 */
};

typedef struct isurv_chisq isurv_chisq;

/* Pearson's chi-square test of independence; correction = 1 applies
 * Yates's continuity correction to a 2 x 2 table (R's correct=TRUE; it is
 * ignored for larger tables, as in R), 0 does not. */
ISURV_API int isurv_chisq_test(isurv_chisq **out, const double *table,
                               size_t nrow, size_t ncol, int correction);
ISURV_API void isurv_chisq_free(isurv_chisq *res);
/* The table's dimensions; either pointer may be NULL. */
ISURV_API int isurv_chisq_dim(const isurv_chisq *res, size_t *nrow, size_t *ncol);
/* Statistic, degrees of freedom (r-1)(c-1) and upper-tail p value; any
 * output pointer may be NULL. */
ISURV_API int isurv_chisq_stat(const isurv_chisq *res, double *statistic,
                               double *df, double *p_value);
/* Natural log of the p value, finite where the p value underflows. */
ISURV_API int isurv_chisq_log_p(const isurv_chisq *res, double *log_p);
/* Expected counts and standardized residuals (R's stdres), row-major into
 * dst[0 .. nrow*ncol-1]; len is the capacity of dst. */
ISURV_API int isurv_chisq_expected(const isurv_chisq *res, double *dst, size_t len);
ISURV_API int isurv_chisq_residuals(const isurv_chisq *res, double *dst, size_t len);
/* *flag = 1 if any expected count is below 5 (R's "approximation may be
 * incorrect" warning), else 0. */
ISURV_API int isurv_chisq_low_expected(const isurv_chisq *res, int *flag);

/* Fisher's exact test.  2 x 2: p value for the alternative, conditional
 * maximum-likelihood odds ratio and its conf_level interval.  Larger
 * tables: two-sided only, odds ratio outputs set to NaN; ISURV_ESIZE
 * beyond the limits in isurv_fisher_test(3).  odds_ratio, or_lower and
 * or_upper may be NULL; conf_level in (0, 1) is checked even then. */
ISURV_API int isurv_fisher_test(double *p_value, double *odds_ratio,
                                double *or_lower, double *or_upper,
                                const double *table, size_t nrow, size_t ncol,
                                int alternative, double conf_level);

/* Chi-square test for trend in k proportions events[i] / trials[i] over
 * scores (NULL means 1, 2, ..., k), 1 degree of freedom.  statistic may
 * be NULL. */
ISURV_API int isurv_prop_trend_test(double *statistic, double *p_value,
                                    const double *events, const double *trials,
                                    const double *scores, size_t k);

#ifdef __cplusplus
}
#endif

#endif /* INOTUSURV_H */
