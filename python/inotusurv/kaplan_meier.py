"""Kaplan-Meier estimation: km() and the KMFit it returns (R's survfit)."""
import collections
import contextlib
import ctypes
import threading
import weakref

from . import _arrays, _lib
from ._options import Options, _number
from .errors import ClosedError, check

_D, _I, _H = _lib.c_double_p, _lib.c_int_p, _lib.handle
_S, _INT, _DBL = ctypes.c_size_t, ctypes.c_int, ctypes.c_double

_lib.declare({
    "isurv_km_fit": (_INT, [_lib.handle_p, _D, _I, _S, _D, _D, _I, _H]),
    "isurv_km_free": (None, [_H]),
    "isurv_km_ncurves": (_S, [_H]),
    "isurv_km_group": (_INT, [_H, _S, _I]),
    "isurv_km_nobs": (_INT, [_H, _S, _lib.c_size_t_p]),
    "isurv_km_ntimes": (_INT, [_H, _S, _lib.c_size_t_p]),
    "isurv_km_column": (_INT, [_H, _S, _INT, _D, _S]),
    "isurv_km_surv_at": (_INT, [_H, _S, _D, _S, _D, _D, _D, _D]),
    "isurv_km_risk_table": (_INT, [_H, _S, _D, _S, _D, _D, _D]),
    "isurv_km_quantile": (_INT, [_H, _S, _DBL, _D, _D, _D]),
    "isurv_km_rmst": (_INT, [_H, _S, _DBL, _D, _D]),
})

# enum isurv_km_column, by the KMFit attribute that holds the column.
COLUMNS = collections.OrderedDict([
    ("time", 0),
    ("n_risk", 1),
    ("n_event", 2),
    ("n_censor", 3),
    ("n_enter", 4),
    ("surv", 5),
    ("std_err", 6),
    ("lower", 7),
    ("upper", 8),
    ("cumhaz", 9),
    ("std_chaz", 10),
    ("std_logsurv", 11),
])

Quantile = collections.namedtuple("Quantile", "estimate lower upper")
SurvAt = collections.namedtuple("SurvAt", "surv std_err lower upper")
RiskTable = collections.namedtuple("RiskTable", "n_risk cum_event cum_censor")
RMST = collections.namedtuple("RMST", "estimate std_err")


class _Handle:
    """Owns one isurv_km; it is freed when the last KMFit using it goes
    (or at interpreter exit), or by close().

    Every C call on the fit runs inside borrow(), and so does the life of
    a C plot, which keeps a pointer to the fit.  ctypes releases the GIL
    during a call, so another thread may call close() meanwhile: the free
    then waits until the last borrower is done."""

    def __init__(self, ptr, ncurves):
        self.ptr = ptr
        self.ncurves = ncurves
        self._lock = threading.Lock()
        self._borrowers = 0
        self._closed = False
        self._free = weakref.finalize(self, _lib.lib.isurv_km_free, ptr)

    @property
    def closed(self):
        return self._closed

    @contextlib.contextmanager
    def borrow(self):
        """The C pointer, valid until the block ends; ClosedError after
        close()."""
        with self._lock:
            if self._closed:
                raise ClosedError("the Kaplan-Meier fit is closed: close() "
                                  "released its C object")
            self._borrowers += 1
        try:
            yield self.ptr
        finally:
            with self._lock:
                self._borrowers -= 1
                free = self._closed and self._borrowers == 0
            if free:
                self._free()

    def close(self):
        with self._lock:
            self._closed = True
            free = self._borrowers == 0
        if free:
            self._free()


