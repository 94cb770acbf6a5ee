/* Kaplan-Meier fits and their queries against R survival (the km_*.csv
 * tables written by tests/ref/km_ref.R), plus properties R cannot show:
 * weights against replicated rows, n.enter under left truncation, the
 * accessors' status codes and that caller arrays are never modified. */
#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inotusurv.h"
#include "refdata.h"
#include "testutil.h"

/* Cases of km_ref.R (km_cases.csv numbers them 1..N_CASES). */
#define N_CASES 28
#define CASE_AML 1
#define CASE_INT_WEIGHTS 10
#define CASE_REPLICATED 11
#define CASE_LTRUNC 13
#define CASE_TO_ZERO 16
#define CASE_FLAT_END 20
#define CASE_TIMEFIX_ON 21
#define CASE_TIMEFIX_OFF 22
#define CASE_EARLY_CENSOR_GROUP 26

/* ------------------------------------------------------------ case data */

struct kcase {
    int id;
    size_t n;
    int has_weight, has_entry, has_group, timefix, has_followup;
    double *time, *weight, *entry;
    int *event, *group;
    /* pristine copies, to prove the library never writes to its inputs */
    double *time0, *weight0, *entry0;
    int *event0, *group0;
};

static void *dup_mem(const void *p, size_t size)
{
    void *d;

    if (!p)
        return NULL;
    d = malloc(size ? size : 1);
    ck_assert_ptr_nonnull(d);
    memcpy(d, p, size);
    return d;
}

static double *dup_doubles(const double *src, size_t n)
{
    return dup_mem(src, n * sizeof *src);
}

static int *dup_ints(const int *src, size_t n)
{
    return dup_mem(src, n * sizeof *src);
}

static int case_flag(const struct ref_table *t, size_t row, const char *name)
{
    return ref_column(t, name)[row] != 0.0;
}

static void case_load(struct kcase *kc, int id)
{
    struct ref_table *cases = ref_load("km_cases.csv");
    struct ref_table *data;
    size_t row, first, count, r;

    memset(kc, 0, sizeof *kc);
    ck_assert_uint_eq(cases->nrow, N_CASES);
    ck_assert_uint_eq(ref_rows_where(cases, "case", id, &row), 1);
    kc->id = id;
    kc->n = (size_t)ref_column(cases, "nobs")[row];
    kc->has_weight = case_flag(cases, row, "has_weight");
    kc->has_entry = case_flag(cases, row, "has_entry");
    kc->has_group = case_flag(cases, row, "has_group");
    kc->timefix = case_flag(cases, row, "timefix");
    kc->has_followup = case_flag(cases, row, "has_followup");
    ref_free(cases);

    data = ref_load("km_data.csv");
    count = ref_rows_where(data, "case", id, &first);
    ck_assert_uint_eq(count, kc->n);
    for (r = first; r < first + count; r++)
        ck_assert(ref_column(data, "case")[r] == id); /* rows are contiguous */
    kc->time = dup_doubles(ref_column(data, "time") + first, count);
    kc->event = malloc(count * sizeof *kc->event);
    ck_assert_ptr_nonnull(kc->event);
    for (r = 0; r < count; r++)
        kc->event[r] = (int)ref_column(data, "status")[first + r];
    if (kc->has_weight)
        kc->weight = dup_doubles(ref_column(data, "weight") + first, count);
    if (kc->has_entry)
        kc->entry = dup_doubles(ref_column(data, "entry") + first, count);
    if (kc->has_group) {
        kc->group = malloc(count * sizeof *kc->group);
        ck_assert_ptr_nonnull(kc->group);
        for (r = 0; r < count; r++)
            kc->group[r] = (int)ref_column(data, "group")[first + r];
    }
    ref_free(data);
    kc->time0 = dup_doubles(kc->time, kc->n);
    kc->event0 = dup_ints(kc->event, kc->n);
    kc->weight0 = dup_doubles(kc->weight, kc->n);
    kc->entry0 = dup_doubles(kc->entry, kc->n);
    kc->group0 = dup_ints(kc->group, kc->n);
}

static void case_assert_unchanged(const struct kcase *kc)
{
    size_t dsz = kc->n * sizeof(double), isz = kc->n * sizeof(int);

    ck_assert_msg(memcmp(kc->time, kc->time0, dsz) == 0,
                  "case %d: time[] was modified", kc->id);
    ck_assert_msg(memcmp(kc->event, kc->event0, isz) == 0,
                  "case %d: event[] was modified", kc->id);
    if (kc->weight)
        ck_assert_msg(memcmp(kc->weight, kc->weight0, dsz) == 0,
                      "case %d: weights[] was modified", kc->id);
    if (kc->entry)
        ck_assert_msg(memcmp(kc->entry, kc->entry0, dsz) == 0,
                      "case %d: entry[] was modified", kc->id);
    if (kc->group)
        ck_assert_msg(memcmp(kc->group, kc->group0, isz) == 0,
                      "case %d: group[] was modified", kc->id);
}

static void case_free(struct kcase *kc)
{
    free(kc->time);
    free(kc->event);
    free(kc->weight);
    free(kc->entry);
    free(kc->group);
    free(kc->time0);
    free(kc->event0);
    free(kc->weight0);
    free(kc->entry0);
    free(kc->group0);
}

/* Options of a case: its timefix setting and a confidence variant. */
static isurv_opts *case_opts(const struct kcase *kc, int conf_type,
                             double level)
{
    isurv_opts *o = NULL;

    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_timefix(o, kc->timefix), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_conf_type(o, conf_type), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_conf_level(o, level), ISURV_OK);
    return o;
}

static isurv_km *case_fit(const struct kcase *kc, int conf_type, double level)
{
    isurv_opts *o = case_opts(kc, conf_type, level);
    isurv_km *fit = NULL;
    int rc = isurv_km_fit(&fit, kc->time, kc->event, kc->n, kc->weight,
                          kc->entry, kc->group, o);

    ck_assert_msg(rc == ISURV_OK, "case %d: isurv_km_fit returned %d (%s)",
                  kc->id, rc, isurv_strerror(rc));
    ck_assert_ptr_nonnull(fit);
    isurv_opts_free(o);
    case_assert_unchanged(kc);
    return fit;
}

/* ------------------------------------------------------ table selection */

/* Indices of the rows of t whose columns keys[0..nkeys-1] equal vals[];
 * returns the count, *idx is malloc'ed. */
static size_t select_rows(const struct ref_table *t, size_t **idx,
                          const char *const *keys, const double *vals,
                          size_t nkeys)
{
    size_t r, k, count = 0;

    *idx = malloc((t->nrow ? t->nrow : 1) * sizeof **idx);
    ck_assert_ptr_nonnull(*idx);
    for (r = 0; r < t->nrow; r++) {
        for (k = 0; k < nkeys; k++)
            if (ref_column(t, keys[k])[r] != vals[k])
                break;
        if (k == nkeys)
            (*idx)[count++] = r;
    }
    return count;
}

static size_t distinct_curves(const struct ref_table *t, int id)
{
    size_t r, max = 0, seen = 0;

    for (r = 0; r < t->nrow; r++)
        if (ref_column(t, "case")[r] == id) {
            size_t c = (size_t)ref_column(t, "curve")[r];
            seen = 1;
            if (c > max)
                max = c;
        }
    return seen ? max + 1 : 0;
}

/* got[j] against column col of rows idx[j] of t. */
static void check_against(const double *got, const struct ref_table *t,
                          const char *col, const size_t *idx, size_t n,
                          const char *what, int id, size_t curve)
{
    const double *want = ref_column(t, col);
    size_t j;

    for (j = 0; j < n; j++)
        ck_assert_msg(isurv_close(got[j], want[idx[j]], REF_TOL),
                      "case %d curve %zu %s %s[%zu] = %.17g, R has %.17g", id,
                      curve, what, col, j, got[j], want[idx[j]]);
}

static double *column_of(const isurv_km *fit, size_t curve, int column,
                         size_t rows)
{
    double *v = malloc((rows ? rows : 1) * sizeof *v);

    ck_assert_ptr_nonnull(v);
    ck_assert_int_eq(isurv_km_column(fit, curve, column, v, rows), ISURV_OK);
    return v;
}

