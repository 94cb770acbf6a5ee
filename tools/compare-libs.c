/*
 * compare-libs: two builds of libinotusurv, called on the same random data
 * sets, must return the same statuses and the same doubles, bit for bit
 * (NaN equal to NaN): every KM column and query, median follow-up, every
 * log-rank output and pairwise p value, over weights, entry times,
 * groups, strata, ties, near-ties for timefix, -0.0, every confidence
 * type and weight function.  Used to show that a rewrite (the fast paths
 * of branch perf) changed no result.
 *
 *   cc -O1 -o compare-libs tools/compare-libs.c -ldl -lm
 *   ./compare-libs OLD.so NEW.so [ITERATIONS [MAX_N [THREADS [SEED]]]]
 *
 * THREADS (default -1: unset) is passed to isurv_opts_set_threads of NEW
 * when it has it.  Exits 1 on any difference, printing the first ones.
 * Copyright (C) 2026 The libinotusurv authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct lib {
    void *h;
    int (*opts_new)(void **);
    void (*opts_free)(void *);
    int (*set_level)(void *, double);
    int (*set_type)(void *, int);
    int (*set_timefix)(void *, int);
    int (*set_weights)(void *, int, double, double);
    int (*set_threads)(void *, int);
    int (*km_fit)(void **, const double *, const int *, size_t, const double *, const double *, const int *, const void *);
    void (*km_free)(void *);
    size_t (*km_ncurves)(const void *);
    int (*km_group)(const void *, size_t, int *);
    int (*km_nobs)(const void *, size_t, size_t *);
    int (*km_ntimes)(const void *, size_t, size_t *);
    int (*km_column)(const void *, size_t, int, double *, size_t);
    int (*km_surv_at)(const void *, size_t, const double *, size_t, double *, double *, double *, double *);
    int (*km_risk)(const void *, size_t, const double *, size_t, double *, double *, double *);
    int (*km_quant)(const void *, size_t, double, double *, double *, double *);
    int (*km_rmst)(const void *, size_t, double, double *, double *);
    int (*fu)(double *, double *, double *, const double *, const int *, size_t, const void *);
    int (*lr_test)(void **, const double *, const int *, const int *, size_t, const int *, const double *, const void *);
    void (*lr_free)(void *);
    size_t (*lr_ngroups)(const void *);
    int (*lr_stat)(const void *, double *, double *, double *);
    int (*lr_logp)(const void *, double *);
    int (*lr_table)(const void *, double *, double *, double *, double *, double *, size_t);
    int (*lr_var)(const void *, double *, size_t);
    size_t (*lr_nstrata)(const void *);
    int (*lr_stratum)(const void *, size_t, int *, double *, double *, size_t);
    int (*lr_trend)(const void *, const double *, size_t, double *, double *);
    int (*lr_pair)(double *, size_t, const double *, const int *, const int *, size_t, const int *, const double *, const void *, int);
} lib;

#define SYM(f, name) do { *(void **)&L->f = dlsym(L->h, name); if (!L->f && strcmp(name, "isurv_opts_set_threads")) { fprintf(stderr, "missing %s\n", name); exit(2);} } while (0)
static void load(lib *L, const char *path)
{
    L->h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!L->h) { fprintf(stderr, "%s\n", dlerror()); exit(2); }
    SYM(opts_new, "isurv_opts_new"); SYM(opts_free, "isurv_opts_free");
    SYM(set_level, "isurv_opts_set_conf_level"); SYM(set_type, "isurv_opts_set_conf_type");
    SYM(set_timefix, "isurv_opts_set_timefix"); SYM(set_weights, "isurv_opts_set_weights");
    SYM(set_threads, "isurv_opts_set_threads");
    SYM(km_fit, "isurv_km_fit"); SYM(km_free, "isurv_km_free"); SYM(km_ncurves, "isurv_km_ncurves");
    SYM(km_group, "isurv_km_group"); SYM(km_nobs, "isurv_km_nobs"); SYM(km_ntimes, "isurv_km_ntimes");
    SYM(km_column, "isurv_km_column"); SYM(km_surv_at, "isurv_km_surv_at"); SYM(km_risk, "isurv_km_risk_table");
    SYM(km_quant, "isurv_km_quantile"); SYM(km_rmst, "isurv_km_rmst"); SYM(fu, "isurv_followup_median");
    SYM(lr_test, "isurv_logrank_test"); SYM(lr_free, "isurv_logrank_free"); SYM(lr_ngroups, "isurv_logrank_ngroups");
    SYM(lr_stat, "isurv_logrank_stat"); SYM(lr_logp, "isurv_logrank_log_p"); SYM(lr_table, "isurv_logrank_table");
    SYM(lr_var, "isurv_logrank_variance"); SYM(lr_nstrata, "isurv_logrank_nstrata"); SYM(lr_stratum, "isurv_logrank_stratum");
    SYM(lr_trend, "isurv_logrank_trend"); SYM(lr_pair, "isurv_logrank_pairwise");
}

static uint64_t rs = 1;
static uint64_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }
static double unif(void) { return (double)(rnd() >> 11) / 9007199254740992.0; }
static size_t rint_(size_t k) { return (size_t)(rnd() % k); }

static long fails = 0, checks = 0;
static const char *ctx = "";
static void same(double a, double b, const char *what, size_t i)
{
    checks++;
    if ((isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof a) == 0)
        return;
    if (fails++ < 30)
        fprintf(stderr, "MISMATCH [%s] %s[%zu]: old %.17g new %.17g\n", ctx, what, i, a, b);
}
static void same_i(long a, long b, const char *what)
{
    checks++;
    if (a != b && fails++ < 30)
        fprintf(stderr, "MISMATCH [%s] %s: old %ld new %ld\n", ctx, what, a, b);
}

struct data { size_t n; double *time, *weights, *entry; int *event, *group, *strata; };

static double gen_time(int shape, double scale)
{
    double x = -scale * log(1.0 - unif());
    switch (shape) {
    case 0: return floor(x) + 1.0;               /* integer days */
    case 1: return x;                            /* continuous */
    case 2: return floor(x * 3.0) / 3.0 + (rnd() & 1 ? 1e-10 * x : 0.0); /* near-ties for timefix */
    case 3: return (double)rint_(4);             /* tiny range incl. 0 */
    case 4: return rnd() & 1 ? ldexp(unif(), (int)rint_(60) - 30) : floor(x); /* wide exponents */
    default: return (rnd() & 3) == 0 ? -0.0 : floor(x / 10.0);
    }
}

