/* Fisher's exact test (Fisher 1935): argument checks, and the 2 x 2 case
 * with R's fisher.test conventions: the two-sided p value sums the
 * probabilities of the tables no more probable than the observed one
 * (within a relative 1e-7), and the odds ratio is the conditional maximum
 * likelihood estimate with limits from the noncentral hypergeometric
 * tails.  R finds these roots with uniroot to its default tolerance
 * (about 1.2e-4 on the odds ratio or its reciprocal); here they are solved
 * on the log odds scale to near machine precision. */
#include <float.h>
#include <math.h>

#include "fisher.h"
#include "inotusurv.h"
#include "nchyper.h"
#include "table.h"
#include "zeroin.h"

/* R's relErr for ties with the observed table's probability. */
#define FISHER_REL_ERR (1.0 + 1e-7)
/* The log odds searched; any 2 x 2 root lies far inside (|u| is at most
 * about 2 log N plus the normal quantile's contribution). */
#define LOG_OR_MAX 700.0

enum eq_kind { EQ_MEAN, EQ_LOWER_TAIL, EQ_UPPER_TAIL };

struct eq {
    const struct isurv_nchyper *h;
    double x, target;
    enum eq_kind kind;
};

/* E[X], P(X <= x) or P(X >= x) at log odds u, minus the target. */
static double eq_fn(double u, void *p)
{
    const struct eq *e = p;
    struct isurv_nchyper_sums s;

    isurv_nchyper_sums(e->h, u, e->x, &s);
    switch (e->kind) {
    case EQ_MEAN:
        return s.mean - e->target;
    case EQ_LOWER_TAIL:
        return s.le / s.total - e->target;
    default:
        return s.ge / s.total - e->target;
    }
}

/* Solves eq_fn(u) = 0 for a function that increases in u (the mean and the
 * upper tail) or decreases (the lower tail), stepping out from u = 0 by
 * doubling until the sign changes, then by Brent's method. */
static int solve(struct eq *e, int increasing, double *log_or)
{
    double a = 0.0, fa = eq_fn(0.0, e), b, fb, step = 1.0, dir;

    if (fa == 0.0) {
        *log_or = 0.0;
        return ISURV_OK;
    }
    dir = (fa > 0.0) == (increasing != 0) ? -1.0 : 1.0;
    for (;;) {
        b = dir * step;
        fb = eq_fn(b, e);
        if (fb == 0.0 || (fb > 0.0) != (fa > 0.0))
            break;
        a = b;
        fa = fb;
        step *= 2.0;
        if (step > LOG_OR_MAX)
            return ISURV_ENOCONV;
    }
    if (isurv_zeroin(eq_fn, e, a, b, fa, fb, 4.0 * DBL_EPSILON, 1000, log_or) != 0)
        return ISURV_ENOCONV;
    return ISURV_OK;
}

static int solve_or(const struct isurv_nchyper *h, double x, enum eq_kind kind,
                    double target, double *odds_ratio)
{
    struct eq e;
    double u;
    int rc;

    e.h = h;
    e.x = x;
    e.kind = kind;
    e.target = target;
    rc = solve(&e, kind != EQ_LOWER_TAIL, &u);
    if (rc == ISURV_OK)
        *odds_ratio = exp(u);
    return rc;
}

/* The limits of fisher.test's ncp.L and ncp.U: the odds ratios at which the
 * observed cell sits at tail probability alpha. */
static int lower_limit(const struct isurv_nchyper *h, double x, double alpha,
                       double *lim)
{
    if (x == h->lo) {
        *lim = 0.0;
        return ISURV_OK;
    }
    return solve_or(h, x, EQ_UPPER_TAIL, alpha, lim);
}

static int upper_limit(const struct isurv_nchyper *h, double x, double alpha,
                       double *lim)
{
    if (x == h->hi) {
        *lim = INFINITY;
        return ISURV_OK;
    }
    return solve_or(h, x, EQ_LOWER_TAIL, alpha, lim);
}

