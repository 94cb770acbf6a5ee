"""The log-rank family: logrank_test(), LogRank.trend(), logrank_pairwise()
and p_adjust().

Reference values: R survival 3.5.3's survdiff at rho = 0, 0.5 and 1, and
stats::p.adjust (make_ref.R writes them into ref/logrank_*.csv and
ref/p_adjust.csv); statsmodels' survdiff for the Gehan-Breslow,
Tarone-Ware and Fleming-Harrington weights, which R lacks; small cases
worked out by hand in the comments.
"""
import collections
import gc
import math

import pytest

import inotusurv
from inotusurv import errors
from helpers import assert_close, close, dataset, num, read_csv
from subproc import run_python

NAN, INF = math.nan, math.inf


def by(rows, *keys):
    out = collections.defaultdict(list)
    for r in rows:
        out[tuple(r[k] for k in keys)].append(r)
    return out


CASES = {r["name"]: r for r in read_csv("logrank_cases.csv")}
STAT = by(read_csv("logrank_stat.csv"), "case", "rho")
GROUPS = by(read_csv("logrank_groups.csv"), "case", "rho")
VAR = by(read_csv("logrank_var.csv"), "case", "rho")
STRATA = by(read_csv("logrank_strata.csv"), "case", "rho")
TREND = by(read_csv("logrank_trend.csv"), "case", "rho")
SCORES = by(read_csv("logrank_trend_scores.csv"), "case", "set")
PAIRWISE = by(read_csv("logrank_pairwise.csv"), "case", "rho", "method")
PADJUST = by(read_csv("p_adjust.csv"), "set", "method")
R_KEYS = sorted(STAT)


def _present(v):
    return not (isinstance(v, float) and math.isnan(v))


def case_data(name):
    """(time, event, group, strata or None) of a logrank_cases.csv row,
    without the rows where the group or strata variable is NA (as R)."""
    spec = CASES[name]
    d = dataset(spec["data"])
    group = d[spec["group"]]
    strata = d[spec["strata"]] if spec["strata"] else None
    keep = [i for i in range(len(group)) if _present(group[i])
            and (strata is None or _present(strata[i]))]
    pick = lambda col: [col[i] for i in keep]
    return (pick(d["time"]), pick(d["event"]), pick(group),
            None if strata is None else pick(strata))


_tests = {}


def r_test(name, rho):
    key = (name, rho)
    if key not in _tests:
        time, event, group, strata = case_data(name)
        _tests[key] = inotusurv.logrank_test(time, event, group, strata=strata,
                                             rho=float(rho))
    return _tests[key]


# ---------------------------------------------------------------- against R

def test_every_case_has_references():
    assert {c for c, _ in R_KEYS} == set(CASES)
    assert {rho for _, rho in R_KEYS} == {"0", "0.5", "1"}


@pytest.mark.parametrize("key", R_KEYS, ids=lambda k: "%s-rho%s" % k)
def test_statistic(key):
    (row,) = STAT[key]
    res = r_test(*key)
    assert_close([res.chisq, res.df, res.p_value, res.log_p],
                 [num(row[f]) for f in ("chisq", "df", "p_value", "log_p")],
                 what="%s rho=%s" % key)
    assert math.log(res.p_value) == pytest.approx(res.log_p, rel=1e-12)


@pytest.mark.parametrize("key", R_KEYS, ids=lambda k: "%s-rho%s" % k)
def test_groups_table(key):
    rows = {r["label"]: r for r in GROUPS[key]}
    res = r_test(*key)
    # Ascending labels (numbers as numbers, text by code point), each one
    # of R's.
    assert res.groups == sorted(res.groups)
    assert [str(g) for g in res.groups] == sorted(rows, key=lambda s: (
        int(s) if s.lstrip("-").isdigit() else s))
    for field in ("n", "observed", "expected", "oe2_e", "oe2_v"):
        assert_close(getattr(res, field),
                     [num(rows[str(g)][field]) for g in res.groups],
                     what="%s rho=%s %s" % (key + (field,)))


@pytest.mark.parametrize("key", R_KEYS, ids=lambda k: "%s-rho%s" % k)
def test_variance(key):
    v = {(r["label_i"], r["label_j"]): num(r["v"]) for r in VAR[key]}
    res = r_test(*key)
    labels = [str(g) for g in res.groups]
    k = len(labels)
    assert res.variance.shape == (k, k)
    for i, a in enumerate(labels):
        assert_close(res.variance[i], [v[a, b] for b in labels],
                     what="%s rho=%s variance row %s" % (key + (a,)))


