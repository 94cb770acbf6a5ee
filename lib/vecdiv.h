/*
 * Loops of independent divisions, the cost that remains once the data
 * are sorted: two per row for Kaplan-Meier.  Division is correctly
 * rounded in IEEE arithmetic whatever the instruction, so the vector
 * forms used where the processor has them (AVX2, chosen at run time)
 * give exactly the scalar results, only up to four at a time.
 */
#ifndef ISURV_VECDIV_H
#define ISURV_VECDIV_H

#include <stddef.h>

/* The Kaplan-Meier factors of rows with n >= 1 at risk and d events:
 * f = (n - d) / n and g = n > d ? d / (n (n - d)) : Inf. */
void isurv_km_factors(double *f, double *g, const double *n, const double *d,
                      size_t m);

#endif
