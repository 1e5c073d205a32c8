#!/usr/bin/env bash
# The unmodified LanguageTool client from PyPI (language_tool_python, pinned)
# against a live `tchatlint serve`: installs it in a virtual environment,
# starts the server on a free loopback port, runs
# tests/clients/test_languagetool_client.py, stops the server.
# With `remote_server` the client downloads nothing (the test checks it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
LTP_VERSION=3.4.0

. .ci/lib.sh

out_dir="$root/target/clients"
mkdir -p "$out_dir"
venv="$root/target/ltp-venv"
if ! python3 -m venv "$venv" >/dev/null 2>&1; then
  # Debian's python3 ships venv separately.
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=""
  if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq python3-venv >/dev/null
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "language_tool_python==$LTP_VERSION"
echo "language_tool_python $("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("language_tool_python"))')"

ensure_debug_binary
bin="$root/target/debug/tchatlint"
if [ -x "$root/target/release/tchatlint" ] && [ "$root/target/release/tchatlint" -nt "$bin" ]; then
  bin="$root/target/release/tchatlint"
fi
log="$out_dir/languagetool-server.log"
addr_file="$out_dir/languagetool-server.addr"
: >"$addr_file"
RUST_LOG=info "$bin" serve --addr 127.0.0.1:0 >"$addr_file" 2>"$log" &
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
TCHATLINT_URL="$url" "$venv/bin/python" tests/clients/test_languagetool_client.py || status=$?
stop_server
trap - EXIT
# The client's calls reached /v2 (languages, then check).
if ! grep -q 'path="/v2/languages"' "$log" || ! grep -q 'path="/v2/check"' "$log"; then
  echo "not ok - the client's calls to /v2 are missing from the server log" >&2
  status=1
fi
exit $status
