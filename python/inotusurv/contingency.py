"""Contingency tables: chisq_test() (R's chisq.test), fisher_exact() (R's
fisher.test) and prop_trend_test() (R's prop.trend.test).

A table is a sequence of rows (or a 2-D numpy array) of counts: finite,
non-negative whole numbers, at least 2 x 2, no empty row or column.  The
library checks the cells, so bad ones raise its exceptions and messages.
"""
import collections
import ctypes

from . import _arrays, _lib
from ._options import _code, _flag, _number
from .errors import check

_D, _H = _lib.c_double_p, _lib.handle
_S, _INT = ctypes.c_size_t, ctypes.c_int
_SP = _lib.c_size_t_p

_lib.declare({
    "isurv_chisq_test": (_INT, [_lib.handle_p, _D, _S, _S, _INT]),
    "isurv_chisq_free": (None, [_H]),
    "isurv_chisq_dim": (_INT, [_H, _SP, _SP]),
    "isurv_chisq_stat": (_INT, [_H, _D, _D, _D]),
    "isurv_chisq_log_p": (_INT, [_H, _D]),
    "isurv_chisq_expected": (_INT, [_H, _D, _S]),
    "isurv_chisq_residuals": (_INT, [_H, _D, _S]),
    "isurv_chisq_low_expected": (_INT, [_H, _lib.c_int_p]),
    "isurv_fisher_test": (_INT, [_D, _D, _D, _D, _D, _S, _S, _INT, ctypes.c_double]),
    "isurv_prop_trend_test": (_INT, [_D, _D, _D, _D, _D, _S]),
})

# enum isurv_alternative, by scipy's names (R's "two.sided" is "two-sided").
ALTERNATIVES = {
    "two-sided": 0,
    "less": 1,      # odds ratio < 1
    "greater": 2,   # odds ratio > 1
}

ConfInt = collections.namedtuple("ConfInt", "lower upper")
PropTrend = collections.namedtuple("PropTrend", "statistic p_value")


class ChisqTest:
    """The result of chisq_test(), R's chisq.test(table, correct=).

    statistic, df ((r-1)(c-1)), p_value (upper tail), log_p (its natural
    log, finite where p_value underflows to 0); expected (the expected
    counts) and residuals (standardized, R's stdres): r x c, numpy 2-D
    arrays or lists of lists; low_expected: True when an expected count is
    below 5 (R's "approximation may be incorrect"); shape (r, c);
    correction: whether Yates's correction was asked for (it applies to
    2 x 2 tables only, as in R).
    """

    def __init__(self, ptr, correction):
        lib = _lib.lib
        nrow, ncol = ctypes.c_size_t(), ctypes.c_size_t()
        check(lib.isurv_chisq_dim(ptr, ctypes.byref(nrow), ctypes.byref(ncol)),
              "isurv_chisq_dim")
        r, c = nrow.value, ncol.value
        self.shape = (r, c)
        self.correction = correction
        stat, df, p = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        check(lib.isurv_chisq_stat(ptr, ctypes.byref(stat), ctypes.byref(df),
                                   ctypes.byref(p)), "isurv_chisq_stat")
        log_p = ctypes.c_double()
        check(lib.isurv_chisq_log_p(ptr, ctypes.byref(log_p)),
              "isurv_chisq_log_p")
        self.statistic, self.df, self.p_value = stat.value, df.value, p.value
        self.log_p = log_p.value
        expected, residuals = _arrays.new_doubles(r * c), _arrays.new_doubles(r * c)
        check(lib.isurv_chisq_expected(ptr, expected.ptr, r * c),
              "isurv_chisq_expected")
        check(lib.isurv_chisq_residuals(ptr, residuals.ptr, r * c),
              "isurv_chisq_residuals")
        self.expected = _arrays.matrix(expected, r, c)
        self.residuals = _arrays.matrix(residuals, r, c)
        flag = ctypes.c_int()
        check(lib.isurv_chisq_low_expected(ptr, ctypes.byref(flag)),
              "isurv_chisq_low_expected")
        self.low_expected = bool(flag.value)

    def __repr__(self):
        return "<ChisqTest statistic=%r df=%r p_value=%r%s>" % (
            self.statistic, self.df, self.p_value,
            " low_expected" if self.low_expected else "")


