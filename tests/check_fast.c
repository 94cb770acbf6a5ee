/* The fast paths and the thread option.  Unweighted fits without entry
 * times take a different route from weighted or left-truncated ones (one
 * packed key per row, a radix sort or a histogram of the keys, a compact
 * result object), and large calls split work over threads.  These tests
 * hold the routes to each other bit for bit, where the arithmetic makes
 * them equal:
 *  - case weights all 1 give the same whole counts as no weights, so the
 *    general path must return exactly what the fast path does;
 *  - a stratum variable with one value is the same test as none;
 *  - with timefix off, Kaplan-Meier depends on the order of the times
 *    only, so times replaced by their ranks give the same curve (times
 *    spread over 2^-1000 to 2^1000 do not fit a 64-bit key with a group
 *    beside them and take the general path; their ranks take the fast one);
 *  - every thread count gives the same results.
 * The values themselves are held to R by check_km and check_logrank. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inotusurv.h"
#include "testrand.h"

/* Large enough that calls start threads (lib/threads.h) and, for day
 * counts, that the keys are counted rather than sorted. */
#define N 300000

struct data {
    size_t n;
    double *time, *ones, *rank;
    int *event, *group, *zero;
};

static uint64_t rng = 42;

static double unif(void)
{
    return isurv_test_unif(&rng);
}

/* shape 0: day counts (many ties); 1: continuous, with pairs of times a
 * rounding error apart for timefix to merge; 2: 2^-1000 .. 2^1000. */
static void make(struct data *d, size_t n, int shape)
{
    size_t i;

    d->n = n;
    d->time = malloc(n * sizeof *d->time);
    d->ones = malloc(n * sizeof *d->ones);
    d->rank = malloc(n * sizeof *d->rank);
    d->event = malloc(n * sizeof *d->event);
    d->group = malloc(n * sizeof *d->group);
    d->zero = calloc(n, sizeof *d->zero);
    ck_assert(d->time && d->ones && d->rank && d->event && d->group && d->zero);
    for (i = 0; i < n; i++) {
        double x = -365.0 * log(unif());
        if (shape == 0)
            d->time[i] = 1.0 + floor(x);
        else if (shape == 1)
            d->time[i] = i % 7 == 1 ? d->time[i - 1] * (1.0 + 1e-12) : x;
        else
            d->time[i] = ldexp(0.5 + unif() / 2, (int)(unif() * 2000) - 1000);
        d->ones[i] = 1.0;
        d->event[i] = unif() < 0.7;
        d->group[i] = 3 * (int)(unif() * 3) - 4; /* -4, -1, 2 */
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* rank[i]: the position of time[i] among the distinct times. */
static void make_ranks(struct data *d)
{
    double *s = malloc(d->n * sizeof *s);
    size_t i, m = 0;

    ck_assert_ptr_nonnull(s);
    memcpy(s, d->time, d->n * sizeof *s);
    qsort(s, d->n, sizeof *s, cmp_double);
    for (i = 0; i < d->n; i++)
        if (m == 0 || s[m - 1] != s[i])
            s[m++] = s[i];
    for (i = 0; i < d->n; i++) {
        double *hit = bsearch(&d->time[i], s, m, sizeof *s, cmp_double);
        d->rank[i] = (double)(hit - s);
    }
    free(s);
}

static void drop(struct data *d)
{
    free(d->time);
    free(d->ones);
    free(d->rank);
    free(d->event);
    free(d->group);
    free(d->zero);
}

/* Check reports every assertion to its parent process, which is slow
 * for millions of values: comparisons are counted here, and one
 * assertion per fit pair reports the first difference. */
static size_t ndiff;
static char first_diff[200];

static void same_double(double a, double b, const char *what, size_t i)
{
    if (memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b)))
        return;
    if (ndiff++ == 0)
        snprintf(first_diff, sizeof first_diff, "%s[%zu]: %.17g != %.17g",
                 what, i, a, b);
}

static void assert_no_diff(void)
{
    ck_assert_msg(ndiff == 0, "%zu differences, first %s", ndiff, first_diff);
    ndiff = 0;
}

/* Every column and query of two fits, bit for bit; the time column only
 * when same_times. */
