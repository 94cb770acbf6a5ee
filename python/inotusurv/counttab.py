"""Count tables (isurv_counttab_build(3)): the per-(stratum, group, time)
counts that Kaplan-Meier, the log-rank family and reverse Kaplan-Meier
follow-up are functions of, as an object that each partition of a data
set builds where it lives, that moves as bytes and that merges in any
order.  The fit of the merged table is the fit of all the rows.

    parts = [CountTable.from_arrays(t, e, group=g) for t, e, g in shards]
    table = functools.reduce(CountTable.merge, parts)
    table.km(), table.logrank_test(), table.followup_median()

Tables pickle as their bytes, so multiprocessing, Dask or Spark can
return them from workers as they are, or as table.to_bytes().
"""
import collections
import ctypes
import weakref

from . import _arrays, _lib
from ._options import Options
from .errors import EWEIGHT, check
from .kaplan_meier import KMFit, Quantile
from .kaplan_meier import _Handle as _KMHandle
from .logrank import LogRank, _weight_spec
from .logrank import _Handle as _LRHandle

_D, _I, _H = _lib.c_double_p, _lib.c_int_p, _lib.handle
_S, _INT, _SP = ctypes.c_size_t, ctypes.c_int, _lib.c_size_t_p
_U8 = ctypes.POINTER(ctypes.c_ubyte)

_lib.declare({
    "isurv_counttab_build": (_INT, [_lib.handle_p, _D, _I, _S, _D, _D, _I, _I]),
    "isurv_counttab_free": (None, [_H]),
    "isurv_counttab_merge": (_INT, [_lib.handle_p, _H, _H]),
    "isurv_counttab_dim": (_INT, [_H, _SP, _SP, _SP, _SP]),
    "isurv_counttab_to_bytes": (_INT, [_H, _U8, _S, _SP]),
    "isurv_counttab_from_bytes": (_INT, [_lib.handle_p, _U8, _S]),
    "isurv_counttab_km": (_INT, [_lib.handle_p, _H, _H]),
    "isurv_counttab_logrank": (_INT, [_lib.handle_p, _H, _H]),
    "isurv_counttab_followup": (_INT, [_D, _D, _D, _H, _H]),
})

Dimensions = collections.namedtuple("Dimensions", "nobs nstrata ngroups ncells")


def _int_labels(x, name):
    """A C int array of labels, which for a table must be integers: every
    partition must give a label the same meaning, which codes made up per
    call (as km() makes for strings) would not."""
    arr, coded = _arrays.groups(x, name)
    if coded is not None:
        raise TypeError("%s: count-table labels must be integers (every "
                        "partition must use the same codes)" % name)
    return arr


