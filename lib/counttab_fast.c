/*
 * The count table of unweighted rows without entry times, built as the
 * fast Kaplan-Meier and log-rank fits read their data (lib/fastcount.h):
 * one 64-bit key per row (time field, then a cell index and the event
 * bit), counted in a histogram or radix-sorted.  A cell of the keys is a
 * (stratum, group) pair, numbered in (stratum, group) order, so the table
 * is the keys' runs regrouped by cell: each cell's times come in
 * ascending order, one table cell per distinct time.
 *
 * Two passes over the runs: the first counts each key cell's distinct
 * times, which sizes the table exactly and gives every key cell its
 * place; the second writes the cells there.  Sorted keys are cut into
 * parts at time boundaries, one per thread, and a part's cells go to
 * places fixed by the counts of the parts before it, so the table is the
 * same whatever the number of parts.
 *
 * isurv_ct_build_fast tries whole-number times first (lib/counttab_days.c:
 * one pass, no keys) and comes here for the rest.
 */
#include <string.h>

#include "alloc.h"
#include "counttab.h"
#include "fastcount.h"
#include "inotusurv.h"
#include "threads.h"

/* Per-part arrays of every key cell are affordable up to this many
 * cells; beyond (sparse pairs of labels), the passes run in one part. */
#define PART_CELLS_MAX ((size_t)1 << 16)

/* The dense (stratum, group) pairs of the rows with strata: a table of
 * every pair of indices when it is no larger than this (and than the
 * data); more pairs than that take the general path. */
#define PAIR_SPAN_MIN ((size_t)1 << 16)

/* The largest histogram of keys, in bits: day counts (a 16-bit time
 * field) with a few strata and groups. */
#define CT_HIST_BITS 22

struct ctfast {
    struct isurv_fast f;          /* f.cells: the key cells */
    struct isurv_cells gc, sc;    /* with strata: groups and strata */
    struct isurv_labels glab, slab; /* the table's labels (borrowed) */
    uint32_t *cs, *cg;            /* per key cell: stratum and group index */
    size_t ncells;                /* key cells */
};

/* ------------------------------------------------------------- cells */

static void label_range(const int *x, size_t n, int *lo, int *hi)
{
    size_t i;
    int a = x[0], b = x[0];

    for (i = 1; i < n; i++) {
        a = x[i] < a ? x[i] : a;
        b = x[i] > b ? x[i] : b;
    }
    *lo = a;
    *hi = b;
}

static inline uint32_t dense_index(const struct isurv_cells *c,
                                   const int *label, size_t i)
{
    if (c->slot)
        return c->slot[label[i] - c->lo];
    return c->index ? c->index[i] : 0;
}

/* The one label of the table without groups or without strata. */
static int zero_label = 0;
static const struct isurv_labels just_zero = { &zero_label, 1 };

/* One label variable (the groups, or the strata when there are no
 * groups): its cells are the key cells. */
static int cells_one(struct ctfast *b, const int *label, size_t n,
                     int is_strata)
{
    size_t c;
    int rc = isurv_fast_cells(&b->f, label, n);

    if (rc != ISURV_OK)
        return rc;
    b->ncells = b->f.cells.labels.count;
    b->glab = is_strata ? just_zero : b->f.cells.labels;
    b->slab = is_strata ? b->f.cells.labels : just_zero;
    b->cs = isurv_zalloc(b->ncells, sizeof *b->cs);
    b->cg = isurv_zalloc(b->ncells, sizeof *b->cg);
    if (!b->cs || !b->cg)
        return ISURV_ENOMEM;
    for (c = 0; c < b->ncells; c++)
        (is_strata ? b->cs : b->cg)[c] = (uint32_t)c;
    return ISURV_OK;
}

/* Keeps only the labels of c. */
static void drop_rows(struct isurv_cells *c)
{
    isurv_dealloc(c->slot);
    isurv_dealloc(c->index);
    isurv_dealloc(c->count);
    c->slot = c->index = NULL;
    c->count = NULL;
}

