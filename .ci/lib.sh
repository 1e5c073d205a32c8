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
