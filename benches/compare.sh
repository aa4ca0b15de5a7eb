#!/usr/bin/env bash
# Side-by-side comparison of newsdex with the tools a user would otherwise pick, on the same
# corpus and queries, in one run: build time (wall, CPU, peak RSS, size on disk) and whole-
# process query latency (medians of repeated runs, via hyperfine). Peers: SQLite FTS5
# (sqlite3 CLI), tantivy-cli (`tantivy` on PATH) and ripgrep over one file per article. A peer
# that is not installed is skipped, saying so.
#
# usage: benches/compare.sh [CORPUS.jsonl]   (default: ../shared/corpora/reuters21578.jsonl)
# env:   RUNS (query repetitions, default 30), BUILD_RUNS (builds per tool, default 5;
#        medians are reported), THREADS (build threads, default 2)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/corpora/reuters21578.jsonl}"
runs="${RUNS:-30}"
build_runs="${BUILD_RUNS:-5}"
threads="${THREADS:-2}"
[ -f "$corpus" ] || { echo "compare: skipped: corpus $corpus is absent"; exit 0; }
command -v hyperfine >/dev/null || { echo "compare: needs hyperfine (apt-get install hyperfine)"; exit 2; }
cargo build --quiet --profile dist -p newsdex-cli --manifest-path "$root/Cargo.toml"
search="${CARGO_TARGET_DIR:-$root/target}/dist/search"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

queries=("oil" "oil prices" "coffee exports brazil" "interest rates" "opec production quota")
# Phrases of stop words, asked as exact phrases of every tool (quoted in both query
# syntaxes): the words are in most articles, the phrase in few.
phrases=("bank of england" "the united states" "point of no return")

# Inputs each peer reads, prepared outside the timings. Records with no text at all are
# left out for every tool: newsdex skips one (Reuters has one) and says so with exit code
# 2, which would end the run.
python3 - "$corpus" "$work" <<'PY'
import json, os, sys
corpus, work = sys.argv[1], sys.argv[2]
os.makedirs(f"{work}/files")
rows = []
with open(corpus, encoding="utf-8") as f, open(f"{work}/newsdex.jsonl", "w", encoding="utf-8") as kept:
    for line in f:
        if not line.strip():
            continue
        r = json.loads(line)
        if not (r.get("title") or r.get("body") or r.get("text")):
            continue
        kept.write(line if line.endswith("\n") else line + "\n")
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

# Builds one tool BUILD_RUNS times from scratch; prints "label wall cpu rss_mb disk_mb",
# the medians. `fresh` (a function) empties the output before each build.
measure() { # label, output path, fresh function, command...
    local label=$1 out=$2 fresh=$3; shift 3
    : > "$work/times"
    for _ in $(seq "$build_runs"); do
        "$fresh"
        /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr"; return 1; }
        cat "$work/time" >> "$work/times"
    done
    python3 - "$label" "$work/times" "$(du -sk "$out" | cut -f1)" <<'PY'
import statistics, sys
label, path, disk_kb = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [list(map(float, l.split())) for l in open(path) if l.strip()]
med = lambda xs: statistics.median(xs)
print(label, f"{med([r[0] for r in rows]):.2f}", f"{med([r[1] + r[2] for r in rows]):.2f}",
      f"{med([r[3] for r in rows]) / 1024:.0f}", f"{disk_kb / 1024:.1f}")
PY
}

echo
echo "== build (threads: $threads; median of $build_runs builds each)"
printf '%-22s %8s %8s %8s %8s\n' tool wall_s cpu_s rss_mb disk_mb
builds=()
fresh_newsdex() { rm -rf "$work/newsdex"; }
line=$(measure newsdex "$work/newsdex" fresh_newsdex "$search" --index "$work/newsdex" index --threads "$threads" "$work/newsdex.jsonl")
builds+=("$line"); printf '%-22s %8s %8s %8s %8s\n' $line
if command -v sqlite3 >/dev/null; then
    fresh_sqlite() { rm -f "$work/fts.db"; }
    line=$(measure sqlite-fts5 "$work/fts.db" fresh_sqlite sqlite3 "$work/fts.db" "CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, body, tokenize='porter'); INSERT INTO a SELECT json_extract(value,'\$.id'), json_extract(value,'\$.title'), json_extract(value,'\$.body') FROM json_each(readfile('$work/corpus.json'));")
    builds+=("$line"); printf '%-22s %8s %8s %8s %8s\n' $line