/* The five confidence variants km_ref.R writes, with two non-0.95 levels. */
static const struct {
    int type;
    double level;
} conf_variant[] = {
    { ISURV_CONF_LOG, 0.95 },   { ISURV_CONF_LOGLOG, 0.95 },
    { ISURV_CONF_PLAIN, 0.95 }, { ISURV_CONF_LOGIT, 0.95 },
    { ISURV_CONF_ARCSIN, 0.95 }, { ISURV_CONF_LOG, 0.90 },
    { ISURV_CONF_LOGLOG, 0.80 },
};
#define N_CONF (sizeof conf_variant / sizeof conf_variant[0])

/* ------------------------------------------------------ per-case tests */

static const struct {
    const char *name;
    int column;
} curve_columns[] = {
    { "time", ISURV_KM_TIME },
    { "n.risk", ISURV_KM_N_RISK },
    { "n.event", ISURV_KM_N_EVENT },
    { "n.censor", ISURV_KM_N_CENSOR },
    { "surv", ISURV_KM_SURV },
    { "std.err", ISURV_KM_STD_ERR },
    { "std.logsurv", ISURV_KM_STD_LOGSURV },
    { "cumhaz", ISURV_KM_CUMHAZ },
    { "std.chaz", ISURV_KM_STD_CHAZ },
};

/* Every column of every curve with the default options (log, 0.95). */
START_TEST(test_curve)
{
    const int id = _i;
    struct kcase kc;
    struct ref_table *t = ref_load("km_curve.csv");
    struct ref_table *conf = ref_load("km_conf.csv");
    isurv_km *fit;
    size_t ncurves, k, c;

    case_load(&kc, id);
    fit = case_fit(&kc, ISURV_CONF_LOG, 0.95);
    ncurves = distinct_curves(t, id);
    ck_assert_uint_ge(ncurves, 1);
    ck_assert_uint_eq(isurv_km_ncurves(fit), ncurves);
    for (k = 0; k < ncurves; k++) {
        const char *keys[] = { "case", "curve" };
        const char *ckeys[] = { "case", "curve", "conf_type", "conf_level" };
        double vals[] = { id, (double)k }, cvals[] = { id, (double)k, 0, 0.95 };
        size_t *idx, *cidx, rows, nobs, ntimes, j;
        int label;
        double *v;

        rows = select_rows(t, &idx, keys, vals, 2);
        ck_assert_uint_ge(rows, 1);
        ck_assert_int_eq(isurv_km_group(fit, k, &label), ISURV_OK);
        ck_assert_int_eq(label, (int)ref_column(t, "label")[idx[0]]);
        ck_assert_int_eq(isurv_km_nobs(fit, k, &nobs), ISURV_OK);
        ck_assert_uint_eq(nobs, (size_t)ref_column(t, "nobs")[idx[0]]);
        ck_assert_int_eq(isurv_km_ntimes(fit, k, &ntimes), ISURV_OK);
        ck_assert_uint_eq(ntimes, rows);
        for (c = 0; c < sizeof curve_columns / sizeof curve_columns[0]; c++) {
            v = column_of(fit, k, curve_columns[c].column, rows);
            check_against(v, t, curve_columns[c].name, idx, rows, "", id, k);
            free(v);
        }
        /* Without entry times nobody enters after time 0. */
        if (!kc.has_entry) {
            v = column_of(fit, k, ISURV_KM_N_ENTER, rows);
            for (j = 0; j < rows; j++)
                ck_assert(v[j] == 0.0);
            free(v);
        }
        ck_assert_uint_eq(select_rows(conf, &cidx, ckeys, cvals, 4), rows);
        v = column_of(fit, k, ISURV_KM_LOWER, rows);
        check_against(v, conf, "lower", cidx, rows, "log 0.95", id, k);
        free(v);
        v = column_of(fit, k, ISURV_KM_UPPER, rows);
        check_against(v, conf, "upper", cidx, rows, "log 0.95", id, k);
        free(v);
        free(cidx);
        free(idx);
    }
    isurv_km_free(fit);
    case_assert_unchanged(&kc);
    case_free(&kc);
    ref_free(t);
    ref_free(conf);
}
END_TEST

/* Limits and quantiles for every confidence variant. */
START_TEST(test_conf_and_quantiles)
{
    const int id = _i;
    struct kcase kc;
    struct ref_table *conf = ref_load("km_conf.csv");
    struct ref_table *q = ref_load("km_quantile.csv");
    size_t v, k, j;

    case_load(&kc, id);
    for (v = 0; v < N_CONF; v++) {
        isurv_km *fit = case_fit(&kc, conf_variant[v].type, conf_variant[v].level);
        size_t ncurves = isurv_km_ncurves(fit), *idx, nq;
        const char *qkeys[] = { "case", "conf_type", "conf_level" };
        double qvals[] = { id, conf_variant[v].type, conf_variant[v].level };
        char what[64];

        snprintf(what, sizeof what, "conf %d level %g", conf_variant[v].type,
                 conf_variant[v].level);
        for (k = 0; k < ncurves; k++) {
            const char *keys[] = { "case", "curve", "conf_type", "conf_level" };
            double vals[] = { id, (double)k, conf_variant[v].type,
                              conf_variant[v].level };
            size_t rows = select_rows(conf, &idx, keys, vals, 4), ntimes;
            double *col;

            ck_assert_int_eq(isurv_km_ntimes(fit, k, &ntimes), ISURV_OK);
            ck_assert_uint_eq(rows, ntimes);
            col = column_of(fit, k, ISURV_KM_LOWER, rows);
            check_against(col, conf, "lower", idx, rows, what, id, k);
            free(col);
            col = column_of(fit, k, ISURV_KM_UPPER, rows);
            check_against(col, conf, "upper", idx, rows, what, id, k);
            free(col);
            free(idx);
        }

        nq = select_rows(q, &idx, qkeys, qvals, 3);
        ck_assert_uint_eq(nq, 4 * ncurves);
        for (j = 0; j < nq; j++) {
            size_t r = idx[j], curve = (size_t)ref_column(q, "curve")[r];
            double p = ref_column(q, "p")[r], est, lo, hi;
            int src = (int)ref_column(q, "src")[r];

            ck_assert_int_eq(isurv_km_quantile(fit, curve, p, &est, &lo, &hi),
                             ISURV_OK);
            if (id == CASE_FLAT_END && src == 2 && p == 0.5) {
                /* The one place the rules part: S ends flat at 0.5.
                 * quantile.survfit takes (2 + 4) / 2 = 3, the midpoint with
                 * the last time; print.survfit, and we, take 2. */
                ck_assert(!isurv_close(est, ref_column(q, "estimate")[r], 1e-3));
                ck_assert_double_eq(est, 2.0);
                continue;
            }
            /* quantile.survfit values are compared where R's two rules
             * agree (km_ref.R's rules_agree); print.survfit's (src 1) are
             * always compared. */
            ck_assert_msg((!ref_column(q, "est_agree")[r]
                           || isurv_close(est, ref_column(q, "estimate")[r], REF_TOL))
                              && (!ref_column(q, "lower_agree")[r]
                                  || isurv_close(lo, ref_column(q, "lower")[r], REF_TOL))
                              && (!ref_column(q, "upper_agree")[r]
                                  || isurv_close(hi, ref_column(q, "upper")[r], REF_TOL)),
                          "case %d curve %zu %s p %g src %d: (%.17g, %.17g, "
                          "%.17g), R has (%.17g, %.17g, %.17g)",
                          id, curve, what, p, src, est, lo, hi,
                          ref_column(q, "estimate")[r], ref_column(q, "lower")[r],
                          ref_column(q, "upper")[r]);
        }
        free(idx);
        isurv_km_free(fit);
    }
    case_assert_unchanged(&kc);
    case_free(&kc);
    ref_free(conf);
    ref_free(q);
}
END_TEST

