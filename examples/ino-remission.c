/*
 * How-to: remission duration, overall and by MRD status (Kantarjian et
 * al., Cancer 2013).  Remission duration runs from the date of response to
 * relapse; a death in continuous remission is censored, as the paper's
 * figures require (see the targets notes in examples/data/README).
 *
 * API shown: a single-curve fit and a two-curve fit with the log-rank test
 * on the responders only.
 *
 * The data are a reconstruction consistent with the published figures,
 * not trial data (examples/data/README).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ino-common.h"

void ino_part_remission(struct ino_report *r, const struct ino_trial *t)
{
    static const char *const mrd_names[] = { "MRD negative", "MRD positive" };
    static const char *const all_names[] = { "All responders" };
    double *time = malloc(t->n * sizeof *time);
    int *event = malloc(t->n * sizeof *event), *mrd = malloc(t->n * sizeof *mrd);
    double *mtime = malloc(t->n * sizeof *mtime);
    int *mevent = malloc(t->n * sizeof *mevent);
    isurv_km *all = NULL, *by_mrd = NULL;
    size_t i, n = 0, m = 0;
    double p;

    if (!time || !event || !mrd || !mtime || !mevent) {
        ino_check(r, "allocation", ISURV_ENOMEM);
        goto done;
    }
    for (i = 0; i < t->n; i++) {
        const struct ino_patient *pt = &t->p[i];
        if (!ino_is_responder(pt))
            continue;
        time[n] = pt->rd_months;
        event[n++] = pt->rd_event;
        /* MRD was measured in 50 of the 52 responders. */
        if (strcmp(pt->mrd, "NA") != 0) {
            mtime[m] = pt->rd_months;
            mevent[m] = pt->rd_event;
            mrd[m++] = strcmp(pt->mrd, "positive") == 0;
        }
    }
    if ((all = ino_fit(r, time, event, n, NULL))) {
        ino_row(r, "Median remission duration (months)", "7", ino_median(all, 0), NULL);
        ino_row(r, "1-year remission duration", "42%", ino_surv_at(all, 0, 12.0), NULL);
        ino_figure(r, all, "remission-duration.svg", "Remission duration",
                   "Months from response", "Proportion in remission", all_names, -1.0);
    }
    if ((by_mrd = ino_fit(r, mtime, mevent, m, mrd))) {
        ino_row(r, "Median remission duration, MRD negative (months)", "11.5",
                ino_median(by_mrd, 0), NULL);
        ino_row(r, "Median remission duration, MRD positive (months)", "5.1",
                ino_median(by_mrd, 1), NULL);
        p = ino_logrank_p(r, mtime, mevent, mrd, m);
        ino_row(r, "Log-rank P, remission duration by MRD status", ".25", p, NULL);
        ino_figure(r, by_mrd, "remission-duration-mrd.svg",
                   "Remission duration by MRD status", "Months from response",
                   "Proportion in remission", mrd_names, isnan(p) ? -1.0 : p);
    }
done:
    isurv_km_free(all);
    isurv_km_free(by_mrd);
    free(time);
    free(event);
    free(mrd);
    free(mtime);
    free(mevent);
}

#ifdef INO_STANDALONE
INO_MAIN(ino_part_remission)
#endif
