#!/usr/bin/env python3
"""Measure a grammar checker on the labelled sentences and on clean prose.

Usage:
  scripts/grammar-eval.py grammalecte [--set FILE] [--list-misses] [--list-false-alarms]
  scripts/grammar-eval.py tchatlint --bin PATH [--set FILE] [--rules IDS] [...]
  scripts/grammar-eval.py prose [--bin PATH] [--dir DIR] [--no-grammalecte] [--list-findings]

The labelled sets (tests/data/grammar/labelled.tsv, heldout.tsv) hold one sentence
a row: family, subfamily, verdict (bad|good), sentence, fault, correction. A bad
sentence is *found* when a grammar finding overlaps its fault (the first occurrence
of `fault` in the sentence as a whole word), and *corrected* when one of that
finding's suggestions is the correction (or, for a finding wider than the fault,
turns the sentence into the corrected sentence). A good sentence with any grammar
finding is a false alarm.

Grammalecte runs with its typographic and formatting options off; only its grammar
errors count (its spelling errors never do). tchatlint counts only the findings of
the grammar rules (`--rules`). Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "grammar"
DEFAULT_SET = DATA / "labelled.tsv"
PROSE_DIR = DATA / "prose"
FAMILIES = ("verb-form", "conjugation", "homophone", "agreement")
GRAMMAR_RULES = "verb-form,conjugation,homophone,agreement"
HEADER = ["family", "subfamily", "verdict", "sentence", "fault", "correction"]

# Grammalecte's options about typography and layout, not grammar: apostrophes,
# spaces, non-breaking spaces, typographic signs, units, numbers, tabulations,
# ligatures, capitals, commas, final punctuation. Everything else stays as shipped.
GRAMMALECTE_OFF = [
    "apos", "esp", "nbsp", "typo", "unit", "num", "tab", "liga", "maj", "virg", "poncfin",
]


@dataclass
class Row:
    line: int
    family: str
    subfamily: str
    verdict: str
    sentence: str
    fault: str
    correction: str

    def fault_span(self) -> tuple[int, int]:
        """Character span of the fault's first whole-word occurrence."""
        m = re.search(r"(?<!\w)" + re.escape(self.fault) + r"(?!\w)", self.sentence)
        if m is None:
            raise ValueError(f"line {self.line}: fault {self.fault!r} not in the sentence")
        return m.start(), m.end()

    def corrected_sentence(self) -> str:
        start, end = self.fault_span()
        return self.sentence[:start] + self.correction + self.sentence[end:]


@dataclass
class Finding:
    start: int  # character offsets in the sentence or paragraph
    end: int
    rule: str
    message: str
    suggestions: list[str] = field(default_factory=list)


def load_set(path: Path) -> list[Row]:
    """Read and check a labelled set (UTF-8, tab-separated, `#` comments)."""
    rows: list[Row] = []
    header_seen = False
    problems: list[str] = []
    seen: set[str] = set()
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cols = raw.split("\t")
        if not header_seen:
            if cols != HEADER:
                problems.append(f"line {n}: header expected: {' '.join(HEADER)}")
            header_seen = True
            continue
        if len(cols) != 6:
            problems.append(f"line {n}: {len(cols)} columns instead of 6")
            continue
        row = Row(n, *cols)
        if row.family not in FAMILIES:
            problems.append(f"line {n}: unknown family {row.family!r}")
        if row.verdict == "bad":
            if not row.fault or not row.correction:
                problems.append(f"line {n}: a bad sentence needs a fault and a correction")
            else:
                try:
                    row.fault_span()
                except ValueError as e:
                    problems.append(str(e))
        elif row.verdict == "good":
            if row.fault or row.correction:
                problems.append(f"line {n}: a good sentence has no fault nor correction")
        else:
            problems.append(f"line {n}: verdict must be bad or good, not {row.verdict!r}")
        if row.sentence in seen:
            problems.append(f"line {n}: duplicate sentence")
        seen.add(row.sentence)
        rows.append(row)
    if problems:
        sys.exit(f"{path}:\n  " + "\n  ".join(problems))
    return rows