/* summary(fit, times=, extend=TRUE) and the risk table derived from it. */
START_TEST(test_surv_at_and_risk_table)
{
    const int id = _i;
    const int types[] = { ISURV_CONF_LOG, ISURV_CONF_LOGLOG };
    struct kcase kc;
    struct ref_table *t = ref_load("km_at.csv");
    size_t v, k;

    case_load(&kc, id);
    for (v = 0; v < 2; v++) {
        isurv_km *fit = case_fit(&kc, types[v], 0.95);

        for (k = 0; k < isurv_km_ncurves(fit); k++) {
            const char *keys[] = { "case", "curve", "conf_type" };
            double vals[] = { id, (double)k, types[v] };
            size_t *idx, m = select_rows(t, &idx, keys, vals, 3), j;
            double *tt = malloc(m * sizeof *tt), *tt0;
            double *s = malloc(m * sizeof *s), *se = malloc(m * sizeof *se);
            double *lo = malloc(m * sizeof *lo), *hi = malloc(m * sizeof *hi);
            double *nr = malloc(m * sizeof *nr), *ev = malloc(m * sizeof *ev);
            double *ce = malloc(m * sizeof *ce);

            ck_assert_uint_ge(m, 2);
            ck_assert(tt && s && se && lo && hi && nr && ev && ce);
            for (j = 0; j < m; j++)
                tt[j] = ref_column(t, "t")[idx[j]];
            tt0 = dup_doubles(tt, m);
            ck_assert_int_eq(isurv_km_surv_at(fit, k, tt, m, s, se, lo, hi),
                             ISURV_OK);
            ck_assert_int_eq(isurv_km_risk_table(fit, k, tt, m, nr, ev, ce),
                             ISURV_OK);
            ck_assert(memcmp(tt, tt0, m * sizeof *tt) == 0);
            check_against(s, t, "surv", idx, m, "at", id, k);
            check_against(se, t, "std.err", idx, m, "at", id, k);
            check_against(lo, t, "lower", idx, m, "at", id, k);
            check_against(hi, t, "upper", idx, m, "at", id, k);
            check_against(nr, t, "n.risk", idx, m, "risk table", id, k);
            check_against(ev, t, "cum.event", idx, m, "risk table", id, k);
            check_against(ce, t, "cum.censor", idx, m, "risk table", id, k);

            /* NULL outputs are skipped; one time at a time gives the same. */
            for (j = 0; j < m; j++) {
                double s1 = -1.0, n1 = -1.0;
                ck_assert_int_eq(isurv_km_surv_at(fit, k, &tt[j], 1, &s1, NULL,
                                                  NULL, NULL), ISURV_OK);
                ck_assert(isurv_close(s1, s[j], 0.0));
                ck_assert_int_eq(isurv_km_risk_table(fit, k, &tt[j], 1, &n1,
                                                     NULL, NULL), ISURV_OK);
                ck_assert(isurv_close(n1, nr[j], 0.0));
            }
            /* The answers do not depend on the order of the query times
             * (the table answers them in time order internally). */
            {
                double *rt = malloc(m * sizeof *rt), *rn = malloc(m * sizeof *rn);
                double *re = malloc(m * sizeof *re), *rc = malloc(m * sizeof *rc);
                ck_assert(rt && rn && re && rc);
                for (j = 0; j < m; j++)
                    rt[j] = tt[m - 1 - j];
                ck_assert_int_eq(isurv_km_risk_table(fit, k, rt, m, rn, re, rc),
                                 ISURV_OK);
                for (j = 0; j < m; j++) {
                    ck_assert(isurv_close(rn[j], nr[m - 1 - j], 0.0));
                    ck_assert(isurv_close(re[j], ev[m - 1 - j], 0.0));
                    ck_assert(isurv_close(rc[j], ce[m - 1 - j], 0.0));
                }
                free(rt);
                free(rn);
                free(re);
                free(rc);
            }
            free(idx);
            free(tt);
            free(tt0);
            free(s);
            free(se);
            free(lo);
            free(hi);
            free(nr);
            free(ev);
            free(ce);
        }
        isurv_km_free(fit);
    }
    case_assert_unchanged(&kc);
    case_free(&kc);
    ref_free(t);
}
END_TEST

START_TEST(test_rmst)
{
    const int id = _i;
    struct kcase kc;
    struct ref_table *t = ref_load("km_rmst.csv");
    const char *keys[] = { "case" };
    double vals[] = { id };
    size_t *idx, n = select_rows(t, &idx, keys, vals, 1), j;
    isurv_km *fit;

    case_load(&kc, id);
    fit = case_fit(&kc, ISURV_CONF_LOG, 0.95);
    ck_assert_uint_ge(n, 2);
    for (j = 0; j < n; j++) {
        size_t r = idx[j], curve = (size_t)ref_column(t, "curve")[r];
        double tau = ref_column(t, "tau")[r], est, se, est2;

        ck_assert_int_eq(isurv_km_rmst(fit, curve, tau, &est, &se), ISURV_OK);
        ck_assert_msg(isurv_close(est, ref_column(t, "rmean")[r], REF_TOL)
                          && isurv_close(se, ref_column(t, "se")[r], REF_TOL),
                      "case %d curve %zu tau %.17g: rmst %.17g (%.17g), R has "
                      "%.17g (%.17g)", id, curve, tau, est, se,
                      ref_column(t, "rmean")[r], ref_column(t, "se")[r]);
        ck_assert_int_eq(isurv_km_rmst(fit, curve, tau, &est2, NULL), ISURV_OK);
        ck_assert(isurv_close(est2, est, 0.0));
    }
    free(idx);
    isurv_km_free(fit);
    case_assert_unchanged(&kc);
    case_free(&kc);
    ref_free(t);
}
END_TEST

START_TEST(test_followup)
{
    const int id = _i;
    struct kcase kc;
    struct ref_table *t = ref_load("km_followup.csv");
    const char *keys[] = { "case" };
    double vals[] = { id };
    size_t *idx, n = select_rows(t, &idx, keys, vals, 1), j;

    case_load(&kc, id);
    ck_assert_uint_eq(n, kc.has_followup ? N_CONF : 0);
    for (j = 0; j < n; j++) {
        size_t r = idx[j];
        isurv_opts *o = case_opts(&kc, (int)ref_column(t, "conf_type")[r],
                                  ref_column(t, "conf_level")[r]);
        double est, lo, hi;

        ck_assert_int_eq(isurv_followup_median(&est, &lo, &hi, kc.time,
                                               kc.event, kc.n, o), ISURV_OK);
        case_assert_unchanged(&kc);
        ck_assert_msg(isurv_close(est, ref_column(t, "estimate")[r], REF_TOL)
                          && isurv_close(lo, ref_column(t, "lower")[r], REF_TOL)
                          && isurv_close(hi, ref_column(t, "upper")[r], REF_TOL),
                      "case %d row %zu: follow-up (%.17g, %.17g, %.17g), R has "
                      "(%.17g, %.17g, %.17g)", id, j, est, lo, hi,
                      ref_column(t, "estimate")[r], ref_column(t, "lower")[r],
                      ref_column(t, "upper")[r]);
        /* The limits are optional outputs. */
        ck_assert_int_eq(isurv_followup_median(&lo, NULL, NULL, kc.time,
                                               kc.event, kc.n, o), ISURV_OK);
        ck_assert(isurv_close(lo, est, 0.0));
        isurv_opts_free(o);
    }
    free(idx);
    case_free(&kc);
    ref_free(t);
}
END_TEST

/* --------------------------------------------------- property tests */

static void assert_same_curves(const isurv_km *a, const isurv_km *b,
                               double tol)
{
    size_t k, na, nb, j;
    int c;

    ck_assert_uint_eq(isurv_km_ncurves(a), isurv_km_ncurves(b));
    for (k = 0; k < isurv_km_ncurves(a); k++) {
        ck_assert_int_eq(isurv_km_ntimes(a, k, &na), ISURV_OK);
        ck_assert_int_eq(isurv_km_ntimes(b, k, &nb), ISURV_OK);
        ck_assert_uint_eq(na, nb);
        for (c = ISURV_KM_TIME; c <= ISURV_KM_STD_LOGSURV; c++) {
            double *va = column_of(a, k, c, na), *vb = column_of(b, k, c, nb);
            for (j = 0; j < na; j++)
                ck_assert_msg(isurv_close(va[j], vb[j], tol),
                              "curve %zu column %d row %zu: %.17g vs %.17g", k,
                              c, j, va[j], vb[j]);
            free(va);
            free(vb);
        }
    }
}

/* Integer weights are frequencies: the fit equals the one on replicated
 * rows (R agrees with both, checked in test_curve for cases 10 and 11). */
