/* The plot object: defaults and validated setters.  A setter checks every
 * argument before it changes anything, so a failed call leaves the plot as
 * it was. */
#include <math.h>
#include <string.h>

#include "alloc.h"
#include "numfmt.h"
#include "plot.h"
#include "text.h"

/* Okabe & Ito's colour-blind-safe palette, yellow left out (too pale for a
 * line on white), ordered so that the first two differ most. */
static const char *const palette[] = {
    "#0072B2", "#D55E00", "#009E73", "#CC79A7",
    "#E69F00", "#56B4E9", "#000000"
};

const char *isurv_plot_palette(size_t c)
{
    return palette[c % (sizeof palette / sizeof palette[0])];
}

void isurv_plot_free(isurv_plot *plot)
{
    size_t c;

    if (!plot)
        return;
    isurv_dealloc(plot->title);
    isurv_dealloc(plot->annotation);
    isurv_dealloc(plot->xlab);
    isurv_dealloc(plot->ylab);
    if (plot->name)
        for (c = 0; c < plot->ncurves; c++)
            isurv_dealloc(plot->name[c]);
    isurv_dealloc(plot->name);
    isurv_dealloc(plot->color);
    isurv_dealloc(plot);
}

int isurv_plot_new(isurv_plot **out, const isurv_km *fit)
{
    struct isurv_plot *p;
    size_t n;

    if (!out)
        return ISURV_ENULL;
    *out = NULL;
    if (!fit)
        return ISURV_ENULL;
    n = isurv_km_ncurves(fit);
    p = isurv_zalloc(1, sizeof *p);
    if (!p)
        return ISURV_ENOMEM;
    p->fit = fit;
    p->ncurves = n;
    p->name = isurv_zalloc(n, sizeof *p->name);
    p->color = isurv_zalloc(n, sizeof *p->color);
    if (!p->name || !p->color) {
        isurv_plot_free(p);
        return ISURV_ENOMEM;
    }
    p->width = 720.0;
    p->height = 560.0;
    p->risk_table = 1;
    p->marks = ISURV_MARK_TICK;
    p->legend = ISURV_LEGEND_AUTO;
    p->digits = 1;
    *out = p;
    return ISURV_OK;
}

/* Replaces *slot by a copy of text (NULL clears it). */
static int set_text(char **slot, const char *text)
{
    int failed = 0;
    char *copy;

    if (text && !isurv_text_ok(text))
        return ISURV_EARG;
    copy = isurv_text_dup(text, &failed);
    if (failed)
        return ISURV_ENOMEM;
    isurv_dealloc(*slot);
    *slot = copy;
    return ISURV_OK;
}

int isurv_plot_set_title(isurv_plot *plot, const char *title)
{
    if (!plot)
        return ISURV_ENULL;
    return set_text(&plot->title, title);
}

int isurv_plot_set_annotation(isurv_plot *plot, const char *text)
{
    if (!plot)
        return ISURV_ENULL;
    return set_text(&plot->annotation, text);
}

int isurv_plot_set_axis_labels(isurv_plot *plot, const char *xlab,
                               const char *ylab)
{
    char *x = NULL, *y = NULL;
    int rc;

    if (!plot)
        return ISURV_ENULL;
    if ((xlab && !isurv_text_ok(xlab)) || (ylab && !isurv_text_ok(ylab)))
        return ISURV_EARG;
    /* Both copies first, so that a failure changes neither label. */
    if ((rc = set_text(&x, xlab)) != ISURV_OK)
        return rc;
    if ((rc = set_text(&y, ylab)) != ISURV_OK) {
        isurv_dealloc(x);
        return rc;
    }
    isurv_dealloc(plot->xlab);
    isurv_dealloc(plot->ylab);
    plot->xlab = x;
    plot->ylab = y;
    return ISURV_OK;
}

int isurv_plot_set_curve_name(isurv_plot *plot, size_t curve, const char *name)
{
    if (!plot)
        return ISURV_ENULL;
    if (curve >= plot->ncurves)
        return ISURV_EINDEX;
    return set_text(&plot->name[curve], name);
}

static int hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
        || (c >= 'A' && c <= 'F');
}

int isurv_plot_set_curve_color(isurv_plot *plot, size_t curve, const char *color)
{
    int i;

    if (!plot)
        return ISURV_ENULL;
    if (curve >= plot->ncurves)
        return ISURV_EINDEX;
    if (!color) {
        plot->color[curve][0] = '\0';
        return ISURV_OK;
    }
    if (color[0] != '#')
        return ISURV_EARG;
    for (i = 1; i < 7; i++)
        if (!hex_digit(color[i]))
            return ISURV_EARG;
    if (color[7] != '\0')
        return ISURV_EARG;
    memcpy(plot->color[curve], color, 8);
    return ISURV_OK;
}

