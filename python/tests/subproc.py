"""Runs Python code in a fresh interpreter that imports this tree's
inotusurv, for what can only be tested at import time."""
import os
import subprocess
import sys

from helpers import HERE, PYTHON_DIR


def run_python(code, env=None, unset=()):
    """(returncode, stdout, stderr) of `python -c code`; env adds variables,
    unset removes them."""
    full = dict(os.environ)
    for k in unset:
        full.pop(k, None)
    full.update(env or {})
    full["PYTHONPATH"] = os.pathsep.join([PYTHON_DIR, HERE])
    full["PYTHONDONTWRITEBYTECODE"] = "1"
    proc = subprocess.run([sys.executable, "-c", code], env=full,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr
