/* Tests of the SVG Kaplan-Meier figure (isurv_plot_*): the structure of
 * the document (one path per curve, ticks where the axis arithmetic puts
 * them, the number-at-risk table equal to isurv_km_risk_table and aligned
 * with the tick labels), the legend's n and median, escaping, the
 * snprintf-like buffer protocol, determinism and bad input.
 *
 * Data: R's aml (survival package), Miller (1981).  Values checked by
 * hand are worked out in comments; medians as printed by R 4.2.2
 * print(survfit(Surv(time, status) ~ x, aml)). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inotusurv.h"
#include "testutil.h"

static const double aml_time[] = { 9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161,
                                   5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45 };
static const int aml_status[] = { 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0,
                                  1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1 };
/* 1 = Maintained, 0 = Nonmaintained: curve 0 is Nonmaintained (labels
 * ascend), curve 1 Maintained. */
static const int aml_x[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };

static isurv_km *aml_fit(int grouped)
{
    isurv_km *fit = NULL;

    ck_assert_int_eq(isurv_km_fit(&fit, aml_time, aml_status, 23, NULL, NULL,
                                  grouped ? aml_x : NULL, NULL), ISURV_OK);
    return fit;
}

static isurv_plot *new_plot(const isurv_km *fit)
{
    isurv_plot *plot = NULL;

    ck_assert_int_eq(isurv_plot_new(&plot, fit), ISURV_OK);
    ck_assert_ptr_nonnull(plot);
    return plot;
}

/* The whole document through the size query and a second call. */
static char *render(const isurv_plot *plot)
{
    size_t need = 0, again = 0;
    char *svg;

    ck_assert_int_eq(isurv_plot_svg(plot, NULL, 0, &need), ISURV_OK);
    ck_assert_uint_gt(need, 1);
    svg = malloc(need);
    ck_assert_ptr_nonnull(svg);
    ck_assert_int_eq(isurv_plot_svg(plot, svg, need, &again), ISURV_OK);
    ck_assert_uint_eq(again, need);
    ck_assert_uint_eq(strlen(svg), need - 1);
    return svg;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    const char *p = hay;

    while ((p = strstr(p, needle)) != NULL) {
        n++;
        p += strlen(needle);
    }
    return n;
}

/* One element of the document: a few attributes as written, and the
 * content of a <text>. */
struct elem {
    char x[32], y[32], y1[32], d[4096], stroke[16], dash[64], text[256];
    int curve;
};

static void attr(const char *tag, const char *end, const char *name,
                 char *out, size_t cap)
{
    char key[40];
    const char *p;
    size_t n;

    snprintf(key, sizeof key, " %s=\"", name);
    out[0] = '\0';
    p = strstr(tag, key);
    if (!p || p >= end)
        return;
    p += strlen(key);
    n = (size_t)(strchr(p, '"') - p);
    ck_assert_uint_lt(n, cap);
    memcpy(out, p, n);
    out[n] = '\0';
}

/* Elements with class cls, in document order; returns how many. */
static size_t elems(const char *svg, const char *cls, struct elem *e, size_t max)
{
    char key[64], num[32];
    const char *p = svg;
    size_t n = 0;

    snprintf(key, sizeof key, "class=\"%s\"", cls);
    while ((p = strstr(p, key)) != NULL) {
        const char *tag = p, *end = strchr(p, '>');
        ck_assert_ptr_nonnull(end);
        ck_assert_uint_lt(n, max);
        while (tag > svg && *tag != '<')
            tag--;
        attr(tag, end, "x", e[n].x, sizeof e[n].x);
        attr(tag, end, "y", e[n].y, sizeof e[n].y);
        attr(tag, end, "y1", e[n].y1, sizeof e[n].y1);
        attr(tag, end, "d", e[n].d, sizeof e[n].d);
        attr(tag, end, "stroke", e[n].stroke, sizeof e[n].stroke);
        attr(tag, end, "stroke-dasharray", e[n].dash, sizeof e[n].dash);
        attr(tag, end, "data-curve", num, sizeof num);
        e[n].curve = num[0] ? atoi(num) : -1;
        e[n].text[0] = '\0';
        if (strncmp(tag, "<text", 5) == 0) {
            const char *close = strstr(end, "</text>");
            size_t len = (size_t)(close - end - 1);
            ck_assert_uint_lt(len, sizeof e[n].text);
            memcpy(e[n].text, end + 1, len);
            e[n].text[len] = '\0';
        }
        n++;
        p = end;
    }
    return n;
}

static double num(const char *s)
{
    char *end;
    double v = strtod(s, &end);

    ck_assert_msg(*s && *end == '\0', "not a number: '%s'", s);
    return v;
}

#define MAXE 256

START_TEST(test_new_and_free)
{
    isurv_km *fit = aml_fit(1);
    isurv_plot *plot = (isurv_plot *)&plot;

    ck_assert_int_eq(isurv_plot_new(NULL, fit), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_new(&plot, NULL), ISURV_ENULL);
    ck_assert_ptr_null(plot);
    isurv_plot_free(NULL);
    plot = new_plot(fit);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_one_path_per_curve)
{
    isurv_km *fit2 = aml_fit(1), *fit1 = aml_fit(0);
    isurv_plot *p2 = new_plot(fit2), *p1 = new_plot(fit1);
    struct elem *e = malloc(MAXE * sizeof *e);
    char *svg;

    svg = render(p2);
    ck_assert_uint_eq(elems(svg, "km-curve", e, MAXE), 2);
    ck_assert_int_eq(e[0].curve, 0);
    ck_assert_int_eq(e[1].curve, 1);
    /* Distinct colour and dash per curve. */
    ck_assert_str_ne(e[0].stroke, e[1].stroke);
    ck_assert_str_ne(e[0].dash, e[1].dash);
    /* Censorings (status 0): Nonmaintained at 16; Maintained at 13, 28,
     * 45 and 161, one mark (a move) each. */
    ck_assert_uint_eq(elems(svg, "km-censor", e, MAXE), 2);
    ck_assert_uint_eq(count(e[0].d, "M"), 1);
    ck_assert_uint_eq(count(e[1].d, "M"), 4);
    ck_assert_uint_eq(count(svg, "class=\"km-band\""), 0);
    free(svg);

    svg = render(p1);
    ck_assert_uint_eq(count(svg, "class=\"km-curve\""), 1);
    free(svg);

    /* Plus marks are two strokes per censoring time; none are none. */
    ck_assert_int_eq(isurv_plot_set_censor_marks(p2, ISURV_MARK_PLUS), ISURV_OK);
    svg = render(p2);
    elems(svg, "km-censor", e, MAXE);
    ck_assert_uint_eq(count(e[1].d, "M"), 8);
    free(svg);
    ck_assert_int_eq(isurv_plot_set_censor_marks(p2, ISURV_MARK_NONE), ISURV_OK);
    svg = render(p2);
    ck_assert_uint_eq(count(svg, "km-censor"), 0);
    free(svg);

    /* Bands: one shaded path per curve. */
    ck_assert_int_eq(isurv_plot_set_conf_bands(p2, 1), ISURV_OK);
    svg = render(p2);
    ck_assert_uint_eq(elems(svg, "km-band", e, MAXE), 2);
    ck_assert_int_eq(e[0].curve, 0);
    ck_assert_int_eq(e[1].curve, 1);
    free(svg);

    free(e);
    isurv_plot_free(p1);
    isurv_plot_free(p2);
    isurv_km_free(fit1);
    isurv_km_free(fit2);
}
END_TEST

