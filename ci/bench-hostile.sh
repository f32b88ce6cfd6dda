#!/usr/bin/env bash
# Hostile-load benchmark (issues 12 and 13): how the emulator serves a normal
# client while others hold connections. Three scenarios, each against a fresh
# server, printed as Markdown for the README:
#   silent    SILENT connections that send nothing, then one fresh queryDID
#             (curl, timed); repeated PROBES times while they stay open;
#   loris     a sustained slow-loris stream (slowhttptest -H -c 6000 -i 2
#             -r 100 -l LORIS_SECONDS) with one queryDID probe a second;
#   clients   wrk with many keep-alive clients (CLIENTS, default "256 1024").
# Measures only; nothing here passes or fails on speed. Traffic goes to
# 127.0.0.1 only; the server and helpers are stopped on exit.
#
# Usage: ci/bench-hostile.sh [BUILD_DIR]
# Env:   SERVER           server binary (default $BUILD_DIR/mock-server/vi-sandbox)
#        SCENARIOS        subset of "silent loris clients" (default: all)
#        SILENT           silent connections (default 300)
#        PROBES           probes in the silent scenario (default 5)
#        LORIS_SECONDS    slow-loris duration (default 60)
#        CLIENTS          wrk connection counts (default "256 1024")
#        DURATION         wrk duration (default 10s)
#        SERVER_ARGS      more server flags, split on spaces
# Needs: curl, python3, wrk (clients), slowhttptest (loris): the Debian
# packages (ci/install-deps.sh --with wrk slowhttptest).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-${BUILD_DIR:-build}}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
server=${SERVER:-$build_dir/mock-server/vi-sandbox}
scenarios=${SCENARIOS:-silent loris clients}
silent=${SILENT:-300}
probes=${PROBES:-5}
loris_seconds=${LORIS_SECONDS:-60}
clients=${CLIENTS:-256 1024}
duration=${DURATION:-10s}
host=127.0.0.1
soap_path=/VOIP/Services/APIService.asmx

die() { echo "bench-hostile: $*" >&2; exit 1; }
command -v curl >/dev/null || die "curl not found"
command -v python3 >/dev/null || die "python3 not found"
[[ -x "$server" ]] || die "server binary $server not found; build it first"

work=$(mktemp -d "${TMPDIR:-/tmp}/vi-bench-hostile.XXXXXX")
server_pid=""
helper_pid=""
stop_pid() {  # pid
  [[ -n "$1" ]] || return 0
  kill -TERM "$1" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}
cleanup() {
  stop_pid "$helper_pid"
  stop_pid "$server_pid"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# More descriptors than the clients need (1,024 wrk connections plus
# hundreds of slow ones), if the hard limit allows.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

printf '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><queryDID xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret><did>4352154006</did></queryDID></soap:Body></soap:Envelope>' \
  >"$work/query.xml"

start_server() {
  # shellcheck disable=SC2206  # word splitting is the point
  local args=(--host "$host" --port 0 --quiet ${SERVER_ARGS:-})
  "$server" "${args[@]}" >"$work/server.out" 2>"$work/server.err" </dev/null &
  server_pid=$!
  port=""
  for _ in $(seq 3000); do
    if [[ "$(head -n 1 "$work/server.out" 2>/dev/null || true)" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)/$ ]]; then
      port=${BASH_REMATCH[1]}
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || die "server exited: $(tail -n 5 "$work/server.err")"
    sleep 0.01
  done
  die "server did not start"
}

# One queryDID: prints "<http status> <seconds>" (000 on a timeout).
probe() {
  curl -s -o /dev/null --max-time 5 -w '%{http_code} %{time_total}\n' -X POST \
    -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: "http://tempuri.org/queryDID"' \
    --data-binary "@$work/query.xml" "http://$host:$port$soap_path" || true
}

