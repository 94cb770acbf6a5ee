/*
 * Fuzz harness: contingency tables.  Pearson's chi-square (with and
 * without Yates), Fisher's exact test (2 x 2 with each alternative and
 * the odds ratio, r x c), and the chi-square test for trend in
 * proportions.
 *
 * Input: nrow and ncol (fz_size), the cells (fz_count: whole numbers with
 * a bias to huge and invalid ones), the Yates flag (fz_enum), the Fisher
 * alternative (fz_enum) and confidence level (fz_double), then for the
 * trend test k (fz_size), events and trials (fz_count each), a scores
 * flag byte and scores (fz_double).
 * Invariants: statuses in the documented order (the total checked here
 * exactly); on success chi-square >= 0 and Yates never increases it,
 * expected counts add up to the margins, p in [0, 1], log p <= 0 and
 * agreeing with p; Fisher's one-sided p values add up to at least 1 and
 * the two-sided one is at least the smaller, the odds ratio lies in its
 * interval and on the side of 1 the table is; the trend statistic is
 * >= 0 with p in [0, 1].
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode.h"

#define MAX_DIM 12
#define MAX_K 32
#define TWO53 9007199254740992.0
/* Fisher's 2 x 2 test sums the terms of a distribution about sqrt(total)
 * wide: 0.05 s at a total of 1e9, 50 s at 1e15 (a documented cost, not a
 * fault), so larger tables are left out to keep the fuzzer fast. */
#define FISHER_2X2_MAX_TOTAL 1e8
/* The r x c network grows much faster: a 2 x 12 table of 3500 takes a
 * second (within the documented work limit), so the fuzzer is kept to
 * totals that take milliseconds. */
#define FISHER_RXC_MAX_TOTAL 1500.0

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    FZ_ASSERT(p != NULL, "harness out of memory");
    return p;
}

static int is_count(double x)
{
    return isfinite(x) && x >= 0.0 && x == floor(x);
}

/* The exact total of whole numbers: long double holds every whole number
 * below 2^64, and a total that passes 2^53 stays above it. */
static long double exact_total(const double *x, size_t n)
{
    long double t = 0.0L;
    size_t i;

    for (i = 0; i < n; i++)
        t += x[i];
    return t;
}

/* The documented checks of isurv_chisq_test and isurv_fisher_test on
 * the table, from ETABLE on. */
static int table_status(const double *t, size_t nr, size_t nc)
{
    size_t i, j;

    for (i = 0; i < nr * nc; i++)
        if (!is_count(t[i]))
            return ISURV_ETABLE;
    if (exact_total(t, nr * nc) > TWO53)
        return ISURV_ESIZE;
    for (i = 0; i < nr; i++) {
        double s = 0.0;
        for (j = 0; j < nc; j++)
            s += t[i * nc + j];
        if (s == 0.0)
            return ISURV_EDIM;
    }
    for (j = 0; j < nc; j++) {
        double s = 0.0;
        for (i = 0; i < nr; i++)
            s += t[i * nc + j];
        if (s == 0.0)
            return ISURV_EDIM;
    }
    return ISURV_OK;
}

