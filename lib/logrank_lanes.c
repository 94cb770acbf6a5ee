/* Folding the lanes of a block of log-rank sums (lib/logrank_lanes.h). */
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
