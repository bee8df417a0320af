"""What the report and the web UI show, computed once from a story.json payload (the web UI loads the same
payload from story.db): the claims matrix, quotes by speaker, counts."""
from __future__ import annotations

from collections import Counter
from typing import Any

from ..contract import Label, Status

STATUS_ORDER = list(Status)  # most contested first
CELL = {Label.SUPPORTS: ("✓", "supports"), Label.CONTRADICTS: ("✗", "contradicts"), Label.NOT_MENTIONED: ("·", "not mentioned")}


def names(payload: dict[str, Any]) -> dict[str, str]:
    return {d["id"]: (d["outlet"] or d["title"] or d["source"]) for d in payload["documents"]}


def matrix(payload: dict[str, Any]) -> dict[str, Any]:
    """Claims × sources: one row per distinct claim wording (copies repeat claims), most contested first."""
    docs = payload["documents"]
    seen: set[str] = set()
    rows = []
    for c in sorted(payload["claims"], key=lambda c: (STATUS_ORDER.index(c["status"]) if c["status"] in STATUS_ORDER else 9,
                                                       -c["checkworthiness"], c["doc"], c["start"])):
        key = " ".join(c["text"].lower().split())
        if key in seen:
            continue
        seen.add(key)
        by_doc = {v["doc"]: v for v in c["verdicts"]}
        cells = []
        for d in docs:
            if d["id"] == c["doc"]:
                cells.append({"mark": "●", "cls": "own", "title": "the claim's own document"})
                continue
            v = by_doc.get(d["id"])
            label = v["label"] if v else Label.NOT_MENTIONED
            mark, words = CELL[label]
            ev = (v or {}).get("evidence") or []
            title = f"{words}" + (f": {ev[0]['text'][:160]}" if ev and label != Label.NOT_MENTIONED else "")
            cells.append({"mark": mark, "cls": label, "title": title})
        rows.append({"claim": c, "cells": cells,
                     "evidence": [v for v in c["verdicts"] if v["label"] != Label.NOT_MENTIONED]})
    return {"rows": rows, "columns": [{"id": d["id"], "n": n + 1} for n, d in enumerate(docs)],
            "counts": Counter(r["claim"]["status"] for r in rows)}


def quotes_by_speaker(payload: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    entity_names = {e["id"]: e["name"] for e in payload["entities"]}
    groups: dict[str, list[dict[str, Any]]] = {}
    for q in payload["quotes"]:
        who = entity_names.get(q["speaker"]) or q["speaker_text"] or "unattributed"
        groups.setdefault(who, []).append(q)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "unattributed", -len(kv[1]), kv[0]))


def pieces(doc: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The original text cut into kept and removed runs: (text, reason or None)."""
    out: list[tuple[str, str | None]] = []
    pos = 0
    original = doc["original"]
    for r in sorted(doc["removed"], key=lambda r: r["start"]):
        if r["start"] > pos:
            out.append((original[pos:r["start"]], None))
        out.append((original[r["start"]:r["end"]], r["reason"]))
        pos = max(pos, r["end"])
    if pos < len(original):
        out.append((original[pos:], None))
    return out
