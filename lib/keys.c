#include <math.h>

#include "inotusurv.h"
#include "keys.h"
#include "threads.h"

struct scan_job {
    const double *time;
    const int *event, *group;
    size_t n;
    int nparts;
    struct isurv_scan part[ISURV_MAX_THREADS];
    int bad_time[ISURV_MAX_THREADS], bad_event[ISURV_MAX_THREADS];
};

static void scan_part(void *ctx, int t)
{
    struct scan_job *j = ctx;
    size_t i, lo = isurv_slice(j->n, t, j->nparts),
              hi = isurv_slice(j->n, t + 1, j->nparts);
    uint64_t mn = UINT64_MAX, mx = 0, any = 0, all = UINT64_MAX;
    int bad_event = 0, glo = 0, ghi = 0;

    for (i = lo; i < hi; i++) {
        double t_i = j->time[i];
        uint64_t u;
        if (!(isfinite(t_i) && t_i >= 0.0)) {
            j->bad_time[t] = 1;
            return; /* a bad time outranks everything else */
        }
        u = isurv_time_bits(t_i);
        mn = u < mn ? u : mn;
        mx = u > mx ? u : mx;
        any |= u;
        all &= u;
    }
    if (j->event)
        for (i = lo; i < hi; i++)
            bad_event |= j->event[i] != 0 && j->event[i] != 1;
    if (j->group && hi > lo) {
        glo = ghi = j->group[lo];
        for (i = lo + 1; i < hi; i++) {
            int g = j->group[i];
            glo = g < glo ? g : glo;
            ghi = g > ghi ? g : ghi;
        }
    }
    j->part[t].min = mn;
    j->part[t].max = mx;
    j->part[t].any = any;
    j->part[t].all = all;
    j->part[t].glo = glo;
    j->part[t].ghi = ghi;
    j->bad_event[t] = bad_event;
}

static int scan(struct isurv_scan *sc, const double *time, const int *event,
                const int *group, size_t n, int nthreads)
{
    struct scan_job j;
    int t, bad_event = 0;

    memset(&j, 0, sizeof j);
    j.time = time;
    j.event = event;
    j.group = group;
    j.n = n;
    j.nparts = nthreads < 1 ? 1 : nthreads > ISURV_MAX_THREADS ? ISURV_MAX_THREADS : nthreads;
    if ((size_t)j.nparts > n)
        j.nparts = 1;
    isurv_parallel(j.nparts, scan_part, &j);
    for (t = 0; t < j.nparts; t++) {
        if (j.bad_time[t])
            return ISURV_ETIME;
        bad_event |= j.bad_event[t];
    }
    if (bad_event)
        return ISURV_EEVENT;
    *sc = j.part[0];
    for (t = 1; t < j.nparts; t++) {
        const struct isurv_scan *p = &j.part[t];
        sc->min = p->min < sc->min ? p->min : sc->min;
        sc->max = p->max > sc->max ? p->max : sc->max;
        sc->any |= p->any;
        sc->all &= p->all;
        sc->glo = p->glo < sc->glo ? p->glo : sc->glo;
        sc->ghi = p->ghi > sc->ghi ? p->ghi : sc->ghi;
    }
    return ISURV_OK;
}

int isurv_scan_survdata(struct isurv_scan *sc, const double *time,
                        const int *event, const int *group, size_t n,
                        int nthreads)
{
    if (!time || !event)
        return ISURV_ENULL;
    if (n == 0)
        return ISURV_EEMPTY;
    return scan(sc, time, event, group, n, nthreads);
}

int isurv_scan_times(struct isurv_scan *sc, const double *time, size_t n,
                     int nthreads)
{
    if (n == 0) {
        memset(sc, 0, sizeof *sc);
        return ISURV_OK;
    }
    return scan(sc, time, NULL, NULL, n, nthreads);
}

int isurv_keyspec_make(struct isurv_keyspec *ks, const struct isurv_scan *sc,
                       int pb)
{
    uint64_t vary = sc->any ^ sc->all, range;
    int width = 0;

    ks->base = sc->min;
    /* Bits below the lowest varying one are equal in every row, so they
     * cancel in bits - base and can be shifted out. */
    ks->shift = 0;
    if (vary)
        while (!((vary >> ks->shift) & 1))
            ks->shift++;
    range = (sc->max - sc->min) >> ks->shift;
    while (width < 64 && (range >> width) != 0)
        width++;
    ks->width = width;
    ks->pb = pb;
    return pb >= 0 && width + pb <= 64;
}
