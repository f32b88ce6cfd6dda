#!/usr/bin/env bash
# vi-sandbox's command-line conventions, on the built binary:
# --version (and the version in /_admin/health), --opt=value, VI_SANDBOX_*
# variables (a command-line option wins), exit status 2 for usage errors and
# 1 for runtime failures, a port in use named with errno's reason; a request
# log whose reader has gone does not stop the server (SIGPIPE ignored).
# Also vi-client's and vi-contracts' --version and their usage-error status
# (their variables are tested in tests/client/cli_test.cc and
# tests/contracts/contracts_test.cc).
# Usage: sandbox_cli_test.sh VI_SANDBOX_BINARY VERSION VI_CLIENT_BINARY VI_CONTRACTS_BINARY
set -uo pipefail
bin=$1 version=$2 client=$3 contracts=$4
scratch=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$scratch"
}
trap cleanup EXIT
failures=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
# start NAME COMMAND...: starts it, waits for the ready line, sets $port
start() {
  local name=$1; shift
  "$@" >"$scratch/$name.out" 2>"$scratch/$name.err" &
  pids+=($!)
  port=
  for _ in $(seq 1 100); do
    port=$(sed -n 's#^listening on http://[^:]*:\([0-9]*\)/$#\1#p' "$scratch/$name.out")
    [[ -n $port ]] && return 0
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.05
  done
  echo "$* did not start:"; cat "$scratch/$name.err"; return 1
}
status_of() { "$@" >"$scratch/last.out" 2>"$scratch/last.err"; echo $?; }

# --version
check "--version prints the project version" test "$("$bin" --version)" = "vi-sandbox $version"
check "--version exits 0" test "$(status_of "$bin" --version)" = 0
check "vi-client --version prints the project version" test "$("$client" --version)" = "vi-client $version"
check "vi-contracts --version prints the project version" test "$("$contracts" --version)" = "vi-contracts $version"
check "vi-contracts --version exits 0" test "$(status_of "$contracts" --version)" = 0
check "vi-client: unknown option: exit 2" test "$(status_of "$client" --bogus)" = 2
check "vi-contracts: unknown option: exit 2" test "$(status_of "$contracts" --bogus)" = 2
check "vi-contracts: a switch with a value: exit 2" test "$(status_of "$contracts" --version=1)" = 2
check "vi-contracts --help lists its variables" grep -q "VI_CONTRACTS_URL" <("$contracts" --help)
check "vi-client --help lists its variables" grep -q "VI_CLIENT_URL" <("$client" --help)
check "--help lists the environment rule" grep -q "VI_SANDBOX_PORT=9000 is --port 9000" <("$bin" --help)

# usage errors: 2, with the reason
check "unknown option: exit 2" test "$(status_of "$bin" --bogus)" = 2
check "unknown option: named" grep -q "unknown option '--bogus'" "$scratch/last.err"
check "bad value with --opt=value: exit 2" test "$(status_of "$bin" --port=99999)" = 2
check "bad value named" grep -q -- "--port expects a whole number" "$scratch/last.err"
check "bad switch variable: exit 2" test "$(VI_SANDBOX_NO_ADMIN=maybe status_of "$bin")" = 2
check "bad switch variable named" grep -q "VI_SANDBOX_NO_ADMIN" "$scratch/last.err"
check "bad value from a variable: exit 2" test "$(VI_SANDBOX_PROFILE=nope status_of "$bin")" = 2

# runtime failures: 1
check "missing data file: exit 1" test "$(status_of "$bin" --accounts "$scratch/none.json" --port 0)" = 1
check "missing data file named" grep -q "none.json" "$scratch/last.err"

# the environment and --opt=value
start env env VI_SANDBOX_PORT=0 VI_SANDBOX_QUIET=1 VI_SANDBOX_INVENTORY_SIZE=1234 VI_SANDBOX_PROFILE=production "$bin"
health=$(curl -fsS "http://127.0.0.1:$port/_admin/health")
check "variables apply (--profile, --inventory-size)" \
  grep -q '"profile":"production"' <<<"$health"
check "/_admin/health names the version" grep -q "\"version\":\"$version\"" <<<"$health"
check "VI_SANDBOX_QUIET=1 is --quiet (no request log)" test ! -s "$scratch/env.err"

start wins env VI_SANDBOX_PROFILE=production VI_SANDBOX_NO_ADMIN=0 "$bin" --profile=sandbox --port=0 --quiet --inventory-size 500
check "the command line wins over its variable; NO_ADMIN=0 leaves the admin API on" \
  grep -q '"profile":"sandbox"' <(curl -fsS "http://127.0.0.1:$port/_admin/health")
busy=$port

start noadmin env VI_SANDBOX_NO_ADMIN=1 "$bin" --port 0 --quiet --inventory-size 500
check "VI_SANDBOX_NO_ADMIN=1 is --no-admin" \
  test "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/_admin/health")" = 404

# a flag added to the usage gets its variable: --pinned-numbers none drops the recorded numbers
start nopin env VI_SANDBOX_PINNED_NUMBERS=none "$bin" --port 0 --quiet --inventory-size 500
check "VI_SANDBOX_PINNED_NUMBERS=none is --pinned-numbers none" \
  test "$(curl -fsS "http://127.0.0.1:$port/_admin/health" | sed 's/.*"inventory":\([0-9]*\).*/\1/')" = 500

# a port in use: 1, with errno's reason
check "port in use: exit 1" test "$(status_of "$bin" --port "$busy" --inventory-size 100)" = 1
check "port in use: errno's reason" grep -q "cannot bind 127.0.0.1:$busy: Address already in use" "$scratch/last.err"
check "port in use via VI_SANDBOX_PORT: exit 1" \
  test "$(VI_SANDBOX_PORT=$busy status_of "$bin" --inventory-size 100)" = 1

# A request log whose reader has gone (stderr a pipe closed at its far end)
# ends the log, never the server: SIGPIPE is ignored, writes fail with EPIPE.
"$bin" --port 0 --inventory-size 500 >"$scratch/epipe.out" 2> >(exec head -c 0) &
epipe=$!
pids+=($epipe)
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's#^listening on http://[^:]*:\([0-9]*\)/$#\1#p' "$scratch/epipe.out")
  [[ -n $port ]] && break
  sleep 0.05
done
if [[ -n $port ]]; then
  for _ in $(seq 1 20); do curl -s -o /dev/null "http://127.0.0.1:$port/VOIP/Services/APIService.asmx?wsdl"; done
  sleep 0.3  # past the log's 100 ms flush, so its writes have met the closed pipe
fi
check "a closed request-log pipe: the server starts" test -n "$port"
check "a closed request-log pipe: the server is still alive and serving" \
  sh -c "kill -0 $epipe && curl -fsS -o /dev/null http://127.0.0.1:$port/_admin/health"

if ((failures > 0)); then echo "$failures check(s) failed"; exit 1; fi
echo "all checks passed"
