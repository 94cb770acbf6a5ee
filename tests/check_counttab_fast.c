/*
 * The ways isurv_counttab_build makes a table must give the same table,
 * byte for byte: the fast build of unweighted rows without entry times,
 * by either of its routes (lib/counttab_days.c: whole-number times
 * counted in one pass; lib/counttab_fast.c: the keys of the fast fits),
 * and the general build (lib/counttab.c: a (time, row) sort), reached
 * with case weights all equal to 1, which give the table of no weights
 * (the canonical form drops weighted sums equal to the counts).  The
 * suite compiles the library's sources in, so that it can call each route
 * itself with any number of threads: every thread count gives the
 * general table.
 * Data: ties and no ties, times spread over many binades with long runs
 * of ties (sorted, not counted), 0.0 and -0.0, one row, one time, groups
 * and strata with dense and sparse labels, more label pairs than the
 * fast build takes (it must decline, and the public call still work). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "counttab.h"
#include "fastcount.h"
#include "inotusurv.h"
#include "threads.h"
#include "testrand.h"
#include "testutil.h"

/* Large enough for threads (lib/threads.h) and for day counts to be
 * counted in a histogram rather than sorted. */
#define BIG 300000

enum shape {
    DAYS,     /* 1 + floor(Exp(mean 365)): ties */
    CONT,     /* Exp(mean 365): no ties */
    WIDE,     /* 40 values from 1e-6 to 1e6: wide keys, long runs of ties */
    ZEROS,    /* 0.0, -0.0 and a few small times */
    ONE_TIME, /* every row at the same time: a time field of no bits */
    NSHAPES
};

enum labels {
    NONE,        /* no groups, no strata */
    GROUPS,      /* groups 1..3 */
    SPARSE,      /* groups spread over the whole int range */
    STRATA,      /* strata 1..4, no groups */
    BOTH,        /* strata and groups */
    BOTH_SPARSE, /* sparse strata and groups */
    MANY,        /* 70000 group labels: more cells than per-thread arrays take */
    NLABELS
};

struct data {
    size_t n;
    double *time, *ones;
    int *event, *group, *strata;
};

static uint64_t rng = 7;

static double unif(void)
{
    return isurv_test_unif(&rng);
}

static void make(struct data *d, size_t n, int shape, int labels)
{
    static double wide[40];
    size_t i;

    for (i = 0; i < 40; i++)
        wide[i] = 1e-6 * pow(1e12, (double)i / 39.0);
    d->n = n;
    d->time = isurv_test_xmalloc(n * sizeof *d->time);
    d->ones = isurv_test_xmalloc(n * sizeof *d->ones);
    d->event = isurv_test_xmalloc(n * sizeof *d->event);
    d->group = NULL;
    d->strata = NULL;
    if (labels != NONE && labels != STRATA)
        d->group = isurv_test_xmalloc(n * sizeof *d->group);
    if (labels == STRATA || labels == BOTH || labels == BOTH_SPARSE)
        d->strata = isurv_test_xmalloc(n * sizeof *d->strata);
    for (i = 0; i < n; i++) {
        double x = -365.0 * log(unif());
        switch (shape) {
        case DAYS:
            d->time[i] = 1.0 + floor(x);
            break;
        case CONT:
            d->time[i] = x;
            break;
        case WIDE:
            d->time[i] = wide[(size_t)(unif() * 40)];
            break;
        case ZEROS:
            d->time[i] = i % 3 == 0 ? 0.0 : i % 3 == 1 ? -0.0 : floor(x / 100.0);
            break;
        default:
            d->time[i] = 17.5;
        }
        d->ones[i] = 1.0;
        d->event[i] = unif() < 0.7;
        if (labels == GROUPS || labels == BOTH)
            d->group[i] = 1 + (int)(unif() * 3);
        else if (labels == SPARSE || labels == BOTH_SPARSE)
            d->group[i] = (int)(unif() * 5) * 500000000 - 1000000000;
        else if (labels == MANY)
            d->group[i] = (int)(unif() * 70000) * 3 - 100000;
        if (labels == STRATA || labels == BOTH)
            d->strata[i] = 1 + (int)(unif() * 4);
        else if (labels == BOTH_SPARSE)
            d->strata[i] = i % 2 ? -2000000000 : 2000000000 - (int)(unif() * 3);
    }
}

static void drop(struct data *d)
{
    free(d->time);
    free(d->ones);
    free(d->event);
    free(d->group);
    free(d->strata);
}

