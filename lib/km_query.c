/* Questions asked of a fitted curve: survival at given times, the at-risk
 * table, quantiles and the restricted mean.  Each follows the R survival
 * function named beside it, so that answers agree to rounding.  Rows are
 * read with a cursor (lib/km.h), which rebuilds the fit's values. */
#include <float.h>
#include <math.h>

#include <stdlib.h>

#include "alloc.h"
#include "km.h"

static int check_query(const isurv_km *fit, size_t curve, const double *times,
                       size_t m)
{
    size_t j;

    if (!fit || (!times && m > 0))
        return ISURV_ENULL;
    if (curve >= fit->ncurves)
        return ISURV_EINDEX;
    /* Infinite times are refused like everywhere else in the library
     * (R's summary.survfit silently drops them). */
    for (j = 0; j < m; j++)
        if (!(isfinite(times[j]) && times[j] >= 0.0))
            return ISURV_ETIME;
    return ISURV_OK;
}

/* summary(fit, times=): the value of the last row at or before t; before
 * the first row the curve is 1 with no uncertainty, so its limits are 1 -
 * unless the fit has no interval at all, where they stay NaN as on every
 * row. */
int isurv_km_surv_at(const isurv_km *fit, size_t curve, const double *times,
                     size_t m, double *surv, double *std_err, double *lower,
                     double *upper)
{
    size_t j;
    int rc = check_query(fit, curve, times, m);
    double limit0;

    if (rc != ISURV_OK)
        return rc;
    limit0 = fit->conf_type == ISURV_CONF_NONE ? NAN : 1.0;
    for (j = 0; j < m; j++) {
        size_t k = isurv_km_rows_upto(&fit->curve[curve], times[j]);
        struct isurv_km_cursor cur;
        struct isurv_km_row row;
        double lo = limit0, hi = limit0;

        if (k == 0) {
            if (surv)
                surv[j] = 1.0;
            if (std_err)
                std_err[j] = 0.0;
        } else {
            isurv_km_cursor_seek(&cur, fit, curve, k - 1);
            isurv_km_cursor_next(&cur, &row);
            if (surv)
                surv[j] = row.surv;
            if (std_err)
                std_err[j] = isurv_km_value(fit, &row, ISURV_KM_STD_ERR);
            if (lower || upper)
                isurv_km_limits(fit, &row, &lo, &hi);
        }
        if (lower)
            lower[j] = lo;
        if (upper)
            upper[j] = hi;
    }
    return ISURV_OK;
}

/* Query times in ascending order, remembering where each answer goes. */
struct query {
    double t;
    size_t j;
};

