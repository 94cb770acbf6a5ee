"""The package without numpy: imported in a Python where `import numpy`
fails, it takes lists, returns lists, and agrees with R."""
import json

import pytest

import inotusurv
from helpers import assert_close, dataset, num, read_csv
from subproc import run_python

BLOCK_NUMPY = r'''
import sys

class BlockNumpy:
    """A meta path finder that makes `import numpy` fail."""
    def find_spec(self, name, path=None, target=None):
        if name == "numpy" or name.startswith("numpy."):
            raise ImportError("numpy is blocked for this test")
        return None

sys.meta_path.insert(0, BlockNumpy())
'''

SCRIPT = BLOCK_NUMPY + r'''
import json, math
import inotusurv, helpers

aml = helpers.dataset("aml")
fits = inotusurv.km(aml["time"], aml["event"], group=aml["x"])
out = {"have_numpy": inotusurv.HAVE_NUMPY,
       "numpy_loaded": "numpy" in sys.modules, "fits": {}}
for label, fit in fits.items():
    out["fits"][label] = {
        "columns": {c: getattr(fit, c) for c in fit.columns},
        "types": sorted({type(getattr(fit, c)).__name__ for c in fit.columns}),
        "median": list(fit.median()),
        "surv_at": [list(v) for v in fit.surv_at([0, 10, 23])],
        "risk_table": [list(v) for v in fit.risk_table([0, 10, 23])],
        "rmst": list(fit.rmst(100)),
    }
t, e = inotusurv.censor_at([5.0, 10.0, 3.0], [1, 1, 0], [None, 4.0, float("nan")])
out["censor_at"] = [t, e, type(t).__name__, type(e).__name__]
t, e = inotusurv.censor_admin((5, 10), (1, 1), 7)
out["censor_admin"] = [t, e]
out["days_to_months"] = inotusurv.days_to_months([365.25, 30.4375])
try:
    inotusurv.km([1, 2], [1, 0.5])
except inotusurv.EventError as err:
    out["error"] = [err.status, str(err)]
out["followup"] = list(inotusurv.followup_median(aml["time"], aml["event"]))
out["plot"] = inotusurv.plot_km(fits, conf_bands=True, xstep=20, pvalue=0.0653)
print(json.dumps(out))
'''


@pytest.fixture(scope="module")
def result():
    rc, out, err = run_python(SCRIPT)
    assert rc == 0, err
    return json.loads(out)


def test_numpy_was_blocked(result):
    assert result["have_numpy"] is False
    assert result["numpy_loaded"] is False


def test_results_are_lists(result):
    for fit in result["fits"].values():
        assert fit["types"] == ["list"]
    assert result["censor_at"][2:] == ["list", "list"]


def test_fits_agree_with_r(result):
    curves = read_csv("km_curves.csv")
    medians = read_csv("km_medians.csv")
    at = read_csv("km_surv_at.csv")
    rmst = read_csv("km_rmst.csv")
    assert sorted(result["fits"]) == ["Maintained", "Nonmaintained"]
    for label, fit in result["fits"].items():
        rows = [r for r in curves if r["fit"] == "aml_x" and r["group"] == label]
        for column, values in fit["columns"].items():
            assert_close(values, [num(r[column]) for r in rows], what=column)
        q = [r for r in medians if r["fit"] == "aml_x" and r["group"] == label][0]
        assert_close(fit["median"], [num(q["estimate"]), num(q["lower"]),
                                     num(q["upper"])], what="median")
        rows = {num(r["t"]): r for r in at
                if r["fit"] == "aml_x" and r["group"] == label}
        for i, field in enumerate(("surv", "std_err", "lower", "upper")):
            assert_close(fit["surv_at"][i], [num(rows[t][field]) for t in (0, 10, 23)],
                         what=field)
        for i, field in enumerate(("n_risk", "cum_event", "cum_censor")):
            assert_close(fit["risk_table"][i], [num(rows[t][field]) for t in (0, 10, 23)],
                         what=field)
        r = [r for r in rmst if r["fit"] == "aml_x" and r["group"] == label
             and num(r["tau"]) == 100][0]
        assert_close(fit["rmst"], [num(r["estimate"]), num(r["std_err"])], what="rmst")
    fu = [r for r in read_csv("followup.csv")
          if r["data"] == "aml" and r["conf_type"] == "log"][0]
    assert_close(result["followup"], [num(fu["estimate"]), num(fu["lower"]),
                                      num(fu["upper"])], what="followup")


def test_helpers_without_numpy(result):
    # Subject 2 is censored at its transplant (4 < 10); NaN means none.
    assert result["censor_at"][:2] == [[5.0, 4.0, 3.0], [1, 0, 0]]
    assert result["censor_admin"] == [[5.0, 7.0], [1, 0]]
    assert result["days_to_months"] == [12.0, 1.0]
    status, message = result["error"]
    assert status == 4 and inotusurv.strerror(4) in message


def test_plot_without_numpy(result):
    # The same bytes as with numpy: the figure depends on the fit only.
    aml = dataset("aml")
    fits = inotusurv.km(aml["time"], aml["event"], group=aml["x"])
    assert result["plot"] == inotusurv.plot_km(fits, conf_bands=True,
                                               xstep=20, pvalue=0.0653)
