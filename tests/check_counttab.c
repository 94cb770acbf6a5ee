/*
 * Count tables (isurv_counttab_build(3)).  The reference throughout is the
 * array fit on all the rows, which check_km and check_logrank hold to R:
 * a table fit introduces no statistic of its own.
 *  - Random data cut into random partitions, with and without weights,
 *    entry times, groups, strata, ties and times that timefix merges
 *    across partitions: the table of every merge order is byte for byte
 *    the table of all the rows, and its fits equal the array fits, bit
 *    for bit without weights and to 1e-12 relative with them (the array
 *    fit rounds after every weight it adds, the table once).
 *  - The byte format, pinned by vectors written out by hand here from
 *    the format in the man page, and a reader that refuses every
 *    truncation and many corruptions, and accepts only bytes it would
 *    write itself.
 *  - Bad input for every function.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inotusurv.h"
#include "testutil.h"
#include "testrand.h"

/* The agreement promised where summation order differs (weights). */
#define WEIGHTED_TOL 1e-12

/* ------------------------------------------------------------ data */

enum {
    F_WEIGHTS = 1,     /* case weights with full mantissas */
    F_ENTRY = 2,       /* left truncation */
    F_GROUPS = 4,      /* sparse group labels, negative ones too */
    F_STRATA = 8,
    F_TIES = 16,       /* whole-number times: many ties, entries on them */
    F_NEAR = 32,       /* some times 1e-12 relative from another row's */
    F_ZEROW = 64       /* some weights 0 */
};

struct data {
    size_t n;
    double *time, *weights, *entry;
    int *event, *group, *strata;
};

static uint64_t rng = 1;

static double unif(void)
{
    return isurv_test_unif(&rng);
}

static void alloc_data(struct data *d, size_t n, unsigned flags)
{
    memset(d, 0, sizeof *d);
    d->n = n;
    d->time = isurv_test_xmalloc(n * sizeof *d->time);
    d->event = isurv_test_xmalloc(n * sizeof *d->event);
    if (flags & F_WEIGHTS)
        d->weights = isurv_test_xmalloc(n * sizeof *d->weights);
    if (flags & F_ENTRY)
        d->entry = isurv_test_xmalloc(n * sizeof *d->entry);
    if (flags & F_GROUPS)
        d->group = isurv_test_xmalloc(n * sizeof *d->group);
    if (flags & F_STRATA)
        d->strata = isurv_test_xmalloc(n * sizeof *d->strata);
}

static void make(struct data *d, size_t n, unsigned flags)
{
    static const int glab[] = { -3, 0, 5, 100000 };
    size_t i;

    alloc_data(d, n, flags);
    for (i = 0; i < n; i++) {
        double x = -12.0 * log(unif());
        double t = flags & F_TIES ? 1.0 + floor(x) : 0.01 + x;
        if ((flags & F_NEAR) && i % 5 == 1)
            t = d->time[i - 1] * (1.0 + 1e-12);
        d->time[i] = t;
        d->event[i] = unif() < 0.6;
        if (d->weights)
            d->weights[i] = (flags & F_ZEROW) && i % 7 == 3 ? 0.0
                                                           : 0.25 + 2.0 * unif();
        if (d->entry)
            d->entry[i] = flags & F_TIES ? floor(unif() * t) : 0.8 * unif() * t;
        if (d->group)
            d->group[i] = glab[(size_t)(unif() * 4)];
        if (d->strata)
            d->strata[i] = 1 + (int)(unif() * 3);
    }
}

static void drop(struct data *d)
{
    free(d->time);
    free(d->weights);
    free(d->entry);
    free(d->event);
    free(d->group);
    free(d->strata);
}

/* Rows of d dealt at random into k partitions, each keeping the rows'
 * order; some partitions may be empty. */
static struct data *split(const struct data *d, size_t k)
{
    struct data *p = isurv_test_xmalloc(k * sizeof *p);
    size_t *part = isurv_test_xmalloc(d->n * sizeof *part), i, j;
    unsigned flags = (d->weights ? F_WEIGHTS : 0) | (d->entry ? F_ENTRY : 0)
                     | (d->group ? F_GROUPS : 0) | (d->strata ? F_STRATA : 0);

    for (j = 0; j < k; j++)
        alloc_data(&p[j], d->n, flags);
    for (j = 0; j < k; j++)
        p[j].n = 0;
    for (i = 0; i < d->n; i++) {
        struct data *q = &p[part[i] = (size_t)(unif() * (double)k)];
        size_t m = q->n++;
        q->time[m] = d->time[i];
        q->event[m] = d->event[i];
        if (d->weights)
            q->weights[m] = d->weights[i];
        if (d->entry)
            q->entry[m] = d->entry[i];
        if (d->group)
            q->group[m] = d->group[i];
        if (d->strata)
            q->strata[m] = d->strata[i];
    }
    free(part);
    return p;
}

static isurv_counttab *table_of(const struct data *d)
{
    isurv_counttab *t = NULL;

    ck_assert_int_eq(isurv_counttab_build(&t, d->time, d->event, d->n,
                                          d->weights, d->entry, d->group,
                                          d->strata),
                     ISURV_OK);
    ck_assert_ptr_nonnull(t);
    return t;
}

static isurv_counttab *merged(const isurv_counttab *a, const isurv_counttab *b)
{
    isurv_counttab *t = NULL;

    ck_assert_int_eq(isurv_counttab_merge(&t, a, b), ISURV_OK);
    ck_assert_ptr_nonnull(t);
    return t;
}

static unsigned char *bytes_of(const isurv_counttab *t, size_t *len)
{
    unsigned char *buf;
    size_t need = 0, again = 0;

    ck_assert_int_eq(isurv_counttab_to_bytes(t, NULL, 0, &need), ISURV_OK);
    ck_assert_uint_ge(need, 48);
    buf = isurv_test_xmalloc(need);
    ck_assert_int_eq(isurv_counttab_to_bytes(t, buf, need, &again), ISURV_OK);
    ck_assert_uint_eq(again, need);
    *len = need;
    return buf;
}

static void assert_same_bytes(const isurv_counttab *a, const isurv_counttab *b,
                              const char *what)
{
    size_t la, lb;
    unsigned char *x = bytes_of(a, &la), *y = bytes_of(b, &lb);

    ck_assert_msg(la == lb && memcmp(x, y, la) == 0,
                  "%s: tables differ (%zu and %zu bytes)", what, la, lb);
    free(x);
    free(y);
}

static isurv_opts *opts_with(int timefix)
{
    isurv_opts *o = NULL;

    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_timefix(o, timefix), ISURV_OK);
    return o;
}

/* ------------------------------------------------------------ comparing */

/* Differences are counted and the first one reported, so that one
 * assertion covers a whole fit. */
static size_t ndiff;
static char first_diff[240];

static void agree(double a, double b, double tol, const char *what, size_t i)
{
    int ok = tol == 0.0 ? memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b))
                        : isurv_close(a, b, tol);
    if (!ok && ndiff++ == 0)
        snprintf(first_diff, sizeof first_diff, "%s[%zu]: %.17g != %.17g", what,
                 i, a, b);
}

static void assert_agree(const char *what)
{
    ck_assert_msg(ndiff == 0, "%s: %zu differences, first %s", what, ndiff,
                  first_diff);
    ndiff = 0;
}

/* Every column and query of two Kaplan-Meier fits: bit for bit when tol
 * is 0.  skip_col (-1 for none) is left out. */
