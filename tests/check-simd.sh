#!/bin/sh
# The vector loops are compiled once per instruction set (lib/cpu.h) and
# the dispatcher runs the best one the processor has, so `make check`
# alone tests one copy.  Run the suites that compare the fast paths bit
# for bit with the general one again with the lower copies.
set -u
fail=0
for level in baseline avx2; do
    for t in check_fast check_widesum; do
        if ! ISURV_SIMD=$level "$top_builddir/tests/$t" >"$top_builddir/tests/$t.$level.log" 2>&1; then
            echo "FAIL: ISURV_SIMD=$level tests/$t (tests/$t.$level.log)"
            fail=1
        fi
    done
done
exit $fail
