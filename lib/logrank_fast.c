/*
 * The log-rank family on unweighted data without strata or entry times:
 * the keys of lib/fastcount.h read in one pass, with no count table.  At
 * each time the numbers at risk are the group sizes less those gone
 * before, so the rows come in time order as the keys do.  Rows with a
 * death are gathered in batches: the divisions of a batch run as vector
 * loops (lib/vecdiv.h), then the sums are added up row by row in the
 * order of isurv_lr_accumulate (lib/logrank_pass.c), whose arithmetic
 * this repeats operation for operation.
 */
#include <string.h>

#include "alloc.h"
#include "fastcount.h"
#include "logrank.h"
#include "threads.h"
#include "vecdiv.h"

/* Rows with a death, by row (x[r]) and by group and row
 * (x[g * cap + r]; v[(g * k + h) * cap + r]). */
struct batch {
    size_t b;
    double *n, *dsum, *w, *wd, *a2, *nd, *den2;
    double *nr, *dr, *e, *tmp, *v;
    uint64_t *active;      /* bit g: group g had someone at risk */
    void *mem;
};

struct stream {
    size_t k, cap;         /* groups, batch capacity */
    const struct isurv_opts *o;
    int uses_s;
    double km;             /* pooled S before the next death time */
    double *risk0;         /* per group: at risk at the first time */
    struct batch *cur;     /* the batch being filled */
    struct isurv_pipe *pipe;
    double *obs, *exp, *var;
};

/* What both sides of the pipeline see. */
struct job {
    struct stream *s;
    struct isurv_fast *f;
    struct isurv_runs it;
};

/* The sums of a batch, row by row as isurv_lr_accumulate adds them.
 * That loop skips the groups nobody is at risk in; here every group is
 * added, which changes nothing: such a group has no deaths, so its O, E
 * and V terms are +0 (every factor is >= 0 and finite, n > 1 for V), and
 * x + 0 and x - 0 are x for every sum these can be (the O, E and
 * diagonal V sums start at +0 and never become -0).  Without the tests
 * the few groups of a typical call (two or three) are unrolled and their
 * sums stay in registers. */
#define ACCUMULATE(K)                                                          \
    do {                                                                       \
        double o_[K], e_[K], v_[K * K];                                         \
        size_t g_, h_;                                                         \
        for (g_ = 0; g_ < K; g_++) {                                           \
            o_[g_] = s->obs[g_];                                               \
            e_[g_] = s->exp[g_];                                               \
            for (h_ = 0; h_ < K; h_++)                                         \
                v_[g_ * K + h_] = s->var[g_ * K + h_];                         \
        }                                                                      \
        for (r = 0; r < nb; r++) {                                             \
            for (g_ = 0; g_ < K; g_++) {                                       \
                o_[g_] += bt->w[r] * bt->dr[g_ * cap + r];                     \
                e_[g_] += bt->e[g_ * cap + r];                                 \
            }                                                                  \
            if (bt->n[r] <= 1.0)                                               \
                continue; /* one subject at risk: no variance */               \
            for (g_ = 0; g_ < K; g_++)                                         \
                for (h_ = 0; h_ < K; h_++) {                                   \
                    if (h_ == g_)                                              \
                        v_[g_ * K + h_] += bt->v[(g_ * K + h_) * cap + r];     \
                    else                                                       \
                        v_[g_ * K + h_] -= bt->v[(g_ * K + h_) * cap + r];     \
                }                                                              \
        }                                                                      \
        for (g_ = 0; g_ < K; g_++) {                                           \
            s->obs[g_] = o_[g_];                                               \
            s->exp[g_] = e_[g_];                                               \
            for (h_ = 0; h_ < K; h_++)                                         \
                s->var[g_ * K + h_] = v_[g_ * K + h_];                         \
        }                                                                      \
    } while (0)

/* The per-row factors and the E and V-diagonal quotients of a batch.
 * The weight is isurv_lr_weight's; the producer computed it already where
 * it reads S, the running estimate only the producer has. */
