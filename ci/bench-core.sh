#!/usr/bin/env bash
# Runs the domain-core benchmark (tests/bench/core_bench.cc): load time,
# memory per number and search/operation latency at one inventory size.
# Brings the build's vi-core-bench up to date first (configuring the build
# directory if it has never been configured), unless NO_BUILD=1.
#
# Usage: ci/bench-core.sh [vi-core-bench flags...]     e.g. --size 1000000 --json
# Env:   BUILD_DIR (default: build, relative to the repo root)
#        NO_BUILD=1  use the existing binary as it is
# Figures are for the README; nothing here passes or fails on speed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${BUILD_DIR:-build}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
bench="$build_dir/tests/bench/vi-core-bench"

if [[ "${NO_BUILD:-0}" != 1 ]]; then
  if [[ ! -f "$build_dir/CMakeCache.txt" ]]; then
    cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >&2
  fi
  cmake --build "$build_dir" -j2 --target vi-core-bench >&2
fi
if [[ ! -x "$bench" ]]; then
  echo "bench-core: $bench not found (is tests/bench added to tests/CMakeLists.txt?)" >&2
  exit 1
fi

build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)
sanitize=$(sed -n 's/^VI_SANITIZE:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)
if [[ "$build_type" == Debug || -n "$sanitize" ]]; then
  echo "bench-core: warning: $build_dir is a ${build_type:-?} build${sanitize:+ with sanitizers ($sanitize)};" \
       "figures will not be representative" >&2
fi
echo "bench-core: $bench ${*:-} (build type ${build_type:-unknown}, $(nproc) cores)" >&2
exec "$bench" "$@"
