/* Kaplan-Meier fit.  Unweighted data without entry times take the fast
 * path (lib/fastcount.h): keys sorted or counted, rows appended to each
 * curve as they come.  Weights or entry times take the count table
 * (lib/counts.h), whose columns the fit then keeps. */
#include <math.h>
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
#include "vecdiv.h"

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
    isurv_dealloc(fit->keys);
    isurv_dealloc(fit->codes);
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
int isurv_km_from_counts(struct isurv_km *fit, struct isurv_counts *tab,
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
    rc = isurv_km_from_counts(fit, &tab, &labels);
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
    if (!(fit = isurv_km_new(o)))
        return ISURV_ENOMEM;
    if (!weights && !entry)
        rc = isurv_km_fit_fast(fit, time, event, n, group, o);
    if (rc == ISURV_FAST_UNFIT) {
        /* the general path starts from an empty fit */
        isurv_km_free(fit);
        if (!(fit = isurv_km_new(o)))
            return ISURV_ENOMEM;
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

/* Counts of rows [r0, r0 + m) of a curve, going on from the cursor's
 * position (which is r0): n at risk, events, censorings, entries. */
static void block_counts(struct isurv_km_cursor *cur, size_t m, double *n,
                         double *d, double *c, double *e)
{
    const struct isurv_km_curve *cv = cur->cv;
    size_t i, r0 = cur->row;

    if (cv->n_risk) {
        memcpy(n, cv->n_risk + r0, m * sizeof *n);
        memcpy(d, cv->n_event + r0, m * sizeof *d);
        memcpy(c, cv->n_censor + r0, m * sizeof *c);
        memcpy(e, cv->n_enter + r0, m * sizeof *e);
    } else {
        for (i = 0; i < m; i++) {
            unsigned code = cv->code[r0 + i];
            if (code == ISURV_KM_ESCAPE) {
                d[i] = cv->esc_d[cur->esc];
                c[i] = cv->esc_c[cur->esc];
                cur->esc++;
            } else {
                d[i] = (double)(code >> 4);
                c[i] = (double)(code & 15);
            }
            n[i] = cur->risk;
            e[i] = 0.0;
            cur->risk -= d[i] + c[i];
        }
    }
    cur->row += m;
}

/* A column a block at a time: the counts decoded, then for the estimates
 * the running product and sums by the fit's own steps (the factors as a
 * vector loop where every row has someone at risk, as in the fit). */
int isurv_km_column(const isurv_km *fit, size_t curve, int column,
                    double *dst, size_t len)
{
    enum { B = ISURV_KM_BATCH };
    double n[B], d[B], c[B], e[B], f[B], g[B];
    struct isurv_km_cursor cur;
    size_t rows, r0, m, i;

    if (!fit || !dst)
        return ISURV_ENULL;
    if (curve >= fit->ncurves || column < 0 || column >= ISURV_KM_NCOLUMNS)
        return ISURV_EINDEX;
    rows = isurv_km_rows(fit, curve);
    if (len < rows)
        return ISURV_EBUFFER;
    if (column == ISURV_KM_TIME) {
        isurv_km_copy_times(&fit->curve[curve], 0, rows, dst);
        return ISURV_OK;
    }
    isurv_km_cursor_begin(&cur, fit, curve);
    for (r0 = 0; r0 < rows; r0 += m) {
        double *out = dst + r0;
        m = rows - r0 < B ? rows - r0 : B;
        block_counts(&cur, m, n, d, c, e);
        switch (column) {
        case ISURV_KM_N_RISK:
            memcpy(out, n, m * sizeof *out);
            continue;
        case ISURV_KM_N_EVENT:
            memcpy(out, d, m * sizeof *out);
            continue;
        case ISURV_KM_N_CENSOR:
            memcpy(out, c, m * sizeof *out);
            continue;
        case ISURV_KM_N_ENTER:
            memcpy(out, e, m * sizeof *out);
            continue;
        case ISURV_KM_CUMHAZ:
        case ISURV_KM_STD_CHAZ:
            for (i = 0; i < m; i++) {
                if (d[i] > 0.0) {
                    cur.chaz += d[i] / n[i];
                    cur.var_chaz += isurv_div_prod(d[i], n[i], n[i]);
                }
                out[i] = column == ISURV_KM_CUMHAZ ? cur.chaz : sqrt(cur.var_chaz);
            }
            continue;
        default:
            break;
        }
        /* S and the Greenwood sum into f and g, row by row. */
        if (!fit->curve[curve].n_risk) {
            isurv_km_factors(f, g, n, d, m);
            for (i = 0; i < m; i++) {
                cur.surv *= f[i];
                cur.greenwood += g[i];
                f[i] = cur.surv;
                g[i] = cur.greenwood;
            }
        } else {
            for (i = 0; i < m; i++) {
                isurv_km_step(&cur.surv, &cur.greenwood, n[i], d[i]);
                f[i] = cur.surv;
                g[i] = cur.greenwood;
            }
        }
        if (column == ISURV_KM_SURV) {
            memcpy(out, f, m * sizeof *out);
            continue;
        }
        for (i = 0; i < m; i++) {
            struct isurv_km_row row;
            row.surv = f[i];
            row.se = sqrt(g[i]);
            out[i] = isurv_km_value(fit, &row, column);
        }
    }
    return ISURV_OK;
}
