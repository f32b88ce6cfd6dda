#!/usr/bin/env bash
# The installed package as a user's project sees it: installs the build tree
# into a scratch prefix, configures and builds client/examples through
# find_package(vi_client) against that prefix only, starts the installed
# vi-sandbox on a free port and runs the example against it.
# Usage: install_consumer.sh BUILD_DIR SOURCE_DIR [CMAKE_ARG...]
#   CMAKE_ARGs go to the consumer's configure (the compiler, and the
#   sanitizer flags of a sanitizer build, whose static libraries need them).
set -euo pipefail
build=$1 src=$2
shift 2
scratch=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
prefix=$scratch/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/vi-client bin/vi-sandbox include/client/client.h include/wire/response_reader.h \
         include/model/did_response.h include/base/result.h lib/cmake/vi_client/vi_clientConfig.cmake; do
  [[ -e $prefix/$f ]] || { echo "FAIL: $f not installed"; exit 1; }
done

cmake -S "$src/client/examples" -B "$scratch/example" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build "$scratch/example" -j 2 >/dev/null

"$prefix/bin/vi-sandbox" --port 0 --quiet --inventory-size 2000 >"$scratch/server.out" 2>"$scratch/server.err" &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9]*\)/.*#\1#p' "$scratch/server.out")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { echo "FAIL: vi-sandbox did not start"; cat "$scratch/server.err"; exit 1; }

out=$(VI_URL="http://127.0.0.1:$port/VOIP/Services/APIService.asmx" VI_LOGIN=sandbox VI_SECRET=sandbox \
      "$scratch/example/vi-client-example")
echo "$out"
[[ $out == *"reserved "* && $out == *"released "* ]] || { echo "FAIL: unexpected example output"; exit 1; }

# The installed CLI, too.
VI_URL="http://127.0.0.1:$port/VOIP/Services/APIService.asmx" VI_LOGIN=sandbox VI_SECRET=sandbox \
  "$prefix/bin/vi-client" --json isPortable --tn 4352010000 | grep -q '"IsPortable": true'
echo "ok: installed package builds, links and runs"
