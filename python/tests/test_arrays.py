"""Inputs: numpy arrays passed without a copy when C can read them as they
are, converted otherwise, never modified; plain sequences of every kind;
results as numpy arrays."""
import pytest

import inotusurv
from inotusurv import _arrays
from helpers import assert_close, dataset

np = pytest.importorskip("numpy")

AML = dataset("aml")


def reference_fit():
    """The aml fit from plain lists, which every array form must match."""
    return inotusurv.km(list(AML["time"]), list(AML["event"]))


def same_fit(a, b):
    for column in inotusurv.KMFit.columns:
        assert_close(getattr(a, column), getattr(b, column), rtol=0.0,
                     what=column)


def test_contiguous_float64_is_not_copied():
    t = np.array(AML["time"], dtype=np.float64)
    view = _arrays.doubles(t, "time")
    assert view.address == t.ctypes.data
    assert view.owner is t


def test_int32_events_are_not_copied():
    e = np.array(AML["event"], dtype=np.int32)
    view = _arrays.events(e)
    assert view.address == e.ctypes.data
    g = np.array([1, 2, 1], dtype=np.int32)
    gview, labels = _arrays.groups(g)
    assert gview.address == g.ctypes.data and labels is None


@pytest.mark.parametrize("make", [
    lambda x: np.array(x, dtype=np.float32),
    lambda x: np.array(x, dtype=np.int64),
    lambda x: np.array(x, dtype=">f8"),
    lambda x: np.repeat(np.array(x, dtype=np.float64), 2)[::2],
    lambda x: np.asfortranarray(np.array([x, x], dtype=np.float64))[0],
], ids=["float32", "int64", "big-endian", "strided", "fortran-row"])
def test_other_time_arrays_are_converted(make):
    t = make(AML["time"])
    before = t.copy()
    view = _arrays.doubles(t, "time")
    assert view.address != t.ctypes.data
    assert view.owner.dtype == np.float64 and view.owner.flags.c_contiguous
    same_fit(inotusurv.km(t, AML["event"]), reference_fit())
    assert np.array_equal(t, before) and t.dtype == before.dtype


@pytest.mark.parametrize("make", [
    lambda x: np.array(x, dtype=np.int64),
    lambda x: np.array(x, dtype=np.float64),
    lambda x: np.array(x, dtype=bool),
    lambda x: np.array(x, dtype=np.uint8),
    lambda x: np.repeat(np.array(x, dtype=np.int32), 3)[::3],
], ids=["int64", "float64", "bool", "uint8", "strided"])
def test_other_event_arrays_are_converted(make):
    e = make(AML["event"])
    before = e.copy()
    assert _arrays.events(e).address != e.ctypes.data
    same_fit(inotusurv.km(AML["time"], e), reference_fit())
    assert np.array_equal(e, before)


def test_inputs_are_never_modified():
    lung = dataset("lung")
    t = np.array(lung["time"], dtype=np.float64)
    e = np.array(lung["event"], dtype=np.int32)
    w = np.array(lung["w"], dtype=np.float64)
    g = np.array(lung["sex"], dtype=np.int32)
    at = np.where(np.arange(len(t)) % 3 == 0, t / 2, np.nan)
    copies = [a.copy() for a in (t, e, w, g, at)]
    for a in (t, e, w, g, at):
        a.flags.writeable = False  # C writing through would now fault
    inotusurv.km(t, e, weights=w, group=g, conf_type="log-log")
    inotusurv.km(t, e, entry=t / 4)
    inotusurv.followup_median(t, e)
    inotusurv.censor_at(t, e, at)
    inotusurv.censor_admin(t, e, 365.0)
    inotusurv.days_to_months(t)
    for a, c in zip((t, e, w, g, at), copies):
        assert np.array_equal(a, c, equal_nan=True)


@pytest.mark.parametrize("make", [
    list, tuple, lambda x: iter(list(x)), lambda x: (v for v in x),
    lambda x: [np.float64(v) for v in x],
], ids=["list", "tuple", "iterator", "generator", "numpy-scalars"])
def test_sequences(make):
    same_fit(inotusurv.km(make(AML["time"]), make(AML["event"])), reference_fit())


def test_range_and_integral_float_events():
    fit = inotusurv.km(range(1, 6), [1.0, 0.0, 1.0, 1.0, 0.0])
    same = inotusurv.km([1, 2, 3, 4, 5], [1, 0, 1, 1, 0])
    same_fit(fit, same)


