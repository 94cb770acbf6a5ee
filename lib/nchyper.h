/* Fisher's noncentral hypergeometric distribution of the (1,1) cell of a
 * 2 x 2 table with fixed margins: P(X = s) proportional to
 * C(m, s) C(n, k - s) psi^s on lo <= s <= hi, in R's fisher.test notation
 * (m, n the column totals, k the first row total). */
#ifndef ISURV_NCHYPER_H
#define ISURV_NCHYPER_H

struct isurv_nchyper {
    double m, n, k, lo, hi;
};

/* Sums over the support at log odds ratio u = log(psi), each relative to
 * the largest term; x is the observed cell. */
struct isurv_nchyper_sums {
    double total; /* sum of all terms */
    double mean;  /* E[X] */
    double le;    /* sum of terms with s <= x */
    double ge;    /* sum of terms with s >= x */
    double at_x;  /* the term at x (0 if it underflows) */
};

void isurv_nchyper_init(struct isurv_nchyper *h, double m, double n, double k);

void isurv_nchyper_sums(const struct isurv_nchyper *h, double u, double x,
                        struct isurv_nchyper_sums *out);

/* Sum of the terms (at u) that are at most bound; with u = 0 and bound the
 * observed term times 1 + 1e-7 this is R's two-sided p value numerator. */
double isurv_nchyper_sum_below(const struct isurv_nchyper *h, double u,
                               double bound);

#endif
