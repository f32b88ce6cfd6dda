#!/usr/bin/env bash
# Soak test (issue 13): mixed traffic against one server for SOAK_SECONDS
# while its RSS is sampled every SAMPLE_SECONDS; prints the samples and the
# RSS slope (least squares, MB/min) after WARMUP_SECONDS. Measures only;
# nothing passes or fails. Traffic goes to 127.0.0.1 only; the server and the
# load generators are stopped on exit.
#
# Traffic, all at once: wrk on queryDID, getDIDs npa/nxx and getDIDs
# state=UT (4 keep-alive connections each), and a curl loop of short
# connections sending malformed XML, an unknown method and a reserve/release
# pair.
#
# Usage: ci/soak.sh [BUILD_DIR]
# Env:   SERVER          server binary (default $BUILD_DIR/mock-server/vi-sandbox)
#        SOAK_SECONDS    duration (default 600)
#        WARMUP_SECONDS  samples before this are left out of the slope (default 120)
#        SAMPLE_SECONDS  RSS sampling interval (default 10)
#        SERVER_ARGS     more server flags (default "--quiet"; empty keeps the request log on)
# Needs: wrk, curl, python3.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-${BUILD_DIR:-build}}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
server=${SERVER:-$build_dir/mock-server/vi-sandbox}
soak=${SOAK_SECONDS:-600}
warmup=${WARMUP_SECONDS:-120}
sample=${SAMPLE_SECONDS:-10}
server_args=${SERVER_ARGS---quiet}
host=127.0.0.1
soap_path=/VOIP/Services/APIService.asmx

die() { echo "soak: $*" >&2; exit 1; }
for tool in wrk curl python3; do command -v "$tool" >/dev/null || die "$tool not found"; done
[[ -x "$server" ]] || die "server binary $server not found; build it first"

work=$(mktemp -d "${TMPDIR:-/tmp}/vi-soak.XXXXXX")
pids=()
server_pid=""
cleanup() {
  local p
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

envelope() {  # operation, inner XML
  printf '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><%s xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret>%s</%s></soap:Body></soap:Envelope>' "$1" "$2" "$1"
}
envelope queryDID '<did>4352154006</did>' >"$work/query.xml"
envelope getDIDs '<npa>435</npa><nxx>201</nxx>' >"$work/small.xml"
envelope getDIDs '<state>UT</state>' >"$work/ut.xml"
envelope reserveDID '<didParams><DIDParam><tn>4352154006</tn></DIDParam></didParams>' >"$work/reserve.xml"
envelope releaseDID '<didParams><DIDParam><tn>4352154006</tn></DIDParam></didParams>' >"$work/release.xml"
printf '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><queryDID a="1" a="2"/>' \
  >"$work/bad.xml"

# shellcheck disable=SC2206  # word splitting is the point
args=(--host "$host" --port 0 $server_args)
"$server" "${args[@]}" >"$work/server.out" 2>"$work/server.err" </dev/null &
server_pid=$!
port=""
for _ in $(seq 3000); do
  if [[ "$(head -n 1 "$work/server.out" 2>/dev/null || true)" =~ ^listening\ on\ http://127\.0\.0\.1:([0-9]+)/$ ]]; then
    port=${BASH_REMATCH[1]}
    break
  fi
  kill -0 "$server_pid" 2>/dev/null || die "server exited: $(tail -n 5 "$work/server.err")"
  sleep 0.01
done
[[ -n "$port" ]] || die "server did not start"
url="http://$host:$port$soap_path"

for pair in queryDID:query getDIDs:small getDIDs:ut; do
  wrk -t1 -c4 -d"$((soak + 5))s" -s "$root/ci/bench/soap.lua" "$url" -- "${pair%%:*}" "$work/${pair##*:}.xml" \
    >"$work/wrk-${pair##*:}.txt" 2>&1 &
  pids+=($!)
done
(
  post() {  # action, body file
    curl -s -o /dev/null --max-time 5 -X POST -H 'Content-Type: text/xml; charset=utf-8' \
      -H "SOAPAction: \"http://tempuri.org/$1\"" --data-binary "@$2" "$url" || true
  }
  while :; do
    post queryDID "$work/bad.xml"
    post reserveDID "$work/reserve.xml"
    post releaseDID "$work/release.xml"
    curl -s -o /dev/null --max-time 5 -X FOO "$url" || true
    sleep 0.05
  done
) &
pids+=($!)

echo "# vi-sandbox soak: ${soak}s of mixed traffic, RSS every ${sample}s (server args: ${server_args:-none})"
echo
start=$SECONDS
: >"$work/rss.txt"
while (( SECONDS - start < soak )); do
  kill -0 "$server_pid" 2>/dev/null || die "server died: $(tail -n 5 "$work/server.err")"
  rss_kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$server_pid/status")
  echo "$((SECONDS - start)) $rss_kb" >>"$work/rss.txt"
  sleep "$sample"
done
python3 - "$work/rss.txt" "$warmup" <<'EOF'
import sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
warm = float(sys.argv[2])
print("RSS samples (s: MiB): " + ", ".join(f"{int(t)}: {kb / 1024:.1f}" for t, kb in rows))
pts = [(t / 60, kb / 1024) for t, kb in rows if t >= warm]
if len(pts) < 2:
    print("too few samples after warm-up for a slope")
else:
    n = len(pts)
    mx = sum(x for x, _ in pts) / n
    my = sum(y for _, y in pts) / n
    slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    print(f"RSS slope after {int(warm)} s of warm-up: {slope:+.3f} MiB/min over {n} samples "
          f"({pts[0][1]:.1f} -> {pts[-1][1]:.1f} MiB)")
EOF
