# Shared steps of the CI browser scripts (sourced, from the repository root).

# Debian's Chromium, installed when missing; sets CHROMIUM to its path
# (unless already set).
ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    local sudo_cmd=""
    if [ "$(id -u)" != 0 ]; then sudo_cmd="sudo"; fi
    $sudo_cmd apt-get update -qq
    $sudo_cmd apt-get install -y -qq chromium >/dev/null
  fi
  export CHROMIUM=${CHROMIUM:-$(command -v chromium)}
}

# The debug binary: in CI it was just built by `cargo test` (a plain
# `cargo build` would rebuild dependencies without the dev-dependencies'
# features); elsewhere build it.
ensure_debug_binary() {
  if [ "${CI:-}" != true ] || [ ! -x target/debug/tchatlint ]; then
    cargo build --quiet --bin tchatlint
  fi
}

# Start `BIN serve` on a free loopback port, its log in LOG; sets `url` and
# `server_pid`, and stops the server on exit (stop_server also stops it
# earlier, so that its log can be read).
# usage: start_server BIN LOG
start_server() {
  local bin=$1 addr_file="$2.addr"
  server_log=$2
  : >"$addr_file"
  RUST_LOG=info "$bin" serve --addr 127.0.0.1:0 >"$addr_file" 2>"$server_log" &
  server_pid=$!
  trap stop_server EXIT
  url=""
  for _ in $(seq 1 100); do
    url=$(sed -n 's/^listening on //p' "$addr_file")
    [ -n "$url" ] && break
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "tchatlint serve exited early:" >&2
      cat "$server_log" >&2
      exit 1
    fi
    sleep 0.1
  done
  [ -n "$url" ] || { echo "tchatlint serve did not start" >&2; exit 1; }
  echo "server at $url"
}

stop_server() {
  if kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  trap - EXIT
}
