/* Brent's method (Brent 1973, "Algorithms for Minimization without
 * Derivatives", ch. 4), the algorithm behind R's uniroot: inverse quadratic
 * or secant steps, falling back to bisection, so the bracket always shrinks
 * and noise in f cannot make it diverge. */
#include <float.h>
#include <math.h>

#include "zeroin.h"

int isurv_zeroin(isurv_zeroin_fn f, void *ctx, double a, double b,
                 double fa, double fb, double tol, int maxiter, double *root)
{
    double c = a, fc = fa;
    int iter;

    if (fa == 0.0) {
        *root = a;
        return 0;
    }
    if (fb == 0.0) {
        *root = b;
        return 0;
    }
    for (iter = 0; iter < maxiter; iter++) {
        double prev_step = b - a, tol_act, p, q, new_step;

        /* Keep b the best estimate and c on the other side of the root. */
        if (fabs(fc) < fabs(fb)) {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        tol_act = 2.0 * DBL_EPSILON * fabs(b) + tol / 2.0;
        new_step = (c - b) / 2.0;
        if (fabs(new_step) <= tol_act || fb == 0.0) {
            *root = b;
            return 0;
        }
        if (fabs(prev_step) >= tol_act && fabs(fa) > fabs(fb)) {
            double t1, t2, cb = c - b;
            if (a == c) {
                t1 = fb / fa;
                p = cb * t1;
                q = 1.0 - t1;
            } else {
                q = fa / fc;
                t1 = fb / fc;
                t2 = fb / fa;
                p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
                q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
            }
            if (p > 0.0)
                q = -q;
            else
                p = -p;
            if (p < 0.75 * cb * q - fabs(tol_act * q) / 2.0
                && p < fabs(prev_step * q / 2.0))
                new_step = p / q;
        }
        if (fabs(new_step) < tol_act)
            new_step = new_step > 0.0 ? tol_act : -tol_act;
        a = b;
        fa = fb;
        b += new_step;
        fb = f(b, ctx);
        if ((fb > 0.0 && fc > 0.0) || (fb < 0.0 && fc < 0.0)) {
            c = a;
            fc = fa;
        }
    }
    return -1;
}
