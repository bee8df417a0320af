"""Train the learned verifier: a logistic scorer over storydesk's features, on FRANK `valid` only.

    python benchmarks/train_learned.py          # writes src/storydesk/verify/weights/learned.json

Labels. FRANK labels summaries, not sentences. A sentence of a summary with Factuality == 1.0
is supported; the only sentence of a one-sentence summary with Factuality < 1.0 is not. In a
longer summary with errors we do not know which sentences are wrong: after a first fit on the
known sentences, the k lowest-scored sentences of each such summary (k from its Factuality)
are taken as the wrong ones and the model is fitted again (one round of multiple-instance
learning). Regularisation C and the decision threshold are chosen by 5-fold cross-validation
over articles, maximising summary-level balanced accuracy with the same rule the benchmark
uses: a summary is consistent when every sentence is supported. FRANK test is never read.
"""
from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).parent))
from frank_features import features
from storydesk.verify.features import NAMES
from storydesk.verify.verifiers import CONFLICTS, CONTRADICTION, WEIGHTS

LEARNED = [n for n in NAMES if n not in CONFLICTS]  # the structured conflicts decide on their own
NLI = ["nli_entail", "nli_contra"]
SETS = {"all": LEARNED, "lexical": [n for n in LEARNED if n not in NLI], "cross-encoder": NLI}


def sentence_rows(items, scores=None):
    """(X, y, item index) for the sentences whose label is known or inferred."""
    X, y, owner = [], [], []
    for i, it in enumerate(items):
        sents = it["sentences"]
        vecs = [[s["features"][n] for n in LEARNED] for s in sents]
        if it["consistent"]:
            labels = [1] * len(sents)
        elif len(sents) == 1:
            labels = [0]
        elif scores is None:
            continue
        else:
            k = max(1, round((1 - it["factuality"]) * len(sents)))
            worst = set(np.argsort(scores[i])[:k].tolist())
            labels = [0 if j in worst else None for j in range(len(sents))]
        for v, lab in zip(vecs, labels):
            if lab is not None:
                X.append(v), y.append(lab), owner.append(i)
    return np.array(X, dtype=float), np.array(y), np.array(owner)


def fit(items, C):
    X, y, _ = sentence_rows(items)
    mean, scale = X.mean(0), X.std(0) + 1e-9
    model = LogisticRegression(C=C, max_iter=2000).fit((X - mean) / scale, y)
    scores = predict(items, model, mean, scale)
    X, y, _ = sentence_rows(items, scores)
    mean, scale = X.mean(0), X.std(0) + 1e-9
    model = LogisticRegression(C=C, max_iter=2000).fit((X - mean) / scale, y)
    return model, mean, scale


def predict(items, model, mean, scale):
    out = []
    for it in items:
        X = np.array([[s["features"][n] for n in LEARNED] for s in it["sentences"]], dtype=float)
        p = model.predict_proba((X - mean) / scale)[:, 1] if len(X) else np.array([1.0])
        conflict = np.array([any(s["features"].get(c) for c in CONFLICTS) or _model_contradicts(s["features"])
                             for s in it["sentences"]] or [False])
        out.append(np.where(conflict, -1.0, p))  # a structured conflict is never supported
    return out


def _model_contradicts(f: dict) -> bool:
    """verifiers._contradiction, as far as the features tell (the benchmark runs the real one)."""
    return f.get("nli_contra", 0) >= CONTRADICTION and f.get("nli_entail", 0) < 0.5 and f.get("cos_max", 0) >= 0.45


def balanced_accuracy(items, scores, t):
    pred = np.array([s.min() >= t for s in scores])
    gold = np.array([it["consistent"] for it in items])
    tpr = (pred & gold).sum() / max(gold.sum(), 1)
    tnr = (~pred & ~gold).sum() / max((~gold).sum(), 1)
    return (tpr + tnr) / 2


def best_threshold(items, scores):
    grid = np.linspace(0.05, 0.95, 181)
    accs = [balanced_accuracy(items, scores, t) for t in grid]
    return float(grid[int(np.argmax(accs))]), float(max(accs))


