"""FRANK test: balanced accuracy of `storydesk.check` as a summary-level consistency judge, and its speed.

    python benchmarks/check_frank.py [--split valid]

A summary is judged consistent when every sentence is `supported`; gold is Factuality == 1.0.
The learned scorer and its threshold come from benchmarks/train_learned.py, fitted on FRANK
valid only. Each summary is checked end to end with `storydesk.check(summary, [article])`.
Writes benchmarks/results/check_frank.json.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import storydesk
from frank_data import items

PUBLISHED = {"BERTScore-P (article)": 0.747, "FactCC": 0.742, "QAGS": 0.723, "FEQA": 0.691,
             "SummaC-ZS (older labels)": 0.790, "SummaC-Conv (older labels)": 0.816, "QuestEval (older labels)": 0.821}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="test", choices=["test", "valid"])
    args = parser.parse_args()
    data = items(args.split)
    storydesk.check("Warm-up.", ["Warm-up."])  # load the models before timing
    started = time.perf_counter()
    per = []
    tp = tn = pos = neg = 0
    by_dataset: dict[str, list[int]] = {}
    for n, it in enumerate(data, start=1):
        t = time.perf_counter()
        result = storydesk.check(it["summary"], [it["article"]])
        per.append(time.perf_counter() - t)
        pred, gold = result.consistent, it["consistent"]
        pos += gold
        neg += not gold
        tp += pred and gold
        tn += (not pred) and (not gold)
        d = by_dataset.setdefault(it["dataset"], [0, 0, 0, 0])
        d[0] += pred and gold
        d[1] += gold
        d[2] += (not pred) and (not gold)
        d[3] += not gold
        if n % 50 == 0:
            print(f"\r{n}/{len(data)}", end="", file=sys.stderr, flush=True)
    total = time.perf_counter() - started
    bacc = (tp / pos + tn / neg) / 2
    out = {
        "split": args.split, "summaries": len(data), "consistent": pos,
        "balanced_accuracy": round(bacc, 4), "true_positive_rate": round(tp / pos, 4), "true_negative_rate": round(tn / neg, 4),
        "by_dataset": {k: {"tpr": round(v[0] / max(v[1], 1), 4), "tnr": round(v[2] / max(v[3], 1), 4), "n": v[1] + v[3]}
                       for k, v in by_dataset.items()},
        "total_minutes": round(total / 60, 2), "median_seconds_per_summary": round(statistics.median(per), 3),
        "published_balanced_accuracy": PUBLISHED,
        "machine": "2-core dev machine, CPU only",
    }
    print("\n" + json.dumps(out, indent=1))
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    (results / f"check_frank{'' if args.split == 'test' else '_' + args.split}.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
