/*
 * Fuzz harness: Kaplan-Meier fit and every question asked of it (columns,
 * survival at times, risk table, quantiles, RMST), and median follow-up.
 *
 * Input: options (fz_opts), a NULL-pointer byte, survival data with
 * weights, entry times and groups (fz_surv_decode), then the queries.
 * Invariants on success: counts add up to the data, S is in [0, 1] and
 * non-increasing and equals the product-limit recomputed here, the
 * Greenwood and Nelson-Aalen columns equal their sums recomputed here,
 * lower <= S <= upper (NaN only where R gives NA: S = 0, S = 1 for the
 * log-log, logit and arcsine transforms, or no interval), S <= exp(-H),
 * every query agrees with the columns, and weights all 1 give exactly the
 * unweighted fit.
 */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode.h"

#define MAX_N 1024
#define MAX_QUERIES 24
#define NCOL 12

struct curve {
    size_t rows;
    double *col[NCOL];
};

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    FZ_ASSERT(p != NULL, "harness out of memory");
    return p;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
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

/* Copies every column, checking the buffer rule on the way: a short
 * buffer is refused and left alone. */
static void read_curve(struct curve *cv, const isurv_km *fit, size_t c)
{
    size_t rows = 0, k, i;
    int rc = isurv_km_ntimes(fit, c, &rows);

    FZ_ASSERT(rc == ISURV_OK, "isurv_km_ntimes: %d", rc);
    cv->rows = rows;
    for (k = 0; k < NCOL; k++) {
        cv->col[k] = xmalloc(rows * sizeof(double));
        if (rows > 0) {
            for (i = 0; i < rows; i++)
                cv->col[k][i] = -12345.0;
            rc = isurv_km_column(fit, c, (int)k, cv->col[k], rows - 1);
            FZ_ASSERT(rc == ISURV_EBUFFER, "isurv_km_column short buffer: %d", rc);
            for (i = 0; i < rows; i++)
                FZ_ASSERT(cv->col[k][i] == -12345.0,
                          "isurv_km_column wrote a short buffer");
        }
        rc = isurv_km_column(fit, c, (int)k, cv->col[k], rows);
        FZ_ASSERT(rc == ISURV_OK, "isurv_km_column(%zu): %d", k, rc);
    }
}

static void free_curve(struct curve *cv)
{
    size_t k;
    for (k = 0; k < NCOL; k++)
        free(cv->col[k]);
}

/* Relative agreement for recomputed sums (a few roundings per row). */
static int close_rel(double got, double want, double tol)
{
    if (isnan(got) || isnan(want))
        return isnan(got) && isnan(want);
    if (isinf(got) || isinf(want))
        return got == want;
    return fabs(got - want) <= tol * fmax(fabs(want), DBL_MIN);
}

/* se against the square root of a recomputed variance sum: relative
 * agreement, except where the sum is so small (subnormal terms, from
 * weights near 1e300) that both hold only a few digits. */
static int close_sum(double se, double sum)
{
    return close_rel(se, sqrt(sum), 1e-9) || fabs(se * se - sum) <= 1e-9 * sum + 1e-300;
}

/* The limits a transform may leave NaN: R's NA at S = 0, at S = 1 for
 * the transforms that divide by log S or 1 - S, and everywhere without an
 * interval. */
static int nan_limits_allowed(double s, int conf_type)
{
    if (conf_type == ISURV_CONF_NONE || s == 0.0)
        return 1;
    return s == 1.0
           && (conf_type == ISURV_CONF_LOGLOG || conf_type == ISURV_CONF_LOGIT
               || conf_type == ISURV_CONF_ARCSIN);
}

