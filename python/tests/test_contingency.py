"""Contingency tables: chisq_test(), fisher_exact() and prop_trend_test().

Reference values: R's chisq.test (correct FALSE and TRUE), fisher.test (every
alternative, odds ratio and limits from fisher.test's own code run with a
tight uniroot tolerance; r x c p values also by full enumeration) and
prop.trend.test, written by make_ref.R into ref/contingency_*.csv; scipy's
chi2_contingency, fisher_exact and odds_ratio when scipy is importable; the
P values published by Kantarjian et al. (Cancer 2013;119:2728-36).
"""
import collections
import json
import math

import pytest

import inotusurv
from inotusurv import errors
from helpers import R_RTOL, assert_close, close, num, read_csv
from subproc import run_python
from test_no_numpy import BLOCK_NUMPY

np = pytest.importorskip("numpy")
NAN, INF = math.nan, math.inf

# R's FEXACT merges path lengths within its tolerance: its r x c p values
# carry relative errors up to about 1e-9 (see isurv_fisher_test(3)); the
# exact reference for those tables is full enumeration (p_enum).
FEXACT_RTOL = 1e-8


def _tables():
    cells = collections.OrderedDict()
    for r in read_csv("contingency_tables.csv"):
        shape = (int(r["nrow"]), int(r["ncol"]))
        cells.setdefault(r["name"], (shape, []))[1].append(int(r["value"]))
    return {name: [vals[i * c:(i + 1) * c] for i in range(rr)]
            for name, ((rr, c), vals) in cells.items()}


TABLES = _tables()
CHISQ = {(r["name"], r["correct"] == "1"): r
         for r in read_csv("contingency_chisq.csv")}
CELLS = collections.defaultdict(list)
for _r in read_csv("contingency_chisq_cells.csv"):
    CELLS[(_r["name"], _r["correct"] == "1")].append(_r)
FISHER = read_csv("contingency_fisher.csv")
TREND = read_csv("contingency_trend.csv")
TREND_GROUPS = collections.defaultdict(list)
for _r in read_csv("contingency_trend_groups.csv"):
    TREND_GROUPS[_r["case"]].append(_r)


def flat(m):
    return [float(v) for row in m for v in row]


# ---------------------------------------------------------------- chisq

def test_references_cover_every_table():
    assert {name for name, _ in CHISQ} == set(TABLES)
    assert len(CHISQ) == 2 * len(TABLES)


@pytest.mark.parametrize("key", sorted(CHISQ), ids=lambda k: "%s-correct%d" % k)
def test_chisq_against_r(key):
    name, correct = key
    ref = CHISQ[key]
    res = inotusurv.chisq_test(TABLES[name], correction=correct)
    for attr in ("statistic", "df", "p_value", "log_p"):
        assert close(getattr(res, attr), num(ref[attr]), R_RTOL), (
            attr, getattr(res, attr), ref[attr])
    assert res.low_expected is (ref["low_expected"] == "1")
    assert res.correction is correct
    rows, cols = len(TABLES[name]), len(TABLES[name][0])
    assert res.shape == (rows, cols)
    assert res.expected.shape == res.residuals.shape == (rows, cols)
    cells = CELLS[key]
    assert_close(res.expected.ravel(), [num(c["expected"]) for c in cells],
                 what="expected")
    assert_close(res.residuals.ravel(), [num(c["stdres"]) for c in cells],
                 what="stdres")


def test_chisq_underflow_keeps_log_p():
    # h1: X^2 about 1800 on 1 df; R's p value is 0 or subnormal, its log
    # (pchisq(log.p = TRUE)) is finite.
    res = inotusurv.chisq_test(TABLES["h1"])
    assert res.p_value < 1e-300 and math.isfinite(res.log_p) and res.log_p < -690


