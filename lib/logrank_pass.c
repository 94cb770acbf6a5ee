/* One pass over the count table for the weighted log-rank sums.  At each
 * time with d deaths among n at risk (pooled over the groups compared),
 * group g with n_g at risk and d_g deaths adds
 *   O_g += w d_g,   E_g += w d n_g / n,
 *   V_gh += w^2 d (n - d) / (n (n - 1)) (n_g [g = h] - n_g n_h / n),
 * the hypergeometric variance (Mantel 1966), as R's survdiff (C code
 * survdiff2.c) accumulates them, O and E weighted too.  With
 * q = w d / n and c = w^2 d (n - d) / (n^2 (n - 1)) (lib/logrank.h) a
 * row adds E_g += q n_g, V_gg += c (n_g (n - n_g)) and V_gh -= c (n_g n_h):
 * R's terms, with two divisions a row instead of survdiff's k^2 + 2k,
 * V exactly symmetric, and the diagonal never below 0 and exactly 0 for
 * a group alone at risk (R's tmp - tmp n_g / n can round to -ulp and
 * make (O - E)^2 / V negative).
 *
 * The sums are added up in the order of lib/logrank_lanes.h: blocks of
 * rows with a death, four lanes within a block.  That order is a
 * function of the data alone, so the fast path (lib/logrank_fast.c) can
 * add four rows at a time and blocks on several threads and still give
 * these very doubles. */
#include <math.h>
#include <string.h>

#include "logrank.h"
#include "logrank_lanes.h"

/* The weight at a death time: S is the pooled Kaplan-Meier estimate just
 * before it (left-continuous, as survdiff's), n the pooled number at risk. */
double isurv_lr_weight(const struct isurv_opts *o, double s, double n)
{
    switch (o->weight_type) {
    case ISURV_WEIGHT_GRHO:
        return o->weight_p == 0.0 ? 1.0 : pow(s, o->weight_p);
    case ISURV_WEIGHT_FH:
        /* pow(x, 0) is 1 even for x = 0, so FH(0, 0) is the log-rank. */
        return pow(s, o->weight_p) * pow(1.0 - s, o->weight_q);
    case ISURV_WEIGHT_GEHAN:
        return n;
    case ISURV_WEIGHT_TARONE_WARE:
        return sqrt(n);
    default:
        return 1.0;
    }
}

int isurv_lr_weight_uses_s(const struct isurv_opts *o)
{
    return o->weight_type == ISURV_WEIGHT_FH
           || (o->weight_type == ISURV_WEIGHT_GRHO && o->weight_p != 0.0);
}

/* Folds the block's lanes and adds its sums to the totals. */
static void flush_block(double *os, double *es, double *var, double *acc,
                        double *sum, size_t m)
{
    isurv_lr_lanes_fold(sum, acc, isurv_lr_nsums(m));
    isurv_lr_sums_add(os, es, var, sum, m);
}

void isurv_lr_accumulate(double *obs_s, double *exp_s, double *var,
                         const struct isurv_counts *tab, const size_t *cols,
                         size_t m, const struct isurv_opts *o, double *scratch)
{
    const size_t G = tab->ngroups, ns = isurv_lr_nsums(m);
    double *nr = scratch, *dr = nr + m, *sum = dr + m, *acc = sum + ns;
    size_t s, r, j, block;
    int dirty;

    memset(acc, 0, 4 * ns * sizeof *acc);
    for (s = 0; s < tab->nstrata; s++) {
        double km = 1.0, gone = 0.0;
        double *os = obs_s + s * m, *es = exp_s + s * m;

        dirty = 0;
        block = 0;
        for (r = tab->start[s]; r < tab->start[s + 1]; r++) {
            double n = 0.0, d = 0.0, before = gone, w, *a;

            for (j = 0; j < m; j++) {
                nr[j] = tab->nrisk[r * G + cols[j]];
                dr[j] = tab->nevent[r * G + cols[j]];
                n += nr[j];
                d += dr[j];
                gone += dr[j] + tab->ncensor[r * G + cols[j]];
            }
            if (d == 0.0)
                continue; /* no death among these groups: nothing to add */
            if ((size_t)(before / ISURV_LR_BLOCK) != block) {
                if (dirty)
                    flush_block(os, es, var, acc, sum, m);
                block = (size_t)(before / ISURV_LR_BLOCK);
            }
            a = acc + (size_t)fmod(before, ISURV_LR_LANES); /* its lane */
            dirty = 1;
            w = isurv_lr_weight(o, km, n);
            km = km * (n - d) / n;
            isurv_lr_lane_row(a, m, nr, dr, n, d, w);
        }
        if (dirty)
            flush_block(os, es, var, acc, sum, m);
    }
}
