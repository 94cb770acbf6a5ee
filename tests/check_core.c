/* The library's core: status messages, version, options and the free
 * functions' NULL handling. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inotusurv.h"
#include "refdata.h"
#include "testutil.h"

/* The last status this suite knows; codes are only ever appended, so a
 * later one gets its message checked here when it is added. */
#define LAST_KNOWN_STATUS ISURV_EVERSION

START_TEST(test_strerror_distinct)
{
    int a, b;

    for (a = ISURV_OK; a <= LAST_KNOWN_STATUS; a++) {
        const char *m = isurv_strerror(a);
        ck_assert_ptr_nonnull(m);
        ck_assert_msg(m[0] != '\0', "status %d has an empty message", a);
        ck_assert_msg(strcmp(m, isurv_strerror(-1)) != 0,
                      "status %d has the unknown-code message", a);
        for (b = ISURV_OK; b < a; b++)
            ck_assert_msg(strcmp(m, isurv_strerror(b)) != 0,
                          "statuses %d and %d share the message '%s'", a, b, m);
    }
    /* Static strings: the same pointer each time. */
    ck_assert_ptr_eq(isurv_strerror(ISURV_ENULL), isurv_strerror(ISURV_ENULL));
}
END_TEST

START_TEST(test_strerror_unknown)
{
    const int unknown[] = { -1, -2, INT_MIN, INT_MAX, 1000, 255, 256 };
    size_t k;

    for (k = 0; k < sizeof unknown / sizeof unknown[0]; k++) {
        const char *m = isurv_strerror(unknown[k]);
        ck_assert_ptr_nonnull(m);
        ck_assert_msg(strstr(m, "unknown") != NULL,
                      "status %d: '%s' does not say it is unknown", unknown[k], m);
    }
}
END_TEST

/* The enum's values are ABI: a renumbering would break old binaries. */
START_TEST(test_status_values)
{
    ck_assert_int_eq(ISURV_OK, 0);
    ck_assert_int_eq(ISURV_ENULL, 1);
    ck_assert_int_eq(ISURV_EEMPTY, 2);
    ck_assert_int_eq(ISURV_ETIME, 3);
    ck_assert_int_eq(ISURV_EEVENT, 4);
    ck_assert_int_eq(ISURV_EWEIGHT, 5);
    ck_assert_int_eq(ISURV_EENTRY, 6);
    ck_assert_int_eq(ISURV_EOPTION, 7);
    ck_assert_int_eq(ISURV_ENOMEM, 8);
    ck_assert_int_eq(ISURV_EINDEX, 9);
    ck_assert_int_eq(ISURV_EPROB, 10);
    ck_assert_int_eq(ISURV_EARG, 11);
    ck_assert_int_eq(ISURV_EBUFFER, 12);
    ck_assert_int_eq(ISURV_EDATE, 13);
    ck_assert_int_eq(ISURV_ESIZE, 14);
    ck_assert_int_eq(ISURV_EGROUPS, 15);
    ck_assert_int_eq(ISURV_EVARIANCE, 16);
    ck_assert_int_eq(ISURV_ETABLE, 17);
    ck_assert_int_eq(ISURV_EDIM, 18);
    ck_assert_int_eq(ISURV_ENOCONV, 19);
    ck_assert_int_eq(ISURV_EIO, 20);
    ck_assert_int_eq(ISURV_EFORMAT, 21);
    ck_assert_int_eq(ISURV_EVERSION, 22);
}
END_TEST

START_TEST(test_version)
{
    char buf[64];

    ck_assert_ptr_nonnull(isurv_version_string());
    ck_assert_str_eq(isurv_version_string(), ISURV_VERSION_STRING);
    ck_assert_int_eq(isurv_version_number(), ISURV_VERSION_NUMBER);
    ck_assert_int_eq(ISURV_VERSION_NUMBER, ISURV_VERSION_MAJOR * 10000
                                               + ISURV_VERSION_MINOR * 100
                                               + ISURV_VERSION_PATCH);
    snprintf(buf, sizeof buf, "%d.%d.%d", ISURV_VERSION_MAJOR,
             ISURV_VERSION_MINOR, ISURV_VERSION_PATCH);
    ck_assert_str_eq(isurv_version_string(), buf);
#ifdef PACKAGE_VERSION
    /* The header and configure.ac must not drift apart. */
    ck_assert_str_eq(isurv_version_string(), PACKAGE_VERSION);
#endif
}
END_TEST

