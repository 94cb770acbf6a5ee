#include <limits.h>
#include <math.h>
#include <string.h>

#include "inotusurv.h"
#include "keys.h"
#include "threads.h"

struct scan_job {
    const double *time;
    const int *event, *group;
    size_t n;
    int nparts;
    long long gbase;      /* of every part's window */
    struct isurv_scan part[ISURV_MAX_THREADS];
    int bad_time[ISURV_MAX_THREADS], bad_event[ISURV_MAX_THREADS];
};

/* The labels of rows [lo, hi): counted in the window while they all fall
 * in it (their range then read off the counts), else their range alone.
 * Four rows at a time into four tables, so that neighbouring rows of one
 * label do not wait on each other's increment. */
static void scan_groups(struct scan_job *j, int t, size_t lo, size_t hi)
{
    const int *g = j->group;
    const long long base = j->gbase;
    size_t win[4][ISURV_SCAN_WINDOW], i;
    struct isurv_scan *sc = &j->part[t];
    int k, inside = 1;

    memset(win, 0, sizeof win);
    for (i = lo; i + 4 <= hi; i += 4) {
        unsigned long long a0 = (unsigned long long)(g[i] - base),
                           a1 = (unsigned long long)(g[i + 1] - base),
                           a2 = (unsigned long long)(g[i + 2] - base),
                           a3 = (unsigned long long)(g[i + 3] - base);
        if ((a0 | a1 | a2 | a3) >= ISURV_SCAN_WINDOW) {
            inside = 0;
            break;
        }
        win[0][a0]++;
        win[1][a1]++;
        win[2][a2]++;
        win[3][a3]++;
    }
    for (; inside && i < hi; i++) {
        unsigned long long a = (unsigned long long)(g[i] - base);
        if (a >= ISURV_SCAN_WINDOW)
            inside = 0;
        else
            win[0][a]++;
    }
    sc->gcounted = inside;
    if (!inside) {
        sc->glo = sc->ghi = g[lo];
        for (i = lo + 1; i < hi; i++) {
            sc->glo = g[i] < sc->glo ? g[i] : sc->glo;
            sc->ghi = g[i] > sc->ghi ? g[i] : sc->ghi;
        }
        return;
    }
    sc->glo = INT_MAX;
    sc->ghi = INT_MIN;
    for (k = 0; k < ISURV_SCAN_WINDOW; k++) {
        sc->gcount[k] = win[0][k] + win[1][k] + win[2][k] + win[3][k];
        if (sc->gcount[k] > 0) {
            sc->glo = sc->glo < (int)(base + k) ? sc->glo : (int)(base + k);
            sc->ghi = (int)(base + k);
        }
    }
}

static void scan_part(void *ctx, int t)
{
    struct scan_job *j = ctx;
    size_t i, lo = isurv_slice(j->n, t, j->nparts),
              hi = isurv_slice(j->n, t + 1, j->nparts);
    uint64_t mn = UINT64_MAX, mx = 0, any = 0, all = UINT64_MAX;
    int bad_event = 0;

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
    if (j->group && hi > lo)
        scan_groups(j, t, lo, hi);
    j->part[t].min = mn;
    j->part[t].max = mx;
    j->part[t].any = any;
    j->part[t].all = all;
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
    /* the window: centred on the first label */
    j.gbase = group ? (long long)group[0] - ISURV_SCAN_WINDOW / 2 : 0;
    isurv_parallel(j.nparts, scan_part, &j);
    for (t = 0; t < j.nparts; t++) {
        if (j.bad_time[t])
            return ISURV_ETIME;
        bad_event |= j.bad_event[t];
    }
    if (bad_event)
        return ISURV_EEVENT;
    *sc = j.part[0];
    sc->gbase = j.gbase;
    for (t = 1; t < j.nparts; t++) {
        const struct isurv_scan *p = &j.part[t];
        int k;
        sc->gcounted &= p->gcounted;
        for (k = 0; k < ISURV_SCAN_WINDOW; k++)
            sc->gcount[k] += p->gcount[k];
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
                        int nthreads, int check_events)
{
    if (!time || !event)
        return ISURV_ENULL;
    if (n == 0)
        return ISURV_EEMPTY;
    return scan(sc, time, check_events ? event : NULL, group, n, nthreads);
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
