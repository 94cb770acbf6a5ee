/* Maps caller group or stratum labels (any ints) to dense indices
 * 0..count-1 in ascending label order, so later passes index arrays. */
#ifndef ISURV_LABELS_H
#define ISURV_LABELS_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

struct isurv_labels {
    int *value;    /* the distinct labels, ascending */
    size_t count;
};

/* With label == NULL every row gets index 0 and the one label is 0. */
int isurv_labels_build(struct isurv_labels *out, uint32_t *index,
                       const int *label, size_t n);
void isurv_labels_clear(struct isurv_labels *labels);

/* Labels as the fast paths use them: the dense index of row i is
 * slot[label[i] - lo] when the labels span a small range (no per-row
 * array: the sort reads the caller's labels directly), else index[i].
 * count[k] is the number of rows of dense index k.  Without labels there
 * is one index, 0, labelled 0. */
#define ISURV_SLOT_SPAN 65536

struct isurv_cells {
    struct isurv_labels labels;
    int lo;
    uint32_t *slot;     /* span entries, or NULL */
    uint32_t *index;    /* n entries, or NULL */
    size_t *count;
};

/* lo and hi are the smallest and largest label (from the scan); sc, the
 * scan that found them (may be NULL), may have counted them too. */
int isurv_cells_build(struct isurv_cells *c, const int *label, size_t n,
                      int lo, int hi, const struct isurv_scan *sc, int nthreads);
void isurv_cells_clear(struct isurv_cells *c);

/* With slot: whether every label from lo to the largest is present, so
 * that slot[label - lo] is label - lo itself. */
int isurv_cells_dense(const struct isurv_cells *c);

#endif