START_TEST(test_weights_equal_replicated_rows)
{
    struct kcase kc;
    isurv_km *wfit, *rfit = NULL;
    double *rt;
    int *re;
    size_t total = 0, i, k, j = 0, nobs;

    case_load(&kc, CASE_INT_WEIGHTS);
    for (i = 0; i < kc.n; i++)
        total += (size_t)kc.weight[i];
    rt = malloc(total * sizeof *rt);
    re = malloc(total * sizeof *re);
    ck_assert(rt && re);
    for (i = 0; i < kc.n; i++)
        for (k = 0; k < (size_t)kc.weight[i]; k++) {
            rt[j] = kc.time[i];
            re[j++] = kc.event[i];
        }
    wfit = case_fit(&kc, ISURV_CONF_LOG, 0.95);
    ck_assert_int_eq(isurv_km_fit(&rfit, rt, re, total, NULL, NULL, NULL, NULL),
                     ISURV_OK);
    assert_same_curves(wfit, rfit, 1e-13);
    /* nobs counts rows, not weights, as R's fit$n does. */
    ck_assert_int_eq(isurv_km_nobs(wfit, 0, &nobs), ISURV_OK);
    ck_assert_uint_eq(nobs, kc.n);
    ck_assert_int_eq(isurv_km_nobs(rfit, 0, &nobs), ISURV_OK);
    ck_assert_uint_eq(nobs, total);
    isurv_km_free(wfit);
    isurv_km_free(rfit);
    free(rt);
    free(re);
    case_free(&kc);
}
END_TEST

/* Left truncation, case 13 of km_ref.R: (entry, exit] =
 *   (0,4]d (1,3]c (2,5]d (0,2]d (3,6]c (1.5,2.5]d (2,7]d (0.5,3]d (4.5,8]c
 *   (3,5]d.
 * Exit times 2, 2.5, 3, 4, 5, 6, 7, 8.  An entry is booked on the first
 * exit time after it:
 *   t=2   : entries 0, 0, 0.5, 1, 1.5                 -> n.enter 5
 *   t=2.5 : entries 2, 2 (at risk only after 2)        -> 2
 *   t=3   : none                                       -> 0
 *   t=4   : entries 3, 3                               -> 2
 *   t=5   : entry 4.5                                  -> 1
 *   t=6, 7, 8                                          -> 0
 * At risk (entry < t <= exit), each the previous count less the previous
 * time's exits plus this time's entries:
 *   t=2   : (0,4] (1,3] (0,2] (1.5,2.5] (0.5,3]          = 5
 *   t=2.5 : 5 - 1 (death at 2) + 2                       = 6
 *   t=3   : 6 - 1 (death at 2.5) + 0                     = 5
 *   t=4   : 5 - 2 (death and censoring at 3) + 2         = 5
 *   t=5   : 5 - 1 (death at 4) + 1                       = 5
 *   t=6   : 5 - 2 (deaths at 5)                          = 3
 *   t=7   : 3 - 1 (censoring at 6)                       = 2
 *   t=8   : 2 - 1 (death at 7)                           = 1 */
START_TEST(test_left_truncation_enter_by_hand)
{
    static const double want_time[] = { 2, 2.5, 3, 4, 5, 6, 7, 8 };
    static const double want_enter[] = { 5, 2, 0, 2, 1, 0, 0, 0 };
    static const double want_risk[] = { 5, 6, 5, 5, 5, 3, 2, 1 };
    struct kcase kc;
    isurv_km *fit;
    double v[8];
    size_t j, nt;

    case_load(&kc, CASE_LTRUNC);
    fit = case_fit(&kc, ISURV_CONF_LOG, 0.95);
    ck_assert_int_eq(isurv_km_ntimes(fit, 0, &nt), ISURV_OK);
    ck_assert_uint_eq(nt, 8);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_TIME, v, 8), ISURV_OK);
    for (j = 0; j < 8; j++)
        ck_assert_double_eq(v[j], want_time[j]);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_N_ENTER, v, 8), ISURV_OK);
    for (j = 0; j < 8; j++)
        ck_assert_msg(v[j] == want_enter[j], "n.enter[%zu] = %g, expected %g",
                      j, v[j], want_enter[j]);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_N_RISK, v, 8), ISURV_OK);
    for (j = 0; j < 8; j++)
        ck_assert_msg(v[j] == want_risk[j], "n.risk[%zu] = %g, expected %g", j,
                      v[j], want_risk[j]);
    isurv_km_free(fit);
    case_free(&kc);
}
END_TEST

/* Weighted, grouped left truncation (case 14), group 2 only:
 *   (1,3]c w2  (0,2]d w1  (1.5,2.5]d w1  (0.5,3]d w1  (3,5]d w0.25  (2,4]c w3
 * Exit times 2, 2.5, 3, 4, 5.  n.enter: t=2 gets entries 0, 0.5, 1, 1.5
 * (1 + 1 + 2 + 1 = 5); t=2.5 gets the entry at 2 (3); t=4 the one at 3
 * (0.25).  Each n.risk is the previous one less its exits plus the entries:
 * 5, 5 - 1 + 3 = 7, 7 - 1 = 6, 6 - 3 (2 + 1 at 3) + 0.25 = 3.25,
 * 3.25 - 3 = 0.25. */
START_TEST(test_left_truncation_weighted_group_by_hand)
{
    static const double want_enter[] = { 5, 3, 0, 0.25, 0 };
    static const double want_risk[] = { 5, 7, 6, 3.25, 0.25 };
    struct kcase kc;
    isurv_km *fit;
    double v[5];
    size_t j, nt;
    int label;

    case_load(&kc, CASE_LTRUNC + 1);
    fit = case_fit(&kc, ISURV_CONF_LOG, 0.95);
    ck_assert_uint_eq(isurv_km_ncurves(fit), 2);
    ck_assert_int_eq(isurv_km_group(fit, 1, &label), ISURV_OK);
    ck_assert_int_eq(label, 2);
    ck_assert_int_eq(isurv_km_ntimes(fit, 1, &nt), ISURV_OK);
    ck_assert_uint_eq(nt, 5);
    ck_assert_int_eq(isurv_km_column(fit, 1, ISURV_KM_N_ENTER, v, 5), ISURV_OK);
    for (j = 0; j < 5; j++)
        ck_assert_msg(v[j] == want_enter[j], "n.enter[%zu] = %g, expected %g",
                      j, v[j], want_enter[j]);
    ck_assert_int_eq(isurv_km_column(fit, 1, ISURV_KM_N_RISK, v, 5), ISURV_OK);
    for (j = 0; j < 5; j++)
        ck_assert_msg(v[j] == want_risk[j], "n.risk[%zu] = %g, expected %g", j,
                      v[j], want_risk[j]);
    isurv_km_free(fit);
    case_free(&kc);
}
END_TEST

/* Curves come in ascending label order whatever the labels: negative ones
 * (case 26), and labels far apart; each curve equals the fit of its rows
 * alone. */
START_TEST(test_group_order_and_labels)
{
    static const double time[] = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8 };
    static const int event[] = { 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1 };
    static const int group[] = { INT_MAX, 7, INT_MIN, 7, INT_MAX, INT_MIN,
                                 7, INT_MAX, INT_MIN, 7, INT_MAX, INT_MIN };
    static const int want_label[] = { INT_MIN, 7, INT_MAX };
    struct kcase kc;
    isurv_km *fit = NULL;
    size_t k, i;
    int label;

    case_load(&kc, CASE_EARLY_CENSOR_GROUP);
    fit = case_fit(&kc, ISURV_CONF_LOG, 0.95);
    ck_assert_uint_eq(isurv_km_ncurves(fit), 2);
    ck_assert_int_eq(isurv_km_group(fit, 0, &label), ISURV_OK);
    ck_assert_int_eq(label, -3);
    ck_assert_int_eq(isurv_km_group(fit, 1, &label), ISURV_OK);
    ck_assert_int_eq(label, 5);
    isurv_km_free(fit);
    case_free(&kc);

    ck_assert_int_eq(isurv_km_fit(&fit, time, event, 12, NULL, NULL, group, NULL),
                     ISURV_OK);
    ck_assert_uint_eq(isurv_km_ncurves(fit), 3);
    for (k = 0; k < 3; k++) {
        double st[12];
        int se[12];
        size_t m = 0;
        isurv_km *one = NULL;

        ck_assert_int_eq(isurv_km_group(fit, k, &label), ISURV_OK);
        ck_assert_int_eq(label, want_label[k]);
        for (i = 0; i < 12; i++)
            if (group[i] == want_label[k]) {
                st[m] = time[i];
                se[m++] = event[i];
            }
        ck_assert_int_eq(isurv_km_fit(&one, st, se, m, NULL, NULL, NULL, NULL),
                         ISURV_OK);
        {
            size_t na, nb, j;
            int c;
            ck_assert_int_eq(isurv_km_ntimes(fit, k, &na), ISURV_OK);
            ck_assert_int_eq(isurv_km_ntimes(one, 0, &nb), ISURV_OK);
            ck_assert_uint_eq(na, nb);
            for (c = ISURV_KM_TIME; c <= ISURV_KM_STD_LOGSURV; c++) {
                double *va = column_of(fit, k, c, na), *vb = column_of(one, 0, c, nb);
                for (j = 0; j < na; j++)
                    ck_assert(isurv_close(va[j], vb[j], 0.0));
                free(va);
                free(vb);
            }
        }
        isurv_km_free(one);
    }
    isurv_km_free(fit);
}
END_TEST

