"""CountTable: tables of partitions, merged in any order, fit as the
array functions fit all the rows (km, logrank_test, followup_median,
which test_r_reference holds to R): bit for bit without weights, to
1e-12 relative with them.  Bytes round trips, errors, pickling, and a
multiprocessing pool that builds one table per shard."""
import functools
import math
import multiprocessing
import pickle
import random
import struct

import pytest

import inotusurv
from inotusurv import CountTable, errors

COLUMNS = inotusurv.KMFit.columns


def make(seed, n, *, ties=True, groups=True, strata=False, weights=False,
         entry=False, near=False):
    """Random rows as a dict of lists; near: some times 1e-12 relative from
    another row's, which timefix merges."""
    rnd = random.Random(seed)
    rows = {"time": [], "event": []}
    for key, on in (("group", groups), ("strata", strata),
                    ("weights", weights), ("entry", entry)):
        if on:
            rows[key] = []
    for i in range(n):
        x = rnd.expovariate(1 / 12.0)
        t = 1.0 + math.floor(x) if ties else 0.01 + x
        if near and i % 5 == 1:
            t = rows["time"][-1] * (1 + 1e-12)
        rows["time"].append(t)
        rows["event"].append(int(rnd.random() < 0.6))
        if groups:
            rows["group"].append(rnd.choice([-3, 0, 5]))
        if strata:
            rows["strata"].append(rnd.choice([1, 2]))
        if weights:
            rows["weights"].append(0.25 + 2 * rnd.random())
        if entry:
            rows["entry"].append(math.floor(rnd.random() * t) if ties
                                 else 0.8 * rnd.random() * t)
    return rows


def shards(rows, k, seed):
    """The rows dealt at random into k shards (some may be empty)."""
    rnd = random.Random(seed)
    out = [{key: [] for key in rows} for _ in range(k)]
    for i in range(len(rows["time"])):
        part = out[rnd.randrange(k)]
        for key, values in rows.items():
            part[key].append(values[i])
    return out


def table(rows):
    return CountTable.from_arrays(
        rows["time"], rows["event"], group=rows.get("group"),
        strata=rows.get("strata"), weights=rows.get("weights"),
        entry=rows.get("entry"))


def same(a, b, rtol=0.0):
    """Sequences equal element by element: exactly (NaN equal to NaN) or
    to rtol relative."""
    a, b = list(a), list(b)
    assert len(a) == len(b)
    for i, (x, y) in enumerate(zip(a, b)):
        if math.isnan(x) or math.isnan(y):
            assert math.isnan(x) and math.isnan(y), (i, x, y)
        elif rtol == 0.0 or y == 0.0 or math.isinf(y):
            assert x == y, (i, x, y)
        else:
            assert abs(x - y) <= rtol * abs(y), (i, x, y)


def same_km(got, want, rtol=0.0):
    assert got.n == want.n and got.group == want.group
    for name in COLUMNS:
        same(getattr(got, name), getattr(want, name),
             0.0 if name == "time" else rtol)
    same(got.median(), want.median(), rtol)


def same_logrank(got, want):
    assert got.groups == want.groups
    same([got.chisq, got.df, got.p_value, got.log_p],
         [want.chisq, want.df, want.p_value, want.log_p])
    for name in ("n", "observed", "expected", "oe2_e", "oe2_v"):
        same(getattr(got, name), getattr(want, name))
    for row_got, row_want in zip(got.variance, want.variance):
        same(row_got, row_want)
    assert list(got.strata) == list(want.strata)
    for key in want.strata:
        same(got.strata[key].observed, want.strata[key].observed)
        same(got.strata[key].expected, want.strata[key].expected)


def merged(tables):
    return functools.reduce(CountTable.merge, tables, CountTable.empty())


CASES = [
    dict(),
    dict(ties=False, near=True),
    dict(strata=True),
    dict(strata=True, entry=True),
    dict(ties=False, near=True, strata=True, entry=True),
    dict(weights=True),
    dict(weights=True, entry=True, strata=True),
    dict(groups=False),
    dict(groups=False, weights=True, ties=False),
]


