#!/usr/bin/env bash
# Runs vi-lock-bench (tests/bench/lock_bench.cc): how long a reserveDID or
# releaseDID waits while R threads run long searches on the same Sandbox.
# Brings the build's vi-lock-bench up to date first, unless NO_BUILD=1.
#
# Usage: ci/bench-lock.sh [vi-lock-bench flags...]   e.g. --readers 0,1,2,3 --seconds 5
# Env:   BUILD_DIR (default: build)   NO_BUILD=1
# Figures are for the README ("Concurrency"); nothing here passes or fails on speed.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-build}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
if [[ "${NO_BUILD:-0}" != 1 ]]; then
  [[ -f "$build_dir/CMakeCache.txt" ]] || cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
  cmake --build "$build_dir" -j2 --target vi-lock-bench >&2
fi
exec "$build_dir/tests/bench/vi-lock-bench" "$@"