static unsigned char *bytes_of(const isurv_counttab *t, size_t *len)
{
    unsigned char *buf;
    size_t need = 0;

    ck_assert_int_eq(isurv_counttab_to_bytes(t, NULL, 0, &need), ISURV_OK);
    buf = isurv_test_xmalloc(need);
    ck_assert_int_eq(isurv_counttab_to_bytes(t, buf, need, &need), ISURV_OK);
    *len = need;
    return buf;
}

/* The general build's table. */
static isurv_counttab *general(const struct data *d)
{
    isurv_counttab *t = NULL;

    ck_assert_int_eq(isurv_counttab_build(&t, d->time, d->event, d->n, d->ones,
                                          NULL, d->group, d->strata),
                     ISURV_OK);
    ck_assert_ptr_null(t->w);
    return t;
}

static void assert_same(const isurv_counttab *want, const isurv_counttab *got,
                        const char *what)
{
    size_t lw, lg;
    unsigned char *a = bytes_of(want, &lw), *b = bytes_of(got, &lg);

    ck_assert_msg(lw == lg && memcmp(a, b, lw) == 0,
                  "%s: tables differ (%zu and %zu bytes)", what, lw, lg);
    ck_assert_uint_eq(got->nobs, want->nobs);
    ck_assert_ptr_null(got->w);
    ck_assert_uint_eq(got->nspans, 0);
    free(a);
    free(b);
}

/* The fast build and each of its two routes (whole-number days, and the
 * keys of the fast fits) on every thread count, and the public call,
 * against the general build.  The days' route may decline any data; with
 * declines set the keys' route must decline (the keys cannot hold the
 * data) and the public call take the general way. */
static void compare(const struct data *d, int declines, const char *what)
{
    static const int threads[] = { 1, 2, 3, ISURV_MAX_THREADS };
    static const char *const route[] = { "fast", "keys", "days" };
    isurv_counttab *want = general(d), *got;
    char msg[128];
    size_t k;
    int r, rc;

    for (k = 0; k < sizeof threads / sizeof threads[0]; k++)
        for (r = 0; r < 3; r++) {
            int (*build)(struct isurv_counttab **, const double *, const int *,
                         size_t, const int *, const int *, int)
                = r == 0 ? isurv_ct_build_fast
                  : r == 1 ? isurv_ct_build_keys : isurv_ct_build_days;
            got = NULL;
            rc = build(&got, d->time, d->event, d->n, d->group, d->strata,
                       threads[k]);
            if (r == 2 && rc == ISURV_FAST_UNFIT) {
                ck_assert_ptr_null(got);
                continue;
            }
            ck_assert_int_eq(rc, declines ? ISURV_FAST_UNFIT : ISURV_OK);
            if (declines) {
                ck_assert_ptr_null(got);
                continue;
            }
            snprintf(msg, sizeof msg, "%s, %s, %d thread(s)", what, route[r],
                     threads[k]);
            assert_same(want, got, msg);
            isurv_counttab_free(got);
        }
    got = NULL;
    ck_assert_int_eq(isurv_counttab_build(&got, d->time, d->event, d->n, NULL,
                                          NULL, d->group, d->strata),
                     ISURV_OK);
    snprintf(msg, sizeof msg, "%s, public call", what);
    assert_same(want, got, msg);
    isurv_counttab_free(got);
    isurv_counttab_free(want);
}

static const size_t sizes[] = { 1, 2, 1000, BIG };
#define NSIZES (sizeof sizes / sizeof sizes[0])

/* Loop index: size, then labels, then shape. */
START_TEST(test_fast_equals_general)
{
    size_t n = sizes[_i % NSIZES];
    int labels = (int)(_i / NSIZES % NLABELS), shape = (int)(_i / NSIZES / NLABELS);
    struct data d;
    char what[96];

    if (labels == MANY && n < BIG)
        return; /* the point of MANY is its number of cells */
    rng = 7 + (uint64_t)_i;
    make(&d, n, shape, labels);
    snprintf(what, sizeof what, "shape %d, labels %d, n %zu", shape, labels, n);
    /* Times over 40 binades (continuous, or wide) leave no room in a key
     * for 17 bits of cell index. */
    compare(&d, labels == MANY && (shape == CONT || shape == WIDE), what);
    drop(&d);
}
END_TEST

/* The days' route takes whole-number times with group and stratum labels
 * 0..7 and declines everything else, bad data included (the keys' route
 * reports it).  What it takes must be the general table. */
