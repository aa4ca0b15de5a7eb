#!/usr/bin/env bash
# Scale run: replicates a corpus 1x, 4x and 16x (distinct ids), builds each into a fresh
# index, and records build wall time, peak RSS, index size against the raw text, and
# in-process query latency (p50/p99 via `search bench`) over a fixed query mix, with the
# default search threads (one per segment, at most the cores) and on one thread. Writes
# docs/scale.csv and the plot docs/scale.svg, and prints a markdown table.
#
# At each size it also times, whole process: the five queries of benches/compare.sh
# (top 10 with snippets and facet counts over all matches; the slowest query's median of
# 10 runs), a second run of the build on the unchanged input, and adding 1% new articles.
#
# usage: benches/scale.sh [CORPUS.jsonl] [FACTORS...]   (default: Reuters-21578, 1 4 16)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/corpora/reuters21578.jsonl}"
shift || true
factors=("${@:-1 4 16}")
read -r -a factors <<< "${factors[*]}"
[ -f "$corpus" ] || { echo "scale: skipped: corpus $corpus is absent"; exit 0; }
cargo build --quiet --profile dist -p newsdex-cli --manifest-path "$root/Cargo.toml"
search="${CARGO_TARGET_DIR:-$root/target}/dist/search"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The query mix: terms, bare-word phrases, explicit phrases, actor filter, date range,
# facet counts only.
cat > "$work/queries.txt" <<'Q'
oil
coffee
dollar
oil prices
interest rates rise
trade deficit with japan
"crude oil"
"point of no return"
oil --actor OPEC
bank --actor person:Reagan
gold --since 1987-03 --until 1987-04
grain --since 1987-04
wheat --limit 0
stocks --limit 0
Q

command -v hyperfine >/dev/null || { echo "scale: needs hyperfine (apt-get install hyperfine)"; exit 2; }
echo "factor,articles,raw_mb,build_s,build_cpu_s,rss_mb,index_mb,size_ratio,segments,p50_ms,p95_ms,p99_ms,p50_1t_ms,p99_1t_ms,query_max_ms,rerun_s,add1_s,add1_rss_mb" > "$work/scale.csv"
for f in "${factors[@]}"; do
    python3 - "$corpus" "$f" "$work/c$f.jsonl" <<'PY'
import json, sys
src, factor, dst = sys.argv[1], int(sys.argv[2]), sys.argv[3]
lines = [l for l in open(src, encoding="utf-8") if l.strip()]
with open(dst, "w", encoding="utf-8") as out:
    for k in range(factor):
        for l in lines:
            r = json.loads(l)
            if k:
                r["id"] = f"{r['id']}-r{k}"
            out.write(json.dumps(r) + "\n")
