#!/usr/bin/env bash
# End-to-end test of the demo console: installs Debian's Chromium and the
# pinned playwright-core, builds `tchatlint serve`, starts it on a free
# loopback port, runs tests/e2e/console.mjs against it, stops it.
# Screenshots land in target/e2e/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

. .ci/lib.sh
ensure_chromium

(cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)

ensure_debug_binary
out_dir="$root/target/e2e"
mkdir -p "$out_dir"
log="$out_dir/server.log"
addr_file="$out_dir/server.addr"
: >"$addr_file"

RUST_LOG=info "$root/target/debug/tchatlint" serve --addr 127.0.0.1:0 >"$addr_file" 2>"$log" &
server_pid=$!
stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
trap stop_server EXIT

url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on //p' "$addr_file")
  [ -n "$url" ] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "tchatlint serve exited early:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
[ -n "$url" ] || { echo "tchatlint serve did not start" >&2; exit 1; }
echo "server at $url"

status=0
(cd tests/e2e && node console.mjs "$url" "$out_dir") || status=$?
stop_server
trap - EXIT
# Privacy: the reply typed in the browser must not appear in the log.
if grep -q "exemple.fr/suivi" "$log"; then
  echo "not ok - the server log contains reply text" >&2
  status=1
fi
echo "screenshots: $out_dir/console-{faulty,clean,many,offline}.png"
exit $status
