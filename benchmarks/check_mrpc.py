"""MRPC: two outlets' sentences on one story, the same fact or not? The closest public measure of corroboration.

    python benchmarks/check_mrpc.py [--train-limit N]

A pair counts as a paraphrase when each sentence supports the other: `storydesk.check(a, [b])` and
`storydesk.check(b, [a])`, the lower of the two support scores against a threshold. The threshold is chosen on MRPC
train only (best accuracy); test is then read once. MRPC is used for evaluation only (Microsoft's terms).
Writes benchmarks/results/check_mrpc.json.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import storydesk
from common import DATA as SHARED
from common import require
from storydesk.contract import Judged

DATA = require(SHARED / "mrpc")


def pairs(split: str) -> list[tuple[str, str, bool]]:
    with open(DATA / f"msr_paraphrase_{split}.txt", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(r[3], r[4], r[0] == "1") for r in rows[1:] if len(r) == 5]


def support(a: str, b: str) -> tuple[float, bool]:
    """The lowest sentence score of `a` checked against `b`, and whether every sentence of it is supported."""
    result = storydesk.check(a, [b])
    scores = [0.0 if s.label == Judged.CONTRADICTED else s.score for s in result.sentences]
    return min(scores, default=0.0), result.consistent


def scored(items: list[tuple[str, str, bool]], name: str) -> list[tuple[float, bool, bool]]:
    out = []
    for n, (a, b, gold) in enumerate(items, start=1):
        (sa, ca), (sb, cb) = support(a, b), support(b, a)
        out.append((min(sa, sb), ca and cb, gold))
        if n % 100 == 0:
            print(f"\r{name}: {n}/{len(items)}", end="", file=sys.stderr, flush=True)
    return out


def figures(rows: list[tuple[bool, bool]]) -> dict[str, float]:
    tp = sum(p and g for p, g in rows)
    fp = sum(p and not g for p, g in rows)
    fn = sum(g and not p for p, g in rows)
    accuracy = sum(p == g for p, g in rows) / len(rows)
    f1 = 2 * tp / max(2 * tp + fp + fn, 1)
    return {"accuracy": round(accuracy, 4), "f1": round(f1, 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--train-limit", type=int, default=0, help="choose the threshold on the first N train pairs")
    args = parser.parse_args()
    storydesk.check("Warm-up.", ["Warm-up."])
    started = time.perf_counter()
    train = pairs("train")[: args.train_limit or None]
    on_train = scored(train, "train")
    grid = [i / 100 for i in range(1, 100)]
    threshold = max(grid, key=lambda t: figures([(s >= t, g) for s, _, g in on_train])["accuracy"])
    on_test = scored(pairs("test"), "test")
    out = {
        "threshold_from_train": threshold, "train_pairs": len(train),
        "train": figures([(s >= threshold, g) for s, _, g in on_train]),
        "test": {"pairs": len(on_test), **figures([(s >= threshold, g) for s, _, g in on_test])},
        "test_with_the_verdicts_alone": figures([(c, g) for _, c, g in on_test]),
        "majority_class_test": figures([(True, g) for _, _, g in on_test]),
        "minutes": round((time.perf_counter() - started) / 60, 1),
        "machine": "2-core dev machine, CPU only",
    }
    print("\n" + json.dumps(out, indent=1))
    (Path(__file__).parent / "results" / "check_mrpc.json").write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
