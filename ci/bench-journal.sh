#!/usr/bin/env bash
# What the request journal costs: queryDID throughput (wrk, keep-alive) with
# the journal on (--journal-size 1000, the default) and off (0), in one run,
# alternating the two servers REPEAT times so machine noise hits both alike.
# Prints the medians and their ratio. Nothing here passes or fails on speed.
#
# Usage: ci/bench-journal.sh [BUILD_DIR]
# Env:   DURATION (default 5s), CONNECTIONS (default 8), REPEAT (default 3)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-build}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
repeat=${REPEAT:-3}
declare -A runs=([1000]="" [0]="")
for r in $(seq "$repeat"); do
  for arg in 1000 0; do
    out=$(SCENARIOS=query STARTS=0 CONNECTIONS=${CONNECTIONS:-8} DURATION=${DURATION:-5s} REPEAT=1 \
          SERVER_ARGS="--quiet --journal-size $arg" "$root/ci/bench-latency.sh" "$build_dir")
    rps=$(grep -m1 -E '^\| *queryDID' <<<"$out" | awk -F'|' '{gsub(/[ ,]/, "", $4); print $4}')
    [[ -n $rps ]] || { echo "bench-journal: no queryDID line in:"; echo "$out"; exit 1; }
    runs[$arg]+="$rps "
  done
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
on=$(median "${runs[1000]}")
off=$(median "${runs[0]}")
echo "queryDID req/s, journal on (--journal-size 1000): ${runs[1000]}-> median $on"
echo "queryDID req/s, journal off (--journal-size 0):  ${runs[0]}-> median $off"
awk -v on="$on" -v off="$off" 'BEGIN { printf "ratio on/off: %.3f\n", on / off }'
