#include <string.h>

#include "alloc.h"
#include "inotusurv.h"
#include "radix.h"
#include "threads.h"

/* How the key of a row is made: the loops below are written once and
 * instantiated per variant, so the test of which arrays are present is
 * hoisted out of every inner loop. */
enum { KEY_TIME, KEY_EVENT, KEY_SLOT, KEY_DENSE, KEY_CELL, KEY_PAIR };

static inline uint64_t make_key(const struct isurv_keysrc *s, size_t i, int v)
{
    uint64_t k = isurv_key_field(&s->ks, s->time[i]) << s->ks.pb;

    if (v == KEY_TIME)
        return k;
    k |= (uint64_t)(s->event[i] & 1); /* bad events: see isurv_keysrc_count */
    if (v == KEY_SLOT)
        k |= (uint64_t)s->slot[s->group[i] - s->glo] << 1;
    else if (v == KEY_DENSE) /* slot[g - glo] == g - glo: one load fewer */
        k |= (uint64_t)(uint32_t)(s->group[i] - s->glo) << 1;
    else if (v == KEY_PAIR)
        k |= ((uint64_t)s->oslot[s->outer[i] - s->olo] * s->inner
              + s->slot[s->group[i] - s->glo]) << 1;
    else if (v == KEY_CELL)
        k |= (uint64_t)s->cell[i] << 1;
    return k;
}

static int variant_of(const struct isurv_keysrc *s)
{
    if (!s->event)
        return KEY_TIME;
    if (s->slot)
        return s->oslot ? KEY_PAIR : s->dense ? KEY_DENSE : KEY_SLOT;
    return s->cell ? KEY_CELL : KEY_EVENT;
}

#define FOR_EACH_VARIANT(v, BODY)                                              \
    switch (v) {                                                               \
    case KEY_TIME: { const int V_ = KEY_TIME; BODY; } break;                   \
    case KEY_EVENT: { const int V_ = KEY_EVENT; BODY; } break;                 \
    case KEY_SLOT: { const int V_ = KEY_SLOT; BODY; } break;                   \
    case KEY_DENSE: { const int V_ = KEY_DENSE; BODY; } break;                 \
    case KEY_PAIR: { const int V_ = KEY_PAIR; BODY; } break;                   \
    default: { const int V_ = KEY_CELL; BODY; } break;                         \
    }

int isurv_keysrc_count(uint32_t *table, const struct isurv_keysrc *src,
                       size_t lo, size_t hi)
{
    size_t i;
    unsigned any = 0;

    FOR_EACH_VARIANT(variant_of(src), for (i = lo; i < hi; i++) {
        if (V_ != KEY_TIME)
            any |= (unsigned)src->event[i];
        table[make_key(src, i, V_)]++;
    });
    return any > 1;
}

/* Buckets at most this large are finished by insertion sort. */
#define TINY 24
/* LSD digit width inside a bucket: 256 counters stay in L1. */
#define DIGIT 8
#define MAX_PASSES 8

struct job {
    const struct isurv_keysrc *src;
    uint64_t *out;
    size_t n;
    int nparts, variant, decode;
    int top;            /* bits of the MSD digit */
    int low;            /* the digit is key >> low (low <= 64) */
    int low1, low2;     /* low in two shifts < 64: 64 would be undefined */
    size_t *hist;       /* nparts x 2^top counts, then write positions */
    size_t *start;      /* 2^top + 1 bucket starts */
    size_t bucket_lo[ISURV_MAX_THREADS + 1]; /* buckets of each part */
    uint64_t *scratch[ISURV_MAX_THREADS];
    struct isurv_distinct *distinct; /* wanted, or NULL */
    struct isurv_distinct dpart[ISURV_MAX_THREADS];
    int bad_event[ISURV_MAX_THREADS]; /* an event not 0 or 1 */
};

