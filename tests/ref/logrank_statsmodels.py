"""Reference values for the weighted log-rank tests R's survdiff lacks.

Run from tests/ref with the system Python (statsmodels 0.13.5 was used):
    /usr/bin/python3 logrank_statsmodels.py
It reads the data files logrank_ref.R wrote and writes

  logrank_sm_stat.csv  case, wtype, p: chisq, df, pvalue (scipy's chi2.sf)
  logrank_sm_u.csv     the weighted O - E of groups 1..k-1 (index g)
  logrank_sm_var.csv   their variance matrix (i, j in 1..k-1)

from statsmodels.duration.survfunc.survdiff, and from its per-stratum
helper _survdiff for U and V (survdiff returns only chisq and p; the
helper is private, hence the pinned version).  wtype follows enum
isurv_weight_type: 0 log-rank, 2 Fleming-Harrington with q = 0 (fh_p),
3 Gehan-Breslow ("gb"), 4 Tarone-Ware ("tw").

What statsmodels' weights mean, checked against its source:
  - "gb" is the pooled number at risk n(t) in the stratum, "tw" sqrt(n(t)),
    as ours;
  - "fh" is S(t-)^fh_p only (no q), S the pooled product-limit estimate
    over the distinct times of the stratum, lagged one time, first weight
    1: the left-continuous KM, i.e. R's G-rho weight.  So "fh" with fh_p
    equals survdiff(rho = fh_p) and our ISURV_WEIGHT_FH with q = 0;
  - only times with more than one subject at risk enter the sums (a time
    with one subject at risk adds nothing to O - E or V anyway);
  - df is always k - 1 and the p value is 1 - chi2.cdf (we recompute it
    with chi2.sf, the upper tail); R and we drop groups with E = 0;
  - with entry times, "fh" returns NaN (the first distinct time is an
    entry time with nobody at risk, so its KM factor is 0/0), and with
    strata the full entry array is passed to every stratum; neither
    combination is used here.
The p values use scipy's chi2.sf rather than statsmodels' 1 - cdf.
"""
import csv

import numpy as np
from scipy.stats import chi2
from statsmodels.duration.survfunc import _survdiff, survdiff


def read(name):
    with open(name) as f:
        rows = list(csv.reader(l for l in f if not l.startswith("#")))
    data = np.array(rows[1:], dtype=float)
    return {h: data[:, i] for i, h in enumerate(rows[0])}


# case: (data file, group column, strata column, entry column); the ids
# are those of logrank_ref.R, 14 is its rounded left-truncated data.
CASES = {
    1: ("logrank_aml.csv", "group", None, None),
    2: ("logrank_lung.csv", "sex", None, None),
    3: ("logrank_lung.csv", "ph_ecog", None, None),
    4: ("logrank_lung.csv", "sex", "inst", None),
    5: ("logrank_lung.csv", "ph_ecog", "sex", None),
    6: ("logrank_ovarian.csv", "group", None, None),
    7: ("logrank_veteran.csv", "trt", None, None),
    8: ("logrank_veteran.csv", "celltype", None, None),
    9: ("logrank_veteran.csv", "celltype", "trt", None),
    14: ("logrank_entry_ties.csv", "group", None, "entry"),
}

# (wtype, p, statsmodels arguments)
WEIGHTS = [
    (0, 0.0, {}),
    (2, 0.5, {"weight_type": "fh", "fh_p": 0.5}),
    (2, 1.0, {"weight_type": "fh", "fh_p": 1.0}),
    (2, 2.0, {"weight_type": "fh", "fh_p": 2.0}),
    (3, 0.0, {"weight_type": "gb"}),
    (4, 0.0, {"weight_type": "tw"}),
]


def u_and_v(time, status, group, strata, entry, kw):
    """O - E and V summed over strata as survdiff sums them."""
    gr = np.unique(group)
    extra = {k: v for k, v in kw.items() if k != "weight_type"}
    wt = kw.get("weight_type")
    if strata is None:
        return _survdiff(time, status, group, wt, gr, entry, **extra)
    u, v = 0.0, 0.0
    for st in np.unique(strata):
        ii = strata == st
        u1, v1 = _survdiff(time[ii], status[ii], group[ii], wt, gr, None,
                           **extra)
        u, v = u + u1, v + v1
    return u, v


def fmt(x):
    return repr(float(x)) if isinstance(x, (float, np.floating)) else str(x)


def write(name, comment, header, rows):
    with open(name, "w") as f:
        f.write("# " + comment + "\n")
        f.write(",".join(header) + "\n")
        for r in rows:
            f.write(",".join(fmt(x) for x in r) + "\n")


def main():
    stat, urows, vrows = [], [], []
    for case, (file, gcol, scol, ecol) in CASES.items():
        d = read(file)
        time, status, group = d["time"], d["status"], d[gcol]
        strata = d[scol] if scol else None
        entry = d[ecol] if ecol else None
        k = len(np.unique(group))
        for wtype, p, kw in WEIGHTS:
            if entry is not None and wtype == 2:
                continue  # statsmodels' fh is NaN with entry times
            # "fh" takes log(0) once the pooled KM reaches 0: harmless.
            with np.errstate(divide="ignore"):
                chisq, _ = survdiff(time, status, group, strata=strata,
                                    entry=entry, **kw)
                u, v = u_and_v(time, status, group, strata, entry, kw)
            again = u.dot(np.linalg.solve(v, u))
            assert abs(again - chisq) <= 1e-12 * chisq, (case, wtype, p)
            stat.append((case, wtype, p, chisq, k - 1, chi2.sf(chisq, k - 1)))
            for g in range(k - 1):
                urows.append((case, wtype, p, g + 1, u[g]))
                for h in range(k - 1):
                    vrows.append((case, wtype, p, g + 1, h + 1, v[g, h]))
    write("logrank_sm_stat.csv", "statsmodels survdiff chisq; p = chi2.sf",
          ["case", "wtype", "p", "chisq", "df", "pvalue"], stat)
    write("logrank_sm_u.csv", "weighted O - E of group g (0-based, g >= 1)",
          ["case", "wtype", "p", "g", "u"], urows)
    write("logrank_sm_var.csv", "variance of O - E, groups i, j >= 1",
          ["case", "wtype", "p", "i", "j", "v"], vrows)


if __name__ == "__main__":
    main()