static void check_limits(double s, double lo, double hi, int conf_type,
                         const char *where)
{
    if (conf_type == ISURV_CONF_NONE) {
        FZ_ASSERT(isnan(lo) && isnan(hi), "%s: limits without an interval", where);
        return;
    }
    if (isnan(lo) || isnan(hi)) {
        FZ_ASSERT(nan_limits_allowed(s, conf_type),
                  "%s: NaN limit (%g, %g) at S = %.17g, type %d", where, lo, hi,
                  s, conf_type);
        return;
    }
    FZ_ASSERT(lo >= 0.0 && hi <= 1.0, "%s: limits (%.17g, %.17g) outside [0, 1]",
              where, lo, hi);
    FZ_ASSERT(fz_le(lo, s, 1e-12) && fz_le(s, hi, 1e-12),
              "%s: not lower <= S <= upper: %.17g %.17g %.17g (type %d)", where,
              lo, s, hi, conf_type);
}

/* The rows of the data that belong to curve c (label lab). */
static int in_curve(const struct fz_surv *s, size_t i, int lab)
{
    return s->group ? s->group[i] == lab : 1;
}

static double weight_of(const struct fz_surv *s, size_t i)
{
    return s->weight ? s->weight[i] : 1.0;
}

/* Every time of the fit is a time of the data (timefix maps a chain of
 * near-equal times to its first value, which may be an entry time). */
static int is_data_time(const double *sorted, size_t m, double t)
{
    return bsearch(&t, sorted, m, sizeof *sorted, cmp_double) != NULL;
}

