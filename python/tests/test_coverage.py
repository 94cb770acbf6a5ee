"""The binding covers the public header: every isurv_* function declared in
include/inotusurv.h is bound with argtypes and restype matching its
prototype, and the binding's copies of the header's enums agree with it.
When a new public function is added to the header, test_every_function_is_bound
fails, listing it, until a module declares it (see python/README.md)."""
import ctypes

import pytest

import inotusurv
from inotusurv import (_lib, _options, contingency, errors, kaplan_meier,
                       logrank, plot)
import header

P = ctypes.POINTER
SCALARS = {"int": ctypes.c_int, "double": ctypes.c_double,
           "size_t": ctypes.c_size_t, "void": None}
POINTERS = {"int": P(ctypes.c_int), "double": P(ctypes.c_double),
            "size_t": P(ctypes.c_size_t), "char": ctypes.c_char_p,
           "unsigned char": P(ctypes.c_ubyte)}


def ctype_of(ctype):
    """The ctypes type that stands for a C type in a prototype; opaque
    isurv_* handles are void pointers."""
    words = ctype.replace("*", " * ").replace("const", " ").split()
    stars = words.count("*")
    base = " ".join(w for w in words if w != "*")
    if stars == 0 and base in SCALARS:
        return SCALARS[base]
    if base.startswith("isurv_") and stars in (1, 2):
        return ctypes.c_void_p if stars == 1 else P(ctypes.c_void_p)
    if stars == 1 and base in POINTERS:
        return POINTERS[base]
    raise LookupError("no ctypes rule for C type %r: extend test_coverage.py"
                      % ctype)


DECLS = header.declarations()


def test_header_parsed():
    assert len(DECLS) >= 25
    # Every isurv_*( in the header is a prototype the parser understood.
    assert header.called_names() == set(DECLS)


def test_every_function_is_bound():
    missing = sorted(set(DECLS) - set(_lib.BOUND))
    assert not missing, (
        "public functions of inotusurv.h with no Python binding: %s "
        "(declare them in a module of python/inotusurv/, see python/README.md)"
        % ", ".join(missing))
    assert set(inotusurv.bound_functions()) == set(_lib.BOUND)


def test_nothing_bound_that_the_header_lacks():
    extra = sorted(set(_lib.BOUND) - set(DECLS))
    assert not extra, "bound but not in inotusurv.h: %s" % ", ".join(extra)


@pytest.mark.parametrize("name", sorted(DECLS))
def test_prototype_matches(name):
    if name not in _lib.BOUND:
        pytest.skip("not bound (reported by test_every_function_is_bound)")
    ret, params = DECLS[name]
    fn = _lib.BOUND[name]
    assert fn.restype is ctype_of(ret), "%s returns %s" % (name, ret)
    assert fn.argtypes is not None, "%s has no argtypes" % name
    expected = [ctype_of(p) for p in params]
    assert list(fn.argtypes) == expected, "%s(%s)" % (name, ", ".join(params))


def test_status_codes_match_the_header():
    statuses = header.enum("isurv_status")
    assert statuses["ISURV_OK"] == errors.OK == 0
    unmapped = []
    for cname, value in statuses.items():
        short = cname[len("ISURV_"):]
        assert getattr(errors, short, None) == value, cname
        if value != 0 and value not in errors._CLASS_OF_STATUS:
            unmapped.append(cname)
    assert not unmapped, "statuses with no exception class: %s" % unmapped


def test_conf_types_match_the_header():
    r_names = {"LOG": "log", "LOGLOG": "log-log", "PLAIN": "plain",
               "LOGIT": "logit", "ARCSIN": "arcsin", "NONE": "none"}
    values = header.enum("isurv_conf_type")
    got = {r_names.get(k[len("ISURV_CONF_"):], k): v for k, v in values.items()}
    assert got == _options.CONF_TYPES == inotusurv.CONF_TYPES


def test_weight_types_match_the_header():
    values = header.enum("isurv_weight_type")
    got = {k[len("ISURV_WEIGHT_"):].lower().replace("_", "-"): v
           for k, v in values.items()}
    assert got == _options.WEIGHT_TYPES


def test_weight_aliases_name_library_weights():
    assert set(logrank.WEIGHT_ALIASES.values()) == set(_options.WEIGHT_TYPES)
    for name in _options.WEIGHT_TYPES:
        assert logrank.WEIGHT_ALIASES[name] == name


def test_adjust_methods_match_the_header():
    # R's p.adjust names; "fdr" is R's alias of "BH".
    r_names = {"NONE": "none", "BONFERRONI": "bonferroni", "HOLM": "holm",
               "BH": "BH", "HOCHBERG": "hochberg", "BY": "BY"}
    values = header.enum("isurv_adjust")
    got = {r_names[k[len("ISURV_ADJUST_"):]]: v for k, v in values.items()}
    got["fdr"] = got["BH"]
    assert got == logrank.ADJUST_METHODS == inotusurv.ADJUST_METHODS


def test_km_columns_match_the_header():
    values = header.enum("isurv_km_column")
    got = {k[len("ISURV_KM_"):].lower(): v for k, v in values.items()}
    assert got == dict(kaplan_meier.COLUMNS)
    assert inotusurv.KMFit.columns == tuple(kaplan_meier.COLUMNS)


def test_plot_enums_match_the_header():
    legend = header.enum("isurv_plot_legend")
    got = {k[len("ISURV_LEGEND_"):].lower(): v for k, v in legend.items()}
    assert got == plot.LEGEND_POSITIONS == inotusurv.LEGEND_POSITIONS
    marks = header.enum("isurv_plot_mark")
    got = {k[len("ISURV_MARK_"):].lower(): v for k, v in marks.items()}
    assert got == plot.CENSOR_MARKS == inotusurv.CENSOR_MARKS


def test_alternatives_match_the_header():
    # scipy's names for enum isurv_alternative.
    names = {"TWO_SIDED": "two-sided", "LESS": "less", "GREATER": "greater"}
    values = header.enum("isurv_alternative")
    got = {names[k[len("ISURV_"):]]: v for k, v in values.items()}
    assert got == contingency.ALTERNATIVES == inotusurv.ALTERNATIVES


def test_version():
    string = header.macro("ISURV_VERSION_STRING").strip('"')
    assert inotusurv.version() == string
    assert "%d.%d.%d" % inotusurv.library_version_info == string
    major = int(header.macro("ISURV_VERSION_MAJOR"))
    minor = int(header.macro("ISURV_VERSION_MINOR"))
    assert major == _lib.BINDING_MAJOR and minor >= _lib.BINDING_MINOR
    assert float(header.macro("ISURV_DAYS_PER_MONTH")) == inotusurv.DAYS_PER_MONTH


def test_parser_on_a_sample():
    """The parser itself, on prototypes shaped like the header's."""
    text = ("ISURV_API int isurv_a(isurv_x **out, const double *t,\n size_t n);"
            " ISURV_API void isurv_b(void); ISURV_API const char *isurv_c(int s);"
            " /* isurv_d(not a prototype) */")
    text = text.replace("/* isurv_d(not a prototype) */", "")
    decls = header.declarations(text)
    assert decls == {"isurv_a": ("int", ["isurv_x **", "const double *", "size_t"]),
                     "isurv_b": ("void", []), "isurv_c": ("const char *", ["int"])}
    assert ctype_of("isurv_x **") == P(ctypes.c_void_p)
    assert ctype_of("const isurv_opts *") is ctypes.c_void_p
    with pytest.raises(LookupError):
        ctype_of("struct foo")
