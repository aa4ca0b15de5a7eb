#!/usr/bin/env python3
"""Sorts the hand-written word lists of crates/newsdex-extract/src/lexicon/ and drops
duplicates, keeping each file's comments where they are: the entries between two comment
lines are one section, sorted on its own. Run it after adding entries; the crate's
`lexicon::tests::lists_are_sorted_and_free_of_duplicates` checks the result.

    scripts/lexicon-sort.py
"""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "crates/newsdex-extract/src/lexicon"
# Files with several entries to a line (single words); the others have one entry a line.
WORDS = {"common_words.txt", "demonyms.txt", "given_names.txt"}
# Lists made by scripts/lexicon-from-packages.py and scripts/lexicon-from-train.py,
# sorted there.
GENERATED = {
    "geonames_places.txt",
    "census_given_names.txt",
    "census_surnames.txt",
    "lowercase_words.txt",
}


def tidy(path):
    words = path.name in WORDS
    seen = set()
    out, section = [], []

    def flush():
        entries = sorted(set(section))
        if words:
            line = ""
            for e in entries:
                if line and len(line) + 1 + len(e) > 92:
                    out.append(line)
                    line = ""
                line = f"{line} {e}" if line else e
            if line:
                out.append(line)
        else:
            out.extend(entries)
        section.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            flush()
            out.append(line)
            continue
        for e in line.split() if words else [line]:
            if e not in seen:
                seen.add(e)
                section.append(e)
    flush()
    path.write_text("".join(f"{l}\n" for l in out), encoding="utf-8")


for p in sorted(ROOT.glob("*.txt")):
    if p.name not in GENERATED and p.name != "aliases.txt":
        tidy(p)
