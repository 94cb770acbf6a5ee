/* Upper tail of the chi-square distribution and its logarithm, for every
 * test in the library (log-rank family, contingency tables).  Arguments
 * are checked here so that GSL never sees a value its error handler would
 * abort on. */
#ifndef ISURV_PCHISQ_LOG_H
#define ISURV_PCHISQ_LOG_H

/* Q(x; df) = P(X > x) for x >= 0 (or +Inf) and 0 <= df < 2e6; df = 0 is
 * the point mass at 0 (Q = 1 at x = 0, as R).  NaN outside that domain. */
double isurv_pchisq_upper(double x, double df);
/* log Q(x; df), accurate where Q underflows (-Inf only at x = +Inf). */
double isurv_pchisq_upper_log(double x, double df);

#endif