static void check_curve(const struct curve *cv, const struct fz_surv *s,
                        int lab, size_t nobs, const double *alltimes,
                        size_t nall, const struct fz_optset *set)
{
    const double *t = cv->col[ISURV_KM_TIME], *nr = cv->col[ISURV_KM_N_RISK],
                 *ne = cv->col[ISURV_KM_N_EVENT], *nc = cv->col[ISURV_KM_N_CENSOR],
                 *en = cv->col[ISURV_KM_N_ENTER], *sv = cv->col[ISURV_KM_SURV],
                 *se = cv->col[ISURV_KM_STD_ERR], *lo = cv->col[ISURV_KM_LOWER],
                 *hi = cv->col[ISURV_KM_UPPER], *ch = cv->col[ISURV_KM_CUMHAZ],
                 *sch = cv->col[ISURV_KM_STD_CHAZ],
                 *sls = cv->col[ISURV_KM_STD_LOGSURV];
    double wtot = 0.0, wev = 0.0, sum_d = 0.0, sum_c = 0.0, sum_e = 0.0;
    double surv = 1.0, gw = 0.0, haz = 0.0, vhaz = 0.0, risk = 0.0;
    size_t i, r;

    FZ_ASSERT(cv->rows >= 1 && cv->rows <= nobs, "curve %d: %zu rows for %zu obs",
              lab, cv->rows, nobs);
    for (i = 0; i < s->n; i++)
        if (in_curve(s, i, lab)) {
            wtot += weight_of(s, i);
            if (s->event[i])
                wev += weight_of(s, i);
        }
    /* Without entry times everyone is at risk from the start. */
    risk = s->entry ? 0.0 : wtot;
    for (r = 0; r < cv->rows; r++) {
        FZ_ASSERT(isfinite(t[r]) && t[r] >= 0.0 && !signbit(t[r]),
                  "time %.17g", t[r]);
        FZ_ASSERT(r == 0 || t[r] > t[r - 1], "times not increasing at row %zu", r);
        FZ_ASSERT(is_data_time(alltimes, nall, t[r]),
                  "row time %.17g is not a time of the data", t[r]);
        FZ_ASSERT(isfinite(nr[r]) && nr[r] >= 0.0 && isfinite(ne[r]) && ne[r] >= 0.0
                      && isfinite(nc[r]) && nc[r] >= 0.0 && isfinite(en[r])
                      && en[r] >= 0.0,
                  "row %zu: counts %g %g %g %g", r, nr[r], ne[r], nc[r], en[r]);
        FZ_ASSERT(s->entry || en[r] == 0.0, "n.enter without entry times");
        FZ_ASSERT(ne[r] <= nr[r] * (1.0 + 1e-12),
                  "row %zu: %.17g events among %.17g at risk", r, ne[r], nr[r]);
        /* The risk set: what entered minus what left before. */
        risk += en[r];
        FZ_ASSERT(close_rel(nr[r], risk, 1e-9) || fabs(nr[r] - risk) <= 1e-9 * wtot,
                  "row %zu: n.risk %.17g, entries minus exits give %.17g", r,
                  nr[r], risk);
        risk -= ne[r] + nc[r];
        sum_d += ne[r];
        sum_c += nc[r];
        sum_e += en[r];
        /* The product limit and the sums, recomputed from the counts (the
         * variance terms in a form that cannot overflow or underflow on
         * the way, whatever the scale of the weights). */
        if (ne[r] > 0.0) {
            surv *= (nr[r] - ne[r]) / nr[r];
            gw += nr[r] > ne[r] ? ne[r] / nr[r] / (nr[r] - ne[r]) : INFINITY;
            haz += ne[r] / nr[r];
            vhaz += ne[r] / nr[r] / nr[r];
        }
        FZ_ASSERT(sv[r] >= 0.0 && sv[r] <= 1.0, "row %zu: S = %.17g", r, sv[r]);
        FZ_ASSERT(r == 0 || sv[r] <= sv[r - 1], "S increases at row %zu", r);
        FZ_ASSERT(close_rel(sv[r], surv, 1e-10) || fabs(sv[r] - surv) < 1e-300,
                  "row %zu: S = %.17g, product limit %.17g", r, sv[r], surv);
        FZ_ASSERT(close_sum(sls[r], gw), "row %zu: SE(log S) %.17g, Greenwood %.17g",
                  r, sls[r], sqrt(gw));
        FZ_ASSERT(!isnan(sls[r]) && sls[r] >= 0.0, "SE(log S) %g", sls[r]);
        FZ_ASSERT(sv[r] == 0.0 ? 1 : (se[r] >= 0.0 && !isnan(se[r])),
                  "row %zu: SE %g at S = %g", r, se[r], sv[r]);
        FZ_ASSERT(isfinite(ch[r]) && ch[r] >= 0.0 && close_rel(ch[r], haz, 1e-10),
                  "row %zu: cumhaz %.17g, Nelson-Aalen %.17g", r, ch[r], haz);
        FZ_ASSERT(sch[r] >= 0.0 && close_sum(sch[r], vhaz),
                  "row %zu: SE(cumhaz) %.17g, recomputed %.17g", r, sch[r],
                  sqrt(vhaz));
        FZ_ASSERT(r == 0 || (ch[r] >= ch[r - 1] && sch[r] >= sch[r - 1]),
                  "cumulative hazard decreases at row %zu", r);
        /* prod (1 - d/n) <= exp(-sum d/n) */
        FZ_ASSERT(fz_le(sv[r], exp(-ch[r]), 1e-9), "row %zu: S %.17g > exp(-H) %.17g",
                  r, sv[r], exp(-ch[r]));
        check_limits(sv[r], lo[r], hi[r], set->conf_type, "isurv_km_column");
    }
    FZ_ASSERT(close_rel(sum_d + sum_c, wtot, 1e-9), "curve %d: exits %.17g of %.17g",
              lab, sum_d + sum_c, wtot);
    FZ_ASSERT(close_rel(sum_d, wev, 1e-9), "curve %d: events %.17g of %.17g", lab,
              sum_d, wev);
    FZ_ASSERT(close_rel(sum_e, s->entry ? wtot : 0.0, 1e-9),
              "curve %d: entries %.17g of %.17g", lab, sum_e, wtot);
}

/* Survival at fuzzed times against the columns: the last row at or
 * before t, bit for bit (both rebuild the fit's own doubles). */
