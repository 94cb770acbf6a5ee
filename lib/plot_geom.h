/* The shapes of one curve in data units (time, survival), clipped to the
 * time axis: the same lists feed the drawing and the legend's search for
 * free space, so the legend avoids exactly what is drawn. */
#ifndef ISURV_PLOT_GEOM_H
#define ISURV_PLOT_GEOM_H

#include <stddef.h>

#include "inotusurv.h"

/* Vertices (t, S) of the step curve from (0, 1): a horizontal run to each
 * drop time and the drop, ending at the curve's last time or at xmax.
 * xy holds 2 * (2 * rows + 2) doubles; returns the number of vertices. */
size_t isurv_geom_curve(const isurv_km *fit, size_t curve, double xmax,
                        double *xy);

/* (t, S) of each time <= xmax with censorings, S after any drop there.
 * xy holds 2 * rows doubles; returns the count. */
size_t isurv_geom_censor(const isurv_km *fit, size_t curve, double xmax,
                         double *xy);

/* Confidence band steps: interval j spans [t0, t1] at [lo, hi]; run[j] is
 * 1 where a new band piece starts (the first interval, or after a time
 * whose limits are NaN, which R leaves undrawn).  Each array holds rows
 * elements; returns the count. */
size_t isurv_geom_band(const isurv_km *fit, size_t curve, double xmax,
                       double *t0, double *t1, double *lo, double *hi,
                       int *run);

/* Largest number of rows of any curve, for sizing the arrays above. */
size_t isurv_geom_max_rows(const isurv_km *fit);

/* The arrays the functions above fill, sized for every curve of a fit:
 * shared by the drawing and by the legend's search for free space. */
struct isurv_geom_scratch {
    double *xy, *t0, *t1, *lo, *hi;
    int *run;
};

/* ISURV_OK or ISURV_ENOMEM (with nothing left allocated). */
int isurv_geom_scratch_init(struct isurv_geom_scratch *sc, const isurv_km *fit);
void isurv_geom_scratch_clear(struct isurv_geom_scratch *sc);

#endif
