/* Tests of the log-rank family against R survival's survdiff (and
 * quantities derived from survdiff runs), statsmodels' survdiff for the
 * weights R lacks, coxph's score test for left-truncated data, R's
 * p.adjust, and hand calculations written out below.  The reference files
 * come from tests/ref/logrank_ref.R and tests/ref/logrank_statsmodels.py. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "inotusurv.h"
#include "pchisq_log.h"
#include "refdata.h"
#include "testutil.h"

/* ------------------------------------------------------------------ data */

/* The cases of logrank_ref.R (ids 1-13) and logrank_statsmodels.py (14). */
struct case_def {
    int id;
    const char *file, *group, *strata, *entry;
};

static const struct case_def cases[] = {
    { 1, "logrank_aml.csv", "group", NULL, NULL },
    { 2, "logrank_lung.csv", "sex", NULL, NULL },
    { 3, "logrank_lung.csv", "ph_ecog", NULL, NULL },
    { 4, "logrank_lung.csv", "sex", "inst", NULL },
    { 5, "logrank_lung.csv", "ph_ecog", "sex", NULL },
    { 6, "logrank_ovarian.csv", "group", NULL, NULL },
    { 7, "logrank_veteran.csv", "trt", NULL, NULL },
    { 8, "logrank_veteran.csv", "celltype", NULL, NULL },
    { 9, "logrank_veteran.csv", "celltype", "trt", NULL },
    { 10, "logrank_aml3.csv", "group", NULL, NULL },
    { 11, "logrank_separated.csv", "group", NULL, NULL },
    { 12, "logrank_entry.csv", "group", NULL, "entry" },
    { 13, "logrank_entry.csv", "group", "stratum", "entry" },
    { 14, "logrank_entry_ties.csv", "group", NULL, "entry" },
};

struct data {
    size_t n;
    double *time, *entry;
    int *event, *group, *strata;
};

static struct data load_case(int id)
{
    struct data d;
    struct ref_table *t;
    const struct case_def *c = NULL;
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (cases[i].id == id)
            c = &cases[i];
    ck_assert_msg(c != NULL, "no case %d", id);
    t = ref_load(c->file);
    d.n = t->nrow;
    d.time = malloc(d.n * sizeof *d.time);
    ck_assert_ptr_nonnull(d.time);
    memcpy(d.time, ref_column(t, "time"), d.n * sizeof *d.time);
    d.event = ref_int_column(t, "status");
    d.group = ref_int_column(t, c->group);
    d.strata = c->strata ? ref_int_column(t, c->strata) : NULL;
    d.entry = NULL;
    if (c->entry) {
        d.entry = malloc(d.n * sizeof *d.entry);
        ck_assert_ptr_nonnull(d.entry);
        memcpy(d.entry, ref_column(t, c->entry), d.n * sizeof *d.entry);
    }
    ref_free(t);
    return d;
}

static void free_data(struct data *d)
{
    free(d->time);
    free(d->entry);
    free(d->event);
    free(d->group);
    free(d->strata);
}

static isurv_opts *make_opts(int type, double p, double q)
{
    isurv_opts *o;

    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, type, p, q), ISURV_OK);
    return o;
}

static isurv_logrank *run(const struct data *d, int type, double p, double q)
{
    isurv_opts *o = make_opts(type, p, q);
    isurv_logrank *fit = NULL;

    ck_assert_int_eq(isurv_logrank_test(&fit, d->time, d->event, d->group,
                                        d->n, d->strata, d->entry, o),
                     ISURV_OK);
    isurv_opts_free(o);
    return fit;
}

/* Rows of a reference table whose leading key columns match. */
static size_t match_rows(const struct ref_table *t, size_t *rows, size_t max,
                         const char *const *keys, const double *vals,
                         size_t nkeys)
{
    size_t r, j, count = 0;

    for (r = 0; r < t->nrow; r++) {
        for (j = 0; j < nkeys; j++)
            if (ref_column(t, keys[j])[r] != vals[j])
                break;
        if (j == nkeys) {
            ck_assert_uint_lt(count, max);
            rows[count++] = r;
        }
    }
    return count;
}

#define MAXROWS 4096
static const char *const key4[] = { "case", "wtype", "p", "q" };

/* ----------------------------------------------- agreement with survdiff */

/* Everything survdiff returns for one (case, weight): statistic, per group
 * and per stratum sums, the variance matrix. */
static void check_against_r(isurv_logrank *fit, int id, int wtype, double p,
                            double q, const struct ref_table *stat,
                            const struct ref_table *grp,
                            const struct ref_table *var,
                            const struct ref_table *str)
{
    const double key[4] = { id, wtype, p, q };
    size_t rows[MAXROWS], nr, j, k = isurv_logrank_ngroups(fit);
    double chisq, df, pv, logp, *n, *o, *e, *oe, *ov, *v, *so, *se;

    nr = match_rows(stat, rows, MAXROWS, key4, key, 4);
    ck_assert_uint_eq(nr, 1);
    ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, &df, &pv), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_log_p(fit, &logp), ISURV_OK);
    ck_assert_close(chisq, ref_column(stat, "chisq")[rows[0]], REF_TOL);
    ck_assert_close(df, ref_column(stat, "df")[rows[0]], 0.0);
    ck_assert_close(pv, ref_column(stat, "pvalue")[rows[0]], REF_TOL);
    ck_assert_close(logp, ref_column(stat, "logp")[rows[0]], REF_TOL);

    n = malloc(k * sizeof *n);
    o = malloc(k * sizeof *o);
    e = malloc(k * sizeof *e);
    oe = malloc(k * sizeof *oe);
    ov = malloc(k * sizeof *ov);
    v = malloc(k * k * sizeof *v);
    so = malloc(k * sizeof *so);
    se = malloc(k * sizeof *se);
    ck_assert(n && o && e && oe && ov && v && so && se);
    nr = match_rows(grp, rows, MAXROWS, key4, key, 4);
    ck_assert_uint_eq(nr, k);
    ck_assert_int_eq(isurv_logrank_table(fit, n, o, e, oe, ov, k), ISURV_OK);
    for (j = 0; j < nr; j++) {
        size_t r = rows[j], g = (size_t)ref_column(grp, "g")[r];
        int label;
        ck_assert_int_eq(isurv_logrank_group(fit, g, &label), ISURV_OK);
        ck_assert_int_eq(label, (int)ref_column(grp, "label")[r]);
        ck_assert_close(n[g], ref_column(grp, "n")[r], 0.0);
        ck_assert_close(o[g], ref_column(grp, "obs")[r], REF_TOL);
        ck_assert_close(e[g], ref_column(grp, "exp")[r], REF_TOL);
        ck_assert_close(oe[g], ref_column(grp, "oe2e")[r], REF_TOL);
        ck_assert_close(ov[g], ref_column(grp, "oe2v")[r], REF_TOL);
    }
    nr = match_rows(var, rows, MAXROWS, key4, key, 4);
    ck_assert_uint_eq(nr, k * k);
    ck_assert_int_eq(isurv_logrank_variance(fit, v, k * k), ISURV_OK);
    for (j = 0; j < nr; j++) {
        size_t r = rows[j];
        size_t a = (size_t)ref_column(var, "i")[r], b = (size_t)ref_column(var, "j")[r];
        ck_assert_close(v[a * k + b], ref_column(var, "v")[r], REF_TOL);
    }
    nr = match_rows(str, rows, MAXROWS, key4, key, 4);
    if (nr > 0) {
        ck_assert_uint_eq(nr, isurv_logrank_nstrata(fit) * k);
        for (j = 0; j < nr; j++) {
            size_t r = rows[j], s = (size_t)ref_column(str, "s")[r];
            size_t g = (size_t)ref_column(str, "g")[r];
            ck_assert_int_eq(isurv_logrank_stratum(fit, s, NULL, so, se, k),
                             ISURV_OK);
            ck_assert_close(so[g], ref_column(str, "obs")[r], REF_TOL);
            ck_assert_close(se[g], ref_column(str, "exp")[r], REF_TOL);
        }
    } else {
        ck_assert_uint_eq(isurv_logrank_nstrata(fit), 1);
    }
    free(n);
    free(o);
    free(e);
    free(oe);
    free(ov);
    free(v);
    free(so);
    free(se);
}

