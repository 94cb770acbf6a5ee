/*
 * Reading the counts off sorted keys (lib/radix.h) or off a histogram of
 * every key value, and R's timefix on the way.  The keys come out in
 * order as runs: a key and how many rows have it (sorted keys are runs of
 * one, handed out in place; a histogram's nonzero entries are gathered a
 * batch at a time).  A clock then tells, for each key's time field,
 * whether it opens a new row of the count table or joins the open one
 * (same time, or a time that timefix merges with the previous one).
 * Estimators consume the runs as they come, so no table of all rows
 * ever exists.
 */
#ifndef ISURV_TALLY_H
#define ISURV_TALLY_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "distinct.h"

#define ISURV_RUNS_BATCH 4096

struct isurv_tally_src {
    const struct isurv_keyspec *ks;
    const uint64_t *key;     /* n keys sorted by time field, or */
    size_t n;
    const uint32_t *hist;    /* the count of each of 2^(width + pb) keys */
    size_t ncells;           /* cell indices < ncells above the event bit */
};

/* R's timefix as a threshold on the gap between neighbouring distinct
 * times: rows merge while the gap is <= the value returned; -1 means that
 * no rows merge (timefix off, or fewer than two distinct times).  known:
 * the distinct times as the sort found them, or NULL to find them here. */
double isurv_tally_timefix(const struct isurv_tally_src *src, int timefix,
                           const struct isurv_distinct *known);

struct isurv_runs {
    const struct isurv_tally_src *src;
    size_t pos;              /* next key, or next histogram entry */
    size_t end;              /* where the runs stop */
    uint64_t *kbuf;          /* histogram batches */
    uint32_t *cbuf;
    const uint64_t *key;     /* the batch: m keys, */
    const uint32_t *count;   /* each count[i] times (NULL: once) */
    size_t m;
};

/* ISURV_OK or ISURV_ENOMEM. */
int isurv_runs_open(struct isurv_runs *it, const struct isurv_tally_src *src);
/* The same for the positions [lo, hi) only: keys, or histogram entries
 * (a part from isurv_tally_split). */
int isurv_runs_open_range(struct isurv_runs *it,
                          const struct isurv_tally_src *src, size_t lo,
                          size_t hi);
/* Every position: n keys, or 2^(width + pb) histogram entries. */
size_t isurv_tally_positions(const struct isurv_tally_src *src);
/* The next batch (it->key, it->count); its size, 0 at the end. */
size_t isurv_runs_next(struct isurv_runs *it);
void isurv_runs_close(struct isurv_runs *it);

/* Whether time t, the next distinct time after prev, opens a new row:
 * timefix merges it into prev's row when the gap is <= threshold (-1:
 * never).  The one test of every reader of rows, scalar. */
static inline int isurv_gap_opens(double t, double prev, double threshold)
{
    return !(t - prev <= threshold);
}

/* The threshold for a test of the gap alone, without the clock's
 * comparison of time fields: keys of one time have gap 0, so "never
 * merge" (-1) acts as 0 there. */
static inline double isurv_gap_limit(double threshold)
{
    return threshold < 0.0 ? 0.0 : threshold;
}

struct isurv_clock {
    const struct isurv_keyspec *ks;
    double threshold;
    double prev;      /* the last time field's time */
    double time;      /* the open row's time: the first of its times */
    uint64_t field;
    int started;
};

static inline void isurv_clock_init(struct isurv_clock *c,
                                    const struct isurv_keyspec *ks,
                                    double threshold)
{
    c->ks = ks;
    c->threshold = threshold;
    c->prev = c->time = 0.0;
    c->field = 0;
    c->started = 0;
}

/* Whether the key with time field f (fields come in ascending order)
 * opens a new row; if so, c->time is that row's time.  Timefix maps a
 * time to the first of its chain of close neighbours, as aeqSurv does. */
static inline int isurv_clock_tick(struct isurv_clock *c, uint64_t f)
{
    double t;
    int opens;

    if (c->started && f == c->field)
        return 0;
    t = isurv_key_time(c->ks, f);
    opens = !c->started || isurv_gap_opens(t, c->prev, c->threshold);
    c->started = 1;
    c->prev = t;
    c->field = f;
    if (opens)
        c->time = t;
    return opens;
}

/* Splits the positions into nparts ranges, start[0] = 0 <= start[1] <=
 * ... <= start[nparts] = isurv_tally_positions(src), each beginning
 * where the clock with this threshold opens a row: a part's rows are
 * whole, and a fresh clock run over the part alone finds the same rows
 * as one run over everything.  So passes over the rows can be split
 * among threads by the data alone. */
void isurv_tally_split(size_t *start, const struct isurv_tally_src *src,
                       double threshold, int nparts);

#endif