static void gen(struct data *d, size_t n, int shape)
{
    size_t i;
    int glabels = (int)rint_(5) + 1, spread = rnd() & 1 ? 1 : 1000003, off = (int)rint_(7) - 3;
    int wmode = (int)rint_(4), emode = (int)rint_(3), smode = (int)rint_(3);
    d->n = n;
    d->time = malloc(n * sizeof *d->time); d->event = malloc(n * sizeof *d->event);
    d->group = malloc(n * sizeof *d->group); d->strata = malloc(n * sizeof *d->strata);
    d->weights = malloc(n * sizeof *d->weights); d->entry = malloc(n * sizeof *d->entry);
    for (i = 0; i < n; i++) {
        double p = (rnd() & 7) == 0 ? 0.0 : 0.7;
        d->time[i] = gen_time(shape, 50.0);
        if (shape == 1 && (rnd() & 15) == 0) d->time[i] = 0.0;
        d->event[i] = unif() < p;
        d->group[i] = off + (int)rint_((size_t)glabels) * spread;
        d->strata[i] = smode == 0 ? 0 : (int)rint_(smode == 1 ? 2 : 4);
        d->weights[i] = wmode == 0 ? 1.0 : wmode == 1 ? (double)rint_(4) : wmode == 2 ? unif() * 3 : 0.5;
        d->entry[i] = emode == 0 ? 0.0 : d->time[i] * unif() * (emode == 1 ? 0.5 : 1.0);
        if (d->entry[i] >= d->time[i]) d->entry[i] = 0.0;
    }
    if (n > 0 && (rnd() & 7) == 0) for (i = 0; i < n; i++) d->event[i] = 0;
}
static void dfree(struct data *d) { free(d->time); free(d->event); free(d->group); free(d->strata); free(d->weights); free(d->entry); }

