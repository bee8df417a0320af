"""How far today's corroboration features can tell agree, disagree and discuss apart on FNC-1 train (dev only).

    python benchmarks/stance_fnc1.py --set fnc1-train --sample 3000 --name stance_fnc1_train_3000
    python benchmarks/stance_features_ceiling.py [--cache stance_fnc1_train_3000]

Reads each related pair's verifier features from benchmarks/.cache/<cache>.jsonl and reports, among related pairs:
the ROC AUC of each feature for agree against discuss and for disagree against the other related pairs, and the
macro-F1 over the three related classes of a logistic regression fitted on these FNC-1 train pairs themselves
(5-fold cross-validation). The regression is a diagnostic of the features' ceiling, never shipped: FNC-1's licence is
unverified, so it trains no weights storydesk uses. Never run on a test split.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, roc_auc_score
from sklearn.model_selection import cross_val_predict

sys.path.insert(0, str(Path(__file__).parent))
from common import record
from stance_fnc1 import CACHE

RELATED = ["agree", "disagree", "discuss"]


def aucs(x: np.ndarray, y: np.ndarray, names: list[str]) -> dict[str, float]:
    """Each feature's ROC AUC (0.5 tells nothing; below 0.5 the feature points the other way)."""
    return {n: round(float(roc_auc_score(y, x[:, i])), 3) for i, n in enumerate(names) if len(set(x[:, i])) > 1}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="stance_fnc1_train_3000")
    args = ap.parse_args()
    rows = [json.loads(line) for line in (CACHE / f"{args.cache}.jsonl").open(encoding="utf-8")]
    related = [r for r in rows if r["gold"] in RELATED and r["features"]]
    names = sorted({k for r in related for k in r["features"]})
    x = np.array([[r["features"].get(n, 0.0) for n in names] + [r["score"]] for r in related])
    names = [*names, "score"]
    gold = np.array([r["gold"] for r in related])
    pair = np.isin(gold, ["agree", "discuss"])
    y = np.array([RELATED.index(g) for g in gold])
    scaled = (x - x.mean(0)) / (x.std(0) + 1e-9)
    predicted = cross_val_predict(LogisticRegression(max_iter=2000, class_weight="balanced"), scaled, y, cv=5)
    per_class = f1_score(y, predicted, average=None)
    record(f"stance_features_ceiling_{args.cache}", {
        "pairs": len(rows), "related_pairs_with_features": len(related),
        "auc_agree_vs_discuss": aucs(x[pair], gold[pair] == "agree", names),
        "auc_disagree_vs_other_related": aucs(x, gold == "disagree", names),
        "logistic_regression_fitted_on_fnc1_train_5fold": {
            "macro_f1": round(float(f1_score(y, predicted, average="macro")), 3),
            "f1": {c: round(float(v), 3) for c, v in zip(RELATED, per_class)}},
    })


if __name__ == "__main__":
    main()
