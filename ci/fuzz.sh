#!/usr/bin/env bash
# Builds the libFuzzer harness (tests/fuzz, clang, ASan + UBSan + coverage
# over every project target) and fuzzes the SOAP request path.
# Usage: ci/fuzz.sh [SECONDS] [FUZZER]
#   SECONDS  total fuzzing time (default 60)
#   FUZZER   soap_service_fuzzer (default), request_reader_fuzzer or
#            response_reader_fuzzer (the client's reader, seeded with fixtures/soap)
# Exits non-zero on a crash or invariant violation (libFuzzer's exit code)
# and prints the path of the reproducing input. Reproduce with:
#   build-fuzz/tests/fuzz/<FUZZER> <crash file>
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
fuzzer=${2:-soap_service_fuzzer}
dir=build-fuzz

# clang + the compiler-rt libraries (libclang_rt.fuzzer), idempotently.
ci/install-deps.sh --runtime-only --with clang libclang-rt-14-dev

CC=clang CXX=clang++ cmake -S . -B "$dir" -DVI_FUZZ=ON -DVI_BUILD_TESTS=OFF \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$dir" -j "$(nproc)" --target "$fuzzer"

corpus=$dir/fuzz-corpus/$fuzzer
artifacts=$dir/fuzz-artifacts/$fuzzer
mkdir -p "$corpus" "$artifacts"
cp -n tests/fuzz/corpus/* "$corpus"/ 2>/dev/null || true
if [[ $fuzzer == response_reader_fuzzer ]]; then
  for f in fixtures/soap/*/*/response.xml; do
    seed=${f#fixtures/soap/}; cp -n "$f" "$corpus/${seed//\//_}"
  done
fi
log=$dir/fuzz-artifacts/$fuzzer.log

export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
echo "fuzz: $fuzzer for ${seconds}s, corpus $corpus, log $log"
status=0
"$dir/tests/fuzz/$fuzzer" "$corpus" \
  -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048 \
  -dict=tests/fuzz/soap.dict -artifact_prefix="$artifacts/" -print_final_stats=1 2>"$log" || status=$?

# Summary: the last status line (cov/ft/exec/s) and the final stats.
grep -E '^#[0-9]+' "$log" | tail -n 1 || true
grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" || true
if ((status != 0)); then
  echo "fuzz: FAILED (exit $status); tail of $log:" >&2
  tail -n 60 "$log" >&2
  grep -E 'Test unit written to|artifact_prefix' "$log" >&2 || true
  exit "$status"
fi
echo "fuzz: no crash in ${seconds}s"
