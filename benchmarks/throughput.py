"""Throughput of `storydesk extract` and `storydesk analyze` on the 1,008 PolNeAR articles.

Runs each command as a user would (a subprocess on the folders of text files),
three times, and reports the median wall time, documents per second and the
peak resident memory of the child process.

    python benchmarks/throughput.py [--repeat 3]
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, ROOT, median, record, require


def _run(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "storydesk.cli", *args], check=False, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"storydesk {' '.join(args[:1])} failed: {proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = require(DATA / "polnear" / "data")
    folders = [str(base / split / "text") for split in ("train", "dev", "test")]
    n_docs = sum(len(os.listdir(f)) for f in folders)
    words = sum(len(Path(f, n).read_text(encoding="utf-8").split()) for f in folders for n in os.listdir(f))
    figures: dict = {"documents": n_docs, "words": words, "repeat": args.repeat}
    for name, cmd in (("extract", ["extract", "--jsonl", "-q", *folders]),
                      ("analyze", ["analyze", "-q", "--out", tempfile.mkdtemp(prefix="sd-bench-"), *folders])):
        times, peaks = [], []
        for _ in range(args.repeat):
            elapsed, peak = _run(cmd)
            times.append(elapsed)
            peaks.append(peak)
        t = median(times)
        figures[name] = {"median_seconds": round(t, 2), "docs_per_second": round(n_docs / t, 1),
                         "words_per_second": round(words / t), "peak_rss_mb": round(max(peaks)), "runs": [round(x, 2) for x in times]}
    record("throughput", figures)


if __name__ == "__main__":
    main()
