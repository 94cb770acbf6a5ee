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
    /* Each cell is at most DBL_MAX, so a running total can only overflow to
     * +Inf, which the comparison below also rejects. */
    for (i = 0; i < nrow * ncol; i++)
        total += table[i];
    if (!(total <= ISURV_TABLE_MAX_TOTAL))
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
