"""Kaplan-Meier estimation: km() and the KMFit it returns (R's survfit)."""
import collections
import ctypes
import weakref

from . import _arrays, _lib
from ._options import Options, _number
from .errors import check

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
    (or at interpreter exit)."""

    def __init__(self, ptr):
        self.ptr = ptr
        self._free = weakref.finalize(self, _lib.lib.isurv_km_free, ptr)


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
        return "<KMFit group=%r n=%d times=%d conf_type=%r conf_level=%r>" % (
            self.group, self.n, len(self), self.conf_type, self.conf_level)

    def quantile(self, p):
        """(estimate, lower, upper) of the time by which a fraction p has had
        the event (S <= 1 - p), by print.survfit's rule; NaN where the curve
        or a confidence limit never gets there.  p in (0, 1)."""
        est, lower, upper = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        p = _number(p, "p")
        check(_lib.lib.isurv_km_quantile(
            self._handle.ptr, self._curve, p, ctypes.byref(est),
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
        check(_lib.lib.isurv_km_surv_at(self._handle.ptr, self._curve, t.ptr,
                                        t.n, *[o.ptr for o in outs]),
              "isurv_km_surv_at")
        return SurvAt(*[_arrays.result(o, scalar) for o in outs])

    def risk_table(self, times):
        """(n_risk, cum_event, cum_censor) at the given times: the table
        printed under a KM plot.  n_risk is the risk set of the first
        observed time >= t (0 past the last); events and censorings are
        counted up to and including t."""
        t, scalar = _arrays.query_points(times, "times")
        outs = [_arrays.new_doubles(t.n) for _ in RiskTable._fields]
        check(_lib.lib.isurv_km_risk_table(self._handle.ptr, self._curve,
                                           t.ptr, t.n, *[o.ptr for o in outs]),
              "isurv_km_risk_table")
        return RiskTable(*[_arrays.result(o, scalar) for o in outs])

    def rmst(self, tau):
        """(estimate, std_err) of the restricted mean survival time to
        tau > 0 (R's print(fit, rmean=tau))."""
        est, se = ctypes.c_double(), ctypes.c_double()
        tau = _number(tau, "tau")
        check(_lib.lib.isurv_km_rmst(self._handle.ptr, self._curve, tau,
                                     ctypes.byref(est), ctypes.byref(se)),
              "isurv_km_rmst", "tau=%r" % tau)
        return RMST(est.value, se.value)


def km(time, event, *, weights=None, entry=None, group=None,
       conf_level=0.95, conf_type="log", timefix=True):
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
    opts = Options(conf_level=conf_level, conf_type=conf_type, timefix=timefix)
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
    handle = _Handle(out)

    conf_level = float(conf_level)
    fits = collections.OrderedDict()
    for curve in range(_lib.lib.isurv_km_ncurves(out)):
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
