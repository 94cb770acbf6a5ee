/* The passes over a part of the keys (lib/km_pass.h).  The cells of
 * neighbouring keys are random, so the per-key work avoids branches
 * where it can: the clock's test is arithmetic, and a curve's row count
 * grows by a comparison.  The iterator, the clock and one curve's state
 * are the function's own (registers, not the part's memory). */
#include <math.h>

#include "alloc.h"
#include "inline.h"
#include "inotusurv.h"
#include "km.h"
#include "km_few.h"
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
    uint32_t opens
        = (f != k->field) & (uint32_t)isurv_gap_opens(t, k->prev, k->threshold);

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
        p->slot[c].esc = NO_ROW;
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

    if (!runs->src->hist
        && isurv_km_count_few(rows, runs->src->key + lo, hi - lo, ks,
                              threshold, ncurves))
        return;
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

/* Row j of a curve has counts d and c that do not fit a code byte.  An
 * escaping row keeps its entry in the list, *at, as more keys join it
 * (entries of earlier rows have smaller j). */
static void escape(struct isurv_km_part *p, uint32_t *at, size_t curve,
                   uint32_t j, uint32_t d, uint32_t c)
{
    struct isurv_km_esc *e;

    if (*at == NO_ROW || p->esc[*at].row != j) {
        if (p->nesc == p->esc_cap) {
            size_t cap = p->esc_cap ? 2 * p->esc_cap : 256;
            e = isurv_realloc(p->esc, cap, sizeof *e);
            if (!e) {
                p->rc = ISURV_ENOMEM;
                return;
            }
            p->esc = e;
            p->esc_cap = cap;
        }
        *at = (uint32_t)p->nesc++;
        p->esc[*at].curve = (uint32_t)curve;
        p->esc[*at].row = j;
    }
    p->esc[*at].d = d;
    p->esc[*at].c = c;
}

/* Row j of a curve now has counts d and c: its code, or an escape. */
static inline void put_code(struct isurv_km_part *p, unsigned char *code,
                            uint32_t *at, size_t curve, uint32_t j,
                            uint32_t d, uint32_t c)
{
    if (d < 15 && c < 16) {
        code[j] = (unsigned char)(d << 4 | c);
    } else {
        code[j] = ISURV_KM_ESCAPE;
        escape(p, at, curve, j, d, c);
    }
}

/* A key usually opens a row of its curve, which then has only its counts
 * (e events, 1 - e censorings, w times): the code is written at once and
 * rewritten if later keys join the row, so no row is closed and nothing
 * is read back in the common case. */
static inline void open_row(struct isurv_km_part *p, unsigned char *code,
                            uint32_t *at, size_t curve, uint32_t j,
                            uint32_t e, uint32_t w)
{
    if (w < 15)
        code[j] = (unsigned char)(e ? w << 4 : w);
    else
        put_code(p, code, at, curve, j, e * w, (e ^ 1) * w);
}

void isurv_km_join_row(struct isurv_km_part *p, struct isurv_km_slot *s,
                       size_t curve, uint32_t j, uint32_t d, uint32_t c)
{
    unsigned x = s->code[j];

    if (p->rc != ISURV_OK)
        return; /* an escape entry could not be made: the fit fails */
    if (x != ISURV_KM_ESCAPE) {
        d += x >> 4;
        c += x & 15;
    } else {
        d += p->esc[s->esc].d;
        c += p->esc[s->esc].c;
    }
    put_code(p, s->code, &s->esc, curve, j, d, c);
}

/* One curve: its rows are the clock's. */
struct one {
    double *time;
    unsigned char *code;
    uint32_t j, d, c;       /* rows so far; the open one's counts */
    uint32_t esc;           /* its escape entry, if any */
};

static inline void one_key(struct isurv_km_part *p, struct one *o,
                           struct clock *k, uint64_t key, uint32_t w)
{
    uint32_t e = (uint32_t)key & 1;

    if (clock_tick(k, key)) {
        o->time[o->j] = k->time;
        o->d = e * w;
        o->c = (e ^ 1) * w;
        open_row(p, o->code, &o->esc, 0, o->j++, e, w);
    } else {
        o->d += e * w;
        o->c += (e ^ 1) * w;
        put_code(p, o->code, &o->esc, 0, o->j - 1, o->d, o->c);
    }
}

