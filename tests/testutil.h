/* Assertions for floating-point results, in the style of GSL's cdf tests:
 * relative tolerances, with NaN and infinities compared exactly. */
#ifndef ISURV_TESTUTIL_H
#define ISURV_TESTUTIL_H

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

/* True when got equals want to a relative tolerance tol.  Two NaNs agree
 * (R's NA and NaN are both our NaN); infinities must match in sign; a
 * zero expected value is compared absolutely against tol. */
static inline int isurv_close(double got, double want, double tol)
{
    if (isnan(want) || isnan(got))
        return isnan(want) && isnan(got);
    if (isinf(want) || isinf(got))
        return got == want;
    if (want == 0.0)
        return fabs(got) <= tol;
    return fabs(got - want) <= tol * fabs(want);
}

#define ck_assert_close(got, want, tol)                                        \
    do {                                                                       \
        double got_ = (got), want_ = (want);                                   \
        ck_assert_msg(isurv_close(got_, want_, (tol)),                         \
                      "%s = %.17g, expected %.17g (rel. tol %g)", #got, got_,  \
                      want_, (double)(tol));                                   \
    } while (0)

/* malloc that fails the test instead of returning NULL (never NULL for
 * n = 0, so an empty data set still has arrays). */
static inline void *isurv_test_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    ck_assert_ptr_nonnull(p);
    return p;
}

/* The agreement we promise with R survival. */
#define REF_TOL 1e-10

#endif
