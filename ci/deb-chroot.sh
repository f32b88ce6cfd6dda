#!/usr/bin/env bash
# The .deb on a fresh Debian 12 root: what `apt-get install ./vi-sandbox_*.deb`
# does for a user whose machine has nothing else. Needs root (it re-runs
# itself under sudo), debootstrap (it runs ci/install-deps.sh --with it) and
# the network (a Debian mirror).
#   1. the package: cpack in BUILD_DIR (configured and built first if it is
#      not a build tree), or the .deb given;
#   2. a minimal bookworm root (debootstrap --variant=minbase) from the
#      mirror the host's apt uses (else http://deb.debian.org/debian); the
#      finished root is cached as a tarball per day and mirror under
#      ${XDG_CACHE_HOME:-~/.cache}/vi-sandbox/deb-chroot/ (older days' are
#      deleted), beside the .debs apt downloads in the root (apt-archives/,
#      bind-mounted: only downloads are saved, nothing is preinstalled), and
#      made from nothing when there is none;
#   3. inside the root (a tmpfs; chroot, /proc mounted): apt-get install of the .deb
#      without its Recommends (its Depends must be enough), `vi-sandbox
#      --version`, `vi-sandbox --port 0` serving the WSDL to the root's own
#      curl, stopped by SIGTERM (exit 0, no process left in the root);
#   4. the package's Recommends plus a compiler (g++ make), then
#      client/examples built through find_package(vi_client) with no prefix
#      given (the config must be found in /usr), run against a vi-sandbox
#      started again.
# Every phase prints its duration. Any failure exits 1 with "FAIL:"; a
# machine without mount/chroot privilege exits 77 with "SKIPPED:";
# the root is unmounted and removed on every exit path (a root still holding
# a mount is never deleted: the script says so and fails).
# Usage: ci/deb-chroot.sh [BUILD_DIR | PATH.deb]   (default BUILD_DIR: build)
#   env: VI_DEB_CHROOT_MIRROR (overrides the mirror), XDG_CACHE_HOME
set -euo pipefail
given=${1:+$(realpath -m "$1")}  # relative to where it was run, before the cd
cd "$(dirname "$0")/.."
src=$PWD
ci/install-deps.sh --runtime-only --with debootstrap dpkg-dev  # dpkg-dev: cpack runs dpkg-shlibdeps

if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "deb-chroot: FAIL: needs root (or sudo)" >&2; exit 1; }
  exec sudo --preserve-env=XDG_CACHE_HOME,VI_DEB_CHROOT_MIRROR,BUILD_DIR "$src/ci/deb-chroot.sh" ${given:+"$given"}
fi

fail() {
  echo "deb-chroot: FAIL: $*" >&2
  exit 1
}
command -v debootstrap >/dev/null 2>&1 || fail "debootstrap is not installed (ci/install-deps.sh --with debootstrap)"
# A machine that cannot mount or chroot at all (a container without
# CAP_SYS_ADMIN / CAP_SYS_CHROOT) cannot run this check: it says SKIPPED and
# exits 77, never that it passed. .ci/run reports the skip. Anything that
# goes wrong after this probe is a failure.
probe=$(mktemp -d "${TMPDIR:-/tmp}/vi-deb-probe.XXXXXX")
if ! mount -t tmpfs -o size=1m vi-deb-probe "$probe" 2>/dev/null; then
  rmdir "$probe"
  echo "deb-chroot: SKIPPED: this machine cannot mount a tmpfs (no mount privilege); the .deb was not checked on a fresh root" >&2
  exit 77
fi
umount "$probe" && rmdir "$probe"
if ! chroot / /bin/true 2>/dev/null; then
  echo "deb-chroot: SKIPPED: this machine cannot chroot (no CAP_SYS_CHROOT); the .deb was not checked on a fresh root" >&2
  exit 77
fi

total_start=$(date +%s.%N)
phase_start=$total_start
phase_name=
phase() {  # phase NAME: ends the previous phase (printing its time), starts NAME
  local now
  now=$(date +%s.%N)
  if [[ -n $phase_name ]]; then
    printf 'deb-chroot: %-26s %6.1f s\n' "$phase_name" "$(awk -v a="$phase_start" -v b="$now" 'BEGIN { print b - a }')"
  fi
  phase_name=$1 phase_start=$now
}

# The mirror: the first URI the host's apt uses for the bookworm suite.
host_mirror() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f $f ]] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
         {
           uri = ""; ok = 0
           for (i = 1; i <= NF; i++) {
             if ($i ~ /^URIs:/) { split($i, a, /[ \t]+/); uri = a[2] }
             if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) ok = 1
             if ($i ~ /^Enabled:[ \t]*no/) ok = 0
           }
           if (ok && uri ~ /^https?:\/\//) { print uri; exit }
         }' "$f"
  done
  { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null || true; } |
    awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { if ($(i + 1) == "bookworm") print $i; break } }'
  return 0
}
mirror=${VI_DEB_CHROOT_MIRROR:-$(host_mirror | head -n 1)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}

