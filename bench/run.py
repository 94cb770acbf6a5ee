"""`make bench`: libinotusurv against R survival and statsmodels, one run.

Runs bench/isurv-bench (which also writes the data), then R and statsmodels
on the same files, one process per operation. Checks that the results agree
(checksums) before it reports any speed, then prints one Markdown table of
seconds, peak RSS and the ratios R / libinotusurv, statsmodels /
libinotusurv, libinotusurv / sort-only (the times alone) and libinotusurv /
the sort of the operation's own packed keys, and then whether each target
of bench/README.md holds at the largest size (a missed one is reported, not
an error: the timings are the machine's as much as the library's).

usage: python3 run.py BENCH_BINARY [--sizes 1e5,1e6,1e7] [--shapes days,cont]
       [--no-statsmodels] [--out FILE]
"""
import argparse
import os
import platform
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OPS = ("km", "km_group", "logrank")
# Timings per operation, passed to isurv-bench so that the table says
# what was run.
REPEATS = 9


def parse(lines):
    """op -> (seconds, checksum, peak RSS KiB, checksum without timefix);
    R and statsmodels print no fifth field."""
    out = {}
    for line in lines.strip().splitlines():
        f = line.split()
        raw = float(f[4]) if len(f) > 4 else float(f[2])
        out[f[0]] = (float(f[1]), float(f[2]), int(f[3]), raw)
    return out


def run(cmd):
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{res.stderr}")
    return parse(res.stdout)


def agree(a, b, tol):
    return abs(a - b) <= tol * max(abs(a), abs(b), 1e-300)


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


# The performance targets the benchmark is held to (bench/README.md), at
# the largest size: (what, ops, shapes, kind, bound).
TARGETS = (
    ("KM >= 40x faster than R", ("km", "km_group"), ("days", "cont"), "R", 40.0),
    ("KM >= 4x faster than statsmodels", ("km", "km_group"), ("days", "cont"), "sm", 4.0),
    ("log-rank >= 40x faster than R", ("logrank",), ("days", "cont"), "R", 40.0),
    ("KM <= 1.5x the sort, continuous", ("km", "km_group"), ("cont",), "sort", 1.5),
    ("KM <= 1.3x the sort, days", ("km", "km_group"), ("days",), "sort", 1.3),
    ("log-rank <= 1.5x the sort", ("logrank",), ("days", "cont"), "sort", 1.5),
)


