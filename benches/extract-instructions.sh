#!/usr/bin/env bash
# Instructions `newsdex_extract::extract` executes per 1,000 articles, counted by callgrind
# over the articles 1,001-3,000 of the bench corpus (Reuters when ../shared has it), after
# the first 1,000 warm up. Timings on this machine swing by a third within minutes; these
# counts do not, so they are how two versions of the extractor compare ("same output,
# fewer instructions": see benches/extract-same.sh for the first half).
#
# usage: benches/extract-instructions.sh [CALLGRIND_OUT]   (keep the profile, for
#        callgrind_annotate, by naming a file)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v valgrind > /dev/null || { echo "needs valgrind (apt-get install valgrind)" >&2; exit 2; }
# The bench profile: the criterion benches' code (no LTO), with symbols.
cargo build --quiet --profile bench -p benches --bin extract-once --manifest-path "$root/Cargo.toml"
bin="${CARGO_TARGET_DIR:-$root/target}/release/extract-once"
out="${1:-}"
keep=1
if [ -z "$out" ]; then out="$(mktemp)"; keep=0; fi
log="$(mktemp)"
trap 'rm -f "$log"; [ "$keep" = 1 ] || rm -f "$out"' EXIT
valgrind --tool=callgrind --toggle-collect='extract_once::work' --callgrind-out-file="$out" \
    "$bin" > "$log" 2>&1 || { cat "$log" >&2; exit 1; }
grep '^extract-once:' "$log"
# ("Collected" counts the toggled function only: 2,000 articles.)
awk '/Collected :/ { printf "%.2fM instructions per 1000 articles\n", $4 / 2e6 }' "$log"
