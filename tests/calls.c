/* The calls of tests/calls.h: shared inputs, fingerprints of results, one
 * run function per kind of call, and the table. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#define _POSIX_C_SOURCE 200809L /* getpid */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calls.h"
#include "testrand.h"

/* A run function's setup (outside oc_begin / oc_end) failed. */
#define OC_ESETUP (-1000)
/* Output arrays are filled with this byte before the call. */
#define FILL 0xA5

char oc_junk;

/* ------------------------------------------------------------ outcomes */

void oc_init(struct outcome *oc)
{
    memset(oc, 0, sizeof *oc);
}

static void drop_outs(struct outcome *oc)
{
    int i;

    for (i = 0; i < oc->nout; i++)
        free(oc->out[i]);
    oc->nout = 0;
}

void oc_clear(struct outcome *oc)
{
    drop_outs(oc);
    free(oc->fp);
    oc->fp = NULL;
    oc->len = oc->cap = 0;
    oc->partial = oc->oom = 0;
}

void oc_put(struct outcome *oc, const void *p, size_t bytes)
{
    if (oc->len + bytes > oc->cap) {
        size_t cap = oc->cap ? oc->cap : 4096;
        unsigned char *q;
        while (cap < oc->len + bytes)
            cap *= 2;
        if (!(q = realloc(oc->fp, cap))) {
            oc->oom = 1;
            return;
        }
        oc->fp = q;
        oc->cap = cap;
    }
    memcpy(oc->fp + oc->len, p, bytes);
    oc->len += bytes;
}

void oc_put_d(struct outcome *oc, double x)
{
    oc_put(oc, &x, sizeof x);
}

void oc_put_z(struct outcome *oc, size_t x)
{
    oc_put(oc, &x, sizeof x);
}

void oc_put_i(struct outcome *oc, int x)
{
    oc_put(oc, &x, sizeof x);
}

void *oc_out(struct outcome *oc, size_t bytes)
{
    void *p;

    if (oc->nout == OC_MAXOUT || !(p = malloc(bytes ? bytes : 1))) {
        oc->oom = 1;
        return NULL;
    }
    memset(p, FILL, bytes);
    oc->out[oc->nout] = p;
    oc->outlen[oc->nout++] = bytes;
    return p;
}

void oc_begin(struct outcome *oc)
{
    if (oc->begin)
        oc->begin(oc->ctx);
}

void oc_end(struct outcome *oc)
{
    if (oc->end)
        oc->end(oc->ctx);
}

void oc_null(struct outcome *oc, const void *obj)
{
    if (obj != NULL)
        oc->partial = 1;
}

int oc_equal(const struct outcome *a, const struct outcome *b)
{
    return a->len == b->len && (a->len == 0 || memcmp(a->fp, b->fp, a->len) == 0);
}

int oc_run(struct outcome *oc, const struct call *c)
{
    int rc, i;
    size_t k;

    drop_outs(oc);
    oc->len = 0;
    oc->partial = oc->oom = 0;
    rc = c->run(oc, c->arg);
    for (i = 0; i < oc->nout; i++) {
        const unsigned char *p = oc->out[i];
        if (rc == ISURV_OK) {
            oc_put(oc, p, oc->outlen[i]);
            continue;
        }
        for (k = 0; k < oc->outlen[i]; k++)
            if (p[k] != FILL)
                oc->partial = 1;
    }
    drop_outs(oc);
    return rc;
}

/* ------------------------------------------------------------- inputs */

struct dataset {
    size_t n;
    double *time, *entry, *weights;
    int *event, *group, *many, *sparse, *strata;
};

/* small: every argument of the general paths; days: day counts, many
 * ties (a histogram of the keys, escape codes); cont: continuous times (a
 * radix sort); wide: 2^-1000 .. 2^1000, too wide for a 64-bit key beside
 * a group (the fast path gives up for the general one).  days and cont
 * are above the size where calls start threads (lib/threads.h). */
static struct dataset small, days, cont, wide;
#define BIG 140000

static uint64_t rng_state;

static double unif(void)
{
    return isurv_test_unif(&rng_state);
}

static void free_dataset(struct dataset *d)
{
    free(d->time);
    free(d->entry);
    free(d->weights);
    free(d->event);
    free(d->group);
    free(d->many);
    free(d->sparse);
    free(d->strata);
    memset(d, 0, sizeof *d);
}

static int make_dataset(struct dataset *d, size_t n, int shape)
{
    static const double w[6] = { 1.0, 2.0, 0.5, 3.25, 0.0, 1.0 };
    size_t i;

    d->n = n;
    d->time = malloc(n * sizeof *d->time);
    d->entry = malloc(n * sizeof *d->entry);
    d->weights = malloc(n * sizeof *d->weights);
    d->event = malloc(n * sizeof *d->event);
    d->group = malloc(n * sizeof *d->group);
    d->many = malloc(n * sizeof *d->many);
    d->sparse = malloc(n * sizeof *d->sparse);
    d->strata = malloc(n * sizeof *d->strata);
    if (!d->time || !d->entry || !d->weights || !d->event || !d->group
        || !d->many || !d->sparse || !d->strata)
        return -1;
    for (i = 0; i < n; i++) {
        double x = -365.0 * log(unif());
        int g = (int)(unif() * 3);
        switch (shape) {
        case 0:
            d->time[i] = 0.5 * ceil(x / 10.0); /* ties, never 0 */
            break;
        case 1:
            d->time[i] = 1.0 + floor(x);
            break;
        case 2:
            d->time[i] = x;
            break;
        default:
            d->time[i] = ldexp(0.5 + unif() / 2, (int)(unif() * 2000) - 1000);
        }
        d->event[i] = unif() < 0.7;
        d->group[i] = 4 * g + 3;                           /* 3, 7, 11 */
        d->many[i] = 5 * (int)(unif() * 100);              /* > 64 curves */
        d->sparse[i] = (int)(unif() * 80) * 25000000 - 1000000000; /* wide span */
        d->strata[i] = (int)(unif() * 2);
        d->entry[i] = i % 3 == 0 ? d->time[i] * 0.9 * unif() : 0.0;
        d->weights[i] = w[i % 6];
    }
    return 0;
}

