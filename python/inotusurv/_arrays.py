"""Turning Python sequences and numpy arrays into C arrays, and C output
buffers into results.

numpy is optional.  With it, a 1-D array that is already what C wants
(C-contiguous, aligned, native float64 for times and weights, C int --
int32 -- for events and groups) is passed by pointer, not copied; anything
else is converted into a new array.  Without it, values are copied into
ctypes arrays.  Nothing the caller passed is ever written to.

Results are numpy arrays when numpy can be imported, lists otherwise.
"""
import ctypes
import math
import numbers
import operator

from . import _lib
from .errors import InputError, ShapeError

try:
    import numpy as np
except ImportError:  # the package works without numpy: lists come back
    np = None

HAVE_NUMPY = np is not None

_INT_BITS = 8 * ctypes.sizeof(ctypes.c_int)
INT_MIN = -(1 << (_INT_BITS - 1))
INT_MAX = (1 << (_INT_BITS - 1)) - 1
# Stands in for an event value C cannot hold (0.5, None, 2**40): any
# non-0/1 value makes C report ISURV_EEVENT with its own message.
_BAD_EVENT = -1


class CArray:
    """A C view of a 1-D array.  `ptr` goes to ctypes; `owner` keeps the
    memory alive for as long as the view is used."""

    __slots__ = ("ptr", "n", "owner")

    def __init__(self, ptr, n, owner):
        self.ptr = ptr
        self.n = n
        self.owner = owner

    @property
    def address(self):
        """The address of the first element (for tests of copying)."""
        return ctypes.cast(self.ptr, ctypes.c_void_p).value


def _is_scalar(x):
    if np is not None and isinstance(x, np.ndarray):
        return x.ndim == 0
    return isinstance(x, numbers.Number) or (
        np is not None and isinstance(x, np.generic))


def _sequence(x, name):
    """x as something with len() and indexing, or ShapeError/TypeError."""
    if isinstance(x, (str, bytes)):
        raise TypeError("%s must be a sequence of numbers, not a string" % name)
    if _is_scalar(x):
        raise ShapeError("%s must be a 1-D sequence, not a scalar" % name)
    if hasattr(x, "__len__") and hasattr(x, "__getitem__"):
        return x
    try:
        return list(x)
    except TypeError:
        raise TypeError("%s must be a sequence, not %s"
                        % (name, type(x).__name__)) from None


def _py_float(v, name):
    if v is None:
        return math.nan  # missing: C reports it as an invalid value
    if isinstance(v, (str, bytes)):
        raise TypeError("%s: %r is not a number" % (name, v))
    try:
        return float(v)
    except (TypeError, ValueError):
        raise TypeError("%s: %r is not a number" % (name, v)) from None


def _py_int(v, name):
    """v as a Python int when it is an integer value C can hold, else None
    (None, NaN, 0.5, 2**40); TypeError for things that are not numbers."""
    if v is None:
        return None
    if isinstance(v, (str, bytes)):
        raise TypeError("%s: %r is not a number" % (name, v))
    try:
        i = operator.index(v)
    except TypeError:
        f = _py_float(v, name)
        if not (math.isfinite(f) and f.is_integer()):
            return None
        i = int(f)
    return i if INT_MIN <= i <= INT_MAX else None


def _np_array(x, name):
    if isinstance(x, np.ndarray):
        a = x
    else:
        try:
            a = np.asarray(_sequence(x, name))
        except ValueError:  # ragged nested lists
            raise ShapeError("%s must be a 1-D sequence" % name) from None
    if a.ndim != 1:
        raise ShapeError("%s must be 1-D, not %d-D" % (name, a.ndim))
    if a.dtype.kind not in "biufO":
        raise TypeError("%s must hold numbers, not %s" % (name, a.dtype))
    return a


