/*
 * Fuzz harness: Kaplan-Meier figures as SVG.  A fit of fuzzed data, then
 * a fuzzed sequence of setters (strings of arbitrary bytes, colours, axis
 * and size numbers, enums), then the rendering (to a buffer, and to
 * /dev/null through isurv_plot_write_svg).
 *
 * Input: options (fz_opts), survival data with weights, entry times and
 * groups (fz_surv_decode), then up to 24 operations, each an op byte and
 * its arguments (see apply_op).
 * Invariants: every setter's status follows its documented domain (text
 * must be UTF-8 of XML characters without controls, checked here by an
 * independent decoder); the size query, a full render and a short render
 * agree (needed = length + 1; a short buffer gets ISURV_EBUFFER and a
 * terminated prefix); two renders are identical; the SVG is well formed
 * as far as tags and entities go, and no attribute holds NaN or Inf.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "decode.h"

#define MAX_N 256
#define MAX_OPS 24
#define MAX_STR 64

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    FZ_ASSERT(p != NULL, "harness out of memory");
    return p;
}

/* Unicode's table of well-formed UTF-8 (Unicode 15, table 3-7): the
 * allowed range of each continuation byte depends on the lead byte.
 * Returns the sequence length, 0 if ill-formed; *cp gets the code point. */
static int utf8_next(const unsigned char *s, unsigned long *cp)
{
    unsigned char b = s[0];
    unsigned lo = 0x80, hi = 0xBF;
    int len, i;

    if (b <= 0x7F) {
        *cp = b;
        return 1;
    }
    if (b >= 0xC2 && b <= 0xDF)
        len = 2;
    else if (b >= 0xE0 && b <= 0xEF)
        len = 3;
    else if (b >= 0xF0 && b <= 0xF4)
        len = 4;
    else
        return 0;
    if (b == 0xE0)
        lo = 0xA0;
    else if (b == 0xED)
        hi = 0x9F;
    else if (b == 0xF0)
        lo = 0x90;
    else if (b == 0xF4)
        hi = 0x8F;
    *cp = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (i = 1; i < len; i++) {
        unsigned c = s[i];
        if (c < (i == 1 ? lo : 0x80) || c > (i == 1 ? hi : 0xBF))
            return 0;
        *cp = (*cp << 6) | (c & 0x3F);
    }
    return len;
}

/* XML 1.0's Char production without tab, CR and LF (a label is one
 * line): #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF. */
static int text_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    while (*p) {
        unsigned long c;
        int n = utf8_next(p, &c);
        if (n == 0)
            return 0;
        if (!((c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
              || (c >= 0x10000 && c <= 0x10FFFF)))
            return 0;
        p += n;
    }
    return 1;
}

/* A string argument: NULL (byte 0), a string of fuzzed bytes, or (byte 1)
 * a valid colour "#rrggbb" from three bytes. */
static char *arg_string(struct fz *f, int *is_null)
{
    unsigned kind = fz_byte(f);

    *is_null = 0;
    if (kind == 0) {
        *is_null = 1;
        return NULL;
    }
    if (kind == 1) {
        char *s = xmalloc(8);
        snprintf(s, 8, "#%02x%02x%02x", fz_byte(f), fz_byte(f), fz_byte(f));
        return s;
    }
    return fz_string(f, MAX_STR);
}

static int color_ok(const char *c)
{
    int i;

    if (c[0] != '#' || strlen(c) != 7)
        return 0;
    for (i = 1; i < 7; i++)
        if (!((c[i] >= '0' && c[i] <= '9') || (c[i] >= 'a' && c[i] <= 'f')
              || (c[i] >= 'A' && c[i] <= 'F')))
            return 0;
    return 1;
}

static int auto_or_positive(double v)
{
    return v == 0.0 || (isfinite(v) && v > 0.0);
}

static int flag_status(int on)
{
    return on == 0 || on == 1 ? ISURV_OK : ISURV_EOPTION;
}

