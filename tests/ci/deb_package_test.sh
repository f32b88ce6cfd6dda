#!/usr/bin/env bash
# The Debian package as a user gets it: builds vi-sandbox_<version>_amd64.deb
# with cpack from this build tree, checks its control fields and contents,
# unpacks it into a scratch root with `dpkg-deb -x`, runs the unpacked
# vi-sandbox (it must serve the WSDL), and builds client/examples through
# find_package(vi_client) against the unpacked /usr only, then runs it.
# Usage: deb_package_test.sh BUILD_DIR SOURCE_DIR VERSION [CMAKE_ARG...]
set -euo pipefail
build=$1 src=$2 version=$3
shift 3
scratch=$(mktemp -d)
server_pid=
cleanup() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$scratch"
}
trap cleanup EXIT
trap "exit 1" INT TERM PIPE
fail() { echo "FAIL: $*"; exit 1; }

(cd "$build" && cpack -G DEB -B "$scratch/out" >"$scratch/cpack.log" 2>&1) || { cat "$scratch/cpack.log"; fail "cpack"; }
deb=$scratch/out/vi-sandbox_${version}_amd64.deb
[[ -f $deb ]] || { ls "$scratch/out"; fail "no vi-sandbox_${version}_amd64.deb"; }
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for p in libc6 libstdc++6 libpugixml1v5 libcurl4 libcpp-httplib0.11; do
  [[ ", $depends," == *", $p "* ]] || fail "Depends lacks $p"
done
[[ $(dpkg-deb -f "$deb" Package) == vi-sandbox && $(dpkg-deb -f "$deb" Version) == "$version" ]] || fail "control fields"

root=$scratch/root
dpkg-deb -x "$deb" "$root"
for f in usr/bin/vi-sandbox usr/bin/vi-client usr/share/man/man1/vi-sandbox.1.gz usr/share/man/man1/vi-client.1.gz \
         usr/lib/systemd/system/vi-sandbox.service usr/include/client/client.h usr/lib/libvi_client.a \
         usr/lib/cmake/vi_client/vi_clientConfig.cmake; do
  [[ -e $root/$f ]] || fail "$f not in the package"
done
# The man page is the --help text.
zcat "$root/usr/share/man/man1/vi-sandbox.1.gz" | grep -q 'VI_SANDBOX_PORT' || fail "man page lacks the environment section"
# The unit: disabled (no maintainer script enables it, no .wants link), loopback.
unit=$root/usr/lib/systemd/system/vi-sandbox.service
grep -q '^ExecStart=/usr/bin/vi-sandbox$' "$unit" || fail "unit's ExecStart"
grep -q 'VI_SANDBOX_HOST=127.0.0.1' "$unit" || fail "unit does not bind loopback"
dpkg-deb -e "$deb" "$scratch/control"
for script in preinst postinst prerm postrm; do
  [[ ! -e $scratch/control/$script ]] || fail "the package has a $script script"
done
[[ -z $(find "$root" -name '*.wants') ]] || fail "the package enables the unit"
[[ $(file -b "$root/usr/bin/vi-sandbox") == *", stripped"* ]] || fail "vi-sandbox is not stripped"

[[ $("$root/usr/bin/vi-sandbox" --version) == "vi-sandbox $version" ]] || fail "--version"
"$root/usr/bin/vi-sandbox" --port 0 --quiet --inventory-size 2000 >"$scratch/server.out" 2>"$scratch/server.err" &
server_pid=$!
port=
for _ in $(seq 1 100); do
  port=$(sed -n 's#^listening on http://127\.0\.0\.1:\([0-9]*\)/$#\1#p' "$scratch/server.out")
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n $port ]] || { cat "$scratch/server.err"; fail "the unpacked vi-sandbox did not start"; }
wsdl=$(curl -fsS "http://127.0.0.1:$port/VOIP/Services/APIService.asmx?wsdl")
[[ $wsdl == *"<wsdl:definitions"* ]] || fail "no WSDL from the unpacked vi-sandbox"
echo "ok: the unpacked vi-sandbox serves the WSDL on port $port"

# A consumer project against the unpacked /usr only.
cmake -S "$src/client/examples" -B "$scratch/example" -DCMAKE_PREFIX_PATH="$root/usr" -DCMAKE_FIND_USE_CMAKE_SYSTEM_PATH=OFF \
      -DCMAKE_BUILD_TYPE=Release "$@" >"$scratch/example.log" 2>&1 || { cat "$scratch/example.log"; fail "configure"; }
grep -q "$root/usr/lib/cmake/vi_client" "$scratch/example/CMakeCache.txt" || fail "vi_client not found in the unpacked root"
cmake --build "$scratch/example" -j 2 >>"$scratch/example.log" 2>&1 || { cat "$scratch/example.log"; fail "build"; }
out=$(VI_URL="http://127.0.0.1:$port/VOIP/Services/APIService.asmx" VI_LOGIN=sandbox VI_SECRET=sandbox \
      "$scratch/example/vi-client-example")
echo "$out"
[[ $out == *"reserved "* && $out == *"released "* ]] || fail "unexpected example output"
echo "ok: the package installs, serves, and builds a find_package consumer"
