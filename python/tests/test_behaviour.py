"""Properties checked by hand or by identities rather than against R:
weights as replicated rows, censoring helpers, time units, fit lifetime."""
import datetime
import gc

import pytest

import inotusurv
from helpers import assert_close, dataset

LUNG = dataset("lung")


def test_integer_weights_equal_replicated_rows():
    # Weight k on a row must give the fit of that row repeated k times.
    time, event = LUNG["time"], LUNG["event"]
    weights = [(i % 3) + 1 for i in range(len(time))]
    weighted = inotusurv.km(time, event, weights=weights, group=LUNG["sex"])
    rt, re, rg = [], [], []
    for t, e, w, g in zip(time, event, weights, LUNG["sex"]):
        rt += [t] * w
        re += [e] * w
        rg += [g] * w
    replicated = inotusurv.km(rt, re, group=rg)
    assert list(weighted) == list(replicated) == [1, 2]
    for g in (1, 2):
        a, b = weighted[g], replicated[g]
        assert a.n == sum(1 for s in LUNG["sex"] if s == g)
        assert b.n == sum(1 for s in rg if s == g)
        for column in inotusurv.KMFit.columns:
            assert_close(getattr(a, column), getattr(b, column), rtol=1e-12,
                         what=column)
        assert_close(a.median(), b.median(), rtol=1e-12, what="median")
        assert_close(a.rmst(500), b.rmst(500), rtol=1e-12, what="rmst")


def test_one_group_label_still_gives_a_dict():
    fits = inotusurv.km([1, 2, 3], [1, 0, 1], group=[5, 5, 5])
    assert list(fits) == [5] and fits[5].group == 5 and fits[5].n == 3


def test_rmst_before_the_first_time():
    # S = 1 up to the first time 5: the area to tau = 3 is 3, with no
    # event before it, so no variance.
    fit = inotusurv.km([5, 8, 12], [1, 1, 0])
    assert fit.rmst(3.0) == (3.0, 0.0)


def test_surv_at_scalar_and_sequence():
    fit = inotusurv.km([5, 8, 12], [1, 1, 0])
    # By hand: S(5) = 2/3, S(8) = 2/3 * 1/2 = 1/3.
    assert_close(fit.surv_at([0, 5, 7, 8, 100]).surv,
                 [1, 2 / 3, 2 / 3, 1 / 3, 1 / 3], rtol=1e-15)
    assert fit.surv_at(8).surv == pytest.approx(1 / 3, rel=1e-15)
    table = fit.risk_table([0, 5, 6, 12, 13])
    assert_close(table.n_risk, [3, 3, 2, 1, 0], rtol=0.0)
    assert_close(table.cum_event, [0, 1, 1, 2, 2], rtol=0.0)
    assert_close(table.cum_censor, [0, 0, 0, 1, 1], rtol=0.0)


def test_censor_at_by_hand():
    time = [10.0, 10.0, 10.0, 10.0, 10.0, 10.0, 4.0]
    event = [1, 1, 1, 0, 1, 1, 0]
    at = [5.0, 10.0, 12.0, 3.0, None, float("inf"), float("nan")]
    before = (list(time), list(event), list(at))
    t, e = inotusurv.censor_at(time, event, at)
    # Transplant before the outcome: censored then.  On the day of the
    # outcome, or after it, or never: the outcome stands.
    assert list(t) == [5.0, 10.0, 10.0, 3.0, 10.0, 10.0, 4.0]
    assert list(e) == [0, 1, 1, 0, 1, 1, 0]
    assert (time, event, at[:4]) == (before[0], before[1], before[2][:4])


def test_censor_admin_by_hand():
    t, e = inotusurv.censor_admin([3, 7, 7.5, 12, 20], [1, 1, 1, 0, 1], 7.5)
    assert list(t) == [3, 7, 7.5, 7.5, 7.5]
    assert list(e) == [1, 1, 1, 0, 0]


def test_days_to_months_by_hand():
    assert inotusurv.DAYS_PER_MONTH == 365.25 / 12
    assert inotusurv.days_to_months(365.25) == 12.0
    assert list(inotusurv.days_to_months([0, 30.4375, -60.875, 100])) == [
        0.0, 1.0, -2.0, 100 / 30.4375]


@pytest.mark.parametrize("d0,d1,days", [
    ((2020, 1, 1), (2021, 1, 1), 366),   # 2020 is a leap year
    ((2021, 1, 1), (2022, 1, 1), 365),
    ((1900, 2, 28), (1900, 3, 1), 1),    # 1900 is not
    ((2000, 2, 28), (2000, 3, 1), 2),    # 2000 is
    ((2024, 3, 15), (2024, 3, 15), 0),
    ((2024, 3, 15), (2023, 3, 15), -366),
    ((1, 1, 1), (9999, 12, 31), 3652058),  # datetime.date's whole range
])
def test_months_between_by_hand(d0, d1, days):
    expected = days / 30.4375
    a, b = datetime.date(*d0), datetime.date(*d1)
    assert (b - a).days == days
    assert inotusurv.months_between(a, b) == expected
    assert inotusurv.months_between(d0, d1) == expected
    assert inotusurv.months_between(datetime.datetime(*d0, 23, 59),
                                    datetime.datetime(*d1, 0, 1)) == expected


def test_months_between_numpy_dates():
    np = pytest.importorskip("numpy")
    assert inotusurv.months_between(np.datetime64("2020-01-01"),
                                    np.datetime64("2020-03-01")) == 60 / 30.4375


def test_fit_handles_are_freed():
    fit = inotusurv.km([1, 2, 3], [1, 0, 1])
    finalizer = fit._handle._free
    assert finalizer.alive
    del fit
    gc.collect()
    assert not finalizer.alive
    fits = inotusurv.km([1, 2, 3, 4], [1, 0, 1, 1], group=[1, 1, 2, 2])
    finalizer = fits[1]._handle._free
    keep = fits[2]
    del fits
    gc.collect()
    assert finalizer.alive  # the kept curve still needs the C object
    # Group 2: S(3) = 1/2 exactly, flat until it drops at 4; R's rule takes
    # the midpoint, (3 + 4) / 2.
    assert keep.median().estimate == 3.5
