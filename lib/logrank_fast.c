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

struct stream {
    size_t k, b, cap;      /* groups, rows in the batch, batch capacity */
    const struct isurv_opts *o;
    int uses_s;
    double km;             /* pooled S before the next death time */
    uint32_t *d, *c;       /* per group: the open row's counts */
    double *risk;          /* per group: at risk at the open row */
    /* the batch, by row (x[r]) and by group and row (x[g * cap + r]) */
    double *n, *dsum, *w, *wd, *a2, *nd, *den2;
    double *nr, *dr, *e, *tmp, *v; /* v[(g * k + h) * cap + r] */
    uint64_t *active;      /* bit g: group g had someone at risk */
    double *obs, *exp, *var;
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
        for (r = 0; r < b; r++) {                                              \
            for (g_ = 0; g_ < K; g_++) {                                       \
                o_[g_] += s->w[r] * s->dr[g_ * cap + r];                       \
                e_[g_] += s->e[g_ * cap + r];                                  \
            }                                                                  \
            if (s->n[r] <= 1.0)                                                \
                continue; /* one subject at risk: no variance */               \
            for (g_ = 0; g_ < K; g_++) {                                       \
                v_[g_ * K + g_] += s->tmp[g_ * cap + r];                       \
                for (h_ = 0; h_ < K; h_++)                                     \
                    v_[g_ * K + h_] -= s->v[(g_ * K + h_) * cap + r];          \
            }                                                                  \
        }                                                                      \
        for (g_ = 0; g_ < K; g_++) {                                           \
            s->obs[g_] = o_[g_];                                               \
            s->exp[g_] = e_[g_];                                               \
            for (h_ = 0; h_ < K; h_++)                                         \
                s->var[g_ * K + h_] = v_[g_ * K + h_];                         \
        }                                                                      \
    } while (0)

static void drain(struct stream *s)
{
    const size_t k = s->k, cap = s->cap, b = s->b;
    size_t r, g, h;

    for (g = 0; g < k; g++) {
        isurv_mul2_div(s->e + g * cap, s->wd, s->nr + g * cap, s->n, b);
        isurv_mul3_div(s->tmp + g * cap, s->a2, s->nr + g * cap, s->nd,
                       s->den2, b);
    }
    for (g = 0; g < k; g++)
        for (h = 0; h < k; h++)
            isurv_mul2_div(s->v + (g * k + h) * cap, s->tmp + g * cap,
                           s->nr + h * cap, s->n, b);
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
        for (r = 0; r < b; r++) {
            uint64_t act = s->active[r];
            for (g = 0; g < k; g++)
                if (act >> g & 1) {
                    s->obs[g] += s->w[r] * s->dr[g * cap + r];
                    s->exp[g] += s->e[g * cap + r];
                }
            if (s->n[r] <= 1.0)
                continue; /* one subject at risk: no variance */
            for (g = 0; g < k; g++) {
                if (!(act >> g & 1))
                    continue;
                s->var[g * k + g] += s->tmp[g * cap + r];
                for (h = 0; h < k; h++)
                    if (act >> h & 1)
                        s->var[g * k + h] -= s->v[(g * k + h) * cap + r];
            }
        }
    }
    s->b = 0;
}

/* A row with a death joins the batch (the weight's S moves past it). */
static inline void add_death_row(struct stream *s, double n, double d,
                                 uint64_t act)
{
    const size_t r = s->b;
    double w = s->o->weight_type == ISURV_WEIGHT_LOGRANK
                   ? 1.0 : isurv_lr_weight(s->o, s->km, n);

    if (s->uses_s)
        s->km = s->km * (n - d) / n;
    s->n[r] = n;
    s->dsum[r] = d;
    s->w[r] = w;
    s->wd[r] = w * d;
    s->a2[r] = w * w * d;
    s->nd[r] = n - d;
    s->den2[r] = n * (n - 1.0);
    s->active[r] = act;
    if (++s->b == s->cap)
        drain(s);
}

/* Closes the open row: the numbers at risk move past it, and a row with
 * a death joins the batch.  d_, c_ and risk_ are the caller's per-group
 * counts and numbers at risk. */
