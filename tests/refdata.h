/* Reads the reference tables written by the R scripts in tests/ref/: CSV
 * with a header row, '#' comment lines, numeric cells, NA/NaN/Inf/-Inf.
 * Stored column by column so a column can be handed to the library as an
 * array. */
#ifndef ISURV_REFDATA_H
#define ISURV_REFDATA_H

#include <stddef.h>

struct ref_table {
    size_t nrow, ncol;
    char **name;      /* ncol column names */
    double *value;    /* value[col * nrow + row] */
};

/* Loads REFDIR/file; fails the running Check test (ck_abort) on error. */
struct ref_table *ref_load(const char *file);
void ref_free(struct ref_table *t);
/* The column named name (fails the test if there is none). */
const double *ref_column(const struct ref_table *t, const char *name);
/* 1 if the table has a column of that name. */
int ref_has(const struct ref_table *t, const char *name);
/* A column converted to ints (events, groups); caller frees. */
int *ref_int_column(const struct ref_table *t, const char *name);
/* Rows whose column key equals value: the first row and the count. */
size_t ref_rows_where(const struct ref_table *t, const char *key, double value,
                      size_t *first);

#endif
