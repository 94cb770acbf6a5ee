/* R survival's timefix (aeqSurv): times closer than sqrt(DBL_EPSILON),
 * absolutely or relative to the mean of the distinct times, are merged so
 * that round-off (say 1/3 of a month computed two ways) does not split a
 * tie.  Works on already-sorted values, because the merge maps each value
 * to the first value of its chain and so keeps the order. */
#ifndef ISURV_TIMEFIX_H
#define ISURV_TIMEFIX_H

#include <stddef.h>

#include "sort.h"

/* Rewrites the .t of both sorted arrays (entry may be NULL, ne = 0) as R's
 * aeqSurv does on the union of their distinct values. */
void isurv_timefix(struct isurv_keyidx *exit, size_t n,
                   struct isurv_keyidx *entry, size_t ne);

#endif
