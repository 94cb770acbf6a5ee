/*
 * Fuzz harness: the log-rank family.  The test with every weight type
 * (log-rank, G-rho, Fleming-Harrington p,q, Gehan, Tarone-Ware: from the
 * fuzzed options), strata and entry times, its accessors, the trend test,
 * pairwise tests with each adjustment, and isurv_p_adjust on fuzzed p
 * values.
 *
 * Input: options (fz_opts), a NULL-pointer byte, survival data with
 * entry times, groups and strata (fz_surv_decode), an adjustment method
 * (fz_enum), a scores flag byte and scores, then p values for
 * isurv_p_adjust (fz_size, fz_double each).
 * Invariants on success: the groups and strata are the distinct labels,
 * O and E are non-negative and sum to the same total in every stratum,
 * V is symmetric with rows summing to 0 and a non-negative diagonal,
 * chi-square >= 0 on 0 <= df <= k - 1 (df = groups with E > 0, less 1),
 * p in [0, 1] and log p <= 0 agreeing with it, the trend test on two
 * groups is the test itself, a stratum variable with one value changes
 * nothing (bit for bit), pairwise p values are in [0, 1] and no smaller
 * than the unadjusted ones.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode.h"

#define MAX_N 1024
#define MAX_P 64

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    FZ_ASSERT(p != NULL, "harness out of memory");
    return p;
}

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0 || (isnan(a) && isnan(b));
}

/* The distinct values of a[0 .. n-1] (or the one label 0 for NULL),
 * ascending, into out; returns their number. */
static size_t distinct(int *out, const int *a, size_t n)
{
    size_t i, m = 0;

    if (!a) {
        out[0] = 0;
        return 1;
    }
    memcpy(out, a, n * sizeof *out);
    qsort(out, n, sizeof *out, cmp_int);
    for (i = 0; i < n; i++)
        if (i == 0 || out[i] != out[m - 1])
            out[m++] = out[i];
    return m;
}

/* Relative agreement to tol of the larger of a, b and scale.  Below
 * 1e-290 (subnormal sums of weights such as S^p with a large p) a double
 * holds only a few digits: differences there are ignored. */
static int close_rel(double a, double b, double tol, double scale)
{
    return fabs(a - b) <= tol * fmax(fmax(fabs(a), fabs(b)), scale)
           || fabs(a - b) <= 1e-290;
}

static void check_stat(double chisq, double df, double p, double lp, size_t k)
{
    FZ_ASSERT(isfinite(chisq) && chisq >= 0.0, "chi-square %.17g", chisq);
    FZ_ASSERT(df >= 0.0 && df <= (double)(k - 1) && df == floor(df),
              "df %.17g for %zu groups", df, k);
    fz_check_prob(p, "log-rank p");
    fz_check_log_prob(lp, p, "log-rank p");
    if (df == 0.0)
        FZ_ASSERT(chisq == 0.0 && p == 1.0, "0 df: chi-square %g, p %g", chisq, p);
}

