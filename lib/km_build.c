/* Growing and trimming the curves of a Kaplan-Meier object (lib/km.h). */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "km.h"
#include "vecdiv.h"

int isurv_km_open_compact(struct isurv_km_curve *cv, size_t nobs, double *time)
{
    memset(cv, 0, sizeof *cv);
    cv->nobs = nobs;
    cv->time = time;
    cv->code = isurv_alloc(nobs, 1);
    cv->ckpt = isurv_alloc(nobs / ISURV_KM_STRIDE + 1, sizeof *cv->ckpt);
    return cv->time && cv->code && cv->ckpt ? ISURV_OK : ISURV_ENOMEM;
}

int isurv_km_escape(struct isurv_km_curve *cv, size_t row, double d, double c)
{
    if (cv->nesc == cv->esc_cap) {
        size_t cap = cv->esc_cap ? 2 * cv->esc_cap : 64;
        size_t *r = isurv_realloc(cv->esc_row, cap, sizeof *r);
        double *ed, *ec;
        if (r)
            cv->esc_row = r;
        ed = r ? isurv_realloc(cv->esc_d, cap, sizeof *ed) : NULL;
        if (ed)
            cv->esc_d = ed;
        ec = ed ? isurv_realloc(cv->esc_c, cap, sizeof *ec) : NULL;
        if (!ec)
            return ISURV_ENOMEM;
        cv->esc_c = ec;
        cv->esc_cap = cap;
    }
    cv->esc_row[cv->nesc] = row;
    cv->esc_d[cv->nesc] = d;
    cv->esc_c[cv->nesc] = c;
    cv->nesc++;
    cv->code[row] = ISURV_KM_ESCAPE;
    return ISURV_OK;
}

int isurv_km_append_rows(struct isurv_km_curve *cv, struct isurv_km_ckpt *state,
                         const double *t, const uint32_t *d, const uint32_t *c,
                         size_t m)
{
    double n[ISURV_KM_BATCH], dd[ISURV_KM_BATCH];
    double f[ISURV_KM_BATCH], g[ISURV_KM_BATCH];
    double risk = state->risk, surv = state->surv, gw = state->greenwood;
    size_t r0 = cv->nrows, i, r, end;

    if (t)
        memcpy(cv->time + r0, t, m * sizeof *t);
    for (i = 0; i < m; i++) {
        r = r0 + i;
        if (r % ISURV_KM_STRIDE == 0) {
            cv->ckpt[r / ISURV_KM_STRIDE].risk = risk;
            cv->ckpt[r / ISURV_KM_STRIDE].esc = cv->nesc;
        }
        n[i] = risk;
        dd[i] = (double)d[i];
        risk -= (double)((uint64_t)d[i] + c[i]);
        if (d[i] < 15 && c[i] < 16)
            cv->code[r] = (unsigned char)(d[i] << 4 | c[i]);
        else if (isurv_km_escape(cv, r, dd[i], (double)c[i]) != ISURV_OK)
            return ISURV_ENOMEM;
    }
    /* isurv_km_step's operations.  Every row has n >= 1, so a row without
     * events gives the factors 1 and 0, which leave S and the sum exactly
     * as skipping the row would. */
    isurv_km_factors(f, g, n, dd, m);
    for (i = 0; i < m; i = end) {
        r = r0 + i;
        if (r % ISURV_KM_STRIDE == 0) {
            cv->ckpt[r / ISURV_KM_STRIDE].surv = surv;
            cv->ckpt[r / ISURV_KM_STRIDE].greenwood = gw;
        }
        end = i + (ISURV_KM_STRIDE - r % ISURV_KM_STRIDE);
        if (end > m)
            end = m;
        for (; i < end; i++) {
            surv *= f[i];
            gw += g[i];
        }
    }
    cv->nrows = r0 + m;
    state->risk = risk;
    state->surv = surv;
    state->greenwood = gw;
    return ISURV_OK;
}

/* Shrinking cannot lose data: a failed realloc leaves the block as it
 * was, only larger than needed. */
static void *trim(void *p, size_t n, size_t sz)
{
    void *q = p ? isurv_realloc(p, n, sz) : NULL;
    return q ? q : p;
}

void isurv_km_close_compact(struct isurv_km_curve *cv)
{
    cv->time = trim(cv->time, cv->nrows, sizeof *cv->time);
    cv->code = trim(cv->code, cv->nrows, 1);
    cv->ckpt = trim(cv->ckpt, (cv->nrows + ISURV_KM_STRIDE - 1) / ISURV_KM_STRIDE,
                    sizeof *cv->ckpt);
}

int isurv_km_checkpoint_full(struct isurv_km_curve *cv)
{
    struct isurv_km_ckpt st = { 1.0, 0.0, 0.0, 0 };
    size_t r;

    cv->ckpt = isurv_alloc(cv->nrows / ISURV_KM_STRIDE + 1, sizeof *cv->ckpt);
    if (!cv->ckpt)
        return ISURV_ENOMEM;
    for (r = 0; r < cv->nrows; r++) {
        if (r % ISURV_KM_STRIDE == 0)
            cv->ckpt[r / ISURV_KM_STRIDE] = st;
        isurv_km_step(&st.surv, &st.greenwood, cv->n_risk[r], cv->n_event[r]);
    }
    return ISURV_OK;
}

void isurv_km_curve_free(struct isurv_km_curve *cv)
{
    if (!cv->n_risk)
        isurv_dealloc(cv->time); /* compact curves own their times */
    isurv_dealloc(cv->code);
    isurv_dealloc(cv->esc_row);
    isurv_dealloc(cv->esc_d);
    isurv_dealloc(cv->esc_c);
    isurv_dealloc(cv->ckpt);
}
