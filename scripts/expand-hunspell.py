#!/usr/bin/env python3
"""Expand a Hunspell dictionary (.dic + .aff) into its full list of word forms.

Written for the French Dicollecte/Grammalecte dictionary shipped by Debian
(hunspell-fr-*): `FLAG long`, suffixes whose continuation classes are only
elision prefixes, unit prefixes (kilo-, méga-…) with `NEEDAFFIX`.
`unmunch` from hunspell-tools does not understand `FLAG long` and prints
garbage on this dictionary, hence this script.

Elision prefixes (l', d', qu', jusqu', s'…) are not expanded: tchatlint's
tokeniser splits them off before looking a word up.

Output, one form a line, sorted by UTF-8 bytes: `form<TAB>zipf<TAB>flags`
where zipf is the form's frequency on wordfreq's Zipf scale times ten (0 when
unknown or without --freq) and flags is `n` for a form that must never be
suggested (NOSUGGEST), empty otherwise.

With --morph, the output is instead every analysis of every form, one a line,
sorted by form then analysis: `form<TAB>zipf<TAB>lemma<TAB>fields` where
fields are the dictionary entry's morphological fields (`po:`, `is:`) merged
with those of the affix rules that made the form, as `hunspell -m` shows them
(sorted, space-separated; `st:` is the lemma column, derivation fields `dp:`,
`ds:`, `al:` are dropped). The lemma is the entry's `st:` or its stem.

usage: expand-hunspell.py [--freq LANG] [--morph] fr.aff fr.dic > forms.tsv
"""
import re
import sys
from collections import defaultdict


def parse_flags(s, mode):
    if mode == "long":
        return [s[i:i + 2] for i in range(0, len(s) - 1, 2)]
    if mode == "num":
        return s.split(",")
    return list(s)


def cond_regex(cond, kind):
    # Hunspell conditions are a tiny regex language: chars, `.`, [..], [^..].
    if cond == ".":
        return None
    return re.compile(("^" + cond) if kind == "PFX" else (cond + "$"))


def parse_aff(path):
    flag_mode = "char"
    special = {}
    affixes = {}  # flag -> (kind, cross, [(strip, add, contflags, regex, morph)])
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    i = 0
    while i < len(lines):
        parts = lines[i].split()
        i += 1
        if not parts or parts[0].startswith("#"):
            continue
        key = parts[0]
        if key == "FLAG":
            flag_mode = parts[1]
        elif key in ("NEEDAFFIX", "FORBIDDENWORD", "CIRCUMFIX", "KEEPCASE", "NOSUGGEST", "ONLYINCOMPOUND"):
            special[key] = parts[1]
        elif key in ("PFX", "SFX") and len(parts) == 4 and parts[3].isdigit():
            flag, cross, count = parts[1], parts[2] == "Y", int(parts[3])
            rules = []
            for _ in range(count):
                r = lines[i].split()
                i += 1
                strip = "" if r[2] == "0" else r[2]
                add, _, cont = r[3].partition("/")
                add = "" if add == "0" else add
                cont = set(parse_flags(cont, flag_mode)) if cont else set()
                cond = r[4] if len(r) > 4 else "."
                morph = tuple(r[5:])
                rules.append((strip, add, cont, cond_regex(cond, key), morph))
            affixes[flag] = (key, cross, rules)
    return flag_mode, special, affixes


def parse_dic_line(line):
    # `stem/flags<TAB or space>morphology`; `\/` escapes a slash in a stem.
    line = line.rstrip("\n")
    head = re.split(r"[\t ]", line, maxsplit=1)[0]
    stem, flags = head, ""
    m = re.match(r"^((?:\\/|[^/])+)(?:/(.*))?$", head)
    if m:
        stem, flags = m.group(1).replace("\\/", "/"), m.group(2) or ""
    return stem, flags


def parse_dic_morph(line):
    # The fields after the stem: `po:nom is:mas st:lemme`.
    return [f for f in re.split(r"[\t ]+", line.strip())[1:] if re.match(r"^[a-z]{2}:", f)]


# Fields kept in the analyses: part of speech and inflection (`st:` is the
# lemma; `dp:`/`ds:` (derivations) and `al:` (allomorph) say nothing of the form).
MORPH_KEYS = ("po:", "is:")


def analysis(stem, dic_fields, *affix_fields):
    lemma = stem
    fields = set()
    for f in dic_fields:
        if f.startswith("st:"):
            lemma = f[3:]
        elif f.startswith(MORPH_KEYS) and len(f) > 3:
            fields.add(f)
    for fs in affix_fields:
        fields.update(f for f in fs if f.startswith(MORPH_KEYS) and len(f) > 3)
    return lemma, " ".join(sorted(fields))


def is_elision(add):
    return "'" in add or "’" in add