/* Parses "M x y H x V y ..." into the points visited. */
static size_t path_points(const char *d, double *px, double *py, size_t max)
{
    size_t n = 0;
    double x = 0, y = 0;
    char *end;

    while (*d) {
        char c = *d++;
        if (c == 'M') {
            x = strtod(d, &end);
            y = strtod(end, &end);
        } else if (c == 'H') {
            x = strtod(d, &end);
        } else if (c == 'V') {
            y = strtod(d, &end);
        } else {
            continue;
        }
        d = end;
        ck_assert_uint_lt(n, max);
        px[n] = x;
        py[n] = y;
        n++;
    }
    return n;
}

START_TEST(test_curve_geometry)
{
    isurv_km *fit = aml_fit(1);
    isurv_plot *plot = new_plot(fit);
    struct elem *e = malloc(MAXE * sizeof *e), *t = malloc(MAXE * sizeof *t);
    double px[128], py[128], x0, x20, ybot, ytop, s;
    char *svg;
    size_t n, i;

    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 0, 20), ISURV_OK);
    svg = render(plot);
    ck_assert_uint_eq(elems(svg, "x-tick-label", t, MAXE), 10);
    x0 = num(t[0].x);
    x20 = num(t[1].x);
    ck_assert_uint_eq(elems(svg, "y-tick-label", e, MAXE), 6);
    ck_assert_str_eq(e[0].text, "0.0");
    ck_assert_str_eq(e[5].text, "1.0");
    /* The survival ticks, from 0 at the bottom to 1 at the top. */
    ck_assert_uint_eq(elems(svg, "y-tick", e, MAXE), 6);
    ybot = num(e[0].y1);
    ytop = num(e[5].y1);
    ck_assert(ytop < ybot);
    elems(svg, "km-curve", e, MAXE);
    n = path_points(e[1].d, px, py, 128);
    /* Maintained: starts at (0, 1); drops at 9 to 10/11; hand product
     * limit 10/11 * 9/10 * 7/8 * 6/7 * 4/5 * 3/4 * 1/2 = 0.18409 at 48,
     * then flat to 161, its last time. */
    ck_assert(fabs(px[0] - x0) < 0.01);
    ck_assert(fabs(py[0] - ytop) < 0.01);
    ck_assert(fabs(px[1] - (x0 + 9.0 / 20.0 * (x20 - x0))) < 0.02);
    s = 10.0 / 11.0 * 9.0 / 10.0 * 7.0 / 8.0 * 6.0 / 7.0 * 4.0 / 5.0 * 3.0 / 4.0 * 0.5;
    ck_assert(fabs(py[n - 1] - (ybot + (ytop - ybot) * s)) < 0.02);
    {
        /* The axis runs 0 to 180 (9 steps of 20) between x1 and x2. */
        char x1[32], x2[32];
        const char *ax = strstr(svg, "class=\"x-axis\"");
        attr(ax, strchr(ax, '>'), "x1", x1, sizeof x1);
        attr(ax, strchr(ax, '>'), "x2", x2, sizeof x2);
        ck_assert(fabs(px[n - 1] - (num(x1) + 161.0 / 180.0 * (num(x2) - num(x1))))
                  < 0.011);
    }
    /* Steps only: each move changes x or y, never both; y never rises. */
    for (i = 1; i < n; i++) {
        ck_assert(px[i] == px[i - 1] || py[i] == py[i - 1]);
        ck_assert(py[i] >= py[i - 1]);
    }
    free(svg);

    /* A shorter axis cuts the curves and drops marks beyond it: Maintained
     * keeps the censorings at 13 and 28 of its 4 when the axis ends at 30. */
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 30, 10), ISURV_OK);
    svg = render(plot);
    {
        char x2[32];
        const char *p = strstr(svg, "class=\"x-axis\"");
        attr(p, strchr(p, '>'), "x2", x2, sizeof x2);
        elems(svg, "km-censor", e, MAXE);
        ck_assert_uint_eq(count(e[1].d, "M"), 2);
        elems(svg, "km-curve", e, MAXE);
        for (i = 0; i < 2; i++) {
            size_t k, m = path_points(e[i].d, px, py, 128);
            for (k = 0; k < m; k++)
                ck_assert(px[k] <= num(x2) + 1e-9);
        }
    }
    free(svg);
    free(e);
    free(t);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

/* Tick labels at k * step, evenly spaced from the axis origin to its end. */
static void check_ticks(const char *svg, const char *const *labels, size_t m,
                        double end_value)
{
    struct elem *t = malloc(MAXE * sizeof *t);
    size_t k;
    double x0, x2;
    char buf[32];
    const char *p = strstr(svg, "class=\"x-axis\"");

    ck_assert_uint_eq(elems(svg, "x-tick-label", t, MAXE), m);
    ck_assert_uint_eq(count(svg, "class=\"x-tick\""), m);
    attr(p, strchr(p, '>'), "x1", buf, sizeof buf);
    x0 = num(buf);
    attr(p, strchr(p, '>'), "x2", buf, sizeof buf);
    x2 = num(buf);
    for (k = 0; k < m; k++)
        ck_assert_str_eq(t[k].text, labels[k]);
    /* Coordinates are written to 2 decimals: allow 0.005 each way. */
    for (k = 0; k < m; k++) {
        double want = x0 + (x2 - x0) * num(labels[k]) / end_value;
        ck_assert_msg(fabs(num(t[k].x) - want) <= 0.011, "tick %s at %s, want %g",
                      labels[k], t[k].x, want);
    }
    free(t);
}

