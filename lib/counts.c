#include <math.h>
#include <string.h>

#include "alloc.h"
#include "counts.h"
#include "inotusurv.h"
#include "sort.h"
#include "timefix.h"

void isurv_counts_clear(struct isurv_counts *c)
{
    isurv_dealloc(c->start);
    isurv_dealloc(c->time);
    isurv_dealloc(c->nevent);
    isurv_dealloc(c->ncensor);
    isurv_dealloc(c->nenter);
    isurv_dealloc(c->nrisk);
    isurv_dealloc(c->nobs);
    memset(c, 0, sizeof *c);
}

static uint32_t cls_of(const uint32_t *v, size_t i)
{
    return v ? v[i] : 0;
}

/* After timefix an entry can coincide with its own exit; R refuses such
 * data ("an interval has effective length 0") and so do we. */
static int check_fixed_entries(const struct isurv_keyidx *ex,
                               const struct isurv_keyidx *en, size_t n)
{
    double *exit_of = isurv_alloc(n, sizeof *exit_of);
    size_t k;
    int rc = ISURV_OK;

    if (!exit_of)
        return ISURV_ENOMEM;
    for (k = 0; k < n; k++)
        exit_of[ex[k].i] = ex[k].t;
    for (k = 0; k < n; k++)
        if (!(en[k].t < exit_of[en[k].i])) {
            rc = ISURV_EENTRY;
            break;
        }
    isurv_dealloc(exit_of);
    return rc;
}

/* Groups globally sorted pairs by stratum (stable, so each stratum stays
 * sorted); with one stratum the pairs are used as they are. */
static int split_strata(struct isurv_keyidx **pairs, size_t *start,
                        const struct isurv_counts_input *in)
{
    struct isurv_keyidx *part;
    int rc;

    if (!in->stratum || in->nstrata == 1) {
        start[0] = 0;
        start[in->nstrata] = in->n;
        return ISURV_OK;
    }
    part = isurv_alloc(in->n, sizeof *part);
    if (!part)
        return ISURV_ENOMEM;
    rc = isurv_partition(part, start, *pairs, in->n, in->stratum, in->nstrata);
    if (rc != ISURV_OK) {
        isurv_dealloc(part);
        return rc;
    }
    isurv_dealloc(*pairs);
    *pairs = part;
    return ISURV_OK;
}

static int alloc_rows(struct isurv_counts *c, size_t nrows)
{
    size_t cells = nrows * c->ngroups;

    if (c->ngroups && cells / c->ngroups != nrows)
        return ISURV_ESIZE;
    c->time = isurv_alloc(nrows, sizeof *c->time);
    c->nevent = isurv_zalloc(cells, sizeof *c->nevent);
    c->ncensor = isurv_zalloc(cells, sizeof *c->ncensor);
    c->nrisk = isurv_zalloc(cells, sizeof *c->nrisk);
    c->nenter = isurv_zalloc(cells, sizeof *c->nenter);
    if (!c->time || !c->nevent || !c->ncensor || !c->nrisk || !c->nenter)
        return ISURV_ENOMEM;
    return ISURV_OK;
}

static double weight_of(const struct isurv_counts_input *in, size_t i)
{
    return in->weights ? in->weights[i] : 1.0;
}

/* Events and censorings of one stratum at each distinct time, then the
 * risk sets as sums from the last row back. */
static void fill_exits(struct isurv_counts *c, size_t s,
                       const struct isurv_keyidx *ex, size_t nex,
                       const struct isurv_counts_input *in)
{
    const size_t G = c->ngroups;
    size_t row = c->start[s], k;

    for (k = 0; k < nex; k++) {
        size_t i = ex[k].i, g_i = cls_of(in->group, i);

        if (k > 0 && ex[k].t != ex[k - 1].t)
            row++;
        c->time[row] = ex[k].t;
        if (in->event[i])
            c->nevent[row * G + g_i] += weight_of(in, i);
        else
            c->ncensor[row * G + g_i] += weight_of(in, i);
        c->nobs[s * G + g_i]++;
    }
    isurv_risk_exits(c, s);
}

/* Neumaier's compensated sum: hi + lo carries about twice the digits of
 * a double. */
static void sum2_add(double *hi, double *lo, double x)
{
    double t = *hi + x;

    if (fabs(*hi) >= fabs(x))
        *lo += (*hi - t) + x;
    else
        *lo += (x - t) + *hi;
    *hi = t;
}

void isurv_risk_exits(struct isurv_counts *c, size_t s)
{
    const size_t G = c->ngroups;
    size_t row, g;

    for (g = 0; g < G; g++) {
        double acc = 0.0;
        for (row = c->start[s + 1]; row-- > c->start[s];) {
            acc += c->nevent[row * G + g] + c->ncensor[row * G + g];
            c->nrisk[row * G + g] = acc;
        }
    }
}

void isurv_risk_begin(double *acc, size_t ngroups)
{
    size_t g;

    for (g = 0; g < 4 * ngroups; g++)
        acc[g] = 0.0;
}

void isurv_risk_enter(double *acc, size_t ngroups, size_t g, double w)
{
    sum2_add(&acc[2 * ngroups + g], &acc[3 * ngroups + g], w);
}

