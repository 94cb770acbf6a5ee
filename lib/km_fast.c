/* The Kaplan-Meier fit of unweighted data without entry times: keys
 * sorted or counted (lib/fastcount.h); sorted keys are split into parts
 * that begin where the clock opens a row (isurv_tally_split), one per
 * thread; then
 *  1. pass 1 (groups, several parts): each curve's rows in each part but
 *     the last, so that pass 2 can write every curve's rows straight into
 *     place; all threads share it, over pieces of those parts;
 *  2. pass 2: the time and code of every row of every curve, and the
 *     rows whose counts do not fit a code byte (lib/km_pass.h);
 *  3. per curve, the running product and sum and their checkpoints
 *     (lib/km_chain.c).
 * The first part is the smallest: its thread goes on with step 3 over
 * the rows of that part while the others are still in step 2, and the
 * threads share the rest of step 3, a curve each.  The results do not
 * depend on the parts: each row is found by the same clock and gets the
 * same counts, and each curve's arithmetic runs in row order.
 *
 * No curve's times go into fresh memory when it can be helped: writing
 * pages the process has never touched costs their faults, and those
 * cost the most when the machine is busy.  Several curves written by the
 * vector pass (lib/km_few.h) chunk their times over the sorted keys
 * (lib/km.h): each block of keys' rows, staged in cache, goes over the
 * block once all its keys are read; their codes share one block of
 * huge pages.  Otherwise the largest curve's times go over the sorted
 * keys: a part writes them from its own first position on, so it only
 * overwrites keys it has read (a row holds at least one key) and never
 * those of another part; once all parts are done they move down into
 * place.  One curve places its codes the same way, and so needs no pass
 * 1. */
#include <string.h>

#include "alloc.h"
#include "fastcount.h"
#include "km.h"
#include "km_few.h"
#include "km_pass.h"
#include "opts.h"
#include "threads.h"

/* Per-part state costs parts x curves: beyond this many curves (sparse
 * labels) one part does it all.  So it does for counted keys (at most
 * 2^20 histogram entries, for a few thousand rows of day counts), where
 * starting threads would cost more than they save. */
#define MAX_SPLIT_CURVES ((size_t)1 << 16)
/* Pieces per part (on average): small enough that the first part can be
 * made smaller than the others, and that pass 1 is shared evenly. */
#define PIECES 16
/* Pass 1 counts rows per piece and curve: fewer pieces beyond this many
 * counters. */
#define MAX_PIECE_COUNTS ((size_t)1 << 20)
/* Counters of different threads at least a cache line apart. */
#define PAD 16

#define NONE SIZE_MAX

struct job {
    struct isurv_km *fit;
    struct isurv_fast *f;
    size_t nc;                  /* curves */
    int nparts;
    size_t *start;              /* nparts + 1: where the parts begin */
    struct isurv_km_part *part;
    int counted;                /* pass 1 places the rows */
    int npieces;                /* pass 1: the pieces before the last part */
    size_t *cut;                /* where the pieces begin */
    int *first;                 /* nparts + 1: each part's first piece */
    size_t stride;              /* of the counters */
    uint32_t *rows;             /* per piece and curve */
    uint32_t *last;             /* per thread and curve: scratch */
    size_t staged;              /* the curve whose times are written at
                                 * positions, then moved down; or NONE */
    int chunked;                /* times chunked over the keys (lib/km.h) */
    struct isurv_km_walk *walk; /* per curve */
    unsigned char *bin;         /* the thread of each curve after pass 2 */
    int move_bin;               /* and the one that moves the staged times */
};

/* Blocks of chunked times in part p. */
static size_t blocks_of(const struct job *j, int p)
{
    return (j->start[p + 1] - j->start[p] + ISURV_KM_BLOCK - 1) / ISURV_KM_BLOCK;
}

/* Rows of curve c in the parts before part p (after pass 2). */
static size_t rows_before(const struct job *j, size_t c, int p)
{
    size_t r = 0;
    int q;

    for (q = 0; q < p; q++)
        r += j->part[q].slot[c].rows;
    return r;
}

