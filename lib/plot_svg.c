/* Drawing a laid-out Kaplan-Meier figure as SVG, and the two ways of
 * getting it out: a caller's buffer (snprintf protocol) or a file.
 *
 * Every element carries a class (and data-curve for per-curve parts) so
 * that tests and style sheets can find it; numbers go through numfmt, so
 * the bytes depend on nothing but the fit and the settings. */
#include <stdio.h>
#include <string.h>

#include "alloc.h"
#include "km.h"
#include "numfmt.h"
#include "plot.h"
#include "plot_geom.h"
#include "svgbuf.h"

#define FONT_FAMILY "Helvetica, Arial, Liberation Sans, Nimbus Sans, sans-serif"

/* Dash patterns in units of the scale, cycled with a period (6) prime to
 * the palette's (7), so the first 42 curves differ in colour or dash. */
static const double dashes[6][4] = {
    { 0, 0, 0, 0 }, { 7, 4, 0, 0 }, { 2, 3, 0, 0 },
    { 9, 3, 2, 3 }, { 4, 4, 0, 0 }, { 12, 4, 0, 0 }
};

static void dash_attr(struct isurv_svgbuf *b, size_t c, double s)
{
    const double *d = dashes[c % 6];
    int i;

    if (d[0] == 0.0)
        return;
    isurv_svgbuf_put(b, " stroke-dasharray=\"");
    for (i = 0; i < 4 && d[i] > 0.0; i++)
        isurv_svgbuf_printf(b, i ? " %g" : "%g", d[i] * s);
    isurv_svgbuf_put(b, "\"");
}

static void draw_bands(struct isurv_svgbuf *b, const struct plot_layout *lay,
                       const struct isurv_plot *p, double *t0, double *t1,
                       double *lo, double *hi, int *run)
{
    size_t c, n, i, j;

    for (c = 0; c < p->ncurves; c++) {
        n = isurv_geom_band(p->fit, c, lay->xmax, t0, t1, lo, hi, run);
        if (n == 0)
            continue;
        isurv_svgbuf_printf(b, "<path class=\"km-band\" data-curve=\"%u\" d=\"",
                            c);
        /* Each run: the upper limits left to right, the lower back. */
        for (i = 0; i < n; i = j) {
            for (j = i + 1; j < n && !run[j] && t0[j] == t1[j - 1]; j++)
                ;
            isurv_svgbuf_printf(b, "M%g %g", isurv_plot_x(lay, t0[i]),
                                isurv_plot_y(lay, hi[i]));
            for (size_t k = i; k < j; k++) {
                if (k > i)
                    isurv_svgbuf_printf(b, "V%g", isurv_plot_y(lay, hi[k]));
                isurv_svgbuf_printf(b, "H%g", isurv_plot_x(lay, t1[k]));
            }
            for (size_t k = j; k-- > i;) {
                isurv_svgbuf_printf(b, "V%g", isurv_plot_y(lay, lo[k]));
                isurv_svgbuf_printf(b, "H%g", isurv_plot_x(lay, t0[k]));
            }
            isurv_svgbuf_put(b, "Z");
        }
        isurv_svgbuf_printf(b, "\" fill=\"%s\" fill-opacity=\"0.18\" stroke=\"none\"/>\n",
                            lay->curve[c].color);
    }
}