@pytest.mark.parametrize("key", R_KEYS, ids=lambda k: "%s-rho%s" % k)
def test_strata(key):
    res = r_test(*key)
    if not CASES[key[0]]["strata"]:
        # One stratum, keyed None, holding the totals.
        assert list(res.strata) == [None]
        assert_close(res.strata[None].observed, res.observed, rtol=0.0)
        assert_close(res.strata[None].expected, res.expected, rtol=0.0)
        return
    rows = by(STRATA[key], "stratum")
    assert sorted(str(s) for s in res.strata) == sorted(s for (s,) in rows)
    assert list(res.strata) == sorted(res.strata)
    for stratum, sums in res.strata.items():
        mine = {r["label"]: r for r in rows[str(stratum),]}
        for field in ("observed", "expected"):
            assert_close(getattr(sums, field),
                         [num(mine[str(g)][field]) for g in res.groups],
                         what="%s rho=%s stratum %s %s" % (key + (stratum, field)))


TREND_KEYS = sorted(TREND)


@pytest.mark.parametrize("key", TREND_KEYS, ids=lambda k: "%s-rho%s" % k)
def test_trend(key):
    res = r_test(*key)
    for row in TREND[key]:
        scores = {r["label"]: num(r["score"]) for r in SCORES[key[0], row["set"]]}
        got = res.trend([scores[str(g)] for g in res.groups])
        assert_close(got, [num(row["chisq"]), num(row["p_value"])],
                     what="%s rho=%s trend set %s" % (key + (row["set"],)))
        # The same scores as a mapping {label: score}.
        assert_close(res.trend({g: scores[str(g)] for g in res.groups}), got,
                     rtol=0.0, what="mapping")
        if row["set"] == "0":  # 1, 2, ..., k: the default
            assert_close(res.trend(), got, rtol=1e-14, what="default scores")


PAIR_KEYS = sorted(PAIRWISE)


@pytest.mark.parametrize("key", PAIR_KEYS, ids=lambda k: "%s-rho%s-%s" % k)
def test_pairwise(key):
    name, rho, method = key
    rows = sorted(PAIRWISE[key], key=lambda r: int(r["pair"]))
    time, event, group, strata = case_data(name)
    got = inotusurv.logrank_pairwise(time, event, group, strata=strata,
                                     rho=float(rho), adjust=method)
    # The library's order: (0, 1), (0, 2), ..., by ascending label.
    assert [(str(a), str(b)) for a, b in got] == [
        (r["label_i"], r["label_j"]) for r in rows]
    assert_close(list(got.values()), [num(r["p"]) for r in rows],
                 what="%s rho=%s %s" % key)


def test_pairwise_is_the_test_on_each_pair():
    time, event, group, _ = case_data("veteran_celltype")
    got = inotusurv.logrank_pairwise(time, event, group, weights="gehan",
                                     adjust="none")
    assert len(got) == 6
    for (a, b), p in got.items():
        keep = [i for i, g in enumerate(group) if g in (a, b)]
        one = inotusurv.logrank_test([time[i] for i in keep],
                                     [event[i] for i in keep],
                                     [group[i] for i in keep], weights="gehan")
        assert close(p, one.p_value, 1e-13), (a, b)


@pytest.mark.parametrize("key", sorted(PADJUST), ids=lambda k: "set%s-%s" % k)
def test_p_adjust(key):
    rows = sorted(PADJUST[key], key=lambda r: int(r["idx"]))
    p = [num(r["p"]) for r in rows]
    got = inotusurv.p_adjust(p, method=key[1])
    assert_close(got, [num(r["adjusted"]) for r in rows],
                 what="p.adjust set %s %s" % key)
    # NA as None, as the caller may have it.
    with_none = inotusurv.p_adjust([None if math.isnan(x) else x for x in p],
                                   key[1])
    assert_close(with_none, got, rtol=0.0, what="None for NA")


def test_p_adjust_default_is_holm_and_scalars():
    p = [0.063, 4.86e-5, 0.0162, 0.00358, 0.0209, 0.277]
    assert_close(inotusurv.p_adjust(p), inotusurv.p_adjust(p, "holm"), rtol=0.0)
    # One value: nothing to adjust, as R's p.adjust(0.3).
    assert inotusurv.p_adjust(0.3, "bonferroni") == 0.3
    assert isinstance(inotusurv.p_adjust(0.3), float)
    # By hand: Bonferroni multiplies by the number of values, capped at 1.
    assert list(inotusurv.p_adjust([0.01, 0.2, 0.6], "bonferroni")) == [
        0.03, 0.6000000000000001, 1.0]


# ---------------------------------------------------------------- by hand

