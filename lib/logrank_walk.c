#include <string.h>

#include "cpu.h"
#include "alloc.h"
#include "inline.h"
#include "inotusurv.h"
#include "logrank.h"
#include "logrank_lanes.h"
#include "logrank_walk.h"

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__)
#define HAVE_VEC 1
#include <immintrin.h>
typedef double v4d __attribute__((vector_size(32)));
typedef int64_t v4l __attribute__((vector_size(32)));
typedef uint64_t v4u __attribute__((vector_size(32)));

#endif

#if defined(__GNUC__) && !defined(__clang__)
#define UNROLL _Pragma("GCC unroll 12")
#else
#define UNROLL
#endif

/* Keys whose row openings are worked out at a time. */
#define CHUNK 2048

/* The walk's state. */
struct state {
    const struct isurv_lr_walk *in;
    size_t k, nsums;
    int uses_s, wmode;   /* wmode: 0 for w = 1, 1 for w = n, else other */
    double *acc;         /* 4 lanes per sum, of the open block */
    size_t block;
    int dirty;           /* acc holds something of block */
    double km;           /* pooled S before the next death, for weights */
    /* the open row */
    int open;
    uint64_t rowpos;     /* subjects before it */
    double *rrow;        /* k: at risk at it */
    uint64_t *cnt;       /* 2k: its censored (2g) and deaths (2g + 1) */
    double *risk;        /* k: at risk before the next key */
    uint64_t pos;        /* subjects before the next key */
};

static void fold(struct state *st)
{
    if (st->dirty) {
        isurv_lr_lanes_fold(st->in->blocks + st->block * st->nsums, st->acc,
                            st->nsums);
        st->in->filled[st->block] = 1;
        st->dirty = 0;
    }
}

static ISURV_INLINE double weight(const struct state *st, double n)
{
    if (st->wmode == 0)
        return 1.0;
    return isurv_lr_weight(st->in->o, st->km, n);
}

/* The open row's terms into its lane, as isurv_lr_accumulate adds them. */
static ISURV_INLINE void close_row(struct state *st, const size_t K)
{
    double n = 0.0, d = 0.0, dr[ISURV_LR_FAST_GROUPS];
    size_t g;

    for (g = 0; g < K; g++) {
        dr[g] = (double)st->cnt[2 * g + 1];
        n += st->rrow[g];
        d += dr[g];
    }
    if (d > 0.0 && st->rowpos >= st->in->first) {
        const size_t blk = (size_t)(st->rowpos / ISURV_LR_BLOCK);
        if (blk != st->block) {
            fold(st);
            st->block = blk;
        }
        isurv_lr_lane_row(st->acc + (st->rowpos & 3), K, st->rrow, dr, n, d,
                          weight(st, n));
        st->dirty = 1;
    }
    if (st->uses_s && d > 0.0)
        st->km = st->km * (n - d) / n;
    for (g = 0; g < 2 * K; g++)
        st->cnt[g] = 0;
}

/* One key (w subjects) through the rows; returns 1 when the walk ends. */
static ISURV_INLINE int step(struct state *st, const size_t K, uint64_t key,
                             uint64_t w, int opens, uint64_t cmask1)
{
    size_t g;

    if (opens) {
        if (st->open)
            close_row(st, K);
        if (st->pos >= st->in->last)
            return 1;
        st->open = 1;
        st->rowpos = st->pos;
        for (g = 0; g < K; g++)
            st->rrow[g] = st->risk[g];
    }
    st->cnt[key & cmask1] += w;
    st->risk[(key & cmask1) >> 1] -= (double)w;
    st->pos += w;
    return 0;
}