/* Timefix is on by default (NULL options and fresh options agree with R's
 * timefix = TRUE), and switching it off keeps round-off apart. */
START_TEST(test_timefix_default_and_off)
{
    struct kcase on, off;
    isurv_km *a = NULL, *b = NULL;
    isurv_opts *o = NULL;
    size_t na, nb;

    case_load(&on, CASE_TIMEFIX_ON);
    case_load(&off, CASE_TIMEFIX_OFF);
    ck_assert_mem_eq(on.time, off.time, on.n * sizeof(double));
    ck_assert_int_eq(isurv_km_fit(&a, on.time, on.event, on.n, NULL, NULL, NULL,
                                  NULL), ISURV_OK);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&b, on.time, on.event, on.n, NULL, NULL, NULL,
                                  o), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(a, 0, &na), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(b, 0, &nb), ISURV_OK);
    ck_assert_uint_eq(na, 10); /* (1:10)/3 after merging */
    ck_assert_uint_eq(nb, 10);
    assert_same_curves(a, b, 0.0);
    isurv_km_free(b);
    ck_assert_int_eq(isurv_opts_set_timefix(o, 0), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&b, on.time, on.event, on.n, NULL, NULL, NULL,
                                  o), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(b, 0, &nb), ISURV_OK);
    ck_assert_uint_gt(nb, 10);
    isurv_km_free(a);
    isurv_km_free(b);
    isurv_opts_free(o);
    case_free(&on);
    case_free(&off);
}
END_TEST

/* ISURV_CONF_NONE: no limits at all, and so no quantile limits. */
START_TEST(test_conf_none)
{
    struct kcase kc;
    isurv_opts *o = NULL;
    isurv_km *fit = NULL;
    double v[64], est, lo = 0.0, hi = 0.0, e2;
    size_t nt, j;

    case_load(&kc, CASE_AML);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_conf_type(o, ISURV_CONF_NONE), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&fit, kc.time, kc.event, kc.n, NULL, NULL,
                                  NULL, o), ISURV_OK);
    ck_assert_int_eq(isurv_km_ntimes(fit, 0, &nt), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_LOWER, v, 64), ISURV_OK);
    for (j = 0; j < nt; j++)
        ck_assert(isnan(v[j]));
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_UPPER, v, 64), ISURV_OK);
    for (j = 0; j < nt; j++)
        ck_assert(isnan(v[j]));
    ck_assert_int_eq(isurv_km_quantile(fit, 0, 0.5, &est, &lo, &hi), ISURV_OK);
    ck_assert(isnan(lo) && isnan(hi));
    /* Regression: before the first time (aml's is 5) surv_at gave limits
     * of 1 whatever the type; without an interval they are NaN there too,
     * while S is 1 with SE 0. */
    {
        const double tt[] = { 0.0, 2.0, 5.0 };
        double s[3], se[3], l[3], u[3];
        ck_assert_int_eq(isurv_km_surv_at(fit, 0, tt, 3, s, se, l, u), ISURV_OK);
        for (j = 0; j < 3; j++)
            ck_assert(isnan(l[j]) && isnan(u[j]));
        ck_assert(s[0] == 1.0 && s[1] == 1.0 && se[0] == 0.0 && se[1] == 0.0);
        ck_assert(s[2] < 1.0);
    }
    /* The estimate does not depend on the interval: the median of aml is
     * 27 (R: summary(survfit(Surv(time, status) ~ 1, aml))$table). */
    isurv_km_free(fit);
    ck_assert_int_eq(isurv_km_fit(&fit, kc.time, kc.event, kc.n, NULL, NULL,
                                  NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_km_quantile(fit, 0, 0.5, &e2, NULL, NULL), ISURV_OK);
    ck_assert_double_eq(est, e2);
    ck_assert_double_eq(est, 27.0);
    isurv_km_free(fit);
    isurv_opts_free(o);
    case_free(&kc);
}
END_TEST

/* -0.0 passes as a time of 0 (it compares equal to 0) and must sort and
 * merge with +0.0 rather than after every other time, as its sign bit
 * would make it in a plain bit-pattern radix sort. */
START_TEST(test_negative_zero_time)
{
    const double t1[] = { 2.0, -0.0, 1.0, 0.0 }, t2[] = { 2.0, 0.0, 1.0, 0.0 };
    const double en[] = { -0.0, 0.0, -0.0, 0.0 }, ex[] = { 2.0, 3.0, 1.0, 4.0 };
    const int e[] = { 1, 1, 0, 1 };
    isurv_km *a = NULL, *b = NULL;
    double v[4];
    size_t nt;

    ck_assert_int_eq(isurv_km_fit(&a, t1, e, 4, NULL, NULL, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&b, t2, e, 4, NULL, NULL, NULL, NULL), ISURV_OK);
    assert_same_curves(a, b, 0.0);
    ck_assert_int_eq(isurv_km_ntimes(a, 0, &nt), ISURV_OK);
    ck_assert_uint_eq(nt, 3);
    ck_assert_int_eq(isurv_km_column(a, 0, ISURV_KM_TIME, v, 4), ISURV_OK);
    ck_assert(v[0] == 0.0 && !signbit(v[0]) && v[1] == 1.0 && v[2] == 2.0);
    isurv_km_free(a);
    isurv_km_free(b);
    /* As an entry time too: everyone is at risk from the start. */
    ck_assert_int_eq(isurv_km_fit(&a, ex, e, 4, NULL, en, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(a, 0, ISURV_KM_N_RISK, v, 4), ISURV_OK);
    ck_assert(v[0] == 4.0 && v[1] == 3.0 && v[2] == 2.0 && v[3] == 1.0);
    ck_assert_int_eq(isurv_km_column(a, 0, ISURV_KM_N_ENTER, v, 4), ISURV_OK);
    ck_assert(v[0] == 4.0 && v[1] == 0.0);
    isurv_km_free(a);
}
END_TEST

/* ----------------------------------------------------- accessor status */

START_TEST(test_accessors)
{
    struct kcase kc;
    isurv_km *fit;
    size_t nt = 0, nobs = 0, k;
    double buf[16], sentinel = -12345.0;
    int label = 42;

    case_load(&kc, CASE_TO_ZERO);
    fit = case_fit(&kc, ISURV_CONF_LOG, 0.95);
    ck_assert_uint_eq(isurv_km_ncurves(fit), 1);
    ck_assert_uint_eq(isurv_km_ncurves(NULL), 0);

    ck_assert_int_eq(isurv_km_ntimes(fit, 0, &nt), ISURV_OK);
    ck_assert_uint_eq(nt, 4);
    ck_assert_int_eq(isurv_km_nobs(fit, 0, &nobs), ISURV_OK);
    ck_assert_uint_eq(nobs, 5);
    ck_assert_int_eq(isurv_km_group(fit, 0, &label), ISURV_OK);
    ck_assert_int_eq(label, 0); /* no groups: the one curve is labelled 0 */

    ck_assert_int_eq(isurv_km_ntimes(NULL, 0, &nt), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_ntimes(fit, 0, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_ntimes(fit, 1, &nt), ISURV_EINDEX);
    ck_assert_int_eq(isurv_km_ntimes(fit, (size_t)-1, &nt), ISURV_EINDEX);
    ck_assert_int_eq(isurv_km_nobs(NULL, 0, &nobs), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_nobs(fit, 0, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_nobs(fit, 1, &nobs), ISURV_EINDEX);
    ck_assert_int_eq(isurv_km_group(NULL, 0, &label), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_group(fit, 0, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_group(fit, 1, &label), ISURV_EINDEX);
    ck_assert_uint_eq(nt, 4);
    ck_assert_uint_eq(nobs, 5);
    ck_assert_int_eq(label, 0);

    for (k = 0; k < 16; k++)
        buf[k] = sentinel;
    ck_assert_int_eq(isurv_km_column(NULL, 0, ISURV_KM_SURV, buf, 16), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_SURV, NULL, 16), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_column(fit, 1, ISURV_KM_SURV, buf, 16), ISURV_EINDEX);
    ck_assert_int_eq(isurv_km_column(fit, 0, -1, buf, 16), ISURV_EINDEX);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_STD_LOGSURV + 1, buf, 16),
                     ISURV_EINDEX);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_SURV, buf, 3), ISURV_EBUFFER);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_SURV, buf, 0), ISURV_EBUFFER);
    for (k = 0; k < 16; k++)
        ck_assert(buf[k] == sentinel); /* failures write nothing */
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_SURV, buf, 4), ISURV_OK);
    ck_assert(buf[4] == sentinel);     /* and success only ntimes values */
    /* S = 0.8, 0.8, 0.4, 0 for deaths at 1, 3, 4, 4 and a censoring at 2:
     * 4/5, then 2/3 of it at 3 with 3 at risk, then 0 at 4 with 2 at risk. */
    ck_assert_double_eq_tol(buf[0], 0.8, 1e-15);
    ck_assert_double_eq_tol(buf[1], 0.8, 1e-15);
    ck_assert_double_eq_tol(buf[2], 0.8 * 2.0 / 3.0, 1e-15);
    ck_assert_double_eq(buf[3], 0.0);
    isurv_km_free(fit);
    isurv_km_free(NULL); /* a no-op */
    case_free(&kc);
}
END_TEST