struct refs {
    struct ref_table *stat, *grp, *var, *str;
};

static struct refs load_refs(void)
{
    struct refs r;

    r.stat = ref_load("logrank_stat.csv");
    r.grp = ref_load("logrank_group.csv");
    r.var = ref_load("logrank_var.csv");
    r.str = ref_load("logrank_strata.csv");
    return r;
}

static void free_refs(struct refs *r)
{
    ref_free(r->stat);
    ref_free(r->grp);
    ref_free(r->var);
    ref_free(r->str);
}

/* Every (case, weight) of logrank_stat.csv: survdiff(rho = p) for wtype 1,
 * the Fleming-Harrington (p, 1) combination of survdiff runs for 2. */
START_TEST(test_survdiff_reference)
{
    struct refs R = load_refs();
    size_t r;

    ck_assert_uint_ge(R.stat->nrow, 50);
    for (r = 0; r < R.stat->nrow; r++) {
        int id = (int)ref_column(R.stat, "case")[r];
        int wtype = (int)ref_column(R.stat, "wtype")[r];
        double p = ref_column(R.stat, "p")[r], q = ref_column(R.stat, "q")[r];
        struct data d = load_case(id);
        isurv_logrank *fit = run(&d, wtype, p, q);

        check_against_r(fit, id, wtype, p, q, R.stat, R.grp, R.var, R.str);
        isurv_logrank_free(fit);
        if (wtype == ISURV_WEIGHT_GRHO && p == 0.0) {
            /* The plain log-rank weight is G-rho at rho = 0 ... */
            fit = run(&d, ISURV_WEIGHT_LOGRANK, 0.0, 0.0);
            check_against_r(fit, id, wtype, p, q, R.stat, R.grp, R.var, R.str);
            isurv_logrank_free(fit);
            /* ... and Fleming-Harrington at (0, 0). */
            fit = run(&d, ISURV_WEIGHT_FH, 0.0, 0.0);
            check_against_r(fit, id, wtype, p, q, R.stat, R.grp, R.var, R.str);
            isurv_logrank_free(fit);
        }
        if (wtype == ISURV_WEIGHT_GRHO && p > 0.0) {
            /* FH(p, 0) is G-rho(p). */
            fit = run(&d, ISURV_WEIGHT_FH, p, 0.0);
            check_against_r(fit, id, wtype, p, q, R.stat, R.grp, R.var, R.str);
            isurv_logrank_free(fit);
        }
        free_data(&d);
    }
    free_refs(&R);
}
END_TEST

/* The caller's arrays are borrowed: compare them after the calls. */
START_TEST(test_inputs_unchanged)
{
    struct data d = load_case(5), c = load_case(5);
    isurv_logrank *fit = run(&d, ISURV_WEIGHT_FH, 1.0, 1.0);
    double pv[6], sc[4] = { 0, 1, 2, 3 }, sc0[4], chisq, entry[228], e0[228];
    size_t i;

    memcpy(sc0, sc, sizeof sc);
    ck_assert_int_eq(isurv_logrank_trend(fit, sc, 4, &chisq, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 6, d.time, d.event, d.group, d.n,
                                            d.strata, NULL, NULL,
                                            ISURV_ADJUST_HOLM),
                     ISURV_OK);
    ck_assert_mem_eq(d.time, c.time, d.n * sizeof *d.time);
    ck_assert_mem_eq(d.event, c.event, d.n * sizeof *d.event);
    ck_assert_mem_eq(d.group, c.group, d.n * sizeof *d.group);
    ck_assert_mem_eq(d.strata, c.strata, d.n * sizeof *d.strata);
    ck_assert_mem_eq(sc, sc0, sizeof sc);
    isurv_logrank_free(fit);
    /* With entry times (and timefix, which rewrites sorted copies). */
    ck_assert_uint_le(d.n, 228);
    for (i = 0; i < d.n; i++)
        entry[i] = d.time[i] / 3.0;
    memcpy(e0, entry, d.n * sizeof *entry);
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, d.n,
                                        d.strata, entry, NULL),
                     ISURV_OK);
    ck_assert_mem_eq(entry, e0, d.n * sizeof *entry);
    ck_assert_mem_eq(d.time, c.time, d.n * sizeof *d.time);
    isurv_logrank_free(fit);
    free_data(&d);
    free_data(&c);
}
END_TEST

/* Row order does not matter: lung (already unsorted) reversed and
 * interleaved still matches survdiff. */
START_TEST(test_row_order)
{
    struct refs R = load_refs();
    struct data d = load_case(5), p = load_case(5);
    size_t i, j = 0;
    isurv_logrank *fit;

    for (i = d.n; i-- > 0;) {
        /* odd rows from the end, then even rows from the start */
        if (i % 2 == 1) {
            p.time[j] = d.time[i];
            p.event[j] = d.event[i];
            p.group[j] = d.group[i];
            p.strata[j++] = d.strata[i];
        }
    }
    for (i = 0; i < d.n; i++)
        if (i % 2 == 0) {
            p.time[j] = d.time[i];
            p.event[j] = d.event[i];
            p.group[j] = d.group[i];
            p.strata[j++] = d.strata[i];
        }
    ck_assert_uint_eq(j, d.n);
    fit = run(&p, ISURV_WEIGHT_GRHO, 0.5, 0.0);
    check_against_r(fit, 5, 1, 0.5, 0.0, R.stat, R.grp, R.var, R.str);
    isurv_logrank_free(fit);
    free_data(&d);
    free_data(&p);
    free_refs(&R);
}
END_TEST

/* Labels are any ints: ph.ecog 0..3 relabelled -7, 0, 12, 40000 and the
 * strata (sex 1, 2) relabelled 9, -3 (so their order flips) give case
 * 5's results, group labels reported as given. */
