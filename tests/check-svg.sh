#!/bin/sh
# The demo figures (tests/plot_demo) must be well-formed XML (xmllint),
# render (rsvg-convert) to a PNG of exactly the size asked for, and come
# out byte-identical under a locale with a decimal comma.  Skips (77) only
# when xmllint or rsvg-convert is missing.  Set PLOT_OUTDIR to keep the
# SVG and PNG files for a look.
set -u
command -v xmllint >/dev/null 2>&1 || { echo "xmllint not found: skipped"; exit 77; }
command -v rsvg-convert >/dev/null 2>&1 || { echo "rsvg-convert not found: skipped"; exit 77; }
demo="$top_builddir/tests/plot_demo"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
out="${PLOT_OUTDIR:-$tmp/out}"
mkdir -p "$out" || exit 99

# Width and height from a PNG's IHDR chunk (big-endian, bytes 16..23).
png_size() {
    od -An -tu1 -j16 -N8 "$1" |
        awk '{ printf "%d %d\n", (($1*256+$2)*256+$3)*256+$4, (($5*256+$6)*256+$7)*256+$8 }'
}

fail=0
LC_ALL=C "$demo" "$out" >"$tmp/manifest" || { echo "FAIL: plot_demo"; exit 1; }
test -s "$tmp/manifest" || { echo "FAIL: plot_demo listed no figure"; exit 1; }
while read -r file w h; do
    case $file in '#'*) continue ;; esac
    svg="$out/$file"
    png="$out/${file%.svg}.png"
    if ! xmllint --noout "$svg"; then
        echo "FAIL: $file is not well-formed XML"
        fail=1
        continue
    fi
    if ! rsvg-convert -o "$png" "$svg"; then
        echo "FAIL: rsvg-convert could not render $file"
        fail=1
        continue
    fi
    got=$(png_size "$png")
    if [ "$got" != "$w $h" ]; then
        echo "FAIL: $file rendered at $got, expected $w $h"
        fail=1
    else
        echo "ok: $file valid, rendered $got"
    fi
done <"$tmp/manifest"

# Locale independence: build a German locale (decimal comma) in a private
# directory and compare the output with the C locale's, byte for byte.
# plot_demo's first line names the decimal point of the locale it ran
# in, which proves the locale took effect.
mkdir -p "$tmp/loc" "$tmp/de"
if command -v localedef >/dev/null 2>&1 &&
   localedef -i de_DE -f UTF-8 "$tmp/loc/de_DE.UTF-8" >/dev/null 2>&1 &&
   LOCPATH="$tmp/loc" LC_ALL=de_DE.UTF-8 "$demo" "$tmp/de" >"$tmp/manifest.de" &&
   [ "$(head -n 1 "$tmp/manifest.de")" = "# decimal-point ," ]; then
    while read -r file w h; do
        case $file in '#'*) continue ;; esac
        if cmp -s "$out/$file" "$tmp/de/$file"; then
            echo "ok: $file identical under de_DE.UTF-8"
        else
            echo "FAIL: $file differs under de_DE.UTF-8"
            fail=1
        fi
    done <"$tmp/manifest"
else
    echo "note: no de_DE locale could be built; locale comparison not run"
fi
exit $fail