static void check_surv_at(const isurv_km *fit, size_t c, const struct curve *cv,
                          const double *q, size_t m, int valid, int conf_type)
{
    double *sv = xmalloc(m * sizeof *sv), *se = xmalloc(m * sizeof *se);
    double *lo = xmalloc(m * sizeof *lo), *hi = xmalloc(m * sizeof *hi);
    size_t j;
    int rc = isurv_km_surv_at(fit, c, q, m, sv, se, lo, hi);

    fz_expect_exact(rc, valid ? ISURV_OK : ISURV_ETIME, 0, "isurv_km_surv_at");
    for (j = 0; rc == ISURV_OK && j < m; j++) {
        size_t k = 0;
        while (k < cv->rows && cv->col[ISURV_KM_TIME][k] <= q[j])
            k++;
        if (k == 0) {
            FZ_ASSERT(sv[j] == 1.0 && se[j] == 0.0, "S before the first time");
            if (conf_type == ISURV_CONF_NONE)
                FZ_ASSERT(isnan(lo[j]) && isnan(hi[j]), "limits before the first time");
            else
                FZ_ASSERT(lo[j] == 1.0 && hi[j] == 1.0, "limits before the first time");
            continue;
        }
        FZ_ASSERT(same_bits(sv[j], cv->col[ISURV_KM_SURV][k - 1])
                      && same_bits(se[j], cv->col[ISURV_KM_STD_ERR][k - 1])
                      && same_bits(lo[j], cv->col[ISURV_KM_LOWER][k - 1])
                      && same_bits(hi[j], cv->col[ISURV_KM_UPPER][k - 1]),
                  "surv_at(%.17g) = %.17g (%.17g, %.17g) but row %zu holds "
                  "%.17g (%.17g, %.17g)", q[j], sv[j], lo[j], hi[j], k - 1,
                  cv->col[ISURV_KM_SURV][k - 1], cv->col[ISURV_KM_LOWER][k - 1],
                  cv->col[ISURV_KM_UPPER][k - 1]);
    }
    /* NULL outputs are allowed. */
    rc = isurv_km_surv_at(fit, c, q, m, NULL, NULL, NULL, NULL);
    fz_expect_exact(rc, valid ? ISURV_OK : ISURV_ETIME, 0, "isurv_km_surv_at(NULL)");
    free(sv);
    free(se);
    free(lo);
    free(hi);
}

static void check_risk_table(const isurv_km *fit, size_t c, const struct curve *cv,
                             const double *q, size_t m, int valid)
{
    double *nr = xmalloc(m * sizeof *nr), *ev = xmalloc(m * sizeof *ev);
    double *ce = xmalloc(m * sizeof *ce);
    size_t j, k;
    int rc = isurv_km_risk_table(fit, c, q, m, nr, ev, ce);

    fz_expect_exact(rc, valid ? ISURV_OK : ISURV_ETIME, FZ_S(ISURV_ENOMEM),
                    "isurv_km_risk_table");
    for (j = 0; rc == ISURV_OK && j < m; j++) {
        double want_nr = 0.0, want_ev = 0.0, want_ce = 0.0;
        for (k = 0; k < cv->rows && cv->col[ISURV_KM_TIME][k] <= q[j]; k++) {
            want_ev += cv->col[ISURV_KM_N_EVENT][k];
            want_ce += cv->col[ISURV_KM_N_CENSOR][k];
        }
        if (k > 0 && cv->col[ISURV_KM_TIME][k - 1] == q[j])
            want_nr = cv->col[ISURV_KM_N_RISK][k - 1];
        else if (k < cv->rows)
            want_nr = cv->col[ISURV_KM_N_RISK][k];
        FZ_ASSERT(same_bits(nr[j], want_nr) && same_bits(ev[j], want_ev)
                      && same_bits(ce[j], want_ce),
                  "risk_table(%.17g) = %.17g %.17g %.17g, columns give %.17g "
                  "%.17g %.17g", q[j], nr[j], ev[j], ce[j], want_nr, want_ev,
                  want_ce);
    }
    free(nr);
    free(ev);
    free(ce);
}