def chisq_test(table, *, correction=False):
    """Pearson's chi-square test of independence (R's chisq.test(table,
    correct=correction); note R's default is correct=TRUE, this one's is
    scipy's chi2_contingency default off).  correction=True applies Yates's
    continuity correction to a 2 x 2 table and is ignored for larger ones,
    as in R.  Returns a ChisqTest."""
    flag = _flag(correction, "correction")
    t, nrow, ncol = _arrays.table(table)
    out = ctypes.c_void_p()
    check(_lib.lib.isurv_chisq_test(ctypes.byref(out), t.ptr, nrow, ncol, flag),
          "isurv_chisq_test")
    try:
        return ChisqTest(out, bool(correction))
    finally:
        # Everything is copied out: the C result need not outlive the call.
        _lib.lib.isurv_chisq_free(out)


class FisherExact:
    """The result of fisher_exact(), R's fisher.test.

    p_value for the alternative; for a 2 x 2 table odds_ratio, the
    conditional maximum-likelihood estimate (R's, not the sample odds ratio
    ad/bc that scipy's fisher_exact gives), and conf_int = ConfInt(lower,
    upper), its exact conf_level interval (one-sided for "less" and
    "greater"); NaN for larger tables.  alternative and conf_level as given.
    """

    def __init__(self, p_value, odds_ratio, conf_int, alternative, conf_level):
        self.p_value = p_value
        self.odds_ratio = odds_ratio
        self.conf_int = conf_int
        self.alternative = alternative
        self.conf_level = conf_level

    def __repr__(self):
        return "<FisherExact p_value=%r odds_ratio=%r conf_int=%r>" % (
            self.p_value, self.odds_ratio, tuple(self.conf_int))


def fisher_exact(table, *, alternative="two-sided", conf_level=0.95):
    """Fisher's exact test (R's fisher.test(table, alternative=,
    conf.level=)).  alternative: "two-sided" (default), "less" or
    "greater" (2 x 2 tables only: larger ones are two-sided).  r x c tables
    use an exact network algorithm; too large a one is a SizeError.
    Returns a FisherExact."""
    code = _code(ALTERNATIVES, alternative, "alternative")
    level = _number(conf_level, "conf_level")
    t, nrow, ncol = _arrays.table(table)
    p, odds, lo, hi = (ctypes.c_double() for _ in range(4))
    check(_lib.lib.isurv_fisher_test(ctypes.byref(p), ctypes.byref(odds),
                                     ctypes.byref(lo), ctypes.byref(hi),
                                     t.ptr, nrow, ncol, code, level),
          "isurv_fisher_test")
    return FisherExact(p.value, odds.value, ConfInt(lo.value, hi.value),
                       alternative, level)


def prop_trend_test(events, trials, scores=None):
    """The chi-square test for a linear trend in proportions events[i] /
    trials[i] over scores (None: 1, 2, ..., k), on 1 df, as R's
    prop.trend.test(x, n, score).  Returns PropTrend(statistic, p_value)."""
    x = _arrays.doubles(events, "events")
    n = _arrays.doubles(trials, "trials")
    s = None if scores is None else _arrays.doubles(scores, "scores")
    _arrays.same_length(events=x, trials=n, scores=s)
    stat, p = ctypes.c_double(), ctypes.c_double()
    # An empty buffer has no address ctypes can pass as non-NULL.
    if x.n == 0:
        x = n = _arrays.new_doubles(1)
        s = None if s is None else x
        k = 0
    else:
        k = x.n
    check(_lib.lib.isurv_prop_trend_test(ctypes.byref(stat), ctypes.byref(p),
                                         x.ptr, n.ptr, _arrays.ptr(s), k),
          "isurv_prop_trend_test")
    return PropTrend(stat.value, p.value)
