#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "refdata.h"

#ifndef REFDIR
#define REFDIR "tests/ref"
#endif

static char *dup_str(const char *s, size_t len)
{
    char *d = malloc(len + 1);
    ck_assert_ptr_nonnull(d);
    memcpy(d, s, len);
    d[len] = '\0';
    return d;
}

static double parse_cell(const char *s, const char *file)
{
    char *end;
    double v;

    while (*s == ' ' || *s == '"')
        s++;
    if (strncmp(s, "NA", 2) == 0 || strncmp(s, "NaN", 3) == 0)
        return NAN;
    if (strncmp(s, "Inf", 3) == 0)
        return INFINITY;
    if (strncmp(s, "-Inf", 4) == 0)
        return -INFINITY;
    v = strtod(s, &end);
    ck_assert_msg(end != s, "%s: cannot read a number from '%s'", file, s);
    return v;
}

/* Splits line at commas in place; returns the number of fields. */
static size_t split(char *line, char **field, size_t max)
{
    size_t n = 0;
    char *p = line;

    line[strcspn(line, "\r\n")] = '\0';
    while (n < max) {
        field[n++] = p;
        p = strchr(p, ',');
        if (!p)
            break;
        *p++ = '\0';
    }
    return n;
}

struct ref_table *ref_load(const char *file)
{
    char path[4096], line[65536], *field[4096];
    struct ref_table *t = calloc(1, sizeof *t);
    double *rows = NULL;
    size_t cap = 0, n = 0, c, r;
    FILE *f;

    ck_assert_ptr_nonnull(t);
    snprintf(path, sizeof path, "%s/%s", REFDIR, file);
    f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open reference file %s", path);
    while (fgets(line, sizeof line, f)) {
        size_t nf;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        nf = split(line, field, 4096);
        if (t->ncol == 0) {
            t->ncol = nf;
            t->name = calloc(nf, sizeof *t->name);
            ck_assert_ptr_nonnull(t->name);
            for (c = 0; c < nf; c++) {
                const char *s = field[c];
                size_t len = strlen(s);
                if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
                    s++;
                    len -= 2;
                }
                t->name[c] = dup_str(s, len);
            }
            continue;
        }
        ck_assert_msg(nf == t->ncol, "%s: row %zu has %zu fields, expected %zu",
                      path, n + 1, nf, t->ncol);
        if (n == cap) {
            cap = cap ? 2 * cap : 64;
            rows = realloc(rows, cap * t->ncol * sizeof *rows);
            ck_assert_ptr_nonnull(rows);
        }
        for (c = 0; c < nf; c++)
            rows[n * t->ncol + c] = parse_cell(field[c], path);
        n++;
    }
    fclose(f);
    ck_assert_msg(t->ncol > 0, "%s has no header", path);
    t->nrow = n;
    t->value = malloc((n ? n : 1) * t->ncol * sizeof *t->value);
    ck_assert_ptr_nonnull(t->value);
    for (r = 0; r < n; r++)
        for (c = 0; c < t->ncol; c++)
            t->value[c * n + r] = rows[r * t->ncol + c];
    free(rows);
    return t;
}

void ref_free(struct ref_table *t)
{
    size_t c;

    if (!t)
        return;
    for (c = 0; c < t->ncol; c++)
        free(t->name[c]);
    free(t->name);
    free(t->value);
    free(t);
}

int ref_has(const struct ref_table *t, const char *name)
{
    size_t c;

    for (c = 0; c < t->ncol; c++)
        if (strcmp(t->name[c], name) == 0)
            return 1;
    return 0;
}

const double *ref_column(const struct ref_table *t, const char *name)
{
    size_t c;

    for (c = 0; c < t->ncol; c++)
        if (strcmp(t->name[c], name) == 0)
            return t->value + c * t->nrow;
    ck_abort_msg("reference table has no column '%s'", name);
    return NULL;
}

int *ref_int_column(const struct ref_table *t, const char *name)
{
    const double *v = ref_column(t, name);
    int *out = malloc((t->nrow ? t->nrow : 1) * sizeof *out);
    size_t r;

    ck_assert_ptr_nonnull(out);
    for (r = 0; r < t->nrow; r++)
        out[r] = (int)v[r];
    return out;
}

size_t ref_rows_where(const struct ref_table *t, const char *key, double value,
                      size_t *first)
{
    const double *v = ref_column(t, key);
    size_t r, count = 0;

    *first = t->nrow;
    for (r = 0; r < t->nrow; r++)
        if (v[r] == value) {
            if (count == 0)
                *first = r;
            count++;
        }
    return count;
}