static void hist_part(void *ctx, int t)
{
    struct job *j = ctx;
    const struct isurv_keysrc *s = j->src;
    size_t i, lo = isurv_slice(j->n, t, j->nparts),
              hi = isurv_slice(j->n, t + 1, j->nparts);
    size_t *h = j->hist + ((size_t)t << j->top);
    int low1 = j->low1, low2 = j->low2;

    /* The digit lies above the payload (low >= pb), so the times alone
     * give it: the event and group arrays need not be read twice. */
    for (i = lo; i < hi; i++)
        h[(isurv_key_field(&s->ks, s->time[i]) << s->ks.pb) >> low1 >> low2]++;
}

static void scatter_part(void *ctx, int t)
{
    struct job *j = ctx;
    const struct isurv_keysrc *s = j->src;
    size_t i, lo = isurv_slice(j->n, t, j->nparts),
              hi = isurv_slice(j->n, t + 1, j->nparts);
    size_t *pos = j->hist + ((size_t)t << j->top);
    uint64_t *out = j->out;
    int low1 = j->low1, low2 = j->low2;

    unsigned any = 0;

    FOR_EACH_VARIANT(j->variant, for (i = lo; i < hi; i++) {
        uint64_t k = make_key(s, i, V_);
        if (V_ != KEY_TIME)
            any |= (unsigned)s->event[i];
        out[pos[k >> low1 >> low2]++] = k;
    });
    j->bad_event[t] = any > 1;
}

/* Insertion sort on the bits above pb: for the few keys of a tiny bucket
 * it beats any counting pass. */
static void insertion(uint64_t *a, size_t m, int pb)
{
    size_t i, j;

    for (i = 1; i < m; i++) {
        uint64_t k = a[i];
        for (j = i; j > 0 && (a[j - 1] >> pb) > (k >> pb); j--)
            a[j] = a[j - 1];
        a[j] = k;
    }
}

/* LSD radix sort of a[0..m) on bits [pb, hb), scratch b of m keys.  One
 * read fills the histograms of every digit; a digit whose histogram has
 * a single bin is skipped, which is what makes integer days cheap. */
static void lsd(uint64_t *a, uint64_t *b, size_t m, int pb, int hb)
{
    uint32_t cnt[MAX_PASSES][1 << DIGIT];
    int nbits = hb - pb, p, w, q;
    uint32_t mask;
    uint64_t *x = a, *y = b, *tmp;
    size_t i;

    if (nbits <= 0 || m < 2)
        return;
    if (m <= TINY) {
        insertion(a, m, pb);
        return;
    }
    p = (nbits + DIGIT - 1) / DIGIT;
    w = (nbits + p - 1) / p;
    mask = ((uint32_t)1 << w) - 1;
    memset(cnt, 0, (size_t)p * sizeof cnt[0]);
    for (i = 0; i < m; i++) {
        uint64_t k = a[i] >> pb;
        for (q = 0; q < p; q++)
            cnt[q][(k >> (q * w)) & mask]++;
    }
    for (q = 0; q < p; q++) {
        uint32_t sum = 0, d, c, *h = cnt[q];
        int sh = pb + q * w;

        if (h[(x[0] >> sh) & mask] == (uint32_t)m)
            continue; /* every key has this digit */
        for (d = 0; d <= mask; d++) {
            c = h[d];
            h[d] = sum;
            sum += c;
        }
        for (i = 0; i < m; i++) {
            uint64_t k = x[i];
            y[h[(k >> sh) & mask]++] = k;
        }
        tmp = x;
        x = y;
        y = tmp;
    }
    if (x != a)
        memcpy(a, x, m * sizeof *a);
}

static void bucket_part(void *ctx, int t)
{
    struct job *j = ctx;
    size_t b, i, blo = j->bucket_lo[t], bhi = j->bucket_lo[t + 1];
    const struct isurv_keyspec *ks = &j->src->ks;

    for (b = blo; b < bhi; b++) {
        size_t lo = j->start[b], m = j->start[b + 1] - lo;
        lsd(j->out + lo, j->scratch[t], m, ks->pb, j->low);
        /* A time's keys never span two buckets. */
        if (j->distinct)
            isurv_distinct_add_keys(&j->dpart[t], j->out + lo, m, ks);
    }
    /* Decoded values are stored as doubles, so that the caller reads
     * doubles where doubles were last written. */
    if (j->decode) {
        double *dst = (double *)(void *)j->out;
        for (i = j->start[blo]; i < j->start[bhi]; i++)
            dst[i] = isurv_key_time(ks, j->out[i]);
    }
}

