#!/usr/bin/env python3
"""The benchmark text of scripts/bench-spelling.sh and scripts/bench-grammar.sh.

The French Debian Reference (package debian-reference-fr, HTML turned into
plain text, paragraphs still in English left out) followed by the clean
replies and sentences of the test suite, repeated in a fixed shuffled order
until the text reaches SIZE_MB. Written to WORK/all.txt (one file) and
WORK/replies/ (replies of about 2 KB, as tchatlint is used).

usage: bench_text.py WORK SIZE_MB
"""
import glob, html, os, random, re, sys
work, size_mb = sys.argv[1], float(sys.argv[2])
FR = set("le la les de des du et est un une que qui dans pour pas sur au aux avec ce cette sont par vous il elle".split())
EN = set("the and of to is in that for with this are by be it you can from".split())
parts = []
for f in sorted(glob.glob("/usr/share/debian-reference/*.fr.html")):
    t = open(f, encoding="utf-8", errors="replace").read()
    t = re.sub(r"(?s)<(script|style|pre)[^>]*>.*?</\1>", " ", t)
    t = re.sub(r"<[^>]+>", " ", t)
    t = html.unescape(t)
    for para in re.split(r"\n\s*\n", t):
        para = re.sub(r"[ \t\r\f\v]+", " ", para).strip()
        # The French Debian Reference keeps some paragraphs in English:
        # only French prose is kept.
        words = re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", para.lower())
        fr = sum(w in FR for w in words)
        en = sum(w in EN for w in words)
        if len(para) > 40 and fr >= 3 and fr >= 3 * en:
            parts.append(para)
clean = [l for l in open("tests/data/spelling/clean.txt", encoding="utf-8").read().splitlines()
         if l and not l.startswith("#")]
for f in sorted(glob.glob("tests/fixtures/clean/*.txt")):
    clean.append(open(f, encoding="utf-8").read().strip())
rng = random.Random(42)
out, size = [], 0
target = int(size_mb * 1024 * 1024)
while size < target:
    block = parts + clean
    rng.shuffle(block)
    for b in block:
        out.append(b)
        size += len(b.encode("utf-8")) + 2
        if size >= target:
            break
text = "\n\n".join(out) + "\n"
open(os.path.join(work, "all.txt"), "w", encoding="utf-8").write(text)
os.makedirs(os.path.join(work, "replies"))
chunk, n, cur = [], 0, 0
for b in out:
    chunk.append(b)
    cur += len(b)
    if cur >= 2048:
        open(os.path.join(work, "replies", f"{n:06}.txt"), "w", encoding="utf-8").write("\n\n".join(chunk) + "\n")
        chunk, cur, n = [], 0, n + 1
if chunk:
    open(os.path.join(work, "replies", f"{n:06}.txt"), "w", encoding="utf-8").write("\n\n".join(chunk) + "\n")
words = len(re.findall(r"\w+", text))
print(f"text: {len(text.encode('utf-8')) / 1e6:.1f} MB, {words} words, {n + 1} replies")
