/* Kaplan-Meier fit: validation, the count table, then one pass per curve
 * for the product-limit estimate, Greenwood and Nelson-Aalen sums. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "confint.h"
#include "counts.h"
#include "km.h"
#include "labels.h"
#include "opts.h"
#include "validate.h"

void isurv_km_free(isurv_km *fit)
{
    int c;

    if (!fit)
        return;
    for (c = 0; c < ISURV_KM_NCOLUMNS; c++)
        isurv_dealloc(fit->col[c]);
    isurv_dealloc(fit->label);
    isurv_dealloc(fit->start);
    isurv_dealloc(fit->nobs);
    isurv_dealloc(fit);
}

/* The estimates along one curve.  R's conventions: S is the running
 * product of (n - d) / n; the Greenwood term d / (n (n - d)) is infinite
 * when S drops to 0, so the SE is Inf and the limits NaN there. */
static void estimate_curve(struct isurv_km *fit, size_t curve, double z)
{
    size_t r, lo = fit->start[curve], hi = fit->start[curve + 1];
    double surv = 1.0, greenwood = 0.0, chaz = 0.0, var_chaz = 0.0;
    double **col = fit->col;

    for (r = lo; r < hi; r++) {
        double n = col[ISURV_KM_N_RISK][r], d = col[ISURV_KM_N_EVENT][r];
        double se;

        if (d > 0.0) {
            surv *= (n - d) / n;
            greenwood += n > d ? d / (n * (n - d)) : INFINITY;
            chaz += d / n;
            var_chaz += d / (n * n);
        }
        se = sqrt(greenwood);
        col[ISURV_KM_SURV][r] = surv;
        col[ISURV_KM_STD_LOGSURV][r] = se;
        col[ISURV_KM_STD_ERR][r] = se * surv;
        col[ISURV_KM_CUMHAZ][r] = chaz;
        col[ISURV_KM_STD_CHAZ][r] = sqrt(var_chaz);
        isurv_confint(&col[ISURV_KM_LOWER][r], &col[ISURV_KM_UPPER][r], surv,
                      se, z, fit->conf_type);
    }
}

static int km_from_counts(struct isurv_km *fit, const struct isurv_counts *tab,
                          const struct isurv_labels *labels)
{
    size_t nrows = tab->start[tab->nstrata], c;
    int k;

    fit->ncurves = tab->nstrata;
    fit->label = isurv_alloc(fit->ncurves, sizeof *fit->label);
    fit->start = isurv_alloc(fit->ncurves + 1, sizeof *fit->start);
    fit->nobs = isurv_alloc(fit->ncurves, sizeof *fit->nobs);
    if (!fit->label || !fit->start || !fit->nobs)
        return ISURV_ENOMEM;
    for (k = 0; k < ISURV_KM_NCOLUMNS; k++)
        if (!(fit->col[k] = isurv_alloc(nrows, sizeof(double))))
            return ISURV_ENOMEM;
    memcpy(fit->label, labels->value, fit->ncurves * sizeof *fit->label);
    memcpy(fit->start, tab->start, (fit->ncurves + 1) * sizeof *fit->start);
    memcpy(fit->nobs, tab->nobs, fit->ncurves * sizeof *fit->nobs);
    memcpy(fit->col[ISURV_KM_TIME], tab->time, nrows * sizeof(double));
    memcpy(fit->col[ISURV_KM_N_RISK], tab->nrisk, nrows * sizeof(double));
    memcpy(fit->col[ISURV_KM_N_EVENT], tab->nevent, nrows * sizeof(double));
    memcpy(fit->col[ISURV_KM_N_CENSOR], tab->ncensor, nrows * sizeof(double));
    memcpy(fit->col[ISURV_KM_N_ENTER], tab->nenter, nrows * sizeof(double));
    for (c = 0; c < fit->ncurves; c++)
        estimate_curve(fit, c, isurv_conf_z(fit->conf_level));
    return ISURV_OK;
}

int isurv_km_fit(isurv_km **out, const double *time, const int *event,
                 size_t n, const double *weights, const double *entry,
                 const int *group, const isurv_opts *opts)
{
    const struct isurv_opts *o = isurv_opts_or_default(opts);
    struct isurv_labels labels = { NULL, 0 };
    struct isurv_counts tab;
    struct isurv_counts_input in;
    struct isurv_km *fit = NULL;
    uint32_t *curve_of = NULL;
    int rc;

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if ((rc = isurv_check_survdata(time, event, n, weights, entry)) != ISURV_OK)
        return rc;
    memset(&tab, 0, sizeof tab);
    curve_of = isurv_alloc(n, sizeof *curve_of);
    fit = isurv_zalloc(1, sizeof *fit);
    if (!curve_of || !fit) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    fit->conf_level = o->conf_level;
    fit->conf_type = o->conf_type;
    if ((rc = isurv_labels_build(&labels, curve_of, group, n)) != ISURV_OK)
        goto done;
    /* One curve per group: the groups are the count table's strata. */
    in.time = time;
    in.event = event;
    in.weights = weights;
    in.entry = entry;
    in.stratum = curve_of;
    in.group = NULL;
    in.n = n;
    in.nstrata = labels.count;
    in.ngroups = 1;
    in.timefix = o->timefix;
    if ((rc = isurv_counts_build(&tab, &in)) != ISURV_OK)
        goto done;
    rc = km_from_counts(fit, &tab, &labels);
done:
    isurv_counts_clear(&tab);
    isurv_labels_clear(&labels);
    isurv_dealloc(curve_of);
    if (rc != ISURV_OK)
        isurv_km_free(fit);
    else
        *out = fit;
    return rc;
}

size_t isurv_km_ncurves(const isurv_km *fit)
{
    return fit ? fit->ncurves : 0;
}

int isurv_km_group(const isurv_km *fit, size_t curve, int *label)
{
    if (!fit || !label)
        return ISURV_ENULL;
    if (curve >= fit->ncurves)
        return ISURV_EINDEX;
    *label = fit->label[curve];
    return ISURV_OK;
}

int isurv_km_nobs(const isurv_km *fit, size_t curve, size_t *nobs)
{
    if (!fit || !nobs)
        return ISURV_ENULL;
    if (curve >= fit->ncurves)
        return ISURV_EINDEX;
    *nobs = fit->nobs[curve];
    return ISURV_OK;
}

int isurv_km_ntimes(const isurv_km *fit, size_t curve, size_t *ntimes)
{
    if (!fit || !ntimes)
        return ISURV_ENULL;
    if (curve >= fit->ncurves)
        return ISURV_EINDEX;
    *ntimes = isurv_km_rows(fit, curve);
    return ISURV_OK;
}

int isurv_km_column(const isurv_km *fit, size_t curve, int column,
                    double *dst, size_t len)
{
    size_t rows;

    if (!fit || !dst)
        return ISURV_ENULL;
    if (curve >= fit->ncurves || column < 0 || column >= ISURV_KM_NCOLUMNS)
        return ISURV_EINDEX;
    rows = isurv_km_rows(fit, curve);
    if (len < rows)
        return ISURV_EBUFFER;
    memcpy(dst, isurv_km_col(fit, curve, column), rows * sizeof *dst);
    return ISURV_OK;
}
