/*
 * The passes of the Kaplan-Meier fast path (lib/km_fast.c) over one part
 * of the keys.  A part from isurv_tally_split begins where the clock
 * opens a row, so a fresh clock over the part alone finds the rows that
 * one clock over all the keys finds there; parts can so be read by
 * different threads.  A curve has a row in each row of the clock in
 * which at least one of its keys falls.
 */
#ifndef ISURV_KM_PASS_H
#define ISURV_KM_PASS_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "km.h"
#include "tally.h"

/* One curve in one part. */
struct isurv_km_slot {
    double *time;           /* the times of its rows in the part, */
    unsigned char *code;    /* and their codes, row j at [j] */
    uint32_t rows;          /* its rows in the part (so far) */
    uint32_t last;          /* the clock row its open row is in */
    uint32_t d, c;          /* the open row's counts */
    uint32_t esc;           /* pass 2: its escape entry, if any */
};

/* The padding keeps each part's slots off the cache lines of any other
 * memory: slots change with every key, and a line shared with another
 * thread's would bounce between the cores. */
#define ISURV_KM_SLOT_PAD 2

struct isurv_km_part {
    struct isurv_runs it;        /* the part's positions */
    size_t lo;                   /* the first of them */
    struct isurv_km_slot *slot;  /* per curve (ISURV_KM_SLOT_PAD slots
                                  * into slot_block) */
    struct isurv_km_slot *slot_block;
    struct isurv_km_esc *esc;    /* in the order of the rows */
    size_t nesc, esc_cap;
    int rc;                      /* ISURV_OK or ISURV_ENOMEM */
    /* Chunked times (lib/km.h), else NULL: each curve's rows of a block
     * of ISURV_KM_BLOCK keys are written in lbuf (ISURV_KM_BLOCK doubles
     * a curve), then over the block itself in span (the part's sorted
     * keys, as doubles) once all its keys are read, curve after curve;
     * blk_rows[b * ncurves + c]: curve c's rows of block b. */
    double *lbuf, *span;
    uint32_t *blk_rows;
};

/* Keys a block of chunked times: the staging buffer stays in L2. */
#define ISURV_KM_BLOCK ((size_t)1 << 14)

/* Pass 1: adds to rows[c] the rows of each curve c among the positions
 * [lo, hi), which begin where the clock opens a row; last (ncurves
 * entries) is scratch.  runs: an iterator over the same source to read
 * them with (a copy is used). */
void isurv_km_count_rows(uint32_t *rows, uint32_t *last,
                         const struct isurv_runs *runs, size_t lo, size_t hi,
                         const struct isurv_keyspec *ks, double threshold,
                         size_t ncurves);

/* Pass 2: each curve's rows in the part written through its slot (time
 * and code), slot[c].rows counted, the escapes listed.  Sets p->rc. */
void isurv_km_write_rows(struct isurv_km_part *p, const struct isurv_keyspec *ks,
                         double threshold, size_t ncurves);

/* Keys with d events and c censorings join row j of curve s (of part
 * p), whose code is written: the counts come back from the code, or from
 * its escape entry, and go back the same way. */
void isurv_km_join_row(struct isurv_km_part *p, struct isurv_km_slot *s,
                       size_t curve, uint32_t j, uint32_t d, uint32_t c);

#endif
