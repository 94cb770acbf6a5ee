/* Count tables: building one from arrays, its dimensions, freeing it,
 * and the two canonical forms the other files share (lib/counttab.h). */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "counttab.h"
#include "fastcount.h"
#include "labels.h"
#include "sort.h"
#include "threads.h"
#include "validate.h"

void isurv_counttab_free(isurv_counttab *t)
{
    if (!t)
        return;
    isurv_dealloc(t->stratum);
    isurv_dealloc(t->group);
    isurv_dealloc(t->cs);
    isurv_dealloc(t->cg);
    isurv_dealloc(t->time);
    isurv_dealloc(t->n);
    isurv_dealloc(t->w);
    isurv_dealloc(t->span);
    isurv_dealloc(t);
}

struct isurv_counttab *isurv_ct_new(size_t nstrata, size_t ngroups,
                                    size_t ncells, size_t nspans, int weighted)
{
    struct isurv_counttab *t = isurv_zalloc(1, sizeof *t);

    if (!t)
        return NULL;
    t->nstrata = nstrata;
    t->ngroups = ngroups;
    t->ncells = ncells;
    t->nspans = nspans;
    t->stratum = isurv_alloc(nstrata, sizeof *t->stratum);
    t->group = isurv_alloc(ngroups, sizeof *t->group);
    t->cs = isurv_alloc(ncells, sizeof *t->cs);
    t->cg = isurv_alloc(ncells, sizeof *t->cg);
    t->time = isurv_alloc(ncells, sizeof *t->time);
    t->n = ncells <= SIZE_MAX / 3 ? isurv_zalloc(3 * ncells, sizeof *t->n) : NULL;
    if (weighted)
        t->w = ncells <= SIZE_MAX / 3 ? isurv_zalloc(3 * ncells, sizeof *t->w)
                                      : NULL;
    t->span = nspans <= SIZE_MAX / 2 ? isurv_alloc(2 * nspans, sizeof *t->span)
                                     : NULL;
    if (!t->stratum || !t->group || !t->cs || !t->cg || !t->time || !t->n
        || (weighted && !t->w) || !t->span) {
        isurv_counttab_free(t);
        return NULL;
    }
    return t;
}

void isurv_ct_settle_weights(struct isurv_counttab *t)
{
    struct isurv_xsum c;
    size_t k;

    if (!t->w)
        return;
    for (k = 0; k < 3 * t->ncells; k++) {
        isurv_xsum_of_count(&c, t->n[k]);
        if (!isurv_xsum_equal(&c, &t->w[k]))
            return;
    }
    isurv_dealloc(t->w);
    t->w = NULL;
}

size_t isurv_ct_min_spans(double *p, size_t n)
{
    double runmin = INFINITY;
    size_t i = n, j, out = n, kept;

    /* From the latest entry back: of the intervals sharing an entry only
     * the shortest can be minimal, and it is unless a later entry has
     * an exit no later than its own. */
    while (i > 0) {
        double e, x;
        j = i - 1;
        e = p[2 * j];
        x = p[2 * j + 1];
        while (j > 0 && p[2 * (j - 1)] == e) {
            j--;
            if (p[2 * j + 1] < x)
                x = p[2 * j + 1];
        }
        if (x < runmin) {
            out--;
            p[2 * out] = e;
            p[2 * out + 1] = x;
            runmin = x;
        }
        i = j;
    }
    kept = n - out;
    memmove(p, p + 2 * out, 2 * kept * sizeof *p);
    return kept;
}

int isurv_counttab_dim(const isurv_counttab *t, size_t *nobs, size_t *nstrata,
                       size_t *ngroups, size_t *ncells)
{
    if (!t)
        return ISURV_ENULL;
    if (t->nobs > SIZE_MAX)
        return ISURV_ESIZE;
    if (nobs)
        *nobs = (size_t)t->nobs;
    if (nstrata)
        *nstrata = t->nstrata;
    if (ngroups)
        *ngroups = t->ngroups;
    if (ncells)
        *ncells = t->ncells;
    return ISURV_OK;
}

/* ------------------------------------------------------------- building */

/* What the pass over the sorted rows reads of row i, side by side, so
 * that a row costs one cache miss rather than one per array. */
struct rowkey {
    uint32_t s, g, event;
};

struct rows {
    const double *time, *entry, *weights;
    const int *event;
    uint32_t *sidx, *gidx;
    struct rowkey *key;
    size_t n;
};

/* -0.0 and 0.0 are one time: the table keeps +0.0. */
static double plain(double t)
{
    return t == 0.0 ? 0.0 : t;
}