static void draw_axes(struct isurv_svgbuf *b, const struct plot_layout *lay,
                      const struct isurv_plot *p)
{
    char num[ISURV_NUMFMT_MAX];
    double s = lay->s, tl = 5.0 * s;
    size_t k;
    int i;

    isurv_svgbuf_printf(b, "<g class=\"axes\" stroke=\"#000000\" stroke-width=\"%g\" "
                        "stroke-linecap=\"square\" fill=\"none\">\n", 1.0 * s);
    isurv_svgbuf_printf(b, "<line class=\"x-axis\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n",
                        lay->left, lay->bottom, lay->right, lay->bottom);
    isurv_svgbuf_printf(b, "<line class=\"y-axis\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n",
                        lay->left, lay->bottom, lay->left, lay->top);
    for (k = 0; k < lay->nticks; k++) {
        double x = isurv_plot_x(lay, lay->tick[k]);
        isurv_svgbuf_printf(b, "<line class=\"x-tick\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n",
                            x, lay->bottom, x, lay->bottom + tl);
    }
    for (i = 0; i <= 5; i++) {
        double y = isurv_plot_y(lay, i / 5.0);
        isurv_svgbuf_printf(b, "<line class=\"y-tick\" x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\"/>\n",
                            lay->left - tl, y, lay->left, y);
    }
    isurv_svgbuf_put(b, "</g>\n");

    isurv_svgbuf_printf(b, "<g class=\"tick-labels\" font-size=\"%g\" fill=\"#000000\">\n",
                        lay->fs_tick);
    for (k = 0; k < lay->nticks; k++)
        isurv_svgbuf_printf(b, "<text class=\"x-tick-label\" x=\"%g\" y=\"%g\" "
                            "text-anchor=\"middle\">%s</text>\n",
                            isurv_plot_x(lay, lay->tick[k]), lay->ticklab_y,
                            isurv_plot_tick_label(num, lay->tick[k], lay->step));
    for (i = 0; i <= 5; i++)
        isurv_svgbuf_printf(b, "<text class=\"y-tick-label\" x=\"%g\" y=\"%g\" "
                            "text-anchor=\"end\">%s</text>\n",
                            lay->left - tl - 4.0 * s,
                            isurv_plot_y(lay, i / 5.0) + lay->fs_tick * 0.35,
                            p->percent ? isurv_fmt_fixed(num, 20.0 * i, 0, 0)
                                       : isurv_fmt_fixed(num, i / 5.0, 1, 0));
    isurv_svgbuf_put(b, "</g>\n");

    if (lay->xlab[0])
        isurv_svgbuf_printf(b, "<text class=\"x-label\" x=\"%g\" y=\"%g\" font-size=\"%g\" "
                            "text-anchor=\"middle\">%t</text>\n",
                            (lay->left + lay->right) / 2.0, lay->xlab_y,
                            lay->fs_xlab, lay->xlab);
    if (lay->ylab[0]) {
        /* Just left of the tick labels, however wide the margin. */
        double x = lay->left - tl - 4.0 * s - lay->ytick_w - 6.0 * s
                 - lay->fs_ylab * 0.25;
        double y = (lay->top + lay->bottom) / 2.0;
        isurv_svgbuf_printf(b, "<text class=\"y-label\" x=\"%g\" y=\"%g\" font-size=\"%g\" "
                            "text-anchor=\"middle\" transform=\"rotate(-90 %g %g)\">%t</text>\n",
                            x, y, lay->fs_ylab, x, y, lay->ylab);
    }
}

static void draw_curves(struct isurv_svgbuf *b, const struct plot_layout *lay,
                        const struct isurv_plot *p, double *xy)
{
    double s = lay->s, h = 4.5 * s;
    size_t c, n, i;

    for (c = 0; c < p->ncurves; c++) {
        n = isurv_geom_curve(p->fit, c, lay->xmax, xy);
        isurv_svgbuf_printf(b, "<path class=\"km-curve\" data-curve=\"%u\" d=\"M%g %g",
                            c, isurv_plot_x(lay, xy[0]), isurv_plot_y(lay, xy[1]));
        /* Steps alternate horizontal and vertical moves. */
        for (i = 1; i < n; i++) {
            if (xy[2 * i + 1] == xy[2 * i - 1])
                isurv_svgbuf_printf(b, "H%g", isurv_plot_x(lay, xy[2 * i]));
            else
                isurv_svgbuf_printf(b, "V%g", isurv_plot_y(lay, xy[2 * i + 1]));
        }
        isurv_svgbuf_printf(b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%g\"",
                            lay->curve[c].color, 2.0 * s);
        dash_attr(b, c, s);
        isurv_svgbuf_put(b, "/>\n");

        if (p->marks == ISURV_MARK_NONE)
            continue;
        n = isurv_geom_censor(p->fit, c, lay->xmax, xy);
        if (n == 0)
            continue;
        isurv_svgbuf_printf(b, "<path class=\"km-censor\" data-curve=\"%u\" d=\"", c);
        for (i = 0; i < n; i++) {
            double x = isurv_plot_x(lay, xy[2 * i]), y = isurv_plot_y(lay, xy[2 * i + 1]);
            isurv_svgbuf_printf(b, "M%g %gv%g", x, y - h, 2.0 * h);
            if (p->marks == ISURV_MARK_PLUS)
                isurv_svgbuf_printf(b, "M%g %gh%g", x - h, y, 2.0 * h);
        }
        isurv_svgbuf_printf(b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"%g\"/>\n",
                            lay->curve[c].color, 1.5 * s);
    }
}

