/* Numerical extremes: results at the edges of the double range, against R
 * (tests/ref/extremes_ref.R writes the extremes_*.csv tables) and against
 * exact relations where R cannot say.
 *  - chi-square and log-rank p values far below 1e-300: log p against
 *    R's pchisq(lower.tail = FALSE, log.p = TRUE), the statistic against
 *    chisq.test and survdiff;
 *  - Fisher's exact test on counts in the tens of thousands;
 *  - Kaplan-Meier and log-rank on times near DBL_MAX and below DBL_MIN,
 *    and the same fits on scaled times (both depend on the order of the
 *    times only);
 *  - counts: weights of 1e9 to 3e9 standing for more subjects than an int
 *    counts, table cells near 2^53. */
#include <check.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "inotusurv.h"
#include "refdata.h"
#include "testutil.h"

#define MAX_CELLS 64

struct table {
    size_t nrow, ncol;
    double cell[MAX_CELLS];
};

/* The table `id` of a long-form reference file. */
static void get_table(const struct ref_table *t, double id, struct table *out)
{
    const double *nr = ref_column(t, "nrow"), *nc = ref_column(t, "ncol");
    const double *cell = ref_column(t, "cell"), *value = ref_column(t, "value");
    size_t first, n = ref_rows_where(t, "id", id, &first), i;

    ck_assert_uint_gt(n, 0);
    ck_assert_uint_le(n, MAX_CELLS);
    out->nrow = (size_t)nr[first];
    out->ncol = (size_t)nc[first];
    ck_assert_uint_eq(n, out->nrow * out->ncol);
    for (i = 0; i < n; i++)
        out->cell[(size_t)cell[first + i]] = value[first + i];
}

/* A p value R computed: below DBL_MIN it is subnormal or 0 and carries
 * few digits, so there only the log p is compared, and p must agree
 * with it. */
static void assert_p(double got, double want, double log_p)
{
    if (want >= DBL_MIN)
        ck_assert_close(got, want, REF_TOL);
    else
        ck_assert_msg(got < DBL_MIN && (got == 0.0 || fabs(log(got) - log_p) < 1e-3),
                      "p = %g, R has %g (log p %.17g)", got, want, log_p);
}

/* ----------------------------------------------------------- chi-square */

START_TEST(chisq_log_p_far_tail)
{
    struct ref_table *tabs = ref_load("extremes_chisq_tables.csv");
    struct ref_table *ref = ref_load("extremes_chisq.csv");
    const double *id = ref_column(ref, "id"), *corr = ref_column(ref, "correct");
    const double *stat = ref_column(ref, "statistic"), *df = ref_column(ref, "df");
    const double *p = ref_column(ref, "p_value"), *lp = ref_column(ref, "log_p");
    size_t r, below = 0;

    ck_assert_uint_ge(ref->nrow, 12);
    for (r = 0; r < ref->nrow; r++) {
        struct table t;
        isurv_chisq *res;
        double s, d, pv, lpv;

        get_table(tabs, id[r], &t);
        ck_assert_int_eq(isurv_chisq_test(&res, t.cell, t.nrow, t.ncol, (int)corr[r]),
                         ISURV_OK);
        ck_assert_int_eq(isurv_chisq_stat(res, &s, &d, &pv), ISURV_OK);
        ck_assert_int_eq(isurv_chisq_log_p(res, &lpv), ISURV_OK);
        ck_assert_msg(isurv_close(s, stat[r], REF_TOL),
                      "table %g: statistic %.17g, R %.17g", id[r], s, stat[r]);
        ck_assert(d == df[r]);
        ck_assert_msg(isurv_close(lpv, lp[r], REF_TOL),
                      "table %g correct %g: log p %.17g, R %.17g", id[r], corr[r],
                      lpv, lp[r]);
        assert_p(pv, p[r], lp[r]);
        below += lp[r] < log(1e-300);
        isurv_chisq_free(res);
    }
    /* Most cases lie far beyond what a p value can hold. */
    ck_assert_uint_ge(below, 10);
    ref_free(tabs);
    ref_free(ref);
}
END_TEST

/* ------------------------------------------------------------- log-rank */

/* extremes_ref.R's log-rank data: k groups of N; subject i (1-based) of
 * group g in stratum s has time (s k N + g N + i) scale and dies unless
 * every > 0 and i % every == 0. */
