#!/usr/bin/env bash
# Rebuilds lexicon/spelling/fr.fst, the embedded French dictionary of the
# `spelling` rule, from registry packages:
#   - Debian's hunspell-fr-comprehensive (Dicollecte/Grammalecte French
#     dictionary 7.0, "toutes variantes": traditional and 1990 rectified
#     spellings; MPL-2.0);
#   - PyPI's wordfreq (French word frequencies, shipped inside the package;
#     code Apache-2.0, data CC BY-SA 4.0).
# Every affixed form is expanded (scripts/expand-hunspell.py), frequencies are
# attached, and the sorted list is written as an fst map
# (examples/build_dictionary.rs).
#
# usage: scripts/build-dictionary.sh        (run from the repository root;
#        installs the packages with apt-get and pip when they are missing)
set -euo pipefail
cd "$(dirname "$0")/.."

AFF=/usr/share/hunspell/fr.aff
DIC=/usr/share/hunspell/fr.dic
WORDFREQ_VERSION=3.1.1

if [ ! -f "$AFF" ] || [ ! -f "$DIC" ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y hunspell-fr-comprehensive
fi
if ! python3 -c "import wordfreq" 2>/dev/null; then
    python3 -m pip install "wordfreq==$WORDFREQ_VERSION"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "expanding $DIC…" >&2
python3 scripts/expand-hunspell.py --freq fr "$AFF" "$DIC" > "$tmp/forms.tsv"
wc -l < "$tmp/forms.tsv" | xargs -I{} echo "{} forms" >&2

cargo run --quiet --release --example build_dictionary -- "$tmp/forms.tsv" \
    lexicon/spelling/fr.fst lexicon/spelling/fr-rev.fst
{
    echo "hunspell-fr-comprehensive $(dpkg-query -W -f='${Version}' hunspell-fr-comprehensive 2>/dev/null || echo '?')"
    echo "wordfreq $(python3 -c 'import wordfreq, importlib.metadata as m; print(m.version("wordfreq"))')"
    echo "forms $(wc -l < "$tmp/forms.tsv")"
    sha256sum lexicon/spelling/fr.fst lexicon/spelling/fr-rev.fst | sed 's/^/sha256 /; s/  lexicon\/spelling\// /' 
} > lexicon/spelling/SOURCE
du -h lexicon/spelling/*.fst >&2
