/* Pointwise confidence limits for a survival probability, exactly as R
 * survival's survfit_confint with logse = TRUE: se is the standard error
 * of log S (the Greenwood sum's square root). */
#ifndef ISURV_CONFINT_H
#define ISURV_CONFINT_H

/* z is the normal quantile for the level; writes *lower and *upper. */
void isurv_confint(double *lower, double *upper, double surv, double se,
                   double z, int conf_type);

/* The two-sided standard-normal quantile for a confidence level. */
double isurv_conf_z(double level);

#endif