/* The MSD digit: about 16K keys per bucket on average (in L2 with their
 * scratch), at most 2^12 buckets so that the scatter's write streams stay
 * in cache. */
static int top_bits(size_t n, int bits)
{
    int top = 0;

    while (top < 12 && (n >> (top + 14)) > 0)
        top++;
    return top < bits ? top : bits;
}

int isurv_radix_sort(uint64_t *out, const struct isurv_keysrc *src, size_t n,
                     int nthreads, int decode, struct isurv_distinct *distinct)
{
    struct job j;
    size_t nb, b, sum, t, biggest;
    int rc = ISURV_ENOMEM, bits = src->ks.width;

    if (n > UINT32_MAX)
        return ISURV_ESIZE; /* bucket counts are 32-bit */
    memset(&j, 0, sizeof j);
    j.src = src;
    j.out = out;
    j.n = n;
    j.nparts = nthreads < 1 ? 1 : nthreads;
    if (j.nparts > ISURV_MAX_THREADS)
        j.nparts = ISURV_MAX_THREADS;
    j.variant = variant_of(src);
    j.decode = decode;
    j.distinct = distinct;
    j.top = top_bits(n, bits);
    j.low = src->ks.pb + bits - j.top;
    j.low1 = j.low / 2;
    j.low2 = j.low - j.low1;
    nb = (size_t)1 << j.top;
    j.hist = isurv_zalloc((size_t)j.nparts << j.top, sizeof *j.hist);
    j.start = isurv_alloc(nb + 1, sizeof *j.start);
    if (!j.hist || !j.start)
        goto done;

    isurv_parallel(j.nparts, hist_part, &j);
    /* Bucket b takes part 0's keys, then part 1's, ...: a stable order
     * that does not depend on how many parts there were. */
    for (b = 0, sum = 0; b < nb; b++) {
        j.start[b] = sum;
        for (t = 0; t < (size_t)j.nparts; t++) {
            size_t c = j.hist[(t << j.top) + b];
            j.hist[(t << j.top) + b] = sum;
            sum += c;
        }
    }
    j.start[nb] = sum;
    isurv_parallel(j.nparts, scatter_part, &j);
    for (t = 0; t < (size_t)j.nparts; t++)
        if (j.bad_event[t]) {
            rc = ISURV_EEVENT;
            goto done;
        }

    /* Contiguous runs of buckets with about n / nparts keys each. */
    j.bucket_lo[0] = 0;
    for (t = 1, b = 0; t < (size_t)j.nparts; t++) {
        size_t goal = isurv_slice(n, (int)t, j.nparts);
        while (b < nb && j.start[b] < goal)
            b++;
        j.bucket_lo[t] = b;
    }
    j.bucket_lo[j.nparts] = nb;
    for (t = 0; t < (size_t)j.nparts; t++) {
        biggest = 1;
        for (b = j.bucket_lo[t]; b < j.bucket_lo[t + 1]; b++)
            if (j.start[b + 1] - j.start[b] > biggest)
                biggest = j.start[b + 1] - j.start[b];
        if (!(j.scratch[t] = isurv_alloc(biggest, sizeof(uint64_t))))
            goto done;
    }
    isurv_parallel(j.nparts, bucket_part, &j);
    if (distinct) {
        /* Exact sums: the same whatever the parts. */
        isurv_distinct_init(distinct);
        for (t = 0; t < (size_t)j.nparts; t++)
            isurv_distinct_merge(distinct, &j.dpart[t]);
    }
    rc = ISURV_OK;
done:
    for (t = 0; t < (size_t)j.nparts; t++)
        isurv_dealloc(j.scratch[t]);
    isurv_dealloc(j.hist);
    isurv_dealloc(j.start);
    return rc;
}
