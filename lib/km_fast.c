/* The Kaplan-Meier fit of unweighted data without entry times: keys
 * sorted or counted (lib/fastcount.h), then one pass over them that
 * gathers each curve's rows and appends them to the curve a batch at a
 * time (lib/km_build.c). */
#include <string.h>

#include "alloc.h"
#include "fastcount.h"
#include "km.h"
#include "opts.h"
#include "threads.h"

/* Few curves stage their rows and append them a batch at a time; many
 * curves (sparse labels) append row by row, as staging would cost more
 * memory than it saves. */
#define STAGE_MAX_CURVES 64
#define STAGE_ROWS 256

struct stage {
    size_t m;
    double t[STAGE_ROWS];
    uint32_t d[STAGE_ROWS], c[STAGE_ROWS];
};

/* A curve's open row: its time and counts, and the global row it is in. */
struct pending {
    double t;
    uint64_t row;
    uint32_t d, c;
    int open;
};

struct fill {
    struct isurv_km *fit;
    struct isurv_km_ckpt *state;  /* per curve */
    struct stage *stage;          /* per curve, or NULL */
    struct pending *pend;         /* per curve */
};

/* A closed row of a curve with several (one curve never comes here). */
static int push(struct fill *fl, size_t cv, const struct pending *p)
{
    if (fl->stage) {
        struct stage *st = &fl->stage[cv];
        st->t[st->m] = p->t;
        st->d[st->m] = p->d;
        st->c[st->m] = p->c;
        if (++st->m < STAGE_ROWS)
            return ISURV_OK;
        st->m = 0;
        return isurv_km_append_rows(&fl->fit->curve[cv], &fl->state[cv], st->t,
                                    st->d, st->c, STAGE_ROWS);
    }
    return isurv_km_append(&fl->fit->curve[cv], &fl->state[cv], p->t,
                           (double)p->d, (double)p->c);
}

static int flush_all(struct fill *fl)
{
    size_t c;
    int rc = ISURV_OK;

    for (c = 0; c < fl->fit->ncurves && rc == ISURV_OK; c++)
        if (fl->pend[c].open)
            rc = push(fl, c, &fl->pend[c]);
    for (c = 0; fl->stage && c < fl->fit->ncurves && rc == ISURV_OK; c++)
        rc = isurv_km_append_rows(&fl->fit->curve[c], &fl->state[c],
                                  fl->stage[c].t, fl->stage[c].d,
                                  fl->stage[c].c, fl->stage[c].m);
    return rc;
}

/* One curve: the open row is that of the clock.  The pass over the keys
 * (the producer) writes each row's time in place and its counts into a
 * batch; the consumer appends batches to the curve (codes, divisions,
 * running product), on another thread when there is one. */
/* Large batches: each hand-over between threads costs a wake-up. */
#define PIPE_ROWS (64 * ISURV_KM_BATCH)
#define PIPE_BUFS 4

struct batch1 {
    size_t m;
    uint32_t d[PIPE_ROWS], c[PIPE_ROWS];
};

/* What either pass over the keys works on. */
struct pass {
    struct fill *fl;
    struct isurv_runs *it;
    struct isurv_clock *clock;
};

/* Runs produce (the pass over the keys) and consume (the row arithmetic)
 * as a pipeline over PIPE_BUFS batches of bufsize bytes each. */
static int run_pipeline(struct fill *fl, struct isurv_runs *it,
                        struct isurv_clock *clock, int threads, size_t bufsize,
                        void (*produce)(void *, struct isurv_pipe *),
                        int (*consume)(void *, void *))
{
    struct pass o;
    unsigned char *b = isurv_alloc(PIPE_BUFS, bufsize);
    void *bufs[PIPE_BUFS];
    size_t k;
    int rc;

    if (!b)
        return ISURV_ENOMEM;
    o.fl = fl;
    o.it = it;
    o.clock = clock;
    for (k = 0; k < PIPE_BUFS; k++)
        bufs[k] = b + k * bufsize;
    rc = isurv_pipe_run(threads > 1, &o, produce, consume, bufs, PIPE_BUFS);
    isurv_dealloc(b);
    return rc;
}

