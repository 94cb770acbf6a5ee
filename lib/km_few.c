/* The passes of lib/km_pass.h for at most ISURV_KM_FEW curves, in vector
 * lanes (lib/km_few.h); pass 2 for one curve too, whose rows are the
 * clock's (one curve has no pass 1).  A key that does not open a clock
 * row joins a row of its curve when a key of its curve comes before it
 * in the clock's row.  Pass 1 looks at the three keys before in lanes,
 * and settles a key whose row reaches further back with none of them of
 * its curve (a timefix chain of five keys or more: rare) alone; pass 2
 * scans each block's lanes (heads_of). */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "cpu.h"
#include "inline.h"
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

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512bw,popcnt,bmi,bmi2")))

/* Lanes l >= k of the result: v's lane l - k; below: carry's lane 7. */
AVX512 static inline __m512d shift_in(__m512d v, __m512d carry, int k)
{
    __m512i b = _mm512_permutexvar_epi64(_mm512_set1_epi64(7),
                                         _mm512_castpd_si512(carry));
    return _mm512_castsi512_pd(_mm512_alignr_epi64(_mm512_castpd_si512(v), b,
                                                   8 - k));
}

/* Byte l of entry m: the last lane <= l whose bit is set in m, or 15 (in
 * a permute of two vectors: lane 7 of the second) if none. */
#define LAST0(m) (((m) & 1) ? 0 : 15)
#define LAST1(m) (((m) & 2) ? 1 : LAST0(m))
#define LAST2(m) (((m) & 4) ? 2 : LAST1(m))
#define LAST3(m) (((m) & 8) ? 3 : LAST2(m))
#define LAST4(m) (((m) & 16) ? 4 : LAST3(m))
#define LAST5(m) (((m) & 32) ? 5 : LAST4(m))
#define LAST6(m) (((m) & 64) ? 6 : LAST5(m))
#define LAST7(m) (((m) & 128) ? 7 : LAST6(m))
#define OPENER(m) ((uint64_t)LAST0(m) | (uint64_t)LAST1(m) << 8                \
                   | (uint64_t)LAST2(m) << 16 | (uint64_t)LAST3(m) << 24       \
                   | (uint64_t)LAST4(m) << 32 | (uint64_t)LAST5(m) << 40       \
                   | (uint64_t)LAST6(m) << 48 | (uint64_t)LAST7(m) << 56)
#define OPENER4(m) OPENER(m), OPENER((m) + 1), OPENER((m) + 2), OPENER((m) + 3)
#define OPENER16(m) OPENER4(m), OPENER4((m) + 4), OPENER4((m) + 8), OPENER4((m) + 12)
#define OPENER64(m) OPENER16(m), OPENER16((m) + 16), OPENER16((m) + 32), \
                    OPENER16((m) + 48)
static const uint64_t opener_lane[256] = {
    OPENER64(0), OPENER64(64), OPENER64(128), OPENER64(192)
};

/* A mask of eight lanes in each byte of a word: a curve a byte. */
#define BYTES(m) ((uint32_t)(m) * 0x01010101u)
typedef char isurv_km_few_curves_fit_a_word[ISURV_KM_FEW <= 4 ? 1 : -1];

/* Which lanes of each curve (byte c of a: its lanes) are the heads of
 * new rows, given the lanes that open clock rows (op) and the curves that
 * have a row in the clock row open before lane 0 (seen, byte c: 0 or
 * 0xFF).  A lane is a head unless a lane of its curve comes before it in
 * its clock row: s, the OR of the curve's lanes so far that restarts at
 * each lane in op (a segmented scan in three doubling steps, all curves
 * at once), says so.  *out: seen for the clock row open after lane 7;
 * *carried: the lanes that join the rows of seen. */
static inline uint32_t heads_of(uint32_t a, unsigned op, uint32_t seen,
                                uint32_t *out, uint32_t *carried)
{
    uint32_t f = BYTES(op), s = a, first;

    s |= (s << 1) & 0xFEFEFEFEu & ~f;
    f |= (f << 1) & 0xFEFEFEFEu;
    s |= (s << 2) & 0xFCFCFCFCu & ~f;
    f |= (f << 2) & 0xFCFCFCFCu;
    s |= (s << 4) & 0xF0F0F0F0u & ~f;
    /* the lanes before the first that opens a row */
    first = BYTES(op ? (op & (0u - op)) - 1 : 0xFF);
    s |= first & seen;
    *out = ((s >> 7) & 0x01010101u) * 0xFF;
    *carried = a & seen & first;
    return a & ~((((s << 1) & 0xFEFEFEFEu) | (seen & 0x01010101u))
                 & ~BYTES(op));
}

