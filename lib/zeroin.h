/* Brent's root finder on a bracketing interval, for the library's
 * monotone equations (odds-ratio estimate and limits). */
#ifndef ISURV_ZEROIN_H
#define ISURV_ZEROIN_H

typedef double (*isurv_zeroin_fn)(double x, void *ctx);

/* A root of f in [a, b] given fa = f(a), fb = f(b) of opposite signs (or
 * one of them 0), to an absolute tolerance 4 DBL_EPSILON |x| + tol.
 * Returns 0 and sets *root, or -1 if maxiter iterations did not suffice. */
int isurv_zeroin(isurv_zeroin_fn f, void *ctx, double a, double b,
                 double fa, double fb, double tol, int maxiter, double *root);

#endif
