#!/usr/bin/env bash
# The README's first command: installs what is needed (Debian packages),
# builds the emulator, and runs it with its embedded default data.
# Extra arguments go to vi-sandbox (try --help), e.g. ci/run-sandbox.sh --port 9000
#
# stdout belongs to the server alone (its first line is `listening on …`):
# the package check and the build report on stderr. The first run shows the
# build's progress; later runs build only when a source is newer than the
# binary, and only the vi-sandbox target. The script `exec`s the server, so
# its pid is the server's and a signal sent to it reaches the server.
# env: BUILD_DIR (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
bin=$build/mock-server/vi-sandbox

ci/install-deps.sh --runtime-only

# Everything vi-sandbox is built from. A source newer than the last build
# this script ran (an edit, a checkout, a pull) sends us to the build, which
# decides exactly what to redo. The stamp is taken before the build starts,
# so an edit made during a build is seen next time.
stamp=$build/.run-sandbox-built
up_to_date() {
  [[ -x $bin && -f $stamp ]] || return 1
  [[ -z $(find CMakeLists.txt cmake base model wire fixtures mock-server -newer "$stamp" -print -quit) ]]
}

if ! up_to_date; then
  {
    if [[ ! -f $build/CMakeCache.txt ]]; then
      echo "run-sandbox: configuring $build (first run; the build takes a minute or two)"
      launcher=()
      if command -v ccache >/dev/null 2>&1; then
        launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
      fi
      cmake -S . -B "$build" -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" -DVI_BUILD_TESTS=OFF "${launcher[@]}"
    fi
    echo "run-sandbox: building vi-sandbox in $build"
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD} CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
    touch "$stamp.new"
    cmake --build "$build" --target vi-sandbox -j "${JOBS:-$(nproc)}"
    mv "$stamp.new" "$stamp"
  } >&2
fi
exec "$bin" "$@"
