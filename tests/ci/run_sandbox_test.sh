#!/usr/bin/env bash
# ci/run-sandbox.sh as a user meets it on the second run (nothing changed):
# - stdout's first line is the server's `listening on …` (nothing else on stdout);
# - the pid the caller started is the server itself (exec), so SIGTERM stops
#   it and no process is left behind;
# - it built nothing (the binary is untouched, no build step ran). How soon
#   it is ready is printed, not asserted: speed is measured by
#   ci/time-to-ready.sh (README), never by a timed test.
# Usage: run_sandbox_test.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1 build=$2
scratch=$(mktemp -d)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; echo "--- stderr:"; cat "$scratch/err" 2>/dev/null || true; exit 1; }

# The first run (builds if needed; here the tree is built, so at most a
# no-op build), then the second, measured.
# It only brings the build up to date, so a second attempt is allowed (a
# build racing another test's use of the build directory once failed at
# once); its stderr is shown either way when it fails.
BUILD_DIR=$build "$src/ci/run-sandbox.sh" --version >/dev/null 2>"$scratch/err" ||
  { cat "$scratch/err"; BUILD_DIR=$build "$src/ci/run-sandbox.sh" --version >/dev/null 2>"$scratch/err"; } ||
  fail "first run"

# One run: the checks on stdout, exec and SIGTERM; ready_ms for the log.
measured_run() {
  rm -f "$scratch/out"
  mkfifo "$scratch/out"
  local start first exe status rest
  start=$(date +%s%N)
  BUILD_DIR=$build "$src/ci/run-sandbox.sh" --port 0 --quiet --inventory-size "$size" >"$scratch/out" 2>"$scratch/err" &
  pid=$!
  exec 3<"$scratch/out"
  IFS= read -r -t 30 first <&3 || fail "no line on stdout within 30 s"
  ready_ms=$((($(date +%s%N) - start) / 1000000))
  echo "first stdout line: $first (ready after ${ready_ms} ms)"
  [[ $first =~ ^listening\ on\ http://127\.0\.0\.1:[0-9]+/$ ]] || fail "first stdout line is not the server's"
  exe=$(readlink "/proc/$pid/exe")
  [[ $exe == */vi-sandbox ]] || fail "pid $pid is $exe, not the server (no exec?)"
  grep -q "building" "$scratch/err" && fail "built although nothing changed"
  kill -TERM "$pid"
  status=0
  wait "$pid" || status=$?
  pid=
  ((status == 0)) || fail "server exited $status after SIGTERM"
  rest=$(cat <&3)
  exec 3<&-
  [[ -z $rest ]] || fail "more on stdout: $rest"
}

bin=$build/mock-server/vi-sandbox
# An inventory size no other test uses, so the orphan check below cannot see
# another test's server (the README snippets start `--port 0 --quiet
# --inventory-size 2000` servers while this runs: that once failed it).
size=2017
before=$(stat -c '%Y.%s' "$bin")
measured_run
after=$(stat -c '%Y.%s' "$bin")
[[ $before == "$after" ]] || fail "the binary changed although no source did"
if pgrep -f "^$build/mock-server/vi-sandbox --port 0 --quiet --inventory-size $size\$" >/dev/null; then
  fail "a vi-sandbox is still running"
fi
echo "ok: run-sandbox.sh second run built nothing, stdout is the server's, SIGTERM reaches it (ready after ${ready_ms} ms, not asserted)"