/* ---------------------------------------------------------------- opts */

/* Lower and upper limits of R's aml data (case 1 of tests/ref/km_ref.R)
 * fitted with options o, per distinct time. */
static size_t aml_limits(const isurv_opts *o, double *lo, double *hi)
{
    struct ref_table *d = ref_load("km_data.csv");
    size_t first, n = ref_rows_where(d, "case", 1, &first), nt, i;
    int *status = malloc(n * sizeof *status);
    isurv_km *fit = NULL;

    ck_assert_uint_eq(n, 23);
    ck_assert_ptr_nonnull(status);
    for (i = 0; i < n; i++)
        status[i] = (int)ref_column(d, "status")[first + i];
    ck_assert_int_eq(isurv_km_fit(&fit, ref_column(d, "time") + first, status,
                                  n, NULL, NULL, NULL, o), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(fit, 0, &nt), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_LOWER, lo, 32), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_UPPER, hi, 32), ISURV_OK);
    isurv_km_free(fit);
    free(status);
    ref_free(d);
    return nt;
}

/* R's limits for aml (case 1 of tests/ref/km_ref.R) at a variant. */
static void assert_aml_limits_are(const isurv_opts *o, int type, double level)
{
    struct ref_table *t = ref_load("km_conf.csv");
    double lo[32], hi[32];
    size_t nt = aml_limits(o, lo, hi), r, j = 0;

    for (r = 0; r < t->nrow; r++) {
        if (ref_column(t, "case")[r] != 1 || ref_column(t, "conf_type")[r] != type
            || ref_column(t, "conf_level")[r] != level)
            continue;
        ck_assert_uint_lt(j, nt);
        ck_assert_close(lo[j], ref_column(t, "lower")[r], REF_TOL);
        ck_assert_close(hi[j], ref_column(t, "upper")[r], REF_TOL);
        j++;
    }
    ck_assert_uint_eq(j, nt);
    ref_free(t);
}

START_TEST(test_opts_defaults)
{
    isurv_opts *o = NULL;

    ck_assert_int_eq(isurv_opts_new(NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_ptr_nonnull(o);
    /* Defaults are R's: log transform at 0.95, both for NULL options and
     * for fresh ones. */
    assert_aml_limits_are(o, ISURV_CONF_LOG, 0.95);
    assert_aml_limits_are(NULL, ISURV_CONF_LOG, 0.95);
    isurv_opts_free(o);
    isurv_opts_free(NULL); /* a no-op */
}
END_TEST

START_TEST(test_opts_conf_level)
{
    const double bad[] = { 0.0, 1.0, -0.5, 1.5, NAN, INFINITY, -INFINITY };
    isurv_opts *o = NULL;
    size_t k;

    ck_assert_int_eq(isurv_opts_set_conf_level(NULL, 0.9), ISURV_ENULL);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_conf_level(o, 0.90), ISURV_OK);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
        ck_assert_int_eq(isurv_opts_set_conf_level(o, bad[k]), ISURV_EOPTION);
    /* The failed calls left the level at 0.90. */
    assert_aml_limits_are(o, ISURV_CONF_LOG, 0.90);
    /* Any level strictly inside (0, 1) is accepted. */
    ck_assert_int_eq(isurv_opts_set_conf_level(o, 1e-300), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_conf_level(o, 1.0 - DBL_EPSILON / 2), ISURV_OK);
    isurv_opts_free(o);
}
END_TEST

START_TEST(test_opts_conf_type)
{
    const int bad[] = { -1, ISURV_CONF_NONE + 1, 100, INT_MIN, INT_MAX };
    isurv_opts *o = NULL;
    size_t k;
    int type;

    ck_assert_int_eq(isurv_opts_set_conf_type(NULL, ISURV_CONF_LOG), ISURV_ENULL);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    for (type = ISURV_CONF_LOG; type <= ISURV_CONF_NONE; type++)
        ck_assert_int_eq(isurv_opts_set_conf_type(o, type), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_conf_type(o, ISURV_CONF_LOGLOG), ISURV_OK);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++)
        ck_assert_int_eq(isurv_opts_set_conf_type(o, bad[k]), ISURV_EOPTION);
    assert_aml_limits_are(o, ISURV_CONF_LOGLOG, 0.95);
    isurv_opts_free(o);
}
END_TEST