START_TEST(test_ticks)
{
    static const char *const by20[] = { "0", "20", "40", "60", "80", "100",
                                        "120", "140", "160", "180" };
    static const char *const by25[] = { "0", "25", "50", "75", "100" };
    static const char *const by2_5[] = { "0.0", "2.5", "5.0", "7.5", "10.0" };
    static const double t3[] = { 1.5, 4, 9.2 };
    static const int e3[] = { 1, 0, 1 };
    isurv_km *fit = aml_fit(1), *small;
    isurv_plot *plot = new_plot(fit), *ps;
    struct elem *t = malloc(MAXE * sizeof *t);
    char *svg;
    size_t m, k;
    double step;

    /* Step 20 with the end automatic: 161 (the last time) needs
     * ceil(161 / 20) = 9 intervals, so the axis ends at 180. */
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 0, 20), ISURV_OK);
    svg = render(plot);
    check_ticks(svg, by20, 10, 180);
    free(svg);

    /* Both given: the axis ends at xmax, ticks are the multiples <= xmax. */
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 100, 25), ISURV_OK);
    svg = render(plot);
    check_ticks(svg, by25, 5, 100);
    free(svg);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 110, 25), ISURV_OK);
    svg = render(plot);
    check_ticks(svg, by25, 5, 110);
    free(svg);

    /* Automatic: a nice step (1, 2, 2.5 or 5 times a power of ten), at
     * most 10 intervals, the last tick at or beyond 161. */
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 0, 0), ISURV_OK);
    svg = render(plot);
    m = elems(svg, "x-tick-label", t, MAXE);
    ck_assert_uint_ge(m, 3);
    ck_assert_uint_le(m, 11);
    step = num(t[1].text);
    ck_assert(step == 20 || step == 25 || step == 50 || step == 100);
    for (k = 0; k < m; k++)
        ck_assert(num(t[k].text) == (double)k * step);
    ck_assert(num(t[m - 1].text) >= 161);
    free(svg);

    /* A fractional step labels every tick with the same decimals. */
    ck_assert_int_eq(isurv_km_fit(&small, t3, e3, 3, NULL, NULL, NULL, NULL),
                     ISURV_OK);
    ps = new_plot(small);
    ck_assert_int_eq(isurv_plot_set_xaxis(ps, 0, 2.5), ISURV_OK);
    svg = render(ps);
    check_ticks(svg, by2_5, 5, 10);
    free(svg);
    /* Percent axis. */
    ck_assert_int_eq(isurv_plot_set_percent(ps, 1), ISURV_OK);
    svg = render(ps);
    ck_assert_uint_eq(elems(svg, "y-tick-label", t, MAXE), 6);
    ck_assert_str_eq(t[0].text, "0");
    ck_assert_str_eq(t[1].text, "20");
    ck_assert_str_eq(t[5].text, "100");
    ck_assert_ptr_nonnull(strstr(svg, ">Survival (%)</text>"));
    free(svg);

    free(t);
    isurv_plot_free(ps);
    isurv_plot_free(plot);
    isurv_km_free(small);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_risk_table)
{
    isurv_km *fit = aml_fit(1);
    isurv_plot *plot = new_plot(fit);
    struct elem *t = malloc(MAXE * sizeof *t), *r = malloc(MAXE * sizeof *r);
    struct elem *xl = malloc(4 * sizeof *xl);
    double times[10], nrisk[10];
    size_t m, c, k;
    char *svg;
    /* Hand counts of subjects with time >= t (R's summary(fit, times=)
     * agrees): Nonmaintained 12 at 0; 6 at 20 (23 27 30 33 43 45); 2 at
     * 40 (43 45); 0 from 60.  Maintained 11 at 0; 7 at 20 (23 28 31 34 45
     * 48 161); 3 at 40 (45 48 161); 1 from 60 to 160 (161); 0 at 180. */
    static const double hand[2][10] = {
        { 12, 6, 2, 0, 0, 0, 0, 0, 0, 0 },
        { 11, 7, 3, 1, 1, 1, 1, 1, 1, 0 }
    };

    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 0, 20), ISURV_OK);
    svg = render(plot);
    m = elems(svg, "x-tick-label", t, MAXE);
    ck_assert_uint_eq(m, 10);
    ck_assert_uint_eq(elems(svg, "risk-n", r, MAXE), 2 * m);
    ck_assert_uint_eq(elems(svg, "risk-name", xl, 4), 2);
    ck_assert_str_eq(xl[0].text, "Group 0");
    ck_assert_str_eq(xl[1].text, "Group 1");
    ck_assert_ptr_nonnull(strstr(svg, ">No. at risk</text>"));
    for (k = 0; k < m; k++)
        times[k] = num(t[k].text);
    for (c = 0; c < 2; c++) {
        ck_assert_int_eq(isurv_km_risk_table(fit, c, times, m, nrisk, NULL, NULL),
                         ISURV_OK);
        for (k = 0; k < m; k++) {
            const struct elem *cell = &r[c * m + k];
            ck_assert_int_eq(cell->curve, (int)c);
            ck_assert(num(cell->text) == nrisk[k]);
            ck_assert(num(cell->text) == hand[c][k]);
            /* Exactly the tick label's x, and centred like it. */
            ck_assert_str_eq(cell->x, t[k].x);
            ck_assert_str_eq(cell->y, r[c * m].y);
            ck_assert(num(cell->y) > num(t[k].y));
        }
    }
    ck_assert(num(r[m].y) > num(r[0].y));
    ck_assert_ptr_nonnull(strstr(svg, "text-anchor=\"middle\">12</text>"));
    free(svg);

    ck_assert_int_eq(isurv_plot_set_risk_table(plot, 0), ISURV_OK);
    svg = render(plot);
    ck_assert_uint_eq(count(svg, "risk-n"), 0);
    ck_assert_ptr_null(strstr(svg, "No. at risk"));
    free(svg);

    free(t);
    free(r);
    free(xl);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_risk_table_weighted)
{
    static const double t3[] = { 2, 5, 7 };
    static const int e3[] = { 1, 1, 0 };
    static const double w3[] = { 1.5, 1.5, 1.5 };
    isurv_km *fit;
    isurv_plot *plot;
    struct elem *r = malloc(MAXE * sizeof *r);
    char *svg;

    ck_assert_int_eq(isurv_km_fit(&fit, t3, e3, 3, w3, NULL, NULL, NULL), ISURV_OK);
    plot = new_plot(fit);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 8, 4), ISURV_OK);
    svg = render(plot);
    /* Weights 1.5 each: 3 x 1.5 = 4.5 at risk at 0; at 4 the times 5 and
     * 7 remain, 2 x 1.5 = 3; none at 8. */
    ck_assert_uint_eq(elems(svg, "risk-n", r, MAXE), 3);
    ck_assert_str_eq(r[0].text, "4.5");
    ck_assert_str_eq(r[1].text, "3");
    ck_assert_str_eq(r[2].text, "0");
    free(svg);
    free(r);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_legend)
{
    static const double tn[] = { 1, 2, 3, 4, 5 };
    static const int en[] = { 1, 0, 0, 0, 0 };
    isurv_km *fit = aml_fit(1), *nr;
    isurv_plot *plot = new_plot(fit), *pn;
    struct elem *e = malloc(MAXE * sizeof *e);
    char *svg;

    ck_assert_int_eq(isurv_plot_set_curve_name(plot, 0, "Nonmaintained"), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_curve_name(plot, 1, "Maintained"), ISURV_OK);
    svg = render(plot);
    ck_assert_uint_eq(elems(svg, "legend-name", e, MAXE), 2);
    ck_assert_str_eq(e[0].text, "Nonmaintained");
    ck_assert_str_eq(e[1].text, "Maintained");
    ck_assert_uint_eq(elems(svg, "legend-n", e, MAXE), 2);
    ck_assert_str_eq(e[0].text, "12");
    ck_assert_str_eq(e[1].text, "11");
    /* R: medians 23 (Nonmaintained) and 31 (Maintained), one decimal. */
    ck_assert_uint_eq(elems(svg, "legend-median", e, MAXE), 2);
    ck_assert_str_eq(e[0].text, "23.0");
    ck_assert_str_eq(e[1].text, "31.0");
    ck_assert_uint_eq(elems(svg, "legend-swatch", e, MAXE), 2);
    ck_assert_str_ne(e[0].stroke, e[1].stroke);
    ck_assert_uint_eq(elems(svg, "risk-name", e, MAXE), 2);
    ck_assert_str_eq(e[1].text, "Maintained");
    free(svg);

    ck_assert_int_eq(isurv_plot_set_digits(plot, 0), ISURV_OK);
    svg = render(plot);
    elems(svg, "legend-median", e, MAXE);
    ck_assert_str_eq(e[0].text, "23");
    ck_assert_str_eq(e[1].text, "31");
    free(svg);

    /* NULL restores the default name. */
    ck_assert_int_eq(isurv_plot_set_curve_name(plot, 1, NULL), ISURV_OK);
    svg = render(plot);
    elems(svg, "legend-name", e, MAXE);
    ck_assert_str_eq(e[1].text, "Group 1");
    free(svg);

    ck_assert_int_eq(isurv_plot_set_legend(plot, ISURV_LEGEND_NONE), ISURV_OK);
    svg = render(plot);
    ck_assert_uint_eq(count(svg, "legend-name"), 0);
    free(svg);

    /* S = 4/5 at the end: the median is not reached. */
    ck_assert_int_eq(isurv_km_fit(&nr, tn, en, 5, NULL, NULL, NULL, NULL), ISURV_OK);
    pn = new_plot(nr);
    svg = render(pn);
    ck_assert_uint_eq(elems(svg, "legend-median", e, MAXE), 1);
    ck_assert_str_eq(e[0].text, "NR");
    ck_assert_uint_eq(elems(svg, "legend-name", e, MAXE), 1);
    ck_assert_str_eq(e[0].text, "All");
    free(svg);

    free(e);
    isurv_plot_free(pn);
    isurv_plot_free(plot);
    isurv_km_free(nr);
    isurv_km_free(fit);
}
END_TEST