static void same_km(const isurv_km *a, const isurv_km *b, int same_times)
{
    size_t c, r, na, nb;
    int col;

    ck_assert_uint_eq(isurv_km_ncurves(a), isurv_km_ncurves(b));
    for (c = 0; c < isurv_km_ncurves(a); c++) {
        double *x, *y, q[5], sa[4][5], sb[4][5], ea, la, ua, eb, lb, ub;
        int ga, gb, j;

        ck_assert_int_eq(isurv_km_group(a, c, &ga), ISURV_OK);
        ck_assert_int_eq(isurv_km_group(b, c, &gb), ISURV_OK);
        ck_assert_int_eq(ga, gb);
        ck_assert_int_eq(isurv_km_nobs(a, c, &na), ISURV_OK);
        ck_assert_int_eq(isurv_km_nobs(b, c, &nb), ISURV_OK);
        ck_assert_uint_eq(na, nb);
        ck_assert_int_eq(isurv_km_ntimes(a, c, &na), ISURV_OK);
        ck_assert_int_eq(isurv_km_ntimes(b, c, &nb), ISURV_OK);
        ck_assert_uint_eq(na, nb);
        x = malloc((na + 1) * sizeof *x);
        y = malloc((na + 1) * sizeof *y);
        ck_assert(x && y);
        for (col = 0; col < 12; col++) {
            if (col == ISURV_KM_TIME && !same_times)
                continue;
            ck_assert_int_eq(isurv_km_column(a, c, col, x, na), ISURV_OK);
            ck_assert_int_eq(isurv_km_column(b, c, col, y, na), ISURV_OK);
            for (r = 0; r < na; r++)
                same_double(x[r], y[r], "column", (size_t)col * 1000000 + r);
        }
        ck_assert_int_eq(isurv_km_quantile(a, c, 0.5, &ea, &la, &ua), ISURV_OK);
        ck_assert_int_eq(isurv_km_quantile(b, c, 0.5, &eb, &lb, &ub), ISURV_OK);
        if (same_times) {
            same_double(ea, eb, "median", c);
            same_double(la, lb, "median lower", c);
            same_double(ua, ub, "median upper", c);
            ck_assert_int_eq(isurv_km_column(a, c, ISURV_KM_TIME, x, na), ISURV_OK);
            for (j = 0; j < 5; j++)
                q[j] = x[(na - 1) * (size_t)j / 4] * (j == 4 ? 1.5 : 1.0);
            ck_assert_int_eq(isurv_km_surv_at(a, c, q, 5, sa[0], sa[1], sa[2], sa[3]), ISURV_OK);
            ck_assert_int_eq(isurv_km_surv_at(b, c, q, 5, sb[0], sb[1], sb[2], sb[3]), ISURV_OK);
            for (j = 0; j < 20; j++)
                same_double(sa[j / 5][j % 5], sb[j / 5][j % 5], "surv_at", (size_t)j);
            ck_assert_int_eq(isurv_km_risk_table(a, c, q, 5, sa[0], sa[1], sa[2]), ISURV_OK);
            ck_assert_int_eq(isurv_km_risk_table(b, c, q, 5, sb[0], sb[1], sb[2]), ISURV_OK);
            for (j = 0; j < 15; j++)
                same_double(sa[j / 5][j % 5], sb[j / 5][j % 5], "risk_table", (size_t)j);
            ck_assert_int_eq(isurv_km_rmst(a, c, q[2], &ea, &la), ISURV_OK);
            ck_assert_int_eq(isurv_km_rmst(b, c, q[2], &eb, &lb), ISURV_OK);
            same_double(ea, eb, "rmst", c);
            same_double(la, lb, "rmst se", c);
        }
        free(x);
        free(y);
    }
    assert_no_diff();
}

