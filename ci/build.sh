#!/usr/bin/env bash
# Configures and builds the project into BUILD_DIR (default: build).
# Usage: ci/build.sh [extra cmake args...]   env: BUILD_DIR, BUILD_TYPE, JOBS
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo}
JOBS=${JOBS:-$(nproc)}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE="$BUILD_TYPE" "$@" >/dev/null
cmake --build "$BUILD_DIR" -j "$JOBS"