/* Labels over a wide range: the (stratum, group) pairs present, numbered
 * densely, with a per-row index into them. */
static int dense_pairs(struct ctfast *b, const int *group, const int *strata,
                       size_t n, size_t ns, size_t ng)
{
    struct isurv_cells *kc = &b->f.cells;
    size_t span = ns * ng, i, p, m;
    uint32_t *pair = isurv_zalloc(span, sizeof *pair);

    /* the group cells make way for the pairs */
    b->gc = *kc;
    memset(kc, 0, sizeof *kc);
    b->glab = b->gc.labels;
    kc->index = isurv_alloc(n, sizeof *kc->index);
    if (!pair || !kc->index) {
        isurv_dealloc(pair);
        return ISURV_ENOMEM;
    }
    /* pair p = s * ng + g; index[i] holds it until the pairs are dense */
    for (i = 0; i < n; i++) {
        uint32_t q = dense_index(&b->sc, strata, i) * (uint32_t)ng
                     + dense_index(&b->gc, group, i);
        kc->index[i] = q;
        pair[q]++;
    }
    for (p = 0, m = 0; p < span; p++)
        m += pair[p] != 0;
    kc->labels.value = isurv_alloc(m, sizeof *kc->labels.value);
    kc->count = isurv_alloc(m, sizeof *kc->count);
    b->cs = isurv_alloc(m, sizeof *b->cs);
    b->cg = isurv_alloc(m, sizeof *b->cg);
    if (!kc->labels.value || !kc->count || !b->cs || !b->cg) {
        isurv_dealloc(pair);
        return ISURV_ENOMEM;
    }
    for (p = 0, m = 0; p < span; p++)
        if (pair[p]) {
            kc->labels.value[m] = (int)m; /* unused: cs, cg name the pair */
            kc->count[m] = pair[p];
            b->cs[m] = (uint32_t)(p / ng);
            b->cg[m] = (uint32_t)(p % ng);
            pair[p] = (uint32_t)m++;
        }
    kc->labels.count = b->ncells = m;
    for (i = 0; i < n; i++)
        kc->index[i] = pair[kc->index[i]];
    isurv_dealloc(pair);
    drop_rows(&b->gc);
    drop_rows(&b->sc);
    return ISURV_OK;
}

/* Strata and groups: the key cells are the (stratum, group) pairs.  When
 * both take few values, the sort computes a key's cell from the two
 * labels (stratum index * groups + group index: some cells may have no
 * rows), else each row gets the dense index of its pair. */
static int cells_pairs(struct ctfast *b, const int *group, const int *strata,
                       size_t n)
{
    size_t ns, ng, c, span = 2 * n > PAIR_SPAN_MIN ? 2 * n : PAIR_SPAN_MIN;
    int lo, hi, rc;

    if ((rc = isurv_fast_cells(&b->f, group, n)) != ISURV_OK)
        return rc;
    label_range(strata, n, &lo, &hi);
    if ((rc = isurv_cells_build(&b->sc, strata, n, lo, hi, NULL, b->f.nthreads))
        != ISURV_OK)
        return rc;
    b->glab = b->f.cells.labels;
    b->slab = b->sc.labels;
    ns = b->sc.labels.count;
    ng = b->f.cells.labels.count;
    if (span > UINT32_MAX)
        span = UINT32_MAX;
    if (ng > span / ns)
        return ISURV_FAST_UNFIT;
    if (!b->f.cells.slot || !b->sc.slot)
        return dense_pairs(b, group, strata, n, ns, ng);
    b->f.outer = &b->sc;
    b->f.outer_label = strata;
    b->ncells = ns * ng;
    b->cs = isurv_alloc(b->ncells, sizeof *b->cs);
    b->cg = isurv_alloc(b->ncells, sizeof *b->cg);
    if (!b->cs || !b->cg)
        return ISURV_ENOMEM;
    for (c = 0; c < b->ncells; c++) {
        b->cs[c] = (uint32_t)(c / ng);
        b->cg[c] = (uint32_t)(c % ng);
    }
    return ISURV_OK;
}