static void divide(const struct stream *s, struct batch *bt)
{
    const size_t k = s->k, cap = s->cap, nb = bt->b;
    size_t g, r;

    for (r = 0; r < nb; r++) {
        double n = bt->n[r], d = bt->dsum[r], w;
        w = s->uses_s ? bt->w[r]
            : s->o->weight_type == ISURV_WEIGHT_LOGRANK ? 1.0
                                                        : isurv_lr_weight(s->o, 1.0, n);
        bt->w[r] = w;
        bt->wd[r] = w * d;
        bt->a2[r] = w * w * d;
        bt->nd[r] = n - d;
        bt->den2[r] = n * (n - 1.0);
    }
    for (g = 0; g < k; g++) {
        isurv_mul2_div(bt->e + g * cap, bt->wd, bt->nr + g * cap, bt->n, nb);
        isurv_mul3_div(bt->tmp + g * cap, bt->a2, bt->nr + g * cap, bt->nd,
                       bt->den2, nb);
    }
}

/* The consumer's: the covariance quotients and the sums.  The diagonal
 * quotient is tmp (n - n_g) / n (lib/logrank_pass.c says why), with
 * n - n_g first written where the quotient goes. */
static int drain(void *ctx, void *buf)
{
    struct stream *s = ((struct job *)ctx)->s;
    struct batch *bt = buf;
    const size_t k = s->k, cap = s->cap, nb = bt->b;
    size_t r, g, h;

    divide(s, bt);
    for (g = 0; g < k; g++)
        for (h = 0; h < k; h++) {
            double *v = bt->v + (g * k + h) * cap;
            if (h == g) {
                for (r = 0; r < nb; r++)
                    v[r] = bt->n[r] - bt->nr[g * cap + r];
                isurv_mul2_div(v, bt->tmp + g * cap, v, bt->n, nb);
            } else {
                isurv_mul2_div(v, bt->tmp + g * cap, bt->nr + h * cap, bt->n, nb);
            }
        }
    switch (k) {
    case 2:
        ACCUMULATE(2);
        break;
    case 3:
        ACCUMULATE(3);
        break;
    case 4:
        ACCUMULATE(4);
        break;
    default:
        for (r = 0; r < nb; r++) {
            uint64_t act = bt->active[r];
            for (g = 0; g < k; g++)
                if (act >> g & 1) {
                    s->obs[g] += bt->w[r] * bt->dr[g * cap + r];
                    s->exp[g] += bt->e[g * cap + r];
                }
            if (bt->n[r] <= 1.0)
                continue; /* one subject at risk: no variance */
            for (g = 0; g < k; g++) {
                if (!(act >> g & 1))
                    continue;
                for (h = 0; h < k; h++)
                    if (h == g)
                        s->var[g * k + h] += bt->v[(g * k + h) * cap + r];
                    else if (act >> h & 1)
                        s->var[g * k + h] -= bt->v[(g * k + h) * cap + r];
            }
        }
    }
    return ISURV_OK;
}

static void hand_over(struct stream *s)
{
    isurv_pipe_submit(s->pipe, s->cur);
    s->cur = isurv_pipe_acquire(s->pipe);
    s->cur->b = 0;
}

/* Every row is written at the batch's end, and only a row with a death
 * moves the end on: a row without one costs no unpredictable branch and
 * is overwritten by the next. */
static inline void add_row(struct stream *s, double n, double d, uint64_t act)
{
    struct batch *bt = s->cur;
    const size_t r = bt->b;

    if (s->uses_s && d != 0.0) {
        bt->w[r] = isurv_lr_weight(s->o, s->km, n);
        s->km = s->km * (n - d) / n;
    }
    bt->n[r] = n;
    bt->dsum[r] = d;
    bt->active[r] = act;
    bt->b = r + (d != 0.0);
    if (bt->b == s->cap)
        hand_over(s);
}

/* Closes the open row: the numbers at risk move past it, and a row with
 * a death joins the batch.  d_, c_ and risk_ are the caller's per-group
 * counts and numbers at risk. */