START_TEST(test_any_labels)
{
    struct refs R = load_refs();
    struct data d = load_case(5);
    static const int relabel[4] = { -7, 0, 12, 40000 };
    size_t i, s;
    int label;
    double o1[4], o2[4];
    isurv_logrank *fit, *ref;

    ref = run(&d, ISURV_WEIGHT_LOGRANK, 0.0, 0.0);
    for (i = 0; i < d.n; i++) {
        d.group[i] = relabel[d.group[i]];
        d.strata[i] = d.strata[i] == 1 ? 9 : -3;
    }
    fit = run(&d, ISURV_WEIGHT_LOGRANK, 0.0, 0.0);
    ck_assert_uint_eq(isurv_logrank_ngroups(fit), 4);
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(isurv_logrank_group(fit, i, &label), ISURV_OK);
        ck_assert_int_eq(label, relabel[i]);
    }
    /* the statistic, table and variance as survdiff's ... */
    {
        double chisq, pv;
        size_t rows[1];
        const double key[4] = { 5, 1, 0, 0 };
        ck_assert_uint_eq(match_rows(R.stat, rows, 1, key4, key, 4), 1);
        ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, NULL, &pv), ISURV_OK);
        ck_assert_close(chisq, ref_column(R.stat, "chisq")[rows[0]], REF_TOL);
        ck_assert_close(pv, ref_column(R.stat, "pvalue")[rows[0]], REF_TOL);
    }
    /* ... and the strata swapped: label -3 (sex 2) first. */
    ck_assert_uint_eq(isurv_logrank_nstrata(fit), 2);
    for (s = 0; s < 2; s++) {
        ck_assert_int_eq(isurv_logrank_stratum(fit, s, &label, o1, NULL, 4),
                         ISURV_OK);
        ck_assert_int_eq(label, s == 0 ? -3 : 9);
        ck_assert_int_eq(isurv_logrank_stratum(ref, 1 - s, &label, o2, NULL, 4),
                         ISURV_OK);
        ck_assert_int_eq(label, s == 0 ? 2 : 1);
        for (i = 0; i < 4; i++)
            ck_assert_close(o1[i], o2[i], 0.0);
    }
    isurv_logrank_free(fit);
    isurv_logrank_free(ref);
    free_data(&d);
    free_refs(&R);
}
END_TEST

/* Entry times all 0 put everyone at risk from the start: survdiff's
 * results, through the left-truncation path of the count table. */
START_TEST(test_zero_entry_is_survdiff)
{
    struct refs R = load_refs();
    struct data d = load_case(9);
    isurv_logrank *fit;

    d.entry = calloc(d.n, sizeof *d.entry);
    ck_assert_ptr_nonnull(d.entry);
    fit = run(&d, ISURV_WEIGHT_GRHO, 1.0, 0.0);
    check_against_r(fit, 9, 1, 1.0, 0.0, R.stat, R.grp, R.var, R.str);
    isurv_logrank_free(fit);
    free_data(&d);
    free_refs(&R);
}
END_TEST

/* timefix: aml's two deaths at 23 (one per group), one of them moved to
 * 23 (1 + 1e-13), are merged back into a tie, as R's aeqSurv does, so
 * survdiff's result holds; with timefix off the tie is split and the
 * variance at 23 changes. */
START_TEST(test_timefix)
{
    struct refs R = load_refs();
    struct data d = load_case(1);
    isurv_opts *o;
    isurv_logrank *fit;
    double chisq;
    size_t i, moved = 0;

    for (i = 0; i < d.n && !moved; i++)
        if (d.time[i] == 23.0 && d.event[i] == 1 && d.group[i] == 2) {
            d.time[i] = 23.0 * (1.0 + 1e-13);
            moved = 1;
        }
    ck_assert_uint_eq(moved, 1);
    fit = run(&d, ISURV_WEIGHT_GRHO, 0.0, 0.0);
    check_against_r(fit, 1, 1, 0.0, 0.0, R.stat, R.grp, R.var, R.str);
    isurv_logrank_free(fit);

    o = make_opts(ISURV_WEIGHT_LOGRANK, 0, 0);
    ck_assert_int_eq(isurv_opts_set_timefix(o, 0), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, d.n,
                                        NULL, NULL, o),
                     ISURV_OK);
    ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, NULL, NULL), ISURV_OK);
    /* survdiff's chisq for aml is 3.3963886989776011 */
    ck_assert(!isurv_close(chisq, 3.3963886989776011, 1e-6));
    isurv_logrank_free(fit);
    isurv_opts_free(o);
    free_data(&d);
    free_refs(&R);
}
END_TEST

/* ------------------------------------------- other references */

/* Gehan-Breslow, Tarone-Ware, FH(p, 0) and the plain test (with entry
 * times for case 14) against statsmodels: chisq, p, and O - E and V of
 * groups 1..k-1. */
START_TEST(test_statsmodels_reference)
{
    struct ref_table *st = ref_load("logrank_sm_stat.csv");
    struct ref_table *u = ref_load("logrank_sm_u.csv");
    struct ref_table *vt = ref_load("logrank_sm_var.csv");
    static const char *const key3[] = { "case", "wtype", "p" };
    size_t r, rows[MAXROWS], nr, j;

    ck_assert_uint_ge(st->nrow, 50);
    for (r = 0; r < st->nrow; r++) {
        int id = (int)ref_column(st, "case")[r];
        int wtype = (int)ref_column(st, "wtype")[r];
        double p = ref_column(st, "p")[r], chisq, df, pv, o[4], e[4], v[16];
        const double key[3] = { id, wtype, p };
        struct data d = load_case(id);
        isurv_logrank *fit = run(&d, wtype, p, 0.0);
        size_t k = isurv_logrank_ngroups(fit);

        ck_assert_uint_le(k, 4);
        ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, &df, &pv), ISURV_OK);
        ck_assert_close(chisq, ref_column(st, "chisq")[r], REF_TOL);
        ck_assert_close(df, ref_column(st, "df")[r], 0.0);
        ck_assert_close(pv, ref_column(st, "pvalue")[r], REF_TOL);
        ck_assert_int_eq(isurv_logrank_table(fit, NULL, o, e, NULL, NULL, 4),
                         ISURV_OK);
        ck_assert_int_eq(isurv_logrank_variance(fit, v, 16), ISURV_OK);
        nr = match_rows(u, rows, MAXROWS, key3, key, 3);
        ck_assert_uint_eq(nr, k - 1);
        for (j = 0; j < nr; j++) {
            size_t g = (size_t)ref_column(u, "g")[rows[j]];
            ck_assert_close(o[g] - e[g], ref_column(u, "u")[rows[j]], REF_TOL);
        }
        nr = match_rows(vt, rows, MAXROWS, key3, key, 3);
        ck_assert_uint_eq(nr, (k - 1) * (k - 1));
        for (j = 0; j < nr; j++) {
            size_t a = (size_t)ref_column(vt, "i")[rows[j]];
            size_t b = (size_t)ref_column(vt, "j")[rows[j]];
            ck_assert_close(v[a * k + b], ref_column(vt, "v")[rows[j]], REF_TOL);
        }
        isurv_logrank_free(fit);
        free_data(&d);
    }
    ref_free(st);
    ref_free(u);
    ref_free(vt);
}
END_TEST

