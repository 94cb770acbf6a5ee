/* Censoring helpers and calendar arithmetic, against hand-worked values. */
#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "inotusurv.h"
#include "refdata.h"
#include "testutil.h"

/* ----------------------------------------------------------- censor_at */

/* Seven subjects, each showing one rule (times in months):
 *   0: death at 10, transplant at 4   -> censored at the transplant (4, 0)
 *   1: death at 5, transplant at 9    -> after the death: unchanged (5, 1)
 *   2: death at 7, transplant at 7    -> a tie keeps the outcome (7, 1)
 *   3: death at 3, no transplant (NaN)                      -> (3, 1)
 *   4: death at 8, no transplant (+Inf)                     -> (8, 1)
 *   5: censored at 6, transplant at 2 -> censored earlier (2, 0)
 *   6: death at 4, transplant at 0    -> censored at 0     (0, 0) */
static const double ca_time[] = { 10, 5, 7, 3, 8, 6, 4 };
static const int ca_event[] = { 1, 1, 1, 1, 1, 0, 1 };
static const double ca_at[] = { 4, 9, 7, NAN, INFINITY, 2, 0 };
static const double ca_want_time[] = { 4, 5, 7, 3, 8, 2, 0 };
static const int ca_want_event[] = { 0, 1, 1, 1, 1, 0, 0 };
#define CA_N 7

START_TEST(test_censor_at)
{
    double t[CA_N], at0[CA_N];
    int e[CA_N];
    size_t i;

    memcpy(at0, ca_at, sizeof at0);
    ck_assert_int_eq(isurv_censor_at(t, e, ca_time, ca_event, ca_at, CA_N), ISURV_OK);
    /* ca_time and ca_event are static const: a write would fault. */
    for (i = 0; i < CA_N; i++) {
        ck_assert_msg(t[i] == ca_want_time[i] && e[i] == ca_want_event[i],
                      "subject %zu: (%g, %d), expected (%g, %d)", i, t[i], e[i],
                      ca_want_time[i], ca_want_event[i]);
    }
    ck_assert_mem_eq(at0, ca_at, sizeof at0); /* NaN bits too */
}
END_TEST

/* The outputs may be the input arrays themselves. */
START_TEST(test_censor_at_aliasing)
{
    double t[CA_N], at[CA_N];
    int e[CA_N];
    size_t i;

    memcpy(t, ca_time, sizeof t);
    memcpy(e, ca_event, sizeof e);
    ck_assert_int_eq(isurv_censor_at(t, e, t, e, ca_at, CA_N), ISURV_OK);
    for (i = 0; i < CA_N; i++)
        ck_assert(t[i] == ca_want_time[i] && e[i] == ca_want_event[i]);
    /* Writing the times over the transplant times works as well. */
    memcpy(at, ca_at, sizeof at);
    ck_assert_int_eq(isurv_censor_at(at, e, ca_time, ca_event, at, CA_N), ISURV_OK);
    for (i = 0; i < CA_N; i++)
        ck_assert(at[i] == ca_want_time[i] && e[i] == ca_want_event[i]);
}
END_TEST

/* Every failure returns before writing, so outputs that alias the inputs
 * keep the caller's data. */
