/*
 * Fuzz harness: count tables (isurv_counttab_*), the library's one
 * deserialiser among them.
 *
 * Input: a mode byte.  Even: the rest is handed to
 * isurv_counttab_from_bytes as it is; whatever the reader accepts must
 * write back byte for byte (the format has one encoding of each table),
 * fit or be refused with a documented status, and merge with itself.
 * Odd: options (fz_opts), survival data with every column
 * (fz_surv_decode) and a split point; the table of all rows must equal,
 * byte for byte, the merge of the tables of the two parts in either
 * order, and without weights its Kaplan-Meier and log-rank fits must
 * equal the array fits bit for bit (status included), as the man page
 * promises.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode.h"

#define MAX_N 512

/* Build statuses: the array fits' validation, a size limit, memory. */
#define BUILD_STATUSES                                                         \
    (FZ_S(ISURV_OK) | FZ_S(ISURV_ETIME) | FZ_S(ISURV_EEVENT)                   \
     | FZ_S(ISURV_EWEIGHT) | FZ_S(ISURV_EENTRY) | FZ_S(ISURV_ESIZE)            \
     | FZ_S(ISURV_ENOMEM))
#define FIT_STATUSES                                                           \
    (FZ_S(ISURV_OK) | FZ_S(ISURV_EEMPTY) | FZ_S(ISURV_EENTRY)                  \
     | FZ_S(ISURV_EWEIGHT) | FZ_S(ISURV_EGROUPS) | FZ_S(ISURV_EVARIANCE)        \
     | FZ_S(ISURV_EOPTION) | FZ_S(ISURV_ESIZE) | FZ_S(ISURV_ENOMEM))

static unsigned char *bytes_of(const isurv_counttab *t, size_t *len)
{
    unsigned char *b;
    int rc = isurv_counttab_to_bytes(t, NULL, 0, len);

    FZ_ASSERT(rc == ISURV_OK || rc == ISURV_ESIZE, "to_bytes size: %d", rc);
    if (rc != ISURV_OK)
        return NULL;
    b = malloc(*len ? *len : 1);
    FZ_ASSERT(b != NULL, "harness out of memory");
    rc = isurv_counttab_to_bytes(t, b, *len, len);
    FZ_ASSERT(rc == ISURV_OK, "to_bytes: %d", rc);
    return b;
}

static void check_km(const isurv_km *fit)
{
    size_t c, i, nt;

    for (c = 0; c < isurv_km_ncurves(fit); c++) {
        double *s;
        FZ_ASSERT(isurv_km_ntimes(fit, c, &nt) == ISURV_OK, "ntimes");
        s = malloc((nt ? nt : 1) * sizeof *s);
        FZ_ASSERT(s != NULL, "harness out of memory");
        FZ_ASSERT(isurv_km_column(fit, c, ISURV_KM_SURV, s, nt) == ISURV_OK,
                  "column");
        for (i = 0; i < nt; i++) {
            FZ_ASSERT(s[i] >= 0.0 && s[i] <= 1.0, "S = %g", s[i]);
            FZ_ASSERT(i == 0 || s[i] <= s[i - 1], "S rises");
        }
        free(s);
    }
}

static void check_logrank(const isurv_logrank *lr)
{
    double chisq, df, p, lp;

    FZ_ASSERT(isurv_logrank_stat(lr, &chisq, &df, &p) == ISURV_OK, "stat");
    FZ_ASSERT(isurv_logrank_log_p(lr, &lp) == ISURV_OK, "log_p");
    fz_check_nonneg(chisq, "counttab log-rank chi-square");
    fz_check_prob(p, "counttab log-rank p");
    fz_check_log_prob(lp, p, "counttab log-rank log p");
}