static int rect_hits_path(double x0, double y0, double x1, double y1,
                          const char *d)
{
    double px[256], py[256];
    size_t n = path_points(d, px, py, 256), i;

    for (i = 0; i + 1 < n; i++) {
        double ax = fmin(px[i], px[i + 1]), bx = fmax(px[i], px[i + 1]);
        double ay = fmin(py[i], py[i + 1]), by = fmax(py[i], py[i + 1]);
        if (ax <= x1 && bx >= x0 && ay <= y1 && by >= y0)
            return 1;
    }
    return 0;
}

START_TEST(test_legend_placement)
{
    /* Everyone dies by t = 3: the curve hugs the left and bottom edges,
     * so the top right corner is free. */
    static const double t5[] = { 1, 1, 2, 3, 3 };
    static const int e5[] = { 1, 1, 1, 1, 1 };
    isurv_km *fit, *aml = aml_fit(1);
    isurv_plot *plot, *pa;
    struct elem *e = malloc(MAXE * sizeof *e);
    char *svg, buf[32];
    const char *box;
    double bx, by, bw, bh, top;
    size_t i, n;

    ck_assert_int_eq(isurv_km_fit(&fit, t5, e5, 5, NULL, NULL, NULL, NULL), ISURV_OK);
    plot = new_plot(fit);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 10, 2), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_annotation(plot, "hello"), ISURV_OK);
    svg = render(plot);
    box = strstr(svg, "class=\"legend-box\"");
    ck_assert_ptr_nonnull(box);
    attr(box, strchr(box, '>'), "x", buf, sizeof buf);
    bx = num(buf);
    attr(box, strchr(box, '>'), "y", buf, sizeof buf);
    by = num(buf);
    attr(box, strchr(box, '>'), "width", buf, sizeof buf);
    bw = num(buf);
    attr(box, strchr(box, '>'), "height", buf, sizeof buf);
    bh = num(buf);
    n = elems(svg, "km-curve", e, MAXE);
    for (i = 0; i < n; i++)
        ck_assert(!rect_hits_path(bx, by, bx + bw, by + bh, e[i].d));
    ck_assert_uint_eq(elems(svg, "annotation", e, MAXE), 1);
    ck_assert_str_eq(e[0].text, "hello");
    ck_assert(num(e[0].y) > by && num(e[0].y) < by + bh);
    free(svg);

    /* aml with bands: no corner is free, so the legend goes above. */
    pa = new_plot(aml);
    ck_assert_int_eq(isurv_plot_set_conf_bands(pa, 1), ISURV_OK);
    svg = render(pa);
    ck_assert_ptr_null(strstr(svg, "legend-box"));
    elems(svg, "y-tick-label", e, MAXE);
    top = num(e[5].y);
    ck_assert_uint_eq(elems(svg, "legend-name", e, MAXE), 2);
    ck_assert(num(e[1].y) < top - 10);
    free(svg);

    /* Explicit places outside the plot area. */
    ck_assert_int_eq(isurv_plot_set_legend(pa, ISURV_LEGEND_RIGHT), ISURV_OK);
    svg = render(pa);
    ck_assert_ptr_null(strstr(svg, "legend-box"));
    {
        const char *ax = strstr(svg, "class=\"x-axis\"");
        attr(ax, strchr(ax, '>'), "x2", buf, sizeof buf);
    }
    ck_assert_uint_eq(elems(svg, "legend-name", e, MAXE), 2);
    ck_assert(num(e[0].x) > num(buf));
    elems(svg, "y-tick-label", e, MAXE);
    top = num(e[5].y);
    elems(svg, "legend-name", e, MAXE);
    ck_assert(num(e[0].y) > top - 15);
    free(svg);
    ck_assert_int_eq(isurv_plot_set_legend(pa, ISURV_LEGEND_ABOVE), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_conf_bands(pa, 0), ISURV_OK);
    svg = render(pa);
    ck_assert_ptr_null(strstr(svg, "legend-box"));
    elems(svg, "y-tick-label", e, MAXE);
    top = num(e[5].y);
    elems(svg, "legend-name", e, MAXE);
    ck_assert(num(e[1].y) < top - 10);
    free(svg);
    ck_assert_int_eq(isurv_plot_set_conf_bands(pa, 1), ISURV_OK);

    /* An explicit corner is honoured even where it covers a curve. */
    ck_assert_int_eq(isurv_plot_set_legend(pa, ISURV_LEGEND_BOTTOMLEFT), ISURV_OK);
    svg = render(pa);
    ck_assert_ptr_nonnull(strstr(svg, "legend-box"));
    free(svg);

    free(e);
    isurv_plot_free(pa);
    isurv_plot_free(plot);
    isurv_km_free(aml);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_colours)
{
    static const double t7[] = { 1, 2, 3, 4, 5, 6, 7 };
    static const int e7[] = { 1, 1, 1, 1, 1, 1, 1 };
    static const int g7[] = { 0, 1, 2, 3, 4, 5, 6 };
    isurv_km *fit;
    isurv_plot *plot;
    struct elem *e = malloc(MAXE * sizeof *e);
    char *svg;
    size_t i, j;

    ck_assert_int_eq(isurv_km_fit(&fit, t7, e7, 7, NULL, NULL, g7, NULL), ISURV_OK);
    plot = new_plot(fit);
    ck_assert_int_eq(isurv_plot_set_size(plot, 900, 900), ISURV_OK);
    svg = render(plot);
    ck_assert_uint_eq(elems(svg, "km-curve", e, MAXE), 7);
    for (i = 0; i < 7; i++)
        for (j = i + 1; j < 7; j++) {
            ck_assert_str_ne(e[i].stroke, e[j].stroke);
            if (j < 6)
                ck_assert_str_ne(e[i].dash, e[j].dash);
        }
    /* Okabe-Ito blue first. */
    ck_assert_str_eq(e[0].stroke, "#0072B2");
    free(svg);

    ck_assert_int_eq(isurv_plot_set_curve_color(plot, 3, "#aB12cd"), ISURV_OK);
    svg = render(plot);
    elems(svg, "km-curve", e, MAXE);
    ck_assert_str_eq(e[3].stroke, "#aB12cd");
    free(svg);
    ck_assert_int_eq(isurv_plot_set_curve_color(plot, 3, NULL), ISURV_OK);
    svg = render(plot);
    elems(svg, "km-curve", e, MAXE);
    ck_assert_str_ne(e[3].stroke, "#aB12cd");
    free(svg);

    free(e);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_escaping)
{
    isurv_km *fit = aml_fit(1);
    isurv_plot *plot = new_plot(fit);
    struct elem *e = malloc(MAXE * sizeof *e);
    char *svg;

    ck_assert_int_eq(isurv_plot_set_title(plot, "<a & b> \"c\" 'd'"), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_curve_name(plot, 0, "A&B"), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_curve_name(plot, 1, "\xc3\xa9tude <2>"), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_axis_labels(plot, "x<", "y>"), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_annotation(plot, "P < .05 & more"), ISURV_OK);
    svg = render(plot);
    ck_assert_ptr_nonnull(strstr(svg,
        ">&lt;a &amp; b&gt; &quot;c&quot; &apos;d&apos;</text>"));
    ck_assert_ptr_null(strstr(svg, "<a & b>"));
    ck_assert_uint_eq(count(svg, ">A&amp;B</text>"), 2);      /* legend, risk */
    ck_assert_uint_eq(count(svg, ">\xc3\xa9tude &lt;2&gt;</text>"), 2);
    ck_assert_ptr_nonnull(strstr(svg, ">x&lt;</text>"));
    ck_assert_ptr_nonnull(strstr(svg, ">y&gt;</text>"));
    ck_assert_ptr_nonnull(strstr(svg, ">P &lt; .05 &amp; more</text>"));
    /* Every '&' in the document starts an entity. */
    {
        const char *p = svg;
        while ((p = strchr(p, '&')) != NULL) {
            ck_assert(strncmp(p, "&amp;", 5) == 0 || strncmp(p, "&lt;", 4) == 0
                      || strncmp(p, "&gt;", 4) == 0 || strncmp(p, "&quot;", 6) == 0
                      || strncmp(p, "&apos;", 6) == 0);
            p++;
        }
    }
    ck_assert_uint_eq(elems(svg, "title", e, MAXE), 1);
    free(svg);

    /* Empty labels leave the axis unlabelled; NULL restores defaults. */
    ck_assert_int_eq(isurv_plot_set_axis_labels(plot, "", ""), ISURV_OK);
    svg = render(plot);
    ck_assert_ptr_null(strstr(svg, "x-label"));
    ck_assert_ptr_null(strstr(svg, "y-label"));
    free(svg);
    ck_assert_int_eq(isurv_plot_set_axis_labels(plot, NULL, NULL), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_title(plot, NULL), ISURV_OK);
    svg = render(plot);
    ck_assert_ptr_nonnull(strstr(svg, ">Time</text>"));
    ck_assert_ptr_nonnull(strstr(svg, ">Survival probability</text>"));
    ck_assert_ptr_null(strstr(svg, "<title>"));
    free(svg);

    free(e);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_pvalue)
{
    static const struct {
        const char *label;
        double p;
        const char *text;
    } cases[] = {
        { NULL, 0.06533932204, "Log-rank P = .07" },
        { NULL, 0.48, "Log-rank P = .48" },
        { NULL, 0.0004, "Log-rank P &lt; .001" },
        { NULL, 0.0, "Log-rank P &lt; .001" },
        { NULL, 0.004, "Log-rank P = .004" },
        { NULL, 0.0096, "Log-rank P = .01" },   /* not .010 */
        { NULL, 0.995, "Log-rank P &gt; .99" },
        { NULL, 1.0, "Log-rank P &gt; .99" },
        { "", 0.48, "P = .48" },
        { "Stratified log-rank", 0.021, "Stratified log-rank P = .02" },
    };
    isurv_km *fit = aml_fit(1);
    isurv_plot *plot = new_plot(fit);
    struct elem *e = malloc(MAXE * sizeof *e);
    size_t i;

    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *svg;
        ck_assert_int_eq(isurv_plot_set_pvalue(plot, cases[i].label, cases[i].p),
                         ISURV_OK);
        svg = render(plot);
        ck_assert_uint_eq(elems(svg, "annotation", e, MAXE), 1);
        ck_assert_str_eq(e[0].text, cases[i].text);
        free(svg);
    }
    ck_assert_int_eq(isurv_plot_set_pvalue(plot, NULL, NAN), ISURV_EPROB);
    ck_assert_int_eq(isurv_plot_set_pvalue(plot, NULL, -0.01), ISURV_EPROB);
    ck_assert_int_eq(isurv_plot_set_pvalue(plot, NULL, 1.01), ISURV_EPROB);
    ck_assert_int_eq(isurv_plot_set_pvalue(plot, "\xff", 0.5), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_pvalue(NULL, NULL, 0.5), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_annotation(plot, NULL), ISURV_OK);
    {
        char *svg = render(plot);
        ck_assert_ptr_null(strstr(svg, "annotation"));
        free(svg);
    }
    free(e);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_buffer_protocol)
{
    isurv_km *fit = aml_fit(1);
    isurv_plot *plot = new_plot(fit);
    char *full = render(plot), *buf, small[2] = { 'x', 'y' };
    size_t need = 0, len = strlen(full);

    buf = malloc(len + 1);
    /* One byte short: truncated, terminated, and the full size reported. */
    memset(buf, '#', len + 1);
    ck_assert_int_eq(isurv_plot_svg(plot, buf, len, &need), ISURV_EBUFFER);
    ck_assert_uint_eq(need, len + 1);
    ck_assert_uint_eq(strlen(buf), len - 1);
    ck_assert(memcmp(buf, full, len - 1) == 0);
    /* Exactly enough, with needed optional. */
    ck_assert_int_eq(isurv_plot_svg(plot, buf, len + 1, NULL), ISURV_OK);
    ck_assert_str_eq(buf, full);
    /* len 1 holds only the NUL; len 0 writes nothing. */
    ck_assert_int_eq(isurv_plot_svg(plot, small, 1, &need), ISURV_EBUFFER);
    ck_assert_int_eq(small[0], '\0');
    ck_assert_int_eq(small[1], 'y');
    small[0] = 'x';
    ck_assert_int_eq(isurv_plot_svg(plot, small, 0, &need), ISURV_EBUFFER);
    ck_assert_int_eq(small[0], 'x');
    ck_assert_uint_eq(need, len + 1);
    /* Bad pointers. */
    ck_assert_int_eq(isurv_plot_svg(NULL, buf, len + 1, &need), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_svg(plot, NULL, 10, &need), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_svg(plot, NULL, 0, NULL), ISURV_ENULL);
    /* The document is well-formed at both ends. */
    ck_assert(strncmp(full, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ", 44) == 0);
    ck_assert_str_eq(full + len - 7, "</svg>\n");
    free(buf);
    free(full);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_determinism)
{
    isurv_km *fit = aml_fit(1), *fit2 = aml_fit(1);
    isurv_plot *a = new_plot(fit), *b = new_plot(fit2);
    char *s1, *s2, *s3;

    ck_assert_int_eq(isurv_plot_set_conf_bands(a, 1), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_conf_bands(b, 1), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_pvalue(a, NULL, 0.065), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_pvalue(b, NULL, 0.065), ISURV_OK);
    s1 = render(a);
    s2 = render(a);
    s3 = render(b);
    ck_assert_str_eq(s1, s2);
    ck_assert_str_eq(s1, s3);
    /* No number is written with a decimal comma or in exponent form. */
    ck_assert_ptr_null(strstr(s1, "e+"));
    ck_assert_ptr_null(strstr(s1, "e-0"));
    ck_assert_ptr_null(strstr(s1, "nan"));
    ck_assert_ptr_null(strstr(s1, "NaN"));
    ck_assert_ptr_null(strstr(s1, "Inf"));
    free(s1);
    free(s2);
    free(s3);
    isurv_plot_free(a);
    isurv_plot_free(b);
    isurv_km_free(fit);
    isurv_km_free(fit2);
}
END_TEST

START_TEST(test_size)
{
    isurv_km *fit = aml_fit(1);
    isurv_plot *plot = new_plot(fit);
    char *svg;

    svg = render(plot);
    ck_assert_ptr_nonnull(strstr(svg, "width=\"720\" height=\"560\" viewBox=\"0 0 720 560\""));
    free(svg);
    ck_assert_int_eq(isurv_plot_set_size(plot, 1000.5, 700), ISURV_OK);
    svg = render(plot);
    ck_assert_ptr_nonnull(strstr(svg, "width=\"1000.5\" height=\"700\" viewBox=\"0 0 1000.5 700\""));
    free(svg);
    ck_assert_int_eq(isurv_plot_set_size(plot, 120, 120), ISURV_OK);
    /* 120 px cannot hold a plot area above a two-row risk table and a
     * legend: refused rather than drawn overlapping. */
    ck_assert_int_eq(isurv_plot_svg(plot, NULL, 0, &(size_t){ 0 }), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_risk_table(plot, 0), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_legend(plot, ISURV_LEGEND_NONE), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_axis_labels(plot, "", ""), ISURV_OK);
    svg = render(plot);
    free(svg);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_write_svg)
{
    isurv_km *fit = aml_fit(1);
    isurv_plot *plot = new_plot(fit);
    char *svg = render(plot), *back;
    const char *path = "check_plot_write.tmp.svg";
    FILE *f;
    long n;

    ck_assert_int_eq(isurv_plot_write_svg(NULL, "x.svg"), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_write_svg(plot, NULL), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_write_svg(plot, "/nonexistent-dir/x/y.svg"),
                     ISURV_EIO);
    ck_assert_int_eq(isurv_plot_write_svg(plot, path), ISURV_OK);
    f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    rewind(f);
    ck_assert_int_eq(n, (long)strlen(svg));
    back = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(back, 1, (size_t)n, f), (size_t)n);
    back[n] = '\0';
    fclose(f);
    remove(path);
    ck_assert_str_eq(back, svg);
    free(back);
    free(svg);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

START_TEST(test_bad_input)
{
    static const char *const bad_text[] = {
        "\xff", "a\nb", "tab\there", "\xc0\x80", "\xed\xa0\x80",
        "\xef\xbf\xbe", "\xf4\x90\x80\x80", "\xe2\x82", "\x7f\x01"
    };
    isurv_km *fit = aml_fit(1);
    isurv_plot *plot = new_plot(fit);
    struct elem *e = malloc(MAXE * sizeof *e);
    char *before, *after;
    size_t i;

    ck_assert_int_eq(isurv_plot_set_title(plot, "Kept"), ISURV_OK);
    ck_assert_int_eq(isurv_plot_set_curve_name(plot, 0, "Zero"), ISURV_OK);
    before = render(plot);

    ck_assert_int_eq(isurv_plot_set_title(NULL, "t"), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_axis_labels(NULL, "x", "y"), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_curve_name(NULL, 0, "n"), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_curve_color(NULL, 0, "#000000"), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_xaxis(NULL, 0, 0), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_percent(NULL, 1), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_conf_bands(NULL, 1), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_censor_marks(NULL, 1), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_risk_table(NULL, 1), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_legend(NULL, 0), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_digits(NULL, 1), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_annotation(NULL, "a"), ISURV_ENULL);
    ck_assert_int_eq(isurv_plot_set_size(NULL, 500, 500), ISURV_ENULL);

    ck_assert_int_eq(isurv_plot_set_curve_name(plot, 2, "n"), ISURV_EINDEX);
    ck_assert_int_eq(isurv_plot_set_curve_name(plot, (size_t)-1, "n"), ISURV_EINDEX);
    ck_assert_int_eq(isurv_plot_set_curve_color(plot, 2, "#000000"), ISURV_EINDEX);

    ck_assert_int_eq(isurv_plot_set_curve_color(plot, 0, "red"), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_curve_color(plot, 0, "#12345"), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_curve_color(plot, 0, "#1234567"), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_curve_color(plot, 0, "#12G456"), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_curve_color(plot, 0, "\"/><x"), ISURV_EARG);

    ck_assert_int_eq(isurv_plot_set_xaxis(plot, NAN, 0), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 0, NAN), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, -1, 0), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 0, -5), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, INFINITY, 0), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 0, INFINITY), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 1000, 0.5), ISURV_EARG);

    ck_assert_int_eq(isurv_plot_set_size(plot, NAN, 500), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_size(plot, 500, NAN), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_size(plot, 0, 500), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_size(plot, -600, 500), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_size(plot, 119, 500), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_size(plot, 500, INFINITY), ISURV_EARG);
    ck_assert_int_eq(isurv_plot_set_size(plot, 20001, 500), ISURV_EARG);

    ck_assert_int_eq(isurv_plot_set_percent(plot, 2), ISURV_EOPTION);
    ck_assert_int_eq(isurv_plot_set_conf_bands(plot, -1), ISURV_EOPTION);
    ck_assert_int_eq(isurv_plot_set_risk_table(plot, 7), ISURV_EOPTION);
    ck_assert_int_eq(isurv_plot_set_censor_marks(plot, 3), ISURV_EOPTION);
    ck_assert_int_eq(isurv_plot_set_censor_marks(plot, -1), ISURV_EOPTION);
    ck_assert_int_eq(isurv_plot_set_legend(plot, 7), ISURV_EOPTION);
    ck_assert_int_eq(isurv_plot_set_legend(plot, -1), ISURV_EOPTION);
    ck_assert_int_eq(isurv_plot_set_digits(plot, 7), ISURV_EOPTION);
    ck_assert_int_eq(isurv_plot_set_digits(plot, -1), ISURV_EOPTION);

    /* Text that would make the document ill-formed. */
    for (i = 0; i < sizeof bad_text / sizeof bad_text[0]; i++) {
        ck_assert_int_eq(isurv_plot_set_title(plot, bad_text[i]), ISURV_EARG);
        ck_assert_int_eq(isurv_plot_set_annotation(plot, bad_text[i]), ISURV_EARG);
        ck_assert_int_eq(isurv_plot_set_curve_name(plot, 0, bad_text[i]), ISURV_EARG);
        ck_assert_int_eq(isurv_plot_set_axis_labels(plot, "ok", bad_text[i]), ISURV_EARG);
        ck_assert_int_eq(isurv_plot_set_axis_labels(plot, bad_text[i], "ok"), ISURV_EARG);
    }

    /* Nothing failed changed the plot. */
    after = render(plot);
    ck_assert_str_eq(after, before);
    ck_assert_uint_eq(elems(after, "title", e, MAXE), 1);
    ck_assert_str_eq(e[0].text, "Kept");
    free(before);
    free(after);
    free(e);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