START_TEST(test_days_route)
{
    struct data d;
    isurv_counttab *t, *want;
    size_t i, n = BIG;
    int th, labels, *s8;

    for (labels = NONE; labels <= BOTH; labels++) {
        if (labels == SPARSE)
            continue;
        make(&d, n, DAYS, labels);
        /* the largest label it takes, and 0 */
        for (i = 0; d.group && i < n; i += 11)
            d.group[i] = 7;
        for (i = 5; d.group && i < n; i += 13)
            d.group[i] = 0;
        for (i = 3; d.strata && i < n; i += 17)
            d.strata[i] = i % 2 ? 7 : 0;
        /* 64 label pairs take 512 bytes a day: fewer days fit its room */
        for (i = 0; labels == BOTH && i < n; i++)
            d.time[i] = floor(d.time[i] / 4.0);
        want = general(&d);
        for (th = 1; th <= 2; th++) {
            t = NULL;
            ck_assert_int_eq(isurv_ct_build_days(&t, d.time, d.event, n, d.group,
                                                 d.strata, th),
                             ISURV_OK);
            assert_same(want, t, "days route");
            isurv_counttab_free(t);
        }
        isurv_counttab_free(want);
        drop(&d);
    }

    /* Days within the room of 64 label pairs, so that each case declines
     * for its bad value alone (the data restored, the route takes them). */
    make(&d, n, DAYS, GROUPS);
    s8 = isurv_test_xmalloc(n * sizeof *s8);
    for (i = 0; i < n; i++) {
        s8[i] = 1;
        d.time[i] = floor(d.time[i] / 4.0);
    }
    {
        struct {
            size_t row;
            double time;
            int event, group;
        } bad[] = {
            { 0, 0.5, 1, 1 },          /* a fraction */
            { n - 1, 1e300, 1, 1 },    /* too large */
            { n / 2, 16777216.0, 0, 1 }, /* 2^24: beyond the days' limit */
            { n - 1, 100000.0, 0, 1 }, /* beyond the room of 8 bytes a row */
            { 17, NAN, 1, 1 },
            { 17, -1.0, 1, 1 },
            { 17, 3.0, 2, 1 },         /* an event not 0 or 1 */
            { 17, 3.0, -1, 1 },
            { n - 1, 3.0, 1, 8 },      /* labels 0..7 only */
            { 0, 3.0, 1, -1 },
            { n - 1, 3.0, 1, 1 },      /* stratum label 8 (set below) */
        };
        size_t k;

        for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
            double t0 = d.time[bad[k].row];
            int e0 = d.event[bad[k].row], g0 = d.group[bad[k].row];
            const int last = k + 1 == sizeof bad / sizeof bad[0];
            d.time[bad[k].row] = bad[k].time;
            d.event[bad[k].row] = bad[k].event;
            d.group[bad[k].row] = bad[k].group;
            /* the last case: stratum label 8 */
            s8[bad[k].row] = last ? 8 : 1;
            for (th = 1; th <= 3; th++) {
                t = NULL;
                ck_assert_msg(isurv_ct_build_days(&t, d.time, d.event, n,
                                                  d.group, s8, th)
                                  == ISURV_FAST_UNFIT,
                              "days route took bad case %zu, %d thread(s)", k,
                              th);
                ck_assert_ptr_null(t);
            }
            d.time[bad[k].row] = t0;
            d.event[bad[k].row] = e0;
            d.group[bad[k].row] = g0;
            s8[bad[k].row] = 1;
        }
        /* and with the data restored it takes them */
        for (th = 1; th <= 3; th++) {
            t = NULL;
            ck_assert_int_eq(isurv_ct_build_days(&t, d.time, d.event, n,
                                                 d.group, s8, th),
                             ISURV_OK);
            isurv_counttab_free(t);
        }
    }
    free(s8);
    drop(&d);
}
END_TEST