PY
    raw=$(python3 -c "
import json,sys
print(sum(len((r.get('title') or '').encode()) + len((r.get('body') or '').encode()) for r in map(json.loads, open('$work/c$f.jsonl'))) / 1e6)")
    articles=$(wc -l < "$work/c$f.jsonl")
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$search" --index "$work/i$f" index "$work/c$f.jsonl" > /dev/null 2>&1
    read -r wall user sys rss < "$work/time"
    size=$(du -sk "$work/i$f" | awk '{print $1 * 1024 / 1e6}')
    # Over an index of several segments a search shares them among threads (at most
    # the cores); the same mix on one thread is recorded beside it.
    "$search" --index "$work/i$f" bench "$work/queries.txt" --runs 20 --json > "$work/b$f.json"
    "$search" --index "$work/i$f" bench "$work/queries.txt" --runs 20 --threads 1 --json > "$work/b${f}t1.json"
    # Whole process, as a user runs it: the compare.sh queries, slowest median.
    hyperfine -N -w 2 -r 10 --export-json "$work/q$f.json" \
        "$search --index $work/i$f query oil" "$search --index $work/i$f query oil prices" \
        "$search --index $work/i$f query coffee exports brazil" \
        "$search --index $work/i$f query interest rates" \
        "$search --index $work/i$f query opec production quota" > /dev/null 2>&1
    query_max=$(python3 -c "import json; print(f\"{max(r['median'] for r in json.load(open('$work/q$f.json'))['results']) * 1e3:.1f}\")")
    # The same input again: nothing to add.
    /usr/bin/time -f "%e" -o "$work/time" "$search" --index "$work/i$f" index "$work/c$f.jsonl" > /dev/null 2>&1
    rerun=$(cat "$work/time")
    # 1% new articles (new ids), added to the built index.
    python3 - "$work/c$f.jsonl" "$work/n$f.jsonl" <<'PY'
import json, sys
lines = [l for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for l in lines[: max(1, len(lines) // 100)]:
        r = json.loads(l)
        r["id"] = f"{r['id']}-new"
        out.write(json.dumps(r) + "\n")
PY
    /usr/bin/time -f "%e %M" -o "$work/time" "$search" --index "$work/i$f" index "$work/n$f.jsonl" > /dev/null 2>&1
    read -r add1 add1_rss < "$work/time"
    python3 - "$work" "$f" "$articles" "$raw" "$wall" "$user" "$sys" "$rss" "$size" "$query_max" "$rerun" "$add1" "$add1_rss" <<'PY'
import json, sys
work, f, articles, raw, wall, user, sys_, rss, size, query_max, rerun, add1, add1_rss = sys.argv[1:]
b = json.load(open(f"{work}/b{f}.json"))
t1 = json.load(open(f"{work}/b{f}t1.json"))
row = [f, articles, f"{float(raw):.1f}", wall, f"{float(user) + float(sys_):.2f}", f"{int(rss) / 1024:.0f}",
       f"{float(size):.1f}", f"{float(size) / float(raw):.2f}", str(b["segments"]),
       f"{b['p50_ms']:.3f}", f"{b['p95_ms']:.3f}", f"{b['p99_ms']:.3f}", f"{t1['p50_ms']:.3f}", f"{t1['p99_ms']:.3f}",
       query_max, rerun, add1, f"{int(add1_rss) / 1024:.0f}"]
open(f"{work}/scale.csv", "a").write(",".join(row) + "\n")
PY
    rm -rf "$work/i$f" "$work/c$f.jsonl" "$work/n$f.jsonl"
done
mkdir -p "$root/docs"
cp "$work/scale.csv" "$root/docs/scale.csv"
python3 - "$root/docs/scale.csv" "$root/docs/scale.svg" <<'PY'
# A dependency-free SVG: build time (s) and query p50/p99 (ms) against corpus size.
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
xs = [int(r["articles"]) for r in rows]
def panel(x0, title, series, unit):
    w, h, pad = 380, 260, 45
    ymax = max(v for _, vals, _ in series for v in vals) * 1.15 or 1
    xmax = max(xs) * 1.05
    X = lambda x: x0 + pad + (w - pad - 10) * x / xmax
    Y = lambda y: 30 + (h - 60) * (1 - y / ymax)
    out = [f'<text x="{x0 + w / 2}" y="18" text-anchor="middle" font-weight="bold">{title}</text>',
           f'<line x1="{X(0)}" y1="{Y(0)}" x2="{X(xmax)}" y2="{Y(0)}" stroke="black"/>',
           f'<line x1="{X(0)}" y1="{Y(0)}" x2="{X(0)}" y2="{Y(ymax)}" stroke="black"/>']
    for i in range(5):
        v = ymax * i / 4
        out.append(f'<text x="{X(0) - 4}" y="{Y(v) + 4}" text-anchor="end" font-size="10">{v:.2f}</text>')
    for x in xs:
        out.append(f'<text x="{X(x)}" y="{Y(0) + 14}" text-anchor="middle" font-size="10">{x // 1000}k</text>')
    out.append(f'<text x="{x0 + w / 2}" y="{h + 8}" text-anchor="middle" font-size="11">articles</text>')
    out.append(f'<text x="{x0 + 10}" y="{Y(ymax) - 8}" font-size="11">{unit}</text>')
    for k, (name, vals, color) in enumerate(series):
        pts = " ".join(f"{X(x)},{Y(v)}" for x, v in zip(xs, vals))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
        out += [f'<circle cx="{X(x)}" cy="{Y(v)}" r="3" fill="{color}"/>' for x, v in zip(xs, vals)]
        out.append(f'<text x="{X(0) + 10}" y="{45 + 14 * k}" font-size="11" fill="{color}">{name}</text>')
    return out
parts = panel(0, "Index build", [("wall time (s)", [float(r["build_s"]) for r in rows], "#1f77b4")], "s")
parts += panel(400, "Query latency, in process", [
    ("p50 (ms)", [float(r["p50_ms"]) for r in rows], "#2ca02c"),
    ("p99 (ms)", [float(r["p99_ms"]) for r in rows], "#d62728")], "ms")
svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="790" height="280" font-family="sans-serif">',
       '<rect width="100%" height="100%" fill="white"/>'] + parts + ["</svg>"]
open(sys.argv[2], "w").write("\n".join(svg) + "\n")
PY
python3 - "$root/docs/scale.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
print("| " + " | ".join(rows[0]) + " |")
print("|" + " --- |" * len(rows[0]))
for r in rows[1:]:
    print("| " + " | ".join(r) + " |")
PY