START_TEST(test_opts_timefix)
{
    /* 1/3 twice: 0.1 * 3 / 0.9 and 1.0 / 3 differ in the last bit, so only
     * timefix makes them one time with n.event 2. */
    double t[3] = { 1.0 / 3.0, 0.1 * 3.0 / 0.9, 1.0 };
    const int e[3] = { 1, 1, 0 };
    isurv_opts *o = NULL;
    isurv_km *fit = NULL;
    size_t nt;

    ck_assert(t[0] != t[1]);
    ck_assert_int_eq(isurv_opts_set_timefix(NULL, 1), ISURV_ENULL);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_timefix(o, 2), ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_timefix(o, -1), ISURV_EOPTION);
    /* Still the default (on) after the failures. */
    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 3, NULL, NULL, NULL, o), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(fit, 0, &nt), ISURV_OK);
    ck_assert_uint_eq(nt, 2);
    isurv_km_free(fit);
    ck_assert_int_eq(isurv_opts_set_timefix(o, 0), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 3, NULL, NULL, NULL, o), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(fit, 0, &nt), ISURV_OK);
    ck_assert_uint_eq(nt, 3);
    isurv_km_free(fit);
    ck_assert_int_eq(isurv_opts_set_timefix(o, 1), ISURV_OK);
    isurv_opts_free(o);
}
END_TEST

START_TEST(test_opts_weights)
{
    isurv_opts *o = NULL;
    const double bad[] = { -1.0, NAN, INFINITY, -INFINITY };
    size_t k;

    ck_assert_int_eq(isurv_opts_set_weights(NULL, ISURV_WEIGHT_LOGRANK, 0, 0),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, -1, 0, 0), ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_TARONE_WARE + 1, 0, 0),
                     ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_weights(o, INT_MAX, 0, 0), ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_LOGRANK, 0, 0), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_GEHAN, 0, 0), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_TARONE_WARE, 0, 0),
                     ISURV_OK);
    /* Weights without parameters ignore p and q, whatever they are. */
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_LOGRANK, NAN, -1),
                     ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_GRHO, 0, 0), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_GRHO, 1, NAN), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_FH, 1, 1), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_FH, 0, 0), ISURV_OK);
    for (k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_GRHO, bad[k], 0),
                         ISURV_EOPTION);
        ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_FH, bad[k], 1),
                         ISURV_EOPTION);
        ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_FH, 1, bad[k]),
                         ISURV_EOPTION);
    }
    isurv_opts_free(o);
}
END_TEST

START_TEST(test_free_null)
{
    isurv_opts_free(NULL);
    isurv_km_free(NULL);
}
END_TEST

static Suite *core_suite(void)
{
    Suite *s = suite_create("core");
    TCase *te = tcase_create("errors_and_version");
    TCase *to = tcase_create("options");

    tcase_add_test(te, test_strerror_distinct);
    tcase_add_test(te, test_strerror_unknown);
    tcase_add_test(te, test_status_values);
    tcase_add_test(te, test_version);
    tcase_add_test(te, test_free_null);
    suite_add_tcase(s, te);
    tcase_add_test(to, test_opts_defaults);
    tcase_add_test(to, test_opts_conf_level);
    tcase_add_test(to, test_opts_conf_type);
    tcase_add_test(to, test_opts_timefix);
    tcase_add_test(to, test_opts_weights);
    suite_add_tcase(s, to);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(core_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