cache=${XDG_CACHE_HOME:-$HOME/.cache}/vi-sandbox/deb-chroot
mkdir -p "$cache/apt-archives"
scratch=$(mktemp -d /var/tmp/vi-deb-chroot.XXXXXX)
root=$scratch/root
server_pid=

# Processes whose root directory is the chroot (ours: nothing else runs there).
procs_in_root() {
  local p r
  for p in /proc/[0-9]*; do
    r=$(readlink "$p/root" 2>/dev/null) || continue
    [[ $r == "$root" ]] && echo "${p#/proc/}"
  done
  return 0
}
mounts_in_root() { awk -v r="$root" '$2 == r || index($2, r "/") == 1 { print $2 }' /proc/self/mounts | sort -r; }

cleanup() {
  local rc=$? p m
  set +e
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null; wait "$server_pid" 2>/dev/null; fi
  for p in $(procs_in_root); do kill -KILL "$p" 2>/dev/null; done
  for m in $(mounts_in_root); do umount "$m" 2>/dev/null || umount -l "$m"; done
  if [[ -n $(mounts_in_root) ]]; then
    echo "deb-chroot: FAIL: still mounted under $root, not removed: $(mounts_in_root | tr '\n' ' ')" >&2
    exit 1
  fi
  rm -rf --one-file-system "$scratch"
  [[ -z $phase_name ]] || phase "(cleaned up)"
  exit "$rc"
}
trap cleanup EXIT
trap "exit 1" INT TERM PIPE HUP

in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
  DEBIAN_FRONTEND=noninteractive "$@"; }

# 1. The package.
phase "package"
arg=${given:-${BUILD_DIR:-build}}
if [[ $arg == *.deb ]]; then
  [[ -f $arg ]] || fail "$arg: no such file"
  deb=$(realpath "$arg")
