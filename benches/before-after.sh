#!/usr/bin/env bash
# Whole-process `search query` (top 10 with snippets and facet counts over all matches)
# of two builds of newsdex side by side: the queries of benches/compare.sh and three
# stop-word phrases, each pair timed in one hyperfine run (alternating, medians of 40).
# For "is this change slower?": build the old commit in a worktree, index the same
# corpus with each build (index formats may differ), then compare.
#
# usage: benches/before-after.sh OLD_BIN OLD_INDEX NEW_BIN NEW_INDEX
set -euo pipefail
[ $# -eq 4 ] || { sed -n '2,8p' "$0"; exit 2; }
command -v hyperfine > /dev/null || { echo "needs hyperfine (apt-get install hyperfine)" >&2; exit 2; }
old=$1 old_index=$2 new=$3 new_index=$4
json=$(mktemp)
trap 'rm -f "$json"' EXIT
for q in "oil" "oil prices" "coffee exports brazil" "interest rates" "opec production quota" \
  '"bank of england"' '"the united states"' '"point of no return"'; do
  hyperfine -N -w 3 -r 40 --export-json "$json" \
    "$old --index $old_index query $q" "$new --index $new_index query $q" > /dev/null 2>&1
  Q="$q" python3 -c '
import json, os, sys
r = json.load(open(sys.argv[1]))["results"]
b, a = [x["median"] * 1000 for x in r]
q = os.environ["Q"]
print(f"{q:24s} old {b:6.2f} ms  new {a:6.2f} ms  new/old {a / b:.2f}")' "$json"
done