static void pass1(void *ctx, int t)
{
    struct job *j = ctx;
    int k = (int)isurv_slice((size_t)j->npieces, t, j->nparts),
        end = (int)isurv_slice((size_t)j->npieces, t + 1, j->nparts);

    for (; k < end; k++)
        isurv_km_count_rows(j->rows + (size_t)k * j->stride,
                            j->last + (size_t)t * j->stride, &j->part[t].it,
                            j->cut[k], j->cut[k + 1], &j->f->ks,
                            j->f->threshold, j->nc);
}

/* The walk of curve c over its rows of part p. */
static void walk_part(struct job *j, size_t c, int p)
{
    struct isurv_km_walk *w = &j->walk[c];

    w->list = j->part[p].esc;
    w->n = j->part[p].nesc;
    w->at = 0;
    isurv_km_walk(&j->fit->curve[c], w, w->row + j->part[p].slot[c].rows);
}

/* Pass 2; the first part's thread then walks every curve over it. */
static void pass2(void *ctx, int p)
{
    struct job *j = ctx;
    size_t c;

    isurv_km_write_rows(&j->part[p], &j->f->ks, j->f->threshold, j->nc);
    for (c = 0; p == 0 && j->part[0].rc == ISURV_OK && c < j->nc; c++)
        walk_part(j, c, 0);
}

/* Rows written at the parts' first positions move down to follow the
 * rows of the parts before; in part order, so a move never overwrites
 * rows still to be moved (rows before part p <= its first position). */
static void move_down(const struct job *j, size_t c, void *base, size_t size)
{
    unsigned char *b = base;
    int p;

    for (p = 1; p < j->nparts; p++)
        memmove(b + rows_before(j, c, p) * size, b + j->start[p] * size,
                j->part[p].slot[c].rows * size);
}

/* Pass 3: the walks over the other parts, and trimming. */
static void pass3(void *ctx, int t)
{
    struct job *j = ctx;
    size_t c;
    int p;

    for (c = 0; c < j->nc; c++)
        if (j->bin[c] == t) {
            for (p = 1; p < j->nparts; p++)
                walk_part(j, c, p);
            isurv_km_trim_counts(&j->fit->curve[c]);
            if (c != j->staged)
                isurv_km_trim_times(&j->fit->curve[c]);
        }
    if (j->move_bin == t) {
        struct isurv_km_curve *cv = &j->fit->curve[j->staged];
        move_down(j, j->staged, cv->time, sizeof *cv->time);
        isurv_km_trim_times(cv);
    }
}

/* The pieces, and the parts made of them: the first smaller, so that its
 * thread can start the walks while the others finish pass 2.  With pass
 * 2 taking r times as long per key as a walk per row, the first part's
 * share a balances a (r + 1) = (1 - a) r / (q - 1).  r = 3 for several
 * curves and 2 for one (1e7 continuous rows, two threads: the walk 1.06
 * ns a row; for one curve, the vector write about 1.6 ns a key with its
 * page faults, and first parts of 9 to 14 pieces of 32 within the
 * host's noise of each other).  Pieces of 1/32 of the keys for two
 * threads put a within 3% of that. */
static int split(struct job *j)
{
    int q = j->nparts, npieces = q > 1 ? PIECES * q : 1, r = j->counted ? 3 : 2;
    int lead, p;

    if (j->counted && (size_t)npieces * j->nc > MAX_PIECE_COUNTS)
        npieces = q;
    lead = q == 1 ? npieces : npieces * r / ((r + 1) * (q - 1) + r);
    if (lead < 1)
        lead = 1;
    j->start = isurv_alloc((size_t)q + 1, sizeof *j->start);
    j->first = isurv_alloc((size_t)q + 1, sizeof *j->first);
    j->cut = isurv_alloc((size_t)npieces + 1, sizeof *j->cut);
    if (!j->start || !j->first || !j->cut)
        return ISURV_ENOMEM;
    isurv_tally_split(j->cut, &j->f->src, j->f->threshold, npieces);
    j->first[0] = 0;
    for (p = 1; p <= q; p++)
        j->first[p] = lead + (int)isurv_slice((size_t)(npieces - lead), p - 1,
                                              q - 1 > 0 ? q - 1 : 1);
    j->first[q] = npieces;
    for (p = 0; p <= q; p++)
        j->start[p] = j->cut[j->first[p]];
    j->npieces = j->first[q - 1];
    return ISURV_OK;
}