# Group A dies at 1 and 3, group B dies at 2 and is censored at 4.
#   t = 1: n = 4 (A 2, B 2), d = 1 in A: E_A = 1/2,
#          V = d (n - d) / (n (n - 1)) n_A (1 - n_A / n) = 3/12 * 2 * 1/2 = 1/4
#   t = 2: n = 3 (A 1, B 2), d = 1 in B: E_A = 1/3, V = 2/6 * 1 * 2/3 = 2/9
#   t = 3: n = 2 (A 1, B 1), d = 1 in A: E_A = 1/2, V = 1/2 * 1 * 1/2 = 1/4
# The pooled S(t-) is 1, 3/4, 1/2 at the three times.  With weights
# w1, w2, w3: O_A = w1 + w3, O_B = w2, E_A = w1/2 + w2/3 + w3/2,
# E_B = O_A + O_B - E_A, V = w1^2/4 + 2 w2^2/9 + w3^2/4, chisq (O_A - E_A)^2 / V.
HAND_T, HAND_E, HAND_G = [1, 3, 2, 4], [1, 1, 1, 0], ["A", "A", "B", "B"]
S2, S3 = math.sqrt(2.0), math.sqrt(3.0)
HAND = [
    # (options, O_A, O_B, E_A, V)
    # log-rank, w = 1: O_A 2, E_A 4/3, V 13/18, chisq (2/3)^2 / (13/18) = 8/13
    (dict(), 2.0, 1.0, 4 / 3, 13 / 18),
    # Gehan, w = n = 4, 3, 2: O_A 6, O_B 3, E_A 4, V 4 + 2 + 1 = 7, chisq 4/7
    (dict(weights="gehan"), 6.0, 3.0, 4.0, 7.0),
    # Tarone-Ware, w = sqrt(n) = 2, sqrt 3, sqrt 2: O_A 2 + sqrt 2,
    # O_B sqrt 3, E_A 1 + sqrt(3)/3 + sqrt(2)/2, V 1 + 2/3 + 1/2 = 13/6
    (dict(weights="tarone-ware"), 2 + S2, S3, 1 + S3 / 3 + S2 / 2, 13 / 6),
    # Peto-Peto, w = S(t-) = 1, 3/4, 1/2: O_A 3/2, O_B 3/4, E_A 1,
    # V 1/4 + 1/8 + 1/16 = 7/16
    (dict(rho=1), 1.5, 0.75, 1.0, 7 / 16),
    # Fleming-Harrington (0, 1), w = 1 - S(t-) = 0, 1/4, 1/2: O_A 1/2,
    # O_B 1/4, E_A 1/12 + 1/4 = 1/3, V 1/72 + 1/16 = 11/144
    (dict(weights="fh", p=0, q=1), 0.5, 0.25, 1 / 3, 11 / 144),
    # FH (1, 1), w = S (1 - S) = 0, 3/16, 1/4: O_A 1/4, O_B 3/16,
    # E_A 1/16 + 1/8 = 3/16, V 2/9 (3/16)^2 + 1/4 (1/4)^2 = 1/128 + 1/64 = 3/128
    (dict(weights="fh", p=1, q=1), 0.25, 3 / 16, 3 / 16, 3 / 128),
]


@pytest.mark.parametrize("case", HAND, ids=[str(c[0]) for c in HAND])
def test_by_hand(case):
    kwargs, o_a, o_b, e_a, v = case
    res = inotusurv.logrank_test(HAND_T, HAND_E, HAND_G, **kwargs)
    assert res.groups == ["A", "B"]
    assert list(res.n) == [2.0, 2.0]
    assert_close(res.observed, [o_a, o_b], rtol=1e-14, what="O")
    assert_close(res.expected, [e_a, o_a + o_b - e_a], rtol=1e-14, what="E")
    assert_close([res.variance[0][0], res.variance[0][1], res.variance[1][0],
                  res.variance[1][1]], [v, -v, -v, v], rtol=1e-14, what="V")
    assert_close([res.chisq, res.df], [(o_a - e_a) ** 2 / v, 1.0], rtol=1e-14,
                 what="chisq")
    assert_close([res.oe2_e[0], res.oe2_v[0]],
                 [(o_a - e_a) ** 2 / e_a, (o_a - e_a) ** 2 / v], rtol=1e-14,
                 what="table")
    # With two groups the trend test is the test itself, whatever the
    # (distinct) scores.
    assert_close(res.trend(), [res.chisq, res.p_value], rtol=1e-13, what="trend")
    assert_close(res.trend([10, -3]), res.trend(), rtol=1e-13, what="scores")


# ---------------------------------------------------------------- options

