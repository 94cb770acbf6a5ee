"""Bad input: each public function raises the exception class of the C
status, carrying isurv_strerror()'s message, and nothing crashes."""
import datetime
import math

import pytest

import inotusurv
from inotusurv import errors

T, E = [5.0, 8.0, 12.0, 20.0], [1, 0, 1, 1]
NAN, INF = math.nan, math.inf


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


KM_CASES = [
    ("empty", inotusurv.EmptyError, errors.EEMPTY, dict(time=[], event=[])),
    ("nan time", inotusurv.TimeError, errors.ETIME, dict(time=[1, NAN], event=[1, 1])),
    ("none time", inotusurv.TimeError, errors.ETIME, dict(time=[1, None], event=[1, 1])),
    ("inf time", inotusurv.TimeError, errors.ETIME, dict(time=[1, INF], event=[1, 1])),
    ("negative time", inotusurv.TimeError, errors.ETIME, dict(time=[-1, 2], event=[1, 1])),
    ("event 2", inotusurv.EventError, errors.EEVENT, dict(time=[1, 2], event=[1, 2])),
    ("event -1", inotusurv.EventError, errors.EEVENT, dict(time=[1, 2], event=[-1, 1])),
    ("negative weight", inotusurv.WeightError, errors.EWEIGHT,
     dict(time=[1, 2], event=[1, 1], weights=[1, -0.5])),
    ("nan weight", inotusurv.WeightError, errors.EWEIGHT,
     dict(time=[1, 2], event=[1, 1], weights=[1, NAN])),
    ("inf weight", inotusurv.WeightError, errors.EWEIGHT,
     dict(time=[1, 2], event=[1, 1], weights=[INF, 1])),
    ("entry = exit", inotusurv.EntryError, errors.EENTRY,
     dict(time=[1, 2], event=[1, 1], entry=[0, 2])),
    ("entry > exit", inotusurv.EntryError, errors.EENTRY,
     dict(time=[1, 2], event=[1, 1], entry=[1.5, 0])),
    ("negative entry", inotusurv.EntryError, errors.EENTRY,
     dict(time=[1, 2], event=[1, 1], entry=[-1, 0])),
    ("nan entry", inotusurv.EntryError, errors.EENTRY,
     dict(time=[1, 2], event=[1, 1], entry=[NAN, 0])),
]


@pytest.mark.parametrize("case", KM_CASES, ids=[c[0] for c in KM_CASES])
def test_km_bad_data(case):
    _, cls, status, kwargs = case
    raises(cls, status, "isurv_km_fit", lambda: inotusurv.km(**kwargs))


@pytest.mark.parametrize("case", KM_CASES[:7], ids=[c[0] for c in KM_CASES[:7]])
def test_followup_bad_data(case):
    _, cls, status, kwargs = case
    raises(cls, status, "isurv_followup_median",
           lambda: inotusurv.followup_median(kwargs["time"], kwargs["event"]))


@pytest.mark.parametrize("level", [0.0, 1.0, -0.5, 1.5, NAN, INF])
def test_bad_conf_level(level):
    err = raises(inotusurv.OptionError, errors.EOPTION,
                 "isurv_opts_set_conf_level",
                 lambda: inotusurv.km(T, E, conf_level=level))
    assert "conf_level" in str(err)
    raises(inotusurv.OptionError, errors.EOPTION, "isurv_opts_set_conf_level",
           lambda: inotusurv.followup_median(T, E, conf_level=level))


@pytest.mark.parametrize("name", ["log_log", "Log", "loglog", "", "arcsine"])
def test_bad_conf_type(name):
    with pytest.raises(inotusurv.OptionError) as info:
        inotusurv.km(T, E, conf_type=name)
    err = info.value
    assert err.status == errors.EOPTION
    assert err.strerror == inotusurv.strerror(errors.EOPTION)
    assert err.strerror in str(err) and repr(name) in str(err)


