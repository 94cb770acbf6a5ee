"""Reads include/inotusurv.h: the public functions with their C types, the
enums and the version macros."""
import os
import re

from helpers import PYTHON_DIR

HEADER_ENV = "INOTUSURV_HEADER"


def header_path():
    """$INOTUSURV_HEADER, else include/inotusurv.h in the source tree that
    holds python/."""
    path = os.environ.get(HEADER_ENV) or os.path.join(
        os.path.dirname(PYTHON_DIR), "include", "inotusurv.h")
    if not os.path.exists(path):
        raise FileNotFoundError("inotusurv.h not found at %s; set %s"
                                % (path, HEADER_ENV))
    return path


def source():
    """The header without comments."""
    with open(header_path()) as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def called_names(text=None):
    """Every name written as isurv_*( outside comments."""
    return set(re.findall(r"\b(isurv_\w+)\s*\(", text or source()))


def declarations(text=None):
    """{name: (return type, [parameter types])} for each ISURV_API
    prototype, types as written minus parameter names."""
    out = {}
    pattern = r"ISURV_API\s+([^;()]*?)\b(isurv_\w+)\s*\(([^)]*)\)\s*;"
    for ret, name, params in re.findall(pattern, text or source(), flags=re.S):
        types = []
        params = " ".join(params.split())
        if params not in ("", "void"):
            for p in params.split(","):
                # Drop the parameter name: the last identifier after a type.
                types.append(re.sub(r"\s*\b\w+\s*$", "", p.strip()) or p.strip())
        out[name] = (" ".join(ret.split()), types)
    return out


def enum(name, text=None):
    """{constant: value} of `enum name { ... }` (explicit values)."""
    body = re.search(r"enum\s+%s\s*\{(.*?)\}" % name, text or source(), flags=re.S)
    if not body:
        raise LookupError("no enum %s in the header" % name)
    return {k: int(v) for k, v in re.findall(r"\b(ISURV_\w+)\s*=\s*(-?\d+)",
                                             body.group(1))}


def macro(name, text=None):
    m = re.search(r"#define\s+%s\s+(.+)" % name, text or source())
    return m.group(1).strip() if m else None
