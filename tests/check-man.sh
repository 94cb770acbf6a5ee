#!/bin/sh
# Keeps the section 3 manual complete, clean and installed.
#  (a) every full page lints clean: mandoc -Tlint -W warning and
#      groff -mandoc -ww -z print nothing (either tool missing: that part
#      is skipped with a message); its .Dt names the file, section 3;
#  (b) every exported function has man/<function>.3, a full page or a
#      one-line .so link, and the page it leads to lists it with .Nm;
#  (c) every isurv_ function a page names with .Nm, .Fn or .Fo is exported
#      (.Xr references are not checked: pages may cite pages to come);
#  (d) every .so link is a single line naming an existing full page;
#  (e) every man/*.3 is installed (in dist_man3_MANS) and every listed
#      page exists;
#  (f) every status code of the header is in isurv_strerror.3 with its
#      value, and every other enum constant is named (.Dv) by some page;
#  (g) every full page has an EXAMPLES section whose first literal display
#      is C that compiles warning-free as C99; when it has a main it is
#      linked against the built library and must run and exit 0.
# Exported functions are read with nm -D from the built shared library,
# or from the header's ISURV_API declarations when that is not possible.
# Exits 77 (skip) only when the library has not been built.
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
src=$(cd "$top_srcdir" && pwd) || exit 99
build=$(cd "$top_builddir" && pwd) || exit 99
man="$src/man"
hdr="$src/include/inotusurv.h"
la="$build/lib/libinotusurv.la"
[ -f "$la" ] || { echo "SKIP: $la is not built"; exit 77; }

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

is_link() { grep -q '^\.so ' "$1"; }

# ------------------------------------------------------ exported functions
dlname=$(sed -n "s/^dlname='\(.*\)'$/\1/p" "$la")
so="$build/lib/.libs/$dlname"
if [ -n "$dlname" ] && [ -f "$so" ] && command -v nm >/dev/null 2>&1; then
    nm -D --defined-only "$so" | awk '$3 ~ /^isurv_/ { print $3 }' \
        | sort -u > "$tmp/exported"
    echo "exported functions from nm -D $so"
else
    sed -n 's/^ISURV_API[^(]*[^a-z0-9_]\(isurv_[a-z0-9_]*\)(.*/\1/p' "$hdr" \
        | sort -u > "$tmp/exported"
    echo "no shared library or nm: exported functions from $hdr"
fi
[ -s "$tmp/exported" ] || { fail "no exported isurv_ function found"; exit 1; }

ls "$man" | grep '\.3$' | sort > "$tmp/pages"
: > "$tmp/full"
while read -r p; do
    is_link "$man/$p" || echo "$p" >> "$tmp/full"
done < "$tmp/pages"

# Functions a page names: the isurv_ argument of one of the macros $1
# (an awk regex such as "Nm|Fn|Fo") on a macro line of the pages $2...
named() {
    m=$1; shift
    awk -v m="^[.]?($m)\$" '/^\./ { for (i = 1; i < NF; i++)
                     if ($i ~ m && $(i + 1) ~ /^isurv_/) {
                         s = $(i + 1); sub(/[^a-z0-9_].*/, "", s); print s } }' "$@"
}

# ------------------------------------------------------ (a) lint
if command -v mandoc >/dev/null 2>&1; then
    while read -r p; do
        out=$(mandoc -Tlint -W warning "$man/$p" 2>&1) || [ -n "$out" ] \
            || out="mandoc exited with an error"
        [ -z "$out" ] || fail "mandoc -Tlint $p:
$out"
    done < "$tmp/full"
else
    echo "no mandoc: mandoc lint skipped"
fi
if command -v groff >/dev/null 2>&1; then
    while read -r p; do
        out=$(groff -mandoc -ww -z "$man/$p" 2>&1)
        [ -z "$out" ] || fail "groff -ww $p:
$out"
    done < "$tmp/full"
else
    echo "no groff: groff check skipped"
fi
while read -r p; do
    want=$(echo "${p%.3}" | tr 'a-z' 'A-Z')
    dt=$(sed -n 's/^\.Dt[[:space:]]*//p' "$man/$p")
    [ "$dt" = "$want 3" ] || fail "$p: .Dt is '$dt', expected '$want 3'"
done < "$tmp/full"

# ------------------------------------------------------ (b) a page per function
while read -r f; do
    page="$man/$f.3"
    if [ ! -f "$page" ]; then
        fail "exported function $f has no page man/$f.3"
        continue
    fi
    if is_link "$page"; then
        page="$man/$(sed -n 's|^\.so man3/||p' "$page")"
        [ -f "$page" ] || continue   # reported by (d)
    fi
    named Nm "$page" | grep -qx "$f" \
        || fail "man/$f.3 leads to $(basename "$page"), which has no .Nm $f"
done < "$tmp/exported"

