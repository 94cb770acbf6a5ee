#include <string.h>

#include "cpu.h"
#include "distinct.h"
#include "inline.h"

/* Mantissas of one exponent are added as plain integers first: at most
 * RUN_MAX of them (each below 2^52, plus 2^52 apiece for the leading
 * bit) stay below 2^64. */
#define RUN_MAX ((uint64_t)1 << 11)
#define FRAC ((((uint64_t)1) << 52) - 1)

#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_VEC 1
typedef uint64_t v4u __attribute__((vector_size(32)));
#endif

void isurv_distinct_init(struct isurv_distinct *d)
{
    isurv_widesum_init(&d->sum);
    d->count = 0;
}

/* n mantissas of exponent e, their fraction bits summing to msum. */
static void flush(struct isurv_distinct *d, uint64_t e, uint64_t msum,
                  uint64_t n)
{
    if (n > 0)
        isurv_widesum_add_at(&d->sum, msum + (e > 0 ? n << 52 : 0),
                             isurv_widesum_place(e << 52));
}

static ISURV_INLINE uint64_t time_bits(const struct isurv_keyspec *ks,
                                       uint64_t key)
{
    return ((key >> ks->pb) << ks->shift) + ks->base;
}

/* Sorted keys, so the exponent never falls: once a key four ahead has
 * the exponent of the run, the four keys up to it all do, and go through
 * vector lanes (integer sums: exact, so any lanes give the same). */
static ISURV_INLINE void keys_body(struct isurv_distinct *d, const uint64_t *a,
                                   size_t m, const struct isurv_keyspec *ks,
                                   const int vec)
{
    uint64_t ce = 0, msum = 0, run = 0, count = 0, pf = 0;
    size_t i = 0;

    (void)vec;
    while (i < m) {
        uint64_t f = a[i] >> ks->pb;
#ifdef HAVE_VEC
        if (vec && i > 0 && i + 4 <= m && time_bits(ks, a[i + 3]) >> 52 == ce) {
            const uint64_t frac = FRAC, base = ks->base;
            const int pb = ks->pb, sh = ks->shift;
            v4u vs = { 0, 0, 0, 0 }, vc = { 0, 0, 0, 0 };
            uint64_t it = 0;
            int l;
            do {
                v4u cur, prv, fresh;
                memcpy(&cur, a + i, sizeof cur);
                memcpy(&prv, a + i - 1, sizeof prv);
                cur >>= pb;
                prv >>= pb;
                fresh = (v4u)(cur != prv);
                vs += ((cur << sh) + base) & frac & fresh;
                vc -= fresh;
                i += 4;
            } while (++it < RUN_MAX && i + 4 <= m
                     && time_bits(ks, a[i + 3]) >> 52 == ce);
            for (l = 0; l < 4; l++) {
                flush(d, ce, vs[l], vc[l]);
                count += vc[l];
            }
            pf = a[i - 1] >> ks->pb;
            continue;
        }
#endif
        if (i == 0 || f != pf) {
            uint64_t b = (f << ks->shift) + ks->base, e = b >> 52;
            if (e != ce || run == RUN_MAX) {
                flush(d, ce, msum, run);
                ce = e;
                msum = run = 0;
            }
            msum += b & FRAC;
            run++;
            count++;
        }
        pf = f;
        i++;
    }
    flush(d, ce, msum, run);
    d->count += count;
}

#ifdef HAVE_VEC
__attribute__((target("avx2")))
static void keys_avx2(struct isurv_distinct *d, const uint64_t *a, size_t m,
                      const struct isurv_keyspec *ks)
{
    keys_body(d, a, m, ks, 1);
}

static void keys_sse(struct isurv_distinct *d, const uint64_t *a, size_t m,
                     const struct isurv_keyspec *ks)
{
    keys_body(d, a, m, ks, 1);
}
#endif

void isurv_distinct_add_keys(struct isurv_distinct *d, const uint64_t *a,
                             size_t m, const struct isurv_keyspec *ks)
{
#ifdef HAVE_VEC
    if (isurv_have_avx2())
        keys_avx2(d, a, m, ks);
    else
        keys_sse(d, a, m, ks);
#else
    keys_body(d, a, m, ks, 0);
#endif
}

void isurv_distinct_add_time(struct isurv_distinct *d, double t)
{
    isurv_widesum_add(&d->sum, t);
    d->count++;
}

void isurv_distinct_merge(struct isurv_distinct *d,
                          const struct isurv_distinct *x)
{
    isurv_widesum_merge(&d->sum, &x->sum);
    d->count += x->count;
}

double isurv_distinct_mean(const struct isurv_distinct *d)
{
    return isurv_widesum_mean(&d->sum, d->count);
}