/* Times at the ends of the double range: a figure or ISURV_EARG, never a
 * hang, a crash or a number printf would have mangled. */
START_TEST(test_extreme_times)
{
    static const double big[] = { 1e300, 1.7e308 }, tiny[] = { 1e-310, 3e-310 },
                        mid[] = { 1e20, 3e20 };
    static const int ev[] = { 1, 0 };
    const double *sets[] = { big, tiny, mid };
    size_t i;

    for (i = 0; i < 3; i++) {
        isurv_km *fit;
        isurv_plot *plot;
        size_t need = 0;
        int rc;

        ck_assert_int_eq(isurv_km_fit(&fit, sets[i], ev, 2, NULL, NULL, NULL, NULL),
                         ISURV_OK);
        plot = new_plot(fit);
        rc = isurv_plot_svg(plot, NULL, 0, &need);
        ck_assert(rc == ISURV_OK || rc == ISURV_EARG);
        if (rc == ISURV_OK) {
            char *svg = render(plot);
            ck_assert_ptr_null(strstr(svg, "Inf"));
            ck_assert_ptr_null(strstr(svg, "NaN"));
            free(svg);
        }
        isurv_plot_free(plot);
        isurv_km_free(fit);
    }
}
END_TEST

/* ------------------------------------------------ found by fuzzing */