AVX512 static inline __m512i prefix_sum(__m512i v)
{
    const __m512i z = _mm512_setzero_si512();

    v = _mm512_add_epi64(v, _mm512_alignr_epi64(v, z, 7));
    v = _mm512_add_epi64(v, _mm512_alignr_epi64(v, z, 6));
    return _mm512_add_epi64(v, _mm512_alignr_epi64(v, z, 4));
}

/* The lanes of carried (bytes as in heads_of), whose codes are in code,
 * join each curve's last row so far, r[c] - 1.  Out of line: rare, and
 * its call would otherwise keep the loop's state in memory. */
AVX512 __attribute__((noinline))
static void join_carried(struct isurv_km_part *p, __m512i code,
                         uint32_t carried, const uint32_t *r, size_t nc)
{
    size_t c;

    for (c = 0; c < nc; c++) {
        unsigned m = carried >> (8 * c) & 0xFF;
        uint64_t x;
        if (!m)
            continue;
        x = (uint64_t)_mm512_mask_reduce_add_epi64((__mmask8)m, code);
        isurv_km_join_row(p, &p->slot[c], c, r[c] - 1, (uint32_t)(x >> 4),
                          (uint32_t)(x & 15));
    }
}

/* Chunked times: the rows staged since the last flush, all keys of the
 * block at `at` (its first key) read, go over that block, curve after
 * curve.  Out of line: once every ISURV_KM_BLOCK keys. */
__attribute__((noinline))
static void flush_block(struct isurv_km_part *p, size_t at, uint32_t *r,
                        uint32_t *done, unsigned char **ccol, size_t nc)
{
    double *dst = p->span + at;
    size_t c;

    for (c = 0; c < nc; c++) {
        memcpy(dst, p->lbuf + c * ISURV_KM_BLOCK, r[c] * sizeof *dst);
        dst += r[c];
        p->blk_rows[at / ISURV_KM_BLOCK * nc + c] = r[c];
        ccol[c] += r[c];
        done[c] += r[c];
        r[c] = 0;
    }
}

/* Pass 2: eight keys at a time, with no branch on the data but the rare
 * one of join_carried.
 *  - A lane opens a clock row when its time is more than the threshold
 *    past the lane before's; its row time is the time of the last lane
 *    up to it that opened one (a permute from a table of the eight bits).
 *  - Heads of new rows as in heads_of.
 *  - A row's code is the sum of its lanes' codes: with each lane's code
 *    in its curve's byte of the lane, a prefix sum over the lanes, read
 *    before each head and before the next (or at the end).  No byte can
 *    carry into the next: at most eight keys, so d, c <= 8 < 16.
 *  - Each curve's heads are compressed out of the lanes and stored with
 *    a mask, so that nothing past its rows is written and threads never
 *    touch each other's rows.
 * nc is a constant in each caller, so that the loop over the curves is
 * unrolled and their row counts stay in registers.  The staged curve's
 * times overwrite keys already read (lib/km_fast.c): a block is loaded
 * before anything is stored. */
