/* The plot object and the layout computed from it at render time.  The
 * object holds only settings; everything derived (margins, ticks, legend
 * place) is recomputed by each render, so a render never changes it. */
#ifndef ISURV_PLOT_H
#define ISURV_PLOT_H

#include <stddef.h>

#include "inotusurv.h"

#define ISURV_PLOT_MAX_TICKS 1000

struct isurv_plot {
    const isurv_km *fit;    /* borrowed */
    size_t ncurves;
    char *title, *annotation;   /* NULL: none */
    char *xlab, *ylab;          /* NULL: the default label */
    char **name;                /* per curve; NULL: the default name */
    char (*color)[8];           /* per curve "#rrggbb"; "" for the palette */
    double xmax, xstep;         /* 0: automatic */
    double width, height;
    int percent, bands, risk_table, marks, legend, digits;
};

/* Text of one curve's legend and risk rows. */
struct plot_curve_text {
    char name_buf[40];          /* a default name, when name points here */
    const char *name;
    char n[32];
    char median[48];
    char color[8];
};

/* An axis-aligned rectangle in px (x0 <= x1, y0 <= y1). */
struct plot_rect {
    double x0, y0, x1, y1;
};

struct plot_layout {
    double W, H;
    double s;                   /* scale of fonts, strokes and gaps */
    double pad;
    double fs_tick, fs_label, fs_xlab, fs_ylab, fs_title, fs_legend, fs_risk, fs_rname;
    double left, right, top, bottom;    /* the plot area */
    double xmax, step;          /* time axis end and tick step */
    size_t nticks;              /* ticks at k * step, k < nticks */
    double *tick;               /* nticks times */
    double *nrisk;              /* ncurves x nticks, row by curve */
    struct plot_curve_text *curve;
    const char *xlab, *ylab;
    double ytick_w;             /* widest survival tick label */
    double count_w;             /* widest number-at-risk label */
    double title_x, title_y, ticklab_y, xlab_y, risk_head_y, risk_row_h;
    /* The legend block: header and rows when show_rows, then the
     * annotation; position (bx, by) is its top left corner. */
    int has_block, show_rows, block_above, block_inside, block_right;
    double bx, by, bw, bh, bpad, brow_h, bswatch, bname_w, bn_w, bmed_w, bgap;
};

/* Fills lay for plot (allocating its arrays); on failure lay is cleared. */
int isurv_plot_layout(struct plot_layout *lay, const struct isurv_plot *plot);
void isurv_plot_layout_clear(struct plot_layout *lay);

/* Curve geometry shared by the layout (obstacles for the legend) and the
 * drawing: x and y of a time and a survival value. */
double isurv_plot_x(const struct plot_layout *lay, double t);
double isurv_plot_y(const struct plot_layout *lay, double surv);

/* The default colour of curve c: Okabe-Ito, cycled. */
const char *isurv_plot_palette(size_t c);

/* The label of the time tick at v on an axis stepping by step. */
char *isurv_plot_tick_label(char *dst, double v, double step);

/* A number at risk as printed: an integer, or one decimal for weights. */
void isurv_plot_format_count(char *dst, double v);

#endif