/* ------------------------------------------------------------ bad input */

static const double bt[] = { 1, 2, 3, 4, 5 };
static const int be[] = { 1, 0, 1, 1, 0 };

/* A non-NULL value that a failing call must replace with NULL. */
#define NOT_NULL_FIT ((isurv_km *)&bt)

static void expect_fit_status(int want, const double *time, const int *event,
                              size_t n, const double *w, const double *entry,
                              const isurv_opts *o)
{
    isurv_km *fit = NOT_NULL_FIT;
    int rc = isurv_km_fit(&fit, time, event, n, w, entry, NULL, o);

    ck_assert_msg(rc == want, "isurv_km_fit returned %d, expected %d", rc, want);
    if (want != ISURV_OK)
        ck_assert_ptr_null(fit);
    isurv_km_free(want == ISURV_OK ? fit : NULL);
}

START_TEST(test_fit_bad_input)
{
    const double bad_t[] = { NAN, INFINITY, -INFINITY, -1.0, -1e-300 };
    const double bad_w[] = { -1.0, NAN, INFINITY, -INFINITY };
    const int bad_e[] = { 2, -1, 3 };
    double t[5], w[5], en[5];
    int e[5];
    size_t k;
    isurv_km *fit = NOT_NULL_FIT;
    isurv_opts *o = NULL;

    ck_assert_int_eq(isurv_km_fit(NULL, bt, be, 5, NULL, NULL, NULL, NULL),
                     ISURV_ENULL);
    expect_fit_status(ISURV_ENULL, NULL, be, 5, NULL, NULL, NULL);
    expect_fit_status(ISURV_ENULL, bt, NULL, 5, NULL, NULL, NULL);
    expect_fit_status(ISURV_EEMPTY, bt, be, 0, NULL, NULL, NULL);
    for (k = 0; k < sizeof bad_t / sizeof bad_t[0]; k++) {
        memcpy(t, bt, sizeof t);
        t[3] = bad_t[k];
        expect_fit_status(ISURV_ETIME, t, be, 5, NULL, NULL, NULL);
    }
    for (k = 0; k < sizeof bad_e / sizeof bad_e[0]; k++) {
        memcpy(e, be, sizeof e);
        e[4] = bad_e[k];
        expect_fit_status(ISURV_EEVENT, bt, e, 5, NULL, NULL, NULL);
    }
    for (k = 0; k < sizeof bad_w / sizeof bad_w[0]; k++) {
        for (size_t i = 0; i < 5; i++)
            w[i] = 1.0;
        w[2] = bad_w[k];
        expect_fit_status(ISURV_EWEIGHT, bt, be, 5, w, NULL, NULL);
    }
    /* Entry times: at or after the exit, NaN, infinite, negative. */
    {
        const double bad_en[] = { 4.0, 4.5, NAN, INFINITY, -INFINITY, -0.5 };
        for (k = 0; k < sizeof bad_en / sizeof bad_en[0]; k++) {
            memset(en, 0, sizeof en);
            en[3] = bad_en[k];
            expect_fit_status(ISURV_EENTRY, bt, be, 5, NULL, en, NULL);
        }
    }
    /* An entry within round-off of its exit: R's timefix merges the two
     * ("an interval has effective length 0") and so do we; with timefix off
     * the interval is valid. */
    memset(en, 0, sizeof en);
    en[1] = 2.0 * (1.0 - 1e-12);
    expect_fit_status(ISURV_EENTRY, bt, be, 5, NULL, en, NULL);
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_timefix(o, 0), ISURV_OK);
    expect_fit_status(ISURV_OK, bt, be, 5, NULL, en, o);
    isurv_opts_free(o);
    /* The checks run in a documented order: pointers, n, times, events,
     * weights, entries. */
    memcpy(t, bt, sizeof t);
    t[0] = NAN;
    memcpy(e, be, sizeof e);
    e[0] = 7;
    w[0] = -1.0;
    expect_fit_status(ISURV_ETIME, t, e, 5, w, NULL, NULL);
    expect_fit_status(ISURV_EEVENT, bt, e, 5, w, NULL, NULL);
    ck_assert_int_eq(isurv_km_fit(&fit, bt, be, 0, NULL, NULL, NULL, NULL),
                     ISURV_EEMPTY);
    ck_assert_ptr_null(fit);
    /* Zero weights are allowed (R keeps their times as rows). */
    for (k = 0; k < 5; k++)
        w[k] = 0.0;
    w[0] = 1.0;
    expect_fit_status(ISURV_OK, bt, be, 5, w, NULL, NULL);
}
END_TEST