/* The histogram: runs with counts, the clock's openings. */
static int walk_runs(struct state *st)
{
    const struct isurv_lr_walk *in = st->in;
    const int pb = in->src->ks->pb;
    const uint64_t cmask1 = ((uint64_t)1 << pb) - 1;
    struct isurv_runs it;
    struct isurv_clock clk;
    size_t m, i;

    if (isurv_runs_open_range(&it, in->src, in->lo, in->end) != ISURV_OK)
        return ISURV_ENOMEM;
    isurv_clock_init(&clk, in->src->ks, in->threshold);
    while ((m = isurv_runs_next(&it)) > 0)
        for (i = 0; i < m; i++) {
            uint64_t key = it.key[i];
            int opens = isurv_clock_tick(&clk, key >> pb);
            if (step(st, st->k, key, it.count ? it.count[i] : 1, opens, cmask1))
                goto done;
        }
    if (st->open)
        close_row(st, st->k);
done:
    isurv_runs_close(&it);
    return ISURV_OK;
}

/* Whether key i opens a row, the key before it having field pf, time
 * pt: isurv_clock_tick's test. */
static ISURV_INLINE uint64_t opens_after(const struct isurv_keyspec *ks,
                                         double thr, uint64_t key,
                                         uint64_t pkey)
{
    const uint64_t f = key >> ks->pb, pf = pkey >> ks->pb;
    return (uint64_t)((f != pf)
                      & isurv_gap_opens(isurv_key_time(ks, f),
                                        isurv_key_time(ks, pf), thr));
}

#ifdef HAVE_VEC
/* The middle of openings with a mask a compare: 4 keys a step (AVX2) or
 * 8 (AVX-512), from j, a multiple of 4 above 0, while j + step <= m.
 * Their bits are ORed into open; returns where they stopped.  The same
 * test as opens_after, lane by lane. */
#define OPEN_STEP(cmp_keys, cmp_gap, load, srl, sll, add, sub, cast)           \
    do {                                                                       \
        __typeof__(load(key + i + j)) cur_ = srl(load(key + i + j), pb),       \
                                      prv_ = srl(load(key + i + j - 1), pb);   \
        unsigned o_ = cmp_gap(cmp_keys(cur_, prv_),                            \
                              sub(cast(add(sll(cur_, sh), base)),              \
                                  cast(add(sll(prv_, sh), base))),             \
                              thr);                                            \
        word |= (uint64_t)o_ << (j & 63);                                      \
    } while (0)

#define LOAD4(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define LOAD8(p) _mm512_loadu_si512((const void *)(p))
#define NE4(a, b) _mm256_xor_si256(_mm256_cmpeq_epi64(a, b), _mm256_set1_epi64x(-1))
#define GAP4(ne, d, t)                                                         \
    (unsigned)_mm256_movemask_pd(_mm256_and_pd(                                \
        _mm256_castsi256_pd(ne), _mm256_cmp_pd(d, t, _CMP_NLE_UQ)))
#define NE8(a, b) _mm512_cmpneq_epi64_mask(a, b)
#define GAP8(ne, d, t) (unsigned)_mm512_mask_cmp_pd_mask(ne, d, t, _CMP_NLE_UQ)

/* Steps of STEP keys while they fit, each word's bits gathered in a
 * register and ORed in once. */
#define OPEN_LOOP(STEP, ...)                                                   \
    do {                                                                       \
        uint64_t word = 0;                                                     \
        for (; j + (STEP) <= m; j += (STEP)) {                                 \
            OPEN_STEP(__VA_ARGS__);                                            \
            if ((j & 63) == 64 - (STEP)) {                                     \
                open[j / 64] |= word;                                          \
                word = 0;                                                      \
            }                                                                  \
        }                                                                      \
        open[j / 64] |= word;                                                  \
    } while (0)

__attribute__((target("avx2"))) static size_t
openings_avx2(uint64_t *open, const struct isurv_lr_walk *in,
              const uint64_t *key, size_t i, size_t j, size_t m)
{
    const struct isurv_keyspec *ks = in->src->ks;
    const __m128i pb = _mm_cvtsi32_si128(ks->pb), sh = _mm_cvtsi32_si128(ks->shift);
    const __m256i base = _mm256_set1_epi64x((long long)ks->base);
    const __m256d thr = _mm256_set1_pd(in->threshold);

    OPEN_LOOP(4, NE4, GAP4, LOAD4, _mm256_srl_epi64, _mm256_sll_epi64,
              _mm256_add_epi64, _mm256_sub_pd, _mm256_castsi256_pd);
    return j;
}

