"""plot_km() and KMFit.plot(): the SVG figure through the binding.

The document is read with xml.etree and checked for what tests/check_plot.c
checks in C, as far as the binding is concerned: one curve path per curve,
censoring marks at the censoring times, the number-at-risk table equal to
KMFit.risk_table() at the tick times and to a count made here from the
data, the legend's n (counted here) and medians (R's print.survfit, from
ref/km_medians.csv), escaping, the file written equal to the text
returned, determinism, the C fit kept alive while the C plot exists, and
bad input.

Data: R's aml (ref/data_aml.csv), x = Maintained / Nonmaintained.
"""
import gc
import math
import xml.etree.ElementTree as ET

import pytest

import inotusurv
from inotusurv import _lib, errors
from helpers import dataset, num, read_csv

SVG = "{http://www.w3.org/2000/svg}"
AML = dataset("aml")
LABELS = ["Maintained", "Nonmaintained"]    # ascending: curves 0 and 1


def aml_fits():
    return inotusurv.km(AML["time"], AML["event"], group=AML["x"])


def parse(svg):
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    return root


def by_class(root, cls):
    return [e for e in root.iter() if e.get("class") == cls]


def texts(root, cls):
    return [e.text for e in by_class(root, cls)]


def curve_of(e):
    return int(e.get("data-curve"))


def moves(d):
    """The number of moveto commands in a path."""
    return d.count("M")


def rows_of(label):
    return [i for i, x in enumerate(AML["x"]) if x == label]


# ---------------------------------------------------------------- structure

def test_document_parses_and_has_one_curve_path_per_curve():
    fits = aml_fits()
    root = parse(inotusurv.plot_km(fits))
    assert root.get("width") == "720" and root.get("height") == "560"
    paths = by_class(root, "km-curve")
    assert [p.tag for p in paths] == [SVG + "path"] * 2
    assert [curve_of(p) for p in paths] == [0, 1]
    # Told apart by colour and by dash pattern.
    assert paths[0].get("stroke") != paths[1].get("stroke")
    assert paths[0].get("stroke-dasharray") != paths[1].get("stroke-dasharray")
    assert by_class(root, "km-band") == []

    one = inotusurv.km(AML["time"], AML["event"])
    root = parse(inotusurv.plot_km(one))
    assert len(by_class(root, "km-curve")) == 1
    assert texts(root, "legend-name") == ["All"]


def test_censor_marks_at_the_censoring_times():
    fits = aml_fits()
    # One mark per distinct time with a censoring, counted from the data
    # (Maintained: 13, 28, 45, 161; Nonmaintained: 16).
    want = [len({AML["time"][i] for i in rows_of(label) if AML["event"][i] == 0})
            for label in LABELS]
    assert want == [4, 1]
    root = parse(inotusurv.plot_km(fits))
    marks = by_class(root, "km-censor")
    assert [curve_of(m) for m in marks] == [0, 1]
    assert [moves(m.get("d")) for m in marks] == want
    # A plus is two strokes; "none" and False draw none.
    root = parse(inotusurv.plot_km(fits, censor_marks="plus"))
    assert [moves(m.get("d")) for m in by_class(root, "km-censor")] == [
        2 * w for w in want]
    for off in ("none", False, None):
        root = parse(inotusurv.plot_km(fits, censor_marks=off))
        assert by_class(root, "km-censor") == []
    assert inotusurv.plot_km(fits, censor_marks=True) == inotusurv.plot_km(fits)


def test_conf_bands_one_per_curve():
    root = parse(inotusurv.plot_km(aml_fits(), conf_bands=True))
    assert [curve_of(b) for b in by_class(root, "km-band")] == [0, 1]


def test_curves_follow_the_fit_in_any_dict_order():
    fits = aml_fits()
    reordered = {k: fits[k] for k in reversed(LABELS)}
    a = inotusurv.plot_km(fits, names=["M", "N"])
    b = inotusurv.plot_km(reordered, names=["N", "M"])
    assert a == b
    assert texts(parse(a), "legend-name") == ["M", "N"]
    # A relabelled dict names the curves by its keys.
    relabelled = {"Arm A": fits["Maintained"], "Arm B": fits["Nonmaintained"]}
    root = parse(inotusurv.plot_km(relabelled))
    assert texts(root, "legend-name") == ["Arm A", "Arm B"]