/* k <= 8 groups. */
static void same_logrank_k(const isurv_logrank *a, const isurv_logrank *b,
                           size_t k)
{
    double x[5 * 8], y[5 * 8], va[64], vb[64];
    size_t j;

    ck_assert_uint_eq(isurv_logrank_ngroups(a), k);
    ck_assert_uint_eq(isurv_logrank_ngroups(b), k);
    ck_assert_int_eq(isurv_logrank_stat(a, &x[0], &x[1], &x[2]), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_stat(b, &y[0], &y[1], &y[2]), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_log_p(a, &x[3]), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_log_p(b, &y[3]), ISURV_OK);
    for (j = 0; j < 4; j++)
        same_double(x[j], y[j], "stat", j);
    ck_assert_int_eq(isurv_logrank_table(a, x, x + k, x + 2 * k, x + 3 * k,
                                         x + 4 * k, k), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_table(b, y, y + k, y + 2 * k, y + 3 * k,
                                         y + 4 * k, k), ISURV_OK);
    for (j = 0; j < 5 * k; j++)
        same_double(x[j], y[j], "table", j);
    ck_assert_int_eq(isurv_logrank_variance(a, va, k * k), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_variance(b, vb, k * k), ISURV_OK);
    for (j = 0; j < k * k; j++)
        same_double(va[j], vb[j], "variance", j);
    assert_no_diff();
}

static void same_logrank(const isurv_logrank *a, const isurv_logrank *b)
{
    same_logrank_k(a, b, 3);
}

static isurv_opts *opts(int threads, int timefix)
{
    isurv_opts *o = NULL;

    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_threads(o, threads), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_timefix(o, timefix), ISURV_OK);
    return o;
}

START_TEST(test_opts_threads)
{
    const int bad[] = { -1, -16, INT_MIN };
    isurv_opts *o = NULL;
    size_t k;

    ck_assert_int_eq(isurv_opts_set_threads(NULL, 1), ISURV_ENULL);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_threads(o, 0), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_threads(o, 1), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_threads(o, 1000), ISURV_OK);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
        ck_assert_int_eq(isurv_opts_set_threads(o, bad[k]), ISURV_EOPTION);
    isurv_opts_free(o);
}
END_TEST

/* Shapes 0 and 1, by _i: every thread count against one thread. */
START_TEST(test_threads_identical)
{
    const int counts[] = { 0, 2, 3, 16 };
    struct data d;
    isurv_opts *one = opts(1, 1);
    isurv_km *k1 = NULL, *g1 = NULL;
    isurv_logrank *l1 = NULL;
    size_t j;

    make(&d, N, _i);
    ck_assert_int_eq(isurv_km_fit(&k1, d.time, d.event, d.n, NULL, NULL, NULL, one), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&g1, d.time, d.event, d.n, NULL, NULL, d.group, one), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_test(&l1, d.time, d.event, d.group, d.n, NULL, NULL, one), ISURV_OK);
    for (j = 0; j < sizeof counts / sizeof counts[0]; j++) {
        isurv_opts *o = opts(counts[j], 1);
        isurv_km *k = NULL, *g = NULL;
        isurv_logrank *l = NULL;
        ck_assert_int_eq(isurv_km_fit(&k, d.time, d.event, d.n, NULL, NULL, NULL, o), ISURV_OK);
        ck_assert_int_eq(isurv_km_fit(&g, d.time, d.event, d.n, NULL, NULL, d.group, o), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_test(&l, d.time, d.event, d.group, d.n, NULL, NULL, o), ISURV_OK);
        same_km(k1, k, 1);
        same_km(g1, g, 1);
        same_logrank(l1, l);
        isurv_km_free(k);
        isurv_km_free(g);
        isurv_logrank_free(l);
        isurv_opts_free(o);
    }
    isurv_km_free(k1);
    isurv_km_free(g1);
    isurv_logrank_free(l1);
    isurv_opts_free(one);
    drop(&d);
}
END_TEST

/* Shapes 0 and 1, timefix on and off: the fast path against the general
 * one on the same data. */
