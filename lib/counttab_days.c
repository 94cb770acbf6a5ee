/*
 * The count table of day counts: unweighted rows without entry times
 * whose times are whole numbers (days, months, cycles) and whose group
 * and stratum labels, if any, take small values >= 0.  The keys of the fast
 * fits need a scan of the data for their layout before the pass that
 * counts them; here a time is its own key, so one pass over the rows both
 * checks them and counts each (day, stratum, group, event) into a table
 * indexed by day, grown as larger days turn up.  The pass is the whole cost and the
 * build is bound by reading the rows: half the bytes of the keys' two.
 *
 * Rows are split into parts, one per thread, each with its own table;
 * the tables are summed (whole numbers: the same in any order), so the
 * result does not depend on the thread count.  Any row outside the case
 * (a time that is not a whole number below the limit, an event that is
 * not 0 or 1, a label out of range), and a table that cannot grow, make
 * the build decline, and the caller takes the keys' path, which also
 * gives bad data their status.
 */
#include <string.h>

#include "alloc.h"
#include "counttab.h"
#include "fastcount.h"
#include "inotusurv.h"
#include "threads.h"

/* Labels 0 .. DAY_LABELS-1: with groups, a day's counts (event and
 * censoring of each group) take 64 bytes, a cache line, per stratum. */
#define DAY_LABELS 8u
/* Days below this, and a table of no more than 8 bytes a row (the room
 * of the keys it replaces). */
#define DAY_MAX ((uint32_t)1 << 24)
#define FIRST_DAYS 1024

struct part {
    uint32_t *h;      /* days x stride counts */
    size_t days;      /* room, in days */
    size_t max_days;  /* the limit on room */
    size_t stride;
    int declined;     /* a row outside the case, or no room */
};

/* Counts at [d * stride + 2 * (s * gcap + g) + event], for stratum label
 * s < scap and group label g < gcap (caps of 1 without the labels). */
struct job {
    const double *time;
    const int *event, *group, *strata;
    size_t n;
    unsigned gcap, scap;
    int nparts;
    struct part part[ISURV_MAX_THREADS];
};

/* Room for day d: doubled, zero-filled. */
static int grow(struct part *p, size_t d)
{
    size_t days = p->days ? p->days : FIRST_DAYS;
    uint32_t *h;

    while (days <= d)
        days *= 2;
    if (days > p->max_days)
        days = p->max_days;
    if (days <= d)
        return 0;
    h = isurv_realloc(p->h, days * p->stride, sizeof *h);
    if (!h)
        return 0;
    memset(h + p->days * p->stride, 0,
           (days - p->days) * p->stride * sizeof *h);
    p->h = h;
    p->days = days;
    return 1;
}

static void count_part(void *ctx, int t)
{
    struct job *j = ctx;
    struct part *p = &j->part[t];
    const double *time = j->time;
    const int *event = j->event, *group = j->group, *strata = j->strata;
    const unsigned gcap = j->gcap, scap = j->scap;
    const size_t stride = p->stride;
    size_t i, lo = isurv_slice(j->n, t, j->nparts),
              hi = isurv_slice(j->n, t + 1, j->nparts);
    uint32_t *h = p->h;
    size_t days = p->days;

    for (i = lo; i < hi; i++) {
        double x = time[i];
        unsigned e = (unsigned)event[i];
        unsigned g = group ? (unsigned)group[i] : 0u;
        unsigned s = strata ? (unsigned)strata[i] : 0u;
        size_t d;

        /* false for NaN, negatives, fractions and the too large; -0.0
         * is day 0 */
        if (!(x >= 0.0 && x < (double)DAY_MAX) || e > 1u || g >= gcap
            || s >= scap)
            break;
        d = (size_t)(uint32_t)x;
        if ((double)d != x)
            break;
        if (d >= days) {
            if (!grow(p, d))
                break;
            h = p->h;
            days = p->days;
        }
        h[d * stride + 2 * (s * gcap + g) + e]++;
    }
    p->declined = i < hi;
}

/* Which of cap labels have rows (count[k] > 0), their values and ranks. */
static size_t present(const size_t *count, unsigned cap, int *value,
                      uint32_t *rank)
{
    size_t m = 0;
    unsigned k;

    for (k = 0; k < cap; k++) {
        rank[k] = (uint32_t)m;
        if (count[k] > 0)
            value[m++] = (int)k;
    }
    return m;
}