static void same_km(const isurv_km *a, const isurv_km *b, double tol,
                    int skip_col)
{
    size_t c, r, na, nb;
    int col, j;

    ck_assert_uint_eq(isurv_km_ncurves(a), isurv_km_ncurves(b));
    for (c = 0; c < isurv_km_ncurves(a); c++) {
        double *x, *y, q[5], sa[4][5], sb[4][5], ea, la, ua, eb, lb, ub;
        int ga, gb;
        ck_assert_int_eq(isurv_km_group(a, c, &ga), ISURV_OK);
        ck_assert_int_eq(isurv_km_group(b, c, &gb), ISURV_OK);
        ck_assert_int_eq(ga, gb);
        ck_assert_int_eq(isurv_km_nobs(a, c, &na), ISURV_OK);
        ck_assert_int_eq(isurv_km_nobs(b, c, &nb), ISURV_OK);
        ck_assert_uint_eq(na, nb);
        ck_assert_int_eq(isurv_km_ntimes(a, c, &na), ISURV_OK);
        ck_assert_int_eq(isurv_km_ntimes(b, c, &nb), ISURV_OK);
        ck_assert_uint_eq(na, nb);
        x = isurv_test_xmalloc(na * sizeof *x);
        y = isurv_test_xmalloc(na * sizeof *y);
        for (col = 0; col < 12; col++) {
            if (col == skip_col)
                continue;
            ck_assert_int_eq(isurv_km_column(a, c, col, x, na), ISURV_OK);
            ck_assert_int_eq(isurv_km_column(b, c, col, y, na), ISURV_OK);
            for (r = 0; r < na; r++)
                agree(x[r], y[r], col == ISURV_KM_TIME ? 0.0 : tol, "column",
                      (size_t)col * 100000 + r);
        }
        ck_assert_int_eq(isurv_km_quantile(a, c, 0.5, &ea, &la, &ua), ISURV_OK);
        ck_assert_int_eq(isurv_km_quantile(b, c, 0.5, &eb, &lb, &ub), ISURV_OK);
        agree(ea, eb, tol, "median", c);
        agree(la, lb, tol, "median lower", c);
        agree(ua, ub, tol, "median upper", c);
        ck_assert_int_eq(isurv_km_column(a, c, ISURV_KM_TIME, x, na), ISURV_OK);
        for (j = 0; j < 5; j++)
            q[j] = x[(na - 1) * (size_t)j / 4] * (j == 4 ? 1.5 : 1.0);
        ck_assert_int_eq(isurv_km_surv_at(a, c, q, 5, sa[0], sa[1], sa[2], sa[3]),
                         ISURV_OK);
        ck_assert_int_eq(isurv_km_surv_at(b, c, q, 5, sb[0], sb[1], sb[2], sb[3]),
                         ISURV_OK);
        for (j = 0; j < 20; j++)
            agree(sa[j / 5][j % 5], sb[j / 5][j % 5], tol, "surv_at", (size_t)j);
        ck_assert_int_eq(isurv_km_risk_table(a, c, q, 5, sa[0], sa[1], sa[2]),
                         ISURV_OK);
        ck_assert_int_eq(isurv_km_risk_table(b, c, q, 5, sb[0], sb[1], sb[2]),
                         ISURV_OK);
        for (j = 0; j < 15; j++)
            agree(sa[j / 5][j % 5], sb[j / 5][j % 5], tol, "risk_table",
                  (size_t)j);
        ck_assert_int_eq(isurv_km_rmst(a, c, q[2] > 0 ? q[2] : 1.0, &ea, &la),
                         ISURV_OK);
        ck_assert_int_eq(isurv_km_rmst(b, c, q[2] > 0 ? q[2] : 1.0, &eb, &lb),
                         ISURV_OK);
        agree(ea, eb, tol, "rmst", c);
        agree(la, lb, tol, "rmst se", c);
        free(x);
        free(y);
    }
    assert_agree("km");
}

static void same_logrank(const isurv_logrank *a, const isurv_logrank *b)
{
    size_t k = isurv_logrank_ngroups(a), ns = isurv_logrank_nstrata(a), j, s;
    double x[5], y[5], *ta, *tb;
    int la, lb;

    ck_assert_uint_eq(k, isurv_logrank_ngroups(b));
    ck_assert_uint_eq(ns, isurv_logrank_nstrata(b));
    ta = isurv_test_xmalloc(5 * k * k * sizeof *ta);
    tb = isurv_test_xmalloc(5 * k * k * sizeof *tb);
    for (j = 0; j < k; j++) {
        ck_assert_int_eq(isurv_logrank_group(a, j, &la), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_group(b, j, &lb), ISURV_OK);
        ck_assert_int_eq(la, lb);
    }
    ck_assert_int_eq(isurv_logrank_stat(a, &x[0], &x[1], &x[2]), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_stat(b, &y[0], &y[1], &y[2]), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_log_p(a, &x[3]), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_log_p(b, &y[3]), ISURV_OK);
    for (j = 0; j < 4; j++)
        agree(x[j], y[j], 0.0, "stat", j);
    ck_assert_int_eq(isurv_logrank_table(a, ta, ta + k, ta + 2 * k, ta + 3 * k,
                                         ta + 4 * k, k), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_table(b, tb, tb + k, tb + 2 * k, tb + 3 * k,
                                         tb + 4 * k, k), ISURV_OK);
    for (j = 0; j < 5 * k; j++)
        agree(ta[j], tb[j], 0.0, "table", j);
    ck_assert_int_eq(isurv_logrank_variance(a, ta, k * k), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_variance(b, tb, k * k), ISURV_OK);
    for (j = 0; j < k * k; j++)
        agree(ta[j], tb[j], 0.0, "variance", j);
    for (s = 0; s < ns; s++) {
        ck_assert_int_eq(isurv_logrank_stratum(a, s, &la, ta, ta + k, k), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_stratum(b, s, &lb, tb, tb + k, k), ISURV_OK);
        ck_assert_int_eq(la, lb);
        for (j = 0; j < 2 * k; j++)
            agree(ta[j], tb[j], 0.0, "stratum", s * 1000 + j);
    }
    free(ta);
    free(tb);
    assert_agree("logrank");
}

/* ------------------------------------------------------------ merging */

static isurv_counttab *empty_table(void)
{
    isurv_counttab *t = NULL;

    ck_assert_int_eq(isurv_counttab_build(&t, NULL, NULL, 0, NULL, NULL, NULL,
                                          NULL), ISURV_OK);
    ck_assert_ptr_nonnull(t);
    return t;
}

/* Folds t[0 .. k-1] into acc, forwards or backwards, acc on the left or
 * the right of each merge. */
static isurv_counttab *fold(isurv_counttab **t, size_t k, int backwards,
                            int acc_left)
{
    isurv_counttab *acc = empty_table(), *next;
    size_t j;

    for (j = 0; j < k; j++) {
        const isurv_counttab *x = t[backwards ? k - 1 - j : j];
        next = acc_left ? merged(acc, x) : merged(x, acc);
        isurv_counttab_free(acc);
        acc = next;
    }
    return acc;
}

/* A balanced tree of merges over t[0 .. k-1], k >= 2. */
static isurv_counttab *tree(isurv_counttab **t, size_t k)
{
    size_t h = k / 2;
    isurv_counttab *a = h > 1 ? tree(t, h) : NULL;
    isurv_counttab *b = k - h > 1 ? tree(t + h, k - h) : NULL;
    isurv_counttab *r = merged(a ? a : t[0], b ? b : t[h]);

    isurv_counttab_free(a);
    isurv_counttab_free(b);
    return r;
}

/* The k tables merged five ways -- folded from the left and from the
 * right, in reverse order with the accumulator on either side, and as a
 * balanced tree -- each checked byte for byte against the table of all
 * the rows.  Returns one of them. */
static isurv_counttab *merge_all_ways(isurv_counttab **t, size_t k,
                                      const isurv_counttab *whole)
{
    isurv_counttab *m[5];
    size_t j;

    m[0] = fold(t, k, 0, 1);
    m[1] = fold(t, k, 0, 0);
    m[2] = fold(t, k, 1, 1);
    m[3] = fold(t, k, 1, 0);
    m[4] = k > 1 ? tree(t, k) : fold(t, k, 0, 1);
    for (j = 0; j < 5; j++)
        assert_same_bytes(m[j], whole, "merge order");
    for (j = 1; j < 5; j++)
        isurv_counttab_free(m[j]);
    return m[0];
}

/* ------------------------------------------------------------ fits */

static void compare_km(const struct data *d, const isurv_counttab *m,
                       const isurv_opts *o, double tol)
{
    isurv_km *a = NULL, *b = NULL;
    int ra = isurv_km_fit(&a, d->time, d->event, d->n, d->weights, d->entry,
                          d->group, o);
    int rb = isurv_counttab_km(&b, m, o);

    ck_assert_int_eq(rb, ra);
    if (ra == ISURV_OK)
        same_km(a, b, tol, -1);
    isurv_km_free(a);
    isurv_km_free(b);
}

/* The array equivalent of the table's follow-up: isurv_followup_median
 * itself without weights and entry times, else its definition (the
 * reverse Kaplan-Meier median) with them. */
