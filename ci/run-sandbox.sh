#!/usr/bin/env bash
# The README's first command: installs what is needed (Debian packages),
# builds, and runs the emulator with its embedded default data.
# Extra arguments go to vi-sandbox (try --help), e.g. ci/run-sandbox.sh --port 9000
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh --runtime-only
BUILD_DIR=${BUILD_DIR:-build} ci/build.sh -DVI_BUILD_TESTS=OFF >/dev/null
exec "${BUILD_DIR:-build}/mock-server/vi-sandbox" "$@"