static int open_parts(struct job *j)
{
    int p, rc;

    if ((rc = split(j)) != ISURV_OK)
        return rc;
    if (!(j->part = isurv_zalloc((size_t)j->nparts, sizeof *j->part)))
        return ISURV_ENOMEM;
    for (p = 0; p < j->nparts; p++) {
        struct isurv_km_part *pt = &j->part[p];
        pt->slot_block = isurv_alloc(j->nc + 2 * ISURV_KM_SLOT_PAD,
                                     sizeof *pt->slot);
        if (!pt->slot_block)
            return ISURV_ENOMEM;
        pt->slot = pt->slot_block + ISURV_KM_SLOT_PAD;
        rc = isurv_runs_open_range(&pt->it, &j->f->src, j->start[p],
                                   j->start[p + 1]);
        if (rc != ISURV_OK)
            return rc;
        pt->lo = j->start[p];
        if (j->chunked) {
            pt->lbuf = isurv_alloc(j->nc * ISURV_KM_BLOCK, sizeof *pt->lbuf);
            pt->blk_rows = isurv_zalloc(blocks_of(j, p) * j->nc + 1,
                                        sizeof *pt->blk_rows);
            if (!pt->lbuf || !pt->blk_rows)
                return ISURV_ENOMEM;
        }
    }
    if (j->counted) {
        j->stride = (j->nc + PAD - 1) / PAD * PAD + PAD;
        j->rows = isurv_zalloc((size_t)j->npieces * j->stride, sizeof *j->rows);
        j->last = isurv_alloc((size_t)j->nparts * j->stride, sizeof *j->last);
        if (!j->rows || !j->last)
            return ISURV_ENOMEM;
    }
    return ISURV_OK;
}

static void close_parts(struct job *j)
{
    int p;

    for (p = 0; j->part && p < j->nparts; p++) {
        isurv_runs_close(&j->part[p].it);
        isurv_dealloc(j->part[p].slot_block);
        isurv_dealloc(j->part[p].esc);
        isurv_dealloc(j->part[p].lbuf);
        isurv_dealloc(j->part[p].blk_rows);
    }
    isurv_dealloc(j->part);
    isurv_dealloc(j->start);
    isurv_dealloc(j->first);
    isurv_dealloc(j->cut);
    isurv_dealloc(j->rows);
    isurv_dealloc(j->last);
    isurv_dealloc(j->walk);
    isurv_dealloc(j->bin);
}

/* Each curve with room for as many rows as it has keys, or (one curve,
 * staged) positions; pages it does not use cost nothing until trimmed.
 * Its walk starts. */
static int open_curves(struct job *j)
{
    struct isurv_fast *f = j->f;
    size_t c, npos = isurv_tally_positions(&f->src), at = 0;
    int rc;

    if (!(j->walk = isurv_alloc(j->nc, sizeof *j->walk)))
        return ISURV_ENOMEM;
    if (j->chunked) {
        int p;
        j->fit->keys = (double *)(void *)isurv_fast_take_keys(f);
        for (p = 0; p < j->nparts; p++)
            j->part[p].span = j->fit->keys + j->start[p];
        if (!(j->fit->codes = isurv_alloc(f->src.n, 1)))
            return ISURV_ENOMEM;
    }
    for (c = 0; c < j->nc; c++) {
        size_t nobs = f->cells.count[c];
        size_t cap = j->nc == 1 && npos > nobs ? npos : nobs;
        double *t;
        if (j->chunked)
            t = NULL;
        else if (c == j->staged && f->key)
            t = (double *)(void *)isurv_fast_take_keys(f); /* npos slots */
        else
            t = isurv_alloc(cap, sizeof *t);
        if ((rc = isurv_km_open_compact(&j->fit->curve[c], nobs, cap, t,
                                        j->chunked ? j->fit->codes + at : NULL))
            != ISURV_OK)
            return rc;
        at += cap;
        isurv_km_walk_begin(&j->walk[c], &j->fit->curve[c], (uint32_t)c);
    }
    return ISURV_OK;
}