#define CLOSE_ROW(K, d_, c_, risk_)                                            \
    do {                                                                       \
        struct batch *bt_ = s->cur;                                            \
        const size_t r_ = bt_->b, cap_ = s->cap;                               \
        double n_ = 0.0, dd_ = 0.0;                                            \
        uint64_t act_ = 0;                                                     \
        size_t g_;                                                             \
        for (g_ = 0; g_ < (K); g_++) {                                         \
            double nr_ = risk_[g_];                                            \
            bt_->nr[g_ * cap_ + r_] = nr_;                                     \
            bt_->dr[g_ * cap_ + r_] = (double)d_[g_];                          \
            n_ += nr_;                                                         \
            dd_ += (double)d_[g_];                                             \
            act_ |= (uint64_t)(nr_ > 0.0) << g_;                               \
            risk_[g_] = nr_ - (double)((uint64_t)d_[g_] + c_[g_]);             \
            d_[g_] = c_[g_] = 0;                                               \
        }                                                                      \
        add_row(s, n_, dd_, act_); /* kept only with a death */               \
    } while (0)

/* The pass over the keys for K groups, its counts in locals. */
#define RUN(K)                                                                 \
    do {                                                                       \
        uint32_t d_[K], c_[K];                                                 \
        double risk_[K];                                                       \
        size_t g_;                                                             \
        for (g_ = 0; g_ < (K); g_++) {                                         \
            d_[g_] = c_[g_] = 0;                                               \
            risk_[g_] = s->risk0[g_];                                          \
        }                                                                      \
        while ((m = isurv_runs_next(&it)) > 0) {                               \
            const uint64_t *key = it.key;                                      \
            const uint32_t *count = it.count;                                  \
            for (i = 0; i < m; i++) {                                          \
                uint64_t k = key[i];                                           \
                uint32_t w = count ? count[i] : 1;                             \
                size_t g = (size_t)((k >> 1) & cmask);                         \
                if (isurv_clock_tick(&clk, k >> pb)) {                         \
                    if (open)                                                  \
                        CLOSE_ROW(K, d_, c_, risk_);                           \
                    open = 1;                                                  \
                }                                                              \
                d_[g] += (uint32_t)(k & 1) * w;                                \
                c_[g] += (uint32_t)((k & 1) ^ 1) * w;                          \
            }                                                                  \
        }                                                                      \
        if (open)                                                              \
            CLOSE_ROW(K, d_, c_, risk_);                                       \
    } while (0)

#define NBATCH 4

static int open_batch(struct batch *bt, size_t k, size_t cap)
{
    double *x = isurv_alloc((7 + 4 * k + k * k) * cap, sizeof *x);

    memset(bt, 0, sizeof *bt);
    bt->mem = x;
    bt->active = isurv_alloc(cap, sizeof *bt->active);
    if (!x || !bt->active)
        return ISURV_ENOMEM;
    bt->n = x;
    bt->dsum = bt->n + cap;
    bt->w = bt->dsum + cap;
    bt->wd = bt->w + cap;
    bt->a2 = bt->wd + cap;
    bt->nd = bt->a2 + cap;
    bt->den2 = bt->nd + cap;
    bt->nr = bt->den2 + cap;
    bt->dr = bt->nr + k * cap;
    bt->e = bt->dr + k * cap;
    bt->tmp = bt->e + k * cap;
    bt->v = bt->tmp + k * cap;
    return ISURV_OK;
}

static void close_batch(struct batch *bt)
{
    isurv_dealloc(bt->mem);
    isurv_dealloc(bt->active);
}

static int open_stream(struct stream *s, size_t k, const struct isurv_opts *o,
                       const size_t *count)
{
    size_t g, cap = ((size_t)1 << 17) / (7 + 4 * k + k * k);

    memset(s, 0, sizeof *s);
    s->k = k;
    s->cap = cap < 16 ? 16 : cap > 8192 ? 8192 : cap;
    s->o = o;
    s->uses_s = isurv_lr_weight_uses_s(o);
    s->km = 1.0;
    s->risk0 = isurv_alloc(k, sizeof *s->risk0);
    if (!s->risk0)
        return ISURV_ENOMEM;
    for (g = 0; g < k; g++)
        s->risk0[g] = (double)count[g];
    return ISURV_OK;
}

