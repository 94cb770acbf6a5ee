/*
 * The Kaplan-Meier passes over sorted keys (lib/km_pass.h) for a few
 * curves, in vector lanes: which keys open a row of the clock, and which
 * join a row their curve already has, come from the key and the three
 * before it, so that no branch depends on the data (timefix merges keys
 * unpredictably on dense continuous times).  Each returns 0, having done
 * nothing, when the processor or the number of curves does not allow it;
 * the caller then runs its scalar pass, which gives the same result.
 */
#ifndef ISURV_KM_FEW_H
#define ISURV_KM_FEW_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "km_pass.h"

/* At most this many curves. */
#define ISURV_KM_FEW 4

/* Pass 1 (AVX2): adds to rows[c] the rows of each curve c among the n
 * sorted keys, the first of which opens a clock row. */
int isurv_km_count_few(uint32_t *rows, const uint64_t *key, size_t n,
                       const struct isurv_keyspec *ks, double threshold,
                       size_t ncurves);

/* Pass 2 (AVX-512: compressed and masked stores): writes the part's
 * rows, its n keys key[0..n), as isurv_km_write_rows does; one curve
 * (keys without a group: all of curve 0) included. */
int isurv_km_write_few(struct isurv_km_part *p, const uint64_t *key, size_t n,
                       const struct isurv_keyspec *ks, double threshold,
                       size_t ncurves);
/* Whether isurv_km_write_few writes this many curves on this processor:
 * only it writes chunked times (isurv_km_part's lbuf). */
int isurv_km_few_writes(size_t ncurves);

#endif
