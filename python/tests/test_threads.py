"""isurv_opts_set_threads through the binding: the thread count changes the
speed only, so every result must be identical (bit for bit) for 1 and 2
threads, and a negative count is refused with the library's message."""
import math
import random
import struct

import pytest

import inotusurv as isurv
from inotusurv.errors import InputError


def data(n=20000, seed=7):
    rng = random.Random(seed)
    time = [1.0 + math.floor(rng.expovariate(1 / 365.0)) for _ in range(n)]
    event = [1 if rng.random() < 0.7 else 0 for _ in range(n)]
    group = [rng.randrange(3) for _ in range(n)]
    return time, event, group


def same(a, b):
    """Bit for bit, so that NaN (S = 0 gives a NaN std_err) equals NaN."""
    return [struct.pack("<d", x) for x in a] == [struct.pack("<d", x) for x in b]


def test_km_identical_for_any_thread_count():
    time, event, group = data()
    one = isurv.km(time, event, threads=1)
    two = isurv.km(time, event, threads=2)
    for col in ("time", "n_risk", "n_event", "surv", "std_err", "lower", "upper",
                "cumhaz", "std_chaz"):
        assert same(getattr(one, col), getattr(two, col)), col
    by1 = isurv.km(time, event, group=group, threads=1)
    by2 = isurv.km(time, event, group=group, threads=0)
    for label in by1:
        assert same(by1[label].surv, by2[label].surv)


def test_logrank_identical_for_any_thread_count():
    time, event, group = data()
    one = isurv.logrank_test(time, event, group, threads=1)
    two = isurv.logrank_test(time, event, group, threads=2)
    assert one.chisq == two.chisq and one.p_value == two.p_value
    assert same(one.expected, two.expected) and same(one.observed, two.observed)
    pw1 = isurv.logrank_pairwise(time, event, group, threads=1)
    pw2 = isurv.logrank_pairwise(time, event, group, threads=2)
    assert pw1 == pw2


def test_negative_threads_refused():
    with pytest.raises(InputError) as err:
        isurv.km([1.0, 2.0], [1, 0], threads=-1)
    assert err.value.function == "isurv_opts_set_threads"
    with pytest.raises(TypeError):
        isurv.km([1.0, 2.0], [1, 0], threads=1.5)