struct lr_case {
    size_t n;
    double *time;
    int *event, *group, *stratum;
};

static void make_lr_case(struct lr_case *c, int k, int N, double scale, int every,
                         int strata)
{
    size_t j = 0;
    int s, g, i;

    c->n = (size_t)k * (size_t)N * (size_t)strata;
    c->time = malloc(c->n * sizeof *c->time);
    c->event = malloc(c->n * sizeof *c->event);
    c->group = malloc(c->n * sizeof *c->group);
    c->stratum = malloc(c->n * sizeof *c->stratum);
    ck_assert(c->time && c->event && c->group && c->stratum);
    for (s = 0; s < strata; s++)
        for (g = 0; g < k; g++)
            for (i = 1; i <= N; i++, j++) {
                c->time[j] = (double)(s * k * N + g * N + i) * scale;
                c->event[j] = every > 0 ? i % every != 0 : 1;
                c->group[j] = g;
                c->stratum[j] = s;
            }
}

static void free_lr_case(struct lr_case *c)
{
    free(c->time);
    free(c->event);
    free(c->group);
    free(c->stratum);
}

START_TEST(logrank_log_p_far_tail)
{
    struct ref_table *ref = ref_load("extremes_logrank.csv");
    const double *k = ref_column(ref, "k"), *N = ref_column(ref, "N");
    const double *scale = ref_column(ref, "scale"), *every = ref_column(ref, "every");
    const double *strata = ref_column(ref, "strata"), *rho = ref_column(ref, "rho");
    const double *tfix = ref_column(ref, "timefix"), *chisq = ref_column(ref, "chisq");
    const double *df = ref_column(ref, "df"), *p = ref_column(ref, "p_value");
    const double *lp = ref_column(ref, "log_p");
    size_t r;

    ck_assert_uint_ge(ref->nrow, 7);
    for (r = 0; r < ref->nrow; r++) {
        struct lr_case c;
        isurv_opts *o;
        isurv_logrank *fit;
        double x, d, pv, lpv;

        make_lr_case(&c, (int)k[r], (int)N[r], scale[r], (int)every[r], (int)strata[r]);
        ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
        ck_assert_int_eq(isurv_opts_set_timefix(o, (int)tfix[r]), ISURV_OK);
        ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_GRHO, rho[r], 0.0),
                         ISURV_OK);
        ck_assert_int_eq(isurv_logrank_test(&fit, c.time, c.event, c.group, c.n,
                                            strata[r] > 1 ? c.stratum : NULL, NULL, o),
                         ISURV_OK);
        ck_assert_int_eq(isurv_logrank_stat(fit, &x, &d, &pv), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_log_p(fit, &lpv), ISURV_OK);
        ck_assert_msg(isurv_close(x, chisq[r], REF_TOL), "case %zu: chi-square %.17g, "
                      "R %.17g", r + 1, x, chisq[r]);
        ck_assert(d == df[r]);
        ck_assert_msg(isurv_close(lpv, lp[r], REF_TOL), "case %zu: log p %.17g, R %.17g",
                      r + 1, lpv, lp[r]);
        assert_p(pv, p[r], lp[r]);
        isurv_logrank_free(fit);
        isurv_opts_free(o);
        free_lr_case(&c);
    }
    ref_free(ref);
}
END_TEST

/* --------------------------------------------------------------- Fisher */

