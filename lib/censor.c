/* Censoring helpers.  Each validates everything before writing anything,
 * so a failed call leaves the output arrays (which may be the inputs)
 * untouched. */
#include <math.h>

#include "inotusurv.h"
#include "validate.h"

/* at[i] NaN or +Inf means no intervening event; otherwise it must be a
 * valid time. */
static int check_at(const double *at, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        if (!isnan(at[i]) && !(at[i] >= 0.0))
            return ISURV_ETIME;
    return ISURV_OK;
}

int isurv_censor_at(double *out_time, int *out_event, const double *time,
                    const int *event, const double *at, size_t n)
{
    size_t i;
    int rc;

    if (!out_time || !out_event || !at)
        return ISURV_ENULL;
    if ((rc = isurv_check_survdata(time, event, n, NULL, NULL)) != ISURV_OK)
        return rc;
    if ((rc = check_at(at, n)) != ISURV_OK)
        return rc;
    for (i = 0; i < n; i++) {
        /* Strictly before: on the day of the outcome the outcome stands. */
        if (at[i] < time[i]) {
            out_time[i] = at[i];
            out_event[i] = 0;
        } else {
            out_time[i] = time[i];
            out_event[i] = event[i];
        }
    }
    return ISURV_OK;
}

int isurv_censor_admin(double *out_time, int *out_event, const double *time,
                       const int *event, size_t n, double cutoff)
{
    size_t i;
    int rc;

    if (!out_time || !out_event)
        return ISURV_ENULL;
    if ((rc = isurv_check_survdata(time, event, n, NULL, NULL)) != ISURV_OK)
        return rc;
    if (!(isfinite(cutoff) && cutoff >= 0.0))
        return ISURV_EARG;
    for (i = 0; i < n; i++) {
        if (time[i] > cutoff) {
            out_time[i] = cutoff;
            out_event[i] = 0;
        } else {
            out_time[i] = time[i];
            out_event[i] = event[i];
        }
    }
    return ISURV_OK;
}
