/*
 * The log-rank family on unweighted data without strata or entry times:
 * the keys of lib/fastcount.h read in place, with no count table.  At
 * each time the numbers at risk are the group sizes less those gone
 * before, so the rows come in time order as the keys do.
 *
 * The keys are split into parts that begin at row openings
 * (isurv_tally_split), one per thread.  A first pass counts each part's
 * subjects per group, so that every part knows its numbers at risk at
 * its start and how many subjects leave before it.  The second pass adds
 * the sums in the order of lib/logrank_lanes.h: each part takes the
 * blocks that begin among its subjects (reading on into the next part to
 * finish the last one), gathers their rows with a death in batches,
 * divides a batch as vector loops (lib/vecdiv.h) and adds it four rows
 * to a vector.  The block sums are then added up in
 * block order: the doubles of isurv_lr_accumulate (lib/logrank_pass.c),
 * whatever the number of threads.  A weight that reads the pooled
 * Kaplan-Meier estimate needs every row before it, so those tests take
 * the second pass on one thread.
 */
#include <string.h>

#include "alloc.h"
#include "fastcount.h"
#include "logrank.h"
#include "logrank_lanes.h"
#include "threads.h"
#include "vecdiv.h"

/* Rows of a batch: divides ISURV_LR_BLOCK, a multiple of the lanes. */
#define BATCH 512

struct part {
    uint64_t before;      /* subjects in earlier parts */
    uint64_t first, last; /* it adds the rows whose subjects before them
                           * number in [first, last) */
    int rc;
};

struct job {
    const struct isurv_fast *f;
    const struct isurv_opts *o;
    size_t k, nsums, total, nblocks;
    int nparts, uses_s;
    size_t start[ISURV_MAX_THREADS + 1];
    struct part part[ISURV_MAX_THREADS];
    uint64_t *tot;        /* nparts * k: subjects per part and group */
    double *blocks;       /* nsums per block */
    unsigned char *filled; /* per block: whether it has a row with a death */
};

/* Pass 1: a part's subjects per group. */
static void count_part(void *ctx, int t)
{
    struct job *j = ctx;
    const struct isurv_fast *f = j->f;
    const uint64_t cmask = ((uint64_t)1 << (f->ks.pb - 1)) - 1;
    uint64_t tot[ISURV_LR_FAST_GROUPS] = { 0 };
    size_t i;

    /* Counted apart and then stored: parts' totals share cache lines. */
    if (f->src.key) {
        const uint64_t *key = f->src.key;
        for (i = j->start[t]; i < j->start[t + 1]; i++)
            tot[(key[i] >> 1) & cmask]++;
    } else {
        const uint32_t *h = f->src.hist;
        for (i = j->start[t]; i < j->start[t + 1]; i++)
            tot[(i >> 1) & cmask] += h[i];
    }
    memcpy(j->tot + (size_t)t * j->k, tot, j->k * sizeof *tot);
}

/* Pass 2's state in one part. */
struct walk {
    struct job *j;
    struct part *p;
    struct isurv_lr_rows b;
    double *d, *a2, *nd, *den; /* per row: deaths, w^2 d, n - d, n^2 (n - 1) */
    double *acc, *sum;
    double *risk;
    double km;
    size_t block;        /* the open block, */
    size_t block_rows;   /* and its rows with a death so far */
    void *mem;
};

static int open_walk(struct walk *wk, struct job *j, int t)
{
    const size_t k = j->k, cap = BATCH;
    double *x;
    size_t g, q;

    memset(wk, 0, sizeof *wk);
    wk->j = j;
    wk->p = &j->part[t];
    x = isurv_alloc((8 + 2 * k) * cap + 5 * j->nsums + k, sizeof *x);
    if (!x)
        return ISURV_ENOMEM;
    wk->mem = x;
    wk->b.cap = cap;
    wk->b.n = x;
    wk->b.w = x + cap;
    wk->b.q = x + 2 * cap;
    wk->b.c = x + 3 * cap;
    wk->d = x + 4 * cap;
    wk->a2 = x + 5 * cap;
    wk->nd = x + 6 * cap;
    wk->den = x + 7 * cap;
    wk->b.nr = x + 8 * cap;
    wk->b.dr = wk->b.nr + k * cap;
    wk->acc = wk->b.dr + k * cap;
    wk->sum = wk->acc + 4 * j->nsums;
    wk->risk = wk->sum + j->nsums;
    memset(wk->acc, 0, 4 * j->nsums * sizeof *wk->acc);
    /* At risk at the part's start: those not gone in earlier parts. */
    for (g = 0; g < k; g++) {
        uint64_t gone = 0;
        for (q = 0; q < (size_t)t; q++)
            gone += j->tot[q * k + g];
        wk->risk[g] = (double)(j->f->cells.count[g] - gone);
    }
    wk->km = 1.0;
    return ISURV_OK;
}

