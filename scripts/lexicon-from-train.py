#!/usr/bin/env python3
"""Writes crates/newsdex-extract/src/lexicon/lowercase_words.txt from CoNLL-2003 train:
the words English news writes in lowercase, which a capital at a sentence's start does
not make a name ("Corn sales gained", "Wages and salaries rose", "Look, you don't").

A word is listed when CoNLL-2003 train writes it in lowercase five times or more and
capitalised within a sentence (not at its start) at most a twentieth as often, so that
surnames and names that are also words ("Major", "Black", "Little", "Ford", "White")
stay out. Words of the other lists (names, places, organisations, roles, common words)
are left out too: those lists already say what the word is. Training data only, as the
actor model: never dev or test.

    scripts/lexicon-from-train.py [CONLL2003_TRAIN.jsonl]
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "crates/newsdex-extract/src/lexicon"
TRAIN = ROOT.parent / "shared/gold/conll2003-train.jsonl"
MIN_LOWER = 5
MAX_CAPITALISED_SHARE = 20
# Marks that end a sentence, and marks that keep a sentence's start pending.
ENDS = {".", "?", "!", ":", ";"}
PENDING = {'"', "(", "-", "--", "'", "`"}
# Lists whose words are not repeated here, one entry a line or several.
OTHER_LISTS = [
    "common_words.txt",
    "given_names.txt",
    "census_given_names.txt",
    "known_orgs.txt",
    "org_words.txt",
    "places.txt",
    "countries.txt",
    "demonyms.txt",
    "roles.txt",
]

HEADER = """\
# Words that English news writes in lowercase: at a sentence's start their capital marks
# no name ("Corn sales gained", "Wages and salaries rose"). Each is written in lowercase
# five times or more in CoNLL-2003 train and capitalised within a sentence at most a
# twentieth as often; words of the other lists are left out.
# Source: CoNLL-2003 train (the actor model's training data; never dev or test).
# Written by scripts/lexicon-from-train.py; do not edit by hand.
"""


def other_words():
    words = set()
    for name in OTHER_LISTS:
        for line in (LEXICON / name).read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            for w in line.split():
                words.add(w.lower())
            words.add(line.lower())
    return words


def main():
    train = Path(sys.argv[1]) if len(sys.argv) > 1 else TRAIN
    lower, capitalised = Counter(), Counter()
    with train.open(encoding="utf-8") as f:
        for record in f:
            text = json.loads(record)["text"]
            for line in text.split("\n"):
                start = True
                for tok in line.split(" "):
                    if re.fullmatch(r"[A-Za-z]+", tok):
                        if tok.islower():
                            lower[tok] += 1
                        elif tok[0].isupper() and tok[1:].islower() and not start:
                            capitalised[tok.lower()] += 1
                        start = False
                    elif tok in ENDS:
                        start = True
                    elif tok not in PENDING:
                        start = False
    others = other_words()
    listed = sorted(
        w
        for w, n in lower.items()
        if n >= MIN_LOWER
        and len(w) >= 3
        and capitalised[w] * MAX_CAPITALISED_SHARE <= n
        and w not in others
    )
    out = LEXICON / "lowercase_words.txt"
    out.write_text(HEADER + "\n".join(listed) + "\n", encoding="utf-8")
    print(f"{len(listed)} words -> {out}")


if __name__ == "__main__":
    main()