/* Pairs sorted by time (isurv_sort_pairs) regrouped by (stratum, group),
 * each group still in time order: two stable partitions, the last one
 * the outer key. */
static int regroup(struct isurv_keyidx *pairs, const struct rows *r,
                   size_t nstrata, size_t ngroups)
{
    size_t ncls = nstrata > ngroups ? nstrata : ngroups;
    size_t *start = isurv_alloc(ncls + 1, sizeof *start);
    struct isurv_keyidx *tmp = isurv_alloc(r->n, sizeof *tmp);
    int rc = ISURV_ENOMEM;

    if (!start || !tmp)
        goto done;
    rc = ISURV_OK;
    if (ngroups > 1 && (rc = isurv_partition(tmp, start, pairs, r->n, r->gidx,
                                             ngroups)) == ISURV_OK)
        memcpy(pairs, tmp, r->n * sizeof *tmp);
    if (rc == ISURV_OK && nstrata > 1
        && (rc = isurv_partition(tmp, start, pairs, r->n, r->sidx, nstrata))
               == ISURV_OK)
        memcpy(pairs, tmp, r->n * sizeof *tmp);
done:
    isurv_dealloc(start);
    isurv_dealloc(tmp);
    return rc;
}

/* Key (s, g, t) against key (s2, g2, t2). */
static int key_cmp(uint32_t s, uint32_t g, double t, uint32_t s2, uint32_t g2,
                   double t2)
{
    if (s != s2)
        return s < s2 ? -1 : 1;
    if (g != g2)
        return g < g2 ? -1 : 1;
    return (t > t2) - (t < t2);
}

/* The rows come in key order, not row order: each reads its row's key
 * (and weight) at a random place.  Asking for them some rows ahead hides
 * the wait for memory, which is most of the pass. */
#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif
#define AHEAD 16

static void prefetch_row(const struct rows *r, size_t i)
{
    PREFETCH(&r->key[i]);
    if (r->weights)
        PREFETCH(&r->weights[i]);
}

/* One pass over the exits and entries, both in key order, into cells. */
static int fill_cells(struct isurv_counttab *t, const struct rows *r,
                      const struct isurv_keyidx *ex,
                      const struct isurv_keyidx *en, size_t nen)
{
    size_t a = 0, b = 0, c = 0;
    int open = 0;

    while (a < r->n || b < nen) {
        const struct rowkey *x = a < r->n ? &r->key[ex[a].i] : NULL;
        const struct rowkey *y = b < nen ? &r->key[en[b].i] : NULL;
        int take_exit = !y || (x && key_cmp(x->s, x->g, plain(ex[a].t), y->s,
                                             y->g, plain(en[b].t)) <= 0);
        size_t i = take_exit ? ex[a].i : en[b].i, k;
        const struct rowkey *z = take_exit ? x : y;
        double v = plain(take_exit ? ex[a++].t : en[b++].t);

        if (a + AHEAD < r->n)
            prefetch_row(r, ex[a + AHEAD].i);
        if (b + AHEAD < nen)
            prefetch_row(r, en[b + AHEAD].i);
        if (!open || key_cmp(z->s, z->g, v, t->cs[c], t->cg[c], t->time[c]) != 0) {
            c += open;
            open = 1;
            t->cs[c] = z->s;
            t->cg[c] = z->g;
            t->time[c] = v;
        }
        k = 3 * c + (take_exit ? (z->event ? ISURV_CT_EVENT : ISURV_CT_CENSOR)
                               : ISURV_CT_ENTER);
        t->n[k]++;
        if (t->w) {
            struct isurv_xsum x;
            isurv_xsum_of_double(&x, r->weights[i]);
            if (isurv_xsum_add(&t->w[k], &x) != ISURV_OK)
                return ISURV_ESIZE;
        }
    }
    t->ncells = c + open;
    return ISURV_OK;
}

/* Shrinking cannot lose data: a failed realloc keeps the larger block. */
static void *trim(void *p, size_t n, size_t sz)
{
    void *q = isurv_realloc(p, n, sz);
    return q ? q : p;
}

void isurv_ct_trim(struct isurv_counttab *t)
{
    t->stratum = trim(t->stratum, t->nstrata, sizeof *t->stratum);
    t->group = trim(t->group, t->ngroups, sizeof *t->group);
    t->span = trim(t->span, 2 * t->nspans, sizeof *t->span);
    t->cs = trim(t->cs, t->ncells, sizeof *t->cs);
    t->cg = trim(t->cg, t->ncells, sizeof *t->cg);
    t->time = trim(t->time, t->ncells, sizeof *t->time);
    t->n = trim(t->n, 3 * t->ncells, sizeof *t->n);
    if (t->w)
        t->w = trim(t->w, 3 * t->ncells, sizeof *t->w);
}

