/* Time-unit conversions.  Months are 30.4375 days (365.25 / 12), the
 * convention of the inotuzumab paper and of most oncology reports. */
#include <math.h>

#include "inotusurv.h"

int isurv_days_to_months(double *out, const double *days, size_t n)
{
    size_t i;

    if (!out || (!days && n > 0))
        return ISURV_ENULL;
    if (n == 0)
        return ISURV_EEMPTY;
    for (i = 0; i < n; i++)
        if (!isfinite(days[i]))
            return ISURV_ETIME;
    for (i = 0; i < n; i++)
        out[i] = days[i] / ISURV_DAYS_PER_MONTH;
    return ISURV_OK;
}

static int is_leap(long y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int valid_date(int y, int m, int d)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

    if (y < -9999 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= mdays[m - 1] + (m == 2 && is_leap(y));
}

/* Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil), exact for every valid date. */
static long days_from_civil(long y, long m, long d)
{
    long era, yoe, doy, doe;

    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int isurv_months_between(double *out, int y0, int m0, int d0, int y1, int m1,
                         int d1)
{
    if (!out)
        return ISURV_ENULL;
    if (!valid_date(y0, m0, d0) || !valid_date(y1, m1, d1))
        return ISURV_EDATE;
    *out = (double)(days_from_civil(y1, m1, d1) - days_from_civil(y0, m0, d0))
           / ISURV_DAYS_PER_MONTH;
    return ISURV_OK;
}