/* The table from the summed counts: cells in (stratum, group, day)
 * order. */
static int emit(struct isurv_counttab **out, const struct job *j,
                const uint32_t *h, size_t days)
{
    const size_t stride = 2 * (size_t)j->gcap * j->scap;
    size_t scount[DAY_LABELS] = { 0 }, gcount[DAY_LABELS] = { 0 };
    uint32_t srank[DAY_LABELS], grank[DAY_LABELS];
    int svalue[DAY_LABELS], gvalue[DAY_LABELS];
    size_t ncells = 0, ns, ng, d, c = 0;
    unsigned s, g;
    struct isurv_counttab *t;

    for (s = 0; s < j->scap; s++)
        for (g = 0; g < j->gcap; g++) {
            const uint32_t *x = h + 2 * (s * j->gcap + g);
            size_t m = 0;
            for (d = 0; d < days; d++)
                m += (x[d * stride] | x[d * stride + 1]) != 0;
            scount[s] += m;
            gcount[g] += m;
            ncells += m;
        }
    ns = present(scount, j->scap, svalue, srank);
    ng = present(gcount, j->gcap, gvalue, grank);
    if (!(t = isurv_ct_new(ns, ng, ncells, 0, 0)))
        return ISURV_ENOMEM;
    /* without the labels, the one label 0 (a cap of 1) */
    memcpy(t->stratum, svalue, ns * sizeof *svalue);
    memcpy(t->group, gvalue, ng * sizeof *gvalue);
    for (s = 0; s < j->scap; s++)
        for (g = 0; g < j->gcap; g++) {
            const uint32_t *x = h + 2 * (s * j->gcap + g);
            for (d = 0; d < days; d++) {
                uint32_t cens = x[d * stride], ev = x[d * stride + 1];
                if (!(cens | ev))
                    continue;
                t->cs[c] = srank[s];
                t->cg[c] = grank[g];
                t->time[c] = (double)d;
                t->n[3 * c + ISURV_CT_EVENT] = ev;
                t->n[3 * c + ISURV_CT_CENSOR] = cens;
                c++;
            }
        }
    t->nobs = j->n;
    *out = t;
    return ISURV_OK;
}

int isurv_ct_build_days(struct isurv_counttab **out, const double *time,
                        const int *event, size_t n, const int *group,
                        const int *strata, int nthreads)
{
    struct job j;
    size_t days = 0, stride, k;
    int t, rc = ISURV_FAST_UNFIT;

    /* counts are 32-bit */
    if (!time || !event || n == 0 || n > UINT32_MAX)
        return ISURV_FAST_UNFIT;
    memset(&j, 0, sizeof j);
    j.time = time;
    j.event = event;
    j.group = group;
    j.strata = strata;
    j.n = n;
    j.gcap = group ? DAY_LABELS : 1;
    j.scap = strata ? DAY_LABELS : 1;
    j.nparts = nthreads < 1 ? 1 : nthreads;
    if (j.nparts > ISURV_MAX_THREADS)
        j.nparts = ISURV_MAX_THREADS;
    stride = 2 * (size_t)j.gcap * j.scap;
    for (t = 0; t < j.nparts; t++) {
        /* 8 bytes a row for the whole table: the room of sorted keys */
        size_t m = n / (size_t)j.nparts / (stride * sizeof(uint32_t) / 8);
        j.part[t].stride = stride;
        j.part[t].max_days = m < FIRST_DAYS ? FIRST_DAYS
                             : m > DAY_MAX ? DAY_MAX : m;
        if (!grow(&j.part[t], 0))
            goto done;
    }
    isurv_parallel(j.nparts, count_part, &j);
    for (t = 0; t < j.nparts; t++) {
        if (j.part[t].declined)
            goto done;
        days = j.part[t].days > days ? j.part[t].days : days;
    }
    /* the sum in the largest table */
    for (t = 1; t < j.nparts; t++)
        if (j.part[t].days == days) {
            struct part tmp = j.part[0];
            j.part[0] = j.part[t];
            j.part[t] = tmp;
            break;
        }
    for (t = 1; t < j.nparts; t++)
        for (k = 0; k < j.part[t].days * stride; k++)
            j.part[0].h[k] += j.part[t].h[k];
    rc = emit(out, &j, j.part[0].h, days);
done:
    for (t = 0; t < j.nparts; t++)
        isurv_dealloc(j.part[t].h);
    return rc;
}
