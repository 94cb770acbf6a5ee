/* The chi-square upper tail Q(df/2, x/2) and log Q.
 *
 * Where Q is a normal double, GSL's gsl_cdf_chisq_Q gives it (from the
 * upper tail, never 1 - P) and log Q is its logarithm.  Far in the tail Q
 * underflows, so log Q comes from the Legendre continued fraction of the
 * incomplete gamma function evaluated in log space:
 *   Q(a, y) = exp(-y + a log y - lgamma(a)) / (y + 1 - a - 1(1-a)/(y + 3 - a - 2(2-a)/(...)))
 * (Abramowitz and Stegun 6.5.31; Numerical Recipes' gcf), which converges
 * quickly for y > a + 1.  GSL is only called where the result is far from
 * underflow, so no GSL error handler can ever be reached from here. */
#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "chisq_tail.h"

/* Below this, Q is computed in log space only (DBL_MIN is about 2.2e-308;
 * the margin keeps GSL's intermediate products away from underflow). */
#define LOG_Q_FLOOR (-680.0)

/* log of the continued fraction part, for y > a + 1 (modified Lentz). */
static double log_gamma_cf(double a, double y)
{
    const double tiny = 1e-300;
    double b = y + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    int i;

    for (i = 1; i < 10000; i++) {
        double an = -i * (i - a), del;
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < tiny)
            d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny)
            c = tiny;
        d = 1.0 / d;
        del = d * c;
        h *= del;
        if (fabs(del - 1.0) < DBL_EPSILON)
            break;
    }
    return log(h);
}

void isurv_chisq_upper(double x, double df, double *p, double *log_p)
{
    double a = 0.5 * df, y = 0.5 * x, q, lq;

    if (!(x > 0.0)) {
        q = 1.0;
        lq = 0.0;
    } else if (isinf(x)) {
        q = 0.0;
        lq = -INFINITY;
    } else if (y <= a + 1.0) {
        /* Here Q is at least about 0.08 for df >= 1: no underflow.  Near
         * Q = 1 its log is log1p(-P) with P small and accurate, as R's
         * pchisq(log.p = TRUE) does; log(Q) would round to 0. */
        q = gsl_cdf_chisq_Q(x, df);
        lq = q > 0.5 ? log1p(-gsl_cdf_chisq_P(x, df)) : log(q);
    } else {
        lq = -y + a * log(y) - gsl_sf_lngamma(a) + log_gamma_cf(a, y);
        if (lq > LOG_Q_FLOOR) {
            q = gsl_cdf_chisq_Q(x, df);
            lq = log(q);
        } else {
            q = exp(lq);
        }
    }
    if (p)
        *p = q;
    if (log_p)
        *log_p = lq;
}
