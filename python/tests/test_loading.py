"""Finding the library and checking its version at import."""
import ctypes.util
import os

import pytest

import inotusurv
from inotusurv import _lib
from subproc import run_python

ENVS = (_lib.LIBRARY_ENV, _lib.BUILDDIR_ENV)
IMPORT = "import inotusurv; print(inotusurv.library_path)"


def test_loaded_library_reports_its_version():
    assert os.path.basename(inotusurv.library_path).startswith("libinotusurv")
    assert inotusurv.library_version_info == _lib.check_version(
        _lib.lib.isurv_version_number(), inotusurv.library_path)


@pytest.mark.parametrize("number", [100, 101, 199, 200, 9999])
def test_version_accepted(number):
    assert _lib.check_version(number, "x") == (0, number // 100, number % 100)


@pytest.mark.parametrize("number,shown", [(0, "0.0.0"), (99, "0.0.99"),
                                          (10100, "1.1.0"), (20000, "2.0.0")])
def test_version_refused(number, shown):
    with pytest.raises(ImportError) as info:
        _lib.check_version(number, "/x/libinotusurv.so")
    text = str(info.value)
    assert shown in text and "/x/libinotusurv.so" in text
    assert "needs version %d.x with x >= %d" % (_lib.BINDING_MAJOR,
                                               _lib.BINDING_MINOR) in text


def test_explicit_library_path():
    rc, out, err = run_python(IMPORT, {_lib.LIBRARY_ENV: inotusurv.library_path},
                              unset=ENVS)
    assert rc == 0, err
    assert out.strip() == inotusurv.library_path


def test_missing_explicit_library_is_an_import_error():
    rc, out, err = run_python(IMPORT, {_lib.LIBRARY_ENV: "/nonexistent/libinotusurv.so"},
                              unset=ENVS)
    assert rc != 0
    assert "ImportError" in err and "INOTUSURV_LIBRARY=/nonexistent/libinotusurv.so" in err


def test_a_library_that_is_not_libinotusurv():
    libm = ctypes.util.find_library("m")
    if not libm:
        pytest.skip("no libm to load")
    rc, out, err = run_python(IMPORT, {_lib.LIBRARY_ENV: libm}, unset=ENVS)
    assert rc != 0
    assert "ImportError" in err and "does not export isurv_" in err


def _builddir():
    path = os.path.abspath(inotusurv.library_path)
    if not path.endswith(os.path.join("lib", ".libs", "libinotusurv.so")):
        pytest.skip("the library in use is not in a build tree")
    return os.path.dirname(os.path.dirname(os.path.dirname(path)))


def test_builddir_variable():
    builddir = _builddir()
    rc, out, err = run_python(IMPORT, {_lib.BUILDDIR_ENV: builddir},
                              unset=(_lib.LIBRARY_ENV,))
    assert rc == 0, err
    assert os.path.realpath(out.strip()) == os.path.realpath(inotusurv.library_path)


def test_builddir_without_library_is_an_import_error(tmp_path):
    rc, out, err = run_python(IMPORT, {_lib.BUILDDIR_ENV: str(tmp_path)},
                              unset=(_lib.LIBRARY_ENV,))
    assert rc != 0 and "INOTUSURV_BUILDDIR" in err


def test_build_tree_above_the_package():
    """With no variable set, an in-tree build is found by walking up."""
    builddir = _builddir()
    src = os.path.dirname(os.path.dirname(os.path.abspath(inotusurv.__file__)))
    if os.path.realpath(os.path.dirname(src)) != os.path.realpath(builddir):
        pytest.skip("VPATH build: the package is not inside the build tree")
    rc, out, err = run_python(IMPORT, unset=ENVS)
    assert rc == 0, err
    assert os.path.realpath(out.strip()) == os.path.realpath(inotusurv.library_path)