/* Left truncation, untied times: coxph's score test on (entry, time]. */
START_TEST(test_coxph_entry_reference)
{
    struct ref_table *t = ref_load("logrank_coxph.csv");
    size_t r;

    ck_assert_uint_eq(t->nrow, 2);
    for (r = 0; r < t->nrow; r++) {
        struct data d = load_case((int)ref_column(t, "case")[r]);
        isurv_logrank *fit = run(&d, ISURV_WEIGHT_LOGRANK, 0, 0);
        double chisq, df, pv, logp;

        ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, &df, &pv), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_log_p(fit, &logp), ISURV_OK);
        ck_assert_close(chisq, ref_column(t, "chisq")[r], REF_TOL);
        ck_assert_close(df, ref_column(t, "df")[r], 0.0);
        ck_assert_close(pv, ref_column(t, "pvalue")[r], REF_TOL);
        ck_assert_close(logp, ref_column(t, "logp")[r], REF_TOL);
        isurv_logrank_free(fit);
        free_data(&d);
    }
    ref_free(t);
}
END_TEST

/* Hand calculation 1.  Group 0: deaths at 1 and 3; group 1: death at 2,
 * censored at 4.  At t = 1, 2, 3: n = 4, 3, 2 at risk (group 0: 2, 1, 1),
 * one death each; pooled S(t-) = 1, 3/4, 1/2.
 * Fleming-Harrington p = 1, q = 1/2: w = S (1 - S)^(1/2) = 0, 3/8,
 * sqrt(2)/4.  O_0 = w1 + w3 = sqrt(2)/4; E_0 = w1 2/4 + w2 1/3 + w3 1/2
 * = 1/8 + sqrt(2)/8; U_0 = (sqrt(2) - 1)/8.  V_00 = sum w^2 d (n-d)/(n(n-1))
 * n_0 (1 - n_0/n) = 0 + (9/64)(1/3)(2/3) + (1/8)(1/2)(1/2) = 1/32 + 1/32 =
 * 1/16, so chisq = U^2/V = (sqrt(2) - 1)^2 / 4 = (3 - 2 sqrt(2))/4.
 * Gehan, w = n = 4, 3, 2: O_0 = 4 + 2 = 6, E_0 = 2 + 1 + 1 = 4, U = 2;
 * V_00 = 16 (1/4)(1) + 9 (1/3)(2/3) + 4 (1/2)(1/2) = 4 + 2 + 1 = 7;
 * chisq = 4/7.  Tarone-Ware, w = sqrt(n): O_0 = 2 + sqrt(2),
 * E_0 = 1 + sqrt(3)/3 + sqrt(2)/2, U = 1 - sqrt(3)/3 + sqrt(2)/2;
 * V_00 = 4 (1/4)(1) + 3 (1/3)(2/3) + 2 (1/2)(1/2) = 13/6.  The log-rank:
 * O_0 = 2, E_0 = 1/2 + 1/3 + 1/2 = 4/3, V_00 = 1/4 + 2/9 + 1/4 = 13/18,
 * chisq = (4/9)/(13/18) = 8/13. */
START_TEST(test_hand_weights)
{
    const double time[4] = { 3, 2, 1, 4 };
    const int event[4] = { 1, 1, 1, 0 }, group[4] = { 0, 1, 0, 1 };
    const double r2 = sqrt(2.0), r3 = sqrt(3.0);
    const struct {
        int type;
        double p, q, o0, e0, v00, chisq;
    } want[] = {
        { ISURV_WEIGHT_FH, 1.0, 0.5, r2 / 4, 0.125 + r2 / 8, 1.0 / 16,
          (3 - 2 * r2) / 4 },
        { ISURV_WEIGHT_GEHAN, 0, 0, 6, 4, 7, 4.0 / 7 },
        { ISURV_WEIGHT_TARONE_WARE, 0, 0, 2 + r2, 1 + r3 / 3 + r2 / 2,
          13.0 / 6, (1 - r3 / 3 + r2 / 2) * (1 - r3 / 3 + r2 / 2) / (13.0 / 6) },
        { ISURV_WEIGHT_LOGRANK, 0, 0, 2, 4.0 / 3, 13.0 / 18, 8.0 / 13 },
    };
    size_t i;

    for (i = 0; i < sizeof want / sizeof want[0]; i++) {
        isurv_opts *o = make_opts(want[i].type, want[i].p, want[i].q);
        isurv_logrank *fit;
        double obs[2], exp[2], v[4], chisq, df, pv;

        ck_assert_int_eq(isurv_logrank_test(&fit, time, event, group, 4, NULL,
                                            NULL, o),
                         ISURV_OK);
        ck_assert_int_eq(isurv_logrank_table(fit, NULL, obs, exp, NULL, NULL, 2),
                         ISURV_OK);
        ck_assert_int_eq(isurv_logrank_variance(fit, v, 4), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, &df, &pv), ISURV_OK);
        ck_assert_close(obs[0], want[i].o0, 1e-14);
        ck_assert_close(exp[0], want[i].e0, 1e-14);
        ck_assert_close(v[0], want[i].v00, 1e-14);
        ck_assert_close(v[1], -want[i].v00, 1e-14);
        ck_assert_close(v[3], want[i].v00, 1e-14);
        ck_assert_close(chisq, want[i].chisq, 1e-13);
        ck_assert_close(df, 1.0, 0.0);
        /* P(chi2_1 > x) = erfc(sqrt(x / 2)) */
        ck_assert_close(pv, erfc(sqrt(want[i].chisq / 2.0)), 1e-13);
        isurv_logrank_free(fit);
        isurv_opts_free(o);
    }
}
END_TEST

/* Hand calculation 2, left truncation with Peto-Peto weights.  Subjects
 * (entry, exit, event, group): (0,2,1,A) (1,4,1,A) (0,1,1,B) (2,3,0,B)
 * (0,5,1,B); at risk on (entry, exit].  t = 1: A {1}, B {3,5}, n = 3,
 * B dies; t = 2: A {1,2}, B {5} (4 enters only after 2), A dies; t = 3:
 * censoring; t = 4: A {2}, B {5}, A dies; t = 5: B {5} alone, dies.
 * Pooled left-truncated KM before each death: 1, 2/3, 4/9, 2/9.
 * rho = 1: O_A = 2/3 + 4/9 = 10/9; E_A = 1/3 + (2/3)(2/3) + (4/9)(1/2) = 1;
 * V_AA = (2/9) + (4/9)(2/3)(1/3) + (16/81)(1/2)(1/2) = 30/81 = 10/27
 * (t = 5 has one at risk: no variance), chisq = (1/81)/(10/27) = 1/30.
 * rho = 0: O_A = 2, E_A = 1/3 + 2/3 + 1/2 = 3/2, V_AA = 2/9 + 2/9 + 1/4
 * = 25/36, chisq = (1/4)/(25/36) = 9/25. */
