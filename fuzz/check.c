#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

void fz_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "\n==== fuzz invariant violated at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\n", stderr);
    fflush(stderr);
    abort();
}

/* A status the header defines: isurv_strerror has a message for it, so a
 * status appended later is known here without a change. */
static int known(int rc)
{
    return strcmp(isurv_strerror(rc), isurv_strerror(-1)) != 0;
}

void fz_expect(int rc, unsigned long allowed, const char *what)
{
    FZ_ASSERT(known(rc), "%s returned %d, not a status of enum isurv_status",
              what, rc);
    FZ_ASSERT(rc < (int)(8 * sizeof allowed) && (allowed & FZ_S(rc)),
              "%s returned %d (%s), which it does not document", what, rc,
              isurv_strerror(rc));
}

void fz_expect_exact(int rc, int want, unsigned long also, const char *what)
{
    if (want == ISURV_OK) {
        fz_expect(rc, also | FZ_S(ISURV_OK), what);
        return;
    }
    FZ_ASSERT(rc == want, "%s returned %d (%s), the checks say %d (%s)", what,
              rc, isurv_strerror(rc), want, isurv_strerror(want));
}

void fz_check_prob(double p, const char *what)
{
    FZ_ASSERT(p >= 0.0 && p <= 1.0, "%s = %.17g is not in [0, 1]", what, p);
}

void fz_check_log_prob(double lp, double p, const char *what)
{
    FZ_ASSERT(lp <= 0.0, "log %s = %.17g is not <= 0 (or is NaN)", what, lp);
    if (p > 1e-300) {
        /* Both describe one number while it is a normal double. */
        double want = log(p);
        FZ_ASSERT(fabs(lp - want) <= 1e-9 * fmax(1.0, fabs(want)),
                  "log %s = %.17g but log(p) = %.17g", what, lp, want);
    } else if (p == 0.0) {
        /* p underflowed, so its logarithm lies below the subnormals'. */
        FZ_ASSERT(lp < log(DBL_MIN),
                  "%s = 0 while its log is %.17g (> log DBL_MIN)", what, lp);
    }
}

void fz_check_nonneg(double x, const char *what)
{
    FZ_ASSERT(x >= 0.0, "%s = %.17g is not >= 0", what, x);
}

int fz_le(double a, double b, double tol)
{
    return a <= b || a - b <= tol * fmax(fabs(a), fabs(b));
}