static void produce_one(void *ctx, struct isurv_pipe *pipe)
{
    struct pass *o = ctx;
    struct isurv_runs *it = o->it;
    struct isurv_clock clk = *o->clock;
    double *time = o->fl->fit->curve[0].time;
    struct batch1 *b = isurv_pipe_acquire(pipe);
    const int pb = clk.ks->pb;
    size_t m, i, row = 0, m1 = 0;
    uint32_t d = 0, c = 0;
    int open = 0;

    while ((m = isurv_runs_next(it)) > 0) {
        const uint64_t *key = it->key;
        const uint32_t *count = it->count;
        for (i = 0; i < m; i++) {
            uint64_t k = key[i];
            uint32_t w = count ? count[i] : 1;
            if (isurv_clock_tick(&clk, k >> pb)) {
                if (open) {
                    b->d[m1] = d;
                    b->c[m1] = c;
                    if (++m1 == PIPE_ROWS) {
                        b->m = m1;
                        isurv_pipe_submit(pipe, b);
                        b = isurv_pipe_acquire(pipe);
                        m1 = 0;
                    }
                }
                /* the time goes straight to its place: row <= key */
                time[row++] = clk.time;
                d = c = 0;
                open = 1;
            }
            d += (uint32_t)(k & 1) * w;
            c += (uint32_t)((k & 1) ^ 1) * w;
        }
    }
    if (open) {
        b->d[m1] = d;
        b->c[m1++] = c;
    }
    b->m = m1;
    isurv_pipe_submit(pipe, b);
}

static int consume_batch1(void *ctx, void *buf)
{
    struct pass *o = ctx;
    struct batch1 *b = buf;
    size_t i, m;
    int rc = ISURV_OK;

    for (i = 0; i < b->m && rc == ISURV_OK; i += m) {
        m = b->m - i < ISURV_KM_BATCH ? b->m - i : ISURV_KM_BATCH;
        rc = isurv_km_append_rows(&o->fl->fit->curve[0], &o->fl->state[0], NULL,
                                  b->d + i, b->c + i, m);
    }
    return rc;
}


/* Several curves: a curve's row closes when one of its keys falls in a
 * later row of the clock.  The pass over the keys (the producer) hands the
 * closed rows over in batches; the consumer stages them per curve and
 * appends them (lib/km_build.c).  The largest curve's times go over the
 * sorted keys, at rows the producer has read past. */
struct entry {
    double t;
    uint32_t cv, d, c;
};

#define CELL_ROWS (32 * ISURV_KM_BATCH)

struct batchn {
    size_t m;
    struct entry e[CELL_ROWS];
};

/* Adds one closed row of curve cv to the batch, handing the batch over
 * when it is full; returns the batch to go on filling. */
static struct batchn *emit_row(struct isurv_pipe *pipe, struct batchn *b,
                               size_t *nb, size_t cv, const struct pending *p)
{
    b->e[*nb].t = p->t;
    b->e[*nb].cv = (uint32_t)cv;
    b->e[*nb].d = p->d;
    b->e[*nb].c = p->c;
    if (++*nb == CELL_ROWS) {
        b->m = *nb;
        isurv_pipe_submit(pipe, b);
        b = isurv_pipe_acquire(pipe);
        *nb = 0;
    }
    return b;
}

static void produce_cells(void *ctx, struct isurv_pipe *pipe)
{
    struct pass *o = ctx;
    struct isurv_runs *it = o->it;
    struct isurv_clock clk = *o->clock;
    struct pending *pend = o->fl->pend;
    const int pb = clk.ks->pb;
    const uint64_t cmask = ((uint64_t)1 << (pb - 1)) - 1;
    struct batchn *b = isurv_pipe_acquire(pipe);
    uint64_t row = 0;
    size_t m, i, nb = 0, c;

    while ((m = isurv_runs_next(it)) > 0)
        for (i = 0; i < m; i++) {
            uint64_t k = it->key[i];
            uint32_t w = it->count ? it->count[i] : 1;
            size_t cv = (size_t)((k >> 1) & cmask);
            struct pending *p = &pend[cv];
            row += (uint64_t)isurv_clock_tick(&clk, k >> pb);
            if (!p->open || p->row != row) {
                if (p->open)
                    b = emit_row(pipe, b, &nb, cv, p);
                p->t = clk.time;
                p->d = p->c = 0;
                p->row = row;
                p->open = 1;
            }
            p->d += (uint32_t)(k & 1) * w;
            p->c += (uint32_t)((k & 1) ^ 1) * w;
        }
    /* The rows still open, in curve order (each is its curve's last). */
    for (c = 0; c < o->fl->fit->ncurves; c++)
        if (pend[c].open) {
            b = emit_row(pipe, b, &nb, c, &pend[c]);
            pend[c].open = 0;
        }
    b->m = nb;
    isurv_pipe_submit(pipe, b);
}