START_TEST(test_fast_equals_general)
{
    struct data d;
    int timefix;

    make(&d, N, _i);
    for (timefix = 0; timefix <= 1; timefix++) {
        isurv_opts *o = opts(0, timefix);
        isurv_km *a = NULL, *b = NULL;
        isurv_logrank *la = NULL, *lb = NULL;
        ck_assert_int_eq(isurv_km_fit(&a, d.time, d.event, d.n, NULL, NULL, d.group, o), ISURV_OK);
        ck_assert_int_eq(isurv_km_fit(&b, d.time, d.event, d.n, d.ones, NULL, d.group, o), ISURV_OK);
        same_km(a, b, 1);
        isurv_km_free(a);
        isurv_km_free(b);
        ck_assert_int_eq(isurv_km_fit(&a, d.time, d.event, d.n, NULL, NULL, NULL, o), ISURV_OK);
        ck_assert_int_eq(isurv_km_fit(&b, d.time, d.event, d.n, d.ones, NULL, NULL, o), ISURV_OK);
        same_km(a, b, 1);
        isurv_km_free(a);
        isurv_km_free(b);
        ck_assert_int_eq(isurv_logrank_test(&la, d.time, d.event, d.group, d.n, NULL, NULL, o), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_test(&lb, d.time, d.event, d.group, d.n, d.zero, NULL, o), ISURV_OK);
        same_logrank(la, lb);
        isurv_logrank_free(la);
        isurv_logrank_free(lb);
        isurv_opts_free(o);
    }
    drop(&d);
}
END_TEST

/* Every weight function, 2, 3 and 5 groups: the fast path (its four-row
 * vector lanes for 2 and 3 groups with weights 1 and n, its scalar rows
 * otherwise, and one thread for the weights that read the pooled S)
 * against the general path (a stratum variable with one value), and one
 * thread against the default. */
START_TEST(test_logrank_weights_paths)
{
    static const struct {
        int type;
        double p, q;
    } w[] = { { ISURV_WEIGHT_LOGRANK, 0, 0 }, { ISURV_WEIGHT_GRHO, 0, 0 },
              { ISURV_WEIGHT_GRHO, 1, 0 },    { ISURV_WEIGHT_FH, 1, 0.5 },
              { ISURV_WEIGHT_GEHAN, 0, 0 },   { ISURV_WEIGHT_TARONE_WARE, 0, 0 } };
    static const size_t ks[] = { 2, 3, 5 };
    struct data d;
    int *grp = malloc(N * sizeof *grp);
    size_t i, iw, ik;

    ck_assert(grp != NULL);
    make(&d, N, _i);
    for (ik = 0; ik < sizeof ks / sizeof ks[0]; ik++) {
        for (i = 0; i < d.n; i++)
            grp[i] = ks[ik] == 3 ? d.group[i] : (int)((i * 7919u) % ks[ik]);
        for (iw = 0; iw < sizeof w / sizeof w[0]; iw++) {
            isurv_opts *o = opts(0, 1), *one = opts(1, 1);
            isurv_logrank *la = NULL, *lb = NULL, *lc = NULL;
            ck_assert_int_eq(isurv_opts_set_weights(o, w[iw].type, w[iw].p, w[iw].q), ISURV_OK);
            ck_assert_int_eq(isurv_opts_set_weights(one, w[iw].type, w[iw].p, w[iw].q), ISURV_OK);
            ck_assert_int_eq(isurv_logrank_test(&la, d.time, d.event, grp, d.n, NULL, NULL, o), ISURV_OK);
            ck_assert_int_eq(isurv_logrank_test(&lb, d.time, d.event, grp, d.n, d.zero, NULL, o), ISURV_OK);
            ck_assert_int_eq(isurv_logrank_test(&lc, d.time, d.event, grp, d.n, NULL, NULL, one), ISURV_OK);
            same_logrank_k(la, lb, ks[ik]);
            same_logrank_k(la, lc, ks[ik]);
            isurv_logrank_free(la);
            isurv_logrank_free(lb);
            isurv_logrank_free(lc);
            isurv_opts_free(o);
            isurv_opts_free(one);
        }
    }
    free(grp);
    drop(&d);
}
END_TEST

/* Times too widely spread for a key (the general path) against their
 * ranks (the fast path), timefix off. */
START_TEST(test_wide_times_equal_ranks)
{
    struct data d;
    isurv_opts *o = opts(0, 0);
    isurv_km *a = NULL, *b = NULL;
    isurv_logrank *la = NULL, *lb = NULL;

    make(&d, 20000, 2);
    make_ranks(&d);
    ck_assert_int_eq(isurv_km_fit(&a, d.time, d.event, d.n, NULL, NULL, d.group, o), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&b, d.rank, d.event, d.n, NULL, NULL, d.group, o), ISURV_OK);
    same_km(a, b, 0);
    ck_assert_int_eq(isurv_logrank_test(&la, d.time, d.event, d.group, d.n, NULL, NULL, o), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_test(&lb, d.rank, d.event, d.group, d.n, NULL, NULL, o), ISURV_OK);
    same_logrank(la, lb);
    isurv_km_free(a);
    isurv_km_free(b);
    isurv_logrank_free(la);
    isurv_logrank_free(lb);
    isurv_opts_free(o);
    drop(&d);
}
END_TEST

