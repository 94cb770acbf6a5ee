/*
 * Fuzz harness: censoring helpers and date arithmetic.  isurv_censor_at
 * (an intervening event such as transplant), isurv_censor_admin,
 * isurv_days_to_months and isurv_months_between.
 *
 * Input: a NULL-pointer byte, survival data (times and events only), one
 * `at` time per subject (fz_double), the cutoff (fz_double), day counts
 * (fz_size, fz_double each), then two dates (years as signed 16-bit,
 * months fz_enum, days a byte less 4).
 * Invariants: statuses as documented; the outputs follow the rules
 * exactly (censored at at[i] < time[i], at the cutoff for later times),
 * writing into the inputs themselves gives the same, failures write
 * nothing; months are days / 30.4375 exactly, and months between two
 * dates are antisymmetric and equal the day count of an independent
 * calendar (Fliegel and Van Flandern's Julian day number) / 30.4375.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode.h"

#define MAX_N 512

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    FZ_ASSERT(p != NULL, "harness out of memory");
    return p;
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void check_censor_at(const struct fz_surv *s, const double *at, unsigned nulls)
{
    size_t n = s->n, i;
    double *ot = xmalloc(n * sizeof *ot);
    int *oe = xmalloc(n * sizeof *oe), want, rc;

    for (i = 0; i < n; i++) {
        ot[i] = -7.0;
        oe[i] = -7;
    }
    want = nulls ? ISURV_ENULL : fz_surv_status(s);
    for (i = 0; want == ISURV_OK && i < n; i++)
        if (!isnan(at[i]) && !(at[i] >= 0.0))
            want = ISURV_ETIME;
    rc = isurv_censor_at(nulls & 1 ? NULL : ot, nulls & 2 ? NULL : oe,
                         nulls & 4 ? NULL : s->time, s->event, at, n);
    fz_expect_exact(rc, want, 0, "isurv_censor_at");
    for (i = 0; i < n; i++) {
        if (rc != ISURV_OK) {
            FZ_ASSERT(ot[i] == -7.0 && oe[i] == -7, "censor_at wrote on failure");
        } else if (at[i] < s->time[i]) {
            FZ_ASSERT(same_bits(ot[i], at[i]) && oe[i] == 0,
                      "censor_at %zu: (%.17g, %d) for at %.17g < %.17g", i, ot[i],
                      oe[i], at[i], s->time[i]);
        } else {
            FZ_ASSERT(same_bits(ot[i], s->time[i]) && oe[i] == s->event[i],
                      "censor_at %zu: (%.17g, %d), want (%.17g, %d)", i, ot[i],
                      oe[i], s->time[i], s->event[i]);
        }
    }
    if (rc == ISURV_OK) {
        /* Outputs may be the inputs. */
        double *t2 = xmalloc(n * sizeof *t2);
        int *e2 = xmalloc(n * sizeof *e2);
        memcpy(t2, s->time, n * sizeof *t2);
        memcpy(e2, s->event, n * sizeof *e2);
        rc = isurv_censor_at(t2, e2, t2, e2, at, n);
        FZ_ASSERT(rc == ISURV_OK, "censor_at in place: %d", rc);
        for (i = 0; i < n; i++)
            FZ_ASSERT(same_bits(t2[i], ot[i]) && e2[i] == oe[i],
                      "censor_at in place differs at %zu", i);
        free(t2);
        free(e2);
    }
    free(ot);
    free(oe);
}

static void check_censor_admin(const struct fz_surv *s, double cutoff)
{
    size_t n = s->n, i;
    double *ot = xmalloc(n * sizeof *ot);
    int *oe = xmalloc(n * sizeof *oe), want, rc;

    for (i = 0; i < n; i++) {
        ot[i] = -7.0;
        oe[i] = -7;
    }
    want = fz_surv_status(s);
    if (want == ISURV_OK && !(isfinite(cutoff) && cutoff >= 0.0))
        want = ISURV_EARG;
    rc = isurv_censor_admin(ot, oe, s->time, s->event, n, cutoff);
    fz_expect_exact(rc, want, 0, "isurv_censor_admin");
    for (i = 0; i < n; i++) {
        if (rc != ISURV_OK)
            FZ_ASSERT(ot[i] == -7.0 && oe[i] == -7, "censor_admin wrote on failure");
        else if (s->time[i] > cutoff)
            FZ_ASSERT(same_bits(ot[i], cutoff) && oe[i] == 0,
                      "censor_admin %zu: (%.17g, %d) past cutoff %.17g", i, ot[i],
                      oe[i], cutoff);
        else
            FZ_ASSERT(same_bits(ot[i], s->time[i]) && oe[i] == s->event[i],
                      "censor_admin %zu changed a time before the cutoff", i);
    }
    free(ot);
    free(oe);
}