static int array_followup(double *e, double *l, double *u, const struct data *d,
                          const isurv_opts *o)
{
    isurv_km *f = NULL;
    int *flip, rc;
    size_t i;

    if (!d->weights && !d->entry)
        return isurv_followup_median(e, l, u, d->time, d->event, d->n, o);
    flip = isurv_test_xmalloc(d->n * sizeof *flip);
    for (i = 0; i < d->n; i++)
        flip[i] = 1 - d->event[i];
    rc = isurv_km_fit(&f, d->time, flip, d->n, d->weights, d->entry, NULL, o);
    if (rc == ISURV_OK)
        rc = isurv_km_quantile(f, 0, 0.5, e, l, u);
    isurv_km_free(f);
    free(flip);
    return rc;
}

static void compare_followup(const struct data *d, const isurv_counttab *m,
                             const isurv_opts *o, double tol)
{
    double x[3] = { 0, 0, 0 }, y[3] = { 0, 0, 0 };
    int ra = array_followup(&x[0], &x[1], &x[2], d, o);
    int rb = isurv_counttab_followup(&y[0], &y[1], &y[2], m, o);
    int j;

    ck_assert_int_eq(rb, ra);
    for (j = 0; j < 3; j++)
        agree(y[j], x[j], tol, "followup", (size_t)j);
    assert_agree("followup");
}

/* Every weight of the family, by index. */
static void set_weight(isurv_opts *o, int w)
{
    static const int type[] = { ISURV_WEIGHT_LOGRANK, ISURV_WEIGHT_GRHO,
                                ISURV_WEIGHT_FH, ISURV_WEIGHT_GEHAN,
                                ISURV_WEIGHT_TARONE_WARE };
    static const double p[] = { 0, 1, 1, 0, 0 }, q[] = { 0, 0, 0.5, 0, 0 };

    ck_assert_int_eq(isurv_opts_set_weights(o, type[w], p[w], q[w]), ISURV_OK);
}

static void compare_logrank(const struct data *d, const isurv_counttab *m,
                            isurv_opts *o)
{
    int w;

    for (w = 0; w < 5; w++) {
        isurv_logrank *a = NULL, *b = NULL;
        int ra, rb;
        set_weight(o, w);
        ra = isurv_logrank_test(&a, d->time, d->event, d->group, d->n, d->strata,
                                d->entry, o);
        rb = isurv_counttab_logrank(&b, m, o);
        ck_assert_int_eq(rb, ra);
        if (ra == ISURV_OK)
            same_logrank(a, b);
        isurv_logrank_free(a);
        isurv_logrank_free(b);
    }
    set_weight(o, 0);
}

static const unsigned random_cases[] = {
    0,
    F_TIES,
    F_NEAR,
    F_GROUPS,
    F_GROUPS | F_TIES,
    F_GROUPS | F_NEAR,
    F_GROUPS | F_STRATA | F_TIES,
    F_GROUPS | F_STRATA | F_NEAR,
    F_STRATA | F_TIES,
    F_ENTRY,
    F_ENTRY | F_TIES,
    F_ENTRY | F_GROUPS | F_TIES,
    F_ENTRY | F_GROUPS | F_STRATA | F_TIES,
    F_ENTRY | F_GROUPS | F_STRATA | F_NEAR,
    F_WEIGHTS,
    F_WEIGHTS | F_TIES,
    F_WEIGHTS | F_NEAR | F_GROUPS,
    F_WEIGHTS | F_ZEROW | F_GROUPS | F_TIES,
    F_WEIGHTS | F_ENTRY | F_TIES,
    F_WEIGHTS | F_ENTRY | F_GROUPS | F_STRATA | F_NEAR,
    F_WEIGHTS | F_ZEROW | F_ENTRY | F_GROUPS | F_TIES
};
#define N_RANDOM_CASES (sizeof random_cases / sizeof random_cases[0])

/* Random partitions of random data: every merge order gives the table of
 * all rows, and its fits are the array fits on all rows. */
START_TEST(test_partitions_equal_whole)
{
    const unsigned flags = random_cases[_i];
    int seed;

    for (seed = 1; seed <= 6; seed++) {
        struct data d, *parts;
        isurv_counttab *whole, **tabs, *m;
        size_t k, j, nobs, ns, ng, nc;
        int timefix;

        rng = 0x9E3779B97F4A7C15ull * (uint64_t)(seed * 64 + _i + 1);
        make(&d, 30 + (size_t)(unif() * 220), flags);
        k = 1 + (size_t)(unif() * 6);
        parts = split(&d, k);
        tabs = isurv_test_xmalloc(k * sizeof *tabs);
        for (j = 0; j < k; j++)
            tabs[j] = table_of(&parts[j]);
        whole = table_of(&d);
        m = merge_all_ways(tabs, k, whole);
        if (!d.weights) {
            /* Weights all 1 are no weights: the same table. */
            isurv_counttab *ones;
            d.weights = isurv_test_xmalloc(d.n * sizeof *d.weights);
            for (j = 0; j < d.n; j++)
                d.weights[j] = 1.0;
            ones = table_of(&d);
            assert_same_bytes(ones, whole, "weights all 1");
            isurv_counttab_free(ones);
            free(d.weights);
            d.weights = NULL;
        }
        ck_assert_int_eq(isurv_counttab_dim(m, &nobs, &ns, &ng, &nc), ISURV_OK);
        ck_assert_uint_eq(nobs, d.n);
        ck_assert_uint_eq(ns, d.strata ? 3 : 1);
        ck_assert_uint_le(ng, d.group ? 4 : 1);
        ck_assert_uint_le(nc, 2 * d.n);
        for (timefix = 0; timefix <= 1; timefix++) {
            isurv_opts *o = opts_with(timefix);
            double tol = d.weights ? WEIGHTED_TOL : 0.0;
            compare_km(&d, m, o, tol);
            compare_followup(&d, m, o, tol);
            if (d.weights) {
                isurv_logrank *lr = NULL;
                ck_assert_int_eq(isurv_counttab_logrank(&lr, m, o), ISURV_EWEIGHT);
                ck_assert_ptr_null(lr);
            } else if (d.group) {
                compare_logrank(&d, m, o);
            }
            isurv_opts_free(o);
        }
        for (j = 0; j < k; j++) {
            isurv_counttab_free(tabs[j]);
            drop(&parts[j]);
        }
        free(tabs);
        free(parts);
        isurv_counttab_free(whole);
        isurv_counttab_free(m);
        drop(&d);
    }
}
END_TEST

/* Large data take the fast build (unweighted, no entry times: the keys of
 * the fast fits, with threads; lib/counttab_fast.c); weights all 1 take
 * the general one and give the table of no weights.  Byte for byte the
 * same, on ties and no ties, groups and strata, -0.0 and 0.0.  (Every
 * thread count: tests/check_counttab_fast.c.) */
START_TEST(test_fast_build_large)
{
    static const unsigned cases[] = { 0, F_TIES, F_GROUPS, F_TIES | F_GROUPS,
                                      F_TIES | F_GROUPS | F_STRATA,
                                      F_NEAR | F_GROUPS | F_STRATA };
    const unsigned flags = cases[_i];
    struct data d;
    isurv_counttab *fast, *ones;
    size_t i;

    rng = 0x2545F4914F6CDD1Dull * (uint64_t)(_i + 1);
    make(&d, 200003, flags);
    for (i = 0; i < d.n; i += 97)
        d.time[i] = i % 2 ? -0.0 : 0.0;
    fast = table_of(&d);
    d.weights = isurv_test_xmalloc(d.n * sizeof *d.weights);
    for (i = 0; i < d.n; i++)
        d.weights[i] = 1.0;
    ones = table_of(&d);
    assert_same_bytes(ones, fast, "large, weights all 1");
    isurv_counttab_free(fast);
    isurv_counttab_free(ones);
    drop(&d);
}
END_TEST

/* Weights 1, 2^-53 and 2^-53 at one time.  Added in that order, as the
 * array fit adds them, 1 + 2^-53 is a tie between 1 and 1 + 2^-52 and
 * rounds to even, 1; so does the second addition: the array fit has
 * n.event = 1.  Their exact sum 1 + 2^-52 = 1 + DBL_EPSILON is a double,
 * and the table gives it whatever the partition and the merge order. */
