/* Argument checks shared by every entry point that takes survival data.
 * Checks run before any work so that a bad call changes nothing. */
#ifndef ISURV_VALIDATE_H
#define ISURV_VALIDATE_H

#include <float.h>
#include <stddef.h>

/* time and event are required; weights and entry may be NULL (weights
 * must add up to at most ISURV_MAX_TOTAL_WEIGHT).
 * Returns ISURV_OK or the status for the first problem found, checking
 * pointers, then n, then times, events, weights and entry times. */
/* The largest sum of case weights accepted (see validate.c). */
#define ISURV_MAX_TOTAL_WEIGHT (DBL_MAX / 2.0)

int isurv_check_survdata(const double *time, const int *event, size_t n,
                         const double *weights, const double *entry);

#endif