def doubles(x, name):
    """A C double array of x; None values become NaN."""
    if np is not None:
        a = _np_array(x, name)
        if a.dtype.kind == "O":
            a = np.array([_py_float(v, name) for v in a], dtype=np.float64)
        # A no-op when a already is C-contiguous, aligned, native float64.
        a = np.require(a, np.float64, ["C_CONTIGUOUS", "ALIGNED"])
        return CArray(a.ctypes.data_as(_lib.c_double_p), len(a), a)
    seq = _sequence(x, name)
    buf = (ctypes.c_double * len(seq))(*[_py_float(v, name) for v in seq])
    return CArray(buf, len(seq), buf)


def _np_int_mask(a, name):
    """(ok, a): ok marks the elements of a that are integers C can hold."""
    if a.dtype.kind == "O":
        vals = [_py_int(v, name) for v in a]
        ok = np.array([v is not None for v in vals], dtype=bool)
        return ok, np.array([0 if v is None else v for v in vals], dtype=np.int64)
    if a.dtype.kind == "f":
        with np.errstate(invalid="ignore"):
            ok = np.isfinite(a) & (a == np.floor(a)) & (a >= INT_MIN) & (a <= INT_MAX)
        return ok, a
    if a.dtype.kind == "b":
        return np.ones(a.shape, dtype=bool), a
    return (a >= INT_MIN) & (a <= INT_MAX), a


def _intc_view(a):
    a = np.require(a, np.intc, ["C_CONTIGUOUS", "ALIGNED"])
    return CArray(a.ctypes.data_as(_lib.c_int_p), len(a), a)


def events(x, name="event"):
    """A C int array of event indicators.  A value C cannot hold as an int
    is passed as -1, so the library's own check rejects it."""
    if np is not None:
        a = _np_array(x, name)
        if a.dtype == np.intc:
            return _intc_view(a)
        ok, vals = _np_int_mask(a, name)
        if not ok.all():
            vals = np.where(ok, vals, _BAD_EVENT)
        return _intc_view(vals.astype(np.intc) if vals.dtype.kind == "f" else vals)
    seq = _sequence(x, name)
    vals = [_py_int(v, name) for v in seq]
    buf = (ctypes.c_int * len(vals))(*[_BAD_EVENT if v is None else v for v in vals])
    return CArray(buf, len(vals), buf)


