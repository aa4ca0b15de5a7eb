#!/usr/bin/env bash
# Side-by-side comparison of newsdex with the tools a user would otherwise pick, on the same
# corpus and queries, in one run: build time (wall, CPU, peak RSS, size on disk) and whole-
# process query latency (medians of repeated runs, via hyperfine). Peers: SQLite FTS5
# (sqlite3 CLI), tantivy-cli (`tantivy` on PATH) and ripgrep over one file per article. A peer
# that is not installed is skipped, saying so.
#
# usage: benches/compare.sh [CORPUS.jsonl]   (default: ../shared/corpora/reuters21578.jsonl)
# env:   RUNS (query repetitions, default 30), THREADS (build threads, default 2)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/corpora/reuters21578.jsonl}"
runs="${RUNS:-30}"
threads="${THREADS:-2}"
[ -f "$corpus" ] || { echo "compare: skipped: corpus $corpus is absent"; exit 0; }
command -v hyperfine >/dev/null || { echo "compare: needs hyperfine (apt-get install hyperfine)"; exit 2; }
cargo build --quiet --release -p newsdex-cli --manifest-path "$root/Cargo.toml"
search="${CARGO_TARGET_DIR:-$root/target}/release/search"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

queries=("oil" "oil prices" "coffee exports brazil" "interest rates" "opec production quota")

# Inputs each peer reads, prepared outside the timings.
python3 - "$corpus" "$work" <<'PY'
import json, os, sys
corpus, work = sys.argv[1], sys.argv[2]
os.makedirs(f"{work}/files")
rows = []
with open(corpus, encoding="utf-8") as f:
    for line in f:
        if not line.strip():
            continue
        r = json.loads(line)
        doc = {"id": str(r.get("id")), "title": r.get("title") or "", "body": r.get("body") or r.get("text") or ""}
        rows.append(doc)
        with open(f"{work}/files/{len(rows):06}.txt", "w", encoding="utf-8") as out:
            out.write(doc["title"] + "\n\n" + doc["body"])
json.dump(rows, open(f"{work}/corpus.json", "w"))
with open(f"{work}/tantivy.jsonl", "w") as out:
    for d in rows:
        out.write(json.dumps({"title": d["title"], "body": d["body"]}) + "\n")
print(f"corpus: {len(rows)} articles, {sum(len(d['title']) + len(d['body']) for d in rows) / 1e6:.1f} MB of title+body text")
PY

measure() { # label, command...: prints "label wall cpu rss_mb"
    local label=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; return 1; }
    read -r wall user sys rss < "$work/time"
    printf '%s %s %s %s\n' "$label" "$wall" "$(awk "BEGIN {print $user + $sys}")" "$((rss / 1024))"
}
size_mb() { du -sk "$1" | awk '{printf "%.1f", $1 / 1024}'; }

echo
echo "== build (threads: $threads)"
printf '%-22s %8s %8s %8s %8s\n' tool wall_s cpu_s rss_mb disk_mb
builds=()
line=$(measure newsdex "$search" --index "$work/newsdex" index --threads "$threads" "$corpus")
builds+=("$line"); printf '%-22s %8s %8s %8s %8s\n' $line "$(size_mb "$work/newsdex")"
if command -v sqlite3 >/dev/null; then
    line=$(measure sqlite-fts5 sqlite3 "$work/fts.db" "CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, body, tokenize='porter'); INSERT INTO a SELECT json_extract(value,'\$.id'), json_extract(value,'\$.title'), json_extract(value,'\$.body') FROM json_each(readfile('$work/corpus.json'));")
    builds+=("$line"); printf '%-22s %8s %8s %8s %8s\n' $line "$(size_mb "$work/fts.db")"
else
    echo "sqlite-fts5: skipped (sqlite3 not installed)"
fi
if command -v tantivy >/dev/null; then
    mkdir -p "$work/tcli"
    cat > "$work/tcli/meta.json" <<'JSON'
{"index_settings":{"docstore_compression":"lz4"},"segments":[],"schema":[{"name":"title","type":"text","options":{"indexing":{"record":"position","tokenizer":"en_stem"},"stored":true}},{"name":"body","type":"text","options":{"indexing":{"record":"position","tokenizer":"en_stem"},"stored":true}}],"opstamp":0}
JSON
    line=$(measure tantivy-cli tantivy index -i "$work/tcli" -f "$work/tantivy.jsonl" -t "$threads")
    builds+=("$line"); printf '%-22s %8s %8s %8s %8s\n' $line "$(size_mb "$work/tcli")"
else
    echo "tantivy-cli: skipped (tantivy not on PATH; cargo install tantivy-cli)"
fi

echo
echo "== one query, whole process, top 10, median of $runs runs (ms)"
printf '%-24s %10s %10s %10s %12s %12s\n' query newsdex sqlite rg newsdex/sqlite newsdex/rg
median_ms() { # command...
    hyperfine -N -i -w 3 -r "$runs" --export-json "$work/h.json" "$@" >/dev/null 2>&1 || hyperfine -i -w 3 -r "$runs" --export-json "$work/h.json" "$@" >/dev/null 2>&1
    python3 -c "import json; print(f\"{json.load(open('$work/h.json'))['results'][0]['median'] * 1e3:.2f}\")"
}
for q in "${queries[@]}"; do
    n=$(median_ms "$search --index $work/newsdex query $q --limit 10")
    s=-; r=-
    if command -v sqlite3 >/dev/null; then
        s=$(median_ms "sqlite3 $work/fts.db \"SELECT id, snippet(a, 2, '[', ']', '…', 16) FROM a WHERE a MATCH '$q' ORDER BY bm25(a) LIMIT 10\"")
    fi
    if command -v rg >/dev/null; then
        pattern=$(echo "$q" | sed 's/ /\\s+/g')
        r=$(median_ms "rg -i -l -e $pattern $work/files")
    fi
    ratio() { [ "$2" = - ] && echo - || python3 -c "print(f'{$1 / $2:.2f}x')"; }
    printf '%-24s %10s %10s %10s %12s %12s\n' "$q" "$n" "$s" "$r" "$(ratio "$n" "$s")" "$(ratio "$n" "$r")"
done