static void write_one(struct isurv_km_part *p, struct isurv_runs *it,
                      struct clock *k)
{
    struct one o;
    size_t m, i;

    o.time = p->slot[0].time;
    o.code = p->slot[0].code;
    o.j = o.d = o.c = 0;
    o.esc = NO_ROW;
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
    p->slot[0].rows = o.j;
}

/* Several curves: a key opens a row of its curve when it opens a row of
 * the clock, or else when its curve has no key in the clock's row yet. */
static inline void cell_key(struct isurv_km_part *p, uint64_t cmask,
                            struct clock *k, uint64_t key, uint32_t w)
{
    size_t cv = (size_t)((key >> 1) & cmask);
    struct isurv_km_slot *s = &p->slot[cv];
    uint32_t e = (uint32_t)key & 1;

    if (clock_tick(k, key) || s->last != k->row) {
        s->time[s->rows] = k->time;
        s->d = e * w;
        s->c = (e ^ 1) * w;
        open_row(p, s->code, &s->esc, cv, s->rows++, e, w);
    } else {
        s->d += e * w;
        s->c += (e ^ 1) * w;
        put_code(p, s->code, &s->esc, cv, s->rows - 1, s->d, s->c);
    }
    s->last = k->row;
}

/* Sorted keys of at most 64 curves: which curves already have a row in
 * the clock's open row is one word in a register, so that a key needs
 * no state of its curve but where its rows go, and the counts of a row
 * live in its code alone.  The open row's time is chosen with masks on
 * its bits, not a branch: one key in eight or so is merged by timefix
 * on dense data, unpredictably.  The one branch left is on whether the
 * key joins a row its curve already has, rarer still. */
static void write_cells64(struct isurv_km_part *p, struct isurv_runs *it,
                          const struct clock *k)
{
    const uint64_t cmask = ((uint64_t)1 << (k->pb - 1)) - 1, base = k->base;
    const int pb = k->pb, shift = k->shift;
    const double threshold = isurv_gap_limit(k->threshold);
    struct isurv_km_slot *slot = p->slot;
    double prev = k->prev;
    uint64_t time = 0, seen = 0;
    size_t m, i;

    while ((m = isurv_runs_next(it)) > 0) {
        const uint64_t *key = it->key;
        for (i = 0; i < m; i++) {
            uint64_t x = key[i], cv = (x >> 1) & cmask;
            uint64_t bits = ((x >> pb) << shift) + base;
            double t = isurv_bits_time(bits);
            uint64_t opens = -(uint64_t)isurv_gap_opens(t, prev, threshold);
            struct isurv_km_slot *s = &slot[cv];
            uint64_t joins;
            prev = t;
            time = (bits & opens) | (time & ~opens);
            seen &= ~opens;
            joins = seen >> cv & 1;
            seen |= (uint64_t)1 << cv;
            if (ISURV_LIKELY(!joins)) {
                s->time[s->rows] = isurv_bits_time(time);
                s->code[s->rows++] = (unsigned char)(x & 1 ? 1 << 4 : 1);
            } else {
                isurv_km_join_row(p, s, cv, s->rows - 1, (uint32_t)x & 1,
                                  (uint32_t)(x & 1) ^ 1);
            }
        }
    }
}

static void write_cells(struct isurv_km_part *p, struct isurv_runs *it,
                        struct clock *k)
{
    const uint64_t cmask = ((uint64_t)1 << (k->pb - 1)) - 1;
    size_t m, i;

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
}

void isurv_km_write_rows(struct isurv_km_part *p, const struct isurv_keyspec *ks,
                         double threshold, size_t ncurves)
{
    struct isurv_runs it = p->it;
    struct clock k;

    reset(p, ncurves);
    it.pos = p->lo;
    clock_start(&k, ks, threshold);
    if (!p->it.src->hist
        && isurv_km_write_few(p, p->it.src->key + p->lo, p->it.end - p->lo, ks,
                              threshold, ncurves))
        return;
    if (ncurves == 1)
        write_one(p, &it, &k);
    else if (p->it.src->hist)
        write_cells(p, &it, &k);
    else if (ncurves <= 64)
        write_cells64(p, &it, &k);
    else
        write_cells(p, &it, &k);
}