START_TEST(fisher_tens_of_thousands)
{
    struct ref_table *tabs = ref_load("extremes_fisher_tables.csv");
    struct ref_table *ref = ref_load("extremes_fisher.csv");
    const double *id = ref_column(ref, "id"), *alt = ref_column(ref, "alternative");
    const double *cl = ref_column(ref, "conf_level"), *p = ref_column(ref, "p_value");
    const double *or = ref_column(ref, "odds_ratio"), *pe = ref_column(ref, "p_enum");
    const double *lo = ref_column(ref, "or_lower"), *hi = ref_column(ref, "or_upper");
    size_t r, tiny = 0, near1 = 0;

    ck_assert_uint_ge(ref->nrow, 20);
    for (r = 0; r < ref->nrow; r++) {
        struct table t;
        double gp, gor, glo, ghi;

        get_table(tabs, id[r], &t);
        ck_assert_int_eq(isurv_fisher_test(&gp, &gor, &glo, &ghi, t.cell, t.nrow, t.ncol,
                                           (int)alt[r], cl[r]), ISURV_OK);
        /* r x c: against R's full enumeration, and loosely against FEXACT
         * (fisher.test), which merges paths within its tolerance and is
         * off by about 1e-7 relative on these tables.  Log-factorials of
         * 10^4 to 6 10^4 carry absolute errors near 1e-11, in each term of
         * both sums and in each decision at the threshold, hence 1e-9
         * (the library and the enumeration agree to 5e-11 and 1.5e-10). */
        if (t.nrow * t.ncol > 4) {
            ck_assert_msg(isurv_close(gp, pe[r], 1e-9),
                          "table %g: p %.17g, enumeration %.17g", id[r], gp, pe[r]);
            ck_assert_close(gp, p[r], 1e-6);
        } else {
            ck_assert_msg(isurv_close(gp, p[r], REF_TOL),
                          "table %g alternative %g: p %.17g, R %.17g", id[r], alt[r],
                          gp, p[r]);
        }
        ck_assert_msg(isurv_close(gor, or[r], REF_TOL) && isurv_close(glo, lo[r], REF_TOL)
                          && isurv_close(ghi, hi[r], REF_TOL),
                      "table %g alternative %g: odds ratio %.17g (%.17g, %.17g), R "
                      "%.17g (%.17g, %.17g)", id[r], alt[r], gor, glo, ghi, or[r],
                      lo[r], hi[r]);
        tiny += p[r] < 1e-200;
        near1 += p[r] > 0.99;
    }
    ck_assert_uint_ge(tiny, 2);
    ck_assert_uint_ge(near1, 3);
    ref_free(tabs);
    ref_free(ref);
}
END_TEST

/* --------------------------------------------------------- Kaplan-Meier */

START_TEST(km_extreme_times)
{
    struct ref_table *data = ref_load("extremes_km_data.csv");
    struct ref_table *ref = ref_load("extremes_km.csv");
    const double *dcase = ref_column(data, "case"), *dt = ref_column(data, "time");
    const double *ds = ref_column(data, "status"), *dfix = ref_column(data, "timefix");
    const double *rcase = ref_column(ref, "case");
    static const char *const cols[] = { "time", "n_risk", "n_event", "surv",
                                        "std_logsurv", "lower", "upper" };
    static const int which[] = { ISURV_KM_TIME, ISURV_KM_N_RISK, ISURV_KM_N_EVENT,
                                 ISURV_KM_SURV, ISURV_KM_STD_LOGSURV, ISURV_KM_LOWER,
                                 ISURV_KM_UPPER };
    int c;

    for (c = 1; c <= 3; c++) {
        size_t first, n = ref_rows_where(data, "case", c, &first), rfirst, nr, i, k;
        int *ev = malloc(n * sizeof *ev);
        double got[16];
        isurv_opts *o;
        isurv_km *fit;

        ck_assert(n > 0 && ev != NULL && dcase[first] == c);
        for (i = 0; i < n; i++)
            ev[i] = (int)ds[first + i];
        ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
        ck_assert_int_eq(isurv_opts_set_timefix(o, (int)dfix[first]), ISURV_OK);
        ck_assert_int_eq(isurv_km_fit(&fit, dt + first, ev, n, NULL, NULL, NULL, o),
                         ISURV_OK);
        nr = ref_rows_where(ref, "case", c, &rfirst);
        ck_assert(nr > 0 && nr <= 16 && rcase[rfirst] == c);
        ck_assert_int_eq(isurv_km_ntimes(fit, 0, &i), ISURV_OK);
        ck_assert_uint_eq(i, nr);
        for (k = 0; k < sizeof which / sizeof which[0]; k++) {
            const double *want = ref_column(ref, cols[k]) + rfirst;
            ck_assert_int_eq(isurv_km_column(fit, 0, which[k], got, nr), ISURV_OK);
            for (i = 0; i < nr; i++)
                ck_assert_msg(isurv_close(got[i], want[i], k == 0 ? 0.0 : REF_TOL),
                              "case %d row %zu %s: %.17g, R %.17g", c, i, cols[k],
                              got[i], want[i]);
        }
        isurv_km_free(fit);
        isurv_opts_free(o);
        free(ev);
    }
    ref_free(data);
    ref_free(ref);
}
END_TEST

