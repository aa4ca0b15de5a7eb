#!/usr/bin/env bash
# Does extraction give byte for byte the same output with two builds of `search`? Runs
# `search extract` of each over Reuters-21578, the saved web pages of ../shared/gold/html
# and CoNLL-2003 train, and says per set whether the outputs are identical, else how many
# records differ and the first that does. For changes meant to make extraction faster
# without changing what it finds (benches/extract-instructions.sh counts the other half).
#
# usage: benches/extract-same.sh OLD_SEARCH NEW_SEARCH
set -euo pipefail
[ $# -eq 2 ] || { sed -n '2,7p' "$0"; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${NEWSDEX_SHARED:-$root/../shared}"
old=$1 new=$2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
status=0
# One build's output; exit status 2 (records left out, said on stderr) still counts.
extract() { # binary, output, extract arguments...
    local bin=$1 out=$2 rc=0; shift 2
    "$bin" extract "$@" > "$out" 2> "$work/stderr" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
        echo "extract-same: $bin extract failed (exit $rc):" >&2
        tail -3 "$work/stderr" >&2
        exit 2
    fi
}
compare() { # label, extract arguments...
    local label=$1; shift
    extract "$old" "$work/old.jsonl" "$@"
    extract "$new" "$work/new.jsonl" "$@"
    if [ ! -s "$work/new.jsonl" ]; then
        echo "$label: no records extracted"
        status=1
        return
    elif cmp -s "$work/old.jsonl" "$work/new.jsonl"; then
        echo "$label: identical ($(wc -l < "$work/new.jsonl") records)"
        return
    fi
    status=1
    python3 - "$label" "$work/old.jsonl" "$work/new.jsonl" <<'PY'
import sys
label, a, b = sys.argv[1], open(sys.argv[2]).read().splitlines(), open(sys.argv[3]).read().splitlines()
diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
print(f"{label}: DIFFERENT: {len(diff)} records differ, {len(a)} -> {len(b)} records")
if diff:
    i = diff[0]
    print(f"  first at record {i + 1}:\n  old {a[i][:300]}\n  new {b[i][:300]}")
PY
}
[ -f "$shared/corpora/reuters21578.jsonl" ] && compare reuters "$shared/corpora/reuters21578.jsonl"
[ -d "$shared/gold/html" ] && compare web-pages --html "$shared/gold/html/body/PAGES" "$shared/gold/html/dates/PAGES"
[ -f "$shared/gold/conll2003-train.jsonl" ] && compare conll-train "$shared/gold/conll2003-train.jsonl"
[ -d "$shared" ] || echo "extract-same: skipped: $shared is absent"
exit "$status"