def test_correction_only_changes_2x2():
    big = TABLES["t20"]
    a = inotusurv.chisq_test(big)
    b = inotusurv.chisq_test(big, correction=True)
    assert a.statistic == b.statistic and a.p_value == b.p_value
    small = TABLES["t1"]
    assert (inotusurv.chisq_test(small, correction=True).statistic
            < inotusurv.chisq_test(small).statistic)


def test_chisq_hand_computed():
    # [[10, 0], [0, 10]]: every E = 5, O - E = +-5, X^2 = 4 * 25 / 5 = 20;
    # stdres = 5 / sqrt(5 * 1/2 * 1/2) = 2 sqrt(5); Yates: 4 * 4.5^2 / 5 = 16.2.
    res = inotusurv.chisq_test([[10, 0], [0, 10]])
    assert close(res.statistic, 20.0, 1e-15) and res.df == 1.0
    assert_close(res.expected.ravel(), [5, 5, 5, 5])
    s = 2 * math.sqrt(5)
    assert_close(res.residuals.ravel(), [s, -s, -s, s], 1e-14)
    assert not res.low_expected
    assert close(inotusurv.chisq_test([[10, 0], [0, 10]],
                                      correction=True).statistic, 16.2, 1e-14)


# ---------------------------------------------------------------- fisher

def _fisher_id(r):
    return "%s-%s-%s" % (r["name"], r["alternative"], r["conf_level"])


@pytest.mark.parametrize("ref", FISHER, ids=_fisher_id)
def test_fisher_against_r(ref):
    res = inotusurv.fisher_exact(TABLES[ref["name"]],
                                 alternative=ref["alternative"],
                                 conf_level=num(ref["conf_level"]))
    assert res.alternative == ref["alternative"]
    assert res.conf_level == num(ref["conf_level"])
    p_enum = num(ref["p_enum"])
    if math.isnan(p_enum):          # 2 x 2: R sums the hypergeometric itself
        assert close(res.p_value, num(ref["p_value"]), R_RTOL)
    else:                           # r x c: exact by enumeration, FEXACT close
        assert close(res.p_value, p_enum, 1e-10), (res.p_value, p_enum)
        assert close(res.p_value, num(ref["p_value"]), FEXACT_RTOL)
    got = [res.odds_ratio, res.conf_int.lower, res.conf_int.upper]
    want = [num(ref[k]) for k in ("odds_ratio", "or_lower", "or_upper")]
    assert_close(got, want, 1e-10, what="odds ratio and limits")
    assert tuple(res.conf_int) == (res.conf_int[0], res.conf_int[1])


def test_fisher_covers_every_alternative():
    seen = {(r["name"], r["alternative"]) for r in FISHER}
    two_by_two = [n for n, t in TABLES.items()
                  if len(t) == 2 and len(t[0]) == 2 and n != "h1"]
    for name in two_by_two:
        for alt in inotusurv.ALTERNATIVES:
            assert (name, alt) in seen


def test_fisher_hand_computed():
    # [[3, 0], [0, 3]]: margins 3, 3 / 3, 3; a ranges 0..3 with
    # probabilities C(3,a) C(3,3-a) / C(6,3) = 1, 9, 9, 1 (/20).  Two-sided:
    # tables as unlikely as a = 3 are a = 0 and 3: 2/20.  "greater": 1/20;
    # "less": 1.  a is at the top of its range: odds ratio Inf, and the
    # upper limit Inf, as in R.
    res = inotusurv.fisher_exact([[3, 0], [0, 3]])
    assert close(res.p_value, 0.1, 1e-14)
    assert res.odds_ratio == INF and res.conf_int.upper == INF
    assert close(inotusurv.fisher_exact([[3, 0], [0, 3]],
                                         alternative="greater").p_value, 0.05, 1e-14)
    assert inotusurv.fisher_exact([[3, 0], [0, 3]], alternative="less").p_value == 1


def test_fisher_larger_tables_have_no_odds_ratio():
    res = inotusurv.fisher_exact(TABLES["t20"])
    assert math.isnan(res.odds_ratio)
    assert all(math.isnan(v) for v in res.conf_int)