static void draw_block(struct isurv_svgbuf *b, const struct plot_layout *lay,
                       const struct isurv_plot *p)
{
    double x0 = lay->bx + lay->bpad, y = lay->by + lay->bpad;
    double name_x = x0 + lay->bswatch + 0.6 * lay->bgap;
    double n_right = name_x + lay->bname_w + lay->bgap + lay->bn_w;
    double med_right = n_right + lay->bgap + lay->bmed_w;
    double base = lay->brow_h * 0.72;   /* baseline within a row */
    size_t c;

    if (!lay->has_block)
        return;
    isurv_svgbuf_printf(b, "<g class=\"legend\" font-size=\"%g\" fill=\"#000000\">\n",
                        lay->fs_legend);
    if (lay->block_inside)
        isurv_svgbuf_printf(b, "<rect class=\"legend-box\" x=\"%g\" y=\"%g\" width=\"%g\" "
                            "height=\"%g\" fill=\"#ffffff\" fill-opacity=\"0.85\"/>\n",
                            lay->bx, lay->by, lay->bw, lay->bh);
    if (lay->show_rows) {
        isurv_svgbuf_printf(b, "<text class=\"legend-head\" x=\"%g\" y=\"%g\" "
                            "text-anchor=\"end\" font-weight=\"bold\">n</text>\n",
                            n_right, y + base);
        isurv_svgbuf_printf(b, "<text class=\"legend-head\" x=\"%g\" y=\"%g\" "
                            "text-anchor=\"end\" font-weight=\"bold\">Median</text>\n",
                            med_right, y + base);
        y += lay->brow_h;
        for (c = 0; c < p->ncurves; c++, y += lay->brow_h) {
            const struct plot_curve_text *ct = &lay->curve[c];
            double ym = y + base - lay->fs_legend * 0.33;
            isurv_svgbuf_printf(b, "<line class=\"legend-swatch\" data-curve=\"%u\" "
                                "x1=\"%g\" y1=\"%g\" x2=\"%g\" y2=\"%g\" stroke=\"%s\" "
                                "stroke-width=\"%g\"",
                                c, x0, ym, x0 + lay->bswatch, ym, ct->color, 2.0 * lay->s);
            dash_attr(b, c, lay->s);
            isurv_svgbuf_put(b, "/>\n");
            isurv_svgbuf_printf(b, "<text class=\"legend-name\" data-curve=\"%u\" "
                                "x=\"%g\" y=\"%g\">%t</text>\n",
                                c, name_x, y + base, ct->name);
            isurv_svgbuf_printf(b, "<text class=\"legend-n\" data-curve=\"%u\" x=\"%g\" "
                                "y=\"%g\" text-anchor=\"end\">%s</text>\n",
                                c, n_right, y + base, ct->n);
            isurv_svgbuf_printf(b, "<text class=\"legend-median\" data-curve=\"%u\" "
                                "x=\"%g\" y=\"%g\" text-anchor=\"end\">%s</text>\n",
                                c, med_right, y + base, ct->median);
        }
    }
    if (p->annotation)
        isurv_svgbuf_printf(b, "<text class=\"annotation\" x=\"%g\" y=\"%g\">%t</text>\n",
                            x0, y + base, p->annotation);
    isurv_svgbuf_put(b, "</g>\n");
}

static void draw_risk_table(struct isurv_svgbuf *b, const struct plot_layout *lay,
                            const struct isurv_plot *p)
{
    char num[ISURV_NUMFMT_MAX];
    size_t c, k;

    if (!p->risk_table || p->ncurves == 0)
        return;
    isurv_svgbuf_printf(b, "<g class=\"risk-table\" font-size=\"%g\" fill=\"#000000\">\n",
                        lay->fs_risk);
    isurv_svgbuf_printf(b, "<text class=\"risk-title\" x=\"%g\" y=\"%g\" "
                        "font-weight=\"bold\">No. at risk</text>\n",
                        lay->pad, lay->risk_head_y);
    for (c = 0; c < p->ncurves; c++) {
        double y = lay->risk_head_y + (double)(c + 1) * lay->risk_row_h;
        isurv_svgbuf_printf(b, "<text class=\"risk-name\" data-curve=\"%u\" x=\"%g\" "
                            "y=\"%g\" font-size=\"%g\" fill=\"%s\">%t</text>\n",
                            c, lay->pad, y, lay->fs_rname, lay->curve[c].color,
                            lay->curve[c].name);
        /* Same x as the tick labels above, so the columns line up. */
        for (k = 0; k < lay->nticks; k++) {
            isurv_plot_format_count(num, lay->nrisk[c * lay->nticks + k]);
            isurv_svgbuf_printf(b, "<text class=\"risk-n\" data-curve=\"%u\" x=\"%g\" "
                                "y=\"%g\" text-anchor=\"middle\">%s</text>\n",
                                c, isurv_plot_x(lay, lay->tick[k]), y, num);
        }
    }
    isurv_svgbuf_put(b, "</g>\n");
}