def test_weight_names_and_aliases():
    time, event, group, _ = case_data("veteran_celltype")

    def stat(**kw):
        r = inotusurv.logrank_test(time, event, group, **kw)
        return [r.chisq, r.p_value] + list(r.observed) + list(r.expected)

    gehan = stat(weights="gehan")
    assert_close(stat(weights="gb"), gehan, rtol=0.0, what="gb")
    assert_close(stat(weights="wilcoxon"), gehan, rtol=0.0, what="wilcoxon")
    tw = stat(weights="tarone-ware")
    assert_close(stat(weights="tw"), tw, rtol=0.0, what="tw")
    # rho with the default weight is G-rho, as R's survdiff(rho=), and
    # G-rho is FH with q = 0.
    peto = stat(rho=1)
    assert_close(stat(weights="grho", rho=1), peto, rtol=0.0, what="grho")
    assert_close(stat(weights="fh", p=1, q=0), peto, rtol=1e-14, what="fh(1, 0)")
    logrank = stat()
    assert_close(stat(weights="grho"), logrank, rtol=0.0, what="grho rho=0")
    assert_close(stat(weights="fh", p=0, q=0), logrank, rtol=1e-14, what="fh(0, 0)")
    res = inotusurv.logrank_test(time, event, group, weights="wilcoxon")
    assert (res.weights, res.p, res.q) == ("gehan", 0.0, 0.0)
    res = inotusurv.logrank_test(time, event, group, rho=0.5)
    assert (res.weights, res.p, res.q) == ("grho", 0.5, 0.0)
    res = inotusurv.logrank_test(time, event, group, weights="fh", p=2, q=0.5)
    assert (res.weights, res.p, res.q) == ("fh", 2.0, 0.5)


def test_labels_of_any_sortable_type():
    # The same test with integer, text and float labels: the groups come
    # back as given, ascending, with the same numbers.
    time, event, group, _ = case_data("lung_ecog")
    as_int = inotusurv.logrank_test(time, event, group)
    as_text = inotusurv.logrank_test(time, event, ["e%d" % g for g in group])
    as_float = inotusurv.logrank_test(time, event, [g + 0.5 for g in group])
    assert as_int.groups == [0, 1, 2, 3]
    assert as_text.groups == ["e0", "e1", "e2", "e3"]
    assert as_float.groups == [0.5, 1.5, 2.5, 3.5]
    for other in (as_text, as_float):
        assert_close([other.chisq] + list(other.observed) + list(other.expected),
                     [as_int.chisq] + list(as_int.observed) + list(as_int.expected),
                     rtol=0.0)
    pairs = inotusurv.logrank_pairwise(time, event, ["e%d" % g for g in group])
    assert list(pairs)[:3] == [("e0", "e1"), ("e0", "e2"), ("e0", "e3")]
    # Text strata too, keyed by the caller's labels.
    t2, e2, g2, s2 = case_data("lung_sex_inst")
    a = inotusurv.logrank_test(t2, e2, g2, strata=s2)
    b = inotusurv.logrank_test(t2, e2, g2, strata=["i%03d" % s for s in s2])
    assert list(b.strata) == ["i%03d" % s for s in a.strata]
    assert a.chisq == b.chisq


def test_negative_labels_and_numpy_labels():
    np = pytest.importorskip("numpy")
    time, event, group, _ = case_data("aml_x")
    codes = [-7 if g == "Maintained" else 3 for g in group]
    res = inotusurv.logrank_test(time, event, codes)
    assert res.groups == [-7, 3]
    assert r_test("aml_x", "0").chisq == res.chisq
    for dtype in (np.int64, np.int16, np.float64):
        again = inotusurv.logrank_test(np.array(time), np.array(event),
                                       np.array(codes, dtype=dtype))
        assert again.groups == [-7, 3] and again.chisq == res.chisq
    labels = np.array(group)  # a numpy array of text
    assert inotusurv.logrank_test(time, event, labels).groups == [
        "Maintained", "Nonmaintained"]


def test_entry_times():
    # Left truncation (R's survdiff has none): with entry times that are
    # all below the first time, nobody's risk set changes.
    time, event, group, _ = case_data("aml_x")
    plain = inotusurv.logrank_test(time, event, group)
    early = inotusurv.logrank_test(time, event, group, entry=[0.5] * len(time))
    assert_close([early.chisq] + list(early.variance.ravel()),
                 [plain.chisq] + list(plain.variance.ravel()), rtol=1e-14)


def test_timefix():
    # 0.1 + 0.2 and 0.3 are one time with timefix (a tie: one risk set),
    # two without.  Group A dies at both, B is censored later.
    time, event, group = [0.1 + 0.2, 0.3, 1.0, 2.0], [1, 1, 0, 1], [1, 1, 2, 2]
    tied = inotusurv.logrank_test(time, event, group)
    apart = inotusurv.logrank_test(time, event, group, timefix=False)
    # Tied: n 4, d 2, n_A 2: E_A = 1, V = 2*2/(4*3) * 2 * 1/2 = 1/3.
    assert tied.expected[0] == pytest.approx(1.0, rel=1e-15)
    assert tied.variance[0][0] == pytest.approx(1 / 3, rel=1e-15)
    # Apart: E_A = 2/4 + 1/3, V = 3/12 * 2 * 1/2 + 2/6 * 1 * 2/3 = 1/4 + 2/9.
    assert apart.expected[0] == pytest.approx(5 / 6, rel=1e-15)
    assert apart.variance[0][0] == pytest.approx(17 / 36, rel=1e-15)


