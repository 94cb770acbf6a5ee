"""Median follow-up by the reverse Kaplan-Meier method."""
import ctypes

from . import _arrays, _lib
from ._options import Options
from .errors import check
from .kaplan_meier import Quantile

_lib.declare({
    "isurv_followup_median": (ctypes.c_int, [
        _lib.c_double_p, _lib.c_double_p, _lib.c_double_p, _lib.c_double_p,
        _lib.c_int_p, ctypes.c_size_t, _lib.handle]),
})


def followup_median(time, event, conf_level=0.95, conf_type="log", *,
                    timefix=True):
    """(estimate, lower, upper): the median follow-up time, i.e. the median
    of the Kaplan-Meier curve with events and censorings swapped (Schemper
    and Smith 1996), with its confidence interval (NaN where not reached).
    R: quantile(survfit(Surv(time, 1 - event) ~ 1), 0.5)."""
    opts = Options(conf_level=conf_level, conf_type=conf_type, timefix=timefix)
    t = _arrays.doubles(time, "time")
    e = _arrays.events(event, "event")
    _arrays.same_length(time=t, event=e)
    est, lower, upper = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    with opts:
        check(_lib.lib.isurv_followup_median(
            ctypes.byref(est), ctypes.byref(lower), ctypes.byref(upper),
            t.ptr, e.ptr, t.n, opts.handle), "isurv_followup_median")
    return Quantile(est.value, lower.value, upper.value)
