/* Tick arithmetic for the time axis: the "nice" steps 1, 2, 2.5 and 5
 * times a power of ten, and how many intervals cover a span. */
#ifndef ISURV_PLOT_AXIS_H
#define ISURV_PLOT_AXIS_H

#include <stddef.h>

/* The k-th nice step in increasing order; k = 0 is 1, k = 4 is 10,
 * k = -1 is 0.5.  Powers of ten are built by exact multiplication or one
 * correctly rounded division, so the same k gives the same bits
 * everywhere. */
double isurv_axis_nice(int k);

/* The largest k with isurv_axis_nice(k) <= x, for x > 0 and finite
 * (subnormal x included); 0 and infinities give clamped answers. */
int isurv_axis_nice_index(double x);

/* Intervals of width step from 0 that reach span (the axis then ends at
 * n * step), or that fit within a fixed axis end (n * step <= end); a
 * relative slack of 1e-9 absorbs rounding in span / step.  At least 1 for
 * the covering count.  Returns (size_t)-1 above limit. */
size_t isurv_axis_cover(double span, double step, size_t limit);
size_t isurv_axis_within(double end, double step, size_t limit);

#endif
