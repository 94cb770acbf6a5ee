#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "inotusurv.h"
#include "labels.h"

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Labels spanning a small range (the usual 0/1 or 1..k) use a direct
 * table: linear time, no sort. */
static int build_dense(struct isurv_labels *out, uint32_t *index,
                       const int *label, size_t n, int lo, size_t span)
{
    uint32_t *slot = isurv_alloc(span, sizeof *slot);
    size_t i, k = 0;

    if (!slot)
        return ISURV_ENOMEM;
    for (i = 0; i < span; i++)
        slot[i] = UINT32_MAX;
    for (i = 0; i < n; i++)
        slot[(size_t)((long long)label[i] - lo)] = 0;
    for (i = 0; i < span; i++)
        if (slot[i] == 0 || slot[i] == UINT32_MAX)
            slot[i] = slot[i] == 0 ? (uint32_t)k++ : UINT32_MAX;
    out->value = isurv_alloc(k, sizeof *out->value);
    if (!out->value) {
        isurv_dealloc(slot);
        return ISURV_ENOMEM;
    }
    out->count = k;
    for (i = 0; i < span; i++)
        if (slot[i] != UINT32_MAX)
            out->value[slot[i]] = (int)((long long)lo + (long long)i);
    for (i = 0; i < n; i++)
        index[i] = slot[(size_t)((long long)label[i] - lo)];
    isurv_dealloc(slot);
    return ISURV_OK;
}

static int build_sparse(struct isurv_labels *out, uint32_t *index,
                        const int *label, size_t n)
{
    int *v = isurv_alloc(n, sizeof *v);
    size_t i, k = 0;

    if (!v)
        return ISURV_ENOMEM;
    memcpy(v, label, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_int);
    for (i = 0; i < n; i++)
        if (k == 0 || v[k - 1] != v[i])
            v[k++] = v[i];
    if (k > UINT32_MAX) {
        isurv_dealloc(v);
        return ISURV_ESIZE;
    }
    for (i = 0; i < n; i++) {
        const int *hit = bsearch(&label[i], v, k, sizeof *v, cmp_int);
        index[i] = (uint32_t)(hit - v);
    }
    out->value = v; /* k <= n: the tail is unused */
    out->count = k;
    return ISURV_OK;
}

int isurv_labels_build(struct isurv_labels *out, uint32_t *index,
                       const int *label, size_t n)
{
    int lo, hi;
    size_t i, span;

    out->value = NULL;
    out->count = 0;
    if (!label) {
        out->value = isurv_alloc(1, sizeof *out->value);
        if (!out->value)
            return ISURV_ENOMEM;
        out->value[0] = 0;
        out->count = 1;
        memset(index, 0, n * sizeof *index);
        return ISURV_OK;
    }
    lo = hi = label[0];
    for (i = 1; i < n; i++) {
        if (label[i] < lo)
            lo = label[i];
        if (label[i] > hi)
            hi = label[i];
    }
    span = (size_t)((long long)hi - lo) + 1;
    if (span <= 2 * n + 1024)
        return build_dense(out, index, label, n, lo, span);
    return build_sparse(out, index, label, n);
}

void isurv_labels_clear(struct isurv_labels *labels)
{
    isurv_dealloc(labels->value);
    labels->value = NULL;
    labels->count = 0;
}