# ---------------------------------------------------------------- statsmodels

def sm_cases():
    for name in ("aml_x", "lung_sex", "lung_ecog", "ovarian_rx",
                 "veteran_celltype", "veteran_celltype_trt", "lung_sex_inst"):
        time, event, group, strata = case_data(name)
        yield name, time, event, group, strata, None
    heart = dataset("heart")
    yield ("heart_entry", heart["time"], heart["event"], heart["transplant"],
           None, heart["entry"])


SM_CASES = list(sm_cases())
# statsmodels' weight_type and its keywords, and the library's weights.
SM_WEIGHTS = [
    (None, {}, dict()),
    ("gb", {}, dict(weights="gehan")),
    ("tw", {}, dict(weights="tarone-ware")),
    ("fh", {"fh_p": 0.5}, dict(weights="fh", p=0.5, q=0)),
    ("fh", {"fh_p": 1.0}, dict(weights="fh", p=1, q=0)),
]
# statsmodels sums (O - E) and V in a different order and solves with
# LU; its p value is 1 - P (absolute error ~1e-16), so p values are
# compared where that is small relative to p.
SM_RTOL = 1e-10


# statsmodels returns NaN for "fh" with entry times: not compared.
SM_PAIRS = [(c, w) for c in SM_CASES for w in SM_WEIGHTS
            if not (c[5] is not None and w[0] == "fh")]


# Where S reaches 0, statsmodels' "fh" takes log(0) (a warning, with the
# right weight 0 = exp(-inf) in the end).
@pytest.mark.filterwarnings("ignore:divide by zero encountered in log")
@pytest.mark.parametrize("case,weight", SM_PAIRS, ids=[
    "%s-%s%s" % (c[0], w[0], w[1].get("fh_p", "")) for c, w in SM_PAIRS])
def test_statsmodels(case, weight):
    np = pytest.importorskip("numpy")
    survfunc = pytest.importorskip("statsmodels.duration.survfunc")
    name, time, event, group, strata, entry = case
    wtype, wkw, ours = weight
    chisq, p = survfunc.survdiff(
        np.asarray(time, float), np.asarray(event, float), np.asarray(group),
        weight_type=wtype, strata=None if strata is None else np.asarray(strata),
        entry=None if entry is None else np.asarray(entry, float), **wkw)
    res = inotusurv.logrank_test(time, event, group, strata=strata, entry=entry,
                                 **ours)
    # statsmodels counts every group in df; here every group has E > 0.
    assert res.df == len(res.groups) - 1
    assert_close([res.chisq], [chisq], rtol=SM_RTOL, what="%s chisq" % name)
    if p > 1e-4:
        assert_close([res.p_value], [p], rtol=SM_RTOL, what="%s p" % name)


# ---------------------------------------------------------------- bad input

def raises(cls, status, function, call):
    with pytest.raises(cls) as info:
        call()
    err = info.value
    assert type(err) is cls
    assert err.status == status
    assert err.function == function
    assert err.strerror == inotusurv.strerror(status)
    assert err.strerror in str(err) and function in str(err)
    return err


T, E, G = [5.0, 8.0, 12.0, 20.0], [1, 0, 1, 1], [1, 1, 2, 2]
BAD_DATA = [
    ("empty", inotusurv.EmptyError, errors.EEMPTY, ([], [], [])),
    ("nan time", inotusurv.TimeError, errors.ETIME, ([1, NAN], [1, 1], [1, 2])),
    ("none time", inotusurv.TimeError, errors.ETIME, ([1, None], [1, 1], [1, 2])),
    ("inf time", inotusurv.TimeError, errors.ETIME, ([1, INF], [1, 1], [1, 2])),
    ("negative time", inotusurv.TimeError, errors.ETIME, ([-1, 2], [1, 1], [1, 2])),
    ("event 2", inotusurv.EventError, errors.EEVENT, ([1, 2], [1, 2], [1, 2])),
    ("event 0.5", inotusurv.EventError, errors.EEVENT, ([1, 2], [1, 0.5], [1, 2])),
    ("one group", inotusurv.GroupsError, errors.EGROUPS, (T, E, [3, 3, 3, 3])),
    ("one text group", inotusurv.GroupsError, errors.EGROUPS, (T, E, ["a"] * 4)),
    ("no death", inotusurv.VarianceError, errors.EVARIANCE, (T, [0] * 4, G)),
    # All four die together: d = n, so d (n - d) = 0 and V = 0.
    ("one death time", inotusurv.VarianceError, errors.EVARIANCE,
     ([3, 3, 3, 3], [1, 1, 1, 1], G)),
]