static void close_stream(struct stream *s)
{
    isurv_dealloc(s->risk0);
}

/* The pass over the keys: rows into batches, handed to the consumer. */
static void produce(void *ctx, struct isurv_pipe *pipe)
{
    struct job *j = ctx;
    struct stream *s = j->s;
    struct isurv_fast *f = j->f;
    struct isurv_runs it = j->it;
    struct isurv_clock clk;
    const int pb = f->ks.pb;
    const uint64_t cmask = ((uint64_t)1 << (pb - 1)) - 1;
    size_t m, i;
    int open = 0;

    s->pipe = pipe;
    s->cur = isurv_pipe_acquire(pipe);
    s->cur->b = 0;
    isurv_clock_init(&clk, &f->ks, f->threshold);
    switch (s->k) {
    case 2:
        RUN(2);
        break;
    case 3:
        RUN(3);
        break;
    default: {
        uint32_t d_[ISURV_LR_FAST_GROUPS], c_[ISURV_LR_FAST_GROUPS];
        double risk_[ISURV_LR_FAST_GROUPS];
        const size_t kk = s->k;
        size_t g;
        for (g = 0; g < kk; g++) {
            d_[g] = c_[g] = 0;
            risk_[g] = s->risk0[g];
        }
        while ((m = isurv_runs_next(&it)) > 0)
            for (i = 0; i < m; i++) {
                uint64_t k = it.key[i];
                uint32_t w = it.count ? it.count[i] : 1;
                g = (size_t)((k >> 1) & cmask);
                if (isurv_clock_tick(&clk, k >> pb)) {
                    if (open)
                        CLOSE_ROW(kk, d_, c_, risk_);
                    open = 1;
                }
                d_[g] += (uint32_t)(k & 1) * w;
                c_[g] += (uint32_t)((k & 1) ^ 1) * w;
            }
        if (open)
            CLOSE_ROW(kk, d_, c_, risk_);
    }
    }
    isurv_pipe_submit(pipe, s->cur);
    j->it = it;
}

static int run(struct stream *s, struct isurv_fast *f)
{
    struct batch bt[NBATCH];
    void *bufs[NBATCH];
    struct job j;
    size_t k;
    int rc = ISURV_OK;

    memset(bt, 0, sizeof bt);
    for (k = 0; k < NBATCH && rc == ISURV_OK; k++) {
        rc = open_batch(&bt[k], s->k, s->cap);
        bufs[k] = &bt[k];
    }
    j.s = s;
    j.f = f;
    if (rc == ISURV_OK)
        rc = isurv_runs_open(&j.it, &f->src);
    if (rc == ISURV_OK) {
        rc = isurv_pipe_run(f->nthreads > 1, &j, produce, drain, bufs, NBATCH);
        isurv_runs_close(&j.it);
    }
    for (k = 0; k < NBATCH; k++)
        close_batch(&bt[k]);
    return rc;
}

int isurv_lr_fast(struct isurv_logrank *fit, const double *time,
                  const int *event, const int *group, size_t n,
                  const struct isurv_opts *o)
{
    struct isurv_fast f;
    struct stream s;
    size_t k;
    int rc;

    memset(&s, 0, sizeof s);
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
    if ((rc = open_stream(&s, k, o, f.cells.count)) != ISURV_OK)
        goto done;
    s.obs = fit->obs_s;
    s.exp = fit->exp_s;
    s.var = fit->var;
    if ((rc = run(&s, &f)) != ISURV_OK)
        goto done;
    rc = isurv_lr_finish(fit, f.cells.count);
done:
    close_stream(&s);
    isurv_fast_clear(&f);
    return rc;
}