# --- checkers ---------------------------------------------------------------


def grammalecte_version() -> str:
    out = subprocess.run(
        ["grammalecte-cli", "-lo"], capture_output=True, text=True, check=False
    ).stdout
    m = re.search(r"Grammalecte v(\S+)", out)
    return m.group(1) if m else "?"


def run_grammalecte(texts: list[str]) -> list[list[Finding]]:
    """Grammar errors of each text (one paragraph each), in one run."""
    if shutil.which("grammalecte-cli") is None:
        sys.exit("grammalecte-cli not found (Debian: apt-get install grammalecte-cli)")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "input.txt"
        src.write_text("\n".join(t.replace("\n", " ") for t in texts) + "\n", encoding="utf-8")
        proc = subprocess.run(
            ["grammalecte-cli", "-f", str(src), "-j", "-off", *GRAMMALECTE_OFF],
            capture_output=True, text=True, check=False,
        )
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"grammalecte-cli gave no JSON (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    results: list[list[Finding]] = [[] for _ in texts]
    for para in doc.get("data", []):
        i = para["iParagraph"] - 1
        if not 0 <= i < len(texts):
            continue
        for e in para.get("lGrammarErrors", []):
            results[i].append(Finding(
                e["nStart"], e["nEnd"], e.get("sRuleId", e.get("sType", "?")),
                re.sub(r"\s*##.*$", "", e.get("sMessage", "")), e.get("aSuggestions", []),
            ))
    return results


