#!/usr/bin/env bash
# HTTPS against plain HTTP: two vi-sandbox servers from the same binary, one
# with --tls-cert/--tls-key (a throw-away CA and certificate made here with
# openssl), driven in interleaved rounds by wrk with keep-alive connections
# on queryDID (ci/bench/soap.lua). Prints requests per second per round, the
# medians and their ratio. Builds nothing; nothing here passes or fails on
# speed. Traffic goes to 127.0.0.1 only; both servers are stopped on exit.
#
# Usage: ci/bench-tls.sh [BUILD_DIR]
# Env:   ROUNDS       interleaved rounds (default 2)
#        DURATION     wrk duration of one run (default 5s)
#        CONNECTIONS  keep-alive connections (default 64)
#        THREADS      wrk threads (default 2)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-build}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
server=$build_dir/mock-server/vi-sandbox
rounds=${ROUNDS:-2}
duration=${DURATION:-5s}
connections=${CONNECTIONS:-64}
threads=${THREADS:-2}
path=/VOIP/Services/APIService.asmx

die() { echo "bench-tls: $*" >&2; exit 1; }
for tool in wrk curl openssl; do command -v "$tool" >/dev/null || die "$tool not found"; done
[[ -x "$server" ]] || die "$server not found; build it first"
[[ "$duration" =~ ^[0-9]+s$ ]] || die "DURATION is whole seconds, e.g. 5s"

work=$(mktemp -d "${TMPDIR:-/tmp}/vi-bench-tls.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The CA and the server certificate (127.0.0.1), as the README's TLS section makes them.
(
  cd "$work"
  ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout ca.key -out ca.pem -days 2 -subj '/CN=bench CA'
  openssl req "${ec[@]}" -keyout server.key -out server.csr -subj '/CN=127.0.0.1'
  printf 'subjectAltName=IP:127.0.0.1\n' >ext.cnf
  openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 \
    -extfile ext.cnf
) >"$work/openssl.log" 2>&1 || die "openssl failed: $(tail -n 3 "$work/openssl.log")"

start() {  # name, server flags... ; sets url_<name>
  local name=$1 line="" port=""
  shift
  "$server" --port 0 --quiet "$@" >"$work/$name.out" 2>"$work/$name.err" </dev/null &
  pids+=($!)
  for _ in $(seq 1000); do
    line=$(head -n 1 "$work/$name.out" 2>/dev/null || true)
    if [[ "$line" =~ ^listening\ on\ (https?)://127\.0\.0\.1:([0-9]+)/$ ]]; then
      port=${BASH_REMATCH[2]}
      printf -v "url_$name" '%s://127.0.0.1:%s%s' "${BASH_REMATCH[1]}" "$port" "$path"
      return 0
    fi
    sleep 0.01
  done
  die "$name did not start: $(tail -n 3 "$work/$name.err")"
}
url_plain="" url_tls=""
start plain
start tls --tls-cert "$work/server.pem" --tls-key "$work/server.key"

printf '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><queryDID xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret><did>4352154006</did></queryDID></soap:Body></soap:Envelope>' >"$work/query.xml"
for u in "$url_plain" "$url_tls"; do
  curl -fsS --max-time 5 --cacert "$work/ca.pem" -H 'Content-Type: text/xml; charset=utf-8' \
    -H 'SOAPAction: "http://tempuri.org/queryDID"' --data-binary @"$work/query.xml" "$u" |
    grep -q '<responseCode>100</responseCode>' || die "queryDID at $u did not answer responseCode 100"
done

rps() {  # url -> requests per second of one wrk run
  local out
  out=$(timeout $(( ${duration%s} + 20 )) wrk -t"$threads" -c"$connections" -d"$duration" \
          -s "$root/ci/bench/soap.lua" "$1" -- queryDID "$work/query.xml" 2>&1) || die "wrk failed: $out"
  local line
  line=$(grep '^BENCH ' <<<"$out") || die "no summary from wrk: $out"
  [[ "$line" =~ requests=([0-9]+)\ duration_us=([0-9]+).*status=0\ connect=0\ read=0\ write=0\ timeout=0 ]] ||
    die "wrk saw errors: $line"
  echo $(( BASH_REMATCH[1] * 1000000 / BASH_REMATCH[2] ))
}

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : int((v[NR/2]+v[NR/2+1])/2)}'; }

echo "# vi-sandbox over HTTPS and plain HTTP, queryDID"
echo
echo "- wrk -t$threads -c$connections -d$duration, keep-alive, $rounds interleaved rounds; $(nproc) cores;" \
     "$(openssl version | cut -d' ' -f1-2); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
rps "$url_plain" >/dev/null  # warm-up, not counted
rps "$url_tls" >/dev/null
plain=() tls=()
for r in $(seq "$rounds"); do
  plain+=("$(rps "$url_plain")")
  tls+=("$(rps "$url_tls")")
  echo "- round $r: http ${plain[-1]} req/s, https ${tls[-1]} req/s"
done
mp=$(printf '%s\n' "${plain[@]}" | median)
mt=$(printf '%s\n' "${tls[@]}" | median)
echo "- median: http $mp req/s, https $mt req/s (https/http $(awk -v a="$mt" -v b="$mp" 'BEGIN {printf "%.2f", a / b}'))"
echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