# ---------------------------------------------------------------- risk table

def tick_times(root):
    return [float(t) for t in texts(root, "x-tick-label")]


def test_risk_table_equals_risk_table_at_the_ticks():
    fits = aml_fits()
    root = parse(inotusurv.plot_km(fits, xstep=20))
    ticks = tick_times(root)
    # Step 20 with the end automatic: 161, the last time, needs
    # ceil(161 / 20) = 9 intervals, so the ticks are 0, 20, ..., 180.
    assert ticks == [20.0 * k for k in range(10)]
    cells = by_class(root, "risk-n")
    assert len(cells) == 2 * len(ticks)
    assert texts(root, "risk-name") == LABELS
    assert texts(root, "risk-title") == ["No. at risk"]
    labels_x = [e.get("x") for e in by_class(root, "x-tick-label")]
    for c, label in enumerate(LABELS):
        row = cells[c * len(ticks):(c + 1) * len(ticks)]
        assert {curve_of(e) for e in row} == {c}
        printed = [float(e.text) for e in row]
        assert printed == list(fits[label].risk_table(ticks).n_risk)
        # Without entry times or weights, the number at risk at t is the
        # number of subjects with time >= t.
        times = [AML["time"][i] for i in rows_of(label)]
        assert printed == [sum(1 for x in times if x >= t) for t in ticks]
        # Each number sits under its tick label.
        assert [e.get("x") for e in row] == labels_x


def test_risk_table_weighted_counts_have_one_decimal():
    fit = inotusurv.km([2, 5, 7], [1, 1, 0], weights=[1.5, 1.5, 1.5])
    root = parse(inotusurv.plot_km(fit, xmax=8, xstep=4))
    # At risk: 3 x 1.5 = 4.5 at 0; times 5 and 7, 2 x 1.5 = 3, at 4; none
    # at 8.
    assert texts(root, "risk-n") == ["4.5", "3", "0"]
    assert list(fit.risk_table([0, 4, 8]).n_risk) == [4.5, 3, 0]


def test_risk_table_off():
    root = parse(inotusurv.plot_km(aml_fits(), risk_table=False))
    assert by_class(root, "risk-n") == [] and by_class(root, "risk-title") == []


# ---------------------------------------------------------------- legend

def test_legend_n_and_medians():
    fits = aml_fits()
    medians = {r["group"]: num(r["estimate"]) for r in read_csv("km_medians.csv")
               if r["fit"] == "aml_x"}
    assert medians == {"Maintained": 31.0, "Nonmaintained": 23.0}   # R
    for digits, fmt in ((None, "%.1f"), (0, "%.0f"), (3, "%.3f")):
        root = parse(inotusurv.plot_km(fits, digits=digits))
        assert texts(root, "legend-name") == LABELS
        assert texts(root, "legend-n") == [str(len(rows_of(x))) for x in LABELS]
        assert texts(root, "legend-median") == [fmt % medians[x] for x in LABELS]
        assert [curve_of(e) for e in by_class(root, "legend-swatch")] == [0, 1]


def test_legend_median_not_reached():
    # S = 4/5 after the only event: the median is not reached.
    root = parse(inotusurv.plot_km(inotusurv.km([1, 2, 3, 4, 5], [1, 0, 0, 0, 0])))
    assert texts(root, "legend-median") == ["NR"]


def test_legend_positions():
    fits = aml_fits()
    for where in ("none", False, None):
        root = parse(inotusurv.plot_km(fits, legend=where))
        assert by_class(root, "legend-name") == []
    assert inotusurv.plot_km(fits, legend=True) == inotusurv.plot_km(fits)
    seen = set()
    for where in ("auto", "above", "topright", "bottomleft", "bottomright",
                  "right"):
        svg = inotusurv.plot_km(fits, legend=where)
        assert texts(parse(svg), "legend-name") == LABELS
        seen.add(svg)
    # "auto" is one of the others; the five explicit places all differ.
    assert len(seen) == 5


