"""The log-rank family (R survival's survdiff, and the weights R lacks):
logrank_test() and the LogRank it returns, logrank_pairwise() and
p_adjust() (R's p.adjust)."""
import collections
import collections.abc
import ctypes
import weakref

from . import _arrays, _lib
from ._options import Options, _code, _number
from .errors import EOPTION, check, error_for

_D, _I, _H = _lib.c_double_p, _lib.c_int_p, _lib.handle
_S, _INT = ctypes.c_size_t, ctypes.c_int

_lib.declare({
    "isurv_logrank_test": (_INT, [_lib.handle_p, _D, _I, _I, _S, _I, _D, _H]),
    "isurv_logrank_free": (None, [_H]),
    "isurv_logrank_ngroups": (_S, [_H]),
    "isurv_logrank_group": (_INT, [_H, _S, _I]),
    "isurv_logrank_stat": (_INT, [_H, _D, _D, _D]),
    "isurv_logrank_log_p": (_INT, [_H, _D]),
    "isurv_logrank_table": (_INT, [_H, _D, _D, _D, _D, _D, _S]),
    "isurv_logrank_variance": (_INT, [_H, _D, _S]),
    "isurv_logrank_nstrata": (_S, [_H]),
    "isurv_logrank_stratum": (_INT, [_H, _S, _I, _D, _D, _S]),
    "isurv_logrank_trend": (_INT, [_H, _D, _S, _D, _D]),
    "isurv_p_adjust": (_INT, [_D, _D, _S, _INT]),
    "isurv_logrank_pairwise": (_INT, [_D, _S, _D, _I, _I, _S, _I, _D, _H,
                                      _INT]),
})

# enum isurv_adjust, by R's p.adjust method names ("fdr" is R's alias of
# "BH").  R's "hommel" has no counterpart in the library.
ADJUST_METHODS = {
    "none": 0,
    "bonferroni": 1,
    "holm": 2,
    "BH": 3,
    "fdr": 3,
    "hochberg": 4,
    "BY": 5,
}

# The weights= names: the library's (_options.WEIGHT_TYPES) and aliases.
WEIGHT_ALIASES = {
    "logrank": "logrank",
    "grho": "grho",
    "fh": "fh",
    "gehan": "gehan",
    "gb": "gehan",          # statsmodels' name: Gehan-Breslow
    "wilcoxon": "gehan",
    "tarone-ware": "tarone-ware",
    "tw": "tarone-ware",    # statsmodels' name
}

# The library refuses more groups than this (ISURV_ESIZE); the pairwise
# call is then given no p-value buffer, which would otherwise need
# k(k-1)/2 doubles before the library can say so.
_MAX_GROUPS = 1 << 20

Trend = collections.namedtuple("Trend", "chisq p_value")
StratumSums = collections.namedtuple("StratumSums", "observed expected")


def _weight_spec(weights, rho, p, q):
    """(the library's weight name, p, q) for the keyword arguments."""
    kind = _code(WEIGHT_ALIASES, weights, "weights")
    rho = _number(rho, "rho")
    if kind == "fh":
        if p is None or q is None:
            raise TypeError("weights='fh' needs both p and q "
                            "(S(t-)^p (1 - S(t-))^q)")
        if rho != 0.0:
            raise error_for(EOPTION, None, "rho=%r is for weights 'logrank' "
                            "or 'grho'; 'fh' takes p and q" % rho)
        return kind, _number(p, "p"), _number(q, "q")
    if p is not None or q is not None:
        raise error_for(EOPTION, None, "p and q are for weights='fh' only, "
                        "not %r" % weights)
    if kind == "logrank" and rho != 0.0:
        kind = "grho"   # R's survdiff(rho=): G-rho, rho = 1 Peto-Peto
    if kind == "grho":
        return kind, rho, 0.0
    if rho != 0.0:
        raise error_for(EOPTION, None, "rho=%r is for weights 'logrank' or "
                        "'grho', not %r" % (rho, weights))
    return kind, 0.0, 0.0


def _survival_inputs(time, event, group, strata, entry):
    """C arrays and label lists of the data arguments, lengths checked."""
    t = _arrays.doubles(time, "time")
    e = _arrays.events(event, "event")
    g, group_labels = _arrays.groups(group, "group")
    s, strata_labels = (None, None) if strata is None else _arrays.groups(
        strata, "strata")
    en = None if entry is None else _arrays.doubles(entry, "entry")
    _arrays.same_length(time=t, event=e, group=g, strata=s, entry=en)
    return t, e, g, group_labels, s, strata_labels, en


