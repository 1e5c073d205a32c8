#!/usr/bin/env bash
# Load test of `tchatlint serve` on loopback with wrk (Debian's package):
# 200 connections POST typical replies to /v1/check for DURATION seconds
# (default 60), after a 3-second warm-up; the server's RSS is sampled every
# 5 seconds. Only 127.0.0.1 is ever targeted.
#
#   scripts/load-test.sh                 # 60 s, 200 connections, 2 wrk threads
#   DURATION=10 CONNECTIONS=50 scripts/load-test.sh
#   LOG=info scripts/load-test.sh        # with one log line per request
#
# Note: wrk runs on the same machine and shares its cores with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-2}
LOG=${LOG:-warn}
# Bounds: never more than 5 minutes or 1000 connections.
[ "$DURATION" -le 300 ] || { echo "DURATION is capped at 300 s" >&2; exit 2; }
[ "$CONNECTIONS" -le 1000 ] || { echo "CONNECTIONS is capped at 1000" >&2; exit 2; }

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
cargo build --release --quiet --bin tchatlint
out=target/load-test
mkdir -p "$out"

RUST_LOG=$LOG target/release/tchatlint serve --addr 127.0.0.1:0 --max-concurrency 1024 \
  >"$out/server.addr" 2>"$out/server.log" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
url=""
for _ in $(seq 1 100); do
  url=$(sed -n 's/^listening on //p' "$out/server.addr")
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { echo "server did not start" >&2; cat "$out/server.log" >&2; exit 1; }
case "$url" in http://127.0.0.1:*) ;; *) echo "refusing non-loopback $url" >&2; exit 2 ;; esac

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
echo "server $url (pid $pid), RSS at start: $(rss_kib) KiB"
wrk -t"$THREADS" -c"$CONNECTIONS" -d3s -s scripts/load-test.lua "$url/v1/check" >/dev/null
echo "RSS after warm-up: $(rss_kib) KiB"

: >"$out/rss.txt"
(
  for _ in $(seq 0 5 "$DURATION"); do
    echo "$(date +%s) $(rss_kib)" >>"$out/rss.txt"
    sleep 5
  done
) &
sampler=$!
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency \
  -s scripts/load-test.lua "$url/v1/check" | tee "$out/wrk.txt"
wait $sampler 2>/dev/null || true

echo "RSS samples (KiB), every 5 s: $(awk '{printf "%s ", $2}' "$out/rss.txt")"
awk 'NR==1 {min=$2; max=$2} {if ($2<min) min=$2; if ($2>max) max=$2} END {printf "RSS min %d KiB, max %d KiB over the run\n", min, max}' "$out/rss.txt"
echo "cores: $(nproc), load average before stop: $(cut -d' ' -f1-3 /proc/loadavg)"