def test_default_names():
    # Integer labels: the dict's labels as they are, not C's "Group 1".
    fits = inotusurv.km(AML["time"], AML["event"],
                        group=[1 if x == "Maintained" else 2 for x in AML["x"]])
    root = parse(inotusurv.plot_km(fits))
    assert texts(root, "legend-name") == ["1", "2"]
    assert texts(root, "risk-name") == ["1", "2"]
    # A grouped fit with one group, given as its KMFit: the group label.
    only = inotusurv.km([1, 2, 3], [1, 0, 1], group=["A", "A", "A"])
    assert texts(parse(inotusurv.plot_km(only["A"])), "legend-name") == ["A"]
    assert texts(parse(inotusurv.plot_km(only)), "legend-name") == ["A"]


def test_names_as_list_dict_and_none():
    fits = aml_fits()
    root = parse(inotusurv.plot_km(fits, names=("Yes", "No")))
    assert texts(root, "legend-name") == ["Yes", "No"]
    assert texts(root, "risk-name") == ["Yes", "No"]
    root = parse(inotusurv.plot_km(fits, names={"Nonmaintained": "No"}))
    assert texts(root, "legend-name") == ["Maintained", "No"]
    root = parse(inotusurv.plot_km(fits, names=[None, "No"]))
    assert texts(root, "legend-name") == ["Maintained", "No"]
    one = inotusurv.km(AML["time"], AML["event"])
    assert texts(parse(inotusurv.plot_km(one, names="Everyone")),
                 "legend-name") == ["Everyone"]


# ---------------------------------------------------------------- text, axes

def test_escaping():
    fits = aml_fits()
    names = ["<a & b> \"c\" 'd'", "\u00e9tude <2>"]
    svg = inotusurv.plot_km(fits, names=names, title="T & <t>", xlab="x<",
                            ylab="y>", annotation="P < .05 & more")
    assert "<a & b>" not in svg
    assert ">&lt;a &amp; b&gt; &quot;c&quot; &apos;d&apos;</text>" in svg
    root = parse(svg)   # well-formed, and the parser gets the text back
    assert texts(root, "legend-name") == names
    assert texts(root, "risk-name") == names
    assert texts(root, "title") == ["T & <t>"]
    assert [e.text for e in root.iter(SVG + "title")] == ["T & <t>"]
    assert texts(root, "x-label") == ["x<"]
    assert texts(root, "y-label") == ["y>"]
    assert texts(root, "annotation") == ["P < .05 & more"]


def test_axis_labels_and_percent():
    fits = aml_fits()
    root = parse(inotusurv.plot_km(fits))
    assert texts(root, "x-label") == ["Time"]
    assert texts(root, "y-label") == ["Survival probability"]
    assert texts(root, "y-tick-label") == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]
    assert list(root.iter(SVG + "title")) == []
    root = parse(inotusurv.plot_km(fits, percent=True, xlab="Weeks"))
    assert texts(root, "x-label") == ["Weeks"]
    assert texts(root, "y-label") == ["Survival (%)"]
    assert texts(root, "y-tick-label") == ["0", "20", "40", "60", "80", "100"]
    root = parse(inotusurv.plot_km(fits, xlab="", ylab=""))
    assert by_class(root, "x-label") == [] and by_class(root, "y-label") == []


def test_xaxis():
    fits = aml_fits()
    # Both given: the multiples of xstep up to xmax.
    root = parse(inotusurv.plot_km(fits, xmax=110, xstep=25))
    assert texts(root, "x-tick-label") == ["0", "25", "50", "75", "100"]
    # A fractional step: every label with its decimals.
    small = inotusurv.km([1.5, 4, 9.2], [1, 0, 1])
    root = parse(inotusurv.plot_km(small, xstep=2.5))
    assert texts(root, "x-tick-label") == ["0.0", "2.5", "5.0", "7.5", "10.0"]
    # Automatic: a nice step, the last tick at or beyond 161.
    ticks = tick_times(parse(inotusurv.plot_km(fits, xmax=None, xstep=None)))
    step = ticks[1]
    assert step in (20, 25, 50, 100)
    assert ticks == [k * step for k in range(len(ticks))] and ticks[-1] >= 161


