/*
 * How-to: survival by subgroup, with the log-rank test (Figure 2A-C of
 * Kantarjian et al., Cancer 2013, and the single-dose versus weekly
 * comparison).
 *
 * API shown: isurv_km_fit() with integer group labels (one curve per
 * label, in ascending order), medians and 1-year rates per curve,
 * isurv_logrank_test() on the same labels, and an SVG figure per panel.
 *
 * The data are a reconstruction consistent with the published figures,
 * not trial data (examples/data/README).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ino-common.h"

/* Maps a patient to a curve label, or -1 to leave the patient out. */
typedef int (*labeller)(const struct ino_patient *);

static int by_salvage(const struct ino_patient *p)
{
    return p->salvage; /* 1, 2, 3 (third or later) */
}

static int by_response(const struct ino_patient *p)
{
    if (strcmp(p->response, "CR") == 0)
        return 0;
    if (strcmp(p->response, "CRp") == 0 || strcmp(p->response, "CRi") == 0)
        return 1;
    return strcmp(p->response, "resistant") == 0 ? 2 : -1;
}

static int by_mrd(const struct ino_patient *p)
{
    if (!ino_is_responder(p))
        return -1;
    if (strcmp(p->mrd, "negative") == 0)
        return 0;
    return strcmp(p->mrd, "positive") == 0 ? 1 : -1;
}

static int by_arm(const struct ino_patient *p)
{
    return strcmp(p->arm, "weekly") == 0;
}

struct panel {
    labeller label_of;
    const char *figure, *title;
    const char *names[3];
    const char *item[3];        /* median rows, per label in order */
    const char *median[3];      /* published medians */
    const char *year_item[3];   /* 1-year rows where published */
    const char *year[3];
    const char *p_item, *p;     /* a published log-rank P, if any */
};

static const struct panel panels[] = {
    { by_salvage, "figure2a-salvage.svg", "Survival by salvage status",
      { "Salvage 1", "Salvage 2", "Salvage 3+" },
      { "Median OS, salvage 1 (months)", "Median OS, salvage 2 (months)",
        "Median OS, salvage 3+ (months)" },
      { "9.2", "4.3", "6.6" },
      { "1-year OS, salvage 1", NULL, NULL }, { "37%", NULL, NULL }, NULL, NULL },
    { by_response, "figure2b-response.svg", "Survival by response",
      { "CR", "CRp or CRi", "Resistant" },
      { "Median OS, CR (months)", "Median OS, CRp + CRi (months)",
        "Median OS, resistant (months)" },
      { "13.1", "7.4", "3.1" }, { NULL }, { NULL }, NULL, NULL },
    { by_mrd, "figure2c-mrd.svg", "Survival of responders by MRD status",
      { "MRD negative", "MRD positive", NULL },
      { "Median OS, MRD-negative responders (months)",
        "Median OS, MRD-positive responders (months)", NULL },
      { "7.9", "7.8", NULL },
      { "1-year OS, MRD-negative responders", "1-year OS, MRD-positive responders",
        NULL },
      { "32%", "9%", NULL },
      "Log-rank P, OS by MRD status", ".48" },
    { by_arm, "schedule.svg", "Survival by schedule",
      { "Single dose", "Weekly", NULL },
      { "Median OS, single-dose (months)", "Median OS, weekly (months)", NULL },
      { "5.0", "7.3", NULL }, { NULL }, { NULL }, NULL, NULL },
};

static void run_panel(struct ino_report *r, const struct ino_trial *t,
                      const struct panel *pn)
{
    double *time = malloc(t->n * sizeof *time);
    int *event = malloc(t->n * sizeof *event), *label = malloc(t->n * sizeof *label);
    isurv_km *fit = NULL;
    double p = -1.0;
    size_t i, n = 0, c;

    if (!time || !event || !label) {
        ino_check(r, "allocation", ISURV_ENOMEM);
        goto done;
    }
    for (i = 0; i < t->n; i++) {
        int g = pn->label_of(&t->p[i]);
        if (g < 0)
            continue;
        time[n] = t->p[i].os_months;
        event[n] = t->p[i].os_event;
        label[n++] = g;
    }
    if (!(fit = ino_fit(r, time, event, n, label)))
        goto done;
    /* Labels are ascending, so curve c is the c-th name of the panel. */
    for (c = 0; c < isurv_km_ncurves(fit) && c < 3; c++) {
        if (pn->median[c])
            ino_row(r, pn->item[c], pn->median[c], ino_median(fit, c), NULL);
        if (pn->year[c])
            ino_row(r, pn->year_item[c], pn->year[c], ino_surv_at(fit, c, 12.0), NULL);
    }
    p = ino_logrank_p(r, time, event, label, n);
    if (pn->p)
        ino_row(r, pn->p_item, pn->p, p, NULL);
    ino_figure(r, fit, pn->figure, pn->title, "Months from start of inotuzumab",
               "Proportion surviving", pn->names, isnan(p) ? -1.0 : p);
done:
    isurv_km_free(fit);
    free(time);
    free(event);
    free(label);
}

void ino_part_subgroups(struct ino_report *r, const struct ino_trial *t)
{
    size_t k;

    for (k = 0; k < sizeof panels / sizeof panels[0]; k++)
        run_panel(r, t, &panels[k]);
}

#ifdef INO_STANDALONE
INO_MAIN(ino_part_subgroups)
#endif
