/* A count table as bytes and back: format version 1 of
 * isurv_counttab_build(3).  Every field is little-endian and fixed width
 * and is written and read a byte at a time, so the bytes are the same on
 * every host.  The reader trusts nothing: the sizes in the header must
 * add up to exactly the length given before anything is allocated, and
 * every field is checked against the canonical form a writer produces
 * (lib/counttab.h), so a table read back is one that building and
 * merging could have made. */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "counttab.h"

#define VERSION 1u
#define HEADER_BYTES 48u
#define CELL_BYTES 40u          /* stratum, group, time, three counts */
#define XSUM_BYTES (4u + 8u * ISURV_XSUM_LIMBS)
#define SPAN_BYTES 16u

static const unsigned char magic[8] = { 0x89, 'I', 'S', 'C', 'T', '\r', '\n',
                                        0x1A };

static size_t cell_bytes(int weighted)
{
    return CELL_BYTES + (weighted ? 3 * XSUM_BYTES : 0);
}

/* ------------------------------------------------------------- writing */

static unsigned char *put_u32(unsigned char *p, uint32_t v)
{
    int k;

    for (k = 0; k < 4; k++)
        *p++ = (unsigned char)(v >> (8 * k));
    return p;
}

static unsigned char *put_u64(unsigned char *p, uint64_t v)
{
    int k;

    for (k = 0; k < 8; k++)
        *p++ = (unsigned char)(v >> (8 * k));
    return p;
}

/* A double as its IEEE-754 binary64 bit pattern. */
static unsigned char *put_f64(unsigned char *p, double v)
{
    uint64_t bits;

    memcpy(&bits, &v, sizeof bits);
    return put_u64(p, bits);
}

static unsigned char *put_i32(unsigned char *p, int32_t v)
{
    return put_u32(p, (uint32_t)v);  /* two's complement, by definition */
}

static int labels_fit(const int *v, size_t n)
{
#if INT_MAX > 2147483647
    size_t i;
    for (i = 0; i < n; i++)
        if (v[i] < INT32_MIN || v[i] > INT32_MAX)
            return 0;
#else
    (void)v;
    (void)n;
#endif
    return 1;
}

/* The size of the serialised table, or 0 when it overflows size_t. */
static size_t byte_size(const struct isurv_counttab *t)
{
    size_t size = HEADER_BYTES, cb = cell_bytes(t->w != NULL);

    if (t->nstrata > (SIZE_MAX - size) / 4)
        return 0;
    size += 4 * t->nstrata;
    if (t->ngroups > (SIZE_MAX - size) / 4)
        return 0;
    size += 4 * t->ngroups;
    if (t->ncells > (SIZE_MAX - size) / cb)
        return 0;
    size += cb * t->ncells;
    if (t->nspans > (SIZE_MAX - size) / SPAN_BYTES)
        return 0;
    return size + SPAN_BYTES * t->nspans;
}

static void write_table(unsigned char *p, const struct isurv_counttab *t)
{
    size_t i, k;
    int j;

    memcpy(p, magic, sizeof magic);
    p = put_u32(p + sizeof magic, VERSION);
    p = put_u32(p, t->w ? 1u : 0u);
    p = put_u64(p, t->nstrata);
    p = put_u64(p, t->ngroups);
    p = put_u64(p, t->ncells);
    p = put_u64(p, t->nspans);
    for (i = 0; i < t->nstrata; i++)
        p = put_i32(p, (int32_t)t->stratum[i]);
    for (i = 0; i < t->ngroups; i++)
        p = put_i32(p, (int32_t)t->group[i]);
    for (i = 0; i < t->ncells; i++) {
        p = put_u32(p, t->cs[i]);
        p = put_u32(p, t->cg[i]);
        p = put_f64(p, t->time[i]);
        for (k = 0; k < 3; k++)
            p = put_u64(p, t->n[3 * i + k]);
        for (k = 0; t->w && k < 3; k++) {
            const struct isurv_xsum *x = &t->w[3 * i + k];
            p = put_i32(p, x->exp);
            for (j = 0; j < ISURV_XSUM_LIMBS; j++)
                p = put_u64(p, x->m[j]);
        }
    }
    for (i = 0; i < 2 * t->nspans; i++)
        p = put_f64(p, t->span[i]);
}

