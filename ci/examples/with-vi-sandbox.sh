#!/usr/bin/env bash
# Runs your tests against a fresh vi-sandbox: starts it in the background,
# waits until /_admin/health answers, runs COMMAND with the service's URLs in
# the environment, prints the emulator's request log (and its journal, where
# the emulator has one) when COMMAND fails, stops the emulator, and exits
# with COMMAND's status.
#
# Usage: with-vi-sandbox.sh COMMAND [ARG...]
#   e.g. with-vi-sandbox.sh phpunit        with-vi-sandbox.sh pytest -x tests/
# COMMAND sees:
#   VI_URL        http://127.0.0.1:PORT/VOIP/Services/APIService.asmx (sandbox schema)
#   VI_PROD_URL   http://127.0.0.1:PORT/Services/APIService.asmx (production schema)
#   VI_ADMIN_URL  http://127.0.0.1:PORT/_admin (clock, reset)
#   VI_LOGIN, VI_SECRET  sandbox / sandbox (unless already set)
# (https:// in all three when VI_SANDBOX_TLS_CERT/VI_SANDBOX_TLS_KEY are set.)
# Configure the emulator with its VI_SANDBOX_* variables (vi-sandbox --help);
# VI_SANDBOX_PORT defaults to 0 here (a free port). The binary is
# $VI_SANDBOX_BIN, else vi-sandbox on PATH. VI_SANDBOX_WAIT: seconds to wait
# for health (default 30).
set -uo pipefail
if (($# == 0)); then
  echo "usage: with-vi-sandbox.sh COMMAND [ARG...]" >&2
  exit 2
fi
bin=${VI_SANDBOX_BIN:-vi-sandbox}
work=$(mktemp -d)
pid=
stop() {
  if [[ -n $pid ]]; then
    kill -TERM "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    pid=
  fi
}
trap 'stop; rm -rf "$work"' EXIT
trap 'exit 130' INT TERM

: >"$work/stdout"
# The recipe's own variables are not the emulator's options.
env -u VI_SANDBOX_BIN -u VI_SANDBOX_WAIT VI_SANDBOX_PORT="${VI_SANDBOX_PORT:-0}" "$bin" >"$work/stdout" 2>"$work/log" &
pid=$!
port=
deadline=$((SECONDS + ${VI_SANDBOX_WAIT:-30}))
while ((SECONDS < deadline)); do
  # `listening on http://HOST:PORT/`, or https:// with VI_SANDBOX_TLS_CERT/KEY.
  scheme=$(sed -n 's#^listening on \(https\{0,1\}\)://.*$#\1#p' "$work/stdout")
  port=$(sed -n 's#^listening on https\{0,1\}://[^ ]*:\([0-9]*\)/$#\1#p' "$work/stdout")
  # -k: a readiness probe of our own child on loopback; your tests verify
  # the certificate against your CA.
  if [[ -n $port ]] && curl -kfsS -o /dev/null "$scheme://127.0.0.1:$port/_admin/health" 2>/dev/null; then break; fi
  port=
  if ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.1
done
if [[ -z $port ]]; then
  echo "with-vi-sandbox: vi-sandbox did not become healthy; its log:" >&2
  cat "$work/log" >&2
  exit 1
fi
echo "with-vi-sandbox: vi-sandbox healthy on port $port" >&2

base=$scheme://127.0.0.1:$port
status=0
VI_URL=$base/VOIP/Services/APIService.asmx VI_PROD_URL=$base/Services/APIService.asmx VI_ADMIN_URL=$base/_admin \
  VI_LOGIN=${VI_LOGIN:-sandbox} VI_SECRET=${VI_SECRET:-sandbox} "$@" || status=$?

if ((status != 0)); then
  echo "with-vi-sandbox: '$*' failed (exit $status); vi-sandbox's request log:" >&2
  cat "$work/log" >&2
  if journal=$(curl -kfsS "$base/_admin/requests" 2>/dev/null); then
    echo "with-vi-sandbox: vi-sandbox's journal (GET /_admin/requests):" >&2
    echo "$journal" >&2
  fi
fi
stop
exit "$status"