def test_colors_and_size():
    fits = aml_fits()
    root = parse(inotusurv.plot_km(fits, colors=["#112233", "#aBcDeF"],
                                   width=1000.5, height=700))
    assert [p.get("stroke") for p in by_class(root, "km-curve")] == [
        "#112233", "#aBcDeF"]
    assert root.get("width") == "1000.5" and root.get("height") == "700"
    assert root.get("viewBox") == "0 0 1000.5 700"
    root = parse(inotusurv.plot_km(fits, colors={"Nonmaintained": "#000000"}))
    strokes = [p.get("stroke") for p in by_class(root, "km-curve")]
    assert strokes[1] == "#000000" and strokes[0] != "#000000"


@pytest.mark.parametrize("p, label, text", [
    # Journal style, worked out by hand: two decimals without the leading
    # zero, three below .01, bounds at .001 and .99.
    (0.06533932204, "Log-rank", "Log-rank P = .07"),
    (0.004, "Log-rank", "Log-rank P = .004"),
    (0.0004, "Log-rank", "Log-rank P < .001"),
    (0.995, None, "Log-rank P > .99"),
    (0.48, "", "P = .48"),
    (0.021, "Stratified log-rank", "Stratified log-rank P = .02"),
])
def test_pvalue(p, label, text):
    root = parse(inotusurv.plot_km(aml_fits(), pvalue=p, pvalue_label=label))
    assert texts(root, "annotation") == [text]


def test_pvalue_from_a_logrank_result():
    lr = inotusurv.logrank_test(AML["time"], AML["event"], AML["x"])
    fits = aml_fits()
    assert inotusurv.plot_km(fits, pvalue=lr) == inotusurv.plot_km(
        fits, pvalue=lr.p_value)
    # R: survdiff(Surv(time, status) ~ x, aml) gives p = 0.0653.
    assert texts(parse(inotusurv.plot_km(fits, pvalue=lr)), "annotation") == [
        "Log-rank P = .07"]


# ---------------------------------------------------------------- output

def test_write_file_equals_the_text(tmp_path):
    fits = aml_fits()
    path = tmp_path / "aml.svg"
    svg = inotusurv.plot_km(fits, str(path), conf_bands=True, pvalue=0.0653)
    assert path.read_bytes() == svg.encode("utf-8")
    # os.PathLike, and KMFit.plot forwarding to plot_km.
    one = inotusurv.km(AML["time"], AML["event"])
    path2 = tmp_path / "\u00e9t\u00e9 one.svg"
    svg2 = one.plot(path2, title="\u00e9t\u00e9")
    assert svg2 == inotusurv.plot_km(one, title="\u00e9t\u00e9")
    assert path2.read_text(encoding="utf-8") == svg2


