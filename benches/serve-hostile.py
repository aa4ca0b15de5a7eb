#!/usr/bin/env python3
"""Hostile clients against a running `search serve`, while a well-behaved client keeps
searching: the server must keep answering it.

Phases: malformed query strings; a 1 MB URL; 10,000 connections opened and dropped (in
waves of 2,000 open at once, a fifth of them sending half a request); 300 slow clients
that send a byte a second and 200 that send nothing, for 25 s. For each phase: what the
hostile clients got, and the good client's answers (count, failures, p50/p99/max ms).
Only loopback is targeted; every loop is bounded.

usage: serve-hostile.py http://127.0.0.1:PORT
"""
import selectors
import socket
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

URL = sys.argv[1].rstrip("/") if len(sys.argv) > 1 else "http://127.0.0.1:7700"
parsed = urllib.parse.urlparse(URL)
HOST, PORT = parsed.hostname, parsed.port
assert HOST in ("127.0.0.1", "localhost", "::1"), "loopback only"


class GoodClient(threading.Thread):
    """Searches every 50 ms; keeps latencies and failures per phase."""

    def __init__(self):
        super().__init__(daemon=True)
        self.phase = "warm-up"
        self.results = {}
        self.running = True

    def run(self):
        queries = ["oil+prices", "coffee", "trade+deficit", "%22stock+split%22", "gold"]
        n = 0
        while self.running:
            q = queries[n % len(queries)]
            n += 1
            started = time.perf_counter()
            ok = True
            try:
                with urllib.request.urlopen(f"{URL}/api/search?q={q}&limit=5", timeout=10) as r:
                    r.read()
                    ok = r.status == 200
            except Exception:
                ok = False
            ms = (time.perf_counter() - started) * 1000
            self.results.setdefault(self.phase, []).append((ok, ms))
            time.sleep(0.05)

    def report(self, phase):
        rs = self.results.get(phase, [])
        if not rs:
            return "good client: no requests"
        lat = sorted(ms for _, ms in rs)
        fails = sum(1 for ok, _ in rs if not ok)
        p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))]
        return (f"good client: {len(rs)} searches, {fails} failed, "
                f"p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {lat[-1]:.1f} ms")


def raw(request: bytes, wait=10.0):
    """Sends bytes as they are; returns the status line, or what happened."""
    s = socket.create_connection((HOST, PORT), timeout=wait)
    try:
        try:
            s.sendall(request)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may refuse before reading it all
        data = b""
        while b"\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        return data.split(b"\r\n")[0].decode("latin-1") or "closed without an answer"
    except (ConnectionResetError, socket.timeout) as e:
        return f"{type(e).__name__}"
    finally:
        s.close()


def phase_malformed():
    queries = [
        b"q=%zz", b"q=%", b"q=%FF%FE%00", b"=&&&=", b"q", b"actor=%00", b"q=%E2%80%AE",
        b"q=" + b"(" * 40 + b"x", b"q=))))", b'q="""', b"q=-", b"q=*", b"q=actor:", b"q=title:",
        b"q=a+AND+OR+b", b"since=9999-12-31", b"until=0001-01", b"since=2025-02-30",
        b"limit=99999999999999999999999", b"offset=1e3", b"facets=-0", b"q=%C0%AF",
        b"not=kind:", b"actor=person:", b"q=\xff\xfe", b"q=a%00b", b"%%%%", b"q=a&q=b",
        b"q=" + b"x" * 5000,
    ]
    statuses = {}
    for route in [b"/api/search", b"/api/actors", b"/api/dates", b"/api/export", b"/"]:
        for q in queries:
            line = raw(b"GET " + route + b"?" + q + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            code = line.split(" ")[1] if line.startswith("HTTP/") else line
            statuses[code] = statuses.get(code, 0) + 1
    bad = {c: n for c, n in statuses.items() if not c.isdigit() or c.startswith("5")}
    return f"{sum(statuses.values())} requests, statuses {dict(sorted(statuses.items()))}; server errors or no answer: {bad or 'none'}"


def phase_huge_url():
    line = raw(b"GET /api/search?q=" + b"a" * (1 << 20) + b" HTTP/1.1\r\nHost: x\r\n\r\n")
    line2 = raw(b"GET /?q=" + b"b" * 20000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    return f"1 MB URL: {line!r}; 20 kB URL: {line2!r}"


def phase_connections(total=10_000, wave=2_000):
    opened = failed = 0
    for _ in range(total // wave):
        socks = []
        for i in range(wave):
            try:
                s = socket.create_connection((HOST, PORT), timeout=5)
                if i % 5 == 0:
                    s.sendall(b"GET /api/search?q=oi")  # half a request
                socks.append(s)
                opened += 1
            except OSError:
                failed += 1
        for s in socks:
            s.close()
    return f"{opened} connections opened and dropped, {failed} could not be opened"


def phase_slow(slow=300, idle=200, seconds=25):
    sel = selectors.DefaultSelector()
    request = b"GET /api/search?q=oil HTTP/1.1\r\nHost: x\r\n\r\n"
    conns = []
    for i in range(slow + idle):
        s = socket.create_connection((HOST, PORT))
        s.setblocking(False)
        conns.append({"sock": s, "slow": i < slow, "sent": 0, "closed_after": None})
        sel.register(s, selectors.EVENT_READ, conns[-1])
    started = time.time()
    while time.time() - started < seconds:
        for c in conns:
            if c["slow"] and c["closed_after"] is None:
                try:
                    c["sock"].send(request[c["sent"] % len(request):][:1])
                    c["sent"] += 1
                except (BlockingIOError, BrokenPipeError, ConnectionResetError):
                    pass
        deadline = time.time() + 1.0
        while time.time() < deadline:
            for key, _ in sel.select(timeout=max(0, deadline - time.time())):
                c = key.data
                try:
                    data = c["sock"].recv(4096)
                except (ConnectionResetError, BlockingIOError):
                    data = b""
                if not data and c["closed_after"] is None:
                    c["closed_after"] = time.time() - started
                    sel.unregister(c["sock"])
    for c in conns:
        c["sock"].close()
    def summary(group):
        cut = sorted(c["closed_after"] for c in group if c["closed_after"] is not None)
        if not cut:
            return f"{len(group)}: none cut off within {seconds} s"
        return f"{len(group)}: {len(cut)} cut off, after {cut[0]:.1f}-{cut[-1]:.1f} s"
    return (f"slow clients (a byte a second) {summary([c for c in conns if c['slow']])}; "
            f"idle clients {summary([c for c in conns if not c['slow']])}")


def main():
    good = GoodClient()
    good.start()
    time.sleep(2)
    print(f"baseline: {good.report('warm-up')}", flush=True)
    for name, run in [("malformed query strings", phase_malformed),
                      ("huge URLs", phase_huge_url),
                      ("10,000 connections opened and dropped", phase_connections),
                      ("slow and idle clients", phase_slow)]:
        good.phase = name
        started = time.time()
        outcome = run()
        time.sleep(1)
        print(f"== {name} ({time.time() - started:.1f} s)\n   {outcome}\n   {good.report(name)}", flush=True)
    good.phase = "after"
    time.sleep(2)
    print(f"after: {good.report('after')}", flush=True)
    good.running = False


if __name__ == "__main__":
    main()
