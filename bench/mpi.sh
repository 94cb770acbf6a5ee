#!/bin/sh
# The distributed benchmark line: N rows (default 1e7, the days shape of
# bench/run.py's generator family) fitted by one process from the arrays
# (mpi-km --serial), and through count tables on 1 and on 2 MPI ranks.
# Each run times, inside the program, from the shards' arrays to the
# result (table build, reduction, Kaplan-Meier by group and log-rank), and
# the three results must agree before any time is printed.
#   sh bench/mpi.sh EXAMPLES_DIR MPIRUN [N] [REPEATS]
set -eu
prog=$1/mpi-km mpirun=$2 n=${3:-1e7} reps=${4:-5}
[ -x "$prog" ] || { echo "bench/mpi.sh: $prog not built (configure found no MPI)" >&2; exit 1; }
if [ "$(id -u)" -eq 0 ]; then
    OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    export OMPI_ALLOW_RUN_AS_ROOT OMPI_ALLOW_RUN_AS_ROOT_CONFIRM
fi
oversub=
"$mpirun" --version 2>&1 | grep -q "Open MPI" && oversub=--oversubscribe
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median of the --time seconds of $reps runs of "$@"; output in $tmp/out
median() {
    : > "$tmp/times"
    i=0
    while [ $i -lt "$reps" ]; do
        "$@" --n "$n" --time > "$tmp/out" 2> "$tmp/err"
        sed -n 's/.*: \([0-9.]*\) s$/\1/p' "$tmp/err" >> "$tmp/times"
        i=$((i + 1))
    done
    sort -n "$tmp/times" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

s=$(median "$prog" --serial); tail -n +2 "$tmp/out" > "$tmp/serial"
# shellcheck disable=SC2086
t1=$(median "$mpirun" -np 1 $oversub "$prog"); tail -n +2 "$tmp/out" > "$tmp/np1"
# shellcheck disable=SC2086
t2=$(median "$mpirun" -np 2 $oversub "$prog"); tail -n +2 "$tmp/out" > "$tmp/np2"
cmp -s "$tmp/np1" "$tmp/np2" || { echo "bench/mpi.sh: 1 and 2 ranks disagree" >&2; exit 1; }
# KM columns are bit-identical; log-rank sums may differ in the last bits,
# so only the Kaplan-Meier block is compared exactly with the serial fit.
sed '/^group .*observed/,$d' "$tmp/serial" > "$tmp/a"
sed '/^group .*observed/,$d' "$tmp/np1" > "$tmp/b"
cmp -s "$tmp/a" "$tmp/b" || { echo "bench/mpi.sh: tables and serial fit disagree" >&2; exit 1; }

echo "| n | one process, arrays (s) | 1 rank, count table (s) | 2 ranks, count tables (s) | 1 rank / 2 ranks |"
echo "|---|---|---|---|---|"
awk -v n="$n" -v s="$s" -v t1="$t1" -v t2="$t2" \
    'BEGIN { printf "| %s | %.3f | %.3f | %.3f | %.2f |\n", n, s, t1, t2, t1 / t2 }'