/* ------------------------------------------------------------- passes */

/* The keys' runs in parts: [lo[t], lo[t + 1]) of the sorted keys, or of
 * the histogram's entries, cut where the time field changes. */
struct passes {
    const struct isurv_fast *f;
    struct isurv_counttab *t;
    const uint32_t *cs, *cg;
    size_t ncells;
    int nparts;
    size_t lo[ISURV_MAX_THREADS + 1];
    uint64_t *last[ISURV_MAX_THREADS];   /* per key cell: last field + 1 */
    uint64_t *next[ISURV_MAX_THREADS];   /* per key cell: a count, a place */
};

/* The runs of part t, one at a time: key k, w rows. */
#define FOR_EACH_RUN(P, T, K, W, ...)                                         \
    do {                                                                       \
        const struct isurv_fast *f_ = (P)->f;                                  \
        size_t i_, lo_ = (P)->lo[T], hi_ = (P)->lo[(T) + 1];                   \
        if (f_->key) {                                                         \
            const uint64_t *key_ = f_->key;                                    \
            for (i_ = lo_; i_ < hi_; i_++) {                                   \
                const uint64_t K = key_[i_];                                   \
                const uint64_t W = 1;                                          \
                __VA_ARGS__;                                                   \
            }                                                                  \
        } else {                                                               \
            const uint32_t *h_ = f_->hist;                                     \
            for (i_ = lo_; i_ < hi_; i_++)                                     \
                if (h_[i_]) {                                                  \
                    const uint64_t K = i_;                                     \
                    const uint64_t W = h_[i_];                                 \
                    __VA_ARGS__;                                               \
                }                                                              \
        }                                                                      \
    } while (0)

static void count_part(void *ctx, int t)
{
    struct passes *p = ctx;
    const int pb = p->f->ks.pb;
    const uint64_t cmask = ((uint64_t)1 << (pb - 1)) - 1;
    uint64_t *last = p->last[t], *cnt = p->next[t];

    FOR_EACH_RUN(p, t, k, w, {
        size_t c = (size_t)((k >> 1) & cmask);
        uint64_t f1 = (k >> pb) + 1;
        (void)w;
        if (last[c] != f1) {
            last[c] = f1;
            cnt[c]++;
        }
    });
}

static void fill_part(void *ctx, int t)
{
    struct passes *p = ctx;
    const struct isurv_keyspec *ks = &p->f->ks;
    const int pb = ks->pb;
    const uint64_t cmask = ((uint64_t)1 << (pb - 1)) - 1;
    uint64_t *last = p->last[t], *next = p->next[t];
    struct isurv_counttab *tab = p->t;
    uint32_t *cs = tab->cs, *cg = tab->cg;
    double *time = tab->time;
    uint64_t *cnt = tab->n;

    FOR_EACH_RUN(p, t, k, w, {
        size_t c = (size_t)((k >> 1) & cmask), at;
        uint64_t f1 = (k >> pb) + 1;
        if (last[c] != f1) {
            last[c] = f1;
            at = (size_t)next[c]++;
            cs[at] = p->cs[c];
            cg[at] = p->cg[c];
            /* the time of the field is the row's own, -0.0 made 0 */
            time[at] = isurv_key_time(ks, f1 - 1);
        }
        at = (size_t)next[c] - 1;
        cnt[3 * at + ((k & 1) ? ISURV_CT_EVENT : ISURV_CT_CENSOR)] += w;
    });
}

/* Cuts the runs into parts at changes of the time field. */
static void cut_parts(struct passes *p)
{
    const struct isurv_fast *f = p->f;
    const int pb = f->ks.pb;
    size_t n = f->key ? f->src.n : (size_t)1 << (f->ks.width + pb);
    int t;

    p->lo[0] = 0;
    for (t = 1; t < p->nparts; t++) {
        size_t b = isurv_slice(n, t, p->nparts);
        if (b < p->lo[t - 1])
            b = p->lo[t - 1];
        if (f->key)
            while (b > 0 && b < n && (f->key[b] >> pb) == (f->key[b - 1] >> pb))
                b++;
        else
            b = (b + ((size_t)1 << pb) - 1) >> pb << pb;
        p->lo[t] = b < n ? b : n;
    }
    p->lo[p->nparts] = n;
}