/* Shared options, read-only once made. */
enum { O_DEFAULT, O_T1, O_T2, O_T4, O_FH, O_LOGLOG, NOPTS };
static isurv_opts *opts[NOPTS];

/* A fit and a figure of it that every run reads and none changes. */
static isurv_km *shared_fit;
static isurv_plot *shared_plot;
static int dress_plot(isurv_plot *plot);

/* opts[k], made and set by the steps of make_opts. */
static int make_opts(int k)
{
    isurv_opts *o;

    if (isurv_opts_new(&opts[k]) != ISURV_OK)
        return -1;
    o = opts[k];
    switch (k) {
    case O_T1:
        return isurv_opts_set_threads(o, 1);
    case O_T2:
        return isurv_opts_set_threads(o, 2);
    case O_T4:
        return isurv_opts_set_threads(o, 4);
    case O_FH:
        return isurv_opts_set_threads(o, 2) != ISURV_OK
            || isurv_opts_set_weights(o, ISURV_WEIGHT_FH, 1.0, 0.5) != ISURV_OK;
    default: /* O_LOGLOG */
        return isurv_opts_set_conf_type(o, ISURV_CONF_LOGLOG) != ISURV_OK
            || isurv_opts_set_conf_level(o, 0.9) != ISURV_OK
            || isurv_opts_set_timefix(o, 0) != ISURV_OK;
    }
}

int calls_init(void)
{
    int k;

    rng_state = 20260101;
    if (make_dataset(&small, 240, 0) != 0 || make_dataset(&days, BIG, 1) != 0
        || make_dataset(&cont, BIG, 2) != 0 || make_dataset(&wide, 300, 3) != 0)
        return -1;
    opts[O_DEFAULT] = NULL;
    for (k = O_DEFAULT + 1; k < NOPTS; k++)
        if (make_opts(k) != 0)
            return -1;
    if (isurv_km_fit(&shared_fit, days.time, days.event, days.n, NULL, NULL,
                     days.group, opts[O_T2]) != ISURV_OK
        || isurv_plot_new(&shared_plot, shared_fit) != ISURV_OK
        || dress_plot(shared_plot) != ISURV_OK)
        return -1;
    return 0;
}

void calls_done(void)
{
    int k;

    isurv_plot_free(shared_plot);
    isurv_km_free(shared_fit);
    shared_plot = NULL;
    shared_fit = NULL;
    free_dataset(&small);
    free_dataset(&days);
    free_dataset(&cont);
    free_dataset(&wide);
    for (k = 0; k < NOPTS; k++) {
        isurv_opts_free(opts[k]);
        opts[k] = NULL;
    }
}

/* Which optional columns of a data set a call passes. */
enum {
    U_WEIGHTS = 1, U_ENTRY = 2, U_GROUP = 4, U_MANY = 8, U_SPARSE = 16,
    U_STRATA = 32
};

static const int *groups_of(const struct dataset *d, unsigned use)
{
    if (use & U_MANY)
        return d->many;
    if (use & U_SPARSE)
        return d->sparse;
    return use & U_GROUP ? d->group : NULL;
}

/* -------------------------------------------------------- fingerprints */

static const double query_times[] = { 0.0, 0.7, 1.0, 5.0, 30.0, 100.0,
                                      365.0, 1000.0, 1e6 };
#define NQ (sizeof query_times / sizeof query_times[0])

static void put_array(struct outcome *oc, const double *x, size_t n)
{
    oc_put(oc, x, n * sizeof *x);
}

static void put_km_curve(struct outcome *oc, const isurv_km *fit, size_t c)
{
    double s[NQ], se[NQ], lo[NQ], hi[NQ], q[3], r[2], *col;
    size_t nobs = 0, nt = 0, k;
    int label = 0, j;

    oc_put_i(oc, isurv_km_group(fit, c, &label));
    oc_put_i(oc, label);
    oc_put_i(oc, isurv_km_nobs(fit, c, &nobs));
    oc_put_z(oc, nobs);
    oc_put_i(oc, isurv_km_ntimes(fit, c, &nt));
    oc_put_z(oc, nt);
    if (!(col = malloc((nt ? nt : 1) * sizeof *col))) {
        oc->oom = 1;
        return;
    }
    for (j = ISURV_KM_TIME; j <= ISURV_KM_STD_LOGSURV; j++) {
        oc_put_i(oc, isurv_km_column(fit, c, j, col, nt));
        put_array(oc, col, nt);
    }
    free(col);
    oc_put_i(oc, isurv_km_surv_at(fit, c, query_times, NQ, s, se, lo, hi));
    put_array(oc, s, NQ);
    put_array(oc, se, NQ);
    put_array(oc, lo, NQ);
    put_array(oc, hi, NQ);
    oc_put_i(oc, isurv_km_risk_table(fit, c, query_times, NQ, s, se, lo));
    put_array(oc, s, NQ);
    put_array(oc, se, NQ);
    put_array(oc, lo, NQ);
    for (k = 1; k <= 3; k++) {
        oc_put_i(oc, isurv_km_quantile(fit, c, 0.25 * (double)k, &q[0], &q[1], &q[2]));
        put_array(oc, q, 3);
    }
    oc_put_i(oc, isurv_km_rmst(fit, c, 100.0, &r[0], &r[1]));
    put_array(oc, r, 2);
}

static void put_km(struct outcome *oc, const isurv_km *fit)
{
    size_t c, nc = isurv_km_ncurves(fit);

    oc_put_z(oc, nc);
    for (c = 0; c < nc; c++)
        put_km_curve(oc, fit, c);
}