class CountTable:
    """A count table; build one with from_arrays() or from_bytes().

    Immutable: merge() returns a new table.  Two tables are equal when
    they hold the same rows (their bytes are equal), however they were
    partitioned and merged.  Attributes from isurv_counttab_dim: nobs
    (rows), nstrata, ngroups (distinct labels), ncells ((stratum, group,
    time) cells).
    """

    __slots__ = ("_ptr", "_free", "__weakref__")

    def __init__(self, ptr):
        """Takes ownership of a C isurv_counttab pointer (internal: use
        from_arrays or from_bytes)."""
        if not isinstance(ptr, ctypes.c_void_p) or not ptr:
            raise TypeError("use CountTable.from_arrays() or "
                            "CountTable.from_bytes()")
        self._ptr = ptr
        self._free = weakref.finalize(self, _lib.lib.isurv_counttab_free, ptr)

    @classmethod
    def from_arrays(cls, time, event, *, group=None, strata=None,
                    weights=None, entry=None):
        """The table of one partition of the data: time (>= 0), event (1 for
        the event, 0 for censored), and optionally integer group and strata
        labels, case weights (>= 0) and entry times (left truncation, row i
        at risk on (entry[i], time[i]]).  No rows give the empty table,
        the identity of merge()."""
        t = _arrays.doubles(time, "time")
        e = _arrays.events(event, "event")
        g = None if group is None else _int_labels(group, "group")
        s = None if strata is None else _int_labels(strata, "strata")
        w = None if weights is None else _arrays.doubles(weights, "weights")
        en = None if entry is None else _arrays.doubles(entry, "entry")
        _arrays.same_length(time=t, event=e, group=g, strata=s, weights=w,
                            entry=en)
        out = ctypes.c_void_p()
        check(_lib.lib.isurv_counttab_build(
            ctypes.byref(out), t.ptr, e.ptr, t.n, _arrays.ptr(w),
            _arrays.ptr(en), _arrays.ptr(g), _arrays.ptr(s)),
            "isurv_counttab_build")
        return cls(out)

    @classmethod
    def empty(cls):
        """The table of no rows: merging it with a table gives that table."""
        return cls.from_arrays([], [])

    @classmethod
    def from_bytes(cls, data):
        """The table from bytes written by to_bytes() (any platform).
        FormatError for bytes that are not a table, VersionError for an
        unknown format version."""
        if isinstance(data, str) or not isinstance(
                data, (bytes, bytearray, memoryview)):
            raise TypeError("data must be bytes, not %s" % type(data).__name__)
        data = bytes(data)
        n = len(data)
        # One byte at least, so that C gets a pointer even for no bytes
        # and answers ISURV_EFORMAT.
        buf = (ctypes.c_ubyte * max(n, 1))()
        ctypes.memmove(buf, data, n)
        out = ctypes.c_void_p()
        check(_lib.lib.isurv_counttab_from_bytes(
            ctypes.byref(out), ctypes.cast(buf, _U8), n),
            "isurv_counttab_from_bytes")
        return cls(out)

    def to_bytes(self):
        """The table in the versioned, endian-independent format of
        isurv_counttab_build(3)."""
        size = ctypes.c_size_t()
        check(_lib.lib.isurv_counttab_to_bytes(self._ptr, None, 0,
                                               ctypes.byref(size)),
              "isurv_counttab_to_bytes")
        buf = (ctypes.c_ubyte * size.value)()
        check(_lib.lib.isurv_counttab_to_bytes(
            self._ptr, ctypes.cast(buf, _U8), size.value, ctypes.byref(size)),
            "isurv_counttab_to_bytes")
        return bytes(buf)

    def merge(self, other):
        """A new table holding the rows of both.  Commutative and
        associative, bit for bit: any merge order gives the same table."""
        if not isinstance(other, CountTable):
            raise TypeError("can only merge a CountTable, not %s"
                            % type(other).__name__)
        out = ctypes.c_void_p()
        check(_lib.lib.isurv_counttab_merge(ctypes.byref(out), self._ptr,
                                            other._ptr),
              "isurv_counttab_merge")
        return CountTable(out)

    def dim(self):
        """Dimensions(nobs, nstrata, ngroups, ncells)."""
        v = [ctypes.c_size_t() for _ in Dimensions._fields]
        check(_lib.lib.isurv_counttab_dim(self._ptr, *[ctypes.byref(x) for x in v]),
              "isurv_counttab_dim")
        return Dimensions(*[x.value for x in v])

    nobs = property(lambda self: self.dim().nobs, doc="rows in the table")
    nstrata = property(lambda self: self.dim().nstrata,
                       doc="distinct stratum labels")
    ngroups = property(lambda self: self.dim().ngroups,
                       doc="distinct group labels")
    ncells = property(lambda self: self.dim().ncells,
                      doc="(stratum, group, time) cells")

    def km(self, *, conf_level=0.95, conf_type="log", timefix=True,
           by_group=None, threads=None):
        """Kaplan-Meier from the table: what km() gives on its rows, one
        curve per group label pooled over strata.  A KMFit, or a dict
        {label: KMFit} in ascending label order when by_group is True.
        by_group=None decides by the table: a dict unless its only group
        label is 0 (the label of rows built without group=)."""
        opts = Options(conf_level=conf_level, conf_type=conf_type,
                       timefix=timefix, threads=threads)
        out = ctypes.c_void_p()
        with opts:
            check(_lib.lib.isurv_counttab_km(ctypes.byref(out), self._ptr,
                                             opts.handle), "isurv_counttab_km")
        handle = _KMHandle(out, _lib.lib.isurv_km_ncurves(out))
        labels = []
        label = ctypes.c_int()
        for curve in range(handle.ncurves):
            check(_lib.lib.isurv_km_group(out, curve, ctypes.byref(label)),
                  "isurv_km_group")
            labels.append(label.value)
        grouped = labels != [0] if by_group is None else bool(by_group)
        if not grouped and len(labels) != 1:
            raise ValueError("by_group=False, but the table has %d groups"
                             % len(labels))
        conf_level = float(conf_level)
        fits = collections.OrderedDict(
            (lab, KMFit(handle, curve, lab if grouped else None, conf_level,
                        conf_type))
            for curve, lab in enumerate(labels))
        return dict(fits) if grouped else fits[labels[0]]

    def logrank_test(self, rho=0.0, *, weights="logrank", p=None, q=None,
                     timefix=True):
        """The log-rank test of the table's groups within its strata, as
        logrank_test() on its rows (rho, weights, p and q as there).  The
        family takes no case weights: a table built with weights other than
        1 gives WeightError.  The LogRank's strata have the single key None
        when the table's only stratum label is 0 (rows built without
        strata=)."""
        weight = _weight_spec(weights, rho, p, q)
        opts = Options(timefix=timefix, weights=weight)
        out = ctypes.c_void_p()
        with opts:
            rc = _lib.lib.isurv_counttab_logrank(ctypes.byref(out), self._ptr,
                                                 opts.handle)
        check(rc, "isurv_counttab_logrank",
              "the table holds case weights, which the log-rank family does "
              "not take: build the table without weights" if rc == EWEIGHT
              else None)
        handle = _LRHandle(out)
        strata = []
        label = ctypes.c_int()
        for s in range(_lib.lib.isurv_logrank_nstrata(out)):
            check(_lib.lib.isurv_logrank_stratum(out, s, ctypes.byref(label),
                                                 None, None, 0),
                  "isurv_logrank_stratum")
            strata.append(label.value)
        return LogRank(handle, None, None, strata != [0], weight)

    def followup_median(self, conf_level=0.95, conf_type="log", *,
                        timefix=True):
        """Quantile(estimate, lower, upper): the median follow-up of all
        the rows by the reverse Kaplan-Meier method, as followup_median()
        (with the table's weights and entry times, if any)."""
        opts = Options(conf_level=conf_level, conf_type=conf_type,
                       timefix=timefix)
        est, lower, upper = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        with opts:
            check(_lib.lib.isurv_counttab_followup(
                ctypes.byref(est), ctypes.byref(lower), ctypes.byref(upper),
                self._ptr, opts.handle), "isurv_counttab_followup")
        return Quantile(est.value, lower.value, upper.value)

    def __eq__(self, other):
        if not isinstance(other, CountTable):
            return NotImplemented
        return self.to_bytes() == other.to_bytes()

    __hash__ = None

    def __reduce__(self):
        return (CountTable.from_bytes, (self.to_bytes(),))

    def __repr__(self):
        d = self.dim()
        return "<CountTable nobs=%d nstrata=%d ngroups=%d ncells=%d>" % d
