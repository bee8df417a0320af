"""Articles kept over randomised incremental runs: the probe of issue 19, repeated.

Each trial copies N articles (the written firehose dev stories, then PolNeAR dev articles) into a folder, analyses a
random half into a fresh --out, adds the other half and analyses again into the same --out, each run with a random
number of workers (1 or 2). Counted: the trials in which every article is in story.json, in report.html's story
pages and in story.db, exactly once. Run as `python incremental_runs.py [--trials 50] [--articles 24]`.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, ROOT, record, require

CLI = [sys.executable, "-m", "storydesk.cli"]


def articles(n: int) -> list[Path]:
    written = sorted(p for p in (ROOT / "benchmarks" / "firehose" / "dev").rglob("*") if p.is_file())
    polnear = sorted(require(DATA / "polnear" / "data" / "dev" / "text").iterdir())
    return (written + polnear)[:n]


def kept(out: Path, expected: set[str]) -> dict[str, int]:
    payload = json.loads((out / "story.json").read_text("utf-8"))
    in_json = [d["source"] for s in payload["stories"] for d in s["documents"]]
    conn = sqlite3.connect(out / "story.db")
    in_db = [r[0] for r in conn.execute("SELECT source FROM documents")]
    conn.close()
    return {"missing_json": len(expected - set(in_json)), "missing_db": len(expected - set(in_db)),
            "doubled_json": len(in_json) - len(set(in_json)), "doubled_db": len(in_db) - len(set(in_db))}


def trial(rng: random.Random, pool: list[Path], work: Path) -> dict:
    folder = work / "in"
    folder.mkdir()
    for n, path in enumerate(pool):
        shutil.copy(path, folder / f"{n:03d}-{path.name}")
    names = sorted(p.name for p in folder.iterdir())
    late = set(rng.sample(names, len(names) // 2))
    held = {name: (folder / name).read_bytes() for name in late}
    for name in late:
        (folder / name).unlink()
    workers = [rng.choice([1, 2]), rng.choice([1, 2])]
    for n, w in enumerate(workers):
        if n == 1:
            for name, data in held.items():
                (folder / name).write_bytes(data)
        proc = subprocess.run([*CLI, "analyze", "-q", "--workers", str(w), "--out", str(work / "out"), str(folder)],
                              check=False, capture_output=True, text=True)
        if proc.returncode != 0:
            return {"workers": workers, "error": proc.stderr[-500:]}
    return {"workers": workers, **kept(work / "out", {f"{folder.name}/{name}" for name in names})}  # names as given


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--seed", type=int, default=19)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = articles(args.articles)
    trials = []
    started = time.perf_counter()
    for t in range(args.trials):
        with tempfile.TemporaryDirectory() as tmp:
            result = trial(rng, pool, Path(tmp))
        trials.append(result)
        print(t, result, flush=True)
    clean = [r for r in trials if "error" not in r and not any(r[k] for k in ("missing_json", "missing_db", "doubled_json",
                                                                                  "doubled_db"))]
    record("incremental_runs", {"trials": args.trials, "articles": len(pool), "seed": args.seed,
                                "trials_with_every_article_once": len(clean),
                                "articles_missing": sum(r.get("missing_json", 0) for r in trials),
                                "seconds": round(time.perf_counter() - started, 1), "per_trial": trials})


if __name__ == "__main__":
    main()