/* Everything the accessors say about one successful test. */
static void check_test(const isurv_logrank *fit, const struct fz_surv *s,
                       const int *glab, size_t k, const int *slab, size_t ns,
                       const struct fz_optset *set)
{
    double *n = xmalloc(k * sizeof *n), *o = xmalloc(k * sizeof *o);
    double *e = xmalloc(k * sizeof *e), *oe = xmalloc(k * sizeof *oe);
    double *ov = xmalloc(k * sizeof *ov), *v = xmalloc(k * k * sizeof *v);
    double *os = xmalloc(k * sizeof *os), *es = xmalloc(k * sizeof *es);
    double *osum = xmalloc(k * sizeof *osum), *esum = xmalloc(k * sizeof *esum);
    double chisq, df, p, lp, tot_o = 0.0, tot_e = 0.0, scale;
    size_t g, h, i, kept = 0;
    int lab, rc;

    FZ_ASSERT(isurv_logrank_ngroups(fit) == k, "%zu groups, want %zu",
              isurv_logrank_ngroups(fit), k);
    FZ_ASSERT(isurv_logrank_nstrata(fit) == ns, "%zu strata, want %zu",
              isurv_logrank_nstrata(fit), ns);
    for (g = 0; g < k; g++) {
        rc = isurv_logrank_group(fit, g, &lab);
        FZ_ASSERT(rc == ISURV_OK && lab == glab[g], "group %zu: %d, want %d", g,
                  lab, glab[g]);
    }
    fz_expect_exact(isurv_logrank_group(fit, k, &lab), ISURV_EINDEX, 0,
                    "isurv_logrank_group(k)");
    fz_expect_exact(isurv_logrank_table(fit, n, o, e, oe, ov, k - 1),
                    ISURV_EBUFFER, 0, "isurv_logrank_table(k - 1)");
    rc = isurv_logrank_table(fit, n, o, e, oe, ov, k);
    FZ_ASSERT(rc == ISURV_OK, "isurv_logrank_table: %d", rc);
    rc = isurv_logrank_variance(fit, v, k * k);
    FZ_ASSERT(rc == ISURV_OK, "isurv_logrank_variance: %d", rc);
    fz_expect_exact(isurv_logrank_variance(fit, v, k * k - 1), ISURV_EBUFFER, 0,
                    "isurv_logrank_variance(k^2 - 1)");
    rc = isurv_logrank_stat(fit, &chisq, &df, &p);
    FZ_ASSERT(rc == ISURV_OK, "isurv_logrank_stat: %d", rc);
    rc = isurv_logrank_log_p(fit, &lp);
    FZ_ASSERT(rc == ISURV_OK, "isurv_logrank_log_p: %d", rc);
    check_stat(chisq, df, p, lp, k);

    for (g = 0; g < k; g++) {
        size_t cnt = 0, dead = 0;
        for (i = 0; i < s->n; i++)
            if (s->group[i] == glab[g]) {
                cnt++;
                dead += (size_t)s->event[i];
            }
        FZ_ASSERT(n[g] == (double)cnt, "group %zu: n %.17g, want %zu", g, n[g], cnt);
        FZ_ASSERT(isfinite(o[g]) && o[g] >= 0.0 && isfinite(e[g]) && e[g] >= 0.0,
                  "group %zu: O %.17g E %.17g", g, o[g], e[g]);
        if (set->weight_type == ISURV_WEIGHT_LOGRANK)
            FZ_ASSERT(o[g] == (double)dead, "group %zu: O %.17g of %zu deaths", g,
                      o[g], dead);
        FZ_ASSERT(isnan(oe[g]) ? e[g] == 0.0 : oe[g] >= 0.0, "(O-E)^2/E %.17g", oe[g]);
        FZ_ASSERT(isnan(ov[g]) ? v[g * k + g] == 0.0 : ov[g] >= 0.0,
                  "(O-E)^2/V %.17g", ov[g]);
        tot_o += o[g];
        tot_e += e[g];
        kept += e[g] > 0.0;
    }
    FZ_ASSERT(df == (double)kept - 1.0, "df %.17g with %zu groups with E > 0", df, kept);
    FZ_ASSERT(close_rel(tot_o, tot_e, 1e-9, 0.0), "sum O %.17g, sum E %.17g", tot_o,
              tot_e);
    /* V: symmetric, rows summing to 0, non-negative diagonal, all to the
     * rounding of its largest entries (a group alone at risk leaves an
     * ulp of tmp - tmp n / n behind). */
    scale = 0.0;
    for (g = 0; g < k * k; g++)
        scale = fmax(scale, fabs(v[g]));
    for (g = 0; g < k; g++) {
        double row = 0.0;
        FZ_ASSERT(v[g * k + g] >= 0.0, "V[%zu][%zu] = %.17g", g, g, v[g * k + g]);
        for (h = 0; h < k; h++) {
            FZ_ASSERT(isfinite(v[g * k + h]), "V[%zu][%zu] = %.17g", g, h, v[g * k + h]);
            FZ_ASSERT(close_rel(v[g * k + h], v[h * k + g], 1e-9, scale),
                      "V not symmetric at %zu %zu: %.17g %.17g", g, h, v[g * k + h],
                      v[h * k + g]);
            row += v[g * k + h];
        }
        FZ_ASSERT(fabs(row) <= 1e-9 * (double)k * scale || fabs(row) <= 1e-290,
                  "V row %zu sums to %.17g (largest entry %.17g)", g, row, scale);
    }
    /* Strata: labels ascending, and their sums are the totals. */
    for (g = 0; g < k; g++)
        osum[g] = esum[g] = 0.0;
    for (i = 0; i < ns; i++) {
        double so = 0.0, se = 0.0;
        rc = isurv_logrank_stratum(fit, i, &lab, os, es, k);
        FZ_ASSERT(rc == ISURV_OK && lab == slab[i], "stratum %zu: %d, want %d", i,
                  lab, slab[i]);
        for (g = 0; g < k; g++) {
            FZ_ASSERT(os[g] >= 0.0 && es[g] >= 0.0, "stratum O %g E %g", os[g], es[g]);
            osum[g] += os[g];
            esum[g] += es[g];
            so += os[g];
            se += es[g];
        }
        FZ_ASSERT(close_rel(so, se, 1e-9, 0.0), "stratum %zu: sum O %.17g, E %.17g",
                  i, so, se);
    }
    scale = tot_o;
    for (g = 0; g < k; g++)
        FZ_ASSERT(close_rel(osum[g], o[g], 1e-12, scale)
                      && close_rel(esum[g], e[g], 1e-12, scale),
                  "group %zu: strata add to %.17g %.17g, totals %.17g %.17g", g,
                  osum[g], esum[g], o[g], e[g]);
    fz_expect_exact(isurv_logrank_stratum(fit, ns, &lab, NULL, NULL, 0), ISURV_EINDEX,
                    0, "isurv_logrank_stratum(ns)");
    free(n);
    free(o);
    free(e);
    free(oe);
    free(ov);
    free(v);
    free(os);
    free(es);
    free(osum);
    free(esum);
}

