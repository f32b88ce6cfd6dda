#!/usr/bin/env bash
# Builds the whole project with Clang and runs every test under sanitizers.
# Clang also runs the thread-safety analysis (-Wthread-safety, as errors) over
# every lock annotation, so this one build checks both. .ci/run runs the
# address mode after ci/test.sh; the thread mode is for hand runs.
# Usage: ci/sanitize.sh [address|thread]   (default: address = ASan + UBSan)
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-address}
case "$kind" in
  address) flags=address,undefined; dir=build-asan ;;
  thread) flags=thread; dir=build-tsan ;;
  *) echo "usage: ci/sanitize.sh [address|thread]" >&2; exit 2 ;;
esac
ci/install-deps.sh --with clang libclang-rt-14-dev
start=$SECONDS
CC=clang CXX=clang++ BUILD_DIR=$dir BUILD_TYPE=Debug \
  ci/build.sh -DVI_BUILD_TESTS=ON -DVI_WARNINGS_AS_ERRORS=ON -DVI_SANITIZE="$flags"
echo "sanitize: $kind build took $((SECONDS - start)) s"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export TSAN_OPTIONS="suppressions=$PWD/ci/sanitizers/tsan.supp:halt_on_error=1"
cd "$dir"
start=$SECONDS
ctest --output-on-failure -j "$(nproc)" --timeout 600
echo "sanitize: $kind tests took $((SECONDS - start)) s"
