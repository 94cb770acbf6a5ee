/*
 * The sort kernel: 64-bit keys built from the caller's arrays
 * (lib/keys.h) and sorted by their time field.  One MSD pass on the top
 * bits of the field scatters the keys straight from the caller's arrays
 * into the output, then each bucket, small enough to stay in cache, is
 * finished by LSD passes of 8 bits, skipping digits that do not vary.
 * Buckets are independent, so they are shared among threads.
 */
#ifndef ISURV_RADIX_H
#define ISURV_RADIX_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "distinct.h"

/* Where key i comes from: its time, and under the time field the cell
 * (a dense group index) and the event bit, when present:
 *   key = field << ks.pb | cell << (event != NULL) | event[i]. */
struct isurv_keysrc {
    const double *time;
    const int *event;       /* NULL: no event bit */
    const int *group;       /* with slot: cell = slot[group[i] - glo] */
    const uint32_t *slot;
    int glo;
    int dense;              /* every label of [glo, ...] present, so that
                             * slot[group[i] - glo] == group[i] - glo */
    const uint32_t *cell;   /* or a dense cell index per row */
    /* With slot and outer too, the cell is a pair of two labels (the
     * count tables' stratum and group):
     *   cell = oslot[outer[i] - olo] * inner + slot[group[i] - glo]. */
    const int *outer;
    const uint32_t *oslot;
    int olo;
    uint32_t inner;
    struct isurv_keyspec ks;
};

/* Sorts the n keys of src into out by their time field (the payload
 * bits under it are carried, in no particular order within a time).
 * With distinct (may be NULL), also finds the distinct times
 * (lib/distinct.h) of each bucket while it is in cache.
 * With decode (only for ks.pb == 0), out ends as the sorted time bits
 * themselves, i.e. as sorted doubles.  ISURV_OK, ISURV_ENOMEM, or
 * ISURV_ESIZE for n > UINT32_MAX (the fast paths leave such sizes to the
 * general one), or ISURV_EEVENT if an event is neither 0 nor 1: the
 * events are checked here, on the one read of them, so that the scan
 * need not read them too (isurv_scan_survdata). */
int isurv_radix_sort(uint64_t *out, const struct isurv_keysrc *src, size_t n,
                     int nthreads, int decode, struct isurv_distinct *distinct);

/* Adds 1 to table[key i] for i in [lo, hi): a histogram of the keys.
 * Returns 1 if an event of those rows is neither 0 nor 1 (its key then
 * takes the event's lowest bit, so the table is never overrun). */
int isurv_keysrc_count(uint32_t *table, const struct isurv_keysrc *src,
                        size_t lo, size_t hi);

#endif
