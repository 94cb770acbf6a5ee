#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz harnesses, fuzz/corpus/<harness>/seed-*.

The seeds encode real data sets in the byte format of fuzz/decode.h, so
that fuzzing starts from inputs that reach the valid-input paths: the
reconstructed inotuzumab data (examples/data/inotuzumab.csv), the cases of
the R reference tests (tests/ref/km_data.csv, logrank_*.csv,
contingency_*.csv), and small hand-written edge cases (ties, S reaching 0,
special values).  Run from anywhere; it rewrites only seed-* files, so the
inputs libFuzzer added (`make fuzz-merge`) and the regress-* inputs that
once broke an invariant stay.  Standard library only.

    python3 fuzz/make-seeds.py
"""
import csv
import math
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)

# fuzz/decode.c's tables, in order (the byte format).
DBL_MIN = 2.2250738585072014e-308
DBL_MAX = sys.float_info.max
SPECIAL = [
    0.0, -0.0, 1.0, math.nan,
    math.inf, -math.inf, DBL_MIN, 5e-324,
    1e-323, DBL_MIN / 2, DBL_MAX, DBL_MAX / 2,
    -1.0, 1e15, 2.0 ** 53, 2.0 ** 53 + 2,
    0.5, 1e-300, 1e300, 1e308,
    1.0 + 2.0 ** -52, 1.0 - 2.0 ** -53, 1e-8, 1.5e-8,
    2147483648.0, 4294967296.0, 1e9, 1e-5,
    -DBL_MIN, 1.7976931348623155e308,
    4294967295.0, 1.0 / 3.0,
]
SPECIAL_COUNT = [
    1e15, 2.0 ** 53, 2.0 ** 53 - 1, 2.0 ** 52,
    1e9, 2147483647.0, 2147483648.0, 4294967296.0,
    math.nan, math.inf, -1.0, 0.5,
    -0.0, DBL_MAX, 1e5, 3e4,
]
ODD_EVENTS = [2, -1, -2 ** 31, 2 ** 31 - 1]
ODD_LABELS = [-2 ** 31, 2 ** 31 - 1, -1, 1 << 20, -2 ** 31 + 1, 2 ** 31 - 2,
              -1000000, 65535, 65536, 65537, -65536, 1 << 30, -(1 << 30), 4096]

FZ_WEIGHTS, FZ_ENTRY, FZ_GROUP, FZ_STRATA = 1, 2, 4, 8


def bits(x):
    return struct.pack('<d', x)


def enc_raw(tag, x):
    return bytes([tag]) + bits(x)


def enc_double(x):
    for i, s in enumerate(SPECIAL):
        if bits(s) == bits(x) or (math.isnan(x) and math.isnan(s)):
            return bytes([i])
    if x == int(x) and 0 <= x <= 127 and bits(x) != bits(-0.0):
        return bytes([32 + int(x)])
    if 0 <= x < 64 and (x * 256) == int(x * 256):
        return bytes([160 + int(x), int((x - int(x)) * 256)])
    return enc_raw(224, x)


def enc_count(x):
    for i, s in enumerate(SPECIAL_COUNT):
        if bits(s) == bits(x) or (math.isnan(x) and math.isnan(s)):
            return bytes([i])
    if x == int(x) and 0 <= x <= 207:
        return bytes([16 + int(x)])
    if x == int(x) and 0 <= x <= 65535:
        return bytes([224]) + struct.pack('<H', int(x))
    return enc_raw(240, x)


def enc_event(e):
    if e in (0, 1):
        return bytes([e])
    return bytes([250 + ODD_EVENTS.index(e)])


def encodable_label(v):
    return 0 <= v < 112 or v in ODD_LABELS


def relabel(rows, key):
    """Labels the byte format cannot write (-3, 1000) become 0, 1, ... in
    the same order, which is all the library reads from them."""
    labels = sorted({r[key] for r in rows})
    if all(encodable_label(v) for v in labels):
        return rows
    index = {v: i for i, v in enumerate(labels)}
    return [dict(r, **{key: index[r[key]]}) for r in rows]


def enc_label(v):
    if 0 <= v < 8:
        return bytes([v])
    if 0 <= v < 112:
        return bytes([128 + v])
    return bytes([240 + ODD_LABELS.index(v)])


def enc_enum(v):
    return bytes([v + 2])


def enc_size(n):
    if n < 255:
        return bytes([n])
    return bytes([255]) + struct.pack('<H', n - 255)


def enc_opts(conf_level=None, conf_type=None, timefix=None, weights=None,
             threads2=False, null=False):
    if null:
        return bytes([0x80])
    mask, body = 0, b''
    if conf_level is not None:
        mask |= 1
        body += enc_double(conf_level)
    if conf_type is not None:
        mask |= 2
        body += enc_enum(conf_type)
    if timefix is not None:
        mask |= 4
        body += enc_enum(timefix)
    if weights is not None:
        mask |= 8
        wtype, p, q = weights
        body += enc_enum(wtype) + enc_double(p) + enc_double(q)
    if threads2:
        mask |= 16
    return bytes([mask]) + body


def enc_surv(rows, flags):
    """rows: dicts with time, event and, as flags say, weight, entry,
    group, stratum."""
    out = bytes([flags]) + enc_size(len(rows))
    for r in rows:
        out += enc_double(r['time']) + enc_event(r['event'])
        if flags & FZ_WEIGHTS:
            out += enc_double(r['weight'])
        if flags & FZ_ENTRY:
            out += enc_double(r['entry'])
        if flags & FZ_GROUP:
            out += enc_label(r['group'])
        if flags & FZ_STRATA:
            out += enc_label(r['stratum'])
    return out


# ------------------------------------------------------------------ data

def read_csv(path):
    with open(path, newline='') as f:
        lines = [l for l in f if not l.startswith('#') and l.strip()]
    return list(csv.DictReader(lines))


def num(s):
    return math.nan if s in ('NA', 'NaN', '') else float(s)


def inotuzumab():
    """(overall survival rows by arm, remission rows by MRD status)."""
    rows = read_csv(os.path.join(TOP, 'examples', 'data', 'inotuzumab.csv'))
    arms = {'single': 0, 'weekly': 1}
    os_rows, rd_rows = [], []
    for r in rows:
        t, e = num(r['os_months']), num(r['os_event'])
        sct = num(r['sct_months'])
        salvage = r['salvage']
        os_rows.append({'time': t, 'event': int(e), 'group': arms[r['arm']],
                        'stratum': int(salvage) if salvage not in ('NA',) else 3,
                        'weight': 1.0, 'entry': 0.0, 'sct': sct})
        if r['rd_months'] != 'NA':
            rd_rows.append({'time': num(r['rd_months']), 'event': int(num(r['rd_event'])),
                            'group': 1 if r['mrd'] == 'negative' else 0,
                            'stratum': 0, 'weight': 1.0, 'entry': 0.0})
    return os_rows, rd_rows


def km_cases():
    """The 28 cases of tests/ref/km_ref.R, as row lists with their flags."""
    cases = {}
    for r in read_csv(os.path.join(TOP, 'tests', 'ref', 'km_data.csv')):
        cases.setdefault(int(r['case']), []).append(r)
    out = {}
    for cid, rs in sorted(cases.items()):
        flags = 0
        rows = []
        for r in rs:
            w, en, g = num(r['weight']), num(r['entry']), num(r['group'])
            row = {'time': num(r['time']), 'event': int(num(r['status']))}
            if not math.isnan(w):
                flags |= FZ_WEIGHTS
            if not math.isnan(en):
                flags |= FZ_ENTRY
            if not math.isnan(g):
                flags |= FZ_GROUP
            row['weight'] = 1.0 if math.isnan(w) else w
            row['entry'] = 0.0 if math.isnan(en) else en
            row['group'] = 0 if math.isnan(g) else int(g)
            rows.append(row)
        out[cid] = (relabel(rows, 'group'), flags)
    return out


def logrank_sets():
    """Named (rows, flags) from the log-rank reference data."""
    ref = os.path.join(TOP, 'tests', 'ref')
    sets = {}
    for name in ('aml', 'aml3', 'ovarian'):
        rows = [{'time': num(r['time']), 'event': int(num(r['status'])),
                 'group': int(num(r['group']))}
                for r in read_csv(os.path.join(ref, 'logrank_%s.csv' % name))]
        sets[name] = (fix_labels(rows, FZ_GROUP), FZ_GROUP)
    rows = [{'time': num(r['time']), 'event': int(num(r['status'])),
             'group': int(num(r['celltype'])), 'stratum': int(num(r['trt']))}
            for r in read_csv(os.path.join(ref, 'logrank_veteran.csv'))]
    sets['veteran_strata'] = (rows, FZ_GROUP | FZ_STRATA)
    rows = [{'time': num(r['time']), 'event': int(num(r['status'])),
             'group': int(num(r['sex'])), 'stratum': int(num(r['ph_ecog']))}
            for r in read_csv(os.path.join(ref, 'logrank_lung.csv'))]
    sets['lung_strata'] = (rows, FZ_GROUP | FZ_STRATA)
    rows = [{'time': num(r['time']), 'event': int(num(r['status'])),
             'group': int(num(r['group'])), 'entry': num(r['entry']),
             'stratum': int(num(r['stratum']))}
            for r in read_csv(os.path.join(ref, 'logrank_entry.csv'))]
    sets['entry'] = (rows, FZ_GROUP | FZ_ENTRY | FZ_STRATA)
    rows = [{'time': num(r['time']), 'event': int(num(r['status'])),
             'group': int(num(r['group'])), 'entry': num(r['entry'])}
            for r in read_csv(os.path.join(ref, 'logrank_entry_ties.csv'))]
    sets['entry_ties'] = (rows, FZ_GROUP | FZ_ENTRY)
    return {k: (fix_labels(r, f), f) for k, (r, f) in sets.items()}


def tables():
    """The tables of tests/ref/contingency_tables.csv, (nrow, ncol, cells)."""
    out = {}
    for r in read_csv(os.path.join(TOP, 'tests', 'ref', 'contingency_tables.csv')):
        t = out.setdefault(int(r['id']), [int(r['nrow']), int(r['ncol']), {}])
        t[2][int(r['cell'])] = float(r['value'])
    return {i: (nr, nc, [c[k] for k in range(nr * nc)])
            for i, (nr, nc, c) in out.items()}


def trend_groups():
    out = {}
    for r in read_csv(os.path.join(TOP, 'tests', 'ref', 'contingency_trend_groups.csv')):
        out.setdefault(int(r['id']), []).append(
            (float(r['events']), float(r['trials']), float(r['score'])))
    return out


# ------------------------------------------------------------------ seeds

def km_input(rows, flags, opts=b'\x80', p=0.5, tau=12.0, queries=(0.0, 1.0, 6.0, 12.0)):
    return (opts + b'\x00' + enc_surv(rows, flags) + enc_double(p)
            + enc_double(tau) + enc_size(len(queries))
            + b''.join(enc_double(q) for q in queries))


def logrank_input(rows, flags, opts=b'\x80', adjust=3, scores=None, pvals=()):
    out = opts + b'\x00' + enc_surv(rows, flags) + enc_enum(adjust)
    if scores is None:
        out += b'\x00'
    else:
        out += b'\x01' + enc_size(len(scores)) + b''.join(enc_double(s) for s in scores)
    out += enc_size(len(pvals)) + b''.join(enc_double(p) for p in pvals) + enc_enum(2)
    return out


def contingency_input(nr, nc, cells, corr=1, alt=0, level=0.5,
                      trend=((1, 5, 1), (3, 6, 2), (5, 7, 3)), scores=True):
    out = (enc_size(nr) + enc_size(nc) + b''.join(enc_count(c) for c in cells)
           + enc_enum(corr) + enc_enum(alt) + enc_double(level))
    out += enc_size(len(trend))
    out += b''.join(enc_count(e) for e, _, _ in trend)
    out += b''.join(enc_count(n) for _, n, _ in trend)
    if scores:
        out += b'\x01' + b''.join(enc_double(s) for _, _, s in trend)
    else:
        out += b'\x00'
    return out


def censor_input(rows, at, cutoff, days, dates):
    out = b'\x00' + enc_surv(rows, 0) + b''.join(enc_double(a) for a in at)
    out += enc_double(cutoff) + enc_size(len(days)) + b''.join(enc_double(d) for d in days)
    for (y, m, d) in dates:
        out += struct.pack('<h', y) + enc_enum(m) + bytes([(d + 4) % 40])
    return out


def plot_ops(*ops):
    return b''.join(ops) + b'\x0f'


def str_arg(s):
    """A string argument: kind byte (>= 2: a string follows), length, bytes."""
    if s is None:
        return b'\x00'
    b = s.encode('utf-8') if isinstance(s, str) else s
    return bytes([2, len(b)]) + b


def plot_input(rows, flags, ops, opts=b'\x80'):
    return opts + enc_surv(rows, flags) + ops


def fix_labels(rows, flags):
    if flags & FZ_GROUP:
        rows = relabel(rows, 'group')
    if flags & FZ_STRATA:
        rows = relabel(rows, 'stratum')
    return rows


def write(harness, name, data, written):
    d = os.path.join(HERE, 'corpus', harness)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, 'seed-' + name)
    with open(path, 'wb') as f:
        f.write(data)
    written.append(path)


def main():
    written = []
    os_rows, rd_rows = inotuzumab()
    cases = km_cases()
    lr = logrank_sets()

    # --- fuzz_km: every R case, each confidence type, the paper's data.
    for cid, (rows, flags) in cases.items():
        write('fuzz_km', 'km-case%02d' % cid, km_input(rows, flags), written)
    for ct in range(6):
        rows, flags = cases[2]
        write('fuzz_km', 'aml-conf%d' % ct,
              km_input(rows, flags, enc_opts(conf_level=0.9, conf_type=ct)), written)
    write('fuzz_km', 'ino-os-by-arm', km_input(os_rows, FZ_GROUP, tau=24.0), written)
    write('fuzz_km', 'ino-remission-by-mrd', km_input(rd_rows, FZ_GROUP), written)
    censored = [dict(r, time=r['sct'], event=0) if r['sct'] < r['time'] else r
                for r in os_rows]  # NaN < t is false: no transplant
    write('fuzz_km', 'ino-os-censored-at-sct', km_input(censored, 0), written)
    # Extremes: times near DBL_MAX and subnormal, weights 1e9, ties at 0.
    big = [{'time': t, 'event': e, 'weight': 1e9, 'entry': 0.0, 'group': 0}
           for t, e in ((1e308, 1), (1.7e308, 0), (DBL_MAX, 1), (1e300, 1))]
    write('fuzz_km', 'huge-times-weights', km_input(big, FZ_WEIGHTS, tau=1e308,
                                                   queries=(1e308, DBL_MAX)), written)
    tiny = [{'time': t, 'event': e} for t, e in ((5e-324, 1), (1e-323, 0), (DBL_MIN / 2, 1),
                                                 (DBL_MIN, 1))]
    write('fuzz_km', 'subnormal-times-timefix-off',
          km_input(tiny, 0, enc_opts(timefix=0), tau=DBL_MIN), written)
    zeros = [{'time': 0.0, 'event': i % 2} for i in range(40)]
    write('fuzz_km', 'ties-at-zero', km_input(zeros, 0), written)
    many = [{'time': float(i // 3), 'event': 1 if i % 5 else 0, 'group': i % 3}
            for i in range(300)]
    write('fuzz_km', 'stride-escape-groups', km_input(many, FZ_GROUP, enc_opts(threads2=True),
                                                      tau=50.0), written)

    # --- fuzz_logrank: every weight type on the reference data sets.
    weights = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (2, 1, 1), (2, 0, 1), (3, 0, 0), (4, 0, 0)]
    for name, (rows, flags) in sorted(lr.items()):
        for wt in weights:
            write('fuzz_logrank', '%s-w%d-%g-%g' % ((name,) + wt),
                  logrank_input(rows, flags, enc_opts(weights=wt), adjust=wt[0] % 6,
                                scores=[1.0, 2.0, 4.0] if name == 'aml3' else None,
                                pvals=(0.01, 0.04, math.nan, 0.5)), written)
    write('fuzz_logrank', 'ino-os-by-arm-strata',
          logrank_input(os_rows, FZ_GROUP | FZ_STRATA), written)
    write('fuzz_logrank', 'ino-os-by-salvage',
          logrank_input([dict(r, group=r['stratum']) for r in os_rows], FZ_GROUP,
                        adjust=2), written)
    sep = [{'time': float(i + 1), 'event': 1, 'group': 0 if i < 200 else 1}
           for i in range(400)]
    write('fuzz_logrank', 'separated-tiny-p', logrank_input(sep, FZ_GROUP), written)

    # --- fuzz_contingency: the reference tables, each alternative.
    for tid, (nr, nc, cells) in sorted(tables().items()):
        if nr * nc > 4 and sum(cells) > 1000:
            continue  # seconds of network algorithm per run: too slow a seed
        write('fuzz_contingency', 'table%02d' % tid,
              contingency_input(nr, nc, cells, alt=tid % 3, level=0.95), written)
    for tid, groups in sorted(trend_groups().items()):
        write('fuzz_contingency', 'trend%02d' % tid,
              contingency_input(2, 2, [3, 1, 1, 3], trend=groups), written)
    write('fuzz_contingency', 'fisher-tens-of-thousands',
          contingency_input(2, 2, [20000, 10000, 15000, 25000], level=0.95), written)
    write('fuzz_contingency', 'chisq-near-2-53',
          contingency_input(2, 2, [2.0 ** 51, 2.0 ** 50, 2.0 ** 50, 2.0 ** 51], corr=0),
          written)
    write('fuzz_contingency', 'ino-table1',
          contingency_input(2, 2, [24, 25, 10, 31], level=0.95), written)

    # --- fuzz_censor: the paper's transplant censoring and dates.
    write('fuzz_censor', 'ino-sct',
          censor_input(os_rows, [r['sct'] for r in os_rows], 12.0,
                       (0.0, 30.4375, 365.25, -1.0, 1e300),
                       ((2010, 6, 4), (2012, 10, 15))), written)
    write('fuzz_censor', 'leap-days',
          censor_input([{'time': 1.0, 'event': 1}, {'time': 2.0, 'event': 0}],
                       [math.inf, 1.0], 1.5, (59.0, 60.0),
                       ((2000, 2, 29), (-4713, 11, 24))), written)

    # --- fuzz_counttab (odd mode byte): rows, split at a point; the tables
    # of the parts must merge into the table of the whole.  (Even-mode
    # inputs, serialised tables, are fuzz/corpus/fuzz_counttab/bytes-*,
    # written once by the Python binding: this script stays stdlib-only.)
    def counttab_input(rows, flags, cut, opts=b'\x80'):
        return b'\x01' + opts + enc_surv(rows, flags) + enc_size(cut)
    for name, (rows, flags) in sorted(lr.items()):
        write('fuzz_counttab', name, counttab_input(rows, flags, len(rows) // 3), written)
    write('fuzz_counttab', 'ino-os-arm-salvage',
          counttab_input(os_rows, FZ_GROUP | FZ_STRATA, 17), written)
    rows, flags = cases[2]
    write('fuzz_counttab', 'aml-loglog',
          counttab_input(rows, flags, 5, enc_opts(conf_type=1)), written)
    write('fuzz_counttab', 'ties-at-zero', counttab_input(zeros, 0, 20), written)
    write('fuzz_counttab', 'huge-times-weights', counttab_input(big, FZ_WEIGHTS, 2), written)

    # --- fuzz_plot: figures of the paper with every setter.
    ops = plot_ops(
        bytes([0]) + str_arg('Overall survival'),
        bytes([1]) + str_arg('Months') + str_arg('Survival'),
        bytes([2, 0]) + str_arg('Single dose'),
        bytes([3, 1]) + b'\x01\x00\x72\xb2',
        bytes([4]) + enc_double(36.0) + enc_double(6.0),
        bytes([6]) + enc_enum(1),
        bytes([7]) + enc_enum(2),
        bytes([9]) + enc_enum(0),
        bytes([10]) + enc_enum(2),
        bytes([12]) + str_arg(None) + enc_double(0.048),
        bytes([13]) + enc_double(60.0) + enc_double(40.0))
    write('fuzz_plot', 'ino-os-by-arm', plot_input(os_rows, FZ_GROUP, ops), written)
    ops = plot_ops(bytes([0]) + str_arg('Entr\u00e9e <&> \u4e2d\u6587'),
                   bytes([5]) + enc_enum(1), bytes([8]) + enc_enum(0),
                   bytes([9]) + enc_enum(6), bytes([11]) + str_arg('n = 23'))
    rows, flags = cases[14]
    write('fuzz_plot', 'weighted-entry-groups', plot_input(rows, flags, ops,
                                                           enc_opts(conf_type=1)), written)
    write('fuzz_plot', 'huge-times', plot_input(big, FZ_WEIGHTS, plot_ops()), written)
    write('fuzz_plot', 'bad-utf8', plot_input(cases[1][0], 0, plot_ops(
        bytes([0]) + bytes([2, 3, 0xC0, 0xAF, 0x41]),
        bytes([2, 0]) + bytes([2, 3, 0xED, 0xA0, 0x80]))), written)
    print('make-seeds: wrote %d seeds' % len(written))


if __name__ == '__main__':
    main()