static void put_logrank(struct outcome *oc, const isurv_logrank *fit)
{
    size_t k = isurv_logrank_ngroups(fit), ns = isurv_logrank_nstrata(fit), i;
    double st[3], lp = 0.0, tr[2], *v;
    int label = 0;

    oc_put_z(oc, k);
    oc_put_z(oc, ns);
    /* n, O, E, (O-E)^2/E, (O-E)^2/V, a stratum's O and E, V, in one block */
    if (!(v = malloc((7 * k + k * k + 1) * sizeof *v))) {
        oc->oom = 1;
        return;
    }
    for (i = 0; i < k; i++) {
        oc_put_i(oc, isurv_logrank_group(fit, i, &label));
        oc_put_i(oc, label);
    }
    oc_put_i(oc, isurv_logrank_stat(fit, &st[0], &st[1], &st[2]));
    put_array(oc, st, 3);
    oc_put_i(oc, isurv_logrank_log_p(fit, &lp));
    oc_put_d(oc, lp);
    oc_put_i(oc, isurv_logrank_table(fit, v, v + k, v + 2 * k, v + 3 * k,
                                     v + 4 * k, k));
    put_array(oc, v, 5 * k);
    oc_put_i(oc, isurv_logrank_variance(fit, v, k * k));
    put_array(oc, v, k * k);
    for (i = 0; i < ns; i++) {
        oc_put_i(oc, isurv_logrank_stratum(fit, i, &label, v, v + k, k));
        oc_put_i(oc, label);
        put_array(oc, v, 2 * k);
    }
    oc_put_i(oc, isurv_logrank_trend(fit, NULL, 0, &tr[0], &tr[1]));
    put_array(oc, tr, 2);
    free(v);
}

static void put_chisq(struct outcome *oc, const isurv_chisq *res)
{
    size_t r = 0, c = 0;
    double st[3], lp = 0.0, *v;
    int flag = -1;

    oc_put_i(oc, isurv_chisq_dim(res, &r, &c));
    oc_put_z(oc, r);
    oc_put_z(oc, c);
    oc_put_i(oc, isurv_chisq_stat(res, &st[0], &st[1], &st[2]));
    put_array(oc, st, 3);
    oc_put_i(oc, isurv_chisq_log_p(res, &lp));
    oc_put_d(oc, lp);
    oc_put_i(oc, isurv_chisq_low_expected(res, &flag));
    oc_put_i(oc, flag);
    if (!(v = malloc((r * c + 1) * sizeof *v))) {
        oc->oom = 1;
        return;
    }
    oc_put_i(oc, isurv_chisq_expected(res, v, r * c));
    put_array(oc, v, r * c);
    oc_put_i(oc, isurv_chisq_residuals(res, v, r * c));
    put_array(oc, v, r * c);
    free(v);
}

/* The plot's SVG (malloc'ed), or NULL. */
static char *svg_of(const isurv_plot *plot)
{
    size_t need = 0;
    char *s;

    if (isurv_plot_svg(plot, NULL, 0, &need) != ISURV_OK || !(s = malloc(need)))
        return NULL;
    if (isurv_plot_svg(plot, s, need, &need) != ISURV_OK) {
        free(s);
        return NULL;
    }
    return s;
}

static void put_svg(struct outcome *oc, const isurv_plot *plot)
{
    char *s = svg_of(plot);

    if (!s) {
        oc->oom = 1;
        return;
    }
    oc_put(oc, s, strlen(s));
    free(s);
}

/* --------------------------------------------------------- run: options */

static int run_opts_new(struct outcome *oc, const void *arg)
{
    isurv_opts *o = OC_JUNK;
    int rc;

    (void)arg;
    oc_begin(oc);
    rc = isurv_opts_new(&o);
    oc_end(oc);
    if (rc != ISURV_OK) {
        oc_null(oc, o);
        return rc;
    }
    /* What a fresh object holds shows in a fit made with it. */
    oc_put_i(oc, isurv_opts_set_threads(o, 1));
    isurv_opts_free(o);
    return rc;
}

/* ------------------------------------------------- run: Kaplan-Meier */

struct km_args {
    const struct dataset *d;
    unsigned use;
    int opt;
};

static int fit_km(isurv_km **fit, const struct km_args *a)
{
    const struct dataset *d = a->d;

    return isurv_km_fit(fit, d->time, d->event, d->n,
                        a->use & U_WEIGHTS ? d->weights : NULL,
                        a->use & U_ENTRY ? d->entry : NULL,
                        groups_of(d, a->use), opts[a->opt]);
}

static int run_km_fit(struct outcome *oc, const void *arg)
{
    isurv_km *fit = OC_JUNK;
    int rc;

    oc_begin(oc);
    rc = fit_km(&fit, arg);
    oc_end(oc);
    if (rc != ISURV_OK) {
        oc_null(oc, fit);
        return rc;
    }
    put_km(oc, fit);
    isurv_km_free(fit);
    return rc;
}

/* The queries on the last curve (the others are alike). */
static int run_km_risk_table(struct outcome *oc, const void *arg)
{
    isurv_km *fit = NULL;
    double *n, *ev, *ce;
    int rc;

    if (fit_km(&fit, arg) != ISURV_OK)
        return OC_ESETUP;
    n = oc_out(oc, NQ * sizeof *n);
    ev = oc_out(oc, NQ * sizeof *ev);
    ce = oc_out(oc, NQ * sizeof *ce);
    if (!n || !ev || !ce) {
        isurv_km_free(fit);
        return OC_ESETUP;
    }
    oc_begin(oc);
    rc = isurv_km_risk_table(fit, isurv_km_ncurves(fit) - 1, query_times, NQ,
                             n, ev, ce);
    oc_end(oc);
    isurv_km_free(fit);
    return rc;
}

static int run_km_surv_at(struct outcome *oc, const void *arg)
{
    isurv_km *fit = NULL;
    double *s, *se, *lo, *hi;
    int rc;

    if (fit_km(&fit, arg) != ISURV_OK)
        return OC_ESETUP;
    s = oc_out(oc, NQ * sizeof *s);
    se = oc_out(oc, NQ * sizeof *se);
    lo = oc_out(oc, NQ * sizeof *lo);
    hi = oc_out(oc, NQ * sizeof *hi);
    if (!s || !se || !lo || !hi) {
        isurv_km_free(fit);
        return OC_ESETUP;
    }
    oc_begin(oc);
    rc = isurv_km_surv_at(fit, isurv_km_ncurves(fit) - 1, query_times, NQ, s,
                          se, lo, hi);
    oc_end(oc);
    isurv_km_free(fit);
    return rc;
}

