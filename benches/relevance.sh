#!/usr/bin/env bash
# Ranking quality on real relevance judgements: builds a newsdex index (and, when sqlite3 is
# installed, an SQLite FTS5 table with the porter tokenizer) of Reuters-21578, runs a list
# of topic queries, takes Reuters' own topic labels as the judgements (an article is
# relevant to a query when its topics include the query's label), and prints P@10,
# nDCG@10 and MRR (reciprocal rank of the first relevant hit in the top 10, else 0) for
# both, per query and mean, side by side. SQLite is asked for every query word (FTS5's
# implicit AND), ordered by its bm25() with default weights; newsdex gets the query text
# as typed. `docs/ranking.md` has the figures and how the ranking was tuned on them.
#
# usage: benches/relevance.sh [--held-out] [CORPUS.jsonl]
#        (default corpus: ../shared/corpora/reuters21578.jsonl; --held-out runs
#        benches/relevance/held-out.tsv instead of benches/relevance/queries.tsv)
# env:   SEARCH (a `search` binary to evaluate; default: build this checkout's, release),
#        INDEX (a newsdex index folder to reuse; built there when absent),
#        QUERIES (a query list of one's own, in the format of queries.tsv)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
queries="${QUERIES:-$root/benches/relevance/queries.tsv}"
if [ "${1:-}" = --held-out ]; then
    queries="${QUERIES:-$root/benches/relevance/held-out.tsv}"
    shift
fi
corpus="${1:-$root/../shared/corpora/reuters21578.jsonl}"
[ -f "$corpus" ] || { echo "relevance: skipped: corpus $corpus is absent"; exit 0; }
if [ -z "${SEARCH:-}" ]; then
    cargo build --quiet --release -p newsdex-cli --manifest-path "$root/Cargo.toml"
    SEARCH="${CARGO_TARGET_DIR:-$root/target}/release/search"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
index="${INDEX:-$work/newsdex}"
if [ ! -d "$index" ]; then
    # Exit code 2 with an index written: a record was skipped (one of Reuters has no text).
    "$SEARCH" --index "$index" index --threads 2 "$corpus" >/dev/null 2>"$work/index.log" || {
        [ -f "$index/newsdex.json" ] || { cat "$work/index.log"; exit 2; }
    }
fi
db=""
if command -v sqlite3 >/dev/null; then
    db="$work/fts.db"
    python3 - "$corpus" "$work/corpus.json" <<'PY'
import json, sys
rows = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip():
            r = json.loads(line)
            rows.append({"id": str(r.get("id")), "title": r.get("title") or "", "body": r.get("body") or ""})
json.dump(rows, open(sys.argv[2], "w"))
PY
    sqlite3 "$db" "CREATE VIRTUAL TABLE a USING fts5(id UNINDEXED, title, body, tokenize='porter'); INSERT INTO a SELECT json_extract(value,'\$.id'), json_extract(value,'\$.title'), json_extract(value,'\$.body') FROM json_each(readfile('$work/corpus.json'));"
else
    echo "relevance: sqlite3 not installed: newsdex only (apt-get install sqlite3)"
fi

python3 - "$corpus" "$queries" "$SEARCH" "$index" "$db" <<'PY'
import json, math, re, subprocess, sys

corpus, queries_path, search, index, db = sys.argv[1:6]
topics = {}
with open(corpus, encoding="utf-8") as f:
    for line in f:
        if line.strip():
            r = json.loads(line)
            topics[str(r["id"])] = set(r.get("topics") or [])
queries = []
for line in open(queries_path, encoding="utf-8"):
    line = line.rstrip("\n")
    if line and not line.startswith("#"):
        topic, text = line.split("\t", 1)
        queries.append((topic, text))

def newsdex(text):
    out = subprocess.run([search, "--index", index, "query", "--limit", "10", "--facets", "0",
                          "--json", "--", *text.split()], capture_output=True, text=True)
    if out.returncode not in (0, 1):
        sys.exit(f"relevance: newsdex failed on {text!r}: {out.stderr}")
    return [h["id"] for h in json.loads(out.stdout)["hits"]] if out.stdout.strip() else []

def sqlite(text):
    words = re.findall(r"\w+", text.lower())
    match = " ".join(f'"{w}"' for w in words)
    sql = f"SELECT id FROM a WHERE a MATCH '{match}' ORDER BY bm25(a) LIMIT 10"
    out = subprocess.run(["sqlite3", db, sql], capture_output=True, text=True, check=True)
    return out.stdout.split()

def metrics(ids, topic):
    rel = [topic in topics.get(i, ()) for i in ids[:10]]
    relevant = sum(1 for t in topics.values() if topic in t)
    p = sum(rel) / 10
    dcg = sum(1 / math.log2(k + 2) for k, r in enumerate(rel) if r)
    idcg = sum(1 / math.log2(k + 2) for k in range(min(relevant, 10)))
    mrr = next((1 / (k + 1) for k, r in enumerate(rel) if r), 0.0)
    return p, dcg / idcg, mrr

engines = [("newsdex", newsdex)] + ([("sqlite", sqlite)] if db else [])
print(f"queries: {queries_path} ({len(queries)}); judgements: Reuters topic labels")
header = f"{'topic':<16} {'query':<30}" + "".join(
    f" {e[:7] + ' ' + m:>14}" for e, _ in engines for m in ("P@10", "nDCG", "MRR"))
print(header)
sums = {e: [0.0, 0.0, 0.0] for e, _ in engines}
rows = []
for topic, text in queries:
    figures = {}
    line = f"{topic:<16} {text:<30}"
    for name, run in engines:
        figures[name] = metrics(run(text), topic)
        for k in range(3):
            sums[name][k] += figures[name][k]
        line += "".join(f" {v:>14.3f}" for v in figures[name])
    rows.append((topic, text, figures))
    print(line)
n = len(queries)
print(f"{'mean':<47}" + "".join(f" {s / n:>14.3f}" for e, _ in engines for s in sums[e]))
if db:
    better = sum(1 for _, _, f in rows if f["newsdex"][0] > f["sqlite"][0] + 1e-9)
    worse = [(t, q, f) for t, q, f in rows if f["newsdex"][0] < f["sqlite"][0] - 1e-9]
    print(f"P@10, newsdex against sqlite: {better} better, {n - better - len(worse)} level, {len(worse)} worse")
    for t, q, f in sorted(worse, key=lambda r: r[2]["newsdex"][0] - r[2]["sqlite"][0]):
        print(f"  worse: {q!r} ({t}) {f['newsdex'][0]:.1f} against {f['sqlite'][0]:.1f}")
PY
