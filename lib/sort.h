/* The one sort of the library: an LSD radix sort of non-negative finite
 * doubles, carrying each value's row index.  For such doubles the IEEE-754
 * bit pattern orders like an unsigned integer, so no comparisons are made. */
#ifndef ISURV_SORT_H
#define ISURV_SORT_H

#include <stddef.h>
#include <stdint.h>

struct isurv_keyidx {
    double t;   /* the time (rewritten in place by timefix) */
    size_t i;   /* the row it came from */
};

/* Fills out[0..n-1] with (value[i], i) sorted by value, ties in row order.
 * Values must be finite and >= 0 (-0.0 is taken as 0). */
int isurv_sort_values(struct isurv_keyidx *out, const double *value, size_t n);

/* Stable counting partition of sorted pairs by a dense class index
 * (cls[row] < ncls): out receives the pairs grouped by class, each class
 * still sorted; start[0..ncls] receives the class boundaries. */
int isurv_partition(struct isurv_keyidx *out, size_t *start,
                    const struct isurv_keyidx *in, size_t n,
                    const uint32_t *cls, size_t ncls);

#endif