static int consume_batchn(void *ctx, void *buf)
{
    struct pass *o = ctx;
    struct batchn *b = buf;
    size_t i;
    int rc = ISURV_OK;

    for (i = 0; i < b->m && rc == ISURV_OK; i++) {
        struct pending p;
        p.t = b->e[i].t;
        p.d = b->e[i].d;
        p.c = b->e[i].c;
        rc = push(o->fl, b->e[i].cv, &p);
    }
    return rc;
}


static int open_curves(struct isurv_km *fit, struct isurv_fast *f,
                       struct isurv_km_ckpt *state)
{
    size_t c, big = 0;
    int rc;

    /* The largest curve writes its times over the sorted keys, which it
     * has always read past: one big buffer fewer to allocate and fault
     * in. */
    for (c = 1; c < fit->ncurves; c++)
        if (f->cells.count[c] > f->cells.count[big])
            big = c;
    for (c = 0; c < fit->ncurves; c++) {
        size_t m = f->cells.count[c];
        double *t = c == big && f->key ? (double *)(void *)isurv_fast_take_keys(f)
                                       : isurv_alloc(m, sizeof *t);
        if ((rc = isurv_km_open_compact(&fit->curve[c], m, t)) != ISURV_OK)
            return rc;
        state[c].surv = 1.0;
        state[c].greenwood = 0.0;
        state[c].risk = (double)m;
        state[c].esc = 0;
    }
    return ISURV_OK;
}

int isurv_km_fit_fast(struct isurv_km *fit, const double *time,
                      const int *event, size_t n, const int *group,
                      const struct isurv_opts *o)
{
    struct isurv_fast f;
    struct isurv_runs it;
    struct isurv_clock clk;
    struct fill *fl = NULL;
    size_t c;
    int rc;

    memset(&it, 0, sizeof it);
    rc = isurv_fast_prepare(&f, time, event, group, n, o->timefix,
                            isurv_threads_for(o->threads, n));
    if (rc != ISURV_OK)
        goto done;
    if ((rc = isurv_km_alloc_curves(fit, &f.cells.labels)) != ISURV_OK)
        goto done;
    rc = ISURV_ENOMEM;
    if (!(fl = isurv_zalloc(1, sizeof *fl)))
        goto done;
    fl->fit = fit;
    fl->state = isurv_alloc(fit->ncurves, sizeof *fl->state);
    fl->pend = isurv_zalloc(fit->ncurves, sizeof *fl->pend);
    if (fit->ncurves > 1 && fit->ncurves <= STAGE_MAX_CURVES)
        if (!(fl->stage = isurv_zalloc(fit->ncurves, sizeof *fl->stage)))
            goto done;
    if (!fl->state || !fl->pend)
        goto done;
    if ((rc = open_curves(fit, &f, fl->state)) != ISURV_OK)
        goto done;
    if ((rc = isurv_runs_open(&it, &f.src)) != ISURV_OK)
        goto done;
    isurv_clock_init(&clk, &f.ks, f.threshold);
    if (fit->ncurves == 1)
        rc = run_pipeline(fl, &it, &clk, f.nthreads, sizeof(struct batch1),
                          produce_one, consume_batch1);
    else if ((rc = run_pipeline(fl, &it, &clk, f.nthreads, sizeof(struct batchn),
                                   produce_cells, consume_batchn)) == ISURV_OK)
        rc = flush_all(fl);
    for (c = 0; c < fit->ncurves; c++)
        isurv_km_close_compact(&fit->curve[c]);
done:
    if (fl) {
        isurv_dealloc(fl->state);
        isurv_dealloc(fl->stage);
        isurv_dealloc(fl->pend);
        isurv_dealloc(fl);
    }
    isurv_runs_close(&it);
    isurv_fast_clear(&f);
    return rc;
}
