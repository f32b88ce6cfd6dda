#!/usr/bin/env bash
# Proves ci/check-deps.sh can fail: on a scratch copy of the sources it must
# pass, then fail on each injected violation, naming it.
# Usage: check_deps_test.sh SOURCE_DIR
set -euo pipefail
src=$1
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

fresh() {  # a clean copy of the C++ folders and the script
  rm -rf "$scratch/tree"; mkdir -p "$scratch/tree/ci"
  cp "$src/ci/check-deps.sh" "$scratch/tree/ci/"
  for d in base model wire fixtures mock-server client contracts tests; do cp -r "$src/$d" "$scratch/tree/$d"; done
}
expect() {  # expect pass|fail "what" [pattern]
  local want=$1 what=$2 pattern=${3:-} out rc=0
  out=$("$scratch/tree/ci/check-deps.sh" "$scratch/tree" 2>&1) || rc=$?
  if [[ $want == pass && $rc -ne 0 ]]; then echo "FAIL: $what: check-deps failed:"; echo "$out"; exit 1; fi
  if [[ $want == fail && $rc -eq 0 ]]; then echo "FAIL: $what: check-deps passed"; exit 1; fi
  if [[ -n $pattern && $out != *"$pattern"* ]]; then
    echo "FAIL: $what: output lacks '$pattern':"; echo "$out"; exit 1
  fi
  echo "ok: $what"
}

fresh; expect pass "the tree as it is"
fresh; echo '#include "mock-server/soap/soap_service.h"' >> "$scratch/tree/mock-server/core/tn.h"
expect fail "core includes a SOAP header" 'mock-server/core/tn.h'
fresh; echo '#include "mock-server/http/request_head.h"' >> "$scratch/tree/mock-server/core/tn.cc"
expect fail "core includes a transport header" 'mock-server/core/tn.cc'
fresh; echo '#include <httplib.h>' >> "$scratch/tree/wire/xml_text.cc"
expect fail "wire includes httplib" 'httplib is not allowed'
fresh; echo '#include "mock-server/soap/soap_service.h"' >> "$scratch/tree/client/client.cc"
expect fail "the client includes the emulator" 'client/client.cc'
fresh; echo '#include "mock-server/core/sandbox.h"' >> "$scratch/tree/contracts/runner/shape.cc"
expect fail "the contract runner includes the emulator" 'contracts/runner/shape.cc'
fresh; echo '#include <httplib.h>' >> "$scratch/tree/contracts/runner/check.cc"
expect fail "the contract runner includes httplib" 'httplib is not allowed'
fresh; echo '#include "../soap/soap_service.h"' >> "$scratch/tree/mock-server/core/tn.cc"
expect fail "a relative include" 'relative include'
fresh; mkdir "$scratch/tree/mock-server/extra"; echo 'int x;' > "$scratch/tree/mock-server/extra/x.cc"
expect fail "a folder without a rule" "folder 'mock-server/extra' has no rule"
fresh; rm -r "$scratch/tree/mock-server/admin"
expect fail "a rule for a missing folder" "rule for 'mock-server/admin'"
fresh; echo 'auto t = std::chrono::system_clock::now();' >> "$scratch/tree/mock-server/core/tn.cc"
expect fail "core reads the wall clock" 'reads the time outside clock.cc'
