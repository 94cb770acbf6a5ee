/* Folding the lanes of a block of log-rank sums and adding them to the
 * totals (lib/logrank_lanes.h). */
#include <string.h>

#include "logrank_lanes.h"

void isurv_lr_lanes_fold(double *out, double *acc, size_t nsums)
{
    size_t s;

    for (s = 0; s < nsums; s++) {
        const double *a = acc + 4 * s;
        out[s] = (a[0] + a[1]) + (a[2] + a[3]);
    }
    memset(acc, 0, 4 * nsums * sizeof *acc);
}

void isurv_lr_sums_add(double *os, double *es, double *var, const double *sum,
                       size_t m)
{
    size_t g, h;

    for (g = 0; g < m; g++) {
        os[g] += sum[g];
        es[g] += sum[m + g];
        for (h = g; h < m; h++) {
            double x = sum[2 * m + isurv_lr_tri(m, g, h)];
            var[g * m + h] += x;
            if (h != g)
                var[h * m + g] += x; /* the same double: V is symmetric */
        }
    }
}
