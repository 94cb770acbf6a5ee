#!/bin/sh
# The main job: examples/inotuzumab-report must run, reproduce exactly the
# table that R computes independently on the same data
# (examples/expected/reproduction.R), and write well-formed figures.  Each
# how-to program must also run on its own.
set -u
ex="$top_builddir/examples"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
"$ex/inotuzumab-report" "$tmp/out" > "$tmp/stdout" || {
    cat "$tmp/stdout"; echo "FAIL: inotuzumab-report exited non-zero"; exit 1; }
diff -u "$top_srcdir/examples/expected/reproduction.csv" "$tmp/out/reproduction.csv" || {
    echo "FAIL: reproduction.csv differs from R's (examples/expected/reproduction.R)"
    exit 1; }
n=$(ls "$tmp/out"/*.svg 2>/dev/null | wc -l)
[ "$n" -ge 7 ] || { echo "FAIL: expected 7 figures, found $n"; exit 1; }
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$tmp/out"/*.svg || { echo "FAIL: malformed SVG"; exit 1; }
fi
# Each figure renders to a PNG of the figure's size (720 x 560 by default),
# read from the PNG's IHDR chunk (big-endian width and height, bytes 16-23).
if command -v rsvg-convert >/dev/null 2>&1; then
    for svg in "$tmp/out"/*.svg; do
        rsvg-convert -o "$svg.png" "$svg" || { echo "FAIL: cannot render $svg"; exit 1; }
        size=$(od -An -tu1 -j16 -N8 "$svg.png" |
            awk '{ printf "%d %d", $1*16777216 + $2*65536 + $3*256 + $4,
                                   $5*16777216 + $6*65536 + $7*256 + $8 }')
        [ "$size" = "720 560" ] || { echo "FAIL: $svg renders at $size"; exit 1; }
    done
fi
for part in overall subgroups remission followup tables; do
    (cd "$tmp" && "$ex/ino-$part" "$tmp") > "$tmp/$part.out" || {
        cat "$tmp/$part.out"; echo "FAIL: ino-$part"; exit 1; }
done
echo "inotuzumab-report: $(grep -c '' "$tmp/out/reproduction.csv") lines as R computes them"