/* One setter with fuzzed arguments; returns 0 at the end of the ops. */
static int apply_op(isurv_plot *plot, size_t ncurves, struct fz *f)
{
    unsigned op = fz_byte(f);
    int rc, want, null1, null2, v;
    char *s1 = NULL, *s2 = NULL;
    double a, b;
    size_t curve;

    switch (op % 16) {
    case 0:
        s1 = arg_string(f, &null1);
        rc = isurv_plot_set_title(plot, s1);
        fz_expect_exact(rc, null1 || text_ok(s1) ? ISURV_OK : ISURV_EARG,
                        FZ_S(ISURV_ENOMEM), "isurv_plot_set_title");
        break;
    case 1:
        s1 = arg_string(f, &null1);
        s2 = arg_string(f, &null2);
        rc = isurv_plot_set_axis_labels(plot, s1, s2);
        want = (null1 || text_ok(s1)) && (null2 || text_ok(s2)) ? ISURV_OK : ISURV_EARG;
        fz_expect_exact(rc, want, FZ_S(ISURV_ENOMEM), "isurv_plot_set_axis_labels");
        break;
    case 2:
        curve = fz_byte(f) % (ncurves + 2);
        s1 = arg_string(f, &null1);
        rc = isurv_plot_set_curve_name(plot, curve, s1);
        want = curve >= ncurves ? ISURV_EINDEX
               : null1 || text_ok(s1) ? ISURV_OK : ISURV_EARG;
        fz_expect_exact(rc, want, FZ_S(ISURV_ENOMEM), "isurv_plot_set_curve_name");
        break;
    case 3:
        curve = fz_byte(f) % (ncurves + 2);
        s1 = arg_string(f, &null1);
        rc = isurv_plot_set_curve_color(plot, curve, s1);
        want = curve >= ncurves ? ISURV_EINDEX
               : null1 || color_ok(s1) ? ISURV_OK : ISURV_EARG;
        fz_expect_exact(rc, want, 0, "isurv_plot_set_curve_color");
        break;
    case 4:
        a = fz_double(f);
        b = fz_double(f);
        rc = isurv_plot_set_xaxis(plot, a, b);
        want = auto_or_positive(a) && auto_or_positive(b)
                       && !(a > 0.0 && b > 0.0 && a / b > 1000.0)
                   ? ISURV_OK
                   : ISURV_EARG;
        fz_expect_exact(rc, want, 0, "isurv_plot_set_xaxis");
        break;
    case 5:
        v = fz_enum(f);
        fz_expect_exact(isurv_plot_set_percent(plot, v), flag_status(v), 0,
                        "isurv_plot_set_percent");
        break;
    case 6:
        v = fz_enum(f);
        fz_expect_exact(isurv_plot_set_conf_bands(plot, v), flag_status(v), 0,
                        "isurv_plot_set_conf_bands");
        break;
    case 7:
        v = fz_enum(f);
        fz_expect_exact(isurv_plot_set_censor_marks(plot, v),
                        v >= ISURV_MARK_NONE && v <= ISURV_MARK_PLUS ? ISURV_OK
                                                                     : ISURV_EOPTION,
                        0, "isurv_plot_set_censor_marks");
        break;
    case 8:
        v = fz_enum(f);
        fz_expect_exact(isurv_plot_set_risk_table(plot, v), flag_status(v), 0,
                        "isurv_plot_set_risk_table");
        break;
    case 9:
        v = fz_enum(f);
        fz_expect_exact(isurv_plot_set_legend(plot, v),
                        v >= ISURV_LEGEND_AUTO && v <= ISURV_LEGEND_RIGHT
                            ? ISURV_OK
                            : ISURV_EOPTION,
                        0, "isurv_plot_set_legend");
        break;
    case 10:
        v = fz_enum(f);
        fz_expect_exact(isurv_plot_set_digits(plot, v),
                        v >= 0 && v <= 6 ? ISURV_OK : ISURV_EOPTION, 0,
                        "isurv_plot_set_digits");
        break;
    case 11:
        s1 = arg_string(f, &null1);
        rc = isurv_plot_set_annotation(plot, s1);
        fz_expect_exact(rc, null1 || text_ok(s1) ? ISURV_OK : ISURV_EARG,
                        FZ_S(ISURV_ENOMEM), "isurv_plot_set_annotation");
        break;
    case 12:
        s1 = arg_string(f, &null1);
        a = fz_double(f);
        rc = isurv_plot_set_pvalue(plot, s1, a);
        want = !(a >= 0.0 && a <= 1.0) ? ISURV_EPROB
               : null1 || text_ok(s1)  ? ISURV_OK
                                       : ISURV_EARG;
        fz_expect_exact(rc, want, FZ_S(ISURV_ENOMEM), "isurv_plot_set_pvalue");
        break;
    case 13:
        a = fz_double(f) * 16.0;
        b = fz_double(f) * 16.0;
        rc = isurv_plot_set_size(plot, a, b);
        want = a >= 120.0 && a <= 20000.0 && b >= 120.0 && b <= 20000.0 ? ISURV_OK
                                                                       : ISURV_EARG;
        fz_expect_exact(rc, want, 0, "isurv_plot_set_size");
        break;
    case 14:
        fz_expect_exact(isurv_plot_set_title(NULL, "x"), ISURV_ENULL, 0,
                        "isurv_plot_set_title(NULL)");
        break;
    default:
        return 0;
    }
    free(s1);
    free(s2);
    return 1;
}

