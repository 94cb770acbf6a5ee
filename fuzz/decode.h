/*
 * Turning fuzz input bytes into library arguments.  Every harness reads
 * its input through these, so one byte format serves them all and the
 * seed generator (fuzz/make-seeds.py) can write inputs that reach the
 * valid-input paths.  The format never fails: a short input reads as
 * zeros, so every byte string is some call.
 *
 * Values are biased towards the ones that break numerical code: a
 * double is read as a tag byte that picks a special value (NaN, +-Inf,
 * -0, DBL_MIN, subnormals, DBL_MAX, 2^53, ...), a small whole number
 * (many ties), a number with a fraction, or 8 raw bytes (any bit
 * pattern).  See fz_double and fz_count for the tables.
 */
#ifndef ISURV_FUZZ_DECODE_H
#define ISURV_FUZZ_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "inotusurv.h"

struct fz {
    const uint8_t *p;
    size_t n;       /* bytes left */
};

void fz_init(struct fz *f, const uint8_t *data, size_t size);
/* The next byte, or 0 once the input is used up. */
unsigned fz_byte(struct fz *f);
/* Little-endian 16 and 32-bit numbers (missing bytes read as 0). */
unsigned fz_u16(struct fz *f);
uint32_t fz_u32(struct fz *f);
/* A size in [0, max]: one byte, or two after the byte 255. */
size_t fz_size(struct fz *f, size_t max);

/*
 * A double.  Tag byte:
 *   0..31     the special value FZ_SPECIAL[tag]
 *   32..159   the whole number tag - 32 (0 .. 127)
 *   160..223  (tag - 160) + b / 256 for the next byte b
 *   224..255  the next 8 bytes as an IEEE double, little-endian
 */
#define FZ_NSPECIAL 32
extern const double FZ_SPECIAL[FZ_NSPECIAL];
double fz_double(struct fz *f);

/*
 * A table cell or count.  Tag byte:
 *   0..15     the special count FZ_SPECIAL_COUNT[tag] (huge, NaN, -1, 0.5, ...)
 *   16..223   the whole number tag - 16 (0 .. 207)
 *   224..239  the next two bytes as a whole number (0 .. 65535)
 *   240..255  the next 8 bytes as an IEEE double, little-endian
 */
#define FZ_NSPECIAL_COUNT 16
extern const double FZ_SPECIAL_COUNT[FZ_NSPECIAL_COUNT];
double fz_count(struct fz *f);

/* An event indicator: bytes 0..249 give b & 1; 250..255 give 2, -1,
 * INT_MIN, INT_MAX, 0, 1. */
int fz_event(struct fz *f);
/* A group or stratum label: 0..127 give b % 8 (few labels, many ties),
 * 128..239 give b - 128 (many labels), 240..255 the special labels
 * INT_MIN, INT_MAX, -1, 1 << 20, ... */
int fz_label(struct fz *f);
/* An enum argument: b - 2 for b < 16 (so -2 .. 13: every value and some
 * beyond), else b % 16 - 2 as well. */
int fz_enum(struct fz *f);

/* Arrays of n values, each with exactly n elements allocated (so that
 * AddressSanitizer sees any read past the end); free with free(). */
double *fz_doubles(struct fz *f, size_t n);
double *fz_counts(struct fz *f, size_t n);

/* A string of at most max bytes (NUL-terminated; arbitrary bytes, so
 * often not valid UTF-8): a length byte, then the bytes. */
char *fz_string(struct fz *f, size_t max);

/* ------------------------------------------------------------------ */

/*
 * Survival data.  Layout: a flags byte, the count n (fz_size), then per
 * subject: time (fz_double), event (fz_event), and as the flags say:
 * weight (fz_double), entry (fz_double), group (fz_label), stratum
 * (fz_label).  Flags: bit 0 weights, 1 entry, 2 group, 3 strata; a
 * harness passes the columns it can use in `allow` and the others are
 * not read (nor allocated).
 */
enum {
    FZ_WEIGHTS = 1,
    FZ_ENTRY = 2,
    FZ_GROUP = 4,
    FZ_STRATA = 8
};

struct fz_surv {
    size_t n;
    double *time, *weight, *entry;   /* weight, entry NULL unless present */
    int *event, *group, *strata;     /* group, strata NULL unless present */
    /* pristine copies: the library must never write to its inputs */
    double *time0, *weight0, *entry0;
    int *event0, *group0, *strata0;
};

void fz_surv_decode(struct fz_surv *s, struct fz *f, unsigned allow,
                    size_t max_n);
void fz_surv_free(struct fz_surv *s);
/* 1 if every input array still equals its copy, bit for bit. */
int fz_surv_unchanged(const struct fz_surv *s);
/* With FZ_DUMP set in the environment, prints the data to stderr (to
 * read a crashing input). */
void fz_surv_dump(const struct fz_surv *s);
/* The status the documented checks give the data (pointers first, then n,
 * times, events, weights and entry times), ISURV_OK if they pass. */
int fz_surv_status(const struct fz_surv *s);

/*
 * Options.  A mask byte: bit 7 set means opts = NULL (the defaults);
 * otherwise bit 0 conf level (fz_double), bit 1 conf type (fz_enum),
 * bit 2 timefix (fz_enum), bit 3 weights (fz_enum, then p and q as
 * fz_double), bit 4 two threads (else one).  Each setter's status is
 * checked against its documented domain, and *set receives the options
 * in force, so that a harness can build a variant (fz_opts_build).
 * Returns the options or NULL; the caller frees with isurv_opts_free.
 */
struct fz_optset {
    double conf_level;
    int conf_type, timefix, weight_type, threads;
    double p, q;
};

isurv_opts *fz_opts(struct fz *f, struct fz_optset *set);
/* Options with the settings of *set (which must be valid). */
isurv_opts *fz_opts_build(const struct fz_optset *set);

#endif