START_TEST(test_hand_entry)
{
    const double entry[5] = { 0, 1, 0, 2, 0 }, time[5] = { 2, 4, 1, 3, 5 };
    const int event[5] = { 1, 1, 1, 0, 1 }, group[5] = { 1, 1, 2, 2, 2 };
    const double rho[2] = { 1, 0 }, o_a[2] = { 10.0 / 9, 2 }, e_a[2] = { 1, 1.5 };
    const double v_aa[2] = { 10.0 / 27, 25.0 / 36 }, x2[2] = { 1.0 / 30, 0.36 };
    size_t i;

    for (i = 0; i < 2; i++) {
        isurv_opts *o = make_opts(ISURV_WEIGHT_GRHO, rho[i], 0);
        isurv_logrank *fit;
        double obs[2], exp[2], v[4], chisq;

        ck_assert_int_eq(isurv_logrank_test(&fit, time, event, group, 5, NULL,
                                            entry, o),
                         ISURV_OK);
        ck_assert_int_eq(isurv_logrank_table(fit, NULL, obs, exp, NULL, NULL, 2),
                         ISURV_OK);
        ck_assert_int_eq(isurv_logrank_variance(fit, v, 4), ISURV_OK);
        ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, NULL, NULL), ISURV_OK);
        ck_assert_close(obs[0], o_a[i], 1e-14);
        ck_assert_close(exp[0], e_a[i], 1e-14);
        ck_assert_close(v[0], v_aa[i], 1e-14);
        ck_assert_close(chisq, x2[i], 1e-13);
        isurv_logrank_free(fit);
        isurv_opts_free(o);
    }
}
END_TEST

/* ------------------------------------------------------------ trend */

START_TEST(test_trend_reference)
{
    struct ref_table *t = ref_load("logrank_trend.csv");
    struct ref_table *sc = ref_load("logrank_trend_scores.csv");
    static const char *const keys[] = { "case", "set" };
    size_t r, rows[8], j;

    ck_assert_uint_ge(t->nrow, 40);
    for (r = 0; r < t->nrow; r++) {
        int id = (int)ref_column(t, "case")[r];
        int set = (int)ref_column(t, "set")[r];
        const double key[2] = { id, set };
        double scores[8], chisq, pv;
        struct data d = load_case(id);
        isurv_logrank *fit = run(&d, (int)ref_column(t, "wtype")[r],
                                 ref_column(t, "p")[r], ref_column(t, "q")[r]);
        size_t k = match_rows(sc, rows, 8, keys, key, 2);

        ck_assert_uint_eq(k, isurv_logrank_ngroups(fit));
        for (j = 0; j < k; j++)
            scores[(size_t)ref_column(sc, "g")[rows[j]]] =
                ref_column(sc, "score")[rows[j]];
        ck_assert_int_eq(isurv_logrank_trend(fit, scores, k, &chisq, &pv),
                         ISURV_OK);
        ck_assert_close(chisq, ref_column(t, "chisq")[r], REF_TOL);
        ck_assert_close(pv, ref_column(t, "pvalue")[r], REF_TOL);
        if (set == 0) {
            /* NULL scores are 1..k; k is then ignored */
            ck_assert_int_eq(isurv_logrank_trend(fit, NULL, 0, &chisq, NULL),
                             ISURV_OK);
            ck_assert_close(chisq, ref_column(t, "chisq")[r], REF_TOL);
        }
        /* shifting and scaling the scores changes nothing */
        for (j = 0; j < k; j++)
            scores[j] = 1e6 - 3e5 * scores[j];
        ck_assert_int_eq(isurv_logrank_trend(fit, scores, k, &chisq, NULL),
                         ISURV_OK);
        ck_assert_close(chisq, ref_column(t, "chisq")[r], REF_TOL);
        isurv_logrank_free(fit);
        free_data(&d);
    }
    ref_free(t);
    ref_free(sc);
}
END_TEST

START_TEST(test_trend_bad_input)
{
    struct data d = load_case(8);
    isurv_logrank *fit = run(&d, ISURV_WEIGHT_LOGRANK, 0, 0);
    double good[4] = { 1, 2, 3, 4 }, bad[4] = { 1, 2, NAN, 4 }, chisq = -1, pv = -1;
    double inf[4] = { 1, INFINITY, 3, 4 }, equal[4] = { 2, 2, 2, 2 };
    double huge[4] = { -1.7e308, 1.7e308, 0, 1 };

    ck_assert_int_eq(isurv_logrank_trend(NULL, good, 4, &chisq, &pv), ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_trend(fit, good, 4, NULL, &pv), ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_trend(fit, bad, 4, &chisq, &pv), ISURV_EARG);
    ck_assert_int_eq(isurv_logrank_trend(fit, inf, 4, &chisq, &pv), ISURV_EARG);
    ck_assert_int_eq(isurv_logrank_trend(fit, good, 3, &chisq, &pv), ISURV_EARG);
    ck_assert_int_eq(isurv_logrank_trend(fit, good, 5, &chisq, &pv), ISURV_EARG);
    ck_assert_int_eq(isurv_logrank_trend(fit, equal, 4, &chisq, &pv),
                     ISURV_EVARIANCE);
    /* outputs untouched on failure */
    ck_assert(chisq == -1 && pv == -1);
    /* finite but enormous scores neither overflow nor fail */
    ck_assert_int_eq(isurv_logrank_trend(fit, huge, 4, &chisq, &pv), ISURV_OK);
    ck_assert(isfinite(chisq) && chisq >= 0 && pv >= 0 && pv <= 1);
    isurv_logrank_free(fit);
    free_data(&d);
}
END_TEST

/* --------------------------------------------------------- pairwise */

START_TEST(test_pairwise_reference)
{
    struct ref_table *t = ref_load("logrank_pairwise.csv");
    static const char *const keys[] = { "case", "rho" };
    static const char *const col[] = { "p_raw", "bonferroni", "holm", "BH",
                                       "hochberg", "BY" };
    static const int method[] = { ISURV_ADJUST_NONE, ISURV_ADJUST_BONFERRONI,
                                  ISURV_ADJUST_HOLM, ISURV_ADJUST_BH,
                                  ISURV_ADJUST_HOCHBERG, ISURV_ADJUST_BY };
    const int ids[4] = { 3, 5, 8, 9 };
    const double rhos[2] = { 0, 1 };
    size_t c, r, m, j, rows[16];

    for (c = 0; c < 4; c++)
        for (r = 0; r < 2; r++) {
            struct data d = load_case(ids[c]);
            const double key[2] = { ids[c], rhos[r] };
            isurv_opts *o = make_opts(ISURV_WEIGHT_GRHO, rhos[r], 0);
            size_t np = match_rows(t, rows, 16, keys, key, 2);

            ck_assert_uint_eq(np, 6);
            for (m = 0; m < 6; m++) {
                double pv[6];
                ck_assert_int_eq(isurv_logrank_pairwise(pv, 6, d.time, d.event,
                                                        d.group, d.n, d.strata,
                                                        NULL, o, method[m]),
                                 ISURV_OK);
                for (j = 0; j < np; j++) {
                    /* rows come in R's pair order (0,1), (0,2), ... */
                    ck_assert_close(pv[j], ref_column(t, col[m])[rows[j]],
                                    REF_TOL);
                }
            }
            isurv_opts_free(o);
            free_data(&d);
        }
    ref_free(t);
}
END_TEST

