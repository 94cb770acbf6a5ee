/* Nice tick steps.  Every tick is computed as k * step rather than by
 * repeated addition, so tick k has the same value whatever came before. */
#include <math.h>

#include "plot_axis.h"

static const double mantissa[4] = { 1.0, 2.0, 2.5, 5.0 };

double isurv_axis_nice(int k)
{
    int e = k >= 0 ? k / 4 : -((-k + 3) / 4);
    int m = k - 4 * e;
    double p = 1.0;
    int i;

    for (i = 0; i < (e >= 0 ? e : -e); i++)
        p *= 10.0;
    return e >= 0 ? mantissa[m] * p : mantissa[m] / p;
}

int isurv_axis_nice_index(double x)
{
    /* x can be 0 or subnormal (times at the bottom of the double range,
     * divided down), where log10 gives -Inf or too few digits, and a
     * double outside int's range must not be converted: the exponent is
     * clamped and the walks below settle the index. */
    double l = x > 0.0 && isfinite(x) ? floor(log10(x)) : x > 0.0 ? 310.0 : -330.0;
    int k;

    if (l < -330.0)
        l = -330.0;
    if (l > 310.0)
        return 4 * 310; /* x infinite: no nice step is larger */
    k = 4 * (int)l;

    /* log10 can be off near powers of ten; walk to the exact answer. */
    while (isurv_axis_nice(k) > x)
        k--;
    while (isurv_axis_nice(k + 1) <= x)
        k++;
    return k;
}

size_t isurv_axis_cover(double span, double step, size_t limit)
{
    double n = ceil(span / step - 1e-9);

    if (n < 1.0)
        n = 1.0;
    return n > (double)limit ? (size_t)-1 : (size_t)n;
}

size_t isurv_axis_within(double end, double step, size_t limit)
{
    double n = floor(end / step + 1e-9);

    if (n < 0.0)
        n = 0.0;
    return n > (double)limit ? (size_t)-1 : (size_t)n;
}
