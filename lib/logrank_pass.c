/* One pass over the count table for the weighted log-rank sums.  At each
 * time with d deaths among n at risk (pooled over the groups compared),
 * group g with n_g at risk and d_g deaths adds
 *   O_g += w d_g,   E_g += w d n_g / n,
 *   V_gh += w^2 d (n - d) / (n (n - 1)) (n_g [g = h] - n_g n_h / n),
 * the hypergeometric variance (Mantel 1966), as R's survdiff (C code
 * survdiff2.c) accumulates them, O and E weighted too.  With
 * tmp = w^2 d n_g (n - d) / (n (n - 1)) the diagonal term is added as
 * tmp (n - n_g) / n rather than R's tmp - tmp n_g / n: the same number,
 * but never below 0 and exactly 0 for a group alone at risk, where R's
 * difference can round to -ulp and make (O - E)^2 / V negative. */
#include <math.h>
#include <string.h>

#include "logrank.h"

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

void isurv_lr_accumulate(double *obs_s, double *exp_s, double *var,
                         const struct isurv_counts *tab, const size_t *cols,
                         size_t m, const struct isurv_opts *o,
                         double *scratch, size_t *active)
{
    const size_t G = tab->ngroups;
    double *nr = scratch, *dr = scratch + m;
    size_t s, r, j, h;

    for (s = 0; s < tab->nstrata; s++) {
        double km = 1.0;
        double *os = obs_s + s * m, *es = exp_s + s * m;

        for (r = tab->start[s]; r < tab->start[s + 1]; r++) {
            double n = 0.0, d = 0.0, w, w2;
            size_t na = 0;

            for (j = 0; j < m; j++) {
                nr[j] = tab->nrisk[r * G + cols[j]];
                dr[j] = tab->nevent[r * G + cols[j]];
                n += nr[j];
                d += dr[j];
                if (nr[j] > 0.0)
                    active[na++] = j;
            }
            if (d == 0.0)
                continue; /* no death among these groups: nothing to add */
            w = isurv_lr_weight(o, km, n);
            for (j = 0; j < na; j++) {
                size_t g = active[j];
                os[g] += w * dr[g];
                es[g] += w * d * nr[g] / n;
            }
            km = km * (n - d) / n;
            if (n <= 1.0)
                continue; /* one subject at risk: no variance */
            w2 = w * w;
            for (j = 0; j < na; j++) {
                size_t g = active[j];
                double tmp = w2 * d * nr[g] * (n - d) / (n * (n - 1.0));
                var[g * m + g] += tmp * (n - nr[g]) / n;
                for (h = 0; h < na; h++)
                    if (active[h] != g)
                        var[g * m + active[h]] -= tmp * nr[active[h]] / n;
            }
        }
    }
}
