/* Sums of the noncentral hypergeometric probabilities.
 *
 * The terms are generated from the mode outward with the exact ratio
 *   P(s+1) / P(s) = (m - s)(k - s) / ((s + 1)(n - k + s + 1)) * psi,
 * so no binomial coefficient is ever formed: log-factorial differences
 * would lose about log10(N log N) digits to cancellation at tens of
 * thousands of counts, while each ratio costs one rounding.  Since the
 * distribution is log-concave the terms fall monotonically on both sides
 * of the mode, and the walk stops once they drop below TERM_FLOOR of the
 * mode, deep in the subnormal range: a tail sum (a p value) as small as
 * 1e-300 then still has its full 16 digits, since what is dropped or
 * rounded in subnormal arithmetic is of the order of 1e-320. */
#include <math.h>

#include "nchyper.h"

#define TERM_FLOOR 1e-320

void isurv_nchyper_init(struct isurv_nchyper *h, double m, double n, double k)
{
    h->m = m;
    h->n = n;
    h->k = k;
    h->lo = k - n > 0.0 ? k - n : 0.0;
    h->hi = k < m ? k : m;
}

/* P(s+1) / P(s) of the central distribution, lo <= s < hi. */
static double ratio(const struct isurv_nchyper *h, double s)
{
    return ((h->m - s) * (h->k - s)) / ((s + 1.0) * (h->n - h->k + s + 1.0));
}

/* The first s with P(s+1)/P(s) <= 1 at odds psi: the mode (the lower one
 * if two terms tie), found by bisection since the ratio falls as s grows. */
static double mode(const struct isurv_nchyper *h, double psi)
{
    double a = h->lo, b = h->hi;

    if (ratio(h, a) * psi <= 1.0)
        return a;
    /* Invariant: ratio(a) psi > 1, and b == hi or ratio(b) psi <= 1. */
    while (b - a > 1.0) {
        double mid = floor(a + (b - a) / 2.0);
        if (ratio(h, mid) * psi <= 1.0)
            b = mid;
        else
            a = mid;
    }
    return b;
}

/* Calls visit(s, term, acc) for every term above TERM_FLOOR, the mode
 * (term 1) first, then upward, then downward. */
typedef void (*visit_fn)(double s, double term, void *acc);

static void walk(const struct isurv_nchyper *h, double u, visit_fn visit,
                 void *acc)
{
    double psi = exp(u), s0 = mode(h, psi), s, t;

    visit(s0, 1.0, acc);
    for (s = s0, t = 1.0; s < h->hi;) {
        t *= ratio(h, s) * psi;
        s += 1.0;
        if (t < TERM_FLOOR)
            break;
        visit(s, t, acc);
    }
    for (s = s0, t = 1.0; s > h->lo;) {
        t /= ratio(h, s - 1.0) * psi;
        s -= 1.0;
        if (t < TERM_FLOOR)
            break;
        visit(s, t, acc);
    }
}

struct sums_acc {
    double x, total, first, le, ge, at_x;
};

static void add_sums(double s, double t, void *p)
{
    struct sums_acc *a = p;

    a->total += t;
    a->first += s * t;
    if (s <= a->x)
        a->le += t;
    if (s >= a->x)
        a->ge += t;
    if (s == a->x)
        a->at_x = t;
}

void isurv_nchyper_sums(const struct isurv_nchyper *h, double u, double x,
                        struct isurv_nchyper_sums *out)
{
    struct sums_acc a = { 0.0, 0.0, 0.0, 0.0, 0.0, 0.0 };

    a.x = x;
    walk(h, u, add_sums, &a);
    out->total = a.total;
    out->mean = a.first / a.total;
    out->le = a.le;
    out->ge = a.ge;
    out->at_x = a.at_x;
}

struct below_acc {
    double bound, sum;
};

static void add_below(double s, double t, void *p)
{
    struct below_acc *a = p;

    (void)s;
    if (t <= a->bound)
        a->sum += t;
}

double isurv_nchyper_sum_below(const struct isurv_nchyper *h, double u,
                               double bound)
{
    struct below_acc a;

    a.bound = bound;
    a.sum = 0.0;
    walk(h, u, add_below, &a);
    return a.sum;
}