static int run_km_quantile(struct outcome *oc, const void *arg)
{
    isurv_km *fit = NULL;
    double *q;
    int rc;

    if (fit_km(&fit, arg) != ISURV_OK)
        return OC_ESETUP;
    if (!(q = oc_out(oc, 3 * sizeof *q))) {
        isurv_km_free(fit);
        return OC_ESETUP;
    }
    oc_begin(oc);
    rc = isurv_km_quantile(fit, isurv_km_ncurves(fit) - 1, 0.5, &q[0], &q[1],
                           &q[2]);
    oc_end(oc);
    isurv_km_free(fit);
    return rc;
}

static int run_followup(struct outcome *oc, const void *arg)
{
    const struct km_args *a = arg;
    double *est = oc_out(oc, sizeof *est), *lo = oc_out(oc, sizeof *lo),
           *hi = oc_out(oc, sizeof *hi);
    int rc;

    if (!est || !lo || !hi)
        return OC_ESETUP;
    oc_begin(oc);
    rc = isurv_followup_median(est, lo, hi, a->d->time, a->d->event, a->d->n,
                               opts[a->opt]);
    oc_end(oc);
    return rc;
}

/* ------------------------------------------------------ run: log-rank */

struct lr_args {
    const struct dataset *d;
    unsigned use;
    int opt;
};

static int test_lr(isurv_logrank **fit, const struct lr_args *a)
{
    const struct dataset *d = a->d;

    return isurv_logrank_test(fit, d->time, d->event,
                              groups_of(d, a->use | U_GROUP), d->n,
                              a->use & U_STRATA ? d->strata : NULL,
                              a->use & U_ENTRY ? d->entry : NULL,
                              opts[a->opt]);
}

static int run_lr_test(struct outcome *oc, const void *arg)
{
    isurv_logrank *fit = OC_JUNK;
    int rc;

    oc_begin(oc);
    rc = test_lr(&fit, arg);
    oc_end(oc);
    if (rc != ISURV_OK) {
        oc_null(oc, fit);
        return rc;
    }
    put_logrank(oc, fit);
    isurv_logrank_free(fit);
    return rc;
}

static int run_lr_trend(struct outcome *oc, const void *arg)
{
    isurv_logrank *fit = NULL;
    double *stat, *p, *scores;
    size_t k, i;
    int rc;

    if (test_lr(&fit, arg) != ISURV_OK)
        return OC_ESETUP;
    k = isurv_logrank_ngroups(fit);
    stat = oc_out(oc, sizeof *stat);
    p = oc_out(oc, sizeof *p);
    if (!stat || !p || !(scores = malloc(k * sizeof *scores))) {
        isurv_logrank_free(fit);
        return OC_ESETUP;
    }
    for (i = 0; i < k; i++)
        scores[i] = (double)(i * i) + 0.5;
    oc_begin(oc);
    rc = isurv_logrank_trend(fit, scores, k, stat, p);
    oc_end(oc);
    free(scores);
    isurv_logrank_free(fit);
    return rc;
}

static int run_lr_pairwise(struct outcome *oc, const void *arg)
{
    const struct lr_args *a = arg;
    const struct dataset *d = a->d;
    enum { NPAIRS = 8 }; /* 3 groups: 3 pairs, and room to spare */
    double *p = oc_out(oc, NPAIRS * sizeof *p);
    int rc;

    if (!p)
        return OC_ESETUP;
    oc_begin(oc);
    rc = isurv_logrank_pairwise(p, NPAIRS, d->time, d->event, d->group, d->n,
                                a->use & U_STRATA ? d->strata : NULL,
                                a->use & U_ENTRY ? d->entry : NULL,
                                opts[a->opt], ISURV_ADJUST_HOLM);
    oc_end(oc);
    return rc;
}

/* -------------------------------------------------- run: p.adjust */

static const double p_raw[12] = { 0.01, 0.04, NAN, 0.03, 0.5, 0.0001, 1.0,
                                  0.04, 0.2, NAN, 0.7, 0.012 };

/* arg: the method; negative for the same method in place (out == p). */
static int run_p_adjust(struct outcome *oc, const void *arg)
{
    int method = *(const int *)arg, rc;
    double *out;

    if (method >= 0) {
        if (!(out = oc_out(oc, sizeof p_raw)))
            return OC_ESETUP;
        oc_begin(oc);
        rc = isurv_p_adjust(out, p_raw, 12, method);
        oc_end(oc);
        return rc;
    }
    if (!(out = malloc(sizeof p_raw)))
        return OC_ESETUP;
    memcpy(out, p_raw, sizeof p_raw);
    oc_begin(oc);
    rc = isurv_p_adjust(out, out, 12, -method);
    oc_end(oc);
    if (rc != ISURV_OK) {
        if (memcmp(out, p_raw, sizeof p_raw) != 0)
            oc->partial = 1;
    } else {
        oc_put(oc, out, sizeof p_raw);
    }
    free(out);
    return rc;
}

/* ------------------------------------------------ run: contingency */

struct table_args {
    const double *table;
    size_t nrow, ncol;
    int option;           /* correction, or the Fisher alternative */
};

static const double t22[4] = { 12, 5, 3, 17 };
static const double t34[12] = { 20, 15, 30, 8, 12, 18, 25, 9, 7, 11, 6, 14 };
static const double t33[9] = { 3, 1, 4, 1, 5, 9, 2, 6, 5 };

static int run_chisq(struct outcome *oc, const void *arg)
{
    const struct table_args *a = arg;
    isurv_chisq *res = OC_JUNK;
    int rc;

    oc_begin(oc);
    rc = isurv_chisq_test(&res, a->table, a->nrow, a->ncol, a->option);
    oc_end(oc);
    if (rc != ISURV_OK) {
        oc_null(oc, res);
        return rc;
    }
    put_chisq(oc, res);
    isurv_chisq_free(res);
    return rc;
}

static int run_fisher(struct outcome *oc, const void *arg)
{
    const struct table_args *a = arg;
    double *v = oc_out(oc, 4 * sizeof *v);
    int rc;

    if (!v)
        return OC_ESETUP;
    oc_begin(oc);
    rc = isurv_fisher_test(&v[0], &v[1], &v[2], &v[3], a->table, a->nrow,
                           a->ncol, a->option, 0.95);
    oc_end(oc);
    return rc;
}

