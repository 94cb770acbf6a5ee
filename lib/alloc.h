/* Every allocation of the library goes through these, so that a test hook
 * can later fail the k-th allocation and prove each failure path. */
#ifndef ISURV_ALLOC_H
#define ISURV_ALLOC_H

#include <stdint.h>
#include <stdlib.h>

/* calloc/malloc of n elements of size sz, NULL on overflow of n * sz. */
static inline void *isurv_alloc(size_t n, size_t sz)
{
    if (sz != 0 && n > SIZE_MAX / sz)
        return NULL;
    return malloc(n * sz != 0 ? n * sz : 1);
}

static inline void *isurv_zalloc(size_t n, size_t sz)
{
    return calloc(n ? n : 1, sz ? sz : 1);
}

static inline void isurv_dealloc(void *p)
{
    free(p);
}

/* realloc to n elements of size sz; NULL (p untouched) on failure or
 * overflow.  Shrinking a large block gives its pages back without a
 * copy, so a buffer sized for the worst case can be trimmed after use. */
static inline void *isurv_realloc(void *p, size_t n, size_t sz)
{
    if (sz != 0 && n > SIZE_MAX / sz)
        return NULL;
    return realloc(p, n * sz != 0 ? n * sz : 1);
}

#endif
