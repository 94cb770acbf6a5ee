#include <string.h>

#include "alloc.h"
#include "fastcount.h"
#include "inotusurv.h"
#include "radix.h"
#include "threads.h"

/* A histogram of every key value replaces the sort when it is small (L2
 * to L3 sized) and no larger than the data. */
#define HIST_MAX_BITS 20

struct hist_job {
    const struct isurv_keysrc *src;
    size_t n;
    int nparts;
    uint32_t *table[ISURV_MAX_THREADS];
    int bad_event[ISURV_MAX_THREADS];
};

static void hist_part(void *ctx, int t)
{
    struct hist_job *j = ctx;
    size_t lo = isurv_slice(j->n, t, j->nparts),
              hi = isurv_slice(j->n, t + 1, j->nparts);
    j->bad_event[t] = isurv_keysrc_count(j->table[t], j->src, lo, hi);
}

static int count_keys(struct isurv_fast *f, const struct isurv_keysrc *src,
                      size_t n, int bits)
{
    struct hist_job j;
    size_t size = (size_t)1 << bits, k;
    int t;

    memset(&j, 0, sizeof j);
    j.src = src;
    j.n = n;
    j.nparts = f->nthreads;
    for (t = 0; t < j.nparts; t++)
        if (!(j.table[t] = isurv_zalloc(size, sizeof(uint32_t)))) {
            if (t == 0)
                return ISURV_ENOMEM;
            j.nparts = t; /* fewer parts: the same counts */
            break;
        }
    isurv_parallel(j.nparts, hist_part, &j);
    for (t = 1; t < j.nparts; t++) {
        for (k = 0; k < size; k++)
            j.table[0][k] += j.table[t][k];
        isurv_dealloc(j.table[t]);
        j.bad_event[0] |= j.bad_event[t];
    }
    f->hist = j.table[0];
    return j.bad_event[0] ? ISURV_EEVENT : ISURV_OK;
}

int isurv_fast_check(struct isurv_fast *f, const double *time,
                     const int *event, const int *group, size_t n,
                     int nthreads, int check_events)
{
    int rc;

    memset(f, 0, sizeof *f);
    f->nthreads = nthreads;
    if ((rc = isurv_scan_survdata(&f->scan, time, event, group, n, nthreads,
                                  check_events))
        != ISURV_OK)
        return rc;
    if (n > UINT32_MAX)
        return ISURV_FAST_UNFIT; /* counts are 32-bit: a general-path size */
    return ISURV_OK;
}

int isurv_fast_check_events(const int *event, size_t n)
{
    unsigned any = 0;
    size_t i;

    for (i = 0; i < n; i++)
        any |= (unsigned)event[i];
    return any > 1 ? ISURV_EEVENT : ISURV_OK;
}

int isurv_fast_cells(struct isurv_fast *f, const int *group, size_t n)
{
    return isurv_cells_build(&f->cells, group, n, f->scan.glo, f->scan.ghi,
                             &f->scan, f->nthreads);
}

int isurv_fast_keys(struct isurv_fast *f, const double *time,
                    const int *event, const int *group, size_t n, int timefix)
{
    struct isurv_keysrc src;
    struct isurv_distinct distinct;
    size_t ncells = f->cells.labels.count;
    int rc, cellbits = 0, bits, hist_max = f->hist_bits ? f->hist_bits
                                                        : HIST_MAX_BITS;

    if (f->outer)
        ncells *= f->outer->labels.count; /* the caller keeps this small */

    while (cellbits < 32 && ((size_t)1 << cellbits) < ncells)
        cellbits++;
    if (!isurv_keyspec_make(&f->ks, &f->scan, 1 + cellbits))
        return ISURV_FAST_UNFIT;

    memset(&src, 0, sizeof src);
    src.time = time;
    src.event = event;
    if (ncells > 1) {
        src.group = group;
        src.slot = f->cells.slot;
        src.glo = f->cells.lo;
        src.dense = isurv_cells_dense(&f->cells);
        src.cell = f->cells.index;
        if (src.slot)
            src.cell = NULL;
        else
            src.group = NULL;
        if (f->outer) {
            src.outer = f->outer_label;
            src.oslot = f->outer->slot;
            src.olo = f->outer->lo;
            src.inner = (uint32_t)f->cells.labels.count;
        }
    }
    src.ks = f->ks;
    bits = f->ks.width + f->ks.pb;
    if (bits <= hist_max && ((size_t)1 << bits) <= n)
        rc = count_keys(f, &src, n, bits);
    else if (!(f->key = isurv_alloc(n, sizeof *f->key)))
        rc = ISURV_ENOMEM;
    else
        rc = isurv_radix_sort(f->key, &src, n, f->nthreads, 0,
                              timefix ? &distinct : NULL);
    if (rc != ISURV_OK)
        return rc;

    f->src.ks = &f->ks;
    f->src.key = f->key;
    f->src.n = n;
    f->src.hist = f->hist;
    f->src.ncells = ncells;
    f->threshold = isurv_tally_timefix(&f->src, timefix,
                                       f->key ? &distinct : NULL);
    return ISURV_OK;
}

int isurv_fast_prepare(struct isurv_fast *f, const double *time,
                       const int *event, const int *group, size_t n,
                       int timefix, int nthreads)
{
    int rc = isurv_fast_check(f, time, event, group, n, nthreads, 0);
    if (rc == ISURV_OK)
        rc = isurv_fast_cells(f, group, n);
    return rc != ISURV_OK ? rc : isurv_fast_keys(f, time, event, group, n, timefix);
}

uint64_t *isurv_fast_take_keys(struct isurv_fast *f)
{
    uint64_t *k = f->key;
    f->key = NULL;
    return k;
}

void isurv_fast_clear(struct isurv_fast *f)
{
    isurv_cells_clear(&f->cells);
    isurv_dealloc(f->key);
    isurv_dealloc(f->hist);
    f->key = NULL;
    f->hist = NULL;
}