@pytest.mark.parametrize("case", BAD_DATA, ids=[c[0] for c in BAD_DATA])
def test_bad_data(case):
    _, cls, status, (time, event, group) = case
    raises(cls, status, "isurv_logrank_test",
           lambda: inotusurv.logrank_test(time, event, group))
    raises(cls, status, "isurv_logrank_pairwise",
           lambda: inotusurv.logrank_pairwise(time, event, group))


@pytest.mark.parametrize("entry,why", [([0, 0, 12, 0], "entry = exit"),
                                       ([0, 9, 0, 0], "entry > exit"),
                                       ([-1, 0, 0, 0], "negative"),
                                       ([NAN, 0, 0, 0], "NaN"),
                                       ([None, 0, 0, 0], "None")])
def test_bad_entry(entry, why):
    raises(inotusurv.EntryError, errors.EENTRY, "isurv_logrank_test",
           lambda: inotusurv.logrank_test(T, E, G, entry=entry))
    raises(inotusurv.EntryError, errors.EENTRY, "isurv_logrank_pairwise",
           lambda: inotusurv.logrank_pairwise(T, E, G, entry=entry))


def test_zero_weight_on_every_death():
    # FH with q > 0 weighs by (1 - S(t-))^q, 0 at the first death time;
    # with a single death time every weight is 0: nothing to test.
    raises(inotusurv.VarianceError, errors.EVARIANCE, "isurv_logrank_test",
           lambda: inotusurv.logrank_test(T, [1, 0, 0, 0], G, weights="fh",
                                          p=0, q=1))


def test_a_pair_with_nothing_to_test():
    # Groups 2 and 3 have no death between them: their pair fails, so the
    # whole call does, though the three-group test is fine.
    time, event, group = [1, 2, 3, 4, 5, 6], [1, 1, 0, 0, 0, 0], [1, 1, 2, 2, 3, 3]
    assert inotusurv.logrank_test(time, event, group).df == 2
    raises(inotusurv.VarianceError, errors.EVARIANCE, "isurv_logrank_pairwise",
           lambda: inotusurv.logrank_pairwise(time, event, group))


@pytest.mark.parametrize("kwargs", [dict(rho=-1), dict(rho=NAN), dict(rho=INF),
                                    dict(weights="grho", rho=-0.5),
                                    dict(weights="fh", p=-1, q=0),
                                    dict(weights="fh", p=1, q=NAN)])
def test_bad_weight_parameters(kwargs):
    raises(inotusurv.OptionError, errors.EOPTION, "isurv_opts_set_weights",
           lambda: inotusurv.logrank_test(T, E, G, **kwargs))
    raises(inotusurv.OptionError, errors.EOPTION, "isurv_opts_set_weights",
           lambda: inotusurv.logrank_pairwise(T, E, G, **kwargs))


@pytest.mark.parametrize("kwargs", [dict(weights="peto"), dict(weights="Gehan"),
                                    dict(weights="gehan", rho=1),
                                    dict(weights="tw", p=1, q=1),
                                    dict(weights="logrank", p=1, q=0),
                                    dict(weights="fh", p=1, q=0, rho=0.5)])
def test_conflicting_or_unknown_weights(kwargs):
    with pytest.raises(inotusurv.OptionError) as info:
        inotusurv.logrank_test(T, E, G, **kwargs)
    err = info.value
    assert err.status == errors.EOPTION and err.function is None
    assert err.strerror == inotusurv.strerror(errors.EOPTION)
    assert err.strerror in str(err)


def test_weight_arguments_of_the_wrong_type():
    with pytest.raises(TypeError):
        inotusurv.logrank_test(T, E, G, weights="fh", p=1)  # q missing
    with pytest.raises(TypeError):
        inotusurv.logrank_test(T, E, G, rho=None)
    with pytest.raises(TypeError):
        inotusurv.logrank_test(T, E, G, weights=None)
    with pytest.raises(TypeError):
        inotusurv.logrank_test(T, E, G, timefix="yes")
    raises(inotusurv.OptionError, errors.EOPTION, "isurv_opts_set_timefix",
           lambda: inotusurv.logrank_test(T, E, G, timefix=2))


