#include <float.h>
#include <math.h>

#include "timefix.h"

/* Walks the merged, sorted stream of both arrays. */
struct merged {
    struct isurv_keyidx *a, *b;
    size_t na, nb, ia, ib;
};

static struct isurv_keyidx *next_item(struct merged *m)
{
    if (m->ia < m->na && (m->ib >= m->nb || m->a[m->ia].t <= m->b[m->ib].t))
        return &m->a[m->ia++];
    if (m->ib < m->nb)
        return &m->b[m->ib++];
    return NULL;
}

/* The sum of the distinct values times scale, and their number. */
static double distinct_sum(struct merged m, double scale, size_t *nuniq)
{
    struct isurv_keyidx *it;
    double sum = 0.0, prev = 0.0;

    *nuniq = 0;
    while ((it = next_item(&m)) != NULL)
        if (*nuniq == 0 || it->t != prev) {
            sum += fabs(it->t) * scale;
            prev = it->t;
            (*nuniq)++;
        }
    return sum;
}

/* R's mean(abs(y)) sums in long double, which does not overflow for
 * times near DBL_MAX; a double sum does, and a mean of Inf would merge
 * every time (dy / Inf = 0).  An infinite sum is therefore taken again
 * in units of 2^64 (the rounding of other sums is unchanged). */
double isurv_timefix_mean(double sum, size_t nuniq, double scaled_sum)
{
    if (!isinf(sum))
        return sum / (double)nuniq;
    return fmin(scaled_sum / (double)nuniq * 0x1p64, DBL_MAX);
}

void isurv_timefix(struct isurv_keyidx *exit, size_t n,
                   struct isurv_keyidx *entry, size_t ne)
{
    const double tol = sqrt(DBL_EPSILON);
    struct merged m = { exit, entry, n, ne, 0, 0 };
    struct isurv_keyidx *it;
    double sum, prev = 0.0, cut = 0.0, mean;
    size_t nuniq;

    sum = distinct_sum(m, 1.0, &nuniq);
    if (nuniq < 2)
        return;
    mean = isurv_timefix_mean(sum, nuniq,
                              isinf(sum) ? distinct_sum(m, 0x1p-64, &nuniq) : 0.0);

    m.ia = m.ib = 0;
    nuniq = 0;
    while ((it = next_item(&m)) != NULL) {
        double t = it->t;
        if (nuniq == 0) {
            cut = t;
            nuniq = 1;
        } else if (t != prev) {
            double dy = t - prev;
            if (!(dy <= tol || dy / mean <= tol))
                cut = t;
            nuniq++;
        }
        prev = t;
        it->t = cut;
    }
}
