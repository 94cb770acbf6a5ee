/* The log-rank test object: the data tabulated once, one pass for the
 * weighted O, E and V of all groups, then survdiff's chi-square. */
#include <stdint.h>
#include <string.h>

#include "alloc.h"
#include "fastcount.h"
#include "logrank.h"
#include "pchisq_log.h"

void isurv_logrank_free(isurv_logrank *fit)
{
    if (!fit)
        return;
    isurv_dealloc(fit->label);
    isurv_dealloc(fit->stratum_label);
    isurv_dealloc(fit->n);
    isurv_dealloc(fit->obs);
    isurv_dealloc(fit->exp);
    isurv_dealloc(fit->obs_s);
    isurv_dealloc(fit->exp_s);
    isurv_dealloc(fit->var);
    isurv_dealloc(fit);
}

int isurv_lr_alloc_fit(struct isurv_logrank *fit, size_t k, size_t ns)
{
    fit->k = k;
    fit->nstrata = ns;
    /* k <= 2^20, so k * k only overflows a 32-bit size_t. */
    if (ns > SIZE_MAX / k || k > SIZE_MAX / k)
        return ISURV_ESIZE;
    fit->label = isurv_alloc(k, sizeof *fit->label);
    fit->stratum_label = isurv_alloc(ns, sizeof *fit->stratum_label);
    fit->n = isurv_zalloc(k, sizeof *fit->n);
    fit->obs = isurv_zalloc(k, sizeof *fit->obs);
    fit->exp = isurv_zalloc(k, sizeof *fit->exp);
    fit->obs_s = isurv_alloc(ns * k, sizeof *fit->obs_s);
    fit->exp_s = isurv_alloc(ns * k, sizeof *fit->exp_s);
    fit->var = isurv_alloc(k * k, sizeof *fit->var);
    if (!fit->label || !fit->stratum_label || !fit->n || !fit->obs
        || !fit->exp || !fit->obs_s || !fit->exp_s || !fit->var)
        return ISURV_ENOMEM;
    memset(fit->obs_s, 0, ns * k * sizeof *fit->obs_s);
    memset(fit->exp_s, 0, ns * k * sizeof *fit->exp_s);
    memset(fit->var, 0, k * k * sizeof *fit->var);
    return ISURV_OK;
}

int isurv_lr_finish(struct isurv_logrank *fit, const size_t *nobs)
{
    const size_t k = fit->k, ns = fit->nstrata;
    size_t s, g;
    int rc;

    for (s = 0; s < ns; s++)
        for (g = 0; g < k; g++) {
            fit->n[g] += (double)nobs[s * k + g];
            fit->obs[g] += fit->obs_s[s * k + g];
            fit->exp[g] += fit->exp_s[s * k + g];
        }
    rc = isurv_lr_chisq(&fit->chisq, &fit->df, fit->obs, fit->exp, fit->var, k);
    if (rc == ISURV_OK) {
        fit->p = isurv_pchisq_upper(fit->chisq, fit->df);
        fit->log_p = isurv_pchisq_upper_log(fit->chisq, fit->df);
    }
    return rc;
}

int isurv_lr_fill(struct isurv_logrank *fit, const struct isurv_lr_data *d,
                  const struct isurv_opts *o)
{
    const size_t k = d->groups.count, ns = d->strata.count;
    size_t *cols = NULL, g;
    double *scratch = NULL;
    int rc;

    if ((rc = isurv_lr_alloc_fit(fit, k, ns)) != ISURV_OK)
        return rc;
    cols = isurv_alloc(k, sizeof *cols);
    scratch = isurv_alloc(ISURV_LR_SCRATCH(k), sizeof *scratch);
    if (!cols || !scratch) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    memcpy(fit->label, d->groups.value, k * sizeof *fit->label);
    memcpy(fit->stratum_label, d->strata.value, ns * sizeof *fit->stratum_label);
    for (g = 0; g < k; g++)
        cols[g] = g;
    isurv_lr_accumulate(fit->obs_s, fit->exp_s, fit->var, &d->tab, cols, k, o,
                        scratch);
    rc = isurv_lr_finish(fit, d->tab.nobs);
done:
    isurv_dealloc(cols);
    isurv_dealloc(scratch);
    return rc;
}

