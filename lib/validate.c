#include <float.h>
#include <math.h>

#include "inotusurv.h"
#include "validate.h"

int isurv_check_survdata(const double *time, const int *event, size_t n,
                         const double *weights, const double *entry)
{
    double total = 0.0;
    size_t i;

    if (!time || !event)
        return ISURV_ENULL;
    if (n == 0)
        return ISURV_EEMPTY;
    for (i = 0; i < n; i++)
        if (!(isfinite(time[i]) && time[i] >= 0.0))
            return ISURV_ETIME;
    for (i = 0; i < n; i++)
        if (event[i] != 0 && event[i] != 1)
            return ISURV_EEVENT;
    if (weights) {
        for (i = 0; i < n; i++)
            if (!(isfinite(weights[i]) && weights[i] >= 0.0))
                return ISURV_EWEIGHT;
        /* Risk sets are sums of weights, added in other orders than this
         * one: half of DBL_MAX leaves room for their rounding, so no
         * count can overflow to Inf (and make S NaN). */
        for (i = 0; i < n; i++)
            total += weights[i];
        if (!(total <= ISURV_MAX_TOTAL_WEIGHT))
            return ISURV_EWEIGHT;
    }
    if (entry)
        for (i = 0; i < n; i++)
            if (!(isfinite(entry[i]) && entry[i] >= 0.0 && entry[i] < time[i]))
                return ISURV_EENTRY;
    return ISURV_OK;
}
