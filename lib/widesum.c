#include <math.h>
#include <string.h>

#include "keys.h"
#include "widesum.h"

#define WORDS ISURV_WIDESUM_WORDS

void isurv_widesum_init(struct isurv_widesum *s)
{
    memset(s, 0, sizeof *s);
}

/* w[i..] += v, carrying upwards. */
static void add_word(uint64_t *w, int i, uint64_t v)
{
    for (; v != 0 && i < WORDS; i++) {
        w[i] += v;
        v = w[i] < v; /* the carry */
    }
}

void isurv_widesum_add_at(struct isurv_widesum *s, uint64_t m, int pos)
{
    const int i = pos >> 6, off = pos & 63;

    add_word(s->w, i, m << off);
    if (off > 0)
        add_word(s->w, i + 1, m >> (64 - off));
}

void isurv_widesum_add(struct isurv_widesum *s, double t)
{
    const uint64_t b = isurv_time_bits(t);
    isurv_widesum_add_at(s, isurv_widesum_mantissa(b), isurv_widesum_place(b));
}

void isurv_widesum_merge(struct isurv_widesum *s, const struct isurv_widesum *x)
{
    uint64_t carry = 0;
    int i;

    for (i = 0; i < WORDS; i++) {
        uint64_t a = s->w[i] + carry;
        carry = a < carry;
        s->w[i] = a + x->w[i];
        carry += s->w[i] < a;
    }
}

static int bit_at(const uint64_t *w, int i)
{
    return (int)(w[i >> 6] >> (i & 63) & 1);
}

/* Whether any bit below bit i is set. */
static int any_below(const uint64_t *w, int i)
{
    int k;

    for (k = 0; k < i >> 6; k++)
        if (w[k] != 0)
            return 1;
    return (i & 63) != 0 && (w[i >> 6] & (((uint64_t)1 << (i & 63)) - 1)) != 0;
}

static int top_bit(const uint64_t *w)
{
    int i, b;

    for (i = WORDS - 1; i >= 0; i--)
        if (w[i] != 0)
            for (b = 63; b >= 0; b--)
                if (w[i] >> b & 1)
                    return 64 * i + b;
    return -1;
}

double isurv_widesum_mean(const struct isurv_widesum *s, uint64_t count)
{
    uint64_t q[WORDS], r = 0, mant;
    int i, top = top_bit(s->w), h, sh, up;

    /* Long division, a bit at a time: run once per fit, so plain beats
     * fast.  r < count always; r's top bit, shifted out, means that the
     * true remainder exceeds 2^64 > count. */
    memset(q, 0, sizeof q);
    for (i = top; i >= 0; i--) {
        const int over = (int)(r >> 63);
        r = r << 1 | (uint64_t)bit_at(s->w, i);
        if (over || r >= count) {
            r -= count;
            q[i >> 6] |= (uint64_t)1 << (i & 63);
        }
    }
    /* q + r / count to 53 bits, to nearest, ties to even. */
    h = top_bit(q);
    sh = h > 52 ? h - 52 : 0;
    mant = 0;
    for (i = 52; i >= 0; i--)
        mant = mant << 1 | (uint64_t)(sh + i <= h && bit_at(q, sh + i));
    if (sh > 0) {
        int rnd = bit_at(q, sh - 1), sticky = r != 0 || any_below(q, sh - 1);
        up = rnd && (sticky || (mant & 1));
    } else {
        up = r > count - r || (r == count - r && (mant & 1));
    }
    return ldexp((double)(mant + (uint64_t)up), sh - 1074);
}
