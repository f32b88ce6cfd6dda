#!/usr/bin/env bash
# How close vi-sandbox comes to the ceiling of its HTTP stack (issue 12), in
# one interleaved run: vi-sandbox, a canned cpp-httplib 0.11.4 handler
# answering the same bytes (tests/bench/canned_server.cc, vi-canned-bench)
# and nginx serving the same bytes as static files, each driven by wrk with
# keep-alive connections; medians and the ratios vi/canned and vi/nginx are
# printed as Markdown. Measures only; nothing passes or fails on speed.
# nginx's static module answers GET only, so it is driven with GET; the
# others get the SOAP POST. Traffic goes to 127.0.0.1 only; every server is
# stopped on exit.
# A vi-sandbox --no-admin (no journal, metrics, fault rules) runs in the same
# rounds, to show the control plane's cost.
# The run also drives two more vi-sandbox processes with the request log on
# (text format, the default), one logging to a file and one to /dev/null, and
# prints a second table: requests/s and p99 with the log on against --quiet.
# With BASELINE=OTHER_BUILD_DIR (an older build, e.g. of main) its vi-sandbox
# is driven in the same rounds, quiet and logging to a file, and a third
# table compares the two builds.
#
# Last, syscalls per request: each server (vi-sandbox --quiet and the canned
# handler) is traced with `strace -c` on all its threads while one keep-alive
# connection sends queryDID for STRACE_DURATION, and the calls are divided by
# the requests wrk counted (STRACE_DURATION=0 skips it).
#
# Usage: ci/bench-http.sh [BUILD_DIR]
# Env:   ROUNDS (default 3), DURATION (default 5s), CONNECTIONS (default 32),
#        THREADS (default 2), BASELINE (a build directory to compare with),
#        STRACE_DURATION (default 2s)
# Installs what it needs (wrk, curl, bc, python3, strace, and nginx-light
# unless an nginx is there) with ci/install-deps.sh, and builds vi-sandbox and
# vi-canned-bench in BUILD_DIR when they are missing.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${1:-${BUILD_DIR:-build}}
[[ "$build_dir" = /* ]] || build_dir="$root/$build_dir"
vi=$build_dir/mock-server/vi-sandbox
canned=$build_dir/tests/bench/vi-canned-bench
rounds=${ROUNDS:-3}
duration=${DURATION:-5s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
nginx=$(command -v nginx || echo /usr/sbin/nginx)

strace_duration=${STRACE_DURATION:-2s}

die() { echo "bench-http: $*" >&2; exit 1; }
need=()
for tool in wrk curl bc python3 strace; do command -v "$tool" >/dev/null || need+=("$tool"); done
[[ -x $nginx ]] || need+=(nginx-light)
if ((${#need[@]} > 0)); then "$root/ci/install-deps.sh" --runtime-only --with "${need[@]}"; fi
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x $nginx ]] || die "nginx not found after installing nginx-light"
if [[ ! -x $vi || ! -x $canned ]]; then
  [[ -f $build_dir/CMakeCache.txt ]] || BUILD_DIR=$build_dir "$root/ci/build.sh" >&2
  cmake --build "$build_dir" -j "$(nproc)" --target vi-sandbox vi-canned-bench >&2
fi
[[ -x $vi && -x $canned ]] || die "no vi-sandbox or vi-canned-bench in $build_dir"
baseline=${BASELINE:-}
if [[ -n $baseline ]]; then
  [[ "$baseline" = /* ]] || baseline="$root/$baseline"
  base_vi=$baseline/mock-server/vi-sandbox
  [[ -x $base_vi ]] || die "no vi-sandbox in BASELINE=$baseline"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vi-ceiling.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_up() { for _ in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done; die "port $1 did not open"; }

path=/VOIP/Services/APIService.asmx
envelope() {
  printf '<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>%s</soap:Body></soap:Envelope>' "$1"
}
envelope '<queryDID xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret><did>4352154006</did></queryDID>' >"$work/query.req"
envelope '<getDIDs xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret><state>UT</state></getDIDs>' >"$work/ut.req"

declare -A pid_of  # target -> server pid, for its CPU time
vi_port=$(free_port)
"$vi" --port "$vi_port" --quiet >/dev/null 2>&1 &
pids+=($!) pid_of[vi]=$!
wait_up "$vi_port"
# The same without the control plane (--no-admin: no journal, metrics or
# fault rules), to show what that costs.
vi_bare_port=$(free_port)
"$vi" --port "$vi_bare_port" --quiet --no-admin >/dev/null 2>&1 &
pids+=($!) pid_of[vi_bare]=$!
wait_up "$vi_bare_port"
vi_file_port=$(free_port)
"$vi" --port "$vi_file_port" >/dev/null 2>"$work/requests.log" &
pids+=($!) pid_of[vi_file]=$!
wait_up "$vi_file_port"
vi_null_port=$(free_port)
"$vi" --port "$vi_null_port" >/dev/null 2>/dev/null &
pids+=($!) pid_of[vi_null]=$!
wait_up "$vi_null_port"
targets=(vi vi_bare vi_file vi_null canned nginx)
if [[ -n $baseline ]]; then
  base_port=$(free_port)
  "$base_vi" --port "$base_port" --quiet >/dev/null 2>&1 &
  pids+=($!) pid_of[base]=$!
  base_file_port=$(free_port)
  "$base_vi" --port "$base_file_port" >/dev/null 2>"$work/baseline-requests.log" &
  pids+=($!) pid_of[base_file]=$!
  wait_up "$base_port"
  wait_up "$base_file_port"
  targets+=(base base_file)
fi
for op in query:queryDID ut:getDIDs; do
  name=${op%%:*} action=${op#*:}
  curl -s -o "$work/$name.xml" -H 'Content-Type: text/xml; charset=utf-8' \
    -H "SOAPAction: \"http://tempuri.org/$action\"" --data-binary "@$work/$name.req" "http://127.0.0.1:$vi_port$path"
done
[[ -s $work/query.xml && -s $work/ut.xml ]] || die "vi-sandbox gave no answer to copy"

canned_port=$(free_port)
"$canned" "$canned_port" "$work/query.xml" "$work/ut.xml" &
pids+=($!) canned_pid=$!
wait_up "$canned_port"

nginx_port=$(free_port)
mkdir -p "$work/www" "$work/nginx"
cp "$work/query.xml" "$work/ut.xml" "$work/www/"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$nginx_port; root $work/www; default_type "text/xml; charset=utf-8"; }
}
CONF
"$nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' 2>/dev/null &
pids+=($!)
wait_up "$nginx_port"

cat >"$work/post.lua" <<'LUA'
local f = assert(io.open(os.getenv("VI_BODY"), "rb")); wrk.body = f:read("*a"); f:close()
wrk.method = "POST"
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
wrk.headers["SOAPAction"] = '"http://tempuri.org/' .. os.getenv("VI_ACTION") .. '"'
LUA

# The user+system CPU ticks process $1 has used (all its threads).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
tick=$(getconf CLK_TCK)

# run TARGET SCENARIO -> "requests/s p99-in-ms server-CPU-µs-per-request"
# (the last is 0 for the servers not started here as vi-sandbox)
run() {
  local target=$1 scenario=$2 body action file port= pid=${pid_of[$1]:-} c0=0 c1=0 out
  if [[ $scenario == query ]]; then body=$work/query.req action=queryDID file=query.xml; else body=$work/ut.req action=getDIDs file=ut.xml; fi
  case $target in
    vi) port=$vi_port ;;
    vi_bare) port=$vi_bare_port ;;
    vi_file) port=$vi_file_port ;;
    vi_null) port=$vi_null_port ;;
    base) port=$base_port ;;
    base_file) port=$base_file_port ;;
    canned) port=$canned_port ;;
  esac
  [[ -n $pid ]] && c0=$(cpu_ticks "$pid")
  out=$(if [[ -n $port ]]; then
    VI_BODY=$body VI_ACTION=$action wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$work/post.lua" "http://127.0.0.1:$port$path"
  else
    wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$nginx_port/$file"
  fi | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +99%/ { p99 = ms($2) }
    /requests in/ { n = $1 }
    /^Requests\/sec/ { rps = $2 }
    END { print rps, p99, n }')
  [[ -n $pid ]] && c1=$(cpu_ticks "$pid")
  read -r r p n <<<"$out"
  echo "$r $p $(echo "($c1 - $c0) * 1000000 / $tick / $n" | bc -l)"
}

declare -A samples latencies cpus
for round in $(seq 1 "$rounds"); do
  for scenario in query ut; do
    for target in "${targets[@]}"; do
      read -r r p c < <(run "$target" "$scenario")
      samples[$target.$scenario]+="$r "
      latencies[$target.$scenario]+="$p "
      cpus[$target.$scenario]+="$c "
    done
  done
  echo "round $round done" >&2
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "# vi-sandbox against its HTTP ceiling"
echo
echo "- $rounds interleaved rounds, wrk -t$threads -c$connections -d$duration, keep-alive; $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "| answer | vi-sandbox req/s | canned httplib req/s | nginx (static, GET) req/s | vi / canned | vi / nginx | vi --no-admin req/s | --no-admin / canned |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
for scenario in query ut; do
  v=$(echo "${samples[vi.$scenario]}" | median)
  b=$(echo "${samples[vi_bare.$scenario]}" | median)
  c=$(echo "${samples[canned.$scenario]}" | median)
  n=$(echo "${samples[nginx.$scenario]}" | median)
  label=$([[ $scenario == query ]] && echo "queryDID ($(wc -c <"$work/query.xml") B)" || echo "getDIDs state=UT ($(wc -c <"$work/ut.xml") B)")
  printf '| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %.0f | %.2f |\n' "$label" "$v" "$c" "$n" "$(echo "$v / $c" | bc -l)" \
    "$(echo "$v / $n" | bc -l)" "$b" "$(echo "$b / $c" | bc -l)"
done
echo
echo "## The request log's cost (text format; medians; p99 in ms; server CPU per request in µs, all its threads, from /proc/PID/stat)"
echo
echo "| answer | --quiet req/s | log to a file req/s | log to /dev/null req/s | --quiet p99 | file p99 | /dev/null p99 | file / quiet | --quiet CPU µs | file CPU µs | /dev/null CPU µs |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for scenario in query ut; do
  q=$(echo "${samples[vi.$scenario]}" | median)
  f=$(echo "${samples[vi_file.$scenario]}" | median)
  d=$(echo "${samples[vi_null.$scenario]}" | median)
  qp=$(echo "${latencies[vi.$scenario]}" | median)
  fp=$(echo "${latencies[vi_file.$scenario]}" | median)
  dp=$(echo "${latencies[vi_null.$scenario]}" | median)
  label=$([[ $scenario == query ]] && echo queryDID || echo "getDIDs state=UT")
  qc=$(echo "${cpus[vi.$scenario]}" | median)
  fc=$(echo "${cpus[vi_file.$scenario]}" | median)
  dc=$(echo "${cpus[vi_null.$scenario]}" | median)
  printf '| %s | %.0f | %.0f | %.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %.1f | %.1f |\n' "$label" "$q" "$f" "$d" "$qp" "$fp" "$dp" "$(echo "$f / $q" | bc -l)" "$qc" "$fc" "$dc"
done
echo
echo "Log lines written to the file: $(wc -l <"$work/requests.log")"
if [[ -n $baseline ]]; then
  echo
  echo "## This build against BASELINE ($baseline), same rounds"
  echo
  echo "| answer | baseline --quiet req/s | this --quiet req/s | ratio | baseline log-to-file req/s | this log-to-file req/s | ratio | baseline file p99 | this file p99 | baseline quiet / file CPU µs | this quiet / file CPU µs |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"
  for scenario in query ut; do
    bq=$(echo "${samples[base.$scenario]}" | median)
    q=$(echo "${samples[vi.$scenario]}" | median)
    bf=$(echo "${samples[base_file.$scenario]}" | median)
    f=$(echo "${samples[vi_file.$scenario]}" | median)
    bfp=$(echo "${latencies[base_file.$scenario]}" | median)
    fp=$(echo "${latencies[vi_file.$scenario]}" | median)
    label=$([[ $scenario == query ]] && echo queryDID || echo "getDIDs state=UT")
    bqc=$(echo "${cpus[base.$scenario]}" | median)
    bfc=$(echo "${cpus[base_file.$scenario]}" | median)
    qc=$(echo "${cpus[vi.$scenario]}" | median)
    fc=$(echo "${cpus[vi_file.$scenario]}" | median)
    printf '| %s | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f | %.2f | %.2f | %.1f / %.1f | %.1f / %.1f |\n' "$label" "$bq" "$q" "$(echo "$q / $bq" | bc -l)" "$bf" "$f" "$(echo "$f / $bf" | bc -l)" "$bfp" "$fp" "$bqc" "$bfc" "$qc" "$fc"
  done
fi

# Syscalls per request, one keep-alive connection, queryDID.
trace() {  # trace PID PORT -> "requests name=calls/request ..."
  local pid=$1 port=$2 tids=() t n tracer
  for t in /proc/"$pid"/task/*; do tids+=(-p "${t##*/}"); done
  strace -f -c -o "$work/strace.$pid" "${tids[@]}" 2>/dev/null &
  tracer=$!
  sleep 1  # attached to every thread before the first request
  n=$(VI_BODY=$work/query.req VI_ACTION=queryDID wrk -t1 -c1 -d"$strace_duration" -s "$work/post.lua" \
    "http://127.0.0.1:$port$path" | awk '/requests in/ { print $1 }')
  kill -INT "$tracer" 2>/dev/null
  wait "$tracer" 2>/dev/null || true
  awk -v n="$n" 'BEGIN { printf "%d", n }
    $NF ~ /^[a-z_0-9]+$/ && $4 ~ /^[0-9]+$/ && $NF != "total" { c[$NF] = $4 }
    END { for (k in c) if (c[k] / n >= 0.05) printf " %s=%.2f", k, c[k] / n; print "" }' "$work/strace.$pid"
}
if [[ $strace_duration != 0 ]]; then
  echo
  echo "## Syscalls per request (strace -c on all threads, wrk -t1 -c1 -d$strace_duration, queryDID; calls made at least once per 20 requests)"
  echo
  echo "| server | requests | calls per request |"
  echo "|---|---:|---|"
  for t in "vi-sandbox --quiet:${pid_of[vi]}:$vi_port" "canned httplib:$canned_pid:$canned_port"; do
    IFS=: read -r label pid port <<<"$t"
    read -r n calls < <(trace "$pid" "$port")
    echo "| $label | $n | $(tr ' ' '\n' <<<"$calls" | sort | tr '\n' ' ' | sed 's/^ *//; s/ *$//') |"
  done
fi
