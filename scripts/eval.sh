#!/usr/bin/env bash
# Extraction quality gate: runs `search extract` over the shared gold sets, scores them with
# ../shared/tools/score-extraction, prints one table, and fails when a figure drops below its
# floor. Floors sit a little under the figures last measured, so gains are never silently lost.
# Skips (exit 0, saying so) when ../shared is absent: that data is not part of the project.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${NEWSDEX_SHARED:-$root/../shared}"
if [ ! -x "$shared/tools/score-extraction" ]; then
    echo "eval: skipped: $shared/tools/score-extraction is absent"
    exit 0
fi
cargo build --quiet --release -p newsdex-cli --manifest-path "$root/Cargo.toml"
search="${CARGO_TARGET_DIR:-$root/target}/release/search"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# set  metric                floor   (metrics are keys of the scorers' JSON output; actors
#                                     are strict F1; for aida, names per entity and conflation
#                                     are ceilings, not floors: lower is better)
floors='
seeds   person.strict.f1        0.98
seeds   org.strict.f1           0.94
seeds   place.strict.f1         0.97
seeds   date_values.f1          0.97
seeds   titles                  3/3
seeds   published               1/1
conll   person.strict.f1        0.94
conll   org.strict.f1           0.87
conll   place.strict.f1         0.935
conllpp person.strict.f1        0.89
conllpp org.strict.f1           0.815
conllpp place.strict.f1         0.945
crossner person.strict.f1       0.815
crossner org.strict.f1          0.765
crossner place.strict.f1        0.75
timeml  date_values.f1          0.91
timeml  date_mentions_value.f1  0.91
aida    bcubed.f1               0.965
aida    fragmentation.mean_names 1.08
aida    conflation.share        0.05
aida    coverage                0.88
'

score() { # name gold pred
    "$shared/tools/score-extraction" "$2" "$3" --json | sed '$d' > "$work/$1.json"
}

"$search" extract --jsonl "$shared"/seeds/*.txt > "$work/seeds.pred"
score seeds "$shared/gold/seeds.jsonl" "$work/seeds.pred"

start=$(date +%s.%N)
"$search" extract --jsonl "$shared/gold/conll2003-dev.jsonl" > "$work/conll.pred"
score conll "$shared/gold/conll2003-dev.jsonl" "$work/conll.pred"

for set in conllpp:conllpp-2020-dev crossner:crossner-politics-dev; do
    "$search" extract --jsonl "$shared/gold/${set#*:}.jsonl" > "$work/${set%%:*}.pred"
    score "${set%%:*}" "$shared/gold/${set#*:}.jsonl" "$work/${set%%:*}.pred"
done

# Resolution: the 216 texts of conll2003-dev are one archive, their mentions linked.
"$search" extract --jsonl "$shared/gold/aida-testa.jsonl" > "$work/aida.pred"
"$shared/tools/score-resolution" "$shared/gold/aida-testa.jsonl" "$work/aida.pred" | sed '$d' > "$work/aida.json"

cat "$shared/gold/timeml-timebank.jsonl" "$shared/gold/timeml-aquaint.jsonl" > "$work/timeml.jsonl"
"$search" extract --jsonl "$work/timeml.jsonl" > "$work/timeml.pred"
score timeml "$work/timeml.jsonl" "$work/timeml.pred"

python3 - "$work" "$floors" <<'PY'
import json, sys
work, floors = sys.argv[1], sys.argv[2]
def get(doc, path):
    for part in path.split("."):
        doc = doc[part]
    return doc
failed = 0
print(f"{'set':<8} {'metric':<24} {'value':>7} {'floor':>7}")
for line in floors.strip().splitlines():
    name, metric, floor = line.split()
    value = get(json.load(open(f"{work}/{name}.json")), metric)
    if isinstance(value, str):
        ok = value == floor
    elif metric in ("fragmentation.mean_names", "conflation.share"):
        ok = value <= float(floor)
    else:
        ok = value >= float(floor)
    failed += not ok
    print(f"{name:<8} {metric:<24} {value!s:>7} {floor:>7}{'' if ok else '  BELOW FLOOR'}")
print(f"{len(floors.strip().splitlines()) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
PY