def _label(code, labels):
    """The caller's label of a C label: coded labels were numbered in
    sorted order, integer labels went to C as they are."""
    return code if labels is None else labels[code]


class _Handle:
    """Owns one isurv_logrank, freed with the last LogRank using it."""

    def __init__(self, ptr):
        self.ptr = ptr
        self._free = weakref.finalize(self, _lib.lib.isurv_logrank_free, ptr)


def _matrix(flat, k):
    """A row-major k*k buffer as a k x k numpy array, else a list of lists."""
    if _arrays.np is not None:
        return flat.owner.reshape(k, k)
    values = list(flat.owner)
    return [values[i * k:(i + 1) * k] for i in range(k)]


class LogRank:
    """The result of logrank_test(): R's survdiff and more.

    chisq, df, p_value (upper tail), log_p (its log, finite where p_value
    underflows to 0): the test on the groups with expected > 0.
    groups: the group labels, ascending; the arrays below follow it.
    n (subjects), observed, expected (weighted, as R's), oe2_e
    ((O-E)^2/E) and oe2_v ((O-E)^2/V): numpy arrays, or lists without
    numpy.  variance: the k x k variance matrix of O - E (numpy 2-D, or a
    list of lists).  strata: {stratum label: StratumSums(observed,
    expected)} in ascending label order, with the single key None when no
    strata were given.  weights, p, q: the weight used (the library's
    name; p is rho for 'grho').  trend(scores) tests for a trend.
    """

    def __init__(self, handle, group_labels, strata_labels, stratified,
                 weights):
        self._handle = handle
        lib, ptr = _lib.lib, handle.ptr
        self.weights, self.p, self.q = weights
        k = lib.isurv_logrank_ngroups(ptr)
        self._k = k
        label = ctypes.c_int()
        groups = []
        for i in range(k):
            check(lib.isurv_logrank_group(ptr, i, ctypes.byref(label)),
                  "isurv_logrank_group")
            groups.append(_label(label.value, group_labels))
        self.groups = groups

        chisq, df, p = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        check(lib.isurv_logrank_stat(ptr, ctypes.byref(chisq), ctypes.byref(df),
                                     ctypes.byref(p)), "isurv_logrank_stat")
        log_p = ctypes.c_double()
        check(lib.isurv_logrank_log_p(ptr, ctypes.byref(log_p)),
              "isurv_logrank_log_p")
        self.chisq, self.df, self.p_value = chisq.value, df.value, p.value
        self.log_p = log_p.value

        cols = [_arrays.new_doubles(k) for _ in range(5)]
        check(lib.isurv_logrank_table(ptr, *[c.ptr for c in cols], k),
              "isurv_logrank_table")
        (self.n, self.observed, self.expected, self.oe2_e,
         self.oe2_v) = [_arrays.result(c) for c in cols]

        flat = _arrays.new_doubles(k * k)
        check(lib.isurv_logrank_variance(ptr, flat.ptr, k * k),
              "isurv_logrank_variance")
        self.variance = _matrix(flat, k)

        strata = collections.OrderedDict()
        for s in range(lib.isurv_logrank_nstrata(ptr)):
            obs, exp = _arrays.new_doubles(k), _arrays.new_doubles(k)
            check(lib.isurv_logrank_stratum(ptr, s, ctypes.byref(label),
                                            obs.ptr, exp.ptr, k),
                  "isurv_logrank_stratum")
            key = _label(label.value, strata_labels) if stratified else None
            strata[key] = StratumSums(_arrays.result(obs), _arrays.result(exp))
        self.strata = dict(strata)

    def __repr__(self):
        return "<LogRank groups=%r chisq=%r df=%r p_value=%r weights=%r>" % (
            self.groups, self.chisq, self.df, self.p_value, self.weights)

    def trend(self, scores=None):
        """Trend(chisq, p_value) of the test for a trend over the ordered
        groups, (c'U)^2 / (c'Vc) on 1 df with U = O - E and the fit's
        weight.  scores: one number per group in the order of `groups`
        (or a mapping {label: score} covering every group); None means
        1, 2, ..., k."""
        if scores is None:
            c = None
        else:
            if isinstance(scores, collections.abc.Mapping):
                missing = [g for g in self.groups if g not in scores]
                if missing:
                    raise KeyError("scores has no entry for groups %r" % missing)
                scores = [scores[g] for g in self.groups]
            c = _arrays.doubles(scores, "scores")
        chisq, p = ctypes.c_double(), ctypes.c_double()
        check(_lib.lib.isurv_logrank_trend(
            self._handle.ptr, _arrays.ptr(c), 0 if c is None else c.n,
            ctypes.byref(chisq), ctypes.byref(p)), "isurv_logrank_trend")
        return Trend(chisq.value, p.value)