static void *mkopts(lib *L, int type, double level, int tf, int wt, double p, double q, int threads)
{
    void *o;
    L->opts_new(&o);
    L->set_type(o, type); L->set_level(o, level); L->set_timefix(o, tf); L->set_weights(o, wt, p, q);
    if (threads >= 0 && L->set_threads) L->set_threads(o, threads);
    return o;
}

static void cmp_km(lib *A, lib *B, struct data *d, int useW, int useE, int useG, int type, double level, int tf, int threads)
{
    void *oa = mkopts(A, type, level, tf, 0, 0, 0, -1), *ob = mkopts(B, type, level, tf, 0, 0, 0, threads);
    void *fa = NULL, *fb = NULL;
    int ra = A->km_fit(&fa, d->time, d->event, d->n, useW ? d->weights : NULL, useE ? d->entry : NULL, useG ? d->group : NULL, oa);
    int rb = B->km_fit(&fb, d->time, d->event, d->n, useW ? d->weights : NULL, useE ? d->entry : NULL, useG ? d->group : NULL, ob);
    same_i(ra, rb, "km status");
    if (ra == 0 && rb == 0) {
        size_t nc = A->km_ncurves(fa), c, k;
        same_i((long)nc, (long)B->km_ncurves(fb), "ncurves");
        for (c = 0; c < nc; c++) {
            int la, lb; size_t na, nb, ta, tb;
            A->km_group(fa, c, &la); B->km_group(fb, c, &lb); same_i(la, lb, "label");
            A->km_nobs(fa, c, &na); B->km_nobs(fb, c, &nb); same_i((long)na, (long)nb, "nobs");
            A->km_ntimes(fa, c, &ta); B->km_ntimes(fb, c, &tb); same_i((long)ta, (long)tb, "ntimes");
            if (ta != tb) continue;
            {
                double *xa = malloc((ta + 1) * sizeof *xa), *xb = malloc((ta + 1) * sizeof *xb);
                int col;
                for (col = 0; col < 12; col++) {
                    char name[32];
                    same_i(A->km_column(fa, c, col, xa, ta), B->km_column(fb, c, col, xb, tb), "column rc");
                    snprintf(name, sizeof name, "col%d", col);
                    for (k = 0; k < ta; k++) same(xa[k], xb[k], name, k);
                }
                /* queries */
                {
                    size_t m = 12, j;
                    double q[12], s1[4][12], s2[4][12];
                    memset(s1, 0, sizeof s1); memset(s2, 0, sizeof s2);
                    for (j = 0; j < m; j++) q[j] = j < 4 && ta ? xa[0] * (j < 2 ? 1.0 : 0.5) : gen_time(1, 50.0);
                    A->km_column(fa, c, 0, xa, ta);
                    if (ta) { q[0] = xa[0]; q[1] = xa[ta - 1]; q[2] = xa[ta / 2]; q[3] = xa[ta - 1] * 2; }
                    same_i(A->km_surv_at(fa, c, q, m, s1[0], s1[1], s1[2], s1[3]), B->km_surv_at(fb, c, q, m, s2[0], s2[1], s2[2], s2[3]), "surv_at rc");
                    for (j = 0; j < m; j++) { same(s1[0][j], s2[0][j], "sa.surv", j); same(s1[1][j], s2[1][j], "sa.se", j); same(s1[2][j], s2[2][j], "sa.lo", j); same(s1[3][j], s2[3][j], "sa.hi", j); }
                    same_i(A->km_risk(fa, c, q, m, s1[0], s1[1], s1[2]), B->km_risk(fb, c, q, m, s2[0], s2[1], s2[2]), "risk rc");
                    for (j = 0; j < m; j++) { same(s1[0][j], s2[0][j], "rt.n", j); same(s1[1][j], s2[1][j], "rt.ev", j); same(s1[2][j], s2[2][j], "rt.ce", j); }
                    for (j = 0; j < 6; j++) {
                        double p = j == 0 ? 0.5 : j == 5 ? 0.999 : unif() * 0.98 + 0.01, e1 = 7, l1 = 7, u1 = 7, e2 = 7, l2 = 7, u2 = 7;
                        same_i(A->km_quant(fa, c, p, &e1, &l1, &u1), B->km_quant(fb, c, p, &e2, &l2, &u2), "quant rc");
                        same(e1, e2, "q.est", j); same(l1, l2, "q.lo", j); same(u1, u2, "q.hi", j);
                    }
                    for (j = 0; j < 4; j++) {
                        double tau = j == 0 && ta ? xa[ta - 1] : j == 1 && ta ? xa[ta / 2] : gen_time(1, 50.0) + 0.1, e1 = 7, s1_ = 7, e2 = 7, s2_ = 7;
                        same_i(A->km_rmst(fa, c, tau, &e1, &s1_), B->km_rmst(fb, c, tau, &e2, &s2_), "rmst rc");
                        same(e1, e2, "rmst", j); same(s1_, s2_, "rmst.se", j);
                    }
                }
                free(xa); free(xb);
            }
        }
    }
    A->km_free(fa); B->km_free(fb);
    A->opts_free(oa); B->opts_free(ob);
}

