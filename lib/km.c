/* Kaplan-Meier fit.  Unweighted data without entry times take the fast
 * path (lib/fastcount.h): keys sorted or counted, rows appended to each
 * curve as they come.  Weights or entry times take the count table
 * (lib/counts.h), whose columns the fit then keeps. */
#include <string.h>

#include "alloc.h"
#include "confint.h"
#include "counts.h"
#include "fastcount.h"
#include "km.h"
#include "labels.h"
#include "opts.h"
#include "threads.h"
#include "validate.h"

void isurv_km_free(isurv_km *fit)
{
    size_t c;
    int k;

    if (!fit)
        return;
    if (fit->curve)
        for (c = 0; c < fit->ncurves; c++)
            isurv_km_curve_free(&fit->curve[c]);
    for (k = 0; k < 5; k++)
        isurv_dealloc(fit->block[k]);
    isurv_dealloc(fit->curve);
    isurv_dealloc(fit->label);
    isurv_dealloc(fit);
}

int isurv_km_alloc_curves(struct isurv_km *fit, const struct isurv_labels *labels)
{
    fit->ncurves = labels->count;
    fit->label = isurv_alloc(fit->ncurves, sizeof *fit->label);
    fit->curve = isurv_zalloc(fit->ncurves, sizeof *fit->curve);
    if (!fit->label || !fit->curve)
        return ISURV_ENOMEM;
    memcpy(fit->label, labels->value, fit->ncurves * sizeof *fit->label);
    return ISURV_OK;
}

/* --------------------------------------------------------- general path */

/* The fit keeps the count table's columns; each curve points at its
 * rows, and its checkpoints are made by the same steps as the cursor's. */
static int km_from_counts(struct isurv_km *fit, struct isurv_counts *tab,
                          const struct isurv_labels *labels)
{
    size_t c;
    int rc;

    if ((rc = isurv_km_alloc_curves(fit, labels)) != ISURV_OK)
        return rc;
    fit->block[0] = tab->time;
    fit->block[1] = tab->nrisk;
    fit->block[2] = tab->nevent;
    fit->block[3] = tab->ncensor;
    fit->block[4] = tab->nenter;
    tab->time = tab->nrisk = tab->nevent = tab->ncensor = tab->nenter = NULL;
    for (c = 0; c < fit->ncurves; c++) {
        struct isurv_km_curve *cv = &fit->curve[c];
        size_t lo = tab->start[c];
        cv->nrows = tab->start[c + 1] - lo;
        cv->nobs = tab->nobs[c];
        cv->time = fit->block[0] + lo;
        cv->n_risk = fit->block[1] + lo;
        cv->n_event = fit->block[2] + lo;
        cv->n_censor = fit->block[3] + lo;
        cv->n_enter = fit->block[4] + lo;
        if ((rc = isurv_km_checkpoint_full(cv)) != ISURV_OK)
            return rc;
    }
    return ISURV_OK;
}

static int km_general(struct isurv_km *fit, const double *time,
                      const int *event, size_t n, const double *weights,
                      const double *entry, const int *group,
                      const struct isurv_opts *o)
{
    struct isurv_labels labels = { NULL, 0 };
    struct isurv_counts tab;
    struct isurv_counts_input in;
    uint32_t *curve_of = NULL;
    int rc;

    memset(&tab, 0, sizeof tab);
    if ((rc = isurv_check_survdata(time, event, n, weights, entry)) != ISURV_OK)
        return rc;
    if (!(curve_of = isurv_alloc(n, sizeof *curve_of)))
        return ISURV_ENOMEM;
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
    return rc;
}

int isurv_km_fit(isurv_km **out, const double *time, const int *event,
                 size_t n, const double *weights, const double *entry,
                 const int *group, const isurv_opts *opts)
{
    const struct isurv_opts *o = isurv_opts_or_default(opts);
    struct isurv_km *fit;
    int rc = ISURV_FAST_UNFIT;

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if (!(fit = isurv_zalloc(1, sizeof *fit)))
        return ISURV_ENOMEM;
    fit->conf_level = o->conf_level;
    fit->conf_type = o->conf_type;
    fit->z = isurv_conf_z(o->conf_level);
    if (!weights && !entry)
        rc = isurv_km_fit_fast(fit, time, event, n, group, o);
    if (rc == ISURV_FAST_UNFIT) {
        isurv_km_free(fit);
        if (!(fit = isurv_zalloc(1, sizeof *fit)))
            return ISURV_ENOMEM;
        fit->conf_level = o->conf_level;
        fit->conf_type = o->conf_type;
        fit->z = isurv_conf_z(o->conf_level);
        rc = km_general(fit, time, event, n, weights, entry, group, o);
    }
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
    *nobs = fit->curve[curve].nobs;
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
    struct isurv_km_cursor cur;
    struct isurv_km_row row;
    size_t rows, r;

    if (!fit || !dst)
        return ISURV_ENULL;
    if (curve >= fit->ncurves || column < 0 || column >= ISURV_KM_NCOLUMNS)
        return ISURV_EINDEX;
    rows = isurv_km_rows(fit, curve);
    if (len < rows)
        return ISURV_EBUFFER;
    if (column == ISURV_KM_TIME) {
        memcpy(dst, isurv_km_times(fit, curve), rows * sizeof *dst);
        return ISURV_OK;
    }
    isurv_km_cursor_begin(&cur, fit, curve);
    for (r = 0; r < rows; r++) {
        isurv_km_cursor_next(&cur, &row);
        dst[r] = isurv_km_value(fit, &row, column);
    }
    return ISURV_OK;
}
