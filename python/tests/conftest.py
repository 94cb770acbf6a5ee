"""Makes `import inotusurv` find the package of this source tree (python/)
when the tests run without PYTHONPATH, e.g. `python3 -m pytest python/tests`
from the top of a build tree."""
import os
import sys

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if PYTHON_DIR not in sys.path:
    sys.path.insert(0, PYTHON_DIR)
