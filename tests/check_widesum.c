/*
 * The exact sums behind timefix's mean (lib/widesum.c) and the distinct
 * times of sorted keys (lib/distinct.c), compiled in from lib/: they are
 * internal, and the mean decides which times timefix merges.
 *
 * Expected values are worked by hand in the comments, or rest on IEEE
 * division being correctly rounded: where a sum S is an integer below
 * 2^53, the correctly rounded S / count is (double)S / (double)count.
 */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "distinct.h"
#include "testrand.h"
#include "widesum.h"

static uint64_t next_u64(uint64_t *st)
{
    (void)isurv_test_unif(st); /* the suites' xorshift64 step */
    return *st;
}

static uint64_t below(uint64_t *st, uint64_t n)
{
    return next_u64(st) % n;
}

static double mean_of(const double *x, size_t n)
{
    struct isurv_widesum s;
    size_t i;

    isurv_widesum_init(&s);
    for (i = 0; i < n; i++)
        isurv_widesum_add(&s, x[i]);
    return isurv_widesum_mean(&s, n);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

START_TEST(test_beyond_double_sums)
{
    /* 2^53 + 1 needs 54 bits: a double sum drops the 1 and gives 2^52;
     * the exact mean is 2^52 + 0.5, a double. */
    const double a[] = { 0x1p53, 1.0 };
    /* 1e16 + 1 + 1 + ... as doubles never moves off 1e16. */
    double b[1001];
    size_t i;

    ck_assert(same_bits(mean_of(a, 2), 4503599627370496.5));
    b[0] = 1e16;
    for (i = 1; i < 1001; i++)
        b[i] = 1.0;
    /* (1e16 + 1000) / 1001, both integers below 2^53 */
    ck_assert(same_bits(mean_of(b, 1001), (1e16 + 1000.0) / 1001.0));
}
END_TEST

START_TEST(test_ties_to_even)
{
    /* Doubles near 2^53 are 2 apart. */
    const double a[] = { 0x1p53, 0x1p53 + 2 };     /* 2^53 + 1: to 2^53 */
    const double b[] = { 0x1p53 + 2, 0x1p53 + 4 }; /* 2^53 + 3: to 2^53 + 4 */
    /* 2^53 + 1 + 1/3 is nearer 2^53 + 2 than 2^53. */
    const double c[] = { 0x1p53, 0x1p53, 0x1p53 + 4 };

    ck_assert(same_bits(mean_of(a, 2), 0x1p53));
    ck_assert(same_bits(mean_of(b, 2), 0x1p53 + 4));
    ck_assert(same_bits(mean_of(c, 3), 0x1p53 + 2));
}
END_TEST

START_TEST(test_extremes)
{
    const double tiny = 0x1p-1074;
    const double big[] = { DBL_MAX, DBL_MAX, DBL_MAX };
    const double half[] = { DBL_MAX, 0.0 };
    const double s1[] = { tiny, 2 * tiny };        /* 1.5: tie, to 2 */
    const double s2[] = { tiny, 0.0 };             /* 0.5: tie, to 0 */
    const double s3[] = { tiny, tiny, tiny, 0.0 }; /* 0.75: to 1 */
    const double s4[] = { 0.0, -0.0, 0.0 };

    /* A double sum overflows to Inf here. */
    ck_assert(same_bits(mean_of(big, 3), DBL_MAX));
    ck_assert(same_bits(mean_of(half, 2), DBL_MAX / 2));
    ck_assert(same_bits(mean_of(s1, 2), 2 * tiny));
    ck_assert(same_bits(mean_of(s2, 2), 0.0));
    ck_assert(same_bits(mean_of(s3, 4), tiny));
    ck_assert(same_bits(mean_of(s4, 3), 0.0));
    /* One value is its own mean, over the whole range. */
    ck_assert(same_bits(mean_of(&tiny, 1), tiny));
    ck_assert(same_bits(mean_of(&big[0], 1), DBL_MAX));
}
END_TEST

START_TEST(test_huge_counts)
{
    struct isurv_widesum s;

    /* 5 (2^63 + 1) in units of 2^-1074, over 2^63 + 1: exactly 5, the
     * division's remainder passing 2^64 on the way. */
    isurv_widesum_init(&s);
    isurv_widesum_add_at(&s, 5, 1074 + 63);
    isurv_widesum_add_at(&s, 5, 1074);
    ck_assert(same_bits(isurv_widesum_mean(&s, ((uint64_t)1 << 63) + 1), 5.0));
    /* UINT64_MAX ones over UINT64_MAX: 1. */
    isurv_widesum_init(&s);
    isurv_widesum_add_at(&s, UINT64_MAX, 1074);
    ck_assert(same_bits(isurv_widesum_mean(&s, UINT64_MAX), 1.0));
    /* 2^64 - 1 times DBL_MAX: the top words. */
    isurv_widesum_init(&s);
    isurv_widesum_add_at(&s, UINT64_MAX, 2045);
    isurv_widesum_add_at(&s, UINT64_MAX, 2045);
    ck_assert(same_bits(isurv_widesum_mean(&s, 2), ldexp((double)UINT64_MAX, 971)));
}
END_TEST

/* Integers m times 2^e: the sum of the m is exact in a double, so the
 * expected mean is one IEEE division, scaled. */
START_TEST(test_random_integers)
{
    uint64_t r;
    double x[700];
    int trial;

    r = (uint64_t)(20261124u + (unsigned)_i);
    for (trial = 0; trial < 200; trial++) {
        size_t n = 1 + below(&r, 700), i;
        int e = (int)below(&r, 1900) - 950;
        double msum = 0.0;
        for (i = 0; i < n; i++) {
            double m = (double)(next_u64(&r) >> 21); /* < 2^43 */
            msum += m;
            x[i] = ldexp(m, e);
        }
        ck_assert(same_bits(mean_of(x, n), ldexp(msum / (double)n, e)));
    }
}
END_TEST

/* Exact, so the same whatever the order and the split into parts. */
START_TEST(test_order_free)
{
    uint64_t r;
    struct isurv_widesum all, part[3], merged;
    double x[3000];
    size_t i;

    r = (uint64_t)(7u);
    for (i = 0; i < 3000; i++)
        x[i] = ldexp(isurv_test_unif(&r), (int)below(&r, 2000) - 1000);
    isurv_widesum_init(&all);
    for (i = 0; i < 3000; i++)
        isurv_widesum_add(&all, x[i]);
    for (i = 0; i < 3; i++)
        isurv_widesum_init(&part[i]);
    for (i = 3000; i-- > 0;)
        isurv_widesum_add(&part[below(&r, 3)], x[i]);
    isurv_widesum_init(&merged);
    isurv_widesum_merge(&merged, &part[2]);
    isurv_widesum_merge(&merged, &part[0]);
    isurv_widesum_merge(&merged, &part[1]);
    ck_assert(memcmp(&all, &merged, sizeof all) == 0);
}
END_TEST

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* isurv_distinct_add_keys against one isurv_widesum_add per distinct
 * time: runs of ties, exponent changes, long runs of one exponent (past
 * the integer sums' limit of 2^11 per lane) and lengths that are not
 * multiples of four. */
START_TEST(test_distinct_keys)
{
    struct isurv_keyspec ks = { 0, 0, 0, 2 };
    uint64_t r;
    struct isurv_distinct got, want;
    size_t m = 3 + (size_t)_i * 4001, i, lo, cut;
    uint64_t *key = malloc(m * sizeof *key);
    double t0 = 1.0;

    ck_assert_ptr_nonnull(key);
    r = (uint64_t)(11u + (unsigned)_i);
    ks.base = 0x3ff0000000000000u; /* 1.0: times from 1 up */
    ks.shift = 20;                 /* the low 20 bits of every time are 0 */
    for (i = 0; i < m; i++) {
        /* times 1..2^(1 + _i) (one to several binades), many ties */
        double t = t0 + ldexp((double)below(&r, (uint64_t)1 << 12),
                              (int)_i - 11);
        uint64_t b;
        memcpy(&b, &t, sizeof b);
        b &= ~(((uint64_t)1 << 20) - 1);
        key[i] = ((b - ks.base) >> ks.shift) << ks.pb | below(&r, 4);
    }
    qsort(key, m, sizeof *key, cmp_u64);
    isurv_distinct_init(&want);
    for (i = 0; i < m; i++)
        if (i == 0 || key[i] >> ks.pb != key[i - 1] >> ks.pb)
            isurv_distinct_add_time(&want, isurv_key_time(&ks, key[i] >> ks.pb));
    /* In parts cut at time changes, as the sort's buckets are. */
    isurv_distinct_init(&got);
    for (lo = 0; lo < m; lo = cut) {
        cut = lo + 1 + below(&r, m / 3 + 1);
        while (cut < m && key[cut] >> ks.pb == key[cut - 1] >> ks.pb)
            cut++;
        if (cut > m)
            cut = m;
        isurv_distinct_add_keys(&got, key + lo, cut - lo, &ks);
    }
    ck_assert_uint_eq(got.count, want.count);
    ck_assert(memcmp(&got.sum, &want.sum, sizeof got.sum) == 0);
    free(key);
}
END_TEST

/* 2^17 distinct times in one binade, each with a fraction of at least
 * 2^51: their fractions overflow 64 bits unless added in short runs. */
START_TEST(test_distinct_long_run)
{
    const size_t m = (size_t)1 << 17;
    struct isurv_keyspec ks = { 0x3ff8000000000000u, 0, 0, 1 }; /* 1.5 */
    struct isurv_distinct got, want;
    uint64_t *key = malloc(m * sizeof *key);
    size_t i;

    ck_assert_ptr_nonnull(key);
    isurv_distinct_init(&want);
    for (i = 0; i < m; i++) {
        key[i] = (uint64_t)i << 1 | (i & 1);
        isurv_distinct_add_time(&want, isurv_key_time(&ks, i));
    }
    isurv_distinct_init(&got);
    isurv_distinct_add_keys(&got, key, m, &ks);
    ck_assert_uint_eq(got.count, m);
    ck_assert(memcmp(&got.sum, &want.sum, sizeof got.sum) == 0);
    /* The mean of 1.5 + i 2^-52, i < 2^17, is 1.5 + (2^17 - 1) 2^-53, half
     * way between two doubles: one IEEE addition of the two exact terms
     * rounds it as the mean must be rounded. */
    ck_assert(same_bits(isurv_widesum_mean(&got.sum, got.count),
                        1.5 + ldexp((double)(m - 1), -53)));
    free(key);
}
END_TEST

static Suite *widesum_suite(void)
{
    Suite *s = suite_create("widesum");
    TCase *tc = tcase_create("exact means");

    tcase_add_test(tc, test_beyond_double_sums);
    tcase_add_test(tc, test_ties_to_even);
    tcase_add_test(tc, test_extremes);
    tcase_add_test(tc, test_huge_counts);
    tcase_add_loop_test(tc, test_random_integers, 0, 4);
    tcase_add_test(tc, test_order_free);
    tcase_add_loop_test(tc, test_distinct_keys, 0, 6);
    tcase_add_test(tc, test_distinct_long_run);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(widesum_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
