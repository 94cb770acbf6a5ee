#include <math.h>
#include <stdint.h>

#include "cpu.h"
#include "vecdiv.h"

static void km_factors_plain(double *f, double *g, const double *n,
                             const double *d, size_t m)
{
    size_t i;

    for (i = 0; i < m; i++) {
        f[i] = (n[i] - d[i]) / n[i];
        g[i] = n[i] > d[i] ? d[i] / (n[i] * (n[i] - d[i])) : INFINITY;
    }
}

#if defined(__GNUC__) && defined(__x86_64__)
#define ISURV_HAVE_AVX2_PATH 1

typedef double v4d __attribute__((vector_size(32)));
typedef int64_t v4l __attribute__((vector_size(32)));

/* The same operations four rows at a time (GCC vector extensions: each
 * lane is the scalar IEEE operation). */
__attribute__((target("avx2")))
static void km_factors_avx2(double *f, double *g, const double *n,
                            const double *d, size_t m)
{
    const v4d inf = { INFINITY, INFINITY, INFINITY, INFINITY };
    size_t i, m4 = m - m % 4;

    /* The rows left over first: called after the vector loop, the plain
     * function was reached by a jump that left the upper halves of the
     * vector registers in use (no vzeroupper), which slows every SSE
     * instruction the thread runs afterwards about twofold. */
    km_factors_plain(f + m4, g + m4, n + m4, d + m4, m - m4);
    for (i = 0; i < m4; i += 4) {
        v4d vn, vd, nd, q;
        v4l gt;
        __builtin_memcpy(&vn, n + i, sizeof vn);
        __builtin_memcpy(&vd, d + i, sizeof vd);
        nd = vn - vd;
        q = nd / vn;
        __builtin_memcpy(f + i, &q, sizeof q);
        gt = vn > vd; /* all ones where n > d */
        q = vd / (vn * nd);
        q = (v4d)(((v4l)q & gt) | ((v4l)inf & ~gt));
        __builtin_memcpy(g + i, &q, sizeof q);
    }
}

#endif

void isurv_km_factors(double *f, double *g, const double *n, const double *d,
                      size_t m)
{
#ifdef ISURV_HAVE_AVX2_PATH
    if (isurv_have_avx2()) {
        km_factors_avx2(f, g, n, d, m);
        return;
    }
#endif
    km_factors_plain(f, g, n, d, m);
}