@pytest.mark.parametrize("case", range(len(CASES)))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_partitions_fit_as_the_whole(case, seed):
    spec = CASES[case]
    rows = make(seed * 100 + case, 150, **spec)
    parts = [table(p) for p in shards(rows, 1 + seed * 2, seed)]
    whole = table(rows)
    t = merged(parts)
    assert t == whole and t.to_bytes() == whole.to_bytes()
    assert merged(parts[::-1]) == whole
    assert len(t.to_bytes()) > 48 and t.nobs == 150
    rtol = 1e-12 if spec.get("weights") else 0.0
    args = dict(weights=rows.get("weights"), entry=rows.get("entry"))
    for timefix in (True, False):
        want = inotusurv.km(rows["time"], rows["event"], group=rows.get("group"),
                            timefix=timefix, **args)
        got = t.km(timefix=timefix)
        if "group" in rows:
            assert list(got) == list(want)
            for label in want:
                same_km(got[label], want[label], rtol)
        else:
            same_km(got, want, rtol)
        if not spec.get("weights") and not spec.get("entry"):
            same(t.followup_median(timefix=timefix),
                 inotusurv.followup_median(rows["time"], rows["event"],
                                           timefix=timefix))
        if "group" in rows and not spec.get("weights"):
            for rho in (0.0, 1.0):
                same_logrank(
                    t.logrank_test(rho, timefix=timefix),
                    inotusurv.logrank_test(rows["time"], rows["event"],
                                           rows["group"],
                                           strata=rows.get("strata"),
                                           entry=rows.get("entry"), rho=rho,
                                           timefix=timefix))
            same_logrank(t.logrank_test(weights="fh", p=1, q=1),
                         inotusurv.logrank_test(
                             rows["time"], rows["event"], rows["group"],
                             strata=rows.get("strata"), entry=rows.get("entry"),
                             weights="fh", p=1, q=1))


def test_weighted_table_refuses_the_log_rank():
    rows = make(7, 40, weights=True)
    with pytest.raises(errors.WeightError) as err:
        table(rows).logrank_test()
    assert err.value.status == errors.EWEIGHT
    assert "without weights" in str(err.value)
    # Weights all 1 are no weights.
    rows["weights"] = [1.0] * 40
    assert table(rows) == table(dict(rows, weights=None))
    table(rows).logrank_test()


def test_dimensions_and_labels():
    t = CountTable.from_arrays([2, 1, 2, 5], [1, 0, 0, 1], group=[7, 7, -1, 7],
                               strata=[3, 3, 3, 4])
    # cells (3, -1, 2), (3, 7, 1), (3, 7, 2), (4, 7, 5)
    assert t.dim() == inotusurv.Dimensions(4, 2, 2, 4)
    assert (t.nobs, t.nstrata, t.ngroups, t.ncells) == (4, 2, 2, 4)
    fits = t.km()
    assert list(fits) == [-1, 7] and fits[7].group == 7
    assert fits[7].n == 3
    one = CountTable.from_arrays([2, 1], [1, 0])
    assert isinstance(one.km(), inotusurv.KMFit) and one.km().group is None
    assert list(one.km(by_group=True)) == [0]
    with pytest.raises(ValueError):
        t.km(by_group=False)
    lr = t.logrank_test()
    assert lr.groups == [-1, 7] and list(lr.strata) == [3, 4]
    assert "CountTable" in repr(t)


def test_empty_table_is_the_identity():
    e = CountTable.empty()
    assert e.dim() == (0, 0, 0, 0)
    assert len(e.to_bytes()) == 48
    t = table(make(3, 30, strata=True, weights=True, entry=True))
    assert e.merge(t) == t and t.merge(e) == t and e.merge(e) == e
    assert CountTable.from_arrays([], []) == e
    with pytest.raises(errors.EmptyError):
        e.km()
    with pytest.raises(errors.EmptyError):
        e.logrank_test()
    with pytest.raises(errors.EmptyError):
        e.followup_median()


