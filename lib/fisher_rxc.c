/* Fisher's exact test for an r x c table: the two-sided p value of R's
 * fisher.test (FEXACT), the total probability of the tables with the
 * observed margins whose probability is at most the observed one's, with
 * FEXACT's tolerance of 3.45254e-7 on the log scale.
 *
 * The tables are generated column by column as paths through a network
 * (Mehta and Patel 1983, 1986).  A node is the multiset of row totals not
 * yet used after the first j columns; its label, the "past", is the sum of
 * -log(x!) over the cells filled so far.  Every completion of a node has
 * a known total weight, the multinomial identity
 *   sum over completions of prod 1/x! = N'! / (prod R_i! prod C_k!),
 * and its -sum log(x!) lies between two bounds from relaxations (drop the
 * row or the column constraints, keep the cell caps).  So a (node, past)
 * pair whose best completion is no more probable than the observed table
 * is counted whole, one whose worst completion is more probable is dropped,
 * and only the rest is carried to the next stage; arcs into the last
 * column are whole tables and are decided on the spot.
 *
 * Paths that reach a node with pasts in the same 2^-28 bucket are merged,
 * which is what keeps the network small.  FEXACT merges within its
 * tolerance and keeps one past, which perturbs its p values by up to about
 * 1e-9; here the merged weight stays exact (each path's count is scaled by
 * exp(its past - the kept past)), and only the threshold decisions use the
 * kept past.  That can move a table only if its log probability lies
 * within about c 2^-28 of the threshold, never a tie with the observed
 * table, which sits 3.45e-7 below it.
 *
 * Limits (ISURV_ESIZE beyond them): a total count of at most
 * ISURV_RXC_MAX_N, at most ISURV_RXC_MAX_ENTRIES (node, past) pairs held
 * at one stage, and at most ISURV_RXC_MAX_WORK arcs generated in all. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sf_gamma.h>

#include "alloc.h"
#include "fisher.h"
#include "inotusurv.h"

#define ISURV_RXC_MAX_N 1000000
#define ISURV_RXC_MAX_ENTRIES ((size_t)1 << 21)
#define ISURV_RXC_MAX_WORK ((uint64_t)1 << 32)

/* FEXACT's tolerance on log probabilities, so that ties with the observed
 * table count as R counts them. */
#define FEXACT_TOL 3.45254e-7
/* Pasts in the same bucket of width 2^-28 are merged. */
#define BUCKET_SCALE 268435456.0

struct entry {
    double past, count; /* count: paths, weighted by exp(their past - past) */
    size_t node, next; /* next entry of the same node, or NONE */
};

struct node {
    size_t head;  /* first entry, or NONE */
    size_t key;   /* offset of its r row totals in the key pool */
    double hi, lo, logmass; /* bounds on the future, log completion weight */
};

/* One stage of the network: nodes and their (past, count) entries, each
 * with an open-addressing hash table. */
struct stage {
    size_t r;
    struct node *node;
    size_t nnode, node_cap;
    int *keys;
    size_t key_cap;
    struct entry *entry;
    size_t nentry, entry_cap;
    size_t *node_hash, node_hash_cap;   /* node index + 1, 0 = empty */
    size_t *entry_hash, entry_hash_cap; /* entry index + 1, 0 = empty */
};

#define NONE SIZE_MAX

struct rxc {
    size_t r, c;          /* r <= c after an optional transpose */
    int *col;             /* column totals, ascending: the order filled */
    double *lf;           /* lf[i] = log(i!) */
    double threshold;     /* -sum log(x!) of the observed table + FEXACT_TOL */
    double logk;          /* log(prod R! prod C! / N!) */
    uint64_t work;
    double p, p_comp;     /* Neumaier sum of the p value */
};

static void stage_free(struct stage *s)
{
    isurv_dealloc(s->node);
    isurv_dealloc(s->keys);
    isurv_dealloc(s->entry);
    isurv_dealloc(s->node_hash);
    isurv_dealloc(s->entry_hash);
    memset(s, 0, sizeof *s);
}

