/* Curve shapes from the fitted columns.  R's plot.survfit draws the step
 * function from (0, 1) to the last time of each curve, censored or not,
 * marks censorings on the curve at their time, and draws nothing of a
 * pointwise interval where its limits are NaN (after S drops to 0). */
#include <math.h>

#include "km.h"
#include "plot_geom.h"

size_t isurv_geom_max_rows(const isurv_km *fit)
{
    size_t c, m = 0;

    for (c = 0; c < fit->ncurves; c++)
        if (isurv_km_rows(fit, c) > m)
            m = isurv_km_rows(fit, c);
    return m;
}

static void vertex(double *xy, size_t *n, double t, double s)
{
    xy[2 * *n] = t;
    xy[2 * *n + 1] = s;
    (*n)++;
}

size_t isurv_geom_curve(const isurv_km *fit, size_t curve, double xmax,
                        double *xy)
{
    const double *time = isurv_km_col(fit, curve, ISURV_KM_TIME);
    const double *surv = isurv_km_col(fit, curve, ISURV_KM_SURV);
    size_t rows = isurv_km_rows(fit, curve), r, n = 0;
    double cur = 1.0, end = 0.0;

    vertex(xy, &n, 0.0, 1.0);
    for (r = 0; r < rows; r++) {
        if (time[r] > xmax) {
            end = xmax;
            break;
        }
        end = time[r];
        if (surv[r] != cur) {
            vertex(xy, &n, time[r], cur);
            vertex(xy, &n, time[r], surv[r]);
            cur = surv[r];
        }
    }
    if (n == 1 || end > xy[2 * (n - 1)])
        vertex(xy, &n, end, cur);
    return n;
}

size_t isurv_geom_censor(const isurv_km *fit, size_t curve, double xmax,
                         double *xy)
{
    const double *time = isurv_km_col(fit, curve, ISURV_KM_TIME);
    const double *surv = isurv_km_col(fit, curve, ISURV_KM_SURV);
    const double *cens = isurv_km_col(fit, curve, ISURV_KM_N_CENSOR);
    size_t rows = isurv_km_rows(fit, curve), r, n = 0;

    for (r = 0; r < rows && time[r] <= xmax; r++)
        if (cens[r] > 0.0)
            vertex(xy, &n, time[r], surv[r]);
    return n;
}

size_t isurv_geom_band(const isurv_km *fit, size_t curve, double xmax,
                       double *t0, double *t1, double *lo, double *hi,
                       int *run)
{
    const double *time = isurv_km_col(fit, curve, ISURV_KM_TIME);
    const double *lower = isurv_km_col(fit, curve, ISURV_KM_LOWER);
    const double *upper = isurv_km_col(fit, curve, ISURV_KM_UPPER);
    size_t rows = isurv_km_rows(fit, curve), r, n = 0;
    int fresh = 1;

    /* Before the first time the limits are 1 and 1: nothing to shade. */
    for (r = 0; r < rows && time[r] < xmax; r++) {
        double a = time[r], b = r + 1 < rows ? time[r + 1] : time[r];

        if (isnan(lower[r]) || isnan(upper[r])) {
            fresh = 1;
            continue;
        }
        if (b > xmax)
            b = xmax;
        if (!(b > a))
            continue;
        t0[n] = a;
        t1[n] = b;
        lo[n] = lower[r];
        hi[n] = upper[r];
        run[n] = fresh;
        fresh = 0;
        n++;
    }
    return n;
}
