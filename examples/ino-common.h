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
    const char *outdir; /* where figures go (NULL: no figures) */
    int rows, matched, unmatched, explained, failures;
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

/* A row compared by the caller: match is "yes", "no" or "not reproducible". */
void ino_text_row(struct ino_report *r, const char *item, const char *published,
                  const char *reproduced, const char *match, const char *note);

/* Reports a library failure as a failed row rather than stopping. */
int ino_check(struct ino_report *r, const char *what, int status);

/* Fits KM curves (one per label, ascending); NULL after a failed row. */
isurv_km *ino_fit(struct ino_report *r, const double *time, const int *event,
                  size_t n, const int *label);
/* The median, and S at time t, of one curve (NaN on failure). */
double ino_median(const isurv_km *fit, size_t curve);
double ino_surv_at(const isurv_km *fit, size_t curve, double t);
/* The log-rank P comparing the labelled groups (NaN after a failed row). */
double ino_logrank_p(struct ino_report *r, const double *time, const int *event,
                     const int *label, size_t n);
/* Draws the fit to OUTDIR/file with the curves named in label order; a
 * P value >= 0 is shown as "Log-rank P = ...". */
void ino_figure(struct ino_report *r, const isurv_km *fit, const char *file,
                const char *title, const char *xlab, const char *ylab,
                const char *const *names, double p_value);

/* Runs one part on the default data, printing its rows: the main() of
 * each how-to program when built on its own. */
int ino_standalone(void (*part)(struct ino_report *, const struct ino_trial *),
                   int argc, char **argv);
#define INO_MAIN(part)                                                         \
    int main(int argc, char **argv) { return ino_standalone(part, argc, argv); }

/* The parts, each in its own how-to file. */
void ino_part_overall(struct ino_report *r, const struct ino_trial *t);
void ino_part_subgroups(struct ino_report *r, const struct ino_trial *t);
void ino_part_remission(struct ino_report *r, const struct ino_trial *t);
void ino_part_followup(struct ino_report *r, const struct ino_trial *t);
void ino_part_tables(struct ino_report *r, const struct ino_trial *t);

#endif
