/*
 * Shared by the inotuzumab example programs: loading the reconstructed
 * patient file and printing "published versus reproduced" rows.
 *
 * The data are a RECONSTRUCTION consistent with the published summary
 * figures of Kantarjian et al., Cancer 2013;119:2728-36, not trial data:
 * see examples/data/README.
 */
#ifndef INO_COMMON_H
#define INO_COMMON_H

#include <stddef.h>
#include <stdio.h>

#include <inotusurv.h>

struct ino_patient {
    int id;
    char arm[8];        /* single | weekly */
    int age, ecog, salvage;
    char crd1[8];       /* lt12 | ge12 | NA */
    char karyotype[8];  /* diploid | ph | t411 | other */
    int prior_hcvad, prior_sct;
    char cd22[8];       /* gt90 | 70to89 | 50to69 */
    char response[12];  /* CR | CRp | CRi | resistant | early_death */
    char mrd[12];       /* negative | positive | NA */
    double os_months;
    int os_event;
    double sct_months;  /* NaN: no transplant */
    double rd_months;   /* NaN: not a responder */
    int rd_event;       /* -1: not a responder */
    int vod;            /* -1: no transplant */
    int alkylators;     /* -1: unknown or no transplant */
};

struct ino_trial {
    size_t n;
    struct ino_patient *p;
};

/* The output of one run: rows go to stdout as a table and to a CSV. */
struct ino_report {
    FILE *csv;          /* reproduction.csv, or NULL */
    const char *outdir; /* where figures go */
    int rows, matched, unmatched, failures;
};

/* Loads the patient file; returns 0, or -1 with a message on stderr. */
int ino_load(struct ino_trial *trial, const char *path);
void ino_free(struct ino_trial *trial);
/* The default data file, compiled in by the build. */
const char *ino_default_data(void);

int ino_is_responder(const struct ino_patient *p);

/*
 * One row of the comparison.  `published` is the paper's text: "6.2",
 * "20%", ".003", "< .0001", "similar" or a count "14/41".  The value is
 * rounded to the published precision and the row says whether it matches;
 * `note` (may be NULL) explains a row that cannot match.
 */
void ino_row(struct ino_report *r, const char *item, const char *published,
             double reproduced, const char *note);
/* A row whose published figure is a count x/n. */
void ino_count_row(struct ino_report *r, const char *item, int pub_x, int pub_n,
                   int x, int n);

/* Reports a library failure as a failed row rather than stopping. */
int ino_check(struct ino_report *r, const char *what, int status);

/* Collects the times and events of the patients selected by keep() into
 * caller arrays of length trial->n; returns the count. */
size_t ino_select(const struct ino_trial *t,
                  int (*keep)(const struct ino_patient *, const void *),
                  const void *arg, double *time, int *event, int *label,
                  int (*label_of)(const struct ino_patient *));

#endif
