#include <math.h>

#include "inotusurv.h"
#include "validate.h"

int isurv_check_survdata(const double *time, const int *event, size_t n,
                         const double *weights, const double *entry)
{
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
    if (weights)
        for (i = 0; i < n; i++)
            if (!(isfinite(weights[i]) && weights[i] >= 0.0))
                return ISURV_EWEIGHT;
    if (entry)
        for (i = 0; i < n; i++)
            if (!(isfinite(entry[i]) && entry[i] >= 0.0 && entry[i] < time[i]))
                return ISURV_EENTRY;
    return ISURV_OK;
}
