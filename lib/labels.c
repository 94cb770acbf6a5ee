#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "inotusurv.h"
#include "labels.h"
#include "threads.h"

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Labels spanning a small range (the usual 0/1 or 1..k) use a direct
 * table: linear time, no sort. */
static int build_dense(struct isurv_labels *out, uint32_t *index,
                       const int *label, size_t n, int lo, size_t span)
{
    uint32_t *slot = isurv_alloc(span, sizeof *slot);
    size_t i, k = 0;

    if (!slot)
        return ISURV_ENOMEM;
    for (i = 0; i < span; i++)
        slot[i] = UINT32_MAX;
    for (i = 0; i < n; i++)
        slot[(size_t)((long long)label[i] - lo)] = 0;
    for (i = 0; i < span; i++)
        if (slot[i] == 0 || slot[i] == UINT32_MAX)
            slot[i] = slot[i] == 0 ? (uint32_t)k++ : UINT32_MAX;
    out->value = isurv_alloc(k, sizeof *out->value);
    if (!out->value) {
        isurv_dealloc(slot);
        return ISURV_ENOMEM;
    }
    out->count = k;
    for (i = 0; i < span; i++)
        if (slot[i] != UINT32_MAX)
            out->value[slot[i]] = (int)((long long)lo + (long long)i);
    for (i = 0; i < n; i++)
        index[i] = slot[(size_t)((long long)label[i] - lo)];
    isurv_dealloc(slot);
    return ISURV_OK;
}

static int build_sparse(struct isurv_labels *out, uint32_t *index,
                        const int *label, size_t n)
{
    int *v = isurv_alloc(n, sizeof *v);
    size_t i, k = 0;

    if (!v)
        return ISURV_ENOMEM;
    memcpy(v, label, n * sizeof *v);
    qsort(v, n, sizeof *v, cmp_int);
    for (i = 0; i < n; i++)
        if (k == 0 || v[k - 1] != v[i])
            v[k++] = v[i];
    if (k > UINT32_MAX) {
        isurv_dealloc(v);
        return ISURV_ESIZE;
    }
    for (i = 0; i < n; i++) {
        const int *hit = bsearch(&label[i], v, k, sizeof *v, cmp_int);
        index[i] = (uint32_t)(hit - v);
    }
    out->value = v; /* k <= n: the tail is unused */
    out->count = k;
    return ISURV_OK;
}

int isurv_labels_build(struct isurv_labels *out, uint32_t *index,
                       const int *label, size_t n)
{
    int lo, hi;
    size_t i, span;

    out->value = NULL;
    out->count = 0;
    if (!label) {
        out->value = isurv_alloc(1, sizeof *out->value);
        if (!out->value)
            return ISURV_ENOMEM;
        out->value[0] = 0;
        out->count = 1;
        memset(index, 0, n * sizeof *index);
        return ISURV_OK;
    }
    lo = hi = label[0];
    for (i = 1; i < n; i++) {
        if (label[i] < lo)
            lo = label[i];
        if (label[i] > hi)
            hi = label[i];
    }
    span = (size_t)((long long)hi - lo) + 1;
    if (span <= 2 * n + 1024)
        return build_dense(out, index, label, n, lo, span);
    return build_sparse(out, index, label, n);
}

void isurv_labels_clear(struct isurv_labels *labels)
{
    isurv_dealloc(labels->value);
    labels->value = NULL;
    labels->count = 0;
}

struct count_job {
    const int *label;
    const uint32_t *index;
    size_t n, span;
    int lo, nparts;
    size_t *count[ISURV_MAX_THREADS];
};

static void count_part(void *ctx, int t)
{
    struct count_job *j = ctx;
    size_t i, lo = isurv_slice(j->n, t, j->nparts),
              hi = isurv_slice(j->n, t + 1, j->nparts);
    size_t *c = j->count[t];

    if (j->index)
        for (i = lo; i < hi; i++)
            c[j->index[i]]++;
    else
        for (i = lo; i < hi; i++)
            c[j->label[i] - j->lo]++;
}

/* Counters of one thread kept this many entries clear of any other
 * memory: with few values (three groups) the tables are a few bytes, and
 * two threads' tables on one cache line made every count bounce between
 * the cores (the whole count four times as slow, depending on where the
 * allocator happened to put them). */
#define COUNT_PAD 8

