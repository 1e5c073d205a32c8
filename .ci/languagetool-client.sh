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
start_server "$bin" "$log"

status=0
TCHATLINT_URL="$url" "$venv/bin/python" tests/clients/test_languagetool_client.py || status=$?
stop_server
# The client's calls reached /v2 (languages, then check).
if ! grep -q 'path="/v2/languages"' "$log" || ! grep -q 'path="/v2/check"' "$log"; then
  echo "not ok - the client's calls to /v2 are missing from the server log" >&2
  status=1
fi
exit $status
