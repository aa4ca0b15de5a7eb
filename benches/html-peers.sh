#!/usr/bin/env bash
# Pages per second on one core, side by side: newsdex-formats reading saved news pages
# (the crate's `read` example: gunzip, decode, parse, main text, metadata, JSON out),
# newsdex from pages to indexed articles (reading, actors, dates, the index)
# and trafilatura's extract(include_comments=False) on the same pages, each pinned to
# one core and timed by CPU time. The pages are ../shared/gold/html/body/PAGES when
# present, else PAGES_DIR (*.html or *.html.gz). trafilatura is run only if installed
# (pip install trafilatura lxml_html_clean).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
pages="${PAGES_DIR:-$root/../shared/gold/html/body/PAGES}"
if ! ls "$pages"/*.htm* >/dev/null 2>&1; then
  echo "html-peers: no pages in $pages; skipped (set PAGES_DIR)"
  exit 0
fi
files=("$pages"/*.htm*)
n=${#files[@]}
pin=(taskset -c 0)
command -v taskset >/dev/null || pin=()
cargo build --quiet --release -p newsdex-formats --example read
timing="$(mktemp)"
/usr/bin/time -o "$timing" -f "%U %S" "${pin[@]}" "$root/target/release/examples/read" --html "${files[@]}" >/dev/null 2>/dev/null
ours=$(awk '{print $1 + $2}' "$timing")
rm -f "$timing"
printf "newsdex-formats: %d pages in %.2f s CPU = %.0f pages/s\n" "$n" "$ours" "$(echo "$n / $ours" | bc -l)"

# The whole pipeline: the same pages to indexed articles, actors and dates included
# (search index on one thread, pinned to one core, into a fresh index).
cargo build --quiet --release -p newsdex-cli
index="$(mktemp -d)/index"
timing="$(mktemp)"
/usr/bin/time -o "$timing" -f "%U %S" "${pin[@]}" "$root/target/release/search" --index "$index" \
  index --threads 1 --html "${files[@]}" >/dev/null 2>/dev/null || true
whole=$(awk '{print $1 + $2}' "$timing")
rm -rf "$timing" "$(dirname "$index")"
printf "newsdex pages to indexed articles: %d pages in %.2f s CPU = %.0f pages/s\n" "$n" "$whole" "$(echo "$n / $whole" | bc -l)"

if ! python3 -c "import trafilatura" 2>/dev/null; then
  echo "trafilatura: not installed; skipped (pip install trafilatura lxml_html_clean)"
  exit 0
fi
"${pin[@]}" python3 - "${files[@]}" <<'PY'
import gzip, sys, time
import trafilatura
pages = []
for p in sys.argv[1:]:
    with open(p, "rb") as f:
        data = f.read()
    pages.append(gzip.decompress(data) if p.endswith(".gz") else data)
start = time.process_time()
for page in pages:
    trafilatura.extract(page, include_comments=False)
cpu = time.process_time() - start
print(f"trafilatura {trafilatura.__version__}: {len(pages)} pages in {cpu:.2f} s CPU = {len(pages) / cpu:.0f} pages/s")
PY
