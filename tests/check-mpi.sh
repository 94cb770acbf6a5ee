#!/bin/sh
# examples/mpi-km on two MPI ranks (and on one, and on three) must print
# the same result as the single-process fit of all rows without count
# tables (mpi-km --serial): the distributed run moves only count tables,
# and merging them loses nothing.  Skipped (77) when configure found no
# MPI, unless ISURV_REQUIRE_MPI=1 (CI), where that is a failure.
set -u
prog="$top_builddir/examples/mpi-km"
if [ ! -x "$prog" ] || [ -z "${MPIRUN:-}" ]; then
    echo "SKIP: examples/mpi-km not built (configure found no MPI)"
    [ "${ISURV_REQUIRE_MPI:-0}" = 1 ] && { echo "FAIL: MPI required"; exit 1; }
    exit 77
fi
# Open MPI refuses to start as root unless told; CI runs as root.  Other
# MPIs ignore these variables.
if [ "$(id -u)" -eq 0 ]; then
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    export OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM
fi
# Under configure --enable-sanitizers, LeakSanitizer would report Open
# MPI's own allocations that live until exit; the library's leaks are the
# business of the other suites (and of the --serial run here).
mpi_asan=${ASAN_OPTIONS:-}
[ -n "${ISURV_SANITIZERS:-}" ] && mpi_asan="detect_leaks=0${mpi_asan:+:$mpi_asan}"
oversub=
# Open MPI counts slots by cores; three ranks on two cores need this.
"$MPIRUN" --version 2>&1 | grep -q "Open MPI" && oversub=--oversubscribe

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0
n=200003    # odd, so the shards differ in size

"$prog" --serial --n $n > "$tmp/serial" || { echo "FAIL: mpi-km --serial"; exit 1; }
cat "$tmp/serial"
grep -q "log-rank chisq" "$tmp/serial" || { echo "FAIL: no log-rank line"; exit 1; }

# Everything after the first line (which names the run) is the result.
# Numbers are compared to 1e-11 relative: the Kaplan-Meier columns are
# bit-identical, the log-rank sums may be added in another order.
same() {
    tail -n +2 "$1" > "$1.body"
    tail -n +2 "$2" > "$2.body"
    awk -v tol=1e-11 '
        NR == FNR { a[FNR] = $0; next }
        {
            if (!(FNR in a)) { bad = 1; exit }
            na = split(a[FNR], x, /[ ,=]+/); nb = split($0, y, /[ ,=]+/)
            if (na != nb) { bad = 1; exit }
            for (i = 1; i <= na; i++) {
                if (x[i] == y[i]) continue
                if (x[i] !~ /^-?[0-9.]+(e[-+]?[0-9]+)?$/) { bad = 1; exit }
                d = x[i] - y[i]; if (d < 0) d = -d
                m = x[i] < 0 ? -x[i] : x[i]
                if (d > tol * m) { bad = 1; exit }
            }
            lines++
        }
        END { exit bad || lines != length(a) }' "$1.body" "$2.body"
}

for np in 1 2 3; do
    # shellcheck disable=SC2086
    if ! ASAN_OPTIONS=$mpi_asan timeout 300 "$MPIRUN" -np $np $oversub "$prog" --n $n > "$tmp/np$np" 2> "$tmp/np$np.err"; then
        cat "$tmp/np$np" "$tmp/np$np.err"
        echo "FAIL: mpirun -np $np mpi-km"
        fail=1
        continue
    fi
    if same "$tmp/serial" "$tmp/np$np"; then
        echo "ok: $np rank(s) agree with the single-process fit"
    else
        diff "$tmp/serial" "$tmp/np$np"
        echo "FAIL: $np rank(s) differ from the single-process fit"
        fail=1
    fi
done
# Merged tables do not depend on how the rows were split.
if [ $fail = 0 ]; then
    tail -n +2 "$tmp/np1" > "$tmp/a"; tail -n +2 "$tmp/np3" > "$tmp/b"
    cmp -s "$tmp/a" "$tmp/b" || { echo "FAIL: 1 and 3 ranks print differently"; fail=1; }
fi
exit $fail