static int stage_init(struct stage *s, size_t r)
{
    memset(s, 0, sizeof *s);
    s->r = r;
    s->node_hash_cap = s->entry_hash_cap = 1024;
    s->node_hash = isurv_zalloc(s->node_hash_cap, sizeof *s->node_hash);
    s->entry_hash = isurv_zalloc(s->entry_hash_cap, sizeof *s->entry_hash);
    if (!s->node_hash || !s->entry_hash) {
        stage_free(s);
        return ISURV_ENOMEM;
    }
    return ISURV_OK;
}

static size_t hash_key(const int *key, size_t r)
{
    uint64_t h = 1469598103934665603u;
    size_t i;

    for (i = 0; i < r; i++) {
        h ^= (uint64_t)(unsigned)key[i];
        h *= 1099511628211u;
    }
    return (size_t)(h ^ (h >> 29));
}

static int64_t bucket_of(double past)
{
    return (int64_t)floor(past * BUCKET_SCALE);
}

static size_t hash_entry(size_t node, int64_t bucket)
{
    uint64_t h = (uint64_t)node * 0x9E3779B97F4A7C15u ^ (uint64_t)bucket;

    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9u;
    return (size_t)(h ^ (h >> 27));
}

/* Doubles a hash table and reinserts every item. */
static int rehash_nodes(struct stage *s)
{
    size_t cap = 2 * s->node_hash_cap, i;
    size_t *h = isurv_zalloc(cap, sizeof *h);

    if (!h)
        return ISURV_ENOMEM;
    for (i = 0; i < s->nnode; i++) {
        size_t j = hash_key(s->keys + s->node[i].key, s->r) & (cap - 1);
        while (h[j])
            j = (j + 1) & (cap - 1);
        h[j] = i + 1;
    }
    isurv_dealloc(s->node_hash);
    s->node_hash = h;
    s->node_hash_cap = cap;
    return ISURV_OK;
}

static int rehash_entries(struct stage *s)
{
    size_t cap = 2 * s->entry_hash_cap, i;
    size_t *h = isurv_zalloc(cap, sizeof *h);

    if (!h)
        return ISURV_ENOMEM;
    for (i = 0; i < s->nentry; i++) {
        size_t j = hash_entry(s->entry[i].node, bucket_of(s->entry[i].past)) & (cap - 1);
        while (h[j])
            j = (j + 1) & (cap - 1);
        h[j] = i + 1;
    }
    isurv_dealloc(s->entry_hash);
    s->entry_hash = h;
    s->entry_hash_cap = cap;
    return ISURV_OK;
}

static int grow(void **p, size_t *cap, size_t need, size_t elt)
{
    size_t n = *cap ? *cap : 64;
    void *q;

    if (need <= *cap)
        return ISURV_OK;
    while (n < need)
        n *= 2;
    q = isurv_alloc(n, elt);
    if (!q)
        return ISURV_ENOMEM;
    if (*p)
        memcpy(q, *p, *cap * elt);
    isurv_dealloc(*p);
    *p = q;
    *cap = n;
    return ISURV_OK;
}

static void node_bounds(const struct rxc *t, size_t j, const int *row,
                        double *hi, double *lo, double *logmass);

/* The index of the node of stage j with these (sorted) row totals, added
 * with its bounds if new. */
static int find_node(struct rxc *t, struct stage *s, size_t stage_j,
                     const int *key, size_t *idx)
{
    size_t j, r = s->r;
    int rc;

    if (2 * (s->nnode + 1) > s->node_hash_cap
        && (rc = rehash_nodes(s)) != ISURV_OK)
        return rc;
    j = hash_key(key, r) & (s->node_hash_cap - 1);
    while (s->node_hash[j]) {
        size_t n = s->node_hash[j] - 1;
        if (memcmp(s->keys + s->node[n].key, key, r * sizeof *key) == 0) {
            *idx = n;
            return ISURV_OK;
        }
        j = (j + 1) & (s->node_hash_cap - 1);
    }
    if ((rc = grow((void **)&s->node, &s->node_cap, s->nnode + 1,
                   sizeof *s->node)) != ISURV_OK)
        return rc;
    if ((rc = grow((void **)&s->keys, &s->key_cap, (s->nnode + 1) * r,
                   sizeof *s->keys)) != ISURV_OK)
        return rc;
    s->node[s->nnode].head = NONE;
    s->node[s->nnode].key = s->nnode * r;
    memcpy(s->keys + s->nnode * r, key, r * sizeof *key);
    node_bounds(t, stage_j, key, &s->node[s->nnode].hi, &s->node[s->nnode].lo,
                &s->node[s->nnode].logmass);
    /* Bounds: two relaxations over the r x c' cells, each O(r + c'). */
    t->work += (uint64_t)r * (t->c - stage_j) * (r + t->c - stage_j);
    s->node_hash[j] = s->nnode + 1;
    *idx = s->nnode++;
    return ISURV_OK;
}