/* Tags balance, text has no bare '<' or '&', and no attribute value
 * (every number the library writes) says NaN or Inf. */
static void check_svg(const char *svg, size_t len)
{
    enum { DEPTH = 64 };
    const char *stack[DEPTH], *p = svg, *end = svg + len;
    size_t nstack[DEPTH], depth = 0;

    FZ_ASSERT(strncmp(svg, "<?xml", 5) == 0 || strncmp(svg, "<svg", 4) == 0,
              "SVG starts with %.20s", svg);
    while (p < end) {
        if (*p == '&') {
            static const char *const ent[] = { "&amp;", "&lt;", "&gt;", "&quot;",
                                               "&apos;", "&#" };
            size_t k;
            for (k = 0; k < 6; k++)
                if (strncmp(p, ent[k], strlen(ent[k])) == 0)
                    break;
            FZ_ASSERT(k < 6, "bare '&' at %.30s", p);
            p++;
            continue;
        }
        if (*p != '<') {
            FZ_ASSERT(*p != '>', "bare '>' in text at %.30s", p);
            p++;
            continue;
        }
        if (p[1] == '?' || p[1] == '!') {
            const char *stop = p[1] == '?'                  ? "?>"
                               : strncmp(p, "<!--", 4) == 0 ? "-->"
                                                            : ">";
            const char *q = strstr(p, stop);
            FZ_ASSERT(q != NULL, "unterminated declaration");
            p = q + strlen(stop);
            continue;
        }
        if (p[1] == '/') {
            const char *name = p + 2;
            size_t n = strcspn(name, " >");
            FZ_ASSERT(depth > 0 && nstack[depth - 1] == n
                          && strncmp(stack[depth - 1], name, n) == 0,
                      "closing tag %.*s does not match", (int)n, name);
            depth--;
            p = strchr(p, '>');
            FZ_ASSERT(p != NULL, "unterminated closing tag");
            p++;
            continue;
        }
        {
            const char *name = p + 1, *q;
            size_t n = strcspn(name, " />\n");
            int self = 0;
            FZ_ASSERT(n > 0, "empty tag name at %.30s", p);
            /* Attributes: name="value", values without '<' or NaN/Inf. */
            for (q = name + n; *q && *q != '>';) {
                if (*q == '"') {
                    const char *close = strchr(q + 1, '"');
                    FZ_ASSERT(close != NULL, "unterminated attribute");
                    FZ_ASSERT(memchr(q + 1, '<', (size_t)(close - q - 1)) == NULL,
                              "'<' in an attribute");
                    {
                        char val[128];
                        size_t m = (size_t)(close - q - 1), i;
                        m = m < sizeof val - 1 ? m : sizeof val - 1;
                        for (i = 0; i < m; i++)
                            val[i] = (char)(q[1 + i] | 0x20);
                        val[m] = '\0';
                        FZ_ASSERT(!strstr(val, "nan") && !strstr(val, "inf"),
                                  "attribute value %.*s", (int)m, q + 1);
                    }
                    q = close + 1;
                    continue;
                }
                if (*q == '/' && q[1] == '>')
                    self = 1;
                q++;
            }
            FZ_ASSERT(*q == '>', "unterminated tag %.*s", (int)n, name);
            if (!self) {
                FZ_ASSERT(depth < DEPTH, "tags nested too deep");
                stack[depth] = name;
                nstack[depth++] = n;
            }
            p = q + 1;
        }
    }
    FZ_ASSERT(depth == 0, "%zu tags left open", depth);
}

