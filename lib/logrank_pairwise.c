/* Pairwise log-rank tests.  The count table of all groups already holds
 * each pair's events and risk sets in two of its columns, so every pair
 * is one more pass over the table with those columns, with the weight's
 * Kaplan-Meier and the risk sets pooled over the pair alone: the test R's
 * survdiff gives on the pair's subset of rows.  (timefix, when on, merges
 * times over all the data rather than over each pair's rows; the two can
 * differ only for times within 1.5e-8 relative of each other.) */
#include <string.h>

#include "alloc.h"
#include "logrank.h"
#include "pchisq_log.h"

static int pair_p(double *p, const struct isurv_lr_data *d, size_t a,
                  size_t b, const struct isurv_opts *o)
{
    const size_t ns = d->strata.count, cols[2] = { a, b };
    double *obs_s, *exp_s, var[4] = { 0.0, 0.0, 0.0, 0.0 };
    double scratch[ISURV_LR_SCRATCH(2)];
    double obs[2] = { 0.0, 0.0 }, exp[2] = { 0.0, 0.0 }, chisq, df;
    size_t s;
    int rc;

    obs_s = isurv_zalloc(2 * ns, sizeof *obs_s);
    exp_s = isurv_zalloc(2 * ns, sizeof *exp_s);
    if (!obs_s || !exp_s) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    isurv_lr_accumulate(obs_s, exp_s, var, &d->tab, cols, 2, o, scratch);
    for (s = 0; s < ns; s++) {
        obs[0] += obs_s[2 * s];
        obs[1] += obs_s[2 * s + 1];
        exp[0] += exp_s[2 * s];
        exp[1] += exp_s[2 * s + 1];
    }
    rc = isurv_lr_chisq(&chisq, &df, obs, exp, var, 2);
    if (rc == ISURV_OK)
        *p = isurv_pchisq_upper(chisq, df);
done:
    isurv_dealloc(obs_s);
    isurv_dealloc(exp_s);
    return rc;
}

int isurv_logrank_pairwise(double *p_values, size_t npairs, const double *time,
                           const int *event, const int *group, size_t n,
                           const int *strata, const double *entry,
                           const isurv_opts *opts, int adjust)
{
    const struct isurv_opts *o = isurv_opts_or_default(opts);
    struct isurv_lr_data d;
    double *p = NULL;
    size_t k, a, b, j = 0, need;
    int rc;

    if (!p_values || !time || !event || !group)
        return ISURV_ENULL;
    if (adjust < ISURV_ADJUST_NONE || adjust > ISURV_ADJUST_BY)
        return ISURV_EOPTION;
    if ((rc = isurv_lr_data_build(&d, time, event, group, n, strata, entry, o))
        != ISURV_OK)
        return rc;
    k = d.groups.count;
    /* k <= 2^20: k (k - 1) overflows a 32-bit size_t only. */
    if (k - 1 > SIZE_MAX / k) {
        rc = ISURV_ESIZE;
        goto done;
    }
    need = k * (k - 1) / 2;
    if (npairs < need) {
        rc = ISURV_EBUFFER;
        goto done;
    }
    /* Into scratch first: the caller's array changes only on success. */
    if (!(p = isurv_alloc(need, sizeof *p))) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    for (a = 0; a + 1 < k && rc == ISURV_OK; a++)
        for (b = a + 1; b < k && rc == ISURV_OK; b++)
            rc = pair_p(&p[j++], &d, a, b, o);
    if (rc == ISURV_OK)
        rc = isurv_p_adjust(p, p, need, adjust);
    if (rc == ISURV_OK)
        memcpy(p_values, p, need * sizeof *p);
done:
    isurv_dealloc(p);
    isurv_lr_data_clear(&d);
    return rc;
}