__attribute__((target("avx512f,avx512vl,popcnt,bmi,bmi2"))) static size_t
openings_avx512(uint64_t *open, const struct isurv_lr_walk *in,
                const uint64_t *key, size_t i, size_t j, size_t m)
{
    const struct isurv_keyspec *ks = in->src->ks;
    const __m128i pb = _mm_cvtsi32_si128(ks->pb), sh = _mm_cvtsi32_si128(ks->shift);
    const __m512i base = _mm512_set1_epi64((long long)ks->base);
    const __m512d thr = _mm512_set1_pd(in->threshold);

    /* One step of four to a multiple of 8, so that no step straddles a
     * word. */
    if ((j & 7) != 0)
        j = openings_avx2(open, in, key, i, j, j + 4 <= m ? j + 4 : j);
    if ((j & 7) != 0)
        return j;
    OPEN_LOOP(8, NE8, GAP8, LOAD8, _mm512_srl_epi64, _mm512_sll_epi64,
              _mm512_add_epi64, _mm512_sub_pd, _mm512_castsi512_pd);
    return j;
}
#endif

/* Row openings of keys [i, i + m] (bit j of open[]: key i + j; the key
 * at the end opens, i.e. closes the last row), the first key opening
 * when fresh.  Four keys at a time where vectors are compiled in, with
 * the compare's mask where the copy's instructions have one (isa 1:
 * AVX2, 2: AVX-512). */
static ISURV_INLINE void openings(uint64_t *open, const struct isurv_lr_walk *in,
                                  const uint64_t *key, size_t i, size_t m,
                                  int fresh, const int isa)
{
    const struct isurv_keyspec *ks = in->src->ks;
    const double thr = in->threshold;
    size_t j = 0;

    memset(open, 0, (m / 64 + 1) * sizeof *open);
    for (; j <= m && (j == 0 || (j & 3) != 0); j++) {
        uint64_t o = fresh && j == 0 ? 1
                     : i + j == in->end ? 1
                                        : opens_after(ks, thr, key[i + j],
                                                      key[i + j - 1]);
        open[j / 64] |= o << (j & 63);
    }
#ifdef HAVE_VEC
    if (isa == 2)
        j = openings_avx512(open, in, key, i, j, m);
    else if (isa == 1)
        j = openings_avx2(open, in, key, i, j, m);
    {
        const v4u base = { ks->base, ks->base, ks->base, ks->base };
        const v4d vthr = { thr, thr, thr, thr };
        uint64_t word = 0; /* open[j / 64], kept out of memory */
        for (; j + 4 <= m; j += 4) {
            v4u cur, prv;
            v4d tc, tp;
            v4l o;
            memcpy(&cur, key + i + j, sizeof cur);
            memcpy(&prv, key + i + j - 1, sizeof prv);
            cur >>= ks->pb;
            prv >>= ks->pb;
            tc = (v4d)((cur << ks->shift) + base);
            tp = (v4d)((prv << ks->shift) + base);
            o = (cur != prv) & ~(tc - tp <= vthr);
            word |= (uint64_t)((o[0] & 1) | (o[1] & 2) | (o[2] & 4) | (o[3] & 8))
                    << (j & 63);
            if ((j & 63) == 60) {
                open[j / 64] |= word;
                word = 0;
            }
        }
        open[j / 64] |= word;
    }
#endif
    for (; j <= m; j++) {
        uint64_t o = i + j == in->end
                         ? 1
                         : opens_after(ks, thr, key[i + j], key[i + j - 1]);
        open[j / 64] |= o << (j & 63);
    }
}