/* Where pass 2 writes: at the rows before the part when pass 1 counted
 * them, else (and for the staged curve's times) at the part's first
 * position. */
static void aim_slots(struct job *j)
{
    size_t c;
    int p, k;

    for (c = 0; c < j->nc; c++) {
        struct isurv_km_curve *cv = &j->fit->curve[c];
        size_t r = 0;
        for (p = 0; p < j->nparts; p++) {
            struct isurv_km_slot *s = &j->part[p].slot[c];
            size_t at = j->counted ? r : j->start[p];
            s->code = cv->code + at;
            s->time = j->chunked ? NULL
                                 : cv->time + (c == j->staged ? j->start[p] : at);
            for (k = j->first[p]; j->counted && k < j->first[p + 1]
                                  && k < j->npieces; k++)
                r += j->rows[(size_t)k * j->stride + c];
        }
    }
}

/* After pass 2: each curve's rows, and its codes moved into place when
 * staged. */
static int settle_rows(struct job *j)
{
    size_t c;
    int p;

    for (p = 0; p < j->nparts; p++)
        if (j->part[p].rc != ISURV_OK)
            return j->part[p].rc;
    for (c = 0; c < j->nc; c++) {
        struct isurv_km_curve *cv = &j->fit->curve[c];
        cv->nrows = rows_before(j, c, j->nparts);
        if (!j->counted)
            move_down(j, c, cv->code, 1);
    }
    return ISURV_OK;
}

/* Chunked times: each curve's chunks, the non-empty ones of every block
 * of every part in order; in a block, the curves' rows follow each
 * other.  Room for a chunk in every block (a few hundred at 10^7 keys). */
static int gather_chunks(struct job *j)
{
    size_t c, b, blocks = 0;
    int p;

    for (p = 0; p < j->nparts; p++)
        blocks += blocks_of(j, p);
    for (c = 0; c < j->nc; c++) {
        struct isurv_km_curve *cv = &j->fit->curve[c];
        size_t k = 0, row = 0;
        cv->chunk = isurv_alloc(blocks + 1, sizeof *cv->chunk);
        cv->first = isurv_alloc(blocks + 1, sizeof *cv->first);
        if (!cv->chunk || !cv->first)
            return ISURV_ENOMEM;
        for (p = 0; p < j->nparts; p++) {
            const struct isurv_km_part *pt = &j->part[p];
            for (b = 0; b < blocks_of(j, p); b++) {
                const uint32_t *m = pt->blk_rows + b * j->nc;
                size_t before = 0, d;
                if (m[c] == 0)
                    continue;
                for (d = 0; d < c; d++)
                    before += m[d];
                cv->chunk[k] = pt->span + b * ISURV_KM_BLOCK + before;
                cv->first[k++] = row;
                row += m[c];
            }
        }
        cv->first[k] = row;
        cv->nchunk = k;
    }
    return ISURV_OK;
}

