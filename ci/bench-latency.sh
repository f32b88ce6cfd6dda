#!/usr/bin/env bash
# HTTP benchmark of the emulator as users run it: start-up time to the first
# answer (ci/bench/startup_time.py), then wrk with keep-alive connections on
# queryDID and getDIDs (ci/bench/soap.lua). Prints a Markdown report for the
# README. Builds nothing; nothing here passes or fails on speed.
#
# Traffic goes to 127.0.0.1 only. The server is stopped on exit (trap), and
# every step has a deadline (start-up STARTUP_TIMEOUT, wrk DURATION + 20 s).
#
# Usage: ci/bench-latency.sh [BUILD_DIR]
# Env:   BUILD_DIR        build directory (default build; the argument wins)
#        SERVER           server binary (default $BUILD_DIR/mock-server/vi-sandbox)
#        DURATION         wrk duration of one run (default 10s)
#        CONNECTIONS      keep-alive connection counts (default "8 64")
#        THREADS          wrk threads (default 2)
#        REPEAT           runs per scenario, interleaved, medians reported (default 1)
#        STARTS           start-ups timed (default 5; 0 skips)
#        STARTUP_TIMEOUT  seconds one start-up may take (default 30)
#        PROFILE          sandbox | production (default sandbox)
#        INVENTORY_SIZE   passed as --inventory-size when set
#        SERVER_ARGS      more server flags, split on spaces (e.g. "--workers 16")
#        SCENARIOS        subset of "query small ut" (default: all three)
#        LOG_DIR          keep request bodies, wrk output and server stderr here
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-${BUILD_DIR:-build}}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
server=${SERVER:-$build_dir/mock-server/vi-sandbox}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-8 64}
threads=${THREADS:-2}
repeat=${REPEAT:-1}
starts=${STARTS:-5}
startup_timeout=${STARTUP_TIMEOUT:-30}
profile=${PROFILE:-sandbox}
scenarios=${SCENARIOS:-query small ut}
lua="$root/ci/bench/soap.lua"
host=127.0.0.1
soap_path=/VOIP/Services/APIService.asmx

die() { echo "bench-latency: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"
command -v python3 >/dev/null || die "python3 not found"
[[ -x "$server" ]] || die "server binary $server not found; build it first (cmake --build $build_dir)"

# Seconds in a wrk duration ("10", "10s", "2m", "1h"), for the deadlines.
seconds_of() {
  local d=$1
  case "$d" in
    *h) echo $(( ${d%h} * 3600 )) ;;
    *m) echo $(( ${d%m} * 60 )) ;;
    *s) echo $(( ${d%s} )) ;;
    *) echo $(( d )) ;;
  esac
}
[[ "$duration" =~ ^[0-9]+[smh]?$ ]] || die "bad DURATION '$duration' (e.g. 10s, 2m)"

if [[ -n "${LOG_DIR:-}" ]]; then
  work=$LOG_DIR
  mkdir -p "$work"
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/vi-bench-latency.XXXXXX")
fi
server_pid=""

stop_server() {
  [[ -n "$server_pid" ]] || return 0
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
}
cleanup() {
  stop_server
  [[ -n "${LOG_DIR:-}" ]] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

server_args=(--host "$host" --port 0 --profile "$profile" --quiet)
[[ -z "${INVENTORY_SIZE:-}" ]] || server_args+=(--inventory-size "$INVENTORY_SIZE")
# shellcheck disable=SC2206  # word splitting is the point
[[ -z "${SERVER_ARGS:-}" ]] || server_args+=($SERVER_ARGS)

# The request bodies, shared by curl (checks), the start-up probe and wrk.
envelope() {  # operation, inner XML
  printf '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><%s xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret>%s</%s></soap:Body></soap:Envelope>' "$1" "$2" "$1"
}
envelope queryDID '<did>4352154006</did>' >"$work/query.xml"
envelope getDIDs '<npa>435</npa><nxx>201</nxx>' >"$work/small.xml"
envelope getDIDs '<state>UT</state>' >"$work/ut.xml"
declare -A op_of=([query]=queryDID [small]=getDIDs [ut]=getDIDs)
declare -A label_of=([query]="queryDID 4352154006" [small]="getDIDs npa=435 nxx=201"
                     [ut]="getDIDs state=UT (cap 1000)")
for s in $scenarios; do [[ -n "${op_of[$s]:-}" ]] || die "unknown scenario '$s' (query small ut)"; done

echo "# vi-sandbox HTTP benchmark"
echo
echo "- server: \`${server#"$root"/} ${server_args[*]}\`"
echo "- host: $(nproc) cores, $(uname -sr); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2);" \
     "wrk and the server share the machine"
[[ -z "${GLIBC_TUNABLES:-}" ]] || echo "- environment: GLIBC_TUNABLES=$GLIBC_TUNABLES"
echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

# ---- Start-up ----
if (( starts > 0 )); then
  timeout --kill-after=5 $(( starts * (startup_timeout + 10) )) \
    python3 "$root/ci/bench/startup_time.py" --starts "$starts" --timeout "$startup_timeout" \
      --query-body "$work/query.xml" --stderr-log "$work/server-startup.err" \
      -- "$server" "${server_args[@]}" ||
    die "start-up measurement failed (server stderr: $work/server-startup.err)"
  echo
fi

# ---- Load ----
"$server" "${server_args[@]}" >"$work/server.out" 2>"$work/server.err" </dev/null &
server_pid=$!
port=""
for _ in $(seq $(( startup_timeout * 100 ))); do
  line=$(head -n 1 "$work/server.out" 2>/dev/null || true)
  if [[ "$line" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)/$ ]]; then
    port=${BASH_REMATCH[1]}
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || die "server exited: $(tail -n 5 "$work/server.err")"
  sleep 0.01