START_TEST(test_censor_at_bad_input)
{
    const double bad_time[] = { NAN, INFINITY, -INFINITY, -1.0 };
    const double bad_at[] = { -1.0, -INFINITY, -1e-300 };
    const int bad_event[] = { 2, -1 };
    double t[CA_N], a[CA_N], out_t[CA_N];
    int e[CA_N], out_e[CA_N];
    size_t k, i;

    for (i = 0; i < CA_N; i++) {
        out_t[i] = -99.0;
        out_e[i] = -99;
    }
    ck_assert_int_eq(isurv_censor_at(NULL, out_e, ca_time, ca_event, ca_at, CA_N),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_censor_at(out_t, NULL, ca_time, ca_event, ca_at, CA_N),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_censor_at(out_t, out_e, NULL, ca_event, ca_at, CA_N),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_censor_at(out_t, out_e, ca_time, NULL, ca_at, CA_N),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_censor_at(out_t, out_e, ca_time, ca_event, NULL, CA_N),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_censor_at(out_t, out_e, ca_time, ca_event, ca_at, 0),
                     ISURV_EEMPTY);
    for (k = 0; k < sizeof bad_time / sizeof bad_time[0]; k++) {
        memcpy(t, ca_time, sizeof t);
        t[CA_N - 1] = bad_time[k];
        ck_assert_int_eq(isurv_censor_at(out_t, out_e, t, ca_event, ca_at, CA_N),
                         ISURV_ETIME);
    }
    for (k = 0; k < sizeof bad_event / sizeof bad_event[0]; k++) {
        memcpy(e, ca_event, sizeof e);
        e[CA_N - 1] = bad_event[k];
        ck_assert_int_eq(isurv_censor_at(out_t, out_e, ca_time, e, ca_at, CA_N),
                         ISURV_EEVENT);
    }
    for (k = 0; k < sizeof bad_at / sizeof bad_at[0]; k++) {
        memcpy(a, ca_at, sizeof a);
        a[CA_N - 1] = bad_at[k];
        ck_assert_int_eq(isurv_censor_at(out_t, out_e, ca_time, ca_event, a, CA_N),
                         ISURV_ETIME);
    }
    for (i = 0; i < CA_N; i++)
        ck_assert(out_t[i] == -99.0 && out_e[i] == -99);

    /* In place: a bad last transplant time leaves the first rows as they
     * were, although the first subject would have been censored. */
    memcpy(t, ca_time, sizeof t);
    memcpy(e, ca_event, sizeof e);
    memcpy(a, ca_at, sizeof a);
    a[CA_N - 1] = -1.0;
    ck_assert_int_eq(isurv_censor_at(t, e, t, e, a, CA_N), ISURV_ETIME);
    ck_assert_mem_eq(t, ca_time, sizeof t);
    ck_assert_mem_eq(e, ca_event, sizeof e);
}
END_TEST

/* -------------------------------------------------------- censor_admin */

/* Cut-off 5: times after it become (5, 0); a time at the cut-off keeps its
 * outcome, as does anything before. */
START_TEST(test_censor_admin)
{
    const double time[] = { 2, 5, 5.5, 12, 3, 5 };
    const int event[] = { 1, 1, 1, 0, 0, 0 };
    const double want_t[] = { 2, 5, 5, 5, 3, 5 };
    const int want_e[] = { 1, 1, 0, 0, 0, 0 };
    double t[6], time0[6];
    int e[6], event0[6];
    size_t i;

    memcpy(time0, time, sizeof time0);
    memcpy(event0, event, sizeof event0);
    ck_assert_int_eq(isurv_censor_admin(t, e, time, event, 6, 5.0), ISURV_OK);
    ck_assert_mem_eq(time, time0, sizeof time0);
    ck_assert_mem_eq(event, event0, sizeof event0);
    for (i = 0; i < 6; i++)
        ck_assert_msg(t[i] == want_t[i] && e[i] == want_e[i],
                      "subject %zu: (%g, %d), expected (%g, %d)", i, t[i], e[i],
                      want_t[i], want_e[i]);
    /* In place. */
    memcpy(t, time, sizeof t);
    memcpy(e, event, sizeof e);
    ck_assert_int_eq(isurv_censor_admin(t, e, t, e, 6, 5.0), ISURV_OK);
    for (i = 0; i < 6; i++)
        ck_assert(t[i] == want_t[i] && e[i] == want_e[i]);
    /* A cut-off of 0 censors everything after time 0. */
    ck_assert_int_eq(isurv_censor_admin(t, e, time, event, 6, 0.0), ISURV_OK);
    for (i = 0; i < 6; i++)
        ck_assert(t[i] == 0.0 && e[i] == 0);
}
END_TEST