/* Edges of the split of the keys among threads (lib/km_fast.c): parts
 * begin where the clock opens a row, so with all times equal (one row)
 * every part but the first is empty; timefix chains (times 1e-10 apart,
 * 7001 to a chain) run across where an even split would cut; and rows of
 * some hundred tied times, too widely spread to be counted rather than
 * sorted, need the escape list of the compact result.  Just above 2^17
 * rows, where calls start threads.  By _i: the shape.  Threads 2 to 5
 * against one thread, and the fast path against the general one (case
 * weights all 1), one curve and three groups. */
#define NEDGE 140000

/* The last rows of a walk, with four, three, two and one at risk: when
 * their number is a multiple of four, the vector lanes take them, and
 * the row with two at risk is the last that has a variance term.  Fast
 * path against the general one (a stratum variable with one value), one
 * thread, and the rows before of every kind a group of four can hold. */
START_TEST(test_last_rows_in_lanes)
{
    static const size_t sizes[] = { 4, 8, 12, 16, 64 };
    size_t s, i;

    for (s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        const size_t n = sizes[s];
        double time[64];
        int event[64], group[64], stratum[64];
        isurv_opts *o = opts(1, _i);
        isurv_logrank *la = NULL, *lb = NULL;
        for (i = 0; i < n; i++) {
            time[i] = (double)(i + 1);
            event[i] = i + 4 >= n || i % 5 != 2; /* the last four die */
            group[i] = (int)((i * 7 + n) % 3);
            stratum[i] = 0;
        }
        group[n - 1] = (group[n - 2] + 1) % 3; /* two groups left at two */
        ck_assert_int_eq(isurv_logrank_test(&la, time, event, group, n, NULL, NULL, o), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_test(&lb, time, event, group, n, stratum, NULL, o), ISURV_OK);
        same_logrank(la, lb);
        isurv_logrank_free(la);
        isurv_logrank_free(lb);
        isurv_opts_free(o);
    }
}
END_TEST

static void make_edge(struct data *d, int shape)
{
    size_t i;

    make(d, NEDGE, 1);
    for (i = 0; i < d->n; i++) {
        if (shape == 0)
            d->time[i] = 7.5;
        else if (shape == 1)
            d->time[i] = 1.0 + (double)(i / 7001) + (double)(i % 7001) * 1e-10;
        else
            d->time[i] = 0.1 + (double)(i % 997) * 3.14159;
    }
}

START_TEST(test_split_edges)
{
    struct data d;
    isurv_opts *one = opts(1, 1), *deflt = opts(0, 1);
    int g, t;

    make_edge(&d, _i);
    for (g = 0; g <= 1; g++) {
        const int *group = g ? d.group : NULL;
        isurv_km *k1 = NULL, *k = NULL;
        size_t c, rows, total = 0;
        ck_assert_int_eq(isurv_km_fit(&k1, d.time, d.event, d.n, NULL, NULL, group, one), ISURV_OK);
        ck_assert_uint_eq(isurv_km_ncurves(k1), g ? 3 : 1);
        for (c = 0; c < isurv_km_ncurves(k1); c++) {
            ck_assert_int_eq(isurv_km_ntimes(k1, c, &rows), ISURV_OK);
            total += rows;
        }
        /* one row; 20 chains; 997 ties of every curve */
        ck_assert_uint_eq(total, _i == 0 ? (g ? 3 : 1) : _i == 1 ? (g ? 60 : 20)
                                                                  : (g ? 2991 : 997));
        for (t = 2; t <= 5; t++) {
            isurv_opts *o = opts(t, 1);
            ck_assert_int_eq(isurv_km_fit(&k, d.time, d.event, d.n, NULL, NULL, group, o), ISURV_OK);
            same_km(k1, k, 1);
            isurv_km_free(k);
            isurv_opts_free(o);
        }
        ck_assert_int_eq(isurv_km_fit(&k, d.time, d.event, d.n, d.ones, NULL, group, deflt), ISURV_OK);
        same_km(k1, k, 1);
        isurv_km_free(k);
        isurv_km_free(k1);
    }
    isurv_opts_free(one);
    isurv_opts_free(deflt);
    drop(&d);
}
END_TEST