def _cross_validated(items, folds, C):
    oof = [None] * len(items)
    for train, held in folds:
        model, mean, scale = fit([items[i] for i in train], C)
        for i, s in zip(held, predict([items[i] for i in held], model, mean, scale)):
            oof[i] = s
    t, acc = best_threshold(items, oof)
    return acc, t, oof


def _ece(probs, labels) -> float:
    bins = np.clip((probs * 10).astype(int), 0, 9)
    return float(sum(abs(probs[bins == b].mean() - labels[bins == b].mean()) * (bins == b).sum()
                     for b in range(10) if (bins == b).any()) / len(probs))


def main() -> None:
    global LEARNED
    items = [it for it in features("valid")["items"] if it["sentences"]]
    groups = np.array([it["hash"] for it in items])
    folds = list(GroupKFold(5).split(items, groups=groups))
    ablation = {}
    for name, names in SETS.items():  # does each part add something on valid? (the ablation in the model card)
        LEARNED = names
        ablation[name] = max(_cross_validated(items, folds, C)[0] for C in (0.01, 0.1, 1.0, 10.0))
        print(f"features {name}: best cross-validated balanced accuracy {ablation[name]:.3f}")
    LEARNED = SETS["all"] if ablation["all"] >= ablation["lexical"] else SETS["lexical"]
    results = {}
    for C in (0.01, 0.1, 1.0, 10.0):
        acc, t, oof = _cross_validated(items, folds, C)
        results[C] = (acc, t, oof)
        print(f"C={C}: cross-validated balanced accuracy {acc:.3f} at threshold {t:.3f}")
    C = max(results, key=lambda c: results[c][0])
    cv_acc, _, oof = results[C]
    model, mean, scale = fit(items, C)
    t, fit_acc = best_threshold(items, predict(items, model, mean, scale))
    # Calibration check on held-out folds: expected calibration error of sentence probabilities
    # against the labels of one-sentence summaries and consistent summaries (the known labels).
    probs, labels = [], []
    for it, s in zip(items, oof):
        if it["consistent"] or len(s) == 1:
            for p in s:
                if p >= 0:
                    probs.append(p), labels.append(1 if it["consistent"] else 0)
    probs, labels = np.array(probs), np.array(labels)
    # Platt scaling on the held-out scores: the raw scorer is trained partly on inferred labels,
    # so its probabilities are refitted to the sentences whose label is known.
    logit = np.log(np.clip(probs, 1e-6, 1 - 1e-6) / np.clip(1 - probs, 1e-6, 1))
    platt = LogisticRegression(C=1e6).fit(logit.reshape(-1, 1), labels)
    a, b = float(platt.coef_[0][0]), float(platt.intercept_[0])
    ece_raw = _ece(probs, labels)
    probs = 1 / (1 + np.exp(-(a * logit + b)))
    t_logit = np.log(t / (1 - t))
    t = float(1 / (1 + np.exp(-(a * t_logit + b))))  # the same decision, on the calibrated scale
    bins = np.clip((probs * 10).astype(int), 0, 9)
    ece = sum(abs(probs[bins == b].mean() - labels[bins == b].mean()) * (bins == b).sum() for b in range(10) if (bins == b).any()) / len(probs)
    weights = {
        "features": LEARNED, "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
        "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
        "threshold": round(t, 4), "C": C,
        "trained_on": f"FRANK valid ({len(items)} summaries), benchmarks/train_learned.py",
        "cv_balanced_accuracy": round(cv_acc, 4), "fit_balanced_accuracy": round(fit_acc, 4),
        "cv_balanced_accuracy_by_features": {k: round(v, 4) for k, v in ablation.items()},
        "calibration": {"a": round(a, 6), "b": round(b, 6)},
        "cv_expected_calibration_error": round(float(ece), 4), "cv_expected_calibration_error_before_platt": round(ece_raw, 4),
        "trained": datetime.date.today().isoformat(),
    }
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n")
    print(json.dumps({k: v for k, v in weights.items() if k not in ("mean", "scale")}, indent=1))


if __name__ == "__main__":
    main()
