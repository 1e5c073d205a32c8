#!/usr/bin/env bash
# How `tchatlint check` scales with the size of one input: time and peak
# resident memory (/usr/bin/time -v) for each kind of text, size and
# output format. Inputs are generated (scripts/scaling_inputs.py):
#   clean  house-style replies, bubbles separated by blank lines;
#   dense  SMS-heavy replies (most words are findings);
#   line   replies and SMS forms on one single line (no line break);
#   okok   "ok ok " repeated on one line (every word a finding).
# The promise: time linear in the size, peak memory under 300 MB whatever
# the size and the format.
#
# usage: scripts/bench-scaling.sh [SIZES_MB] [KINDS] [FORMATS]
#   e.g. scripts/bench-scaling.sh "1 8 50 200" "clean dense line" "human json sarif"
# env: BIN (a tchatlint binary; else a release build), KEEP=1 keeps the inputs.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${1:-"1 8 50"}
KINDS=${2:-"clean dense line"}
FORMATS=${3:-"human json sarif"}

if [ -z "${BIN:-}" ]; then
    cargo build --release --quiet --bin tchatlint
    BIN=$PWD/target/release/tchatlint
fi
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package time)" >&2; exit 2; }

work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

printf '| input | size (MB) | format | time (s) | s/MB | max RSS (MB) | output (MB) | exit |\n'
printf '|---|---:|---|---:|---:|---:|---:|---:|\n'
for kind in $KINDS; do
    for size in $SIZES; do
        input="$work/$kind-$size.txt"
        python3 scripts/scaling_inputs.py "$kind" "$size" "$input"
        for format in $FORMATS; do
            set +e
            /usr/bin/time -v "$BIN" check --format "$format" --color never "$input" \
                >"$work/out" 2>"$work/time"
            code=$?
            set -e
            secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {
                n = split($2, p, ":"); t = 0
                for (i = 1; i <= n; i++) t = t * 60 + p[i]
                print t }' "$work/time")
            rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time")
            out=$(stat -c %s "$work/out" | awk '{ printf "%.1f", $1 / 1048576 }')
            per=$(awk -v t="$secs" -v s="$size" 'BEGIN { printf "%.3f", t / s }')
            printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' \
                "$kind" "$size" "$format" "$secs" "$per" "$rss" "$out" "$code"
            if [ "$format" = sarif ] || [ "$format" = json ]; then
                python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/out" \
                    || echo "invalid $format output for $kind $size MB" >&2
            fi
        done
        rm -f "$input"
    done
done
