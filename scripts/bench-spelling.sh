#!/usr/bin/env bash
# Benchmark of the spelling rule's promise: the whole `tchatlint check` (all
# rules, spelling included) against `hunspell -d fr_FR -l` (spelling alone,
# no suggestions) on the same multi-megabyte French text, and tchatlint's
# start-up on one short reply.
#
# The text: the French Debian Reference (package debian-reference-fr,
# HTML turned into plain text, paragraphs still in English left out: real
# French prose with technical vocabulary)
# followed by the clean replies and sentences of the test suite, repeated in
# a fixed shuffled order until the text reaches SIZE_MB (default 5). It is
# checked as one file by hunspell and as the same text cut into replies of
# about 2 KB (a directory of .txt files) by tchatlint, which is how it is
# used.
#
# usage: scripts/bench-spelling.sh [SIZE_MB]   (env: RUNS, HUNSPELL_RUNS, ROUNDS, KEEP)
# Installs hunspell, hunspell-fr-comprehensive, debian-reference-fr and
# hyperfine with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-5}

missing=()
command -v hunspell >/dev/null || missing+=(hunspell)
[ -f /usr/share/hunspell/fr_FR.dic ] || missing+=(hunspell-fr-comprehensive)
[ -d /usr/share/debian-reference ] || missing+=(debian-reference-fr)
command -v hyperfine >/dev/null || missing+=(hyperfine)
if [ ${#missing[@]} -gt 0 ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y "${missing[@]}"
fi

work=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
echo "work dir: $work" >&2

python3 scripts/bench_text.py "$work" "$SIZE_MB"

cargo build --release --quiet
bin=target/release/tchatlint

TIMEFORMAT='%R s wall, %U s user, %S s sys'
echo "hunspell -d fr_FR -l (spelling only):"
{ time hunspell -d fr_FR -l < "$work/all.txt" > "$work/hunspell.out"; } 2>&1
echo "  $(sort -u "$work/hunspell.out" | wc -l) distinct unknown words"
echo "tchatlint check --format json (all rules):"
{ time "$bin" check --format json "$work/replies" > "$work/tchatlint.json" || true; } 2>&1
python3 - "$work/tchatlint.json" <<'PY'
import json, sys, collections
d = json.load(open(sys.argv[1]))
c = collections.Counter(x["rule"] for f in d["files"] for x in f["diagnostics"])
print("  findings:", dict(c.most_common()))
PY
echo "tchatlint check, spelling only:"
{ time "$bin" check --rule spelling --format json "$work/replies" > /dev/null || true; } 2>&1

# Medians over repeated runs (HUNSPELL_RUNS, RUNS), wall clock and CPU
# (user + system) time, and the ratios.
python3 - "$work" "$bin" "${HUNSPELL_RUNS:-3}" "${RUNS:-10}" <<'PY'
import resource, statistics, subprocess, sys, time
work, bin_, hruns, runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
def measure(cmd, n, stdin=None):
    walls, cpus = [], []
    for _ in range(n):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        with open(stdin) if stdin else open("/dev/null") as f:
            subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
    return statistics.median(walls), statistics.median(cpus)
hw, hc = measure(["hunspell", "-d", "fr_FR", "-l"], hruns, f"{work}/all.txt")
tw, tc = measure([bin_, "check", "--format", "json", f"{work}/replies"], runs)
t1w, t1c = measure(["env", "RAYON_NUM_THREADS=1", bin_, "check", "--format", "json", f"{work}/replies"], runs)
print(f"medians: hunspell {hw:.2f} s wall ({hc:.2f} s CPU), {hruns} runs;")
print(f"  tchatlint check, all rules: {tw:.3f} s wall ({tc:.3f} s CPU), {runs} runs;")
print(f"  the same on one thread: {t1w:.3f} s wall ({t1c:.3f} s CPU)")
print(f"ratio hunspell / tchatlint: {hw / tw:.1f}x wall clock, {hc / tc:.1f}x CPU time, "
      f"{hw / t1w:.1f}x on one thread")
PY

# Rounds (ROUNDS, default 5): three tchatlint runs, one hunspell run, three
# tchatlint runs; a round's ratio is hunspell over the median of its six
# tchatlint runs. The machine's speed drifts within minutes, so a ratio is
# taken from runs made side by side; the median of the rounds is reported.
python3 - "$work" "$bin" "${ROUNDS:-5}" <<'PY'
import statistics, subprocess, sys, time
work, bin_, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
def run(cmd, stdin=None):
    t0 = time.perf_counter()
    with open(stdin) if stdin else open("/dev/null") as f:
        subprocess.run(cmd, stdin=f, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0
check = [bin_, "check", "--format", "json", f"{work}/replies"]
ratios = []
for r in range(rounds):
    t = [run(check) for _ in range(3)]
    h = run(["hunspell", "-d", "fr_FR", "-l"], f"{work}/all.txt")
    t += [run(check) for _ in range(3)]
    m = statistics.median(t)
    ratios.append(h / m)
    print(f"round {r + 1}: hunspell {h:.2f} s, tchatlint {m * 1000:.0f} ms (median of 6), ratio {h / m:.1f}x")
if ratios:
    print(f"ratio by the clock, median of {rounds} rounds: {statistics.median(ratios):.1f}x "
          f"(rounds {min(ratios):.1f}-{max(ratios):.1f}x)")
PY

echo "start-up: one short reply through the CLI"
echo "Bonjour, je vérifie votre comande tout de suite." > "$work/reply.txt"
hyperfine --warmup 5 --runs 50 -N -i "$bin check $work/reply.txt" 2>/dev/null | grep -E "Time|Range" || \
    hyperfine --warmup 5 --runs 50 -i "$bin check $work/reply.txt" | grep -E "Time|Range"