static ISURV_INLINE int bit(const uint64_t *open, size_t j)
{
    return (int)(open[j / 64] >> (j & 63) & 1);
}

/* The openings of keys j .. j + 4: bit i for key j + i. */
static ISURV_INLINE unsigned five(const uint64_t *open, size_t j)
{
    uint64_t lo = open[j / 64] >> (j & 63);
    if ((j & 63) > 59)
        lo |= open[j / 64 + 1] << (64 - (j & 63));
    return (unsigned)(lo & 31);
}

#ifdef HAVE_VEC
/* The most sums the vector path keeps in registers: three groups. */
#define VEC_K 3
#define VEC_NS 12

/* A row that opened in a group of four and goes on past it: its P, and
 * per group its number at risk and its deaths so far.  It is the
 * scalar path's open row, held in registers. */
struct pend {
    int on;
    uint64_t pos;
    double n[VEC_K], d[VEC_K];
};

/* The pending row, now closed, into its lane: isurv_lr_lane_row's terms,
 * the same doubles (the same isurv_lr_q and isurv_lr_c, the same
 * products), added to that lane and +0 to the others, so that the sums
 * stay in registers. */
static ISURV_INLINE void close_pending(v4d *A, const size_t K,
                                       struct pend *pd, int wmode)
{
    const v4l lanes = { 0, 1, 2, 3 };
    const v4l sel = lanes == (int64_t)(pd->pos & 3);
    double n = 0.0, d = 0.0, w, q, c;
    size_t g, h;

#define ONE_LANE(x) ((v4d)((v4l)(v4d){ (x), (x), (x), (x) } & sel))
    for (g = 0; g < K; g++) {
        n += pd->n[g];
        d += pd->d[g];
    }
    pd->on = 0;
    if (!(d > 0.0))
        return;
    w = wmode == 0 ? 1.0 : n;
    q = isurv_lr_q(w, d, n);
    UNROLL for (g = 0; g < K; g++) {
        A[g] += ONE_LANE(w * pd->d[g]);
        A[K + g] += ONE_LANE(q * pd->n[g]);
    }
    if (n > 1.0) { /* one subject at risk: no variance */
        c = isurv_lr_c(w, d, n);
        UNROLL for (g = 0; g < K; g++) {
            A[2 * K + isurv_lr_tri(K, g, g)]
                += ONE_LANE(c * (pd->n[g] * (n - pd->n[g])));
            UNROLL for (h = g + 1; h < K; h++)
                A[2 * K + isurv_lr_tri(K, g, h)]
                    -= ONE_LANE(c * (pd->n[g] * pd->n[h]));
        }
    }
#undef ONE_LANE
}

/* The groups of four keys, lane l's in bits 2l and 2l + 1, index
 * risk_tab (at most VEC_K = 3 groups: two bits each).  An entry gives,
 * for each group g but the last, the lanes of g (oh: all ones or zero),
 * how many of them come before each lane (ex) and their number (tot).
 * A table look-up in place of a prefix sum over one-hot lanes per
 * group: a sixth of the one-thread walk at 1e7 continuous rows.  Whole
 * numbers, so the counts are exactly those of the sums. */
struct lane_tab {
    v4d ex[VEC_K - 1];
    v4l oh[VEC_K - 1];
    double tot[VEC_K - 1];
};

#define LT_D(c, l) (((c) >> (2 * (l))) & 3)
#define LT_EQ(c, l, g) (LT_D(c, l) == (g))
#define LT_EX(c, g)                                                            \
    { 0.0, (double)LT_EQ(c, 0, g), (double)(LT_EQ(c, 0, g) + LT_EQ(c, 1, g)), \
      (double)(LT_EQ(c, 0, g) + LT_EQ(c, 1, g) + LT_EQ(c, 2, g)) }
#define LT_OH(c, g)                                                            \
    { -(int64_t)LT_EQ(c, 0, g), -(int64_t)LT_EQ(c, 1, g),                     \
      -(int64_t)LT_EQ(c, 2, g), -(int64_t)LT_EQ(c, 3, g) }
