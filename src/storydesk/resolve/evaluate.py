"""Score entity clusters against hand-made gold: B-cubed over surface forms, and forbidden merges.

Gold is a list of clusters of surface forms ({"type", "forms"}) and pairs of
forms that must never share an entity. A form belongs to every entity that has
a mention with exactly that text.
"""
from __future__ import annotations

from typing import Any

from ..model import Entity


def _entities_of(entities: list[Entity]) -> dict[str, set[str]]:
    owners: dict[str, set[str]] = {}
    for e in entities:
        for m in e.mentions:
            owners.setdefault(m.text, set()).add(e.id)
    return owners


def bcubed(entities: list[Entity], clusters: list[dict[str, Any]]) -> dict[str, float]:
    owners = _entities_of(entities)
    forms = [f for c in clusters for f in c["forms"]]
    gold_of = {f: set(c["forms"]) for c in clusters for f in c["forms"]}
    precision, recall = [], []
    for f in forms:
        mine = owners.get(f, set())
        together = {g for g in forms if owners.get(g, set()) & mine} | {f}
        good = len(together & gold_of[f])
        precision.append(good / len(together))
        recall.append(good / len(gold_of[f]))
    p, r = sum(precision) / len(precision), sum(recall) / len(recall)
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "forms": len(forms), "found": sum(1 for f in forms if f in owners)}


def forbidden_merges(entities: list[Entity], pairs: list[list[str]]) -> list[tuple[str, str, str]]:
    """(form a, form b, entity name) for every pair that some entity holds both of."""
    out: list = []
    for e in entities:
        texts = {m.text for m in e.mentions}
        out.extend((a, b, e.name) for a, b in pairs if a in texts and b in texts)
    return out


def wrong_types(entities: list[Entity], clusters: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(form, gold type, entity type) where an entity holding a gold form has another type."""
    owners = {m.text: e for e in entities for m in e.mentions}
    return [(f, c["type"], owners[f].type) for c in clusters for f in c["forms"] if f in owners and owners[f].type != c["type"]]
