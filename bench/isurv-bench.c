/*
 * isurv-bench: times libinotusurv from input arrays to finished result on
 * synthetic survival data, and writes the same data for R and statsmodels.
 *
 *   isurv-bench SHAPE N DIR [REPEATS]
 *
 * SHAPE is "days" (1 + floor(Exp(mean 365)): many ties) or "cont"
 * (Exp(mean 365): no ties); event ~ Bernoulli(0.7); group uniform on 1..3.
 * The data go to DIR/{time.f64,event.i32,group.i32} (native endianness).
 * Each operation is timed REPEATS times (default 9), the repeats going
 * round all the operations in turn (each round starting one further
 * on), and reported as the median, with a checksum (sum of S over the
 * event times; the log-rank chi-square) and the peak RSS of a child
 * process that ran it once (the call alone, not the checksum).
 * Output lines: "op seconds checksum peak_rss_kib checksum_no_timefix":
 * the last is the same result with timefix off (computed once, untimed),
 * which is what statsmodels, having no timefix, is compared with.  The
 * seconds are those of the library call alone, as R's and statsmodels'
 * are; "km+cols" and "km_group+cols" add copying out the two columns the
 * checksum reads.  "sort_keys" and "sort_keys_group" time the sort the
 * estimators start with: the 64-bit keys packed from time and event (and
 * group), checks and all.  "counttab_group" times isurv_counttab_build by group
 * (not compared with R or statsmodels: its checksum, that of the table's
 * Kaplan-Meier fit, must equal km_group's).
 */
#define _DEFAULT_SOURCE /* wait4 */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <inotusurv.h>

#include "alloc.h" /* the library's allocator, for the floor's buffer too */
#include "fastcount.h" /* the fast paths' keys, for the sort of the keys */
#include "sort.h" /* the library's own radix sort, for the sort-only floor */
#include "threads.h"

static uint64_t rng_state = 20130601; /* fixed seed: same data every run */

static uint64_t splitmix64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform on (0, 1): 53 random bits, never 0. */
static double unif(void)
{
    return ((double)(splitmix64() >> 11) + 0.5) / 9007199254740992.0;
}

struct data {
    size_t n;
    double *time;
    int *event;
    int *group;
};

static void generate(struct data *d, const char *shape, size_t n)
{
    size_t i;
    int days = strcmp(shape, "days") == 0;

    d->n = n;
    d->time = malloc(n * sizeof *d->time);
    d->event = malloc(n * sizeof *d->event);
    d->group = malloc(n * sizeof *d->group);
    if (!d->time || !d->event || !d->group) {
        fprintf(stderr, "isurv-bench: out of memory\n");
        exit(1);
    }
    for (i = 0; i < n; i++) {
        double t = -365.0 * log(unif());
        d->time[i] = days ? 1.0 + floor(t) : t;
        d->event[i] = unif() < 0.7;
        d->group[i] = 1 + (int)(splitmix64() % 3);
    }
}

