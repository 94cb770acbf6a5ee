/*
 * The Kaplan-Meier result object, shared by the fit, the queries and the
 * plots.  It stores per distinct time only what cannot be recomputed
 * exactly and cheaply: the time and the counts.  S and the Greenwood sum
 * are running products and sums, so every ISURV_KM_STRIDE rows the fit
 * keeps their value ("checkpoint"); any row's estimates are then rebuilt
 * by repeating, from the checkpoint before it, the same operations the
 * fit made, which gives the same doubles.  The limits, standard errors
 * and cumulative hazard are functions of those and are computed when
 * asked for.  A fit of 10^7 distinct times so takes about 1.5 bytes a
 * time beyond its times, instead of twelve columns of doubles.
 *
 * Counts are kept in one of two ways.  Unweighted data without entry
 * times have whole counts, so a byte per row holds the events and the
 * censorings (d < 15, c < 16), larger counts go to a short escape list,
 * and the number at risk is the count of subjects minus those gone
 * before.  Weighted or left-truncated data keep the four count columns
 * of the count table as doubles.
 *
 * Times are kept in one of two ways too.  Most curves hold their own
 * array.  The curves of a fit by a few groups on sorted keys are chunked
 * instead (lib/km_fast.c): pass 2 writes each block of keys' rows, every
 * curve's one after another, over that block of the sorted keys once all
 * of it is read, so that no fresh memory is written for times at all.  A
 * curve's times are then a chunk per block; every reader goes through
 * lib/km_times.c.
 */
#ifndef ISURV_KM_H
#define ISURV_KM_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "inotusurv.h"

#define ISURV_KM_NCOLUMNS 12
#define ISURV_KM_STRIDE 64
#define ISURV_KM_ESCAPE 0xFF

/* The state before row k * ISURV_KM_STRIDE. */
struct isurv_km_ckpt {
    double surv, greenwood;
    double risk;     /* compact counts: at risk at that row */
    size_t esc;      /* compact counts: escapes before that row */
};

struct isurv_km_curve {
    size_t nrows, nobs;
    double *time;          /* its times, or NULL when chunked: */
    int in_blocks;         /* chunked: its codes lie in the fit's block */
    size_t nchunk;
    const double **chunk;  /* chunk k holds rows first[k] .. first[k + 1] - 1 */
    size_t *first;         /* nchunk + 1 */
    /* compact counts */
    unsigned char *code;
    size_t nesc, esc_cap;
    double *esc_d, *esc_c; /* the counts of rows too big for a code byte,
                            * in row order: readers meet them in order */
    /* full counts; n_risk is NULL for compact counts */
    double *n_risk, *n_event, *n_censor, *n_enter;
    struct isurv_km_ckpt *ckpt;
};

struct isurv_km {
    size_t ncurves;
    int *label;       /* per curve: its group label (0 without groups) */
    struct isurv_km_curve *curve;
    double *block[5]; /* full counts: the columns the curves point into */
    double *keys;     /* chunked times: the sorted keys they lie over, */
    unsigned char *codes; /* and one block for the curves' codes (huge
                           * pages, where a curve's would fault 4 KiB ones) */
    double conf_level, z;
    int conf_type;
};

/* One row, as the fit computed it. */
struct isurv_km_row {
    double time, n_risk, n_event, n_censor, n_enter;
    double surv, se;         /* se: sqrt of the Greenwood sum */
    double chaz, var_chaz;   /* only when walked from the first row */
};

/* A position in a curve, and the running state just before it. */
struct isurv_km_cursor {
    const struct isurv_km_curve *cv;
    size_t row, esc;
    size_t chunk;   /* chunked times: the chunk last read */
    double risk, surv, greenwood, chaz, var_chaz;
    int hazard;     /* whether chaz and var_chaz are being summed */
};

/* d / (a b), R's expression for the Greenwood and Nelson-Aalen variance
 * terms.  Case weights far from 1 (1e-300, 1e300) can take a b out of the
 * normal range while the quotient is in it, so there the quotient is
 * taken in two steps.  Whole counts (n >= 1 at risk) never get there,
 * which keeps the vector loops of lib/vecdiv.h equal to this. */
static inline double isurv_div_prod(double d, double a, double b)
{
    double ab = a * b;
    return isnormal(ab) ? d / ab : d / a / b;
}

/* The product-limit and Greenwood steps of one row, R's conventions: at
 * S = 0 the Greenwood term is infinite.  The fit and the cursor both use
 * this, which is what makes rebuilt rows equal to the fit's. */
static inline void isurv_km_step(double *surv, double *greenwood, double n,
                                 double d)
{
    if (d > 0.0) {
        *surv *= (n - d) / n;
        *greenwood += n > d ? isurv_div_prod(d, n, n - d) : INFINITY;
    }
}

/* Before row 0, with the cumulative hazard tracked. */
void isurv_km_cursor_begin(struct isurv_km_cursor *cur, const isurv_km *fit,
                           size_t curve);
/* Before row `row` (<= rows), from the nearest checkpoint; the cumulative
 * hazard is not tracked. */