/* The minimal (entry, exit) intervals, from the entries in time order. */
static void fill_spans(struct isurv_counttab *t, const struct rows *r,
                       const struct isurv_keyidx *en)
{
    size_t k;

    for (k = 0; k < r->n; k++) {
        if (k + AHEAD < r->n)
            PREFETCH(&r->time[en[k + AHEAD].i]);
        t->span[2 * k] = plain(en[k].t);
        t->span[2 * k + 1] = plain(r->time[en[k].i]);
    }
    t->nspans = isurv_ct_min_spans(t->span, r->n);
}

static int build(struct isurv_counttab **out, struct rows *r,
                 const int *group, const int *strata)
{
    struct isurv_labels gl = { NULL, 0 }, sl = { NULL, 0 };
    struct isurv_keyidx *ex = NULL, *en = NULL;
    struct isurv_counttab *t = NULL;
    size_t nen = r->entry ? r->n : 0, k;
    int rc = ISURV_ENOMEM;

    r->gidx = isurv_alloc(r->n, sizeof *r->gidx);
    r->sidx = isurv_alloc(r->n, sizeof *r->sidx);
    r->key = isurv_alloc(r->n, sizeof *r->key);
    ex = isurv_alloc(r->n, sizeof *ex);
    if (nen)
        en = isurv_alloc(nen, sizeof *en);
    if (!r->gidx || !r->sidx || !r->key || !ex || (nen && !en))
        goto done;
    if ((rc = isurv_labels_build(&gl, r->gidx, group, r->n)) != ISURV_OK
        || (rc = isurv_labels_build(&sl, r->sidx, strata, r->n)) != ISURV_OK)
        goto done;
    if (r->n > SIZE_MAX / 2) {
        rc = ISURV_ESIZE;
        goto done;
    }
    t = isurv_ct_new(sl.count, gl.count, r->n + nen, nen, r->weights != NULL);
    if (!t) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    for (k = 0; k < r->n; k++) {
        r->key[k].s = r->sidx[k];
        r->key[k].g = r->gidx[k];
        r->key[k].event = (uint32_t)r->event[k];
    }
    memcpy(t->stratum, sl.value, sl.count * sizeof *t->stratum);
    memcpy(t->group, gl.value, gl.count * sizeof *t->group);
    t->nobs = r->n;
    if (en) {
        if ((rc = isurv_sort_pairs(en, r->entry, r->n)) != ISURV_OK)
            goto done;
        fill_spans(t, r, en);
        if ((rc = regroup(en, r, sl.count, gl.count)) != ISURV_OK)
            goto done;
    }
    if ((rc = isurv_sort_pairs(ex, r->time, r->n)) != ISURV_OK
        || (rc = regroup(ex, r, sl.count, gl.count)) != ISURV_OK
        || (rc = fill_cells(t, r, ex, en, nen)) != ISURV_OK)
        goto done;
    isurv_ct_trim(t);
    isurv_ct_settle_weights(t);
done:
    isurv_dealloc(ex);
    isurv_dealloc(en);
    isurv_dealloc(r->gidx);
    isurv_dealloc(r->sidx);
    isurv_dealloc(r->key);
    isurv_labels_clear(&gl);
    isurv_labels_clear(&sl);
    if (rc != ISURV_OK) {
        isurv_counttab_free(t);
        t = NULL;
    }
    *out = t;
    return rc;
}

int isurv_counttab_build(isurv_counttab **out, const double *time,
                         const int *event, size_t n, const double *weights,
                         const double *entry, const int *group,
                         const int *strata)
{
    struct rows r;
    int rc;

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if (n == 0) {
        /* The identity of the merge: no labels, no cells. */
        *out = isurv_ct_new(0, 0, 0, 0, 0);
        return *out ? ISURV_OK : ISURV_ENOMEM;
    }
    /* The common case goes the way of the fast fits, with their default
     * threads; the keys hold no weights or entries. */
    if (!weights && !entry) {
        rc = isurv_ct_build_fast(out, time, event, n, group, strata,
                                 isurv_threads_for(0, n));
        if (rc != ISURV_FAST_UNFIT)
            return rc;
    }
    if ((rc = isurv_check_survdata(time, event, n, weights, entry)) != ISURV_OK)
        return rc;
    memset(&r, 0, sizeof r);
    r.time = time;
    r.event = event;
    r.weights = weights;
    r.entry = entry;
    r.n = n;
    return build(out, &r, group, strata);
}
