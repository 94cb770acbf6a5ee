/* Number formatting by integer arithmetic, so that no locale, and no libc
 * difference in printf's rounding, can change the bytes written. */
#include <math.h>
#include <string.h>

#include "numfmt.h"

/* Digits of a non-negative integral double below 1e15 (exact in a double,
 * so fmod and division are exact), most significant first. */
static size_t put_integer(char *dst, double v)
{
    char rev[24];
    size_t n = 0, i;

    do {
        double q = floor(v / 10.0);
        rev[n++] = (char)('0' + (int)(v - q * 10.0));
        v = q;
    } while (v > 0.0 && n < sizeof rev);
    for (i = 0; i < n; i++)
        dst[i] = rev[n - 1 - i];
    return n;
}

static const double pow10_table[] = { 1e0, 1e1, 1e2, 1e3, 1e4,
                                      1e5, 1e6, 1e7, 1e8, 1e9 };

/* Scientific notation with three decimals for magnitudes that fixed
 * notation would spell out in dozens of digits. */
char *isurv_fmt_sci(char *dst, double x)
{
    double m;
    int e, mi, ae;
    size_t k = 0, ne = 0;
    char exp_digits[8];

    if (x == 0.0 || !isfinite(x))
        return isurv_fmt_fixed(dst, x, 0, 0);
    e = (int)floor(log10(fabs(x)));
    /* 10^e underflows to 0 below e = -323 (subnormal x): scale first. */
    m = e < -300 ? fabs(x) * 1e300 / pow(10.0, e + 300) : fabs(x) / pow(10.0, e);
    /* log10 may be off by one next to exact powers of ten. */
    if (m >= 10.0) {
        m /= 10.0;
        e++;
    } else if (m < 1.0) {
        m *= 10.0;
        e--;
    }
    mi = (int)floor(m * 1000.0 + 0.5);
    if (mi >= 10000) {
        mi = 1000;
        e++;
    }
    if (x < 0)
        dst[k++] = '-';
    dst[k++] = (char)('0' + mi / 1000);
    dst[k++] = '.';
    dst[k++] = (char)('0' + mi / 100 % 10);
    dst[k++] = (char)('0' + mi / 10 % 10);
    dst[k++] = (char)('0' + mi % 10);
    dst[k++] = 'e';
    dst[k++] = e < 0 ? '-' : '+';
    ae = e < 0 ? -e : e;
    do {
        exp_digits[ne++] = (char)('0' + ae % 10);
        ae /= 10;
    } while (ae > 0);
    if (ne < 2)
        exp_digits[ne++] = '0';
    while (ne > 0)
        dst[k++] = exp_digits[--ne];
    dst[k] = '\0';
    return dst;
}

char *isurv_fmt_fixed(char *dst, double x, int decimals, int trim)
{
    double scale, v, ip, fp;
    size_t k = 0;
    int i;

    if (isnan(x))
        return strcpy(dst, "NaN");
    if (isinf(x))
        return strcpy(dst, x > 0 ? "Inf" : "-Inf");
    if (decimals < 0)
        decimals = 0;
    if (decimals > 9)
        decimals = 9;
    if (fabs(x) >= 1e15)
        return isurv_fmt_sci(dst, x);
    scale = pow10_table[decimals];
    /* Split first so that x * scale cannot leave the exact-integer range. */
    ip = floor(fabs(x));
    fp = floor((fabs(x) - ip) * scale + 0.5);
    if (fp >= scale) {
        fp -= scale;
        ip += 1.0;
    }
    if (x < 0 && (ip > 0.0 || fp > 0.0))
        dst[k++] = '-';
    k += put_integer(dst + k, ip);
    if (decimals > 0) {
        char frac[12];
        v = fp;
        for (i = decimals - 1; i >= 0; i--) {
            double q = floor(v / 10.0);
            frac[i] = (char)('0' + (int)(v - q * 10.0));
            v = q;
        }
        i = decimals;
        if (trim)
            while (i > 0 && frac[i - 1] == '0')
                i--;
        if (i > 0) {
            dst[k++] = '.';
            memcpy(dst + k, frac, (size_t)i);
            k += (size_t)i;
        }
    }
    dst[k] = '\0';
    return dst;
}

int isurv_fmt_decimals_for(double step)
{
    int d;

    if (!(step > 0.0) || isinf(step))
        return 0;
    for (d = 0; d < 9; d++) {
        double v = step * pow10_table[d];
        if (fabs(v - floor(v + 0.5)) <= 1e-9 * (v > 1.0 ? v : 1.0))
            return d;
    }
    return 9;
}
