/* The two halves of Fisher's exact test behind isurv_fisher_test. */
#ifndef ISURV_FISHER_H
#define ISURV_FISHER_H

#include <stddef.h>

/* 2 x 2 table [a b; c d] (validated): p value for the alternative and,
 * where the pointers are not NULL, the conditional MLE of the odds ratio
 * and its confidence interval. */
int isurv_fisher_2x2(double *p_value, double *odds_ratio, double *or_lower,
                     double *or_upper, const double *table, int alternative,
                     double conf_level);

/* Two-sided p value of a validated r x c table by the network algorithm
 * (Mehta and Patel 1983); ISURV_ESIZE beyond the limits in fisher_rxc.c. */
int isurv_fisher_rxc(double *p_value, const double *table, size_t nrow,
                     size_t ncol);

#endif