START_TEST(test_weighted_sums_exact)
{
    const double t[3] = { 1, 1, 1 }, w[3] = { 1, 0x1p-53, 0x1p-53 };
    const int e[3] = { 1, 1, 1 };
    const int perm[6][3] = { { 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 },
                             { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 } };
    isurv_counttab *one[3], *whole = NULL;
    isurv_km *arr = NULL;
    double x;
    int p, j;

    ck_assert_int_eq(isurv_km_fit(&arr, t, e, 3, w, NULL, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(arr, 0, ISURV_KM_N_EVENT, &x, 1), ISURV_OK);
    ck_assert(x == 1.0);
    isurv_km_free(arr);
    for (j = 0; j < 3; j++)
        ck_assert_int_eq(isurv_counttab_build(&one[j], t + j, e + j, 1, w + j,
                                              NULL, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_build(&whole, t, e, 3, w, NULL, NULL, NULL),
                     ISURV_OK);
    for (p = 0; p < 6; p++) {
        isurv_counttab *ab = merged(one[perm[p][0]], one[perm[p][1]]);
        isurv_counttab *abc = merged(ab, one[perm[p][2]]);
        isurv_km *fit = NULL;
        assert_same_bytes(abc, whole, "exact sums");
        ck_assert_int_eq(isurv_counttab_km(&fit, abc, NULL), ISURV_OK);
        ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_N_EVENT, &x, 1), ISURV_OK);
        ck_assert(x == 1.0 + DBL_EPSILON);
        ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_N_RISK, &x, 1), ISURV_OK);
        ck_assert(x == 1.0 + DBL_EPSILON);
        isurv_km_free(fit);
        isurv_counttab_free(ab);
        isurv_counttab_free(abc);
    }
    for (j = 0; j < 3; j++)
        isurv_counttab_free(one[j]);
    isurv_counttab_free(whole);
}
END_TEST

/* Times 1 and 1 + 1e-12 in different partitions: timefix merges them in
 * the merged table as in the whole data (one row at 1 with an event and
 * a censoring, 2 at risk), and without timefix they stay apart. */
START_TEST(test_timefix_across_partitions)
{
    const double t[2] = { 1.0, 1.0 + 1e-12 };
    const int e[2] = { 1, 0 };
    isurv_counttab *a = NULL, *b = NULL, *m;
    isurv_km *fit = NULL, *arr = NULL;
    isurv_opts *off = opts_with(0);
    double x[2];
    size_t nt;

    ck_assert_int_eq(isurv_counttab_build(&a, t, e, 1, NULL, NULL, NULL, NULL),
                     ISURV_OK);
    ck_assert_int_eq(isurv_counttab_build(&b, t + 1, e + 1, 1, NULL, NULL, NULL,
                                          NULL), ISURV_OK);
    m = merged(b, a);
    ck_assert_int_eq(isurv_counttab_km(&fit, m, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(fit, 0, &nt), ISURV_OK);
    ck_assert_uint_eq(nt, 1);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_TIME, x, 1), ISURV_OK);
    ck_assert(x[0] == 1.0);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_N_RISK, x, 1), ISURV_OK);
    ck_assert(x[0] == 2.0);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_N_CENSOR, x, 1), ISURV_OK);
    ck_assert(x[0] == 1.0);
    ck_assert_int_eq(isurv_km_fit(&arr, t, e, 2, NULL, NULL, NULL, NULL), ISURV_OK);
    same_km(arr, fit, 0.0, -1);
    isurv_km_free(fit);
    isurv_km_free(arr);
    ck_assert_int_eq(isurv_counttab_km(&fit, m, off), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(fit, 0, &nt), ISURV_OK);
    ck_assert_uint_eq(nt, 2);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_TIME, x, 2), ISURV_OK);
    ck_assert(x[0] == t[0] && x[1] == t[1]);
    isurv_km_free(fit);
    isurv_counttab_free(a);
    isurv_counttab_free(b);
    isurv_counttab_free(m);
    isurv_opts_free(off);
}
END_TEST

/* A row entering at 1 and leaving at 1 + 1.5 tol (tol = sqrt(DBL_EPSILON))
 * is fine alone: the gap is more than tol.  Another partition's time at
 * 1 + 0.75 tol chains the three values into one, so that the whole data
 * have an entry equal to its exit after timefix, which the array fit
 * refuses (ISURV_EENTRY, as R does); so must the merged table. */
START_TEST(test_timefix_entry_collapse)
{
    const double tol = sqrt(DBL_EPSILON);
    const double t[2] = { 1.0 + 1.5 * tol, 1.0 + 0.75 * tol };
    const double en[2] = { 1.0, 0.0 };
    const int e[2] = { 1, 0 }, g[2] = { 0, 1 };
    isurv_counttab *a = NULL, *b = NULL, *m;
    isurv_km *fit = NULL;
    isurv_logrank *lr = NULL;
    isurv_opts *off = opts_with(0);
    double x = -1.0;

    ck_assert_int_eq(isurv_counttab_build(&a, t, e, 1, NULL, en, g, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_build(&b, t + 1, e + 1, 1, NULL, en + 1, g + 1,
                                          NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_km(&fit, a, NULL), ISURV_OK);
    isurv_km_free(fit);
    fit = NULL;
    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 2, NULL, en, g, NULL), ISURV_EENTRY);
    ck_assert_int_eq(isurv_logrank_test(&lr, t, e, g, 2, NULL, en, NULL),
                     ISURV_EENTRY);
    m = merged(a, b);
    ck_assert_int_eq(isurv_counttab_km(&fit, m, NULL), ISURV_EENTRY);
    ck_assert_ptr_null(fit);
    ck_assert_int_eq(isurv_counttab_logrank(&lr, m, NULL), ISURV_EENTRY);
    ck_assert_ptr_null(lr);
    ck_assert_int_eq(isurv_counttab_followup(&x, NULL, NULL, m, NULL), ISURV_EENTRY);
    ck_assert(x == -1.0);
    /* Without timefix both fit, and agree. */
    {
        struct data d;
        d.n = 2;
        d.time = (double *)t;
        d.event = (int *)e;
        d.weights = NULL;
        d.entry = (double *)en;
        d.group = (int *)g;
        d.strata = NULL;
        compare_km(&d, m, off, 0.0);
        compare_logrank(&d, m, off);
    }
    isurv_counttab_free(a);
    isurv_counttab_free(b);
    isurv_counttab_free(m);
    isurv_opts_free(off);
}
END_TEST

/* A partition with entry times merged with one without: the rows of the
 * second are at risk from the start.  That is the array fit with entry
 * 0 for them (their times are all > 0), except that those entries are
 * not counted in n.enter; timefix off, so that 0 is not among the times
 * it sees either. */
START_TEST(test_mixed_entry)
{
    struct data d, *parts;
    isurv_counttab *a, *b, *m;
    isurv_km *ka = NULL, *kb = NULL;
    isurv_opts *off = opts_with(0);
    double *x, *y, sx = 0, sy = 0;
    size_t i, nt, nb = 0;

    rng = 77;
    make(&d, 150, F_ENTRY | F_GROUPS | F_STRATA | F_TIES);
    parts = split(&d, 2);
    free(parts[1].entry);
    parts[1].entry = NULL;
    for (i = 0; i < parts[1].n; i++)
        nb += parts[1].group[i] == -3;  /* rows of the first curve */
    /* The whole data as the array fit gets them: entry 0 for part 1. */
    for (i = 0; i < d.n; i++)
        d.entry[i] = i < parts[0].n ? parts[0].entry[i] : 0.0;
    memcpy(d.time, parts[0].time, parts[0].n * sizeof *d.time);
    memcpy(d.time + parts[0].n, parts[1].time, parts[1].n * sizeof *d.time);
    memcpy(d.event, parts[0].event, parts[0].n * sizeof *d.event);
    memcpy(d.event + parts[0].n, parts[1].event, parts[1].n * sizeof *d.event);
    memcpy(d.group, parts[0].group, parts[0].n * sizeof *d.group);
    memcpy(d.group + parts[0].n, parts[1].group, parts[1].n * sizeof *d.group);
    memcpy(d.strata, parts[0].strata, parts[0].n * sizeof *d.strata);
    memcpy(d.strata + parts[0].n, parts[1].strata, parts[1].n * sizeof *d.strata);
    a = table_of(&parts[0]);
    b = table_of(&parts[1]);
    m = merged(b, a);
    ck_assert_int_eq(isurv_km_fit(&ka, d.time, d.event, d.n, NULL, d.entry,
                                  d.group, off), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_km(&kb, m, off), ISURV_OK);
    same_km(ka, kb, 0.0, ISURV_KM_N_ENTER);
    /* n.enter: the part-1 rows of the first curve enter at 0 in the array
     * fit, all booked on its first row; nowhere in the table's. */
    ck_assert_int_eq(isurv_km_ntimes(ka, 0, &nt), ISURV_OK);
    x = isurv_test_xmalloc(nt * sizeof *x);
    y = isurv_test_xmalloc(nt * sizeof *y);
    ck_assert_int_eq(isurv_km_column(ka, 0, ISURV_KM_N_ENTER, x, nt), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(kb, 0, ISURV_KM_N_ENTER, y, nt), ISURV_OK);
    ck_assert(x[0] - (double)nb == y[0]);
    for (i = 1; i < nt; i++)
        ck_assert(x[i] == y[i]);
    for (i = 0; i < nt; i++) {
        sx += x[i];
        sy += y[i];
    }
    ck_assert(sx - sy == (double)nb);
    compare_logrank(&d, m, off);
    free(x);
    free(y);
    isurv_km_free(ka);
    isurv_km_free(kb);
    isurv_counttab_free(a);
    isurv_counttab_free(b);
    isurv_counttab_free(m);
    isurv_opts_free(off);
    drop(&parts[0]);
    drop(&parts[1]);
    free(parts);
    drop(&d);
}
END_TEST