# ---------------------------------------------------------------- trend

@pytest.mark.parametrize("ref", TREND, ids=lambda r: "case%s" % r["case"])
def test_prop_trend_against_r(ref):
    groups = TREND_GROUPS[ref["case"]]
    events = [int(g["events"]) for g in groups]
    trials = [int(g["trials"]) for g in groups]
    scores = [num(g["score"]) for g in groups] if ref["scores_given"] == "1" else None
    res = inotusurv.prop_trend_test(events, trials, scores)
    assert isinstance(res, inotusurv.PropTrend)
    assert close(res.statistic, num(ref["statistic"]), R_RTOL)
    assert close(res.p_value, num(ref["p_value"]), R_RTOL)
    statistic, p_value = res
    assert (statistic, p_value) == (res.statistic, res.p_value)


def test_prop_trend_two_groups_is_pearson():
    # With two groups the trend statistic is the uncorrected Pearson X^2 of
    # the 2 x 2 table (isurv_prop_trend_test(3)).
    t = inotusurv.prop_trend_test([15, 3], [49, 41])
    c = inotusurv.chisq_test([[15, 34], [3, 38]])
    assert close(t.statistic, c.statistic, 1e-12)


# ---------------------------------------------------------------- the paper

# Published P, decimals shown, the test (see inotuzumab-targets.md).
PUBLISHED = {
    "paper_s1": (.003, 3, "pearson"),
    "paper_age": (.79, 2, "pearson"),
    "paper_ecog": (.39, 2, "pearson"),
    "paper_salvage": (.056, 3, "pearson"),
    "paper_karyotype": (.047, 3, "pearson"),
    "paper_cd22": (.823, 3, "pearson"),
    "paper_bilirubin": (.01, 2, "pearson"),
    "paper_liver": (.001, 3, "pearson"),
    # Published "< .0001"; no standard test gives that.  Pearson without
    # correction gives .0003, which is what is held here.
    "paper_fever": (.0003, 4, "pearson"),
    # Published .02; R's two-sided fisher.test gives 0.0214.
    "paper_vod": (.0214, 4, "fisher"),
}


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_paper_p_values(name):
    published, decimals, method = PUBLISHED[name]
    if method == "pearson":
        p = inotusurv.chisq_test(TABLES[name]).p_value
        assert close(p, num(CHISQ[(name, False)]["p_value"]), R_RTOL)
    else:
        p = inotusurv.fisher_exact(TABLES[name]).p_value
        ref = [r for r in FISHER if r["name"] == name
               and r["alternative"] == "two-sided"][0]
        assert close(p, num(ref["p_value"]), R_RTOL)
    assert round(p, decimals) == published, (name, p)


def test_paper_s2_is_truncated():
    # S2 24/49 vs 10/41: published .016, but Pearson gives 0.01657, which
    # rounds to .017: the paper truncated it.
    p = inotusurv.chisq_test(TABLES["paper_s2"]).p_value
    assert math.floor(p * 1000) / 1000 == .016 and round(p, 3) == .017


# ---------------------------------------------------------------- scipy

@pytest.fixture(scope="module")
def stats():
    return pytest.importorskip("scipy.stats")


@pytest.mark.parametrize("name", sorted(TABLES))
@pytest.mark.parametrize("correct", [False, True])
def test_chisq_against_scipy(stats, name, correct):
    obs = np.array(TABLES[name], dtype=float)
    stat, p, dof, expected = stats.chi2_contingency(obs, correction=correct)
    res = inotusurv.chisq_test(obs, correction=correct)
    assert close(res.statistic, stat, 1e-10) and res.df == dof
    if p > 1e-290:  # scipy's chi2.sf underflows differently below
        assert close(res.p_value, p, 1e-10)
    assert_close(res.expected.ravel(), expected.ravel(), 1e-12)