else
  if [[ ! -f $arg/CMakeCache.txt ]]; then
    echo "deb-chroot: $arg is not a build tree; building it" >&2
    BUILD_DIR=$arg ci/build.sh >&2
  else
    cmake --build "$arg" -j "$(nproc)" >&2  # what cpack packages must be built
  fi
  (cd "$arg" && cpack -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1) || { cat "$scratch/cpack.log"; fail "cpack"; }
  debs=("$scratch"/out/vi-sandbox_*.deb)
  [[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { ls -l "$scratch/out"; fail "cpack made no single vi-sandbox_*.deb"; }
  deb=${debs[0]}
fi
version=$(dpkg-deb -f "$deb" Version)
recommends=$(dpkg-deb -f "$deb" Recommends | tr -d ' ' | tr ',' ' ')
echo "deb-chroot: $(basename "$deb") ($(stat -c %s "$deb") bytes), mirror $mirror"

# 2. The root: today's cached one, else debootstrap.
phase "root (debootstrap/cache)"
tarball=$cache/bookworm-minbase-$(date -u +%Y%m%d)-$(echo "$mirror" | md5sum | cut -c1-8).tar
mkdir "$root"
# The root lives in memory (about 0.7 GB once g++ is in): unpacking,
# dpkg and removing it are quick even on a busy disk.
mount -t tmpfs -o size=3g,mode=0755 vi-deb-chroot "$root"
if [[ -s $tarball ]]; then
  echo "deb-chroot: root from the cache $tarball"
  tar -C "$root" -xpf "$tarball" || fail "cannot unpack $tarball"
else
  echo "deb-chroot: debootstrap bookworm minbase from $mirror (no cached root for today)"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$scratch/debootstrap.log" 2>&1 ||
    { tail -n 30 "$scratch/debootstrap.log"; tail -n 30 "$root/debootstrap/debootstrap.log" 2>/dev/null; fail "debootstrap"; }
  rm -f "$root"/var/cache/apt/archives/*.deb
  find "$cache" -maxdepth 1 -name 'bookworm-minbase-*.tar' -delete
  tar -C "$root" -cpf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball" || { rm -f "$tarball.tmp"; fail "cannot write $tarball"; }
fi
[[ -x $root/usr/bin/apt-get && ! -e $root/usr/bin/vi-sandbox ]] || fail "the root is not a fresh Debian"
grep -q '^VERSION_CODENAME=bookworm' "$root/etc/os-release" || fail "the root is not bookworm"
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
echo "deb $mirror bookworm main" >"$root/etc/apt/sources.list"
mount -t proc proc "$root/proc"
mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
mkdir -p "$root/var/cache/apt/archives/partial"

# 3. Install with Depends only; serve the WSDL.
phase "install .deb (Depends)"
cp "$deb" "$root/tmp/"
in_root apt-get update -qq >"$scratch/apt.log" 2>&1 || { cat "$scratch/apt.log"; fail "apt-get update in the root"; }
in_root apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >>"$scratch/apt.log" 2>&1 ||
  { tail -n 40 "$scratch/apt.log"; fail "apt-get install of the .deb (its Depends) in the root"; }
in_root dpkg-query -W -f='${Status}\n' vi-sandbox | grep -qx 'install ok installed' || fail "vi-sandbox not installed"
got=$(in_root vi-sandbox --version) || fail "vi-sandbox --version exited $?"
[[ $got == "vi-sandbox $version" ]] || fail "vi-sandbox --version said '$got', not 'vi-sandbox $version'"
echo "deb-chroot: $got installed with its Depends only"

phase "serve the WSDL"
in_root apt-get install -y -qq --no-install-recommends curl ca-certificates >>"$scratch/apt.log" 2>&1 ||
  { tail -n 40 "$scratch/apt.log"; fail "apt-get install curl in the root"; }
start_server() {
  : >"$root/tmp/server.out"
  # chroot itself (not a shell function, which would run in a subshell) so
  # that $! is vi-sandbox: chroot and env exec it.
  chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin /usr/bin/vi-sandbox --port 0 --quiet --inventory-size 2000 \
    >"$root/tmp/server.out" 2>"$root/tmp/server.err" &
  server_pid=$!
  port=
  for _ in $(seq 1 200); do
    port=$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9]*\)/$#\1#p' "$root/tmp/server.out")
    [[ -n $port ]] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  [[ -n $port ]] || { cat "$root/tmp/server.err"; fail "vi-sandbox in the root did not print its listening line"; }
}
stop_server() {
  kill -TERM "$server_pid"
  local rc=0
  wait "$server_pid" || rc=$?
  server_pid=
  [[ $rc -eq 0 ]] || { cat "$root/tmp/server.err"; fail "vi-sandbox exited $rc on SIGTERM"; }
  local left
  left=$(procs_in_root)
  [[ -z $left ]] || fail "processes left in the root after vi-sandbox stopped: $left"
}
start_server
wsdl=$(in_root curl -fsS "http://127.0.0.1:$port/VOIP/Services/APIService.asmx?wsdl") || fail "curl in the root: no WSDL"
[[ $wsdl == *"<wsdl:definitions"* && $wsdl == *"reserveDID"* ]] || fail "the answer to ?wsdl is not the WSDL"
stop_server
echo "deb-chroot: vi-sandbox served the WSDL on port $port ($(echo -n "$wsdl" | wc -c) bytes) and stopped cleanly"

# 4. Recommends and a compiler; the example through find_package.
phase "install Recommends + g++"
# shellcheck disable=SC2086  # one package per word
in_root apt-get install -y -qq --no-install-recommends $recommends g++ make >>"$scratch/apt.log" 2>&1 ||
  { tail -n 40 "$scratch/apt.log"; fail "apt-get install of the Recommends ($recommends) and g++ make"; }

phase "build the example"
cp -r "$src/client/examples" "$root/tmp/example"
in_root cmake -S /tmp/example -B /tmp/example/build -DCMAKE_BUILD_TYPE=Release >"$scratch/example.log" 2>&1 ||
  { cat "$scratch/example.log"; fail "the example does not configure in the root (find_package(vi_client))"; }
grep -qx 'vi_client_DIR:PATH=/usr/lib/cmake/vi_client' "$root/tmp/example/build/CMakeCache.txt" ||
  { grep vi_client_DIR "$root/tmp/example/build/CMakeCache.txt"; fail "vi_client not found in /usr/lib/cmake"; }
in_root cmake --build /tmp/example/build -j "$(nproc)" >>"$scratch/example.log" 2>&1 ||
  { cat "$scratch/example.log"; fail "the example does not build in the root"; }

phase "run the example"
start_server
out=$(in_root /usr/bin/env VI_URL="http://127.0.0.1:$port/VOIP/Services/APIService.asmx" VI_LOGIN=sandbox \
  VI_SECRET=sandbox /tmp/example/build/vi-client-example) || { echo "$out"; fail "the example exited non-zero"; }
echo "$out"
[[ $out == *"reserved "* && $out == *"released "* ]] || fail "unexpected example output"
stop_server

phase "clean up"
# Keep the download cache to what the mirror still serves.
in_root apt-get autoclean -qq >>"$scratch/apt.log" 2>&1 || true
printf 'deb-chroot: ok: %s on a fresh bookworm root: installs with its Depends, serves, builds a find_package consumer (%.0f s in all)\n' \
  "$(basename "$deb")" "$(awk -v a="$total_start" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')"