/* fuzz/corpus/fuzz_km/regress-median-midpoint-overflow: the median on a
 * flat stretch at S = 0.5 is the midpoint of its start and the next drop
 * (print.survfit), and (1e308 + DBL_MAX) / 2 overflowed to Inf.  By hand:
 * S is 3/4 after 1e300, 1/2 after 1e308, stays at 1/2 past the censoring
 * at 1.7e308 and drops to 0 at DBL_MAX, so the median is
 * 1e308 + (DBL_MAX - 1e308) / 2 = 1.39884656743115785e308; the weights
 * (1e9 each) change nothing. */
START_TEST(median_midpoint_near_dbl_max)
{
    const double t[] = { 1e308, 1.7e308, DBL_MAX, 1e300 };
    const double w[] = { 1e9, 1e9, 1e9, 1e9 };
    const int e[] = { 1, 0, 1, 1 };
    size_t k;

    for (k = 0; k < 2; k++) {
        isurv_km *fit;
        double med;

        ck_assert_int_eq(isurv_km_fit(&fit, t, e, 4, k ? w : NULL, NULL, NULL, NULL),
                         ISURV_OK);
        ck_assert_int_eq(isurv_km_quantile(fit, 0, 0.5, &med, NULL, NULL), ISURV_OK);
        ck_assert_close(med, 1.39884656743115785e308, 1e-15);
        isurv_km_free(fit);
    }
}
END_TEST

/* Kaplan-Meier and the log-rank statistic depend on the order of the
 * times only (timefix off, which would otherwise merge subnormal times):
 * the aml data (R's survival::aml, weeks) times 2^-1074 (exact subnormal
 * multiples of the smallest double), 1e300 and DBL_MAX / 161 give the
 * very same curve and statistic as the weeks themselves, bit for bit. */
START_TEST(order_only_scaled_times)
{
    static const double weeks[] = { 9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161,
                                    5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45 };
    static const int ev[] = { 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0,
                              1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1 };
    static const int arm[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                               0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
    const double scale[] = { 4.9406564584124654e-324, 1e300, DBL_MAX / 161.0 };
    double base_s[2][32], base_x, t[23];
    isurv_opts *o;
    size_t k, i, c;

    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_timefix(o, 0), ISURV_OK);
    for (k = 0; k <= 3; k++) {
        isurv_km *fit;
        isurv_logrank *lr;
        double s[32], x;

        for (i = 0; i < 23; i++)
            t[i] = k == 0 ? weeks[i] : weeks[i] * scale[k - 1];
        ck_assert_int_eq(isurv_km_fit(&fit, t, ev, 23, NULL, NULL, arm, o), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_test(&lr, t, ev, arm, 23, NULL, NULL, o),
                         ISURV_OK);
        ck_assert_int_eq(isurv_logrank_stat(lr, &x, NULL, NULL), ISURV_OK);
        for (c = 0; c < 2; c++) {
            size_t nt;
            ck_assert_int_eq(isurv_km_ntimes(fit, c, &nt), ISURV_OK);
            ck_assert_int_eq(isurv_km_column(fit, c, ISURV_KM_SURV, s, 32), ISURV_OK);
            if (k == 0)
                memcpy(base_s[c], s, nt * sizeof *s);
            else
                ck_assert_msg(memcmp(base_s[c], s, nt * sizeof *s) == 0,
                              "scale %g: curve %zu differs", scale[k - 1], c);
        }
        if (k == 0)
            base_x = x;
        else
            ck_assert_msg(x == base_x, "scale %g: chi-square %.17g, weeks %.17g",
                          scale[k - 1], x, base_x);
        isurv_km_free(fit);
        isurv_logrank_free(lr);
    }
    isurv_opts_free(o);
}
END_TEST

/* ---------------------------------------------------------------- counts */

/* Case weights of 1e9, 2^31 and 3e9 stand for more subjects than an int
 * (or a 32-bit unsigned) can count: on the aml data the risk sets are the
 * unweighted ones times w, exactly (whole numbers below 2^53); S is the
 * same double, since (w n - w d) / (w n) is the same quotient; the
 * Greenwood and Nelson-Aalen variances are the unweighted ones over w. */
