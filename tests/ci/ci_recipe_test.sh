#!/usr/bin/env bash
# The CI recipes, end to end: ci/examples/with-vi-sandbox.sh with a passing
# user command (a reserve, a 30-minute clock advance, the reservation gone)
# and a failing one (its status comes back, the request log is printed, the
# emulator is stopped either way), and one over TLS (https:// URLs);
# ci/examples/github-actions.yml parses and runs that recipe.
# Usage: ci_recipe_test.sh SOURCE_DIR VI_SANDBOX_BINARY
set -uo pipefail
src=$1 bin=$2
recipe=$src/ci/examples/with-vi-sandbox.sh
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
fail() {
  echo "FAIL: $*"
  exit 1
}
export VI_SANDBOX_BIN=$bin VI_SANDBOX_INVENTORY_SIZE=2000

cat >"$scratch/user_tests.sh" <<'USER'
#!/usr/bin/env bash
# A user's test: reserve, 30 minutes later the number is available again.
set -euo pipefail
soap() {  # soap OPERATION BODY
  curl -fsS -H 'Content-Type: text/xml; charset=utf-8' -H "SOAPAction: \"http://tempuri.org/$1\"" --data \
    "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body><$1 xmlns=\"http://tempuri.org/\"><login>$VI_LOGIN</login><secret>$VI_SECRET</secret>$2</$1></soap:Body></soap:Envelope>" "$VI_URL"
}
r=$(soap reserveDID '<didParams><DIDParam><tn>4352154006</tn><epg>0</epg></DIDParam></didParams>')
[[ $r == *'<statusCode>100</statusCode>'* ]]
q=$(soap queryDID '<did>4352154006</did>')
[[ $q == *'reserved for you'* ]]
curl -fsS -d '{"seconds":1800}' "$VI_ADMIN_URL/clock/advance" >/dev/null
q=$(soap queryDID '<did>4352154006</did>')
[[ $q == *'Number currently Available'* ]]
echo "user tests passed"
USER
chmod +x "$scratch/user_tests.sh"

out=$("$recipe" "$scratch/user_tests.sh" 2>"$scratch/err")
status=$?
cat "$scratch/err"
((status == 0)) || fail "passing user tests: recipe exited $status"
[[ $out == *"user tests passed"* ]] || fail "the user's command did not run"
port=$(sed -n 's/.*healthy on port \([0-9]*\)$/\1/p' "$scratch/err")
[[ -n $port ]] || fail "no port reported"
curl -s -o /dev/null "http://127.0.0.1:$port/_admin/health" && fail "the emulator still runs after the recipe"
echo "ok: passing run (port $port), emulator stopped"

cat >"$scratch/failing.sh" <<'USER'
#!/usr/bin/env bash
curl -s -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: "http://tempuri.org/queryDID"' --data \
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><queryDID xmlns="http://tempuri.org/"><login>sandbox</login><secret>sandbox</secret><did>4352154006</did></queryDID></soap:Body></soap:Envelope>' \
  "$VI_URL" >/dev/null
exit 3
USER
chmod +x "$scratch/failing.sh"
"$recipe" "$scratch/failing.sh" >/dev/null 2>"$scratch/err2"
status=$?
cat "$scratch/err2"
((status == 3)) || fail "failing user command: recipe exited $status, not 3"
grep -q "request log" "$scratch/err2" || fail "no request log printed on failure"
grep -q "queryDID" "$scratch/err2" || fail "the request log does not show the user's request"
port=$(sed -n 's/.*healthy on port \([0-9]*\)$/\1/p' "$scratch/err2")
curl -s -o /dev/null "http://127.0.0.1:$port/_admin/health" && fail "the emulator still runs after a failure"
echo "ok: failing run returns its status, prints the log, stops the emulator"

# Over TLS: with VI_SANDBOX_TLS_CERT/KEY the recipe finds the https:// ready
# line, waits for health over TLS and hands out https:// URLs.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=127.0.0.1' \
  -addext 'subjectAltName=IP:127.0.0.1' -keyout "$scratch/key.pem" -out "$scratch/cert.pem" >/dev/null 2>&1 ||
  fail "openssl could not make a certificate"
cat >"$scratch/tls_user.sh" <<'USER'
#!/usr/bin/env bash
set -euo pipefail
[[ $VI_URL == https://127.0.0.1:* && $VI_ADMIN_URL == https://* ]]
curl -fsS --cacert "$VI_SANDBOX_TLS_CERT" "$VI_URL?wsdl" | grep -q 'location="https://127.0.0.1:'
echo "tls user tests passed"
USER
chmod +x "$scratch/tls_user.sh"
out=$(VI_SANDBOX_TLS_CERT=$scratch/cert.pem VI_SANDBOX_TLS_KEY=$scratch/key.pem "$recipe" "$scratch/tls_user.sh" 2>"$scratch/err3")
status=$?
cat "$scratch/err3"
((status == 0)) || fail "TLS run: recipe exited $status"
[[ $out == *"tls user tests passed"* ]] || fail "TLS run: the user's command did not pass"
echo "ok: the recipe over TLS hands out https:// URLs"

python3 - "$src/ci/examples/github-actions.yml" <<'PY' || fail "github-actions.yml"
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
job = doc["jobs"]["test"]
assert job["container"] == "debian:12", "not Debian 12"
runs = "\n".join(s.get("run", "") for s in job["steps"])
assert "ci/examples/with-vi-sandbox.sh" in job["steps"][-1]["run"], "last step does not use the recipe"
assert "cpack -G DEB" in runs and "apt-get install -y ./build/vi-sandbox_" in runs, "does not install the package"
print("ok: github-actions.yml parses and runs the recipe")
PY
echo "all recipe checks passed"