START_TEST(test_query_bad_input)
{
    const double bad_t[] = { NAN, INFINITY, -INFINITY, -1.0 };
    isurv_km *fit = NULL;
    double tt[3] = { 1, 2, 3 }, s[3], se[3], lo[3], hi[3], est, x;
    size_t k;

    ck_assert_int_eq(isurv_km_fit(&fit, bt, be, 5, NULL, NULL, NULL, NULL),
                     ISURV_OK);
    /* surv_at and risk_table */
    ck_assert_int_eq(isurv_km_surv_at(NULL, 0, tt, 3, s, se, lo, hi), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_surv_at(fit, 0, NULL, 3, s, se, lo, hi), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_surv_at(fit, 1, tt, 3, s, se, lo, hi), ISURV_EINDEX);
    ck_assert_int_eq(isurv_km_risk_table(NULL, 0, tt, 3, s, se, lo), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_risk_table(fit, 0, NULL, 3, s, se, lo), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_risk_table(fit, 1, tt, 3, s, se, lo), ISURV_EINDEX);
    for (k = 0; k < sizeof bad_t / sizeof bad_t[0]; k++) {
        s[0] = -7.0;
        tt[2] = bad_t[k];
        ck_assert_int_eq(isurv_km_surv_at(fit, 0, tt, 3, s, se, lo, hi),
                         ISURV_ETIME);
        ck_assert_int_eq(isurv_km_risk_table(fit, 0, tt, 3, s, se, lo),
                         ISURV_ETIME);
        ck_assert(s[0] == -7.0); /* nothing written */
    }
    /* An empty query is a no-op that succeeds, even without times. */
    ck_assert_int_eq(isurv_km_surv_at(fit, 0, NULL, 0, NULL, NULL, NULL, NULL),
                     ISURV_OK);
    ck_assert_int_eq(isurv_km_risk_table(fit, 0, NULL, 0, NULL, NULL, NULL),
                     ISURV_OK);

    /* quantile: p in (0, 1) */
    ck_assert_int_eq(isurv_km_quantile(NULL, 0, 0.5, &est, NULL, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_quantile(fit, 0, 0.5, NULL, &x, &x), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_quantile(fit, 1, 0.5, &est, NULL, NULL), ISURV_EINDEX);
    {
        const double bad_p[] = { 0.0, 1.0, -0.5, 1.5, NAN, INFINITY, -INFINITY };
        for (k = 0; k < sizeof bad_p / sizeof bad_p[0]; k++) {
            est = -7.0;
            ck_assert_int_eq(isurv_km_quantile(fit, 0, bad_p[k], &est, NULL, NULL),
                             ISURV_EPROB);
            ck_assert(est == -7.0);
        }
    }
    /* rmst: tau > 0 and finite */
    ck_assert_int_eq(isurv_km_rmst(NULL, 0, 1.0, &est, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_rmst(fit, 0, 1.0, NULL, &x), ISURV_ENULL);
    ck_assert_int_eq(isurv_km_rmst(fit, 1, 1.0, &est, NULL), ISURV_EINDEX);
    {
        const double bad_tau[] = { 0.0, -1.0, NAN, INFINITY, -INFINITY };
        for (k = 0; k < sizeof bad_tau / sizeof bad_tau[0]; k++) {
            est = -7.0;
            ck_assert_int_eq(isurv_km_rmst(fit, 0, bad_tau[k], &est, NULL),
                             ISURV_EARG);
            ck_assert(est == -7.0);
        }
    }
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_followup_bad_input)
{
    double est = -7.0, t[5];
    int e[5];
    const double bad_t[] = { NAN, INFINITY, -INFINITY, -2.0 };
    size_t k;

    ck_assert_int_eq(isurv_followup_median(NULL, NULL, NULL, bt, be, 5, NULL),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_followup_median(&est, NULL, NULL, NULL, be, 5, NULL),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_followup_median(&est, NULL, NULL, bt, NULL, 5, NULL),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_followup_median(&est, NULL, NULL, bt, be, 0, NULL),
                     ISURV_EEMPTY);
    for (k = 0; k < sizeof bad_t / sizeof bad_t[0]; k++) {
        memcpy(t, bt, sizeof t);
        t[1] = bad_t[k];
        ck_assert_int_eq(isurv_followup_median(&est, NULL, NULL, t, be, 5, NULL),
                         ISURV_ETIME);
    }
    memcpy(e, be, sizeof e);
    e[0] = 2;
    ck_assert_int_eq(isurv_followup_median(&est, NULL, NULL, bt, e, 5, NULL),
                     ISURV_EEVENT);
    e[0] = -1;
    ck_assert_int_eq(isurv_followup_median(&est, NULL, NULL, bt, e, 5, NULL),
                     ISURV_EEVENT);
    ck_assert(est == -7.0);
}
END_TEST

/* ------------------------------------------------ found by fuzzing */

/* fuzz/corpus/fuzz_km/regress-rmst-nan-se: no events and tau beyond
 * 1e154 gave a NaN standard error (the squared area overflowed and was
 * multiplied by a zero hazard term). */
START_TEST(test_rmst_no_events_huge_tau)
{
    const double t[] = { 1.0, DBL_MAX };
    const int e[] = { 0, 0 };
    isurv_km *fit;
    double est, se;

    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 2, NULL, NULL, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_km_rmst(fit, 0, 1e300, &est, &se), ISURV_OK);
    /* S = 1 throughout: the area is tau and nothing varies. */
    ck_assert(est == 1e300);
    ck_assert(se == 0.0);
    isurv_km_free(fit);
}
END_TEST

/* RMST depends on the scale of time only through a factor: by hand for
 * times 1, 2, 3 (events, events, censored) and tau = 3, S is 2/3 then
 * 1/3, the area 1 + 2/3 + 1/3 = 2, and the variance sum
 * A(1)^2 / (3 * 2) + A(2)^2 / (2 * 1) = 1/6 + (1/3)^2 / 2 = 2/9.  Times
 * scaled by 1e300 scale both by 1e300; the squared areas (1e600) must
 * not overflow on the way.  timefix is off, as it would merge times
 * 1e-300 apart (R's aeqSurv has an absolute tolerance too). */
START_TEST(test_rmst_scaled_times)
{
    const double scale[] = { 1.0, 1e300, 1e-300 };
    const int e[] = { 1, 1, 0 };
    isurv_opts *o;
    size_t k;

    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_timefix(o, 0), ISURV_OK);
    for (k = 0; k < 3; k++) {
        const double c = scale[k];
        double t[3], est, se;
        isurv_km *fit;

        t[0] = 1.0 * c;
        t[1] = 2.0 * c;
        t[2] = 3.0 * c;
        ck_assert_int_eq(isurv_km_fit(&fit, t, e, 3, NULL, NULL, NULL, o),
                         ISURV_OK);
        ck_assert_int_eq(isurv_km_rmst(fit, 0, 3.0 * c, &est, &se), ISURV_OK);
        ck_assert_close(est, 2.0 * c, 1e-14);
        ck_assert_close(se, sqrt(2.0) / 3.0 * c, 1e-14);
        isurv_km_free(fit);
    }
    isurv_opts_free(o);
}
END_TEST

/* fuzz/corpus/fuzz_km/regress-weights-overflow: two weights of DBL_MAX
 * made a risk set of Inf and S = Inf / Inf = NaN.  The weights' total is
 * now limited to DBL_MAX / 2, which no sum of them in any order can push
 * past DBL_MAX. */
START_TEST(test_weights_sum_overflow)
{
    const double t[] = { 1.0, 2.0 };
    const int e[] = { 1, 1 };
    const double big[] = { DBL_MAX, DBL_MAX }, half[] = { DBL_MAX / 2, DBL_MAX / 2 };
    const double quarter[] = { DBL_MAX / 4, DBL_MAX / 4 };
    double s[2];
    isurv_km *fit = NULL;

    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 2, big, NULL, NULL, NULL),
                     ISURV_EWEIGHT);
    ck_assert_ptr_null(fit);
    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 2, half, NULL, NULL, NULL),
                     ISURV_EWEIGHT);
    /* A total of DBL_MAX / 2 is accepted, and S is that of weights 1. */
    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 2, quarter, NULL, NULL, NULL),
                     ISURV_OK);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_SURV, s, 2), ISURV_OK);
    ck_assert(s[0] == 0.5 && s[1] == 0.0);
    isurv_km_free(fit);
}
END_TEST

/* fuzz/corpus/fuzz_km/regress-greenwood-underflow: weights of 1e-300
 * made n (n - d) underflow to 0 in the Greenwood term, an infinite SE
 * and, with a confidence level near 0 (z = 0), NaN limits at S = 1/12;
 * weights of 1e300 made it overflow and the SE 0.  Scaling every weight
 * by c leaves S and the cumulative hazard alone and divides both
 * variances by c.  By hand for times 1, 2, 3 with events at 1 and 2
 * (weights 1): Greenwood 1/(3*2) then + 1/(2*1) = 2/3; Nelson-Aalen
 * variance 1/9 then + 1/4 = 13/36. */
