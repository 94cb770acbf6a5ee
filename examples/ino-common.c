/* Loading the reconstructed inotuzumab data and writing comparison rows.
 * Deliberately plain C with no dependency beyond libinotusurv. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ino-common.h"

#ifndef INO_DATADIR
#define INO_DATADIR "examples/data"
#endif

const char *ino_default_data(void)
{
    return INO_DATADIR "/inotuzumab.csv";
}

static const char *const columns[] = {
    "id", "arm", "age", "ecog", "salvage", "crd1", "karyotype", "prior_hcvad",
    "prior_sct", "cd22", "response", "mrd", "os_months", "os_event",
    "sct_months", "rd_months", "rd_event", "vod", "alkylators"
};
#define NCOLS (sizeof columns / sizeof columns[0])

static double num(const char *s)
{
    return strcmp(s, "NA") == 0 ? NAN : strtod(s, NULL);
}

static int inum(const char *s)
{
    return strcmp(s, "NA") == 0 ? -1 : atoi(s);
}

static void copy(char *dst, size_t len, const char *s)
{
    strncpy(dst, s, len - 1);
    dst[len - 1] = '\0';
}

static int parse_row(struct ino_patient *p, char **f)
{
    p->id = atoi(f[0]);
    copy(p->arm, sizeof p->arm, f[1]);
    p->age = atoi(f[2]);
    p->ecog = atoi(f[3]);
    p->salvage = atoi(f[4]);
    copy(p->crd1, sizeof p->crd1, f[5]);
    copy(p->karyotype, sizeof p->karyotype, f[6]);
    p->prior_hcvad = atoi(f[7]);
    p->prior_sct = atoi(f[8]);
    copy(p->cd22, sizeof p->cd22, f[9]);
    copy(p->response, sizeof p->response, f[10]);
    copy(p->mrd, sizeof p->mrd, f[11]);
    p->os_months = num(f[12]);
    p->os_event = inum(f[13]);
    p->sct_months = num(f[14]);
    p->rd_months = num(f[15]);
    p->rd_event = inum(f[16]);
    p->vod = inum(f[17]);
    p->alkylators = inum(f[18]);
    return isnan(p->os_months) || p->os_event < 0 ? -1 : 0;
}

static size_t split(char *line, char **f, size_t max)
{
    size_t n = 0;
    char *s = line;

    line[strcspn(line, "\r\n")] = '\0';
    while (n < max) {
        f[n++] = s;
        if (!(s = strchr(s, ',')))
            break;
        *s++ = '\0';
    }
    return n;
}

int ino_load(struct ino_trial *t, const char *path)
{
    char line[4096], *f[64];
    size_t cap = 0, c;
    int header = 0;
    FILE *in = fopen(path, "r");

    t->n = 0;
    t->p = NULL;
    if (!in) {
        fprintf(stderr, "cannot open %s\n", path);
        return -1;
    }
    while (fgets(line, sizeof line, in)) {
        size_t nf;
        if (line[0] == '#')
            continue;
        nf = split(line, f, 64);
        if (!header) {
            /* The columns the paper's analyses need, in this order. */
            for (c = 0; c < NCOLS; c++)
                if (c >= nf || strcmp(f[c], columns[c]) != 0) {
                    fprintf(stderr, "%s: column %zu should be %s\n", path, c + 1,
                            columns[c]);
                    fclose(in);
                    return -1;
                }
            header = 1;
            continue;
        }
        if (nf < NCOLS)
            continue;
        if (t->n == cap) {
            struct ino_patient *p;
            cap = cap ? 2 * cap : 128;
            if (!(p = realloc(t->p, cap * sizeof *p))) {
                fclose(in);
                ino_free(t);
                return -1;
            }
            t->p = p;
        }
        if (parse_row(&t->p[t->n], f) != 0) {
            fprintf(stderr, "%s: bad row for patient %s\n", path, f[0]);
            fclose(in);
            ino_free(t);
            return -1;
        }
        t->n++;
    }
    fclose(in);
    return t->n > 0 ? 0 : -1;
}

void ino_free(struct ino_trial *t)
{
    free(t->p);
    t->p = NULL;
    t->n = 0;
}

int ino_is_responder(const struct ino_patient *p)
{
    return strcmp(p->response, "CR") == 0 || strcmp(p->response, "CRp") == 0
           || strcmp(p->response, "CRi") == 0;
}

isurv_km *ino_fit(struct ino_report *r, const double *time, const int *event,
                  size_t n, const int *label)
{
    isurv_km *fit = NULL;

    if (ino_check(r, "isurv_km_fit",
                  isurv_km_fit(&fit, time, event, n, NULL, NULL, label, NULL)))
        return NULL;
    return fit;
}

double ino_median(const isurv_km *fit, size_t curve)
{
    double est;

    if (!fit || isurv_km_quantile(fit, curve, 0.5, &est, NULL, NULL) != ISURV_OK)
        return NAN;
    return est;
}

double ino_surv_at(const isurv_km *fit, size_t curve, double t)
{
    double s;

    if (!fit || isurv_km_surv_at(fit, curve, &t, 1, &s, NULL, NULL, NULL) != ISURV_OK)
        return NAN;
    return s;
}