def test_results_are_numpy_arrays():
    fit = reference_fit()
    assert inotusurv.HAVE_NUMPY
    for column in inotusurv.KMFit.columns:
        a = getattr(fit, column)
        assert isinstance(a, np.ndarray) and a.dtype == np.float64
    t, e = inotusurv.censor_admin(AML["time"], AML["event"], 30)
    assert t.dtype == np.float64 and e.dtype == np.intc
    assert isinstance(inotusurv.days_to_months([1.0, 2.0]), np.ndarray)
    assert isinstance(inotusurv.days_to_months(np.float64(30.4375)), float)


def test_shape_errors():
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.km([1, 2, 3], [1, 0])
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.km(np.ones((2, 2)), [1, 0, 1, 0])
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.km([1, 2], [1, 0], weights=[1, 1, 1])
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.km([1, 2], [1, 0], group=np.array([[1], [2]]))
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.km(5.0, 1)
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.censor_at([1, 2], [1, 0], [None])
    assert issubclass(inotusurv.ShapeError, ValueError)


def test_type_errors():
    with pytest.raises(TypeError):
        inotusurv.km("12", [1, 0])
    with pytest.raises(TypeError):
        inotusurv.km([1, "a"], [1, 0])
    with pytest.raises(TypeError):
        inotusurv.km([1, 2], [1, "x"])
    with pytest.raises(TypeError):
        inotusurv.km(np.array(["1", "2"]), [1, 0])
    with pytest.raises(TypeError):
        inotusurv.km([1, 2], [1, 0], conf_type=1)
    with pytest.raises(TypeError):
        inotusurv.km([1, 2], [1, 0], conf_level="high")
    with pytest.raises(TypeError):
        inotusurv.km([1, 2], [1, 0], group=[1, "a"])


def test_string_group_labels_match_integer_codes():
    codes = [0 if x == "Maintained" else 1 for x in AML["x"]]
    by_name = inotusurv.km(AML["time"], AML["event"], group=AML["x"])
    by_code = inotusurv.km(AML["time"], AML["event"], group=np.array(codes))
    assert list(by_name) == ["Maintained", "Nonmaintained"]
    assert list(by_code) == [0, 1]
    for name, code in zip(by_name, by_code):
        assert by_name[name].group == name
        same_fit(by_name[name], by_code[code])
    as_array = inotusurv.km(AML["time"], AML["event"], group=np.array(AML["x"]))
    assert list(as_array) == ["Maintained", "Nonmaintained"]


def test_group_labels_ascending_and_unusual_ints():
    t, e = [1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 1, 1]
    fits = inotusurv.km(t, e, group=[7, -3, 7, 2**31 - 1, -3, 2])
    assert list(fits) == [-3, 2, 7, 2**31 - 1]
    assert [f.n for f in fits.values()] == [2, 1, 2, 1]
    # Integral floats are integer labels; others are coded labels.
    assert list(inotusurv.km(t, e, group=np.array([2.0, 1, 1, 2, 1, 2]))) == [1, 2]
    assert list(inotusurv.km(t, e, group=[0.5, 1, 1, 2**40, 1, 0.5])) == [0.5, 1, 2**40]


def test_missing_group_label():
    with pytest.raises(inotusurv.InputError):
        inotusurv.km([1, 2, 3], [1, 1, 0], group=["a", None, "b"])
    with pytest.raises(inotusurv.InputError):
        inotusurv.km([1, 2, 3], [1, 1, 0], group=np.array([1.0, np.nan, 2.0]))


def test_event_values_c_cannot_hold_reach_the_c_check():
    for bad in ([1, 0.5], [1, None], [1, 2**40], np.array([1.0, np.nan]),
                np.array([1, 2**40]), [1, 2], np.array([1, -1], dtype=np.int32)):
        with pytest.raises(inotusurv.EventError) as info:
            inotusurv.km([1, 2], bad)
        assert info.value.status == 4
        assert info.value.function == "isurv_km_fit"


def test_fits_outlive_their_dict():
    fit = inotusurv.km(AML["time"], AML["event"], group=AML["x"])["Nonmaintained"]
    import gc
    gc.collect()
    assert fit.median().estimate == fit.quantile(0.5).estimate
    assert len(fit.surv_at([1, 2, 3]).surv) == 3
