/* The sorts of the library.  isurv_sort_values is the plain sort of
 * times (the floor the estimators are measured against: bench/); the
 * estimators' fast paths call lib/radix.h directly with the event and
 * group packed under the time.  isurv_sort_pairs keeps each time's row
 * index, for the paths that read per-row weights and entry times. */
#ifndef ISURV_SORT_H
#define ISURV_SORT_H

#include <stddef.h>
#include <stdint.h>

/* Sorts n finite values >= 0 into out (-0.0 becomes 0), with nthreads
 * threads as isurv_opts_set_threads counts them (0: one per processor).
 * ISURV_OK, ISURV_ETIME for a value that is not finite and >= 0,
 * ISURV_ENOMEM, or ISURV_ESIZE beyond 2^32 - 1 values. */
int isurv_sort_values(double *out, const double *value, size_t n, int nthreads);

struct isurv_keyidx {
    double t;   /* the time (rewritten in place by timefix) */
    size_t i;   /* the row it came from */
};

/* Fills out[0..n-1] with (value[i], i) sorted by value, ties in row order.
 * Values must be finite and >= 0 (-0.0 is taken as 0). */
int isurv_sort_pairs(struct isurv_keyidx *out, const double *value, size_t n);

/* Stable counting partition of sorted pairs by a dense class index
 * (cls[row] < ncls): out receives the pairs grouped by class, each class
 * still sorted; start[0..ncls] receives the class boundaries. */
int isurv_partition(struct isurv_keyidx *out, size_t *start,
                    const struct isurv_keyidx *in, size_t n,
                    const uint32_t *cls, size_t ncls);

#endif