static void render(const isurv_plot *plot)
{
    size_t needed = 0, again = 0;
    char *buf, *buf2;
    int rc = isurv_plot_svg(plot, NULL, 0, &needed);

    fz_expect(rc, FZ_S(ISURV_OK) | FZ_S(ISURV_EARG) | FZ_S(ISURV_ENOMEM),
              "isurv_plot_svg(size)");
    if (rc != ISURV_OK)
        return;
    FZ_ASSERT(needed >= 1, "needed %zu", needed);
    buf = xmalloc(needed);
    buf2 = xmalloc(needed);
    rc = isurv_plot_svg(plot, buf, needed, &again);
    FZ_ASSERT(rc == ISURV_OK && again == needed && strlen(buf) + 1 == needed,
              "render: %d, needed %zu then %zu, length %zu", rc, needed, again,
              strlen(buf));
    check_svg(buf, needed - 1);
    /* A short buffer: refused, with a terminated prefix. */
    memset(buf2, 'x', needed);
    rc = isurv_plot_svg(plot, buf2, needed - 1, &again);
    FZ_ASSERT(rc == ISURV_EBUFFER && again == needed, "short render: %d", rc);
    FZ_ASSERT(needed < 2 || (buf2[needed - 2] == '\0'
                             && memcmp(buf, buf2, needed - 2) == 0),
              "short render is not a terminated prefix");
    /* Rendering changes nothing. */
    rc = isurv_plot_svg(plot, buf2, needed, NULL);
    FZ_ASSERT(rc == ISURV_OK && memcmp(buf, buf2, needed) == 0,
              "a second render differs");
    /* The file writer renders the same figure. */
    fz_expect_exact(isurv_plot_write_svg(plot, "/dev/null"), ISURV_OK,
                    FZ_S(ISURV_ENOMEM), "isurv_plot_write_svg");
    fz_expect_exact(isurv_plot_write_svg(plot, NULL), ISURV_ENULL, 0,
                    "isurv_plot_write_svg(NULL)");
    free(buf);
    free(buf2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f;
    struct fz_surv s;
    struct fz_optset set;
    isurv_opts *o;
    isurv_km *fit = NULL;
    isurv_plot *plot = NULL;
    size_t k;
    int rc;

    fz_init(&f, data, size);
    o = fz_opts(&f, &set);
    fz_surv_decode(&s, &f, FZ_WEIGHTS | FZ_ENTRY | FZ_GROUP, MAX_N);
    fz_surv_dump(&s);
    rc = isurv_km_fit(&fit, s.time, s.event, s.n, s.weight, s.entry, s.group, o);
    if (rc == ISURV_OK) {
        rc = isurv_plot_new(&plot, fit);
        fz_expect(rc, FZ_S(ISURV_OK) | FZ_S(ISURV_ENOMEM), "isurv_plot_new");
    }
    if (plot) {
        for (k = 0; k < MAX_OPS && apply_op(plot, isurv_km_ncurves(fit), &f); k++)
            ;
        render(plot);
    }
    isurv_plot_free(plot);
    isurv_km_free(fit);
    isurv_opts_free(o);
    fz_surv_free(&s);
    return 0;
}