/* Adds count paths with this past to a node, merging with an equal past. */
static int add_entry(struct stage *s, size_t node, double past, double count)
{
    int64_t bucket = bucket_of(past);
    size_t j;
    int rc;

    if (2 * (s->nentry + 1) > s->entry_hash_cap
        && (rc = rehash_entries(s)) != ISURV_OK)
        return rc;
    j = hash_entry(node, bucket) & (s->entry_hash_cap - 1);
    while (s->entry_hash[j]) {
        struct entry *e = &s->entry[s->entry_hash[j] - 1];
        if (e->node == node && bucket_of(e->past) == bucket) {
            /* Keep the weight exact: the merged past only decides which
             * side of the threshold its paths fall on. */
            e->count += count * exp(past - e->past);
            return ISURV_OK;
        }
        j = (j + 1) & (s->entry_hash_cap - 1);
    }
    if (s->nentry >= ISURV_RXC_MAX_ENTRIES)
        return ISURV_ESIZE;
    if ((rc = grow((void **)&s->entry, &s->entry_cap, s->nentry + 1,
                   sizeof *s->entry)) != ISURV_OK)
        return rc;
    s->entry[s->nentry].past = past;
    s->entry[s->nentry].count = count;
    s->entry[s->nentry].node = node;
    s->entry[s->nentry].next = s->node[node].head;
    s->node[node].head = s->nentry;
    s->entry_hash[j] = s->nentry + 1;
    s->nentry++;
    return ISURV_OK;
}

/* max of -sum log(x_i!) over integer x with sum t and 0 <= x_i <= cap[i]:
 * as even as the caps allow (water filling; -log x! is concave).  cap is
 * sorted ascending when asc, else descending. */
static double most_even(const struct rxc *t, int total, const int *cap,
                        size_t q, int asc)
{
    double v = 0.0;
    int rem = total;
    size_t i;

    for (i = 0; i < q; i++) {
        int c = cap[asc ? i : q - 1 - i], left = (int)(q - i);
        int share = rem / left;
        if (c <= share) {
            v -= t->lf[c];
            rem -= c;
        } else {
            /* Every remaining cap exceeds share: spread rem evenly. */
            int extra = rem % left;
            v -= (double)extra * t->lf[share + 1]
                 + (double)(left - extra) * t->lf[share];
            break;
        }
    }
    return v;
}

/* min of -sum log(x_i!) under the same constraints: the vertex that fills
 * the largest caps first majorizes every feasible x, and sum log(x!) is
 * Schur-convex. */
static double most_uneven(const struct rxc *t, int total, const int *cap,
                          size_t q, int asc)
{
    double v = 0.0;
    int rem = total;
    size_t i;

    for (i = 0; i < q && rem > 0; i++) {
        int c = cap[asc ? q - 1 - i : i], x = c < rem ? c : rem;
        v -= t->lf[x];
        rem -= x;
    }
    return v;
}

/* Bounds on the future of a node at stage j with row totals row (sorted
 * descending), and the log total weight of its completions. */
static void node_bounds(const struct rxc *t, size_t j, const int *row,
                        double *hi, double *lo, double *logmass)
{
    size_t r = t->r, c = t->c - j, i, k;
    const int *col = t->col + j;
    double col_hi = 0.0, col_lo = 0.0, row_hi = 0.0, row_lo = 0.0, lm;
    int n = 0;

    for (k = 0; k < c; k++) {
        col_hi += most_even(t, col[k], row, r, 0);
        col_lo += most_uneven(t, col[k], row, r, 0);
    }
    for (i = 0; i < r; i++) {
        row_hi += most_even(t, row[i], col, c, 1);
        row_lo += most_uneven(t, row[i], col, c, 1);
        n += row[i];
    }
    lm = t->lf[n];
    for (i = 0; i < r; i++)
        lm -= t->lf[row[i]];
    for (k = 0; k < c; k++)
        lm -= t->lf[col[k]];
    *hi = col_hi < row_hi ? col_hi : row_hi;
    *lo = col_lo > row_lo ? col_lo : row_lo;
    *logmass = lm;
}

