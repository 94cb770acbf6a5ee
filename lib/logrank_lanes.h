/*
 * The order in which the log-rank sums are added up.  A row (a time) is
 * in block floor(P / ISURV_LR_BLOCK) (lib/logrank.h) and lane P % 4, P
 * being the number of subjects of the stratum and groups compared who
 * leave before it: so where a block starts is read off the sorted data
 * without walking the rows, and four rows of one subject each, from a P
 * that is a multiple of 4, are the four lanes of a vector.  Every lane is
 * summed from +0 in row order (a row without a death adds nothing: its
 * terms would be +0, which leave a lane as it is), a block's sum is
 * (l0 + l1) + (l2 + l3), and the block sums are added to the totals in
 * block order.  That is a fixed function of the rows, whatever the
 * thread count or the instructions: one row at a time on the general
 * path (lib/logrank_pass.c), four rows to a vector where the fast path
 * can (lib/logrank_walk.c), blocks on several threads.
 *
 * The sums of k groups, S = 2k + k(k + 1)/2 of them: O_g at g, E_g at
 * k + g, V_gh (g <= h) at 2k + isurv_lr_tri(k, g, h).  A row adds
 *   O_g += w d_g, E_g += q n_g, V_gg += c (n_g (n - n_g)),
 *   V_gh -= c (n_g n_h) (g < h),
 * with q and c of lib/logrank.h; a row with one subject at risk has no
 * variance: c = 0 makes its V terms +0, which leave every lane as it was
 * (diagonal lanes are never -0).
 */
#ifndef ISURV_LOGRANK_LANES_H
#define ISURV_LOGRANK_LANES_H

#include <stddef.h>

#include "logrank.h"

#define ISURV_LR_LANES 4

static inline size_t isurv_lr_nsums(size_t k)
{
    return 2 * k + k * (k + 1) / 2;
}

/* Where V_gh, g <= h, is among the V sums. */
static inline size_t isurv_lr_tri(size_t k, size_t g, size_t h)
{
    return g * k - g * (g - 1) / 2 + (h - g);
}

/* Adds the terms of a row with d > 0 deaths to its lane, a = acc + lane:
 * m groups with nr at risk and dr deaths, n and d pooled, weight w.  The
 * one scalar form of the terms, for the general path and the fast
 * path's rows that do not fill a vector; the vector walk's pending rows
 * (close_pending in lib/logrank_walk.c) repeat these very products into
 * one lane, so a change here is a change there. */
static inline void isurv_lr_lane_row(double *a, size_t m, const double *nr,
                                     const double *dr, double n, double d,
                                     double w)
{
    const double q = isurv_lr_q(w, d, n);
    size_t g, h;

    for (g = 0; g < m; g++) {
        a[4 * g] += w * dr[g];
        a[4 * (m + g)] += q * nr[g];
    }
    if (n > 1.0) { /* one subject at risk: no variance */
        const double c = isurv_lr_c(w, d, n);
        for (g = 0; g < m; g++) {
            a[4 * (2 * m + isurv_lr_tri(m, g, g))] += c * (nr[g] * (n - nr[g]));
            for (h = g + 1; h < m; h++)
                a[4 * (2 * m + isurv_lr_tri(m, g, h))] -= c * (nr[g] * nr[h]);
        }
    }
}

/* Adds a block's sums (isurv_lr_lanes_fold) to the totals: O and E of
 * one stratum (m each) and V (m x m, both halves). */
void isurv_lr_sums_add(double *os, double *es, double *var, const double *sum,
                       size_t m);

/* out[s] = (acc[4s] + acc[4s+1]) + (acc[4s+2] + acc[4s+3]) for nsums
 * sums; the lanes are then set back to +0. */
void isurv_lr_lanes_fold(double *out, double *acc, size_t nsums);

#endif