def test_shapes_and_labels():
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.logrank_test(T, E, G[:3])
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.logrank_test(T, E, G, strata=[1, 2])
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.logrank_pairwise(T, E, G, entry=[0, 0])
    with pytest.raises(inotusurv.InputError):  # a missing label
        inotusurv.logrank_test(T, E, ["a", "b", None, "b"])
    with pytest.raises(TypeError):  # labels that do not sort together
        inotusurv.logrank_test(T, E, ["a", 1, "b", 2.5])


def test_too_many_groups():
    np = pytest.importorskip("numpy")
    # The library takes at most 2^20 groups; the binding must not try to
    # allocate k(k-1)/2 pair slots first.
    n = (1 << 20) + 1
    time = np.arange(1, n + 1, dtype=np.float64)
    event = np.ones(n, dtype=np.intc)
    group = np.arange(n, dtype=np.intc)
    raises(inotusurv.SizeError, errors.ESIZE, "isurv_logrank_test",
           lambda: inotusurv.logrank_test(time, event, group))
    raises(inotusurv.SizeError, errors.ESIZE, "isurv_logrank_pairwise",
           lambda: inotusurv.logrank_pairwise(time, event, group))


@pytest.mark.parametrize("adjust", ["hommel", "Holm", "bh", "", "fdr "])
def test_bad_adjust(adjust):
    for call in (lambda: inotusurv.logrank_pairwise(T, E, G, adjust=adjust),
                 lambda: inotusurv.p_adjust([0.1, 0.2], adjust)):
        with pytest.raises(inotusurv.OptionError) as info:
            call()
        assert info.value.status == errors.EOPTION
        assert repr(adjust) in str(info.value)
    with pytest.raises(TypeError):
        inotusurv.p_adjust([0.1], None)


@pytest.mark.parametrize("p", [[0.1, 1.5], [-0.01], [INF, 0.2], [-INF]])
def test_p_adjust_bad_values(p):
    raises(inotusurv.ProbabilityError, errors.EPROB, "isurv_p_adjust",
           lambda: inotusurv.p_adjust(p))


def test_p_adjust_empty_and_wrong_types():
    raises(inotusurv.EmptyError, errors.EEMPTY, "isurv_p_adjust",
           lambda: inotusurv.p_adjust([]))
    with pytest.raises(TypeError):
        inotusurv.p_adjust(["0.1"])
    with pytest.raises(inotusurv.ShapeError):
        inotusurv.p_adjust([[0.1, 0.2]])


def test_bad_trend_scores():
    res = inotusurv.logrank_test(T, E, G)
    for scores in ([1, 2, 3], [1], [], [1, NAN], [INF, 1], [1, None]):
        raises(inotusurv.ArgumentError, errors.EARG, "isurv_logrank_trend",
               lambda: res.trend(scores))
    # Equal scores: c = 0 after centring, so there is no trend to test.
    raises(inotusurv.VarianceError, errors.EVARIANCE, "isurv_logrank_trend",
           lambda: res.trend([4, 4]))
    with pytest.raises(KeyError):
        res.trend({1: 0.0})
    with pytest.raises(TypeError):
        res.trend(["a", "b"])


# ---------------------------------------------------------------- the caller's data

def test_callers_arrays_are_not_changed():
    np = pytest.importorskip("numpy")
    time, event, group, strata = case_data("veteran_celltype_trt")
    codes = {"adeno": 3, "large": 4, "smallcell": 2, "squamous": 1}
    # Arrays of the C types go to C by pointer, without a copy; the others
    # are converted.  Neither kind may change.
    inputs = [
        dict(time=np.array(time, dtype=np.float64),
             event=np.array(event, dtype=np.intc),
             group=np.array([codes[g] for g in group], dtype=np.intc),
             strata=np.array(strata, dtype=np.intc),
             entry=np.zeros(len(time), dtype=np.float64)),
        dict(time=np.array(time, dtype=np.float32),
             event=np.array(event, dtype=np.float64),
             group=np.array(group),
             strata=np.array(strata, dtype=np.int64),
             entry=np.zeros(len(time), dtype=np.int64)),
    ]
    for kw in inputs:
        before = {k: v.copy() for k, v in kw.items()}
        res = inotusurv.logrank_test(kw["time"], kw["event"], kw["group"],
                                     strata=kw["strata"], entry=kw["entry"],
                                     weights="tw")
        scores = np.array([3.0, 1.0, 2.0, 5.0])
        scores_before = scores.copy()
        res.trend(scores)
        inotusurv.logrank_pairwise(kw["time"], kw["event"], kw["group"],
                                   strata=kw["strata"], entry=kw["entry"])
        for k, v in kw.items():
            assert v.dtype == before[k].dtype
            assert np.array_equal(v, before[k]), k
        assert np.array_equal(scores, scores_before)
    p = np.array([0.04, 0.01, NAN, 0.03])
    p_before = p.copy()
    adjusted = inotusurv.p_adjust(p, "BH")
    assert np.array_equal(p, p_before, equal_nan=True)
    assert adjusted is not p


