"""Kaplan-Meier figures as SVG: plot_km(), in the manner of R's
plot.survfit and survminer's ggsurvplot (curves with censoring marks,
optional confidence bands, a legend with n and median, a P value, and the
number-at-risk table under the time axis).

The C plot (isurv_plot) keeps a pointer to the C fit it draws, so the fit
is borrowed (see kaplan_meier._Handle.borrow) for the whole life of the
plot, which plot_km() creates, renders and frees in one call.
"""
import collections.abc
import contextlib
import ctypes
import operator
import os

from . import _lib
from ._options import _flag, _number
from .errors import (EARG, EOPTION, CurveIndexError, InputError, ShapeError,
                     check, error_for)
from .kaplan_meier import KMFit
from .logrank import LogRank

_H, _S, _INT, _DBL = _lib.handle, ctypes.c_size_t, ctypes.c_int, ctypes.c_double
_STR = ctypes.c_char_p

_lib.declare({
    "isurv_plot_new": (_INT, [_lib.handle_p, _H]),
    "isurv_plot_free": (None, [_H]),
    "isurv_plot_set_title": (_INT, [_H, _STR]),
    "isurv_plot_set_axis_labels": (_INT, [_H, _STR, _STR]),
    "isurv_plot_set_curve_name": (_INT, [_H, _S, _STR]),
    "isurv_plot_set_curve_color": (_INT, [_H, _S, _STR]),
    "isurv_plot_set_xaxis": (_INT, [_H, _DBL, _DBL]),
    "isurv_plot_set_percent": (_INT, [_H, _INT]),
    "isurv_plot_set_conf_bands": (_INT, [_H, _INT]),
    "isurv_plot_set_censor_marks": (_INT, [_H, _INT]),
    "isurv_plot_set_risk_table": (_INT, [_H, _INT]),
    "isurv_plot_set_legend": (_INT, [_H, _INT]),
    "isurv_plot_set_digits": (_INT, [_H, _INT]),
    "isurv_plot_set_annotation": (_INT, [_H, _STR]),
    "isurv_plot_set_pvalue": (_INT, [_H, _STR, _DBL]),
    "isurv_plot_set_size": (_INT, [_H, _DBL, _DBL]),
    "isurv_plot_svg": (_INT, [_H, _STR, _S, _lib.c_size_t_p]),
    "isurv_plot_write_svg": (_INT, [_H, _STR]),
})

# enum isurv_plot_legend, by the names plot_km(legend=) takes.
LEGEND_POSITIONS = {
    "auto": 0,
    "none": 1,
    "above": 2,
    "topright": 3,
    "bottomleft": 4,
    "bottomright": 5,
    "right": 6,
}

# enum isurv_plot_mark, by the names plot_km(censor_marks=) takes.
CENSOR_MARKS = {
    "none": 0,
    "tick": 1,
    "plus": 2,
}


def _choice(table, value, what, on, off="none"):
    """The enum value of a name; True and False (or None) stand for `on`
    and `off`.  Unknown names are an OptionError, as conf_type's are."""
    if value is True:
        value = on
    elif value is False or value is None:
        value = off
    if not isinstance(value, str):
        raise TypeError("%s must be a string, one of %s"
                        % (what, ", ".join(map(repr, table))))
    try:
        return table[value]
    except KeyError:
        raise error_for(EOPTION, None, "%s=%r; use one of %s" % (
            what, value, ", ".join(map(repr, table)))) from None


