/*
 * The count table every estimator reads: for each stratum, its distinct
 * exit times in order, and at each time, per group, the (weighted) numbers
 * of events, censorings, entries and subjects at risk.  Kaplan-Meier by
 * group uses stratum = group with one group column; the log-rank family
 * uses the caller's strata with one column per group.  It is built from one
 * sort of the times and one pass.
 */
#ifndef ISURV_COUNTS_H
#define ISURV_COUNTS_H

#include <stddef.h>
#include <stdint.h>

struct isurv_counts {
    size_t nstrata;
    size_t ngroups;
    size_t *start;    /* nstrata + 1 row offsets */
    double *time;     /* per row */
    /* per row and group, at [row * ngroups + g]: */
    double *nevent;
    double *ncensor;
    double *nenter;   /* entries since the previous row's time; 0 without entry */
    double *nrisk;    /* at risk just before the time: exit >= t > entry */
    size_t *nobs;     /* rows of data per [stratum * ngroups + g] */
};

struct isurv_counts_input {
    const double *time;
    const int *event;
    const double *weights;  /* NULL: all 1 */
    const double *entry;    /* NULL: everyone at risk from time 0 */
    const uint32_t *stratum; /* dense indices < nstrata, NULL: all 0 */
    const uint32_t *group;   /* dense indices < ngroups, NULL: all 0 */
    size_t n, nstrata, ngroups;
    int timefix;
};

/* Risk sets under left truncation, shared by the array fits (lib/counts.c)
 * and the count-table fits (lib/counttab_fit.c) so that both give the same
 * doubles.  Walking a stratum's rows from the last back, the risk set of a
 * row is the exits from it on less the entries made at or after its time:
 * a difference of two sums that both hold every later subject, so with
 * weights of very different sizes (1e17 and 1) plain sums would cancel to
 * nothing, or below the row's own events (and S would leave [0, 1]).  Both
 * sums are therefore compensated (Neumaier), which is exact for whole
 * weights up to 2^53 as plain sums were, and the result is never below the
 * row's own exits, who are certainly at risk (entry < exit).
 * acc holds 4 ngroups doubles: isurv_risk_begin zeroes them, each entry is
 * added by isurv_risk_enter before the row it precedes is closed by
 * isurv_risk_row. */
/* Without entry times, the risk sets of stratum s are plain sums of the
 * exits from the last row back. */
void isurv_risk_exits(struct isurv_counts *c, size_t s);
void isurv_risk_begin(double *acc, size_t ngroups);
void isurv_risk_enter(double *acc, size_t ngroups, size_t g, double w);
void isurv_risk_row(struct isurv_counts *c, size_t row, double *acc);

/* The input must already have passed isurv_check_survdata. */
int isurv_counts_build(struct isurv_counts *out,
                       const struct isurv_counts_input *in);
void isurv_counts_clear(struct isurv_counts *c);

#endif
