#!/usr/bin/env bash
# Installs every Debian 12 package the project needs to build, run and test.
# Idempotent: packages already present are left alone; apt-get update runs first.
# Messages go to stderr (stdout stays free for what a caller runs next).
# Usage: ci/install-deps.sh [--runtime-only] [--with PKG...]
#   --runtime-only  only what building and running the emulator needs
#   --with PKG...   these packages too (e.g. clang for ci/fuzz.sh, debootstrap
#                   for ci/deb-chroot.sh)
set -euo pipefail

build_pkgs=(
  build-essential cmake pkg-config ccache help2man
  libcpp-httplib-dev libpugixml-dev nlohmann-json3-dev libcurl4-openssl-dev libssl-dev
)
test_pkgs=(
  catch2 python3 python3-zeep libxml2-utils wrk curl clang-format php8.2-cli php8.2-soap openssl
  hyperfine dpkg-dev file
  chromium  # tests/soap/dashboard_test.cc: the dashboard in a headless browser
)

pkgs=("${build_pkgs[@]}")
with_tests=1
while (($# > 0)); do
  case "$1" in
    --runtime-only) with_tests=0; shift ;;
    --with) shift; pkgs+=("$@"); break ;;
    *) echo "install-deps: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
if ((with_tests)); then
  pkgs+=("${test_pkgs[@]}")
fi

# One dpkg-query for all of them (ci/run-sandbox.sh runs this on every start).
declare -A installed=()
while read -r name status; do
  [[ $status == "install ok installed" ]] && installed[$name]=1
done < <(dpkg-query -W -f='${Package} ${Status}\n' "${pkgs[@]}" 2>/dev/null || true)
missing=()
for p in "${pkgs[@]}"; do
  [[ -n ${installed[$p]+set} ]] || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#pkgs[@]} packages present" >&2
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}" >&2
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