def test_bad_timefix():
    raises(inotusurv.OptionError, errors.EOPTION, "isurv_opts_set_timefix",
           lambda: inotusurv.km(T, E, timefix=2))
    with pytest.raises(TypeError):
        inotusurv.km(T, E, timefix="yes")


def test_every_conf_type_is_accepted():
    for name in ("log", "log-log", "plain", "logit", "arcsin", "none"):
        assert inotusurv.km(T, E, conf_type=name).conf_type == name


@pytest.mark.parametrize("p", [0.0, 1.0, -0.1, 1.1, NAN, INF])
def test_bad_quantile(p):
    fit = inotusurv.km(T, E)
    raises(inotusurv.ProbabilityError, errors.EPROB, "isurv_km_quantile",
           lambda: fit.quantile(p))


@pytest.mark.parametrize("tau", [0.0, -1.0, NAN, INF])
def test_bad_rmst(tau):
    fit = inotusurv.km(T, E)
    raises(inotusurv.ArgumentError, errors.EARG, "isurv_km_rmst",
           lambda: fit.rmst(tau))


@pytest.mark.parametrize("times", [[1, -1], [NAN], -2.0, [None]])
def test_bad_query_times(times):
    fit = inotusurv.km(T, E)
    raises(inotusurv.TimeError, errors.ETIME, "isurv_km_surv_at",
           lambda: fit.surv_at(times))
    raises(inotusurv.TimeError, errors.ETIME, "isurv_km_risk_table",
           lambda: fit.risk_table(times))


def test_empty_query_times():
    fit = inotusurv.km(T, E)
    assert len(fit.surv_at([]).surv) == 0
    assert len(fit.risk_table([]).n_risk) == 0


def test_censor_at_bad_input():
    raises(inotusurv.TimeError, errors.ETIME, "isurv_censor_at",
           lambda: inotusurv.censor_at(T, E, [1, -1, None, None]))
    raises(inotusurv.TimeError, errors.ETIME, "isurv_censor_at",
           lambda: inotusurv.censor_at(T, E, [1, -INF, None, None]))
    raises(inotusurv.TimeError, errors.ETIME, "isurv_censor_at",
           lambda: inotusurv.censor_at([1, NAN], [1, 1], [None, None]))
    raises(inotusurv.EventError, errors.EEVENT, "isurv_censor_at",
           lambda: inotusurv.censor_at([1, 2], [1, 3], [None, None]))
    raises(inotusurv.EmptyError, errors.EEMPTY, "isurv_censor_at",
           lambda: inotusurv.censor_at([], [], []))


@pytest.mark.parametrize("cutoff", [-1.0, NAN, INF])
def test_censor_admin_bad_cutoff(cutoff):
    raises(inotusurv.ArgumentError, errors.EARG, "isurv_censor_admin",
           lambda: inotusurv.censor_admin(T, E, cutoff))


def test_censor_admin_bad_data():
    raises(inotusurv.TimeError, errors.ETIME, "isurv_censor_admin",
           lambda: inotusurv.censor_admin([-1, 2], [1, 1], 10))
    raises(inotusurv.EventError, errors.EEVENT, "isurv_censor_admin",
           lambda: inotusurv.censor_admin([1, 2], [1, 0.5], 10))
    raises(inotusurv.EmptyError, errors.EEMPTY, "isurv_censor_admin",
           lambda: inotusurv.censor_admin([], [], 10))
    with pytest.raises(TypeError):
        inotusurv.censor_admin(T, E, None)


def test_days_to_months_bad_input():
    raises(inotusurv.TimeError, errors.ETIME, "isurv_days_to_months",
           lambda: inotusurv.days_to_months([1, NAN]))
    raises(inotusurv.TimeError, errors.ETIME, "isurv_days_to_months",
           lambda: inotusurv.days_to_months(INF))
    raises(inotusurv.EmptyError, errors.EEMPTY, "isurv_days_to_months",
           lambda: inotusurv.days_to_months([]))


