#!/usr/bin/env bash
# Hostile clients against `search serve` (benches/serve-hostile.py): malformed query
# strings, a 1 MB URL, 10,000 connections opened and dropped, slow and idle clients,
# while a well-behaved client keeps searching. Over a Reuters-21578 index when
# ../shared has it, else over the bundled sample articles.
#
# usage: benches/serve-hostile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${NEWSDEX_REUTERS:-../shared/corpora/reuters21578.jsonl}
[ -f "$corpus" ] || corpus=examples/articles
cargo build --quiet --release -p newsdex-cli
bin=$PWD/target/release/search
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2> /dev/null && wait "$pid" 2> /dev/null
  rm -rf "$work"
}
trap cleanup EXIT
"$bin" --index "$work/index" index "$corpus" 2>&1 | tail -1 || true # exits 2 when a record is skipped
# The client side opens thousands of sockets at once.
ulimit -n 20000 2> /dev/null || true
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" --index "$work/index" serve --bind "127.0.0.1:$port" 2> "$work/serve.log" &
pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && break
  sleep 0.1
done
python3 benches/serve-hostile.py "http://127.0.0.1:$port"
echo "server still running: $(kill -0 "$pid" 2> /dev/null && echo yes || echo NO); RSS $(awk '/^VmRSS/ {printf "%.1f MB", $2 / 1024}' /proc/$pid/status), open fds $(ls /proc/$pid/fd | wc -l)"
echo "server log:"
sed 's/^/  /' "$work/serve.log"
