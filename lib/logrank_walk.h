/*
 * One part's pass over the sorted keys (or the histogram) of the
 * log-rank fast path: rows read off the keys and their terms added in
 * the order of lib/logrank_lanes.h.  Keys of one subject each, four in a
 * row from a position that is a multiple of 4, are the four lanes of a
 * vector, so they are done four at a time (AVX2 where the processor has
 * it; the same lane operations otherwise): a row opening in a lane adds
 * its terms there, and a row that timefix merges across the end of the
 * four is held open in registers until a later four closes it.  Rows
 * the vectors do not reach (weights that read the pooled estimate, more
 * than three groups, a part's or block's edges) go through a scalar
 * path that adds the same terms to the same lane.
 */
#ifndef ISURV_LOGRANK_WALK_H
#define ISURV_LOGRANK_WALK_H

#include <stddef.h>
#include <stdint.h>

#include "opts.h"
#include "tally.h"

struct isurv_lr_walk {
    const struct isurv_tally_src *src;
    double threshold;        /* timefix (isurv_tally_timefix) */
    const struct isurv_opts *o;
    size_t k;                /* groups: cells of the keys */
    size_t lo, end;          /* positions: from a row opening to the end */
    uint64_t before;         /* subjects before lo */
    uint64_t first, last;    /* the rows it adds: subjects before them in
                              * [first, last); first a multiple of
                              * ISURV_LR_BLOCK or 0 */
    const double *risk;      /* k: at risk at lo */
    double *blocks;          /* isurv_lr_nsums(k) sums per block */
    unsigned char *filled;   /* per block: set when its sums are written */
};

/* ISURV_OK or ISURV_ENOMEM. */
int isurv_lr_walk(const struct isurv_lr_walk *w);

#endif
