/* The passes of lib/km_pass.h for at most ISURV_KM_FEW curves, in vector
 * lanes (lib/km_few.h).  A key that does not open a clock row joins a
 * row of its curve when one of the keys before it in the clock's row is
 * of its curve: the three keys before are looked at in lanes, and a key
 * whose row reaches further back with none of them of its curve (a
 * timefix chain of five keys or more: rare) is settled alone. */
#include <math.h>

#include "cpu.h"
#include "km_few.h"
#include "tally.h"

#if defined(__GNUC__) && defined(__x86_64__)
#define HAVE_FEW 1
#include <immintrin.h>

/* Groups of four keys between emptying pass 1's 16-bit fields. */
#define FIELD_GROUPS ((size_t)1 << 14)

static double key_time(const struct isurv_keyspec *ks, uint64_t key)
{
    return isurv_bits_time(((key >> ks->pb) << ks->shift) + ks->base);
}

/* Key i (key[0], the first of the part, opens a row) does not open a
 * clock row: whether a key of its curve comes before it in that row. */
static int joins_back(const uint64_t *key, size_t i,
                      const struct isurv_keyspec *ks, double threshold,
                      uint64_t cmask)
{
    uint64_t cv = (key[i] >> 1) & cmask;
    size_t j;

    for (j = i; j-- > 0;) {
        if (((key[j] >> 1) & cmask) == cv)
            return 1;
        if (j == 0 || isurv_gap_opens(key_time(ks, key[j]),
                                      key_time(ks, key[j - 1]), threshold))
            return 0;
    }
    return 0;
}

/* Pass 1: four keys at a time; each curve's keys that do not join are
 * counted in 16-bit fields of a vector, one field per curve. */
__attribute__((target("avx2")))
static void count_avx2(uint32_t *rows, const uint64_t *key, size_t n,
                       const struct isurv_keyspec *ks, double threshold,
                       size_t ncurves)
{
    const uint64_t cmask = ((uint64_t)1 << (ks->pb - 1)) - 1;
    const __m256i cm = _mm256_set1_epi64x((long long)cmask),
                  one = _mm256_set1_epi64x(1),
                  base = _mm256_set1_epi64x((long long)ks->base);
    const __m128i pb = _mm_cvtsi32_si128(ks->pb),
                  shift = _mm_cvtsi32_si128(ks->shift);
    const __m256d thr = _mm256_set1_pd(threshold);
    /* Before the part: a key that opened a row, of no curve. */
    __m256d prev = _mm256_set1_pd(-INFINITY);
    __m256i pcv = _mm256_set1_epi64x(-1), pop = _mm256_set1_epi64x(-1);
    __m256i cnt = _mm256_setzero_si256();
    uint64_t total[ISURV_KM_FEW] = { 0 }, joins[ISURV_KM_FEW] = { 0 }, f[4];
    size_t i = 0, g = 0, c, l;

    for (; i + 4 <= n; i += 4) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(key + i));
        __m256d t = _mm256_castsi256_pd(_mm256_add_epi64(
            _mm256_sll_epi64(_mm256_srl_epi64(x, pb), shift), base));
        __m256d tp = _mm256_blend_pd(_mm256_permute4x64_pd(t, 0x93), prev, 1);
        __m256i cv = _mm256_and_si256(_mm256_srli_epi64(x, 1), cm);
        __m256i op = _mm256_castpd_si256(
            _mm256_cmp_pd(_mm256_sub_pd(t, tp), thr, _CMP_NLE_UQ));
        /* lane l of v2: the value of key i + l - 2; of v1, v3: l - 1, l - 3 */
        __m256i cv2 = _mm256_permute2x128_si256(pcv, cv, 0x21),
                cv1 = _mm256_alignr_epi8(cv, cv2, 8),
                cv3 = _mm256_alignr_epi8(cv2, pcv, 8),
                op2 = _mm256_permute2x128_si256(pop, op, 0x21),
                op1 = _mm256_alignr_epi8(op, op2, 8),
                op3 = _mm256_alignr_epi8(op2, pop, 8);
        __m256i j3 = _mm256_andnot_si256(op2, _mm256_cmpeq_epi64(cv3, cv));
        __m256i j2 = _mm256_andnot_si256(op1, _mm256_or_si256(
                                                  _mm256_cmpeq_epi64(cv2, cv), j3));
        __m256i jn = _mm256_andnot_si256(op, _mm256_or_si256(
                                                 _mm256_cmpeq_epi64(cv1, cv), j2));
        __m256i open_ended = _mm256_andnot_si256(
            _mm256_or_si256(_mm256_or_si256(op, op1), _mm256_or_si256(op2, op3)),
            _mm256_andnot_si256(jn, _mm256_set1_epi64x(-1)));
        int rest = _mm256_movemask_pd(_mm256_castsi256_pd(open_ended));
        cnt = _mm256_add_epi64(cnt, _mm256_sllv_epi64(_mm256_andnot_si256(jn, one),
                                                      _mm256_slli_epi64(cv, 4)));
        for (l = 0; rest != 0 && l < 4; l++)
            if ((rest >> l & 1) && joins_back(key, i + l, ks, threshold, cmask))
                joins[(key[i + l] >> 1) & cmask]++;
        prev = _mm256_permute4x64_pd(t, 0xFF);
        pcv = cv;
        pop = op;
        if (++g == FIELD_GROUPS || i + 8 > n) {
            _mm256_storeu_si256((__m256i *)(void *)f, cnt);
            for (c = 0; c < ncurves; c++)
                for (l = 0; l < 4; l++)
                    total[c] += f[l] >> (16 * c) & 0xFFFF;
            cnt = _mm256_setzero_si256();
            g = 0;
        }
    }
    for (; i < n; i++) {
        uint64_t cv = (key[i] >> 1) & cmask;
        total[cv]++;
        if (i > 0
            && !isurv_gap_opens(key_time(ks, key[i]), key_time(ks, key[i - 1]),
                                threshold)
            && joins_back(key, i, ks, threshold, cmask))
            joins[cv]++;
    }
    for (c = 0; c < ncurves; c++)
        rows[c] += (uint32_t)(total[c] - joins[c]);
}

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,popcnt")))

