#!/usr/bin/env bash
# Seeds the fuzz corpora from the scenario corpus. The model target reads its
# first byte as the variant, so its seeds get one byte per platform in front.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/frontend corpus/model
for f in ../scenarios/*.py ../scenarios/hazards/*.py; do
    name=$(basename "$f" .py)
    cp "$f" "corpus/frontend/$name.py"
    for v in 0 4 8; do
        { printf "\\x0$v"; cat "$f"; } > "corpus/model/$name-$v"
    done
done