static int estimate(const struct isurv_nchyper *h, double x, double *or)
{
    if (x == h->lo) {
        *or = 0.0;
        return ISURV_OK;
    }
    if (x == h->hi) {
        *or = INFINITY;
        return ISURV_OK;
    }
    return solve_or(h, x, EQ_MEAN, x, or);
}

static int interval(const struct isurv_nchyper *h, double x, int alternative,
                    double conf_level, double *lower, double *upper)
{
    int rc = ISURV_OK;

    switch (alternative) {
    case ISURV_LESS:
        *lower = 0.0;
        rc = upper_limit(h, x, 1.0 - conf_level, upper);
        break;
    case ISURV_GREATER:
        *upper = INFINITY;
        rc = lower_limit(h, x, 1.0 - conf_level, lower);
        break;
    default:
        rc = lower_limit(h, x, (1.0 - conf_level) / 2.0, lower);
        if (rc == ISURV_OK)
            rc = upper_limit(h, x, (1.0 - conf_level) / 2.0, upper);
        break;
    }
    return rc;
}

int isurv_fisher_2x2(double *p_value, double *odds_ratio, double *or_lower,
                     double *or_upper, const double *table, int alternative,
                     double conf_level)
{
    struct isurv_nchyper h;
    struct isurv_nchyper_sums s;
    double x = table[0], p, or = NAN, lo = NAN, hi = NAN;
    int rc = ISURV_OK;

    /* R's m, n (column totals) and k (first row total). */
    isurv_nchyper_init(&h, table[0] + table[2], table[1] + table[3],
                       table[0] + table[1]);
    isurv_nchyper_sums(&h, 0.0, x, &s);
    if (alternative == ISURV_LESS)
        p = s.le / s.total;
    else if (alternative == ISURV_GREATER)
        p = s.ge / s.total;
    else
        p = isurv_nchyper_sum_below(&h, 0.0, s.at_x * FISHER_REL_ERR) / s.total;
    if (odds_ratio)
        rc = estimate(&h, x, &or);
    if (rc == ISURV_OK && (or_lower || or_upper))
        rc = interval(&h, x, alternative, conf_level, &lo, &hi);
    if (rc != ISURV_OK)
        return rc;
    *p_value = p;
    if (odds_ratio)
        *odds_ratio = or;
    if (or_lower)
        *or_lower = lo;
    if (or_upper)
        *or_upper = hi;
    return ISURV_OK;
}

int isurv_fisher_test(double *p_value, double *odds_ratio, double *or_lower,
                      double *or_upper, const double *table, size_t nrow,
                      size_t ncol, int alternative, double conf_level)
{
    int is2x2 = nrow == 2 && ncol == 2, rc;
    double p;

    if (!p_value || !table)
        return ISURV_ENULL;
    if (nrow < 2 || ncol < 2)
        return ISURV_EDIM;
    if (alternative != ISURV_TWO_SIDED && alternative != ISURV_LESS
        && alternative != ISURV_GREATER)
        return ISURV_EOPTION;
    /* One-sided alternatives have no meaning beyond 2 x 2; R ignores the
     * argument there, which would hide a caller's mistake. */
    if (!is2x2 && alternative != ISURV_TWO_SIDED)
        return ISURV_EOPTION;
    if (!(conf_level > 0.0 && conf_level < 1.0))
        return ISURV_EPROB;
    if ((rc = isurv_table_check(table, nrow, ncol)) != ISURV_OK)
        return rc;
    if (is2x2)
        return isurv_fisher_2x2(p_value, odds_ratio, or_lower, or_upper, table,
                                alternative, conf_level);
    if ((rc = isurv_fisher_rxc(&p, table, nrow, ncol)) != ISURV_OK)
        return rc;
    *p_value = p;
    if (odds_ratio)
        *odds_ratio = NAN;
    if (or_lower)
        *or_lower = NAN;
    if (or_upper)
        *or_upper = NAN;
    return ISURV_OK;
}