/* -0.0 is 0: the table holds +0.0 whichever the rows had. */
START_TEST(test_negative_zero)
{
    double t[4] = { -0.0, 0.0, -0.0, 2.0 }, one[4] = { 1, 1, 1, 1 };
    int e[4] = { 1, 0, 1, 1 };
    isurv_counttab *fast = NULL, *gen = NULL;

    ck_assert_int_eq(isurv_ct_build_fast(&fast, t, e, 4, NULL, NULL, 1), ISURV_OK);
    ck_assert_int_eq(isurv_counttab_build(&gen, t, e, 4, one, NULL, NULL, NULL),
                     ISURV_OK);
    /* By hand: cells (0: 2 events, 1 censoring) and (2: 1 event). */
    ck_assert_uint_eq(fast->ncells, 2);
    ck_assert(fast->time[0] == 0.0 && !signbit(fast->time[0]));
    ck_assert_uint_eq(fast->n[ISURV_CT_EVENT], 2);
    ck_assert_uint_eq(fast->n[ISURV_CT_CENSOR], 1);
    ck_assert(fast->time[1] == 2.0);
    ck_assert_uint_eq(fast->n[3 + ISURV_CT_EVENT], 1);
    assert_same(gen, fast, "-0.0");
    isurv_counttab_free(fast);
    isurv_counttab_free(gen);
}
END_TEST

/* Data the keys cannot hold go the general way: the fast build declines
 * without writing *out, and the public call gives the general table. */
START_TEST(test_declines)
{
    struct data d;
    isurv_counttab *t = NULL, *want, *got = NULL;
    size_t i, n = 1000;

    /* Times over 2^-1000 .. 2^1000 with groups: field and cell > 64 bits. */
    make(&d, n, CONT, GROUPS);
    for (i = 0; i < n; i++)
        d.time[i] = ldexp(0.5 + unif() / 2, (int)(unif() * 2000) - 1000);
    ck_assert_int_eq(isurv_ct_build_fast(&t, d.time, d.event, n, d.group,
                                         d.strata, 2),
                     ISURV_FAST_UNFIT);
    ck_assert_ptr_null(t);
    want = general(&d);
    ck_assert_int_eq(isurv_counttab_build(&got, d.time, d.event, n, NULL, NULL,
                                          d.group, d.strata),
                     ISURV_OK);
    assert_same(want, got, "wide times with groups");
    isurv_counttab_free(want);
    isurv_counttab_free(got);
    drop(&d);

    /* 300 strata x 300 groups: more pairs than the fast build numbers. */
    make(&d, n, DAYS, BOTH);
    for (i = 0; i < n; i++) {
        d.strata[i] = (int)(i % 300);
        d.group[i] = (int)(i * 7 % 300);
    }
    ck_assert_int_eq(isurv_ct_build_fast(&t, d.time, d.event, n, d.group,
                                         d.strata, 2),
                     ISURV_FAST_UNFIT);
    ck_assert_ptr_null(t);
    want = general(&d);
    got = NULL;
    ck_assert_int_eq(isurv_counttab_build(&got, d.time, d.event, n, NULL, NULL,
                                          d.group, d.strata),
                     ISURV_OK);
    assert_same(want, got, "many label pairs");
    isurv_counttab_free(want);
    isurv_counttab_free(got);
    drop(&d);
}
END_TEST

/* Bad data get the statuses of isurv_check_survdata, in its order, and no
 * table. */
START_TEST(test_bad_input)
{
    double t[3] = { 1, NAN, 3 };
    int e[3] = { 1, 2, 0 }, g[3] = { 1, 2, 3 };
    isurv_counttab *out = NULL;

    ck_assert_int_eq(isurv_ct_build_fast(&out, NULL, e, 3, g, NULL, 2), ISURV_ENULL);
    ck_assert_int_eq(isurv_ct_build_fast(&out, t, NULL, 3, g, NULL, 2), ISURV_ENULL);
    ck_assert_int_eq(isurv_ct_build_fast(&out, t, e, 3, g, NULL, 2), ISURV_ETIME);
    t[1] = -1.0;
    ck_assert_int_eq(isurv_ct_build_fast(&out, t, e, 3, g, g, 2), ISURV_ETIME);
    t[1] = INFINITY;
    ck_assert_int_eq(isurv_ct_build_fast(&out, t, e, 3, NULL, g, 1), ISURV_ETIME);
    t[1] = 2.0;
    ck_assert_int_eq(isurv_ct_build_fast(&out, t, e, 3, g, g, 2), ISURV_EEVENT);
    ck_assert_ptr_null(out);
}
END_TEST

static Suite *fast_suite(void)
{
    Suite *s = suite_create("counttab_fast");
    TCase *tc = tcase_create("fast_vs_general");

    tcase_set_timeout(tc, 300);
    tcase_add_loop_test(tc, test_fast_equals_general, 0,
                        (int)(NSIZES * NLABELS * NSHAPES));
    tcase_add_test(tc, test_days_route);
    tcase_add_test(tc, test_negative_zero);
    tcase_add_test(tc, test_declines);
    tcase_add_test(tc, test_bad_input);
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
