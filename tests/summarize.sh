#!/bin/sh
# Prints one line "N passed, M failed[, K skipped]" for the last `make check`
# in build directory $1 (default .): the individual checks inside each Check
# suite and pytest run, plus each other test script as one.  Exits 1 when
# anything failed or nothing ran, so CI can end on this line.
set -u
dir=${1:-.}
passed=0 failed=0 skipped=0
for trs in $(find "$dir/tests" -name '*.trs' | sort); do
    log=${trs%.trs}.log
    result=$(sed -n 's/^:test-result: //p' "$trs" | head -n 1)
    check=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$log" | tail -n 1)
    pyline=$(grep -E '^=+ .*([0-9]+ (passed|failed|error|errors|skipped)).* in [0-9.]+s' "$log" | tail -n 1)
    p=0 f=0 s=0
    if [ -n "$check" ]; then
        set -- $(echo "$check" | sed 's/.*Checks: \([0-9]*\), Failures: \([0-9]*\), Errors: \([0-9]*\).*/\1 \2 \3/')
        p=$(($1 - $2 - $3)) f=$(($2 + $3))
    elif [ -n "$pyline" ]; then
        n() { echo "$pyline" | grep -oE "[0-9]+ $1" | grep -oE '^[0-9]+' || echo 0; }
        p=$(n passed) f=$(($(n failed) + $(n error))) s=$(n skipped)
    fi
    # The harness's verdict counts too: a crash or a failing script with
    # no count of its own is one failure.
    case $result in
    PASS) [ $((p + f + s)) -gt 0 ] || p=1 ;;
    SKIP) [ $((p + f + s)) -gt 0 ] || s=1 ;;
    *) [ "$f" -gt 0 ] || f=1 ;;
    esac
    passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done
if [ "$skipped" -gt 0 ]; then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
