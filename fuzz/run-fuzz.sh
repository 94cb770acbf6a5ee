#!/bin/sh
# Builds the fuzz harnesses with clang's libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer, and runs or merges them.  Called by
# `make fuzz`, `make fuzz-merge` and `make fuzz-build` (Makefile.am), which
# pass everything through the environment:
#   FUZZ_CC          clang that takes -fsanitize=fuzzer (configure finds it)
#   FUZZ_TIME        seconds per harness (make fuzz)
#   FUZZ_TIMEOUT     seconds one input may take before it counts as a hang
#   FUZZ_HARNESSES   which harnesses (fuzz_km fuzz_logrank ...)
#   FUZZ_FLAGS       more libFuzzer flags (-seed=1, -max_len=8192, ...)
#   FUZZ_OUT         scratch directory in the build tree
#   LIB_SOURCES      the library's sources, relative to srcdir
#   srcdir GSL_CFLAGS GSL_LIBS PTHREAD_CFLAGS PTHREAD_LIBS
# New inputs go to $FUZZ_OUT/corpus/<harness>; the committed corpus
# (fuzz/corpus/<harness>) is read, and written only by `merge`, which adds
# the scratch inputs that add coverage.  Crashes and hangs are written to
# $FUZZ_OUT/artifacts/ and make the run fail.
#   usage: run-fuzz.sh build|run|merge
set -u
mode=${1:-run}
: "${FUZZ_CC:?configure found no clang with -fsanitize=fuzzer; set FUZZ_CC}"
: "${srcdir:?}"
out=${FUZZ_OUT:-fuzz-out}
harnesses=${FUZZ_HARNESSES:-fuzz_km fuzz_logrank fuzz_contingency fuzz_censor fuzz_plot}
time_each=${FUZZ_TIME:-60}
timeout=${FUZZ_TIMEOUT:-25}
san="-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined"
cflags="-std=c99 ${PTHREAD_CFLAGS:-} -I$srcdir/include -I$srcdir/lib ${GSL_CFLAGS:-}"

mkdir -p "$out/obj" "$out/bin" "$out/corpus" "$out/artifacts" || exit 1

# The library, instrumented for coverage: an object is rebuilt when its
# source or any header is newer.
objs=
for src in ${LIB_SOURCES:?}; do
    case $src in *.c) ;; *) continue ;; esac
    obj="$out/obj/$(echo "$src" | tr / _).o"
    objs="$objs $obj"
    if [ -f "$obj" ] && [ ! "$srcdir/$src" -nt "$obj" ] \
        && [ -z "$(find "$srcdir/lib" "$srcdir/include" -name '*.h' -newer "$obj" | head -n 1)" ]; then
        continue
    fi
    echo "  FUZZCC   $src"
    $FUZZ_CC $san -fsanitize=fuzzer-no-link $cflags -DISURV_BUILDING \
        -c "$srcdir/$src" -o "$obj" || exit 1
done

for h in $harnesses; do
    echo "  FUZZLD   $out/bin/$h"
    $FUZZ_CC $san -fsanitize=fuzzer $cflags -o "$out/bin/$h" "$srcdir/fuzz/$h.c" \
        "$srcdir/fuzz/decode.c" "$srcdir/fuzz/check.c" $objs \
        ${GSL_LIBS:-} ${PTHREAD_LIBS:-} -lm || exit 1
done
[ "$mode" = build ] && exit 0

status=0
for h in $harnesses; do
    mkdir -p "$out/corpus/$h"
    if [ "$mode" = merge ]; then
        echo "== $h: merging $out/corpus/$h into fuzz/corpus/$h"
        "$out/bin/$h" -merge=1 "$srcdir/fuzz/corpus/$h" "$out/corpus/$h" \
            >"$out/$h-merge.log" 2>&1 || { tail -n 20 "$out/$h-merge.log"; status=1; }
        grep -E "MERGE-OUTER: [0-9]+ new files" "$out/$h-merge.log"
        continue
    fi
    echo "== $h: $time_each s (log: $out/$h.log)"
    start=$(date +%s)
    # shellcheck disable=SC2086
    "$out/bin/$h" -max_total_time="$time_each" -timeout="$timeout" \
        -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/$h-" ${FUZZ_FLAGS:-} \
        "$out/corpus/$h" "$srcdir/fuzz/corpus/$h" >"$out/$h.log" 2>&1
    rc=$?
    end=$(date +%s)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/$h.log")
    cov=$(grep -E '^#[0-9]+' "$out/$h.log" | tail -n 1 | sed -n 's/.*\(cov: [0-9]*\).*\(ft: [0-9]*\).*\(corp: [0-9/]*[a-zA-Z]*\).*/\1 \2 \3/p')
    echo "   $((end - start)) s, ${runs:-?} inputs, $cov"
    if [ $rc -ne 0 ]; then
        echo "   FOUND A PROBLEM (exit $rc):"
        grep -E "^==== fuzz invariant|runtime error|ERROR: (AddressSanitizer|libFuzzer)|^SUMMARY" \
            "$out/$h.log" | head -n 5 | sed 's/^/   /'
        ls "$out/artifacts/$h-"* 2>/dev/null | sed 's/^/   input: /'
        status=1
    fi
done
exit $status
