/*
 * mpi-km: Kaplan-Meier and the log-rank test over data spread across MPI
 * ranks, moving only count tables.
 *
 * Each rank holds a shard of the rows (here generated, rows
 * [r*n/P, (r+1)*n/P) of one synthetic registry), builds its count table
 * (isurv_counttab_build), and the tables are reduced to rank 0 along a
 * binomial tree: at each step a rank sends its table's bytes
 * (isurv_counttab_to_bytes) to a partner, which merges them
 * (isurv_counttab_from_bytes, isurv_counttab_merge).  Merging is
 * associative and commutative, so the tree's shape does not change the
 * result.  Rank 0 then fits Kaplan-Meier curves and runs the log-rank
 * test from the merged table and prints them.
 *
 *   mpirun -np 4 examples/mpi-km [--n ROWS] [--seed S] [--time]
 *   examples/mpi-km --serial [--n ROWS] [--seed S] [--time]
 *
 * --serial fits all rows in one process with isurv_km_fit and
 * isurv_logrank_test, no table: the single-process result the
 * distributed one must equal.  --time reports, on stderr, the seconds
 * from the shards' arrays to the printed result (after a barrier, so data
 * generation is not counted).
 *
 * The data: integer days 1 + floor(Exp(mean 365)), event with
 * probability 0.7, three groups, each row a function of its index only,
 * so every split of the rows holds the same registry.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mpi.h>

#include <inotusurv.h>

#define NGROUPS 3
/* The largest message sent in one piece: MPI counts are ints. */
#define CHUNK ((size_t)1 << 30)

struct shard {
    double *time;
    int *event, *group;
    size_t n;
};

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

/* A uniform in (0, 1) from 53 random bits. */
static double unit(uint64_t bits)
{
    return ((double)(bits >> 11) + 0.5) / 9007199254740992.0;
}

static int make_shard(struct shard *sh, size_t lo, size_t hi, uint64_t seed)
{
    size_t i;

    sh->n = hi - lo;
    sh->time = malloc((sh->n ? sh->n : 1) * sizeof *sh->time);
    sh->event = malloc((sh->n ? sh->n : 1) * sizeof *sh->event);
    sh->group = malloc((sh->n ? sh->n : 1) * sizeof *sh->group);
    if (!sh->time || !sh->event || !sh->group)
        return ISURV_ENOMEM;
    for (i = lo; i < hi; i++) {
        uint64_t a = splitmix64(seed ^ splitmix64(2 * (uint64_t)i));
        uint64_t b = splitmix64(seed ^ splitmix64(2 * (uint64_t)i + 1));

        sh->time[i - lo] = 1.0 + floor(-365.0 * log(unit(a)));
        sh->event[i - lo] = unit(b) < 0.7;
        sh->group[i - lo] = (int)(b % NGROUPS);
    }
    return ISURV_OK;
}

static void free_shard(struct shard *sh)
{
    free(sh->time);
    free(sh->event);
    free(sh->group);
}

/* A failed rank sends this length instead of a table, so its partner
 * never waits for bytes that will not come. */
#define FAILED ULLONG_MAX

/* Waits for a transfer without holding a processor: MPI libraries wait
 * by polling, and a rank done with its shard would otherwise take a core
 * from a rank still building its table, when ranks share a machine. */
static int wait_for(MPI_Request *req)
{
    const struct timespec pause = { 0, 50000 }; /* 50 us */
    int done = 0;

    for (;;) {
        if (MPI_Test(req, &done, MPI_STATUS_IGNORE))
            return -1;
        if (done)
            return 0;
        nanosleep(&pause, NULL);
    }
}

static int send_part(const void *buf, int count, MPI_Datatype type, int to,
                     int tag)
{
    MPI_Request req;

    if (MPI_Isend(buf, count, type, to, tag, MPI_COMM_WORLD, &req))
        return -1;
    return wait_for(&req);
}

