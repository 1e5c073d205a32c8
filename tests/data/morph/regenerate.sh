#!/usr/bin/env bash
# Regenerates hunspell-m.txt, the reference the morphology test compares the
# embedded analyses with (the test machines have no hunspell).
# usage: tests/data/morph/regenerate.sh   (needs hunspell and hunspell-fr-comprehensive)
set -euo pipefail
cd "$(dirname "$0")"
{
    echo "# Reference analyses of $(wc -l < words.txt) frequent and tricky forms (words.txt), made"
    echo "# with hunspell -d fr -m (hunspell-fr-comprehensive $(dpkg-query -W -f='${Version}' hunspell-fr-comprehensive))"
    echo "# by regenerate.sh. One line per analysis: the form, then its fields."
    hunspell -d fr -m < words.txt | grep -v '^$'
} > hunspell-m.txt
