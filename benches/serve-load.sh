#!/usr/bin/env bash
# Load test of `search serve` on loopback, over a Reuters-21578 index:
#  1. a mix of searches with facets (benches/serve-mix.lua) from 32 connections for 60 s,
#     with wrk; the server's resident memory is sampled every second;
#  2. the same while `search index`, in other processes, adds 20,000 articles (ten runs
#     of 2,000, a few seconds apart), with benches/serve-fresh.py timing how long each
#     commit takes to show in the server's answers.
# The issue's bar: >= 2,000 requests/s, p99 <= 25 ms, no errors, RSS <= 200 MB; during
# indexing no errors and every commit visible within 2 s.
#
# wrk and the server share the machine's cores: the figures are for both on one box.
# Needs wrk (apt-get install wrk), python3, and the corpus, read in place from ../shared
# (research data: never copied into the repository).
#
# usage: benches/serve-load.sh [SECONDS] [CONNECTIONS]    (defaults: 60 32)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
conns=${2:-32}
corpus=${NEWSDEX_REUTERS:-../shared/corpora/reuters21578.jsonl}
if [ ! -f "$corpus" ]; then
  echo "skipped: no corpus at $corpus"
  exit 0
fi
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 2; }

cargo build --quiet --release -p newsdex-cli
bin=$PWD/target/release/search
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null
  rm -rf "$work"
}
trap cleanup EXIT

index=$work/index
echo "== building the index: $corpus"
"$bin" --index "$index" index "$corpus" 2>&1 | tail -1 || true # exits 2 when a record is skipped
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
"$bin" --index "$index" serve --bind "127.0.0.1:$port" 2> "$work/serve.log" &
pid=$!
for _ in $(seq 100); do
  curl -sf "$url/healthz" > /dev/null 2>&1 && break
  sleep 0.1
done
echo "== server: pid $pid at $url; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# Every request of the mix once: all must answer 200 (an unknown actor would be a 404).
for path in $(grep -o '"/api/[^"]*"' benches/serve-mix.lua | tr -d '"'); do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$url$path")
  [ "$code" = 200 ] || { echo "$path answered $code" >&2; exit 1; }
done

# wrk prints these lines only when something failed.
errors() {
  if grep -qE "Socket errors|Non-2xx" "$1"; then
    grep -E "Socket errors|Non-2xx" "$1"
  else
    echo "errors: none (no socket errors, every answer 200)"
  fi
}
rss() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
peak() { awk '/^VmHWM/ {printf "%.1f", $2 / 1024}' "/proc/$pid/status"; }
sample() {
  while kill -0 "$pid" 2> /dev/null; do rss; echo; sleep 1; done > "$1"
}

echo
echo "== 1. $conns connections for $secs s"
sample "$work/rss1.txt" &
sampler=$!
wrk -t2 -c"$conns" -d"${secs}s" --latency -s benches/serve-mix.lua "$url" | tee "$work/wrk1.txt"
kill "$sampler" 2> /dev/null || true
errors "$work/wrk1.txt"
echo "server RSS: now $(rss) MB, highest sampled $(sort -n "$work/rss1.txt" | tail -1) MB, peak (VmHWM) $(peak) MB"

echo
echo "== 2. the same while search index adds 20,000 articles"
python3 - "$corpus" "$work" << 'EOF'
import json, sys
corpus, work = sys.argv[1], sys.argv[2]
out = [open(f"{work}/fresh-{k}.jsonl", "w") for k in range(10)]
with open(corpus) as f:
    for n, line in enumerate(f):
        if n == 20000:
            break
        record = json.loads(line)
        record["id"] = f"fresh-{n}"
        out[n // 2000].write(json.dumps(record) + "\n")
for o in out:
    o.close()
EOF
python3 benches/serve-fresh.py "$index" "$url" --seconds 600 > "$work/fresh.txt" &
probe=$!
sleep 1
(
  sleep 3
  for k in $(seq 0 9); do
    "$bin" --index "$index" index "$work/fresh-$k.jsonl" > /dev/null 2>&1 || true
    sleep $((secs / 14))
  done
) &
writer=$!
sample "$work/rss2.txt" &
sampler=$!
wrk -t2 -c"$conns" -d"${secs}s" --latency -s benches/serve-mix.lua "$url" | tee "$work/wrk2.txt"
wait "$writer"
kill "$sampler" 2> /dev/null || true
sleep 3 # for the last commit to show
kill -TERM "$probe" 2> /dev/null || true
wait "$probe" || true
errors "$work/wrk2.txt"
cat "$work/fresh.txt"
echo "articles served now: $(curl -s "$url/api/stats" | python3 -c 'import json, sys; print(json.load(sys.stdin)["articles"])')"
echo "server RSS: now $(rss) MB, highest sampled $(sort -n "$work/rss2.txt" | tail -1) MB, peak (VmHWM) $(peak) MB"
if [ -s "$work/serve.log" ]; then
  echo "server log:"
  sed 's/^/  /' "$work/serve.log"
fi
