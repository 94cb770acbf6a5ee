/* Chi-square upper tail.  Q comes from GSL; its logarithm is log Q while
 * Q is a normal double, log1p(-P) near Q = 1 (where 1 - P has lost the
 * digits of P), and otherwise the continued fraction of the incomplete
 * gamma function evaluated in log space:
 *   Q(a, y) = exp(-y + a log y - lgamma(a)) * F,
 *   F = 1/(y+1-a-) 1(1-a)/(y+3-a-) 2(2-a)/(y+5-a-) ...
 * (Numerical Recipes, 6.2; modified Lentz), with a = df/2, y = x/2.  Q
 * only underflows far beyond the mean, where y > a + 1 and F converges
 * in a few terms. */
#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>

#include "pchisq_log.h"

/* GSL reports errors (which abort) from a = df/2 = 1e6 on, near x = df. */
#define DF_MAX 2e6
/* Below this Q is taken in log space: subnormals have lost digits. */
#define Q_TINY 1e-290

static int in_domain(double x, double df)
{
    return !isnan(x) && x >= 0.0 && isfinite(df) && df >= 0.0 && df < DF_MAX;
}

double isurv_pchisq_upper(double x, double df)
{
    if (!in_domain(x, df))
        return NAN;
    if (df == 0.0)
        return x > 0.0 ? 0.0 : 1.0;
    if (isinf(x))
        return 0.0;
    return gsl_cdf_chisq_Q(x, df);
}

/* log F by modified Lentz; y > a + 1. */
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

double isurv_pchisq_upper_log(double x, double df)
{
    double a, y, q;

    if (!in_domain(x, df))
        return NAN;
    if (df == 0.0)
        return x > 0.0 ? -INFINITY : 0.0;
    if (isinf(x))
        return -INFINITY;
    if (x == 0.0)
        return 0.0;
    q = gsl_cdf_chisq_Q(x, df);
    if (q > 0.5)
        return log1p(-gsl_cdf_chisq_P(x, df));
    a = 0.5 * df;
    y = 0.5 * x;
    if (q >= Q_TINY || !(y > a + 1.0))
        return log(q);
    return -y + a * log(y) - gsl_sf_lngamma(a) + log_gamma_cf(a, y);
}