static void check_chisq(const double *t, size_t nr, size_t nc, int corr)
{
    isurv_chisq *res = (isurv_chisq *)&res, *plain = NULL;
    double stat, df, p, lp, s0, *ex, *rs, total = 0.0;
    size_t i, j, r2, c2;
    int want, rc, low, any_low = 0;

    want = nr < 2 || nc < 2 ? ISURV_EDIM : table_status(t, nr, nc);
    if (want == ISURV_OK && corr != 0 && corr != 1)
        want = ISURV_EOPTION;
    rc = isurv_chisq_test(&res, t, nr, nc, corr);
    fz_expect_exact(rc, want, FZ_S(ISURV_ENOMEM), "isurv_chisq_test");
    if (rc != ISURV_OK) {
        FZ_ASSERT(res == NULL, "isurv_chisq_test failed but left *out set");
        return;
    }
    ex = xmalloc(nr * nc * sizeof *ex);
    rs = xmalloc(nr * nc * sizeof *rs);
    FZ_ASSERT(isurv_chisq_dim(res, &r2, &c2) == ISURV_OK && r2 == nr && c2 == nc,
              "isurv_chisq_dim");
    FZ_ASSERT(isurv_chisq_stat(res, &stat, &df, &p) == ISURV_OK, "isurv_chisq_stat");
    FZ_ASSERT(isurv_chisq_log_p(res, &lp) == ISURV_OK, "isurv_chisq_log_p");
    FZ_ASSERT(isurv_chisq_expected(res, ex, nr * nc) == ISURV_OK, "expected");
    FZ_ASSERT(isurv_chisq_residuals(res, rs, nr * nc) == ISURV_OK, "residuals");
    FZ_ASSERT(isurv_chisq_low_expected(res, &low) == ISURV_OK, "low_expected");
    fz_expect_exact(isurv_chisq_expected(res, ex, nr * nc - 1), ISURV_EBUFFER, 0,
                    "isurv_chisq_expected(short)");
    FZ_ASSERT(isfinite(stat) && stat >= 0.0, "chi-square %.17g", stat);
    FZ_ASSERT(df == (double)(nr - 1) * (double)(nc - 1), "df %.17g", df);
    fz_check_prob(p, "chi-square p");
    fz_check_log_prob(lp, p, "chi-square p");
    for (i = 0; i < nr * nc; i++)
        total += t[i];
    /* Expected counts reproduce the margins. */
    for (i = 0; i < nr; i++) {
        double want_row = 0.0, got = 0.0;
        for (j = 0; j < nc; j++) {
            double e = ex[i * nc + j];
            FZ_ASSERT(isfinite(e) && e > 0.0, "expected %.17g", e);
            FZ_ASSERT(isfinite(rs[i * nc + j]), "residual %.17g", rs[i * nc + j]);
            any_low |= e < 5.0;
            want_row += t[i * nc + j];
            got += e;
        }
        FZ_ASSERT(fabs(got - want_row) <= 1e-9 * total, "row %zu: expected add to "
                  "%.17g, observed %.17g", i, got, want_row);
    }
    FZ_ASSERT(low == any_low, "low_expected %d, smallest says %d", low, any_low);
    /* Yates only ever shrinks |O - E|. */
    if (corr == 1 && nr == 2 && nc == 2) {
        rc = isurv_chisq_test(&plain, t, nr, nc, 0);
        FZ_ASSERT(rc == ISURV_OK, "without Yates: %d", rc);
        isurv_chisq_stat(plain, &s0, NULL, NULL);
        FZ_ASSERT(stat <= s0, "Yates %.17g > plain %.17g", stat, s0);
        isurv_chisq_free(plain);
    }
    isurv_chisq_free(res);
    free(ex);
    free(rs);
}

static int fisher_call(double *p, double *or, double *lo, double *hi,
                       const double *t, size_t nr, size_t nc, int alt, double level)
{
    return isurv_fisher_test(p, or, lo, hi, t, nr, nc, alt, level);
}

static void check_fisher(const double *t, size_t nr, size_t nc, int alt,
                         double level)
{
    int is2x2 = nr == 2 && nc == 2, want, rc, a;
    double p = -1.0, or = -1.0, lo = -1.0, hi = -1.0, pa[3];

    if (nr < 2 || nc < 2)
        want = ISURV_EDIM;
    else if (alt < ISURV_TWO_SIDED || alt > ISURV_GREATER
             || (!is2x2 && alt != ISURV_TWO_SIDED))
        want = ISURV_EOPTION;
    else if (!(level > 0.0 && level < 1.0))
        want = ISURV_EPROB;
    else
        want = table_status(t, nr, nc);
    rc = fisher_call(&p, &or, &lo, &hi, t, nr, nc, alt, level);
    fz_expect_exact(rc, want,
                    FZ_S(ISURV_ENOMEM) | FZ_S(ISURV_ENOCONV)
                        | (is2x2 ? 0 : FZ_S(ISURV_ESIZE)),
                    "isurv_fisher_test");
    if (rc != ISURV_OK) {
        FZ_ASSERT(p == -1.0 && or == -1.0 && lo == -1.0 && hi == -1.0,
                  "isurv_fisher_test wrote outputs on failure");
        return;
    }
    fz_check_prob(p, "Fisher p");
    if (!is2x2) {
        FZ_ASSERT(isnan(or) && isnan(lo) && isnan(hi), "r x c odds ratio not NaN");
        return;
    }
    FZ_ASSERT(!isnan(or) && or >= 0.0 && lo >= 0.0 && hi >= 0.0,
              "odds ratio %.17g (%.17g, %.17g)", or, lo, hi);
    FZ_ASSERT(fz_le(lo, hi, 1e-9), "odds ratio interval (%.17g, %.17g)", lo, hi);
    /* The interval holds the MLE at usual levels only: at a level near 0
     * it shrinks to the point where the observed cell is the median,
     * which need not be the MLE (the mean). */
    if (level >= 0.75)
        FZ_ASSERT(fz_le(lo, or, 1e-9) && fz_le(or, hi, 1e-9),
                  "odds ratio %.17g outside (%.17g, %.17g), alternative %d, level %g",
                  or, lo, hi, alt, level);
    if (alt == ISURV_LESS)
        FZ_ASSERT(lo == 0.0, "alternative less: lower limit %.17g", lo);
    if (alt == ISURV_GREATER)
        FZ_ASSERT(hi == INFINITY, "alternative greater: upper limit %.17g", hi);
    /* The MLE is on the side of 1 that ad - bc is (exact products only). */
    if (exact_total(t, 4) < 67108864.0) {
        double ad = t[0] * t[3], bc = t[1] * t[2];
        FZ_ASSERT(ad > bc ? or > 1.0 : ad < bc ? or < 1.0 : fabs(or - 1.0) < 1e-6,
                  "odds ratio %.17g for ad %.17g, bc %.17g", or, ad, bc);
    }
    /* P(X <= x) + P(X >= x) = 1 + P(X = x); the two-sided p value holds
     * the tail on the observed side whole. */
    for (a = 0; a < 3; a++) {
        rc = fisher_call(&pa[a], NULL, NULL, NULL, t, nr, nc, a, level);
        FZ_ASSERT(rc == ISURV_OK, "alternative %d: %d", a, rc);
        fz_check_prob(pa[a], "Fisher p");
    }
    FZ_ASSERT(pa[alt] == p, "p %.17g without the odds ratio, %.17g with", pa[alt], p);
    FZ_ASSERT(pa[ISURV_LESS] + pa[ISURV_GREATER] >= 1.0 - 1e-9,
              "one-sided p values %.17g + %.17g < 1", pa[ISURV_LESS],
              pa[ISURV_GREATER]);
    FZ_ASSERT(fz_le(fmin(pa[ISURV_LESS], pa[ISURV_GREATER]), pa[ISURV_TWO_SIDED], 1e-9),
              "two-sided %.17g below one-sided %.17g", pa[ISURV_TWO_SIDED],
              fmin(pa[ISURV_LESS], pa[ISURV_GREATER]));
}

