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

size_t ino_select(const struct ino_trial *t,
                  int (*keep)(const struct ino_patient *, const void *),
                  const void *arg, double *time, int *event, int *label,
                  int (*label_of)(const struct ino_patient *))
{
    size_t i, n = 0;

    for (i = 0; i < t->n; i++) {
        const struct ino_patient *p = &t->p[i];
        if (keep && !keep(p, arg))
            continue;
        time[n] = p->os_months;
        event[n] = p->os_event;
        if (label)
            label[n] = label_of ? label_of(p) : 0;
        n++;
    }
    return n;
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

static void emit(struct ino_report *r, const char *item, const char *published,
                 const char *reproduced, const char *match, const char *note)
{
    r->rows++;
    if (strcmp(match, "yes") == 0)
        r->matched++;
    else
        r->unmatched++;
    printf("%-52s %10s %10s  %s%s%s\n", item, published, reproduced, match,
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
    emit(r, item, published, got, match, note);
}

void ino_count_row(struct ino_report *r, const char *item, int pub_x, int pub_n,
                   int x, int n)
{
    char pub[32], got[32];

    snprintf(pub, sizeof pub, "%d/%d", pub_x, pub_n);
    snprintf(got, sizeof got, "%d/%d", x, n);
    emit(r, item, pub, got, x == pub_x && n == pub_n ? "yes" : "no", NULL);
}

int ino_check(struct ino_report *r, const char *what, int status)
{
    if (status == ISURV_OK)
        return 0;
    r->failures++;
    printf("%-52s failed: %s\n", what, isurv_strerror(status));
    return -1;
}