def test_results_are_copies():
    np = pytest.importorskip("numpy")
    res = inotusurv.logrank_test(T, E, G)
    assert isinstance(res.variance, np.ndarray) and res.variance.shape == (2, 2)
    for field in ("n", "observed", "expected", "oe2_e", "oe2_v"):
        assert isinstance(getattr(res, field), np.ndarray)
        assert len(getattr(res, field)) == 2
    # Changing a result array changes nothing else.
    res.observed[0] = 99.0
    assert res.strata[None].observed[0] != 99.0
    assert "LogRank" in repr(res)


def test_the_c_object_is_freed():
    res = inotusurv.logrank_test(T, E, G)
    finalizer = res._handle._free
    assert finalizer.alive
    trend = res.trend()
    del res
    gc.collect()
    assert not finalizer.alive
    assert trend.chisq > 0


# ---------------------------------------------------------------- without numpy

NO_NUMPY = r'''
import sys

class BlockNumpy:
    def find_spec(self, name, path=None, target=None):
        if name == "numpy" or name.startswith("numpy."):
            raise ImportError("numpy is blocked for this test")
        return None

sys.meta_path.insert(0, BlockNumpy())

import json
import inotusurv, helpers

d = helpers.dataset("veteran")
res = inotusurv.logrank_test(d["time"], d["event"], d["celltype"],
                             strata=d["trt"], rho=0.5)
pairs = inotusurv.logrank_pairwise(d["time"], d["event"], d["celltype"],
                                   strata=d["trt"], rho=0.5, adjust="BH")
print(json.dumps({
    "numpy_loaded": "numpy" in sys.modules,
    "groups": res.groups, "stat": [res.chisq, res.df, res.p_value, res.log_p],
    "observed": res.observed, "expected": res.expected, "n": res.n,
    "variance": res.variance,
    "types": sorted({type(getattr(res, f)).__name__ for f in
                     ("n", "observed", "expected", "oe2_e", "oe2_v", "variance")}),
    "strata": {str(k): [v.observed, v.expected] for k, v in res.strata.items()},
    "trend": list(res.trend([1, 2, 4, 8])),
    "pairs": [[a, b, p] for (a, b), p in pairs.items()],
    "p_adjust": inotusurv.p_adjust([0.02, None, 0.5, 0.011, None, 0.02], "BY"),
    "p_adjust_one": inotusurv.p_adjust(0.3),
}))
'''


def test_without_numpy():
    import json
    rc, out, err = run_python(NO_NUMPY)
    assert rc == 0, err
    got = json.loads(out)
    assert got["numpy_loaded"] is False
    assert got["types"] == ["list"]
    key = ("veteran_celltype_trt", "0.5")
    (stat,) = STAT[key]
    assert_close(got["stat"], [num(stat[f]) for f in ("chisq", "df", "p_value", "log_p")],
                 what="stat")
    assert got["groups"] == ["adeno", "large", "smallcell", "squamous"]
    rows = {r["label"]: r for r in GROUPS[key]}
    for field in ("n", "observed", "expected"):
        assert_close(got[field], [num(rows[g][field]) for g in got["groups"]],
                     what=field)
    v = {(r["label_i"], r["label_j"]): num(r["v"]) for r in VAR[key]}
    assert [len(row) for row in got["variance"]] == [4] * 4
    for i, a in enumerate(got["groups"]):
        assert_close(got["variance"][i], [v[a, b] for b in got["groups"]],
                     what="variance")
    assert sorted(got["strata"]) == ["1", "2"]
    strata = by(STRATA[key], "stratum", "label")
    for s, (obs, exp) in got["strata"].items():
        assert_close(obs, [num(strata[s, g][0]["observed"]) for g in got["groups"]],
                     what="stratum obs")
        assert_close(exp, [num(strata[s, g][0]["expected"]) for g in got["groups"]],
                     what="stratum exp")
    (trend,) = [r for r in TREND[key] if r["set"] == "1"]
    assert_close(got["trend"], [num(trend["chisq"]), num(trend["p_value"])],
                 what="trend")
    pairs = sorted(PAIRWISE[key + ("BH",)], key=lambda r: int(r["pair"]))
    assert [p[:2] for p in got["pairs"]] == [[r["label_i"], r["label_j"]] for r in pairs]
    assert_close([p[2] for p in got["pairs"]], [num(r["p"]) for r in pairs],
                 what="pairwise")
    rows = sorted(PADJUST["1", "BY"], key=lambda r: int(r["idx"]))
    assert_close(got["p_adjust"], [num(r["adjusted"]) for r in rows],
                 what="p_adjust")
    assert got["p_adjust_one"] == 0.3
