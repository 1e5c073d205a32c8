#!/usr/bin/env bash
# Grading at scale: N answers (default 10,000) made from the fixture answers
# of tests/fixtures/grade/livraison (names and numbers varied so that no two
# files are the same), graded with the release build, reports written.
# Usage: scripts/bench-grade.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10000}

cargo build --release --quiet --bin tchatlint
bin="$PWD/target/release/tchatlint"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src=tests/fixtures/grade/livraison
mkdir -p "$work/group"
cp "$src/exercise.toml" "$src/enonce.txt" "$work/group/"

# The fixture replies (folders flattened), read once.
replies=()
for f in "$src"/*.txt "$src"/*/*.txt; do
  [ "$(basename "$f")" = enonce.txt ] && continue
  replies+=("$(cat "$f")")
done
k=${#replies[@]}
for ((i = 0; i < n; i++)); do
  r=${replies[i % k]}
  printf '%s\nRéférence de votre dossier : %05d.\n' "${r//Morel/Morel-$i}" "$i" \
    >"$work/group/stagiaire-$(printf %05d "$i").txt"
done
echo "$n answers, $(du -sh "$work/group" | cut -f1) on disk, $(nproc) cores"

start=$(date +%s%N)
"$bin" grade --color never --top 5 --out "$work/out" "$work/group" >"$work/table.txt" 2>"$work/err.txt"
end=$(date +%s%N)
ms=$(((end - start) / 1000000))
tail -8 "$work/table.txt"
ls -la "$work/out"
echo "graded $n answers in $((ms / 1000)).$(printf %03d $((ms % 1000))) s ($((n * 1000 / (ms + 1))) answers/s), reports included"