static void cmp_lr(lib *A, lib *B, struct data *d, int useS, int useE, int wt, double p, double q, int tf, int threads)
{
    void *oa = mkopts(A, 0, 0.95, tf, wt, p, q, -1), *ob = mkopts(B, 0, 0.95, tf, wt, p, q, threads);
    void *fa = NULL, *fb = NULL;
    int ra = A->lr_test(&fa, d->time, d->event, d->group, d->n, useS ? d->strata : NULL, useE ? d->entry : NULL, oa);
    int rb = B->lr_test(&fb, d->time, d->event, d->group, d->n, useS ? d->strata : NULL, useE ? d->entry : NULL, ob);
    same_i(ra, rb, "lr status");
    if (ra == 0 && rb == 0) {
        size_t k = A->lr_ngroups(fa), ns = A->lr_nstrata(fa), j, s;
        double a[5] = {7,7,7,7,7}, b[5] = {7,7,7,7,7};
        same_i((long)k, (long)B->lr_ngroups(fb), "ngroups");
        same_i((long)ns, (long)B->lr_nstrata(fb), "nstrata");
        A->lr_stat(fa, &a[0], &a[1], &a[2]); B->lr_stat(fb, &b[0], &b[1], &b[2]);
        for (j = 0; j < 3; j++) same(a[j], b[j], "stat", j);
        A->lr_logp(fa, &a[0]); B->lr_logp(fb, &b[0]); same(a[0], b[0], "logp", 0);
        {
            double *ta = calloc(5 * k, sizeof *ta), *tb = calloc(5 * k, sizeof *tb);
            double *va = calloc(k * k, sizeof *va), *vb = calloc(k * k, sizeof *vb);
            A->lr_table(fa, ta, ta + k, ta + 2 * k, ta + 3 * k, ta + 4 * k, k);
            B->lr_table(fb, tb, tb + k, tb + 2 * k, tb + 3 * k, tb + 4 * k, k);
            for (j = 0; j < 5 * k; j++) same(ta[j], tb[j], "table", j);
            A->lr_var(fa, va, k * k); B->lr_var(fb, vb, k * k);
            for (j = 0; j < k * k; j++) same(va[j], vb[j], "var", j);
            for (s = 0; s < ns; s++) {
                int la, lb;
                A->lr_stratum(fa, s, &la, ta, ta + k, k); B->lr_stratum(fb, s, &lb, tb, tb + k, k);
                same_i(la, lb, "stratum label");
                for (j = 0; j < 2 * k; j++) same(ta[j], tb[j], "stratum oe", j);
            }
            same_i(A->lr_trend(fa, NULL, 0, &a[0], &a[1]), B->lr_trend(fb, NULL, 0, &b[0], &b[1]), "trend rc");
            same(a[0], b[0], "trend", 0); same(a[1], b[1], "trend p", 0);
            free(ta); free(tb); free(va); free(vb);
        }
    }
    A->lr_free(fa); B->lr_free(fb);
    {
        double pa[16], pb[16];
        int adj = (int)rint_(6), j;
        for (j = 0; j < 16; j++) pa[j] = pb[j] = -1;
        ra = A->lr_pair(pa, 16, d->time, d->event, d->group, d->n, useS ? d->strata : NULL, useE ? d->entry : NULL, oa, adj);
        rb = B->lr_pair(pb, 16, d->time, d->event, d->group, d->n, useS ? d->strata : NULL, useE ? d->entry : NULL, ob, adj);
        same_i(ra, rb, "pairwise rc");
        for (j = 0; j < 16; j++) same(pa[j], pb[j], "pair", (size_t)j);
    }
    A->opts_free(oa); B->opts_free(ob);
}

