/*
 * The fast path of the Kaplan-Meier and log-rank fits: unweighted data
 * without entry times, where a row is fully described by its time, its
 * event bit and its group, so that one 64-bit key per row carries all of
 * it.  Validation and the key layout come from one scan; then either the
 * keys are counted directly (a histogram, when the time field is narrow,
 * as for integer days: no sort at all) or radix-sorted (lib/radix.h).
 * Either way the rows come out through lib/tally.h.
 */
#ifndef ISURV_FASTCOUNT_H
#define ISURV_FASTCOUNT_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "labels.h"
#include "tally.h"

/* Returned by isurv_fast_prepare when the keys would not fit in 64 bits:
 * the caller takes its general path. */
#define ISURV_FAST_UNFIT (-1)

struct isurv_fast {
    struct isurv_scan scan;
    struct isurv_cells cells;   /* groups: the cells of the keys */
    struct isurv_keyspec ks;
    uint64_t *key;              /* sorted keys, or NULL */
    uint32_t *hist;             /* count per key value, or NULL */
    struct isurv_tally_src src;
    double threshold;           /* timefix, for isurv_tally_walk */
    int nthreads;
    /* Set by a caller between isurv_fast_cells and isurv_fast_keys: */
    int hist_bits;              /* the largest histogram; 0: the default */
    const struct isurv_cells *outer; /* with cells.slot and its own slot:
                                      * the key cell is the pair
                                      * (outer index, group index) */
    const int *outer_label;
};

/* Validates time and event as isurv_check_survdata does (same statuses)
 * and scans group (may be NULL) for its range.  ISURV_OK, a status, or
 * ISURV_FAST_UNFIT.  With check_events 0 the events are checked by
 * isurv_fast_keys instead, which reads them anyway (one read of 4n bytes
 * fewer); a caller that may return another status first, one that
 * ranks below ISURV_EEVENT, checks them with isurv_fast_check_events. */
int isurv_fast_check(struct isurv_fast *f, const double *time,
                     const int *event, const int *group, size_t n,
                     int nthreads, int check_events);
/* ISURV_EEVENT if an event is neither 0 nor 1, else ISURV_OK. */
int isurv_fast_check_events(const int *event, size_t n);
/* Then labels the groups: ISURV_OK or ISURV_ENOMEM. */
int isurv_fast_cells(struct isurv_fast *f, const int *group, size_t n);
/* Then counts or sorts the keys: ISURV_OK, a status (ISURV_EEVENT among
 * them) or ISURV_FAST_UNFIT. */
int isurv_fast_keys(struct isurv_fast *f, const double *time,
                    const int *event, const int *group, size_t n, int timefix);
/* All three, the events checked by the third. */
int isurv_fast_prepare(struct isurv_fast *f, const double *time,
                       const int *event, const int *group, size_t n,
                       int timefix, int nthreads);
void isurv_fast_clear(struct isurv_fast *f);

/* Hands the sorted-key buffer to the caller (who frees it with
 * isurv_dealloc), e.g. to reuse it for a column of the result. */
uint64_t *isurv_fast_take_keys(struct isurv_fast *f);

#endif