TWO_BY_TWO = sorted(n for n, t in TABLES.items()
                    if len(t) == 2 and len(t[0]) == 2 and n != "h1")


@pytest.mark.parametrize("name", TWO_BY_TWO)
@pytest.mark.parametrize("alternative", sorted(inotusurv.ALTERNATIVES))
def test_fisher_against_scipy(stats, name, alternative):
    table = TABLES[name]
    _, p = stats.fisher_exact(table, alternative=alternative)
    res = inotusurv.fisher_exact(table, alternative=alternative)
    assert close(res.p_value, p, 1e-10), (res.p_value, p)
    odds_ratio = getattr(stats.contingency, "odds_ratio", None)
    # scipy < 1.10 has no odds_ratio; on t10 (n = 70500) it needs seconds:
    # R's reference covers that table.
    if odds_ratio is None or sum(map(sum, table)) > 10000:
        return
    o = odds_ratio(table, kind="conditional")
    # scipy finds the estimate and limits with brentq to its default xtol
    # (2e-12 absolute, 8.9e-16 relative), not to R's tight uniroot.
    assert close(res.odds_ratio, o.statistic, 1e-9)
    ci = o.confidence_interval(confidence_level=0.95, alternative=alternative)
    assert_close(list(res.conf_int), [ci.low, ci.high], 1e-9, what="conf_int")


# ---------------------------------------------------------------- inputs

def test_input_forms_agree():
    base = inotusurv.chisq_test([[12, 5], [7, 9]])
    a = np.array([[12, 5], [7, 9]])
    forms = [((12, 5), (7, 9)), iter([[12, 5], [7, 9]]),
             a, a.astype(np.float32), np.asfortranarray(a.astype(float)),
             np.array([[12, 7], [5, 9]]).T,                 # a transposed view
             np.array([[12, 5], [7, 9]], dtype=object),
             [np.array([12, 5]), np.array([7, 9])]]
    for form in forms:
        res = inotusurv.chisq_test(form)
        assert res.statistic == base.statistic
        assert (res.expected == base.expected).all()


def test_row_major_order():
    # Rows and columns must not be swapped: expected counts of a 2 x 3
    # table are row total * column total / n (R's outer(r, c) / n).
    t = [[10, 12, 8], [4, 15, 20]]
    res = inotusurv.chisq_test(t)
    n = 69.0
    want = [[30 * 14 / n, 30 * 27 / n, 30 * 28 / n],
            [39 * 14 / n, 39 * 27 / n, 39 * 28 / n]]
    assert res.expected.shape == (2, 3)
    assert_close(res.expected.ravel(), flat(want), 1e-14)


def test_input_not_modified():
    a = np.array([[12.0, 5.0], [7.0, 9.0]])
    before = a.copy()
    lst = [[12, 5], [7, 9]]
    inotusurv.chisq_test(a, correction=True)
    inotusurv.fisher_exact(a)
    inotusurv.chisq_test(lst)
    assert (a == before).all() and lst == [[12, 5], [7, 9]]
    x, n = np.array([1.0, 4.0, 6.0]), np.array([10.0, 10.0, 10.0])
    inotusurv.prop_trend_test(x, n)
    assert list(x) == [1, 4, 6] and list(n) == [10, 10, 10]


def _assert_c_error(exc_info, cls, status, function):
    err = exc_info.value
    assert type(err) is cls
    assert err.status == status and err.function == function
    assert err.strerror == inotusurv.strerror(status)
    assert str(err).startswith("%s: %s" % (function, err.strerror))