def _text(value, what):
    """A str as the UTF-8 bytes C takes, None as NULL.  C rejects control
    characters and invalid UTF-8 itself (lone surrogates are passed on
    encoded, for it to refuse); a NUL it could not see, so it is refused
    here with the same status."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("%s must be a str or None, not %s"
                        % (what, type(value).__name__))
    if "\0" in value:
        raise error_for(EARG, None, "%s contains a NUL character" % what)
    return value.encode("utf-8", "surrogatepass")


def _real(value, what):
    """A float; unlike conf_level, no numeric strings."""
    if isinstance(value, (str, bytes)):
        raise TypeError("%s must be a number, not %r" % (what, value))
    return _number(value, what)


def _curves(fit):
    """(handle, [(curve index, label, default name)]) of what plot_km()
    draws, in the caller's order.  The C plot draws every curve of a C
    fit, so the caller must give all of them."""
    if isinstance(fit, KMFit):
        handle = fit._handle
        if handle.ncurves != 1:
            raise InputError(
                "fit is one curve of a km(..., group=) fit with %d curves, "
                "which cannot be drawn alone; pass the dict km() returned"
                % handle.ncurves)
        name = None if fit.group is None else str(fit.group)
        return handle, [(fit._curve, fit.group, name)]
    if isinstance(fit, collections.abc.Mapping):
        items = list(fit.items())
        for label, f in items:
            if not isinstance(f, KMFit):
                raise TypeError("fit[%r] is a %s, not a KMFit"
                                % (label, type(f).__name__))
        if not items:
            raise InputError("fit is an empty dict: nothing to plot")
        handle = items[0][1]._handle
        if any(f._handle is not handle for _, f in items):
            raise InputError("fit mixes curves of different km() calls; "
                             "plot the dict of one km(..., group=) call")
        if sorted(f._curve for _, f in items) != list(range(handle.ncurves)):
            raise InputError("fit has %d of the %d curves of its km() call "
                             "(or one twice); the figure shows all of them"
                             % (len(items), handle.ncurves))
        return handle, [(f._curve, label, str(label)) for label, f in items]
    raise TypeError("fit must be a KMFit or the dict km(..., group=) "
                    "returns, not %s" % type(fit).__name__)


def _per_curve(values, curves, what):
    """{curve index: value} of names= or colors=: one str (one curve only),
    a sequence in the order of the curves given, or a mapping by label.
    None, as a whole or for one curve, leaves the default."""
    if values is None:
        return {}
    if isinstance(values, str):
        values = [values]
    if isinstance(values, collections.abc.Mapping):
        by_label = {label: curve for curve, label, _ in curves}
        out = {}
        for label, v in values.items():
            if label not in by_label:
                raise CurveIndexError(
                    "%s: no curve labelled %r; the labels are %s"
                    % (what, label, ", ".join(repr(c[1]) for c in curves)))
            out[by_label[label]] = v
        return out
    if not isinstance(values, collections.abc.Iterable):
        raise TypeError("%s must be a sequence or a dict, not %s"
                        % (what, type(values).__name__))
    values = list(values)
    if len(values) != len(curves):
        raise ShapeError("%s has %d values for %d curves"
                         % (what, len(values), len(curves)))
    return {curve: v for (curve, _, _), v in zip(curves, values)}


@contextlib.contextmanager
def _c_plot(handle):
    """A new isurv_plot of the fit, freed at the end of the block; the fit
    is borrowed until then, since the plot points into it."""
    with handle.borrow() as fit:
        out = ctypes.c_void_p()
        check(_lib.lib.isurv_plot_new(ctypes.byref(out), fit), "isurv_plot_new")
        try:
            yield out
        finally:
            _lib.lib.isurv_plot_free(out)


def _render(plot):
    """The SVG text: the size query, then the document."""
    needed = ctypes.c_size_t()
    check(_lib.lib.isurv_plot_svg(plot, None, 0, ctypes.byref(needed)),
          "isurv_plot_svg", "the figure is too small for its parts, or no "
          "time axis fits the fit and xmax/xstep")
    buf = ctypes.create_string_buffer(needed.value)
    check(_lib.lib.isurv_plot_svg(plot, buf, needed.value, ctypes.byref(needed)),
          "isurv_plot_svg")
    return buf.raw[:needed.value - 1].decode("utf-8")


def _path(path):
    path = os.fsencode(path)
    if b"\0" in path:
        raise ValueError("path: embedded null byte")
    return path


def plot_km(fit, path=None, *, title=None, xlab=None, ylab=None, names=None,
            colors=None, xmax=0, xstep=0, percent=False, conf_bands=False,
            censor_marks="tick", risk_table=True, legend="auto", digits=None,
            annotation=None, pvalue=None, pvalue_label="Log-rank",
            width=720, height=560):
    """The Kaplan-Meier figure of fit as SVG text; also written to path
    (a str or os.PathLike) when given.

    fit: a KMFit, or the dict km(..., group=) returns (every curve of it,
    in any order).  One curve of a grouped fit cannot be drawn alone.
    title: above the plot (and the SVG <title>).  xlab, ylab: axis labels,
    None for "Time" and "Survival probability" ("Survival (%)" with
    percent), "" for none.  names: the curves' names in the legend and the
    risk table, a sequence in the order of fit (the dict's order), a dict
    {label: name}, or one str for one curve; None keeps the default, the
    dict's labels (a grouped KMFit: its group; else "All").  colors:
    "#rrggbb" per curve, given as names; None keeps the Okabe-Ito palette.
    xmax, xstep: the time axis runs from 0 to xmax with a tick every xstep
    (0 or None: chosen automatically).  percent: survival axis 0-100.
    conf_bands: shaded pointwise confidence bands.  censor_marks: "tick"
    (a bar), "plus" (R's +) or "none" (also False).  risk_table: the
    number-at-risk table under the axis.  legend: "auto" (an inside corner
    where it covers nothing, else above or right), "none" (also False),
    "above", "topright", "bottomleft", "bottomright", "right".  digits:
    decimals (0-6) of the legend's medians, None for 1.  annotation: a line
    of text under the legend; or pvalue (a number in [0, 1] or a LogRank),
    written as "<pvalue_label> P = .04" in journal style (P < .001, P >
    .99), pvalue_label "" giving "P = .04".  width, height: in px, each in
    [120, 20000].

    Strings are drawn on one line: control characters (newline, tab) and
    NUL are an ArgumentError, as are bad colours, sizes and axes, and a
    figure too small for its contents.  Unknown legend or mark names are
    an OptionError; names or colors of the wrong length a ShapeError; a
    closed fit a ClosedError; a file that cannot be written an OutputError.
    """
    handle, curves = _curves(fit)
    names = _per_curve(names, curves, "names")
    colors = _per_curve(colors, curves, "colors")
    # Everything is converted before the C plot exists.
    name_of = {}
    for curve, _, default in curves:
        name = names.get(curve)
        name_of[curve] = _text(default if name is None else name, "names")
    color_of = {c: _text(v, "colors") for c, v in colors.items()}
    title_b = _text(title, "title")
    xlab_b, ylab_b = _text(xlab, "xlab"), _text(ylab, "ylab")
    annotation_b = _text(annotation, "annotation")
    if pvalue is not None:
        if annotation is not None:
            raise TypeError("give annotation or pvalue, not both: the "
                            "figure has one annotation line")
        if isinstance(pvalue, LogRank):
            pvalue = pvalue.p_value
        pvalue = _real(pvalue, "pvalue")
        label_b = _text(pvalue_label, "pvalue_label")
    xmax = 0.0 if xmax is None else _real(xmax, "xmax")
    xstep = 0.0 if xstep is None else _real(xstep, "xstep")
    width, height = _real(width, "width"), _real(height, "height")
    flags = [(_flag(percent, "percent"), "isurv_plot_set_percent"),
             (_flag(conf_bands, "conf_bands"), "isurv_plot_set_conf_bands"),
             (_flag(risk_table, "risk_table"), "isurv_plot_set_risk_table")]
    mark = _choice(CENSOR_MARKS, censor_marks, "censor_marks", "tick")
    where = _choice(LEGEND_POSITIONS, legend, "legend", "auto")
    if digits is not None:
        try:
            digits = _lib.int_arg(operator.index(digits), -1)
        except TypeError:
            raise TypeError("digits must be an int, not %r" % (digits,)) from None
    if path is not None:
        path = _path(path)

    lib = _lib.lib
    with _c_plot(handle) as plot:
        check(lib.isurv_plot_set_title(plot, title_b), "isurv_plot_set_title",
              "title=%r" % (title,))
        check(lib.isurv_plot_set_axis_labels(plot, xlab_b, ylab_b),
              "isurv_plot_set_axis_labels", "xlab=%r, ylab=%r" % (xlab, ylab))
        for curve, name in name_of.items():
            check(lib.isurv_plot_set_curve_name(plot, curve, name),
                  "isurv_plot_set_curve_name", "names: %r" % (name,))
        for curve, color in color_of.items():
            check(lib.isurv_plot_set_curve_color(plot, curve, color),
                  "isurv_plot_set_curve_color",
                  "colors: %r is not '#rrggbb'" % (colors[curve],))
        check(lib.isurv_plot_set_xaxis(plot, xmax, xstep), "isurv_plot_set_xaxis",
              "xmax=%r, xstep=%r" % (xmax, xstep))
        for on, function in flags:
            check(getattr(lib, function)(plot, on), function)
        check(lib.isurv_plot_set_censor_marks(plot, mark),
              "isurv_plot_set_censor_marks")
        check(lib.isurv_plot_set_legend(plot, where), "isurv_plot_set_legend")
        if digits is not None:
            check(lib.isurv_plot_set_digits(plot, digits),
                  "isurv_plot_set_digits", "digits=%r (0 to 6)" % (digits,))
        if pvalue is not None:
            check(lib.isurv_plot_set_pvalue(plot, label_b, pvalue),
                  "isurv_plot_set_pvalue",
                  "pvalue=%r, pvalue_label=%r" % (pvalue, pvalue_label))
        else:
            check(lib.isurv_plot_set_annotation(plot, annotation_b),
                  "isurv_plot_set_annotation", "annotation=%r" % (annotation,))
        check(lib.isurv_plot_set_size(plot, width, height), "isurv_plot_set_size",
              "width=%r, height=%r (120 to 20000)" % (width, height))
        svg = _render(plot)
        if path is not None:
            check(lib.isurv_plot_write_svg(plot, path), "isurv_plot_write_svg",
                  "path=%r" % (os.fsdecode(path),))
    return svg