/* The batch's factors (lib/logrank.h's q and c, as vector loops), then
 * its terms into the lanes. */
static void drain(struct walk *wk)
{
    struct job *j = wk->j;
    struct isurv_lr_rows *b = &wk->b;
    const size_t m = b->m, cap = b->cap, k = j->k;
    size_t r, g;

    if (m == 0)
        return;
    if (!j->uses_s)
        for (r = 0; r < m; r++)
            b->w[r] = j->o->weight_type == ISURV_WEIGHT_LOGRANK
                          ? 1.0
                          : isurv_lr_weight(j->o, 1.0, b->n[r]);
    for (r = 0; r < m; r++) {
        double n = b->n[r], w = b->w[r];
        wk->a2[r] = w * w * wk->d[r];
        wk->nd[r] = n - wk->d[r];
        wk->den[r] = n * n * (n - 1.0);
    }
    isurv_mul2_div(b->q, b->w, wk->d, b->n, m);
    isurv_mul2_div(b->c, wk->a2, wk->nd, wk->den, m);
    for (r = 0; r < m; r++)
        if (!(b->n[r] > 1.0))
            b->c[r] = 0.0; /* one subject at risk: no variance */
    /* Pad to whole vectors with rows that add +0 everywhere. */
    for (r = m; r % ISURV_LR_LANES; r++) {
        b->n[r] = 1.0;
        b->w[r] = b->q[r] = b->c[r] = 0.0;
        for (g = 0; g < k; g++)
            b->nr[g * cap + r] = b->dr[g * cap + r] = 0.0;
    }
    b->m = r;
    isurv_lr_lanes_add(wk->acc, b, k);
    wk->block_rows += m;
    b->m = 0;
}

/* Ends the open block: its sums go to j->blocks. */
static void end_block(struct walk *wk)
{
    struct job *j = wk->j;

    drain(wk);
    if (wk->block_rows) {
        isurv_lr_lanes_fold(j->blocks + wk->block * j->nsums, wk->acc,
                            j->nsums);
        j->filled[wk->block] = 1;
    }
    wk->block_rows = 0;
}

#if defined(__GNUC__) && !defined(__clang__)
#define UNROLL _Pragma("GCC unroll 4")
#else
#define UNROLL
#endif

#if defined(__GNUC__)
#define ISURV_INLINE __attribute__((always_inline)) inline
#else
#define ISURV_INLINE inline
#endif

/* close_row's "the walk ends". */
#define STOP ((size_t)-1)

/* Where a walk is between batches of runs. */
struct wstate {
    uint64_t pos;        /* subjects before the next key (from the first
                          * part's first) */
    uint64_t rowpos;     /* subjects before the open row */
    uint64_t field;      /* the last key's time field */
    double prev;         /* and its time */
    int open;
    size_t r;            /* rows in the batch */
    uint64_t cnt[2 * ISURV_LR_FAST_GROUPS]; /* the open row's censored
                          * (2g) and deaths (2g + 1) */
    uint64_t risk[ISURV_LR_FAST_GROUPS];    /* at risk at the open row */
};

/* Closes the open row, or returns STOP at a row the next part takes.
 * Every row goes to the batch (lib/logrank_lanes.h: a row without a
 * death adds +0), so that where it goes does not hang on its counts.
 * Counts are integers until they are written, so that the numbers at
 * risk follow from row to row without a chain of floating-point
 * operations. */
static ISURV_INLINE size_t close_row(struct walk *wk, struct wstate *st,
                                     size_t K, uint64_t *cnt, uint64_t *risk,
                                     size_t r)
{
    double *nr = wk->b.nr, *dr = wk->b.dr;
    uint64_t n = 0, dd = 0;
    size_t g;

    if (st->rowpos >= wk->p->last)
        return STOP;
    if (st->rowpos / ISURV_LR_BLOCK != wk->block) {
        wk->b.m = r;
        end_block(wk);
        wk->block = st->rowpos / ISURV_LR_BLOCK;
        r = 0;
    }
    UNROLL for (g = 0; g < K; g++) {
        nr[g * BATCH + r] = (double)(int64_t)risk[g];
        dr[g * BATCH + r] = (double)(int64_t)cnt[2 * g + 1];
        n += risk[g];
        dd += cnt[2 * g + 1];
        risk[g] -= cnt[2 * g] + cnt[2 * g + 1];
        cnt[2 * g] = cnt[2 * g + 1] = 0;
    }
    wk->b.n[r] = (double)(int64_t)n;
    wk->d[r] = (double)(int64_t)dd;
    if (wk->j->uses_s) {
        double nn = wk->b.n[r], d = wk->d[r];
        wk->b.w[r] = 0.0; /* any finite weight: the row adds +0 */
        if (dd) {
            wk->b.w[r] = isurv_lr_weight(wk->j->o, wk->km, nn);
            wk->km = wk->km * (nn - d) / nn;
        }
    }
    /* Rows before the part's first block are the previous part's. */
    r += st->rowpos >= wk->p->first;
    if (r == BATCH) {
        wk->b.m = r;
        drain(wk);
        r = 0;
    }
    return r;
}

