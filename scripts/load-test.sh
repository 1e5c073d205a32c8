#!/usr/bin/env bash
# Load tests of `tchatlint serve` on loopback with wrk (Debian's package).
# Only 127.0.0.1 is ever targeted; durations and connections are capped.
#
# MODE=saturate (the default): 200 connections POSTing typical replies to
#   /v1/check (API=v2: to /v2/check, form-encoded):
#   1. flat out, DURATION seconds (default 60): the most checks per second
#      the server gives; with 200 requests always in flight, latency there
#      is queueing (Little's law: 200 / throughput); the server's RSS is
#      sampled every 5 seconds to see that memory stays flat;
#   2. paced, PACED_DURATION seconds (default 20): each connection waits
#      on average PACE_MS (default 8) between requests (exponential waits:
#      Poisson arrivals), about 20,000 checks/s offered: the latency of a
#      check below saturation (p50, p99).
# MODE=compare: /v1/check and /v2/check alternated ROUNDS times (default 3)
#   on one server, each flat out for DURATION seconds (default 15) then
#   paced for PACED_DURATION (default 15) at PACE_MS (default 16); prints
#   every run and the medians of each side, and /v2 against /v1.
# MODE=costly: four clients send the costliest request the limits allow
#   (scripts/load-test-costly.lua) while CONNECTIONS (default 10) clients
#   send replies paced at PACE_MS (default 20) for DURATION seconds
#   (default 20): the replies' latency. Then the shutdown: the four costly
#   clients again, SLOW (default 1100) connections that send their headers
#   byte by byte (the server runs under a 1,024 file-descriptor limit), a
#   reply checked meanwhile, then SIGTERM: time to exit against the
#   deadline (--shutdown-timeout-ms, SHUTDOWN_MS, default 10000).
#
#   scripts/load-test.sh                           # 60 s + 20 s, 200 connections
#   DURATION=10 PACED_DURATION=5 scripts/load-test.sh
#   MODE=compare ROUNDS=3 scripts/load-test.sh
#   MODE=costly scripts/load-test.sh
#   LOG=info scripts/load-test.sh                  # one log line per request
#
# Note: wrk runs on the same machine and shares its cores with the server.
# One wrk thread (THREADS=1, the default) drives the connections and leaves
# the most CPU to the server; on 2 cores, two wrk threads cost the server
# about a quarter of its throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=${MODE:-saturate}
API=${API:-v1}
case "$MODE" in
  saturate) DURATION=${DURATION:-60}; PACED_DURATION=${PACED_DURATION:-20}; PACE_MS=${PACE_MS:-8}; CONNECTIONS=${CONNECTIONS:-200} ;;
  compare) DURATION=${DURATION:-15}; PACED_DURATION=${PACED_DURATION:-15}; PACE_MS=${PACE_MS:-16}; CONNECTIONS=${CONNECTIONS:-200} ;;
  costly) DURATION=${DURATION:-20}; PACED_DURATION=0; PACE_MS=${PACE_MS:-20}; CONNECTIONS=${CONNECTIONS:-10} ;;
  *) echo "MODE is saturate, compare or costly" >&2; exit 2 ;;
esac
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-1}
SLOW=${SLOW:-1100}
SHUTDOWN_MS=${SHUTDOWN_MS:-10000}
LOG=${LOG:-warn}
# Bounds: never more than 5 minutes a run, 1000 connections, 10 rounds.
[ "$DURATION" -le 300 ] && [ "$PACED_DURATION" -le 300 ] || { echo "durations are capped at 300 s" >&2; exit 2; }
[ "$CONNECTIONS" -le 1000 ] && [ "$SLOW" -le 2000 ] && [ "$ROUNDS" -le 10 ] || { echo "CONNECTIONS <= 1000, SLOW <= 2000, ROUNDS <= 10" >&2; exit 2; }

command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }
cargo build --release --quiet --bin tchatlint
out=target/load-test
mkdir -p "$out"

# The server, under the usual 1,024 file-descriptor limit.
(
  ulimit -n 1024
  exec env RUST_LOG="$LOG" target/release/tchatlint serve --addr 127.0.0.1:0 --max-concurrency 1024 \
    --shutdown-timeout-ms "$SHUTDOWN_MS" "$@"
) >"$out/server.addr" 2>"$out/server.log" &
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
# wrk with the reply script against API $1 (v1 or v2); other arguments to wrk.
replies() {
  local api=$1
  shift
  API=$api wrk -t"$THREADS" --timeout 5s --latency -s scripts/load-test.lua "$@" "$url/$api/check"
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo "server $url (pid $pid), RSS at start: $(rss_kib) KiB"
PACE_MS='' replies "$API" -c"$CONNECTIONS" -d3s >/dev/null
echo "RSS after warm-up: $(rss_kib) KiB"

if [ "$MODE" = saturate ]; then
  : >"$out/rss.txt"
  (
    for _ in $(seq 0 5 "$DURATION"); do
      echo "$(date +%s) $(rss_kib)" >>"$out/rss.txt"
      sleep 5
    done
  ) &
  sampler=$!
  echo "== saturation: $API, $CONNECTIONS connections, ${DURATION} s"
  cpu0=$(cpu_ticks)
  PACE_MS='' replies "$API" -c"$CONNECTIONS" -d"${DURATION}s" | tee "$out/wrk.txt"
  wait $sampler 2>/dev/null || true
  cpu1=$(cpu_ticks)
  requests=$(field requests <"$out/wrk.txt")
  awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v n="$requests" 'BEGIN {
    us = t / hz * 1e6 / n
    printf "server CPU: %.1f s for %d checks = %.1f us per check (HTTP included); 2 dedicated cores: about %.0f checks/s\n", t / hz, n, us, 2e6 / us }'
  echo "== paced: $API, $CONNECTIONS connections, ${PACE_MS} ms between requests, ${PACED_DURATION} s"
  PACE_MS=$PACE_MS replies "$API" -c"$CONNECTIONS" -d"${PACED_DURATION}s" | tee "$out/wrk-paced.txt"
  echo "RSS samples during saturation (KiB), every 5 s: $(awk '{printf "%s ", $2}' "$out/rss.txt")"
  awk 'NR==1 {min=$2; max=$2} {if ($2<min) min=$2; if ($2>max) max=$2} END {printf "RSS min %d KiB, max %d KiB over the run\n", min, max}' "$out/rss.txt"
  echo "RSS at the end: $(rss_kib) KiB"