int isurv_counttab_to_bytes(const isurv_counttab *tab, unsigned char *buf,
                            size_t len, size_t *needed)
{
    size_t size;

    if (!tab || (!buf && len > 0) || (!buf && !needed))
        return ISURV_ENULL;
    size = byte_size(tab);
    if (size == 0 || !labels_fit(tab->stratum, tab->nstrata)
        || !labels_fit(tab->group, tab->ngroups))
        return ISURV_ESIZE;
    if (needed)
        *needed = size;
    if (!buf)
        return ISURV_OK;
    if (len < size)
        return ISURV_EBUFFER;
    write_table(buf, tab);
    return ISURV_OK;
}

/* ------------------------------------------------------------- reading */

static uint32_t get_u32(const unsigned char *p)
{
    uint32_t v = 0;
    int k;

    for (k = 3; k >= 0; k--)
        v = v << 8 | p[k];
    return v;
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    int k;

    for (k = 7; k >= 0; k--)
        v = v << 8 | p[k];
    return v;
}

static int32_t get_i32(const unsigned char *p)
{
    uint32_t u = get_u32(p);

    /* Two's complement without an implementation-defined conversion. */
    return u <= INT32_MAX ? (int32_t)u : -(int32_t)(UINT32_MAX - u) - 1;
}

static double get_f64(const unsigned char *p)
{
    uint64_t bits = get_u64(p);
    double v;

    memcpy(&v, &bits, sizeof v);
    return v;
}

/* A time as the table keeps it: finite, >= 0 and not -0.0. */
static int plain_time(const unsigned char *p)
{
    double v = get_f64(p);
    return !(p[7] & 0x80) && isfinite(v);
}

/* The sizes of the header against len: each section must fit in what is
 * left, and nothing may be left over. */
static int check_sizes(const uint64_t *count, size_t len, int weighted)
{
    const uint64_t unit[4] = { 4, 4, cell_bytes(weighted), SPAN_BYTES };
    uint64_t rest = len - HEADER_BYTES;
    int k;

    for (k = 0; k < 4; k++) {
        if (count[k] > rest / unit[k])
            return ISURV_EFORMAT;
        rest -= count[k] * unit[k];
    }
    return rest == 0 ? ISURV_OK : ISURV_EFORMAT;
}

static int read_labels(int *v, const unsigned char *p, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        v[i] = (int)get_i32(p + 4 * i);
        if (i > 0 && v[i] <= v[i - 1])
            return ISURV_EFORMAT;
    }
    return ISURV_OK;
}

static int key_after(const struct isurv_counttab *t, size_t c)
{
    if (t->cs[c] != t->cs[c - 1])
        return t->cs[c] > t->cs[c - 1];
    if (t->cg[c] != t->cg[c - 1])
        return t->cg[c] > t->cg[c - 1];
    return t->time[c] > t->time[c - 1];
}

/* One cell: keys in range and ascending, every stratum from 0 up in
 * turn, counts that do not overflow and weighted sums in canonical form,
 * zero where their count is. */
