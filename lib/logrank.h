/* The log-rank family: the result object and the steps shared by the
 * test, the trend test and the pairwise comparisons. */
#ifndef ISURV_LOGRANK_H
#define ISURV_LOGRANK_H

#include <stddef.h>

#include "counts.h"
#include "inotusurv.h"
#include "labels.h"
#include "opts.h"

/* Beyond 2^20 groups the k x k variance matrix alone would take 8 TiB,
 * and GSL's chi-square tail reports errors for df above 2e6. */
#define ISURV_LOGRANK_MAX_GROUPS ((size_t)1 << 20)

struct isurv_logrank {
    size_t k, nstrata;
    int *label;          /* k group labels, ascending */
    int *stratum_label;  /* nstrata labels, ascending */
    double *n;           /* k subjects per group */
    double *obs, *exp;   /* k weighted sums over strata */
    double *obs_s, *exp_s; /* nstrata * k, per stratum */
    double *var;         /* k * k, row-major */
    double chisq, df, p, log_p;
};

/* The data of a log-rank call, validated and tabulated: one column of
 * the count table per group, one stratum per caller stratum. */
struct isurv_lr_data {
    struct isurv_counts tab;
    struct isurv_labels groups, strata;
};

int isurv_lr_data_build(struct isurv_lr_data *d, const double *time,
                        const int *event, const int *group, size_t n,
                        const int *strata, const double *entry,
                        const struct isurv_opts *o);
void isurv_lr_data_clear(struct isurv_lr_data *d);

/* The test of every group of d, within its strata, into a zeroed fit
 * (the general path; also how a public count table is tested). */
int isurv_lr_fill(struct isurv_logrank *fit, const struct isurv_lr_data *d,
                  const struct isurv_opts *o);

/* Subjects per block of the sums (lib/logrank_lanes.h); a power of 2. */
#define ISURV_LR_BLOCK 4096

/* The factors of a row with d deaths among n at risk, weight w: the E
 * term of group g is q n_g, the V terms are c (n_g (n - n_g)) and
 * -c (n_g n_h).  Both paths and every vector form evaluate exactly these
 * expressions, left to right. */
static inline double isurv_lr_q(double w, double d, double n)
{
    return w * d / n;
}

static inline double isurv_lr_c(double w, double d, double n)
{
    return w * w * d * (n - d) / (n * n * (n - 1.0));
}

/* Adds the weighted O, E (per stratum, nstrata * m, zeroed by the
 * caller) and V (m * m) of the groups cols[0 .. m-1], the risk sets and
 * the weight's Kaplan-Meier pooled over those groups only.  scratch
 * holds ISURV_LR_SCRATCH(m) doubles. */
#define ISURV_LR_SCRATCH(m) (2 * (m) + 5 * (2 * (m) + (m) * ((m) + 1) / 2))
void isurv_lr_accumulate(double *obs_s, double *exp_s, double *var,
                         const struct isurv_counts *tab, const size_t *cols,
                         size_t m, const struct isurv_opts *o, double *scratch);

/* The parts of a test object: its arrays for k groups and ns strata
 * (zeroed sums), and the totals over strata, chi-square and p value from
 * the per-stratum sums and the subjects per [stratum * k + group]. */
int isurv_lr_alloc_fit(struct isurv_logrank *fit, size_t k, size_t ns);
int isurv_lr_finish(struct isurv_logrank *fit, const size_t *nobs);
/* ISURV_EOPTION unless the weight option is one the family knows. */
int isurv_lr_check_weights(const struct isurv_opts *o);
/* The weight at a death time, from the pooled S just before it and the
 * pooled number at risk; and whether it reads S at all. */
double isurv_lr_weight(const struct isurv_opts *o, double s, double n);
int isurv_lr_weight_uses_s(const struct isurv_opts *o);

/* The fast path of the test (lib/logrank_fast.c): no strata, no entry
 * times, at most ISURV_LR_FAST_GROUPS groups; ISURV_FAST_UNFIT
 * otherwise.  Statuses as the general path gives them. */
#define ISURV_LR_FAST_GROUPS 64
int isurv_lr_fast(struct isurv_logrank *fit, const double *time,
                  const int *event, const int *group, size_t n,
                  const struct isurv_opts *o);

/* survdiff's statistic from totals over strata: the groups with E > 0,
 * one of them dropped, U'V^-1U.  ISURV_EVARIANCE when no group has
 * E > 0 or that variance is singular; with one such group the statistic
 * is 0 on 0 df, as R's. */
int isurv_lr_chisq(double *chisq, double *df, const double *obs,
                   const double *exp, const double *var, size_t m);

#endif
