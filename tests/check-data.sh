#!/bin/sh
# The reconstructed inotuzumab data set: the committed generator must
# regenerate it byte for byte, and, where R is installed, R survival must
# find every published count and figure in it (examples/data/check.R).
set -u
data="$top_srcdir/examples/data"
sh "$data/check-regen.sh" "$top_builddir/examples/data/reconstruct" \
    "$data/inotuzumab.csv" || exit 1
if command -v Rscript >/dev/null 2>&1 \
    && Rscript -e 'quit(status = !requireNamespace("survival", quietly = TRUE))' \
        >/dev/null 2>&1; then
    Rscript "$data/check.R" "$data/inotuzumab.csv" || exit 1
else
    echo "Rscript with survival not found: published-figure check skipped"
fi