static void write_file(const char *dir, const char *name, const void *p,
                       size_t size, size_t n)
{
    char path[4096];
    FILE *f;

    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb");
    if (!f || fwrite(p, size, n, f) != n || fclose(f) != 0) {
        fprintf(stderr, "isurv-bench: cannot write %s\n", path);
        exit(1);
    }
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void check(int rc, const char *what)
{
    if (rc != ISURV_OK) {
        fprintf(stderr, "isurv-bench: %s: %s\n", what, isurv_strerror(rc));
        exit(1);
    }
}

/* Sum of S over the event times of all curves, which R
 * (sum(fit$surv[fit$n.event > 0])) and statsmodels (surv_prob) can both
 * report. */
static double km_checksum(const isurv_km *fit)
{
    double sum = 0.0;
    size_t c, i, nt;

    for (c = 0; c < isurv_km_ncurves(fit); c++) {
        double *s, *d;
        check(isurv_km_ntimes(fit, c, &nt), "ntimes");
        s = malloc((nt ? nt : 1) * sizeof *s);
        d = malloc((nt ? nt : 1) * sizeof *d);
        if (!s || !d)
            check(ISURV_ENOMEM, "checksum");
        check(isurv_km_column(fit, c, ISURV_KM_SURV, s, nt), "column");
        check(isurv_km_column(fit, c, ISURV_KM_N_EVENT, d, nt), "column");
        for (i = 0; i < nt; i++)
            if (d[i] > 0)
                sum += s[i];
        free(s);
        free(d);
    }
    return sum;
}

/* NULL: the defaults; the untimed checksums use timefix off. */
static isurv_opts *opts;

/* Set in the child that measures peak memory. */
static int rss_child;

/* Each operation returns the seconds of the library call alone, as R and
 * statsmodels are timed on theirs, and its checksum in *sum; *with_cols
 * also counts copying out the columns the checksum reads (a KM object
 * keeps S and its limits implicit, so this is where they are computed). */
static double op_km_any(const struct data *d, const int *group, double *sum,
                        double *with_cols)
{
    isurv_km *fit;
    double t0 = now(), t1;
    check(isurv_km_fit(&fit, d->time, d->event, d->n, NULL, NULL, group, opts), "km");
    t1 = now();
    /* The peak memory is the fit's: the checksum's column copies (two
     * doubles a row) are the benchmark's, not the library's. */
    *sum = rss_child ? 0.0 : km_checksum(fit);
    *with_cols = now() - t0;
    isurv_km_free(fit);
    return t1 - t0;
}

static double op_km(const struct data *d, double *sum, double *with_cols)
{
    return op_km_any(d, NULL, sum, with_cols);
}

static double op_km_group(const struct data *d, double *sum, double *with_cols)
{
    return op_km_any(d, d->group, sum, with_cols);
}

/* The count table of the rows by group (isurv_counttab_build(3)), the
 * step each partition of distributed data runs; the checksum is that of
 * the Kaplan-Meier fit of the table, which must equal km_group's.  The
 * peak memory is the build's: the child that measures it does not fit. */
static double op_counttab_group(const struct data *d, double *sum,
                                double *with_cols)
{
    isurv_counttab *tab;
    isurv_km *fit;
    double t0 = now(), t1;
    check(isurv_counttab_build(&tab, d->time, d->event, d->n, NULL, NULL,
                               d->group, NULL), "counttab");
    t1 = now();
    *sum = 0.0;
    if (!rss_child) {
        check(isurv_counttab_km(&fit, tab, opts), "counttab km");
        *sum = km_checksum(fit);
        isurv_km_free(fit);
    }
    *with_cols = t1 - t0;
    isurv_counttab_free(tab);
    return t1 - t0;
}

static double op_logrank(const struct data *d, double *sum, double *with_cols)
{
    isurv_logrank *lr;
    double chisq, df, p, t0 = now(), t1;
    check(isurv_logrank_test(&lr, d->time, d->event, d->group, d->n, NULL, NULL, opts),
          "logrank");
    check(isurv_logrank_stat(lr, &chisq, &df, &p), "logrank stat");
    t1 = now();
    *sum = chisq;
    *with_cols = t1 - t0;
    isurv_logrank_free(lr);
    return t1 - t0;
}

/* The floor: the library's own sort of the same times (sorted doubles
 * out, with as many threads as the estimators use by default), output
 * buffer included as the estimators' own buffers are. */
static double op_sort(const struct data *d, double *sum, double *with_cols)
{
    double t0 = now(), *out = isurv_alloc(d->n, sizeof *out), t1;
    check(out ? isurv_sort_values(out, d->time, d->n, 0) : ISURV_ENOMEM, "sort");
    t1 = now();
    *sum = out[d->n - 1]; /* the maximum: keeps the sort from being elided */
    *with_cols = t1 - t0;
    isurv_dealloc(out);
    return t1 - t0;
}

/* The sort the estimators themselves start with: the scan of time (and
 * group) with its checks, the groups' dense indices, and the radix sort
 * of the 64-bit keys packed from them, which checks the events
 * (lib/fastcount.h),
 * sorted even where the estimators count day keys instead.  Not the
 * floor of the issue (that is op_sort, the times alone), but the part
 * of an estimator's time that is a sort of its own keys. */
static double sort_keys_any(const struct data *d, const int *group,
                            double *sum)
{
    struct isurv_fast f;
    double t0 = now(), t1;
    int rc = isurv_fast_check(&f, d->time, d->event, group, d->n,
                              isurv_threads_for(0, d->n), 0);
    if (rc == ISURV_OK)
        rc = isurv_fast_cells(&f, group, d->n);
    f.hist_bits = 1; /* always the sort */
    if (rc == ISURV_OK)
        rc = isurv_fast_keys(&f, d->time, d->event, group, d->n, 0);
    t1 = now();
    check(rc, "sort keys");
    *sum = f.key ? (double)(f.key[d->n - 1] >> f.ks.pb) : 0.0;
    isurv_fast_clear(&f);
    return t1 - t0;
}

static double op_sort_keys(const struct data *d, double *sum, double *with_cols)
{
    return *with_cols = sort_keys_any(d, NULL, sum);
}

static double op_sort_keys_group(const struct data *d, double *sum,
                                 double *with_cols)
{
    return *with_cols = sort_keys_any(d, d->group, sum);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int cmp_seconds(const void *a, const void *b)
{
    return cmp_double(a, b);
}

struct op {
    const char *name;
    double (*fn)(const struct data *, double *, double *);
};

static const struct op ops[] = {
    { "sort", op_sort },
    { "sort_keys", op_sort_keys },
    { "sort_keys_group", op_sort_keys_group },
    { "km", op_km },
    { "km_group", op_km_group },
    { "logrank", op_logrank },
    { "counttab_group", op_counttab_group },
};
#define NOPS (sizeof ops / sizeof ops[0])

/* The median of REPEATS timings of each operation, and the peak RSS of
 * one run in a child.  The repeats go round all the operations in turn
 * (sort, keys, km, ..., sort, keys, km, ...), so that a slow spell of a
 * shared machine falls on all of them alike rather than on the ratios. */
static void run_all(const struct data *d, int repeats)
{
    double *sec = malloc(NOPS * (size_t)repeats * sizeof *sec);
    double *full = malloc(NOPS * (size_t)repeats * sizeof *full);
    double sum[NOPS], raw, x;
    struct rusage ru;
    int r, status;
    size_t j, k;
    pid_t pid;

    long rss[NOPS];

    if (!sec || !full)
        check(ISURV_ENOMEM, "timings");
    /* Peak memory first, each in a child of a process that holds only
     * the input: after the timings, freed blocks that malloc keeps would
     * count in every child. */
    for (k = 0; k < NOPS; k++) {
        fflush(stdout);
        pid = fork();
        if (pid == 0) {
            rss_child = 1;
            ops[k].fn(d, &x, &x);
            _exit(0);
        }
        if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
            ru.ru_maxrss = -1;
        rss[k] = ru.ru_maxrss;
    }
    /* Round r starts at operation r: an operation runs after a different
     * one each round.  Run in a fixed order, the sort always came after
     * the count table's build, which hands back hundreds of MiB, and its
     * median was a fifth slower than when it ran elsewhere in the round
     * (0.092 s against 0.074-0.083 s at 1e7): every ratio to the floor
     * looked better than it was. */
    for (r = 0; r < repeats; r++)
        for (j = 0; j < NOPS; j++) {
            k = (j + (size_t)r) % NOPS;
            sec[k * (size_t)repeats + (size_t)r]
                = ops[k].fn(d, &sum[k], &full[k * (size_t)repeats + (size_t)r]);
        }
    for (k = 0; k < NOPS; k++) {
        double *s = sec + k * (size_t)repeats, *f = full + k * (size_t)repeats;
        qsort(s, (size_t)repeats, sizeof *s, cmp_seconds);
        qsort(f, (size_t)repeats, sizeof *f, cmp_seconds);
        check(isurv_opts_new(&opts), "options");
        check(isurv_opts_set_timefix(opts, 0), "options");
        ops[k].fn(d, &raw, &x);
        isurv_opts_free(opts);
        opts = NULL;
        printf("%s %.6f %.17g %ld %.17g\n", ops[k].name, s[repeats / 2], sum[k],
               rss[k], raw);
        if (strcmp(ops[k].name, "km") == 0 || strcmp(ops[k].name, "km_group") == 0)
            printf("%s+cols %.6f %.17g %ld %.17g\n", ops[k].name, f[repeats / 2],
                   sum[k], rss[k], raw);
    }
    free(sec);
    free(full);
}

int main(int argc, char **argv)
{
    struct data d;
    int repeats = argc > 4 ? atoi(argv[4]) : 9;
    size_t n;

    if (argc < 4 || (strcmp(argv[1], "days") && strcmp(argv[1], "cont"))
        || repeats < 1) {
        fprintf(stderr, "usage: isurv-bench days|cont N DIR [REPEATS]\n");
        return 2;
    }
    n = (size_t)strtod(argv[2], NULL);
    generate(&d, argv[1], n);
    write_file(argv[3], "time.f64", d.time, sizeof *d.time, n);
    write_file(argv[3], "event.i32", d.event, sizeof *d.event, n);
    write_file(argv[3], "group.i32", d.group, sizeof *d.group, n);
    run_all(&d, repeats);
    free(d.time);
    free(d.event);
    free(d.group);
    return 0;
}