def run_tchatlint(binary: str, texts: list[str], rules: set[str],
                  config: str | None) -> list[list[Finding]]:
    """Findings of the given rules in each text, in one run over stdin (the
    texts separated by blank lines); byte offsets mapped back to characters."""
    parts = [t.replace("\n", " ") for t in texts]
    joined = "\n\n".join(parts) + "\n"
    data = joined.encode("utf-8")
    starts: list[int] = []
    pos = 0
    for p in parts:
        starts.append(pos)
        pos += len(p.encode("utf-8")) + 2
    cmd = [binary, "check", "--format", "json"]
    if config:
        cmd += ["--config", config]
    cmd.append("-")
    proc = subprocess.run(cmd, input=data, capture_output=True, check=False)
    try:
        doc = json.loads(proc.stdout.decode("utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError):
        sys.exit(f"{binary} gave no JSON (exit {proc.returncode}):\n"
                 f"{proc.stderr.decode('utf-8', 'replace')[-2000:]}")
    results: list[list[Finding]] = [[] for _ in texts]
    encoded = [p.encode("utf-8") for p in parts]
    for f in doc.get("files", []):
        for d in f.get("diagnostics", []):
            if d["rule"] not in rules:
                continue
            b_start, b_end = d["span"]["start"], d["span"]["end"]
            i = bisect.bisect_right(starts, b_start) - 1
            if i < 0:
                continue
            raw = encoded[i]
            s = min(b_start - starts[i], len(raw))
            e = min(max(b_end - starts[i], s), len(raw))
            c_start = len(raw[:s].decode("utf-8", "ignore"))
            c_end = len(raw[:e].decode("utf-8", "ignore"))
            results[i].append(Finding(c_start, c_end, d["rule"], d.get("message", ""),
                                      list(d.get("suggestions", []))))
    return results


# --- the labelled sets --------------------------------------------------------


@dataclass
class Tally:
    bad: int = 0
    found: int = 0
    corrected: int = 0
    good: int = 0
    false_alarms: int = 0


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f}" if d else "    -"


def same(a: str, b: str) -> bool:
    """Equal, the typographic apostrophe counting as the straight one."""
    return a.replace("\u2019", "'") == b.replace("\u2019", "'")


def is_corrected(row: Row, f: Finding) -> bool:
    target = row.corrected_sentence()
    for s in f.suggestions:
        if same(s, row.correction):
            return True
        if same(row.sentence[:f.start] + s + row.sentence[f.end:], target):
            return True
    return False


def evaluate(rows: list[Row], findings: list[list[Finding]], name: str, set_path: Path,
             list_misses: bool, list_false_alarms: bool, as_json: bool) -> None:
    by_family: dict[str, Tally] = defaultdict(Tally)
    by_sub: dict[tuple[str, str], Tally] = defaultdict(Tally)
    total = Tally()
    misses: list[tuple[Row, list[Finding]]] = []
    alarms: list[tuple[Row, list[Finding]]] = []
    for row, fs in zip(rows, findings):
        tallies = (by_family[row.family], by_sub[(row.family, row.subfamily)], total)
        if row.verdict == "bad":
            start, end = row.fault_span()
            hits = [f for f in fs if f.start < end and f.end > start]
            corrected = any(is_corrected(row, f) for f in hits)
            for t in tallies:
                t.bad += 1
                t.found += bool(hits)
                t.corrected += corrected
            if not hits or not corrected:
                misses.append((row, fs))
        else:
            for t in tallies:
                t.good += 1
                t.false_alarms += bool(fs)
            if fs:
                alarms.append((row, fs))

    if as_json:
        def d(t: Tally) -> dict:
            return {"bad": t.bad, "found": t.found, "corrected": t.corrected,
                    "good": t.good, "false_alarms": t.false_alarms}
        print(json.dumps({
            "checker": name, "set": set_path.name, "total": d(total),
            "families": {k: d(v) for k, v in sorted(by_family.items())},
            "subfamilies": {f"{k[0]}/{k[1]}": d(v) for k, v in sorted(by_sub.items())},
        }, indent=2, ensure_ascii=False))
        return

    print(f"{name} on {set_path.name}: {total.bad} faulty and {total.good} correct sentences\n")
    head = f"{'':40} {'bad':>5} {'found':>5} {'recall%':>7} {'corr%':>6} {'good':>5} {'alarms':>6} {'alarm%':>6}"

    def line(label: str, t: Tally) -> str:
        return (f"{label:40} {t.bad:5} {t.found:5} {pct(t.found, t.bad):>7} "
                f"{pct(t.corrected, t.bad):>6} {t.good:5} {t.false_alarms:6} "
                f"{pct(t.false_alarms, t.good):>6}")

    print(head)
    for fam in FAMILIES:
        if fam in by_family:
            print(line(fam, by_family[fam]))
    print(line("all", total))
    print("\nby subfamily")
    print(head)
    for (fam, sub), t in sorted(by_sub.items(), key=lambda kv: (FAMILIES.index(kv[0][0]), kv[0][1])):
        print(line(f"{fam}/{sub}", t))

    if list_misses:
        print(f"\nmisses and uncorrected ({len(misses)}):")
        for row, fs in misses:
            start, end = row.fault_span()
            hits = [f for f in fs if f.start < end and f.end > start]
            what = "found, suggests " + ", ".join(
                "/".join(f.suggestions[:4]) or "nothing" for f in hits) if hits else "missed"
            print(f"  [{row.family}/{row.subfamily}] {row.sentence}  "
                  f"({row.fault} -> {row.correction}; {what})")
    if list_false_alarms:
        print(f"\nfalse alarms ({len(alarms)}):")
        for row, fs in alarms:
            print(f"  [{row.family}/{row.subfamily}] {row.sentence}")
            for f in fs:
                print(f"      {row.sentence[f.start:f.end]!r} {f.rule}: {f.message} "
                      f"{f.suggestions[:4]}")


# --- clean prose --------------------------------------------------------------

WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def count_words(text: str) -> int:
    return len(WORD.findall(text))


def prose(args: argparse.Namespace) -> None:
    files = sorted(Path(args.dir).glob("*.txt"))
    if not files:
        sys.exit(f"no .txt file in {args.dir}")
    paras: list[tuple[str, str]] = []
    for f in files:
        for p in f.read_text(encoding="utf-8").splitlines():
            if p.strip():
                paras.append((f.name, p.strip()))
    texts = [p for _, p in paras]
    words: dict[str, int] = defaultdict(int)
    for name, p in paras:
        words[name] += count_words(p)
    total_words = sum(words.values())
    checkers: list[tuple[str, list[list[Finding]]]] = []
    if not args.no_grammalecte:
        checkers.append((f"grammalecte {grammalecte_version()}", run_grammalecte(texts)))
    if args.bin:
        rules = set(filter(None, args.rules.split(",")))
        checkers.append(("tchatlint", run_tchatlint(args.bin, texts, rules, args.config)))
    if not checkers:
        sys.exit("nothing to run: give --bin, or leave grammalecte on")
    print(f"clean prose: {len(files)} files, {len(paras)} paragraphs, {total_words} words\n")
    names = [n for n, _ in checkers]
    print(f"{'file':40} {'words':>6} " + " ".join(f"{n[:22]:>22}" for n in names))
    for fname in sorted(words):
        cells = []
        for _, results in checkers:
            n = sum(len(fs) for (pf, _), fs in zip(paras, results) if pf == fname)
            cells.append(f"{n:>22}")
        print(f"{fname:40} {words[fname]:6} " + " ".join(cells))
    for name, results in checkers:
        n = sum(len(fs) for fs in results)
        print(f"\n{name}: {n} grammar findings, {1000.0 * n / total_words:.2f} per 1,000 words")
        if args.list_findings:
            for (fname, p), fs in zip(paras, results):
                for f in fs:
                    lo, hi = max(0, f.start - 40), min(len(p), f.end + 40)
                    print(f"  {fname}: …{p[lo:f.start]}[{p[f.start:f.end]}]{p[f.end:hi]}…")
                    print(f"      {f.rule}: {f.message} {f.suggestions[:4]}")


# --- command line -------------------------------------------------------------


def main() -> None:
    # Quiet when piped into head.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)

    def set_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--set", default=str(DEFAULT_SET), help="labelled set (TSV)")
        p.add_argument("--list-misses", action="store_true",
                       help="list the faulty sentences missed or not corrected")
        p.add_argument("--list-false-alarms", action="store_true",
                       help="list the correct sentences with a finding")
        p.add_argument("--json", action="store_true", help="print the figures as JSON")

    g = sub.add_parser("grammalecte", help="measure grammalecte-cli on a labelled set")
    set_options(g)
    t = sub.add_parser("tchatlint", help="measure tchatlint on a labelled set")
    set_options(t)
    t.add_argument("--bin", required=True, help="path of the tchatlint binary")
    t.add_argument("--rules", default=GRAMMAR_RULES,
                   help=f"comma-separated rule ids that count (default {GRAMMAR_RULES})")
    t.add_argument("--config", help="house style passed to tchatlint --config")
    p = sub.add_parser("prose", help="grammar findings per 1,000 words of clean prose")
    p.add_argument("--dir", default=str(PROSE_DIR), help="folder of .txt files")
    p.add_argument("--bin", help="path of the tchatlint binary (else grammalecte only)")
    p.add_argument("--rules", default=GRAMMAR_RULES, help="rule ids that count for tchatlint")
    p.add_argument("--config", help="house style passed to tchatlint --config")
    p.add_argument("--no-grammalecte", action="store_true", help="do not run grammalecte-cli")
    p.add_argument("--list-findings", action="store_true", help="list every finding")
    args = ap.parse_args()

    if args.command == "prose":
        prose(args)
        return
    set_path = Path(args.set)
    rows = load_set(set_path)
    texts = [r.sentence for r in rows]
    if args.command == "grammalecte":
        findings = run_grammalecte(texts)
        name = f"grammalecte {grammalecte_version()} (off: {' '.join(GRAMMALECTE_OFF)})"
    else:
        rules = set(filter(None, args.rules.split(",")))
        findings = run_tchatlint(args.bin, texts, rules, args.config)
        name = f"tchatlint (rules: {', '.join(sorted(rules))})"
    evaluate(rows, findings, name, set_path, args.list_misses, args.list_false_alarms, args.json)


if __name__ == "__main__":
    main()