# Summary of probe lines on stdin: count, answered 200, slowest, median.
summarize() {
  python3 -c '
import sys
rows = [l.split() for l in sys.stdin if l.strip()]
ok = [float(t) for s, t in rows if s == "200"]
bad = [s for s, t in rows if s != "200"]
ok.sort()
med = ok[len(ok) // 2] if ok else float("nan")
slowest = max(ok) if ok else float("nan")
print(f"{len(rows)} probes, {len(ok)} answered 200, failures {bad or 0}, "
      f"median {med * 1000:.1f} ms, slowest {slowest * 1000:.1f} ms")
'
}

echo "# vi-sandbox hostile-load benchmark"
echo
echo "- server: \`${server#"$root"/} --quiet ${SERVER_ARGS:-}\`; $(nproc) cores, $(uname -sr);" \
     "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo

for scenario in $scenarios; do
  start_server
  case "$scenario" in
    silent)
      # Holds SILENT connections open, sending nothing, until killed.
      python3 -c '
import socket, sys, time
socks = []
for _ in range(int(sys.argv[2])):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    socks.append(s)
print("open", flush=True)
time.sleep(3600)
' "$port" "$silent" >"$work/silent.out" 2>&1 &
      helper_pid=$!
      for _ in $(seq 500); do grep -q open "$work/silent.out" 2>/dev/null && break; sleep 0.01; done
      grep -q open "$work/silent.out" || die "could not open $silent connections: $(cat "$work/silent.out")"
      for _ in $(seq "$probes"); do probe; sleep 0.2; done >"$work/silent.probes"
      echo "- $silent silent connections, then a fresh queryDID each time: $(summarize <"$work/silent.probes")"
      ;;
    loris)
      command -v slowhttptest >/dev/null || die "slowhttptest not found (apt-get install slowhttptest)"
      slowhttptest -H -c 6000 -i 2 -r 100 -l "$loris_seconds" -t POST -s 8192 \
        -u "http://$host:$port$soap_path" -p 3 >"$work/loris.out" 2>&1 &
      helper_pid=$!
      sleep 5  # let the stream build up
      : >"$work/loris.probes"
      while kill -0 "$helper_pid" 2>/dev/null; do
        probe >>"$work/loris.probes"
        sleep 1
      done
      wait "$helper_pid" 2>/dev/null || true
      helper_pid=""
      # slowhttptest's status lines, without colours: the most connections
      # it held open at once, and its own verdict.
      sed 's/\x1b\[[0-9;]*m//g' "$work/loris.out" >"$work/loris.txt"
      connected=$(awk '$1 == "connected:" { if ($2 > m) m = $2 } END { print m + 0 }' "$work/loris.txt")
      unavailable=$(grep -c 'service available: *NO' "$work/loris.txt" || true)
      echo "- slow-loris stream (\`slowhttptest -H -c 6000 -i 2 -r 100 -l $loris_seconds\`, up to" \
           "$connected slow connections open at once; slowhttptest saw the service unavailable in" \
           "$unavailable of its status reports), one queryDID a second: $(summarize <"$work/loris.probes")"
      ;;
    clients)
      command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
      for c in $clients; do
        timeout 120 wrk -t2 -c"$c" -d"$duration" --latency -s "$root/ci/bench/soap.lua" \
          "http://$host:$port$soap_path" -- queryDID "$work/query.xml" >"$work/wrk-$c.txt" 2>&1 ||
          die "wrk failed: $(tail -n 3 "$work/wrk-$c.txt")"
        grep '^BENCH ' "$work/wrk-$c.txt" | python3 -c '
import sys
f = dict(kv.split("=") for kv in sys.stdin.read().split()[1:])
rps = int(f["requests"]) / (int(f["duration_us"]) / 1e6)
p50, p99, mx = (int(f[k]) / 1000 for k in ("p50_us", "p99_us", "max_us"))
errors = "/".join(f[k] for k in ("connect", "read", "write", "timeout"))
non2xx = f["status"]
print(f"- {sys.argv[1]} keep-alive clients (wrk -t2 -d{sys.argv[2]}, queryDID): {rps:,.0f} req/s, "
      f"p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {mx:.0f} ms, non-2xx {non2xx}, "
      f"socket errors {errors} (connect/read/write/timeout)")
' "$c" "$duration"
      done
      ;;
    *) die "unknown scenario '$scenario' (silent loris clients)" ;;
  esac
  stop_pid "$helper_pid"
  helper_pid=""
  stop_pid "$server_pid"
  server_pid=""
done
