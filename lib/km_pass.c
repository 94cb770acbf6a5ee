/* The passes over a part of the keys (lib/km_pass.h).  The cells of
 * neighbouring keys are random, so the per-key work avoids branches
 * where it can: the clock's test is arithmetic, and a curve's row count
 * grows by a comparison.  The iterator, the clock and one curve's state
 * are the function's own (registers, not the part's memory). */
#include <math.h>

#include "alloc.h"
#include "inotusurv.h"
#include "km.h"
#include "km_pass.h"

#define NO_ROW UINT32_MAX

/* lib/tally.h's clock, without branches: the key with time field f opens
 * a row when f differs from the last field and timefix does not merge
 * their times.  The first key of a part always opens one. */
struct clock {
    uint64_t base;      /* the key spec's */
    int shift, pb;
    double threshold;
    double prev;        /* the last field's time */
    double time;        /* the open row's time */
    uint64_t field;     /* the last field */
    uint32_t row;       /* the open row: 0, 1, ... in the part */
};

static void clock_start(struct clock *k, const struct isurv_keyspec *ks,
                        double threshold)
{
    k->base = ks->base;
    k->shift = ks->shift;
    k->pb = ks->pb;
    k->threshold = threshold;
    k->prev = -INFINITY;
    k->time = 0.0;
    k->field = UINT64_MAX; /* no field: they have at most 63 bits */
    k->row = NO_ROW;       /* the first key makes it 0 */
}

/* Whether the key opens a row (the clock then is in it). */
static inline uint32_t clock_tick(struct clock *k, uint64_t key)
{
    uint64_t f = key >> k->pb;
    double t = isurv_bits_time((f << k->shift) + k->base);
    uint32_t opens = (f != k->field) & !(t - k->prev <= k->threshold);

    k->row += opens;
    k->time = opens ? t : k->time;
    k->prev = t;
    k->field = f;
    return opens;
}

static void reset(struct isurv_km_part *p, size_t ncurves)
{
    size_t c;

    for (c = 0; c < ncurves; c++) {
        p->slot[c].rows = 0;
        p->slot[c].last = NO_ROW;
        p->slot[c].d = p->slot[c].c = 0;
    }
    p->nesc = 0;
    p->rc = ISURV_OK;
}

void isurv_km_count_rows(uint32_t *rows, uint32_t *last,
                         const struct isurv_runs *runs, size_t lo, size_t hi,
                         const struct isurv_keyspec *ks, double threshold,
                         size_t ncurves)
{
    struct isurv_runs it = *runs;
    const uint64_t cmask = ((uint64_t)1 << (ks->pb - 1)) - 1;
    struct clock k;
    size_t m, i, c;

    for (c = 0; c < ncurves; c++)
        last[c] = NO_ROW;
    it.pos = lo;
    it.end = hi;
    clock_start(&k, ks, threshold);
    while ((m = isurv_runs_next(&it)) > 0)
        for (i = 0; i < m; i++) {
            size_t cv = (size_t)((it.key[i] >> 1) & cmask);
            clock_tick(&k, it.key[i]);
            rows[cv] += last[cv] != k.row;
            last[cv] = k.row;
        }
}

/* Row j of a curve has counts that do not fit a code byte. */
static void escape(struct isurv_km_part *p, size_t curve, uint32_t j,
                   uint32_t d, uint32_t c)
{
    if (p->nesc == p->esc_cap) {
        size_t cap = p->esc_cap ? 2 * p->esc_cap : 256;
        struct isurv_km_esc *e = isurv_realloc(p->esc, cap, sizeof *e);
        if (!e) {
            p->rc = ISURV_ENOMEM;
            return;
        }
        p->esc = e;
        p->esc_cap = cap;
    }
    p->esc[p->nesc].curve = (uint32_t)curve;
    p->esc[p->nesc].row = j;
    p->esc[p->nesc].d = d;
    p->esc[p->nesc].c = c;
    p->nesc++;
}

