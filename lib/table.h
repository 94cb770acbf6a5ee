/* Checks and margins for the count tables taken by the contingency-table
 * tests (row-major, nrow x ncol doubles). */
#ifndef ISURV_TABLE_H
#define ISURV_TABLE_H

#include <stddef.h>

/* The largest table total accepted: counts up to 2^53 are exact in a
 * double, so every margin and the total are computed without rounding. */
#define ISURV_TABLE_MAX_TOTAL 9007199254740992.0

/* Validates a table in the order every contingency function documents:
 * NULL -> ISURV_ENULL; fewer than 2 rows or columns -> ISURV_EDIM; a
 * negative, non-integer or non-finite cell -> ISURV_ETABLE; a total above
 * ISURV_TABLE_MAX_TOTAL -> ISURV_ESIZE; a zero row or column margin ->
 * ISURV_EDIM. */
int isurv_table_check(const double *table, size_t nrow, size_t ncol);

/* A finite, non-negative whole number (a count). */
int isurv_is_count(double x);

/* 1 if the counts x[0 .. n-1] add up to at most ISURV_TABLE_MAX_TOTAL,
 * exactly (no partial sum rounded), with the total in *total; else 0. */
int isurv_counts_total(const double *x, size_t n, double *total);

/* Row and column sums and the total of a table that passed the check. */
void isurv_table_margins(const double *table, size_t nrow, size_t ncol,
                         double *row, double *col, double *total);

#endif