BAD_TABLES = [
    ("negative", [[1, -1], [2, 3]], errors.TableError, errors.ETABLE),
    ("fraction", [[1, 2.5], [2, 3]], errors.TableError, errors.ETABLE),
    ("nan", [[1, NAN], [2, 3]], errors.TableError, errors.ETABLE),
    ("none", [[1, None], [2, 3]], errors.TableError, errors.ETABLE),
    ("inf", [[1, INF], [2, 3]], errors.TableError, errors.ETABLE),
    ("1xn", [[1, 2, 3]], errors.DimensionError, errors.EDIM),
    ("nx1", [[1], [2], [3]], errors.DimensionError, errors.EDIM),
    ("empty", [], errors.DimensionError, errors.EDIM),
    ("no_columns", [[], []], errors.DimensionError, errors.EDIM),
    ("zero_row", [[0, 0], [1, 2]], errors.DimensionError, errors.EDIM),
    ("zero_column", [[0, 3], [0, 2]], errors.DimensionError, errors.EDIM),
    ("huge", [[2.0 ** 53, 2.0 ** 53], [1, 1]], errors.SizeError, errors.ESIZE),
]


@pytest.mark.parametrize("case", BAD_TABLES, ids=lambda c: c[0])
def test_bad_tables(case):
    _, table, cls, status = case
    with pytest.raises(cls) as e:
        inotusurv.chisq_test(table)
    _assert_c_error(e, cls, status, "isurv_chisq_test")
    with pytest.raises(cls) as e:
        inotusurv.fisher_exact(table)
    _assert_c_error(e, cls, status, "isurv_fisher_test")


@pytest.mark.parametrize("table", [[[1, 2], [3]], [[1, 2], 3], [1, 2, 3],
                                   np.zeros((2, 2, 2)), 5],
                         ids=["ragged", "scalar_row", "1d", "3d", "scalar"])
def test_shape_errors(table):
    for fn in (inotusurv.chisq_test, inotusurv.fisher_exact):
        with pytest.raises(inotusurv.ShapeError) as e:
            fn(table)
        assert e.value.status is None


def test_non_numbers_are_type_errors():
    for table in ([[1, "a"], [2, 3]], "abcd", np.array([["1", "2"], ["3", "4"]])):
        with pytest.raises(TypeError):
            inotusurv.chisq_test(table)
    with pytest.raises(TypeError):
        inotusurv.fisher_exact([[1, 2], [3, 4]], conf_level="high")
    with pytest.raises(TypeError):
        inotusurv.chisq_test([[1, 2], [3, 4]], correction="yes")


def test_bad_options():
    with pytest.raises(inotusurv.OptionError) as e:
        inotusurv.chisq_test([[1, 2], [3, 4]], correction=2)
    _assert_c_error(e, errors.OptionError, errors.EOPTION, "isurv_chisq_test")
    for alt in ("two.sided", "Less", ""):
        with pytest.raises(inotusurv.OptionError) as e:
            inotusurv.fisher_exact([[1, 2], [3, 4]], alternative=alt)
        assert e.value.status == errors.EOPTION
        assert str(e.value).startswith(inotusurv.strerror(errors.EOPTION))
    with pytest.raises(TypeError):
        inotusurv.fisher_exact([[1, 2], [3, 4]], alternative=1)
    # One-sided on a larger table: the library refuses (R would ignore it).
    with pytest.raises(inotusurv.OptionError) as e:
        inotusurv.fisher_exact(TABLES["t20"], alternative="less")
    _assert_c_error(e, errors.OptionError, errors.EOPTION, "isurv_fisher_test")
    for level in (0, 1, -0.5, 1.5, NAN):
        with pytest.raises(inotusurv.ProbabilityError) as e:
            inotusurv.fisher_exact([[1, 2], [3, 4]], conf_level=level)
        _assert_c_error(e, errors.ProbabilityError, errors.EPROB,
                        "isurv_fisher_test")


def test_fisher_too_large():
    # Beyond the network's limits (isurv_fisher_test(3)): a SizeError, not
    # a hang; a total above 10^6 is refused at once.
    big = [[300000, 300000, 1], [300000, 100000, 1]]
    with pytest.raises(inotusurv.SizeError) as e:
        inotusurv.fisher_exact(big)
    _assert_c_error(e, errors.SizeError, errors.ESIZE, "isurv_fisher_test")


