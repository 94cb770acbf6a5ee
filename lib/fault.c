/* The fault-injection hook (lib/fault.h); test builds only. */
#ifndef ISURV_FAULT_INJECTION
#error "lib/fault.c belongs to the fault-injection test build only"
#endif

#include <pthread.h>

#include "fault.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long fail_at, attempts, failures, thread_tries;
static int persist, fail_threads;
static long live;

void isurv_fault_arm(unsigned long k, int persistent)
{
    pthread_mutex_lock(&lock);
    fail_at = k;
    persist = persistent;
    attempts = failures = 0;
    pthread_mutex_unlock(&lock);
}

unsigned long isurv_fault_attempts(void)
{
    unsigned long v;

    pthread_mutex_lock(&lock);
    v = attempts;
    pthread_mutex_unlock(&lock);
    return v;
}

unsigned long isurv_fault_failures(void)
{
    unsigned long v;

    pthread_mutex_lock(&lock);
    v = failures;
    pthread_mutex_unlock(&lock);
    return v;
}

long isurv_fault_live(void)
{
    long v;

    pthread_mutex_lock(&lock);
    v = live;
    pthread_mutex_unlock(&lock);
    return v;
}

void isurv_fault_threads(int fail)
{
    pthread_mutex_lock(&lock);
    fail_threads = fail;
    thread_tries = 0;
    pthread_mutex_unlock(&lock);
}

unsigned long isurv_fault_thread_tries(void)
{
    unsigned long v;

    pthread_mutex_lock(&lock);
    v = thread_tries;
    pthread_mutex_unlock(&lock);
    return v;
}

int isurv_fault_fail_now(void)
{
    int fail;

    pthread_mutex_lock(&lock);
    attempts++;
    fail = fail_at != 0 && (attempts == fail_at || (persist && attempts > fail_at));
    failures += (unsigned long)fail;
    pthread_mutex_unlock(&lock);
    return fail;
}

void isurv_fault_live_add(long delta)
{
    pthread_mutex_lock(&lock);
    live += delta;
    pthread_mutex_unlock(&lock);
}

int isurv_fault_thread_fails(void)
{
    int fail;

    pthread_mutex_lock(&lock);
    thread_tries++;
    fail = fail_threads;
    pthread_mutex_unlock(&lock);
    return fail;
}
