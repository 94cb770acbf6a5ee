"""Times statsmodels on the data isurv-bench wrote: only the call is timed.

usage: python3 bench_statsmodels.py DIR N OP   (OP: km, km_group, logrank)
Prints "op seconds checksum peak_rss_kib", like isurv-bench.
"""
import resource
import sys
import time as clock

import numpy as np
from statsmodels.duration.survfunc import SurvfuncRight, survdiff


def main():
    folder, n, op = sys.argv[1], int(float(sys.argv[2])), sys.argv[3]
    t = np.fromfile(f"{folder}/time.f64", dtype=np.float64, count=n)
    e = np.fromfile(f"{folder}/event.i32", dtype=np.int32, count=n)
    g = np.fromfile(f"{folder}/group.i32", dtype=np.int32, count=n)
    t0 = clock.perf_counter()
    if op == "km":
        fit = SurvfuncRight(t, e)
        sec = clock.perf_counter() - t0
        # statsmodels keeps event times only; S is flat over censor-only
        # times, so the checksum compares with ours on event times.
        checksum = float(np.sum(fit.surv_prob))
    elif op == "km_group":
        checksum = 0.0
        for label in (1, 2, 3):
            mask = g == label
            checksum += float(np.sum(SurvfuncRight(t[mask], e[mask]).surv_prob))
        sec = clock.perf_counter() - t0
    elif op == "logrank":
        chisq, _ = survdiff(t, e, g)
        sec = clock.perf_counter() - t0
        checksum = float(chisq)
    else:
        raise SystemExit("unknown op")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{op} {sec:.6f} {checksum:.17g} {rss}")


if __name__ == "__main__":
    main()