/* fuzz/corpus/fuzz_plot/regress-axis-subnormal: a curve whose last time
 * is 2.2e-322 made the automatic axis take log10 of a span / 100 that had
 * underflowed to 0, and convert -Inf to int (undefined behaviour, which
 * UBSan reports; a plain build happened to recover).  The smallest
 * subnormals and the largest doubles must render or be refused with
 * ISURV_EARG, without NaN or Inf in the figure. */
START_TEST(test_subnormal_axis)
{
    static const double times[] = { 2.2232954062856094e-322,
                                    4.9406564584124654e-324, DBL_MAX };
    static const int ev[] = { 0, 1 };
    size_t i, k;

    for (i = 0; i < 3; i++)
        for (k = 0; k < 2; k++) {
            double t = times[i];
            isurv_km *fit;
            isurv_plot *plot;
            size_t need = 0;
            int rc;

            ck_assert_int_eq(isurv_km_fit(&fit, &t, &ev[k], 1, NULL, NULL, NULL,
                                          NULL), ISURV_OK);
            plot = new_plot(fit);
            rc = isurv_plot_svg(plot, NULL, 0, &need);
            ck_assert_msg(rc == ISURV_OK || rc == ISURV_EARG, "time %g: %d", t, rc);
            if (rc == ISURV_OK) {
                char *svg = render(plot);
                ck_assert_ptr_null(strstr(svg, "Inf"));
                ck_assert_ptr_null(strstr(svg, "NaN"));
                free(svg);
            }
            isurv_plot_free(plot);
            isurv_km_free(fit);
        }
}
END_TEST