static void check_trend(const isurv_logrank *fit, size_t k, const double *scores,
                        size_t nscores)
{
    double chisq = -1.0, p = -1.0, all, df, lp;
    int valid = 1, rc;
    size_t g;

    if (scores) {
        valid = nscores == k;
        for (g = 0; valid && g < nscores; g++)
            valid = isfinite(scores[g]);
    }
    rc = isurv_logrank_trend(fit, scores, nscores, &chisq, &p);
    fz_expect_exact(rc, valid ? ISURV_OK : ISURV_EARG,
                    FZ_S(ISURV_EVARIANCE) | FZ_S(ISURV_ENOMEM), "isurv_logrank_trend");
    if (rc != ISURV_OK) {
        FZ_ASSERT(chisq == -1.0 && p == -1.0, "trend wrote outputs on failure");
        return;
    }
    FZ_ASSERT(isfinite(chisq) && chisq >= 0.0, "trend chi-square %.17g", chisq);
    fz_check_prob(p, "trend p");
    /* Two groups: any two distinct scores give the test itself. */
    isurv_logrank_stat(fit, &all, &df, NULL);
    isurv_logrank_log_p(fit, &lp);
    if (k == 2 && df == 1.0)
        FZ_ASSERT(close_rel(chisq, all, 1e-8, 1e-300),
                  "trend on two groups %.17g, test %.17g", chisq, all);
}

/* A stratum variable with one value is the test without strata, bit for
 * bit (tests/check_fast.c holds this on large data). */
static void check_one_stratum(const isurv_logrank *fit, const struct fz_surv *s,
                              size_t k, const isurv_opts *opts)
{
    int *zero = xmalloc(s->n * sizeof *zero);
    isurv_logrank *b = NULL;
    double *x = xmalloc(k * k * sizeof *x), *y = xmalloc(k * k * sizeof *y);
    double c1, c2, p1, p2;
    size_t i;
    int rc;

    for (i = 0; i < s->n; i++)
        zero[i] = 0;
    rc = isurv_logrank_test(&b, s->time, s->event, s->group, s->n, zero, s->entry,
                            opts);
    FZ_ASSERT(rc == ISURV_OK, "one stratum: %d where none gave 0", rc);
    isurv_logrank_variance(fit, x, k * k);
    isurv_logrank_variance(b, y, k * k);
    for (i = 0; i < k * k; i++)
        FZ_ASSERT(same_bits(x[i], y[i]), "one stratum: V[%zu] %.17g, else %.17g", i,
                  y[i], x[i]);
    isurv_logrank_table(fit, NULL, x, y, NULL, NULL, k);
    isurv_logrank_stat(fit, &c1, NULL, &p1);
    isurv_logrank_stat(b, &c2, NULL, &p2);
    FZ_ASSERT(same_bits(c1, c2) && same_bits(p1, p2),
              "one stratum: chi-square %.17g p %.17g, else %.17g %.17g", c2, p2, c1, p1);
    isurv_logrank_free(b);
    free(zero);
    free(x);
    free(y);
}

