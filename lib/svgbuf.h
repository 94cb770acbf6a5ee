/* A growable byte buffer for building SVG text, with XML escaping and the
 * library's own locale-free number formatting.  An allocation failure is
 * remembered and every later append is a no-op, so that drawing code can
 * append freely and check once at the end. */
#ifndef ISURV_SVGBUF_H
#define ISURV_SVGBUF_H

#include <stddef.h>

struct isurv_svgbuf {
    char *data;   /* NUL-terminated once anything has been appended */
    size_t len;
    size_t cap;
    int failed;   /* an allocation failed: the content is incomplete */
};

void isurv_svgbuf_init(struct isurv_svgbuf *b);
void isurv_svgbuf_clear(struct isurv_svgbuf *b);
void isurv_svgbuf_putn(struct isurv_svgbuf *b, const char *s, size_t n);
void isurv_svgbuf_put(struct isurv_svgbuf *b, const char *s);
/* s with &, <, >, " and ' replaced by entities, fit for text and for
 * attribute values alike. */
void isurv_svgbuf_escaped(struct isurv_svgbuf *b, const char *s);

/* A printf of our own (no locale, no varargs in the public API):
 *   %g  double, 2 decimals with trailing zeros dropped (coordinates)
 *   %s  string, copied as is (markup, names the library made)
 *   %t  string, XML-escaped (anything a caller gave)
 *   %d  int     %u  size_t     %%  a percent sign
 * Unknown conversions are copied literally. */
void isurv_svgbuf_printf(struct isurv_svgbuf *b, const char *fmt, ...);

#endif