def targets(rows, sort_rss):
    """Markdown lines: each target at the largest size run, met or not,
    the 10x step below it (at most 12x), and peak memory beyond the input
    and one sort buffer (the sort's own peak holds both)."""
    name = {float(r[1]): r[1] for r in rows}  # as given: 1e7, not 10000000
    top = max(name)
    at = {(r[0], r[2]): r for r in rows if float(r[1]) == top}
    below = {(r[0], r[2]): r for r in rows if float(r[1]) == top / 10}
    out = [f"Targets at n = {name[top]}:", "", "| target | shape | op | value | met |",
           "|---|---|---|---|---|"]

    def line(what, shape, op, value, ok):
        out.append(f"| {what} | {shape} | {op} | {value} | {'yes' if ok else 'NO'} |")

    for what, ops, shapes, kind, bound in TARGETS:
        for shape in shapes:
            for op in ops:
                r = at.get((shape, op))
                if r is None or (kind == "sm" and r[5] is None):
                    continue
                o = r[3][0]
                if kind == "sort":
                    v = o / r[6]
                    line(what, shape, op, f"{v:.2f}x", v <= bound)
                else:
                    v = (r[4] if kind == "R" else r[5])[0] / o
                    line(what, shape, op, f"{v:.0f}x", v >= bound)
    for (shape, op), r in sorted(at.items()):
        b = below.get((shape, op))
        if b is not None:
            v = r[3][0] / b[3][0]
            line(f"{name[top / 10]} -> {name[top]} costs <= 12x", shape, op,
                 f"{v:.1f}x", v <= 12.0)
    out += ["", "Peak memory beyond the input and one sort buffer (the sort's own "
            "peak), MiB: "
            + ", ".join(f"{shape} {op} {round((r[3][2] - sort_rss[(shape, r[1])]) / 1024):+d}"
                        for (shape, op), r in sorted(at.items()))
            + " (what is left is the result's own bytes; below zero, the "
            "operation needed less than a sort buffer, as where day keys are "
            "counted rather than sorted; R's peaks are in the table)."]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--sizes", default="1e5,1e6,1e7")
    ap.add_argument("--shapes", default="days,cont")
    ap.add_argument("--no-statsmodels", action="store_true")
    ap.add_argument("--out")
    args = ap.parse_args()
    rows, problems, sorts, sort_rss = [], [], [], {}
    for shape in args.shapes.split(","):
        for size in args.sizes.split(","):
            with tempfile.TemporaryDirectory() as tmp:
                ours = run([args.binary, shape, size, tmp, str(REPEATS)])
                for op in OPS:
                    if op not in ours:
                        continue
                    r = run(["Rscript", os.path.join(HERE, "bench_r.R"), tmp, size, op])[op]
                    sm = None
                    if not args.no_statsmodels:
                        sm = run([sys.executable, os.path.join(HERE, "bench_statsmodels.py"),
                                  tmp, size, op])[op]
                    o = ours[op]
                    # Agreement first: a fast wrong answer is not a result.
                    # R merges times a rounding error apart (timefix) as
                    # libinotusurv does by default; statsmodels does not, so
                    # it is held to libinotusurv's result with timefix off.
                    for name, other, mine in (("R", r, o[1]), ("statsmodels", sm, o[3])):
                        if other is not None and not agree(mine, other[1], 1e-8):
                            problems.append(f"{shape} n={size} {op}: libinotusurv "
                                            f"{mine!r} vs {name} {other[1]!r}")
                    cols = ours.get(op + "+cols")
                    keys = ours["sort_keys" if op == "km" else "sort_keys_group"][0]
                    rows.append((shape, size, op, o, r, sm, ours["sort"][0], keys,
                                 cols[0] if cols else None))
                sorts.append((shape, size, ours["sort"][0], ours["sort_keys"][0],
                              ours["sort_keys_group"][0]))
                sort_rss[(shape, size)] = ours["sort"][2]
    if problems:
        sys.exit("bench: results disagree, no speeds reported:\n" + "\n".join(problems))
    mib = lambda kib: f"{kib / 1024:.0f}"
    lines = [
        f"Machine: {machine()}. Seconds are medians of {REPEATS} runs for libinotusurv "
        "(the operations taking turns, each round starting one further on), "
        "one timed call for R and statsmodels, each timing the library call "
        "alone; +cols adds copying out the two columns of the checksum. RSS "
        "is the peak of a process that holds the input and ran the library "
        "call once.",
        "",
        "| shape | n | op | isurv s | R s | sm s | R/isurv | sm/isurv | isurv/sort "
        "| isurv/keys | +cols s | isurv MiB | R MiB | sm MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for shape, size, op, o, r, sm, sort_s, keys_s, cols_s in rows:
        sm_s = f"{sm[0]:.3f}" if sm else "-"
        sm_ratio = f"{sm[0] / o[0]:.1f}" if sm else "-"
        sm_rss = mib(sm[2]) if sm else "-"
        lines.append(f"| {shape} | {size} | {op} | {o[0]:.4f} | {r[0]:.3f} | {sm_s} | "
                     f"{r[0] / o[0]:.1f} | {sm_ratio} | {o[0] / sort_s:.2f} | "
                     f"{o[0] / keys_s:.2f} | "
                     f"{f'{cols_s:.4f}' if cols_s is not None else '-'} | "
                     f"{mib(o[2])} | {mib(r[2])} | {sm_rss} |")
    lines += [
        "",
        "Sort-only times (s): `sort` is the floor, the library's radix sort of "
        "the times alone; `keys` and `keys+group` are the sort the estimators "
        "start with, of 64-bit keys packed from time and event (and group), "
        "with the checks of the input and the groups' labels (isurv/keys "
        "divides by the one the operation uses).",
        "",
        "| shape | n | sort | keys | keys+group |",
        "|---|---|---|---|---|",
    ]
    for shape, size, a, b, c in sorts:
        lines.append(f"| {shape} | {size} | {a:.4f} | {b:.4f} | {c:.4f} |")
    lines += [""] + targets(rows, sort_rss)
    text = "\n".join(lines) + "\n"
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