static void add_p(struct rxc *t, double term)
{
    double s = t->p + term;

    if (fabs(t->p) >= fabs(term))
        t->p_comp += (t->p - s) + term;
    else
        t->p_comp += (term - s) + t->p;
    t->p = s;
}

static int cmp_asc(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Sorts a small array descending (insertion sort: r is small). */
static void sort_desc(int *v, size_t r)
{
    size_t i, j;

    for (i = 1; i < r; i++) {
        int x = v[i];
        for (j = i; j > 0 && v[j - 1] < x; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* Every way to fill column j (total col[j]) from the row totals of node
 * nd, each arc applied to the pasts listed in pend.  ints holds 4r + 2
 * scratch values. */
static int expand(struct rxc *t, const struct stage *cur, size_t nd,
                  const size_t *pend, size_t npend, size_t j,
                  struct stage *next, int *ints)
{
    size_t r = t->r, i, e, nn;
    const int *row = cur->keys + cur->node[nd].key;
    int *x = ints, *suffix = x + r, *newkey = suffix + r + 1;
    int *rem = newkey + r; /* rem[i]: column total left for rows i.. */
    int rc;

    suffix[r] = 0;
    for (i = r; i-- > 0;)
        suffix[i] = suffix[i + 1] + row[i];
    /* Depth-first over x[0 .. r-2], each from the least that leaves the
     * remaining rows able to absorb the rest up to what is left; the last
     * row takes the remainder. */
    rem[0] = t->col[j];
    i = 0;
    x[0] = rem[0] - suffix[1] > 0 ? rem[0] - suffix[1] : 0;
    for (;;) {
        double val = 0.0;

        while (i < r - 1) {
            rem[i + 1] = rem[i] - x[i];
            i++;
            x[i] = rem[i] - suffix[i + 1] > 0 ? rem[i] - suffix[i + 1] : 0;
        }
        x[i] = rem[i];
        for (e = 0; e < r; e++) {
            newkey[e] = row[e] - x[e];
            val -= t->lf[x[e]];
        }
        if (j + 2 == t->c) {
            /* The daughter has one column left, filled by its row totals:
             * every path through it is a whole table, decided here. */
            double fut = 0.0;
            for (e = 0; e < r; e++)
                fut -= t->lf[newkey[e]];
            for (e = 0; e < npend; e++) {
                const struct entry *en = &cur->entry[pend[e]];
                if (en->past + val + fut <= t->threshold)
                    add_p(t, en->count * exp(t->logk + en->past + val + fut));
            }
        } else {
            const struct node *d;
            sort_desc(newkey, r);
            if ((rc = find_node(t, next, j + 1, newkey, &nn)) != ISURV_OK)
                return rc;
            d = &next->node[nn];
            for (e = 0; e < npend; e++) {
                const struct entry *en = &cur->entry[pend[e]];
                double past = en->past + val;
                if (past + d->hi <= t->threshold)
                    add_p(t, en->count * exp(t->logk + past + d->logmass));
                else if (past + d->lo <= t->threshold
                         && (rc = add_entry(next, nn, past, en->count)) != ISURV_OK)
                    return rc;
            }
        }
        /* An arc costs its r cells, plus a sort and a hash lookup unless it
         * ends the table, plus one step per past carried along it. */
        t->work += j + 2 == t->c ? npend + 2 * r : 4 * npend + 6 * r + 16;
        if (t->work > ISURV_RXC_MAX_WORK)
            return ISURV_ESIZE;
        /* Step the deepest row that can still take one more. */
        for (;;) {
            if (i == 0)
                return ISURV_OK;
            i--;
            if (x[i] < row[i] && x[i] < rem[i]) {
                x[i]++;
                break;
            }
        }
    }
}

/* Expands the (node, past) pairs of stage j, j < c - 1, into stage
 * j + 1.  Pairs are only stored when undecided, so this decides again
 * only for the root. */
static int run_stage(struct rxc *t, const struct stage *cur, size_t j,
                     struct stage *next, size_t *pend, int *ints)
{
    size_t nd;
    int rc;

    for (nd = 0; nd < cur->nnode; nd++) {
        double hi = cur->node[nd].hi, lo = cur->node[nd].lo;
        double logmass = cur->node[nd].logmass;
        size_t e, npend = 0;

        for (e = cur->node[nd].head; e != NONE; e = cur->entry[e].next) {
            const struct entry *en = &cur->entry[e];
            if (en->past + hi <= t->threshold)
                add_p(t, en->count * exp(t->logk + en->past + logmass));
            else if (en->past + lo <= t->threshold)
                pend[npend++] = e;
        }
        if (npend > 0
            && (rc = expand(t, cur, nd, pend, npend, j, next, ints)) != ISURV_OK)
            return rc;
    }
    return ISURV_OK;
}

int isurv_fisher_rxc(double *p_value, const double *table, size_t nrow,
                     size_t ncol)
{
    struct rxc t;
    struct stage cur, next;
    int *row = NULL, *work_ints = NULL;
    size_t *pend = NULL;
    int transpose = nrow > ncol, rc = ISURV_OK;
    size_t i, k, j;
    double total = 0.0, obs = 0.0;

    memset(&t, 0, sizeof t);
    memset(&cur, 0, sizeof cur);
    memset(&next, 0, sizeof next);
    for (i = 0; i < nrow * ncol; i++)
        total += table[i];
    if (total > ISURV_RXC_MAX_N)
        return ISURV_ESIZE;
    /* Fewer rows than columns keeps the nodes (row multisets) small. */
    t.r = transpose ? ncol : nrow;
    t.c = transpose ? nrow : ncol;
    row = isurv_zalloc(t.r, sizeof *row);
    t.col = isurv_zalloc(t.c, sizeof *t.col);
    t.lf = isurv_alloc((size_t)total + 1, sizeof *t.lf);
    work_ints = isurv_alloc(4 * t.r + 2, sizeof *work_ints);
    if (!row || !t.col || !t.lf || !work_ints) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    for (i = 0; i <= (size_t)total; i++)
        t.lf[i] = gsl_sf_lnfact((unsigned)i);
    for (i = 0; i < nrow; i++)
        for (k = 0; k < ncol; k++) {
            int v = (int)table[i * ncol + k];
            row[transpose ? k : i] += v;
            t.col[transpose ? i : k] += v;
            obs -= t.lf[v];
        }
    t.threshold = obs + FEXACT_TOL;
    t.logk = -t.lf[(size_t)total];
    for (i = 0; i < t.r; i++)
        t.logk += t.lf[row[i]];
    for (k = 0; k < t.c; k++)
        t.logk += t.lf[t.col[k]];
    /* Largest column last: it is never enumerated. */
    qsort(t.col, t.c, sizeof *t.col, cmp_asc);
    sort_desc(row, t.r);
    if ((rc = stage_init(&cur, t.r)) != ISURV_OK)
        goto done;
    {
        size_t nd;
        if ((rc = find_node(&t, &cur, 0, row, &nd)) != ISURV_OK
            || (rc = add_entry(&cur, nd, 0.0, 1.0)) != ISURV_OK)
            goto done;
    }
    /* Stage c - 1 stays empty: arcs into the last column end in expand. */
    for (j = 0; j + 1 < t.c && cur.nentry > 0; j++) {
        isurv_dealloc(pend);
        pend = isurv_alloc(cur.nentry, sizeof *pend);
        if (!pend) {
            rc = ISURV_ENOMEM;
            goto done;
        }
        if ((rc = stage_init(&next, t.r)) != ISURV_OK)
            goto done;
        if ((rc = run_stage(&t, &cur, j, &next, pend, work_ints)) != ISURV_OK)
            goto done;
        stage_free(&cur);
        cur = next;
        memset(&next, 0, sizeof next);
    }
    {
        double p = t.p + t.p_comp;
        *p_value = p < 0.0 ? 0.0 : p > 1.0 ? 1.0 : p;
    }
done:
    stage_free(&cur);
    stage_free(&next);
    isurv_dealloc(pend);
    isurv_dealloc(work_ints);
    isurv_dealloc(row);
    isurv_dealloc(t.col);
    isurv_dealloc(t.lf);
    return rc;
}
