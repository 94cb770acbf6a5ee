#include <float.h>
#include <math.h>

#include "timefix.h"
#include "distinct.h"

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

/* The mean of the distinct |values| (R's mean(abs(y))), as the fast
 * paths find it (lib/distinct.h), so that both get the same double. */
static double distinct_mean(struct merged m, size_t *nuniq)
{
    struct isurv_distinct d;
    struct isurv_keyidx *it;
    double prev = 0.0;

    isurv_distinct_init(&d);
    while ((it = next_item(&m)) != NULL)
        if (d.count == 0 || it->t != prev) {
            isurv_distinct_add_time(&d, it->t);
            prev = it->t;
        }
    *nuniq = (size_t)d.count;
    return d.count > 0 ? isurv_distinct_mean(&d) : 0.0;
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