/* A quantile or limit is NaN or one of the curve's times, or the
 * midpoint of two of them. */
static void check_quantile_time(double x, const struct curve *cv, const char *what)
{
    const double *t = cv->col[ISURV_KM_TIME];
    FZ_ASSERT(isnan(x) || (x >= t[0] && x <= t[cv->rows - 1]),
              "%s %.17g outside the curve's times [%.17g, %.17g]", what, x, t[0],
              t[cv->rows - 1]);
}

static void check_quantile(const isurv_km *fit, size_t c, const struct curve *cv,
                           double p)
{
    double est = -1.0, lo = -1.0, hi = -1.0;
    int valid = p > 0.0 && p < 1.0;
    int rc = isurv_km_quantile(fit, c, p, &est, &lo, &hi);
    size_t r;

    fz_expect_exact(rc, valid ? ISURV_OK : ISURV_EPROB, 0, "isurv_km_quantile");
    if (rc != ISURV_OK) {
        FZ_ASSERT(est == -1.0 && lo == -1.0 && hi == -1.0,
                  "isurv_km_quantile wrote outputs on failure");
        return;
    }
    /* print.survfit's rule: reached once S < 1 - p + sqrt(eps). */
    for (r = 0; r < cv->rows; r++)
        if (cv->col[ISURV_KM_SURV][r] < 1.0 - p + sqrt(DBL_EPSILON))
            break;
    if (r == cv->rows)
        FZ_ASSERT(isnan(est), "quantile %.17g = %.17g never reached", p, est);
    else
        FZ_ASSERT(est >= cv->col[ISURV_KM_TIME][r], "quantile %.17g = %.17g "
                  "before the time it is reached, %.17g", p, est,
                  cv->col[ISURV_KM_TIME][r]);
    check_quantile_time(est, cv, "quantile");
    check_quantile_time(lo, cv, "quantile lower limit");
    check_quantile_time(hi, cv, "quantile upper limit");
}

static void check_rmst(const isurv_km *fit, size_t c, const struct curve *cv,
                       double tau)
{
    double est = -1.0, se = -1.0, s_tau = 1.0;
    int valid = isfinite(tau) && tau > 0.0;
    int rc = isurv_km_rmst(fit, c, tau, &est, &se);
    size_t r;

    fz_expect_exact(rc, valid ? ISURV_OK : ISURV_EARG, 0, "isurv_km_rmst");
    if (rc != ISURV_OK)
        return;
    for (r = 0; r < cv->rows && cv->col[ISURV_KM_TIME][r] <= tau; r++)
        s_tau = cv->col[ISURV_KM_SURV][r];
    /* The area under a curve in [S(tau), 1] over [0, tau]. */
    FZ_ASSERT(est >= 0.0 && fz_le(est, tau, 1e-12), "RMST %.17g for tau %.17g",
              est, tau);
    FZ_ASSERT(fz_le(tau * s_tau, est, 1e-12) || tau * s_tau - est < 1e-300,
              "RMST %.17g below tau S(tau) = %.17g", est, tau * s_tau);
    FZ_ASSERT(!isnan(se) && se >= 0.0, "RMST SE %.17g", se);
}

/* Weights all 1 take the general path and must give the fast path's
 * fit bit for bit (tests/check_fast.c holds this on large data). */
