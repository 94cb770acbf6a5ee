/* Reading a Kaplan-Meier curve row by row (lib/km.h): the counts as
 * stored, the estimates rebuilt from the nearest checkpoint by the fit's
 * own steps. */
#include <math.h>

#include "confint.h"
#include "km.h"

void isurv_km_cursor_begin(struct isurv_km_cursor *cur, const isurv_km *fit,
                           size_t curve)
{
    cur->cv = &fit->curve[curve];
    cur->row = 0;
    cur->esc = 0;
    cur->chunk = 0;
    cur->risk = (double)cur->cv->nobs;
    cur->surv = 1.0;
    cur->greenwood = 0.0;
    cur->chaz = 0.0;
    cur->var_chaz = 0.0;
    cur->hazard = 1;
}

void isurv_km_cursor_seek(struct isurv_km_cursor *cur, const isurv_km *fit,
                          size_t curve, size_t row)
{
    const struct isurv_km_curve *cv = &fit->curve[curve];
    struct isurv_km_row skip;
    size_t k;

    isurv_km_cursor_begin(cur, fit, curve);
    cur->hazard = 0;
    if (row == 0 || cv->nrows == 0)
        return;
    k = (row < cv->nrows ? row : cv->nrows - 1) / ISURV_KM_STRIDE;
    cur->row = k * ISURV_KM_STRIDE;
    cur->surv = cv->ckpt[k].surv;
    cur->greenwood = cv->ckpt[k].greenwood;
    cur->risk = cv->ckpt[k].risk;
    cur->esc = cv->ckpt[k].esc;
    while (cur->row < row)
        isurv_km_cursor_next(cur, &skip);
}

void isurv_km_cursor_next(struct isurv_km_cursor *cur, struct isurv_km_row *out)
{
    const struct isurv_km_curve *cv = cur->cv;
    size_t r = cur->row++;
    double n, d, c, e = 0.0;

    if (cv->n_risk) {
        n = cv->n_risk[r];
        d = cv->n_event[r];
        c = cv->n_censor[r];
        e = cv->n_enter[r];
    } else {
        unsigned code = cv->code[r];
        if (code == ISURV_KM_ESCAPE) {
            d = cv->esc_d[cur->esc];
            c = cv->esc_c[cur->esc];
            cur->esc++;
        } else {
            d = (double)(code >> 4);
            c = (double)(code & 15);
        }
        n = cur->risk;
        cur->risk -= d + c;
    }
    isurv_km_step(&cur->surv, &cur->greenwood, n, d);
    if (cur->hazard && d > 0.0) {
        cur->chaz += d / n;
        cur->var_chaz += isurv_div_prod(d, n, n);
    }
    out->time = isurv_km_time_near(cv, r, &cur->chunk);
    out->n_risk = n;
    out->n_event = d;
    out->n_censor = c;
    out->n_enter = e;
    out->surv = cur->surv;
    out->se = sqrt(cur->greenwood);
    out->chaz = cur->chaz;
    out->var_chaz = cur->var_chaz;
}

void isurv_km_limits(const isurv_km *fit, const struct isurv_km_row *row,
                     double *lower, double *upper)
{
    isurv_confint(lower, upper, row->surv, row->se, fit->z, fit->conf_type);
}

double isurv_km_value(const isurv_km *fit, const struct isurv_km_row *row,
                      int column)
{
    double lo, hi;

    switch (column) {
    case ISURV_KM_TIME:
        return row->time;
    case ISURV_KM_N_RISK:
        return row->n_risk;
    case ISURV_KM_N_EVENT:
        return row->n_event;
    case ISURV_KM_N_CENSOR:
        return row->n_censor;
    case ISURV_KM_N_ENTER:
        return row->n_enter;
    case ISURV_KM_SURV:
        return row->surv;
    case ISURV_KM_STD_ERR:
        return row->se * row->surv;
    case ISURV_KM_LOWER:
    case ISURV_KM_UPPER:
        isurv_km_limits(fit, row, &lo, &hi);
        return column == ISURV_KM_LOWER ? lo : hi;
    case ISURV_KM_CUMHAZ:
        return row->chaz;
    case ISURV_KM_STD_CHAZ:
        return sqrt(row->var_chaz);
    default: /* ISURV_KM_STD_LOGSURV */
        return row->se;
    }
}
