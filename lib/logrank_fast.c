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
 * blocks that begin among its subjects, reading on into the next part to
 * finish the last one (lib/logrank_walk.h).  The block sums are then
 * added up in block order: the doubles of isurv_lr_accumulate
 * (lib/logrank_pass.c), whatever the number of threads.  A weight that reads the pooled
 * Kaplan-Meier estimate needs every row before it, so those tests take
 * the second pass on one thread.
 */
#include <string.h>

#include "alloc.h"
#include "fastcount.h"
#include "logrank.h"
#include "logrank_lanes.h"
#include "logrank_walk.h"
#include "threads.h"

struct part {
    uint64_t before;      /* subjects in earlier parts */
    uint64_t first, last; /* it adds the rows whose subjects before them
                           * number in [first, last) */
    int rc;
};

/* Parts per thread: rows differ in cost (timefix merges, dense among
 * the early times, take the walk's slower lanes), so threads take parts
 * as they become free rather than one fixed half each. */
#define PARTS_PER_THREAD 4
#define MAX_PARTS (PARTS_PER_THREAD * ISURV_MAX_THREADS)

struct job {
    const struct isurv_fast *f;
    const struct isurv_opts *o;
    size_t k, nsums, total, nblocks;
    int nparts, uses_s;
    size_t start[MAX_PARTS + 1];
    struct part part[MAX_PARTS];
    uint64_t *tot;        /* nparts * k: subjects per part and group */
    double *blocks;       /* nsums per block */
    unsigned char *filled; /* per block: whether it has a row with a death */
};

/* Pass 1: a part's subjects per group.  Keys four at a time into four
 * tables, so that neighbouring keys of one group do not wait on each
 * other's increment. */
static void count_part(void *ctx, int t)
{
    struct job *j = ctx;
    const struct isurv_fast *f = j->f;
    const uint64_t cmask = ((uint64_t)1 << (f->ks.pb - 1)) - 1;
    uint64_t tot[4][ISURV_LR_FAST_GROUPS];
    size_t i, g, lo = j->start[t], hi = j->start[t + 1];

    /* Counted apart and then stored: parts' totals share cache lines. */
    memset(tot, 0, sizeof tot);
    if (f->src.key) {
        const uint64_t *key = f->src.key;
        for (i = lo; i + 4 <= hi; i += 4) {
            tot[0][(key[i] >> 1) & cmask]++;
            tot[1][(key[i + 1] >> 1) & cmask]++;
            tot[2][(key[i + 2] >> 1) & cmask]++;
            tot[3][(key[i + 3] >> 1) & cmask]++;
        }
        for (; i < hi; i++)
            tot[0][(key[i] >> 1) & cmask]++;
    } else {
        const uint32_t *h = f->src.hist;
        for (i = lo; i < hi; i++)
            tot[0][(i >> 1) & cmask] += h[i];
    }
    for (g = 0; g < j->k; g++)
        j->tot[(size_t)t * j->k + g] = tot[0][g] + tot[1][g] + tot[2][g] + tot[3][g];
}

/* Pass 2 in part t: the rows of its blocks (lib/logrank_walk.h). */
static void sum_part(void *ctx, int t)
{
    struct job *j = ctx;
    struct part *p = &j->part[t];
    struct isurv_lr_walk w;
    double risk[ISURV_LR_FAST_GROUPS];
    size_t g, q;

    if (p->first >= p->last)
        return;
    /* At risk at the part's start: those not gone in earlier parts. */
    for (g = 0; g < j->k; g++) {
        uint64_t gone = 0;
        for (q = 0; q < (size_t)t; q++)
            gone += j->tot[q * j->k + g];
        risk[g] = (double)(j->f->cells.count[g] - gone);
    }
    w.src = &j->f->src;
    w.threshold = j->f->threshold;
    w.o = j->o;
    w.k = j->k;
    w.lo = j->start[t];
    w.end = j->total;
    w.before = p->before;
    w.first = p->first;
    w.last = p->last;
    w.risk = risk;
    w.blocks = j->blocks;
    w.filled = j->filled;
    p->rc = isurv_lr_walk(&w);
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
    size_t blk;
    int t, rc = ISURV_OK;

    memset(&j, 0, sizeof j);
    j.f = f;
    j.o = o;
    j.k = f->cells.labels.count;
    j.nsums = isurv_lr_nsums(j.k);
    j.total = isurv_tally_positions(&f->src);
    j.nparts = f->nthreads > 1 ? PARTS_PER_THREAD * f->nthreads : 1;
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
    isurv_parallel_pieces(f->nthreads, j.nparts, count_part, &j);
    {
        /* The pooled estimate in the weight needs every row before it. */
        int np = j.uses_s ? 1 : j.nparts;
        assign_blocks(&j, np, n);
        isurv_parallel_pieces(f->nthreads, np, sum_part, &j);
        for (t = 0; t < np; t++)
            rc = rc != ISURV_OK ? rc : j.part[t].rc;
    }
    for (blk = 0; rc == ISURV_OK && blk < j.nblocks; blk++)
        if (j.filled[blk])
            isurv_lr_sums_add(fit->obs_s, fit->exp_s, fit->var,
                              j.blocks + blk * j.nsums, j.k);
done:
    isurv_dealloc(j.tot);
    isurv_dealloc(j.blocks);
    isurv_dealloc(j.filled);
    return rc;
}

/* A status that ranks below bad events: ISURV_EEVENT instead if there
 * is one. */
static int data_first(int rc, const int *event, size_t n)
{
    return rc == ISURV_OK ? rc : isurv_fast_check_events(event, n) != ISURV_OK
                                     ? ISURV_EEVENT : rc;
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
    /* The general path's order of checks: data, option, groups.  The
     * events are checked by the sort, which reads them anyway, so the
     * statuses that would come first go through data_first. */
    rc = isurv_fast_check(&f, time, event, group, n,
                          isurv_threads_for(o->threads, n), 0);
    if (rc == ISURV_OK)
        rc = data_first(isurv_lr_check_weights(o), event, n);
    if (rc == ISURV_OK)
        rc = isurv_fast_cells(&f, group, n);
    if (rc != ISURV_OK)
        goto done;
    k = f.cells.labels.count;
    if (k < 2) {
        rc = data_first(ISURV_EGROUPS, event, n);
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