static int run_prop_trend(struct outcome *oc, const void *arg)
{
    static const double events[4] = { 15, 10, 9, 4 };
    static const double trials[4] = { 40, 41, 38, 37 };
    static const double scores[4] = { 0, 1, 2, 4 };
    double *v = oc_out(oc, 2 * sizeof *v);
    int rc;

    (void)arg;
    if (!v)
        return OC_ESETUP;
    oc_begin(oc);
    rc = isurv_prop_trend_test(&v[0], &v[1], events, trials, scores, 4);
    oc_end(oc);
    return rc;
}

/* ---------------------------------------------------------- run: plots */

static int run_plot_new(struct outcome *oc, const void *arg)
{
    isurv_km *fit = NULL;
    isurv_plot *plot = OC_JUNK;
    int rc;

    if (fit_km(&fit, arg) != ISURV_OK)
        return OC_ESETUP;
    oc_begin(oc);
    rc = isurv_plot_new(&plot, fit);
    oc_end(oc);
    if (rc != ISURV_OK)
        oc_null(oc, plot);
    else
        put_svg(oc, plot);
    isurv_plot_free(rc == ISURV_OK ? plot : NULL);
    isurv_km_free(fit);
    return rc;
}

/* Everything on: bands, names, title, P value, percent. */
static int dress_plot(isurv_plot *plot)
{
    if (isurv_plot_set_title(plot, "Overall survival <by arm>") != ISURV_OK
        || isurv_plot_set_conf_bands(plot, 1) != ISURV_OK
        || isurv_plot_set_percent(plot, 1) != ISURV_OK
        || isurv_plot_set_curve_name(plot, 0, "Arm A & co") != ISURV_OK
        || isurv_plot_set_pvalue(plot, NULL, 0.0123) != ISURV_OK)
        return OC_ESETUP;
    return ISURV_OK;
}

static int dressed_plot(isurv_km **fit, isurv_plot **plot,
                        const struct km_args *a)
{
    *plot = NULL;
    if (fit_km(fit, a) != ISURV_OK)
        return OC_ESETUP;
    if (isurv_plot_new(plot, *fit) != ISURV_OK || dress_plot(*plot) != ISURV_OK) {
        isurv_plot_free(*plot);
        isurv_km_free(*fit);
        return OC_ESETUP;
    }
    return ISURV_OK;
}

enum { SET_TITLE, SET_AXIS_LABELS, SET_CURVE_NAME, SET_ANNOTATION, SET_PVALUE };

struct setter_args {
    struct km_args km;
    int which;
};

/* A setter that fails must leave the figure as it was. */
static int run_plot_setter(struct outcome *oc, const void *arg)
{
    const struct setter_args *a = arg;
    isurv_km *fit;
    isurv_plot *plot;
    char *before, *after;
    int rc;

    if (dressed_plot(&fit, &plot, &a->km) != ISURV_OK)
        return OC_ESETUP;
    before = svg_of(plot);
    oc_begin(oc);
    switch (a->which) {
    case SET_TITLE:
        rc = isurv_plot_set_title(plot, "A new title");
        break;
    case SET_AXIS_LABELS:
        rc = isurv_plot_set_axis_labels(plot, "Months since randomization",
                                        "Overall survival (%)");
        break;
    case SET_CURVE_NAME:
        rc = isurv_plot_set_curve_name(plot, isurv_km_ncurves(fit) - 1,
                                       "Inotuzumab ozogamicin");
        break;
    case SET_ANNOTATION:
        rc = isurv_plot_set_annotation(plot, "HR 0.77 (97.5% CI 0.58-1.03)");
        break;
    default:
        rc = isurv_plot_set_pvalue(plot, "Stratified log-rank", 0.0004);
    }
    oc_end(oc);
    after = svg_of(plot);
    if (!before || !after)
        rc = OC_ESETUP;
    else if (rc != ISURV_OK && strcmp(before, after) != 0)
        oc->partial = 1;
    else if (rc == ISURV_OK)
        oc_put(oc, after, strlen(after));
    free(before);
    free(after);
    isurv_plot_free(plot);
    isurv_km_free(fit);
    return rc;
}

/* arg: km_args; with buf = 0 in the table, the size query alone. */
struct svg_args {
    struct km_args km;
    int buf;
};

static int run_plot_svg(struct outcome *oc, const void *arg)
{
    const struct svg_args *a = arg;
    isurv_km *fit;
    isurv_plot *plot;
    size_t len = 0, *needed;
    char *buf = NULL;
    int rc;

    if (dressed_plot(&fit, &plot, &a->km) != ISURV_OK)
        return OC_ESETUP;
    if (a->buf && isurv_plot_svg(plot, NULL, 0, &len) != ISURV_OK)
        len = 0;
    needed = oc_out(oc, sizeof *needed);
    if (a->buf)
        buf = oc_out(oc, len);
    if (!needed || (a->buf && (!len || !buf))) {
        rc = OC_ESETUP;
    } else {
        oc_begin(oc);
        rc = isurv_plot_svg(plot, buf, len, needed);
        oc_end(oc);
    }
    isurv_plot_free(plot);
    isurv_km_free(fit);
    return rc;
}

