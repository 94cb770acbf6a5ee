#!/bin/sh
# Replays every committed fuzz input (fuzz/corpus/<harness>/) through its
# harness, built with the configured compiler and fuzz/replay_main.c
# instead of libFuzzer: each input must pass the harness's invariants
# (fuzz/README.md).  The regress-* inputs are the ones that once broke
# the library.
set -u
status=0
for dir in "$top_srcdir"/fuzz/corpus/*/; do
    harness=$(basename "$dir")
    prog="$top_builddir/fuzz/replay-${harness#fuzz_}"
    if [ ! -x "$prog" ]; then
        echo "FAIL: no replay program $prog for fuzz/corpus/$harness"
        status=1
        continue
    fi
    n=$(ls "$dir" | wc -l)
    if [ "$n" -eq 0 ]; then
        echo "FAIL: fuzz/corpus/$harness is empty"
        status=1
        continue
    fi
    if "$prog" "$dir"; then
        echo "ok: $harness, $n inputs"
    else
        echo "FAIL: $harness on fuzz/corpus/$harness"
        status=1
    fi
done
exit $status
