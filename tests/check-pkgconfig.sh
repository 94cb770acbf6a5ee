#!/bin/sh
# A consumer that knows nothing but pkg-config: install into a staging
# directory, then build and run a program with
#   cc prog.c $(pkg-config --cflags --libs inotusurv)
# PKG_CONFIG_SYSROOT_DIR maps the installed .pc paths into the staging
# directory, as when cross-building against a DESTDIR tree.
set -u
command -v pkg-config >/dev/null 2>&1 || { echo "no pkg-config"; exit 77; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
${MAKE:-make} -s -C "$top_builddir" install DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log"; echo "FAIL: make install"; exit 1; }
pcdir=$(find "$tmp/root" -name inotusurv.pc -exec dirname {} \; | head -n 1)
[ -n "$pcdir" ] || { echo "FAIL: inotusurv.pc not installed"; exit 1; }
libdir=$(dirname "$pcdir")
cat > "$tmp/prog.c" <<'PROG'
#include <inotusurv.h>
#include <stdio.h>
int main(void)
{
    static const double t[] = { 1, 2, 2, 3 };
    static const int e[] = { 1, 1, 1, 0 };
    isurv_km *fit;
    double med, lo, hi;
    if (isurv_km_fit(&fit, t, e, 4, NULL, NULL, NULL, NULL) != ISURV_OK)
        return 1;
    if (isurv_km_quantile(fit, 0, 0.5, &med, &lo, &hi) != ISURV_OK)
        return 1;
    isurv_km_free(fit);
    printf("%s %g\n", isurv_version_string(), med);
    return med == 2.0 ? 0 : 1; /* S = 3/4 at 1, 1/4 at 2: median 2 */
}
PROG
flags=$(PKG_CONFIG_PATH="$pcdir" PKG_CONFIG_SYSROOT_DIR="$tmp/root" \
        pkg-config --cflags --libs inotusurv) || { echo "FAIL: pkg-config"; exit 1; }
echo "cc prog.c $flags"
${CC:-cc} "$tmp/prog.c" $flags -o "$tmp/prog" || { echo "FAIL: compile"; exit 1; }
LD_LIBRARY_PATH="$libdir" "$tmp/prog" || { echo "FAIL: run"; exit 1; }