/* Rows per value (label - lo, or dense index), counted in parallel. */
static int count_rows(size_t *count, const int *label, const uint32_t *index,
                      size_t n, int lo, size_t span, int nthreads)
{
    struct count_job j;
    size_t *table[ISURV_MAX_THREADS];
    int t;
    size_t k;

    memset(&j, 0, sizeof j);
    j.label = label;
    j.index = index;
    j.n = n;
    j.span = span;
    j.lo = lo;
    j.nparts = nthreads < 1 ? 1 : nthreads > ISURV_MAX_THREADS ? ISURV_MAX_THREADS : nthreads;
    j.count[0] = count;
    for (t = 0; j.nparts > 1 && t < j.nparts; t++) {
        table[t] = isurv_zalloc(span + 2 * COUNT_PAD, sizeof *table[t]);
        if (!table[t]) { /* one part: still correct */
            while (t > 0)
                isurv_dealloc(table[--t]);
            j.nparts = 1;
            j.count[0] = count;
            break;
        }
        j.count[t] = table[t] + COUNT_PAD;
    }
    isurv_parallel(j.nparts, count_part, &j);
    for (t = 0; j.nparts > 1 && t < j.nparts; t++) {
        for (k = 0; k < span; k++)
            count[k] += j.count[t][k];
        isurv_dealloc(table[t]);
    }
    return ISURV_OK;
}

int isurv_cells_build(struct isurv_cells *c, const int *label, size_t n,
                      int lo, int hi, const struct isurv_scan *sc, int nthreads)
{
    size_t span, k, m;
    int rc;

    memset(c, 0, sizeof *c);
    if (!label) {
        c->count = isurv_alloc(1, sizeof *c->count);
        if (!c->count)
            return ISURV_ENOMEM;
        c->count[0] = n;
        c->labels.value = isurv_alloc(1, sizeof *c->labels.value);
        if (!c->labels.value)
            return ISURV_ENOMEM;
        c->labels.value[0] = 0;
        c->labels.count = 1;
        return ISURV_OK;
    }
    span = (size_t)((long long)hi - lo) + 1;
    if (span <= ISURV_SLOT_SPAN) {
        size_t *per_value = isurv_zalloc(span, sizeof *per_value);
        c->slot = isurv_alloc(span, sizeof *c->slot);
        if (!per_value || !c->slot) {
            isurv_dealloc(per_value);
            return ISURV_ENOMEM;
        }
        if (sc && sc->gcounted)
            for (k = 0; k < span; k++) /* counted by the scan */
                per_value[k] = sc->gcount[(long long)lo + (long long)k - sc->gbase];
        else
            count_rows(per_value, label, NULL, n, lo, span, nthreads);
        for (k = 0, m = 0; k < span; k++)
            m += per_value[k] > 0;
        c->lo = lo;
        c->labels.value = isurv_alloc(m, sizeof *c->labels.value);
        c->count = isurv_alloc(m, sizeof *c->count);
        if (!c->labels.value || !c->count) {
            isurv_dealloc(per_value);
            return ISURV_ENOMEM;
        }
        for (k = 0, m = 0; k < span; k++) {
            c->slot[k] = (uint32_t)m;
            if (per_value[k] > 0) {
                c->labels.value[m] = (int)((long long)lo + (long long)k);
                c->count[m++] = per_value[k];
            }
        }
        c->labels.count = m;
        isurv_dealloc(per_value);
        return ISURV_OK;
    }
    c->index = isurv_alloc(n, sizeof *c->index);
    if (!c->index)
        return ISURV_ENOMEM;
    if ((rc = isurv_labels_build(&c->labels, c->index, label, n)) != ISURV_OK)
        return rc;
    c->count = isurv_zalloc(c->labels.count, sizeof *c->count);
    if (!c->count)
        return ISURV_ENOMEM;
    return count_rows(c->count, NULL, c->index, n, 0, c->labels.count, nthreads);
}

void isurv_cells_clear(struct isurv_cells *c)
{
    isurv_labels_clear(&c->labels);
    isurv_dealloc(c->slot);
    isurv_dealloc(c->index);
    isurv_dealloc(c->count);
    memset(c, 0, sizeof *c);
}

int isurv_cells_dense(const struct isurv_cells *c)
{
    size_t m = c->labels.count;

    return c->slot && m > 0
           && (long long)c->labels.value[m - 1] - c->lo + 1 == (long long)m;
}