void isurv_km_cursor_seek(struct isurv_km_cursor *cur, const isurv_km *fit,
                          size_t curve, size_t row);
/* Reads the row at the cursor and moves past it. */
void isurv_km_cursor_next(struct isurv_km_cursor *cur, struct isurv_km_row *out);
/* Column (enum isurv_km_column) of a row read by a cursor. */
double isurv_km_value(const isurv_km *fit, const struct isurv_km_row *row,
                      int column);
/* Both confidence limits of a row. */
void isurv_km_limits(const isurv_km *fit, const struct isurv_km_row *row,
                     double *lower, double *upper);

static inline size_t isurv_km_rows(const struct isurv_km *fit, size_t curve)
{
    return fit->curve[curve].nrows;
}

/* Times (lib/km_times.c).  The chunk of row `row` (< rows) of a chunked
 * curve, looked for from chunk *k on: the next chunk, or a search. */
size_t isurv_km_chunk_of(const struct isurv_km_curve *cv, size_t row, size_t k);

/* The time of row `row` (< rows); *k: the chunk last read (start at 0),
 * so that rows read in order cost no search. */
static inline double isurv_km_time_near(const struct isurv_km_curve *cv,
                                        size_t row, size_t *k)
{
    if (cv->time)
        return cv->time[row];
    if (row < cv->first[*k] || row >= cv->first[*k + 1])
        *k = isurv_km_chunk_of(cv, row, *k);
    return cv->chunk[*k][row - cv->first[*k]];
}

/* The time of row `row` (< rows). */
double isurv_km_time_at(const struct isurv_km_curve *cv, size_t row);
/* Rows lo .. lo + m - 1's times into dst. */
void isurv_km_copy_times(const struct isurv_km_curve *cv, size_t lo, size_t m,
                         double *dst);
/* The number of rows with time <= t. */
size_t isurv_km_rows_upto(const struct isurv_km_curve *cv, double t);

/* An empty fit with the options' confidence settings, or NULL. */
struct isurv_opts;
struct isurv_km *isurv_km_new(const struct isurv_opts *o);

/* Fitting: the curves' arrays and labels (lib/km.c), and the fast path
 * (lib/km_fast.c), which returns ISURV_FAST_UNFIT (lib/fastcount.h) when
 * the data need the general one. */
struct isurv_labels;
struct isurv_opts;
int isurv_km_alloc_curves(struct isurv_km *fit, const struct isurv_labels *labels);
/* The general path's curves: one per stratum of the count table (one
 * group column), which hands its columns over to the fit.  Also how a
 * public count table is fitted (lib/counttab_fit.c). */
struct isurv_counts;
int isurv_km_from_counts(struct isurv_km *fit, struct isurv_counts *tab,
                         const struct isurv_labels *labels);
int isurv_km_fit_fast(struct isurv_km *fit, const double *time,
                      const int *event, size_t n, const int *group,
                      const struct isurv_opts *o);

/* Building (lib/km_build.c).  A compact curve is opened with room for
 * cap rows (its times in `time`, which it then owns) and checkpoints for
 * as many; or, to be chunked, with time NULL and its codes at `code` in
 * the fit's block. */
int isurv_km_open_compact(struct isurv_km_curve *cv, size_t nobs, size_t cap,
                          double *time, unsigned char *code);

/* A row whose counts do not fit a code byte, as the fast path lists them
 * (lib/km_pass.h): row counts the rows of its curve in the list's part. */
struct isurv_km_esc {
    uint32_t curve, row, d, c;
};

/* A compact curve's fit in progress (lib/km_chain.c): the cursor's steps
 * (isurv_km_step), the same operations in the same order, row by row
 * from the state { 1, 0, nobs, 0 }, writing the checkpoints.  The codes
 * of the rows walked must be in place; the counts of escaping rows come
 * from list[at..n), the entries of `curve` in order. */
struct isurv_km_walk {
    size_t row, esc;        /* the next row; escapes before it */
    int64_t risk;
    double surv, greenwood;
    const struct isurv_km_esc *list;
    size_t n, at;
    uint32_t curve;
};

void isurv_km_walk_begin(struct isurv_km_walk *w,
                         const struct isurv_km_curve *cv, uint32_t curve);
/* Rows w->row .. end - 1. */
void isurv_km_walk(struct isurv_km_curve *cv, struct isurv_km_walk *w,
                   size_t end);

/* Rows that isurv_km_column decodes and steps through at once. */
#define ISURV_KM_BATCH 1024

/* Trims a compact curve's arrays to its rows: its times, and its codes
 * and checkpoints. */
void isurv_km_trim_times(struct isurv_km_curve *cv);
void isurv_km_trim_counts(struct isurv_km_curve *cv);
/* Checkpoints of a curve whose full count columns are in place. */
int isurv_km_checkpoint_full(struct isurv_km_curve *cv);
/* Frees what the curve owns (full count columns belong to the fit). */
void isurv_km_curve_free(struct isurv_km_curve *cv);

#endif
