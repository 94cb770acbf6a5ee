/*
 * Fits from a count table.  The table becomes the count table of
 * lib/counts.h that the array fits build from rows, and the fit runs the
 * same code from there, so the results are the array fits' own:
 *
 *  - timefix runs over the distinct times of all cells, which are the
 *    distinct exit and entry times of the rows, and R's rule (lib/timefix.c)
 *    depends on nothing else;
 *  - cells whose times it merges, and for Kaplan-Meier the strata of a
 *    group, are pooled: whole counts exactly, weighted sums exactly and
 *    then rounded once to a double;
 *  - the risk sets are the sums from the last row back less the entries
 *    not yet made, by the operations of lib/counts.c.
 *
 * Without weights every count is a whole number, held exactly by a double,
 * so the fit equals the array fit bit for bit.  With weights the array
 * fit adds the weights row by row in time order, rounding each time, and
 * the table rounds the exact sum once: the two agree to rounding error.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "confint.h"
#include "counts.h"
#include "counttab.h"
#include "km.h"
#include "labels.h"
#include "logrank.h"
#include "opts.h"
#include "sort.h"
#include "timefix.h"

/* Which of the fit's strata and columns a cell goes to. */
enum view {
    VIEW_KM,        /* a stratum per group, one column, strata pooled */
    VIEW_LOGRANK,   /* the table's strata, a column per group */
    VIEW_FOLLOWUP   /* everything pooled, events and censorings swapped */
};

/* The distinct cell times U, and for each the rank of its value after
 * timefix among the distinct fixed values V. */
struct ranks {
    double *u, *v;
    size_t *fr;
    size_t m, nv;
};

static void ranks_clear(struct ranks *r)
{
    isurv_dealloc(r->u);
    isurv_dealloc(r->v);
    isurv_dealloc(r->fr);
}