/* One batch of runs (count NULL: each key once) through the clock
 * (isurv_clock_tick, with the state in locals); returns 1 when the walk
 * has ended.  K is a constant where this is inlined, so the loops over
 * the groups unroll. */
static ISURV_INLINE int walk_runs(struct walk *wk, struct wstate *st, size_t K,
                            const uint64_t *key, const uint32_t *count,
                            size_t m)
{
    const struct isurv_keyspec *ks = &wk->j->f->ks;
    const double threshold = wk->j->f->threshold;
    const uint64_t cmask1 = ((uint64_t)1 << ks->pb) - 1;
    const int pb = ks->pb;
    uint64_t cnt[2 * ISURV_LR_FAST_GROUPS], risk[ISURV_LR_FAST_GROUPS];
    uint64_t pos = st->pos, field = st->field;
    double prev = st->prev;
    size_t i, g, r = st->r;
    int open = st->open, stop = 0;

    UNROLL for (g = 0; g < K; g++) {
        cnt[2 * g] = st->cnt[2 * g];
        cnt[2 * g + 1] = st->cnt[2 * g + 1];
        risk[g] = st->risk[g];
    }
    for (i = 0; i < m; i++) {
        const uint64_t k = key[i], f = k >> pb, w = count ? count[i] : 1;
        const uint64_t slot = k & cmask1;
        if (!open || f != field) {
            double t = isurv_key_time(ks, f);
            if (!open || !(t - prev <= threshold)) {
                if (open) {
                    size_t r2 = close_row(wk, st, K, cnt, risk, r);
                    if (r2 == STOP) {
                        stop = 1;
                        break;
                    }
                    r = r2;
                }
                st->rowpos = pos;
                open = 1;
            }
            prev = t;
            field = f;
        }
        pos += w;
        cnt[slot] += w;
    }
    UNROLL for (g = 0; g < K; g++) {
        st->cnt[2 * g] = cnt[2 * g];
        st->cnt[2 * g + 1] = cnt[2 * g + 1];
        st->risk[g] = risk[g];
    }
    st->pos = pos;
    st->field = field;
    st->prev = prev;
    st->open = open;
    st->r = r;
    return stop;
}

#define WALK_K(K)                                                              \
    static int walk_##K(struct walk *wk, struct wstate *st,                    \
                        const uint64_t *key, const uint32_t *count, size_t m)  \
    {                                                                          \
        return count ? walk_runs(wk, st, K, key, count, m)                     \
                     : walk_runs(wk, st, K, key, NULL, m);                     \
    }
WALK_K(2)
WALK_K(3)

static int walk_any(struct walk *wk, struct wstate *st, const uint64_t *key,
                    const uint32_t *count, size_t m)
{
    return walk_runs(wk, st, wk->j->k, key, count, m);
}

/* Pass 2 in part t. */
static void sum_part(void *ctx, int t)
{
    struct job *j = ctx;
    struct part *p = &j->part[t];
    const struct isurv_fast *f = j->f;
    int (*walk)(struct walk *, struct wstate *, const uint64_t *,
                const uint32_t *, size_t)
        = j->k == 2 ? walk_2 : j->k == 3 ? walk_3 : walk_any;
    struct walk w0, *wk = &w0;
    struct wstate *st;
    struct isurv_runs it;
    size_t m, g;
    int stop = 0;

    if (p->first >= p->last)
        return;
    memset(wk, 0, sizeof *wk);
    st = isurv_zalloc(1, sizeof *st);
    if (!st || open_walk(wk, j, t) != ISURV_OK
        || isurv_runs_open_range(&it, &f->src, j->start[t], j->total)
               != ISURV_OK) {
        isurv_dealloc(st);
        isurv_dealloc(wk->mem);
        p->rc = ISURV_ENOMEM;
        return;
    }
    wk->block = (size_t)(p->first / ISURV_LR_BLOCK);
    st->pos = st->rowpos = p->before;
    for (g = 0; g < j->k; g++)
        st->risk[g] = (uint64_t)wk->risk[g];
    while (!stop && (m = isurv_runs_next(&it)) > 0)
        stop = walk(wk, st, it.key, it.count, m);
    if (!stop && st->open) {
        size_t r = close_row(wk, st, j->k, st->cnt, st->risk, st->r);
        st->r = r == STOP ? st->r : r;
    }
    wk->b.m = st->r;
    end_block(wk);
    isurv_runs_close(&it);
    isurv_dealloc(wk->mem);
    isurv_dealloc(st);
}

