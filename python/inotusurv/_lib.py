"""Finding and loading libinotusurv, checking its version, and the table of
C functions the binding declares.

Every module that calls into C declares its prototypes through declare(),
so BOUND ends up naming every C function the package binds; the coverage
test compares it with the public header.
"""
import ctypes
import ctypes.util
import operator
import os

# The library version this binding was written for: the library's major
# version must be equal and its minor version at least this one (minor
# versions only add functions and status codes).
BINDING_MAJOR = 0
BINDING_MINOR = 1

LIBRARY_ENV = "INOTUSURV_LIBRARY"
BUILDDIR_ENV = "INOTUSURV_BUILDDIR"
# Where libtool leaves the uninstalled shared library in a build tree.
BUILD_TREE_LIBRARY = os.path.join("lib", ".libs", "libinotusurv.so")
# The soname, for a last dlopen() that honours LD_LIBRARY_PATH.
SONAME = "libinotusurv.so.0"

# Short names for the C types of the prototypes.
c_double_p = ctypes.POINTER(ctypes.c_double)
c_int_p = ctypes.POINTER(ctypes.c_int)
c_size_t_p = ctypes.POINTER(ctypes.c_size_t)
handle = ctypes.c_void_p                 # an opaque isurv_* pointer
handle_p = ctypes.POINTER(ctypes.c_void_p)  # an isurv_* ** output


def _build_tree_candidates():
    """Build-tree libraries: $INOTUSURV_BUILDDIR, else the first ancestor of
    this package that holds lib/.libs/libinotusurv.so (an in-tree build)."""
    builddir = os.environ.get(BUILDDIR_ENV)
    if builddir:
        return [(BUILDDIR_ENV, os.path.join(builddir, BUILD_TREE_LIBRARY))]
    here = os.path.dirname(os.path.abspath(__file__))
    while True:
        path = os.path.join(here, BUILD_TREE_LIBRARY)
        if os.path.exists(path):
            return [("build tree", path)]
        parent = os.path.dirname(here)
        if parent == here:
            return []
        here = parent


def _load():
    """Returns (CDLL, path).  An explicit choice (an environment variable)
    is final: failing to load it is an error, never a silent fallback."""
    explicit = os.environ.get(LIBRARY_ENV)
    if explicit:
        try:
            return ctypes.CDLL(explicit), explicit
        except OSError as err:
            raise ImportError("inotusurv: cannot load %s=%s: %s"
                              % (LIBRARY_ENV, explicit, err)) from None
    tried = []
    for how, path in _build_tree_candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as err:
            if how == BUILDDIR_ENV:
                raise ImportError("inotusurv: cannot load %s from %s: %s"
                                  % (path, BUILDDIR_ENV, err)) from None
            tried.append("%s (%s)" % (path, err))
    for name in (ctypes.util.find_library("inotusurv"), SONAME):
        if not name:
            continue
        try:
            return ctypes.CDLL(name), name
        except OSError as err:
            tried.append("%s (%s)" % (name, err))
    raise ImportError(
        "inotusurv: libinotusurv not found; set %s to the path of "
        "libinotusurv.so (e.g. /usr/local/lib/%s) or %s to a build "
        "directory. Tried: %s"
        % (LIBRARY_ENV, SONAME, BUILDDIR_ENV, "; ".join(tried) or "nothing"))


def check_version(number, path):
    """Raises ImportError unless the library version `number` (MAJOR * 10000
    + MINOR * 100 + PATCH) is one this binding can use."""
    major, minor, patch = number // 10000, number // 100 % 100, number % 100
    if major != BINDING_MAJOR or minor < BINDING_MINOR:
        raise ImportError(
            "inotusurv: %s is libinotusurv %d.%d.%d, but this binding needs "
            "version %d.x with x >= %d; point %s at a matching library"
            % (path, major, minor, patch, BINDING_MAJOR, BINDING_MINOR,
               LIBRARY_ENV))
    return major, minor, patch


lib, library_path = _load()

# C name -> the ctypes function, with argtypes and restype set.
BOUND = {}


def declare(prototypes):
    """Sets argtypes and restype for each {name: (restype, [argtypes])} and
    records the function in BOUND.  A missing symbol means the library is
    older than this binding expects: an ImportError that says so."""
    for name, (restype, argtypes) in prototypes.items():
        try:
            fn = getattr(lib, name)
        except AttributeError:
            raise ImportError("inotusurv: %s does not export %s(); it is not "
                              "libinotusurv or is older than this binding"
                              % (library_path, name)) from None
        fn.restype = restype
        fn.argtypes = list(argtypes)
        BOUND[name] = fn


declare({
    "isurv_strerror": (ctypes.c_char_p, [ctypes.c_int]),
    "isurv_version_string": (ctypes.c_char_p, []),
    "isurv_version_number": (ctypes.c_int, []),
})

version_info = check_version(lib.isurv_version_number(), library_path)


_INT_LIMIT = 1 << (8 * ctypes.sizeof(ctypes.c_int) - 1)


def int_arg(value, invalid):
    """value for a C int argument, or `invalid` when it does not fit: ctypes
    would silently wrap 2**32 + 1 to 1."""
    return value if -_INT_LIMIT <= value < _INT_LIMIT else invalid


def strerror(status):
    """isurv_strerror(): the library's message for a status code."""
    status = int_arg(operator.index(status), -1)
    return lib.isurv_strerror(status).decode("ascii", "replace")


def version():
    """isurv_version_string(): the loaded library's version, e.g. "0.1.0"."""
    return lib.isurv_version_string().decode("ascii", "replace")
