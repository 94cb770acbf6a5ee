/*
 * plot_demo: writes the figures that tests/check-svg.sh validates and
 * renders, and lists them on stdout as "file width height" lines.
 *
 *   aml-groups.svg  R's aml data (Miller 1981) by maintenance, with 95%
 *                   confidence bands and the log-rank P from R
 *   aml-single.svg  all 23 aml patients, one curve, survival in percent
 *   trial.svg       a made-up three-arm trial in months (deterministic
 *                   pseudo-random data), ticks every 6 months, long names
 *
 * It calls setlocale(LC_ALL, "") first, so that running it under a locale
 * with a decimal comma shows whether any number in the output changes;
 * the first line it prints names that locale's decimal point.
 */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "inotusurv.h"

static const double weeks[] = { 9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161,
                                5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45 };
static const int relapse[] = { 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0,
                               1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1 };
/* aml$x: 1 = Maintained, 0 = Nonmaintained. */
static const int maintained[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

static int check(int rc, const char *what)
{
    if (rc != ISURV_OK) {
        fprintf(stderr, "plot_demo: %s: %s\n", what, isurv_strerror(rc));
        exit(EXIT_FAILURE);
    }
    return rc;
}

static void save(const isurv_plot *plot, const char *dir, const char *file,
                 double w, double h)
{
    char path[4096];

    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, file) >= sizeof path) {
        fprintf(stderr, "plot_demo: path too long\n");
        exit(EXIT_FAILURE);
    }
    check(isurv_plot_write_svg(plot, path), path);
    printf("%s %d %d\n", file, (int)w, (int)h);
}

static void aml_groups(const char *dir)
{
    isurv_km *fit;
    isurv_plot *plot;
    size_t c;

    check(isurv_km_fit(&fit, weeks, relapse, 23, NULL, NULL, maintained, NULL),
          "fit");
    check(isurv_plot_new(&plot, fit), "plot");
    check(isurv_plot_set_title(plot, "Acute myelogenous leukaemia: remission"), "title");
    check(isurv_plot_set_axis_labels(plot, "Weeks since remission",
                                     "Probability of remaining in remission"), "labels");
    for (c = 0; c < isurv_km_ncurves(fit); c++) {
        int label;
        check(isurv_km_group(fit, c, &label), "group");
        check(isurv_plot_set_curve_name(plot, c, label ? "Maintained"
                                                       : "Not maintained"), "name");
    }
    check(isurv_plot_set_conf_bands(plot, 1), "bands");
    check(isurv_plot_set_xaxis(plot, 0, 20), "axis");
    /* survdiff(Surv(time, status) ~ x, aml): p = 0.06533932204 (R 4.2.2). */
    check(isurv_plot_set_pvalue(plot, NULL, 0.06533932204), "pvalue");
    save(plot, dir, "aml-groups.svg", 720, 560);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}

static void aml_single(const char *dir)
{
    isurv_km *fit;
    isurv_plot *plot;

    check(isurv_km_fit(&fit, weeks, relapse, 23, NULL, NULL, NULL, NULL), "fit");
    check(isurv_plot_new(&plot, fit), "plot");
    check(isurv_plot_set_axis_labels(plot, "Weeks", NULL), "labels");
    check(isurv_plot_set_curve_name(plot, 0, "All patients"), "name");
    check(isurv_plot_set_percent(plot, 1), "percent");
    check(isurv_plot_set_censor_marks(plot, ISURV_MARK_PLUS), "marks");
    check(isurv_plot_set_conf_bands(plot, 1), "bands");
    check(isurv_plot_set_size(plot, 640, 480), "size");
    save(plot, dir, "aml-single.svg", 640, 480);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}

/* A linear congruential generator (Knuth's MMIX constants) for data that
 * are the same on every platform. */
static double uniform(unsigned long long *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return ((double)(*state >> 11) + 0.5) / 9007199254740992.0;
}

static void trial(const char *dir)
{
    enum { N = 3 * 160 };
    static const double median_months[3] = { 7.7, 6.2, 14.0 };
    double time[N];
    int event[N], arm[N];
    unsigned long long state = 20160612ULL;
    isurv_km *fit;
    isurv_plot *plot;
    size_t i;

    for (i = 0; i < N; i++) {
        double t = -log(uniform(&state)) * median_months[i % 3] / log(2.0);
        double follow = 6.0 + 30.0 * uniform(&state);   /* staggered entry */
        arm[i] = (int)(i % 3);
        time[i] = t < follow ? t : follow;
        event[i] = t < follow;
        time[i] = floor(time[i] * 10.0 + 0.5) / 10.0;
    }
    check(isurv_km_fit(&fit, time, event, N, NULL, NULL, arm, NULL), "fit");
    check(isurv_plot_new(&plot, fit), "plot");
    check(isurv_plot_set_title(plot, "Overall survival <simulated> & \"quoted\""), "title");
    check(isurv_plot_set_axis_labels(plot, "Months since randomisation",
                                     "Overall survival (%)"), "labels");
    check(isurv_plot_set_curve_name(plot, 0, "Inotuzumab ozogamicin"), "name");
    check(isurv_plot_set_curve_name(plot, 1, "Standard intensive chemotherapy"), "name");
    check(isurv_plot_set_curve_name(plot, 2, "Arm C (\xc3\xa9tude)"), "name");
    check(isurv_plot_set_percent(plot, 1), "percent");
    check(isurv_plot_set_xaxis(plot, 36, 6), "axis");
    check(isurv_plot_set_annotation(plot, "Stratified log-rank P < .001 (illustrative)"),
          "annotation");
    check(isurv_plot_set_size(plot, 900, 650), "size");
    save(plot, dir, "trial.svg", 900, 650);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    if (argc != 2) {
        fprintf(stderr, "usage: plot_demo OUTPUT-DIRECTORY\n");
        return EXIT_FAILURE;
    }
    printf("# decimal-point %s\n", localeconv()->decimal_point);
    aml_groups(argv[1]);
    aml_single(argv[1]);
    trial(argv[1]);
    return EXIT_SUCCESS;
}
