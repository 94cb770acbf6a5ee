#include <string.h>

#include "alloc.h"
#include "inotusurv.h"
#include "keys.h"
#include "radix.h"
#include "sort.h"
#include "threads.h"

int isurv_sort_values(double *out, const double *value, size_t n, int nthreads)
{
    struct isurv_keysrc src;
    struct isurv_scan sc;
    int rc;

    if (n == 0)
        return ISURV_OK;
    nthreads = isurv_threads_for(nthreads, n);
    if ((rc = isurv_scan_times(&sc, value, n, nthreads)) != ISURV_OK)
        return rc;
    memset(&src, 0, sizeof src);
    src.time = value;
    isurv_keyspec_make(&src.ks, &sc, 0); /* a time field always fits */
    /* The keys are the doubles' own bits once decoded: sorted in place. */
    return isurv_radix_sort((uint64_t *)(void *)out, &src, n, nthreads, 1,
                            NULL);
}

/* The (time, row) sort of the weighted and left-truncated paths: an LSD
 * radix sort of 16-byte records, stable so that tied rows keep their
 * order and weighted sums add up in row order. */

struct rec {
    uint64_t key;
    size_t i;
};

static uint64_t key_bits(double x)
{
    uint64_t u;

    if (x == 0.0)
        x = 0.0; /* -0.0 has the sign bit set and would sort last */
    memcpy(&u, &x, sizeof u);
    return u;
}

int isurv_sort_pairs(struct isurv_keyidx *out, const double *value, size_t n)
{
    struct rec *a, *b, *tmp;
    size_t (*count)[256];
    size_t i, pass;

    a = isurv_alloc(n, sizeof *a);
    b = isurv_alloc(n, sizeof *b);
    count = isurv_zalloc(8, sizeof *count);
    if (!a || !b || !count) {
        isurv_dealloc(a);
        isurv_dealloc(b);
        isurv_dealloc(count);
        return ISURV_ENOMEM;
    }
    /* One histogram pass for all eight digits. */
    for (i = 0; i < n; i++) {
        uint64_t k = key_bits(value[i]);
        a[i].key = k;
        a[i].i = i;
        for (pass = 0; pass < 8; pass++)
            count[pass][(k >> (8 * pass)) & 0xff]++;
    }
    for (pass = 0; pass < 8; pass++) {
        size_t sum = 0, d;
        int trivial = 0;

        for (d = 0; d < 256; d++) {
            size_t c = count[pass][d];
            if (c == n) {
                trivial = 1; /* every key has this digit: nothing to move */
                break;
            }
            count[pass][d] = sum;
            sum += c;
        }
        if (trivial)
            continue;
        for (i = 0; i < n; i++) {
            unsigned d8 = (unsigned)((a[i].key >> (8 * pass)) & 0xff);
            b[count[pass][d8]++] = a[i];
        }
        tmp = a;
        a = b;
        b = tmp;
    }
    for (i = 0; i < n; i++) {
        out[i].t = value[a[i].i] == 0.0 ? 0.0 : value[a[i].i];
        out[i].i = a[i].i;
    }
    isurv_dealloc(a);
    isurv_dealloc(b);
    isurv_dealloc(count);
    return ISURV_OK;
}

int isurv_partition(struct isurv_keyidx *out, size_t *start,
                    const struct isurv_keyidx *in, size_t n,
                    const uint32_t *cls, size_t ncls)
{
    size_t i, c, *next;

    next = isurv_zalloc(ncls + 1, sizeof *next);
    if (!next)
        return ISURV_ENOMEM;
    for (i = 0; i < n; i++)
        next[cls[in[i].i] + 1]++;
    for (c = 0; c < ncls; c++)
        next[c + 1] += next[c];
    memcpy(start, next, (ncls + 1) * sizeof *start);
    for (i = 0; i < n; i++)
        out[next[cls[in[i].i]]++] = in[i];
    isurv_dealloc(next);
    return ISURV_OK;
}
