/* The running product and Greenwood sum of a compact curve whose rows
 * are in place, and its checkpoints (lib/km.h): the cursor's steps
 * (isurv_km_step) in row order, S *= (n - d) / n and the sum +=
 * d / (n (n - d)), Inf at n = d.  A row without events has the factors
 * 1 and 0 (every row has n >= 1), which leave both exactly as they are,
 * so every row takes the same path.
 *
 * Only the product and the sum depend on the row before: the decoding
 * of the counts and the two divisions of a row are independent of them.
 * One loop does all three, so that the processor overlaps the
 * divisions and decoding of the rows ahead with the three-cycle latency
 * of the product and the sum; where it has AVX2 the divisions go four
 * rows at a time (each lane the scalar IEEE operation, so the results
 * are the same).
 *
 * A walk can stop at any row and go on later (on any thread), so that
 * the fit can start on the rows of the first part of the keys while the
 * rest are still being read.  The counts of escaping rows come from the
 * lists of the parts (lib/km_pass.h), which the caller points the walk
 * at, part by part. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "km.h"

/* Row r's events and censorings. */
static inline void counts(const struct isurv_km_curve *cv,
                          struct isurv_km_walk *w, size_t r, int64_t *d,
                          int64_t *c)
{
    unsigned x = cv->code[r];

    if (x != ISURV_KM_ESCAPE) {
        *d = x >> 4;
        *c = x & 15;
    } else {
        while (w->at + 1 < w->n && w->list[w->at].curve != w->curve)
            w->at++; /* (the part lists an entry for every escape) */
        *d = w->list[w->at].d;
        *c = w->list[w->at++].c;
        w->esc++;
    }
}

static inline void checkpoint(struct isurv_km_curve *cv, size_t r,
                              const struct isurv_km_walk *w)
{
    struct isurv_km_ckpt *k = &cv->ckpt[r / ISURV_KM_STRIDE];

    k->surv = w->surv;
    k->greenwood = w->greenwood;
    k->risk = (double)w->risk;
    k->esc = w->esc;
}

/* Rows up to end, one at a time.  The counts are whole, so the number at
 * risk is kept as an integer: exact, as the double it stands for. */
static inline void rows_plain(struct isurv_km_curve *cv,
                              struct isurv_km_walk *w, size_t end)
{
    for (; w->row < end; w->row++) {
        int64_t di, ci;
        double n, d;
        if (w->row % ISURV_KM_STRIDE == 0)
            checkpoint(cv, w->row, w);
        counts(cv, w, w->row, &di, &ci);
        n = (double)w->risk;
        d = (double)di;
        w->risk -= di + ci;
        w->surv *= (n - d) / n;
        w->greenwood += n > d ? d / (n * (n - d)) : INFINITY;
    }
}

static void walk_plain(struct isurv_km_curve *cv, struct isurv_km_walk *w,
                       size_t end)
{
    rows_plain(cv, w, end);
}

#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_AVX2_PATH 1
#include <immintrin.h>

/* Out of line, so that S and the sum stay two scalars in the loop (the
 * compiler otherwise pairs them in one register, which puts shuffles on
 * their chains of dependent operations). */
__attribute__((noinline))
static void checkpoint_at(struct isurv_km_curve *cv, size_t r, double surv,
                          double greenwood, int64_t risk, size_t esc)
{
    struct isurv_km_ckpt *k = &cv->ckpt[r / ISURV_KM_STRIDE];

    k->surv = surv;
    k->greenwood = greenwood;
    k->risk = (double)risk;
    k->esc = esc;
}

/* Four rows at a time from a multiple of four on (ISURV_KM_STRIDE is
 * one, so checkpoints fall between groups), the others one at a time.
 * Four codes are one 32-bit word: its bytes' high nibbles are the
 * events, low ones the censorings, and multiplying by 0x01010101 sums
 * them up byte by byte (at most 3 x 29 < 256: no carries), giving each
 * row's number at risk from the first one's. */
__attribute__((target("avx2")))
static void walk_avx2(struct isurv_km_curve *cv, struct isurv_km_walk *w,
                      size_t end)
{
    const __m256d inf = _mm256_set1_pd(INFINITY);
    const uint32_t lo = 0x0F0F0F0F;
    const unsigned char *code = cv->code;
    double surv, gw;
    int64_t risk;
    size_t r, esc;

    rows_plain(cv, w, (w->row + 3) / 4 * 4 < end ? (w->row + 3) / 4 * 4 : end);
    surv = w->surv;
    gw = w->greenwood;
    risk = w->risk;
    r = w->row;
    esc = w->esc;
    while (r + 4 <= end) {
        uint32_t x, dw, sw;
        __m256d n, d, nd, f, g;
        double fa[4], ga[4];
        if (r % ISURV_KM_STRIDE == 0)
            checkpoint_at(cv, r, surv, gw, risk, esc);
        memcpy(&x, code + r, 4);
        dw = x >> 4 & lo;
        if ((dw + 0x01010101) & 0x10101010) {
            /* an escape among them (only escapes have d = 15) */
            w->surv = surv;
            w->greenwood = gw;
            w->risk = risk;
            w->row = r;
            w->esc = esc;
            rows_plain(cv, w, r + 4);
            surv = w->surv;
            gw = w->greenwood;
            risk = w->risk;
            esc = w->esc;
            r += 4;
            continue;
        }
        sw = (dw + (x & lo)) << 8; /* each row's d + c, one byte later */
        sw *= 0x01010101;          /* byte k: the rows before row k */
        n = _mm256_sub_pd(_mm256_set1_pd((double)risk),
                          _mm256_cvtepi32_pd(_mm_cvtepu8_epi32(
                              _mm_cvtsi32_si128((int)sw))));
        d = _mm256_cvtepi32_pd(_mm_cvtepu8_epi32(_mm_cvtsi32_si128((int)dw)));
        risk -= (sw >> 24) + (x >> 28) + (x >> 24 & 15);
        nd = _mm256_sub_pd(n, d);
        f = _mm256_div_pd(nd, n);
        g = _mm256_blendv_pd(inf, _mm256_div_pd(d, _mm256_mul_pd(n, nd)),
                             _mm256_cmp_pd(d, n, _CMP_LT_OQ));
        _mm256_storeu_pd(fa, f);
        _mm256_storeu_pd(ga, g);
        surv *= fa[0];
        gw += ga[0];
        surv *= fa[1];
        gw += ga[1];
        surv *= fa[2];
        gw += ga[2];
        surv *= fa[3];
        gw += ga[3];
        r += 4;
    }
    w->surv = surv;
    w->greenwood = gw;
    w->risk = risk;
    w->row = r;
    w->esc = esc;
    rows_plain(cv, w, end);
}

#endif

void isurv_km_walk_begin(struct isurv_km_walk *w,
                         const struct isurv_km_curve *cv, uint32_t curve)
{
    memset(w, 0, sizeof *w);
    w->risk = (int64_t)cv->nobs;
    w->surv = 1.0;
    w->greenwood = 0.0;
    w->curve = curve;
}

void isurv_km_walk(struct isurv_km_curve *cv, struct isurv_km_walk *w,
                   size_t end)
{
#ifdef HAVE_AVX2_PATH
    if (isurv_have_avx2()) {
        walk_avx2(cv, w, end);
        return;
    }
#endif
    walk_plain(cv, w, end);
}
