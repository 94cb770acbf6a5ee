/* Allocation failure.  Linked with the fault-injection build of the library
 * (lib/fault.h), this suite runs every call of tests/calls.c with its
 * allocation k failed, for k = 1, 2, 3, ... until the call makes fewer
 * than k allocations and so completes undisturbed; first with only the
 * k-th failing, then with the k-th and every later one failing (memory
 * that stays exhausted).  Each disturbed run must
 *  - return ISURV_ENOMEM, with its object result NULL, its output arrays
 *    untouched and any object it modifies unchanged; or, where the library
 *    can do without the allocation (a smaller scratch table, a buffer it
 *    only meant to trim), return ISURV_OK with exactly the undisturbed
 *    result, byte for byte;
 *  - leave as many blocks allocated as before the call (no leak, on any
 *    path).
 * Then every thread the library starts is made to fail to start, and the
 * calls that use threads must give the undisturbed result on the calling
 * thread alone.  Every other public function must not allocate at all.
 *
 * ISURV_ALLOC_VERBOSE=1 in the environment prints a line per call: its
 * allocations, and how many failures it reported or recovered from. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "calls.h"
#include "fault.h"
#include "inotusurv.h"

/* What the next run fails, and what the last one saw. */
struct hook {
    unsigned long k;
    int persistent, fail_threads;
    unsigned long attempts, failures, thread_tries;
};

static void hook_begin(void *ctx)
{
    struct hook *h = ctx;

    isurv_fault_threads(h->fail_threads);
    isurv_fault_arm(h->k, h->persistent);
}

static void hook_end(void *ctx)
{
    struct hook *h = ctx;

    h->attempts = isurv_fault_attempts();
    h->failures = isurv_fault_failures();
    h->thread_tries = isurv_fault_thread_tries();
    isurv_fault_arm(0, 0);
    isurv_fault_threads(0);
}

static void setup_outcome(struct outcome *oc, struct hook *h)
{
    oc_init(oc);
    oc->begin = hook_begin;
    oc->end = hook_end;
    oc->ctx = h;
}

/* One run of c under h: no leak, and the test's own memory sufficed. */
static int run_once(struct outcome *oc, const struct call *c, struct hook *h)
{
    long live = isurv_fault_live();
    int rc = oc_run(oc, c);

    ck_assert_msg(!oc->oom, "%s: the test ran out of memory", c->name);
    ck_assert_msg(isurv_fault_live() == live,
                  "%s (k = %lu%s): %ld block(s) leaked, status %d", c->name,
                  h->k, h->persistent ? " and on" : "",
                  isurv_fault_live() - live, rc);
    return rc;
}

START_TEST(test_call)
{
    const struct call *c = &calls[_i];
    struct hook h = { 0, 0, 0, 0, 0, 0 };
    struct outcome ref, oc;
    unsigned long nalloc, k, nomem = 0, recovered = 0;
    int rc, persistent;
    clock_t t0 = clock();

    setup_outcome(&ref, &h);
    setup_outcome(&oc, &h);
    rc = run_once(&ref, c, &h);
    ck_assert_msg(rc == ISURV_OK, "%s: status %d undisturbed", c->name, rc);
    nalloc = h.attempts;
    if (c->threaded)
        ck_assert_msg(h.thread_tries > 0, "%s: no thread started", c->name);

    for (persistent = 0; persistent <= 1; persistent++)
        for (k = 1;; k++) {
            h.k = k;
            h.persistent = persistent;
            rc = run_once(&oc, c, &h);
            if (h.failures == 0) {
                /* Every allocation has had its turn. */
                ck_assert_msg(k == nalloc + 1, "%s: %lu allocations, then %lu",
                              c->name, nalloc, k - 1);
                ck_assert_msg(rc == ISURV_OK && oc_equal(&oc, &ref),
                              "%s: undisturbed run differs", c->name);
                break;
            }
            if (rc == ISURV_ENOMEM) {
                ck_assert_msg(!oc.partial,
                              "%s: allocation %lu%s failed: ISURV_ENOMEM with "
                              "a partial result", c->name, k,
                              persistent ? " and on" : "");
                nomem++;
                continue;
            }
            ck_assert_msg(rc == ISURV_OK,
                          "%s: allocation %lu%s failed: status %d (%s)", c->name,
                          k, persistent ? " and on" : "", rc, isurv_strerror(rc));
            ck_assert_msg(oc_equal(&oc, &ref),
                          "%s: allocation %lu%s failed: success with a "
                          "different result", c->name, k,
                          persistent ? " and on" : "");
            recovered++;
        }

    /* No thread can be started: the same result on the calling thread. */
    h.k = 0;
    h.fail_threads = 1;
    rc = run_once(&oc, c, &h);
    ck_assert_msg(rc == ISURV_OK && oc_equal(&oc, &ref),
                  "%s: without threads: status %d or a different result",
                  c->name, rc);
    if (c->threaded)
        ck_assert_msg(h.thread_tries > 0, "%s: no thread start tried", c->name);

    if (getenv("ISURV_ALLOC_VERBOSE"))
        fprintf(stderr, "%-45s %3lu allocations: %3lu ENOMEM, %3lu recovered"
                " (%.1f s)\n", c->name, nalloc, nomem, recovered,
                (double)(clock() - t0) / CLOCKS_PER_SEC);
    oc_clear(&ref);
    oc_clear(&oc);
}
END_TEST