static int render(struct isurv_svgbuf *b, const struct isurv_plot *p)
{
    struct plot_layout lay;
    struct isurv_geom_scratch sc;
    int rc;

    if ((rc = isurv_plot_layout(&lay, p)) != ISURV_OK)
        return rc;
    if ((rc = isurv_geom_scratch_init(&sc, p->fit)) != ISURV_OK) {
        isurv_plot_layout_clear(&lay);
        return rc;
    }
    isurv_svgbuf_put(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    isurv_svgbuf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" "
                        "width=\"%g\" height=\"%g\" viewBox=\"0 0 %g %g\" "
                        "font-family=\"%s\">\n",
                        lay.W, lay.H, lay.W, lay.H, FONT_FAMILY);
    if (p->title)
        isurv_svgbuf_printf(b, "<title>%t</title>\n", p->title);
    isurv_svgbuf_put(b, "<rect class=\"background\" width=\"100%\" height=\"100%\" "
                        "fill=\"#ffffff\"/>\n");
    if (p->title)
        isurv_svgbuf_printf(b, "<text class=\"title\" x=\"%g\" y=\"%g\" font-size=\"%g\" "
                            "font-weight=\"bold\" text-anchor=\"middle\">%t</text>\n",
                            lay.title_x, lay.title_y, lay.fs_title, p->title);
    if (p->bands)
        draw_bands(b, &lay, p, sc.t0, sc.t1, sc.lo, sc.hi, sc.run);
    draw_axes(b, &lay, p);
    draw_curves(b, &lay, p, sc.xy);
    draw_block(b, &lay, p);
    draw_risk_table(b, &lay, p);
    isurv_svgbuf_put(b, "</svg>\n");
    rc = b->failed ? ISURV_ENOMEM : ISURV_OK;
    isurv_geom_scratch_clear(&sc);
    isurv_plot_layout_clear(&lay);
    return rc;
}

int isurv_plot_svg(const isurv_plot *plot, char *buf, size_t len, size_t *needed)
{
    struct isurv_svgbuf b;
    int rc;

    if (!plot || (!buf && len > 0) || (!buf && !needed))
        return ISURV_ENULL;
    isurv_svgbuf_init(&b);
    if ((rc = render(&b, plot)) != ISURV_OK) {
        isurv_svgbuf_clear(&b);
        return rc;
    }
    if (needed)
        *needed = b.len + 1;
    if (!buf) {
        rc = ISURV_OK;   /* a size query */
    } else if (len > b.len) {
        memcpy(buf, b.data, b.len + 1);
        rc = ISURV_OK;
    } else {
        if (len > 0) {
            memcpy(buf, b.data, len - 1);
            buf[len - 1] = '\0';
        }
        rc = ISURV_EBUFFER;
    }
    isurv_svgbuf_clear(&b);
    return rc;
}

int isurv_plot_write_svg(const isurv_plot *plot, const char *path)
{
    struct isurv_svgbuf b;
    FILE *f;
    int rc;

    if (!plot || !path)
        return ISURV_ENULL;
    isurv_svgbuf_init(&b);
    if ((rc = render(&b, plot)) != ISURV_OK) {
        isurv_svgbuf_clear(&b);
        return rc;
    }
    f = fopen(path, "wb");
    if (!f) {
        isurv_svgbuf_clear(&b);
        return ISURV_EIO;
    }
    if (fwrite(b.data, 1, b.len, f) != b.len)
        rc = ISURV_EIO;
    if (fclose(f) != 0)
        rc = ISURV_EIO;
    if (rc != ISURV_OK)
        remove(path);   /* no half-written figure left behind */
    isurv_svgbuf_clear(&b);
    return rc;
}
