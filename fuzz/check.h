/*
 * Invariants for the fuzz harnesses.  A violated invariant prints what
 * failed and aborts, which libFuzzer (and the replay driver) reports as a
 * crash with the input that caused it.  Printing here is the harness's,
 * never the library's.
 */
#ifndef ISURV_FUZZ_CHECK_H
#define ISURV_FUZZ_CHECK_H

#include <math.h>
#include <stddef.h>

#include "inotusurv.h"

#if defined(__GNUC__)
#define FZ_NORETURN __attribute__((noreturn))
#define FZ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FZ_NORETURN
#define FZ_PRINTF(a, b)
#endif

FZ_NORETURN FZ_PRINTF(3, 4) void fz_fail(const char *file, int line,
                                          const char *fmt, ...);

/* FZ_ASSERT(cond, "format", args...): the message says what was seen. */
#define FZ_ASSERT(cond, ...)                                                   \
    do {                                                                       \
        if (!(cond))                                                           \
            fz_fail(__FILE__, __LINE__, __VA_ARGS__);                          \
    } while (0)

/* A set of statuses, for the documented ones of each call. */
#define FZ_S(x) (1UL << (x))
#define FZ_SET2(a, b) (FZ_S(a) | FZ_S(b))

/* rc is a status the header knows (isurv_strerror has a message for it)
 * and one of the set the call documents; `what` names the call. */
void fz_expect(int rc, unsigned long allowed, const char *what);
/* rc is exactly want (for checks whose order is documented), or, where
 * want is ISURV_OK, one of the statuses in also. */
void fz_expect_exact(int rc, int want, unsigned long also, const char *what);

/* Numbers.  A probability in [0, 1] (not NaN); a log probability <= 0
 * (-Inf allowed); a finite or infinite x >= 0 (not NaN). */
void fz_check_prob(double p, const char *what);
void fz_check_log_prob(double lp, double p, const char *what);
void fz_check_nonneg(double x, const char *what);

/* a <= b allowing a relative slack of tol (both finite). */
int fz_le(double a, double b, double tol);

#endif
