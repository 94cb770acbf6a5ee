#!/bin/sh
# The README's first command: install what a fresh Debian machine needs,
# build libinotusurv, and run the main job (the inotuzumab reproduction).
# Set ISURV_SKIP_APT=1 to skip the package installation.
set -eu
cd "$(dirname "$0")/.."

pkgs="build-essential autoconf automake libtool pkg-config libgsl-dev check
      mandoc groff-base python3 python3-pytest python3-numpy python3-statsmodels
      libxml2-utils librsvg2-bin locales libopenmpi-dev openmpi-bin"
if [ "${ISURV_SKIP_APT:-0}" != 1 ]; then
    sudo=
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y $pkgs
fi

# Debian's python3 is the one that has the packages installed above.
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3

autoreconf -fi
[ -f Makefile ] || ./configure PYTHON="$python"
make -j"$(nproc 2>/dev/null || echo 2)"
# The main job: reproduce the inotuzumab study's survival analyses and P
# values; the table goes to stdout and, with the figures, to the directory.
./examples/inotuzumab-report "${1:-inotuzumab-report}"
