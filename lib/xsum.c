#include <math.h>
#include <string.h>

#include "inotusurv.h"
#include "xsum.h"

enum { L = ISURV_XSUM_LIMBS };

/* Bit scans: the builtins where the compiler has them (every row of a
 * weighted table goes through an add), a loop elsewhere.  ctz64 needs
 * v != 0. */
#if defined(__GNUC__)
static int bitlen64(uint64_t v)
{
    return v ? 64 - __builtin_clzll((unsigned long long)v) : 0;
}

static int ctz64(uint64_t v)
{
    return __builtin_ctzll((unsigned long long)v);
}
#else
static int bitlen64(uint64_t v)
{
    int b = 0;

    while (v) {
        v >>= 1;
        b++;
    }
    return b;
}

static int ctz64(uint64_t v)
{
    int b = 0;

    while (!(v & 1)) {
        v >>= 1;
        b++;
    }
    return b;
}
#endif

static int bitlen(const uint64_t *m)
{
    int i;

    for (i = L - 1; i >= 0; i--)
        if (m[i])
            return 64 * i + bitlen64(m[i]);
    return 0;
}

static int bit(const uint64_t *m, int i)
{
    return (int)((m[i / 64] >> (i % 64)) & 1);
}

/* m >>= s, s < ISURV_XSUM_BITS. */
static void shr(uint64_t *m, int s)
{
    int w = s / 64, b = s % 64, i;

    for (i = 0; i < L; i++) {
        uint64_t lo = i + w < L ? m[i + w] : 0;
        uint64_t hi = i + w + 1 < L ? m[i + w + 1] : 0;
        m[i] = b ? (lo >> b) | (hi << (64 - b)) : lo;
    }
}

/* out = m << s, or 0 when bits would be lost. */
static int shl(uint64_t *out, const uint64_t *m, int s)
{
    int w, b, i;

    if (s == 0) {
        if (out != m)
            memcpy(out, m, L * sizeof *m);
        return 1;
    }
    if (bitlen(m) + s > ISURV_XSUM_BITS)
        return 0;
    w = s / 64;
    b = s % 64;
    for (i = L - 1; i >= 0; i--) {
        uint64_t hi = i - w >= 0 ? m[i - w] : 0;
        uint64_t lo = i - w - 1 >= 0 ? m[i - w - 1] : 0;
        out[i] = b ? (hi << b) | (lo >> (64 - b)) : hi;
    }
    return 1;
}

/* The canonical form: trailing zero bits moved into the exponent. */
static void normalize(struct isurv_xsum *x)
{
    int i, tz = 0;

    if (x->m[0] & 1)
        return;
    for (i = 0; i < L && x->m[i] == 0; i++)
        tz += 64;
    if (i == L) {
        x->exp = 0;
        return;
    }
    tz += ctz64(x->m[i]);
    if (tz) {
        shr(x->m, tz);
        x->exp += tz;
    }
}

void isurv_xsum_of_count(struct isurv_xsum *x, uint64_t n)
{
    memset(x, 0, sizeof *x);
    x->m[0] = n;
    normalize(x);
}

void isurv_xsum_of_double(struct isurv_xsum *x, double w)
{
    int e;
    double f;

    memset(x, 0, sizeof *x);
    if (w == 0.0)
        return;
    /* w = f 2^e with f in [0.5, 1), so f 2^53 is a whole number < 2^53
     * (for subnormals too: their f has fewer significant bits). */
    f = frexp(w, &e);
    x->m[0] = (uint64_t)ldexp(f, 53);
    x->exp = e - 53;
    normalize(x);
}

int isurv_xsum_is_zero(const struct isurv_xsum *x)
{
    int i;

    for (i = 0; i < L; i++)
        if (x->m[i])
            return 0;
    return 1;
}

int isurv_xsum_add(struct isurv_xsum *acc, const struct isurv_xsum *x)
{
    struct isurv_xsum a = *acc, b = *x, r;
    uint64_t carry = 0;
    int lo, i;

    if (isurv_xsum_is_zero(&b))
        return ISURV_OK;
    if (isurv_xsum_is_zero(&a)) {
        *acc = b;
        return ISURV_OK;
    }
    lo = a.exp < b.exp ? a.exp : b.exp;
    if (!shl(a.m, a.m, a.exp - lo) || !shl(b.m, b.m, b.exp - lo))
        return ISURV_ESIZE;
    for (i = 0; i < L; i++) {
        uint64_t s = a.m[i] + carry;
        carry = s < carry;
        r.m[i] = s + b.m[i];
        carry += r.m[i] < s;
    }
    if (carry)
        return ISURV_ESIZE;
    r.exp = lo;
    normalize(&r);
    if (r.exp + bitlen(r.m) - 1 > ISURV_XSUM_MAX_TOP)
        return ISURV_ESIZE;
    *acc = r;
    return ISURV_OK;
}

double isurv_xsum_round(const struct isurv_xsum *x)
{
    uint64_t m[L];
    int len = bitlen(x->m), sh, i, rest = 0;
    double q;

    if (len <= 53)
        return ldexp((double)x->m[0], x->exp);
    /* The top 53 bits, rounded to nearest, ties to even.  The value is
     * >= 2^53 * 2^-1074, a normal number, so ldexp does not round again. */
    sh = len - 53;
    for (i = 0; i < sh - 1 && !rest; i++)
        rest = bit(x->m, i);
    memcpy(m, x->m, sizeof m);
    shr(m, sh);
    q = (double)m[0];
    if (bit(x->m, sh - 1) && (rest || (m[0] & 1)))
        q += 1.0; /* exact: q + 1 <= 2^53 */
    return ldexp(q, x->exp + sh);
}

int isurv_xsum_equal(const struct isurv_xsum *a, const struct isurv_xsum *b)
{
    int i;

    if (a->exp != b->exp)
        return 0;
    for (i = 0; i < L; i++)
        if (a->m[i] != b->m[i])
            return 0;
    return 1;
}

int isurv_xsum_valid(const struct isurv_xsum *x)
{
    if (isurv_xsum_is_zero(x))
        return x->exp == 0;
    return (x->m[0] & 1) && x->exp >= ISURV_XSUM_MIN_EXP
           && x->exp <= ISURV_XSUM_MAX_TOP
           && x->exp + bitlen(x->m) - 1 <= ISURV_XSUM_MAX_TOP;
}
