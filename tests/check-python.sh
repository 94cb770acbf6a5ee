#!/bin/sh
# Runs the Python binding's pytest suite (python/tests) against this build
# tree's library.  Python: $PYTHON if it has pytest (configure may have found
# a python3 without it), else /usr/bin/python3, else python3 on PATH; with
# none of them having pytest the test is skipped (exit 77), unless
# ISURV_REQUIRE_PYTHON=1.
set -u
srcdir=${top_srcdir:-.}
builddir=${top_builddir:-.}
library=$builddir/lib/.libs/libinotusurv.so

if [ ! -f "$library" ]; then
    echo "check-python: $library is not built" >&2
    exit 99
fi

python=
for candidate in "${PYTHON:-}" /usr/bin/python3 python3; do
    [ -n "$candidate" ] || continue
    if "$candidate" -c 'import pytest' >/dev/null 2>&1; then
        python=$candidate
        break
    fi
done
if [ -z "$python" ]; then
    # CI sets ISURV_REQUIRE_PYTHON=1: there the binding is always tested.
    if [ "${ISURV_REQUIRE_PYTHON:-0}" = 1 ]; then
        echo "check-python: no python3 with pytest found" >&2
        exit 1
    fi
    echo "check-python: no python3 with pytest found; skipping"
    exit 77
fi
echo "check-python: $("$python" -c 'import sys; print(sys.executable, sys.version.split()[0])')"

# The library and header of this tree, not an installed one; no bytecode
# or cache written into a (possibly read-only) source tree.
# A sanitizer build (configure --enable-sanitizers): AddressSanitizer's
# runtime must be loaded before anything else, which an interpreter not
# built with it does not do, so it is preloaded.  LeakSanitizer is off
# here: CPython keeps much of its memory at exit by design, and the C
# suites check the library's leaks.  A ThreadSanitizer build
# (--enable-tsan) is for the C thread tests: the binding is not run there.
case ${ISURV_SANITIZERS:-} in
*thread*)
    echo "check-python: ThreadSanitizer build; the binding is tested in the others"
    exit 77 ;;
esac
if [ -n "${ISURV_SANITIZERS:-}" ]; then
    asan=$(${CC:-cc} -print-file-name=libasan.so)
    case $asan in
    /*) ;;
    *) echo "check-python: the AddressSanitizer runtime is not found" >&2; exit 99 ;;
    esac
    LD_PRELOAD=$asan${LD_PRELOAD:+:$LD_PRELOAD}
    ASAN_OPTIONS=detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}
    export LD_PRELOAD ASAN_OPTIONS
fi

INOTUSURV_LIBRARY=$library
INOTUSURV_HEADER=$srcdir/include/inotusurv.h
PYTHONDONTWRITEBYTECODE=1
export INOTUSURV_LIBRARY INOTUSURV_HEADER PYTHONDONTWRITEBYTECODE
exec "$python" -m pytest -c "$srcdir/python/pytest.ini" "$srcdir/python/tests"
