/* Median follow-up by the reverse Kaplan-Meier method (Schemper and Smith
 * 1996): the censorings are the "events", so the estimate is the median
 * time to loss of follow-up, with deaths censoring it. */
#include "alloc.h"
#include "inotusurv.h"
#include "validate.h"

int isurv_followup_median(double *estimate, double *lower, double *upper,
                          const double *time, const int *event, size_t n,
                          const isurv_opts *opts)
{
    isurv_km *fit = NULL;
    int *flipped;
    size_t i;
    int rc;

    if (!estimate)
        return ISURV_ENULL;
    if ((rc = isurv_check_survdata(time, event, n, NULL, NULL)) != ISURV_OK)
        return rc;
    /* The caller's events are borrowed, so the swap works on a copy. */
    flipped = isurv_alloc(n, sizeof *flipped);
    if (!flipped)
        return ISURV_ENOMEM;
    for (i = 0; i < n; i++)
        flipped[i] = 1 - event[i];
    rc = isurv_km_fit(&fit, time, flipped, n, NULL, NULL, NULL, opts);
    if (rc == ISURV_OK)
        rc = isurv_km_quantile(fit, 0, 0.5, estimate, lower, upper);
    isurv_km_free(fit);
    isurv_dealloc(flipped);
    return rc;
}