static int read_cell(struct isurv_counttab *t, size_t c, const unsigned char *p,
                     uint64_t *nenter)
{
    uint64_t sum = 0;
    size_t k;
    int j;

    t->cs[c] = get_u32(p);
    t->cg[c] = get_u32(p + 4);
    if (!plain_time(p + 8) || t->cs[c] >= t->nstrata || t->cg[c] >= t->ngroups)
        return ISURV_EFORMAT;
    t->time[c] = get_f64(p + 8);
    if (c == 0 ? t->cs[c] != 0
               : !key_after(t, c) || t->cs[c] - t->cs[c - 1] > 1)
        return ISURV_EFORMAT;
    for (k = 0; k < 3; k++) {
        t->n[3 * c + k] = get_u64(p + 16 + 8 * k);
        if (sum + t->n[3 * c + k] < sum)
            return ISURV_EFORMAT;
        sum += t->n[3 * c + k];
    }
    if (sum == 0)
        return ISURV_EFORMAT;
    sum -= t->n[3 * c + ISURV_CT_ENTER];
    if (t->nobs + sum < sum || *nenter + t->n[3 * c + ISURV_CT_ENTER] < *nenter)
        return ISURV_EFORMAT;
    t->nobs += sum;
    *nenter += t->n[3 * c + ISURV_CT_ENTER];
    for (k = 0; t->w && k < 3; k++) {
        struct isurv_xsum *x = &t->w[3 * c + k];
        const unsigned char *q = p + CELL_BYTES + k * XSUM_BYTES;
        x->exp = get_i32(q);
        for (j = 0; j < ISURV_XSUM_LIMBS; j++)
            x->m[j] = get_u64(q + 4 + 8 * j);
        if (!isurv_xsum_valid(x)
            || (t->n[3 * c + k] == 0 && !isurv_xsum_is_zero(x)))
            return ISURV_EFORMAT;
    }
    return ISURV_OK;
}

/* Every group label is used, and every (stratum, group) can pair its
 * entries with later exits: walking its cells back in time, the entries
 * seen never outnumber the exits strictly after them. */