static int ranks_build(struct ranks *r, const struct isurv_counttab *t,
                       const struct isurv_opts *o)
{
    struct isurv_keyidx *k = NULL;
    size_t i;
    int rc;

    memset(r, 0, sizeof *r);
    r->u = isurv_alloc(t->ncells, sizeof *r->u);
    r->v = isurv_alloc(t->ncells, sizeof *r->v);
    r->fr = isurv_alloc(t->ncells, sizeof *r->fr);
    k = isurv_alloc(t->ncells, sizeof *k);
    if (!r->u || !r->v || !r->fr || !k) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    if ((rc = isurv_sort_values(r->u, t->time, t->ncells, o->threads))
        != ISURV_OK)
        goto done;
    for (i = 0; i < t->ncells; i++)
        if (r->m == 0 || r->u[r->m - 1] != r->u[i])
            r->u[r->m++] = r->u[i];
    for (i = 0; i < r->m; i++) {
        k[i].t = r->u[i];
        k[i].i = i;
    }
    /* R's aeqSurv on the distinct values: what the array fits do with
     * all exit and entry times, duplicates being skipped there. */
    if (o->timefix)
        isurv_timefix(k, r->m, NULL, 0);
    for (i = 0; i < r->m; i++) {
        if (r->nv == 0 || r->v[r->nv - 1] != k[i].t)
            r->v[r->nv++] = k[i].t;
        r->fr[i] = r->nv - 1;
    }
done:
    isurv_dealloc(k);
    if (rc != ISURV_OK)
        ranks_clear(r);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The rank after timefix of a time of the table. */
static size_t fixed_rank(const struct ranks *r, double t)
{
    const double *hit = bsearch(&t, r->u, r->m, sizeof *r->u, cmp_double);
    return r->fr[hit - r->u];
}

/* As the array fits refuse data where timefix gives a row an entry equal
 * to its exit: it does iff it does so to one of the minimal spans. */
static int check_spans(const struct isurv_counttab *t, const struct ranks *r)
{
    size_t i;

    for (i = 0; i < t->nspans; i++)
        if (fixed_rank(r, t->span[2 * i]) == fixed_rank(r, t->span[2 * i + 1]))
            return ISURV_EENTRY;
    return ISURV_OK;
}

struct plan {
    const struct isurv_counttab *t;
    int view;
    size_t nfs, ncol;
    size_t *rank;     /* per cell: fixed rank */
    size_t *order;    /* cells by (fit stratum, fixed rank) */
};

static size_t fs_of(const struct plan *p, size_t c)
{
    return p->view == VIEW_KM ? p->t->cg[c]
           : p->view == VIEW_LOGRANK ? p->t->cs[c]
                                     : 0;
}

static size_t col_of(const struct plan *p, size_t c)
{
    return p->view == VIEW_LOGRANK ? p->t->cg[c] : 0;
}

/* Two stable counting passes: by fixed rank, then by fit stratum. */
static int plan_order(struct plan *p, const struct ranks *r)
{
    const size_t C = p->t->ncells;
    size_t nb = r->nv > p->nfs ? r->nv : p->nfs, c, k;
    size_t *cnt = isurv_zalloc(nb + 1, sizeof *cnt);
    size_t *tmp = isurv_alloc(C, sizeof *tmp);

    p->rank = isurv_alloc(C, sizeof *p->rank);
    p->order = isurv_alloc(C, sizeof *p->order);
    if (!cnt || !tmp || !p->rank || !p->order) {
        isurv_dealloc(cnt);
        isurv_dealloc(tmp);
        return ISURV_ENOMEM;
    }
    for (c = 0; c < C; c++) {
        p->rank[c] = fixed_rank(r, p->t->time[c]);
        cnt[p->rank[c] + 1]++;
    }
    for (k = 0; k < r->nv; k++)
        cnt[k + 1] += cnt[k];
    for (c = 0; c < C; c++)
        tmp[cnt[p->rank[c]]++] = c;
    memset(cnt, 0, (nb + 1) * sizeof *cnt);
    for (k = 0; k < C; k++)
        cnt[fs_of(p, tmp[k]) + 1]++;
    for (k = 0; k < p->nfs; k++)
        cnt[k + 1] += cnt[k];
    for (k = 0; k < C; k++)
        p->order[cnt[fs_of(p, tmp[k])]++] = tmp[k];
    isurv_dealloc(cnt);
    isurv_dealloc(tmp);
    return ISURV_OK;
}

/* The end of the run of p->order starting at k with one (stratum, rank). */
static size_t run_end(const struct plan *p, size_t k)
{
    size_t c0 = p->order[k], e = k + 1;

    while (e < p->t->ncells && fs_of(p, p->order[e]) == fs_of(p, c0)
           && p->rank[p->order[e]] == p->rank[c0])
        e++;
    return e;
}

static int run_has_exit(const struct plan *p, size_t k, size_t e)
{
    for (; k < e; k++) {
        const uint64_t *n = &p->t->n[3 * p->order[k]];
        if (n[ISURV_CT_EVENT] + n[ISURV_CT_CENSOR] > 0)
            return 1;
    }
    return 0;
}

/* Rows: one per (fit stratum, fixed time) with an exit. */
static int alloc_counts(struct isurv_counts *c, const struct plan *p)
{
    size_t k, e, nrows = 0, cells;

    memset(c, 0, sizeof *c);
    c->nstrata = p->nfs;
    c->ngroups = p->ncol;
    c->start = isurv_zalloc(p->nfs + 1, sizeof *c->start);
    if (!c->start)
        return ISURV_ENOMEM;
    for (k = 0; k < p->t->ncells; k = e) {
        e = run_end(p, k);
        if (run_has_exit(p, k, e)) {
            nrows++;
            c->start[fs_of(p, p->order[k]) + 1]++;
        }
    }
    for (k = 0; k < p->nfs; k++)
        c->start[k + 1] += c->start[k];
    if (nrows > SIZE_MAX / p->ncol || p->nfs > SIZE_MAX / p->ncol)
        return ISURV_ESIZE;
    cells = nrows * p->ncol;
    c->time = isurv_alloc(nrows, sizeof *c->time);
    c->nevent = isurv_zalloc(cells, sizeof *c->nevent);
    c->ncensor = isurv_zalloc(cells, sizeof *c->ncensor);
    c->nenter = isurv_zalloc(cells, sizeof *c->nenter);
    c->nrisk = isurv_zalloc(cells, sizeof *c->nrisk);
    c->nobs = isurv_zalloc(p->nfs * p->ncol, sizeof *c->nobs);
    if (!c->time || !c->nevent || !c->ncensor || !c->nenter || !c->nrisk
        || !c->nobs)
        return ISURV_ENOMEM;
    return ISURV_OK;
}

/* Per column of the run being pooled: whole counts and exact sums. */
struct pool {
    uint64_t *n;              /* 3 per column */
    struct isurv_xsum *w;     /* 3 per column, or NULL */
    size_t *touched, ntouched;
};

/* An entry group: entries at one fixed time into one column. */
struct entry {
    double t, v;
    size_t col;
};

static double pooled(const struct pool *pl, size_t col, int k)
{
    return pl->w ? isurv_xsum_round(&pl->w[3 * col + k])
                 : (double)pl->n[3 * col + k];
}

/* Pools the cells of a run per column (events and censorings swapped
 * for the follow-up view). */
static int pool_run(struct pool *pl, const struct plan *p, size_t k, size_t e,
                    size_t *nobs)
{
    const struct isurv_counttab *t = p->t;
    size_t j;
    int kk;

    for (; k < e; k++) {
        size_t c = p->order[k], col = col_of(p, c);
        uint64_t *acc = &pl->n[3 * col];
        if (acc[0] == 0 && acc[1] == 0 && acc[2] == 0)
            pl->touched[pl->ntouched++] = col;
        for (kk = 0; kk < 3; kk++) {
            int dst = p->view == VIEW_FOLLOWUP && kk < 2 ? 1 - kk : kk;
            acc[dst] += t->n[3 * c + kk];
            if (pl->w && isurv_xsum_add(&pl->w[3 * col + dst], &t->w[3 * c + kk])
                             != ISURV_OK)
                return ISURV_ESIZE;
        }
        j = fs_of(p, c) * p->ncol + col;
        nobs[j] += (size_t)(t->n[3 * c + ISURV_CT_EVENT]
                            + t->n[3 * c + ISURV_CT_CENSOR]);
    }
    return ISURV_OK;
}

static void pool_reset(struct pool *pl)
{
    size_t j;

    for (j = 0; j < pl->ntouched; j++) {
        size_t col = pl->touched[j];
        memset(&pl->n[3 * col], 0, 3 * sizeof *pl->n);
        if (pl->w)
            memset(&pl->w[3 * col], 0, 3 * sizeof *pl->w);
    }
    pl->ntouched = 0;
}

/* Left truncation, as lib/counts.c's fill_entries: walking the rows back,
 * entries at or after a row's time join only later rows; each is booked
 * as n.enter on the first row after it, and the risk sets are those of
 * isurv_risk_row (lib/counts.h), the array fits' own.  acc: 4 ncol
 * doubles. */
static int fill_entries(struct isurv_counts *c, size_t s,
                        const struct entry *en, size_t nen, double *acc)
{
    const size_t G = c->ngroups, first = c->start[s], end = c->start[s + 1];
    size_t row, j = nen;

    isurv_risk_begin(acc, G);
    for (row = end; row-- > first;) {
        while (j > 0 && en[j - 1].t >= c->time[row]) {
            j--;
            if (row + 1 >= end)
                return ISURV_EENTRY; /* no exit after it: not a real table */
            c->nenter[(row + 1) * G + en[j].col] += en[j].v;
            isurv_risk_enter(acc, G, en[j].col, en[j].v);
        }
        if (nen > 0)
            isurv_risk_row(c, row, acc);
    }
    if (j > 0 && first == end)
        return ISURV_EENTRY;
    while (j > 0) {
        j--;
        c->nenter[first * G + en[j].col] += en[j].v;
    }
    return ISURV_OK;
}

static int fill_counts(struct isurv_counts *c, const struct plan *p,
                       const struct ranks *r, struct pool *pl,
                       struct entry *en, size_t *enstart, double *risk_acc)
{
    const size_t G = p->ncol;
    size_t k, e, j, row = 0, nen = 0, s;
    int rc;

    for (k = 0; k < p->t->ncells; k = e) {
        size_t fs = fs_of(p, p->order[k]);
        double time = r->v[p->rank[p->order[k]]];
        e = run_end(p, k);
        if ((rc = pool_run(pl, p, k, e, c->nobs)) != ISURV_OK)
            return rc;
        if (run_has_exit(p, k, e)) {
            c->time[row] = time;
            for (j = 0; j < pl->ntouched; j++) {
                size_t col = pl->touched[j];
                c->nevent[row * G + col] = pooled(pl, col, ISURV_CT_EVENT);
                c->ncensor[row * G + col] = pooled(pl, col, ISURV_CT_CENSOR);
            }
            row++;
        }
        for (j = 0; j < pl->ntouched; j++) {
            size_t col = pl->touched[j];
            if (pl->n[3 * col + ISURV_CT_ENTER] > 0) {
                en[nen].t = time;
                en[nen].v = pooled(pl, col, ISURV_CT_ENTER);
                en[nen].col = col;
                nen++;
            }
        }
        enstart[fs + 1] = nen;
        pool_reset(pl);
    }
    for (s = 0; s < p->nfs; s++) {
        if (enstart[s + 1] < enstart[s])
            enstart[s + 1] = enstart[s];  /* a stratum without cells */
        isurv_risk_exits(c, s);
        if ((rc = fill_entries(c, s, en + enstart[s], enstart[s + 1] - enstart[s],
                               risk_acc)) != ISURV_OK)
            return rc;
    }
    return ISURV_OK;
}

/* The count table of lib/counts.h for a view of t. */
static int table_counts(struct isurv_counts *c, const struct isurv_counttab *t,
                        int view, const struct isurv_opts *o)
{
    struct ranks r;
    struct plan p;
    struct pool pl;
    struct entry *en = NULL;
    size_t *enstart = NULL;
    double *risk_acc = NULL;
    int rc;

    memset(c, 0, sizeof *c);
    memset(&p, 0, sizeof p);
    memset(&pl, 0, sizeof pl);
    if ((rc = ranks_build(&r, t, o)) != ISURV_OK)
        return rc;
    if (o->timefix && (rc = check_spans(t, &r)) != ISURV_OK)
        goto done;
    p.t = t;
    p.view = view;
    p.nfs = view == VIEW_KM ? t->ngroups : view == VIEW_LOGRANK ? t->nstrata : 1;
    p.ncol = view == VIEW_LOGRANK ? t->ngroups : 1;
    if ((rc = plan_order(&p, &r)) != ISURV_OK
        || (rc = alloc_counts(c, &p)) != ISURV_OK)
        goto done;
    rc = ISURV_ENOMEM;
    pl.n = isurv_zalloc(3 * p.ncol, sizeof *pl.n);
    if (t->w && !(pl.w = isurv_zalloc(3 * p.ncol, sizeof *pl.w)))
        goto done;
    pl.touched = isurv_alloc(p.ncol, sizeof *pl.touched);
    risk_acc = p.ncol > SIZE_MAX / 4 ? NULL
                                    : isurv_alloc(4 * p.ncol, sizeof *risk_acc);
    en = isurv_alloc(t->ncells, sizeof *en);
    enstart = isurv_zalloc(p.nfs + 1, sizeof *enstart);
    if (!pl.n || !pl.touched || !risk_acc || !en || !enstart)
        goto done;
    rc = fill_counts(c, &p, &r, &pl, en, enstart, risk_acc);
done:
    ranks_clear(&r);
    isurv_dealloc(p.rank);
    isurv_dealloc(p.order);
    isurv_dealloc(pl.n);
    isurv_dealloc(pl.w);
    isurv_dealloc(pl.touched);
    isurv_dealloc(risk_acc);
    isurv_dealloc(en);
    isurv_dealloc(enstart);
    if (rc != ISURV_OK)
        isurv_counts_clear(c);
    return rc;
}

/* ------------------------------------------------------------- the fits */

/* A Kaplan-Meier fit of a view with one column (KM or follow-up). */
static int km_of(struct isurv_km **out, const struct isurv_counttab *t,
                 int view, const struct isurv_opts *o)
{
    static const int label0 = 0;
    struct isurv_labels labels;
    struct isurv_counts c;
    struct isurv_km *fit;
    int rc;

    if ((rc = table_counts(&c, t, view, o)) != ISURV_OK)
        return rc;
    /* Borrowed labels: isurv_km_from_counts copies them. */
    labels.value = view == VIEW_KM ? t->group : (int *)&label0;
    labels.count = view == VIEW_KM ? t->ngroups : 1;
    if (!(fit = isurv_km_new(o)))
        rc = ISURV_ENOMEM;
    else
        rc = isurv_km_from_counts(fit, &c, &labels);
    isurv_counts_clear(&c);
    if (rc != ISURV_OK) {
        isurv_km_free(fit);
        fit = NULL;
    }
    *out = fit;
    return rc;
}

int isurv_counttab_km(isurv_km **out, const isurv_counttab *tab,
                      const isurv_opts *opts)
{
    const struct isurv_opts *o = isurv_opts_or_default(opts);

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if (!tab)
        return ISURV_ENULL;
    if (tab->ncells == 0)
        return ISURV_EEMPTY;
    return km_of(out, tab, VIEW_KM, o);
}

int isurv_counttab_followup(double *estimate, double *lower, double *upper,
                            const isurv_counttab *tab, const isurv_opts *opts)
{
    const struct isurv_opts *o = isurv_opts_or_default(opts);
    struct isurv_km *fit = NULL;
    int rc;

    if (!estimate || !tab)
        return ISURV_ENULL;
    if (tab->ncells == 0)
        return ISURV_EEMPTY;
    if ((rc = km_of(&fit, tab, VIEW_FOLLOWUP, o)) == ISURV_OK)
        rc = isurv_km_quantile(fit, 0, 0.5, estimate, lower, upper);
    isurv_km_free(fit);
    return rc;
}

int isurv_counttab_logrank(isurv_logrank **out, const isurv_counttab *tab,
                           const isurv_opts *opts)
{
    const struct isurv_opts *o = isurv_opts_or_default(opts);
    struct isurv_lr_data d;
    struct isurv_logrank *fit;
    int rc;

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if (!tab)
        return ISURV_ENULL;
    if (tab->ncells == 0)
        return ISURV_EEMPTY;
    /* The family takes no case weights (isurv_logrank_test has none). */
    if (tab->w)
        return ISURV_EWEIGHT;
    if ((rc = isurv_lr_check_weights(o)) != ISURV_OK)
        return rc;
    if (tab->ngroups < 2)
        return ISURV_EGROUPS;
    if (tab->ngroups > ISURV_LOGRANK_MAX_GROUPS)
        return ISURV_ESIZE;
    memset(&d, 0, sizeof d);
    if ((rc = table_counts(&d.tab, tab, VIEW_LOGRANK, o)) != ISURV_OK)
        return rc;
    /* Borrowed labels: isurv_lr_fill copies them, and d is not cleared
     * with isurv_lr_data_clear, which would free them. */
    d.groups.value = tab->group;
    d.groups.count = tab->ngroups;
    d.strata.value = tab->stratum;
    d.strata.count = tab->nstrata;
    fit = isurv_zalloc(1, sizeof *fit);
    rc = fit ? isurv_lr_fill(fit, &d, o) : ISURV_ENOMEM;
    isurv_counts_clear(&d.tab);
    if (rc != ISURV_OK)
        isurv_logrank_free(fit);
    else
        *out = fit;
    return rc;
}
