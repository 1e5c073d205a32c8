#!/usr/bin/env bash
# Benchmark of the grammar rules' promises (verb-form, conjugation,
# homophone, agreement), all measured side by side in one run:
#  1. the whole `tchatlint check` on the multi-megabyte bench text
#     (scripts/bench_text.py) with the grammar rules on, against the same
#     binary with them off (the house style's levels): the cost of grammar;
#  2. `tchatlint check` against `grammalecte-cli` (typography options off,
#     as in scripts/grammar-eval.py) on the same 1 MB of that text;
#  3. start-up on one short reply, and the peak resident memory, grammar on
#     and off.
# The per-reply time is criterion's (`cargo bench --bench check -- reply`).
#
# usage: scripts/bench-grammar.sh [SIZE_MB]   (env: ROUNDS, GRAMMALECTE_RUNS)
# Installs debian-reference-fr and grammalecte-cli with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-5}

missing=()
[ -d /usr/share/debian-reference ] || missing+=(debian-reference-fr)
command -v grammalecte-cli >/dev/null || missing+=(grammalecte-cli)
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "${missing[@]}"
fi

work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
python3 scripts/bench_text.py "$work" "$SIZE_MB"

cargo build --release --quiet
bin=$PWD/target/release/tchatlint
printf '[verb-form]\nlevel = "off"\n[conjugation]\nlevel = "off"\n[homophone]\nlevel = "off"\n[agreement]\nlevel = "off"\n' > "$work/off.toml"
printf 'Bonjour Madame Martin, je vais vous rappeler demain.\n' > "$work/reply.txt"
# The first 1 MB of the text, cut at a paragraph.
python3 - "$work" <<'PY'
import sys
work = sys.argv[1]
text = open(f"{work}/all.txt", encoding="utf-8").read()
cut = text.rfind("\n\n", 0, 1_000_000)
open(f"{work}/1mb.txt", "w", encoding="utf-8").write(text[:cut + 1])
PY

python3 - "$work" "$bin" "${ROUNDS:-9}" "${GRAMMALECTE_RUNS:-1}" <<'PY'
import json, resource, statistics, subprocess, sys, time
work, bin_, rounds, gruns = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
on = [bin_, "check", "--format", "json", f"{work}/replies"]
off = [bin_, "check", "--config", f"{work}/off.toml", "--format", "json", f"{work}/replies"]

def run(cmd):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime, p.stdout

# 1. Grammar on / off, alternated: a round's ratio is on over off.
ratios, won, woff, con, coff = [], [], [], [], []
for _ in range(rounds):
    a, ca, out = run(on)
    b, cb, _ = run(off)
    won.append(a); woff.append(b); con.append(ca); coff.append(cb)
    ratios.append(a / b)
d = json.loads(out)
gram = sum(1 for f in d["files"] for x in f["diagnostics"] if x["rule"] in ("verb-form", "conjugation", "homophone", "agreement"))
print(f"{rounds} alternated rounds on {work}/replies:")
print(f"  grammar on : {statistics.median(won):.3f} s wall, {statistics.median(con):.3f} s CPU (median)")
print(f"  grammar off: {statistics.median(woff):.3f} s wall, {statistics.median(coff):.3f} s CPU (median)")
print(f"  on / off: {statistics.median(ratios):.3f}x wall (median of rounds; {min(ratios):.3f}-{max(ratios):.3f}), "
      f"{statistics.median(con) / statistics.median(coff):.3f}x CPU; {gram} grammar findings")

# 2. tchatlint and grammalecte-cli on the same 1 MB.
g = ["grammalecte-cli", "-f", f"{work}/1mb.txt", "-j", "-off", "apos", "esp", "nbsp", "typo", "unit",
     "num", "tab", "liga", "maj", "virg", "poncfin"]
gw = [run(g)[0] for _ in range(gruns)]
tw = [run([bin_, "check", "--format", "json", f"{work}/1mb.txt"])[0] for _ in range(rounds)]
print(f"1 MB: grammalecte-cli {statistics.median(gw):.1f} s, tchatlint check (all rules) "
      f"{statistics.median(tw) * 1000:.1f} ms: {statistics.median(gw) / statistics.median(tw):.0f}x")

# 3. Start-up on one reply, and peak memory.
def startup(cmd, n=100):
    ws = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ws.append(time.perf_counter() - t0)
    return statistics.median(ws) * 1000
s_on = startup([bin_, "check", f"{work}/reply.txt"])
s_off = startup([bin_, "check", "--config", f"{work}/off.toml", f"{work}/reply.txt"])
print(f"start-up, one reply (median of 100): grammar on {s_on:.2f} ms, off {s_off:.2f} ms")
def peak(cmd):
    p = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return int(p.stderr.strip().splitlines()[-1]) / 1024
print(f"peak RSS on {work}/replies: grammar on {peak(on):.1f} MB, off {peak(off):.1f} MB")
PY
ls -l "$bin" | awk '{printf "binary: %.1f MB\n", $5 / 1e6}'
