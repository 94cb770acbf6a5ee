#!/bin/sh
# Re-runs every tests/ref/*.R, then every tests/ref/*.py on the data the R
# scripts wrote, into a scratch directory and compares each CSV they write
# with the committed one, so a change in R, in survival, in statsmodels or
# in a script cannot silently leave stale reference values behind.
#   usage: tests/ref/check-refs.sh     (RSCRIPT=/path/to/Rscript and
#          STATSMODELS_PY=/path/to/python3 to choose)
# Exit 0 when all agree, 1 on any difference or failure, 77 without Rscript.
here=$(cd "$(dirname "$0")" && pwd) || exit 1
RSCRIPT=${RSCRIPT:-Rscript}
PYTHON_SM=${STATSMODELS_PY:-python3}
if ! command -v "$RSCRIPT" >/dev/null 2>&1; then
    echo "check-refs: $RSCRIPT not found, skipping" >&2
    exit 77
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
mkdir "$work/written" "$work/skipped" || exit 1
status=0

# run NAME PROGRAM: runs the copy of script NAME in $work/NAME.d, then
# compares every CSV it wrote there with the committed one.
run() {
    name=$1
    dir="$work/$name.d"
    : >"$work/$name.start"
    sleep 1 # so that what the script writes is newer than the marker
    if ! (cd "$dir" && "$2" "$name") >"$work/$name.log" 2>&1; then
        echo "check-refs: $name failed:" >&2
        cat "$work/$name.log" >&2
        status=1
        return
    fi
    made=0
    for csv in $(find "$dir" -name '*.csv' -newer "$work/$name.start"); do
        made=1
        base=$(basename "$csv")
        : >"$work/written/$base"
        if [ ! -f "$here/$base" ]; then
            echo "check-refs: $name writes $base, which is not committed" >&2
            status=1
        elif ! cmp -s "$csv" "$here/$base"; then
            echo "check-refs: $base differs from what $name writes now:" >&2
            diff "$here/$base" "$csv" | head -n 20 >&2
            status=1
        else
            echo "check-refs: $base ok"
        fi
    done
    if [ "$made" = 0 ]; then
        echo "check-refs: $name wrote no CSV file" >&2
        status=1
    fi
}

found=0
for script in "$here"/*.R; do
    [ -f "$script" ] || continue
    found=1
    name=$(basename "$script")
    mkdir "$work/$name.d" || exit 1
    cp "$script" "$work/$name.d/" || exit 1
    # the helpers the scripts source (lib/*.R), beside the copy
    cp -R "$here/lib" "$work/$name.d/" || exit 1
    run "$name" "$RSCRIPT"
done
if [ "$found" = 0 ]; then
    echo "check-refs: no R scripts in $here" >&2
    exit 1
fi
# The Python scripts (statsmodels' values for what R lacks) read the data
# the R scripts wrote: each runs beside fresh copies of those.  Without
# statsmodels they are skipped, and so is the check of their CSVs.
for script in "$here"/*.py; do
    [ -f "$script" ] || continue
    name=$(basename "$script")
    if ! "$PYTHON_SM" -c 'import statsmodels, scipy' >/dev/null 2>&1; then
        echo "check-refs: $PYTHON_SM has no statsmodels; $name skipped"
        : >"$work/skipped/$name"
        continue
    fi
    mkdir "$work/$name.d" || exit 1
    cp "$script" "$work"/*.R.d/*.csv "$work/$name.d/" 2>/dev/null
    run "$name" "$PYTHON_SM"
done
# A committed CSV that no script writes any more is stale.
for csv in "$here"/*.csv; do
    [ -f "$csv" ] || continue
    base=$(basename "$csv")
    [ -f "$work/written/$base" ] && continue
    if ls "$work/skipped" | grep -q . && grep -qs "$base" "$here"/*.py; then
        echo "check-refs: $base not checked (its Python script was skipped)"
    else
        echo "check-refs: $base is committed but no script writes it" >&2
        status=1
    fi
done
exit $status