int main(int argc, char **argv)
{
    lib A, B;
    long iters = argc > 3 ? atol(argv[3]) : 300, it;
    size_t maxn = argc > 4 ? (size_t)atof(argv[4]) : 300;
    int threads = argc > 5 ? atoi(argv[5]) : -1;
    load(&A, argv[1]);
    load(&B, argv[2]);
    rs = argc > 6 ? (uint64_t)atoll(argv[6]) : 88172645463325252ULL;
    for (it = 0; it < iters; it++) {
        struct data d;
        size_t n = 1 + rint_(maxn);
        int shape = (int)rint_(6);
        char buf[128];
        if ((rnd() & 7) == 0) n = 1 + rint_(5);
        gen(&d, n, shape);
        snprintf(buf, sizeof buf, "it %ld n %zu shape %d", it, n, shape);
        ctx = buf;
        {
            int useW = (int)rint_(3) == 0, useE = (int)rint_(3) == 0, useG = (int)rint_(2), type = (int)rint_(6), tf = (int)rint_(4) != 0;
            double level = (rnd() & 1) ? 0.95 : 0.5 + 0.49 * unif();
            char b2[256];
            snprintf(b2, sizeof b2, "%s km W%d E%d G%d type %d tf %d", buf, useW, useE, useG, type, tf);
            ctx = b2;
            cmp_km(&A, &B, &d, useW, useE, useG, type, level, tf, threads);
            /* the unweighted, untruncated path too, every time */
            cmp_km(&A, &B, &d, 0, 0, useG, type, level, tf, threads);
            /* followup */
            {
                void *oa = mkopts(&A, type, level, tf, 0, 0, 0, -1), *ob = mkopts(&B, type, level, tf, 0, 0, 0, threads);
                double e1 = 7, l1 = 7, u1 = 7, e2 = 7, l2 = 7, u2 = 7;
                same_i(A.fu(&e1, &l1, &u1, d.time, d.event, d.n, oa), B.fu(&e2, &l2, &u2, d.time, d.event, d.n, ob), "fu rc");
                same(e1, e2, "fu", 0); same(l1, l2, "fu", 1); same(u1, u2, "fu", 2);
                A.opts_free(oa); B.opts_free(ob);
            }
            {
                int useS = (int)rint_(2), wt = (int)rint_(5);
                double p = wt == 1 || wt == 2 ? (double)rint_(3) * 0.5 : 0.0, q = wt == 2 ? (double)rint_(3) * 0.5 : 0.0;
                snprintf(b2, sizeof b2, "%s lr S%d E%d wt %d tf %d", buf, useS, useE, wt, tf);
                cmp_lr(&A, &B, &d, useS, useE, wt, p, q, tf, threads);
                cmp_lr(&A, &B, &d, 0, 0, wt, p, q, tf, threads);
            }
        }
        dfree(&d);
    }
    printf("%ld checks, %ld mismatches\n", checks, fails);
    return fails != 0;
}
