/*
 * A table of calls to every public entry point that can allocate, on
 * realistic inputs, each capturing all it produced as bytes (its
 * "fingerprint").  Two suites share it:
 *  - check_alloc fails allocation 1, 2, 3, ... of each call and requires
 *    ISURV_ENOMEM with nothing produced or changed and nothing leaked, or
 *    success with the undisturbed fingerprint;
 *  - check_threads runs the calls concurrently from several threads and
 *    requires the single-threaded fingerprints, bit for bit.
 *
 * Adding an entry point: write a run function (see the ones in calls.c)
 * that
 *   1. sets up whatever the call needs (objects, options) before
 *      oc_begin, so that only the call under test is failed;
 *   2. hands the call output arrays from oc_out (never its own), and for
 *      an object result first sets the pointer to OC_JUNK;
 *   3. brackets the one call with oc_begin / oc_end;
 *   4. on failure: oc_null(oc, obj) for an object result, and for an
 *      object the call modifies a check that it is unchanged (else set
 *      oc->partial); on success: puts everything the result holds
 *      (every accessor, or the rendering) with oc_put*;
 *   5. frees what it made and returns the call's status;
 * then add one line to the calls[] table at the end of calls.c (with
 * threaded = 1 if the call starts worker threads: n >= 2^17 and a thread
 * option above 1).  Inputs are the shared data sets (struct dataset), the
 * shared options and a shared fit and figure, all read-only after
 * calls_init.
 */
#ifndef ISURV_TEST_CALLS_H
#define ISURV_TEST_CALLS_H

#include <stddef.h>

#include "inotusurv.h"

#define OC_MAXOUT 8

struct outcome {
    unsigned char *fp;             /* the fingerprint */
    size_t len, cap;
    void *out[OC_MAXOUT];          /* output arrays handed to the call */
    size_t outlen[OC_MAXOUT];
    int nout;
    int partial;                   /* a failed call produced or changed something */
    int oom;                       /* the test's own malloc failed */
    int tag;                       /* distinguishes concurrent runs */
    /* Called by oc_begin and oc_end (may be NULL): check_alloc arms and
     * disarms its fault hook there. */
    void (*begin)(void *ctx);
    void (*end)(void *ctx);
    void *ctx;
};

struct call {
    const char *name;
    int (*run)(struct outcome *oc, const void *arg);
    const void *arg;
    int threaded;  /* reaches the library's worker threads */
};

extern const struct call calls[];
extern const size_t ncalls;

/* Builds the shared inputs; 0 on success.  Not thread-safe: once, before
 * any call runs.  calls_done frees them. */
int calls_init(void);
void calls_done(void);

/* An outcome before a run, and back to empty after one. */
void oc_init(struct outcome *oc);
void oc_clear(struct outcome *oc);

/* Runs call c on a fresh fingerprint; returns its status.  Output arrays
 * are added to the fingerprint after success, and must still hold their
 * fill pattern after a failure (else oc->partial). */
int oc_run(struct outcome *oc, const struct call *c);

/* For run functions. */
#define OC_JUNK ((void *)&oc_junk)
extern char oc_junk;
void *oc_out(struct outcome *oc, size_t bytes);
void oc_begin(struct outcome *oc);
void oc_end(struct outcome *oc);
void oc_put(struct outcome *oc, const void *p, size_t bytes);
void oc_put_d(struct outcome *oc, double x);
void oc_put_z(struct outcome *oc, size_t x);
void oc_put_i(struct outcome *oc, int x);
/* A failed call must have set its object result to NULL. */
void oc_null(struct outcome *oc, const void *obj);

/* Two fingerprints equal, byte for byte. */
int oc_equal(const struct outcome *a, const struct outcome *b);

#endif