START_TEST(test_pairwise_bad_input)
{
    struct data d = load_case(8);
    double pv[8], keep[8];
    const int one[3] = { 4, 4, 4 }, ev[3] = { 1, 0, 1 };
    const double t3[3] = { 1, 2, 3 };
    size_t i;

    for (i = 0; i < 8; i++)
        pv[i] = keep[i] = -1.0 - (double)i;
    ck_assert_int_eq(isurv_logrank_pairwise(NULL, 6, d.time, d.event, d.group,
                                            d.n, NULL, NULL, NULL, 0),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 6, NULL, d.event, d.group, d.n,
                                            NULL, NULL, NULL, 0),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 6, d.time, d.event, NULL, d.n,
                                            NULL, NULL, NULL, 0),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 6, d.time, d.event, d.group, 0,
                                            NULL, NULL, NULL, 0),
                     ISURV_EEMPTY);
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 6, d.time, d.event, d.group,
                                            d.n, NULL, NULL, NULL, -1),
                     ISURV_EOPTION);
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 6, d.time, d.event, d.group,
                                            d.n, NULL, NULL, NULL, 6),
                     ISURV_EOPTION);
    /* four groups need six slots */
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 5, d.time, d.event, d.group,
                                            d.n, NULL, NULL, NULL, 0),
                     ISURV_EBUFFER);
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 3, t3, ev, one, 3, NULL, NULL,
                                            NULL, 0),
                     ISURV_EGROUPS);
    d.time[3] = NAN;
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 6, d.time, d.event, d.group,
                                            d.n, NULL, NULL, NULL, 0),
                     ISURV_ETIME);
    ck_assert_mem_eq(pv, keep, sizeof pv);
    /* a larger buffer: the slots past k(k-1)/2 are left alone */
    d.time[3] = 1.0;
    ck_assert_int_eq(isurv_logrank_pairwise(pv, 8, d.time, d.event, d.group,
                                            d.n, NULL, NULL, NULL, 0),
                     ISURV_OK);
    ck_assert(pv[6] == keep[6] && pv[7] == keep[7]);
    for (i = 0; i < 6; i++)
        ck_assert(pv[i] >= 0.0 && pv[i] <= 1.0);
    free_data(&d);
}
END_TEST

/* ---------------------------------------------------------- p.adjust */

START_TEST(test_padjust_reference)
{
    struct ref_table *t = ref_load("logrank_padjust.csv");
    static const char *const keys[] = { "set" };
    static const char *const col[] = { "p", "bonferroni", "holm", "BH",
                                       "hochberg", "BY" };
    static const int method[] = { ISURV_ADJUST_NONE, ISURV_ADJUST_BONFERRONI,
                                  ISURV_ADJUST_HOLM, ISURV_ADJUST_BH,
                                  ISURV_ADJUST_HOCHBERG, ISURV_ADJUST_BY };
    size_t s, m, j, rows[32];

    for (s = 0; s < 4; s++) {
        const double key[1] = { (double)s };
        size_t np = match_rows(t, rows, 32, keys, key, 1);
        double p[32], p0[32], out[32], inplace[32];

        ck_assert_uint_ge(np, 1);
        for (j = 0; j < np; j++)
            p[j] = p0[j] = ref_column(t, "p")[rows[j]];
        for (m = 0; m < 6; m++) {
            ck_assert_int_eq(isurv_p_adjust(out, p, np, method[m]), ISURV_OK);
            memcpy(inplace, p, np * sizeof *p);
            ck_assert_int_eq(isurv_p_adjust(inplace, inplace, np, method[m]),
                             ISURV_OK);
            for (j = 0; j < np; j++) {
                ck_assert_close(out[j], ref_column(t, col[m])[rows[j]], 1e-15);
                ck_assert_close(inplace[j], out[j], 0.0);
            }
            ck_assert_mem_eq(p, p0, np * sizeof *p);
        }
    }
    ref_free(t);
}
END_TEST

START_TEST(test_padjust_bad_input)
{
    double p[3] = { 0.1, 0.2, 0.3 }, out[3] = { 7, 7, 7 };
    double hi[3] = { 0.1, 1.5, 0.3 }, lo[3] = { -0.1, 0.2, 0.3 };
    double inf[3] = { 0.1, INFINITY, 0.3 };

    ck_assert_int_eq(isurv_p_adjust(NULL, p, 3, ISURV_ADJUST_BH), ISURV_ENULL);
    ck_assert_int_eq(isurv_p_adjust(out, NULL, 3, ISURV_ADJUST_BH), ISURV_ENULL);
    ck_assert_int_eq(isurv_p_adjust(out, p, 0, ISURV_ADJUST_BH), ISURV_EEMPTY);
    ck_assert_int_eq(isurv_p_adjust(out, p, 3, -1), ISURV_EOPTION);
    ck_assert_int_eq(isurv_p_adjust(out, p, 3, 6), ISURV_EOPTION);
    ck_assert_int_eq(isurv_p_adjust(out, hi, 3, ISURV_ADJUST_BH), ISURV_EPROB);
    ck_assert_int_eq(isurv_p_adjust(out, lo, 3, ISURV_ADJUST_BH), ISURV_EPROB);
    ck_assert_int_eq(isurv_p_adjust(out, inf, 3, ISURV_ADJUST_BH), ISURV_EPROB);
    ck_assert(out[0] == 7 && out[1] == 7 && out[2] == 7);
}
END_TEST

/* ------------------------------------------------------ edge cases */

/* A second group whose one subject is censored before the first death:
 * E = 0 there, so one group remains; R 4.2.2's survdiff(Surv(t, s) ~ g)
 * on t = 1..5, s = 0,1,1,0,1, g = 2,1,1,1,1 gives chisq 0 on 0 df, p 1.
 * (Case 10 of the R references covers a third such group: df drops from
 * 2 to 1.) */
START_TEST(test_one_group_with_deaths)
{
    const double t[5] = { 1, 2, 3, 4, 5 };
    const int s[5] = { 0, 1, 1, 0, 1 }, g[5] = { 2, 1, 1, 1, 1 };
    isurv_logrank *fit;
    double chisq, df, pv, logp, oe[2];

    ck_assert_int_eq(isurv_logrank_test(&fit, t, s, g, 5, NULL, NULL, NULL),
                     ISURV_OK);
    ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, &df, &pv), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_log_p(fit, &logp), ISURV_OK);
    ck_assert_close(chisq, 0.0, 0.0);
    ck_assert_close(df, 0.0, 0.0);
    ck_assert_close(pv, 1.0, 0.0);
    ck_assert_close(logp, 0.0, 0.0);
    ck_assert_int_eq(isurv_logrank_table(fit, NULL, NULL, NULL, oe, NULL, 2),
                     ISURV_OK);
    ck_assert_close(oe[0], 0.0, 0.0);
    ck_assert(isnan(oe[1])); /* (0 - 0)^2 / 0, R's NaN */
    isurv_logrank_free(fit);
}
END_TEST

/* Where survdiff has no test: one group (R stops: "There is only 1
 * group"), everyone dying at one time (V = 0: R's solve() fails), no
 * event at all (R: chisq 0 on -1 df, p NaN).  We return a status. */
