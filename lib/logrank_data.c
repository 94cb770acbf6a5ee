/* Validation and the count table for the log-rank family: the caller's
 * groups become the table's columns and its strata the table's strata,
 * so one sort serves every group (and every pair of groups). */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "logrank.h"
#include "validate.h"

int isurv_lr_check_weights(const struct isurv_opts *o)
{
    switch (o->weight_type) {
    case ISURV_WEIGHT_LOGRANK:
    case ISURV_WEIGHT_GEHAN:
    case ISURV_WEIGHT_TARONE_WARE:
        return ISURV_OK;
    case ISURV_WEIGHT_GRHO:
    case ISURV_WEIGHT_FH:
        return isfinite(o->weight_p) && o->weight_p >= 0.0
                       && isfinite(o->weight_q) && o->weight_q >= 0.0
                   ? ISURV_OK
                   : ISURV_EOPTION;
    default:
        return ISURV_EOPTION;
    }
}

void isurv_lr_data_clear(struct isurv_lr_data *d)
{
    isurv_counts_clear(&d->tab);
    isurv_labels_clear(&d->groups);
    isurv_labels_clear(&d->strata);
}

int isurv_lr_data_build(struct isurv_lr_data *d, const double *time,
                        const int *event, const int *group, size_t n,
                        const int *strata, const double *entry,
                        const struct isurv_opts *o)
{
    struct isurv_counts_input in;
    uint32_t *gidx = NULL, *sidx = NULL;
    int rc;

    memset(d, 0, sizeof *d);
    if (!group)
        return ISURV_ENULL;
    if ((rc = isurv_check_survdata(time, event, n, NULL, entry)) != ISURV_OK)
        return rc;
    if ((rc = isurv_lr_check_weights(o)) != ISURV_OK)
        return rc;
    gidx = isurv_alloc(n, sizeof *gidx);
    sidx = isurv_alloc(n, sizeof *sidx);
    if (!gidx || !sidx) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    if ((rc = isurv_labels_build(&d->groups, gidx, group, n)) != ISURV_OK
        || (rc = isurv_labels_build(&d->strata, sidx, strata, n)) != ISURV_OK)
        goto done;
    if (d->groups.count < 2) {
        rc = ISURV_EGROUPS;
        goto done;
    }
    if (d->groups.count > ISURV_LOGRANK_MAX_GROUPS) {
        rc = ISURV_ESIZE;
        goto done;
    }
    in.time = time;
    in.event = event;
    in.weights = NULL;
    in.entry = entry;
    in.stratum = sidx;
    in.group = gidx;
    in.n = n;
    in.nstrata = d->strata.count;
    in.ngroups = d->groups.count;
    in.timefix = o->timefix;
    rc = isurv_counts_build(&d->tab, &in);
done:
    isurv_dealloc(gidx);
    isurv_dealloc(sidx);
    if (rc != ISURV_OK)
        isurv_lr_data_clear(d);
    return rc;
}
