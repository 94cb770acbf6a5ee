/* Locale-independent number formatting for text output (SVG).  printf's
 * %f follows LC_NUMERIC, so a caller's setlocale() could turn "0.5" into
 * "0,5" and corrupt the file; these write '.' always, and the same bytes
 * for the same double on every run. */
#ifndef ISURV_NUMFMT_H
#define ISURV_NUMFMT_H

#include <stddef.h>

/* Longest string isurv_fmt_fixed writes, with its NUL. */
#define ISURV_NUMFMT_MAX 48

/* x rounded half away from zero to `decimals` (0..9) places.  With trim,
 * trailing zeros of the fraction (and a bare '.') are dropped.  -0 prints
 * as 0.  Values too large for fixed notation (|x| >= 1e15) are written as
 * d.ddde+NN; NaN and infinities as "NaN", "Inf", "-Inf".  dst needs
 * ISURV_NUMFMT_MAX bytes.  Returns dst. */
char *isurv_fmt_fixed(char *dst, double x, int decimals, int trim);

/* x as d.ddde+NN (or e-NN), for magnitudes fixed notation cannot show;
 * 0, NaN and infinities as isurv_fmt_fixed writes them. */
char *isurv_fmt_sci(char *dst, double x);

/* Smallest number of decimals (0..9) that writes every multiple of step
 * exactly (step 2.5 -> 1, step 0.25 -> 2). */
int isurv_fmt_decimals_for(double step);

#endif