int isurv_logrank_test(isurv_logrank **out, const double *time,
                       const int *event, const int *group, size_t n,
                       const int *strata, const double *entry,
                       const isurv_opts *opts)
{
    const struct isurv_opts *o = isurv_opts_or_default(opts);
    struct isurv_lr_data d;
    struct isurv_logrank *fit;
    int rc = ISURV_FAST_UNFIT;

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if (!strata && !entry) {
        if (!(fit = isurv_zalloc(1, sizeof *fit)))
            return group ? ISURV_ENOMEM : ISURV_ENULL;
        rc = isurv_lr_fast(fit, time, event, group, n, o);
        if (rc == ISURV_OK) {
            *out = fit;
            return rc;
        }
        isurv_logrank_free(fit);
        if (rc != ISURV_FAST_UNFIT)
            return rc;
    }
    if ((rc = isurv_lr_data_build(&d, time, event, group, n, strata, entry, o))
        != ISURV_OK)
        return rc;
    fit = isurv_zalloc(1, sizeof *fit);
    rc = fit ? isurv_lr_fill(fit, &d, o) : ISURV_ENOMEM;
    isurv_lr_data_clear(&d);
    if (rc != ISURV_OK)
        isurv_logrank_free(fit);
    else
        *out = fit;
    return rc;
}

size_t isurv_logrank_ngroups(const isurv_logrank *fit)
{
    return fit ? fit->k : 0;
}

int isurv_logrank_group(const isurv_logrank *fit, size_t i, int *label)
{
    if (!fit || !label)
        return ISURV_ENULL;
    if (i >= fit->k)
        return ISURV_EINDEX;
    *label = fit->label[i];
    return ISURV_OK;
}

int isurv_logrank_stat(const isurv_logrank *fit, double *chisq, double *df,
                       double *p_value)
{
    if (!fit)
        return ISURV_ENULL;
    if (chisq)
        *chisq = fit->chisq;
    if (df)
        *df = fit->df;
    if (p_value)
        *p_value = fit->p;
    return ISURV_OK;
}

int isurv_logrank_log_p(const isurv_logrank *fit, double *log_p)
{
    if (!fit || !log_p)
        return ISURV_ENULL;
    *log_p = fit->log_p;
    return ISURV_OK;
}

int isurv_logrank_table(const isurv_logrank *fit, double *n, double *observed,
                        double *expected, double *oe2_e, double *oe2_v,
                        size_t k)
{
    size_t g;

    if (!fit)
        return ISURV_ENULL;
    if (k < fit->k)
        return ISURV_EBUFFER;
    for (g = 0; g < fit->k; g++) {
        double u = fit->obs[g] - fit->exp[g];
        if (n)
            n[g] = fit->n[g];
        if (observed)
            observed[g] = fit->obs[g];
        if (expected)
            expected[g] = fit->exp[g];
        /* 0/0 = NaN for a group with E = 0, as R prints it. */
        if (oe2_e)
            oe2_e[g] = u * u / fit->exp[g];
        if (oe2_v)
            oe2_v[g] = u * u / fit->var[g * fit->k + g];
    }
    return ISURV_OK;
}

int isurv_logrank_variance(const isurv_logrank *fit, double *v, size_t len)
{
    if (!fit || !v)
        return ISURV_ENULL;
    if (len / fit->k < fit->k)
        return ISURV_EBUFFER;
    memcpy(v, fit->var, fit->k * fit->k * sizeof *v);
    return ISURV_OK;
}

size_t isurv_logrank_nstrata(const isurv_logrank *fit)
{
    return fit ? fit->nstrata : 0;
}

int isurv_logrank_stratum(const isurv_logrank *fit, size_t s, int *label,
                          double *observed, double *expected, size_t k)
{
    if (!fit)
        return ISURV_ENULL;
    if (s >= fit->nstrata)
        return ISURV_EINDEX;
    if ((observed || expected) && k < fit->k)
        return ISURV_EBUFFER;
    if (label)
        *label = fit->stratum_label[s];
    if (observed)
        memcpy(observed, fit->obs_s + s * fit->k, fit->k * sizeof *observed);
    if (expected)
        memcpy(expected, fit->exp_s + s * fit->k, fit->k * sizeof *expected);
    return ISURV_OK;
}