static void check_days(struct fz *f)
{
    size_t n = fz_size(f, MAX_N), i;
    double *d = fz_doubles(f, n), *out = xmalloc(n * sizeof *out);
    int want = n == 0 ? ISURV_EEMPTY : ISURV_OK, rc;

    for (i = 0; want == ISURV_OK && i < n; i++)
        if (!isfinite(d[i]))
            want = ISURV_ETIME;
    for (i = 0; i < n; i++)
        out[i] = -7.0;
    rc = isurv_days_to_months(out, d, n);
    fz_expect_exact(rc, want, 0, "isurv_days_to_months");
    for (i = 0; i < n; i++)
        FZ_ASSERT(rc == ISURV_OK ? same_bits(out[i], d[i] / ISURV_DAYS_PER_MONTH)
                                 : out[i] == -7.0,
                  "days_to_months %zu: %.17g from %.17g", i, out[i], d[i]);
    fz_expect_exact(isurv_days_to_months(NULL, d, n), ISURV_ENULL, 0,
                    "isurv_days_to_months(NULL)");
    free(d);
    free(out);
}

/* The Julian day number (Fliegel and Van Flandern 1968), valid for the
 * proleptic Gregorian calendar with C's truncating division as long as
 * the year is above -4800; an algorithm other than the library's. */
static long jdn(long y, long m, long d)
{
    long a = (m - 14) / 12;
    return (1461 * (y + 4800 + a)) / 4 + (367 * (m - 2 - 12 * a)) / 12
           - (3 * ((y + 4900 + a) / 100)) / 4 + d - 32075;
}

static int valid_date(int y, int m, int d)
{
    static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

    if (y < -9999 || y > 9999 || m < 1 || m > 12 || d < 1)
        return 0;
    return d <= mdays[m - 1] + (m == 2 && leap);
}

static void check_dates(struct fz *f)
{
    int y0 = (int)(int16_t)fz_u16(f), m0 = fz_enum(f), d0 = (int)fz_byte(f) % 40 - 4;
    int y1 = (int)(int16_t)fz_u16(f), m1 = fz_enum(f), d1 = (int)fz_byte(f) % 40 - 4;
    int valid = valid_date(y0, m0, d0) && valid_date(y1, m1, d1), rc;
    double x = -7.0, back = -7.0;

    rc = isurv_months_between(&x, y0, m0, d0, y1, m1, d1);
    fz_expect_exact(rc, valid ? ISURV_OK : ISURV_EDATE, 0, "isurv_months_between");
    if (rc != ISURV_OK) {
        FZ_ASSERT(x == -7.0, "months_between wrote on failure");
        return;
    }
    rc = isurv_months_between(&back, y1, m1, d1, y0, m0, d0);
    FZ_ASSERT(rc == ISURV_OK && back == -x, "months_between not antisymmetric: "
              "%.17g and %.17g", x, back);
    /* Years below -4800 are outside the Julian day formula's range. */
    if (y0 > -4800 && y1 > -4800) {
        double days = (double)(jdn(y1, m1, d1) - jdn(y0, m0, d0));
        FZ_ASSERT(same_bits(x, days / ISURV_DAYS_PER_MONTH) || (x == 0.0 && days == 0.0),
                  "%d-%d-%d to %d-%d-%d: %.17g months, %.17g days", y0, m0, d0, y1,
                  m1, d1, x, days);
    }
    fz_expect_exact(isurv_months_between(NULL, y0, m0, d0, y1, m1, d1), ISURV_ENULL,
                    0, "isurv_months_between(NULL)");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    struct fz_surv s;
    unsigned nulls;
    double *at, cutoff;

    fz_init(&f, data, size);
    /* Bytes 0xF8..0xFF pass NULL pointers (out_time, out_event, time). */
    nulls = fz_byte(&f);
    nulls = (nulls & 0xF8) == 0xF8 ? nulls & 7 : 0;
    fz_surv_decode(&s, &f, 0, MAX_N);
    at = fz_doubles(&f, s.n);
    cutoff = fz_double(&f);
    check_censor_at(&s, at, nulls);
    check_censor_admin(&s, cutoff);
    FZ_ASSERT(fz_surv_unchanged(&s), "a censoring helper changed its input");
    check_days(&f);
    check_dates(&f);
    free(at);
    fz_surv_free(&s);
    return 0;
}
