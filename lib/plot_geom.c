/* Curve shapes from the fitted columns.  R's plot.survfit draws the step
 * function from (0, 1) to the last time of each curve, censored or not,
 * marks censorings on the curve at their time, and draws nothing of a
 * pointwise interval where its limits are NaN (after S drops to 0). */
#include <math.h>

#include "alloc.h"
#include "km.h"
#include "plot_geom.h"

size_t isurv_geom_max_rows(const isurv_km *fit)
{
    size_t c, m = 0;

    for (c = 0; c < isurv_km_ncurves(fit); c++)
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
    size_t rows = isurv_km_rows(fit, curve), r, n = 0;
    struct isurv_km_cursor cur;
    struct isurv_km_row row;
    double cur_s = 1.0, end = 0.0;

    vertex(xy, &n, 0.0, 1.0);
    isurv_km_cursor_seek(&cur, fit, curve, 0);
    for (r = 0; r < rows; r++) {
        isurv_km_cursor_next(&cur, &row);
        if (row.time > xmax) {
            end = xmax;
            break;
        }
        end = row.time;
        if (row.surv != cur_s) {
            vertex(xy, &n, row.time, cur_s);
            vertex(xy, &n, row.time, row.surv);
            cur_s = row.surv;
        }
    }
    if (n == 1 || end > xy[2 * (n - 1)])
        vertex(xy, &n, end, cur_s);
    return n;
}

size_t isurv_geom_censor(const isurv_km *fit, size_t curve, double xmax,
                         double *xy)
{
    size_t rows = isurv_km_rows(fit, curve), r, n = 0;
    struct isurv_km_cursor cur;
    struct isurv_km_row row;

    isurv_km_cursor_seek(&cur, fit, curve, 0);
    for (r = 0; r < rows; r++) {
        isurv_km_cursor_next(&cur, &row);
        if (row.time > xmax)
            break;
        if (row.n_censor > 0.0)
            vertex(xy, &n, row.time, row.surv);
    }
    return n;
}

size_t isurv_geom_band(const isurv_km *fit, size_t curve, double xmax,
                       double *t0, double *t1, double *lo, double *hi,
                       int *run)
{
    const struct isurv_km_curve *cv = &fit->curve[curve];
    size_t rows = isurv_km_rows(fit, curve), r, n = 0, k = 0;
    struct isurv_km_cursor cur;
    struct isurv_km_row row;
    double lower, upper;
    int fresh = 1;

    /* Before the first time the limits are 1 and 1: nothing to shade. */
    isurv_km_cursor_seek(&cur, fit, curve, 0);
    for (r = 0; r < rows && isurv_km_time_near(cv, r, &k) < xmax; r++) {
        double a = isurv_km_time_near(cv, r, &k),
               b = r + 1 < rows ? isurv_km_time_near(cv, r + 1, &k) : a;

        isurv_km_cursor_next(&cur, &row);
        isurv_km_limits(fit, &row, &lower, &upper);
        if (isnan(lower) || isnan(upper)) {
            fresh = 1;
            continue;
        }
        if (b > xmax)
            b = xmax;
        if (!(b > a))
            continue;
        t0[n] = a;
        t1[n] = b;
        lo[n] = lower;
        hi[n] = upper;
        run[n] = fresh;
        fresh = 0;
        n++;
    }
    return n;
}

int isurv_geom_scratch_init(struct isurv_geom_scratch *sc, const isurv_km *fit)
{
    size_t rows = isurv_geom_max_rows(fit);

    sc->xy = isurv_alloc(4 * rows + 4, sizeof *sc->xy);
    sc->t0 = isurv_alloc(rows, sizeof *sc->t0);
    sc->t1 = isurv_alloc(rows, sizeof *sc->t1);
    sc->lo = isurv_alloc(rows, sizeof *sc->lo);
    sc->hi = isurv_alloc(rows, sizeof *sc->hi);
    sc->run = isurv_alloc(rows, sizeof *sc->run);
    if (!sc->xy || !sc->t0 || !sc->t1 || !sc->lo || !sc->hi || !sc->run) {
        isurv_geom_scratch_clear(sc);
        return ISURV_ENOMEM;
    }
    return ISURV_OK;
}

void isurv_geom_scratch_clear(struct isurv_geom_scratch *sc)
{
    isurv_dealloc(sc->xy);
    isurv_dealloc(sc->t0);
    isurv_dealloc(sc->t1);
    isurv_dealloc(sc->lo);
    isurv_dealloc(sc->hi);
    isurv_dealloc(sc->run);
    sc->xy = sc->t0 = sc->t1 = sc->lo = sc->hi = NULL;
    sc->run = NULL;
}