fi

if [ "$MODE" = compare ]; then
  PACE_MS='' replies v2 -c"$CONNECTIONS" -d3s >/dev/null
  : >"$out/compare.txt"
  : >"$out/compare-medians.txt"
  for round in $(seq 1 "$ROUNDS"); do
    for api in v1 v2; do
      cpu0=$(cpu_ticks)
      line=$(PACE_MS='' replies $api -c"$CONNECTIONS" -d"${DURATION}s" | grep '^RESULT')
      cpu1=$(cpu_ticks)
      us=$(awk -v t=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v n="$(echo "$line" | field requests)" 'BEGIN {printf "%.1f", t / hz * 1e6 / n}')
      echo "round $round flat $line cpu_us=$us" | tee -a "$out/compare.txt"
      line=$(PACE_MS=$PACE_MS replies $api -c"$CONNECTIONS" -d"${PACED_DURATION}s" | grep '^RESULT')
      echo "round $round paced $line" | tee -a "$out/compare.txt"
    done
  done
  echo "== medians over $ROUNDS rounds (flat out: checks/s, p99, server CPU per check; paced at ${PACE_MS} ms: p50, p99)"
  for api in v1 v2; do
    f() { grep " $1 RESULT api=$api " "$out/compare.txt" | field "$2" | median; }
    echo "$api rps=$(f flat rps) flat_p99_ms=$(f flat p99_ms) cpu_us=$(f flat cpu_us) paced_p50_ms=$(f paced p50_ms) paced_p99_ms=$(f paced p99_ms)" |
      tee -a "$out/compare-medians.txt"
  done
  awk '{for (i = 2; i <= NF; i++) {split($i, kv, "="); v[$1, kv[1]] = kv[2]; k[i] = kv[1]}} END {
    printf "v2/v1:"; for (i = 2; i <= 6; i++) printf " %s %+.1f%%", k[i], (v["v2", k[i]] / v["v1", k[i]] - 1) * 100; print "" }' \
    <(tail -2 "$out/compare-medians.txt")
fi

if [ "$MODE" = costly ]; then
  echo "== four costly clients and $CONNECTIONS paced reply clients, ${DURATION} s"
  wrk -t1 -c4 -d"$((DURATION + 4))s" --timeout 10s -s scripts/load-test-costly.lua "$url/v1/check" >"$out/costly.txt" &
  costly=$!
  sleep 2
  PACE_MS=$PACE_MS replies v1 -c"$CONNECTIONS" -d"${DURATION}s" | tee "$out/costly-replies.txt"
  wait $costly || true
  cat "$out/costly.txt" | grep '^COSTLY' || true
  echo "== shutdown: four costly clients, $SLOW slow connections, then SIGTERM (deadline ${SHUTDOWN_MS} ms)"
  wrk -t1 -c4 -d60s --timeout 10s -s scripts/load-test-costly.lua "$url/v1/check" >/dev/null 2>&1 &
  costly=$!
  port=${url##*:}
  python3 - "$port" "$SLOW" <<'PY' &
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
conns = []
for _ in range(n):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=2)
        s.sendall(b"POST /v1/check HTTP/1.1\r\nHost: x\r\n")
        conns.append(s)
    except OSError:
        pass
print(f"slow connections open: {len(conns)}", flush=True)
for _ in range(120):
    time.sleep(0.5)
    for s in conns:
        try:
            s.sendall(b"X")
        except OSError:
            pass
PY
  slow=$!
  sleep 3
  t0=$(date +%s%N)
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 30 -H 'Content-Type: application/json' \
    -d '{"text":"Bonjour, je vérifie votre commande."}' "$url/v1/check" || true)
  echo "a reply during the slow connections: HTTP $code after $((($(date +%s%N) - t0) / 1000000)) ms"
  echo "open descriptors of the server: $(ls /proc/$pid/fd | wc -l) (limit 1024)"
  t0=$(date +%s%N)
  kill -TERM $pid
  while kill -0 $pid 2>/dev/null; do sleep 0.01; done
  wait $pid 2>/dev/null && st=0 || st=$?
  echo "exited $st, $((($(date +%s%N) - t0) / 1000000)) ms after SIGTERM (deadline ${SHUTDOWN_MS} ms)"
  kill $costly $slow 2>/dev/null || true
  wait $costly $slow 2>/dev/null || true
fi
echo "cores: $(nproc), load average: $(cut -d' ' -f1-3 /proc/loadavg)"