def logrank_test(time, event, group, *, strata=None, entry=None, rho=0.0,
                 weights="logrank", p=None, q=None, timefix=True,
                 threads=None):
    """Compares the survival of the groups (R's survdiff(Surv(time, event)
    ~ group + strata(strata), rho=rho)).

    time: follow-up times (>= 0); event: 1 for the event, 0 for censored;
    group: labels, at least two distinct (integers as they are, other
    labels must sort together); strata: labels for a stratified test;
    entry: entry times for left truncation, subject i being at risk on
    (entry[i], time[i]] (R's survdiff has none); timefix: merge times
    closer than sqrt(DBL_EPSILON) as R does.

    weights: "logrank" (w = 1; with rho != 0 it is G-rho, as R's rho=),
    "grho" (S(t-)^rho; rho = 1 is Peto-Peto), "fh" (Fleming-Harrington
    S(t-)^p (1 - S(t-))^q, p and q required), "gehan" (also "gb",
    "wilcoxon": w = number at risk), "tarone-ware" (also "tw": its square
    root).  S is the pooled Kaplan-Meier estimate within the stratum.

    Returns a LogRank.
    """
    weight = _weight_spec(weights, rho, p, q)
    opts = Options(timefix=timefix, weights=weight, threads=threads)
    t, e, g, glabels, s, slabels, en = _survival_inputs(time, event, group,
                                                        strata, entry)
    out = ctypes.c_void_p()
    with opts:
        check(_lib.lib.isurv_logrank_test(ctypes.byref(out), t.ptr, e.ptr,
                                          g.ptr, t.n, _arrays.ptr(s),
                                          _arrays.ptr(en), opts.handle),
              "isurv_logrank_test")
    return LogRank(_Handle(out), glabels, slabels, strata is not None, weight)


def _distinct(g, labels):
    """The group labels in ascending order (as the library orders them)."""
    if labels is not None:
        return list(labels)
    if _arrays.np is not None:
        return [int(v) for v in _arrays.np.unique(g.owner)]
    return sorted(set(g.owner))


def logrank_pairwise(time, event, group, *, strata=None, entry=None, rho=0.0,
                     weights="logrank", p=None, q=None, adjust="holm",
                     timefix=True, threads=None):
    """The test of logrank_test() on every pair of groups, each on that
    pair's subjects alone (R's survdiff on the subset), with the same
    strata, entry times and weight, the p values adjusted by `adjust`
    (p_adjust's method names; "none" for the raw values).

    Returns a dict {(label_i, label_j): p value} with label_i < label_j,
    in the library's order (0, 1), (0, 2), ..., (k-2, k-1) of the
    ascending labels.
    """
    method = _code(ADJUST_METHODS, adjust, "adjust")
    weight = _weight_spec(weights, rho, p, q)
    opts = Options(timefix=timefix, weights=weight, threads=threads)
    t, e, g, glabels, s, _, en = _survival_inputs(time, event, group, strata,
                                                  entry)
    labels = _distinct(g, glabels)
    k = len(labels)
    npairs = k * (k - 1) // 2 if 2 <= k <= _MAX_GROUPS else 0
    # One slot at least: the library wants a pointer even when it will
    # report an error about the data (n = 0, one group, too many groups).
    out = _arrays.new_doubles(max(npairs, 1))
    with opts:
        check(_lib.lib.isurv_logrank_pairwise(
            out.ptr, npairs, t.ptr, e.ptr, g.ptr, t.n, _arrays.ptr(s),
            _arrays.ptr(en), opts.handle, method), "isurv_logrank_pairwise")
    pairs = [(labels[i], labels[j]) for i in range(k) for j in range(i + 1, k)]
    return {pair: float(out.owner[i]) for i, pair in enumerate(pairs)}


def p_adjust(p, method="holm"):
    """p values adjusted for multiple comparisons, as R's p.adjust(p,
    method): "bonferroni", "holm" (the default, as R's), "hochberg", "BH"
    (or "fdr"), "BY", "none".  NaN or None (R's NA) stays NaN and is not
    counted.  One number gives a float, a sequence an array (a list
    without numpy) in the same order."""
    code = _code(ADJUST_METHODS, method, "method")
    values, scalar = _arrays.query_points(p, "p")
    out = _arrays.new_doubles(values.n)
    check(_lib.lib.isurv_p_adjust(out.ptr, values.ptr, values.n, code),
          "isurv_p_adjust")
    return _arrays.result(out, scalar)
