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
start_server "$root/target/debug/tchatlint" "$log"

status=0
(cd tests/e2e && node console.mjs "$url" "$out_dir") || status=$?
stop_server
# Privacy: the reply typed in the browser must not appear in the log.
if grep -q "exemple.fr/suivi" "$log"; then
  echo "not ok - the server log contains reply text" >&2
  status=1
fi
echo "screenshots: $out_dir/console-{faulty,clean,many,offline}.png"
exit $status