static void check_pairwise(const struct fz_surv *s, size_t k, const isurv_opts *opts,
                           int adjust, int test_rc, const isurv_logrank *fit)
{
    size_t need = k * (k - 1) / 2, i;
    double *p = xmalloc((need + 1) * sizeof *p), *raw = xmalloc(need * sizeof *raw);
    int valid = adjust >= ISURV_ADJUST_NONE && adjust <= ISURV_ADJUST_BY, rc;

    for (i = 0; i <= need; i++)
        p[i] = -1.0;
    rc = isurv_logrank_pairwise(p, need - 1, s->time, s->event, s->group, s->n,
                                s->strata, s->entry, opts, adjust);
    fz_expect_exact(rc, valid ? ISURV_EBUFFER : ISURV_EOPTION, 0,
                    "isurv_logrank_pairwise(short)");
    rc = isurv_logrank_pairwise(p, need, s->time, s->event, s->group, s->n,
                                s->strata, s->entry, opts, adjust);
    fz_expect_exact(rc, valid ? ISURV_OK : ISURV_EOPTION,
                    FZ_S(ISURV_EVARIANCE) | FZ_S(ISURV_ENOMEM), "isurv_logrank_pairwise");
    FZ_ASSERT(p[need] == -1.0, "pairwise wrote past npairs");
    if (rc != ISURV_OK) {
        for (i = 0; i < need; i++)
            FZ_ASSERT(p[i] == -1.0, "pairwise wrote p values on failure");
        free(p);
        free(raw);
        return;
    }
    rc = isurv_logrank_pairwise(raw, need, s->time, s->event, s->group, s->n,
                                s->strata, s->entry, opts, ISURV_ADJUST_NONE);
    FZ_ASSERT(rc == ISURV_OK, "pairwise unadjusted: %d", rc);
    for (i = 0; i < need; i++) {
        fz_check_prob(p[i], "pairwise p");
        fz_check_prob(raw[i], "pairwise raw p");
        FZ_ASSERT(p[i] >= raw[i] || p[i] == 1.0, "adjusted p %.17g < raw %.17g", p[i],
                  raw[i]);
    }
    /* Two groups: the one pair is the whole test. */
    if (k == 2 && test_rc == ISURV_OK) {
        double whole;
        isurv_logrank_stat(fit, NULL, NULL, &whole);
        if (whole > 1e-290)
            FZ_ASSERT(close_rel(raw[0], whole, 1e-6, 0.0),
                      "pairwise p %.17g, test p %.17g", raw[0], whole);
    }
    free(p);
    free(raw);
}