/* The code of row j, which has closed with counts d and c. */
static inline void put_code(struct isurv_km_part *p, unsigned char *code,
                            size_t curve, uint32_t j, uint32_t d, uint32_t c)
{
    if (d < 15 && c < 16) {
        code[j] = (unsigned char)(d << 4 | c);
    } else {
        code[j] = ISURV_KM_ESCAPE;
        escape(p, curve, j, d, c);
    }
}

/* One curve: its rows are the clock's. */
struct one {
    double *time;
    unsigned char *code;
    uint32_t j, d, c;       /* rows so far; the open one's counts */
};

static inline void one_key(struct isurv_km_part *p, struct one *o,
                           struct clock *k, uint64_t key, uint32_t w)
{
    uint32_t e = (uint32_t)key & 1;

    if (clock_tick(k, key)) {
        if (o->j)
            put_code(p, o->code, 0, o->j - 1, o->d, o->c);
        o->time[o->j++] = k->time;
        o->d = o->c = 0;
    }
    o->d += e * w;
    o->c += (e ^ 1) * w;
}

static void write_one(struct isurv_km_part *p, struct isurv_runs *it,
                      struct clock *k)
{
    struct one o;
    size_t m, i;

    o.time = p->slot[0].time;
    o.code = p->slot[0].code;
    o.j = o.d = o.c = 0;
    while ((m = isurv_runs_next(it)) > 0) {
        const uint64_t *key = it->key;
        const uint32_t *count = it->count;
        if (count)
            for (i = 0; i < m; i++)
                one_key(p, &o, k, key[i], count[i]);
        else
            for (i = 0; i < m; i++)
                one_key(p, &o, k, key[i], 1);
    }
    if (o.j)
        put_code(p, o.code, 0, o.j - 1, o.d, o.c);
    p->slot[0].rows = o.j;
}

/* Several curves: a curve's row opens with its first key in a row of the
 * clock, and closes when a key of it falls in a later one. */
static inline void cell_key(struct isurv_km_part *p, uint64_t cmask,
                            struct clock *k, uint64_t key, uint32_t w)
{
    size_t cv = (size_t)((key >> 1) & cmask);
    struct isurv_km_slot *s = &p->slot[cv];
    uint32_t e = (uint32_t)key & 1;

    clock_tick(k, key);
    if (s->last != k->row) {
        if (s->rows)
            put_code(p, s->code, cv, s->rows - 1, s->d, s->c);
        s->time[s->rows++] = k->time;
        s->last = k->row;
        s->d = s->c = 0;
    }
    s->d += e * w;
    s->c += (e ^ 1) * w;
}

static void write_cells(struct isurv_km_part *p, struct isurv_runs *it,
                        struct clock *k, size_t ncurves)
{
    const uint64_t cmask = ((uint64_t)1 << (k->pb - 1)) - 1;
    size_t m, i, cv;

    while ((m = isurv_runs_next(it)) > 0) {
        const uint64_t *key = it->key;
        const uint32_t *count = it->count;
        if (count)
            for (i = 0; i < m; i++)
                cell_key(p, cmask, k, key[i], count[i]);
        else
            for (i = 0; i < m; i++)
                cell_key(p, cmask, k, key[i], 1);
    }
    for (cv = 0; cv < ncurves; cv++) {
        struct isurv_km_slot *s = &p->slot[cv];
        if (s->rows)
            put_code(p, s->code, cv, s->rows - 1, s->d, s->c);
    }
}

void isurv_km_write_rows(struct isurv_km_part *p, const struct isurv_keyspec *ks,
                         double threshold, size_t ncurves)
{
    struct isurv_runs it = p->it;
    struct clock k;

    reset(p, ncurves);
    it.pos = p->lo;
    clock_start(&k, ks, threshold);
    if (ncurves == 1)
        write_one(p, &it, &k);
    else
        write_cells(p, &it, &k, ncurves);
}