/* Lanes l >= k of the result: v's lane l - k; below: carry's lane 7. */
AVX512 static inline __m512d shift_in(__m512d v, __m512d carry, int k)
{
    __m512i b = _mm512_permutexvar_epi64(_mm512_set1_epi64(7),
                                         _mm512_castpd_si512(carry));
    switch (k) {
    case 1:
        return _mm512_castsi512_pd(_mm512_alignr_epi64(_mm512_castpd_si512(v), b, 7));
    case 2:
        return _mm512_castsi512_pd(_mm512_alignr_epi64(_mm512_castpd_si512(v), b, 6));
    default:
        return _mm512_castsi512_pd(_mm512_alignr_epi64(_mm512_castpd_si512(v), b, 4));
    }
}

/* Pass 2: eight keys at a time.  Each lane's row time is the time of
 * the last key up to it that opened a clock row (a scan in three
 * steps); each curve's new rows are compressed out of the lanes and
 * stored with a mask, so that nothing past them is written; keys that
 * join a row add to its code afterwards.  The staged curve's times
 * overwrite keys already read (lib/km_fast.c), so keys are read once,
 * into xs, and the curves of the open row at the end of the last block
 * are kept (seen) instead of being looked up again. */
AVX512 static void write_avx512(struct isurv_km_part *p, const uint64_t *key,
                                size_t n, const struct isurv_keyspec *ks,
                                double threshold, size_t ncurves)
{
    const uint64_t cmask = ((uint64_t)1 << (ks->pb - 1)) - 1;
    const __m512i cm = _mm512_set1_epi64((long long)cmask),
                  base = _mm512_set1_epi64((long long)ks->base),
                  one = _mm512_set1_epi64(1),
                  code_c = _mm512_set1_epi64(1), code_d = _mm512_set1_epi64(1 << 4);
    const __m128i pb = _mm_cvtsi32_si128(ks->pb),
                  shift = _mm_cvtsi32_si128(ks->shift);
    const __m512d thr = _mm512_set1_pd(threshold);
    __m512d prev = _mm512_set1_pd(-INFINITY), time = _mm512_setzero_pd();
    __m512i pcv = _mm512_set1_epi64(-1);
    unsigned pop = 0xFF, seen = 0;
    double *tcol[ISURV_KM_FEW];
    unsigned char *ccol[ISURV_KM_FEW];
    uint32_t r[ISURV_KM_FEW], before[ISURV_KM_FEW];
    unsigned mine[ISURV_KM_FEW];
    uint64_t xs[8];
    size_t i, c;

    for (c = 0; c < ncurves; c++) {
        tcol[c] = p->slot[c].time;
        ccol[c] = p->slot[c].code;
        r[c] = 0;
    }
    for (i = 0; i < n; i += 8) {
        unsigned valid = n - i >= 8 ? 0xFF : (1u << (n - i)) - 1;
        __m512i x = _mm512_maskz_loadu_epi64((__mmask8)valid, key + i);
        __m512d t = _mm512_castsi512_pd(_mm512_add_epi64(
            _mm512_sll_epi64(_mm512_srl_epi64(x, pb), shift), base));
        __m512d tp = shift_in(t, prev, 1);
        __m512i cv = _mm512_and_si512(_mm512_srli_epi64(x, 1), cm);
        unsigned op = _mm512_cmp_pd_mask(_mm512_sub_pd(t, tp), thr, _CMP_NLE_UQ);
        /* bits 8 + l: key i + l opens a row; bits 0..7: the block before */
        unsigned ow = op << 8 | pop;
        unsigned op1 = ow >> 7 & 0xFF, op2 = ow >> 6 & 0xFF, op3 = ow >> 5 & 0xFF;
        unsigned eq1 = _mm512_cmpeq_epi64_mask(_mm512_alignr_epi64(cv, pcv, 7), cv),
                 eq2 = _mm512_cmpeq_epi64_mask(_mm512_alignr_epi64(cv, pcv, 6), cv),
                 eq3 = _mm512_cmpeq_epi64_mask(_mm512_alignr_epi64(cv, pcv, 5), cv);
        unsigned jn = ~op & (eq1 | (~op1 & (eq2 | (~op2 & eq3)))) & valid;
        unsigned rest = ~(op | op1 | op2 | op3) & ~jn & valid;
        unsigned have = op, in_row;
        __mmask8 odd = _mm512_test_epi64_mask(x, one);
        __m512i code = _mm512_mask_blend_epi64(odd, code_c, code_d);
        __m512d rt = t;

        _mm512_storeu_si512(xs, x);
        for (; rest; rest &= rest - 1) {
            /* the row began before lane l - 3: lanes further back, then
             * the curves of the row as the block before left it */
            unsigned l = (unsigned)__builtin_ctz(rest);
            uint64_t cl = (xs[l] >> 1) & cmask;
            int j = (int)l - 4, hit = 0;
            for (; j >= 0; j--) {
                if (((xs[j] >> 1) & cmask) == cl) {
                    hit = 1;
                    break;
                }
                if (op >> j & 1)
                    break;
            }
            if (hit || (j < 0 && (seen >> cl & 1)))
                jn |= 1u << l;
        }
        /* rt lane l: the time of the last key <= l that opened a row */
        rt = _mm512_mask_blend_pd((__mmask8)have, shift_in(rt, time, 1), rt);
        have |= have << 1 | 1;
        rt = _mm512_mask_blend_pd((__mmask8)have, shift_in(rt, time, 2), rt);
        have |= have << 2 | 3;
        rt = _mm512_mask_blend_pd((__mmask8)have, shift_in(rt, time, 4), rt);
        /* lanes in the row that is open at the block's end */
        in_row = op ? (0xFFu << (31 - __builtin_clz(op))) & valid : valid;
        seen = op ? 0 : seen;
        for (c = 0; c < ncurves; c++) {
            unsigned all = _mm512_cmpeq_epi64_mask(cv, _mm512_set1_epi64((long long)c)) & valid;
            unsigned m = all & ~jn, k = (unsigned)_mm_popcnt_u32(m);
            __mmask8 store = (__mmask8)((1u << k) - 1);
            _mm512_mask_storeu_pd(tcol[c] + r[c], store,
                                  _mm512_maskz_compress_pd((__mmask8)m, rt));
            _mm_mask_storeu_epi8(ccol[c] + r[c], store,
                                 _mm512_cvtepi64_epi8(
                                     _mm512_maskz_compress_epi64((__mmask8)m, code)));
            mine[c] = m;
            before[c] = r[c];
            r[c] += k;
            seen |= (unsigned)((all & in_row) != 0) << c;
        }
        for (; jn; jn &= jn - 1) {
            unsigned l = (unsigned)__builtin_ctz(jn);
            size_t cl = (size_t)((xs[l] >> 1) & cmask);
            uint32_t row = before[cl]
                + (uint32_t)_mm_popcnt_u32(mine[cl] & ((1u << l) - 1)) - 1;
            isurv_km_join_row(p, &p->slot[cl], cl, row, (uint32_t)xs[l] & 1);
        }
        prev = t;
        time = rt;
        pcv = cv;
        pop = op;
    }
    for (c = 0; c < ncurves; c++)
        p->slot[c].rows = r[c];
}
#endif

int isurv_km_count_few(uint32_t *rows, const uint64_t *key, size_t n,
                       const struct isurv_keyspec *ks, double threshold,
                       size_t ncurves)
{
#ifdef HAVE_FEW
    if (ncurves <= ISURV_KM_FEW && isurv_have_avx2()) {
        count_avx2(rows, key, n, ks, isurv_gap_limit(threshold), ncurves);
        return 1;
    }
#endif
    (void)rows, (void)key, (void)n, (void)ks, (void)threshold, (void)ncurves;
    return 0;
}

int isurv_km_write_few(struct isurv_km_part *p, const uint64_t *key, size_t n,
                       const struct isurv_keyspec *ks, double threshold,
                       size_t ncurves)
{
#ifdef HAVE_FEW
    if (ncurves <= ISURV_KM_FEW && isurv_have_avx512()) {
        write_avx512(p, key, n, ks, isurv_gap_limit(threshold), ncurves);
        return 1;
    }
#endif
    (void)p, (void)key, (void)n, (void)ks, (void)threshold, (void)ncurves;
    return 0;
}
