#!/usr/bin/env python3
"""Inputs of scripts/bench-scaling.sh, generated (nothing downloaded).

usage: scaling_inputs.py KIND SIZE_MB OUT
KIND:
  clean  the house-style replies of tests/fixtures/clean, bubbles separated
         by blank lines, repeated in a fixed shuffled order;
  dense  SMS-heavy replies: most words are SMS forms, familiar words or
         abbreviations, in bubbles separated by blank lines;
  line   the clean replies and some SMS forms on one single line (no line
         break at all);
  okok   "ok ok " repeated, one line (every word a finding).
"""
import glob, random, sys

kind, size_mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
target = int(size_mb * 1024 * 1024)
rng = random.Random(19)
clean = [open(f, encoding="utf-8").read().strip() for f in sorted(glob.glob("tests/fixtures/clean/*.txt"))]
SMS = ("slt bjr cc tkt jsp pk stp svp mdr dsl pr vs ds tt mtn bcp qd koi tjrs "
       "rdv dc jvais chui g ok ouais dispo bg dacc vrmt ptdr pq ajd a+ 2m1 "
       "ya kan pb jpp jcp mm cad").split()
WORDS = "je vous votre dossier regarde merci pour la commande est bien reçue et on".split()

with open(out, "w", encoding="utf-8") as f:
    size = 0
    if kind == "okok":
        unit = "ok ok " * 1000
        while size < target:
            f.write(unit)
            size += len(unit)
        sys.exit(0)
    while size < target:
        if kind == "dense":
            words = [rng.choice(SMS) if rng.random() < 0.6 else rng.choice(WORDS)
                     for _ in range(rng.randint(8, 40))]
            part = " ".join(words) + rng.choice([" !!", ".", " ?", "..", " 😀", ""]) + "\n\n"
        elif kind == "clean":
            part = rng.choice(clean) + "\n\n"
        elif kind == "line":
            part = rng.choice(clean).replace("\n", " ") + " " + " ".join(rng.sample(SMS, 3)) + ". "
        else:
            sys.exit("unknown kind " + kind)
        f.write(part)
        size += len(part.encode("utf-8"))
    f.write("\n")