#define CLOSE_ROW(K, d_, c_, risk_)                                            \
    do {                                                                       \
        const size_t r_ = s->b, cap_ = s->cap;                                 \
        double n_ = 0.0, dd_ = 0.0;                                            \
        uint64_t act_ = 0;                                                     \
        size_t g_;                                                             \
        for (g_ = 0; g_ < (K); g_++) {                                         \
            double nr_ = risk_[g_];                                            \
            s->nr[g_ * cap_ + r_] = nr_;                                       \
            s->dr[g_ * cap_ + r_] = (double)d_[g_];                            \
            n_ += nr_;                                                         \
            dd_ += (double)d_[g_];                                             \
            act_ |= (uint64_t)(nr_ > 0.0) << g_;                               \
            risk_[g_] = nr_ - (double)((uint64_t)d_[g_] + c_[g_]);             \
            d_[g_] = c_[g_] = 0;                                               \
        }                                                                      \
        if (dd_ != 0.0) /* no death: nothing to add */                         \
            add_death_row(s, n_, dd_, act_);                                   \
    } while (0)

/* The pass over the keys for K groups, its counts in locals. */
#define RUN(K)                                                                 \
    do {                                                                       \
        uint32_t d_[K], c_[K];                                                 \
        double risk_[K];                                                       \
        size_t g_;                                                             \
        for (g_ = 0; g_ < (K); g_++) {                                         \
            d_[g_] = c_[g_] = 0;                                               \
            risk_[g_] = s->risk[g_];                                           \
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

static int open_stream(struct stream *s, size_t k, const struct isurv_opts *o,
                       const size_t *count)
{
    size_t g, cap = 16384 / (k * k + 4 * k + 8);

    memset(s, 0, sizeof *s);
    s->k = k;
    s->cap = cap < 8 ? 8 : cap > 1024 ? 1024 : cap;
    cap = s->cap;
    s->o = o;
    s->uses_s = isurv_lr_weight_uses_s(o);
    s->km = 1.0;
    s->d = isurv_zalloc(k, sizeof *s->d);
    s->c = isurv_zalloc(k, sizeof *s->c);
    s->risk = isurv_alloc(k, sizeof *s->risk);
    s->n = isurv_alloc(7 * cap, sizeof *s->n);
    s->nr = isurv_alloc((4 * k + k * k) * cap, sizeof *s->nr);
    s->active = isurv_alloc(cap, sizeof *s->active);
    if (!s->d || !s->c || !s->risk || !s->n || !s->nr || !s->active)
        return ISURV_ENOMEM;
    s->dsum = s->n + cap;
    s->w = s->dsum + cap;
    s->wd = s->w + cap;
    s->a2 = s->wd + cap;
    s->nd = s->a2 + cap;
    s->den2 = s->nd + cap;
    s->dr = s->nr + k * cap;
    s->e = s->dr + k * cap;
    s->tmp = s->e + k * cap;
    s->v = s->tmp + k * cap;
    for (g = 0; g < k; g++)
        s->risk[g] = (double)count[g];
    return ISURV_OK;
}

static void close_stream(struct stream *s)
{
    isurv_dealloc(s->d);
    isurv_dealloc(s->c);
    isurv_dealloc(s->risk);
    isurv_dealloc(s->n);
    isurv_dealloc(s->nr);
    isurv_dealloc(s->active);
}

static int run(struct stream *s, struct isurv_fast *f)
{
    struct isurv_runs it;
    struct isurv_clock clk;
    const int pb = f->ks.pb;
    const uint64_t cmask = ((uint64_t)1 << (pb - 1)) - 1;
    size_t m, i;
    int rc, open = 0;

    if ((rc = isurv_runs_open(&it, &f->src)) != ISURV_OK)
        return rc;
    isurv_clock_init(&clk, &f->ks, f->threshold);
    switch (s->k) {
    case 2:
        RUN(2);
        break;
    case 3:
        RUN(3);
        break;
    default: {
        uint32_t *d_ = s->d, *c_ = s->c;
        double *risk_ = s->risk;
        const size_t kk = s->k;
        while ((m = isurv_runs_next(&it)) > 0)
            for (i = 0; i < m; i++) {
                uint64_t k = it.key[i];
                uint32_t w = it.count ? it.count[i] : 1;
                size_t g = (size_t)((k >> 1) & cmask);
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
    drain(s);
    isurv_runs_close(&it);
    return ISURV_OK;
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