/* A cell's exact sum has ISURV_XSUM_BITS (192) bits: 1e300 and 1e-300 in
 * one cell need about 2000, in two cells they are fine. */
START_TEST(test_weight_range_too_wide)
{
    const double t[2] = { 1, 1 }, t2[2] = { 1, 2 }, w[2] = { 1e300, 1e-300 };
    const int e[2] = { 1, 1 };
    isurv_counttab *a = NULL, *b = NULL, *m = (isurv_counttab *)(void *)&a;

    ck_assert_int_eq(isurv_counttab_build(&a, t, e, 2, w, NULL, NULL, NULL),
                     ISURV_ESIZE);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(isurv_counttab_build(&a, t2, e, 2, w, NULL, NULL, NULL),
                     ISURV_OK);
    isurv_counttab_free(a);
    ck_assert_int_eq(isurv_counttab_build(&a, t, e, 1, w, NULL, NULL, NULL),
                     ISURV_OK);
    ck_assert_int_eq(isurv_counttab_build(&b, t + 1, e + 1, 1, w + 1, NULL, NULL,
                                          NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_merge(&m, a, b), ISURV_ESIZE);
    ck_assert_ptr_null(m);
    isurv_counttab_free(a);
    isurv_counttab_free(b);
}
END_TEST

/* The empty table is the identity of the merge; it has nothing to fit. */
START_TEST(test_empty_table)
{
    /* Header only: magic, version 1, flags 0, no labels, cells, spans. */
    static const unsigned char want[48] = {
        0x89, 'I', 'S', 'C', 'T', 0x0D, 0x0A, 0x1A, 1, 0, 0, 0, 0, 0, 0, 0
    };
    isurv_counttab *z = empty_table(), *t, *m;
    struct data d;
    unsigned char *buf;
    size_t len, v[4] = { 9, 9, 9, 9 };
    double x = -1;
    isurv_km *fit = NULL;
    isurv_logrank *lr = NULL;

    ck_assert_int_eq(isurv_counttab_dim(z, &v[0], &v[1], &v[2], &v[3]), ISURV_OK);
    ck_assert(v[0] == 0 && v[1] == 0 && v[2] == 0 && v[3] == 0);
    buf = bytes_of(z, &len);
    ck_assert_uint_eq(len, 48);
    ck_assert(memcmp(buf, want, 48) == 0);
    free(buf);
    rng = 5;
    make(&d, 60, F_WEIGHTS | F_ENTRY | F_GROUPS | F_STRATA);
    t = table_of(&d);
    m = merged(z, t);
    assert_same_bytes(m, t, "empty + t");
    isurv_counttab_free(m);
    m = merged(t, z);
    assert_same_bytes(m, t, "t + empty");
    isurv_counttab_free(m);
    m = merged(z, z);
    assert_same_bytes(m, z, "empty + empty");
    ck_assert_int_eq(isurv_counttab_km(&fit, z, NULL), ISURV_EEMPTY);
    ck_assert_int_eq(isurv_counttab_logrank(&lr, z, NULL), ISURV_EEMPTY);
    ck_assert_int_eq(isurv_counttab_followup(&x, NULL, NULL, z, NULL), ISURV_EEMPTY);
    ck_assert_ptr_null(fit);
    ck_assert_ptr_null(lr);
    ck_assert(x == -1);
    isurv_counttab_free(m);
    isurv_counttab_free(t);
    isurv_counttab_free(z);
    drop(&d);
}
END_TEST

/* ------------------------------------------------------------ bytes */

/* Little-endian fields of the format, for writing vectors by hand. */
#define B4(v) (unsigned char)((v) & 0xFF), (unsigned char)(((v) >> 8) & 0xFF), \
              (unsigned char)(((v) >> 16) & 0xFF), (unsigned char)(((v) >> 24) & 0xFF)
#define B8(v) B4((uint64_t)(v) & 0xFFFFFFFFu), B4((uint64_t)(v) >> 32)
#define MAGIC 0x89, 'I', 'S', 'C', 'T', 0x0D, 0x0A, 0x1A
/* binary64 bit patterns */
#define ONE 0x3FF0000000000000ull
#define TWO 0x4000000000000000ull
#define THREE 0x4008000000000000ull
/* an exact sum: exponent, three limbs (least significant first) */
#define XZERO B4(0), B8(0), B8(0), B8(0)
#define XHALF B4(0xFFFFFFFFu), B8(1), B8(0), B8(0)   /* 1 * 2^-1 */
#define XONE B4(0), B8(1), B8(0), B8(0)              /* 1 * 2^0 */

/* time {2, 1, 2}, event {1, 0, 0}, nothing else: one stratum and one
 * group labelled 0; cells (0, 0, 1): one censoring, (0, 0, 2): one event
 * and one censoring. */
static const unsigned char vector1[] = {
    MAGIC, B4(1), B4(0), B8(1), B8(1), B8(2), B8(0),
    B4(0),                                      /* stratum labels */
    B4(0),                                      /* group labels */
    B4(0), B4(0), B8(ONE), B8(0), B8(1), B8(0),
    B4(0), B4(0), B8(TWO), B8(1), B8(1), B8(0)
};
static const double v1_time[3] = { 2, 1, 2 };
static const int v1_event[3] = { 1, 0, 0 };

/* time {3, 3}, event {1, 0}, weights {0.5, 1}, entry {1, 2}, group
 * {-2, -2}, strata {7, 7}: weighted (the event's sum 0.5 is not its count
 * 1); cells at 1 (an entry of weight 0.5), 2 (an entry of weight 1) and
 * 3 (an event of weight 0.5, a censoring of weight 1); spans (1, 3) and
 * (2, 3), of which only (2, 3) is minimal. */
static const unsigned char vector2[] = {
    MAGIC, B4(1), B4(1), B8(1), B8(1), B8(3), B8(1),
    B4(7),
    B4(0xFFFFFFFEu),                            /* -2 */
    B4(0), B4(0), B8(ONE), B8(0), B8(0), B8(1), XZERO, XZERO, XHALF,
    B4(0), B4(0), B8(TWO), B8(0), B8(0), B8(1), XZERO, XZERO, XONE,
    B4(0), B4(0), B8(THREE), B8(1), B8(1), B8(0), XHALF, XONE, XZERO,
    B8(TWO), B8(THREE)
};
static const double v2_time[2] = { 3, 3 }, v2_weights[2] = { 0.5, 1 };
static const double v2_entry[2] = { 1, 2 };
static const int v2_event[2] = { 1, 0 }, v2_group[2] = { -2, -2 };
static const int v2_strata[2] = { 7, 7 };

static void assert_bytes(const isurv_counttab *t, const unsigned char *want,
                         size_t n)
{
    size_t len, i;
    unsigned char *got = bytes_of(t, &len);

    /* One assertion for all bytes: Check reports each one it runs. */
    for (i = 0; i < n && i < len && got[i] == want[i]; i++)
        ;
    ck_assert_msg(len == n && i == n, "%zu bytes, expected %zu; first difference "
                  "at byte %zu", len, n, i);
    free(got);
}

/* from_bytes must accept buf[0 .. len-1] and write it back unchanged. */
static isurv_counttab *read_back(const unsigned char *buf, size_t len)
{
    isurv_counttab *t = NULL;

    ck_assert_int_eq(isurv_counttab_from_bytes(&t, buf, len), ISURV_OK);
    ck_assert_ptr_nonnull(t);
    assert_bytes(t, buf, len);
    return t;
}

START_TEST(test_bytes_by_hand)
{
    isurv_counttab *t = NULL, *r;
    isurv_km *a = NULL, *b = NULL;
    size_t v[4];

    ck_assert_uint_eq(sizeof vector1, 48 + 4 + 4 + 2 * 40);
    ck_assert_uint_eq(sizeof vector2, 48 + 4 + 4 + 3 * (40 + 3 * 28) + 16);
    ck_assert_int_eq(isurv_counttab_build(&t, v1_time, v1_event, 3, NULL, NULL,
                                          NULL, NULL), ISURV_OK);
    assert_bytes(t, vector1, sizeof vector1);
    isurv_counttab_free(t);
    r = read_back(vector1, sizeof vector1);
    ck_assert_int_eq(isurv_counttab_dim(r, &v[0], &v[1], &v[2], &v[3]), ISURV_OK);
    ck_assert(v[0] == 3 && v[1] == 1 && v[2] == 1 && v[3] == 2);
    ck_assert_int_eq(isurv_km_fit(&a, v1_time, v1_event, 3, NULL, NULL, NULL,
                                  NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_km(&b, r, NULL), ISURV_OK);
    same_km(a, b, 0.0, -1);
    isurv_km_free(a);
    isurv_km_free(b);
    isurv_counttab_free(r);

    ck_assert_int_eq(isurv_counttab_build(&t, v2_time, v2_event, 2, v2_weights,
                                          v2_entry, v2_group, v2_strata),
                     ISURV_OK);
    assert_bytes(t, vector2, sizeof vector2);
    isurv_counttab_free(t);
    r = read_back(vector2, sizeof vector2);
    ck_assert_int_eq(isurv_counttab_dim(r, &v[0], &v[1], &v[2], &v[3]), ISURV_OK);
    ck_assert(v[0] == 2 && v[1] == 1 && v[2] == 1 && v[3] == 3);
    /* Sums of one weight each: both fits add exactly. */
    ck_assert_int_eq(isurv_km_fit(&a, v2_time, v2_event, 2, v2_weights, v2_entry,
                                  v2_group, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_km(&b, r, NULL), ISURV_OK);
    same_km(a, b, 0.0, -1);
    isurv_km_free(a);
    isurv_km_free(b);
    isurv_counttab_free(r);
}
END_TEST

/* Tables of random data go to bytes and back unchanged, and their fits
 * from the bytes are the same fits. */
START_TEST(test_bytes_round_trip)
{
    const unsigned flags = random_cases[_i];
    struct data d;
    isurv_counttab *t, *r;
    unsigned char *buf;
    size_t len;
    isurv_km *a = NULL, *b = NULL;
    isurv_logrank *la = NULL, *lb = NULL;

    rng = 1234 + (uint64_t)_i;
    make(&d, 120, flags);
    t = table_of(&d);
    buf = bytes_of(t, &len);
    r = read_back(buf, len);
    ck_assert_int_eq(isurv_counttab_km(&a, t, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_km(&b, r, NULL), ISURV_OK);
    same_km(a, b, 0.0, -1);
    if (d.group && !d.weights) {
        ck_assert_int_eq(isurv_counttab_logrank(&la, t, NULL), ISURV_OK);
        ck_assert_int_eq(isurv_counttab_logrank(&lb, r, NULL), ISURV_OK);
        same_logrank(la, lb);
    }
    isurv_logrank_free(la);
    isurv_logrank_free(lb);
    isurv_km_free(a);
    isurv_km_free(b);
    free(buf);
    isurv_counttab_free(t);
    isurv_counttab_free(r);
    drop(&d);
}
END_TEST

/* Expects status rc from reading len bytes, and *out NULL. */
static void refuse(const unsigned char *buf, size_t len, int rc, const char *what)
{
    isurv_counttab *t = (isurv_counttab *)(void *)&t;
    int got = isurv_counttab_from_bytes(&t, buf, len);

    ck_assert_msg(got == rc, "%s: status %d, expected %d", what, got, rc);
    ck_assert_ptr_null(t);
}

/* Every proper prefix and one byte too many are malformed. */
START_TEST(test_bytes_truncated)
{
    const unsigned char *vec[2] = { vector1, vector2 };
    const size_t size[2] = { sizeof vector1, sizeof vector2 };
    unsigned char *longer;
    size_t v, len;

    for (v = 0; v < 2; v++) {
        for (len = 0; len < size[v]; len++)
            refuse(vec[v], len, ISURV_EFORMAT, "truncated");
        longer = isurv_test_xmalloc(size[v] + 1);
        memcpy(longer, vec[v], size[v]);
        longer[size[v]] = 0;
        refuse(longer, size[v] + 1, ISURV_EFORMAT, "trailing byte");
        free(longer);
    }
}
END_TEST

static unsigned char *copy_of(const unsigned char *v, size_t n)
{
    unsigned char *c = isurv_test_xmalloc(n);
    memcpy(c, v, n);
    return c;
}

static void put8(unsigned char *p, uint64_t v)
{
    int k;
    for (k = 0; k < 8; k++)
        p[k] = (unsigned char)(v >> (8 * k));
}

/* An unknown version is ISURV_EVERSION, whatever follows; a wrong magic
 * ISURV_EFORMAT. */
START_TEST(test_bytes_version_and_magic)
{
    const uint32_t versions[] = { 0, 2, 3, 256, 0xFFFFFFFFu };
    unsigned char *c = copy_of(vector1, sizeof vector1);
    size_t k;

    for (k = 0; k < sizeof versions / sizeof versions[0]; k++) {
        c[8] = (unsigned char)versions[k];
        c[9] = (unsigned char)(versions[k] >> 8);
        c[10] = (unsigned char)(versions[k] >> 16);
        c[11] = (unsigned char)(versions[k] >> 24);
        refuse(c, sizeof vector1, ISURV_EVERSION, "version");
        refuse(c, 12, ISURV_EVERSION, "version, header cut");
    }
    memcpy(c, vector1, sizeof vector1);
    for (k = 0; k < 8; k++) {
        c[k] ^= 0x20;
        refuse(c, sizeof vector1, ISURV_EFORMAT, "magic");
        c[k] ^= 0x20;
    }
    free(c);
}
END_TEST

/* Headers whose sizes promise more than the bytes hold are refused
 * before anything is allocated for them. */
START_TEST(test_bytes_lying_header)
{
    const uint64_t huge[] = { 3, (uint64_t)1 << 40, (uint64_t)1 << 62,
                              UINT64_MAX, UINT64_MAX / 40 + 1 };
    unsigned char *c = copy_of(vector1, sizeof vector1);
    size_t k, f;

    for (f = 0; f < 4; f++)
        for (k = 0; k < sizeof huge / sizeof huge[0]; k++) {
            memcpy(c, vector1, sizeof vector1);
            put8(c + 16 + 8 * f, huge[k]);
            refuse(c, sizeof vector1, ISURV_EFORMAT, "sizes");
        }
    memcpy(c, vector1, sizeof vector1);
    c[12] = 2;  /* an unknown flag */
    refuse(c, sizeof vector1, ISURV_EFORMAT, "flags");
    c[12] = 1;  /* weighted, but the cells are not that long */
    refuse(c, sizeof vector1, ISURV_EFORMAT, "weighted flag");
    free(c);
}
END_TEST

/* Fields a writer never produces. */
START_TEST(test_bytes_bad_fields)
{
    /* Offsets in vector1: cells at 56 and 96 (stratum, group, time,
     * events, censorings, entries at +0, +4, +8, +16, +24, +32). */
    const uint64_t bad_times[] = { 0x7FF8000000000000ull /* NaN */,
                                   0x7FF0000000000000ull /* Inf */,
                                   0x8000000000000000ull /* -0.0 */,
                                   0xBFF0000000000000ull /* -1.0 */, TWO };
    /* Offsets in vector2: cells at 56, 180 and 304 (the exact sums at
     * +40, +68, +96), the span at 428. */
    const size_t c2 = 304, s2 = 428;
    unsigned char *c = copy_of(vector1, sizeof vector1);
    size_t k;

    for (k = 0; k < sizeof bad_times / sizeof bad_times[0]; k++) {
        memcpy(c, vector1, sizeof vector1);
        put8(c + 56 + 8, bad_times[k]);  /* TWO: equal keys */
        refuse(c, sizeof vector1, ISURV_EFORMAT, "time");
    }
    memcpy(c, vector1, sizeof vector1);
    put8(c + 56 + 24, 0);                /* a cell with no counts */
    refuse(c, sizeof vector1, ISURV_EFORMAT, "empty cell");
    memcpy(c, vector1, sizeof vector1);
    c[96 + 4] = 1;                       /* group index 1 of 1 group */
    refuse(c, sizeof vector1, ISURV_EFORMAT, "group index");
    memcpy(c, vector1, sizeof vector1);
    c[56] = 1;                           /* stratum index 1 of 1 */
    refuse(c, sizeof vector1, ISURV_EFORMAT, "stratum index");
    memcpy(c, vector1, sizeof vector1);
    put8(c + 96 + 32, 1);                /* an entry with no later exit */
    refuse(c, sizeof vector1, ISURV_EFORMAT, "entry without exit");
    memcpy(c, vector1, sizeof vector1);
    put8(c + 96 + 16, UINT64_MAX);       /* counts that overflow */
    refuse(c, sizeof vector1, ISURV_EFORMAT, "count overflow");
    free(c);

    c = copy_of(vector2, sizeof vector2);
    c[c2 + 40] = 0xFE;                   /* 0.5 as 2 * 2^-2: not canonical */
    c[c2 + 44] = 2;
    refuse(c, sizeof vector2, ISURV_EFORMAT, "sum not canonical");
    memcpy(c, vector2, sizeof vector2);
    c[c2 + 96 + 4] = 1;                  /* a sum where the count is 0 */
    refuse(c, sizeof vector2, ISURV_EFORMAT, "sum without count");
    memcpy(c, vector2, sizeof vector2);
    memset(c + c2 + 40, 0, 4);           /* event sum 1: now every sum... */
    memset(c + 56 + 96, 0, 4);           /* ...equals its count */
    refuse(c, sizeof vector2, ISURV_EFORMAT, "weighted flag, unweighted sums");
    memcpy(c, vector2, sizeof vector2);
    put8(c + s2, THREE);                 /* entry 3, exit 3 */
    refuse(c, sizeof vector2, ISURV_EFORMAT, "span entry = exit");
    memcpy(c, vector2, sizeof vector2);
    put8(c + s2, 0x3FF8000000000000ull); /* 1.5: no entry there */
    refuse(c, sizeof vector2, ISURV_EFORMAT, "span not at an entry");
    memcpy(c, vector2, sizeof vector2);
    put8(c + s2 + 8, TWO + 1);           /* no exit there */
    refuse(c, sizeof vector2, ISURV_EFORMAT, "span not at an exit");
    free(c);
}
END_TEST

/* Single and multiple byte corruptions of a real table: the reader
 * returns a status and no crash, and whatever it accepts it writes back
 * byte for byte (it accepts only canonical tables). */
START_TEST(test_bytes_corrupted)
{
    const unsigned char masks[] = { 0x01, 0x02, 0x10, 0x80, 0xFF };
    struct data d;
    isurv_counttab *t, *r;
    unsigned char *buf, *c;
    size_t len, i, k, accepted = 0, round, bad_status = 0, bad_accept = 0;

    rng = 99;
    make(&d, 40, F_WEIGHTS | F_ENTRY | F_GROUPS | F_STRATA | F_TIES);
    t = table_of(&d);
    buf = bytes_of(t, &len);
    c = isurv_test_xmalloc(len);
    for (i = 0; i < len; i++)
        for (k = 0; k < sizeof masks; k++) {
            int rc;
            memcpy(c, buf, len);
            c[i] ^= masks[k];
            r = NULL;
            rc = isurv_counttab_from_bytes(&r, c, len);
            if (rc == ISURV_OK) {
                unsigned char *again;
                size_t n2;
                accepted++;
                again = bytes_of(r, &n2);
                if (n2 != len || memcmp(again, c, len) != 0)
                    bad_accept++;
                free(again);
                isurv_counttab_free(r);
            } else if (!(rc == ISURV_EFORMAT || rc == ISURV_EVERSION) || r) {
                bad_status++;
            }
        }
    ck_assert_msg(bad_status == 0, "%zu corruptions got another status",
                  bad_status);
    ck_assert_msg(bad_accept == 0, "%zu accepted corruptions do not write back",
                  bad_accept);
    for (round = 0; round < 3000; round++) {
        int rc;
        memcpy(c, buf, len);
        for (k = 0; k < 1 + round % 4; k++)
            c[(size_t)(unif() * (double)len)] = (unsigned char)(unif() * 256);
        r = NULL;
        rc = isurv_counttab_from_bytes(&r, c, (size_t)(unif() * (double)(len + 1)));
        bad_status += !(rc == ISURV_OK || rc == ISURV_EFORMAT || rc == ISURV_EVERSION);
        isurv_counttab_free(r);
    }
    ck_assert_uint_eq(bad_status, 0);
    /* Some corruptions are valid tables (a count changed by one, say). */
    ck_assert_uint_gt(accepted, 0);
    free(c);
    free(buf);
    isurv_counttab_free(t);
    drop(&d);
}
END_TEST

/* ------------------------------------------------------------ bad input */

/* A non-NULL value to see outputs set to NULL on failure. */
#define SENTINEL(type) ((type *)(void *)&sentinel_)
static int sentinel_;

START_TEST(test_build_bad_input)
{
    double t[4] = { 1, 2, 3, 4 }, w[4] = { 1, 1, 1, 1 }, en[4] = { 0, 0, 0, 0 };
    int e[4] = { 1, 0, 1, 0 }, g[4] = { 1, 2, 1, 2 }, s[4] = { 0, 0, 1, 1 };
    double t0[4], w0[4], en0[4];
    int e0[4], g0[4], s0[4];
    isurv_counttab *out = SENTINEL(isurv_counttab);

    memcpy(t0, t, sizeof t);
    memcpy(w0, w, sizeof w);
    memcpy(en0, en, sizeof en);
    memcpy(e0, e, sizeof e);
    memcpy(g0, g, sizeof g);
    memcpy(s0, s, sizeof s);
    ck_assert_int_eq(isurv_counttab_build(NULL, t, e, 4, w, en, g, s), ISURV_ENULL);
    ck_assert_int_eq(isurv_counttab_build(&out, NULL, e, 4, w, en, g, s), ISURV_ENULL);
    ck_assert_ptr_null(out);
    out = SENTINEL(isurv_counttab);
    ck_assert_int_eq(isurv_counttab_build(&out, t, NULL, 4, w, en, g, s), ISURV_ENULL);
    ck_assert_ptr_null(out);
    t[1] = NAN;
    ck_assert_int_eq(isurv_counttab_build(&out, t, e, 4, w, en, g, s), ISURV_ETIME);
    t[1] = INFINITY;
    ck_assert_int_eq(isurv_counttab_build(&out, t, e, 4, w, en, g, s), ISURV_ETIME);
    t[1] = -1;
    ck_assert_int_eq(isurv_counttab_build(&out, t, e, 4, w, en, g, s), ISURV_ETIME);
    t[1] = 2;
    e[2] = 2;
    ck_assert_int_eq(isurv_counttab_build(&out, t, e, 4, w, en, g, s), ISURV_EEVENT);
    e[2] = 1;
    w[3] = -1;
    ck_assert_int_eq(isurv_counttab_build(&out, t, e, 4, w, en, g, s), ISURV_EWEIGHT);
    w[3] = NAN;
    ck_assert_int_eq(isurv_counttab_build(&out, t, e, 4, w, en, g, s), ISURV_EWEIGHT);
    w[3] = 1;
    en[0] = 1;   /* not below its exit */
    ck_assert_int_eq(isurv_counttab_build(&out, t, e, 4, w, en, g, s), ISURV_EENTRY);
    en[0] = -1;
    ck_assert_int_eq(isurv_counttab_build(&out, t, e, 4, w, en, g, s), ISURV_EENTRY);
    en[0] = 0;
    ck_assert_ptr_null(out);
    ck_assert(memcmp(t, t0, sizeof t) == 0 && memcmp(w, w0, sizeof w) == 0
              && memcmp(en, en0, sizeof en) == 0 && memcmp(e, e0, sizeof e) == 0
              && memcmp(g, g0, sizeof g) == 0 && memcmp(s, s0, sizeof s) == 0);
    /* The good call leaves the arrays as they were too. */
    ck_assert_int_eq(isurv_counttab_build(&out, t, e, 4, w, en, g, s), ISURV_OK);
    ck_assert(memcmp(t, t0, sizeof t) == 0 && memcmp(w, w0, sizeof w) == 0
              && memcmp(en, en0, sizeof en) == 0 && memcmp(e, e0, sizeof e) == 0
              && memcmp(g, g0, sizeof g) == 0 && memcmp(s, s0, sizeof s) == 0);
    isurv_counttab_free(out);
    /* n = 0 reads nothing: NULL arrays are the empty table. */
    ck_assert_int_eq(isurv_counttab_build(&out, NULL, NULL, 0, NULL, NULL, NULL,
                                          NULL), ISURV_OK);
    isurv_counttab_free(out);
    isurv_counttab_free(NULL);
}
END_TEST

START_TEST(test_merge_dim_bad_input)
{
    isurv_counttab *a = empty_table(), *out = SENTINEL(isurv_counttab);
    size_t v = 7;

    ck_assert_int_eq(isurv_counttab_merge(NULL, a, a), ISURV_ENULL);
    ck_assert_int_eq(isurv_counttab_merge(&out, NULL, a), ISURV_ENULL);
    ck_assert_ptr_null(out);
    out = SENTINEL(isurv_counttab);
    ck_assert_int_eq(isurv_counttab_merge(&out, a, NULL), ISURV_ENULL);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(isurv_counttab_dim(NULL, &v, &v, &v, &v), ISURV_ENULL);
    ck_assert_uint_eq(v, 7);
    ck_assert_int_eq(isurv_counttab_dim(a, NULL, NULL, NULL, NULL), ISURV_OK);
    isurv_counttab_free(a);
}
END_TEST

START_TEST(test_bytes_bad_input)
{
    isurv_counttab *t = NULL, *out = SENTINEL(isurv_counttab);
    unsigned char buf[200];
    size_t need = 0, k;

    ck_assert_int_eq(isurv_counttab_build(&t, v1_time, v1_event, 3, NULL, NULL,
                                          NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_to_bytes(NULL, buf, sizeof buf, &need),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_counttab_to_bytes(t, NULL, 10, &need), ISURV_ENULL);
    ck_assert_int_eq(isurv_counttab_to_bytes(t, NULL, 0, NULL), ISURV_ENULL);
    /* Too short: ISURV_EBUFFER, the size, and nothing written. */
    memset(buf, 0xAA, sizeof buf);
    ck_assert_int_eq(isurv_counttab_to_bytes(t, buf, sizeof vector1 - 1, &need),
                     ISURV_EBUFFER);
    ck_assert_uint_eq(need, sizeof vector1);
    for (k = 0; k < sizeof buf; k++)
        ck_assert_uint_eq(buf[k], 0xAA);
    /* needed may be NULL when there is a buffer. */
    ck_assert_int_eq(isurv_counttab_to_bytes(t, buf, sizeof buf, NULL), ISURV_OK);
    ck_assert(memcmp(buf, vector1, sizeof vector1) == 0);
    ck_assert_int_eq(isurv_counttab_from_bytes(NULL, vector1, sizeof vector1),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_counttab_from_bytes(&out, NULL, sizeof vector1),
                     ISURV_ENULL);
    ck_assert_ptr_null(out);
    isurv_counttab_free(t);
}
END_TEST

START_TEST(test_fit_bad_input)
{
    const double t[4] = { 1, 2, 3, 4 };
    const int e[4] = { 1, 0, 1, 1 }, g[4] = { 1, 1, 2, 2 };
    const double w[4] = { 1, 2, 1, 1 };
    isurv_counttab *tab = NULL, *one = NULL, *wt = NULL;
    isurv_km *km = SENTINEL(isurv_km);
    isurv_logrank *lr = SENTINEL(isurv_logrank);
    isurv_opts *o = NULL;
    unsigned char *before, *after;
    size_t lb, la;
    double x = -1, lo = -1, hi = -1;

    ck_assert_int_eq(isurv_counttab_build(&tab, t, e, 4, NULL, NULL, g, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_build(&one, t, e, 4, NULL, NULL, NULL, NULL),
                     ISURV_OK);
    ck_assert_int_eq(isurv_counttab_build(&wt, t, e, 4, w, NULL, g, NULL), ISURV_OK);
    before = bytes_of(tab, &lb);

    ck_assert_int_eq(isurv_counttab_km(NULL, tab, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_counttab_km(&km, NULL, NULL), ISURV_ENULL);
    ck_assert_ptr_null(km);
    ck_assert_int_eq(isurv_counttab_logrank(NULL, tab, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_counttab_logrank(&lr, NULL, NULL), ISURV_ENULL);
    ck_assert_ptr_null(lr);
    lr = SENTINEL(isurv_logrank);
    ck_assert_int_eq(isurv_counttab_logrank(&lr, one, NULL), ISURV_EGROUPS);
    ck_assert_ptr_null(lr);
    ck_assert_int_eq(isurv_counttab_logrank(&lr, wt, NULL), ISURV_EWEIGHT);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, 99, 0, 0), ISURV_EOPTION);
    ck_assert_int_eq(isurv_counttab_followup(NULL, &lo, &hi, tab, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_counttab_followup(&x, &lo, &hi, NULL, NULL), ISURV_ENULL);
    ck_assert(x == -1 && lo == -1 && hi == -1);
    /* Lower and upper may be NULL. */
    ck_assert_int_eq(isurv_counttab_followup(&x, NULL, NULL, tab, o), ISURV_OK);
    ck_assert(x != -1);

    /* The fits leave the table as it was. */
    ck_assert_int_eq(isurv_counttab_km(&km, tab, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_logrank(&lr, tab, NULL), ISURV_OK);
    after = bytes_of(tab, &la);
    ck_assert(la == lb && memcmp(before, after, la) == 0);
    isurv_km_free(km);
    isurv_logrank_free(lr);
    free(before);
    free(after);
    isurv_opts_free(o);
    isurv_counttab_free(tab);
    isurv_counttab_free(one);
    isurv_counttab_free(wt);
}
END_TEST

/* ------------------------------------------------------------ suite */

static Suite *counttab_suite(void)
{
    Suite *s = suite_create("counttab");
    TCase *tp = tcase_create("partitions");
    TCase *tb = tcase_create("bytes");
    TCase *te = tcase_create("bad_input");

    tcase_set_timeout(tp, 120);
    tcase_add_loop_test(tp, test_partitions_equal_whole, 0, N_RANDOM_CASES);
    tcase_add_test(tp, test_weighted_sums_exact);
    tcase_add_test(tp, test_timefix_across_partitions);
    tcase_add_test(tp, test_timefix_entry_collapse);
    tcase_add_test(tp, test_mixed_entry);
    tcase_add_test(tp, test_weight_range_too_wide);
    tcase_add_test(tp, test_empty_table);
    tcase_add_loop_test(tp, test_fast_build_large, 0, 6);
    suite_add_tcase(s, tp);

    tcase_set_timeout(tb, 120);
    tcase_add_test(tb, test_bytes_by_hand);
    tcase_add_loop_test(tb, test_bytes_round_trip, 0, N_RANDOM_CASES);
    tcase_add_test(tb, test_bytes_truncated);
    tcase_add_test(tb, test_bytes_version_and_magic);
    tcase_add_test(tb, test_bytes_lying_header);
    tcase_add_test(tb, test_bytes_bad_fields);
    tcase_add_test(tb, test_bytes_corrupted);
    suite_add_tcase(s, tb);

    tcase_add_test(te, test_build_bad_input);
    tcase_add_test(te, test_merge_dim_bad_input);
    tcase_add_test(te, test_bytes_bad_input);
    tcase_add_test(te, test_fit_bad_input);
    suite_add_tcase(s, te);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(counttab_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