/* The file's bytes (malloc'ed, NUL-terminated, length in *len), or NULL. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *s = NULL;
    long size;

    if (f && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0
        && fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)size + 1))) {
        if (fread(s, 1, (size_t)size, f) == (size_t)size) {
            s[size] = '\0';
            *len = (size_t)size;
        } else {
            free(s);
            s = NULL;
        }
    }
    if (f)
        fclose(f);
    return s;
}

/* Over an older file, which a failure to render must leave alone. */
static int run_plot_write_svg(struct outcome *oc, const void *arg)
{
    static const char old[] = "<svg>an older figure</svg>\n";
    isurv_km *fit;
    isurv_plot *plot;
    char path[64], *s;
    size_t len = 0;
    FILE *f;
    int rc;

    if (dressed_plot(&fit, &plot, arg) != ISURV_OK)
        return OC_ESETUP;
    snprintf(path, sizeof path, "calls-%ld-%d.svg", (long)getpid(), oc->tag);
    if (!(f = fopen(path, "wb"))) {
        rc = OC_ESETUP;
        goto done;
    }
    rc = fputs(old, f) < 0;
    if ((fclose(f) != 0) | rc) {
        rc = OC_ESETUP;
        goto done;
    }
    oc_begin(oc);
    rc = isurv_plot_write_svg(plot, path);
    oc_end(oc);
    s = slurp(path, &len);
    if (rc != ISURV_OK && (!s || strcmp(s, old) != 0))
        oc->partial = 1;
    else if (rc == ISURV_OK && !s)
        rc = OC_ESETUP;
    else if (rc == ISURV_OK)
        oc_put(oc, s, len);
    free(s);
done:
    remove(path);
    isurv_plot_free(plot);
    isurv_km_free(fit);
    return rc;
}

/* The shared fit: its risk table, then every accessor. */
static int run_shared_km(struct outcome *oc, const void *arg)
{
    double *n = oc_out(oc, NQ * sizeof *n), *ev = oc_out(oc, NQ * sizeof *ev),
           *ce = oc_out(oc, NQ * sizeof *ce);
    int rc;

    (void)arg;
    if (!n || !ev || !ce)
        return OC_ESETUP;
    oc_begin(oc);
    rc = isurv_km_risk_table(shared_fit, 1, query_times, NQ, n, ev, ce);
    oc_end(oc);
    if (rc == ISURV_OK)
        put_km(oc, shared_fit);
    return rc;
}

/* The shared figure, rendered. */
static int run_shared_svg(struct outcome *oc, const void *arg)
{
    size_t len = 0, *needed;
    char *buf;
    int rc;

    (void)arg;
    if (isurv_plot_svg(shared_plot, NULL, 0, &len) != ISURV_OK)
        return OC_ESETUP;
    needed = oc_out(oc, sizeof *needed);
    buf = oc_out(oc, len);
    if (!needed || !buf)
        return OC_ESETUP;
    oc_begin(oc);
    rc = isurv_plot_svg(shared_plot, buf, len, needed);
    oc_end(oc);
    return rc;
}

/* ------------------------------------------------------ run: count tables */

/* A table of rows [lo, hi) of a data set, with the arguments a->use asks
 * for (strata with U_STRATA). */
static int build_ct(isurv_counttab **t, const struct km_args *a, size_t lo,
                    size_t hi)
{
    const struct dataset *d = a->d;
    const int *g = groups_of(d, a->use);

    return isurv_counttab_build(t, d->time + lo, d->event + lo, hi - lo,
                                a->use & U_WEIGHTS ? d->weights + lo : NULL,
                                a->use & U_ENTRY ? d->entry + lo : NULL,
                                g ? g + lo : NULL,
                                a->use & U_STRATA ? d->strata + lo : NULL);
}

/* A table's fingerprint: its bytes. */
static void put_ct(struct outcome *oc, const isurv_counttab *t)
{
    size_t len = 0;
    unsigned char *b;

    if (isurv_counttab_to_bytes(t, NULL, 0, &len) != ISURV_OK
        || !(b = malloc(len))) {
        oc->oom = 1;
        return;
    }
    if (isurv_counttab_to_bytes(t, b, len, &len) == ISURV_OK)
        oc_put(oc, b, len);
    else
        oc->oom = 1;
    free(b);
}

static int run_ct_build(struct outcome *oc, const void *arg)
{
    const struct km_args *a = arg;
    isurv_counttab *t = OC_JUNK;
    int rc;

    oc_begin(oc);
    rc = build_ct(&t, a, 0, a->d->n);
    oc_end(oc);
    if (rc != ISURV_OK) {
        oc_null(oc, t);
        return rc;
    }
    put_ct(oc, t);
    isurv_counttab_free(t);
    return rc;
}

/* The two halves of the data, merged. */
static int run_ct_merge(struct outcome *oc, const void *arg)
{
    const struct km_args *a = arg;
    isurv_counttab *x = NULL, *y = NULL, *t = OC_JUNK;
    int rc;

    if (build_ct(&x, a, 0, a->d->n / 2) != ISURV_OK
        || build_ct(&y, a, a->d->n / 2, a->d->n) != ISURV_OK) {
        isurv_counttab_free(x);
        return OC_ESETUP;
    }
    oc_begin(oc);
    rc = isurv_counttab_merge(&t, x, y);
    oc_end(oc);
    if (rc != ISURV_OK)
        oc_null(oc, t);
    else
        put_ct(oc, t);
    if (rc == ISURV_OK)
        isurv_counttab_free(t);
    isurv_counttab_free(x);
    isurv_counttab_free(y);
    return rc;
}

static int run_ct_from_bytes(struct outcome *oc, const void *arg)
{
    const struct km_args *a = arg;
    isurv_counttab *x = NULL, *t = OC_JUNK;
    unsigned char *b = NULL;
    size_t len = 0;
    int rc;

    if (build_ct(&x, a, 0, a->d->n) != ISURV_OK
        || isurv_counttab_to_bytes(x, NULL, 0, &len) != ISURV_OK
        || !(b = malloc(len))
        || isurv_counttab_to_bytes(x, b, len, &len) != ISURV_OK) {
        free(b);
        isurv_counttab_free(x);
        return OC_ESETUP;
    }
    oc_begin(oc);
    rc = isurv_counttab_from_bytes(&t, b, len);
    oc_end(oc);
    if (rc != ISURV_OK)
        oc_null(oc, t);
    else {
        put_ct(oc, t);
        isurv_counttab_free(t);
    }
    free(b);
    isurv_counttab_free(x);
    return rc;
}

/* A fit from the table: Kaplan-Meier (what = 0), log-rank (1) or the
 * follow-up median (2). */
struct ct_fit_args {
    struct km_args data;
    int what;
};

