"""Choose the lines of `verifiers.stance` on FNC-1 train (dev), from the pairs stance_fnc1.py read.

    python benchmarks/stance_fnc1.py --set fnc1-train --sample 1200 --name stance_fnc1_train_1200
    python benchmarks/tune_stance.py [--cache stance_fnc1_train_1200] [--write]

Each pair's verifier judgement and features are in benchmarks/.cache/<cache>.jsonl. The grid search maximises macro-F1
over the four classes (the official relative score breaks ties); the same decision is computed vectorised here and
checked, pair by pair, against `verifiers.stance` with the chosen lines. With --write the lines go to
src/storydesk/verify/weights/stance.json. FNC-1's licence is unverified: these six numbers are all it chooses.
Never run on a test split.
"""
from __future__ import annotations

import argparse
import itertools
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from common import RESULTS
from stance_fnc1 import CACHE, CLASSES, LABEL_CLASS, score
from storydesk.contract import Judged
from storydesk.verify import verifiers
from storydesk.verify.features import Comparison
from storydesk.words import DENIAL, has_any

GRID = {
    "related_cosine": [0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 2.0],
    "related_coverage": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.0, 2.0],
    "supports": [0.05, 0.1, 0.15, 0.2, 0.25, *(round(0.3 + 0.05 * i, 2) for i in range(14))],
    "hedge_supports": [0.34, 0.67, 1.0],
    "discuss_hedge": [0.0, 0.05, 0.1, 0.2, 2.0],
}


def judged(row: dict, learned_line: float) -> Judged | None:
    """The verifiers' judgement behind a stored verdict (None: retrieval ruled the source out before any reading)."""
    if row["verifier"] in ("structured", "nli"):
        return Judged.CONTRADICTED
    if row["verifier"] != "learned":
        return None
    return Judged.SUPPORTED if row["score"] >= learned_line else Judged.UNSUPPORTED


def columns(rows: list[dict], learned_line: float) -> dict[str, np.ndarray]:
    get = lambda name: np.array([r["features"].get(name, 0.0) for r in rows])
    j = [judged(r, learned_line) for r in rows]
    return {"read": np.array([x is not None for x in j]), "contra": np.array([x == Judged.CONTRADICTED for x in j]),
            "score": np.array([r["score"] for r in rows]),
            "claim_deny": np.array([bool(has_any(r["head"], DENIAL)) for r in rows]), **{n: get(n) for n in
            ("cos_max", "cov_top", "deny_top", "hedge_top", "hedge_src")}}


def decide(c: dict[str, np.ndarray], lines: dict[str, float]) -> np.ndarray:
    """verifiers.stance, vectorised: 0 supports, 1 contradicts, 2 discusses, 3 not mentioned."""
    related = (c["cos_max"] >= lines["related_cosine"]) | (c["cov_top"] >= lines["related_coverage"])
    denial = (c["deny_top"] > 0) & ~c["claim_deny"]
    sup = (c["score"] >= lines["supports"]) & (c["hedge_top"] <= lines["hedge_supports"])
    out = np.full(len(c["score"]), 3)
    out[related & ((c["hedge_top"] > 0) | denial | (c["hedge_src"] >= lines["discuss_hedge"]))] = 2
    out[sup] = 0
    out[c["contra"]] = 1
    out[~c["read"]] = 3
    return out


ORDER = ["agree", "disagree", "discuss", "unrelated"]
# each class's share of the whole set the sample was drawn from (SOURCE.txt counts: FNC-1 train 49,972 pairs)
NATURAL = {"fnc1-train": {"agree": 3678 / 49972, "disagree": 840 / 49972, "discuss": 8909 / 49972,
                          "unrelated": 36545 / 49972}}


def fast_score(gold: np.ndarray, pred: np.ndarray, weight: np.ndarray) -> tuple[float, float]:
    """(macro-F1, relative score) as stance_fnc1.score computes them, from class indices, each pair weighted so that
    the sample's classes count as they come in the whole set (the stratified sample over-represents the rare ones)."""
    m = np.bincount(gold * 4 + pred, weights=weight, minlength=16).reshape(4, 4)
    tp = np.diag(m)
    prec = np.divide(tp, m.sum(axis=0), out=np.zeros(4), where=m.sum(axis=0) > 0)
    rec = np.divide(tp, m.sum(axis=1), out=np.zeros(4), where=m.sum(axis=1) > 0)
    f1 = np.divide(2 * prec * rec, prec + rec, out=np.zeros(4), where=(prec + rec) > 0)
    rel_g, rel_p = gold != 3, pred != 3
    got = 0.25 * np.sum(weight * (rel_g == rel_p)) + 0.75 * np.sum(weight * (rel_g & (gold == pred)))
    best = 0.25 * np.sum(weight) + 0.75 * np.sum(weight * rel_g)
    return round(float(f1.mean()), 4), round(float(100 * got / best), 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default="stance_fnc1_train_1200")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--set", default="fnc1-train", choices=sorted(NATURAL), help="whose class shares weigh the sample")
    args = parser.parse_args()
    rows = [json.loads(line) for line in (CACHE / f"{args.cache}.jsonl").open(encoding="utf-8")]
    gold = [r["gold"] for r in rows]
    learned_line = verifiers.load_weights()["threshold"]
    c = columns(rows, learned_line)
    before = ["agree" if judged(r, learned_line) == Judged.SUPPORTED else "disagree"
              if judged(r, learned_line) == Judged.CONTRADICTED else "unrelated" for r in rows]
    best: tuple | None = None
    names = list(GRID)
    g = np.array([ORDER.index(x) for x in gold])
    natural = NATURAL[args.set]
    sample = np.bincount(g, minlength=4) / len(g)
    weight = np.array([natural[ORDER[k]] / sample[k] for k in g])
    for values in itertools.product(*(GRID[n] for n in names)):
        lines = dict(zip(names, values))
        key = fast_score(g, decide(c, lines), weight)
        if best is None or key > best[0]:
            best = (key, lines)
    assert best is not None
    _, lines = best
    figures = score(gold, [ORDER[k] for k in decide(c, lines)])
    figures["weighted_to_the_set"] = dict(zip(("macro_f1", "relative_score"), fast_score(g, decide(c, lines), weight)))
    # the product's own function gives the same answers with these lines
    verifiers.stance_lines.cache_clear()
    product = []
    for r in rows:
        j = judged(r, learned_line)
        if j is None:
            product.append("unrelated")
            continue
        label, _ = verifiers.stance(r["head"], verifiers.Judgement(j, r["score"]), Comparison(dict(r["features"]), []), lines)
        product.append(LABEL_CLASS[str(label)])
    assert product == [ORDER[k] for k in decide(c, lines)], "the vectorised decision differs from verifiers.stance"
    out = {"cache": args.cache, "pairs": len(rows), "lines": lines, "dev": figures,
           "before_three_labels": score(gold, before), "classes": CLASSES}
    (RESULTS / "tune_stance.json").write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
    print(json.dumps({"lines": lines, "dev": {k: figures[k] for k in ("relative_score", "macro_f1", "f1", "weighted_to_the_set")},
                      "before": {k: out["before_three_labels"][k] for k in ("relative_score", "macro_f1", "f1")}}, indent=1))
    if args.write:
        path = verifiers.STANCE_WEIGHTS
        data = json.loads(path.read_text(encoding="utf-8"))
        data["lines"] = lines
        data["chosen_on"] = {"set": args.cache, "pairs": len(rows), "macro_f1": figures["macro_f1"],
                             "relative_score": figures["relative_score"], "weighted_to_the_set": figures["weighted_to_the_set"]}
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
