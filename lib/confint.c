#include <math.h>

#include <gsl/gsl_cdf.h>

#include "confint.h"
#include "inotusurv.h"

static const double half_pi = 1.57079632679489661923;

/* level was validated to lie in (0, 1), so GSL gets a valid P.  Below
 * 1e-4, 1 - level would lose the digits of level (and below 1e-16 all of
 * them: z = 0, and z times an infinite SE is NaN), so z comes from the
 * series Phi(z) - 1/2 = (z - z^3/6 + ...) / sqrt(2 pi) = level / 2,
 * inverted: z = a (1 + a^2/6 + O(a^4)), a = level sqrt(pi / 2); the next
 * term is 7a^5/120, below 1e-16 of z here. */
double isurv_conf_z(double level)
{
    if (level < 1e-4) {
        double a = level * 1.2533141373155002512; /* sqrt(pi / 2) */
        return a * (1.0 + a * a / 6.0);
    }
    return gsl_cdf_ugaussian_Qinv((1.0 - level) / 2.0);
}

/* R writes NA where it would take log(0); NaN is our NA.  R's pmax/pmin
 * propagate NaN, and fmin/fmax would not, hence the explicit tests. */
void isurv_confint(double *lower, double *upper, double p, double se,
                   double z, int conf_type)
{
    double se2, lp;

    switch (conf_type) {
    case ISURV_CONF_PLAIN:
        se2 = se * p * z;
        *lower = isnan(p - se2) ? NAN : fmax(p - se2, 0.0);
        *upper = isnan(p + se2) ? NAN : fmin(p + se2, 1.0);
        return;
    case ISURV_CONF_LOG:
        if (p == 0.0) {
            *lower = *upper = NAN;
            return;
        }
        se2 = z * se;
        *lower = exp(log(p) - se2);
        *upper = isnan(se2) ? NAN : fmin(exp(log(p) + se2), 1.0);
        return;
    case ISURV_CONF_LOGLOG:
        if (p == 0.0 || p == 1.0) {
            *lower = *upper = NAN;
            return;
        }
        se2 = z * se / log(p);
        lp = log(-log(p));
        *lower = exp(-exp(lp - se2));
        *upper = exp(-exp(lp + se2));
        return;
    case ISURV_CONF_LOGIT:
        if (p == 0.0) {
            *lower = *upper = NAN;
            return;
        }
        se2 = z * se * (1.0 + p / (1.0 - p));
        lp = log(p / (1.0 - p));
        /* R writes 1 - 1/(1 + e^y), which is e^y / (1 + e^y) but loses
         * all digits below 1e-16 to the subtraction: for S = 1e-9 its
         * limits are off by 1e-7 relative and can leave S outside them.
         * 1 / (1 + e^-y) is the same number without the cancellation. */
        *lower = 1.0 / (1.0 + exp(se2 - lp));
        *upper = 1.0 / (1.0 + exp(-(lp + se2)));
        return;
    case ISURV_CONF_ARCSIN:
        if (p == 0.0) {
            *lower = *upper = NAN;
            return;
        }
        se2 = 0.5 * z * se * sqrt(p / (1.0 - p));
        lp = asin(sqrt(p));
        *lower = isnan(lp - se2) ? NAN : pow(sin(fmax(0.0, lp - se2)), 2);
        *upper = isnan(lp + se2) ? NAN : pow(sin(fmin(half_pi, lp + se2)), 2);
        return;
    default: /* ISURV_CONF_NONE */
        *lower = *upper = NAN;
        return;
    }
}
