/* Checks and measures of caller text that goes into a figure. */
#ifndef ISURV_TEXT_H
#define ISURV_TEXT_H

/* 1 if s is well-formed UTF-8 (no overlong forms, surrogates or code
 * points above U+10FFFF) made only of characters XML 1.0 allows outside
 * markup, excluding the control characters tab, CR and LF as well: a
 * label is one line. */
int isurv_text_ok(const char *s);

/* Estimated advance width in px of s set in Helvetica (Nimbus Sans, Arial
 * and Liberation Sans share its metrics) at font size px, with a margin
 * for wider fallback fonts such as DejaVu Sans.  Characters outside ASCII
 * count as an average letter, East Asian wide ones as a full em. */
double isurv_text_width(const char *s, double px);

/* A copy of s (NULL for NULL), or NULL with *failed set when out of
 * memory. */
char *isurv_text_dup(const char *s, int *failed);

#endif
