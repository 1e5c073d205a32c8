#!/usr/bin/env bash
# Rebuilds lexicon/morph/ (the embedded morphology, src/morph/) from
# Debian's hunspell-fr-comprehensive (Dicollecte/Grammalecte French
# dictionary 7.0; MPL-2.0): every form the spelling dictionary expands,
# with its analyses (the entry's po:/is:/st: fields merged with those of
# the affix rules, as `hunspell -m` shows them).
#
# usage: scripts/build-morphology.sh   (run from anywhere; also run by
#        scripts/build-dictionary.sh; installs the package when missing)
set -euo pipefail
cd "$(dirname "$0")/.."

AFF=/usr/share/hunspell/fr.aff
DIC=/usr/share/hunspell/fr.dic

if [ ! -f "$AFF" ] || [ ! -f "$DIC" ]; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y hunspell-fr-comprehensive
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "expanding $DIC with analyses…" >&2
python3 scripts/expand-hunspell.py --morph "$AFF" "$DIC" > "$tmp/morph.tsv"
mkdir -p lexicon/morph
# The most frequent forms (lexicon/spelling/common.txt, made by
# scripts/build-dictionary.sh) go in a hash table beside the fst.
cargo run --quiet --example build_morphology -- "$tmp/morph.tsv" lexicon/spelling/common.txt lexicon/morph
{
    echo "hunspell-fr-comprehensive $(dpkg-query -W -f='${Version}' hunspell-fr-comprehensive 2>/dev/null || echo '?')"
    echo "analyses $(wc -l < "$tmp/morph.tsv")"
    (cd lexicon/morph && sha256sum words.fst morph.bin) | sed 's/^/sha256 /; s/  / /'
} > lexicon/morph/SOURCE
du -b lexicon/morph/words.fst lexicon/morph/morph.bin >&2
