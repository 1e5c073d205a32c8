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
start_server "$root/target/debug/tchatlint" "$log"

status=0
(cd tests/clients/extension && node extension.mjs "$url" "$out_dir") || status=$?
stop_server
# Privacy: the drafts typed in the browser must not appear in the log.
if grep -q "code reçu par SMS" "$log"; then
  echo "not ok - the server log contains reply text" >&2
  status=1
fi
echo "screenshots: $out_dir/extension-held.png $out_dir/extension-contenteditable.png $out_dir/extension-service-down.png"
exit $status