START_TEST(test_degenerate)
{
    const double t[4] = { 2, 2, 2, 2 }, tc[4] = { 1, 2, 3, 4 };
    const int all[4] = { 1, 1, 1, 1 }, none[4] = { 0, 0, 0, 0 };
    const int g[4] = { 1, 1, 2, 2 }, g1[4] = { 5, 5, 5, 5 };
    isurv_logrank *fit = (isurv_logrank *)&fit; /* must be reset to NULL */

    ck_assert_int_eq(isurv_logrank_test(&fit, tc, all, g1, 4, NULL, NULL, NULL),
                     ISURV_EGROUPS);
    ck_assert_ptr_null(fit);
    ck_assert_int_eq(isurv_logrank_test(&fit, t, all, g, 4, NULL, NULL, NULL),
                     ISURV_EVARIANCE);
    ck_assert_ptr_null(fit);
    ck_assert_int_eq(isurv_logrank_test(&fit, tc, none, g, 4, NULL, NULL, NULL),
                     ISURV_EVARIANCE);
    ck_assert_ptr_null(fit);
    /* Fleming-Harrington q > 0 gives the first death weight 0: if every
     * death is at the first death time, nothing is left to test. */
    {
        isurv_opts *o = make_opts(ISURV_WEIGHT_FH, 0, 1);
        const int ev[4] = { 1, 1, 0, 0 };
        ck_assert_int_eq(isurv_logrank_test(&fit, t, ev, g, 4, NULL, NULL, o),
                         ISURV_EVARIANCE);
        isurv_opts_free(o);
    }
    /* the same data singular for pairwise */
    {
        double pv[1];
        ck_assert_int_eq(isurv_logrank_pairwise(pv, 1, t, all, g, 4, NULL, NULL,
                                                NULL, ISURV_ADJUST_NONE),
                         ISURV_EVARIANCE);
    }
}
END_TEST

/* log p where p underflows: case 11 (four groups dying in turn) against
 * R's pchisq(..., lower.tail = FALSE, log.p = TRUE) is in the survdiff
 * reference; here its p is 0 but log p finite.  veteran by trt (p about
 * 0.93) exercises log1p(-P). */
START_TEST(test_log_p_ranges)
{
    struct data d = load_case(11);
    isurv_logrank *fit = run(&d, ISURV_WEIGHT_LOGRANK, 0, 0);
    double pv, logp;

    ck_assert_int_eq(isurv_logrank_stat(fit, NULL, NULL, &pv), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_log_p(fit, &logp), ISURV_OK);
    ck_assert(pv == 0.0);
    /* R: pchisq(4236.78524070613, 3, lower.tail = FALSE, log.p = TRUE) */
    ck_assert_close(logp, -2114.4423957298532, REF_TOL);
    isurv_logrank_free(fit);
    free_data(&d);
}
END_TEST

/* The private chi-square tail on R's grid (logrank_pchisq.csv): Q to
 * 1e-10 relative where R's is a normal double (0 where R underflows), and
 * log Q to 1e-10 relative everywhere, from 1e-12 to 1e5. */
START_TEST(test_pchisq_grid)
{
    struct ref_table *t = ref_load("logrank_pchisq.csv");
    const double *x = ref_column(t, "x"), *df = ref_column(t, "df");
    const double *q = ref_column(t, "q"), *lq = ref_column(t, "logq");
    size_t r;

    ck_assert_uint_ge(t->nrow, 100);
    for (r = 0; r < t->nrow; r++) {
        double got = isurv_pchisq_upper(x[r], df[r]);
        if (q[r] >= 1e-300)
            ck_assert_close(got, q[r], REF_TOL);
        else
            ck_assert(got < 1e-290);
        ck_assert_close(isurv_pchisq_upper_log(x[r], df[r]), lq[r], REF_TOL);
    }
    ref_free(t);
}
END_TEST

/* The domain edges, by definition: Q(0) = 1, Q(Inf) = 0; df = 0 is the
 * point mass at 0 (R: pchisq(0, 0, lower.tail = FALSE) = 1); outside the
 * domain NaN, and GSL is never called there. */
START_TEST(test_pchisq_edges)
{
    ck_assert_close(isurv_pchisq_upper(0.0, 3.0), 1.0, 0.0);
    ck_assert_close(isurv_pchisq_upper_log(0.0, 3.0), 0.0, 0.0);
    ck_assert_close(isurv_pchisq_upper(INFINITY, 3.0), 0.0, 0.0);
    ck_assert(isurv_pchisq_upper_log(INFINITY, 3.0) == -INFINITY);
    ck_assert_close(isurv_pchisq_upper(0.0, 0.0), 1.0, 0.0);
    ck_assert_close(isurv_pchisq_upper_log(0.0, 0.0), 0.0, 0.0);
    ck_assert_close(isurv_pchisq_upper(2.0, 0.0), 0.0, 0.0);
    ck_assert(isurv_pchisq_upper_log(2.0, 0.0) == -INFINITY);
    ck_assert(isnan(isurv_pchisq_upper(-1.0, 3.0)));
    ck_assert(isnan(isurv_pchisq_upper(NAN, 3.0)));
    ck_assert(isnan(isurv_pchisq_upper(1.0, -1.0)));
    ck_assert(isnan(isurv_pchisq_upper(2e6, 2e6)));
    ck_assert(!isnan(isurv_pchisq_upper(1.99e6, 1.99e6)));
    ck_assert(isnan(isurv_pchisq_upper_log(1.0, NAN)));
    ck_assert(isnan(isurv_pchisq_upper_log(-1.0, 1.0)));
}
END_TEST

/* ------------------------------------------------------- bad input */

START_TEST(test_bad_input)
{
    struct data d = load_case(1);
    isurv_logrank *fit = (isurv_logrank *)&fit;
    isurv_opts *o;
    double *entry = malloc(d.n * sizeof *entry);
    size_t i;

    ck_assert_ptr_nonnull(entry);
    ck_assert_int_eq(isurv_logrank_test(NULL, d.time, d.event, d.group, d.n,
                                        NULL, NULL, NULL),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_test(&fit, NULL, d.event, d.group, d.n,
                                        NULL, NULL, NULL),
                     ISURV_ENULL);
    ck_assert_ptr_null(fit);
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, NULL, d.group, d.n,
                                        NULL, NULL, NULL),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, NULL, d.n,
                                        NULL, NULL, NULL),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, 0,
                                        NULL, NULL, NULL),
                     ISURV_EEMPTY);
    {
        const double bad[3] = { NAN, INFINITY, -1.0 };
        for (i = 0; i < 3; i++) {
            double keep = d.time[4];
            d.time[4] = bad[i];
            ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group,
                                                d.n, NULL, NULL, NULL),
                             ISURV_ETIME);
            d.time[4] = keep;
        }
    }
    i = (size_t)d.event[2];
    d.event[2] = 2;
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, d.n,
                                        NULL, NULL, NULL),
                     ISURV_EEVENT);
    d.event[2] = -1;
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, d.n,
                                        NULL, NULL, NULL),
                     ISURV_EEVENT);
    d.event[2] = (int)i;
    for (i = 0; i < d.n; i++)
        entry[i] = 0.0;
    entry[5] = d.time[5]; /* entry = exit */
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, d.n,
                                        NULL, entry, NULL),
                     ISURV_EENTRY);
    entry[5] = d.time[5] + 1.0;
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, d.n,
                                        NULL, entry, NULL),
                     ISURV_EENTRY);
    entry[5] = NAN;
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, d.n,
                                        NULL, entry, NULL),
                     ISURV_EENTRY);
    entry[5] = -0.5;
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, d.n,
                                        NULL, entry, NULL),
                     ISURV_EENTRY);
    ck_assert_ptr_null(fit);

    /* weight options are checked when set */
    ck_assert_int_eq(isurv_opts_new(&o), ISURV_OK);
    ck_assert_int_eq(isurv_opts_set_weights(o, 5, 0, 0), ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_weights(o, -1, 0, 0), ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_GRHO, -1, 0),
                     ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_GRHO, NAN, 0),
                     ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_FH, 1, -0.5),
                     ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_weights(o, ISURV_WEIGHT_FH, INFINITY, 1),
                     ISURV_EOPTION);
    ck_assert_int_eq(isurv_opts_set_weights(NULL, ISURV_WEIGHT_FH, 1, 1),
                     ISURV_ENULL);
    /* a rejected setting leaves the default log-rank weight in place */
    ck_assert_int_eq(isurv_logrank_test(&fit, d.time, d.event, d.group, d.n,
                                        NULL, NULL, o),
                     ISURV_OK);
    {
        double chisq;
        ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, NULL, NULL), ISURV_OK);
        /* survdiff(Surv(time, status) ~ x, aml)$chisq */
        ck_assert_close(chisq, 3.3963886989776011, REF_TOL);
    }
    isurv_logrank_free(fit);
    isurv_opts_free(o);
    free(entry);
    free_data(&d);
}
END_TEST

