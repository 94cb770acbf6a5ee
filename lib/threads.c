#define _POSIX_C_SOURCE 200809L /* sysconf */
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "threads.h"

#ifdef ISURV_FAULT_INJECTION
#include "fault.h"
#endif

/* pthread_create, which the test build can make fail (lib/fault.h): every
 * caller below has a way on without the thread, and tests/check_alloc
 * makes them take it. */
static int start_thread(pthread_t *tid, void *(*fn)(void *), void *arg)
{
#ifdef ISURV_FAULT_INJECTION
    if (isurv_fault_thread_fails())
        return -1;
#endif
    return pthread_create(tid, NULL, fn, arg);
}

int isurv_threads_for(int option, size_t n)
{
    long k = option;

    if (n < ISURV_PARALLEL_MIN)
        return 1;
    if (k <= 0) {
        k = sysconf(_SC_NPROCESSORS_ONLN);
        if (k < 1)
            k = 1;
    }
    return k > ISURV_MAX_THREADS ? ISURV_MAX_THREADS : (int)k;
}

struct part {
    void (*fn)(void *, int);
    void *ctx;
    int part;
};

static void *run_part(void *arg)
{
    struct part *p = arg;
    p->fn(p->ctx, p->part);
    return NULL;
}

void isurv_parallel(int nparts, void (*fn)(void *ctx, int part), void *ctx)
{
    pthread_t tid[ISURV_MAX_THREADS];
    struct part arg[ISURV_MAX_THREADS];
    int started[ISURV_MAX_THREADS];
    int t;

    if (nparts > ISURV_MAX_THREADS)
        nparts = ISURV_MAX_THREADS;
    for (t = 1; t < nparts; t++) {
        arg[t].fn = fn;
        arg[t].ctx = ctx;
        arg[t].part = t;
        started[t] = start_thread(&tid[t], run_part, &arg[t]) == 0;
    }
    fn(ctx, 0);
    for (t = 1; t < nparts; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            fn(ctx, t);
    }
}

/* Pieces handed out in order to whichever thread is free. */
struct pieces {
    pthread_mutex_t mu;
    int next, npieces;
    void (*fn)(void *, int);
    void *ctx;
};

static void take_pieces(void *arg, int part)
{
    struct pieces *d = arg;

    (void)part;
    for (;;) {
        int k;
        pthread_mutex_lock(&d->mu);
        k = d->next++;
        pthread_mutex_unlock(&d->mu);
        if (k >= d->npieces)
            return;
        d->fn(d->ctx, k);
    }
}

void isurv_parallel_pieces(int nthreads, int npieces,
                           void (*fn)(void *ctx, int piece), void *ctx)
{
    struct pieces d;
    int k;

    if (nthreads > npieces)
        nthreads = npieces;
    if (nthreads <= 1 || pthread_mutex_init(&d.mu, NULL) != 0) {
        for (k = 0; k < npieces; k++)
            fn(ctx, k);
        return;
    }
    d.next = 0;
    d.npieces = npieces;
    d.fn = fn;
    d.ctx = ctx;
    /* A part whose thread does not start runs after the caller's, which
     * has then taken every piece: it finds none left. */
    isurv_parallel(nthreads, take_pieces, &d);
    pthread_mutex_destroy(&d.mu);
}

#define PIPE_MAX 8

struct isurv_pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int threaded, done, rc;
    void *ctx;
    void (*produce)(void *, struct isurv_pipe *);
    int (*consume)(void *, void *);
    void *empty[PIPE_MAX], *full[PIPE_MAX];
    size_t nempty, nfull, head; /* full is a ring: head, then nfull */
};

void *isurv_pipe_acquire(struct isurv_pipe *p)
{
    void *buf;

    if (!p->threaded)
        return p->empty[0];
    pthread_mutex_lock(&p->mu);
    while (p->nempty == 0)
        pthread_cond_wait(&p->cv, &p->mu);
    buf = p->empty[--p->nempty];
    pthread_mutex_unlock(&p->mu);
    return buf;
}

void isurv_pipe_submit(struct isurv_pipe *p, void *buf)
{
    if (!p->threaded) {
        if (p->rc == 0)
            p->rc = p->consume(p->ctx, buf);
        return;
    }
    pthread_mutex_lock(&p->mu);
    p->full[(p->head + p->nfull) % PIPE_MAX] = buf;
    p->nfull++;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

static void *producer(void *arg)
{
    struct isurv_pipe *p = arg;

    p->produce(p->ctx, p);
    pthread_mutex_lock(&p->mu);
    p->done = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int isurv_pipe_run(int threaded, void *ctx,
                   void (*produce)(void *ctx, struct isurv_pipe *pipe),
                   int (*consume)(void *ctx, void *buf), void **bufs,
                   size_t nbufs)
{
    struct isurv_pipe p;
    pthread_t tid;
    size_t k;

    memset(&p, 0, sizeof p);
    p.ctx = ctx;
    p.produce = produce;
    p.consume = consume;
    if (nbufs > PIPE_MAX)
        nbufs = PIPE_MAX;
    for (k = 0; k < nbufs; k++)
        p.empty[k] = bufs[k];
    p.nempty = nbufs;
    p.threaded = threaded && nbufs >= 2 && pthread_mutex_init(&p.mu, NULL) == 0;
    if (p.threaded && pthread_cond_init(&p.cv, NULL) != 0) {
        pthread_mutex_destroy(&p.mu);
        p.threaded = 0;
    }
    if (p.threaded && start_thread(&tid, producer, &p) != 0) {
        pthread_cond_destroy(&p.cv);
        pthread_mutex_destroy(&p.mu);
        p.threaded = 0;
    }
    if (!p.threaded) {
        produce(ctx, &p);
        return p.rc;
    }
    for (;;) {
        void *buf;
        pthread_mutex_lock(&p.mu);
        while (p.nfull == 0 && !p.done)
            pthread_cond_wait(&p.cv, &p.mu);
        if (p.nfull == 0) {
            pthread_mutex_unlock(&p.mu);
            break;
        }
        buf = p.full[p.head];
        p.head = (p.head + 1) % PIPE_MAX;
        p.nfull--;
        pthread_mutex_unlock(&p.mu);
        if (p.rc == 0)
            p.rc = consume(ctx, buf);
        pthread_mutex_lock(&p.mu);
        p.empty[p.nempty++] = buf;
        pthread_cond_broadcast(&p.cv);
        pthread_mutex_unlock(&p.mu);
    }
    pthread_join(tid, NULL);
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    return p.rc;
}
