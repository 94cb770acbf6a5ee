/* Pearson's chi-square test of independence for an r x c table, as R's
 * chisq.test(x, correct=) computes it. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "pchisq_log.h"
#include "inotusurv.h"
#include "table.h"

struct isurv_chisq {
    size_t nrow, ncol;
    double statistic, df, p_value, log_p;
    int low_expected;
    double *expected; /* row-major nrow x ncol */
    double *stdres;
};

void isurv_chisq_free(isurv_chisq *res)
{
    if (!res)
        return;
    isurv_dealloc(res->expected);
    isurv_dealloc(res->stdres);
    isurv_dealloc(res);
}

/* Yates's correction as R applies it: |O - E| is reduced by 0.5, but never
 * by more than the smallest |O - E| of the table, so that a table equal to
 * its expectation keeps a statistic of 0 instead of gaining one. */
static double yates_amount(const double *table, const double *expected, size_t cells)
{
    double y = 0.5;
    size_t i;

    for (i = 0; i < cells; i++) {
        double d = fabs(table[i] - expected[i]);
        if (d < y)
            y = d;
    }
    return y;
}

static void compute(struct isurv_chisq *res, const double *table,
                    const double *row, const double *col, double n,
                    int correction)
{
    size_t nr = res->nrow, nc = res->ncol, i, j;
    double yates = 0.0, stat = 0.0, n3 = n * n * n;

    res->low_expected = 0;
    for (i = 0; i < nr; i++)
        for (j = 0; j < nc; j++) {
            double e = row[i] * col[j] / n;
            /* R's stdres: the cell's variance under independence with
             * both margins fixed, r c (n - r)(n - c) / n^3. */
            double v = col[j] * row[i] * (n - row[i]) * (n - col[j]) / n3;
            res->expected[i * nc + j] = e;
            res->stdres[i * nc + j] = (table[i * nc + j] - e) / sqrt(v);
            if (e < 5.0)
                res->low_expected = 1;
        }
    if (correction && nr == 2 && nc == 2)
        yates = yates_amount(table, res->expected, 4);
    for (i = 0; i < nr * nc; i++) {
        double d = fabs(table[i] - res->expected[i]) - yates;
        stat += d * d / res->expected[i];
    }
    res->statistic = stat;
    res->df = (double)(nr - 1) * (double)(nc - 1);
    res->p_value = isurv_pchisq_upper(stat, res->df);
    res->log_p = isurv_pchisq_upper_log(stat, res->df);
}

int isurv_chisq_test(isurv_chisq **out, const double *table, size_t nrow,
                     size_t ncol, int correction)
{
    struct isurv_chisq *res;
    double *row, *col, n;
    int rc;

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if ((rc = isurv_table_check(table, nrow, ncol)) != ISURV_OK)
        return rc;
    if (correction != 0 && correction != 1)
        return ISURV_EOPTION;
    res = isurv_zalloc(1, sizeof *res);
    row = isurv_alloc(nrow, sizeof *row);
    col = isurv_alloc(ncol, sizeof *col);
    if (res) {
        res->nrow = nrow;
        res->ncol = ncol;
        res->expected = isurv_alloc(nrow * ncol, sizeof *res->expected);
        res->stdres = isurv_alloc(nrow * ncol, sizeof *res->stdres);
    }
    if (!res || !row || !col || !res->expected || !res->stdres) {
        isurv_chisq_free(res);
        isurv_dealloc(row);
        isurv_dealloc(col);
        return ISURV_ENOMEM;
    }
    isurv_table_margins(table, nrow, ncol, row, col, &n);
    compute(res, table, row, col, n, correction);
    isurv_dealloc(row);
    isurv_dealloc(col);
    *out = res;
    return ISURV_OK;
}

int isurv_chisq_dim(const isurv_chisq *res, size_t *nrow, size_t *ncol)
{
    if (!res)
        return ISURV_ENULL;
    if (nrow)
        *nrow = res->nrow;
    if (ncol)
        *ncol = res->ncol;
    return ISURV_OK;
}

int isurv_chisq_stat(const isurv_chisq *res, double *statistic, double *df,
                     double *p_value)
{
    if (!res)
        return ISURV_ENULL;
    if (statistic)
        *statistic = res->statistic;
    if (df)
        *df = res->df;
    if (p_value)
        *p_value = res->p_value;
    return ISURV_OK;
}

int isurv_chisq_log_p(const isurv_chisq *res, double *log_p)
{
    if (!res || !log_p)
        return ISURV_ENULL;
    *log_p = res->log_p;
    return ISURV_OK;
}

static int copy_cells(const isurv_chisq *res, const double *src, double *dst,
                      size_t len)
{
    if (!res || !dst)
        return ISURV_ENULL;
    if (len < res->nrow * res->ncol)
        return ISURV_EBUFFER;
    memcpy(dst, src, res->nrow * res->ncol * sizeof *dst);
    return ISURV_OK;
}

int isurv_chisq_expected(const isurv_chisq *res, double *dst, size_t len)
{
    return copy_cells(res, res ? res->expected : NULL, dst, len);
}

int isurv_chisq_residuals(const isurv_chisq *res, double *dst, size_t len)
{
    return copy_cells(res, res ? res->stdres : NULL, dst, len);
}

int isurv_chisq_low_expected(const isurv_chisq *res, int *flag)
{
    if (!res || !flag)
        return ISURV_ENULL;
    *flag = res->low_expected;
    return ISURV_OK;
}
