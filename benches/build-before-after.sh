#!/usr/bin/env bash
# Full builds of one corpus by two builds of newsdex side by side: each build from an
# empty index folder, the two alternated RUNS times (default 5), medians of wall time,
# CPU time (user + system) and peak RSS. For "is this change slower to build?": build
# the old commit in a worktree (`git worktree add /tmp/old OLD && cargo build --profile
# dist` there), then compare its binary with the new one.
#
# usage: benches/build-before-after.sh OLD_BIN NEW_BIN [CORPUS]
# env:   RUNS (builds per binary, default 5), THREADS (build threads, default 2)
set -euo pipefail
[ $# -ge 2 ] || { sed -n '2,9p' "$0"; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
old=$1 new=$2
corpus="${3:-$root/../shared/corpora/reuters21578.jsonl}"
runs="${RUNS:-5}"
threads="${THREADS:-2}"
[ -f "$corpus" ] || { echo "build-before-after: skipped: corpus $corpus is absent"; exit 0; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Records with no text are left out, as benches/compare.sh does: newsdex skips them and
# says so with exit code 2.
python3 - "$corpus" "$work/corpus.jsonl" <<'PY'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for line in f:
        if line.strip():
            r = json.loads(line)
            if r.get("title") or r.get("body") or r.get("text"):
                out.write(line if line.endswith("\n") else line + "\n")
PY
for _ in $(seq "$runs"); do
  for label in old new; do
    bin=$old
    [ "$label" = new ] && bin=$new
    rm -rf "$work/index"
    /usr/bin/time -f "$label %e %U %S %M" -a -o "$work/times" \
      "$bin" --index "$work/index" index --threads "$threads" "$work/corpus.jsonl" > /dev/null 2>&1
  done
done
python3 - "$work/times" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    label, wall, user, sys_, rss = line.split()
    rows.setdefault(label, []).append((float(wall), float(user) + float(sys_), int(rss) / 1024))
med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in rows.items()}
for k in ("old", "new"):
    w, c, r = med[k]
    print(f"{k:4s} wall {w:6.2f} s  cpu {c:6.2f} s  peak RSS {r:6.0f} MB  ({len(rows[k])} builds)")
(ow, oc, orss), (nw, nc, nrss) = med["old"], med["new"]
print(f"new/old wall {nw / ow:.2f}x  cpu {nc / oc:.2f}x  peak RSS {nrss / orss:.2f}x")
PY
