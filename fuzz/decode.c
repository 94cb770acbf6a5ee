#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode.h"

/* The order of both tables is the byte format: append, never reorder
 * (committed seeds name values by index). */
const double FZ_SPECIAL[FZ_NSPECIAL] = {
    0.0, -0.0, 1.0, NAN,
    INFINITY, -INFINITY, DBL_MIN, 4.9406564584124654e-324, /* DBL_TRUE_MIN */
    9.8813129168249309e-324, DBL_MIN / 2.0, DBL_MAX, DBL_MAX / 2.0,
    -1.0, 1e15, 9007199254740992.0 /* 2^53 */, 9007199254740994.0,
    0.5, 1e-300, 1e300, 1e308,
    1.0 + DBL_EPSILON, 1.0 - DBL_EPSILON / 2.0, 1e-8, 1.5e-8,
    2147483648.0, 4294967296.0, 1e9, 1e-5,
    -DBL_MIN, 1.7976931348623155e308 /* DBL_MAX less one ulp */,
    4294967295.0, 1.0 / 3.0
};

const double FZ_SPECIAL_COUNT[FZ_NSPECIAL_COUNT] = {
    1e15, 9007199254740992.0, 9007199254740991.0, 4503599627370496.0,
    1e9, 2147483647.0, 2147483648.0, 4294967296.0,
    NAN, INFINITY, -1.0, 0.5,
    -0.0, DBL_MAX, 1e5, 3e4
};

void fz_init(struct fz *f, const uint8_t *data, size_t size)
{
    f->p = data;
    f->n = size;
}

unsigned fz_byte(struct fz *f)
{
    if (f->n == 0)
        return 0;
    f->n--;
    return *f->p++;
}

unsigned fz_u16(struct fz *f)
{
    unsigned lo = fz_byte(f);
    return lo | fz_byte(f) << 8;
}

uint32_t fz_u32(struct fz *f)
{
    uint32_t lo = fz_u16(f);
    return lo | (uint32_t)fz_u16(f) << 16;
}

size_t fz_size(struct fz *f, size_t max)
{
    size_t v = fz_byte(f);

    if (v == 255)
        v = 255 + fz_u16(f);
    return v > max ? max : v;
}

static double raw_double(struct fz *f)
{
    uint64_t u = 0;
    double x;
    int k;

    for (k = 0; k < 8; k++)
        u |= (uint64_t)fz_byte(f) << (8 * k);
    memcpy(&x, &u, sizeof x);
    return x;
}

double fz_double(struct fz *f)
{
    unsigned tag = fz_byte(f);

    if (tag < 32)
        return FZ_SPECIAL[tag];
    if (tag < 160)
        return (double)(tag - 32);
    if (tag < 224)
        return (double)(tag - 160) + fz_byte(f) / 256.0;
    return raw_double(f);
}

double fz_count(struct fz *f)
{
    unsigned tag = fz_byte(f);

    if (tag < 16)
        return FZ_SPECIAL_COUNT[tag];
    if (tag < 224)
        return (double)(tag - 16);
    if (tag < 240)
        return (double)fz_u16(f);
    return raw_double(f);
}

int fz_event(struct fz *f)
{
    static const int odd[6] = { 2, -1, INT_MIN, INT_MAX, 0, 1 };
    unsigned b = fz_byte(f);

    return b < 250 ? (int)(b & 1) : odd[b - 250];
}

int fz_label(struct fz *f)
{
    static const int odd[16] = {
        INT_MIN, INT_MAX, -1, 1 << 20, INT_MIN + 1, INT_MAX - 1, -1000000,
        65535, 65536, 65537, -65536, 1 << 30, -(1 << 30), 4096, 0, 1
    };
    unsigned b = fz_byte(f);

    if (b < 128)
        return (int)(b % 8);
    if (b < 240)
        return (int)(b - 128);
    return odd[b - 240];
}

int fz_enum(struct fz *f)
{
    return (int)(fz_byte(f) % 16) - 2;
}

static void *xalloc(size_t n, size_t sz)
{
    void *p = malloc(n ? n * sz : 1);

    FZ_ASSERT(p != NULL, "harness out of memory");
    return p;
}

double *fz_doubles(struct fz *f, size_t n)
{
    double *a = xalloc(n, sizeof *a);
    size_t i;

    for (i = 0; i < n; i++)
        a[i] = fz_double(f);
    return a;
}

double *fz_counts(struct fz *f, size_t n)
{
    double *a = xalloc(n, sizeof *a);
    size_t i;

    for (i = 0; i < n; i++)
        a[i] = fz_count(f);
    return a;
}