class KMFit:
    """One Kaplan-Meier curve.

    Arrays, one value per distinct time (numpy arrays, or lists without
    numpy): time, n_risk, n_event, n_censor, n_enter, surv, std_err (the
    Greenwood SE of S, as R's summary.survfit shows it), lower, upper
    (pointwise confidence limits, NaN where undefined), cumhaz
    (Nelson-Aalen), std_chaz, std_logsurv (the SE of log S, R's
    survfit()$std.err).  Counts are weighted when weights were given.

    Attributes: n (number of subjects, i.e. rows, in this curve), group
    (its label, None without group=), conf_level, conf_type.

    The arrays are Python copies; the methods call the C fit, which
    close() releases at once (for every curve of the same km() call)
    instead of when the last KMFit goes.  A method of a closed fit raises
    ClosedError; the arrays stay.
    """

    columns = tuple(COLUMNS)

    def __init__(self, handle, curve, group, conf_level, conf_type):
        self._handle = handle
        self._curve = curve
        self.group = group
        self.conf_level = conf_level
        self.conf_type = conf_type
        lib, ptr = _lib.lib, handle.ptr
        size = ctypes.c_size_t()
        check(lib.isurv_km_nobs(ptr, curve, ctypes.byref(size)), "isurv_km_nobs")
        self.n = size.value
        check(lib.isurv_km_ntimes(ptr, curve, ctypes.byref(size)), "isurv_km_ntimes")
        rows = size.value
        for name, column in COLUMNS.items():
            buf = _arrays.new_doubles(rows)
            check(lib.isurv_km_column(ptr, curve, column, buf.ptr, rows),
                  "isurv_km_column")
            setattr(self, name, _arrays.result(buf))

    def __len__(self):
        return len(self.time)

    def __repr__(self):
        return "<KMFit group=%r n=%d times=%d conf_type=%r conf_level=%r%s>" % (
            self.group, self.n, len(self), self.conf_type, self.conf_level,
            " closed" if self.closed else "")

    @property
    def closed(self):
        """True once close() was called on this or a sibling curve."""
        return self._handle.closed

    def close(self):
        """Releases the C fit now, for this curve and every other curve of
        the same km() call.  Calling it again does nothing."""
        self._handle.close()

    def plot(self, path=None, **kwargs):
        """plot_km(self, path, **kwargs): the SVG figure of this curve.  A
        curve of a km(..., group=) fit with several curves cannot be drawn
        alone: plot the dict, plot_km(fits)."""
        from .plot import plot_km  # plot imports this module
        return plot_km(self, path, **kwargs)

    def quantile(self, p):
        """(estimate, lower, upper) of the time by which a fraction p has had
        the event (S <= 1 - p), by print.survfit's rule; NaN where the curve
        or a confidence limit never gets there.  p in (0, 1)."""
        est, lower, upper = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        p = _number(p, "p")
        with self._handle.borrow() as fit:
            check(_lib.lib.isurv_km_quantile(
                fit, self._curve, p, ctypes.byref(est),
                ctypes.byref(lower), ctypes.byref(upper)),
                "isurv_km_quantile", "p=%r" % p)
        return Quantile(est.value, lower.value, upper.value)

    def median(self):
        """quantile(0.5): the median survival time and its interval."""
        return self.quantile(0.5)

    def surv_at(self, times):
        """(surv, std_err, lower, upper) at the given times (R's
        summary(fit, times=)): the step function is right-continuous, 1
        before the first time and its last value after the last.  A single
        number gives floats, a sequence gives arrays."""
        t, scalar = _arrays.query_points(times, "times")
        outs = [_arrays.new_doubles(t.n) for _ in SurvAt._fields]
        with self._handle.borrow() as fit:
            check(_lib.lib.isurv_km_surv_at(fit, self._curve, t.ptr, t.n,
                                            *[o.ptr for o in outs]),
                  "isurv_km_surv_at")
        return SurvAt(*[_arrays.result(o, scalar) for o in outs])

    def risk_table(self, times):
        """(n_risk, cum_event, cum_censor) at the given times: the table
        printed under a KM plot.  n_risk is the risk set of the first
        observed time >= t (0 past the last); events and censorings are
        counted up to and including t."""
        t, scalar = _arrays.query_points(times, "times")
        outs = [_arrays.new_doubles(t.n) for _ in RiskTable._fields]
        with self._handle.borrow() as fit:
            check(_lib.lib.isurv_km_risk_table(fit, self._curve, t.ptr, t.n,
                                               *[o.ptr for o in outs]),
                  "isurv_km_risk_table")
        return RiskTable(*[_arrays.result(o, scalar) for o in outs])

    def rmst(self, tau):
        """(estimate, std_err) of the restricted mean survival time to
        tau > 0 (R's print(fit, rmean=tau))."""
        est, se = ctypes.c_double(), ctypes.c_double()
        tau = _number(tau, "tau")
        with self._handle.borrow() as fit:
            check(_lib.lib.isurv_km_rmst(fit, self._curve, tau,
                                         ctypes.byref(est), ctypes.byref(se)),
                  "isurv_km_rmst", "tau=%r" % tau)
        return RMST(est.value, se.value)


def km(time, event, *, weights=None, entry=None, group=None,
       conf_level=0.95, conf_type="log", timefix=True, threads=None):
    """Kaplan-Meier estimate (R's survfit(Surv(time, event) ~ 1)).

    time: follow-up times (>= 0); event: 1 for the event, 0 for censored;
    weights: case weights (>= 0); entry: entry times for left truncation,
    subject i being at risk on (entry[i], time[i]]; group: labels, one
    curve per distinct label; conf_level in (0, 1); conf_type one of "log"
    (R's default), "log-log", "plain", "logit", "arcsin", "none"; timefix:
    merge times closer than sqrt(DBL_EPSILON) as R does.

    Returns a KMFit, or with group= a dict {label: KMFit} in ascending
    label order.  Integer labels are used as they are; other labels
    (strings, ...) must sort together.
    """
    opts = Options(conf_level=conf_level, conf_type=conf_type, timefix=timefix,
                   threads=threads)
    t = _arrays.doubles(time, "time")
    e = _arrays.events(event, "event")
    w = None if weights is None else _arrays.doubles(weights, "weights")
    en = None if entry is None else _arrays.doubles(entry, "entry")
    g, labels = (None, None) if group is None else _arrays.groups(group, "group")
    _arrays.same_length(time=t, event=e, weights=w, entry=en, group=g)

    out = ctypes.c_void_p()
    with opts:
        check(_lib.lib.isurv_km_fit(ctypes.byref(out), t.ptr, e.ptr, t.n,
                                    _arrays.ptr(w), _arrays.ptr(en),
                                    _arrays.ptr(g), opts.handle),
              "isurv_km_fit")
    handle = _Handle(out, _lib.lib.isurv_km_ncurves(out))

    conf_level = float(conf_level)
    fits = collections.OrderedDict()
    for curve in range(handle.ncurves):
        label = ctypes.c_int()
        check(_lib.lib.isurv_km_group(out, curve, ctypes.byref(label)),
              "isurv_km_group")
        # Coded labels were numbered in sorted order, so C's ascending
        # order of codes is the ascending order of the labels.
        key = label.value if labels is None else labels[label.value]
        fits[key] = KMFit(handle, curve, None if group is None else key,
                          conf_level, conf_type)
    if group is None:
        return fits[0]
    return dict(fits)
