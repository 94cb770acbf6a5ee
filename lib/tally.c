#include <float.h>
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "inotusurv.h"
#include "tally.h"
#include "threads.h"

static size_t payload_count(const struct isurv_tally_src *src)
{
    return (size_t)1 << src->ks->pb;
}

/* The distinct times of R's aeqSurv, for their mean, when the sort has
 * not already found them: the keys, or the histogram's nonzero fields. */
static void distinct_times(const struct isurv_tally_src *src,
                           struct isurv_distinct *d)
{
    const struct isurv_keyspec *ks = src->ks;

    isurv_distinct_init(d);
    if (src->key) {
        isurv_distinct_add_keys(d, src->key, src->n, ks);
    } else {
        size_t npay = payload_count(src), f, p, nf = (size_t)1 << ks->width;
        for (f = 0; f < nf; f++) {
            const uint32_t *h = src->hist + f * npay;
            for (p = 0; p < npay && h[p] == 0; p++)
                ;
            if (p < npay)
                isurv_distinct_add_time(d, isurv_key_time(ks, f));
        }
    }
}

/* R merges neighbours when dy <= tol or dy / mean <= tol.  The rounded
 * quotient dy / mean never decreases as dy grows, so the second test is
 * dy <= D for the largest double D whose quotient still rounds to at most
 * tol: found once by bisection on the bit patterns (which order like the
 * doubles), it turns a division per time into a comparison, with the very
 * same outcome. */
static double largest_within(double mean, double tol)
{
    uint64_t lo = 0, hi = isurv_time_bits(INFINITY); /* lo passes, hi fails */

    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        if (isurv_bits_time(mid) / mean <= tol)
            lo = mid;
        else
            hi = mid;
    }
    return isurv_bits_time(lo);
}

double isurv_tally_timefix(const struct isurv_tally_src *src, int timefix,
                           const struct isurv_distinct *known)
{
    const double tol = sqrt(DBL_EPSILON);
    struct isurv_distinct found;
    double d;

    if (!timefix)
        return -1.0;
    if (!known) {
        distinct_times(src, &found);
        known = &found;
    }
    if (known->count < 2)
        return -1.0;
    d = largest_within(isurv_distinct_mean(known), tol);
    return d > tol ? d : tol;
}

size_t isurv_tally_positions(const struct isurv_tally_src *src)
{
    return src->key ? src->n : (size_t)1 << (src->ks->width + src->ks->pb);
}

int isurv_runs_open(struct isurv_runs *it, const struct isurv_tally_src *src)
{
    return isurv_runs_open_range(it, src, 0, isurv_tally_positions(src));
}

int isurv_runs_open_range(struct isurv_runs *it,
                          const struct isurv_tally_src *src, size_t lo,
                          size_t hi)
{
    memset(it, 0, sizeof *it);
    it->src = src;
    it->pos = lo;
    it->end = hi;
    if (src->key)
        return ISURV_OK;
    it->kbuf = isurv_alloc(ISURV_RUNS_BATCH, sizeof *it->kbuf);
    it->cbuf = isurv_alloc(ISURV_RUNS_BATCH, sizeof *it->cbuf);
    if (!it->kbuf || !it->cbuf) {
        isurv_runs_close(it);
        return ISURV_ENOMEM;
    }
    return ISURV_OK;
}

size_t isurv_runs_next(struct isurv_runs *it)
{
    const struct isurv_tally_src *src = it->src;
    size_t m = 0;

    if (src->key) {
        m = it->end - it->pos < ISURV_RUNS_BATCH ? it->end - it->pos
                                                 : ISURV_RUNS_BATCH;
        it->key = src->key + it->pos;
        it->count = NULL;
    } else {
        size_t size = it->end, k;
        for (k = it->pos; k < size && m < ISURV_RUNS_BATCH; k++)
            if (src->hist[k]) {
                it->kbuf[m] = k;
                it->cbuf[m++] = src->hist[k];
            }
        it->key = it->kbuf;
        it->count = it->cbuf;
        it->pos = k;
        it->m = m;
        return m;
    }
    it->pos += m;
    it->m = m;
    return m;
}

void isurv_runs_close(struct isurv_runs *it)
{
    isurv_dealloc(it->kbuf);
    isurv_dealloc(it->cbuf);
    memset(it, 0, sizeof *it);
}

/* The time field at key position p, or of histogram field p when it has
 * rows (else no field: returns 0). */
static int field_at(const struct isurv_tally_src *src, size_t p, uint64_t *f)
{
    size_t npay, q;

    if (src->key) {
        *f = src->key[p] >> src->ks->pb;
        return 1;
    }
    npay = payload_count(src);
    for (q = 0; q < npay; q++)
        if (src->hist[p * npay + q]) {
            *f = p;
            return 1;
        }
    return 0;
}

/* Whether a row opens at position p > 0 (a key, or a histogram field):
 * its field differs from the one before and timefix does not merge the
 * two. */
static int opens_at(const struct isurv_tally_src *src, size_t p,
                    double threshold)
{
    uint64_t f, g;
    size_t q = p;

    if (!field_at(src, p, &f))
        return 0;
    do {
        if (q-- == 0)
            return 1;
    } while (!field_at(src, q, &g));
    return f != g
           && isurv_gap_opens(isurv_key_time(src->ks, f),
                              isurv_key_time(src->ks, g), threshold);
}

void isurv_tally_split(size_t *start, const struct isurv_tally_src *src,
                       double threshold, int nparts)
{
    const size_t total = isurv_tally_positions(src);
    const size_t nf = src->key ? total : (size_t)1 << src->ks->width;
    int j;

    start[0] = 0;
    for (j = 1; j < nparts; j++) {
        /* Histogram parts are split at fields: positions count fields
         * here and entries in start[]. */
        size_t p = isurv_slice(nf, j, nparts), prev = start[j - 1];
        if (!src->key)
            prev /= payload_count(src);
        if (p < prev)
            p = prev;
        while (p > 0 && p < nf && !opens_at(src, p, threshold))
            p++;
        start[j] = src->key ? p : p * payload_count(src);
    }
    start[nparts] = total;
}
