#!/usr/bin/env bash
# Enforces the architecture's dependency rules (README, "Guide to the code").
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
check() {  # check "description" grep-args...
  local what=$1; shift
  if out=$(grep -rnE "$@" 2>/dev/null); then
    echo "check-deps: $what:"; echo "$out"; fail=1
  fi
}
check "mock-server/core includes a transport, XML or JSON library" \
  '#include *[<"](httplib|pugixml|nlohmann|curl)' mock-server/core
check "mock-server/core reads the time outside clock.cc" \
  --exclude=clock.cc '(system_clock|steady_clock|high_resolution_clock)::now|time\(nullptr\)' mock-server/core
check "model/ or base/ depends on a library" '#include *[<"](httplib|pugixml|nlohmann|curl)' model base
check "wire/ knows about HTTP or server state" '#include *[<"](httplib|mock-server/)' wire
if [ -d client ]; then
  check "client/ includes the mock server" '#include *"mock-server/' client
fi
if [ "$fail" -ne 0 ]; then exit 1; fi
echo "check-deps: ok"