static int recv_part(void *buf, int count, MPI_Datatype type, int from,
                     int tag)
{
    MPI_Request req;

    if (MPI_Irecv(buf, count, type, from, tag, MPI_COMM_WORLD, &req))
        return -1;
    return wait_for(&req);
}

static int send_bytes(const unsigned char *buf, unsigned long long len, int to)
{
    size_t off;

    if (send_part(&len, 1, MPI_UNSIGNED_LONG_LONG, to, 0))
        return -1;
    for (off = 0; buf && off < len; off += CHUNK) {
        int part = (int)(len - off < CHUNK ? len - off : CHUNK);
        if (send_part(buf + off, part, MPI_UNSIGNED_CHAR, to, 1))
            return -1;
    }
    return 0;
}

/* NULL with *len = FAILED when the partner failed. */
static unsigned char *recv_bytes(unsigned long long *len, int from)
{
    unsigned char *buf;
    size_t off;

    if (recv_part(len, 1, MPI_UNSIGNED_LONG_LONG, from, 0) || *len == FAILED
        || *len > SIZE_MAX)
        return NULL;
    if (!(buf = malloc(*len ? (size_t)*len : 1)))
        return NULL;
    for (off = 0; off < *len; off += CHUNK) {
        int part = (int)(*len - off < CHUNK ? *len - off : CHUNK);
        if (recv_part(buf + off, part, MPI_UNSIGNED_CHAR, from, 1)) {
            free(buf);
            return NULL;
        }
    }
    return buf;
}

/* Sends the table, or the failure marker when tab is NULL. */
static int table_send(const isurv_counttab *tab, int to)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    int rc = tab ? isurv_counttab_to_bytes(tab, NULL, 0, &len) : ISURV_OK;

    if (rc == ISURV_EBUFFER)
        rc = ISURV_OK;
    if (rc == ISURV_OK && tab && !(buf = malloc(len ? len : 1)))
        rc = ISURV_ENOMEM;
    if (rc == ISURV_OK && tab)
        rc = isurv_counttab_to_bytes(tab, buf, len, &len);
    if (send_bytes(rc == ISURV_OK ? buf : NULL,
                   rc == ISURV_OK && tab ? len : FAILED, to) != 0
        && rc == ISURV_OK)
        rc = ISURV_EIO;
    free(buf);
    return rc;
}

/* Receives a table from `from` and, when merge is set, merges it into
 * *tab.  It always receives, so that the sender is never left waiting. */
static int table_merge_from(isurv_counttab **tab, int from, int merge)
{
    isurv_counttab *other = NULL, *merged = NULL;
    unsigned long long len = 0;
    unsigned char *buf = recv_bytes(&len, from);
    int rc;

    if (!buf)
        return ISURV_EIO;
    rc = merge ? isurv_counttab_from_bytes(&other, buf, (size_t)len) : ISURV_OK;
    free(buf);
    if (merge && rc == ISURV_OK)
        rc = isurv_counttab_merge(&merged, *tab, other);
    isurv_counttab_free(other);
    if (merge && rc == ISURV_OK) {
        isurv_counttab_free(*tab);
        *tab = merged;
    }
    return rc;
}

/* Binomial-tree reduction: afterwards rank 0's *tab holds every rank's
 * counts.  rc is this rank's status so far; a failure travels up the tree
 * in place of a table, and rank 0 returns it. */
static int reduce_tables(isurv_counttab **tab, int rc, int rank, int size)
{
    int step;

    for (step = 1; step < size; step *= 2) {
        if (rank % (2 * step) == step) {
            int sent = table_send(rc == ISURV_OK ? *tab : NULL, rank - step);
            return rc != ISURV_OK ? rc : sent;
        }
        if (rank % (2 * step) == 0 && rank + step < size) {
            int got = table_merge_from(tab, rank + step, rc == ISURV_OK);
            if (rc == ISURV_OK)
                rc = got;
        }
    }
    return rc;
}

