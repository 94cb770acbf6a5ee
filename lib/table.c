/* Table validation shared by the chi-square and Fisher tests, so that both
 * give the same status for the same bad table. */
#include <math.h>
#include <stdint.h>

#include "inotusurv.h"
#include "table.h"

int isurv_is_count(double x)
{
    return isfinite(x) && x >= 0.0 && x == floor(x);
}

/* A sum of whole numbers stays exact while it is at most 2^53, but once it
 * passes 2^53 it can round back down to it (2^53 + 1 + 1 + 1 gives
 * 2^53), so comparing the rounded total would accept totals above the
 * limit with inexact margins.  Each addition is checked exact instead
 * (Knuth's TwoSum error term is 0); a total that overflows to Inf is
 * caught by the comparison. */
int isurv_counts_total(const double *x, size_t n, double *total)
{
    double s = 0.0;
    size_t i;

    for (i = 0; i < n; i++) {
        double t = s + x[i], b = t - s;
        if ((s - (t - b)) + (x[i] - b) != 0.0)
            return 0;
        s = t;
    }
    *total = s;
    return s <= ISURV_TABLE_MAX_TOTAL;
}

int isurv_table_check(const double *table, size_t nrow, size_t ncol)
{
    size_t i, j;
    double total = 0.0;

    if (!table)
        return ISURV_ENULL;
    if (nrow < 2 || ncol < 2)
        return ISURV_EDIM;
    if (nrow > SIZE_MAX / ncol)
        return ISURV_ESIZE;
    for (i = 0; i < nrow * ncol; i++)
        if (!isurv_is_count(table[i]))
            return ISURV_ETABLE;
    if (!isurv_counts_total(table, nrow * ncol, &total))
        return ISURV_ESIZE;
    for (i = 0; i < nrow; i++) {
        double s = 0.0;
        for (j = 0; j < ncol; j++)
            s += table[i * ncol + j];
        if (s == 0.0)
            return ISURV_EDIM;
    }
    for (j = 0; j < ncol; j++) {
        double s = 0.0;
        for (i = 0; i < nrow; i++)
            s += table[i * ncol + j];
        if (s == 0.0)
            return ISURV_EDIM;
    }
    return ISURV_OK;
}

void isurv_table_margins(const double *table, size_t nrow, size_t ncol,
                         double *row, double *col, double *total)
{
    size_t i, j;
    double n = 0.0;

    for (i = 0; i < nrow; i++)
        row[i] = 0.0;
    for (j = 0; j < ncol; j++)
        col[j] = 0.0;
    for (i = 0; i < nrow; i++)
        for (j = 0; j < ncol; j++) {
            row[i] += table[i * ncol + j];
            col[j] += table[i * ncol + j];
            n += table[i * ncol + j];
        }
    *total = n;
}
