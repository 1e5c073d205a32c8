#!/usr/bin/env bash
# The browser extension (extension/) loaded unpacked in Debian's headless
# Chromium, on a local page that mimics a chat console, against a live
# `tchatlint serve`: installs Chromium and the pinned playwright-core, starts
# the server on a free loopback port, runs tests/clients/extension/, stops it.
# Screenshots land in target/extension/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

. .ci/lib.sh
ensure_chromium

(cd tests/clients/extension && npm ci --no-audit --no-fund --loglevel=error)

ensure_debug_binary
out_dir="$root/target/extension"
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
(cd tests/clients/extension && node extension.mjs "$url" "$out_dir") || status=$?
stop_server
trap - EXIT
# Privacy: the drafts typed in the browser must not appear in the log.
if grep -q "code reçu par SMS" "$log"; then
  echo "not ok - the server log contains reply text" >&2
  status=1
fi
echo "screenshots: $out_dir/extension-held.png $out_dir/extension-contenteditable.png $out_dir/extension-service-down.png"
exit $status