/* Bad input still gets its status on the fast path (unweighted, no
 * entry), in the documented order: times before events. */
/* Group labels that the scan counts in its window of 64 around the
 * first label (lib/keys.h), at the top and bottom of the int range, and
 * labels that leave it (counted again, or labelled sparsely): the fast
 * path's groups, their sizes and fits against the general path's (unit
 * weights), which never uses the window. */
START_TEST(test_group_windows)
{
    static const int sets[][3] = {
        { 2, -4, -1 },                     /* in the window */
        { INT_MAX, INT_MAX - 2, INT_MAX - 1 }, /* at its top */
        { INT_MIN + 5, INT_MIN, INT_MIN + 63 }, /* at its bottom */
        { 0, 31, -32 },                    /* its two ends */
        { 0, 40, -40 },                    /* span 81: counted again */
        { 0, 1000000, -1000000 },          /* sparse labels */
    };
    struct data d;
    int *grp = malloc(20000 * sizeof *grp);
    size_t i;
    isurv_km *a = NULL, *b = NULL;
    isurv_logrank *la = NULL, *lb = NULL;

    ck_assert_ptr_nonnull(grp);
    make(&d, 20000, 1);
    for (i = 0; i < d.n; i++)
        grp[i] = sets[_i][d.group[i] == -4 ? 0 : d.group[i] == -1 ? 1 : 2];
    grp[0] = sets[_i][0]; /* the window is centred on the first label */
    ck_assert_int_eq(isurv_km_fit(&a, d.time, d.event, d.n, NULL, NULL, grp, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&b, d.time, d.event, d.n, d.ones, NULL, grp, NULL), ISURV_OK);
    ck_assert_uint_eq(isurv_km_ncurves(a), 3);
    same_km(a, b, 1);
    ck_assert_int_eq(isurv_logrank_test(&la, d.time, d.event, grp, d.n, NULL, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_test(&lb, d.time, d.event, grp, d.n, d.zero, NULL, NULL), ISURV_OK);
    same_logrank(la, lb);
    isurv_km_free(a);
    isurv_km_free(b);
    isurv_logrank_free(la);
    isurv_logrank_free(lb);
    free(grp);
    drop(&d);
}
END_TEST

/* The write pass keeps which curves have a row in the open row of the
 * clock in one 64-bit word up to 64 curves, and in per-curve state
 * beyond (lib/km_pass.c): 2, 64, 65 and 200 groups on continuous times
 * with timefix pairs, timefix on and off, each curve's rows against the
 * general path's, and two threads against one.  Above 2^17 rows, so
 * that the keys are split among threads. */
START_TEST(test_many_curves)
{
    static const int ngroups[] = { 2, 64, 65, 200 };
    struct data d;
    int timefix;
    size_t i;

    make(&d, 140000, 1);
    for (i = 0; i < d.n; i++)
        d.group[i] = (int)(unif() * ngroups[_i]) * 7 - 100;
    for (timefix = 0; timefix <= 1; timefix++) {
        isurv_opts *one = opts(1, timefix), *two = opts(2, timefix);
        isurv_km *a = NULL, *b = NULL, *c = NULL;
        ck_assert_int_eq(isurv_km_fit(&a, d.time, d.event, d.n, NULL, NULL, d.group, two), ISURV_OK);
        ck_assert_int_eq(isurv_km_fit(&b, d.time, d.event, d.n, d.ones, NULL, d.group, two), ISURV_OK);
        ck_assert_int_eq(isurv_km_fit(&c, d.time, d.event, d.n, NULL, NULL, d.group, one), ISURV_OK);
        ck_assert_uint_eq(isurv_km_ncurves(a), (size_t)ngroups[_i]);
        same_km(a, b, 1);
        same_km(a, c, 1);
        isurv_km_free(a);
        isurv_km_free(b);
        isurv_km_free(c);
        isurv_opts_free(one);
        isurv_opts_free(two);
    }
    drop(&d);
}
END_TEST

START_TEST(test_fast_bad_input)
{
    double t[4] = { 1, 2, 3, 4 };
    int e[4] = { 1, 0, 2, 1 }, g[4] = { 1, 1, 2, 2 }, one[4] = { 5, 5, 5, 5 };
    isurv_km *fit = NULL;
    isurv_logrank *lr = NULL;

    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 4, NULL, NULL, NULL, NULL), ISURV_EEVENT);
    t[3] = NAN;
    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 4, NULL, NULL, NULL, NULL), ISURV_ETIME);
    ck_assert_int_eq(isurv_logrank_test(&lr, t, e, g, 4, NULL, NULL, NULL), ISURV_ETIME);
    t[3] = 4;
    ck_assert_int_eq(isurv_logrank_test(&lr, t, e, g, 4, NULL, NULL, NULL), ISURV_EEVENT);
    e[2] = 0;
    ck_assert_int_eq(isurv_logrank_test(&lr, t, e, one, 4, NULL, NULL, NULL), ISURV_EGROUPS);
    ck_assert_int_eq(isurv_logrank_test(&lr, t, e, NULL, 4, NULL, NULL, NULL), ISURV_ENULL);
    ck_assert_ptr_null(fit);
    ck_assert_ptr_null(lr);
}
END_TEST