AVX512 static ISURV_INLINE void write_lanes(struct isurv_km_part *p,
                                            const uint64_t *key, size_t n,
                                            const struct isurv_keyspec *ks,
                                            double threshold, const size_t nc)
{
    const uint64_t cmask = ((uint64_t)1 << (ks->pb - 1)) - 1;
    const __m512i cm = _mm512_set1_epi64((long long)cmask),
                  base = _mm512_set1_epi64((long long)ks->base),
                  one = _mm512_set1_epi64(1),
                  code_c = _mm512_set1_epi64(1), code_d = _mm512_set1_epi64(1 << 4),
                  last = _mm512_set1_epi64(7);
    /* byte b: curve b / 8, to compare with eight curve bytes four times */
    const __m256i curve_of_byte = _mm256_set_epi64x(0x0303030303030303LL,
                                                    0x0202020202020202LL,
                                                    0x0101010101010101LL, 0);
    const __m128i pb = _mm_cvtsi32_si128(ks->pb),
                  shift = _mm_cvtsi32_si128(ks->shift);
    const __m512d thr = _mm512_set1_pd(threshold);
    __m512d prev = _mm512_set1_pd(-INFINITY), time = _mm512_setzero_pd();
    uint32_t seen = 0;
    double *tcol[ISURV_KM_FEW];
    unsigned char *ccol[ISURV_KM_FEW];
    /* r[c]: curve c's rows since the last flush of chunked times (or
     * all), which follow done[c] rows; ccol[c] is at the first */
    uint32_t r[ISURV_KM_FEW], done[ISURV_KM_FEW];
    size_t i, c, next = p->lbuf ? ISURV_KM_BLOCK : SIZE_MAX;

    for (c = 0; c < nc; c++) {
        tcol[c] = p->lbuf ? p->lbuf + c * ISURV_KM_BLOCK : p->slot[c].time;
        ccol[c] = p->slot[c].code;
        r[c] = 0;
        done[c] = 0;
    }
    for (i = 0; i < n; i += 8) {
        unsigned valid = n - i >= 8 ? 0xFF : (1u << (n - i)) - 1;
        if (i == next) {
            flush_block(p, i - ISURV_KM_BLOCK, r, done, ccol, nc);
            next += ISURV_KM_BLOCK;
        }
        __m512i x = _mm512_maskz_loadu_epi64((__mmask8)valid, key + i);
        __m512d t = _mm512_castsi512_pd(_mm512_add_epi64(
            _mm512_sll_epi64(_mm512_srl_epi64(x, pb), shift), base));
        __m512i cv = _mm512_and_si512(_mm512_srli_epi64(x, 1), cm);
        unsigned op = _mm512_cmp_pd_mask(_mm512_sub_pd(t, shift_in(t, prev, 1)),
                                         thr, _CMP_NLE_UQ);
        uint32_t a = (uint32_t)_mm256_cmpeq_epi8_mask(
                         _mm256_set1_epi64x((long long)_mm_cvtsi128_si64(
                             _mm512_cvtepi64_epi8(cv))),
                         curve_of_byte) & BYTES(valid);
        uint32_t nseen, carried, head = heads_of(a, op, seen, &nseen, &carried);
        __m512i code = _mm512_maskz_mov_epi64(
            (__mmask8)valid, _mm512_mask_blend_epi64(_mm512_test_epi64_mask(x, one),
                                                     code_c, code_d));
        __m512i mine = _mm512_sllv_epi64(code, _mm512_slli_epi64(cv, 3));
        __m512i sum = prefix_sum(mine);
        __m512i before = _mm512_sub_epi64(sum, mine);
        __m512i total = _mm512_permutexvar_epi64(last, sum);
        __m512d rt = _mm512_permutex2var_pd(
            t, _mm512_cvtepu8_epi64(_mm_loadl_epi64(
                   (const __m128i *)(const void *)&opener_lane[op])), time);

        if (carried) {
            uint32_t at[ISURV_KM_FEW];
            for (c = 0; c < nc; c++)
                at[c] = done[c] + r[c];
            join_carried(p, code, carried, at, nc);
        }
#pragma GCC unroll 4
        for (c = 0; c < nc; c++) {
            unsigned h = head >> (8 * c) & 0xFF, k = (unsigned)_mm_popcnt_u32(h);
            __mmask8 store = (__mmask8)((1u << k) - 1);
            /* the sums before each head, then the total */
            __m512i at = _mm512_mask_compress_epi64(total, (__mmask8)h, before);
            __m512i rc = _mm512_srli_epi64(
                _mm512_sub_epi64(_mm512_alignr_epi64(total, at, 1), at),
                (unsigned)(8 * c));
            _mm512_mask_storeu_pd(tcol[c] + r[c], store,
                                  _mm512_maskz_compress_pd((__mmask8)h, rt));
            _mm_mask_storeu_epi8(ccol[c] + r[c], store, _mm512_cvtepi64_epi8(rc));
            r[c] += k;
        }
        prev = t;
        time = rt;
        seen = nseen;
    }
    if (p->lbuf && n > 0)
        flush_block(p, (n - 1) / ISURV_KM_BLOCK * ISURV_KM_BLOCK, r, done,
                    ccol, nc);
    for (c = 0; c < nc; c++)
        p->slot[c].rows = done[c] + r[c];
}

AVX512 static void write_avx512(struct isurv_km_part *p, const uint64_t *key,
                                size_t n, const struct isurv_keyspec *ks,
                                double threshold, size_t ncurves)
{
    if (ncurves == 1)
        write_lanes(p, key, n, ks, threshold, 1);
    else if (ncurves == 2)
        write_lanes(p, key, n, ks, threshold, 2);
    else if (ncurves == 3)
        write_lanes(p, key, n, ks, threshold, 3);
    else /* 4: isurv_km_write_few takes no more */
        write_lanes(p, key, n, ks, threshold, 4);
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

int isurv_km_few_writes(size_t ncurves)
{
#ifdef HAVE_FEW
    return ncurves <= ISURV_KM_FEW && isurv_have_avx512();
#else
    (void)ncurves;
    return 0;
#endif
}

int isurv_km_write_few(struct isurv_km_part *p, const uint64_t *key, size_t n,
                       const struct isurv_keyspec *ks, double threshold,
                       size_t ncurves)
{
#ifdef HAVE_FEW
    if (isurv_km_few_writes(ncurves)) {
        write_avx512(p, key, n, ks, isurv_gap_limit(threshold), ncurves);
        return 1;
    }
#endif
    (void)p, (void)key, (void)n, (void)ks, (void)threshold, (void)ncurves;
    return 0;
}