double ino_logrank_p(struct ino_report *r, const double *time, const int *event,
                     const int *label, size_t n)
{
    isurv_logrank *lr = NULL;
    double p = NAN;

    if (ino_check(r, "isurv_logrank_test",
                  isurv_logrank_test(&lr, time, event, label, n, NULL, NULL, NULL)))
        return NAN;
    ino_check(r, "isurv_logrank_stat", isurv_logrank_stat(lr, NULL, NULL, &p));
    isurv_logrank_free(lr);
    return p;
}

void ino_figure(struct ino_report *r, const isurv_km *fit, const char *file,
                const char *title, const char *xlab, const char *ylab,
                const char *const *names, double p_value)
{
    char path[4096];
    isurv_plot *plot = NULL;
    size_t c;
    int rc;

    if (!fit || !r->outdir)
        return;
    snprintf(path, sizeof path, "%s/%s", r->outdir, file);
    if (ino_check(r, "isurv_plot_new", isurv_plot_new(&plot, fit)))
        return;
    rc = isurv_plot_set_title(plot, title);
    if (rc == ISURV_OK)
        rc = isurv_plot_set_axis_labels(plot, xlab, ylab);
    /* Six-month ticks to 30 months, as the paper's figures. */
    if (rc == ISURV_OK)
        rc = isurv_plot_set_xaxis(plot, 30.0, 6.0);
    for (c = 0; rc == ISURV_OK && names && c < isurv_km_ncurves(fit); c++)
        rc = isurv_plot_set_curve_name(plot, c, names[c]);
    if (rc == ISURV_OK && p_value >= 0.0)
        rc = isurv_plot_set_pvalue(plot, "Log-rank", p_value);
    if (rc == ISURV_OK)
        rc = isurv_plot_write_svg(plot, path);
    ino_check(r, path, rc);
    isurv_plot_free(plot);
}

int ino_standalone(void (*part)(struct ino_report *, const struct ino_trial *),
                   int argc, char **argv)
{
    struct ino_report r = { NULL, ".", 0, 0, 0, 0, 0 };
    struct ino_trial t;

    if (argc > 1)
        r.outdir = argv[1];
    if (ino_load(&t, argc > 2 ? argv[2] : ino_default_data()) != 0)
        return 1;
    part(&r, &t);
    ino_free(&t);
    return r.failures ? 1 : 0;
}

/* ---------------------------------------------------------------- rows */

/* Formats x at `decimals` places in the paper's style, where P values
 * drop the leading zero (".003"). */
static void format_value(char *buf, size_t len, double x, int decimals,
                         int percent, int p_style)
{
    if (isnan(x)) {
        snprintf(buf, len, "NR");
        return;
    }
    if (percent) {
        snprintf(buf, len, "%.*f%%", decimals, 100.0 * x);
        return;
    }
    snprintf(buf, len, "%.*f", decimals, x);
    if (p_style && buf[0] == '0' && buf[1] == '.')
        memmove(buf, buf + 1, strlen(buf));
}

static int decimals_of(const char *s)
{
    const char *dot = strchr(s, '.');
    int d = 0;

    if (!dot)
        return 0;
    for (dot++; *dot >= '0' && *dot <= '9'; dot++)
        d++;
    return d;
}

void ino_text_row(struct ino_report *r, const char *item, const char *published,
                 const char *reproduced, const char *match, const char *note)
{
    r->rows++;
    if (strcmp(match, "yes") == 0)
        r->matched++;
    else if (strcmp(match, "no") == 0)
        r->unmatched++;
    else if (strcmp(match, "not reproducible") == 0)
        r->explained++;
    printf("%-60s %10s %10s  %s%s%s\n", item, published, reproduced, match,
           note ? ": " : "", note ? note : "");
    if (r->csv)
        fprintf(r->csv, "\"%s\",\"%s\",\"%s\",%s\n", item, published, reproduced,
                match);
}

void ino_row(struct ino_report *r, const char *item, const char *published,
             double x, const char *note)
{
    char got[64];
    const char *match;

    if (strncmp(published, "< ", 2) == 0) {
        /* A bound: the value matches when it is below it. */
        double bound = strtod(published + 2, NULL);
        format_value(got, sizeof got, x, decimals_of(published) > 3 ? 4 : 3, 0, 1);
        match = x < bound ? "yes" : "no";
    } else {
        int percent = strchr(published, '%') != NULL;
        int p_style = published[0] == '.';
        int d = decimals_of(published);
        double pub = strtod(published, NULL) / (percent ? 100.0 : 1.0);
        double scale = pow(10.0, d + (percent ? 2 : 0));
        format_value(got, sizeof got, x, d, percent, p_style);
        /* Equal at the published precision: both rounded the same way. */
        match = !isnan(x) && floor(x * scale + 0.5) == floor(pub * scale + 0.5)
                    ? "yes"
                    : "no";
    }
    if (note && strcmp(match, "no") == 0)
        match = "not reproducible";
    ino_text_row(r, item, published, got, match, note);
}

void ino_count_row(struct ino_report *r, const char *item, int pub_x, int pub_n,
                   int x, int n)
{
    char pub[32], got[32];

    snprintf(pub, sizeof pub, "%d/%d", pub_x, pub_n);
    snprintf(got, sizeof got, "%d/%d", x, n);
    ino_text_row(r, item, pub, got, x == pub_x && n == pub_n ? "yes" : "no", NULL);
}

int ino_check(struct ino_report *r, const char *what, int status)
{
    if (status == ISURV_OK)
        return 0;
    r->failures++;
    printf("%-60s failed: %s\n", what, isurv_strerror(status));
    return -1;
}