static void check_p_adjust(struct fz *f)
{
    size_t m = fz_size(f, MAX_P), i;
    double *p = fz_doubles(f, m), *out = xmalloc(m * sizeof *out);
    double *copy = xmalloc(m * sizeof *copy);
    int method = fz_enum(f), want = ISURV_OK, rc;

    if (m == 0)
        want = ISURV_EEMPTY;
    else if (!(method >= ISURV_ADJUST_NONE && method <= ISURV_ADJUST_BY))
        want = ISURV_EOPTION;
    else
        for (i = 0; i < m; i++)
            if (!isnan(p[i]) && !(p[i] >= 0.0 && p[i] <= 1.0))
                want = ISURV_EPROB;
    for (i = 0; i < m; i++)
        out[i] = -1.0;
    rc = isurv_p_adjust(out, p, m, method);
    fz_expect_exact(rc, want, FZ_S(ISURV_ENOMEM), "isurv_p_adjust");
    if (rc != ISURV_OK) {
        for (i = 0; i < m; i++)
            FZ_ASSERT(out[i] == -1.0, "isurv_p_adjust wrote on failure");
    } else {
        for (i = 0; i < m; i++) {
            if (isnan(p[i])) {
                FZ_ASSERT(isnan(out[i]), "NaN p adjusted to %g", out[i]);
                continue;
            }
            fz_check_prob(out[i], "adjusted p");
            FZ_ASSERT(out[i] >= p[i], "adjusted %.17g < %.17g", out[i], p[i]);
            if (method == ISURV_ADJUST_NONE)
                FZ_ASSERT(out[i] == p[i], "no adjustment changed %g", p[i]);
        }
        /* In place gives the same. */
        memcpy(copy, p, m * sizeof *copy);
        rc = isurv_p_adjust(copy, copy, m, method);
        FZ_ASSERT(rc == ISURV_OK, "isurv_p_adjust in place: %d", rc);
        for (i = 0; i < m; i++)
            FZ_ASSERT(same_bits(copy[i], out[i]), "in place: %.17g, else %.17g",
                      copy[i], out[i]);
    }
    free(p);
    free(out);
    free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    struct fz_surv s;
    struct fz_optset set;
    isurv_opts *o;
    isurv_logrank *fit = (isurv_logrank *)&f; /* the call must clear it */
    unsigned nulls;
    int rc, want, adjust;
    int *glab = NULL, *slab = NULL;
    size_t k = 0, ns = 0, nscores = 0;
    double *scores = NULL;

    fz_init(&f, data, size);
    o = fz_opts(&f, &set);
    /* Bytes 0xF0..0xFF pass NULL pointers (bits: time, event, group, out). */
    nulls = fz_byte(&f);
    nulls = (nulls & 0xF0) == 0xF0 ? nulls & 15 : 0;
    fz_surv_decode(&s, &f, FZ_ENTRY | FZ_GROUP | FZ_STRATA, MAX_N);
    fz_surv_dump(&s);
    adjust = fz_enum(&f);
    if (fz_byte(&f) & 1) {
        nscores = fz_size(&f, 64);
        scores = fz_doubles(&f, nscores);
    }

    rc = isurv_logrank_test(nulls & 8 ? NULL : &fit, nulls & 1 ? NULL : s.time,
                            nulls & 2 ? NULL : s.event, nulls & 4 ? NULL : s.group,
                            s.n, s.strata, s.entry, o);
    if (nulls || !s.group) {
        want = ISURV_ENULL;
    } else {
        want = fz_surv_status(&s);
        glab = xmalloc(s.n * sizeof *glab);
        slab = xmalloc(s.n * sizeof *slab);
        if (s.n > 0) {
            k = distinct(glab, s.group, s.n);
            ns = distinct(slab, s.strata, s.n);
        }
        if (want == ISURV_OK && k < 2)
            want = ISURV_EGROUPS;
    }
    fz_expect_exact(rc, want,
                    FZ_S(ISURV_EVARIANCE) | FZ_S(ISURV_ENOMEM)
                        | (s.entry && set.timefix ? FZ_S(ISURV_EENTRY) : 0),
                    "isurv_logrank_test");
    FZ_ASSERT(fz_surv_unchanged(&s), "isurv_logrank_test changed its input");
    if (nulls & 8)
        fit = NULL;
    else if (rc != ISURV_OK)
        FZ_ASSERT(fit == NULL, "isurv_logrank_test failed but left *out set");
    if (rc == ISURV_OK) {
        check_test(fit, &s, glab, k, slab, ns, &set);
        check_trend(fit, k, NULL, 0);
        check_trend(fit, k, scores, nscores);
        if (!s.strata)
            check_one_stratum(fit, &s, k, o);
    }
    if (!nulls && s.group && (rc == ISURV_OK || rc == ISURV_EVARIANCE))
        check_pairwise(&s, k, o, adjust, rc, fit);
    FZ_ASSERT(fz_surv_unchanged(&s), "a log-rank call changed its input");
    isurv_logrank_free(fit);
    check_p_adjust(&f);
    isurv_opts_free(o);
    fz_surv_free(&s);
    free(glab);
    free(slab);
    free(scores);
    return 0;
}
