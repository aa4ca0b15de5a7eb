#!/usr/bin/env python3
"""Writes a large synthetic .warc.gz for memory and speed tests of newsdex-formats.

usage: gen-warc.py OUT.warc.gz SIZE_MB [--plain]

Each capture is a request record and a response record holding a made-up news page
(random words from a fixed seed, a few KB to ~60 KB), one gzip member per record as
crawlers write them; every 50th capture is an image response and every 40th a revisit.
SIZE_MB counts uncompressed WARC bytes. Deterministic: the same arguments give the same file.
"""
import gzip
import random
import sys

WORDS = ("harbour council storm ferry minister budget court election police market "
         "school hospital river bridge rail strike union vote report season island "
         "coast village mayor engineer contract winter summer price fuel grain port").split()


def page(rng, n):
    paras = []
    for _ in range(rng.randint(4, 40)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(20, 120))]
        paras.append("<p>" + " ".join(words).capitalize() + ".</p>")
    title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize()
    return (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title} | Gazette</title>"
            f"<meta property='article:published_time' content='2024-{rng.randint(1,12):02d}-{rng.randint(1,28):02d}'>"
            f"</head><body><nav class='menu'><a href='/'>Home</a></nav><article><h1>{title}</h1>"
            + "".join(paras) + f"</article><footer>Gazette {n}</footer></body></html>").encode()


def record(kind, uri, ctype, block):
    head = (f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2024-05-06T07:08:09Z\r\nContent-Type: {ctype}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"


def main():
    out, size_mb = sys.argv[1], int(sys.argv[2])
    rng = random.Random(15)
    target = size_mb * 1_000_000
    written = n = 0
    with open(out, "wb") as f:
        while written < target:
            n += 1
            uri = f"https://gazette.example/2024/news/{n}"
            recs = [record("request", uri, "application/http; msgtype=request", f"GET /{n} HTTP/1.1\r\n\r\n".encode())]
            if n % 50 == 0:
                recs.append(record("response", uri + ".png", "application/http; msgtype=response",
                                   b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n" + bytes(rng.randrange(256) for _ in range(4000))))
            elif n % 40 == 0:
                recs.append(record("revisit", uri, "application/http; msgtype=response", b"HTTP/1.1 304 Not Modified\r\n\r\n"))
            else:
                body = page(rng, n)
                recs.append(record("response", uri, "application/http; msgtype=response",
                                   b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body))
            for r in recs:
                f.write(gzip.compress(r, compresslevel=1))
                written += len(r)
    print(f"{out}: {n} captures, {written / 1e6:.0f} MB uncompressed")


if __name__ == "__main__":
    main()
