#!/usr/bin/env bash
# Grading report in a real browser: grades the fixture exercises of
# tests/fixtures/grade/, opens each report.html in headless Chromium (offline:
# a file:// URL, networking off), takes a screenshot and checks that the
# browser rendered the charts and the trainee sections. Installs Debian's
# Chromium if it is missing. Output lands in target/grade-report/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

. .ci/lib.sh
ensure_chromium
chromium=$CHROMIUM

ensure_debug_binary
bin="$root/target/debug/tchatlint"
out="$root/target/grade-report"
rm -rf "$out"
mkdir -p "$out"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
browse() {
  # Every run gets the same flags: no network, no first-run, fresh profile.
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --user-data-dir="$profile" "$@" 2>/dev/null
}

fail() { echo "not ok - $*" >&2; exit 1; }

for ex in livraison telephone; do
  dir="$out/$ex"
  "$bin" grade --color never --out "$dir" "tests/fixtures/grade/$ex" >"$dir.txt" 2>"$dir.err" \
    || fail "$ex: tchatlint grade failed: $(cat "$dir.err")"
  html="$dir/report.html"
  [ -s "$html" ] || fail "$ex: no report.html"

  # The file itself: one file, nothing to fetch.
  if grep -Eq '<script|<link|src=|@import|url\(' "$html"; then
    fail "$ex: report.html refers to external resources"
  fi

  # What the browser made of it.
  browse --dump-dom "file://$html" >"$dir/dom.html" || fail "$ex: chromium could not open the report"
  svgs=$(grep -o '<svg' "$dir/dom.html" | wc -l)
  sections=$(grep -o '<section class="trainee"' "$dir/dom.html" | wc -l)
  [ "$svgs" -ge 3 ] || fail "$ex: only $svgs SVG charts in the rendered page"
  [ "$sections" -ge 8 ] || fail "$ex: only $sections trainee sections in the rendered page"
  grep -q 'Répartition des notes' "$dir/dom.html" || fail "$ex: no score distribution chart"
  grep -q 'Les fautes les plus fréquentes' "$dir/dom.html" || fail "$ex: no frequent faults"
  grep -q '<mark class=' "$dir/dom.html" || fail "$ex: no highlighted finding"

  png="$out/$ex.png"
  browse --hide-scrollbars --window-size=1200,2000 --screenshot="$png" "file://$html" >/dev/null || true
  [ -s "$png" ] || fail "$ex: no screenshot"
  magic=$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')
  [ "$magic" = "89504e470d0a1a0a" ] || fail "$ex: the screenshot is not a PNG"
  size=$(wc -c <"$png")
  [ "$size" -gt 60000 ] || fail "$ex: screenshot of $size bytes, the page looks empty"

  # A PDF, as a trainer would print it.
  browse --no-pdf-header-footer --print-to-pdf="$out/$ex.pdf" "file://$html" >/dev/null || true
  [ -s "$out/$ex.pdf" ] || fail "$ex: could not print to PDF"
  echo "ok - $ex: $sections trainee sections, $svgs charts, screenshot $size bytes"
done
echo "screenshots and PDFs in $out"
