"""Censoring helpers and time units: censoring at an intervening event
(such as a stem cell transplant), administrative censoring, days to
months, months between calendar dates."""
import ctypes
import datetime
import operator

from . import _arrays, _lib
from ._options import _number
from .errors import EDATE, check, error_for

_D, _I, _S, _INT = _lib.c_double_p, _lib.c_int_p, ctypes.c_size_t, ctypes.c_int

_lib.declare({
    "isurv_censor_at": (_INT, [_D, _I, _D, _I, _D, _S]),
    "isurv_censor_admin": (_INT, [_D, _I, _D, _I, _S, ctypes.c_double]),
    "isurv_days_to_months": (_INT, [_D, _D, _S]),
    "isurv_months_between": (_INT, [_D] + [_INT] * 6),
})

# ISURV_DAYS_PER_MONTH: 365.25 / 12.
DAYS_PER_MONTH = 30.4375


def censor_at(time, event, at):
    """(time, event) with subject i censored at at[i] when at[i] < time[i];
    at[i] None, NaN or +inf means no intervening event.  At a tie the
    observed outcome stands.  New arrays are returned; the inputs are
    left alone."""
    t = _arrays.doubles(time, "time")
    e = _arrays.events(event, "event")
    a = _arrays.doubles(at, "at")
    _arrays.same_length(time=t, event=e, at=a)
    out_t, out_e = _arrays.new_doubles(t.n), _arrays.new_ints(t.n)
    check(_lib.lib.isurv_censor_at(out_t.ptr, out_e.ptr, t.ptr, e.ptr, a.ptr,
                                   t.n), "isurv_censor_at")
    return _arrays.result(out_t), _arrays.result(out_e)


def censor_admin(time, event, cutoff):
    """(time, event) with every time after cutoff turned into (cutoff, 0):
    administrative censoring at a data cut-off."""
    t = _arrays.doubles(time, "time")
    e = _arrays.events(event, "event")
    _arrays.same_length(time=t, event=e)
    cutoff = _number(cutoff, "cutoff")
    out_t, out_e = _arrays.new_doubles(t.n), _arrays.new_ints(t.n)
    check(_lib.lib.isurv_censor_admin(out_t.ptr, out_e.ptr, t.ptr, e.ptr, t.n,
                                      cutoff), "isurv_censor_admin",
          "cutoff=%r" % cutoff)
    return _arrays.result(out_t), _arrays.result(out_e)


def days_to_months(days):
    """Days to months at 30.4375 days a month: a float for one number, an
    array (or list) for a sequence.  An empty sequence is an EmptyError, as
    in C."""
    d, scalar = _arrays.query_points(days, "days")
    out = _arrays.new_doubles(d.n)
    check(_lib.lib.isurv_days_to_months(out.ptr, d.ptr, d.n),
          "isurv_days_to_months")
    return _arrays.result(out, scalar)


def _ymd(value, name):
    """(year, month, day) of a date, a datetime (its date), a numpy
    datetime64 or a (year, month, day) tuple (checked by the library)."""
    if _arrays.np is not None and isinstance(value, _arrays.np.datetime64):
        value = value.astype("datetime64[D]").item()
    if isinstance(value, datetime.date):
        return value.year, value.month, value.day
    if isinstance(value, tuple) and len(value) == 3:
        try:
            ymd = tuple(operator.index(v) for v in value)
        except TypeError:
            raise TypeError("%s: year, month and day must be integers"
                            % name) from None
        if all(_arrays.INT_MIN <= v <= _arrays.INT_MAX for v in ymd):
            return ymd
        raise error_for(EDATE, "isurv_months_between", "%s=%r" % (name, value))
    raise TypeError("%s must be a datetime.date or a (year, month, day) "
                    "tuple, not %s" % (name, type(value).__name__))


def months_between(date0, date1):
    """Months from date0 to date1 (negative if date1 is earlier): whole
    days between the proleptic Gregorian dates, over 30.4375."""
    ymd0, ymd1 = _ymd(date0, "date0"), _ymd(date1, "date1")
    out = ctypes.c_double()
    check(_lib.lib.isurv_months_between(ctypes.byref(out), *(ymd0 + ymd1)),
          "isurv_months_between", "%r to %r" % (ymd0, ymd1))
    return out.value
