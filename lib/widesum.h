/*
 * The exact sum of any number of non-negative finite doubles, held as
 * one wide fixed-point integer in units of 2^-1074 (the smallest
 * subnormal) and wide enough for 2^64 doubles near DBL_MAX: a Kulisch
 * accumulator.  Unlike lib/xsum.h, whose sums span at most 192 bits (the
 * weights of a count table, serialised), it takes times of any spread.
 *
 * Being exact, a sum does not depend on the order of its terms, so the
 * parts of a parallel pass are summed apart and merged with the same
 * result whatever the split.  timefix uses it for the mean of the
 * distinct times: the exact mean, rounded once.
 */
#ifndef ISURV_WIDESUM_H
#define ISURV_WIDESUM_H

#include <stddef.h>
#include <stdint.h>

/* Bit 0 is 2^-1074; a double's top bit is at most bit 2097 and 2^64 of
 * them carry 64 bits further: 2162 bits. */
#define ISURV_WIDESUM_WORDS 34

struct isurv_widesum {
    uint64_t w[ISURV_WIDESUM_WORDS]; /* least significant word first */
};

void isurv_widesum_init(struct isurv_widesum *s);

/* s += m * 2^(pos - 1074), 0 <= pos <= 2045: the caller's partial sum of
 * mantissas sharing one exponent (isurv_widesum_place). */
void isurv_widesum_add_at(struct isurv_widesum *s, uint64_t m, int pos);

/* Where a double's mantissa goes: for the bits b of a non-negative
 * finite double, b's value is isurv_widesum_mantissa(b) * 2^(pos - 1074)
 * with pos = isurv_widesum_place(b). */
static inline int isurv_widesum_place(uint64_t b)
{
    int e = (int)(b >> 52);
    return e > 0 ? e - 1 : 0;
}

static inline uint64_t isurv_widesum_mantissa(uint64_t b)
{
    const uint64_t frac = ((uint64_t)1 << 52) - 1;
    return (b & frac) | ((b >> 52) > 0 ? (uint64_t)1 << 52 : 0);
}

/* s += |t|, t finite. */
void isurv_widesum_add(struct isurv_widesum *s, double t);

/* s += x. */
void isurv_widesum_merge(struct isurv_widesum *s, const struct isurv_widesum *x);

/* s / count (count >= 1) rounded to the nearest double, ties to even.
 * The mean of finite doubles is finite. */
double isurv_widesum_mean(const struct isurv_widesum *s, uint64_t count);

#endif