done
[[ -n "$port" ]] || die "no 'listening on http://127.0.0.1:<port>/' line within ${startup_timeout}s"
url="http://$host:$port$soap_path"
curl -fsS --max-time 5 -o /dev/null "http://$host:$port/_admin/health" || die "health check failed"

# One request per scenario through curl: the answer must be HTTP 200 with
# responseCode 100, or the figures would measure an error path.
declare -A bytes_of
for s in $scenarios; do
  code=$(curl -sS --max-time 10 -o "$work/$s.answer" -w '%{http_code}' -X POST \
           -H 'Content-Type: text/xml; charset=utf-8' -H "SOAPAction: \"http://tempuri.org/${op_of[$s]}\"" \
           --data-binary "@$work/$s.xml" "$url") || die "curl failed for $s"
  bytes_of[$s]=$(stat -c %s "$work/$s.answer")
  if [[ "$code" != 200 ]] || ! grep -q 'responseCode>100<' "$work/$s.answer"; then
    echo "**Warning:** ${label_of[$s]} answered HTTP $code without responseCode 100:" \
         "\`$(head -c 300 "$work/$s.answer" | tr -d '\r\n')\`"
    echo
  fi
done

run_wrk() {  # scenario, connections, duration, output file
  local s=$1 c=$2 d=$3 out=$4
  timeout --kill-after=5 $(( $(seconds_of "$d") + 20 )) \
    wrk -t"$threads" -c"$c" -d"$d" --latency -s "$lua" "$url" -- "${op_of[$s]}" "$work/$s.xml" \
    >"$out" 2>&1 || die "wrk failed or overran ($s, $c connections): $(tail -n 3 "$out")"
  grep -q '^BENCH ' "$out" || die "no summary line from wrk ($s, $c connections)"
  kill -0 "$server_pid" 2>/dev/null || die "server died during $s at $c connections: $(tail -n 5 "$work/server.err")"
}

# Warm-up (not reported): first connections, lazy initialisation, page cache.
run_wrk "${scenarios%% *}" 8 2s "$work/warmup.txt"

for r in $(seq "$repeat"); do
  for s in $scenarios; do
    for c in $connections; do
      run_wrk "$s" "$c" "$duration" "$work/wrk-$s-c$c-r$r.txt"
    done
  done
done

# Medians over the runs of one scenario/connection count.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
field() { grep '^BENCH ' "$1" | sed -n 's/.* '"$2"'=\([0-9.]*\).*/\1/p'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }

echo "Load: wrk -t$threads -d$duration --latency, keep-alive, one request body per scenario" \
     "(medians of $repeat run(s); latencies as wrk measures them, in ms):"
echo
echo "| scenario | conns | req/s | p50 | p90 | p99 | max | non-2xx | socket errors (connect/read/write/timeout) | response bytes |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"
for s in $scenarios; do
  for c in $connections; do
    files=("$work"/wrk-"$s"-c"$c"-r*.txt)
    rps=$(for f in "${files[@]}"; do
            awk -v n="$(field "$f" requests)" -v d="$(field "$f" duration_us)" 'BEGIN { print n / (d / 1e6) }'
          done | median)
    p50=$(for f in "${files[@]}"; do field "$f" p50_us; done | median)
    p90=$(for f in "${files[@]}"; do field "$f" p90_us; done | median)
    p99=$(for f in "${files[@]}"; do field "$f" p99_us; done | median)
    max=$(for f in "${files[@]}"; do field "$f" max_us; done | median)
    sum() { local k=$1 t=0 f; for f in "${files[@]}"; do t=$(( t + $(field "$f" "$k") )); done; echo $t; }
    printf '| %s | %s | %.0f | %s | %s | %s | %s | %s | %s/%s/%s/%s | %s |\n' \
      "${label_of[$s]}" "$c" "$rps" "$(ms "$p50")" "$(ms "$p90")" "$(ms "$p99")" "$(ms "$max")" \
      "$(sum status)" "$(sum connect)" "$(sum read)" "$(sum write)" "$(sum timeout)" "${bytes_of[$s]}"
  done
done
echo

rss=$(awk '/^VmRSS:/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || echo "n/a")
hwm=$(awk '/^VmHWM:/ { printf "%.1f MiB", $2 / 1024 }' "/proc/$server_pid/status" 2>/dev/null || echo "n/a")
nthreads=$(awk '/^Threads:/ { print $2 }' "/proc/$server_pid/status" 2>/dev/null || echo "n/a")
echo "Server after the load: VmRSS $rss, VmHWM $hwm, $nthreads threads." \
     "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
[[ -z "${LOG_DIR:-}" ]] || echo "Raw wrk output and server logs: $work"