static int run_passes(struct ctfast *b, struct isurv_counttab **out, size_t n)
{
    struct passes p;
    size_t c, total = 0;
    int t, rc = ISURV_ENOMEM;

    memset(&p, 0, sizeof p);
    p.f = &b->f;
    p.cs = b->cs;
    p.cg = b->cg;
    p.ncells = b->ncells;
    /* A histogram is small: one part reads it faster than threads start. */
    p.nparts = b->f.key && b->ncells <= PART_CELLS_MAX ? b->f.nthreads : 1;
    if (p.nparts < 1)
        p.nparts = 1;
    if (p.nparts > ISURV_MAX_THREADS)
        p.nparts = ISURV_MAX_THREADS;
    for (t = 0; t < p.nparts; t++) {
        p.last[t] = isurv_zalloc(b->ncells, sizeof *p.last[t]);
        p.next[t] = isurv_zalloc(b->ncells, sizeof *p.next[t]);
        if (!p.last[t] || !p.next[t])
            goto done;
    }
    cut_parts(&p);
    isurv_parallel(p.nparts, count_part, &p);
    /* Key cell c's table cells start after those of the cells before it,
     * and part t's after those of parts 0 .. t-1. */
    for (c = 0; c < b->ncells; c++)
        for (t = 0; t < p.nparts; t++) {
            uint64_t k = p.next[t][c];
            p.next[t][c] = total;
            total += k;
            p.last[t][c] = 0;
        }
    p.t = isurv_ct_new(b->slab.count, b->glab.count, (size_t)total, 0, 0);
    if (!p.t)
        goto done;
    memcpy(p.t->stratum, b->slab.value, b->slab.count * sizeof *p.t->stratum);
    memcpy(p.t->group, b->glab.value, b->glab.count * sizeof *p.t->group);
    p.t->nobs = n;
    isurv_parallel(p.nparts, fill_part, &p);
    *out = p.t;
    rc = ISURV_OK;
done:
    for (t = 0; t < p.nparts; t++) {
        isurv_dealloc(p.last[t]);
        isurv_dealloc(p.next[t]);
    }
    return rc;
}

int isurv_ct_build_keys(struct isurv_counttab **out, const double *time,
                        const int *event, size_t n, const int *group,
                        const int *strata, int nthreads)
{
    /* Without groups the strata take the groups' place in the keys. */
    const int *label = group ? group : strata;
    struct ctfast b;
    int rc;

    memset(&b, 0, sizeof b);
    rc = isurv_fast_check(&b.f, time, event, label, n, nthreads, 1);
    if (rc == ISURV_OK)
        rc = group && strata ? cells_pairs(&b, group, strata, n)
                             : cells_one(&b, label, n, !group && strata);
    if (rc == ISURV_OK) {
        /* Pairs of labels widen the keys: a larger histogram still beats
         * sorting them. */
        b.f.hist_bits = CT_HIST_BITS;
        rc = isurv_fast_keys(&b.f, time, event, label, n, 0);
    }
    if (rc == ISURV_OK)
        rc = run_passes(&b, out, n);
    isurv_dealloc(b.cs);
    isurv_dealloc(b.cg);
    isurv_cells_clear(&b.gc);
    isurv_cells_clear(&b.sc);
    isurv_fast_clear(&b.f);
    return rc;
}

int isurv_ct_build_fast(struct isurv_counttab **out, const double *time,
                        const int *event, size_t n, const int *group,
                        const int *strata, int nthreads)
{
    int rc = isurv_ct_build_days(out, time, event, n, group, strata, nthreads);

    if (rc != ISURV_FAST_UNFIT)
        return rc;
    return isurv_ct_build_keys(out, time, event, n, group, strata, nthreads);
}
