#define _POSIX_C_SOURCE 200809L /* sysconf */
#include <pthread.h>
#include <unistd.h>

#include "threads.h"

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
        started[t] = pthread_create(&tid[t], NULL, run_part, &arg[t]) == 0;
    }
    fn(ctx, 0);
    for (t = 1; t < nparts; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            fn(ctx, t);
    }
}
