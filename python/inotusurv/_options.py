"""isurv_opts: the library's opaque options object, built for one call.

    with Options(conf_level=0.9, conf_type="log-log") as opts:
        check(lib.isurv_km_fit(..., opts.handle), "isurv_km_fit")

Arguments left as None keep the library's defaults.  The weight setter is
here for the log-rank family (see README.md).
"""
import ctypes
import operator

from . import _lib
from .errors import EOPTION, check, error_for

_lib.declare({
    "isurv_opts_new": (ctypes.c_int, [_lib.handle_p]),
    "isurv_opts_free": (None, [_lib.handle]),
    "isurv_opts_set_conf_level": (ctypes.c_int, [_lib.handle, ctypes.c_double]),
    "isurv_opts_set_conf_type": (ctypes.c_int, [_lib.handle, ctypes.c_int]),
    "isurv_opts_set_timefix": (ctypes.c_int, [_lib.handle, ctypes.c_int]),
    "isurv_opts_set_threads": (ctypes.c_int, [_lib.handle, ctypes.c_int]),
    "isurv_opts_set_weights": (ctypes.c_int, [_lib.handle, ctypes.c_int,
                                              ctypes.c_double, ctypes.c_double]),
})

# enum isurv_conf_type, by R's conf.type names.
CONF_TYPES = {
    "log": 0,
    "log-log": 1,
    "plain": 2,
    "logit": 3,
    "arcsin": 4,
    "none": 5,
}

# enum isurv_weight_type, for the log-rank family.
WEIGHT_TYPES = {
    "logrank": 0,
    "grho": 1,
    "fh": 2,
    "gehan": 3,
    "tarone-ware": 4,
}


def _code(table, value, what):
    """The enum value for a name, or OptionError with the C message."""
    if not isinstance(value, str):
        raise TypeError("%s must be a string, one of %s"
                        % (what, ", ".join(map(repr, table))))
    try:
        return table[value]
    except KeyError:
        raise error_for(EOPTION, None, "%s=%r; use one of %s" % (
            what, value, ", ".join(map(repr, table)))) from None


def _number(value, what):
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError("%s must be a number, not %r" % (what, value)) from None


def _flag(value, what):
    """True/False (or 0/1); the library rejects other integers."""
    try:
        return _lib.int_arg(operator.index(value), -1)
    except TypeError:
        raise TypeError("%s must be True or False, not %r" % (what, value)) from None


class Options:
    """A context manager owning one isurv_opts."""

    def __init__(self, conf_level=None, conf_type=None, timefix=None,
                 weights=None, threads=None):
        # Names are checked before anything is allocated.
        self._conf_type = None if conf_type is None else _code(
            CONF_TYPES, conf_type, "conf_type")
        self._conf_level = None if conf_level is None else _number(
            conf_level, "conf_level")
        self._timefix = None if timefix is None else _flag(timefix, "timefix")
        self._timefix_given = timefix
        if weights is not None:
            kind, p, q = weights
            weights = (_code(WEIGHT_TYPES, kind, "weights"),
                       _number(p, "rho/p"), _number(q, "q"))
        self._weights = weights
        # Threads only change the speed: results are identical for any count.
        if threads is not None:
            try:
                threads = _lib.int_arg(operator.index(threads), -1)
            except TypeError:
                raise TypeError("threads must be an int, not %r" % (threads,)) from None
        self._threads = threads
        self.handle = None

    def __enter__(self):
        out = ctypes.c_void_p()
        check(_lib.lib.isurv_opts_new(ctypes.byref(out)), "isurv_opts_new")
        self.handle = out
        try:
            self._apply()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _apply(self):
        lib, h = _lib.lib, self.handle
        if self._conf_level is not None:
            check(lib.isurv_opts_set_conf_level(h, self._conf_level),
                  "isurv_opts_set_conf_level", "conf_level=%r" % self._conf_level)
        if self._conf_type is not None:
            check(lib.isurv_opts_set_conf_type(h, self._conf_type),
                  "isurv_opts_set_conf_type")
        if self._timefix is not None:
            check(lib.isurv_opts_set_timefix(h, self._timefix),
                  "isurv_opts_set_timefix", "timefix=%r" % (self._timefix_given,))
        if self._weights is not None:
            check(lib.isurv_opts_set_weights(h, *self._weights),
                  "isurv_opts_set_weights")
        if self._threads is not None:
            check(lib.isurv_opts_set_threads(h, self._threads),
                  "isurv_opts_set_threads", "threads=%r" % (self._threads,))

    def __exit__(self, *exc):
        if self.handle is not None:
            _lib.lib.isurv_opts_free(self.handle)
            self.handle = None
        return False
