"""The provenance stage's cost for one story of 50 and of 200 articles.

    python benchmarks/provenance_speed.py [--sizes 50 200] [--runs 3]

A story of N articles: PolNeAR train articles (politics, 2016: many on the same people and events) and, for one in
ten, a Spanish version made by Apertium (a story's other language, read back through the translator). Articles go
through extract once; then `find_relations` runs `--runs` times on them, models warm, translations not cached between
runs (nor the cross-encoder's pair cache). Reported: the median seconds per run and the relations found. Writes benchmarks/results/provenance_speed.json.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import DATA, extracted, record, require
from storydesk.provenance import AlignOptions, find_relations

POLNEAR = require(DATA / "polnear" / "data" / "train" / "text")


def story(n: int):
    files = sorted(POLNEAR.glob("*.txt"))
    spanish = n // 10
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files[: n - spanish]]
    try:
        for name, text in texts[:spanish]:
            out = subprocess.run(["apertium", "-u", "eng-spa"], input=text, capture_output=True, text=True, check=True)
            texts.append((f"es-{name}", out.stdout))
    except (OSError, subprocess.CalledProcessError):
        print("apertium-eng-spa is not installed: English articles only", file=sys.stderr)
    return extracted(texts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    find_relations(story(5), AlignOptions())  # load the models
    figures = {}
    for n in args.sizes:
        docs = story(n)
        seconds, relations = [], []
        for _ in range(args.runs):
            try:  # nothing cached from the run before: translations, the cross-encoder's pairs
                from storydesk import translate
                from storydesk.verify.entail import entailer
                translate._cache.clear()
                entailer().cache.clear()
            except (ImportError, AttributeError):
                pass
            for d in docs:
                d.derived_from = []
            started = time.perf_counter()
            relations = find_relations(docs, AlignOptions())
            seconds.append(time.perf_counter() - started)
        figures[f"story_of_{n}"] = {"documents": len(docs), "median_seconds": round(statistics.median(seconds), 2),
                                    "runs": [round(s, 2) for s in seconds], "relations": len(relations),
                                    "kinds": sorted({r.kind for r in relations})}
    record("provenance_speed", figures)


if __name__ == "__main__":
    main()