#define LT_TOT(c, g)                                                           \
    (double)(LT_EQ(c, 0, g) + LT_EQ(c, 1, g) + LT_EQ(c, 2, g) + LT_EQ(c, 3, g))
#define LT(c)                                                                  \
    { { LT_EX(c, 0), LT_EX(c, 1) }, { LT_OH(c, 0), LT_OH(c, 1) },             \
      { LT_TOT(c, 0), LT_TOT(c, 1) } }
#define LT4(c) LT(c), LT((c) + 1), LT((c) + 2), LT((c) + 3)
#define LT16(c) LT4(c), LT4((c) + 4), LT4((c) + 8), LT4((c) + 12)
#define LT64(c) LT16(c), LT16((c) + 16), LT16((c) + 32), LT16((c) + 48)
static const struct lane_tab risk_tab[256] = { LT64(0), LT64(64), LT64(128),
                                               LT64(192) };

/* The four keys' deaths d (0 or 1 a lane): per group g, its number at
 * risk at each key, ng[g], and its deaths there, dg[g]; *n: all groups
 * at risk.  R[g] (g < K - 1) is group g's number at risk before the
 * four and R[K - 1] that of all groups; they move past the four.  The
 * last group's are what the others leave: whole numbers, so exact.
 * (Vectors go out through pointers: returned, they would change the
 * ABI of the copy compiled without AVX.) */
static ISURV_INLINE void lane_risk(v4d *n, v4d *ng, v4d *dg, v4d *R,
                                   const size_t K, const uint64_t *key,
                                   uint64_t cmask, v4d d)
{
    const v4d lanes = { 0.0, 1.0, 2.0, 3.0 }, four = { 4.0, 4.0, 4.0, 4.0 };
    const unsigned c = (unsigned)((key[0] >> 1 & cmask)
                                  | (key[1] >> 1 & cmask) << 2
                                  | (key[2] >> 1 & cmask) << 4
                                  | (key[3] >> 1 & cmask) << 6);
    const struct lane_tab *t = &risk_tab[c];
    size_t g;

    *n = R[K - 1] - lanes;
    ng[K - 1] = *n;
    dg[K - 1] = d;
    UNROLL for (g = 0; g + 1 < K; g++) {
        ng[g] = R[g] - t->ex[g];
        dg[g] = (v4d)((v4l)d & t->oh[g]);
        ng[K - 1] -= ng[g];
        dg[K - 1] -= dg[g];
        R[g] -= (v4d){ t->tot[g], t->tot[g], t->tot[g], t->tot[g] };
    }
    R[K - 1] -= four;
}

/* Each lane's row, with deaths dg and at risk ng per group, d and n in
 * all, and weight w, into A: isurv_lr_lane_row's terms, isurv_lr_q and
 * isurv_lr_c in lanes.  Lanes outside live (all ones, or the lanes that
 * hold a row) add +0. */
static ISURV_INLINE void add_rows(v4d *A, const size_t K, const v4d *ng,
                                  const v4d *dg, v4d n, v4d d, v4d w,
                                  v4l live)
{
    v4d q = w * d / n, c = w * w * d * (n - d) / (n * n * (n - 1.0));
    size_t g, h;

    c = (v4d)((v4l)c & (n > 1.0) & live); /* one at risk: no variance */
    q = (v4d)((v4l)q & live);
    w = (v4d)((v4l)w & live);
    UNROLL for (g = 0; g < K; g++) {
        A[g] += w * dg[g];
        A[K + g] += q * ng[g];
        A[2 * K + isurv_lr_tri(K, g, g)] += c * (ng[g] * (n - ng[g]));
        UNROLL for (h = g + 1; h < K; h++)
            A[2 * K + isurv_lr_tri(K, g, h)] -= c * (ng[g] * ng[h]);
    }
}