/* Events of a curve: the sum of its n.event column. */
static int curve_events(const isurv_km *fit, size_t c, double *events)
{
    double *d;
    size_t nt, i;
    int rc = isurv_km_ntimes(fit, c, &nt);

    if (rc != ISURV_OK)
        return rc;
    if (!(d = malloc((nt ? nt : 1) * sizeof *d)))
        return ISURV_ENOMEM;
    rc = isurv_km_column(fit, c, ISURV_KM_N_EVENT, d, nt);
    *events = 0.0;
    for (i = 0; rc == ISURV_OK && i < nt; i++)
        *events += d[i];
    free(d);
    return rc;
}

/* Prints with 12 significant digits: enough to show the distributed and
 * the single-process results agree, which tests/check-mpi.sh compares. */
static int print_km(const isurv_km *fit)
{
    static const double at[2] = { 365.0, 730.0 };
    size_t c;

    printf("%-5s %10s %10s %18s %18s %18s %18s\n", "group", "n", "events",
           "median", "median.lower", "median.upper", "S(365)");
    for (c = 0; c < isurv_km_ncurves(fit); c++) {
        double med, lo, hi, s[2], events;
        size_t nobs;
        int label, rc;

        if ((rc = isurv_km_group(fit, c, &label)) != ISURV_OK
            || (rc = isurv_km_nobs(fit, c, &nobs)) != ISURV_OK
            || (rc = curve_events(fit, c, &events)) != ISURV_OK
            || (rc = isurv_km_quantile(fit, c, 0.5, &med, &lo, &hi)) != ISURV_OK
            || (rc = isurv_km_surv_at(fit, c, at, 2, s, NULL, NULL, NULL))
                   != ISURV_OK)
            return rc;
        printf("%-5d %10zu %10.0f %18.12g %18.12g %18.12g %18.12g\n", label,
               nobs, events, med, lo, hi, s[0]);
    }
    return ISURV_OK;
}

static int print_logrank(const isurv_logrank *lr)
{
    double chisq, df, p, log_p, obs[NGROUPS], exp[NGROUPS];
    size_t g, k = isurv_logrank_ngroups(lr);
    int rc;

    if (k > NGROUPS)
        return ISURV_ESIZE;
    if ((rc = isurv_logrank_stat(lr, &chisq, &df, &p)) != ISURV_OK
        || (rc = isurv_logrank_log_p(lr, &log_p)) != ISURV_OK
        || (rc = isurv_logrank_table(lr, NULL, obs, exp, NULL, NULL, k))
               != ISURV_OK)
        return rc;
    printf("%-5s %18s %18s\n", "group", "observed", "expected");
    for (g = 0; g < k; g++) {
        int label;
        isurv_logrank_group(lr, g, &label);
        printf("%-5d %18.12g %18.12g\n", label, obs[g], exp[g]);
    }
    printf("log-rank chisq %.12g on %g df, p = %.12g, log p = %.12g\n", chisq,
           df, p, log_p);
    return ISURV_OK;
}

static int report(const isurv_km *fit, const isurv_logrank *lr,
                  size_t n, int ranks)
{
    int rc;

    if (ranks > 0)
        printf("mpi-km: %zu rows over %d rank%s, count tables merged\n", n,
               ranks, ranks == 1 ? "" : "s");
    else
        printf("mpi-km: %zu rows in one process, no count table\n", n);
    printf("Kaplan-Meier by group (days)\n");
    if ((rc = print_km(fit)) != ISURV_OK)
        return rc;
    return print_logrank(lr);
}

struct args {
    size_t n;
    uint64_t seed;
    int serial, timing;
};

static int parse_args(struct args *a, int argc, char **argv)
{
    int i;

    a->n = 100000;
    a->seed = 20130701;
    a->serial = a->timing = 0;
    for (i = 1; i < argc; i++) {
        char *end;
        if (!strcmp(argv[i], "--serial"))
            a->serial = 1;
        else if (!strcmp(argv[i], "--time"))
            a->timing = 1;
        else if (!strcmp(argv[i], "--n") && i + 1 < argc) {
            double v = strtod(argv[++i], &end);   /* accepts 1e7 */
            if (*end || !(v >= 1 && v <= 1e12) || v != floor(v))
                return -1;
            a->n = (size_t)v;
        } else if (!strcmp(argv[i], "--seed") && i + 1 < argc) {
            a->seed = strtoull(argv[++i], &end, 10);
            if (*end)
                return -1;
        } else
            return -1;
    }
    return 0;
}