/* Which rows each part adds: those of the blocks that begin among its
 * subjects. */
static void assign_blocks(struct job *j, int nparts, uint64_t nsubjects)
{
    uint64_t before = 0;
    size_t g;
    int t;

    for (t = 0; t < j->nparts; t++) {
        j->part[t].before = before;
        for (g = 0; g < j->k; g++)
            before += j->tot[(size_t)t * j->k + g];
    }
    for (t = 0; t < nparts; t++) {
        uint64_t b = j->part[t].before;
        j->part[t].first = t == 0 ? 0
                                  : (b + ISURV_LR_BLOCK - 1) / ISURV_LR_BLOCK
                                        * ISURV_LR_BLOCK;
    }
    for (t = 0; t < nparts; t++)
        j->part[t].last = t + 1 < nparts ? j->part[t + 1].first : nsubjects;
}

static int run(struct isurv_logrank *fit, struct isurv_fast *f,
               const struct isurv_opts *o, size_t n)
{
    struct job j;
    size_t blk, g, h;
    int t, rc = ISURV_OK;

    memset(&j, 0, sizeof j);
    j.f = f;
    j.o = o;
    j.k = f->cells.labels.count;
    j.nsums = isurv_lr_nsums(j.k);
    j.total = isurv_tally_positions(&f->src);
    j.nparts = f->nthreads;
    j.uses_s = isurv_lr_weight_uses_s(o);
    j.nblocks = (n + ISURV_LR_BLOCK - 1) / ISURV_LR_BLOCK;
    isurv_tally_split(j.start, &f->src, f->threshold, j.nparts);
    j.tot = isurv_zalloc((size_t)j.nparts * j.k, sizeof *j.tot);
    j.blocks = isurv_alloc(j.nblocks * j.nsums, sizeof *j.blocks);
    j.filled = isurv_zalloc(j.nblocks, 1);
    if (!j.tot || !j.blocks || !j.filled) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    isurv_parallel(j.nparts, count_part, &j);
    {
        /* The pooled estimate in the weight needs every row before it. */
        int np = j.uses_s ? 1 : j.nparts;
        assign_blocks(&j, np, n);
        isurv_parallel(np, sum_part, &j);
        for (t = 0; t < np; t++)
            rc = rc != ISURV_OK ? rc : j.part[t].rc;
    }
    for (blk = 0; rc == ISURV_OK && blk < j.nblocks; blk++) {
        const double *s = j.blocks + blk * j.nsums;
        if (!j.filled[blk])
            continue;
        for (g = 0; g < j.k; g++) {
            fit->obs_s[g] += s[g];
            fit->exp_s[g] += s[j.k + g];
            for (h = g; h < j.k; h++) {
                double x = s[2 * j.k + isurv_lr_tri(j.k, g, h)];
                fit->var[g * j.k + h] += x;
                if (h != g)
                    fit->var[h * j.k + g] += x;
            }
        }
    }
done:
    isurv_dealloc(j.tot);
    isurv_dealloc(j.blocks);
    isurv_dealloc(j.filled);
    return rc;
}

int isurv_lr_fast(struct isurv_logrank *fit, const double *time,
                  const int *event, const int *group, size_t n,
                  const struct isurv_opts *o)
{
    struct isurv_fast f;
    size_t k;
    int rc;

    if (!group)
        return ISURV_ENULL;
    /* The general path's order of checks: data, option, groups. */
    rc = isurv_fast_check(&f, time, event, group, n,
                          isurv_threads_for(o->threads, n));
    if (rc == ISURV_OK)
        rc = isurv_lr_check_weights(o);
    if (rc == ISURV_OK)
        rc = isurv_fast_cells(&f, group, n);
    if (rc != ISURV_OK)
        goto done;
    k = f.cells.labels.count;
    if (k < 2) {
        rc = ISURV_EGROUPS;
        goto done;
    }
    if (k > ISURV_LR_FAST_GROUPS) {
        rc = ISURV_FAST_UNFIT;
        goto done;
    }
    if ((rc = isurv_fast_keys(&f, time, event, group, n, o->timefix)) != ISURV_OK)
        goto done;
    if ((rc = isurv_lr_alloc_fit(fit, k, 1)) != ISURV_OK)
        goto done;
    memcpy(fit->label, f.cells.labels.value, k * sizeof *fit->label);
    fit->stratum_label[0] = 0;
    if ((rc = run(fit, &f, o, n)) != ISURV_OK)
        goto done;
    rc = isurv_lr_finish(fit, f.cells.count);
done:
    isurv_fast_clear(&f);
    return rc;
}