def apply_sfx(word, rule):
    strip, add, cont, rx, _ = rule
    if strip and not word.endswith(strip):
        return None
    if rx is not None and not rx.search(word):
        return None
    return word[: len(word) - len(strip)] + add


def apply_pfx(word, rule):
    strip, add, cont, rx, _ = rule
    if strip and not word.startswith(strip):
        return None
    if rx is not None and not rx.search(word):
        return None
    return add + word[len(strip):]


def expand(aff_path, dic_path, morph=None):
    """Returns {form: never_suggest}; fills `morph` ({form: {(lemma, fields)}})
    when given."""
    mode, special, affixes = parse_aff(aff_path)
    need = special.get("NEEDAFFIX")
    forbidden = special.get("FORBIDDENWORD")
    nosuggest = special.get("NOSUGGEST")
    forms = {}

    def emit(w, ns, ana=None):
        if not w or " " in w:
            return
        prev = forms.get(w)
        # A form is suggestible if any of its derivations is.
        forms[w] = ns if prev is None else (prev and ns)
        if morph is not None and ana is not None:
            morph.setdefault(w, set()).add(ana)

    with open(dic_path, encoding="utf-8") as f:
        f.readline()  # word count
        for line in f:
            if not line.strip():
                continue
            stem, flagstr = parse_dic_line(line)
            dic_fields = parse_dic_morph(line) if morph is not None else []
            flags = set(parse_flags(flagstr, mode))
            if forbidden in flags:
                continue
            ns = nosuggest in flags
            # Suffixed forms (with the stem itself unless NEEDAFFIX).
            suffixed = []  # (form, contflags, cross, affix fields)
            if need not in flags:
                suffixed.append((stem, set(), True, ()))
            for fl in flags:
                a = affixes.get(fl)
                if not a or a[0] != "SFX":
                    continue
                for rule in a[2]:
                    w = apply_sfx(stem, rule)
                    if w is None:
                        continue
                    if need in rule[2]:
                        continue
                    suffixed.append((w, rule[2], a[1], rule[4]))
            for w, _, _, sfields in suffixed:
                # `commandè`, `aimè` exist only before `-je` (`aimè-je`):
                # accepted there, never suggested alone.
                inverted = w.endswith("è") and len(w) > 1 and w[-2] not in "aeiouy"
                emit(w, ns or inverted, analysis(stem, dic_fields, sfields))
            # Prefixes that are not elisions (unit prefixes kilo-, méga-…).
            for fl in flags:
                a = affixes.get(fl)
                if not a or a[0] != "PFX":
                    continue
                pcross = a[1]
                for rule in a[2]:
                    if is_elision(rule[1]):
                        continue
                    pcont = rule[2]
                    base = apply_pfx(stem, rule)
                    if base is None:
                        continue
                    # The lemma of a prefixed form keeps the prefix
                    # (kilogrammes: kilogramme).
                    if need not in pcont and need not in flags:
                        emit(base, ns, analysis(base, dic_fields, rule[4]))
                    # Suffixes of the stem (cross product) and of the prefix's
                    # continuation class.
                    sflags = [x for x in flags if pcross] + list(pcont)
                    for sf in sflags:
                        sa = affixes.get(sf)
                        if not sa or sa[0] != "SFX" or not sa[1]:
                            continue
                        for srule in sa[2]:
                            w = apply_sfx(base, srule)
                            if w is not None and need not in srule[2]:
                                emit(w, ns, analysis(base, dic_fields, rule[4], srule[4]))
    return forms


def main():
    args = sys.argv[1:]
    lang = None
    morph = None
    while args and args[0].startswith("--"):
        if args[0] == "--freq":
            lang = args[1]
            args = args[2:]
        elif args[0] == "--morph":
            morph = {}
            args = args[1:]
        else:
            sys.exit(f"unknown option {args[0]}")
    aff, dic = args
    forms = expand(aff, dic, morph)
    zipf = {}
    if lang:
        import wordfreq

        for w, f in wordfreq.get_frequency_dict(lang, wordlist="best").items():
            zipf[w] = max(0, min(80, round(wordfreq.freq_to_zipf(f) * 10)))
    out = sys.stdout
    for w in sorted(forms, key=lambda x: x.encode("utf-8")):
        key = w.lower().replace("’", "'")
        z = zipf.get(key, 0)
        if not z and "-" in key:
            # wordfreq splits compounds: rate one by its rarest part.
            parts = [zipf.get(p, 0) for p in key.split("-") if p]
            z = min(parts) if parts else 0
        if morph is None:
            out.write(f"{w}\t{z}\t{'n' if forms[w] else ''}\n")
            continue
        for lemma, fields in sorted(morph.get(w, ())):
            out.write(f"{w}\t{z}\t{lemma}\t{fields}\n")


if __name__ == "__main__":
    main()
