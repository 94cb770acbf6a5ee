/* p-value adjustments for multiple comparisons, as R's p.adjust (stats
 * package): NaN entries (R's NA) are kept and not counted in m.
 *   Bonferroni: min(1, m p)
 *   Holm 1979: step-down, cummax of (m + 1 - i) p_(i) over ascending p
 *   Hochberg 1988: step-up, cummin of (m + 1 - i) p_(i) from the top
 *   Benjamini-Hochberg 1995: cummin of m / i p_(i) from the top
 *   Benjamini-Yekutieli 2001: BH times sum_{i <= m} 1/i
 * each capped at 1.  Tied p values get one adjusted value whatever their
 * order, so the sort need not be stable.  The arithmetic follows R's
 * expressions term by term so that results agree to the last bit or
 * two. */
#include <math.h>
#include <stdlib.h>

#include "alloc.h"
#include "inotusurv.h"

struct pv {
    double p;
    size_t i;
};

static int by_p(const void *a, const void *b)
{
    double x = ((const struct pv *)a)->p, y = ((const struct pv *)b)->p;
    return (x > y) - (x < y);
}

/* v[0 .. n-1] sorted ascending; writes the adjusted values into out at
 * the original positions. */
static void adjust_sorted(double *out, const struct pv *v, size_t n, int method)
{
    const double dn = (double)n;
    double run, q = 0.0;
    size_t j;

    switch (method) {
    case ISURV_ADJUST_BONFERRONI:
        for (j = 0; j < n; j++)
            out[v[j].i] = fmin(1.0, dn * v[j].p);
        break;
    case ISURV_ADJUST_HOLM:
        run = 0.0;
        for (j = 0; j < n; j++) {
            /* i = j + 1 in R's 1-based order */
            run = fmax(run, (dn - (double)j) * v[j].p);
            out[v[j].i] = fmin(1.0, run);
        }
        break;
    case ISURV_ADJUST_BY:
    case ISURV_ADJUST_HOCHBERG:
    case ISURV_ADJUST_BH:
        /* BY is BH with the factor q */
        for (j = 1; method == ISURV_ADJUST_BY && j <= n; j++)
            q += 1.0 / (double)j;
        run = INFINITY;
        for (j = n; j-- > 0;) {
            double i = (double)(j + 1), t;
            if (method == ISURV_ADJUST_HOCHBERG)
                t = (dn + 1.0 - i) * v[j].p;
            else if (method == ISURV_ADJUST_BH)
                t = dn / i * v[j].p;
            else
                t = q * dn / i * v[j].p;
            run = fmin(run, t);
            out[v[j].i] = fmin(1.0, run);
        }
        break;
    default: /* ISURV_ADJUST_NONE */
        for (j = 0; j < n; j++)
            out[v[j].i] = v[j].p;
    }
}

int isurv_p_adjust(double *out, const double *p, size_t m, int method)
{
    struct pv *v;
    size_t i, n = 0;

    if (!out || !p)
        return ISURV_ENULL;
    if (m == 0)
        return ISURV_EEMPTY;
    if (method < ISURV_ADJUST_NONE || method > ISURV_ADJUST_BY)
        return ISURV_EOPTION;
    for (i = 0; i < m; i++)
        if (!isnan(p[i]) && !(p[i] >= 0.0 && p[i] <= 1.0))
            return ISURV_EPROB;
    v = isurv_alloc(m, sizeof *v);
    if (!v)
        return ISURV_ENOMEM;
    for (i = 0; i < m; i++)
        if (!isnan(p[i])) {
            v[n].p = p[i];
            v[n++].i = i;
        }
    /* All of p is read before out is written: out may be p. */
    for (i = 0; i < m; i++)
        if (isnan(p[i]))
            out[i] = p[i];
    if (n <= 1) {
        /* R returns p unchanged when at most one value counts. */
        for (i = 0; i < n; i++)
            out[v[i].i] = v[i].p;
    } else {
        qsort(v, n, sizeof *v, by_p);
        adjust_sorted(out, v, n, method);
    }
    isurv_dealloc(v);
    return ISURV_OK;
}