static int cmp_query(const void *a, const void *b)
{
    const struct query *x = a, *y = b;

    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

/* The table under a published KM plot.  n at risk at t is the risk set of
 * the first time >= t (R's summary(fit, times=)), 0 past the last time;
 * events and censorings are cumulative up to and including t.  The
 * queries are answered in time order by one walk down the curve, so the
 * cost is O(rows + m log m) rather than O(rows m); each sum still adds
 * the rows from the first one on, in the same order, as a walk per query
 * would. */
int isurv_km_risk_table(const isurv_km *fit, size_t curve, const double *times,
                        size_t m, double *n_risk, double *cum_event,
                        double *cum_censor)
{
    struct isurv_km_cursor cur;
    struct isurv_km_row row;
    struct query *q;
    const struct isurv_km_curve *cv;
    size_t rows, j, r = 0;
    double ev = 0.0, ce = 0.0, last_risk = 0.0;
    int rc = check_query(fit, curve, times, m);

    if (rc != ISURV_OK)
        return rc;
    if (m == 0)
        return ISURV_OK;
    if (!(q = isurv_alloc(m, sizeof *q)))
        return ISURV_ENOMEM;
    for (j = 0; j < m; j++) {
        q[j].t = times[j];
        q[j].j = j;
    }
    qsort(q, m, sizeof *q, cmp_query);
    rows = isurv_km_rows(fit, curve);
    cv = &fit->curve[curve];
    isurv_km_cursor_seek(&cur, fit, curve, 0);
    for (j = 0; j < m; j++) {
        size_t k = isurv_km_rows_upto(cv, q[j].t);
        double risk = 0.0;

        for (; r < k; r++) {
            isurv_km_cursor_next(&cur, &row);
            ev += row.n_event;
            ce += row.n_censor;
            last_risk = row.n_risk;
        }
        if (k > 0 && isurv_km_time_at(cv, k - 1) == q[j].t) {
            risk = last_risk;          /* the row at t itself */
        } else if (k < rows) {
            struct isurv_km_cursor peek = cur; /* the next row, unconsumed */
            isurv_km_cursor_next(&peek, &row);
            risk = row.n_risk;
        }
        if (n_risk)
            n_risk[q[j].j] = risk;
        if (cum_event)
            cum_event[q[j].j] = ev;
        if (cum_censor)
            cum_censor[q[j].j] = ce;
    }
    isurv_dealloc(q);
    return ISURV_OK;
}

/* The curve the quantile rule is applied to. */
static double band_value(const isurv_km *fit, const struct isurv_km_row *row,
                         int column)
{
    return column == ISURV_KM_SURV ? row->surv
                                   : isurv_km_value(fit, row, column);
}

/* (a + b) / 2 as R writes it, unless a + b overflows (times near
 * DBL_MAX), where a + (b - a) / 2 cannot; 0 <= a <= b. */
static double midpoint(double a, double b)
{
    double s = a + b;
    return isinf(s) ? a + (b - a) / 2.0 : s / 2.0;
}

/* print.survfit's rule (survmean's minmin), for the level y0 = 1 - p: the
 * first time where the curve is below y0 + sqrt(eps); when it sits at y0
 * within that tolerance and drops later, the midpoint of that time and the
 * next drop.  NaN rows (limits where S = 0) are skipped; NaN if never. */
static double first_below(const isurv_km *fit, size_t curve, int column,
                          double y0)
{
    const double tol = sqrt(DBL_EPSILON);
    const struct isurv_km_curve *cv = &fit->curve[curve];
    size_t r, rows = isurv_km_rows(fit, curve), first = rows;
    struct isurv_km_cursor cur;
    struct isurv_km_row row;
    double y = 0.0, yfirst = 0.0;

    isurv_km_cursor_seek(&cur, fit, curve, 0);
    for (r = 0; r < rows; r++) {
        isurv_km_cursor_next(&cur, &row);
        y = band_value(fit, &row, column);
        if (!isnan(y) && y < y0 + tol) {
            first = r;
            yfirst = y;
            break;
        }
    }
    if (first == rows)
        return NAN;
    if (fabs(yfirst - y0) < tol)
        for (r = first + 1; r < rows; r++) {
            isurv_km_cursor_next(&cur, &row);
            y = band_value(fit, &row, column);
            if (!isnan(y) && y < yfirst)
                return midpoint(isurv_km_time_at(cv, first),
                                isurv_km_time_at(cv, r));
        }
    return isurv_km_time_at(cv, first);
}

int isurv_km_quantile(const isurv_km *fit, size_t curve, double p,
                      double *estimate, double *lower, double *upper)
{
    if (!fit || !estimate)
        return ISURV_ENULL;
    if (curve >= fit->ncurves)
        return ISURV_EINDEX;
    if (!(p > 0.0 && p < 1.0))
        return ISURV_EPROB;
    *estimate = first_below(fit, curve, ISURV_KM_SURV, 1.0 - p);
    /* The lower limit of the time comes from the lower survival band. */
    if (lower)
        *lower = first_below(fit, curve, ISURV_KM_LOWER, 1.0 - p);
    if (upper)
        *upper = first_below(fit, curve, ISURV_KM_UPPER, 1.0 - p);
    return ISURV_OK;
}

/* survmean with rmean = tau: the area under the curve from 0 to tau, and
 * the variance sum over event times t_j <= tau of A_j^2 d/(n (n - d)),
 * where A_j is the area from t_j to tau (terms with n = d count 0).  The
 * sums run from the right, so rows are read a checkpoint stride at a time
 * from the last block back.  The variance is summed in units of tau^2:
 * A_j^2 itself overflows once tau passes 1e154, and rows without events
 * (or with A_j = 0) are skipped rather than multiplied in, since Inf * 0
 * would make the standard error NaN. */
int isurv_km_rmst(const isurv_km *fit, size_t curve, double tau,
                  double *estimate, double *std_err)
{
    enum { B = ISURV_KM_STRIDE };
    const struct isurv_km_curve *cv;
    double time[B + 1]; /* time[i + 1] is the time of row lo + i */
    size_t k, r, blk;
    double var = 0.0, tail;
    double surv[B + 1], n[B], d[B]; /* surv[i + 1] is S at row lo + i */

    if (!fit || !estimate)
        return ISURV_ENULL;
    if (curve >= fit->ncurves)
        return ISURV_EINDEX;
    if (!(isfinite(tau) && tau > 0.0))
        return ISURV_EARG;
    cv = &fit->curve[curve];
    k = isurv_km_rows_upto(cv, tau);

    /* Rectangles from the right, so that tail is the area from t_r to tau. */
    tail = tau - (k ? isurv_km_time_at(cv, k - 1) : 0.0);
    if (k) {
        struct isurv_km_cursor cur;
        struct isurv_km_row row;
        isurv_km_cursor_seek(&cur, fit, curve, k - 1);
        isurv_km_cursor_next(&cur, &row);
        tail *= row.surv;
    }
    for (blk = k ? (k - 1) / B + 1 : 0; blk-- > 0;) {
        size_t lo = blk * B, hi = lo + B < k ? lo + B : k;
        struct isurv_km_cursor cur;
        struct isurv_km_row row;

        isurv_km_cursor_seek(&cur, fit, curve, lo);
        surv[0] = cur.surv; /* S before row lo: 1 at the first row */
        time[0] = lo ? isurv_km_time_at(cv, lo - 1) : 0.0;
        isurv_km_copy_times(cv, lo, hi - lo, time + 1);
        for (r = lo; r < hi; r++) {
            isurv_km_cursor_next(&cur, &row);
            surv[r - lo + 1] = row.surv;
            n[r - lo] = row.n_risk;
            d[r - lo] = row.n_event;
        }
        for (r = hi; r-- > lo;) {
            double nr = n[r - lo], dr = d[r - lo];
            double a = tail / tau;
            if (dr > 0.0 && nr > dr && a > 0.0)
                var += a * a * isurv_div_prod(dr, nr, nr - dr);
            tail += (time[r - lo + 1] - time[r - lo]) * (r ? surv[r - lo] : 1.0);
        }
    }
    *estimate = tail;
    if (std_err)
        *std_err = tau * sqrt(var);
    return ISURV_OK;
}