START_TEST(test_censor_admin_bad_input)
{
    const double time[] = { 2, 5, 7 };
    const int event[] = { 1, 0, 1 };
    const double bad_cut[] = { NAN, -1.0, INFINITY, -INFINITY };
    const double bad_time[] = { NAN, INFINITY, -INFINITY, -3.0 };
    double t[3] = { -9, -9, -9 }, tb[3];
    int e[3] = { -9, -9, -9 }, eb[3];
    size_t k;

    ck_assert_int_eq(isurv_censor_admin(NULL, e, time, event, 3, 5), ISURV_ENULL);
    ck_assert_int_eq(isurv_censor_admin(t, NULL, time, event, 3, 5), ISURV_ENULL);
    ck_assert_int_eq(isurv_censor_admin(t, e, NULL, event, 3, 5), ISURV_ENULL);
    ck_assert_int_eq(isurv_censor_admin(t, e, time, NULL, 3, 5), ISURV_ENULL);
    ck_assert_int_eq(isurv_censor_admin(t, e, time, event, 0, 5), ISURV_EEMPTY);
    for (k = 0; k < sizeof bad_cut / sizeof bad_cut[0]; k++)
        ck_assert_int_eq(isurv_censor_admin(t, e, time, event, 3, bad_cut[k]),
                         ISURV_EARG);
    for (k = 0; k < sizeof bad_time / sizeof bad_time[0]; k++) {
        memcpy(tb, time, sizeof tb);
        tb[2] = bad_time[k];
        ck_assert_int_eq(isurv_censor_admin(t, e, tb, event, 3, 5), ISURV_ETIME);
    }
    memcpy(eb, event, sizeof eb);
    eb[2] = 2;
    ck_assert_int_eq(isurv_censor_admin(t, e, time, eb, 3, 5), ISURV_EEVENT);
    eb[2] = -1;
    ck_assert_int_eq(isurv_censor_admin(t, e, time, eb, 3, 5), ISURV_EEVENT);
    for (k = 0; k < 3; k++)
        ck_assert(t[k] == -9 && e[k] == -9);
}
END_TEST

/* ---------------------------------------------------------- conversions */

/* 30.4375 = 487/16 is exact in binary, and 365.25 = 12 * 30.4375, so the
 * first three quotients are exact; 1 day is 16/487 month. */
START_TEST(test_days_to_months)
{
    double days[] = { 0, 30.4375, 365.25, 1, -30.4375, 1461 };
    const double want[] = { 0, 1, 12, 16.0 / 487.0, -1, 48 };
    double out[6], days0[6];
    size_t i;

    memcpy(days0, days, sizeof days0);
    ck_assert_int_eq(isurv_days_to_months(out, days, 6), ISURV_OK);
    ck_assert_mem_eq(days, days0, sizeof days0);
    for (i = 0; i < 6; i++)
        ck_assert_close(out[i], want[i], 4 * DBL_EPSILON);
    /* In place. */
    ck_assert_int_eq(isurv_days_to_months(days, days, 6), ISURV_OK);
    for (i = 0; i < 6; i++)
        ck_assert_close(days[i], want[i], 4 * DBL_EPSILON);
}
END_TEST

START_TEST(test_days_to_months_bad_input)
{
    const double bad[] = { NAN, INFINITY, -INFINITY };
    double days[3] = { 1, 2, 3 }, out[3] = { -9, -9, -9 };
    size_t k;

    ck_assert_int_eq(isurv_days_to_months(NULL, days, 3), ISURV_ENULL);
    ck_assert_int_eq(isurv_days_to_months(out, NULL, 3), ISURV_ENULL);
    ck_assert_int_eq(isurv_days_to_months(out, days, 0), ISURV_EEMPTY);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        days[2] = bad[k];
        ck_assert_int_eq(isurv_days_to_months(out, days, 3), ISURV_ETIME);
        ck_assert_int_eq(isurv_days_to_months(days, days, 3), ISURV_ETIME);
        ck_assert(days[0] == 1 && days[1] == 2); /* in place: untouched */
    }
    for (k = 0; k < 3; k++)
        ck_assert(out[k] == -9);
}
END_TEST

/* Day counts worked by hand, then / 30.4375:
 *   2012-02-29 -> 2013-02-28:  2012-02-29 -> 2012-03-01 is 1 day, then a
 *                              year with no 29 February (365) less the one
 *                              day from 2013-02-28 to 03-01           = 365
 *   2012-02-29 -> 2016-02-29:  4 * 365 + 1 (2016-02-29)              = 1461
 *   2012-02-28 -> 2012-03-01:  28 and 29 February                     = 2
 *   2013-02-28 -> 2013-03-01:                                         = 1
 *   2000-01-01 -> 2000-03-01:  31 + 29 (2000 divides by 400: leap)    = 60
 *   1900-01-01 -> 1900-03-01:  31 + 28 (1900: century, not leap)      = 59
 *   2020-03-01 -> 2020-02-01:  back over February 2020 (29 days)      = -29
 *   1970-01-01 -> 2000-01-01:  30 * 365 + 7 leap days (72 .. 96)      = 10957
 *   1600-02-28 -> 1600-03-01:  1600 is a leap year (proleptic)        = 2
 *   0000-02-28 -> 0000-03-01:  year 0 divides by 400: leap            = 2
 *   2024-07-15 -> 2024-07-15:                                         = 0
 *  -9999-01-01 -> 9999-12-31, the whole supported range: 20000 years
 *                 from -9999-01-01 are 50 cycles of 146097 days (to
 *                 10001-01-01); less 10000's 366 days and one more   = 7304483 */