/* Each curve's escapes, in row order (parts in order), for the cursor. */
static int gather_escapes(struct job *j)
{
    size_t c, k;
    int p;

    for (p = 0; p < j->nparts; p++)
        for (k = 0; k < j->part[p].nesc; k++)
            j->fit->curve[j->part[p].esc[k].curve].esc_cap++;
    for (c = 0; c < j->nc; c++) {
        struct isurv_km_curve *cv = &j->fit->curve[c];
        size_t cap = cv->esc_cap;
        if (cap == 0)
            continue;
        cv->esc_d = isurv_alloc(cap, sizeof *cv->esc_d);
        cv->esc_c = isurv_alloc(cap, sizeof *cv->esc_c);
        if (!cv->esc_d || !cv->esc_c)
            return ISURV_ENOMEM;
    }
    for (p = 0; p < j->nparts; p++)
        for (k = 0; k < j->part[p].nesc; k++) {
            const struct isurv_km_esc *e = &j->part[p].esc[k];
            struct isurv_km_curve *cv = &j->fit->curve[e->curve];
            cv->esc_d[cv->nesc] = (double)e->d;
            cv->esc_c[cv->nesc] = (double)e->c;
            cv->nesc++;
        }
    return ISURV_OK;
}

/* Pass 3's share of each thread: the move of the staged times (and
 * giving back the keys' memory they do not use) to the last, then the
 * curves to the least loaded so far.  Loads in rows left to walk; moving
 * a time's 8 bytes costs about half as long, giving memory back next to
 * nothing (its pages are unmapped, not touched). */
static int deal_curves(struct job *j)
{
    size_t load[ISURV_MAX_THREADS] = { 0 }, c;
    int t, best;

    if (!(j->bin = isurv_alloc(j->nc, 1)))
        return ISURV_ENOMEM;
    j->move_bin = -1;
    if (j->staged != NONE) {
        const struct isurv_km_curve *cv = &j->fit->curve[j->staged];
        j->move_bin = j->nparts - 1;
        load[j->move_bin] = (cv->nrows - j->part[0].slot[j->staged].rows) / 2;
    }
    for (c = 0; c < j->nc; c++) {
        for (best = 0, t = 1; t < j->nparts; t++)
            if (load[t] < load[best])
                best = t;
        j->bin[c] = (unsigned char)best;
        load[best] += j->fit->curve[c].nrows - j->walk[c].row;
    }
    return ISURV_OK;
}

static size_t largest(const struct isurv_fast *f)
{
    size_t c, big = 0;

    for (c = 1; c < f->cells.labels.count; c++)
        if (f->cells.count[c] > f->cells.count[big])
            big = c;
    return big;
}

int isurv_km_fit_fast(struct isurv_km *fit, const double *time,
                      const int *event, size_t n, const int *group,
                      const struct isurv_opts *o)
{
    struct isurv_fast f;
    struct job j;
    int rc;

    memset(&j, 0, sizeof j);
    rc = isurv_fast_prepare(&f, time, event, group, n, o->timefix,
                            isurv_threads_for(o->threads, n));
    if (rc != ISURV_OK)
        goto done;
    if ((rc = isurv_km_alloc_curves(fit, &f.cells.labels)) != ISURV_OK)
        goto done;
    j.fit = fit;
    j.f = &f;
    j.nc = fit->ncurves;
    j.nparts = j.nc > MAX_SPLIT_CURVES || !f.key ? 1 : f.nthreads;
    j.counted = j.nc > 1 && j.nparts > 1;
    /* Several curves on sorted keys chunk their times where the vector
     * write can; else the largest curve's times go over the keys. */
    j.chunked = f.key && j.nc > 1 && isurv_km_few_writes(j.nc);
    j.staged = j.chunked ? NONE : f.key ? largest(&f) : j.nc == 1 ? 0 : NONE;
    if ((rc = open_parts(&j)) != ISURV_OK)
        goto done;
    if (j.counted)
        isurv_parallel(j.nparts, pass1, &j);
    if ((rc = open_curves(&j)) != ISURV_OK)
        goto done;
    aim_slots(&j);
    isurv_parallel(j.nparts, pass2, &j);
    if ((rc = settle_rows(&j)) != ISURV_OK || (rc = deal_curves(&j)) != ISURV_OK
        || (j.chunked && (rc = gather_chunks(&j)) != ISURV_OK))
        goto done;
    isurv_parallel(j.nparts, pass3, &j);
    rc = gather_escapes(&j);
done:
    close_parts(&j);
    isurv_fast_clear(&f);
    return rc;
}