static int run_ct_fit(struct outcome *oc, const void *arg)
{
    const struct ct_fit_args *a = arg;
    isurv_counttab *t = NULL;
    isurv_km *km = OC_JUNK;
    isurv_logrank *lr = OC_JUNK;
    double *q = NULL;
    int rc;

    if (build_ct(&t, &a->data, 0, a->data.d->n) != ISURV_OK)
        return OC_ESETUP;
    if (a->what == 2 && !(q = oc_out(oc, 3 * sizeof *q))) {
        isurv_counttab_free(t);
        return OC_ESETUP;
    }
    oc_begin(oc);
    if (a->what == 0)
        rc = isurv_counttab_km(&km, t, opts[a->data.opt]);
    else if (a->what == 1)
        rc = isurv_counttab_logrank(&lr, t, opts[a->data.opt]);
    else
        rc = isurv_counttab_followup(&q[0], &q[1], &q[2], t, opts[a->data.opt]);
    oc_end(oc);
    if (a->what == 0 && rc != ISURV_OK)
        oc_null(oc, km);
    else if (a->what == 0) {
        put_km(oc, km);
        isurv_km_free(km);
    }
    if (a->what == 1 && rc != ISURV_OK)
        oc_null(oc, lr);
    else if (a->what == 1) {
        put_logrank(oc, lr);
        isurv_logrank_free(lr);
    }
    isurv_counttab_free(t);
    return rc;
}

/* ------------------------------------------------------------ the table */

/* Kaplan-Meier: the general path with every argument; the fast path one
 * curve, a few (staged), many (row by row), sparse labels, histogram and
 * radix sort, threads; a fit the fast path gives up on. */
static const struct km_args km_small_all = { &small, U_WEIGHTS | U_ENTRY | U_GROUP, O_LOGLOG };
static const struct km_args km_small_w = { &small, U_WEIGHTS, O_DEFAULT };
static const struct km_args km_small_fast = { &small, U_GROUP, O_DEFAULT };
static const struct km_args km_wide = { &wide, U_GROUP, O_DEFAULT };
static const struct km_args km_days_1 = { &days, 0, O_T4 };
static const struct km_args km_days_g = { &days, U_GROUP, O_T2 };
static const struct km_args km_cont_many = { &cont, U_MANY, O_T2 };
static const struct km_args km_days_g_t1 = { &days, U_GROUP, O_T1 };
static const struct km_args km_cont_1 = { &cont, 0, O_T2 };
static const struct km_args km_cont_g = { &cont, U_GROUP, O_T4 };
static const struct km_args km_small_sparse = { &small, U_SPARSE, O_DEFAULT };
static const struct km_args km_days_w = { &days, U_WEIGHTS | U_GROUP, O_T2 };

/* Log-rank: general (strata, entry) and fast paths, weights, threads. */
static const struct lr_args lr_small_all = { &small, U_STRATA | U_ENTRY, O_DEFAULT };
static const struct lr_args lr_small_fh = { &small, U_STRATA, O_FH };
static const struct lr_args lr_small_fast = { &small, 0, O_DEFAULT };
static const struct lr_args lr_wide = { &wide, 0, O_DEFAULT };
static const struct lr_args lr_days_t1 = { &days, 0, O_T1 };
static const struct lr_args lr_days_t2 = { &days, 0, O_T2 };
static const struct lr_args lr_days_many = { &days, U_MANY, O_T2 };
static const struct lr_args lr_cont_fh = { &cont, 0, O_FH };
static const struct lr_args lr_days_sparse = { &days, U_SPARSE, O_T4 };
static const struct lr_args lr_days_strata = { &days, U_STRATA, O_T2 };

static const int adj_holm = ISURV_ADJUST_HOLM, adj_by = ISURV_ADJUST_BY,
                 adj_bh_inplace = -ISURV_ADJUST_BH;

static const struct table_args chisq_22 = { t22, 2, 2, 1 };
static const struct table_args chisq_34 = { t34, 3, 4, 0 };
static const struct table_args fisher_22 = { t22, 2, 2, ISURV_TWO_SIDED };
static const struct table_args fisher_22_less = { t22, 2, 2, ISURV_LESS };
static const struct table_args fisher_33 = { t33, 3, 3, ISURV_TWO_SIDED };
static const struct table_args fisher_34 = { t34, 3, 4, ISURV_TWO_SIDED };

static const struct setter_args set_title = { { &small, U_GROUP, O_DEFAULT }, SET_TITLE };
static const struct setter_args set_axis = { { &small, U_GROUP, O_DEFAULT }, SET_AXIS_LABELS };
static const struct setter_args set_name = { { &small, U_GROUP, O_DEFAULT }, SET_CURVE_NAME };
static const struct setter_args set_annot = { { &small, U_GROUP, O_DEFAULT }, SET_ANNOTATION };
static const struct setter_args set_pvalue = { { &small, U_GROUP, O_DEFAULT }, SET_PVALUE };
static const struct svg_args svg_small = { { &small, U_GROUP | U_ENTRY, O_DEFAULT }, 1 };
static const struct svg_args svg_small_size = { { &small, U_GROUP, O_DEFAULT }, 0 };
static const struct svg_args svg_days = { { &days, U_GROUP, O_T2 }, 1 };

/* Count tables: the general build (weights, entry, strata) and the fast
 * one, merges, the byte reader, and each fit. */
static const struct km_args ct_small_all = { &small, U_WEIGHTS | U_ENTRY | U_GROUP | U_STRATA, O_DEFAULT };
static const struct ct_fit_args ctf_km_small = { { &small, U_WEIGHTS | U_ENTRY | U_GROUP, O_LOGLOG }, 0 };
static const struct ct_fit_args ctf_km_cont = { { &cont, U_GROUP, O_T2 }, 0 };
static const struct ct_fit_args ctf_lr_small = { { &small, U_ENTRY | U_GROUP | U_STRATA, O_DEFAULT }, 1 };
static const struct ct_fit_args ctf_lr_days = { { &days, U_GROUP, O_FH }, 1 };
static const struct ct_fit_args ctf_fu_small = { { &small, U_GROUP, O_DEFAULT }, 2 };
static const struct ct_fit_args ctf_fu_cont = { { &cont, 0, O_T2 }, 2 };

