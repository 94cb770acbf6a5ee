#!/bin/sh
# Re-runs every tests/ref/*.R into a scratch directory and compares each CSV
# it writes with the committed one, so a change in R, in survival or in a
# script cannot silently leave stale reference values behind.
#   usage: tests/ref/check-refs.sh     (RSCRIPT=/path/to/Rscript to choose)
# Exit 0 when all agree, 1 on any difference or failure, 77 without Rscript.
here=$(cd "$(dirname "$0")" && pwd) || exit 1
RSCRIPT=${RSCRIPT:-Rscript}
if ! command -v "$RSCRIPT" >/dev/null 2>&1; then
    echo "check-refs: $RSCRIPT not found, skipping" >&2
    exit 77
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
status=0
found=0
for script in "$here"/*.R; do
    [ -f "$script" ] || continue
    found=1
    name=$(basename "$script")
    mkdir "$work/$name.d" || exit 1
    cp "$script" "$work/$name.d/" || exit 1
    # the helpers the scripts source (lib/*.R), beside the copy
    cp -R "$here/lib" "$work/$name.d/" || exit 1
    if ! (cd "$work/$name.d" && "$RSCRIPT" "$name") >"$work/$name.log" 2>&1; then
        echo "check-refs: $name failed:" >&2
        cat "$work/$name.log" >&2
        status=1
        continue
    fi
    made=0
    for csv in "$work/$name.d"/*.csv; do
        [ -f "$csv" ] || continue
        made=1
        base=$(basename "$csv")
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
done
# A committed CSV that no script writes any more is stale.
for csv in "$here"/*.csv; do
    [ -f "$csv" ] || continue
    base=$(basename "$csv")
    if ! ls "$work"/*.R.d/"$base" >/dev/null 2>&1; then
        echo "check-refs: $base is committed but no script writes it" >&2
        status=1
    fi
done
if [ "$found" = 0 ]; then
    echo "check-refs: no R scripts in $here" >&2
    exit 1
fi
exit $status
