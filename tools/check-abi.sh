#!/bin/sh
# ABI check against the committed baseline of the last release (abi/).
#
#   check-abi.sh check    SRCDIR LIBRARY LT_VERSION
#   check-abi.sh baseline SRCDIR LIBRARY LT_VERSION   (at a release)
#
# LIBRARY is the built shared object (with DWARF, as -g gives it) and
# LT_VERSION the libtool -version-info CURRENT:REVISION:AGE it was built
# with.  abidiff (abigail-tools) compares the library's ABI with the
# baseline's; the version rule is libtool's:
#   - nothing changed:            CURRENT and AGE as in the baseline;
#   - interfaces only added:      CURRENT + 1, REVISION 0, AGE + 1;
#   - anything removed or changed incompatibly (a function's or variable's
#     type, a public type's layout, an enumerator's value): a failure,
#     unless -version-info declares a new soname (CURRENT + 1, AGE 0),
#     which is how a deliberate break is made.
# Anything else fails, with the -version-info that would be right.
set -eu

mode=$1 srcdir=$2 lib=$3 ltver=$4
base_abi=$srcdir/abi/libinotusurv.abi
base_ver=$srcdir/abi/version-info
supp=$srcdir/abi/suppressions

for tool in abidw abidiff; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "check-abi: $tool not found (Debian package abigail-tools)" >&2
        exit 1
    fi
done

# Types of every public header are kept, reachable from a function or not,
# because the enums travel as int and so are reached by no signature.
dump() {
    abidw --no-corpus-path --no-comp-dir-path --short-locs \
        --headers-dir "$srcdir/include" --drop-private-types \
        --load-all-types --type-id-style hash "$1"
}

if [ "$mode" = baseline ]; then
    dump "$lib" > "$base_abi"
    echo "$ltver" > "$base_ver"
    echo "check-abi: wrote $base_abi and $base_ver ($ltver)"
    exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dump "$lib" > "$tmp/current.abi"
# abidiff's status is a bit set; the summaries below say what changed.
abidiff -t --suppressions "$supp" "$base_abi" "$tmp/current.abi" \
    > "$tmp/diff" || true

# Sums the "N Removed", "N Changed" (or "Added") counts of the summaries.
count() {
    sed -n -E "s/.*summary: (.*)/\\1/p" "$tmp/diff" \
        | tr ',' '\n' | sed -n -E "s/^ *([0-9]+) $1.*/\\1/ip" \
        | awk '{ s += $1 } END { print s + 0 }'
}
removed=$(count removed)
changed=$(count changed)
added=$(count added)

IFS=: read -r c r a < "$base_ver"
IFS=: read -r nc nr na <<EOF
$ltver
EOF

fail() {
    cat "$tmp/diff" >&2
    echo "check-abi: FAIL: $*" >&2
    exit 1
}

if [ "$removed" -gt 0 ] || [ "$changed" -gt 0 ]; then
    if [ "$nc" -eq $((c + 1)) ] && [ "$na" -eq 0 ] && [ "$nr" -eq 0 ]; then
        echo "check-abi: incompatible change with a new soname (-version-info $ltver): allowed"
        exit 0
    fi
    fail "incompatible ABI change ($removed removed, $changed changed) against" \
        "the release baseline (-version-info $c:$r:$a); keep the interface," \
        "or break it deliberately with -version-info $((c + 1)):0:0"
elif [ "$added" -gt 0 ]; then
    [ "$nc" -eq $((c + 1)) ] && [ "$nr" -eq 0 ] && [ "$na" -eq $((a + 1)) ] \
        || fail "interfaces added ($added) since the release baseline" \
            "($c:$r:$a) need -version-info $((c + 1)):0:$((a + 1)), not $ltver"
    echo "check-abi: compatible additions ($added), -version-info $ltver: ok"
else
    [ "$nc" -eq "$c" ] && [ "$na" -eq "$a" ] && [ "$nr" -ge "$r" ] \
        || fail "the ABI is the baseline's, so -version-info must stay" \
            "$c:REVISION:$a (REVISION >= $r), not $ltver"
    echo "check-abi: ABI identical to the release baseline ($c:$r:$a): ok"
fi
