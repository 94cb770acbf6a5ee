/*
 * Sort keys made from survival times.  A finite time >= 0 has an IEEE-754
 * bit pattern that orders like an unsigned integer; subtracting the
 * smallest pattern and dropping the low bits that are the same in every
 * row leaves a "time field" that orders the same way in far fewer bits
 * (57 for times spread over 30 binades, 16 for day counts below 65536),
 * so the event indicator and a group index fit below it in one 64-bit
 * key and the sort moves 8 bytes per row and nothing else.
 */
#ifndef ISURV_KEYS_H
#define ISURV_KEYS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Labels counted on the way when they all fall in a window this wide. */
#define ISURV_SCAN_WINDOW 64

/* What one pass over the data learns: the spread of the time bits and,
 * with groups, the range of the labels and, when they fall in a window
 * of ISURV_SCAN_WINDOW labels (as a few groups do), the rows of each:
 * the groups then need not be read again to count them. */
struct isurv_scan {
    uint64_t min, max;    /* smallest and largest time bits */
    uint64_t any, all;    /* OR and AND of all time bits */
    int glo, ghi;         /* smallest and largest group label */
    int gcounted;         /* gcount holds every row */
    long long gbase;      /* gcount[k]: rows of label gbase + k */
    size_t gcount[ISURV_SCAN_WINDOW];
};

/* -0.0 is a valid time and must sort as 0: clearing the sign bit does
 * that, and no other valid time has it set. */
static inline uint64_t isurv_time_bits(double t)
{
    uint64_t u;
    memcpy(&u, &t, sizeof u);
    return u & ~((uint64_t)1 << 63);
}

static inline double isurv_bits_time(uint64_t u)
{
    double t;
    memcpy(&t, &u, sizeof t);
    return t;
}

/* Checks time and event as isurv_check_survdata(time, event, n, NULL,
 * NULL) does, with the same status for the same data, and fills *sc on
 * success; group (may be NULL) is only scanned for its range.  One pass,
 * split over nthreads.  With check_events 0 the events are left to the
 * caller (the sort reads them anyway: lib/radix.h): only times, NULLs and
 * n are checked. */
int isurv_scan_survdata(struct isurv_scan *sc, const double *time,
                        const int *event, const int *group, size_t n,
                        int nthreads, int check_events);

/* The same scan of n >= 1 times alone (ISURV_ETIME for a bad one). */
int isurv_scan_times(struct isurv_scan *sc, const double *time, size_t n,
                     int nthreads);

/* The layout of a key: time field << pb | payload (pb bits). */
struct isurv_keyspec {
    uint64_t base;  /* the smallest time bits */
    int shift;      /* time bits below this one are equal in every row */
    int width;      /* bits of the time field: (bits - base) >> shift */
    int pb;         /* payload bits under the time field */
};

/* Returns 0 when the time field and pb payload bits do not fit in 64. */
int isurv_keyspec_make(struct isurv_keyspec *ks, const struct isurv_scan *sc,
                       int pb);

static inline uint64_t isurv_key_field(const struct isurv_keyspec *ks, double t)
{
    return (isurv_time_bits(t) - ks->base) >> ks->shift;
}

/* The time a field stands for: exactly the time it was made from. */
static inline double isurv_key_time(const struct isurv_keyspec *ks,
                                    uint64_t field)
{
    return isurv_bits_time((field << ks->shift) + ks->base);
}

#endif
