/*
 * How-to: median follow-up by arm (Kantarjian et al., Cancer 2013).
 *
 * The paper's figure is the median time on study among the patients alive
 * at last contact, with its range: plain order statistics, no survival
 * method.  For contrast this program also prints the reverse Kaplan-Meier
 * median follow-up (isurv_followup_median), the usual method, which
 * counts the follow-up that dead patients would have had; it is not what
 * the paper reports.
 *
 * The data are a reconstruction consistent with the published figures,
 * not trial data (examples/data/README).
 */
#include <stdlib.h>
#include <string.h>

#include "ino-common.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void arm_followup(struct ino_report *r, const struct ino_trial *t,
                         const char *arm, const char *pub[3], const char *label)
{
    double *alive = malloc(t->n * sizeof *alive), *time = malloc(t->n * sizeof *time);
    int *event = malloc(t->n * sizeof *event);
    size_t i, k = 0, n = 0;
    double med, lo, hi;
    char item[128], got[32];

    if (!alive || !time || !event) {
        ino_check(r, "allocation", ISURV_ENOMEM);
        goto done;
    }
    for (i = 0; i < t->n; i++) {
        if (strcmp(t->p[i].arm, arm) != 0)
            continue;
        time[n] = t->p[i].os_months;
        event[n++] = t->p[i].os_event;
        if (t->p[i].os_event == 0)
            alive[k++] = t->p[i].os_months;
    }
    if (k == 0) {
        ino_check(r, "no living patients", ISURV_EEMPTY);
        goto done;
    }
    qsort(alive, k, sizeof *alive, cmp_double);
    snprintf(item, sizeof item, "Median follow-up, %s, alive patients (months)", label);
    ino_row(r, item, pub[0], k % 2 ? alive[k / 2] : (alive[k / 2 - 1] + alive[k / 2]) / 2,
            NULL);
    snprintf(item, sizeof item, "Shortest follow-up, %s, alive patients (months)", label);
    ino_row(r, item, pub[1], alive[0], NULL);
    snprintf(item, sizeof item, "Longest follow-up, %s, alive patients (months)", label);
    ino_row(r, item, pub[2], alive[k - 1], NULL);
    if (!ino_check(r, "isurv_followup_median",
                   isurv_followup_median(&med, &lo, &hi, time, event, n, NULL))) {
        snprintf(item, sizeof item, "Reverse-KM median follow-up, %s (months)", label);
        snprintf(got, sizeof got, "%.1f", med);
        ino_text_row(r, item, "-", got, "n/a", "not the paper's method; for contrast");
    }
done:
    free(alive);
    free(time);
    free(event);
}

void ino_part_followup(struct ino_report *r, const struct ino_trial *t)
{
    static const char *single[3] = { "21", "5.4", "28" };
    static const char *weekly[3] = { "4", "1", "19" };

    arm_followup(r, t, "single", single, "single-dose");
    arm_followup(r, t, "weekly", weekly, "weekly");
}

#ifdef INO_STANDALONE
INO_MAIN(ino_part_followup)
#endif
