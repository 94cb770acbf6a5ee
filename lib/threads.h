/* Fork-join parallelism without global state: each call starts its
 * threads and joins them before it returns, so nothing outlives a call
 * (no pool, nothing to clean up, safe to call from any thread).  Work is
 * split by part number, never by which thread runs it, so a result is
 * the same whatever the thread count. */
#ifndef ISURV_THREADS_H
#define ISURV_THREADS_H

#include <stddef.h>

/* The most parts a parallel step is ever split into. */
#define ISURV_MAX_THREADS 16

/* Below this many rows a call stays on the calling thread: starting a
 * thread costs more than the work it would take over. */
#define ISURV_PARALLEL_MIN ((size_t)1 << 17)

/* The number of parts for a call on n rows: the option (0 meaning one per
 * online processor), capped at ISURV_MAX_THREADS, and 1 for small n. */
int isurv_threads_for(int option, size_t n);

/* Runs fn(ctx, part) for part = 0 .. nparts-1, part 0 on the calling
 * thread and the others on new threads, and returns when all are done.
 * A part whose thread cannot be started runs on the calling thread
 * instead, so this cannot fail. */
void isurv_parallel(int nparts, void (*fn)(void *ctx, int part), void *ctx);

/* Start of part `part` of nparts near-equal slices of [0, n); part =
 * nparts gives n. */
static inline size_t isurv_slice(size_t n, int part, int nparts)
{
    size_t k = (size_t)nparts, p = (size_t)part;
    return n / k * p + n % k * p / k;
}

#endif
