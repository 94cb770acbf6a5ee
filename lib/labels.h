/* Maps caller group or stratum labels (any ints) to dense indices
 * 0..count-1 in ascending label order, so later passes index arrays. */
#ifndef ISURV_LABELS_H
#define ISURV_LABELS_H

#include <stddef.h>
#include <stdint.h>

struct isurv_labels {
    int *value;    /* the distinct labels, ascending */
    size_t count;
};

/* With label == NULL every row gets index 0 and the one label is 0. */
int isurv_labels_build(struct isurv_labels *out, uint32_t *index,
                       const int *label, size_t n);
void isurv_labels_clear(struct isurv_labels *labels);

#endif
