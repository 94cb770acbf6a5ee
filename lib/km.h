/* The Kaplan-Meier result object, shared by the fit and the queries. */
#ifndef ISURV_KM_H
#define ISURV_KM_H

#include <stddef.h>

#include "inotusurv.h"

#define ISURV_KM_NCOLUMNS 12

struct isurv_km {
    size_t ncurves;
    int *label;       /* per curve: its group label (0 without groups) */
    size_t *start;    /* ncurves + 1 row offsets into the columns */
    size_t *nobs;     /* per curve */
    double *col[ISURV_KM_NCOLUMNS]; /* indexed by enum isurv_km_column */
    double conf_level;
    int conf_type;
};

/* Row range of a curve, after the index has been checked. */
static inline const double *isurv_km_col(const struct isurv_km *fit,
                                         size_t curve, int column)
{
    return fit->col[column] + fit->start[curve];
}

static inline size_t isurv_km_rows(const struct isurv_km *fit, size_t curve)
{
    return fit->start[curve + 1] - fit->start[curve];
}

#endif