void isurv_risk_row(struct isurv_counts *c, size_t row, double *acc)
{
    const size_t G = c->ngroups;
    double *ex_hi = acc, *ex_lo = acc + G, *en_hi = acc + 2 * G,
           *en_lo = acc + 3 * G;
    size_t g;

    for (g = 0; g < G; g++) {
        double own = c->nevent[row * G + g] + c->ncensor[row * G + g], r;
        sum2_add(&ex_hi[g], &ex_lo[g], own);
        r = (ex_hi[g] - en_hi[g]) + (ex_lo[g] - en_lo[g]);
        c->nrisk[row * G + g] = r > own ? r : own;
    }
}

/* Left truncation: a subject who enters at e is at risk for t > e.  Walking
 * the rows back, entries at or after a row's time have not joined its risk
 * set yet; each entry is booked as n.enter on the first row after it, and
 * the risk sets are those of isurv_risk_row.  acc: 4 ngroups doubles. */
static void fill_entries(struct isurv_counts *c, size_t s,
                         const struct isurv_keyidx *en, size_t nen,
                         const struct isurv_counts_input *in, double *acc)
{
    const size_t G = c->ngroups, first = c->start[s];
    size_t row, j = nen;

    isurv_risk_begin(acc, G);
    for (row = c->start[s + 1]; row-- > first;) {
        while (j > 0 && en[j - 1].t >= c->time[row]) {
            size_t i = en[--j].i, g_i = cls_of(in->group, i);
            /* en[j].t < time[row + 1], because each entry precedes its
             * own exit, so row + 1 exists here. */
            c->nenter[(row + 1) * G + g_i] += weight_of(in, i);
            isurv_risk_enter(acc, G, g_i, weight_of(in, i));
        }
        isurv_risk_row(c, row, acc);
    }
    while (j > 0) {
        size_t i = en[--j].i;
        c->nenter[first * G + cls_of(in->group, i)] += weight_of(in, i);
    }
}

static size_t count_rows(const struct isurv_keyidx *ex, size_t n)
{
    size_t k, rows = n ? 1 : 0;

    for (k = 1; k < n; k++)
        rows += ex[k].t != ex[k - 1].t;
    return rows;
}

int isurv_counts_build(struct isurv_counts *c,
                       const struct isurv_counts_input *in)
{
    struct isurv_keyidx *ex = NULL, *en = NULL;
    size_t *exstart = NULL, *enstart = NULL, s, nrows = 0;
    double *scratch = NULL;
    int rc = ISURV_ENOMEM;

    memset(c, 0, sizeof *c);
    c->nstrata = in->nstrata;
    c->ngroups = in->ngroups;
    /* The per-(stratum, group) counts: the product must fit a size_t
     * (on 32-bit systems it can exceed one before memory runs out). */
    if (in->ngroups && in->nstrata > SIZE_MAX / in->ngroups)
        return ISURV_ESIZE;
    exstart = isurv_alloc(in->nstrata + 1, sizeof *exstart);
    enstart = isurv_alloc(in->nstrata + 1, sizeof *enstart);
    c->start = isurv_alloc(in->nstrata + 1, sizeof *c->start);
    c->nobs = isurv_zalloc(in->nstrata * in->ngroups, sizeof *c->nobs);
    ex = isurv_alloc(in->n, sizeof *ex);
    if (in->entry)
        en = isurv_alloc(in->n, sizeof *en);
    if (in->ngroups > SIZE_MAX / 4)
        goto done;
    scratch = isurv_alloc(4 * in->ngroups, sizeof *scratch);
    if (!exstart || !enstart || !c->start || !c->nobs || !ex || !scratch
        || (in->entry && !en))
        goto done;

    rc = isurv_sort_pairs(ex, in->time, in->n);
    if (rc == ISURV_OK && en)
        rc = isurv_sort_pairs(en, in->entry, in->n);
    if (rc != ISURV_OK)
        goto done;
    /* R fixes times over the whole data set, before any split. */
    if (in->timefix) {
        isurv_timefix(ex, in->n, en, en ? in->n : 0);
        if (en && (rc = check_fixed_entries(ex, en, in->n)) != ISURV_OK)
            goto done;
    }
    rc = split_strata(&ex, exstart, in);
    if (rc == ISURV_OK && en)
        rc = split_strata(&en, enstart, in);
    if (rc != ISURV_OK)
        goto done;

    for (s = 0; s < in->nstrata; s++) {
        c->start[s] = nrows;
        nrows += count_rows(ex + exstart[s], exstart[s + 1] - exstart[s]);
    }
    c->start[in->nstrata] = nrows;
    if ((rc = alloc_rows(c, nrows)) != ISURV_OK)
        goto done;
    for (s = 0; s < in->nstrata; s++) {
        fill_exits(c, s, ex + exstart[s], exstart[s + 1] - exstart[s], in);
        if (en)
            fill_entries(c, s, en + enstart[s], enstart[s + 1] - enstart[s],
                         in, scratch);
    }
done:
    isurv_dealloc(ex);
    isurv_dealloc(en);
    isurv_dealloc(exstart);
    isurv_dealloc(enstart);
    isurv_dealloc(scratch);
    if (rc != ISURV_OK)
        isurv_counts_clear(c);
    return rc;
}