START_TEST(test_accessors_bad_input)
{
    struct data d = load_case(8);
    isurv_logrank *fit = run(&d, ISURV_WEIGHT_LOGRANK, 0, 0);
    double buf[16], x;
    int label;

    isurv_logrank_free(NULL);
    ck_assert_uint_eq(isurv_logrank_ngroups(NULL), 0);
    ck_assert_uint_eq(isurv_logrank_nstrata(NULL), 0);
    ck_assert_int_eq(isurv_logrank_group(NULL, 0, &label), ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_group(fit, 0, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_group(fit, 4, &label), ISURV_EINDEX);
    ck_assert_int_eq(isurv_logrank_stat(NULL, &x, &x, &x), ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_stat(fit, NULL, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_log_p(NULL, &x), ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_log_p(fit, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_table(NULL, buf, buf, buf, buf, buf, 4),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_table(fit, buf, NULL, NULL, NULL, NULL, 3),
                     ISURV_EBUFFER);
    ck_assert_int_eq(isurv_logrank_table(fit, buf, NULL, NULL, NULL, NULL, 16),
                     ISURV_OK);
    ck_assert_int_eq(isurv_logrank_variance(NULL, buf, 16), ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_variance(fit, NULL, 16), ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_variance(fit, buf, 15), ISURV_EBUFFER);
    ck_assert_int_eq(isurv_logrank_stratum(NULL, 0, &label, buf, buf, 4),
                     ISURV_ENULL);
    ck_assert_int_eq(isurv_logrank_stratum(fit, 1, &label, buf, buf, 4),
                     ISURV_EINDEX);
    ck_assert_int_eq(isurv_logrank_stratum(fit, 0, &label, buf, buf, 3),
                     ISURV_EBUFFER);
    ck_assert_int_eq(isurv_logrank_stratum(fit, 0, &label, NULL, NULL, 0),
                     ISURV_OK);
    ck_assert_int_eq(label, 0); /* no strata: one stratum labelled 0 */
    isurv_logrank_free(fit);
    free_data(&d);
}
END_TEST

/* ------------------------------------------------ found by fuzzing */

/* fuzz/corpus/fuzz_logrank/regress-negative-variance: a group alone at
 * risk in its stratum adds tmp - tmp n / n = 0 to its variance, which
 * rounded to -2.2e-16 (at n = 6 at risk, d = 4 deaths: tmp = 1.6).  The
 * group's variance is exactly 0 (each term is n_g (1 - n_g / n) = 0), and
 * the test has one group with E > 0: chi-square 0 on 0 df. */
START_TEST(test_alone_in_stratum_variance)
{
    const double t[] = { 21.79296875, 5, 5, 5, 5, 5, 1 };
    const int e[] = { 1, 1, 1, 0, 1, 1, 0 };
    const int g[] = { 5, 5, 5, 5, 5, 5, 0 };
    double v[4], chisq, df, oe2v[2];
    isurv_logrank *fit;

    ck_assert_int_eq(isurv_logrank_test(&fit, t, e, g, 7, g, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_logrank_variance(fit, v, 4), ISURV_OK);
    ck_assert(v[0] == 0.0 && v[1] == 0.0 && v[2] == 0.0);
    ck_assert_msg(v[3] == 0.0, "V[1][1] = %.17g", v[3]);
    ck_assert_int_eq(isurv_logrank_stat(fit, &chisq, &df, NULL), ISURV_OK);
    ck_assert(chisq == 0.0 && df == 0.0);
    ck_assert_int_eq(isurv_logrank_table(fit, NULL, NULL, NULL, NULL, oe2v, 2),
                     ISURV_OK);
    ck_assert(isnan(oe2v[1])); /* 0 / 0, as R prints it */
    isurv_logrank_free(fit);
}
END_TEST

static void add_fuzz_regressions(Suite *s)
{
    TCase *tf = tcase_create("fuzz_regressions");

    tcase_add_test(tf, test_alone_in_stratum_variance);
    suite_add_tcase(s, tf);
}

static Suite *logrank_suite(void)
{
    Suite *s = suite_create("logrank");
    TCase *r = tcase_create("reference");
    TCase *e = tcase_create("edge");
    TCase *b = tcase_create("bad_input");

    tcase_set_timeout(r, 60);
    tcase_add_test(r, test_survdiff_reference);
    tcase_add_test(r, test_row_order);
    tcase_add_test(r, test_any_labels);
    tcase_add_test(r, test_zero_entry_is_survdiff);
    tcase_add_test(r, test_timefix);
    tcase_add_test(r, test_statsmodels_reference);
    tcase_add_test(r, test_coxph_entry_reference);
    tcase_add_test(r, test_hand_weights);
    tcase_add_test(r, test_hand_entry);
    tcase_add_test(r, test_trend_reference);
    tcase_add_test(r, test_pairwise_reference);
    tcase_add_test(r, test_padjust_reference);
    tcase_add_test(e, test_inputs_unchanged);
    tcase_add_test(e, test_one_group_with_deaths);
    tcase_add_test(e, test_degenerate);
    tcase_add_test(e, test_log_p_ranges);
    tcase_add_test(e, test_pchisq_grid);
    tcase_add_test(e, test_pchisq_edges);
    tcase_add_test(b, test_bad_input);
    tcase_add_test(b, test_accessors_bad_input);
    tcase_add_test(b, test_trend_bad_input);
    tcase_add_test(b, test_pairwise_bad_input);
    tcase_add_test(b, test_padjust_bad_input);
    suite_add_tcase(s, r);
    suite_add_tcase(s, e);
    suite_add_tcase(s, b);
    add_fuzz_regressions(s);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(logrank_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
