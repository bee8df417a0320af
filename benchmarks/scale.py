"""Firehose speed and memory: storydesk analyze end to end against spaCy nlp.pipe alone, 1,000 -> 10,000 articles,
and the Dask engine with 1 and 2 workers.

    python benchmarks/scale.py --part polnear     # the 1,008 PolNeAR articles, and nlp.pipe over the same texts
    python benchmarks/scale.py --part firehose [--articles 1000]  # the firehose (corpora.firehose10k), same two
    python benchmarks/scale.py --part dask        # Dask LocalCluster, 1 worker vs 2, on PolNeAR dev + test (168)

Each run is `storydesk analyze` as a user runs it, in a fresh output folder (nothing cached), with peak memory
taken as the largest summed RSS of the process and its children, sampled every 0.2 s. The nlp.pipe baseline is
the same spaCy pipeline storydesk loads, over the same cleaned texts (`storydesk extract`), in one process with
n_process equal to the worker count. Results go to benchmarks/results/scale_<part>.json.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import psutil

from common import DATA, ROOT, record, require
from corpora import firehose10k, polnear


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def measured(args: list[str]) -> dict:
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "storydesk.cli", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    proc, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(proc))
        time.sleep(0.2)
    out, err = child.communicate()
    if child.returncode != 0:
        sys.exit(f"storydesk {args[0]} failed ({child.returncode}): {err[-3000:]}")
    stages = {}
    for line in out.splitlines():  # `--timings`: "  name   seconds  share%"
        parts = line.split()
        if line.startswith("  ") and len(parts) == 3 and parts[2].endswith("%"):
            stages[parts[0]] = float(parts[1])
    return {"seconds": round(time.perf_counter() - started, 1), "peak_rss_mb": round(peak / 2**20), "stdout": out[-500:],
            "stage_seconds": stages}


def parse_baseline(sources: list[str], workers: int) -> dict:
    """spaCy nlp.pipe alone over the cleaned texts storydesk extracts (English pipeline; that is nearly all of it)."""
    proc = subprocess.run([sys.executable, "-m", "storydesk.cli", "extract", "--jsonl", "-q", *sources], check=False, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    texts = [json.loads(line)["text"] for line in proc.stdout.splitlines()]
    code = ("import json,sys,time\nfrom storydesk.annotate.nlp import pipeline\nnlp=pipeline('en').nlp\n"
            "texts=json.load(sys.stdin)\nt=time.perf_counter()\n"
            f"n=sum(1 for _ in nlp.pipe(texts, batch_size=16, n_process={workers}))\n"
            "print(json.dumps({'seconds': round(time.perf_counter()-t, 1), 'docs': n}))")
    out = subprocess.run([sys.executable, "-c", code], input=json.dumps(texts), check=False, capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    if out.returncode != 0:
        sys.exit(out.stderr[-2000:])
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["words"] = sum(len(t.split()) for t in texts)
    return result


def end_to_end(name: str, sources: list[str], n_docs: int, workers: int) -> dict:
    run = measured(["analyze", "-q", "--timings", "--workers", str(workers), "--out", tempfile.mkdtemp(prefix="sd-scale-"),
                    *sources])
    base = parse_baseline(sources, workers)
    return {"corpus": name, "articles": n_docs, "workers": workers, "analyze_seconds": run["seconds"],
            "articles_per_second": round(n_docs / run["seconds"], 2), "peak_rss_mb": run["peak_rss_mb"],
            "nlp_pipe_seconds": base["seconds"], "nlp_pipe_articles_per_second": round(base["docs"] / base["seconds"], 2),
            "ratio_to_nlp_pipe": round(base["seconds"] / run["seconds"], 3), "words": base["words"],
            "stage_seconds_summed_over_workers": run["stage_seconds"]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--part", choices=["polnear", "firehose", "dask"], required=True)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    if args.part == "polnear":
        folders = polnear()
        n = sum(len(os.listdir(f)) for f in folders)
        record("scale_polnear", end_to_end("PolNeAR", folders, n, args.workers))
    elif args.part == "firehose":
        path = firehose10k(args.articles)
        n = sum(1 for shard in sorted(path.glob("*.jsonl")) for _ in shard.open(encoding="utf-8"))
        record(f"scale_firehose_{n}", end_to_end(f"firehose {n}", [str(path)], n, args.workers))
    else:
        base = require(DATA / "polnear" / "data")
        folders = [str(base / s / "text") for s in ("dev", "test")]
        n = sum(len(os.listdir(f)) for f in folders)
        figures = {"articles": n}
        for workers in (1, 2):
            run = measured(["analyze", "-q", "--timings", "--engine", "dask", "--workers", str(workers), "--out",
                            tempfile.mkdtemp(prefix="sd-dask-"), *folders])
            figures[f"workers_{workers}"] = {"seconds": run["seconds"], "articles_per_second": round(n / run["seconds"], 2),
                                             "peak_rss_mb": run["peak_rss_mb"]}
        figures["speedup_2_vs_1"] = round(figures["workers_1"]["seconds"] / figures["workers_2"]["seconds"], 2)
        record("scale_dask", figures)


if __name__ == "__main__":
    main()