START_TEST(test_greenwood_extreme_weights)
{
    const double scale[] = { 1e-300, 1e-200, 1e200, 1e300 };
    const double t[] = { 1.0, 2.0, 3.0 };
    const int e[] = { 1, 1, 0 };
    size_t k;

    for (k = 0; k < sizeof scale / sizeof scale[0]; k++) {
        const double c = scale[k];
        double w[3], s[3], sls[3], sch[3], lo[3], hi[3];
        isurv_km *fit;

        w[0] = w[1] = w[2] = c;
        ck_assert_int_eq(isurv_km_fit(&fit, t, e, 3, w, NULL, NULL, NULL), ISURV_OK);
        ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_SURV, s, 3), ISURV_OK);
        ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_STD_LOGSURV, sls, 3), ISURV_OK);
        ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_STD_CHAZ, sch, 3), ISURV_OK);
        ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_LOWER, lo, 3), ISURV_OK);
        ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_UPPER, hi, 3), ISURV_OK);
        ck_assert_close(s[0], 2.0 / 3.0, 1e-15);
        ck_assert_close(s[1], 1.0 / 3.0, 1e-15);
        ck_assert_close(sls[0], sqrt(1.0 / 6.0 / c), 1e-14);
        ck_assert_close(sls[1], sqrt(2.0 / 3.0 / c), 1e-14);
        ck_assert_close(sch[0], sqrt(1.0 / 9.0 / c), 1e-14);
        ck_assert_close(sch[1], sqrt(13.0 / 36.0 / c), 1e-14);
        ck_assert(lo[0] <= s[0] && s[0] <= hi[0]);
        isurv_km_free(fit);
    }
}
END_TEST

/* fuzz/corpus/fuzz_km/regress-conf-level-tiny: a confidence level below
 * 1e-16 gave z = 0 (1 - level rounded to 1), and z times an infinite SE
 * (subnormal weights, whose Greenwood term overflows) NaN limits at
 * S = 0.5.  z is now level sqrt(pi/2) to first order, never 0: an
 * infinite SE gives [0, 1], a finite one [S, S]. */
START_TEST(test_conf_level_tiny)
{
    const double t[] = { 1.0, 2.0 }, tiny[] = { 4.9406564584124654e-324,
                                                4.9406564584124654e-324 };
    const int e[] = { 1, 0 };
    int type;

    for (type = ISURV_CONF_LOG; type <= ISURV_CONF_ARCSIN; type++) {
        double s, lo, hi, x = 1.5;
        isurv_opts *o;
        isurv_km *fit;

        ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
        ck_assert_int_eq(isurv_opts_set_conf_level(o, 1e-300), ISURV_OK);
        ck_assert_int_eq(isurv_opts_set_conf_type(o, type), ISURV_OK);
        ck_assert_int_eq(isurv_km_fit(&fit, t, e, 2, tiny, NULL, NULL, o), ISURV_OK);
        ck_assert_int_eq(isurv_km_surv_at(fit, 0, &x, 1, &s, NULL, &lo, &hi), ISURV_OK);
        ck_assert(s == 0.5);
        ck_assert_msg(lo == 0.0 && hi == 1.0, "type %d: (%g, %g)", type, lo, hi);
        isurv_km_free(fit);
        ck_assert_int_eq(isurv_km_fit(&fit, t, e, 2, NULL, NULL, NULL, o), ISURV_OK);
        ck_assert_int_eq(isurv_km_surv_at(fit, 0, &x, 1, &s, NULL, &lo, &hi), ISURV_OK);
        ck_assert_close(lo, 0.5, 1e-15);
        ck_assert_close(hi, 0.5, 1e-15);
        isurv_km_free(fit);
        isurv_opts_free(o);
    }
}
END_TEST

/* Found while writing the fuzz invariants (fuzz/corpus/fuzz_km/
 * regress-entry-cancel): with entry times, a risk set was the sum of the
 * later exits minus the later entries, and with weights 1e17 and 1 both
 * sums lost the 1: subject B (weight 1, event at 3) was at risk alone at
 * t = 3, since A (weight 1e17) enters at 5, but n.risk came out 0 and S
 * as -Inf.  By hand: n.risk is 1 at t = 3 (S drops to 0) and 1e17 at
 * t = 10. */
START_TEST(test_entry_weights_cancel)
{
    const double t[] = { 10.0, 3.0 }, w[] = { 1e17, 1.0 }, en[] = { 5.0, 0.0 };
    const int e[] = { 0, 1 };
    double nr[2], s[2], ent[2];
    isurv_km *fit;

    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 2, w, en, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_N_RISK, nr, 2), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_SURV, s, 2), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_N_ENTER, ent, 2), ISURV_OK);
    ck_assert(nr[0] == 1.0 && nr[1] == 1e17);
    ck_assert(ent[0] == 1.0 && ent[1] == 1e17);
    ck_assert(s[0] == 0.0 && s[1] == 0.0);
    isurv_km_free(fit);
}
END_TEST

/* fuzz/corpus/fuzz_km/regress-logit-small-s: the logit limits were
 * R's 1 - 1/(1 + e^y), which cancels to about 1e-7 relative accuracy at
 * S = 1e-9 and left S above its lower limit.  Here n = 1e18 at risk
 * (weights) and d = 1e18 - 1e9 die: S = 1e-9, Greenwood
 * d / (n (n - d)) = (1 - 1e-9) 1e-9 (SE of log S 3.2e-5).  The limits are checked
 * against the same logistic in another algebraic form,
 * p / (p + (1 - p) e^(+-se2)), se2 = z se (1 + p / (1 - p)). */
START_TEST(test_logit_small_surv)
{
    const double t[] = { 1.0, 2.0 }, w[] = { 1e18 - 1e9, 1e9 };
    const int e[] = { 1, 0 };
    const double z = 1.959963984540054; /* qnorm(0.975) */
    double s, sls[2], lo, hi, x = 1.0, se2;
    isurv_opts *o;
    isurv_km *fit;

    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_conf_type(o, ISURV_CONF_LOGIT), ISURV_OK);
    ck_assert_int_eq(isurv_km_fit(&fit, t, e, 2, w, NULL, NULL, o), ISURV_OK);
    ck_assert_int_eq(isurv_km_surv_at(fit, 0, &x, 1, &s, NULL, &lo, &hi), ISURV_OK);
    ck_assert_int_eq(isurv_km_column(fit, 0, ISURV_KM_STD_LOGSURV, sls, 2), ISURV_OK);
    ck_assert_close(s, 1e-9, 1e-15);
    ck_assert_close(sls[0], sqrt((1.0 - 1e-9) * 1e-9), 1e-14);
    se2 = z * sls[0] * (1.0 + s / (1.0 - s));
    ck_assert_close(lo, s / (s + (1.0 - s) * exp(se2)), 1e-13);
    ck_assert_close(hi, s / (s + (1.0 - s) * exp(-se2)), 1e-13);
    ck_assert(lo < s && s < hi);
    isurv_km_free(fit);
    isurv_opts_free(o);
}
END_TEST

static void add_fuzz_regressions(Suite *s)
{
    TCase *tf = tcase_create("fuzz_regressions");

    tcase_add_test(tf, test_rmst_no_events_huge_tau);
    tcase_add_test(tf, test_rmst_scaled_times);
    tcase_add_test(tf, test_weights_sum_overflow);
    tcase_add_test(tf, test_greenwood_extreme_weights);
    tcase_add_test(tf, test_conf_level_tiny);
    tcase_add_test(tf, test_entry_weights_cancel);
    tcase_add_test(tf, test_logit_small_surv);
    suite_add_tcase(s, tf);
}

static Suite *km_suite(void)
{
    Suite *s = suite_create("km");
    TCase *tc = tcase_create("against_R");
    TCase *tp = tcase_create("properties");
    TCase *tb = tcase_create("bad_input");

    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, test_curve, 1, N_CASES + 1);
    tcase_add_loop_test(tc, test_conf_and_quantiles, 1, N_CASES + 1);
    tcase_add_loop_test(tc, test_surv_at_and_risk_table, 1, N_CASES + 1);
    tcase_add_loop_test(tc, test_rmst, 1, N_CASES + 1);
    tcase_add_loop_test(tc, test_followup, 1, N_CASES + 1);
    suite_add_tcase(s, tc);

    tcase_add_test(tp, test_weights_equal_replicated_rows);
    tcase_add_test(tp, test_left_truncation_enter_by_hand);
    tcase_add_test(tp, test_left_truncation_weighted_group_by_hand);
    tcase_add_test(tp, test_group_order_and_labels);
    tcase_add_test(tp, test_timefix_default_and_off);
    tcase_add_test(tp, test_conf_none);
    tcase_add_test(tp, test_negative_zero_time);
    tcase_add_test(tp, test_accessors);
    suite_add_tcase(s, tp);

    tcase_add_test(tb, test_fit_bad_input);
    tcase_add_test(tb, test_query_bad_input);
    tcase_add_test(tb, test_followup_bad_input);
    suite_add_tcase(s, tb);

    add_fuzz_regressions(s);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(km_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
