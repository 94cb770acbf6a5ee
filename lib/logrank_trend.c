/* Test for trend over ordered groups: with U = O - E and V its variance,
 * the scores c give the 1-df statistic (c'U)^2 / (c'Vc) (e.g. Collett,
 * Modelling Survival Data in Medical Research, 3rd ed., 2.7.1).  The
 * entries of U and the rows of V sum to zero, so adding a constant to
 * every score changes nothing, and neither does multiplying them all by
 * one factor.  The scores are therefore centred and scaled to at most 1
 * in size first: equal scores give exactly c = 0, and c'Vc neither
 * overflows nor suffers the cancellation of large scores. */
#include <float.h>
#include <math.h>

#include "alloc.h"
#include "logrank.h"
#include "pchisq_log.h"

int isurv_logrank_trend(const isurv_logrank *fit, const double *scores,
                        size_t k, double *chisq, double *p_value)
{
    double *c, mean = 0.0, big = 0.0, cu = 0.0, cvc = 0.0, scale = 0.0, stat;
    size_t g, h;

    if (!fit || !chisq)
        return ISURV_ENULL;
    if (scores) {
        if (k != fit->k)
            return ISURV_EARG;
        for (g = 0; g < k; g++)
            if (!isfinite(scores[g]))
                return ISURV_EARG;
    }
    c = isurv_alloc(fit->k, sizeof *c);
    if (!c)
        return ISURV_ENOMEM;
    for (g = 0; g < fit->k; g++) {
        c[g] = scores ? scores[g] : (double)(g + 1);
        if (fabs(c[g]) > big)
            big = fabs(c[g]);
    }
    for (g = 0; g < fit->k; g++) {
        c[g] = big > 0.0 ? c[g] / big : 0.0;
        mean += c[g];
    }
    mean /= (double)fit->k;
    for (g = 0; g < fit->k; g++)
        c[g] -= mean;
    for (g = 0; g < fit->k; g++) {
        cu += c[g] * (fit->obs[g] - fit->exp[g]);
        for (h = 0; h < fit->k; h++) {
            double t = c[g] * fit->var[g * fit->k + h] * c[h];
            cvc += t;
            scale += fabs(t);
        }
    }
    isurv_dealloc(c);
    /* Equal scores, or a V that vanishes along c: no trend to test. */
    if (!(cvc > 64.0 * (double)fit->k * DBL_EPSILON * scale))
        return ISURV_EVARIANCE;
    stat = cu * cu / cvc;
    *chisq = stat;
    if (p_value)
        *p_value = isurv_pchisq_upper(stat, 1.0);
    return ISURV_OK;
}
