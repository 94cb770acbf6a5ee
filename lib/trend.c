/* The chi-square test for trend in proportions (Cochran 1954; Armitage
 * 1955) as R's prop.trend.test computes it: the regression sum of squares
 * of the proportions x_i / n_i on the scores, weighted by
 * n_i / (p (1 - p)) with p the pooled proportion.  In closed form
 *   X^2 = [sum s_i (x_i - n_i p)]^2 / (p (1 - p) sum n_i (s_i - sbar)^2),
 * sbar = sum n_i s_i / N, on 1 degree of freedom; it omits the N / (N - 1)
 * factor of the permutation-variance version.  X^2 does not change when
 * every score is multiplied by one factor, so the scores are divided by
 * the largest |s_i| first: scores of 1e-321 would otherwise square to 0
 * (and X^2 to 0/0), scores of 1e200 to Inf. */
#include <math.h>

#include "alloc.h"
#include "pchisq_log.h"
#include "inotusurv.h"
#include "table.h"

static int check(const double *events, const double *trials,
                 const double *scores, size_t k)
{
    double total = 0.0;
    size_t i;

    if (!events || !trials)
        return ISURV_ENULL;
    if (k < 2)
        return ISURV_EDIM;
    for (i = 0; i < k; i++)
        if (!isurv_is_count(events[i]) || !isurv_is_count(trials[i])
            || events[i] > trials[i])
            return ISURV_ETABLE;
    if (!isurv_counts_total(trials, k, &total))
        return ISURV_ESIZE;
    for (i = 0; i < k; i++)
        if (trials[i] == 0.0)
            return ISURV_EDIM;
    if (scores)
        for (i = 0; i < k; i++)
            if (!isfinite(scores[i]))
                return ISURV_EARG;
    return ISURV_OK;
}

static int scores_vary(const double *scores, size_t k)
{
    size_t i;

    if (!scores)
        return 1;
    for (i = 1; i < k; i++)
        if (scores[i] != scores[0])
            return 1;
    return 0;
}

/* The i-th score over the largest in size. */
static double score(const double *scores, size_t i, double big)
{
    return (scores ? scores[i] : (double)(i + 1)) / big;
}

int isurv_prop_trend_test(double *statistic, double *p_value,
                          const double *events, const double *trials,
                          const double *scores, size_t k)
{
    double x = 0.0, n = 0.0, sbar = 0.0, p, num = 0.0, ss = 0.0, stat, big = 0.0;
    size_t i;
    int rc;

    if (!p_value)
        return ISURV_ENULL;
    if ((rc = check(events, trials, scores, k)) != ISURV_OK)
        return rc;
    for (i = 0; i < k; i++)
        big = fmax(big, fabs(scores ? scores[i] : (double)(i + 1)));
    if (big == 0.0)
        big = 1.0; /* all scores 0: no variation, refused below */
    for (i = 0; i < k; i++) {
        double s = score(scores, i, big);
        x += events[i];
        n += trials[i];
        sbar += trials[i] * s;
    }
    sbar /= n;
    p = x / n;
    for (i = 0; i < k; i++) {
        double s = score(scores, i, big) - sbar;
        num += s * (events[i] - trials[i] * p);
        ss += trials[i] * s * s;
    }
    /* No events, only events, or one score for every group: the
     * proportions or the scores do not vary and R's regression has no
     * slope (the equality test, not ss > 0, because rounding can leave
     * ss a tiny positive number for equal scores). */
    if (x == 0.0 || x == n || !scores_vary(scores, k))
        return ISURV_EVARIANCE;
    stat = num * num / (p * (1.0 - p) * ss);
    if (statistic)
        *statistic = stat;
    *p_value = isurv_pchisq_upper(stat, 1.0);
    return ISURV_OK;
}
