/* The times of a Kaplan-Meier curve's rows (lib/km.h): its own array, or
 * chunks lying over the fit's sorted keys. */
#include <string.h>

#include "km.h"

size_t isurv_km_chunk_of(const struct isurv_km_curve *cv, size_t row, size_t k)
{
    size_t lo = 0, hi = cv->nchunk;

    if (k + 1 < cv->nchunk && row >= cv->first[k + 1]
        && row < cv->first[k + 2])
        return k + 1;
    /* the last chunk whose first row is <= row */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (cv->first[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

double isurv_km_time_at(const struct isurv_km_curve *cv, size_t row)
{
    size_t k = 0;
    return isurv_km_time_near(cv, row, &k);
}

void isurv_km_copy_times(const struct isurv_km_curve *cv, size_t lo, size_t m,
                         double *dst)
{
    size_t k, end = lo + m;

    if (cv->time) {
        memcpy(dst, cv->time + lo, m * sizeof *dst);
        return;
    }
    for (k = m ? isurv_km_chunk_of(cv, lo, 0) : 0; lo < end; k++) {
        size_t stop = cv->first[k + 1] < end ? cv->first[k + 1] : end;
        memcpy(dst, cv->chunk[k] + (lo - cv->first[k]), (stop - lo) * sizeof *dst);
        dst += stop - lo;
        lo = stop;
    }
}

/* Binary search on the sorted times: over the chunks' first times first
 * when chunked, then within the chunk. */
size_t isurv_km_rows_upto(const struct isurv_km_curve *cv, double t)
{
    const double *time = cv->time;
    size_t lo = 0, hi = cv->nrows, base = 0;

    if (!time) {
        /* chunks 0 .. lo - 1 begin at times <= t */
        hi = cv->nchunk;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cv->chunk[mid][0] <= t)
                lo = mid + 1;
            else
                hi = mid;
        }
        if (lo == 0)
            return 0;
        time = cv->chunk[lo - 1];
        base = cv->first[lo - 1];
        hi = cv->first[lo] - base;
        lo = 0;
    }
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (time[mid] <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return base + lo;
}
