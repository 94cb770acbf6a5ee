/* Thread safety.  The library has no global state, so any number of
 * threads may call it at once on shared, read-only inputs and options and
 * must each get exactly what one thread alone gets.  This suite runs the
 * calls of tests/calls.c (Kaplan-Meier fits and queries, follow-up,
 * log-rank tests with 1, 2 and 4 worker threads of their own, pairwise
 * tests, p.adjust, chi-square, Fisher, plots rendered and written) from
 * NTHREADS threads at once, and compares every result with the
 * single-threaded one, byte for byte:
 *  - "same call": all threads start the same call together, for each call;
 *  - "mixed": each thread runs every call, in its own order, ROUNDS times.
 * Built with configure --enable-tsan, ThreadSanitizer also watches every
 * access of these runs and of the library's own worker threads. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "calls.h"
#include "inotusurv.h"

#define NTHREADS 4
#define ROUNDS 2

static struct outcome *ref; /* per call, single-threaded */

/* Threads wait here until all have been started. */
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static int gate_waiting, gate_generation;

static void gate_pass(void)
{
    int gen;

    pthread_mutex_lock(&gate_mu);
    gen = gate_generation;
    if (++gate_waiting == NTHREADS) {
        gate_waiting = 0;
        gate_generation++;
        pthread_cond_broadcast(&gate_cv);
    } else {
        while (gen == gate_generation)
            pthread_cond_wait(&gate_cv, &gate_mu);
    }
    pthread_mutex_unlock(&gate_mu);
}

/* What one thread does, and what it found (Check's assertions belong to
 * the main thread). */
struct worker {
    pthread_t tid;
    int index;
    int only;                 /* a call index, or -1 for all in turn */
    size_t runs, mismatches;
    const char *first_bad;    /* the name of the first call that differed */
    int first_rc;
};

static void check_one(struct worker *w, struct outcome *oc, size_t j)
{
    int rc = oc_run(oc, &calls[j]);

    w->runs++;
    if (rc != ISURV_OK || oc->oom || !oc_equal(oc, &ref[j])) {
        if (w->mismatches++ == 0) {
            w->first_bad = calls[j].name;
            w->first_rc = rc;
        }
    }
}

static void *work(void *arg)
{
    struct worker *w = arg;
    struct outcome oc;
    size_t r, j;

    oc_init(&oc);
    oc.tag = w->index + 1;
    gate_pass();
    if (w->only >= 0) {
        check_one(w, &oc, (size_t)w->only);
    } else {
        for (r = 0; r < ROUNDS; r++)
            for (j = 0; j < ncalls; j++) {
                /* Each thread starts at its own place; odd ones go
                 * backwards. */
                size_t start = (size_t)w->index * ncalls / NTHREADS + r;
                size_t step = w->index % 2 ? ncalls - 1 - j : j;
                check_one(w, &oc, (start + step) % ncalls);
            }
    }
    oc_clear(&oc);
    return NULL;
}

static void run_workers(int only)
{
    struct worker w[NTHREADS];
    int t;

    for (t = 0; t < NTHREADS; t++) {
        w[t].index = t;
        w[t].only = only;
        w[t].runs = w[t].mismatches = 0;
        w[t].first_bad = NULL;
        w[t].first_rc = 0;
        ck_assert_int_eq(pthread_create(&w[t].tid, NULL, work, &w[t]), 0);
    }
    for (t = 0; t < NTHREADS; t++)
        ck_assert_int_eq(pthread_join(w[t].tid, NULL), 0);
    for (t = 0; t < NTHREADS; t++) {
        ck_assert_msg(w[t].mismatches == 0,
                      "thread %d: %zu of %zu runs differ from one thread's, "
                      "first %s (status %d)", t, w[t].mismatches, w[t].runs,
                      w[t].first_bad, w[t].first_rc);
        ck_assert(w[t].runs > 0);
    }
}

START_TEST(test_same_call)
{
    run_workers(_i);
}
END_TEST

START_TEST(test_mixed)
{
    run_workers(-1);
}
END_TEST

/* Every call gives one answer alone, run after run (else comparing
 * threads with it would prove nothing). */
START_TEST(test_reference_stable)
{
    struct outcome oc;
    size_t j;

    oc_init(&oc);
    for (j = 0; j < ncalls; j++) {
        ck_assert_msg(oc_run(&oc, &calls[j]) == ISURV_OK && !oc.oom,
                      "%s failed", calls[j].name);
        ck_assert_msg(oc_equal(&oc, &ref[j]), "%s: two runs differ",
                      calls[j].name);
        ck_assert_msg(oc.len > 0, "%s: empty result", calls[j].name);
    }
    oc_clear(&oc);
}
END_TEST

static Suite *threads_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("concurrent calls");

    tcase_add_test(tc, test_reference_stable);
    tcase_add_loop_test(tc, test_same_call, 0, (int)ncalls);
    tcase_add_test(tc, test_mixed);
    tcase_set_timeout(tc, 600);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    size_t j;
    int failed;

    ref = calloc(ncalls, sizeof *ref);
    if (!ref || calls_init() != 0) {
        fprintf(stderr, "check_threads: cannot build the inputs\n");
        return 99;
    }
    for (j = 0; j < ncalls; j++) {
        oc_init(&ref[j]);
        if (oc_run(&ref[j], &calls[j]) != ISURV_OK || ref[j].oom) {
            fprintf(stderr, "check_threads: %s fails on one thread\n",
                    calls[j].name);
            return 99;
        }
    }
    sr = srunner_create(threads_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    for (j = 0; j < ncalls; j++)
        oc_clear(&ref[j]);
    free(ref);
    calls_done();
    return failed == 0 ? 0 : 1;
}