/* The single-process reference: all rows, the array fits, no table. */
static int run_serial(const struct args *a)
{
    struct shard sh = { 0 };
    isurv_km *fit = NULL;
    isurv_logrank *lr = NULL;
    double t0;
    int rc = make_shard(&sh, 0, a->n, a->seed);

    t0 = now();
    if (rc == ISURV_OK)
        rc = isurv_km_fit(&fit, sh.time, sh.event, sh.n, NULL, NULL, sh.group,
                          NULL);
    if (rc == ISURV_OK)
        rc = isurv_logrank_test(&lr, sh.time, sh.event, sh.group, sh.n, NULL,
                                NULL, NULL);
    if (rc == ISURV_OK && a->timing)
        fprintf(stderr, "mpi-km: serial, %zu rows: %.3f s\n", a->n,
                now() - t0);
    if (rc == ISURV_OK)
        rc = report(fit, lr, a->n, 0);
    isurv_km_free(fit);
    isurv_logrank_free(lr);
    free_shard(&sh);
    return rc;
}

static int run_mpi(const struct args *a, int rank, int size)
{
    struct shard sh = { 0 };
    isurv_counttab *tab = NULL;
    isurv_km *fit = NULL;
    isurv_logrank *lr = NULL;
    size_t lo = (size_t)((double)a->n * rank / size);
    size_t hi = (size_t)((double)a->n * (rank + 1) / size);
    double t0 = 0.0;
    int rc = make_shard(&sh, lo, hi, a->seed);

    MPI_Barrier(MPI_COMM_WORLD);
    t0 = MPI_Wtime();
    if (rc == ISURV_OK)
        rc = isurv_counttab_build(&tab, sh.time, sh.event, sh.n, NULL, NULL,
                                  sh.group, NULL);
    free_shard(&sh);
    rc = reduce_tables(&tab, rc, rank, size);
    if (rc == ISURV_OK && rank == 0) {
        rc = isurv_counttab_km(&fit, tab, NULL);
        if (rc == ISURV_OK)
            rc = isurv_counttab_logrank(&lr, tab, NULL);
        if (rc == ISURV_OK && a->timing)
            fprintf(stderr, "mpi-km: %d rank(s), %zu rows: %.3f s\n", size,
                    a->n, MPI_Wtime() - t0);
        if (rc == ISURV_OK)
            rc = report(fit, lr, a->n, size);
    }
    isurv_km_free(fit);
    isurv_logrank_free(lr);
    isurv_counttab_free(tab);
    return rc;
}

int main(int argc, char **argv)
{
    struct args a;
    MPI_Request req;
    int rank = 0, size = 1, rc, all = 0;

    if (parse_args(&a, argc, argv) != 0) {
        fprintf(stderr, "usage: mpirun -np P mpi-km [--n ROWS] [--seed S] "
                        "[--time]\n       mpi-km --serial [--n ROWS] "
                        "[--seed S] [--time]\n");
        return 2;
    }
    if (a.serial) {
        rc = run_serial(&a);
        if (rc != ISURV_OK)
            fprintf(stderr, "mpi-km: %s\n", isurv_strerror(rc));
        return rc == ISURV_OK ? EXIT_SUCCESS : EXIT_FAILURE;
    }
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    rc = run_mpi(&a, rank, size);
    if (rc != ISURV_OK)
        fprintf(stderr, "mpi-km: rank %d: %s\n", rank, isurv_strerror(rc));
    /* every rank learns whether any failed, so all exit alike */
    rc = rc != ISURV_OK;
    if (MPI_Iallreduce(&rc, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &req)
        || wait_for(&req))
        all = 1;
    MPI_Finalize();
    return all ? EXIT_FAILURE : EXIT_SUCCESS;
}
