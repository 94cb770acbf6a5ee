/* An empty Kaplan-Meier object; opening and trimming its compact curves,
 * and the checkpoints of full ones (lib/km.h). */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "confint.h"
#include "km.h"
#include "opts.h"

struct isurv_km *isurv_km_new(const struct isurv_opts *o)
{
    struct isurv_km *fit = isurv_zalloc(1, sizeof *fit);

    if (fit) {
        fit->conf_level = o->conf_level;
        fit->conf_type = o->conf_type;
        fit->z = isurv_conf_z(o->conf_level);
    }
    return fit;
}

int isurv_km_open_compact(struct isurv_km_curve *cv, size_t nobs, size_t cap,
                          double *time, unsigned char *code)
{
    memset(cv, 0, sizeof *cv);
    cv->nobs = nobs;
    cv->time = time;
    cv->in_blocks = code != NULL;
    cv->code = code ? code : isurv_alloc(cap, 1);
    cv->ckpt = isurv_alloc(cap / ISURV_KM_STRIDE + 1, sizeof *cv->ckpt);
    return (cv->time || cv->in_blocks) && cv->code && cv->ckpt ? ISURV_OK
                                                               : ISURV_ENOMEM;
}

/* Shrinking cannot lose data: a failed realloc leaves the block as it
 * was, only larger than needed. */
static void *trim(void *p, size_t n, size_t sz)
{
    void *q = p ? isurv_realloc(p, n, sz) : NULL;
    return q ? q : p;
}

void isurv_km_trim_times(struct isurv_km_curve *cv)
{
    cv->time = trim(cv->time, cv->nrows, sizeof *cv->time);
}

void isurv_km_trim_counts(struct isurv_km_curve *cv)
{
    if (!cv->in_blocks)
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
    isurv_dealloc((void *)cv->chunk); /* the chunks are the fit's keys */
    isurv_dealloc(cv->first);
    if (!cv->in_blocks)
        isurv_dealloc(cv->code);
    isurv_dealloc(cv->esc_d);
    isurv_dealloc(cv->esc_c);
    isurv_dealloc(cv->ckpt);
}
