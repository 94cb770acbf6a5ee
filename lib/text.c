/* Text validation and width estimates.  An SVG has no text layout engine
 * the writer can ask, so the layout reserves space from the advance widths
 * of Helvetica's AFM (1/1000 em) plus a safety margin. */
#include <string.h>

#include "alloc.h"
#include "text.h"

/* Helvetica advance widths for ASCII 32..126 (Adobe Helvetica.afm; the
 * apostrophe and grave are the Unicode quotesingle and grave glyphs). */
static const unsigned short helvetica[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584
};

/* Fallback fonts (DejaVu Sans) run up to about 12% wider than Helvetica. */
#define WIDTH_MARGIN 1.12

/* Decodes one UTF-8 sequence at s; returns its length, or 0 if invalid. */
static int decode(const unsigned char *s, unsigned long *cp)
{
    int len, i;
    unsigned long c, min;

    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        len = 2;
        c = s[0] & 0x1F;
        min = 0x80;
    } else if ((s[0] & 0xF0) == 0xE0) {
        len = 3;
        c = s[0] & 0x0F;
        min = 0x800;
    } else if ((s[0] & 0xF8) == 0xF0) {
        len = 4;
        c = s[0] & 0x07;
        min = 0x10000;
    } else {
        return 0;
    }
    for (i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

int isurv_text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        unsigned long c;
        int n = decode(p, &c);
        if (n == 0 || c < 0x20 || c == 0xFFFE || c == 0xFFFF)
            return 0;
        p += n;
    }
    return 1;
}

static int is_wide(unsigned long c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF)
        || (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF)
        || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60)
        || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1FAFF)
        || (c >= 0x20000 && c <= 0x3FFFD);
}

double isurv_text_width(const char *s, double px)
{
    const unsigned char *p = (const unsigned char *)s;
    double units = 0.0;

    while (*p) {
        unsigned long c;
        int n = decode(p, &c);
        if (n == 0) {   /* cannot happen for checked text; count a byte */
            units += 556;
            p++;
            continue;
        }
        if (c >= 32 && c <= 126)
            units += helvetica[c - 32];
        else if (is_wide(c))
            units += 1000;
        else
            units += 600;
        p += n;
    }
    return units / 1000.0 * px * WIDTH_MARGIN;
}

char *isurv_text_dup(const char *s, int *failed)
{
    size_t n;
    char *d;

    if (!s)
        return NULL;
    n = strlen(s) + 1;
    d = isurv_alloc(n, 1);
    if (!d) {
        *failed = 1;
        return NULL;
    }
    memcpy(d, s, n);
    return d;
}