char *fz_string(struct fz *f, size_t max)
{
    size_t len = fz_byte(f), i;
    char *s;

    if (len > max)
        len = max;
    s = xalloc(len + 1, 1);
    for (i = 0; i < len; i++)
        s[i] = (char)fz_byte(f);
    s[len] = '\0';
    return s;
}

/* ------------------------------------------------------------------ */

static void *dup_bytes(const void *p, size_t size)
{
    void *d;

    if (!p)
        return NULL;
    d = xalloc(size, 1);
    memcpy(d, p, size);
    return d;
}

void fz_surv_decode(struct fz_surv *s, struct fz *f, unsigned allow,
                    size_t max_n)
{
    unsigned flags = fz_byte(f) & allow;
    size_t i, n;

    memset(s, 0, sizeof *s);
    n = s->n = fz_size(f, max_n);
    s->time = xalloc(n, sizeof *s->time);
    s->event = xalloc(n, sizeof *s->event);
    if (flags & FZ_WEIGHTS)
        s->weight = xalloc(n, sizeof *s->weight);
    if (flags & FZ_ENTRY)
        s->entry = xalloc(n, sizeof *s->entry);
    if (flags & FZ_GROUP)
        s->group = xalloc(n, sizeof *s->group);
    if (flags & FZ_STRATA)
        s->strata = xalloc(n, sizeof *s->strata);
    for (i = 0; i < n; i++) {
        s->time[i] = fz_double(f);
        s->event[i] = fz_event(f);
        if (s->weight)
            s->weight[i] = fz_double(f);
        if (s->entry)
            s->entry[i] = fz_double(f);
        if (s->group)
            s->group[i] = fz_label(f);
        if (s->strata)
            s->strata[i] = fz_label(f);
    }
    s->time0 = dup_bytes(s->time, n * sizeof *s->time);
    s->event0 = dup_bytes(s->event, n * sizeof *s->event);
    s->weight0 = dup_bytes(s->weight, n * sizeof *s->weight);
    s->entry0 = dup_bytes(s->entry, n * sizeof *s->entry);
    s->group0 = dup_bytes(s->group, n * sizeof *s->group);
    s->strata0 = dup_bytes(s->strata, n * sizeof *s->strata);
}

void fz_surv_free(struct fz_surv *s)
{
    free(s->time);
    free(s->weight);
    free(s->entry);
    free(s->event);
    free(s->group);
    free(s->strata);
    free(s->time0);
    free(s->weight0);
    free(s->entry0);
    free(s->event0);
    free(s->group0);
    free(s->strata0);
    memset(s, 0, sizeof *s);
}

static int same(const void *a, const void *b, size_t size)
{
    return (!a && !b) || (a && b && memcmp(a, b, size) == 0);
}

int fz_surv_unchanged(const struct fz_surv *s)
{
    size_t n = s->n;

    return same(s->time, s->time0, n * sizeof *s->time)
           && same(s->event, s->event0, n * sizeof *s->event)
           && same(s->weight, s->weight0, n * sizeof *s->weight)
           && same(s->entry, s->entry0, n * sizeof *s->entry)
           && same(s->group, s->group0, n * sizeof *s->group)
           && same(s->strata, s->strata0, n * sizeof *s->strata);
}

void fz_surv_dump(const struct fz_surv *s)
{
    size_t i;

    if (!getenv("FZ_DUMP"))
        return;
    fprintf(stderr, "n = %zu\n# time event weight entry group strata\n", s->n);
    for (i = 0; i < s->n; i++)
        fprintf(stderr, "%.17g %d %.17g %.17g %d %d\n", s->time[i], s->event[i],
                s->weight ? s->weight[i] : NAN, s->entry ? s->entry[i] : NAN,
                s->group ? s->group[i] : 0, s->strata ? s->strata[i] : 0);
}

int fz_surv_status(const struct fz_surv *s)
{
    size_t i;

    if (s->n == 0)
        return ISURV_EEMPTY;
    for (i = 0; i < s->n; i++)
        if (!(isfinite(s->time[i]) && s->time[i] >= 0.0))
            return ISURV_ETIME;
    for (i = 0; i < s->n; i++)
        if (s->event[i] != 0 && s->event[i] != 1)
            return ISURV_EEVENT;
    for (i = 0; s->weight && i < s->n; i++)
        if (!(isfinite(s->weight[i]) && s->weight[i] >= 0.0))
            return ISURV_EWEIGHT;
    if (s->weight) {
        /* isurv_km_fit(3): the weights sum to at most DBL_MAX / 2. */
        double total = 0.0;
        for (i = 0; i < s->n; i++)
            total += s->weight[i];
        if (!(total <= DBL_MAX / 2.0))
            return ISURV_EWEIGHT;
    }
    for (i = 0; s->entry && i < s->n; i++)
        if (!(isfinite(s->entry[i]) && s->entry[i] >= 0.0
              && s->entry[i] < s->time[i]))
            return ISURV_EENTRY;
    return ISURV_OK;
}

