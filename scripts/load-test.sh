#!/usr/bin/env bash
# Load test of `tchatlint serve` on loopback with wrk (Debian's package).
# Two runs, each with 200 connections POSTing typical replies to /v1/check:
#   1. saturation, DURATION seconds (default 60): the most checks per second
#      the server gives; with 200 requests always in flight, latency there is
#      queueing (Little's law: 200 / throughput); the server's RSS is sampled
#      every 5 seconds to see that memory stays flat;
#   2. paced, PACED_DURATION seconds (default 20): each connection waits
#      on average PACE_MS (default 8) between requests (exponential waits:
#      Poisson arrivals), about 20,000 checks/s offered: the latency of a
#      check below saturation (p50, p99).
# Only 127.0.0.1 is ever targeted; durations and connections are capped.
#
#   scripts/load-test.sh                 # 60 s + 20 s, 200 connections
#   DURATION=10 PACED_DURATION=5 scripts/load-test.sh
#   LOG=info scripts/load-test.sh        # with one log line per request
#
# Note: wrk runs on the same machine and shares its cores with the server.
# One wrk thread (THREADS=1, the default) drives the 200 connections and
# leaves the most CPU to the server; on 2 cores, two wrk threads cost the
# server about a quarter of its throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-200}
THREADS=${THREADS:-1}
PACED_DURATION=${PACED_DURATION:-20}
PACE_MS=${PACE_MS:-8}
LOG=${LOG:-warn}
# Bounds: never more than 5 minutes or 1000 connections.
[ "$DURATION" -le 300 ] && [ "$PACED_DURATION" -le 300 ] || { echo "durations are capped at 300 s" >&2; exit 2; }
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
# CPU time of the server (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
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
echo "== saturation: $CONNECTIONS connections, ${DURATION} s"
cpu0=$(cpu_ticks)
wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 5s --latency \
  -s scripts/load-test.lua "$url/v1/check" | tee "$out/wrk.txt"
wait $sampler 2>/dev/null || true
cpu1=$(cpu_ticks)
requests=$(sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p' "$out/wrk.txt")
awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {
  us = t / hz * 1e6 / n
  printf "server CPU: %.1f s for %d checks = %.1f us per check (HTTP included); 2 dedicated cores: about %.0f checks/s\n", t / hz, n, us, 2e6 / us }'
echo "== paced: $CONNECTIONS connections, ${PACE_MS} ms between requests, ${PACED_DURATION} s"
PACE_MS=$PACE_MS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${PACED_DURATION}s" --timeout 5s --latency \
  -s scripts/load-test.lua "$url/v1/check" | tee "$out/wrk-paced.txt"

echo "RSS samples during saturation (KiB), every 5 s: $(awk '{printf "%s ", $2}' "$out/rss.txt")"
awk 'NR==1 {min=$2; max=$2} {if ($2<min) min=$2; if ($2>max) max=$2} END {printf "RSS min %d KiB, max %d KiB over the run\n", min, max}' "$out/rss.txt"
echo "RSS at the end: $(rss_kib) KiB"
echo "cores: $(nproc), load average before stop: $(cut -d' ' -f1-3 /proc/loadavg)"