else
    echo "sqlite-fts5: skipped (sqlite3 not installed)"
fi
if command -v tantivy >/dev/null; then
    fresh_tantivy() {
        rm -rf "$work/tcli"; mkdir -p "$work/tcli"
        cat > "$work/tcli/meta.json" <<'JSON'
{"index_settings":{"docstore_compression":"lz4"},"segments":[],"schema":[{"name":"title","type":"text","options":{"indexing":{"record":"position","tokenizer":"en_stem"},"stored":true}},{"name":"body","type":"text","options":{"indexing":{"record":"position","tokenizer":"en_stem"},"stored":true}}],"opstamp":0}
JSON
    }
    line=$(measure tantivy-cli "$work/tcli" fresh_tantivy tantivy index -i "$work/tcli" -f "$work/tantivy.jsonl" -t "$threads")
    builds+=("$line"); printf '%-22s %8s %8s %8s %8s\n' $line
else
    echo "tantivy-cli: skipped (tantivy not on PATH; cargo install tantivy-cli)"
fi
if [ "${#builds[@]}" -gt 1 ]; then
    read -r _ ours _ <<< "${builds[0]}"
    for b in "${builds[@]:1}"; do
        read -r peer wall _ <<< "$b"
        python3 -c "print(f'newsdex / $peer build wall: {$ours / $wall:.2f}x')"
    done
fi

echo
echo "== one query, whole process, top 10, median of $runs runs (ms)"
printf '%-24s %10s %10s %10s %12s %12s\n' query newsdex sqlite rg newsdex/sqlite newsdex/rg
# Medians (ms) of commands timed in one hyperfine run, one after the other, so that a
# machine whose speed drifts treats them alike.
medians_ms() { # command...
    hyperfine -N -i -w 3 -r "$runs" --export-json "$work/h.json" "$@" >/dev/null 2>&1 || hyperfine -i -w 3 -r "$runs" --export-json "$work/h.json" "$@" >/dev/null 2>&1
    python3 -c "import json; print(' '.join(f\"{r['median'] * 1e3:.2f}\" for r in json.load(open('$work/h.json'))['results']))"
}
ratio() { [ "$2" = - ] && echo - || python3 -c "print(f'{$1 / $2:.2f}x')"; }
# One query of each tool, timed; `$2` is "phrase" for an exact phrase.
compare_query() { # query, kind
    local q=$1 kind=$2 ours="$1" theirs="$1"
    if [ "$kind" = phrase ]; then ours="'\"$q\"'"; theirs="\\\"$q\\\""; fi
    local commands=("$search --index $work/newsdex query $ours --limit 10")
    if command -v sqlite3 >/dev/null; then
        commands+=("sqlite3 $work/fts.db \"SELECT id, snippet(a, 2, '[', ']', '…', 16) FROM a WHERE a MATCH '$theirs' ORDER BY bm25(a) LIMIT 10\"")
    fi
    if command -v rg >/dev/null; then
        local pattern
        pattern=$(echo "$q" | sed 's/ /\\s+/g')
        commands+=("rg -i -l -e $pattern $work/files")
    fi
    local times n s=- r=- i=1
    read -r -a times <<< "$(medians_ms "${commands[@]}")"
    n=${times[0]}
    if command -v sqlite3 >/dev/null; then s=${times[$i]}; i=$((i + 1)); fi
    if command -v rg >/dev/null; then r=${times[$i]}; fi
    local label=$q
    [ "$kind" = phrase ] && label="\"$q\""
    printf '%-24s %10s %10s %10s %12s %12s\n' "$label" "$n" "$s" "$r" "$(ratio "$n" "$s")" "$(ratio "$n" "$r")"
}
for q in "${queries[@]}"; do compare_query "$q" words; done
for q in "${phrases[@]}"; do compare_query "$q" phrase; done
