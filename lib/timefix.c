#include <float.h>
#include <math.h>

#include "timefix.h"
#include "widesum.h"

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

/* The mean of the distinct |values| (R's mean(abs(y))): their exact sum
 * divided by their number, rounded once, so that the fast paths, which
 * sum them in parts (lib/radix.h), get the same double. */
static double distinct_mean(struct merged m, size_t *nuniq)
{
    struct isurv_widesum sum;
    struct isurv_keyidx *it;
    double prev = 0.0;

    isurv_widesum_init(&sum);
    *nuniq = 0;
    while ((it = next_item(&m)) != NULL)
        if (*nuniq == 0 || it->t != prev) {
            isurv_widesum_add(&sum, fabs(it->t));
            prev = it->t;
            (*nuniq)++;
        }
    return *nuniq > 0 ? isurv_widesum_mean(&sum, *nuniq) : 0.0;
}

void isurv_timefix(struct isurv_keyidx *exit, size_t n,
                   struct isurv_keyidx *entry, size_t ne)
{
    const double tol = sqrt(DBL_EPSILON);
    struct merged m = { exit, entry, n, ne, 0, 0 };
    struct isurv_keyidx *it;
    double prev = 0.0, cut = 0.0, mean;
    size_t nuniq;

    mean = distinct_mean(m, &nuniq);
    if (nuniq < 2)
        return;

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
