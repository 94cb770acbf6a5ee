"""inotusurv: Python binding of libinotusurv (survival statistics with R
survival's conventions), through ctypes.

The shared library is found by $INOTUSURV_LIBRARY (a path), then a build
tree ($INOTUSURV_BUILDDIR, or lib/.libs/ above this package), then the
system's library path; its version is checked at import.

Inputs are sequences or numpy arrays (not copied when already C-contiguous
float64 / int32).  Array results are numpy arrays when numpy is
importable, lists otherwise (HAVE_NUMPY says which).  Errors are
InotusurvError subclasses carrying the library's isurv_strerror() message.
"""
from . import _lib
from ._arrays import HAVE_NUMPY
from ._lib import strerror, version
from ._options import CONF_TYPES
from .contingency import (ALTERNATIVES, ChisqTest, ConfInt, FisherExact,
                          PropTrend, chisq_test, fisher_exact,
                          prop_trend_test)
from .censoring import (DAYS_PER_MONTH, censor_admin, censor_at,
                        days_to_months, months_between)
from .counttab import CountTable, Dimensions
from .errors import (ArgumentError, BindingError, ClosedError,
                     ConvergenceError, CurveIndexError, DateError,
                     DimensionError, EmptyError, EntryError, EventError,
                     FormatError, GroupsError, InotusurvError,
                     InputError, OptionError, OutOfMemoryError, OutputError,
                     ProbabilityError, ShapeError, SizeError, TableError,
                     TimeError, VarianceError, VersionError, WeightError)
from .followup import followup_median
from .kaplan_meier import RMST, KMFit, Quantile, RiskTable, SurvAt, km
from .logrank import (ADJUST_METHODS, WEIGHT_ALIASES, LogRank, StratumSums,
                      Trend, logrank_pairwise, logrank_test, p_adjust)
from .plot import CENSOR_MARKS, LEGEND_POSITIONS, plot_km

__version__ = "0.1.0"

# Where the library was loaded from, and its version as (major, minor, patch).
library_path = _lib.library_path
library_version_info = _lib.version_info


def bound_functions():
    """The names of the C functions this binding declares, sorted."""
    return sorted(_lib.BOUND)


__all__ = [
    "km", "KMFit", "Quantile", "SurvAt", "RiskTable", "RMST",
    "followup_median",
    "logrank_test", "logrank_pairwise", "p_adjust", "LogRank", "Trend",
    "StratumSums", "ADJUST_METHODS", "WEIGHT_ALIASES",
    "plot_km", "LEGEND_POSITIONS", "CENSOR_MARKS",
    "chisq_test", "fisher_exact", "prop_trend_test", "ChisqTest",
    "FisherExact", "ConfInt", "PropTrend", "ALTERNATIVES",
    "CountTable", "Dimensions",
    "censor_at", "censor_admin", "days_to_months", "months_between",
    "DAYS_PER_MONTH", "CONF_TYPES",
    "version", "strerror", "library_path", "library_version_info",
    "bound_functions", "HAVE_NUMPY",
    "InotusurvError", "InputError", "EmptyError", "TimeError", "EventError",
    "WeightError", "EntryError", "OptionError", "CurveIndexError",
    "ProbabilityError", "ArgumentError", "DateError", "SizeError",
    "GroupsError", "VarianceError", "TableError", "DimensionError",
    "ShapeError", "ClosedError", "OutOfMemoryError", "ConvergenceError",
    "OutputError", "FormatError", "VersionError",
    "BindingError",
]