static void check_ones(const isurv_km *fit, const struct fz_surv *s,
                       const isurv_opts *o)
{
    double *ones = xmalloc(s->n * sizeof *ones);
    isurv_km *b = NULL;
    size_t i, c, k;
    int rc;

    for (i = 0; i < s->n; i++)
        ones[i] = 1.0;
    rc = isurv_km_fit(&b, s->time, s->event, s->n, ones, NULL, s->group, o);
    FZ_ASSERT(rc == ISURV_OK, "weights 1: %d where no weights gave 0", rc);
    FZ_ASSERT(isurv_km_ncurves(b) == isurv_km_ncurves(fit), "weights 1: curves");
    for (c = 0; c < isurv_km_ncurves(fit); c++) {
        struct curve x, y;
        read_curve(&x, fit, c);
        read_curve(&y, b, c);
        FZ_ASSERT(x.rows == y.rows, "weights 1: %zu rows, else %zu", y.rows, x.rows);
        for (k = 0; k < NCOL; k++)
            for (i = 0; i < x.rows; i++)
                FZ_ASSERT(same_bits(x.col[k][i], y.col[k][i]),
                          "weights 1: column %zu row %zu: %.17g, else %.17g", k,
                          i, y.col[k][i], x.col[k][i]);
        free_curve(&x);
        free_curve(&y);
    }
    isurv_km_free(b);
    free(ones);
}

static void check_fit(const isurv_km *fit, const struct fz_surv *s,
                      const struct fz_optset *set, const isurv_opts *o,
                      struct fz *f)
{
    size_t nc = isurv_km_ncurves(fit), c, i, nlab = 0, nall = 0, total = 0, m;
    int *labs = xmalloc(s->n * sizeof *labs), lab = 0, rc;
    double *alltimes = xmalloc(2 * s->n * sizeof *alltimes), *q, p, tau, scratch;

    /* The curves are the distinct labels, ascending. */
    if (s->group) {
        memcpy(labs, s->group, s->n * sizeof *labs);
        qsort(labs, s->n, sizeof *labs, cmp_int);
        for (i = 0; i < s->n; i++)
            if (i == 0 || labs[i] != labs[nlab - 1])
                labs[nlab++] = labs[i];
    } else {
        labs[nlab++] = 0;
    }
    FZ_ASSERT(nc == nlab, "%zu curves for %zu labels", nc, nlab);
    for (i = 0; i < s->n; i++)
        alltimes[nall++] = s->time[i] == 0.0 ? 0.0 : s->time[i];
    for (i = 0; s->entry && set->timefix && i < s->n; i++)
        alltimes[nall++] = s->entry[i] == 0.0 ? 0.0 : s->entry[i];
    qsort(alltimes, nall, sizeof *alltimes, cmp_double);

    p = fz_double(f);
    tau = fz_double(f);
    m = fz_size(f, MAX_QUERIES);
    q = fz_doubles(f, m);
    {
        int valid = 1;
        for (i = 0; i < m; i++)
            valid &= isfinite(q[i]) && q[i] >= 0.0;
        for (c = 0; c < nc; c++) {
            struct curve cv;
            size_t nobs = 0, want = 0;

            rc = isurv_km_group(fit, c, &lab);
            FZ_ASSERT(rc == ISURV_OK && lab == labs[c], "curve %zu label %d, want %d",
                      c, lab, labs[c]);
            rc = isurv_km_nobs(fit, c, &nobs);
            for (i = 0; i < s->n; i++)
                want += in_curve(s, i, lab);
            FZ_ASSERT(rc == ISURV_OK && nobs == want, "curve %zu: nobs %zu, want %zu",
                      c, nobs, want);
            total += nobs;
            read_curve(&cv, fit, c);
            check_curve(&cv, s, lab, nobs, alltimes, nall, set);
            check_surv_at(fit, c, &cv, q, m, valid, set->conf_type);
            check_risk_table(fit, c, &cv, q, m, valid);
            check_quantile(fit, c, &cv, p);
            check_quantile(fit, c, &cv, 0.5);
            check_rmst(fit, c, &cv, tau);
            free_curve(&cv);
        }
    }
    FZ_ASSERT(total == s->n, "curves hold %zu of %zu subjects", total, s->n);
    /* Out-of-range indices are refused. */
    fz_expect_exact(isurv_km_ntimes(fit, nc, &m), ISURV_EINDEX, 0, "ntimes(ncurves)");
    fz_expect_exact(isurv_km_column(fit, 0, NCOL, &scratch, 1 << 30), ISURV_EINDEX,
                    0, "column(12)");
    fz_expect_exact(isurv_km_column(fit, 0, -1, &scratch, 1 << 30), ISURV_EINDEX, 0,
                    "column(-1)");
    fz_expect_exact(isurv_km_quantile(fit, nc, 0.5, &scratch, NULL, NULL),
                    ISURV_EINDEX, 0, "quantile(ncurves)");
    if (!s->weight && !s->entry)
        check_ones(fit, s, o);
    free(q);
    free(labs);
    free(alltimes);
}

