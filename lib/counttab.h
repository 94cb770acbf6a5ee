/*
 * The public count table (isurv_counttab_build(3)): for each (stratum,
 * group, time) of the data, the whole numbers of events, censorings and
 * entries there, and, when the data carry case weights, their exact
 * weighted sums (lib/xsum.h).  Times are kept as given; timefix and the
 * risk sets are the fit's business (lib/counttab_fit.c).
 *
 * The table is a function of the multiset of rows it was built from, in
 * a canonical form, whatever the partition and the merge order:
 *  - labels are the sorted distinct labels of the rows;
 *  - cells are sorted by (stratum index, group index, time), one per key
 *    with at least one event, censoring or entry;
 *  - counts are whole numbers and sums exact, so merging only adds;
 *  - weighted sums are kept only when some cell's sum differs from its
 *    count (weights all 1, or none, give the same table);
 *  - spans are the minimal (entry, exit) intervals of the rows with an
 *    entry time, under inclusion: the one fact about single rows a fit
 *    needs, to refuse, as the array fits do, data where timefix merges
 *    a row's entry with its exit.  A row whose interval collapses
 *    contains a minimal one that does, since the merge is monotone.
 */
#ifndef ISURV_COUNTTAB_H
#define ISURV_COUNTTAB_H

#include <stddef.h>
#include <stdint.h>

#include "inotusurv.h"
#include "xsum.h"

/* The three counts of a cell, at [3 * cell + k]. */
enum { ISURV_CT_EVENT = 0, ISURV_CT_CENSOR = 1, ISURV_CT_ENTER = 2 };

struct isurv_counttab {
    size_t nstrata, ngroups, ncells, nspans;
    int *stratum;            /* nstrata labels, ascending */
    int *group;              /* ngroups labels, ascending */
    uint32_t *cs, *cg;       /* per cell: stratum and group index */
    double *time;            /* per cell, >= 0, never -0.0 */
    uint64_t *n;             /* 3 per cell */
    struct isurv_xsum *w;    /* 3 per cell, or NULL: sums equal counts */
    double *span;            /* 2 per span: entry, exit; both ascending */
    uint64_t nobs;           /* rows: the sum of events and censorings */
};

/* An empty table with room for the given sizes (weighted: the w array
 * too); NULL when memory runs out. */
struct isurv_counttab *isurv_ct_new(size_t nstrata, size_t ngroups,
                                    size_t ncells, size_t nspans, int weighted);
/* Gives back the room of an isurv_ct_new sized for the worst case. */
void isurv_ct_trim(struct isurv_counttab *t);
/* Drops w when every sum equals its count: the canonical form. */
void isurv_ct_settle_weights(struct isurv_counttab *t);
/* The minimal intervals of n (entry, exit) pairs sorted by entry: kept in
 * place, ascending in both; returns how many. */
size_t isurv_ct_min_spans(double *pairs, size_t n);

/* The table of unweighted rows without entry times, on nthreads threads
 * (>= 1; the table does not depend on it): isurv_ct_build_days, else
 * isurv_ct_build_keys.  time and event are checked as isurv_check_survdata
 * checks them, n >= 1.  ISURV_OK, a status, or ISURV_FAST_UNFIT
 * (lib/fastcount.h: data the keys cannot hold, left to the general
 * path), in which case *out is not written. */
int isurv_ct_build_fast(struct isurv_counttab **out, const double *time,
                        const int *event, size_t n, const int *group,
                        const int *strata, int nthreads);
/* Through the keys of the fast fits (lib/counttab_fast.c); the same
 * returns. */
int isurv_ct_build_keys(struct isurv_counttab **out, const double *time,
                        const int *event, size_t n, const int *group,
                        const int *strata, int nthreads);
/* Whole-number times, group and stratum labels 0..7
 * (lib/counttab_days.c): ISURV_OK, ISURV_ENOMEM, or ISURV_FAST_UNFIT for
 * any other data (bad data included: the keys' path gives the status)
 * and when its counts find no memory. */
int isurv_ct_build_days(struct isurv_counttab **out, const double *time,
                        const int *event, size_t n, const int *group,
                        const int *strata, int nthreads);

#endif
