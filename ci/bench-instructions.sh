#!/usr/bin/env bash
# Instructions per request, counted (deterministic, unlike requests/s on a
# shared machine): each server runs under valgrind --tool=callgrind, gets 20
# warm-up queryDIDs, has its counters zeroed, then answers REQUESTS queryDIDs
# on one keep-alive connection (ci/bench/keepalive_posts.py); the count over
# all its threads, divided by REQUESTS, is printed as Markdown. Rows:
# vi-sandbox --quiet, vi-sandbox --quiet --no-admin, the canned cpp-httplib
# handler answering the same bytes (vi-canned-bench, as in ci/bench-http.sh)
# and, with BASELINE=DIR, that build's vi-sandbox --quiet.
#
# Usage: ci/bench-instructions.sh [BUILD_DIR]
# Env:   REQUESTS (default 2000), BASELINE (a build directory)
# Installs valgrind, curl and python3 with ci/install-deps.sh when missing;
# builds vi-sandbox and vi-canned-bench in BUILD_DIR when they are missing.
# Traffic goes to 127.0.0.1 only; every server is stopped on exit.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-${BUILD_DIR:-build}}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
vi=$build_dir/mock-server/vi-sandbox
canned=$build_dir/tests/bench/vi-canned-bench
requests=${REQUESTS:-2000}
baseline=${BASELINE:-}

die() { echo "bench-instructions: $*" >&2; exit 1; }
need=()
for tool in valgrind callgrind_control curl python3; do command -v "$tool" >/dev/null || need+=("$tool"); done
if ((${#need[@]} > 0)); then
  # callgrind_control comes with valgrind.
  pkgs=()
  for t in "${need[@]}"; do [[ $t == callgrind_control ]] && pkgs+=(valgrind) || pkgs+=("$t"); done
  "$root/ci/install-deps.sh" --runtime-only --with $(printf '%s\n' "${pkgs[@]}" | sort -u)
fi
if [[ ! -x $vi || ! -x $canned ]]; then
  [[ -f $build_dir/CMakeCache.txt ]] || BUILD_DIR=$build_dir "$root/ci/build.sh" >&2
  cmake --build "$build_dir" -j "$(nproc)" --target vi-sandbox vi-canned-bench >&2
fi
[[ -x $vi && -x $canned ]] || die "no vi-sandbox or vi-canned-bench in $build_dir"
if [[ -n $baseline ]]; then
  [[ "$baseline" = /* ]] || baseline="$root/$baseline"
  [[ -x $baseline/mock-server/vi-sandbox ]] || die "no vi-sandbox in BASELINE=$baseline"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vi-instructions.XXXXXX")
pid=
cleanup() {
  [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() {
  for _ in $(seq 1 300); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done
  die "port $1 did not open"
}
drive="$root/ci/bench/keepalive_posts.py"
printf '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><queryDID xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret><did>4352154006</did></queryDID></soap:Body></soap:Envelope>' >"$work/query.req"

# count NAME COMMAND... -> prints "| NAME | N |"; the command gets --port P
# appended unless it is the canned server (which takes the port first).
count() {
  local name=$1 port out
  shift
  port=$(free_port)
  out=$work/cg.$port
  if [[ $1 == "$canned" ]]; then
    valgrind --tool=callgrind --callgrind-out-file="$out" "$canned" "$port" "$work/query.xml" "$work/query.xml" \
      >/dev/null 2>"$work/valgrind.$port" &
  else
    valgrind --tool=callgrind --callgrind-out-file="$out" "$@" --port "$port" >/dev/null 2>"$work/valgrind.$port" &
  fi
  pid=$!
  wait_up "$port"
  python3 "$drive" "$port" 20 "$work/query.req" queryDID
  callgrind_control -z "$pid" >/dev/null 2>&1
  python3 "$drive" "$port" "$requests" "$work/query.req" queryDID
  callgrind_control -d "$pid" >/dev/null 2>&1
  kill "$pid"
  wait "$pid" 2>/dev/null || true
  pid=
  # The dump after zeroing (and the final one at exit, which counts only
  # what came after it): every part's total, summed.
  local total=0 part
  for f in "$out".*; do
    part=$(awk '/^summary:/ {print $2; exit}' "$f")
    total=$((total + ${part:-0}))
  done
  printf '| %s | %s |\n' "$name" "$((total / requests))"
}

# The canned handler answers vi-sandbox's own bytes.
port=$(free_port)
"$vi" --port "$port" --quiet >/dev/null 2>&1 &
pid=$!
wait_up "$port"
curl -s -o "$work/query.xml" -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: "http://tempuri.org/queryDID"' \
  --data-binary "@$work/query.req" "http://127.0.0.1:$port/VOIP/Services/APIService.asmx"
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
[[ -s $work/query.xml ]] || die "vi-sandbox gave no answer to copy"

echo "# Instructions per queryDID (callgrind, all threads, $requests requests on one keep-alive connection after 20 warm-up)"
echo
echo "| server | instructions per request |"
echo "|---|---:|"
count "vi-sandbox --quiet" "$vi" --quiet
count "vi-sandbox --quiet --no-admin" "$vi" --quiet --no-admin
count "canned httplib" "$canned"
if [[ -n $baseline ]]; then count "BASELINE vi-sandbox --quiet" "$baseline/mock-server/vi-sandbox" --quiet; fi
