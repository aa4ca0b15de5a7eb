#!/usr/bin/env bash
# Scores the HTML reader of newsdex-formats on the shared gold pages: main text and
# headlines (score-html-body) and publication days (score-html-dates). Builds the
# crate's `read` example, runs it over ../shared/gold/html/{body,dates}/PAGES, and
# prints each scorer's summary line. Skips, saying so, when ../shared is absent.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${NEWSDEX_SHARED:-$root/../shared}"
gold="$shared/gold/html"
if [[ ! -d "$gold/body/PAGES" || ! -x "$shared/tools/score-html-body" ]]; then
  echo "html-eval: $gold not found; skipped (set NEWSDEX_SHARED to the shared folder)"
  exit 0
fi
out="${TMPDIR:-/tmp}/newsdex-html-eval"
mkdir -p "$out"
cargo build --quiet --release -p newsdex-formats --example read
read_bin="$root/target/release/examples/read"

start=$(date +%s.%N)
"$read_bin" --html "$gold"/body/PAGES/*.html.gz >"$out/body.jsonl" 2>"$out/body.issues"
end=$(date +%s.%N)
echo "body:  $("$shared/tools/score-html-body" "$gold/body/ground-truth.json" "$out/body.jsonl" --bootstrap 0 | tail -1)"
echo "       $(ls "$gold"/body/PAGES/*.html.gz | wc -l) pages in $(printf %.2f "$(echo "$end - $start" | bc)") s (wall clock, with gunzip and JSON output)"

"$read_bin" --html "$gold"/dates/PAGES/*.html.gz >"$out/dates.jsonl" 2>"$out/dates.issues"
echo "dates: $("$shared/tools/score-html-dates" "$gold/dates/gold.json" "$out/dates.jsonl" | tail -1)"
echo "predictions and issues in $out"
