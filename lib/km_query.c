/* Questions asked of a fitted curve: survival at given times, the at-risk
 * table, quantiles and the restricted mean.  Each follows the R survival
 * function named beside it, so that answers agree to rounding. */
#include <float.h>
#include <math.h>

#include "km.h"

/* Number of rows with time <= t (binary search on the sorted times). */
static size_t rows_upto(const double *time, size_t rows, double t)
{
    size_t lo = 0, hi = rows;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (time[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

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
        size_t rows = isurv_km_rows(fit, curve);
        size_t k = rows_upto(isurv_km_col(fit, curve, ISURV_KM_TIME), rows,
                             times[j]);
        int before = k == 0;

        if (surv)
            surv[j] = before ? 1.0 : isurv_km_col(fit, curve, ISURV_KM_SURV)[k - 1];
        if (std_err)
            std_err[j] = before ? 0.0
                                : isurv_km_col(fit, curve, ISURV_KM_STD_ERR)[k - 1];
        if (lower)
            lower[j] = before ? limit0 : isurv_km_col(fit, curve, ISURV_KM_LOWER)[k - 1];
        if (upper)
            upper[j] = before ? limit0 : isurv_km_col(fit, curve, ISURV_KM_UPPER)[k - 1];
    }
    return ISURV_OK;
}

/* The table under a published KM plot.  n at risk at t is the risk set of
 * the first time >= t (R's summary(fit, times=)), 0 past the last time;
 * events and censorings are cumulative up to and including t. */
int isurv_km_risk_table(const isurv_km *fit, size_t curve, const double *times,
                        size_t m, double *n_risk, double *cum_event,
                        double *cum_censor)
{
    size_t j;
    int rc = check_query(fit, curve, times, m);

    if (rc != ISURV_OK)
        return rc;
    for (j = 0; j < m; j++) {
        size_t rows = isurv_km_rows(fit, curve), r;
        const double *time = isurv_km_col(fit, curve, ISURV_KM_TIME);
        const double *d = isurv_km_col(fit, curve, ISURV_KM_N_EVENT);
        const double *c = isurv_km_col(fit, curve, ISURV_KM_N_CENSOR);
        size_t k = rows_upto(time, rows, times[j]);
        size_t first_ge = (k > 0 && time[k - 1] == times[j]) ? k - 1 : k;
        double ev = 0.0, ce = 0.0;

        for (r = 0; r < k; r++) {
            ev += d[r];
            ce += c[r];
        }
        if (n_risk)
            n_risk[j] = first_ge < rows
                            ? isurv_km_col(fit, curve, ISURV_KM_N_RISK)[first_ge]
                            : 0.0;
        if (cum_event)
            cum_event[j] = ev;
        if (cum_censor)
            cum_censor[j] = ce;
    }
    return ISURV_OK;
}

/* print.survfit's rule (survmean's minmin), for the level y0 = 1 - p: the
 * first time where the curve is below y0 + sqrt(eps); when it sits at y0
 * within that tolerance and drops later, the midpoint of that time and the
 * next drop.  NaN rows (limits where S = 0) are skipped; NaN if never. */
static double first_below(const double *time, const double *y, size_t rows,
                          double y0)
{
    const double tol = sqrt(DBL_EPSILON);
    size_t r, first = rows;

    for (r = 0; r < rows; r++)
        if (!isnan(y[r]) && y[r] < y0 + tol) {
            first = r;
            break;
        }
    if (first == rows)
        return NAN;
    if (fabs(y[first] - y0) < tol)
        for (r = first + 1; r < rows; r++)
            if (!isnan(y[r]) && y[r] < y[first])
                return (time[first] + time[r]) / 2.0;
    return time[first];
}

int isurv_km_quantile(const isurv_km *fit, size_t curve, double p,
                      double *estimate, double *lower, double *upper)
{
    const double *time;
    size_t rows;

    if (!fit || !estimate)
        return ISURV_ENULL;
    if (curve >= fit->ncurves)
        return ISURV_EINDEX;
    if (!(p > 0.0 && p < 1.0))
        return ISURV_EPROB;
    time = isurv_km_col(fit, curve, ISURV_KM_TIME);
    rows = isurv_km_rows(fit, curve);
    *estimate = first_below(time, isurv_km_col(fit, curve, ISURV_KM_SURV),
                            rows, 1.0 - p);
    /* The lower limit of the time comes from the lower survival band. */
    if (lower)
        *lower = first_below(time, isurv_km_col(fit, curve, ISURV_KM_LOWER),
                             rows, 1.0 - p);
    if (upper)
        *upper = first_below(time, isurv_km_col(fit, curve, ISURV_KM_UPPER),
                             rows, 1.0 - p);
    return ISURV_OK;
}

/* survmean with rmean = tau: the area under the curve from 0 to tau, and
 * the variance sum over event times t_j <= tau of A_j^2 d/(n (n - d)),
 * where A_j is the area from t_j to tau (terms with n = d count 0). */
int isurv_km_rmst(const isurv_km *fit, size_t curve, double tau,
                  double *estimate, double *std_err)
{
    const double *time, *surv, *n, *d;
    size_t rows, k, r;
    double area = 0.0, var = 0.0, tail;

    if (!fit || !estimate)
        return ISURV_ENULL;
    if (curve >= fit->ncurves)
        return ISURV_EINDEX;
    if (!(isfinite(tau) && tau > 0.0))
        return ISURV_EARG;
    time = isurv_km_col(fit, curve, ISURV_KM_TIME);
    surv = isurv_km_col(fit, curve, ISURV_KM_SURV);
    n = isurv_km_col(fit, curve, ISURV_KM_N_RISK);
    d = isurv_km_col(fit, curve, ISURV_KM_N_EVENT);
    rows = isurv_km_rows(fit, curve);
    k = rows_upto(time, rows, tau);

    /* Rectangles from the right, so that tail is the area from t_r to tau. */
    tail = (tau - (k ? time[k - 1] : 0.0)) * (k ? surv[k - 1] : 1.0);
    for (r = k; r-- > 0;) {
        double h = n[r] - d[r] == 0.0 ? 0.0 : d[r] / (n[r] * (n[r] - d[r]));
        var += tail * tail * h;
        tail += (time[r] - (r ? time[r - 1] : 0.0)) * (r ? surv[r - 1] : 1.0);
    }
    area = tail;
    *estimate = area;
    if (std_err)
        *std_err = sqrt(var);
    return ISURV_OK;
}