/* 0 (automatic) or a finite positive number. */
static int auto_or_positive(double v)
{
    return v == 0.0 || (isfinite(v) && v > 0.0);
}

int isurv_plot_set_xaxis(isurv_plot *plot, double xmax, double step)
{
    if (!plot)
        return ISURV_ENULL;
    if (!auto_or_positive(xmax) || !auto_or_positive(step))
        return ISURV_EARG;
    if (xmax > 0.0 && step > 0.0 && xmax / step > ISURV_PLOT_MAX_TICKS)
        return ISURV_EARG;
    plot->xmax = xmax;
    plot->xstep = step;
    return ISURV_OK;
}

static int set_flag(isurv_plot *plot, int *flag, int on)
{
    if (!plot)
        return ISURV_ENULL;
    if (on != 0 && on != 1)
        return ISURV_EOPTION;
    *flag = on;
    return ISURV_OK;
}

int isurv_plot_set_percent(isurv_plot *plot, int on)
{
    return set_flag(plot, plot ? &plot->percent : NULL, on);
}

int isurv_plot_set_conf_bands(isurv_plot *plot, int on)
{
    return set_flag(plot, plot ? &plot->bands : NULL, on);
}

int isurv_plot_set_risk_table(isurv_plot *plot, int on)
{
    return set_flag(plot, plot ? &plot->risk_table : NULL, on);
}

int isurv_plot_set_censor_marks(isurv_plot *plot, int mark)
{
    if (!plot)
        return ISURV_ENULL;
    if (mark < ISURV_MARK_NONE || mark > ISURV_MARK_PLUS)
        return ISURV_EOPTION;
    plot->marks = mark;
    return ISURV_OK;
}

int isurv_plot_set_legend(isurv_plot *plot, int position)
{
    if (!plot)
        return ISURV_ENULL;
    if (position < ISURV_LEGEND_AUTO || position > ISURV_LEGEND_RIGHT)
        return ISURV_EOPTION;
    plot->legend = position;
    return ISURV_OK;
}

int isurv_plot_set_digits(isurv_plot *plot, int digits)
{
    if (!plot)
        return ISURV_ENULL;
    if (digits < 0 || digits > 6)
        return ISURV_EOPTION;
    plot->digits = digits;
    return ISURV_OK;
}

int isurv_plot_set_size(isurv_plot *plot, double width, double height)
{
    if (!plot)
        return ISURV_ENULL;
    if (!(width >= 120.0 && width <= 20000.0 && height >= 120.0
          && height <= 20000.0))
        return ISURV_EARG;
    plot->width = width;
    plot->height = height;
    return ISURV_OK;
}

/* Journal style (JCO, NEJM): no leading zero, two decimals, three below
 * .01, and bounds beyond .001 and .99. */
static void format_p(char *dst, double p)
{
    char num[ISURV_NUMFMT_MAX];

    if (p < 0.001) {
        strcpy(dst, "< .001");
        return;
    }
    if (p > 0.99) {
        strcpy(dst, "> .99");
        return;
    }
    /* 0.0096 would print .010 at three decimals: say .01 instead. */
    if (p < 0.01 && floor(p * 1000.0 + 0.5) < 10.0)
        isurv_fmt_fixed(num, p, 3, 0);
    else
        isurv_fmt_fixed(num, p, 2, 0);
    strcpy(dst, "= ");
    strcat(dst, num + 1);   /* drop the leading zero */
}

int isurv_plot_set_pvalue(isurv_plot *plot, const char *label, double p)
{
    char pv[ISURV_NUMFMT_MAX + 8];
    char *text;
    size_t n;
    int rc;

    if (!plot)
        return ISURV_ENULL;
    if (!(p >= 0.0 && p <= 1.0))
        return ISURV_EPROB;
    if (!label)
        label = "Log-rank";
    if (!isurv_text_ok(label))
        return ISURV_EARG;
    format_p(pv, p);
    n = strlen(label);
    text = isurv_alloc(n + strlen(pv) + 4, 1);
    if (!text)
        return ISURV_ENOMEM;
    memcpy(text, label, n);
    if (n > 0)
        text[n++] = ' ';
    text[n++] = 'P';
    text[n++] = ' ';
    strcpy(text + n, pv);
    rc = set_text(&plot->annotation, text);
    isurv_dealloc(text);
    return rc;
}
