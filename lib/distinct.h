/*
 * The distinct times of sorted keys (lib/keys.h), for the mean of R's
 * timefix: how many, and their exact sum (lib/widesum.h).  Exact, so
 * that the buckets of a parallel sort can be counted apart, each while
 * it is in cache, and merged: the same mean whatever the threads.
 */
#ifndef ISURV_DISTINCT_H
#define ISURV_DISTINCT_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "widesum.h"

struct isurv_distinct {
    struct isurv_widesum sum;
    uint64_t count;
};

void isurv_distinct_init(struct isurv_distinct *d);

/* Adds the distinct time fields of the m keys a, sorted by time field;
 * a[0] counts as distinct (a time's keys never span two calls). */
void isurv_distinct_add_keys(struct isurv_distinct *d, const uint64_t *a,
                             size_t m, const struct isurv_keyspec *ks);

/* Adds |t| (t finite), a time known to be distinct from all others
 * added. */
void isurv_distinct_add_time(struct isurv_distinct *d, double t);

void isurv_distinct_merge(struct isurv_distinct *d,
                          const struct isurv_distinct *x);

/* Their mean (d->count >= 1): the exact sum over the count, rounded
 * once.  The one definition of timefix's mean, for every path. */
double isurv_distinct_mean(const struct isurv_distinct *d);

#endif