START_TEST(test_months_between)
{
    static const struct {
        int y0, m0, d0, y1, m1, d1;
        double days;
    } c[] = {
        { 2012, 2, 29, 2013, 2, 28, 365 },  { 2012, 2, 29, 2016, 2, 29, 1461 },
        { 2012, 2, 28, 2012, 3, 1, 2 },     { 2013, 2, 28, 2013, 3, 1, 1 },
        { 2000, 1, 1, 2000, 3, 1, 60 },     { 1900, 1, 1, 1900, 3, 1, 59 },
        { 2020, 3, 1, 2020, 2, 1, -29 },    { 1970, 1, 1, 2000, 1, 1, 10957 },
        { 1600, 2, 28, 1600, 3, 1, 2 },     { 0, 2, 28, 0, 3, 1, 2 },
        { 2024, 7, 15, 2024, 7, 15, 0 },    { -9999, 1, 1, 9999, 12, 31, 7304483 },
    };
    size_t k;

    for (k = 0; k < sizeof c / sizeof c[0]; k++) {
        double m = NAN;
        ck_assert_int_eq(isurv_months_between(&m, c[k].y0, c[k].m0, c[k].d0,
                                              c[k].y1, c[k].m1, c[k].d1),
                         ISURV_OK);
        ck_assert_msg(isurv_close(m, c[k].days / ISURV_DAYS_PER_MONTH,
                                  2 * DBL_EPSILON),
                      "%d-%d-%d -> %d-%d-%d: %.17g months, expected %g days",
                      c[k].y0, c[k].m0, c[k].d0, c[k].y1, c[k].m1, c[k].d1, m,
                      c[k].days);
    }
}
END_TEST

START_TEST(test_months_between_bad_input)
{
    static const int bad[][3] = {
        { 2013, 2, 29 }, { 1900, 2, 29 }, { 2012, 13, 1 }, { 2012, 0, 1 },
        { 2012, 1, 0 },  { 2012, 1, 32 }, { 2012, 4, 31 }, { 2012, -1, 5 },
        { 2012, 6, -3 }, { 10000, 1, 1 }, { -10000, 1, 1 }, { INT_MAX, 1, 1 },
        { 2012, INT_MIN, 1 }, { 2012, 1, INT_MAX },
    };
    double m = -9.0;
    size_t k;

    ck_assert_int_eq(isurv_months_between(NULL, 2012, 1, 1, 2013, 1, 1), ISURV_ENULL);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ck_assert_int_eq(isurv_months_between(&m, bad[k][0], bad[k][1], bad[k][2],
                                              2012, 1, 1), ISURV_EDATE);
        ck_assert_int_eq(isurv_months_between(&m, 2012, 1, 1, bad[k][0],
                                              bad[k][1], bad[k][2]), ISURV_EDATE);
    }
    ck_assert(m == -9.0);
    /* 2000-02-29 exists (divisible by 400). */
    ck_assert_int_eq(isurv_months_between(&m, 2000, 2, 29, 2000, 2, 29), ISURV_OK);
    ck_assert(m == 0.0);
}
END_TEST

static Suite *censor_suite(void)
{
    Suite *s = suite_create("censor");
    TCase *tc = tcase_create("censoring");
    TCase *td = tcase_create("dates");

    tcase_add_test(tc, test_censor_at);
    tcase_add_test(tc, test_censor_at_aliasing);
    tcase_add_test(tc, test_censor_at_bad_input);
    tcase_add_test(tc, test_censor_admin);
    tcase_add_test(tc, test_censor_admin_bad_input);
    suite_add_tcase(s, tc);
    tcase_add_test(td, test_days_to_months);
    tcase_add_test(td, test_days_to_months_bad_input);
    tcase_add_test(td, test_months_between);
    tcase_add_test(td, test_months_between_bad_input);
    suite_add_tcase(s, td);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(censor_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