static void check_trend(struct fz *f)
{
    size_t k = fz_size(f, MAX_K), i;
    double *ev = fz_counts(f, k), *tr = fz_counts(f, k), *sc = NULL;
    double stat = -1.0, p = -1.0;
    int want = ISURV_OK, rc;

    if (fz_byte(f) & 1)
        sc = fz_doubles(f, k);
    if (k < 2)
        want = ISURV_EDIM;
    for (i = 0; want == ISURV_OK && i < k; i++)
        if (!is_count(ev[i]) || !is_count(tr[i]) || ev[i] > tr[i])
            want = ISURV_ETABLE;
    if (want == ISURV_OK && exact_total(tr, k) > TWO53)
        want = ISURV_ESIZE;
    for (i = 0; want == ISURV_OK && i < k; i++)
        if (tr[i] == 0.0)
            want = ISURV_EDIM;
    for (i = 0; want == ISURV_OK && sc && i < k; i++)
        if (!isfinite(sc[i]))
            want = ISURV_EARG;
    rc = isurv_prop_trend_test(&stat, &p, ev, tr, sc, k);
    fz_expect_exact(rc, want, FZ_S(ISURV_EVARIANCE), "isurv_prop_trend_test");
    if (rc == ISURV_OK) {
        FZ_ASSERT(isfinite(stat) && stat >= 0.0, "trend statistic %.17g", stat);
        fz_check_prob(p, "trend p");
    } else {
        FZ_ASSERT(stat == -1.0 && p == -1.0, "trend wrote outputs on failure");
    }
    free(ev);
    free(tr);
    free(sc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    size_t nr, nc;
    double *t, *copy, level;
    int corr, alt;

    fz_init(&f, data, size);
    nr = fz_size(&f, MAX_DIM);
    nc = fz_size(&f, MAX_DIM);
    t = fz_counts(&f, nr * nc);
    corr = fz_enum(&f);
    alt = fz_enum(&f);
    level = fz_double(&f);
    copy = xmalloc(nr * nc * sizeof *copy);
    memcpy(copy, t, nr * nc * sizeof *t);

    check_chisq(t, nr, nc, corr);
    if (!(exact_total(t, nr * nc)
             > (nr == 2 && nc == 2 ? FISHER_2X2_MAX_TOTAL : FISHER_RXC_MAX_TOTAL)))
        check_fisher(t, nr, nc, alt, level);
    FZ_ASSERT(memcmp(copy, t, nr * nc * sizeof *t) == 0, "a test changed its table");
    check_trend(&f);
    free(t);
    free(copy);
    return 0;
}
