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

/* out[s] = (acc[4s] + acc[4s+1]) + (acc[4s+2] + acc[4s+3]) for nsums
 * sums; the lanes are then set back to +0. */
void isurv_lr_lanes_fold(double *out, double *acc, size_t nsums);

#endif
