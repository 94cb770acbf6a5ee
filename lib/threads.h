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

/* Runs fn(ctx, piece) for piece = 0 .. npieces-1 on up to nthreads
 * threads (the caller's among them), each thread taking the next piece
 * as it becomes free: for work whose pieces differ in cost.  fn must give
 * the same result whichever thread runs a piece. */
void isurv_parallel_pieces(int nthreads, int npieces,
                           void (*fn)(void *ctx, int piece), void *ctx);

/* A two-stage pipeline: a producer thread fills buffers and hands them
 * over in order; the calling thread consumes them.  Estimators use it to
 * let the sequential pass over sorted keys (the producer) run beside the
 * arithmetic on the rows it finds (the consumer), which must also run in
 * order.  Without a second thread (or when one cannot be started) each
 * buffer is consumed as soon as it is handed over, on the same thread,
 * with the same results. */
struct isurv_pipe;

/* Runs produce(ctx, pipe) and consume(ctx, buf) for each buffer it hands
 * over, using the nbufs (>= 2) buffers given.  Returns the first nonzero
 * status of consume (later buffers are then skipped but the producer runs
 * to its end), else 0. */
int isurv_pipe_run(int threaded, void *ctx,
                   void (*produce)(void *ctx, struct isurv_pipe *pipe),
                   int (*consume)(void *ctx, void *buf), void **bufs,
                   size_t nbufs);
/* Producer side: an empty buffer to fill, and giving back a filled one. */
void *isurv_pipe_acquire(struct isurv_pipe *pipe);
void isurv_pipe_submit(struct isurv_pipe *pipe, void *buf);

/* Start of part `part` of nparts near-equal slices of [0, n); part =
 * nparts gives n. */
static inline size_t isurv_slice(size_t n, int part, int nparts)
{
    size_t k = (size_t)nparts, p = (size_t)part;
    return n / k * p + n % k * p / k;
}

#endif
