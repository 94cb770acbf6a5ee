/*
 * Exact sums of non-negative doubles, for the weighted counts of a count
 * table (lib/counttab.h).  Double addition is not associative, so a sum
 * kept as a double would depend on how the data were split and in what
 * order the parts were merged.  An xsum holds the sum exactly, as an
 * integer of ISURV_XSUM_BITS bits times a power of two, and is rounded
 * to a double (once, to nearest) only when a fit reads it: the result is
 * then a function of the multiset of weights alone.
 *
 * The representation is canonical, so that equal sums have equal bytes:
 * zero is m = 0, exp = 0; any other value has m odd.  A sum needs at most
 * ISURV_XSUM_BITS bits from the lowest set bit of its smallest weight to
 * its top bit; beyond that, adding reports ISURV_ESIZE.
 */
#ifndef ISURV_XSUM_H
#define ISURV_XSUM_H

#include <stdint.h>

#define ISURV_XSUM_LIMBS 3
#define ISURV_XSUM_BITS (64 * ISURV_XSUM_LIMBS)
/* The lowest bit a double can have (2^-1074, the smallest subnormal) and
 * the highest a sum of at most 2^64 doubles can have. */
#define ISURV_XSUM_MIN_EXP (-1074)
#define ISURV_XSUM_MAX_TOP (1023 + 64)

struct isurv_xsum {
    int32_t exp;                      /* value = m * 2^exp */
    uint64_t m[ISURV_XSUM_LIMBS];     /* least significant limb first */
};

/* w must be finite and >= 0 (-0.0 is 0). */
void isurv_xsum_of_double(struct isurv_xsum *x, double w);
void isurv_xsum_of_count(struct isurv_xsum *x, uint64_t n);
/* acc += x exactly: ISURV_OK, or ISURV_ESIZE with acc unchanged when the
 * sum needs more than ISURV_XSUM_BITS bits.  acc may be x. */
int isurv_xsum_add(struct isurv_xsum *acc, const struct isurv_xsum *x);
/* The sum rounded to the nearest double, ties to even (+Inf beyond
 * DBL_MAX). */
double isurv_xsum_round(const struct isurv_xsum *x);
int isurv_xsum_equal(const struct isurv_xsum *a, const struct isurv_xsum *b);
int isurv_xsum_is_zero(const struct isurv_xsum *x);
/* Whether x is canonical and within the range of sums of doubles: what
 * a deserialiser must check. */
int isurv_xsum_valid(const struct isurv_xsum *x);

#endif