/* The four keys' event bits as 0 or 1. */
static ISURV_INLINE void lane_deaths(v4d *e, const uint64_t *key)
{
    const v4d one = { 1.0, 1.0, 1.0, 1.0 };
    v4u kv;

    memcpy(&kv, key, sizeof kv);
    *e = (v4d)((v4l)one & (v4l)((kv & 1) != 0));
}

/* The keys p .. p + 3 (p a multiple of 4, so key j is lane j), rows
 * opening at the lanes set in o (bit 4: a row opens after lane 3), some
 * of them rows of more than one key or a row pending: their terms into
 * the lanes A, the scalar path's arithmetic lane by lane, a row's at the
 * lane it opens in and +0 in the others; R is at risk before them, as
 * lane_risk keeps it.  Keys before the first opening belong to the pending row pd
 * (there is one); a row still open after lane 3 becomes the pending
 * row.  four_keys is the common case, every key a row. */
static ISURV_INLINE void four_rows(v4d *A, v4d *R, const size_t K,
                                   const uint64_t *key, uint64_t cmask,
                                   int wmode, unsigned o, struct pend *pd,
                                   uint64_t p)
{
    const v4d one = { 1.0, 1.0, 1.0, 1.0 }, zero = { 0, 0, 0, 0 };
    const v4l up1 = { 1, 2, 3, 4 }, up2 = { 2, 3, 4, 5 };
    const v4l lane = { 1, 2, 4, 8 };
    const unsigned opens = o & 15;
    /* lane j opens a row; lane j is the last of its row here */
    v4l start = ((v4l){ opens, opens, opens, opens } & lane) != 0;
    const v4l last1 = ((v4l){ o >> 1, o >> 1, o >> 1, o >> 1 } & lane) != 0;
    const v4l last2 = last1 | (v4l)__builtin_shuffle((v4d)last1, (v4d)start, up1);
    v4d e, d = zero, n, ng[VEC_K], dg[VEC_K];
    size_t g;

    lane_deaths(&e, key);
    lane_risk(&n, ng, dg, R, K, key, cmask, e);
    UNROLL for (g = 0; g < K; g++) {
        /* deaths of g from lane j to the end of its row or of the four:
         * a segmented suffix sum, whole numbers, so exact */
        dg[g] += (v4d)((v4l)__builtin_shuffle(dg[g], zero, up1) & ~last1);
        dg[g] += (v4d)((v4l)__builtin_shuffle(dg[g], zero, up2) & ~last2);
    }
    /* the keys before the first opening end the pending row */
    if (!(opens & 1))
        UNROLL for (g = 0; g < K; g++)
            pd->d[g] += dg[g][0];
    if (opens == 0)
        return; /* the pending row goes on */
    if (pd->on)
        close_pending(A, K, pd, wmode);
    if (!(o & 16)) {
        /* the last row goes on: pending, and out of these lanes */
        const int l = opens >= 8 ? 3 : opens >= 4 ? 2 : opens >= 2 ? 1 : 0;
        pd->on = 1;
        pd->pos = p + (uint64_t)l;
        UNROLL for (g = 0; g < K; g++) {
            pd->n[g] = ng[g][l];
            pd->d[g] = dg[g][l];
        }
        start &= ~((lane & (1 << l)) != 0);
    }
    UNROLL for (g = 0; g < K; g++) {
        dg[g] = (v4d)((v4l)dg[g] & start);
        d += dg[g];
    }
    add_rows(A, K, ng, dg, n, d, wmode == 0 ? one : n, start);
}

/* four_rows when each of the four keys is a row of its own and no row
 * is pending, with the weight's kind W a constant (a weight of 1 then
 * multiplies nothing): no segments, the same doubles. */