# ------------------------------------------------------ (c) no unknown names
while read -r p; do
    for f in $(named 'Nm|Fn|Fo' "$man/$p" | sort -u); do
        grep -qx "$f" "$tmp/exported" \
            || fail "$p names $f, which the library does not export"
    done
done < "$tmp/full"

# ------------------------------------------------------ (d) .so links
while read -r p; do
    is_link "$man/$p" || continue
    lines=$(wc -l < "$man/$p")
    target=$(sed -n 's|^\.so man3/\([^/ ]*\.3\)$|\1|p' "$man/$p")
    if [ "$lines" -ne 1 ] || [ -z "$target" ]; then
        fail "$p: a link page must be the single line '.so man3/<page>.3'"
    elif [ ! -f "$man/$target" ]; then
        fail "$p links to man3/$target, which does not exist"
    elif is_link "$man/$target"; then
        fail "$p links to man3/$target, which is itself a link"
    fi
done < "$tmp/pages"

# ------------------------------------------------------ (e) installed
if [ -n "${ISURV_MAN_PAGES+set}" ]; then
    listed=$ISURV_MAN_PAGES
else
    echo "ISURV_MAN_PAGES not set: reading the page list from Makefile.am"
    listed=$(grep -o 'man/[A-Za-z0-9_.+-]*\.3' "$src/Makefile.am")
fi
for m in $listed; do basename "$m"; done | sort -u > "$tmp/listed"
comm -23 "$tmp/pages" "$tmp/listed" | while read -r p; do
    echo "FAIL: man/$p is not in dist_man3_MANS (Makefile.am): it would not be installed"
done > "$tmp/unlisted"
comm -13 "$tmp/pages" "$tmp/listed" | while read -r p; do
    echo "FAIL: dist_man3_MANS lists man/$p, which does not exist"
done >> "$tmp/unlisted"
if [ -s "$tmp/unlisted" ]; then
    cat "$tmp/unlisted"
    fails=$((fails + $(wc -l < "$tmp/unlisted")))
fi

# ------------------------------------------------------ (f) enum constants
# Status codes: "NAME = value," inside enum isurv_status.
sed -n '/^enum isurv_status/,/^};/p' "$hdr" \
    | sed -n 's/^[[:space:]]*\(ISURV_[A-Z0-9_]*\)[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1 \2/p' \
    > "$tmp/status"
[ -s "$tmp/status" ] || fail "no status codes found in $hdr"
while read -r name value; do
    grep -q "^\.It Dv $name No ($value)\$" "$man/isurv_strerror.3" \
        || fail "isurv_strerror.3 lacks '.It Dv $name No ($value)'"
done < "$tmp/status"
sed -n 's/^[[:space:]]*\(ISURV_[A-Z0-9_]*\)[[:space:]]*=.*/\1/p' "$hdr" \
    | sort -u > "$tmp/constants"
while read -r c; do
    grep -q "Dv $c\([^A-Z0-9_]\|\$\)" $(sed "s|^|$man/|" "$tmp/full") \
        || fail "enum constant $c is documented on no page (.Dv $c)"
done < "$tmp/constants"

# ------------------------------------------------------ (g) EXAMPLES
cc=${CC:-cc}
libtool="$build/libtool"
while read -r p; do
    c="$tmp/${p%.3}.c"
    # The first literal display of EXAMPLES, with mdoc escapes undone.
    awk '/^\.Sh / { ex = ($0 == ".Sh EXAMPLES") }
         ex && /^\.Bd -literal/ && !done { on = 1; next }
         on && /^\.Ed/ { on = 0; done = 1 }
         on { print }' "$man/$p" \
        | sed -e 's/\\&//g' -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" \
              -e 's/\\(dq/"/g' -e 's/\\(ti/~/g' -e 's/\\(ha/^/g' \
              -e 's/\\e/\\/g' > "$c"
    if [ ! -s "$c" ]; then
        fail "$p has no EXAMPLES section with a literal display (.Bd -literal)"
        continue
    fi
    if ! $cc -std=c99 -pedantic -Wall -Wextra -Werror -I"$src/include" \
            -c "$c" -o "$c.o" > "$c.log" 2>&1; then
        fail "$p: the EXAMPLES code does not compile:
$(cat "$c.log")"
        continue
    fi
    grep -q '^main(\|[[:space:]]main(' "$c" || continue
    if ! "$libtool" --mode=link --tag=CC $cc -o "$tmp/prog" "$c.o" "$la" \
            > "$c.log" 2>&1; then
        fail "$p: the EXAMPLES program does not link:
$(cat "$c.log")"
        continue
    fi
    if ! "$libtool" --mode=execute "$tmp/prog" > "$c.log" 2>&1; then
        fail "$p: the EXAMPLES program failed:
$(cat "$c.log")"
    fi
    rm -f "$tmp/prog"
done < "$tmp/full"

echo "$(wc -l < "$tmp/pages") pages ($(wc -l < "$tmp/full") full)," \
     "$(wc -l < "$tmp/exported") exported functions, $fails failures"
[ "$fails" -eq 0 ]
