/* Every allocation of the library goes through these, so that a test build
 * can fail any one of them and prove each failure path.
 *
 * The installed library is built without ISURV_FAULT_INJECTION: the hook
 * then compiles to nothing.  tests/check_alloc links a second, uninstalled
 * build of the same sources with it defined, where each allocation first
 * asks lib/fault.c whether to fail, and every block is counted while it
 * is live (see lib/fault.h). */
#ifndef ISURV_ALLOC_H
#define ISURV_ALLOC_H

#include <stdint.h>
#include <stdlib.h>

#ifdef ISURV_FAULT_INJECTION
#include "fault.h"
#define ISURV_FAULT_FAIL() isurv_fault_fail_now()
#define ISURV_FAULT_LIVE(delta) isurv_fault_live_add(delta)
#else
#define ISURV_FAULT_FAIL() 0
#define ISURV_FAULT_LIVE(delta) ((void)0)
#endif

/* Blocks of at least this many bytes are offered huge pages
 * (lib/hugepages.c). */
#define ISURV_HUGE_MIN ((size_t)8 << 20)

/* Asks the kernel to back the 2 MiB-aligned interior of [p, p + size)
 * with huge pages where it does so on request (Linux transparent huge
 * pages in "madvise" mode); elsewhere nothing. */
void isurv_advise_huge(void *p, size_t size);

/* malloc of n elements of size sz, NULL on overflow of n * sz. */
static inline void *isurv_alloc(size_t n, size_t sz)
{
    void *p;

    if (sz != 0 && n > SIZE_MAX / sz)
        return NULL;
    if (ISURV_FAULT_FAIL())
        return NULL;
    p = malloc(n * sz != 0 ? n * sz : 1);
    if (p)
        ISURV_FAULT_LIVE(1);
    if (p && n * sz >= ISURV_HUGE_MIN)
        isurv_advise_huge(p, n * sz);
    return p;
}

static inline void *isurv_zalloc(size_t n, size_t sz)
{
    void *p;

    if (ISURV_FAULT_FAIL())
        return NULL;
    p = calloc(n ? n : 1, sz ? sz : 1);
    if (p)
        ISURV_FAULT_LIVE(1);
    if (p && sz != 0 && n <= SIZE_MAX / sz && n * sz >= ISURV_HUGE_MIN)
        isurv_advise_huge(p, n * sz);
    return p;
}

static inline void isurv_dealloc(void *p)
{
    if (p)
        ISURV_FAULT_LIVE(-1);
    free(p);
}

/* realloc to n elements of size sz; NULL (p untouched) on failure or
 * overflow.  Shrinking a large block gives its pages back without a
 * copy, so a buffer sized for the worst case can be trimmed after use. */
static inline void *isurv_realloc(void *p, size_t n, size_t sz)
{
    void *q;

    if (sz != 0 && n > SIZE_MAX / sz)
        return NULL;
    if (ISURV_FAULT_FAIL())
        return NULL;
    q = realloc(p, n * sz != 0 ? n * sz : 1);
    if (q && !p)
        ISURV_FAULT_LIVE(1);
    return q;
}

#endif