/* fuzz/corpus/fuzz_plot/regress-sci-subnormal: tick labels of a time
 * axis set to subnormal steps were written with 10^-324, which underflows
 * to 0: the mantissa became Inf and its conversion to int undefined (in a
 * plain build, garbage digits).  Ticks at k * DBL_TRUE_MIN read as
 * 4.941e-324 (DBL_TRUE_MIN = 4.9406564584124654e-324) and 9.881e-324. */
START_TEST(test_sci_subnormal_ticks)
{
    const double t = 55.0;
    const int ev = 1;
    isurv_km *fit;
    isurv_plot *plot;
    char *svg;

    ck_assert_int_eq(isurv_km_fit(&fit, &t, &ev, 1, NULL, NULL, NULL, NULL), ISURV_OK);
    plot = new_plot(fit);
    ck_assert_int_eq(isurv_plot_set_xaxis(plot, 2e-323, 4.9406564584124654e-324),
                     ISURV_OK);
    svg = render(plot);
    ck_assert_ptr_nonnull(strstr(svg, ">4.941e-324</text>"));
    ck_assert_ptr_nonnull(strstr(svg, ">9.881e-324</text>"));
    free(svg);
    isurv_plot_free(plot);
    isurv_km_free(fit);
}
END_TEST

static void add_fuzz_regressions(Suite *s)
{
    TCase *tf = tcase_create("fuzz_regressions");

    tcase_add_test(tf, test_subnormal_axis);
    tcase_add_test(tf, test_sci_subnormal_ticks);
    suite_add_tcase(s, tf);
}

static Suite *plot_suite(void)
{
    Suite *s = suite_create("plot");
    TCase *tc = tcase_create("structure");
    TCase *tb = tcase_create("protocol");

    tcase_add_test(tc, test_new_and_free);
    tcase_add_test(tc, test_one_path_per_curve);
    tcase_add_test(tc, test_curve_geometry);
    tcase_add_test(tc, test_ticks);
    tcase_add_test(tc, test_risk_table);
    tcase_add_test(tc, test_risk_table_weighted);
    tcase_add_test(tc, test_legend);
    tcase_add_test(tc, test_legend_placement);
    tcase_add_test(tc, test_colours);
    tcase_add_test(tc, test_escaping);
    tcase_add_test(tc, test_pvalue);
    tcase_add_test(tc, test_extreme_times);
    suite_add_tcase(s, tc);
    tcase_add_test(tb, test_buffer_protocol);
    tcase_add_test(tb, test_determinism);
    tcase_add_test(tb, test_size);
    tcase_add_test(tb, test_write_svg);
    tcase_add_test(tb, test_bad_input);
    suite_add_tcase(s, tb);

    add_fuzz_regressions(s);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(plot_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