BAD_TRENDS = [
    ("none", [], [], None, errors.DimensionError, errors.EDIM),
    ("one_group", [1], [2], None, errors.DimensionError, errors.EDIM),
    ("negative", [-1, 2], [3, 4], None, errors.TableError, errors.ETABLE),
    ("fraction", [1.5, 2], [3, 4], None, errors.TableError, errors.ETABLE),
    ("nan", [NAN, 2], [3, 4], None, errors.TableError, errors.ETABLE),
    ("events_over_trials", [5, 2], [3, 4], None, errors.TableError,
     errors.ETABLE),
    ("no_trials", [0, 2], [0, 4], None, errors.DimensionError, errors.EDIM),
    ("bad_score", [1, 2], [3, 4], [1, NAN], errors.ArgumentError, errors.EARG),
    ("no_events", [0, 0], [3, 4], None, errors.VarianceError,
     errors.EVARIANCE),
    ("same_scores", [1, 2], [3, 4], [2, 2], errors.VarianceError,
     errors.EVARIANCE),
]


@pytest.mark.parametrize("case", BAD_TRENDS, ids=lambda c: c[0])
def test_bad_trend(case):
    _, x, n, s, cls, status = case
    with pytest.raises(cls) as e:
        inotusurv.prop_trend_test(x, n, s)
    _assert_c_error(e, cls, status, "isurv_prop_trend_test")


def test_trend_lengths_differ():
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.prop_trend_test([1, 2], [3, 4, 5])
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.prop_trend_test([1, 2], [3, 4], [1, 2, 3])


# ---------------------------------------------------------------- no numpy

SCRIPT = BLOCK_NUMPY + r'''
import json
import inotusurv
c = inotusurv.chisq_test(((22, 7), (17, 17), (13, 14)), correction=True)
f = inotusurv.fisher_exact([[5, 8], [1, 20]], alternative="greater")
t = inotusurv.prop_trend_test((22, 17, 13), [29, 34, 27], [1, 2, 3])
try:
    inotusurv.chisq_test([[1, 2], [3]])
except inotusurv.ShapeError as err:
    shape = str(err)
try:
    inotusurv.chisq_test([[1, -2], [3, 4]])
except inotusurv.TableError as err:
    table = err.status
print(json.dumps({"numpy": "numpy" in sys.modules,
                  "c": [c.statistic, c.df, c.p_value, c.log_p, c.low_expected,
                        c.expected, c.residuals, type(c.expected).__name__],
                  "f": [f.p_value, f.odds_ratio, list(f.conf_int)],
                  "t": list(t), "shape": shape, "table": table}))
'''


def test_without_numpy():
    rc, out, err = run_python(SCRIPT)
    assert rc == 0, err
    got = json.loads(out)
    assert not got["numpy"]
    c = inotusurv.chisq_test(((22, 7), (17, 17), (13, 14)), correction=True)
    statistic, df, p, log_p, low, expected, residuals, kind = got["c"]
    assert kind == "list" and len(expected) == 3
    assert all(len(row) == 2 for row in expected + residuals)
    assert [statistic, df, p, log_p, low] == [c.statistic, c.df, c.p_value,
                                              c.log_p, c.low_expected]
    assert flat(expected) == list(c.expected.ravel())
    assert flat(residuals) == list(c.residuals.ravel())
    # The same table against R (salvage, 3 x 2: correction has no effect).
    assert close(p, num(CHISQ[("paper_salvage", True)]["p_value"]), R_RTOL)
    f = inotusurv.fisher_exact([[5, 8], [1, 20]], alternative="greater")
    assert got["f"] == [f.p_value, f.odds_ratio, list(f.conf_int)]
    ref = [r for r in TREND if r["case"] == "2"][0]   # paper salvage
    assert_close(got["t"], [num(ref["statistic"]), num(ref["p_value"])])
    assert "rows of different lengths" in got["shape"]
    assert got["table"] == errors.ETABLE