START_TEST(weights_beyond_int_max)
{
    static const double weeks[] = { 9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161 };
    static const int ev[] = { 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0 };
    const double wt[] = { 1e9, 2147483648.0, 3e9 };
    double n0[16], d0[16], s0[16], g0[16], h0[16], w[11];
    isurv_km *fit;
    size_t k, i, nt;

    ck_assert_int_eq(isurv_km_fit(&fit, weeks, ev, 11, NULL, NULL, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(fit, 0, &nt), ISURV_OK);
    isurv_km_column(fit, 0, ISURV_KM_N_RISK, n0, 16);
    isurv_km_column(fit, 0, ISURV_KM_N_EVENT, d0, 16);
    isurv_km_column(fit, 0, ISURV_KM_SURV, s0, 16);
    isurv_km_column(fit, 0, ISURV_KM_STD_LOGSURV, g0, 16);
    isurv_km_column(fit, 0, ISURV_KM_STD_CHAZ, h0, 16);
    isurv_km_free(fit);
    for (k = 0; k < 3; k++) {
        double n[16], d[16], s[16], g[16], h[16];

        for (i = 0; i < 11; i++)
            w[i] = wt[k];
        ck_assert_int_eq(isurv_km_fit(&fit, weeks, ev, 11, w, NULL, NULL, NULL),
                         ISURV_OK);
        isurv_km_column(fit, 0, ISURV_KM_N_RISK, n, 16);
        isurv_km_column(fit, 0, ISURV_KM_N_EVENT, d, 16);
        isurv_km_column(fit, 0, ISURV_KM_SURV, s, 16);
        isurv_km_column(fit, 0, ISURV_KM_STD_LOGSURV, g, 16);
        isurv_km_column(fit, 0, ISURV_KM_STD_CHAZ, h, 16);
        ck_assert_double_eq(n[0], 11.0 * wt[k]); /* 3.3e10 subjects at risk */
        for (i = 0; i < nt; i++) {
            ck_assert(n[i] == n0[i] * wt[k] && d[i] == d0[i] * wt[k]);
            ck_assert(s[i] == s0[i]);
            ck_assert_close(g[i], g0[i] / sqrt(wt[k]), 1e-14);
            ck_assert_close(h[i], h0[i] / sqrt(wt[k]), 1e-14);
        }
        isurv_km_free(fit);
    }
}
END_TEST

/* Cells near 2^53: with two groups the trend test is Pearson's X^2
 * without correction (contingency_ref.R's trend_two_groups case), here on
 * the table R computed in extremes_chisq.csv (cells 2^51, 2^50). */
START_TEST(cells_near_2_53)
{
    struct ref_table *ref = ref_load("extremes_chisq.csv");
    const double *id = ref_column(ref, "id"), *corr = ref_column(ref, "correct");
    const double *stat = ref_column(ref, "statistic");
    const double a = 2251799813685248.0, b = 1125899906842624.0; /* 2^51, 2^50 */
    const double ev[] = { a, b }, tr[] = { a + b, b + a };
    double x, p;
    size_t r;
    int found = 0;

    ck_assert_int_eq(isurv_prop_trend_test(&x, &p, ev, tr, NULL, 2), ISURV_OK);
    for (r = 0; r < ref->nrow; r++)
        if (id[r] == 6 && corr[r] == 0) {
            ck_assert_close(x, stat[r], REF_TOL);
            found = 1;
        }
    ck_assert(found);
    ck_assert(p == 0.0);
    ref_free(ref);
}
END_TEST

static Suite *extremes_suite(void)
{
    Suite *s = suite_create("extremes");
    TCase *tc = tcase_create("against_R");
    TCase *tp = tcase_create("exact_relations");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, chisq_log_p_far_tail);
    tcase_add_test(tc, logrank_log_p_far_tail);
    tcase_add_test(tc, fisher_tens_of_thousands);
    tcase_add_test(tc, km_extreme_times);
    suite_add_tcase(s, tc);
    tcase_add_test(tp, median_midpoint_near_dbl_max);
    tcase_add_test(tp, order_only_scaled_times);
    tcase_add_test(tp, weights_beyond_int_max);
    tcase_add_test(tp, cells_near_2_53);
    suite_add_tcase(s, tp);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(extremes_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