/* Fits a table every way, checking statuses and invariants. */
static void fit_all(const isurv_counttab *t, const isurv_opts *o)
{
    isurv_km *km = NULL;
    isurv_logrank *lr = NULL;
    double e, l, u;
    int rc;

    rc = isurv_counttab_km(&km, t, o);
    fz_expect(rc, FIT_STATUSES, "isurv_counttab_km");
    if (rc == ISURV_OK)
        check_km(km);
    isurv_km_free(km);
    rc = isurv_counttab_logrank(&lr, t, o);
    fz_expect(rc, FIT_STATUSES, "isurv_counttab_logrank");
    if (rc == ISURV_OK)
        check_logrank(lr);
    isurv_logrank_free(lr);
    rc = isurv_counttab_followup(&e, &l, &u, t, o);
    fz_expect(rc, FIT_STATUSES, "isurv_counttab_followup");
}

static void from_bytes(const uint8_t *data, size_t size)
{
    isurv_counttab *t = NULL, *m = NULL;
    unsigned char *back;
    size_t len = 0, n1 = 0, n2 = 0;
    int rc = isurv_counttab_from_bytes(&t, data, size);

    fz_expect(rc, FZ_S(ISURV_OK) | FZ_S(ISURV_EFORMAT) | FZ_S(ISURV_EVERSION)
                      | FZ_S(ISURV_ESIZE) | FZ_S(ISURV_ENOMEM),
              "isurv_counttab_from_bytes");
    if (rc != ISURV_OK) {
        FZ_ASSERT(t == NULL, "a refused table was returned");
        return;
    }
    back = bytes_of(t, &len);
    FZ_ASSERT(back && len == size && memcmp(back, data, size) == 0,
              "accepted bytes do not write back as they were");
    free(back);
    fit_all(t, NULL);
    rc = isurv_counttab_merge(&m, t, t);
    fz_expect(rc, FZ_S(ISURV_OK) | FZ_S(ISURV_ESIZE) | FZ_S(ISURV_ENOMEM),
              "isurv_counttab_merge");
    if (rc == ISURV_OK) {
        FZ_ASSERT(isurv_counttab_dim(t, &n1, NULL, NULL, NULL) == ISURV_OK
                      && isurv_counttab_dim(m, &n2, NULL, NULL, NULL) == ISURV_OK
                      && n2 == 2 * n1,
                  "a table merged with itself holds %zu rows, not 2 x %zu", n2, n1);
        fit_all(m, NULL);
    }
    isurv_counttab_free(m);
    isurv_counttab_free(t);
}

static isurv_counttab *build(const struct fz_surv *s, size_t lo, size_t hi, int *rc)
{
    isurv_counttab *t = NULL;

    *rc = isurv_counttab_build(&t, s->time + lo, s->event + lo, hi - lo,
                               s->weight ? s->weight + lo : NULL,
                               s->entry ? s->entry + lo : NULL,
                               s->group ? s->group + lo : NULL,
                               s->strata ? s->strata + lo : NULL);
    fz_expect(*rc, BUILD_STATUSES, "isurv_counttab_build");
    FZ_ASSERT((*rc == ISURV_OK) == (t != NULL), "table and status disagree");
    return t;
}

static void same_bytes(const isurv_counttab *a, const isurv_counttab *b,
                       const char *what)
{
    size_t la = 0, lb = 0;
    unsigned char *x = bytes_of(a, &la), *y = bytes_of(b, &lb);

    FZ_ASSERT((!x && !y) || (x && y && la == lb && memcmp(x, y, la) == 0),
              "%s: tables differ", what);
    free(x);
    free(y);
}

static void same_km(const isurv_km *a, const isurv_km *b)
{
    size_t c, k, i, na, nb;

    FZ_ASSERT(isurv_km_ncurves(a) == isurv_km_ncurves(b), "curves differ");
    for (c = 0; c < isurv_km_ncurves(a); c++) {
        FZ_ASSERT(isurv_km_ntimes(a, c, &na) == ISURV_OK
                      && isurv_km_ntimes(b, c, &nb) == ISURV_OK && na == nb,
                  "curve %zu: row counts differ", c);
        for (k = ISURV_KM_TIME; k <= ISURV_KM_STD_LOGSURV; k++) {
            double *x = malloc((na ? na : 1) * sizeof *x);
            double *y = malloc((na ? na : 1) * sizeof *y);
            FZ_ASSERT(x && y, "harness out of memory");
            isurv_km_column(a, c, (int)k, x, na);
            isurv_km_column(b, c, (int)k, y, na);
            for (i = 0; i < na; i++)
                FZ_ASSERT(memcmp(&x[i], &y[i], sizeof x[i]) == 0
                              || (isnan(x[i]) && isnan(y[i])),
                          "curve %zu column %zu row %zu: table %.17g, array %.17g",
                          c, k, i, x[i], y[i]);
            free(x);
            free(y);
        }
    }
}