const struct call calls[] = {
    { "opts_new", run_opts_new, NULL, 0 },

    { "km_fit small, weights entry groups", run_km_fit, &km_small_all, 0 },
    { "km_fit small, weights", run_km_fit, &km_small_w, 0 },
    { "km_fit small, groups (fast)", run_km_fit, &km_small_fast, 0 },
    { "km_fit wide times (fast gives up)", run_km_fit, &km_wide, 0 },
    { "km_fit days, one curve, 4 threads", run_km_fit, &km_days_1, 1 },
    { "km_fit days, 3 groups, 2 threads", run_km_fit, &km_days_g, 1 },
    { "km_fit days, 3 groups, 1 thread", run_km_fit, &km_days_g_t1, 0 },
    { "km_fit continuous, 100 groups", run_km_fit, &km_cont_many, 1 },
    { "km_fit continuous, one curve", run_km_fit, &km_cont_1, 1 },
    { "km_fit continuous, 3 groups, 4 threads", run_km_fit, &km_cont_g, 1 },
    { "km_fit small, sparse labels", run_km_fit, &km_small_sparse, 0 },
    { "km_fit days, weights", run_km_fit, &km_days_w, 0 },
    { "km_risk_table small", run_km_risk_table, &km_small_all, 0 },
    { "km_risk_table days", run_km_risk_table, &km_days_g, 0 },
    { "km_surv_at small", run_km_surv_at, &km_small_all, 0 },
    { "km_surv_at days", run_km_surv_at, &km_days_g, 0 },
    { "km_quantile small", run_km_quantile, &km_small_all, 0 },
    { "followup_median small", run_followup, &km_small_fast, 0 },
    { "followup_median continuous", run_followup, &km_cont_1, 1 },

    { "logrank_test small, strata entry", run_lr_test, &lr_small_all, 0 },
    { "logrank_test small, strata, FH weights", run_lr_test, &lr_small_fh, 0 },
    { "logrank_test small (fast)", run_lr_test, &lr_small_fast, 0 },
    { "logrank_test wide times (fast gives up)", run_lr_test, &lr_wide, 0 },
    { "logrank_test days, 1 thread", run_lr_test, &lr_days_t1, 0 },
    { "logrank_test days, 2 threads", run_lr_test, &lr_days_t2, 1 },
    { "logrank_test days, 100 groups", run_lr_test, &lr_days_many, 1 },
    { "logrank_test continuous, FH weights", run_lr_test, &lr_cont_fh, 1 },
    { "logrank_test days, sparse labels", run_lr_test, &lr_days_sparse, 1 },
    { "logrank_test days, strata", run_lr_test, &lr_days_strata, 0 },
    { "logrank_trend small", run_lr_trend, &lr_small_all, 0 },
    { "logrank_trend days", run_lr_trend, &lr_days_t2, 0 },
    { "logrank_pairwise small, strata entry", run_lr_pairwise, &lr_small_all, 0 },
    { "logrank_pairwise days", run_lr_pairwise, &lr_days_t2, 0 },
    { "p_adjust Holm", run_p_adjust, &adj_holm, 0 },
    { "p_adjust BY", run_p_adjust, &adj_by, 0 },
    { "p_adjust BH in place", run_p_adjust, &adj_bh_inplace, 0 },

    { "chisq_test 2x2", run_chisq, &chisq_22, 0 },
    { "chisq_test 3x4", run_chisq, &chisq_34, 0 },
    { "fisher_test 2x2", run_fisher, &fisher_22, 0 },
    { "fisher_test 2x2 less", run_fisher, &fisher_22_less, 0 },
    { "fisher_test 3x3", run_fisher, &fisher_33, 0 },
    { "fisher_test 3x4", run_fisher, &fisher_34, 0 },
    { "prop_trend_test", run_prop_trend, NULL, 0 },

    { "plot_new small", run_plot_new, &km_small_fast, 0 },
    { "plot_new days, 3 groups", run_plot_new, &km_days_g, 0 },
    { "plot_set_title", run_plot_setter, &set_title, 0 },
    { "plot_set_axis_labels", run_plot_setter, &set_axis, 0 },
    { "plot_set_curve_name", run_plot_setter, &set_name, 0 },
    { "plot_set_annotation", run_plot_setter, &set_annot, 0 },
    { "plot_set_pvalue", run_plot_setter, &set_pvalue, 0 },
    { "plot_svg small", run_plot_svg, &svg_small, 0 },
    { "plot_svg size query", run_plot_svg, &svg_small_size, 0 },
    { "plot_svg days", run_plot_svg, &svg_days, 0 },
    { "plot_write_svg small", run_plot_write_svg, &km_small_all, 0 },

    /* One fit and one figure that all runs share. */
    { "km_risk_table and accessors, shared fit", run_shared_km, NULL, 0 },
    { "plot_svg, shared plot", run_shared_svg, NULL, 0 },

    { "counttab_build small, everything", run_ct_build, &ct_small_all, 0 },
    { "counttab_build days, groups", run_ct_build, &km_days_g, 0 },
    { "counttab_build continuous, groups", run_ct_build, &km_cont_g, 0 },
    { "counttab_build days, weights", run_ct_build, &km_days_w, 0 },
    { "counttab_merge small, everything", run_ct_merge, &ct_small_all, 0 },
    { "counttab_merge days, groups", run_ct_merge, &km_days_g, 0 },
    { "counttab_from_bytes small, everything", run_ct_from_bytes, &ct_small_all, 0 },
    { "counttab_from_bytes continuous", run_ct_from_bytes, &km_cont_g, 0 },
    { "counttab_km small, weights entry", run_ct_fit, &ctf_km_small, 0 },
    { "counttab_km continuous, groups", run_ct_fit, &ctf_km_cont, 1 },
    { "counttab_logrank small, strata entry", run_ct_fit, &ctf_lr_small, 0 },
    { "counttab_logrank days, FH", run_ct_fit, &ctf_lr_days, 0 },
    { "counttab_followup small", run_ct_fit, &ctf_fu_small, 0 },
    { "counttab_followup continuous", run_ct_fit, &ctf_fu_cont, 1 },
};

const size_t ncalls = sizeof calls / sizeof calls[0];
