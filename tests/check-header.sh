#!/bin/sh
# The public header must stand alone: compile it by itself as strict C99
# and as C++ with every warning an error, so that no consumer ever needs
# to include something first or finds a construct its compiler rejects.
set -u
hdr="$top_srcdir/include/inotusurv.h"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
printf '#include "inotusurv.h"\nint main(void) { return isurv_version_number() > 0 ? 0 : 1; }\n' \
    > "$tmp/use.c"
cp "$tmp/use.c" "$tmp/use.cc"
fail=0
${CC:-cc} -std=c99 -pedantic -Wall -Wextra -Werror -I"$top_srcdir/include" \
    -c "$tmp/use.c" -o "$tmp/c.o" || { echo "FAIL: header as C99"; fail=1; }
if command -v "${CXX:-c++}" >/dev/null 2>&1; then
    ${CXX:-c++} -pedantic -Wall -Wextra -Werror -I"$top_srcdir/include" \
        -c "$tmp/use.cc" -o "$tmp/cc.o" || { echo "FAIL: header as C++"; fail=1; }
else
    echo "no C++ compiler: C++ check skipped"
fi
exit $fail