def test_write_failure_is_an_output_error(tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "x.svg"
    with pytest.raises(inotusurv.OutputError) as err:
        inotusurv.plot_km(aml_fits(), missing)
    assert isinstance(err.value, OSError)
    assert err.value.status == errors.EIO
    assert err.value.function == "isurv_plot_write_svg"
    assert not missing.exists()
    with pytest.raises(ValueError):
        inotusurv.plot_km(aml_fits(), str(tmp_path / "a\0b.svg"))


def test_determinism():
    a = inotusurv.plot_km(aml_fits(), conf_bands=True, pvalue=0.065)
    b = inotusurv.plot_km(aml_fits(), conf_bands=True, pvalue=0.065)
    fits = aml_fits()
    c = inotusurv.plot_km(fits, conf_bands=True, pvalue=0.065)
    d = inotusurv.plot_km(fits, conf_bands=True, pvalue=0.065)
    assert a == b == c == d
    for bad in ("e+", "e-0", "nan", "NaN", "Inf"):
        assert bad not in a


# ---------------------------------------------------------------- lifetime

def test_fit_given_as_a_temporary():
    # Nothing but the argument holds the fit: it must outlive the plot.
    svg = inotusurv.plot_km(inotusurv.km(AML["time"], AML["event"], group=AML["x"]))
    assert len(by_class(parse(svg), "km-curve")) == 2


def test_fit_closed_during_the_plot_is_freed_after_it(monkeypatch):
    """close() from elsewhere (another thread, while ctypes has released
    the GIL) while the C plot exists: the C fit must stay until the plot is
    freed."""
    fits = aml_fits()
    finalizer = fits["Maintained"]._handle._free
    real = _lib.lib.isurv_plot_svg
    alive_inside = []

    def closing_svg(plot, buf, size, needed):
        fits["Nonmaintained"].close()
        alive_inside.append(finalizer.alive)
        return real(plot, buf, size, needed)

    monkeypatch.setattr(_lib.lib, "isurv_plot_svg", closing_svg)
    svg = inotusurv.plot_km(fits)
    monkeypatch.undo()
    assert alive_inside == [True, True]   # the size query and the render
    assert not finalizer.alive           # freed once the plot was
    assert len(by_class(parse(svg), "km-curve")) == 2
    assert fits["Maintained"].closed


def test_closed_fit():
    fits = aml_fits()
    finalizer = fits["Maintained"]._handle._free
    median = fits["Maintained"].median()
    fits["Maintained"].close()
    assert not finalizer.alive
    # Every curve of the km() call shares the C fit.
    assert fits["Nonmaintained"].closed
    assert "closed" in repr(fits["Nonmaintained"])
    for call in (lambda: inotusurv.plot_km(fits),
                 lambda: fits["Nonmaintained"].median(),
                 lambda: fits["Maintained"].surv_at(10),
                 lambda: fits["Maintained"].risk_table([0, 10]),
                 lambda: fits["Maintained"].rmst(50)):
        with pytest.raises(inotusurv.ClosedError) as err:
            call()
        assert isinstance(err.value, ValueError) and err.value.status is None
    fits["Maintained"].close()   # again: nothing happens
    # The arrays were copied and stay.
    assert list(fits["Maintained"].surv)[0] == 10 / 11
    assert median.estimate == 31.0
    one = inotusurv.km([1, 2], [1, 1])
    one.close()
    with pytest.raises(inotusurv.ClosedError):
        one.plot()


def test_close_waits_for_a_borrower():
    fit = inotusurv.km([1, 2, 3], [1, 0, 1])
    finalizer = fit._handle._free
    with fit._handle.borrow():
        fit.close()
        assert fit.closed and finalizer.alive
    assert not finalizer.alive
    fit = inotusurv.km([1, 2, 3], [1, 0, 1])
    finalizer = fit._handle._free
    del fit
    gc.collect()
    assert not finalizer.alive


# ---------------------------------------------------------------- bad input

def raises(exc, status=None, **kwargs):
    fits = kwargs.pop("fits", None) or aml_fits()
    with pytest.raises(exc) as err:
        inotusurv.plot_km(fits, **kwargs)
    if status is not None:
        assert err.value.status == status
        assert err.value.strerror == inotusurv.strerror(status)
        assert str(err.value).find(err.value.strerror) >= 0
    return err.value


def test_bad_names_of_options():
    e = raises(inotusurv.OptionError, errors.EOPTION, legend="middle")
    assert "legend='middle'" in str(e) and "'topright'" in str(e)
    e = raises(inotusurv.OptionError, errors.EOPTION, censor_marks="x")
    assert "censor_marks='x'" in str(e)
    raises(TypeError, legend=3)
    raises(TypeError, censor_marks=1)
    e = raises(inotusurv.OptionError, errors.EOPTION, digits=7)
    assert e.function == "isurv_plot_set_digits"
    raises(inotusurv.OptionError, errors.EOPTION, digits=-1)
    raises(inotusurv.OptionError, errors.EOPTION, digits=2 ** 40)
    raises(TypeError, digits=1.5)
    raises(inotusurv.OptionError, errors.EOPTION, percent=2)
    raises(inotusurv.OptionError, errors.EOPTION, conf_bands=-1)
    raises(inotusurv.OptionError, errors.EOPTION, risk_table=7)
    raises(TypeError, percent="yes")


def test_bad_sizes_and_axes():
    for width, height in ((-600, 500), (0, 500), (119, 500), (20001, 500),
                          (500, math.nan), (500, math.inf), (720, -1)):
        e = raises(inotusurv.ArgumentError, errors.EARG, width=width,
                   height=height)
        assert e.function == "isurv_plot_set_size"
    raises(TypeError, width="big")
    raises(TypeError, height="560")
    raises(TypeError, xmax="10")
    for xmax, xstep in ((-1, 0), (0, -5), (math.nan, 0), (0, math.inf),
                        (1000, 0.5)):
        e = raises(inotusurv.ArgumentError, errors.EARG, xmax=xmax, xstep=xstep)
        assert e.function == "isurv_plot_set_xaxis"
    # 120 px cannot hold the plot area above a risk table and a legend:
    # refused when drawn.
    e = raises(inotusurv.ArgumentError, errors.EARG, width=120, height=120)
    assert e.function == "isurv_plot_svg"
    inotusurv.plot_km(aml_fits(), width=120, height=120, risk_table=False,
                      legend="none", xlab="", ylab="")


def test_bad_names_and_colors():
    e = raises(inotusurv.ShapeError, names=["one"])
    assert "names has 1 values for 2 curves" in str(e)
    raises(inotusurv.ShapeError, names=["a", "b", "c"])
    raises(inotusurv.ShapeError, names="one name, two curves")
    raises(inotusurv.ShapeError, colors=["#000000"])
    e = raises(inotusurv.CurveIndexError, names={"Nope": "x"})
    assert isinstance(e, IndexError) and "'Nope'" in str(e)
    raises(TypeError, names=[1, 2])
    raises(TypeError, names=5)
    e = raises(inotusurv.ArgumentError, errors.EARG, colors=["red", None])
    assert e.function == "isurv_plot_set_curve_color"
    for bad in ("#12345", "#1234567", "#12G456", '"/><x'):
        raises(inotusurv.ArgumentError, errors.EARG, colors=[None, bad])


@pytest.mark.parametrize("bad", ["a\nb", "tab\there", "\x7f\x01", "\ud800",
                                 "\ufffe"])
def test_bad_text(bad):
    for kwargs, function in (({"title": bad}, "isurv_plot_set_title"),
                             ({"xlab": bad}, "isurv_plot_set_axis_labels"),
                             ({"ylab": bad}, "isurv_plot_set_axis_labels"),
                             ({"names": [bad, None]}, "isurv_plot_set_curve_name"),
                             ({"annotation": bad}, "isurv_plot_set_annotation"),
                             ({"pvalue": 0.5, "pvalue_label": bad},
                              "isurv_plot_set_pvalue")):
        e = raises(inotusurv.ArgumentError, errors.EARG, **kwargs)
        assert e.function == function


def test_nul_in_text():
    # C would stop at the NUL and draw the rest silently: refused here.
    e = raises(inotusurv.ArgumentError, errors.EARG, title="a\0b")
    assert e.function is None and "NUL" in str(e)
    raises(inotusurv.ArgumentError, errors.EARG, names=["\0", None])
    raises(TypeError, title=b"bytes")


def test_bad_pvalue():
    for p in (-0.01, 1.01, math.nan):
        e = raises(inotusurv.ProbabilityError, errors.EPROB, pvalue=p)
        assert e.function == "isurv_plot_set_pvalue"
    raises(TypeError, pvalue="0.05")
    raises(TypeError, pvalue=0.05, annotation="both")


def test_bad_fit_arguments():
    fits = aml_fits()
    with pytest.raises(inotusurv.InputError) as err:
        inotusurv.plot_km(fits["Maintained"])
    assert "pass the dict" in str(err.value)
    with pytest.raises(inotusurv.InputError):
        fits["Maintained"].plot()
    with pytest.raises(inotusurv.InputError):
        inotusurv.plot_km({"Maintained": fits["Maintained"]})
    with pytest.raises(inotusurv.InputError):
        inotusurv.plot_km({"a": fits["Maintained"], "b": fits["Maintained"]})
    other = aml_fits()
    with pytest.raises(inotusurv.InputError):
        inotusurv.plot_km({"a": fits["Maintained"], "b": other["Nonmaintained"]})
    with pytest.raises(inotusurv.InputError):
        inotusurv.plot_km({})
    with pytest.raises(TypeError):
        inotusurv.plot_km({"a": 1, "b": 2})
    with pytest.raises(TypeError):
        inotusurv.plot_km(list(fits.values()))
    with pytest.raises(TypeError):
        inotusurv.plot_km(None)


def test_failed_call_leaves_the_fit_usable():
    fits = aml_fits()
    before = inotusurv.plot_km(fits)
    with pytest.raises(inotusurv.ArgumentError):
        inotusurv.plot_km(fits, title="bad\n")
    assert not fits["Maintained"].closed
    assert inotusurv.plot_km(fits) == before
    assert fits["Maintained"]._handle._borrowers == 0

