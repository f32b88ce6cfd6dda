#!/usr/bin/env bash
# Builds and runs the whole test suite under sanitizers (not part of
# ci/test.sh: two extra full builds).
# Usage: ci/sanitize.sh [address|thread]   (default: address = ASan + UBSan)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-address}
case "$kind" in
  address) flags=address,undefined; dir=build-asan ;;
  thread) flags=thread; dir=build-tsan ;;
  *) echo "usage: ci/sanitize.sh [address|thread]" >&2; exit 2 ;;
esac
ci/install-deps.sh
BUILD_DIR=$dir BUILD_TYPE=Debug ci/build.sh -DVI_BUILD_TESTS=ON -DVI_SANITIZE="$flags"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="suppressions=$PWD/ci/sanitizers/tsan.supp:halt_on_error=1"
cd "$dir"
ctest --output-on-failure -j "$(nproc)" --timeout 600