/* Every other public function never allocates: with every allocation
 * failing, each still succeeds, and none was even tried.  (A function
 * that starts to allocate belongs in the table of tests/calls.c.) */
START_TEST(test_others_never_allocate)
{
    static const double t[8] = { 3, 5, 5, 8, 12, 12, 20, 31 };
    static const double cut[8] = { 4, NAN, 2, INFINITY, 12, 1, 25, 30 };
    static const int e[8] = { 1, 0, 1, 1, 0, 1, 1, 0 };
    static const int g[8] = { 1, 2, 1, 2, 1, 2, 1, 2 };
    static const double tab[4] = { 12, 5, 3, 17 };
    static const double ev[3] = { 22, 17, 13 }, tr[3] = { 29, 34, 27 };
    double v[64], w[64], x[8], y[8], z[8];
    int iv[8], label = 0, flag = 0;
    size_t k = 0, m = 0;
    isurv_opts *o = NULL;
    isurv_km *fit = NULL;
    isurv_logrank *lr = NULL;
    isurv_chisq *cs = NULL;
    isurv_plot *pl = NULL;
    int c;

    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 8, NULL, NULL, g, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_test(&lr, t, e, g, 8, NULL, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_chisq_test(&cs, tab, 2, 2, 1), ISURV_OK);
    ck_assert_int_eq(isurv_plot_new(&pl, fit), ISURV_OK);

    isurv_fault_arm(1, 1);
    ck_assert(isurv_strerror(ISURV_ENOMEM) != NULL);
    ck_assert(isurv_version_string() != NULL);
    ck_assert_int_eq(isurv_version_number(), ISURV_VERSION_NUMBER);
    ck_assert_int_eq(isurv_opts_set_conf_level(o, 0.9), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_conf_type(o, ISURV_CONF_LOGLOG), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_timefix(o, 0), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_FH, 1, 1), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_threads(o, 2), ISURV_OK);

    ck_assert_uint_eq(isurv_km_ncurves(fit), 2);
    ck_assert_int_eq(isurv_km_group(fit, 1, &label), ISURV_OK);
    ck_assert_int_eq(isurv_km_nobs(fit, 1, &k), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(fit, 1, &k), ISURV_OK);
    for (c = ISURV_KM_TIME; c <= ISURV_KM_STD_LOGSURV; c++)
        ck_assert_int_eq(isurv_km_column(fit, 1, c, v, 64), ISURV_OK);
    ck_assert_int_eq(isurv_km_surv_at(fit, 0, t, 8, v, w, x, y), ISURV_OK);
    ck_assert_int_eq(isurv_km_quantile(fit, 0, 0.5, x, y, z), ISURV_OK);
    ck_assert_int_eq(isurv_km_rmst(fit, 0, 20.0, x, y), ISURV_OK);

    ck_assert_uint_eq(isurv_logrank_ngroups(lr), 2);
    ck_assert_uint_eq(isurv_logrank_nstrata(lr), 1);
    ck_assert_int_eq(isurv_logrank_group(lr, 1, &label), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_stat(lr, x, y, z), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_log_p(lr, x), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_table(lr, v, v + 8, v + 16, v + 24, v + 32, 8),
                     ISURV_OK);
    ck_assert_int_eq(isurv_logrank_variance(lr, v, 64), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_stratum(lr, 0, &label, v, w, 8), ISURV_OK);

    ck_assert_int_eq(isurv_chisq_dim(cs, &k, &m), ISURV_OK);
    ck_assert_int_eq(isurv_chisq_stat(cs, x, y, z), ISURV_OK);
    ck_assert_int_eq(isurv_chisq_log_p(cs, x), ISURV_OK);
    ck_assert_int_eq(isurv_chisq_expected(cs, v, 64), ISURV_OK);
    ck_assert_int_eq(isurv_chisq_residuals(cs, v, 64), ISURV_OK);
    ck_assert_int_eq(isurv_chisq_low_expected(cs, &flag), ISURV_OK);
    ck_assert_int_eq(isurv_fisher_test(x, y, z, v, tab, 2, 2, ISURV_TWO_SIDED,
                                       0.95), ISURV_OK);
    ck_assert_int_eq(isurv_prop_trend_test(x, y, ev, tr, NULL, 3), ISURV_OK);

    {
        isurv_counttab *ct = NULL;
        unsigned char bytes[4096];
        size_t a, b, c, d;

        isurv_fault_arm(0, 0);
        ck_assert_int_eq(isurv_counttab_build(&ct, t, e, 8, NULL, NULL, g, NULL),
                         ISURV_OK);
        isurv_fault_arm(1, 1);
        ck_assert_int_eq(isurv_counttab_dim(ct, &a, &b, &c, &d), ISURV_OK);
        ck_assert_int_eq(isurv_counttab_to_bytes(ct, NULL, 0, &a), ISURV_OK);
        ck_assert_int_eq(isurv_counttab_to_bytes(ct, bytes, sizeof bytes, &a),
                         ISURV_OK);
        isurv_counttab_free(ct);
    }

    ck_assert_int_eq(isurv_plot_set_curve_color(pl, 0, "#123abc"), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_xaxis(pl, 40.0, 10.0), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_percent(pl, 1), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_conf_bands(pl, 1), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_censor_marks(pl, ISURV_MARK_PLUS), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_risk_table(pl, 0), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_legend(pl, ISURV_LEGEND_ABOVE), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_digits(pl, 2), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_size(pl, 800.0, 600.0), ISURV_OK);
    /* Clearing a text frees it and copies nothing. */
    ck_assert_int_eq(isurv_plot_set_title(pl, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_annotation(pl, NULL), ISURV_OK);

    ck_assert_int_eq(isurv_censor_at(x, iv, t, e, cut, 8), ISURV_OK);
    ck_assert_int_eq(isurv_censor_admin(x, iv, t, e, 8, 10.0), ISURV_OK);
    ck_assert_int_eq(isurv_days_to_months(x, t, 8), ISURV_OK);
    ck_assert_int_eq(isurv_months_between(x, 2013, 1, 31, 2014, 3, 1), ISURV_OK);
    ck_assert_uint_eq(isurv_fault_attempts(), 0);
    isurv_fault_arm(0, 0);

    isurv_plot_free(pl);
    isurv_chisq_free(cs);
    isurv_logrank_free(lr);
    isurv_km_free(fit);
    isurv_opts_free(o);
}
END_TEST

static Suite *alloc_suite(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("every allocation fails in turn");

    tcase_add_test(tc, test_others_never_allocate);
    tcase_add_loop_test(tc, test_call, 0, (int)ncalls);
    tcase_set_timeout(tc, 600);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    int failed;

    if (calls_init() != 0) {
        fprintf(stderr, "check_alloc: cannot build the inputs\n");
        return 99;
    }
    sr = srunner_create(alloc_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    calls_done();
    return failed == 0 ? 0 : 1;
}
