#!/usr/bin/env bash
# Runs COMMAND (vi-sandbox, or ci/run-sandbox.sh), returns when its first
# stdout line is the ready line, after stopping it with SIGTERM; for timing
# the start with hyperfine, e.g. (README, "Quick start"):
#   hyperfine -w 3 -r 30 'ci/time-to-ready.sh ci/run-sandbox.sh --port 0 --quiet'
# Usage: ci/time-to-ready.sh COMMAND [ARG...]
set -euo pipefail
coproc S { exec "$@" 2>/dev/null; }
pid=$S_PID
read -r line <&"${S[0]}"
[[ $line == "listening on "* ]] || {
  echo "time-to-ready: first line is not the ready line: $line" >&2
  exit 1
}
kill -TERM "$pid"
wait "$pid"
