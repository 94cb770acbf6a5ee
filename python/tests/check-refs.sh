#!/bin/sh
# Checks that python/tests/ref/ is what make_ref.R writes with the R of this
# machine: reruns it into a temporary directory and compares.  Exit 77
# (skip) without Rscript and the survival package.
set -u
here=$(cd "$(dirname "$0")" && pwd)
rscript=${RSCRIPT:-Rscript}
if ! "$rscript" -e 'library(survival)' >/dev/null 2>&1; then
    echo "check-refs: no Rscript with survival; skipping"
    exit 77
fi
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
(cd "$here" && "$rscript" make_ref.R "$tmp") || exit 1
if diff -r "$here/ref" "$tmp"; then
    echo "check-refs: python/tests/ref is current"
else
    echo "check-refs: python/tests/ref differs from make_ref.R's output" >&2
    exit 1
fi