static int check_cells(const struct isurv_counttab *t)
{
    unsigned char *used = isurv_zalloc(t->ngroups, 1);
    size_t c = t->ncells, g;
    uint64_t exits = 0, entries = 0;
    int rc = ISURV_OK;

    if (!used)
        return ISURV_ENOMEM;
    if (t->ncells > 0 && t->cs[t->ncells - 1] != t->nstrata - 1)
        rc = ISURV_EFORMAT;
    while (c-- > 0 && rc == ISURV_OK) {
        const uint64_t *n = &t->n[3 * c];
        if (c + 1 == t->ncells || t->cs[c] != t->cs[c + 1]
            || t->cg[c] != t->cg[c + 1])
            exits = entries = 0;
        used[t->cg[c]] = 1;
        entries += n[ISURV_CT_ENTER];
        if (entries > exits)
            rc = ISURV_EFORMAT;
        exits += n[ISURV_CT_EVENT] + n[ISURV_CT_CENSOR];
    }
    for (g = 0; g < t->ngroups && rc == ISURV_OK; g++)
        if (!used[g])
            rc = ISURV_EFORMAT;
    isurv_dealloc(used);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The distinct times of the cells with counts of kind k (entries) or of
 * either other kind (exits), sorted; returns how many. */
static size_t times_of(double *out, const struct isurv_counttab *t, int entries)
{
    size_t c, m = 0, k;

    for (c = 0; c < t->ncells; c++) {
        const uint64_t *n = &t->n[3 * c];
        if (entries ? n[ISURV_CT_ENTER] > 0
                    : n[ISURV_CT_EVENT] + n[ISURV_CT_CENSOR] > 0)
            out[m++] = t->time[c];
    }
    qsort(out, m, sizeof *out, cmp_double);
    for (c = k = 0; c < m; c++)
        if (k == 0 || out[k - 1] != out[c])
            out[k++] = out[c];
    return k;
}

/* Spans: plain times, entry < exit, both strictly ascending, each end a
 * time where the cells have an entry or an exit; none without entries. */
static int read_spans(struct isurv_counttab *t, const unsigned char *p,
                      uint64_t nenter)
{
    double *ent = NULL, *ext = NULL;
    size_t i, ne, nx;
    int rc = ISURV_EFORMAT;

    if ((nenter == 0) != (t->nspans == 0))
        return ISURV_EFORMAT;
    for (i = 0; i < t->nspans; i++) {
        double e, x;
        if (!plain_time(p + 16 * i) || !plain_time(p + 16 * i + 8))
            return ISURV_EFORMAT;
        e = t->span[2 * i] = get_f64(p + 16 * i);
        x = t->span[2 * i + 1] = get_f64(p + 16 * i + 8);
        if (!(e < x) || (i > 0 && !(e > t->span[2 * i - 2]
                                    && x > t->span[2 * i - 1])))
            return ISURV_EFORMAT;
    }
    if (t->nspans == 0)
        return ISURV_OK;
    ent = isurv_alloc(t->ncells, sizeof *ent);
    ext = isurv_alloc(t->ncells, sizeof *ext);
    if (!ent || !ext) {
        rc = ISURV_ENOMEM;
        goto done;
    }
    ne = times_of(ent, t, 1);
    nx = times_of(ext, t, 0);
    for (i = 0; i < t->nspans; i++)
        if (!bsearch(&t->span[2 * i], ent, ne, sizeof *ent, cmp_double)
            || !bsearch(&t->span[2 * i + 1], ext, nx, sizeof *ext, cmp_double))
            goto done;
    rc = ISURV_OK;
done:
    isurv_dealloc(ent);
    isurv_dealloc(ext);
    return rc;
}

static int read_table(struct isurv_counttab *t, const unsigned char *p)
{
    const size_t cb = cell_bytes(t->w != NULL);
    uint64_t nenter = 0;
    size_t c;
    int rc;

    p += HEADER_BYTES;
    if ((rc = read_labels(t->stratum, p, t->nstrata)) != ISURV_OK)
        return rc;
    p += 4 * t->nstrata;
    if ((rc = read_labels(t->group, p, t->ngroups)) != ISURV_OK)
        return rc;
    p += 4 * t->ngroups;
    for (c = 0; c < t->ncells; c++)
        if ((rc = read_cell(t, c, p + c * cb, &nenter)) != ISURV_OK)
            return rc;
    p += t->ncells * cb;
    if ((rc = check_cells(t)) != ISURV_OK)
        return rc;
    if (t->w) {
        /* Weighted sums are written only when they differ from the
         * counts somewhere. */
        isurv_ct_settle_weights(t);
        if (!t->w)
            return ISURV_EFORMAT;
    }
    return read_spans(t, p, nenter);
}

int isurv_counttab_from_bytes(isurv_counttab **out, const unsigned char *buf,
                              size_t len)
{
    struct isurv_counttab *t;
    uint64_t count[4];
    uint32_t flags;
    int k, rc;

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if (!buf)
        return ISURV_ENULL;
    if (len < 12 || memcmp(buf, magic, sizeof magic) != 0)
        return ISURV_EFORMAT;
    if (get_u32(buf + 8) != VERSION)
        return ISURV_EVERSION;
    if (len < HEADER_BYTES)
        return ISURV_EFORMAT;
    flags = get_u32(buf + 12);
    if (flags > 1)
        return ISURV_EFORMAT;
    for (k = 0; k < 4; k++)
        count[k] = get_u64(buf + 16 + 8 * k);
    if ((rc = check_sizes(count, len, flags == 1)) != ISURV_OK)
        return rc;
    /* No labels without cells, and none of either without the other. */
    if ((count[2] == 0) != (count[0] == 0) || (count[2] == 0) != (count[1] == 0))
        return ISURV_EFORMAT;
    /* The sizes are bounded by len now, so they fit size_t. */
    t = isurv_ct_new((size_t)count[0], (size_t)count[1], (size_t)count[2],
                     (size_t)count[3], flags == 1);
    if (!t)
        return ISURV_ENOMEM;
    if ((rc = read_table(t, buf)) != ISURV_OK) {
        isurv_counttab_free(t);
        return rc;
    }
    *out = t;
    return ISURV_OK;
}