def _missing(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


def groups(x, name="group"):
    """(C int array, labels).  Integer labels go to C as they are and labels
    is None; other labels (strings, 1.5, ...) are coded 0, 1, ... in sorted
    order and labels is the sorted list, so labels[code] is the original."""
    if np is not None and isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise ShapeError("%s must be 1-D, not %d-D" % (name, x.ndim))
        if x.dtype == np.intc:
            return _intc_view(x), None
        if x.dtype.kind in "biuf":
            ok, vals = _np_int_mask(x, name)
            if ok.all():
                return _intc_view(vals), None
        values = x.tolist()
    else:
        values = list(_sequence(x, name))
    ints = [_py_int(v, name) if isinstance(v, numbers.Real) else None
            for v in values]
    if all(v is not None for v in ints):
        buf = (ctypes.c_int * len(ints))(*ints)
        return CArray(buf, len(ints), buf), None
    return _coded(values, name)


def _coded(values, name):
    if any(_missing(v) for v in values):
        raise InputError("%s: a group label is missing (None or NaN)" % name)
    try:
        labels = sorted(set(values))
    except TypeError:
        raise TypeError("%s: labels must be integers or values that sort "
                        "together" % name) from None
    code = {v: i for i, v in enumerate(labels)}
    buf = (ctypes.c_int * len(values))(*[code[v] for v in values])
    return CArray(buf, len(values), buf), labels


def same_length(**arrays):
    """ShapeError unless every given CArray (None skipped) has one length."""
    given = [(k, v.n) for k, v in arrays.items() if v is not None]
    if len({n for _, n in given}) > 1:
        raise ShapeError("lengths differ: " +
                         ", ".join("%s has %d" % kn for kn in given))


def ptr(carray):
    """The pointer to pass to C, NULL for None."""
    return None if carray is None else carray.ptr


def query_points(x, name):
    """(CArray, scalar?) for arguments that may be one number or many."""
    if _is_scalar(x):
        return doubles([x], name), True
    return doubles(x, name), False


def new_doubles(n):
    """An output double buffer of n elements."""
    if np is not None:
        a = np.empty(n, dtype=np.float64)
        return CArray(a.ctypes.data_as(_lib.c_double_p), n, a)
    buf = (ctypes.c_double * n)()
    return CArray(buf, n, buf)


def new_ints(n):
    """An output C int buffer of n elements."""
    if np is not None:
        a = np.empty(n, dtype=np.intc)
        return CArray(a.ctypes.data_as(_lib.c_int_p), n, a)
    buf = (ctypes.c_int * n)()
    return CArray(buf, n, buf)


def result(carray, scalar=False):
    """An output buffer as the caller gets it: a numpy array, else a list;
    a float when the query was one number."""
    if scalar:
        return float(carray.owner[0])
    if np is not None:
        return carray.owner
    return list(carray.owner)


def _np_table(x, name):
    if isinstance(x, np.ndarray):
        a = x
    else:
        if not hasattr(x, "__len__"):
            x = list(_sequence(x, name))
        try:
            a = np.asarray(x)
        except ValueError:  # rows of different lengths
            raise ShapeError("%s: rows of different lengths" % name) from None
    if a.ndim == 1 and a.size == 0:
        a = a.reshape(0, 0)  # no rows at all: the library reports it
    if a.ndim != 2:
        raise ShapeError("%s must be 2-D (rows of counts), not %d-D"
                         % (name, a.ndim))
    if a.dtype.kind == "O":
        a = np.array([[_py_float(v, name) for v in row] for row in a],
                     dtype=np.float64).reshape(a.shape)
    elif a.dtype.kind not in "biuf":
        raise TypeError("%s must hold numbers, not %s" % (name, a.dtype))
    # Row-major, as the library reads it; a copy unless already so.
    a = np.ascontiguousarray(a, dtype=np.float64)
    nrow, ncol = a.shape
    if a.size == 0:
        a = np.zeros(1)  # the library wants a pointer even to report EDIM
    return CArray(a.ctypes.data_as(_lib.c_double_p), nrow * ncol, a), nrow, ncol


def table(x, name="table"):
    """(CArray, nrow, ncol) of a 2-D table: a sequence of rows or a 2-D
    numpy array, passed to C row-major.  Rows of different lengths or a
    table that is not 2-D are a ShapeError; None becomes NaN (which the
    library rejects)."""
    if isinstance(x, (str, bytes)) or _is_scalar(x):
        raise (TypeError if isinstance(x, (str, bytes)) else ShapeError)(
            "%s must be a 2-D sequence of counts" % name)
    if np is not None:
        return _np_table(x, name)
    rows = []
    for row in _sequence(x, name):
        if _is_scalar(row) or row is None:
            raise ShapeError("%s must be 2-D (rows of counts), not 1-D" % name)
        rows.append([_py_float(v, name) for v in _sequence(row, name)])
    nrow = len(rows)
    ncol = len(rows[0]) if rows else 0
    if any(len(r) != ncol for r in rows):
        raise ShapeError("%s: rows of different lengths" % name)
    flat = [v for r in rows for v in r]
    buf = (ctypes.c_double * max(len(flat), 1))(*flat)
    return CArray(buf, len(flat), buf), nrow, ncol


def matrix(carray, nrow, ncol):
    """A row-major output buffer as an nrow x ncol numpy array, else a list
    of lists."""
    if np is not None:
        return carray.owner[:nrow * ncol].reshape(nrow, ncol)
    values = list(carray.owner)
    return [values[i * ncol:(i + 1) * ncol] for i in range(nrow)]