static ISURV_INLINE void four_keys(v4d *A, v4d *R, const size_t K,
                                   const uint64_t *key, uint64_t cmask,
                                   const int W)
{
    const v4d one = { 1.0, 1.0, 1.0, 1.0 };
    const v4l all = { -1, -1, -1, -1 };
    v4d d, n, ng[VEC_K], dg[VEC_K];

    lane_deaths(&d, key);
    lane_risk(&n, ng, dg, R, K, key, cmask, d);
    add_rows(A, K, ng, dg, n, d, W == 0 ? one : n, all);
}
#endif

/* The sorted keys. */
static ISURV_INLINE int walk_keys_body(struct state *st, const size_t K,
                                       const int vec, const int isa)
{
    const struct isurv_lr_walk *in = st->in;
    const uint64_t *key = in->src->key;
    const int pb = in->src->ks->pb;
    const uint64_t cmask1 = ((uint64_t)1 << pb) - 1;
    const uint64_t vlast = in->last < in->end ? in->last : in->end;
    uint64_t open[CHUNK / 64 + 1];
    size_t i = in->lo, j, m;

    while (i < in->end) {
        m = in->end - i < CHUNK ? in->end - i : CHUNK;
        openings(open, in, key, i, m, i == in->lo, isa);
        for (j = 0; j < m;) {
            const size_t p = i + j;
#ifdef HAVE_VEC
            /* A group of four, all of whose rows this part adds: from
             * a row opening, or from within the open row when that row
             * is this part's and in this block. */
            if (vec && (p & 3) == 0 && j + 4 <= m && p + 4 <= vlast
                && p >= in->first
                && (bit(open, j)
                    || (st->open && st->rowpos >= in->first
                        && st->rowpos / ISURV_LR_BLOCK == p / ISURV_LR_BLOCK))) {
                const size_t ns = 2 * K + K * (K + 1) / 2;
                const uint64_t cmask = cmask1 >> 1;
                /* R is set below; initialised for GCC, which cannot
                 * tell and warns */
                v4d A[VEC_NS], R[VEC_K] = { { 0 } };
                struct pend pd;
                size_t q, blk = p / ISURV_LR_BLOCK;
                memset(&pd, 0, sizeof pd);
                if (st->open && !bit(open, j)) {
                    /* the open row goes on: it becomes the pending one */
                    pd.on = 1;
                    pd.pos = st->rowpos;
                    UNROLL for (q = 0; q < K; q++) {
                        pd.n[q] = st->rrow[q];
                        pd.d[q] = (double)st->cnt[2 * q + 1];
                    }
                    memset(st->cnt, 0, 2 * K * sizeof *st->cnt);
                } else if (st->open) {
                    close_row(st, K);
                }
                st->open = 0;
                if (blk != st->block) {
                    fold(st);
                    st->block = blk;
                }
                UNROLL for (q = 0; q < ns; q++)
                    memcpy(&A[q], st->acc + 4 * q, sizeof A[q]);
                {
                    double all = 0.0; /* whole numbers: exact */
                    UNROLL for (q = 0; q < K; q++)
                        all += st->risk[q];
                    UNROLL for (q = 0; q + 1 < K; q++)
                        R[q] = (v4d){ st->risk[q], st->risk[q], st->risk[q],
                                      st->risk[q] };
                    R[K - 1] = (v4d){ all, all, all, all };
                }
                /* Groups of four keys in a row, within the block, with
                 * the sums in registers. */
                do {
                    const unsigned o = five(open, j);
                    if ((o & 31) != 31 || pd.on)
                        four_rows(A, R, K, key + i + j, cmask, st->wmode, o,
                                  &pd, i + j);
                    else if (st->wmode == 0)
                        four_keys(A, R, K, key + i + j, cmask, 0);
                    else
                        four_keys(A, R, K, key + i + j, cmask, 1);
                    j += 4;
                } while (j + 4 <= m && i + j + 4 <= vlast
                         && (i + j) / ISURV_LR_BLOCK == blk);
                UNROLL for (q = 0; q < ns; q++)
                    memcpy(st->acc + 4 * q, &A[q], sizeof A[q]);
                st->risk[K - 1] = R[K - 1][0];
                UNROLL for (q = 0; q + 1 < K; q++) {
                    st->risk[q] = R[q][0];
                    st->risk[K - 1] -= R[q][0];
                }
                st->pos = i + j;
                st->dirty = 1;
                if (pd.on) {
                    /* back to the scalar path's open row */
                    st->open = 1;
                    st->rowpos = pd.pos;
                    UNROLL for (q = 0; q < K; q++) {
                        st->rrow[q] = pd.n[q];
                        st->cnt[2 * q + 1] = (uint64_t)pd.d[q];
                    }
                }
                continue;
            }
#endif
            if (step(st, K, key[p], 1, bit(open, j), cmask1))
                return ISURV_OK;
            j++;
        }
        i += m;
    }
    if (st->open)
        close_row(st, K);
    return ISURV_OK;
}

