/* Merging two count tables: the union of their labels, the cells of both
 * with equal keys added, the minimal spans of both.  Whole counts and
 * exact sums add without rounding and every other part is a set union
 * in canonical order, so the result does not depend on the order of the
 * operands or on how a chain of merges is bracketed: it is the table of
 * all the rows, as isurv_counttab_build on them would give it. */
#include <string.h>

#include "alloc.h"
#include "counttab.h"

/* The sorted union of two ascending label lists into u (room for na + nb),
 * with where each input label went. */
static size_t union_labels(int *u, uint32_t *ma, uint32_t *mb, const int *a,
                           size_t na, const int *b, size_t nb)
{
    size_t i = 0, j = 0, k = 0;

    while (i < na || j < nb) {
        int take_a = j == nb || (i < na && a[i] <= b[j]);
        int take_b = i == na || (j < nb && b[j] <= a[i]);
        u[k] = take_a ? a[i] : b[j];
        if (take_a)
            ma[i++] = (uint32_t)k;
        if (take_b)
            mb[j++] = (uint32_t)k;
        k++;
    }
    return k;
}

struct side {
    const struct isurv_counttab *t;
    uint32_t *ms, *mg;          /* label maps into the union */
    size_t c;                   /* the next cell */
};

static int cmp_next(const struct side *a, const struct side *b)
{
    uint32_t sa = a->ms[a->t->cs[a->c]], sb = b->ms[b->t->cs[b->c]];
    uint32_t ga = a->mg[a->t->cg[a->c]], gb = b->mg[b->t->cg[b->c]];
    double ta = a->t->time[a->c], tb = b->t->time[b->c];

    if (sa != sb)
        return sa < sb ? -1 : 1;
    if (ga != gb)
        return ga < gb ? -1 : 1;
    return (ta > tb) - (ta < tb);
}

/* Adds the next cell of one side into cell c of t (zeroed, or holding the
 * other side's counts for the same key). */
static int add_cell(struct isurv_counttab *t, size_t c, struct side *s)
{
    const struct isurv_counttab *u = s->t;
    size_t k;

    t->cs[c] = s->ms[u->cs[s->c]];
    t->cg[c] = s->mg[u->cg[s->c]];
    t->time[c] = u->time[s->c];
    for (k = 0; k < 3; k++) {
        uint64_t x = u->n[3 * s->c + k];
        if (t->n[3 * c + k] + x < x)
            return ISURV_ESIZE;
        t->n[3 * c + k] += x;
        if (t->w) {
            struct isurv_xsum w;
            if (u->w)
                w = u->w[3 * s->c + k];
            else
                isurv_xsum_of_count(&w, x);
            if (isurv_xsum_add(&t->w[3 * c + k], &w) != ISURV_OK)
                return ISURV_ESIZE;
        }
    }
    s->c++;
    return ISURV_OK;
}

static int merge_cells(struct isurv_counttab *t, struct side *a, struct side *b)
{
    size_t c = 0;
    int rc = ISURV_OK;

    while (rc == ISURV_OK && (a->c < a->t->ncells || b->c < b->t->ncells)) {
        int cmp = a->c == a->t->ncells ? 1
                  : b->c == b->t->ncells ? -1
                                         : cmp_next(a, b);
        if (cmp <= 0)
            rc = add_cell(t, c, a);
        if (rc == ISURV_OK && cmp >= 0)
            rc = add_cell(t, c, b);
        c++;
    }
    t->ncells = c;
    return rc;
}

/* Both span lists merged by entry, then reduced to the minimal ones. */
static void merge_spans(struct isurv_counttab *t, const struct isurv_counttab *a,
                        const struct isurv_counttab *b)
{
    size_t i = 0, j = 0, k = 0;

    while (i < a->nspans || j < b->nspans) {
        const double *p = j == b->nspans
                                  || (i < a->nspans
                                      && a->span[2 * i] <= b->span[2 * j])
                              ? &a->span[2 * i++]
                              : &b->span[2 * j++];
        t->span[2 * k] = p[0];
        t->span[2 * k + 1] = p[1];
        k++;
    }
    t->nspans = isurv_ct_min_spans(t->span, k);
}

int isurv_counttab_merge(isurv_counttab **out, const isurv_counttab *a,
                         const isurv_counttab *b)
{
    struct isurv_counttab *t = NULL;
    struct side sa, sb;
    uint32_t *maps = NULL;
    size_t nl;
    int rc = ISURV_ENOMEM;

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if (!a || !b)
        return ISURV_ENULL;
    if (a->nobs + b->nobs < a->nobs || a->ncells > SIZE_MAX / 3 - b->ncells
        || a->nspans > SIZE_MAX / 2 - b->nspans
        || a->nstrata > UINT32_MAX - b->nstrata
        || a->ngroups > UINT32_MAX - b->ngroups)
        return ISURV_ESIZE;
    nl = a->nstrata + b->nstrata + a->ngroups + b->ngroups;
    t = isurv_ct_new(a->nstrata + b->nstrata, a->ngroups + b->ngroups,
                     a->ncells + b->ncells, a->nspans + b->nspans,
                     a->w || b->w);
    if (!t || !(maps = isurv_alloc(nl, sizeof *maps)))
        goto done;
    sa.t = a;
    sb.t = b;
    sa.ms = maps;
    sb.ms = maps + a->nstrata;
    sa.mg = maps + a->nstrata + b->nstrata;
    sb.mg = sa.mg + a->ngroups;
    sa.c = sb.c = 0;
    t->nstrata = union_labels(t->stratum, sa.ms, sb.ms,
                              a->stratum, a->nstrata, b->stratum, b->nstrata);
    t->ngroups = union_labels(t->group, sa.mg, sb.mg,
                              a->group, a->ngroups, b->group, b->ngroups);
    t->nobs = a->nobs + b->nobs;
    if ((rc = merge_cells(t, &sa, &sb)) != ISURV_OK)
        goto done;
    merge_spans(t, a, b);
    isurv_ct_trim(t);
    isurv_ct_settle_weights(t);
done:
    isurv_dealloc(maps);
    if (rc != ISURV_OK)
        isurv_counttab_free(t);
    else
        *out = t;
    return rc;
}
