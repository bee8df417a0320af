"""MUC, B-cubed and CEAF-e over clusters of hashable mentions, and their mean (CoNLL F1), as the reference scorer
defines them. Key and response may hold different mentions: a mention missing on one side counts against it."""
from __future__ import annotations

from collections.abc import Hashable, Iterable

import numpy as np
from scipy.optimize import linear_sum_assignment

Clusters = list[set[Hashable]]


def _f(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _muc_recall(key: Clusters, response: Clusters) -> float:
    where = {m: i for i, c in enumerate(response) for m in c}
    num = den = 0
    for c in key:
        parts = {where.get(m, ("alone", m)) for m in c}
        num += len(c) - len(parts)
        den += len(c) - 1
    return num / den if den else 0.0


def muc(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    r, p = _muc_recall(key, response), _muc_recall(response, key)
    return p, r, _f(p, r)


def _b3_recall(key: Clusters, response: Clusters) -> float:
    where = {m: c for c in response for m in c}
    total = sum(len(c) for c in key)
    score = sum(len(c & where.get(m, set())) / len(c) for c in key for m in c)
    return score / total if total else 0.0


def b_cubed(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    r, p = _b3_recall(key, response), _b3_recall(response, key)
    return p, r, _f(p, r)


def ceaf_e(key: Clusters, response: Clusters) -> tuple[float, float, float]:
    if not key or not response:
        return 0.0, 0.0, 0.0
    sim = np.array([[2 * len(k & s) / (len(k) + len(s)) for s in response] for k in key])
    rows, cols = linear_sum_assignment(-sim)
    best = float(sim[rows, cols].sum())
    p, r = best / len(response), best / len(key)
    return p, r, _f(p, r)


def conll(key: Iterable[set[Hashable]], response: Iterable[set[Hashable]]) -> dict[str, float]:
    k, s = [set(c) for c in key if c], [set(c) for c in response if c]
    out = {}
    for name, fn in (("muc", muc), ("b3", b_cubed), ("ceaf_e", ceaf_e)):
        p, r, f = fn(k, s)
        out[name] = {"precision": round(100 * p, 1), "recall": round(100 * r, 1), "f1": round(100 * f, 1)}
    out["conll_f1"] = round(sum(out[n]["f1"] for n in ("muc", "b3", "ceaf_e")) / 3, 1)  # type: ignore[index]
    return out
