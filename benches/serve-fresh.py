#!/usr/bin/env python3
"""Times how long each commit to an index takes to show in a running `search serve`.

Watches the index's meta.json (tantivy replaces it on every commit); when the number of
articles it lists changes, polls the server until its answer counts them, and prints the
delay from the commit (meta.json's modification time) to the first answer that shows
it. Runs until SIGTERM or --seconds pass; prints one line per commit, then a summary.

usage: serve-fresh.py INDEX_DIR URL [--seconds N]
"""
import json
import os
import signal
import sys
import time
import urllib.request


def articles_in(meta_path):
    with open(meta_path) as f:
        meta = json.load(f)
    total = 0
    for seg in meta.get("segments", []):
        deletes = seg.get("deletes") or {}
        total += seg["max_doc"] - deletes.get("num_deleted_docs", 0)
    return total


def served(url):
    with urllib.request.urlopen(url + "/api/search?limit=0&facets=0", timeout=5) as r:
        return json.load(r)["total"]


def stop(*_):
    raise KeyboardInterrupt


def main():
    signal.signal(signal.SIGTERM, stop)
    index, url = sys.argv[1], sys.argv[2].rstrip("/")
    seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 1e9
    meta = os.path.join(index, "meta.json")
    end = time.time() + seconds
    last_stamp, last_count = None, None
    delays = []
    try:
        while time.time() < end:
            try:
                st = os.stat(meta)
            except FileNotFoundError:
                time.sleep(0.01)
                continue
            stamp = (st.st_ino, st.st_mtime_ns, st.st_size)
            if stamp != last_stamp:
                last_stamp = stamp
                try:
                    target = articles_in(meta)
                except (ValueError, OSError):
                    continue  # replaced while read: the next look sees it whole
                if last_count is None:
                    last_count = target
                    continue
                if target != last_count:
                    committed = st.st_mtime_ns / 1e9
                    while served(url) < target and time.time() - committed < 30:
                        time.sleep(0.01)
                    delay = time.time() - committed
                    delays.append(delay)
                    print(f"commit: {last_count} -> {target} articles, visible after {delay * 1000:.0f} ms", flush=True)
                    last_count = target
            time.sleep(0.01)
    except KeyboardInterrupt:
        pass
    if delays:
        delays.sort()
        print(f"commits seen: {len(delays)}; delay ms: median {delays[len(delays) // 2] * 1000:.0f}, "
              f"max {delays[-1] * 1000:.0f}; over 2 s: {sum(d > 2 for d in delays)}", flush=True)
    else:
        print("commits seen: 0", flush=True)


if __name__ == "__main__":
    main()