/* The fast paths check the events as the sort or the count reads them
 * (lib/radix.h), not in the scan: an event of 2 or -1 anywhere, on
 * continuous times (sorted, split among threads) and day counts
 * (counted), one curve and by group, still gives ISURV_EEVENT and no
 * fit; for the log-rank test it also outranks a single group, as on the
 * general path.  By _i: the shape. */
START_TEST(test_fast_bad_events)
{
    static const int bad[] = { 2, -1, INT_MIN };
    static const size_t at[] = { 0, 77777, 139999 };
    struct data d;
    size_t b, w;
    int *one = malloc(140000 * sizeof *one);

    ck_assert_ptr_nonnull(one);
    make(&d, 140000, _i);
    for (w = 0; w < d.n; w++)
        one[w] = 7;
    for (b = 0; b < sizeof bad / sizeof bad[0]; b++)
        for (w = 0; w < sizeof at / sizeof at[0]; w++) {
            int keep = d.event[at[w]];
            isurv_km *k = NULL;
            isurv_logrank *l = NULL;
            d.event[at[w]] = bad[b];
            ck_assert_int_eq(isurv_km_fit(&k, d.time, d.event, d.n, NULL, NULL, NULL, NULL), ISURV_EEVENT);
            ck_assert_int_eq(isurv_km_fit(&k, d.time, d.event, d.n, NULL, NULL, d.group, NULL), ISURV_EEVENT);
            ck_assert_int_eq(isurv_logrank_test(&l, d.time, d.event, d.group, d.n, NULL, NULL, NULL), ISURV_EEVENT);
            ck_assert_int_eq(isurv_logrank_test(&l, d.time, d.event, one, d.n, NULL, NULL, NULL), ISURV_EEVENT);
            ck_assert_ptr_null(k);
            ck_assert_ptr_null(l);
            d.event[at[w]] = keep;
        }
    free(one);
    drop(&d);
}
END_TEST

static Suite *fast_suite(void)
{
    Suite *s = suite_create("fast");
    TCase *tc = tcase_create("fast");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_opts_threads);
    tcase_add_loop_test(tc, test_threads_identical, 0, 2);
    tcase_add_loop_test(tc, test_fast_equals_general, 0, 2);
    tcase_add_loop_test(tc, test_logrank_weights_paths, 0, 2);
    tcase_add_test(tc, test_wide_times_equal_ranks);
    tcase_add_loop_test(tc, test_split_edges, 0, 3);
    tcase_add_loop_test(tc, test_last_rows_in_lanes, 0, 2);
    tcase_add_loop_test(tc, test_group_windows, 0, 6);
    tcase_add_loop_test(tc, test_many_curves, 0, 4);
    tcase_add_test(tc, test_fast_bad_input);
    tcase_add_loop_test(tc, test_fast_bad_events, 0, 2);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fast_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
