"""Fit the scorer for claims read across languages (a Spanish sentence against an English source, both in English).

    python benchmarks/train_across.py            # fit on airbus + apple, report gm (dev) and stock (test)
    python benchmarks/train_across.py --report   # the shipped weights on gm and stock only

MEANTIME's Spanish articles are sentence-aligned translations of the English ones. Each Spanish body sentence of at
least 6 words is checked (`storydesk.check`) against its own English article (it is there: supported) and against
the English article of the same topic closest to that one in TF-IDF (a same-topic article of another day: mostly not
there). The logistic scorer over the verifier's features is fitted on airbus and apple (train topics), its threshold
the best balanced accuracy there; gm (dev) and stock (test) are read once. Writes
src/storydesk/verify/weights/learned_across.json and benchmarks/results/check_across.json. MEANTIME: CC BY 4.0.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).parent))
from common import record
from meantime_links import TOPICS, article, sentences_of
from storydesk.verify.check import compare_summary
from storydesk.verify.verifiers import ACROSS_WEIGHTS, WEIGHTS, Learned

FEATURES = ["cos_max", "cos_mean3", "cov_top", "cov_src", "novel", "novel_num", "bigram_src", "tok_p", "nli_entail",
            "nli_contra"]


def rows(topic: str) -> list[tuple[dict[str, float], bool]]:
    """Per Spanish body sentence: against its own English article (supported), against that article with the
    sentence it translates taken out (the same story and context without the fact: mostly not there), and against
    the closest other English article of the topic (not there)."""
    en = {k: v for k, v in sentences_of("en").items() if f"corpus_{topic}/" in k}
    es = {k: v for k, v in sentences_of("es").items() if f"corpus_{topic}/" in k}
    keys = sorted(set(en) & set(es))
    texts = [article(en[k]) for k in keys]
    tfidf = TfidfVectorizer(sublinear_tf=True).fit(texts)
    matrix = tfidf.transform(texts)
    out = []
    for n, key in enumerate(keys):
        sims = (matrix @ matrix[n].T).toarray().ravel()
        sims[n] = -1
        other = texts[int(sims.argmax())]
        body = [(i, t) for i, t in es[key] if i >= 2 and len(t.split()) >= 6]
        if not body:
            continue
        summary = " ".join(t for _, t in body)
        for source, gold in ((texts[n], True), (other, False)):
            _, comps, _ = compare_summary(summary, [source], lang="es", source_langs=["en"])
            if len(comps) == len(body):  # the splitter read the same sentences
                out += [(c.features, gold) for c in comps]
        for i, sentence in body:
            without = article([(j, t) for j, t in en[key] if j != i])
            _, comps, _ = compare_summary(sentence, [without], lang="es", source_langs=["en"])
            out += [(c.features, False) for c in comps[:1]]
    return out


def balanced(probs: np.ndarray, y: np.ndarray, t: float) -> float:
    pred = probs >= t
    return float((np.mean(pred[y]) + np.mean(~pred[~y])) / 2)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--report", action="store_true", help="read the shipped weights on gm and stock only")
    args = parser.parse_args()
    started = time.perf_counter()
    data = {t: rows(t) for t in (TOPICS if not args.report else ("gm", "stock"))}
    if not args.report:
        train = data["airbus"] + data["apple"]
        X = np.array([[f[n] for n in FEATURES] for f, _ in train])
        y = np.array([g for _, g in train])
        mean, scale = X.mean(axis=0), X.std(axis=0) + 1e-9
        model = LogisticRegression(C=0.1, class_weight="balanced", max_iter=2000).fit((X - mean) / scale, y)
        probs = model.predict_proba((X - mean) / scale)[:, 1]
        threshold = max((t / 100 for t in range(5, 96)), key=lambda t: balanced(probs, y, t))
        weights = {"features": FEATURES, "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
                   "coef": model.coef_[0].round(6).tolist(), "intercept": round(float(model.intercept_[0]), 6),
                   "threshold": threshold, "C": 0.1,
                   "trained_on": f"MEANTIME airbus + apple: {len(train)} Spanish sentences against English articles "
                                 "(benchmarks/train_across.py)",
                   "fit_balanced_accuracy": round(balanced(probs, y, threshold), 4)}
        ACROSS_WEIGHTS.write_text(json.dumps(weights, indent=1) + "\n", encoding="utf-8")
    learned = Learned(json.loads(ACROSS_WEIGHTS.read_text(encoding="utf-8")))
    english = Learned(json.loads(WEIGHTS.read_text(encoding="utf-8")))  # the FRANK scorer, as before this fit
    figures = {}
    for topic in ("gm", "stock"):
        y = np.array([g for _, g in data[topic]])
        figures[topic] = {"pairs": len(y)}
        for name, scorer in (("balanced_accuracy", learned), ("with_the_english_frank_scorer", english)):
            probs = np.array([scorer.probability(f) for f, _ in data[topic]])
            figures[topic][name] = round(balanced(probs, y, scorer.weights["threshold"]), 4)
    record("check_across", {"dev_gm": figures["gm"], "test_stock": figures["stock"],
                            "threshold": learned.weights["threshold"], "minutes": round((time.perf_counter() - started) / 60, 1)})


if __name__ == "__main__":
    main()
