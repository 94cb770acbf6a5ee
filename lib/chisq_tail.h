/* Upper tail of the chi-square distribution with its logarithm, safe
 * where the tail underflows a double. */
#ifndef ISURV_CHISQ_TAIL_H
#define ISURV_CHISQ_TAIL_H

/* P(X > x) for X ~ chi-square(df), x >= 0 finite, df > 0 finite.
 * p may be 0 or subnormal where the tail underflows; log_p stays finite
 * (it is -Inf only for x = +Inf, which callers never pass).  Either
 * output may be NULL. */
void isurv_chisq_upper(double x, double df, double *p, double *log_p);

#endif