/* ------------------------------------------------------------------ */

static void defaults(struct fz_optset *set)
{
    set->conf_level = 0.95;
    set->conf_type = ISURV_CONF_LOG;
    set->timefix = 1;
    set->weight_type = ISURV_WEIGHT_LOGRANK;
    set->p = set->q = 0.0;
    set->threads = 0;
}

static int weights_valid(int type, double p, double q)
{
    int p_ok = isfinite(p) && p >= 0.0, q_ok = isfinite(q) && q >= 0.0;

    switch (type) {
    case ISURV_WEIGHT_LOGRANK:
    case ISURV_WEIGHT_GEHAN:
    case ISURV_WEIGHT_TARONE_WARE:
        return 1;
    case ISURV_WEIGHT_GRHO:
        return p_ok;
    case ISURV_WEIGHT_FH:
        return p_ok && q_ok;
    default:
        return 0;
    }
}

isurv_opts *fz_opts(struct fz *f, struct fz_optset *set)
{
    unsigned mask = fz_byte(f);
    isurv_opts *o = NULL;
    int rc;

    defaults(set);
    if (mask & 0x80)
        return NULL;
    rc = isurv_opts_new(&o);
    FZ_ASSERT(rc == ISURV_OK && o, "isurv_opts_new: %d", rc);
    if (mask & 1) {
        double level = fz_double(f);
        int valid = level > 0.0 && level < 1.0;
        rc = isurv_opts_set_conf_level(o, level);
        fz_expect_exact(rc, valid ? ISURV_OK : ISURV_EOPTION, 0,
                        "isurv_opts_set_conf_level");
        if (valid)
            set->conf_level = level;
    }
    if (mask & 2) {
        int type = fz_enum(f);
        int valid = type >= ISURV_CONF_LOG && type <= ISURV_CONF_NONE;
        rc = isurv_opts_set_conf_type(o, type);
        fz_expect_exact(rc, valid ? ISURV_OK : ISURV_EOPTION, 0,
                        "isurv_opts_set_conf_type");
        if (valid)
            set->conf_type = type;
    }
    if (mask & 4) {
        int on = fz_enum(f), valid = on == 0 || on == 1;
        rc = isurv_opts_set_timefix(o, on);
        fz_expect_exact(rc, valid ? ISURV_OK : ISURV_EOPTION, 0,
                        "isurv_opts_set_timefix");
        if (valid)
            set->timefix = on;
    }
    if (mask & 8) {
        int type = fz_enum(f);
        double p = fz_double(f), q = fz_double(f);
        int valid = weights_valid(type, p, q);
        rc = isurv_opts_set_weights(o, type, p, q);
        fz_expect_exact(rc, valid ? ISURV_OK : ISURV_EOPTION, 0,
                        "isurv_opts_set_weights");
        if (valid) {
            set->weight_type = type;
            /* the unused parameters are stored as 0 */
            set->p = type == ISURV_WEIGHT_GRHO || type == ISURV_WEIGHT_FH ? p : 0.0;
            set->q = type == ISURV_WEIGHT_FH ? q : 0.0;
        }
    }
    set->threads = mask & 16 ? 2 : 1;
    rc = isurv_opts_set_threads(o, set->threads);
    FZ_ASSERT(rc == ISURV_OK, "isurv_opts_set_threads: %d", rc);
    return o;
}

isurv_opts *fz_opts_build(const struct fz_optset *set)
{
    isurv_opts *o = NULL;
    int rc = isurv_opts_new(&o);

    FZ_ASSERT(rc == ISURV_OK, "isurv_opts_new: %d", rc);
    rc = isurv_opts_set_conf_level(o, set->conf_level);
    if (rc == ISURV_OK)
        rc = isurv_opts_set_conf_type(o, set->conf_type);
    if (rc == ISURV_OK)
        rc = isurv_opts_set_timefix(o, set->timefix);
    if (rc == ISURV_OK)
        rc = isurv_opts_set_weights(o, set->weight_type, set->p, set->q);
    if (rc == ISURV_OK)
        rc = isurv_opts_set_threads(o, set->threads);
    FZ_ASSERT(rc == ISURV_OK, "fz_opts_build: a setter failed with %d", rc);
    return o;
}
