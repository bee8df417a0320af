"""MRPC as a test of the provenance aligner: do two outlets' sentences say the same thing?

    python benchmarks/align_mrpc.py [--choose]

A pair is a paraphrase when the aligner would align the two sentences (`provenance.align.aligned`: wording,
close meaning, or near meaning confirmed by the cross-encoder either way). `--choose` picks the three thresholds on
MRPC train only (best accuracy over a grid) and prints them; without it the shipped AlignOptions are read on train
and test. MRPC is used for evaluation only (Microsoft's terms). Writes benchmarks/results/align_mrpc.json.
"""
from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from check_mrpc import figures, pairs
from common import record
from storydesk.embedder import embedder
from storydesk.provenance.align import AlignOptions, aligned, lexical
from storydesk.provenance.detect import READER


def measures(items: list[tuple[str, str, bool]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[bool]]:
    a = [x for x, _, _ in items]
    b = [y for _, y, _ in items]
    lex = np.array([lexical([x], [y])[0, 0] for x, y in zip(a, b)])
    va, vb = embedder().sentences(a), embedder().sentences(b)
    cos = (va * vb).sum(axis=1)
    return lex, cos, np.array(READER.either_way(list(zip(a, b)))), [g for _, _, g in items]


def decide(m, options: AlignOptions) -> list[bool]:
    lex, cos, ent, _ = m
    return [aligned(float(x), float(c), float(e), options) for x, c, e in zip(lex, cos, ent)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--choose", action="store_true", help="choose the thresholds on train and print them")
    args = parser.parse_args()
    started = time.perf_counter()
    train = measures(pairs("train"))
    if args.choose:
        grid = itertools.product([x / 100 for x in range(70, 100, 2)], [x / 100 for x in range(40, 90, 2)],
                                 [x / 10 for x in range(1, 10)])
        best = max(((figures(list(zip(decide(train, AlignOptions(semantic_similarity=s, confirm_similarity=c,
                                                                  confirm_entail=p)), train[3])))["accuracy"], s, c, p)
                    for s, c, p in grid if c <= s), key=lambda r: r[0])
        print({"train_accuracy": best[0], "semantic_similarity": best[1], "confirm_similarity": best[2],
               "confirm_entail": best[3]})
        return
    options = AlignOptions()
    test = measures(pairs("test"))
    wording_only = dataclasses.replace(options, semantic_similarity=2.0, confirm_similarity=2.0)
    record("align_mrpc", {
        "thresholds": {k: getattr(options, k) for k in ("sentence_similarity", "semantic_similarity",
                                                        "confirm_similarity", "confirm_entail")},
        "train": figures(list(zip(decide(train, options), train[3]))),
        "test": {"pairs": len(test[3]), **figures(list(zip(decide(test, options), test[3])))},
        "test_wording_alone_as_before": figures(list(zip(decide(test, wording_only), test[3]))),
        "majority_class_test": figures([(True, g) for g in test[3]]),
        "minutes": round((time.perf_counter() - started) / 60, 1),
    })


if __name__ == "__main__":
    main()
