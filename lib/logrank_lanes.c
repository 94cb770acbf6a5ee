/* The log-rank lane sums (lib/logrank_lanes.h), plain and, where the
 * processor has AVX2, four lanes to a vector: each lane the same IEEE
 * operations in the same order, so the two give the same doubles. */
#include <string.h>

#include "logrank_lanes.h"

static void add_plain(double *acc, const struct isurv_lr_rows *b, size_t k)
{
    const size_t cap = b->cap, o = 0, e = k, v = 2 * k;
    size_t r, g, h, l;

    for (r = 0; r < b->m; r++) {
        const double n = b->n[r], q = b->q[r], c = b->c[r], w = b->w[r];
        l = r % ISURV_LR_LANES;
        for (g = 0; g < k; g++) {
            const double ng = b->nr[g * cap + r];
            acc[(o + g) * 4 + l] += w * b->dr[g * cap + r];
            acc[(e + g) * 4 + l] += q * ng;
            acc[(v + isurv_lr_tri(k, g, g)) * 4 + l] += c * (ng * (n - ng));
            for (h = g + 1; h < k; h++)
                acc[(v + isurv_lr_tri(k, g, h)) * 4 + l]
                    -= c * (ng * b->nr[h * cap + r]);
        }
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#define ISURV_HAVE_AVX2_PATH 1

typedef double v4d __attribute__((vector_size(32)));

__attribute__((target("avx2"))) static inline v4d load4(const double *p)
{
    v4d x;
    __builtin_memcpy(&x, p, sizeof x);
    return x;
}

__attribute__((target("avx2"))) static inline void store4(double *p, v4d x)
{
    __builtin_memcpy(p, &x, sizeof x);
}

/* K groups known at compile time: the sums stay in registers. */
#define ADD_AVX2(K)                                                            \
    __attribute__((target("avx2"))) static void add_avx2_##K(                  \
        double *acc, const struct isurv_lr_rows *b)                            \
    {                                                                          \
        enum { NS = 2 * K + K * (K + 1) / 2 };                                 \
        const size_t cap = b->cap;                                             \
        v4d a[NS];                                                             \
        size_t r, s, g, h;                                                     \
        for (s = 0; s < NS; s++)                                               \
            a[s] = load4(acc + 4 * s);                                         \
        for (r = 0; r < b->m; r += 4) {                                        \
            const v4d n = load4(b->n + r), q = load4(b->q + r),                \
                      c = load4(b->c + r), w = load4(b->w + r);                \
            v4d ng[K];                                                         \
            for (g = 0; g < K; g++)                                            \
                ng[g] = load4(b->nr + g * cap + r);                            \
            for (g = 0; g < K; g++) {                                          \
                a[g] += w * load4(b->dr + g * cap + r);                        \
                a[K + g] += q * ng[g];                                         \
                a[2 * K + isurv_lr_tri(K, g, g)] += c * (ng[g] * (n - ng[g])); \
                for (h = g + 1; h < K; h++)                                    \
                    a[2 * K + isurv_lr_tri(K, g, h)] -= c * (ng[g] * ng[h]);   \
            }                                                                  \
        }                                                                      \
        for (s = 0; s < NS; s++)                                               \
            store4(acc + 4 * s, a[s]);                                         \
    }

ADD_AVX2(2)
ADD_AVX2(3)
ADD_AVX2(4)

/* Any k: the sums in memory. */
__attribute__((target("avx2")))
static void add_avx2_any(double *acc, const struct isurv_lr_rows *b, size_t k)
{
    const size_t cap = b->cap, v = 2 * k;
    size_t r, g, h;

    for (r = 0; r < b->m; r += 4) {
        const v4d n = load4(b->n + r), q = load4(b->q + r),
                  c = load4(b->c + r), w = load4(b->w + r);
        for (g = 0; g < k; g++) {
            const v4d ng = load4(b->nr + g * cap + r);
            double *p;
            store4(acc + 4 * g, load4(acc + 4 * g) + w * load4(b->dr + g * cap + r));
            store4(acc + 4 * (k + g), load4(acc + 4 * (k + g)) + q * ng);
            p = acc + 4 * (v + isurv_lr_tri(k, g, g));
            store4(p, load4(p) + c * (ng * (n - ng)));
            for (h = g + 1; h < k; h++) {
                p = acc + 4 * (v + isurv_lr_tri(k, g, h));
                store4(p, load4(p) - c * (ng * load4(b->nr + h * cap + r)));
            }
        }
    }
}

static int have_avx2(void)
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2");
}
#endif

void isurv_lr_lanes_add(double *acc, const struct isurv_lr_rows *b, size_t k)
{
#ifdef ISURV_HAVE_AVX2_PATH
    if (have_avx2()) {
        switch (k) {
        case 2:
            add_avx2_2(acc, b);
            return;
        case 3:
            add_avx2_3(acc, b);
            return;
        case 4:
            add_avx2_4(acc, b);
            return;
        default:
            add_avx2_any(acc, b, k);
            return;
        }
    }
#endif
    add_plain(acc, b, k);
}

void isurv_lr_lanes_fold(double *out, double *acc, size_t nsums)
{
    size_t s;

    for (s = 0; s < nsums; s++) {
        const double *a = acc + 4 * s;
        out[s] = (a[0] + a[1]) + (a[2] + a[3]);
    }
    memset(acc, 0, 4 * nsums * sizeof *acc);
}