def test_bytes_round_trip():
    t = table(make(11, 80, strata=True, weights=True, entry=True, ties=False))
    data = t.to_bytes()
    assert isinstance(data, bytes)
    for form in (data, bytearray(data), memoryview(data)):
        back = CountTable.from_bytes(form)
        assert back == t and back.to_bytes() == data
    same_km(CountTable.from_bytes(data).km()[0], t.km()[0])
    assert pickle.loads(pickle.dumps(t)) == t


def test_bytes_that_are_not_a_table():
    data = table(make(12, 30)).to_bytes()
    for bad in (b"", b"junk", data[:-1], data + b"\0", data[:47],
                b"\0" + data[1:]):
        with pytest.raises(errors.FormatError) as err:
            CountTable.from_bytes(bad)
        assert err.value.status == errors.EFORMAT
    newer = data[:8] + struct.pack("<I", 2) + data[12:]
    with pytest.raises(errors.VersionError) as err:
        CountTable.from_bytes(newer)
    assert err.value.status == errors.EVERSION
    for wrong in ("text", 3, None, [1, 2]):
        with pytest.raises(TypeError):
            CountTable.from_bytes(wrong)


def test_bad_input():
    cases = [
        (([1, float("nan")], [1, 0]), {}, errors.TimeError),
        (([1, -2], [1, 0]), {}, errors.TimeError),
        (([1, 2], [1, 2]), {}, errors.EventError),
        (([1, 2], [1, 0]), dict(weights=[1, -1]), errors.WeightError),
        (([1, 2], [1, 0]), dict(entry=[1, 0]), errors.EntryError),
        (([1, 2], [1, 0, 1]), {}, errors.ShapeError),
        (([1, 2], [1, 0]), dict(group=[1]), errors.ShapeError),
        (([1, 2], [1, 0]), dict(strata=[1, 2, 3]), errors.ShapeError),
        (([1, 2], [1, 0]), dict(group=["a", "b"]), TypeError),
        (([1, 2], [1, 0]), dict(strata=[0.5, 1]), TypeError),
    ]
    for args, kwargs, exc in cases:
        with pytest.raises(exc):
            CountTable.from_arrays(*args, **kwargs)
    t = CountTable.from_arrays([1, 2], [1, 0])
    with pytest.raises(TypeError):
        t.merge(b"bytes")
    with pytest.raises(errors.GroupsError):
        t.logrank_test()
    with pytest.raises(errors.OptionError):
        t.logrank_test(weights="nonsense")
    with pytest.raises(errors.OptionError):
        t.km(conf_type="nonsense")
    with pytest.raises(TypeError):
        CountTable(None)


def test_timefix_across_partitions():
    """1 and 1 + 1e-12 in different partitions are one time after the
    merge, as in the whole data."""
    a = CountTable.from_arrays([1.0], [1])
    b = CountTable.from_arrays([1.0 + 1e-12], [0])
    fit = a.merge(b).km()
    assert list(fit.time) == [1.0] and list(fit.n_risk) == [2.0]
    assert len(a.merge(b).km(timefix=False).time) == 2


def _shard_bytes(rows):
    """A pool worker: the bytes of one shard's table."""
    return table(rows).to_bytes()


def test_multiprocessing_pool():
    """Workers build one table per shard and return bytes; the parent
    merges them as they come and fits."""
    rows = make(2024, 600, strata=True, entry=True)
    parts = shards(rows, 6, 5)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(2) as pool:
        blobs = list(pool.imap_unordered(_shard_bytes, parts))
    t = merged(CountTable.from_bytes(b) for b in blobs)
    assert t == table(rows)
    want = inotusurv.km(rows["time"], rows["event"], group=rows["group"],
                        entry=rows["entry"])
    got = t.km()
    for label in want:
        same_km(got[label], want[label])
    same_logrank(t.logrank_test(),
                 inotusurv.logrank_test(rows["time"], rows["event"],
                                        rows["group"], strata=rows["strata"],
                                        entry=rows["entry"]))
