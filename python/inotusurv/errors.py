"""Exceptions.  A C status becomes an exception whose message is the
library's isurv_strerror() text, so Python and C users see the same words.

InotusurvError
 +- InputError (also ValueError): bad input, one subclass per status
 |   +- EmptyError, TimeError, EventError, WeightError, EntryError,
 |   |  OptionError, ProbabilityError, ArgumentError, DateError, SizeError,
 |   |  GroupsError, VarianceError, TableError, DimensionError,
 |   |  FormatError, VersionError
 |   +- CurveIndexError (also IndexError)
 |   +- ShapeError: arrays of different lengths or not 1-D (found in Python)
 |   +- ClosedError: a KMFit used after close() (found in Python)
 +- OutOfMemoryError (also MemoryError): ISURV_ENOMEM
 +- ConvergenceError (also ArithmeticError): ISURV_ENOCONV
 +- OutputError (also OSError): ISURV_EIO
 +- BindingError (also RuntimeError): ISURV_ENULL / ISURV_EBUFFER, which
    only a bug in this package can cause
"""
from . import _lib

# enum isurv_status, as in inotusurv.h (values never change).
OK = 0
ENULL = 1
EEMPTY = 2
ETIME = 3
EEVENT = 4
EWEIGHT = 5
EENTRY = 6
EOPTION = 7
ENOMEM = 8
EINDEX = 9
EPROB = 10
EARG = 11
EBUFFER = 12
EDATE = 13
ESIZE = 14
EGROUPS = 15
EVARIANCE = 16
ETABLE = 17
EDIM = 18
ENOCONV = 19
EIO = 20
EFORMAT = 21
EVERSION = 22


class InotusurvError(Exception):
    """Base class.  Attributes: status (the C status code, or None for a
    check made in Python), strerror (isurv_strerror(status), or None) and
    function (the C function that failed, or None)."""

    def __init__(self, message, status=None, strerror=None, function=None):
        super().__init__(message)
        self.status = status
        self.strerror = strerror
        self.function = function


class InputError(InotusurvError, ValueError):
    """Bad input: the arguments are at fault."""


class EmptyError(InputError):
    """ISURV_EEMPTY: no observations."""


class TimeError(InputError):
    """ISURV_ETIME: a time is NaN, infinite or negative."""


class EventError(InputError):
    """ISURV_EEVENT: an event indicator is not 0 or 1."""


class WeightError(InputError):
    """ISURV_EWEIGHT: a case weight is negative, NaN or infinite, or the
    weights sum to more than DBL_MAX / 2."""


class EntryError(InputError):
    """ISURV_EENTRY: an entry time is invalid or not below its exit time."""


class OptionError(InputError):
    """ISURV_EOPTION: an option (conf_level, conf_type, ...) is invalid."""


class CurveIndexError(InputError, IndexError):
    """ISURV_EINDEX: a curve, group or column index is out of range."""


class ProbabilityError(InputError):
    """ISURV_EPROB: a probability is outside its allowed range."""


class ArgumentError(InputError):
    """ISURV_EARG: another argument is out of range (tau <= 0, ...)."""


class DateError(InputError):
    """ISURV_EDATE: a calendar date does not exist."""


class SizeError(InputError):
    """ISURV_ESIZE: the problem is larger than the library supports."""


class GroupsError(InputError):
    """ISURV_EGROUPS: fewer than two groups to compare."""


class VarianceError(InputError):
    """ISURV_EVARIANCE: the test statistic has zero variance."""


class TableError(InputError):
    """ISURV_ETABLE: a table cell is negative, non-integer or not finite."""


class DimensionError(InputError):
    """ISURV_EDIM: a table is too small or has an empty margin."""


class FormatError(InputError):
    """ISURV_EFORMAT: bytes are not a well-formed serialised object."""


class VersionError(InputError):
    """ISURV_EVERSION: a serialised object's format version is not one the
    library reads."""


class ShapeError(InputError):
    """Arrays that are not 1-D or whose lengths differ (checked in Python,
    so status is None)."""


class ClosedError(InputError):
    """A KMFit whose C object was released by close() (checked in Python,
    so status is None)."""


class OutOfMemoryError(InotusurvError, MemoryError):
    """ISURV_ENOMEM: the library could not allocate memory."""


class ConvergenceError(InotusurvError, ArithmeticError):
    """ISURV_ENOCONV: an iterative computation did not converge."""


class OutputError(InotusurvError, OSError):
    """ISURV_EIO: writing an output file failed."""


class BindingError(InotusurvError, RuntimeError):
    """ISURV_ENULL or ISURV_EBUFFER: the binding passed a NULL pointer or a
    short buffer, which is a bug in this package: please report it."""


_CLASS_OF_STATUS = {
    ENULL: BindingError,
    EEMPTY: EmptyError,
    ETIME: TimeError,
    EEVENT: EventError,
    EWEIGHT: WeightError,
    EENTRY: EntryError,
    EOPTION: OptionError,
    ENOMEM: OutOfMemoryError,
    EINDEX: CurveIndexError,
    EPROB: ProbabilityError,
    EARG: ArgumentError,
    EBUFFER: BindingError,
    EDATE: DateError,
    ESIZE: SizeError,
    EGROUPS: GroupsError,
    EVARIANCE: VarianceError,
    ETABLE: TableError,
    EDIM: DimensionError,
    ENOCONV: ConvergenceError,
    EIO: OutputError,
    EFORMAT: FormatError,
    EVERSION: VersionError,
}


def error_for(status, function=None, detail=None):
    """The exception for a non-zero C status: its class by the status, its
    message isurv_strerror(status), prefixed by the C function's name and
    followed by `detail` when given.  Unknown codes (from a newer library)
    give the base class."""
    text = _lib.strerror(status)
    message = text if function is None else "%s: %s" % (function, text)
    if detail:
        message = "%s (%s)" % (message, detail)
    cls = _CLASS_OF_STATUS.get(status, InotusurvError)
    return cls(message, status=status, strerror=text, function=function)


def check(status, function, detail=None):
    """Raises error_for(status, ...) unless status is ISURV_OK."""
    if status != OK:
        raise error_for(status, function, detail)
