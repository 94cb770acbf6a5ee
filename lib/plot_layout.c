/* Layout of a Kaplan-Meier figure: font sizes, margins, the time axis
 * ticks and the place of the legend block.  All sizes are in px and scale
 * with the figure; text extents are estimates (text.h), so every gap
 * keeps some slack. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "km.h"
#include "numfmt.h"
#include "plot.h"
#include "plot_axis.h"
#include "plot_geom.h"
#include "text.h"

#define MAX_AUTO_INTERVALS 10

double isurv_plot_x(const struct plot_layout *lay, double t)
{
    return lay->left + (lay->right - lay->left) * (t / lay->xmax);
}

double isurv_plot_y(const struct plot_layout *lay, double surv)
{
    return lay->bottom - (lay->bottom - lay->top) * surv;
}

void isurv_plot_layout_clear(struct plot_layout *lay)
{
    isurv_dealloc(lay->tick);
    isurv_dealloc(lay->nrisk);
    isurv_dealloc(lay->curve);
    memset(lay, 0, sizeof *lay);
}

/* Numbers at risk are counts, or sums of weights with one decimal. */
void isurv_plot_format_count(char *dst, double v)
{
    int whole = fabs(v - floor(v + 0.5)) < 1e-9;

    isurv_fmt_fixed(dst, v, whole ? 0 : 1, 0);
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

static double max2(double a, double b)
{
    return a > b ? a : b;
}

/* Names, n and medians of the curves. */
static int curve_texts(struct plot_layout *lay, const struct isurv_plot *p)
{
    size_t c;

    lay->curve = isurv_zalloc(p->ncurves, sizeof *lay->curve);
    if (!lay->curve)
        return ISURV_ENOMEM;
    for (c = 0; c < p->ncurves; c++) {
        struct plot_curve_text *ct = &lay->curve[c];
        size_t nobs = 0;
        double med = NAN;
        int label = 0;

        if (p->name[c]) {
            ct->name = p->name[c];
        } else {
            if (p->ncurves == 1) {
                strcpy(ct->name_buf, "All");
            } else {
                char num[ISURV_NUMFMT_MAX];
                isurv_km_group(p->fit, c, &label);
                strcpy(ct->name_buf, "Group ");
                strcat(ct->name_buf, isurv_fmt_fixed(num, label, 0, 0));
            }
            ct->name = ct->name_buf;
        }
        isurv_km_nobs(p->fit, c, &nobs);
        isurv_fmt_fixed(ct->n, (double)nobs, 0, 0);
        isurv_km_quantile(p->fit, c, 0.5, &med, NULL, NULL);
        if (isnan(med))
            strcpy(ct->median, "NR");   /* not reached */
        else
            isurv_fmt_fixed(ct->median, med, p->digits, 0);
        strcpy(ct->color, p->color[c][0] ? p->color[c] : isurv_plot_palette(c));
    }
    return ISURV_OK;
}

/* Widest number-at-risk label: no entry of the table exceeds the largest
 * risk set of its curve. */
static double widest_count(const struct isurv_plot *p, double fs)
{
    size_t c, r;
    double w = 0.0;
    char num[ISURV_NUMFMT_MAX];

    for (c = 0; c < p->ncurves; c++) {
        struct isurv_km_cursor cur;
        struct isurv_km_row row;
        isurv_km_cursor_seek(&cur, p->fit, c, 0);
        for (r = 0; r < isurv_km_rows(p->fit, c); r++) {
            isurv_km_cursor_next(&cur, &row);
            isurv_plot_format_count(num, row.n_risk);
            w = max2(w, isurv_text_width(num, fs));
        }
    }
    return w;
}

static double data_span(const struct isurv_plot *p)
{
    size_t c, rows;
    double span = 0.0;

    for (c = 0; c < p->ncurves; c++)
        if ((rows = isurv_km_rows(p->fit, c)) > 0)
            span = max2(span, isurv_km_time_at(&p->fit->curve[c], rows - 1));
    return span > 0.0 ? span : 1.0;
}

/* Every tick with the decimals its step needs, so that the labels of an
 * axis read alike (0.0 2.5 5.0); steps too small for nine decimals in
 * scientific notation. */
char *isurv_plot_tick_label(char *dst, double v, double step)
{
    if (step < 1e-6)
        return isurv_fmt_sci(dst, v);
    return isurv_fmt_fixed(dst, v, isurv_fmt_decimals_for(step), 0);
}

static double tick_label_width(double v, double step, double fs)
{
    char num[ISURV_NUMFMT_MAX];

    return isurv_text_width(isurv_plot_tick_label(num, v, step), fs);
}

/* The time axis: its end, its step and the number of ticks.  An automatic
 * step is the smallest nice step giving at most 10 intervals whose labels
 * (tick labels and the at-risk numbers under them) do not touch. */
static int choose_axis(struct plot_layout *lay, const struct isurv_plot *p,
                       double count_w)
{
    double span = data_span(p), width = lay->right - lay->left;
    size_t nint;

    if (p->xstep > 0.0) {
        lay->step = p->xstep;
        if (p->xmax > 0.0) {
            lay->xmax = p->xmax;
            nint = isurv_axis_within(p->xmax, p->xstep, ISURV_PLOT_MAX_TICKS);
        } else {
            nint = isurv_axis_cover(span, p->xstep, ISURV_PLOT_MAX_TICKS);
            lay->xmax = (double)nint * p->xstep;
        }
        if (nint == (size_t)-1)
            return ISURV_EARG;
    } else {
        double end = p->xmax > 0.0 ? p->xmax : span;
        int k = isurv_axis_nice_index(end / 100.0), iter;

        /* About 12 steps take the count from 100 intervals to 1; the bound
         * only guards against times at the ends of the double range. */
        for (iter = 0;; k++, iter++) {
            double step = isurv_axis_nice(k), axis_end, gap, need;

            if (iter > 100)
                return ISURV_EARG;
            if (!(step > 0.0) || !isfinite(step))
                continue;
            nint = p->xmax > 0.0 ? isurv_axis_within(end, step, 100000)
                                 : isurv_axis_cover(end, step, 100000);
            if (nint == (size_t)-1 || nint > MAX_AUTO_INTERVALS)
                continue;
            axis_end = p->xmax > 0.0 ? end : (double)nint * step;
            gap = width * step / axis_end;
            need = max2(tick_label_width((double)nint * step, step,
                                         lay->fs_tick),
                        count_w) + 10.0 * lay->s;
            lay->step = step;
            lay->xmax = axis_end;
            if (gap >= need || nint <= 1)
                break;
        }
    }
    /* Times near the ends of the double range leave no usable axis. */
    if (!isfinite(lay->xmax) || !(lay->xmax > 0.0) || !(lay->step > 0.0))
        return ISURV_EARG;
    lay->nticks = nint + 1;
    return ISURV_OK;
}

static int fill_ticks(struct plot_layout *lay, const struct isurv_plot *p)
{
    size_t k, c;

    lay->tick = isurv_alloc(lay->nticks, sizeof *lay->tick);
    lay->nrisk = isurv_alloc(lay->nticks * (p->ncurves ? p->ncurves : 1),
                             sizeof *lay->nrisk);
    if (!lay->tick || !lay->nrisk)
        return ISURV_ENOMEM;
    for (k = 0; k < lay->nticks; k++)
        lay->tick[k] = (double)k * lay->step;
    /* The table printed is exactly isurv_km_risk_table at the ticks. */
    for (c = 0; c < p->ncurves; c++) {
        int rc = isurv_km_risk_table(p->fit, c, lay->tick, lay->nticks,
                                     lay->nrisk + c * lay->nticks, NULL, NULL);
        if (rc != ISURV_OK)
            return rc;
    }
    return ISURV_OK;
}

/* Size of the legend block: a header row ("n", "Median"), one row per
 * curve (line swatch, name, n, median), then the annotation. */
static void block_size(struct plot_layout *lay, const struct isurv_plot *p)
{
    double f = 1.0;
    int pass;

    lay->show_rows = p->legend != ISURV_LEGEND_NONE && p->ncurves > 0;
    lay->has_block = lay->show_rows || p->annotation;
    if (!lay->has_block)
        return;
    /* A second pass shrinks the block to the figure width if needed. */
    for (pass = 0; pass < 2; pass++) {
        double fs = 12.0 * lay->s * f, rows_w = 0.0, ann_w = 0.0;
        size_t c;

        lay->fs_legend = fs;
        lay->bpad = 6.0 * lay->s * f;
        lay->brow_h = fs * 1.45;
        lay->bswatch = 30.0 * lay->s * f;
        lay->bgap = 14.0 * lay->s * f;
        lay->bname_w = lay->bn_w = lay->bmed_w = 0.0;
        if (lay->show_rows) {
            lay->bn_w = isurv_text_width("n", fs);
            lay->bmed_w = isurv_text_width("Median", fs);
            for (c = 0; c < p->ncurves; c++) {
                lay->bname_w = max2(lay->bname_w,
                                    isurv_text_width(lay->curve[c].name, fs));
                lay->bn_w = max2(lay->bn_w, isurv_text_width(lay->curve[c].n, fs));
                lay->bmed_w = max2(lay->bmed_w,
                                   isurv_text_width(lay->curve[c].median, fs));
            }
            rows_w = lay->bswatch + lay->bgap * 0.6 + lay->bname_w + lay->bgap
                   + lay->bn_w + lay->bgap + lay->bmed_w;
        }
        if (p->annotation)
            ann_w = isurv_text_width(p->annotation, fs);
        lay->bw = 2.0 * lay->bpad + max2(rows_w, ann_w);
        lay->bh = 2.0 * lay->bpad
                + (lay->show_rows ? (double)(p->ncurves + 1) * lay->brow_h : 0.0)
                + (p->annotation ? lay->brow_h : 0.0);
        if (lay->bw <= lay->W - 2.0 * lay->pad)
            break;
        f *= (lay->W - 2.0 * lay->pad) / lay->bw;
    }
}

/* Vertical positions, top down, with or without the block above the plot
 * area.  Fails when the figure is too short for its parts. */
static int vertical(struct plot_layout *lay, const struct isurv_plot *p,
                    int above)
{
    double y = lay->pad, below;

    if (p->title) {
        lay->title_y = y + lay->fs_title * 0.8;
        y += lay->fs_title * 1.25 + 4.0 * lay->s;
    }
    lay->block_above = above;
    if (above) {
        lay->by = y;
        y += lay->bh + 6.0 * lay->s;
    }
    lay->top = y + max2(lay->fs_tick * 0.6, 4.0 * lay->s);

    /* Below the plot area: ticks, tick labels, axis label, risk table. */
    below = 5.0 * lay->s + 4.0 * lay->s + lay->fs_tick * 0.75;
    lay->ticklab_y = below;
    if (lay->xlab[0])
        below += lay->fs_label * 1.6;
    lay->xlab_y = below;
    lay->risk_row_h = lay->fs_risk * 1.5;
    if (p->risk_table && p->ncurves > 0) {
        below += lay->fs_risk * 2.4;
        lay->risk_head_y = below;
        below += (double)p->ncurves * lay->risk_row_h;
    }
    below += lay->fs_tick * 0.3 + lay->pad;
    lay->bottom = lay->H - below;
    lay->ticklab_y += lay->bottom;
    lay->xlab_y += lay->bottom;
    lay->risk_head_y += lay->bottom;
    if (lay->bottom - lay->top < 60.0 * lay->s)
        return ISURV_EARG;
    return ISURV_OK;
}

static int overlaps(const struct plot_rect *a, double x0, double y0,
                    double x1, double y1)
{
    if (x0 > x1) {
        double t = x0; x0 = x1; x1 = t;
    }
    if (y0 > y1) {
        double t = y0; y0 = y1; y1 = t;
    }
    return x0 < a->x1 && x1 > a->x0 && y0 < a->y1 && y1 > a->y0;
}

/* 1 if the block at r would cover any curve, censoring mark or band. */
static int block_hits(const struct plot_layout *lay, const struct isurv_plot *p,
                      const struct plot_rect *r, double *xy, double *t0,
                      double *t1, double *lo, double *hi, int *run)
{
    double m = 6.0 * lay->s;   /* half a stroke and some air */
    size_t c, i, n;

    for (c = 0; c < p->ncurves; c++) {
        n = isurv_geom_curve(p->fit, c, lay->xmax, xy);
        for (i = 0; i + 1 < n; i++) {
            double xa = isurv_plot_x(lay, xy[2 * i]), ya = isurv_plot_y(lay, xy[2 * i + 1]);
            double xb = isurv_plot_x(lay, xy[2 * i + 2]), yb = isurv_plot_y(lay, xy[2 * i + 3]);
            if (overlaps(r, xa - m, ya - m, xb + m, yb + m))
                return 1;
        }
        if (p->marks != ISURV_MARK_NONE) {
            n = isurv_geom_censor(p->fit, c, lay->xmax, xy);
            for (i = 0; i < n; i++) {
                double x = isurv_plot_x(lay, xy[2 * i]), y = isurv_plot_y(lay, xy[2 * i + 1]);
                if (overlaps(r, x - 1.5 * m, y - 1.5 * m, x + 1.5 * m, y + 1.5 * m))
                    return 1;
            }
        }
        if (p->bands) {
            n = isurv_geom_band(p->fit, c, lay->xmax, t0, t1, lo, hi, run);
            for (i = 0; i < n; i++)
                if (overlaps(r, isurv_plot_x(lay, t0[i]), isurv_plot_y(lay, lo[i]),
                             isurv_plot_x(lay, t1[i]), isurv_plot_y(lay, hi[i])))
                    return 1;
        }
    }
    return 0;
}

/* Tries the inside corners (one, or all three for AUTO); 1 if placed. */
static int place_inside(struct plot_layout *lay, const struct isurv_plot *p,
                        int *status)
{
    static const int auto_order[] = { ISURV_LEGEND_TOPRIGHT,
                                      ISURV_LEGEND_BOTTOMLEFT,
                                      ISURV_LEGEND_BOTTOMRIGHT };
    int only = p->legend >= ISURV_LEGEND_TOPRIGHT
                   && p->legend <= ISURV_LEGEND_BOTTOMRIGHT ? p->legend : -1;
    double inset = 10.0 * lay->s;
    struct isurv_geom_scratch sc;
    int placed = 0;
    size_t i;

    *status = ISURV_OK;
    if (lay->bw > lay->right - lay->left - 2.0 * inset
        || lay->bh > lay->bottom - lay->top - 2.0 * inset)
        return 0;
    if ((*status = isurv_geom_scratch_init(&sc, p->fit)) != ISURV_OK)
        return 0;
    for (i = 0; i < 3 && !placed; i++) {
        int where = only >= 0 ? only : auto_order[i];
        struct plot_rect r;

        if (only >= 0 && i > 0)
            break;
        r.x0 = where == ISURV_LEGEND_BOTTOMLEFT ? lay->left + inset
                                                : lay->right - inset - lay->bw;
        r.y0 = where == ISURV_LEGEND_TOPRIGHT ? lay->top + inset
                                              : lay->bottom - inset - lay->bh;
        r.x1 = r.x0 + lay->bw;
        r.y1 = r.y0 + lay->bh;
        if (only >= 0 || !block_hits(lay, p, &r, sc.xy, sc.t0, sc.t1, sc.lo, sc.hi, sc.run)) {
            lay->bx = r.x0;
            lay->by = r.y0;
            placed = 1;
        }
    }
    isurv_geom_scratch_clear(&sc);
    return placed;
}

static void put_above(struct plot_layout *lay)
{
    /* Aligned with the plot area, moved left only if it must be. */
    lay->bx = lay->left;
    if (lay->bx + lay->bw > lay->W - lay->pad)
        lay->bx = max2(lay->pad, lay->W - lay->pad - lay->bw);
}

static int horizontal(struct plot_layout *lay, const struct isurv_plot *p,
                      double reserve);

/* The block right of the plot area, level with its top: the time axis is
 * laid out again in the narrower width. */
static int put_right(struct plot_layout *lay, const struct isurv_plot *p)
{
    double gap = 12.0 * lay->s;
    int rc;

    if ((rc = horizontal(lay, p, lay->bw + gap + lay->pad)) != ISURV_OK)
        return rc;
    if ((rc = vertical(lay, p, 0)) != ISURV_OK)
        return rc;
    if (lay->bh > lay->bottom - lay->top)
        return ISURV_EARG;
    lay->bx = lay->right + gap;
    lay->by = lay->top;
    lay->block_right = 1;
    return ISURV_OK;
}

/* Inside if a corner is free (or the one asked for); else, for AUTO,
 * above or to the right, whichever keeps more of the plot area's height
 * or width; a block that fits nowhere else goes above. */
static int place_block(struct plot_layout *lay, const struct isurv_plot *p)
{
    int rc, right;

    if (!lay->has_block)
        return ISURV_OK;
    if (p->legend != ISURV_LEGEND_ABOVE && p->legend != ISURV_LEGEND_RIGHT) {
        if (place_inside(lay, p, &rc)) {
            lay->block_inside = 1;
            return ISURV_OK;
        }
        if (rc != ISURV_OK)
            return rc;
    }
    right = p->legend == ISURV_LEGEND_RIGHT;
    if (p->legend == ISURV_LEGEND_AUTO || p->legend == ISURV_LEGEND_NONE) {
        struct plot_layout above = *lay;
        double h0 = lay->bottom - lay->top, w0 = lay->right - lay->left;
        double wr = lay->W - lay->bw - 12.0 * lay->s - lay->pad - lay->left;
        double keep_h = vertical(&above, p, 1) == ISURV_OK
                            ? (above.bottom - above.top) / h0 : 0.0;
        right = lay->bh <= h0 && wr / w0 > keep_h;
    }
    if (right) {
        if ((rc = put_right(lay, p)) == ISURV_OK)
            return ISURV_OK;
        if (rc != ISURV_EARG)
            return rc;
        /* Too narrow or too short at the right: fall back to above. */
        lay->block_right = 0;
        if ((rc = horizontal(lay, p, 0.0)) != ISURV_OK)
            return rc;
    }
    if ((rc = vertical(lay, p, 1)) != ISURV_OK)
        return rc;
    put_above(lay);
    return ISURV_OK;
}

/* Left margin: the wider of the survival axis (label and tick labels)
 * and the risk table's curve names, which sit left of the first column of
 * numbers (centred on the axis, so half a number wide). */
static void left_margin(struct plot_layout *lay, const struct isurv_plot *p,
                        double count_w)
{
    double yaxis, names = 0.0, name_w = 0.0, cap = 0.4 * lay->W;
    size_t c;

    lay->ytick_w = isurv_text_width(p->percent ? "100" : "1.0", lay->fs_tick);
    yaxis = lay->pad + (lay->ylab[0] ? lay->fs_label * 1.1 : 0.0)
          + 6.0 * lay->s + lay->ytick_w + 4.0 * lay->s + 5.0 * lay->s;
    lay->fs_rname = lay->fs_risk;
    if (p->risk_table && p->ncurves > 0) {
        double fixed = lay->pad + 10.0 * lay->s + count_w / 2.0;
        name_w = isurv_text_width("No. at risk", lay->fs_risk) * 1.08;
        for (c = 0; c < p->ncurves; c++)
            name_w = max2(name_w, isurv_text_width(lay->curve[c].name, lay->fs_risk));
        names = fixed + name_w;
        if (names > cap) {
            /* Long names: a smaller font rather than a squeezed plot. */
            lay->fs_rname = lay->fs_risk * max2(cap - fixed, 1.0) / name_w;
            names = cap;
        }
    }
    lay->left = max2(yaxis, names);
}

/* The right edge of the plot area, the time axis and its ticks, with
 * reserve px kept free at the right of the figure (a legend there).  The
 * right margin must also hold half the last tick label, which depends on
 * the step chosen for the width left: settled in two passes. */
static int horizontal(struct plot_layout *lay, const struct isurv_plot *p,
                      double reserve)
{
    double count_w = lay->count_w, tw;
    int rc, pass;

    lay->right = lay->W - max2(lay->pad, count_w / 2.0 + 4.0 * lay->s);
    if (lay->right > lay->W - reserve)
        lay->right = lay->W - reserve;
    for (pass = 0; pass < 2; pass++) {
        double half;
        if ((rc = choose_axis(lay, p, count_w)) != ISURV_OK)
            return rc;
        half = max2(tick_label_width(lay->xmax, lay->step, lay->fs_tick), count_w) / 2.0
             + 4.0 * lay->s;
        if (lay->W - lay->right >= half)
            break;
        lay->right = lay->W - half;
    }
    if (lay->right - lay->left < 60.0 * lay->s)
        return ISURV_EARG;
    isurv_dealloc(lay->tick);
    isurv_dealloc(lay->nrisk);
    lay->tick = NULL;
    lay->nrisk = NULL;
    if ((rc = fill_ticks(lay, p)) != ISURV_OK)
        return rc;
    lay->fs_xlab = lay->fs_label;
    if (lay->xlab[0] && (tw = isurv_text_width(lay->xlab, lay->fs_xlab))
                            > lay->right - lay->left)
        lay->fs_xlab *= (lay->right - lay->left) / tw;
    return ISURV_OK;
}

int isurv_plot_layout(struct plot_layout *lay, const struct isurv_plot *p)
{
    double tw;
    int rc;

    memset(lay, 0, sizeof *lay);
    lay->W = p->width;
    lay->H = p->height;
    /* Text and strokes grow with the figure's area (geometric mean of the
     * two ratios), so a tall or wide figure keeps readable type. */
    lay->s = clamp(sqrt(p->width / 720.0 * (p->height / 560.0)), 0.6, 3.0);
    lay->pad = 14.0 * lay->s;
    lay->fs_tick = 12.0 * lay->s;
    lay->fs_label = 13.0 * lay->s;
    lay->fs_title = 16.0 * lay->s;
    lay->fs_risk = 12.0 * lay->s;
    lay->xlab = p->xlab ? p->xlab : "Time";
    lay->ylab = p->ylab ? p->ylab
                        : p->percent ? "Survival (%)" : "Survival probability";
    if ((rc = curve_texts(lay, p)) != ISURV_OK)
        goto fail;
    if (p->title && (tw = isurv_text_width(p->title, lay->fs_title) * 1.08)
                        > lay->W - 2.0 * lay->pad)
        lay->fs_title *= (lay->W - 2.0 * lay->pad) / tw;
    lay->count_w = p->risk_table ? widest_count(p, lay->fs_risk) : 0.0;
    left_margin(lay, p, lay->count_w);
    if ((rc = horizontal(lay, p, 0.0)) != ISURV_OK)
        goto fail;
    block_size(lay, p);
    if ((rc = vertical(lay, p, 0)) != ISURV_OK)
        goto fail;
    if ((rc = place_block(lay, p)) != ISURV_OK)
        goto fail;
    /* The title is centred on the plot area, kept inside the figure. */
    if (p->title) {
        double half = isurv_text_width(p->title, lay->fs_title) * 1.08 / 2.0;
        lay->title_x = (lay->left + lay->right) / 2.0;
        if (lay->title_x + half > lay->W - lay->pad)
            lay->title_x = lay->W - lay->pad - half;
        if (lay->title_x - half < lay->pad)
            lay->title_x = lay->pad + half;
    }
    lay->fs_ylab = lay->fs_label;
    if (lay->ylab[0] && (tw = isurv_text_width(lay->ylab, lay->fs_ylab))
                            > lay->bottom - lay->top)
        lay->fs_ylab *= (lay->bottom - lay->top) / tw;
    return ISURV_OK;
fail:
    isurv_plot_layout_clear(lay);
    return rc;
}