@pytest.mark.parametrize("bad", [(2023, 2, 29), (2024, 13, 1), (2024, 4, 31),
                                 (2024, 1, 0), (1900, 2, 29), (2**40, 1, 1)])
def test_months_between_bad_dates(bad):
    raises(inotusurv.DateError, errors.EDATE, "isurv_months_between",
           lambda: inotusurv.months_between(bad, datetime.date(2024, 1, 1)))
    raises(inotusurv.DateError, errors.EDATE, "isurv_months_between",
           lambda: inotusurv.months_between(datetime.date(2024, 1, 1), bad))


def test_months_between_wrong_types():
    for bad in ("2024-01-01", 20240101, (2024, 1), (2024.0, 1, 1), None):
        with pytest.raises(TypeError):
            inotusurv.months_between(bad, datetime.date(2024, 1, 1))


def test_hierarchy():
    for cls in (inotusurv.EmptyError, inotusurv.TimeError, inotusurv.EventError,
                inotusurv.WeightError, inotusurv.EntryError, inotusurv.OptionError,
                inotusurv.ProbabilityError, inotusurv.ArgumentError,
                inotusurv.DateError, inotusurv.CurveIndexError,
                inotusurv.ShapeError, inotusurv.GroupsError):
        assert issubclass(cls, inotusurv.InputError)
        assert issubclass(cls, ValueError)
        assert issubclass(cls, inotusurv.InotusurvError)
    assert issubclass(inotusurv.CurveIndexError, IndexError)
    assert issubclass(inotusurv.OutOfMemoryError, MemoryError)
    assert issubclass(inotusurv.OutputError, OSError)
    assert not issubclass(inotusurv.OutOfMemoryError, ValueError)


def test_error_for_every_status():
    """The exception each status becomes (statuses no bound function can
    return from Python, such as ISURV_ENOMEM, included)."""
    expected = {
        errors.ENOMEM: MemoryError, errors.EIO: OSError,
        errors.ENOCONV: ArithmeticError, errors.ENULL: RuntimeError,
        errors.EBUFFER: RuntimeError, errors.EINDEX: IndexError,
    }
    for status in range(1, 23):
        err = errors.error_for(status, "isurv_x")
        assert isinstance(err, inotusurv.InotusurvError)
        assert isinstance(err, expected.get(status, ValueError)), status
        assert err.status == status and err.function == "isurv_x"
        assert err.strerror == inotusurv.strerror(status)
        assert str(err) == "isurv_x: " + inotusurv.strerror(status)
    nomem = errors.error_for(errors.ENOMEM)
    assert isinstance(nomem, inotusurv.OutOfMemoryError)
    assert str(nomem) == inotusurv.strerror(errors.ENOMEM)
    unknown = errors.error_for(999)
    assert type(unknown) is inotusurv.InotusurvError
    assert str(unknown) == inotusurv.strerror(999)
    with pytest.raises(inotusurv.OutOfMemoryError):
        errors.check(errors.ENOMEM, "isurv_km_fit")
    errors.check(errors.OK, "isurv_km_fit")


def test_strerror():
    messages = [inotusurv.strerror(s) for s in range(0, 21)]
    assert all(isinstance(m, str) and m for m in messages)
    assert len(set(messages)) == len(messages)
    # Unknown codes still get a message (the same one, never NULL).
    assert inotusurv.strerror(-1) == inotusurv.strerror(10**6)
    assert inotusurv.strerror(-1) not in messages


def test_ints_ctypes_would_wrap():
    # ctypes silently wraps a Python int into a C int: 2**32 + 3 would be 3.
    assert inotusurv.strerror(2**32 + errors.ETIME) == inotusurv.strerror(-1)
    raises(inotusurv.OptionError, errors.EOPTION, "isurv_opts_set_timefix",
           lambda: inotusurv.km(T, E, timefix=2**32 + 1))
