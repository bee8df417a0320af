"""Web UI latency on a store of 10,000 documents, under concurrent load from a local client.

The store: the bundled demo story, analysed once by the real pipeline, saved 1,250 times under different
story ids (8 documents each: 10,000 documents, 116,250 claims with all their verdicts). Copies make the
full-text index heavy on purpose: a word like "prison" matches thousands of documents, so ranking has
the most rows to score. The server is the real `storydesk serve` app under uvicorn in its own process;
CLIENTS threads send REQUESTS requests to each endpoint and every latency is recorded.

    python benchmarks/web_latency.py [--stories 1250] [--clients 8] [--requests 400]
"""
from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from common import ROOT, record

QUERIES = ["prison", "Quintero", "Miami indictment", "soldiers police", "fiscalía", "gang leader", "tunnel", "Saldaña",
           "main gate", "extortion killings", "ambulancia", "state of emergency"]


def build_store(db: Path, stories: int) -> tuple[list[tuple[str, str]], float]:
    sys.path.insert(0, str(ROOT / "src"))
    from storydesk.engine import run_one as run
    from storydesk.pipeline import DEMO_CORPUS
    from storydesk.store import save
    from storydesk.storyjson import to_json

    payload = to_json(run([str(DEMO_CORPUS)]))
    t0 = time.perf_counter()
    for n in range(stories):
        payload["story"]["id"] = f"story-{n:05d}"
        save(db, payload)
    claims = [(f"story-{n:05d}", c["id"]) for n in range(stories) for c in payload["claims"]]
    return claims, time.perf_counter() - t0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(url_of, n: int, clients: int) -> list[float]:
    def one(i: int) -> float:
        with httpx.Client(timeout=60) as client:
            t0 = time.perf_counter()
            r = client.get(url_of(i))
            elapsed = time.perf_counter() - t0
            r.raise_for_status()
            return elapsed

    with ThreadPoolExecutor(clients) as pool:
        return list(pool.map(one, range(n)))


def summary(lat: list[float], wall: float) -> dict:
    lat = sorted(lat)
    return {"median_ms": round(1000 * statistics.median(lat), 1), "p95_ms": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1),
            "requests": len(lat), "requests_per_s": round(len(lat) / wall, 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--stories", type=int, default=1250)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--requests", type=int, default=400)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "story.db"
        claims, build_s = build_store(db, args.stories)
        import sqlite3
        conn = sqlite3.connect(db)
        docs = conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
        n_claims = conn.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        conn.close()
        port = free_port()
        server = subprocess.Popen([sys.executable, "-m", "storydesk.cli", "serve", str(db), "--port", str(port)],
                                  stderr=subprocess.DEVNULL, cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(200):
                try:
                    httpx.get(base + "/openapi.json", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            rng = random.Random(7)
            picks = [rng.choice(claims) for _ in range(args.requests)]
            endpoints = {
                "search_page": lambda i: f"{base}/search?q={QUERIES[i % len(QUERIES)]}",
                "search_api": lambda i: f"{base}/api/search?q={QUERIES[i % len(QUERIES)]}",
                "claim_page": lambda i: f"{base}/stories/{picks[i][0]}/claims/{picks[i][1]}",
                "claim_api": lambda i: f"{base}/api/stories/{picks[i][0]}/claims/{picks[i][1]}",
            }
            figures = {}
            for name, url_of in endpoints.items():
                load(url_of, min(40, args.requests), args.clients)  # warm-up
                t0 = time.perf_counter()
                lat = load(url_of, args.requests, args.clients)
                figures[name] = summary(lat, time.perf_counter() - t0)
        finally:
            server.terminate()
            server.wait(timeout=10)
        size_mb = db.stat().st_size / 1e6
    record("web_latency", {"documents": docs, "claims": n_claims, "store_mb": round(size_mb, 1), "build_s": round(build_s, 1),
                           "clients": args.clients, "server": "uvicorn, one process", **figures})


if __name__ == "__main__":
    main()
