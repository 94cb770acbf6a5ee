/*
 * km-basic: the smallest complete use of libinotusurv.  Fits Kaplan-Meier
 * curves to R's aml data (Miller 1981: maintained versus not maintained
 * chemotherapy in acute myelogenous leukaemia, time in weeks), prints the
 * survival table of each group and its median with 95% CI.
 *
 * Build against an installed library:
 *   cc km-basic.c $(pkg-config --cflags --libs inotusurv)
 */
#include <stdio.h>
#include <stdlib.h>

#include <inotusurv.h>

static const double weeks[] = { 9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161,
                                5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45 };
static const int relapsed[] = { 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0,
                                1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1 };
static const int maintained[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                                  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

static int die(const char *what, int status)
{
    fprintf(stderr, "km-basic: %s: %s\n", what, isurv_strerror(status));
    return EXIT_FAILURE;
}

int main(void)
{
    const size_t n = sizeof weeks / sizeof weeks[0];
    isurv_km *fit;
    size_t c;
    int rc;

    rc = isurv_km_fit(&fit, weeks, relapsed, n, NULL, NULL, maintained, NULL);
    if (rc != ISURV_OK)
        return die("isurv_km_fit", rc);
    printf("libinotusurv %s: Kaplan-Meier fit of the aml data\n",
           isurv_version_string());
    for (c = 0; c < isurv_km_ncurves(fit); c++) {
        double t[32], nrisk[32], nev[32], s[32], se[32], lo[32], hi[32];
        double med, mlo, mhi;
        size_t nt, i;
        int label;

        isurv_km_group(fit, c, &label);
        isurv_km_ntimes(fit, c, &nt);
        if (nt > 32)
            return die("table", ISURV_EBUFFER);
        isurv_km_column(fit, c, ISURV_KM_TIME, t, nt);
        isurv_km_column(fit, c, ISURV_KM_N_RISK, nrisk, nt);
        isurv_km_column(fit, c, ISURV_KM_N_EVENT, nev, nt);
        isurv_km_column(fit, c, ISURV_KM_SURV, s, nt);
        isurv_km_column(fit, c, ISURV_KM_STD_ERR, se, nt);
        isurv_km_column(fit, c, ISURV_KM_LOWER, lo, nt);
        isurv_km_column(fit, c, ISURV_KM_UPPER, hi, nt);
        printf("\nx=%s\n%6s %7s %7s %9s %9s %9s %9s\n",
               label ? "Maintained" : "Nonmaintained", "time", "n.risk",
               "n.event", "survival", "std.err", "lower95", "upper95");
        for (i = 0; i < nt; i++)
            if (nev[i] > 0)
                printf("%6g %7g %7g %9.4f %9.4f %9.4f %9.4f\n", t[i], nrisk[i],
                       nev[i], s[i], se[i], lo[i], hi[i]);
        rc = isurv_km_quantile(fit, c, 0.5, &med, &mlo, &mhi);
        if (rc != ISURV_OK)
            return die("isurv_km_quantile", rc);
        printf("median %g (95%% CI %g to %g)\n", med, mlo, mhi);
    }
    isurv_km_free(fit);
    return EXIT_SUCCESS;
}
