#!/usr/bin/env bash
# The README's second command: installs what is needed (Debian packages),
# builds with warnings as errors, checks the dependency rules and the format,
# and runs every test through CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
ci/install-deps.sh
BUILD_DIR=${BUILD_DIR:-build} ci/build.sh -DVI_BUILD_TESTS=ON -DVI_WARNINGS_AS_ERRORS=ON
ci/check-deps.sh
ci/check-format.sh
cd "${BUILD_DIR:-build}"
ctest --output-on-failure -j "$(nproc)" --timeout 300
