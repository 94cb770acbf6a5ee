/* The SVG text buffer: doubling growth, sticky failure, escaping. */
#include <stdarg.h>
#include <string.h>

#include "alloc.h"
#include "numfmt.h"
#include "svgbuf.h"

void isurv_svgbuf_init(struct isurv_svgbuf *b)
{
    b->data = NULL;
    b->len = 0;
    b->cap = 0;
    b->failed = 0;
}

void isurv_svgbuf_clear(struct isurv_svgbuf *b)
{
    isurv_dealloc(b->data);
    isurv_svgbuf_init(b);
}

static int reserve(struct isurv_svgbuf *b, size_t extra)
{
    size_t need, cap;
    char *p;

    if (b->failed)
        return 0;
    if (extra > (size_t)-1 - b->len - 1) {
        b->failed = 1;
        return 0;
    }
    need = b->len + extra + 1;
    if (need <= b->cap)
        return 1;
    cap = b->cap ? b->cap : 4096;
    while (cap < need)
        cap = cap > (size_t)-1 / 2 ? need : cap * 2;
    p = isurv_alloc(cap, 1);
    if (!p) {
        b->failed = 1;
        return 0;
    }
    if (b->len)
        memcpy(p, b->data, b->len);
    isurv_dealloc(b->data);
    b->data = p;
    b->cap = cap;
    return 1;
}

void isurv_svgbuf_putn(struct isurv_svgbuf *b, const char *s, size_t n)
{
    if (!reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void isurv_svgbuf_put(struct isurv_svgbuf *b, const char *s)
{
    isurv_svgbuf_putn(b, s, strlen(s));
}

void isurv_svgbuf_escaped(struct isurv_svgbuf *b, const char *s)
{
    const char *run = s;

    for (; *s; s++) {
        const char *ent;
        switch (*s) {
        case '&': ent = "&amp;"; break;
        case '<': ent = "&lt;"; break;
        case '>': ent = "&gt;"; break;
        case '"': ent = "&quot;"; break;
        case '\'': ent = "&apos;"; break;
        default: continue;
        }
        isurv_svgbuf_putn(b, run, (size_t)(s - run));
        isurv_svgbuf_put(b, ent);
        run = s + 1;
    }
    isurv_svgbuf_putn(b, run, (size_t)(s - run));
}

static void put_size(struct isurv_svgbuf *b, size_t v)
{
    char rev[24];
    size_t n = 0;

    do {
        rev[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v > 0);
    while (n > 0)
        isurv_svgbuf_putn(b, &rev[--n], 1);
}

void isurv_svgbuf_printf(struct isurv_svgbuf *b, const char *fmt, ...)
{
    va_list ap;
    const char *run = fmt;
    char num[ISURV_NUMFMT_MAX];

    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%' || fmt[1] == '\0')
            continue;
        isurv_svgbuf_putn(b, run, (size_t)(fmt - run));
        fmt++;
        switch (*fmt) {
        case 'g':
            isurv_svgbuf_put(b, isurv_fmt_fixed(num, va_arg(ap, double), 2, 1));
            break;
        case 's':
            isurv_svgbuf_put(b, va_arg(ap, const char *));
            break;
        case 't':
            isurv_svgbuf_escaped(b, va_arg(ap, const char *));
            break;
        case 'd': {
            int v = va_arg(ap, int);
            if (v < 0) {
                isurv_svgbuf_put(b, "-");
                put_size(b, (size_t)(-(long)v));
            } else {
                put_size(b, (size_t)v);
            }
            break;
        }
        case 'u':
            put_size(b, va_arg(ap, size_t));
            break;
        case '%':
            isurv_svgbuf_put(b, "%");
            break;
        default:
            isurv_svgbuf_putn(b, fmt - 1, 2);
            break;
        }
        run = fmt + 1;
    }
    isurv_svgbuf_putn(b, run, (size_t)(fmt - run));
    va_end(ap);
}