static int walk_keys_any(struct state *st)
{
    return walk_keys_body(st, st->k, 0, 0);
}

#ifdef HAVE_VEC
#define WALK_KEYS(K)                                                           \
    __attribute__((target("avx2"))) static int walk_keys_avx2_##K(            \
        struct state *st)                                                      \
    {                                                                          \
        return walk_keys_body(st, K, 1, 1);                                    \
    }                                                                          \
    __attribute__((target("avx512f,avx512vl,popcnt,bmi,bmi2"))) static int    \
        walk_keys_avx512_##K(struct state *st)                                 \
    {                                                                          \
        return walk_keys_body(st, K, 1, 2);                                    \
    }                                                                          \
    static int walk_keys_sse_##K(struct state *st)                             \
    {                                                                          \
        return walk_keys_body(st, K, 1, 0);                                    \
    }
WALK_KEYS(2)
WALK_KEYS(3)

#endif

int isurv_lr_walk(const struct isurv_lr_walk *in)
{
    struct state st;
    const size_t k = in->k;
    void *mem;
    int rc;

    memset(&st, 0, sizeof st);
    st.in = in;
    st.k = k;
    st.nsums = isurv_lr_nsums(k);
    st.uses_s = isurv_lr_weight_uses_s(in->o);
    st.wmode = in->o->weight_type == ISURV_WEIGHT_LOGRANK
                       || (in->o->weight_type == ISURV_WEIGHT_GRHO
                           && in->o->weight_p == 0.0)
                   ? 0
               : in->o->weight_type == ISURV_WEIGHT_GEHAN ? 1
                                                           : 2;
    st.km = 1.0;
    st.block = (size_t)(in->first / ISURV_LR_BLOCK);
    st.pos = in->before;
    mem = isurv_alloc(4 * st.nsums + 2 * k, sizeof(double));
    st.cnt = isurv_zalloc(2 * k, sizeof *st.cnt);
    if (!mem || !st.cnt) {
        isurv_dealloc(mem);
        isurv_dealloc(st.cnt);
        return ISURV_ENOMEM;
    }
    st.acc = mem;
    st.rrow = st.acc + 4 * st.nsums;
    st.risk = st.rrow + k;
    memset(st.acc, 0, 4 * st.nsums * sizeof *st.acc);
    memcpy(st.risk, in->risk, k * sizeof *st.risk);
    if (!in->src->key)
        rc = walk_runs(&st);
#ifdef HAVE_VEC
    else if (!st.uses_s && st.wmode < 2 && (k == 2 || k == 3))
        rc = isurv_have_avx512()
                 ? (k == 2 ? walk_keys_avx512_2(&st) : walk_keys_avx512_3(&st))
             : isurv_have_avx2()
                 ? (k == 2 ? walk_keys_avx2_2(&st) : walk_keys_avx2_3(&st))
                 : (k == 2 ? walk_keys_sse_2(&st) : walk_keys_sse_3(&st));
#endif
    else
        rc = walk_keys_any(&st);
    if (rc == ISURV_OK)
        fold(&st);
    isurv_dealloc(mem);
    isurv_dealloc(st.cnt);
    return rc;
}
