"""Shared by the tests: the R reference files and tolerant comparison.

Works without numpy too: test_no_numpy.py runs parts of it in a Python
whose numpy import fails."""
import csv
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.join(HERE, "ref")
PYTHON_DIR = os.path.dirname(HERE)

# Agreement with R: relative, as the project's rules ask.
R_RTOL = 1e-12


def read_csv(name):
    """Rows of ref/<name> as dicts of strings."""
    with open(os.path.join(REF, name), newline="") as f:
        return list(csv.DictReader(f))


def num(text):
    """A number as make_ref.R writes it: 17 digits, NA, Inf, -Inf."""
    if text in ("NA", "NaN"):
        return math.nan
    return float(text)


def value(text):
    """A data-set cell: an int, a float, or (a label) the string itself."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return num(text)
    except ValueError:
        return text


def dataset(name):
    """ref/data_<name>.csv as {column: list of values}."""
    rows = read_csv("data_%s.csv" % name)
    return {k: [value(r[k]) for r in rows] for k in rows[0]}


def fit_specs():
    """The fits make_ref.R made, as dicts of (typed) options."""
    specs = []
    for r in read_csv("fits.csv"):
        specs.append({
            "name": r["name"], "data": r["data"], "group": r["group"],
            "weights": r["weights"], "entry": r["entry"],
            "conf_type": r["conf_type"], "conf_level": num(r["conf_level"]),
            "timefix": bool(int(r["timefix"])),
        })
    return specs


def fit_from_spec(isurv, spec):
    """The binding's fit for a fits.csv row, as {R's label: KMFit} with
    label "" for an ungrouped fit."""
    d = dataset(spec["data"])
    kwargs = {"conf_type": spec["conf_type"], "conf_level": spec["conf_level"],
              "timefix": spec["timefix"]}
    for key in ("weights", "entry", "group"):
        if spec[key]:
            kwargs[key] = d[spec[key]]
    fit = isurv.km(d["time"], d["event"], **kwargs)
    if not spec["group"]:
        return {"": fit}
    return {str(label): f for label, f in fit.items()}


def close(a, b, rtol):
    """Equal within rtol relative to the larger magnitude; NaN matches only
    NaN and infinities match only themselves."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rtol * max(abs(a), abs(b))


def assert_close(actual, expected, rtol=R_RTOL, what=""):
    """Element-wise close(); the message lists the first mismatches."""
    actual = [float(x) for x in actual]
    expected = [float(x) for x in expected]
    assert len(actual) == len(expected), "%s: %d values, expected %d" % (
        what, len(actual), len(expected))
    bad = [(i, a, e) for i, (a, e) in enumerate(zip(actual, expected))
           if not close(a, e, rtol)]
    assert not bad, "%s: %d of %d differ (rtol %g), first: %s" % (
        what, len(bad), len(actual), rtol,
        "; ".join("[%d] %r != %r" % b for b in bad[:5]))