static void from_rows(struct fz *f)
{
    struct fz_optset set;
    isurv_opts *o = fz_opts(f, &set);
    struct fz_surv s;
    isurv_counttab *w, *a, *b, *ab = NULL, *ba = NULL;
    size_t cut;
    int rc, rca, rcb;

    fz_surv_decode(&s, f, FZ_WEIGHTS | FZ_ENTRY | FZ_GROUP | FZ_STRATA, MAX_N);
    cut = fz_size(f, s.n);
    w = build(&s, 0, s.n, &rc);
    a = build(&s, 0, cut, &rca);
    b = build(&s, cut, s.n, &rcb);
    FZ_ASSERT(fz_surv_unchanged(&s), "isurv_counttab_build wrote to its input");
    /* A bad row makes its part and the whole fail alike. */
    FZ_ASSERT(rc != ISURV_OK || (rca == ISURV_OK && rcb == ISURV_OK),
              "the whole builds but a part does not (%d, %d)", rca, rcb);
    if (rc == ISURV_OK) {
        fz_expect(isurv_counttab_merge(&ab, a, b),
                  FZ_S(ISURV_OK) | FZ_S(ISURV_ESIZE), "merge");
        fz_expect(isurv_counttab_merge(&ba, b, a),
                  FZ_S(ISURV_OK) | FZ_S(ISURV_ESIZE), "merge");
        if (ab && ba) {
            same_bytes(w, ab, "whole vs a + b");
            same_bytes(w, ba, "whole vs b + a");
        }
        fit_all(w, o);
        if (!s.weight) {
            isurv_km *kt = NULL, *ka = NULL;
            isurv_logrank *lt = NULL, *la = NULL;
            int r1 = isurv_counttab_km(&kt, w, o);
            int r2 = isurv_km_fit(&ka, s.time, s.event, s.n, NULL, s.entry,
                                  s.group, o);
            if (!s.strata) {
                FZ_ASSERT(r1 == r2, "KM: table %d, arrays %d", r1, r2);
                if (r1 == ISURV_OK)
                    same_km(kt, ka);
            }
            if (s.group) {
                double c1, c2;
                r1 = isurv_counttab_logrank(&lt, w, o);
                r2 = isurv_logrank_test(&la, s.time, s.event, s.group, s.n,
                                        s.strata, s.entry, o);
                FZ_ASSERT(r1 == r2, "log-rank: table %d, arrays %d", r1, r2);
                if (r1 == ISURV_OK) {
                    isurv_logrank_stat(lt, &c1, NULL, NULL);
                    isurv_logrank_stat(la, &c2, NULL, NULL);
                    FZ_ASSERT(c1 == c2 || (isnan(c1) && isnan(c2)),
                              "log-rank chi-square: table %.17g, arrays %.17g",
                              c1, c2);
                }
            }
            isurv_km_free(kt);
            isurv_km_free(ka);
            isurv_logrank_free(lt);
            isurv_logrank_free(la);
        }
    }
    isurv_counttab_free(ab);
    isurv_counttab_free(ba);
    isurv_counttab_free(w);
    isurv_counttab_free(a);
    isurv_counttab_free(b);
    fz_surv_free(&s);
    isurv_opts_free(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;

    if (size == 0)
        return 0;
    if (data[0] % 2 == 0) {
        from_bytes(data + 1, size - 1);
        return 0;
    }
    fz_init(&f, data + 1, size - 1);
    from_rows(&f);
    return 0;
}
