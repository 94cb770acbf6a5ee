/*
 * How-to: overall survival, and survival censored at allogeneic stem cell
 * transplant (Figure 1 of Kantarjian et al., Cancer 2013).
 *
 * API shown: isurv_censor_at() to censor each patient at transplant when
 * the transplant comes first; isurv_km_fit() with a group label to fit
 * both versions of the curve in one call; isurv_km_quantile() and
 * isurv_km_surv_at() for the median and the 1-year rate.
 *
 * The data are a reconstruction consistent with the published figures,
 * not trial data (examples/data/README).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ino-common.h"

void ino_part_overall(struct ino_report *r, const struct ino_trial *t)
{
    static const char *const names[] = { "All patients",
                                         "Censored at allogeneic SCT" };
    const size_t n = t->n;
    double *time = malloc(2 * n * sizeof *time), *sct = malloc(n * sizeof *sct);
    int *event = malloc(2 * n * sizeof *event), *label = malloc(2 * n * sizeof *label);
    isurv_km *fit = NULL;
    double med_all, med_sct;
    size_t i;
    char got[32], note[128];

    if (!time || !sct || !event || !label) {
        ino_check(r, "allocation", ISURV_ENOMEM);
        goto done;
    }
    /* Rows 0..n-1: everyone as observed; rows n..2n-1: the same patients
     * censored at transplant.  The label keeps the two curves apart. */
    for (i = 0; i < n; i++) {
        time[i] = t->p[i].os_months;
        event[i] = t->p[i].os_event;
        sct[i] = t->p[i].sct_months; /* NaN: no transplant */
        label[i] = 0;
        label[n + i] = 1;
    }
    if (ino_check(r, "isurv_censor_at",
                  isurv_censor_at(time + n, event + n, time, event, sct, n)))
        goto done;
    if (!(fit = ino_fit(r, time, event, 2 * n, label)))
        goto done;

    med_all = ino_median(fit, 0);
    med_sct = ino_median(fit, 1);
    ino_row(r, "Median OS, all patients (months)", "6.2", med_all, NULL);
    ino_row(r, "1-year OS, all patients", "20%", ino_surv_at(fit, 0, 12.0), NULL);
    /* The paper says only "similar"; we call it similar within 1 month. */
    snprintf(got, sizeof got, "%.1f", med_sct);
    snprintf(note, sizeof note, "judged similar if within 1 month of %.1f", med_all);
    ino_text_row(r, "Median OS, censored at allogeneic SCT (months)", "similar",
                 got, fabs(med_sct - med_all) <= 1.0 ? "yes" : "no", note);
    ino_figure(r, fit, "figure1-overall-survival.svg",
               "Overall survival, with and without censoring at SCT",
               "Months from start of inotuzumab", "Proportion surviving", names, -1.0);
done:
    isurv_km_free(fit);
    free(time);
    free(sct);
    free(event);
    free(label);
}

#ifdef INO_STANDALONE
INO_MAIN(ino_part_overall)
#endif
