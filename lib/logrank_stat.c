/* The chi-square of the log-rank family as R's survdiff forms it: only
 * groups with E > 0 take part (a group nobody in which was at risk at a
 * weighted death time has a zero row in V), and since the rows of V sum
 * to zero one of them is dropped (R drops the first) and the rest solved:
 * a generalized inverse.  V is positive semi-definite, so a Cholesky
 * factor gives U'V^-1U as the squared norm of L^-1 U, and a vanishing
 * pivot is the singular case where R's solve() fails. */
#include <float.h>
#include <math.h>

#include "alloc.h"
#include "logrank.h"

/* Cholesky in place (lower triangle of the q x q row-major a); returns 0
 * when a pivot is not clearly positive relative to the largest
 * diagonal. */
static int cholesky(double *a, size_t q)
{
    double big = 0.0, tol;
    size_t i, j, l;

    for (i = 0; i < q; i++)
        if (a[i * q + i] > big)
            big = a[i * q + i];
    tol = 64.0 * (double)q * DBL_EPSILON * big;
    if (!(big > 0.0))
        return 0;
    for (j = 0; j < q; j++) {
        double piv = a[j * q + j];
        for (l = 0; l < j; l++)
            piv -= a[j * q + l] * a[j * q + l];
        if (!(piv > tol))
            return 0;
        a[j * q + j] = sqrt(piv);
        for (i = j + 1; i < q; i++) {
            double x = a[i * q + j];
            for (l = 0; l < j; l++)
                x -= a[i * q + l] * a[j * q + l];
            a[i * q + j] = x / a[j * q + j];
        }
    }
    return 1;
}

int isurv_lr_chisq(double *chisq, double *df, const double *obs,
                   const double *exp, const double *var, size_t m)
{
    size_t *keep, q = 0, i, j;
    double *a = NULL, *u = NULL, sum = 0.0;
    int rc = ISURV_OK;

    keep = isurv_alloc(m, sizeof *keep);
    if (!keep)
        return ISURV_ENOMEM;
    for (i = 0; i < m; i++)
        if (exp[i] > 0.0)
            keep[q++] = i;
    if (q == 0) {
        rc = ISURV_EVARIANCE; /* no (weighted) death: nothing to test */
        goto done;
    }
    *df = (double)(q - 1);
    *chisq = 0.0;
    if (q == 1)
        goto done;
    /* Drop the first kept group, as R does. */
    q--;
    a = isurv_alloc(q * q, sizeof *a);
    u = isurv_alloc(q, sizeof *u);
    if (!a || !u) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    for (i = 0; i < q; i++) {
        u[i] = obs[keep[i + 1]] - exp[keep[i + 1]];
        for (j = 0; j < q; j++)
            a[i * q + j] = var[keep[i + 1] * m + keep[j + 1]];
    }
    if (!cholesky(a, q)) {
        rc = ISURV_EVARIANCE;
        goto done;
    }
    for (i = 0; i < q; i++) {
        double z = u[i];
        for (j = 0; j < i; j++)
            z -= a[i * q + j] * u[j];
        u[i] = z / a[i * q + i];
        sum += u[i] * u[i];
    }
    *chisq = sum;
done:
    isurv_dealloc(keep);
    isurv_dealloc(a);
    isurv_dealloc(u);
    return rc;
}
