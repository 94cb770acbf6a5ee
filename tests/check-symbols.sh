#!/bin/sh
# The library exports exactly the functions listed in tests/symbols.txt:
# a symbol that appears or disappears is an ABI change and must be a
# deliberate edit of that list.  Skips (exit 77) without nm or a shared
# library build.
top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
lib="$top_builddir/lib/.libs/libinotusurv.so"
list="$top_srcdir/tests/symbols.txt"

if ! command -v nm >/dev/null 2>&1; then
    echo "check-symbols: nm not found, skipping"
    exit 77
fi
if [ ! -f "$lib" ]; then
    echo "check-symbols: $lib not built (static-only build?), skipping"
    exit 77
fi

tmp=$(mktemp) || exit 1
trap 'rm -f "$tmp"' EXIT
# Defined, dynamic, function (T/t) symbols only; ignore version nodes.
nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "t" { print $3 }' \
    | sed 's/@.*//' | LC_ALL=C sort -u >"$tmp"

if LC_ALL=C sort -u "$list" | cmp -s - "$tmp"; then
    echo "check-symbols: $(wc -l <"$tmp") exported functions match tests/symbols.txt"
    exit 0
fi
echo "check-symbols: exported functions differ from tests/symbols.txt" >&2
echo "('-' only in the list, '+' only in the library):" >&2
LC_ALL=C sort -u "$list" | diff - "$tmp" | sed -n 's/^< /- /p; s/^> /+ /p' >&2
exit 1