static void check_followup(const struct fz_surv *s, const isurv_opts *o)
{
    double est = -1.0, lo = -1.0, hi = -1.0, tmin = INFINITY, tmax = -INFINITY;
    int want = fz_surv_status(s) == ISURV_EWEIGHT || fz_surv_status(s) == ISURV_EENTRY
                   ? ISURV_OK /* followup takes neither */
                   : fz_surv_status(s);
    int rc = isurv_followup_median(&est, &lo, &hi, s->time, s->event, s->n, o);
    size_t i;

    fz_expect_exact(rc, want, FZ_S(ISURV_ENOMEM), "isurv_followup_median");
    if (rc != ISURV_OK)
        return;
    for (i = 0; i < s->n; i++) {
        tmin = fmin(tmin, s->time[i]);
        tmax = fmax(tmax, s->time[i]);
    }
    FZ_ASSERT(isnan(est) || (est >= tmin && est <= tmax), "follow-up %.17g", est);
    FZ_ASSERT(isnan(lo) || (lo >= tmin && lo <= tmax), "follow-up lower %.17g", lo);
    FZ_ASSERT(isnan(hi) || (hi >= tmin && hi <= tmax), "follow-up upper %.17g", hi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    struct fz_surv s;
    struct fz_optset set;
    isurv_opts *o;
    isurv_km *fit = (isurv_km *)&f; /* not NULL: the call must clear it */
    unsigned nulls;
    int rc, want;

    fz_init(&f, data, size);
    o = fz_opts(&f, &set);
    /* Only the bytes 0xF8..0xFF pass NULL pointers (bits 0..2: time,
     * event, out), so that most inputs reach the computations. */
    nulls = fz_byte(&f);
    nulls = (nulls & 0xF8) == 0xF8 ? nulls & 7 : 0;
    fz_surv_decode(&s, &f, FZ_WEIGHTS | FZ_ENTRY | FZ_GROUP, MAX_N);
    fz_surv_dump(&s);

    rc = isurv_km_fit(nulls & 4 ? NULL : &fit, nulls & 1 ? NULL : s.time,
                      nulls & 2 ? NULL : s.event, s.n, s.weight, s.entry, s.group, o);
    want = nulls ? ISURV_ENULL : fz_surv_status(&s);
    fz_expect_exact(rc, want,
                    FZ_S(ISURV_ENOMEM) | FZ_S(ISURV_ESIZE)
                        | (s.entry && set.timefix ? FZ_S(ISURV_EENTRY) : 0),
                    "isurv_km_fit");
    FZ_ASSERT(fz_surv_unchanged(&s), "isurv_km_fit changed its input");
    if (nulls & 4) {
        fit = NULL;
    } else if (rc != ISURV_OK) {
        FZ_ASSERT(fit == NULL, "isurv_km_fit failed but left *out set");
    } else {
        check_fit(fit, &s, &set, o, &f);
        FZ_ASSERT(fz_surv_unchanged(&s), "a query changed the input");
    }
    isurv_km_free(fit);
    if (!nulls)
        check_followup(&s, o);
    isurv_opts_free(o);
    fz_surv_free(&s);
    return 0;
}
